//! Answers a client can act on without reading the code: a patient found by its local
//! reference, query-string errors and 404s that say what is wrong, a 409 that names the record
//! that exists already, `/docs` without its slash, repeated JSON keys and non-JSON bodies
//! refused, and the README's walkthrough, posted as the README writes it.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use registry_tests::api_test;
use registry_tests::app::{Reply, TestApp};
use reqwest::StatusCode;
use serde_json::json;

/// Asserts a problem document with `status`.
fn problem(r: &Reply, status: StatusCode, what: &str) {
    assert_eq!(r.status, status, "{what}: {:?}", r.body);
    assert_eq!(
        r.header("content-type").as_deref(),
        Some("application/problem+json"),
        "{what}"
    );
    assert_eq!(r.body["status"], status.as_u16(), "{what}");
}

/// A raw POST with `content_type` (or none).
async fn post_raw(app: &TestApp, path: &str, token: &str, ct: Option<&str>, body: &str) -> Reply {
    let mut rb = app
        .client
        .post(format!("{}{path}", app.base))
        .bearer_auth(token)
        .body(body.to_owned());
    if let Some(ct) = ct {
        rb = rb.header("Content-Type", ct);
    }
    let resp = rb.send().await.unwrap();
    let status = resp.status();
    let headers = resp.headers().clone();
    let body = serde_json::from_str(&resp.text().await.unwrap()).unwrap_or_default();
    Reply {
        status,
        headers,
        body,
    }
}

api_test!(a_center_finds_its_patient_by_local_reference, |app| {
    let a = app.login("center-a@test").await;
    let b = app.login("center-b@test").await;
    let mine = app.create_patient(&a, "P-1", "AD", "1990-03").await;
    app.create_patient(&a, "P-2", "AD", "1990-03").await;
    let theirs = app.create_patient(&b, "P-1", "AA", "1985-07").await;

    let found = app.get("/api/v1/patients?local_ref=P-1", &a).await;
    assert_eq!(found.status, StatusCode::OK, "{:?}", found.body);
    let items = found.body["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{items:?}");
    assert_eq!(items[0]["id"], mine.as_str());
    assert_eq!(items[0]["local_ref"], "P-1");

    let found = app.get("/api/v1/patients?local_ref=P-1", &b).await;
    let items = found.body["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "center B sees its own P-1 only");
    assert_eq!(items[0]["id"], theirs.as_str());

    let none = app.get("/api/v1/patients?local_ref=P-2", &b).await;
    assert_eq!(none.status, StatusCode::OK);
    assert!(
        none.body["items"].as_array().unwrap().is_empty(),
        "another center's reference finds nothing"
    );

    // Coordinators read pseudonymously: no search by the local reference.
    let coordinator = app.login("coordinator@test").await;
    let refused = app
        .get("/api/v1/patients?local_ref=P-1", &coordinator)
        .await;
    problem(&refused, StatusCode::UNPROCESSABLE_ENTITY, "coordinator");
    assert_eq!(refused.error_fields(), ["local_ref"]);
});

api_test!(query_string_errors_name_the_parameter, |app| {
    let a = app.login("center-a@test").await;
    for (query, field) in [
        ("limit=1e3", "limit"),
        ("limit=ten", "limit"),
        ("colour=red", "colour"),
        ("center=AAA&cursorr=x", "cursorr"),
    ] {
        let r = app.get(&format!("/api/v1/patients?{query}"), &a).await;
        problem(&r, StatusCode::BAD_REQUEST, query);
        assert_eq!(r.error_fields(), [field], "{query}: {:?}", r.body);
        assert!(
            r.body["detail"].as_str().unwrap().contains(field),
            "{query}: {:?}",
            r.body
        );
    }
    let r = app
        .get("/api/v1/audit?limit=x", &app.login("admin@test").await)
        .await;
    problem(&r, StatusCode::BAD_REQUEST, "audit limit");
    assert_eq!(r.error_fields(), ["limit"]);
    // A misspelt parameter of a deletion or an import is refused, not ignored.
    let patient = app.create_patient(&a, "Q-1", "AD", "1990-03").await;
    let r = app
        .delete(
            &format!("/api/v1/patients/{patient}?reasn=typo"),
            &a,
            "\"1\"",
        )
        .await;
    problem(&r, StatusCode::BAD_REQUEST, "delete reasn");
    assert_eq!(r.error_fields(), ["reasn"]);
    let r = app
        .post_csv(
            "/api/v1/imports/patients?mdoe=valid-rows",
            &a,
            registry_tests::import_files::patients("AAA", 1),
        )
        .await;
    problem(&r, StatusCode::BAD_REQUEST, "import mdoe");
    assert_eq!(r.error_fields(), ["mdoe"]);
});

api_test!(a_404_says_what_was_not_found, |app| {
    let a = app.login("center-a@test").await;
    let b = app.login("center-b@test").await;
    let patient = app.create_patient(&a, "N-1", "AD", "1990-03").await;
    let unknown = "0190f0f0-0000-7000-8000-000000000000";

    let r = app.get(&format!("/api/v1/patients/{unknown}"), &a).await;
    problem(&r, StatusCode::NOT_FOUND, "unknown patient");
    let detail = r.body["detail"].as_str().unwrap();
    assert!(detail.contains("no patient with the id"), "{detail}");

    // Another center's patient: the same answer as an unknown id.
    let other = app.get(&format!("/api/v1/patients/{patient}"), &b).await;
    problem(&other, StatusCode::NOT_FOUND, "another center's patient");
    assert_eq!(other.body, r.body);

    let r = app
        .post_visit(
            &a,
            unknown,
            json!({"visit_date": "2025-02-01", "pp_nrs": 2}),
        )
        .await;
    problem(&r, StatusCode::NOT_FOUND, "visit of an unknown patient");
    assert!(
        r.body["detail"].as_str().unwrap().contains("no patient"),
        "{:?}",
        r.body
    );

    let r = app.get(&format!("/api/v1/visits/{unknown}"), &a).await;
    problem(&r, StatusCode::NOT_FOUND, "unknown visit");
    assert!(r.body["detail"].as_str().unwrap().contains("no visit"));

    let r = app.get("/api/v1/no-such-thing", &a).await;
    problem(&r, StatusCode::NOT_FOUND, "unknown path");
    assert!(
        r.body["detail"]
            .as_str()
            .unwrap()
            .contains("/api/v1/no-such-thing"),
        "{:?}",
        r.body
    );
});

api_test!(a_409_names_the_record_that_exists, |app| {
    let a = app.login("center-a@test").await;
    let first = app.create_patient(&a, "D-1", "AD", "1990-03").await;
    let again = app
        .post("/api/v1/patients", &a, TestApp::patient_body("D-1", "AA"))
        .await;
    problem(&again, StatusCode::CONFLICT, "duplicate patient");
    assert_eq!(again.body["existing_id"], first.as_str());
    let url = again.body["existing_url"].as_str().unwrap();
    assert_eq!(url, format!("/api/v1/patients/{first}"));
    assert_eq!(app.get(url, &a).await.status, StatusCode::OK);

    let visit = app
        .post_visit(&a, &first, json!({"visit_date": "2025-02-01", "pp_nrs": 2}))
        .await;
    assert_eq!(visit.status, StatusCode::CREATED, "{:?}", visit.body);
    let visit_id = visit.body["id"].as_str().unwrap();
    let again = app
        .post_visit(&a, &first, json!({"visit_date": "2025-02-01", "pp_nrs": 5}))
        .await;
    problem(&again, StatusCode::CONFLICT, "duplicate visit");
    assert_eq!(again.body["existing_id"], visit_id);
    let url = again.body["existing_url"].as_str().unwrap();
    assert_eq!(url, format!("/api/v1/visits/{visit_id}"));
    let stored = app.get(url, &a).await;
    assert_eq!(stored.status, StatusCode::OK);
    assert_eq!(stored.body["pp_nrs"], 2, "the first visit is unchanged");
});

api_test!(docs_without_the_slash_is_redirected, |app| {
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let r = client
        .get(format!("{}/docs", app.base))
        .send()
        .await
        .unwrap();
    assert!(r.status().is_redirection(), "{}", r.status());
    assert_eq!(r.headers()["location"], "/docs/");
    let page = client
        .get(format!("{}/docs/", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::OK);
});

api_test!(repeated_keys_and_other_content_types_are_refused, |app| {
    let a = app.login("center-a@test").await;
    let body = r#"{"local_ref": "K-1", "sex": "female", "birth_month": "1990-03", "diagnosis": "AD",
        "diagnosis": "AA", "consent": {"research": true, "research": false, "date": "2025-01-10"}}"#;
    let r = post_raw(&app, "/api/v1/patients", &a, Some("application/json"), body).await;
    problem(&r, StatusCode::UNPROCESSABLE_ENTITY, "repeated keys");
    assert_eq!(r.error_fields(), ["diagnosis", "consent.research"]);

    let good = TestApp::patient_body("K-2", "AD").to_string();
    for ct in [
        Some("text/plain"),
        Some("application/x-www-form-urlencoded"),
        None,
    ] {
        let r = post_raw(&app, "/api/v1/patients", &a, ct, &good).await;
        problem(&r, StatusCode::UNSUPPORTED_MEDIA_TYPE, &format!("{ct:?}"));
        assert!(
            r.body["detail"]
                .as_str()
                .unwrap()
                .contains("application/json")
        );
    }
    let list = app.get("/api/v1/patients", &a).await;
    assert!(
        list.body["items"].as_array().unwrap().is_empty(),
        "nothing was stored"
    );
    // The same body as JSON is stored; a CSV import still takes text/csv.
    let r = post_raw(
        &app,
        "/api/v1/patients",
        &a,
        Some("application/json"),
        &good,
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    let csv = app
        .post_csv(
            "/api/v1/imports/patients",
            &a,
            registry_tests::import_files::patients("AAA", 2),
        )
        .await;
    assert_eq!(csv.status, StatusCode::OK, "{:?}", csv.body);
});

/// The request bodies of the README's quick-start walkthrough, in order, as the README writes
/// them (so the walkthrough cannot drift from what the server accepts).
fn readme_walkthrough() -> Vec<serde_json::Value> {
    let readme = include_str!("../../README.md");
    let start = readme.find("in Swagger UI at").expect("the walkthrough");
    let end = start
        + readme[start..]
            .find("A larger synthetic cohort")
            .expect("its end");
    let text: String = readme[start..end]
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    text.split('`')
        .skip(1)
        .step_by(2)
        .filter(|span| span.starts_with('{'))
        .map(|span| serde_json::from_str(span).unwrap_or_else(|e| panic!("{span}: {e}")))
        .collect()
}

api_test!(the_readme_walkthrough_works_as_written, |app| {
    let bodies = readme_walkthrough();
    assert_eq!(
        bodies.len(),
        4,
        "patient, treatment, two visits: {bodies:?}"
    );
    let token = app.login("center-a@test").await;
    let patient = app
        .post("/api/v1/patients", &token, bodies[0].clone())
        .await;
    assert_eq!(patient.status, 201, "{:?}", patient.body);
    let id = patient.body["id"].as_str().unwrap().to_owned();
    let episode = app
        .post(
            &format!("/api/v1/patients/{id}/treatments"),
            &token,
            bodies[1].clone(),
        )
        .await;
    assert_eq!(episode.status, 201, "{:?}", episode.body);
    assert!(episode.body["warnings"].is_array(), "{:?}", episode.body);
    assert_eq!(episode.body["transition"]["kind"], "first");
    assert_eq!(episode.body["episode_number"], 1);
    let visits = format!("/api/v1/patients/{id}/visits");
    let baseline = app.post(&visits, &token, bodies[2].clone()).await;
    assert_eq!(baseline.status, 201, "{:?}", baseline.body);
    let v = app.post(&visits, &token, bodies[3].clone()).await;
    assert_eq!(v.status, 201, "{:?}", v.body);
    let v = &v.body;
    assert_eq!(v["computed"]["salt"]["total"], "40.4", "{v:#?}");
    assert_eq!(v["computed"]["salt"]["aa_iga"], "moderate", "{v:#?}");
    // 80 → 40.4 is 49.5 % better: SALT30 reached, SALT50 and SALT ≤ 20 not.
    assert_eq!(v["responses"]["salt_improvement_pct"], "49.5", "{v:#?}");
    for (response, expected) in [
        ("salt_30", "responder"),
        ("salt_50", "non_responder"),
        ("salt_75", "non_responder"),
        ("salt_90", "non_responder"),
        ("salt_100", "non_responder"),
        ("salt_le_20", "non_responder"),
    ] {
        assert_eq!(v["responses"][response], expected, "{response}: {v:#?}");
    }
    assert_eq!(v["episode"]["study_day"], 90, "{v:#?}");
    assert!(v["episode"]["nominal_week"].is_number(), "{v:#?}");
    let flag = &v["labs"][0]["flags"][0];
    assert_eq!(flag["rule"], "lab.platelets_low", "{v:#?}");
    assert!(
        flag["action"]
            .as_str()
            .is_some_and(|a| a.starts_with("Interrupt")),
        "{v:#?}"
    );
    assert!(
        flag["source_text"].as_str().is_some_and(|a| !a.is_empty()),
        "{v:#?}"
    );
    let alerts = app
        .get(&format!("/api/v1/patients/{id}/alerts"), &token)
        .await;
    assert_eq!(alerts.status, 200, "{:?}", alerts.body);
    assert!(
        alerts.body.to_string().contains("platelets"),
        "the platelet flag is an alert: {:?}",
        alerts.body
    );
});

api_test!(the_last_page_has_no_next_cursor, |app| {
    let token = app.login("center-a@test").await;
    for r in ["L-1", "L-2", "L-3"] {
        app.create_patient(&token, r, "AD", "1990-03").await;
    }
    // Three patients: a page of two points on; the rest, and a page of exactly three, do not.
    let first = app.get("/api/v1/patients?limit=2", &token).await;
    assert_eq!(first.body["items"].as_array().unwrap().len(), 2);
    let cursor = first.body["next_cursor"].as_str().unwrap().to_owned();
    let rest = app
        .get(&format!("/api/v1/patients?limit=2&cursor={cursor}"), &token)
        .await;
    assert_eq!(rest.body["items"].as_array().unwrap().len(), 1);
    assert!(rest.body["next_cursor"].is_null(), "{:?}", rest.body);
    let exact = app.get("/api/v1/patients?limit=3", &token).await;
    assert_eq!(exact.body["items"].as_array().unwrap().len(), 3);
    assert!(exact.body["next_cursor"].is_null(), "{:?}", exact.body);

    // Visits: two visits, a page of two.
    let id = exact.body["items"][0]["id"].as_str().unwrap().to_owned();
    let visits = format!("/api/v1/patients/{id}/visits");
    for date in ["2025-01-10", "2025-02-10"] {
        let r = app
            .post(&visits, &token, json!({"visit_date": date, "pp_nrs": 5}))
            .await;
        assert_eq!(r.status, 201, "{:?}", r.body);
    }
    let page = app.get(&format!("{visits}?limit=2"), &token).await;
    assert_eq!(page.body["items"].as_array().unwrap().len(), 2);
    assert!(page.body["next_cursor"].is_null(), "{:?}", page.body);
    let page = app.get(&format!("{visits}?limit=1"), &token).await;
    assert_eq!(page.body["next_cursor"], "2025-01-10");

    // The audit trail: a page exactly as long as the trail.
    let admin = app.login("admin@test").await;
    let all = app.get("/api/v1/audit?limit=200", &admin).await;
    let n = all.body["items"].as_array().unwrap().len();
    assert!(n > 3 && n < 200, "{n}");
    let exact = app.get(&format!("/api/v1/audit?limit={n}"), &admin).await;
    assert_eq!(exact.body["items"].as_array().unwrap().len(), n);
    assert!(exact.body["next_cursor"].is_null(), "{:?}", exact.body);
});
