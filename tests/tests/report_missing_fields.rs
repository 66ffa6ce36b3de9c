//! Visits record fields as missing with a reason (`not_done`, `not_applicable`, `unknown`):
//! through the API and the CSV import, read back, refused when the field also has a value or is
//! not a visit field. Both backends, the real server.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use reqwest::StatusCode;
use serde_json::json;

use registry_tests::api_test;

api_test!(a_visit_records_fields_missing_with_a_reason, |app| {
    let a = app.login("center-a@test").await;
    let p = app.create_patient(&a, "M1", "AD", "1980-01").await;
    let r = app
        .post_visit(
            &a,
            &p,
            json!({"visit_date": "2025-03-01", "easi": {"total": 12},
            "missing": {"poem": "not_done", "dlqi": "not_applicable", "viga": "unknown"}}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    let id = r.body["id"].as_str().unwrap().to_owned();
    let read = app.get(&format!("/api/v1/visits/{id}"), &a).await;
    assert_eq!(
        read.body["missing"],
        json!({"dlqi": "not_applicable", "poem": "not_done", "viga": "unknown"})
    );
    // Only a missing field is a visit too.
    let r = app
        .post_visit(
            &a,
            &p,
            json!({"visit_date": "2025-04-01", "missing": {"easi": "not_done"}}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);

    let both = app
        .post_visit(
            &a,
            &p,
            json!({"visit_date": "2025-05-01", "easi": {"total": 3},
            "missing": {"easi": "not_done", "height": "unknown"}}),
        )
        .await;
    assert_eq!(
        both.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{:?}",
        both.body
    );
    assert_eq!(both.error_fields(), ["missing.easi", "missing.height"]);
    let reason = app
        .post_visit(
            &a,
            &p,
            json!({"visit_date": "2025-05-01", "missing": {"easi": "forgot"}}),
        )
        .await;
    assert_eq!(
        reason.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{:?}",
        reason.body
    );
    assert_eq!(
        app.get(&format!("/api/v1/patients/{p}/visits"), &a)
            .await
            .body["items"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
});

api_test!(the_visit_import_reads_the_missing_column, |app| {
    let a = app.login("center-a@test").await;
    app.create_patient(&a, "M2", "AD", "1980-01").await;
    let header = format!(
        "{},missing",
        registry_tests::import_files::visits_header().trim_end()
    );
    let row = |date: &str, easi: &str, missing: &str| {
        let cells: Vec<String> = header
            .split(',')
            .map(|c| match c {
                "center" => "AAA".into(),
                "patient" => "M2".into(),
                "visit_date" => date.into(),
                "easi_total" => easi.into(),
                "missing" => missing.into(),
                _ => String::new(),
            })
            .collect();
        cells.join(",")
    };
    let bad = format!(
        "{header}\n{}\n{}\n",
        row("2025-03-01", "12", "easi:not_done"),
        row("2025-03-02", "5", "poem:later")
    );
    let r = app.post_csv("/api/v1/imports/visits", &a, bad).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{:?}", r.body);
    assert_eq!(
        r.error_fields(),
        ["line 2: missing", "line 3: missing"],
        "{:?}",
        r.body
    );

    let good = format!(
        "{header}\n{}\n",
        row("2025-03-01", "12", "poem:not_done; dlqi:not_applicable")
    );
    let r = app.post_csv("/api/v1/imports/visits", &a, good).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let p = app.get("/api/v1/patients", &a).await.body["items"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let visits = app.get(&format!("/api/v1/patients/{p}/visits"), &a).await;
    assert_eq!(
        visits.body["items"][0]["missing"],
        json!({"dlqi": "not_applicable", "poem": "not_done"})
    );
});
