//! Who reads the reports: coordinators and administrators every center (patients by record id,
//! never a local reference), a center user its own center (patients by local reference; another
//! center is 403), researchers none. CSV with `Accept: text/csv`. Both backends, the real server.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::collections::BTreeSet;

use reqwest::{Method, StatusCode};
use serde_json::Value;

use registry_tests::api_test;
use registry_tests::report_cohort::enter;

const KINDS: [&str; 4] = ["completeness", "overdue", "safety", "data-quality"];

fn centers(body: &Value, table: &str) -> BTreeSet<String> {
    body[table]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["center"].as_str().map(str::to_owned))
        .collect()
}

api_test!(
    coordinators_read_every_center_a_center_its_own_researchers_none,
    |app| {
        let c = enter(&app).await;
        let coord = app.login("coordinator@test").await;
        let admin = app.login("admin@test").await;
        let a = app.login("center-a@test").await;
        let b = app.login("center-b@test").await;
        let researcher = app.login("researcher@test").await;
        for kind in KINDS {
            let path = format!("/api/v1/reports/{kind}");
            assert_eq!(
                app.get(&path, &researcher).await.status,
                StatusCode::FORBIDDEN,
                "{kind}"
            );
            assert_eq!(
                app.request(Method::GET, &path, None, None).await.status,
                StatusCode::UNAUTHORIZED,
                "{kind}"
            );
            for token in [&coord, &admin, &a, &b] {
                assert_eq!(app.get(&path, token).await.status, StatusCode::OK, "{kind}");
            }
            let other = app.get(&format!("{path}?center=BBB"), &a).await;
            assert_eq!(
                other.status,
                StatusCode::FORBIDDEN,
                "{kind}: a center user asks for another center"
            );
            let own = app.get(&format!("{path}?center=AAA"), &a).await;
            assert_eq!(own.status, StatusCode::OK, "{kind}");
        }

        let all = app.get("/api/v1/reports/overdue", &coord).await.body;
        assert_eq!(
            centers(&all, "rows"),
            BTreeSet::from(["AAA".into(), "BBB".into()])
        );
        let patients: BTreeSet<&str> = all["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["patient"].as_str().unwrap())
            .collect();
        assert_eq!(
            patients,
            BTreeSet::from([c.missed.as_str(), c.quiet.as_str(), c.other.as_str()]),
            "record ids"
        );
        let text = all.to_string();
        for local_ref in ["MISSED", "QUIET", "OTHER"] {
            assert!(
                !text.contains(local_ref),
                "a coordinator never sees a local reference"
            );
        }
        let only_b = app
            .get("/api/v1/reports/overdue?center=BBB", &coord)
            .await
            .body;
        assert_eq!(centers(&only_b, "rows"), BTreeSet::from(["BBB".into()]));

        let own = app.get("/api/v1/reports/overdue", &a).await.body;
        assert_eq!(centers(&own, "rows"), BTreeSet::from(["AAA".into()]));
        let refs: BTreeSet<&str> = own["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["patient"].as_str().unwrap())
            .collect();
        assert_eq!(
            refs,
            BTreeSet::from(["MISSED", "QUIET"]),
            "the center's own local references"
        );
        let completeness = app.get("/api/v1/reports/completeness", &b).await.body;
        assert_eq!(
            centers(&completeness, "rows"),
            BTreeSet::from(["BBB".into()])
        );
        assert_eq!(
            centers(&completeness, "trend"),
            BTreeSet::from(["BBB".into()])
        );

        // Filters.
        let aa = app
            .get("/api/v1/reports/completeness?diagnosis=AA", &coord)
            .await
            .body;
        assert!(
            aa["rows"]
                .as_array()
                .unwrap()
                .iter()
                .all(|r| r["diagnosis"] == "AA")
        );
        let dupilumab = app
            .get("/api/v1/reports/completeness?drug=dupilumab", &coord)
            .await
            .body;
        let drugs: BTreeSet<&str> = dupilumab["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["drug"].as_str().unwrap())
            .collect();
        assert_eq!(drugs, BTreeSet::from(["dupilumab"]));
        for (query, field) in [
            ("diagnosis=XX", "diagnosis"),
            ("drug=aspirin", "drug"),
            ("center=NOPE", "center"),
            ("as_of=2026-02-30", "as_of"),
            ("table=nope", "table"),
        ] {
            let r = app
                .get(&format!("/api/v1/reports/completeness?{query}"), &coord)
                .await;
            assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{query}");
            assert_eq!(r.error_fields(), [field], "{query}");
        }
    }
);

api_test!(reports_come_as_csv_with_accept_text_csv, |app| {
    enter(&app).await;
    let coord = app.login("coordinator@test").await;
    for (kind, table, count_of) in [
        ("completeness", "", "rows"),
        ("completeness", "?table=trend", "trend"),
        ("overdue", "", "rows"),
        ("safety", "", "signals"),
        ("safety", "?table=aesi_incidence", "aesi_incidence"),
        ("data-quality", "", "rows"),
    ] {
        let json = app
            .get(&format!("/api/v1/reports/{kind}{table}"), &coord)
            .await
            .body;
        let resp = app
            .client
            .get(format!("{}/api/v1/reports/{kind}{table}", app.base))
            .bearer_auth(&coord)
            .header("Accept", "text/csv")
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), StatusCode::OK);
        assert!(
            resp.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/csv")
        );
        let text = resp.text().await.unwrap();
        let lines: Vec<&str> = text.split("\r\n").filter(|l| !l.is_empty()).collect();
        let rows = json[count_of].as_array().unwrap();
        assert_eq!(
            lines.len(),
            rows.len() + 1,
            "{kind}{table}: a header and a line per row"
        );
        let first = rows[0].as_object().unwrap();
        let header: BTreeSet<&str> = lines[0].split(',').collect();
        let keys: BTreeSet<&str> = first.keys().map(String::as_str).collect();
        assert_eq!(
            header, keys,
            "{kind}{table}: the CSV columns are the JSON fields"
        );
    }
});

api_test!(the_openapi_document_describes_the_reports, |app| {
    let doc = app
        .request(Method::GET, "/openapi.json", None, None)
        .await
        .body;
    for kind in ["completeness", "overdue", "safety", "data-quality"] {
        assert!(
            doc["paths"][format!("/api/v1/reports/{kind}")]["get"].is_object(),
            "{kind}"
        );
    }
    for schema in [
        "CompletenessReport",
        "OverdueRow",
        "SafetySignal",
        "IncidenceRow",
        "QualityRow",
        "DataQueryBody",
    ] {
        assert!(doc["components"]["schemas"][schema].is_object(), "{schema}");
    }
});

api_test!(without_as_of_the_data_cut_is_todays_utc_date, |app| {
    // Not the latest date entry accepts (up to a day ahead): a cut there would close windows
    // and make checks overdue a day early.
    let coordinator = app.login("coordinator@test").await;
    let before = chrono::Utc::now().date_naive().to_string();
    let r = app.get("/api/v1/reports/overdue", &coordinator).await;
    let after = chrono::Utc::now().date_naive().to_string();
    assert_eq!(r.status, 200, "{:?}", r.body);
    let cut = r.body["data_cut"].as_str().unwrap();
    assert!(cut == before || cut == after, "{cut}, today {before}");
});
