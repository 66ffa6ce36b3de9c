//! `GET /api/v1/analyses/response` through the real server: the CLINICAL.md §6 curve vector
//! entered as patients, treatments and visits (five copies, so no count of 1–4 hides a row) gives
//! the vector's Kaplan–Meier and Aalen–Johansen table; patients without research consent are not
//! in it; counts of 1–4 are never shown; only researchers and coordinators may read it; bad
//! parameters are named; the SVG plot is served.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use chrono::{Duration, NaiveDate};
use registry_tests::api_test;
use registry_tests::app::TestApp;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

fn iso(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// One AA patient on `drug` from `start`: a baseline SALT of 80 on the start day, then either a
/// visit in week `week` with SALT `salt`, or a stop for an adverse event in week `week`.
async fn episode(
    app: &TestApp,
    token: &str,
    n: usize,
    drug: &str,
    start: NaiveDate,
    (week, outcome): (i64, Option<u32>),
    research_consent: bool,
) -> String {
    let body = json!({
        "local_ref": format!("CURVE-{n}"), "sex": "female", "birth_month": "1980-01", "diagnosis": "AA",
        "consent": {"research": research_consent, "date": "2024-01-10"}
    });
    let r = app.post("/api/v1/patients", token, body).await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    let patient = r.body["id"].as_str().unwrap().to_owned();
    let at = start + Duration::days(7 * week);
    let mut treatment = json!({"drug": drug, "start_date": iso(start)});
    if outcome.is_none() {
        treatment["stop_date"] = json!(iso(at));
        treatment["stop_reason"] = json!("adverse_event");
    }
    let r = app
        .post(
            &format!("/api/v1/patients/{patient}/treatments"),
            token,
            treatment,
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    let r = app
        .post_visit(
            token,
            &patient,
            json!({"visit_date": iso(start), "salt": {"total": 80}}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    if let Some(salt) = outcome {
        let r = app
            .post_visit(
                token,
                &patient,
                json!({"visit_date": iso(at), "salt": {"total": salt}}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    }
    patient
}

/// The vector of CLINICAL.md §6: (week, 1 response | 2 stop | 0 censored).
const VECTOR: [(i64, u8); 8] = [
    (12, 1),
    (16, 1),
    (20, 2),
    (24, 0),
    (24, 1),
    (36, 1),
    (40, 2),
    (52, 0),
];

fn rows<'a>(curve: &'a Value, method: &str) -> Vec<&'a Value> {
    curve["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["method"] == method)
        .collect()
}

api_test!(the_curve_vector_through_entry_and_the_api, |app| {
    let a = app.login("center-a@test").await;
    let start = registry_core::time::today() - Duration::days(7 * 60);
    let mut ids = Vec::new();
    for copy in 0..5 {
        for (i, (week, event)) in VECTOR.into_iter().enumerate() {
            let outcome = match event {
                1 => Some(10),
                2 => None,
                _ => Some(60),
            };
            let n = copy * 10 + i;
            ids.push(episode(&app, &a, n, "baricitinib", start, (week, outcome), true).await);
        }
    }
    // Without research consent: an early response that would change every row if counted.
    ids.push(episode(&app, &a, 900, "baricitinib", start, (4, Some(0)), false).await);
    // Four episodes of another drug: a group too small to show anything.
    for n in 0..4 {
        ids.push(
            episode(
                &app,
                &a,
                1000 + n,
                "ritlecitinib",
                start,
                (12, Some(10)),
                true,
            )
            .await,
        );
    }

    let researcher = app.login("researcher@test").await;
    let r = app
        .get("/api/v1/analyses/response?outcome=salt_le20", &researcher)
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let text = r.body.to_string();
    for id in &ids {
        assert!(!text.contains(id.as_str()), "a patient id in an aggregate");
    }
    assert!(
        !text.contains("CURVE-"),
        "a local reference in an aggregate"
    );
    assert_eq!(r.body["outcome"], "salt_le20");
    assert_eq!(r.body["diagnosis"], "AA");
    let curves = r.body["curves"].as_array().unwrap();
    let bari = curves.iter().find(|c| c["drug"] == "baricitinib").unwrap();
    assert_eq!(bari["episodes"], 40);
    assert_eq!(bari["evaluable"], 40);
    let km = rows(bari, "km");
    let aj = rows(bari, "aj");
    let stop = rows(bari, "aj_discontinuation");
    // (week, at risk, KM 1 − S, AJ response, AJ discontinuation): CLINICAL.md §6.
    let expected = [
        (12, 40, 0.125, 0.125, 0.0),
        (16, 35, 0.25, 0.25, 0.0),
        (20, 30, 0.25, 0.25, 0.125),
        (24, 25, 0.4, 0.375, 0.125),
        (36, 15, 0.6, 13.0 / 24.0, 0.125),
        (40, 10, 0.6, 13.0 / 24.0, 7.0 / 24.0),
    ];
    assert_eq!(km.len(), expected.len(), "{km:?}");
    for (k, (week, at_risk, km_e, aj_e, stop_e)) in expected.into_iter().enumerate() {
        assert_eq!(km[k]["day"], week * 7);
        assert_eq!(km[k]["at_risk"], at_risk, "week {week}");
        let close = |v: &Value, e: f64| (v.as_f64().unwrap() - e).abs() < 1e-12;
        assert!(close(&km[k]["estimate"], km_e), "KM week {week}");
        assert!(close(&aj[k]["estimate"], aj_e), "AJ week {week}");
        assert!(close(&stop[k]["estimate"], stop_e), "AJ stop week {week}");
        let (low, high) = (
            km[k]["ci_low"].as_f64().unwrap(),
            km[k]["ci_high"].as_f64().unwrap(),
        );
        assert!(low < km_e && km_e < high, "CI around KM week {week}");
    }
    // The small group: counts hidden, no rows.
    let tofa = curves.iter().find(|c| c["drug"] == "ritlecitinib").unwrap();
    assert_eq!(tofa["episodes"], Value::Null);
    assert_eq!(tofa["rows"], json!([]));

    // One drug; coordinators read it too.
    let coordinator = app.login("coordinator@test").await;
    let one = app
        .get(
            "/api/v1/analyses/response?outcome=salt_le20&drug=baricitinib&centers=AAA",
            &coordinator,
        )
        .await;
    assert_eq!(one.status, StatusCode::OK, "{:?}", one.body);
    assert_eq!(one.body["curves"].as_array().unwrap().len(), 1);
    assert_eq!(one.body["curves"][0]["rows"], bari["rows"]);
    let elsewhere = app
        .get(
            "/api/v1/analyses/response?outcome=salt_le20&centers=BBB",
            &coordinator,
        )
        .await;
    assert_eq!(elsewhere.body["curves"], json!([]));

    // The plot.
    let svg = app
        .client
        .get(format!(
            "{}/api/v1/analyses/response?outcome=salt_le20&drug=baricitinib",
            app.base
        ))
        .bearer_auth(&researcher)
        .header("Accept", "image/svg+xml")
        .send()
        .await
        .unwrap();
    assert_eq!(svg.status(), StatusCode::OK);
    assert_eq!(svg.headers()["content-type"], "image/svg+xml");
    let svg = svg.text().await.unwrap();
    assert!(svg.starts_with("<svg") && svg.contains("Number at risk") && svg.contains(">40<"));
});

api_test!(
    only_researchers_and_coordinators_and_bad_parameters_are_named,
    |app| {
        for who in ["center-a@test", "admin@test"] {
            let token = app.login(who).await;
            let r = app
                .get("/api/v1/analyses/response?outcome=salt_le20", &token)
                .await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{who}");
        }
        let researcher = app.login("researcher@test").await;
        let r = app
            .get(
                "/api/v1/analyses/response?outcome=salt_le30&drug=aspirin",
                &researcher,
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(r.error_fields(), ["outcome", "drug"]);
        let r = app
            .get(
                "/api/v1/analyses/response?outcome=easi75&diagnosis=AA",
                &researcher,
            )
            .await;
        assert_eq!(r.error_fields(), ["diagnosis"]);
        let r = app
            .get(
                "/api/v1/analyses/response?outcome=easi75&centers=NOPE",
                &researcher,
            )
            .await;
        assert_eq!(r.error_fields(), ["centers"]);
        // Query strings that do not fit: problem documents naming the parameter.
        let r = app
            .get(
                "/api/v1/analyses/response?outcome=easi75&colour=red",
                &researcher,
            )
            .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST);
        assert_eq!(r.body["status"], 400, "{:?}", r.body);
        assert_eq!(r.error_fields(), ["colour"]);
        let r = app.get("/api/v1/analyses/response", &researcher).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST);
        assert_eq!(r.error_fields(), ["outcome"]);
        let r = app
            .request(
                Method::GET,
                "/api/v1/analyses/response?outcome=easi75",
                None,
                None,
            )
            .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    }
);
