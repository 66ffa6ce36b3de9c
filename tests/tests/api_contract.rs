//! The public contract: the OpenAPI document describes what the server does; every write is in
//! the audit trail and the chain verifies; operations endpoints answer.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use registry_core::store::audit;
use registry_tests::api_test;
use reqwest::{Method, StatusCode};
use serde_json::json;

api_test!(
    every_documented_operation_exists_and_refuses_anonymous_callers,
    |app| {
        let doc = app.request(Method::GET, "/openapi.json", None, None).await;
        assert_eq!(doc.status, StatusCode::OK);
        let paths = doc.body["paths"].as_object().unwrap();
        assert!(paths.len() >= 20, "{} paths", paths.len());
        let open = ["/api/v1/auth/login", "/healthz", "/readyz"];
        for (path, ops) in paths {
            for (method, op) in ops.as_object().unwrap() {
                assert!(
                    op["responses"].as_object().is_some_and(|r| !r.is_empty()),
                    "{method} {path} documents its responses"
                );
                let url = path.replace("{id}", "0190f0f0-0000-7000-8000-000000000000");
                let m = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
                let r = app.send(m, &url, None, None, &[]).await;
                assert_ne!(
                    r.status,
                    StatusCode::NOT_FOUND,
                    "{method} {path} is documented but not served"
                );
                assert_ne!(r.status, StatusCode::METHOD_NOT_ALLOWED, "{method} {path}");
                if !open.contains(&path.as_str()) {
                    assert_eq!(
                        r.status,
                        StatusCode::UNAUTHORIZED,
                        "{method} {path} without a token"
                    );
                    let documented = op["security"].as_array().is_some_and(|s| !s.is_empty());
                    assert!(
                        documented,
                        "{method} {path} needs a token but documents no security"
                    );
                }
            }
        }
        let swagger = app.request(Method::GET, "/docs/", None, None).await;
        assert_eq!(swagger.status, StatusCode::OK);
    }
);

api_test!(documented_statuses_match_what_the_server_answers, |app| {
    let doc = app
        .request(Method::GET, "/openapi.json", None, None)
        .await
        .body;
    let a = app.login("center-a@test").await;
    let p = app.create_patient(&a, "DOC", "AA", "1980-01").await;
    let samples = [
        (
            Method::POST,
            format!("/api/v1/patients/{p}/visits"),
            "/api/v1/patients/{id}/visits",
            "post",
            json!({"visit_date": "2025-01-01", "pp_nrs": 11}),
        ),
        (
            Method::POST,
            format!("/api/v1/patients/{p}/visits"),
            "/api/v1/patients/{id}/visits",
            "post",
            json!({"visit_date": "2025-01-01", "pp_nrs": 1}),
        ),
        (
            Method::POST,
            format!("/api/v1/patients/{p}/treatments"),
            "/api/v1/patients/{id}/treatments",
            "post",
            json!({"drug": "x"}),
        ),
        (
            Method::POST,
            "/api/v1/patients".into(),
            "/api/v1/patients",
            "post",
            json!({"local_ref": "DOC"}),
        ),
    ];
    for (m, url, path, method, body) in samples {
        let r = app.send(m, &url, Some(&a), Some(body), &[]).await;
        let documented = doc["paths"][path][method]["responses"].as_object().unwrap();
        assert!(
            documented.contains_key(r.status.as_str()),
            "{method} {path} answered {} which is not documented",
            r.status
        );
    }
});

api_test!(every_write_is_audited_once_and_the_chain_verifies, |app| {
    let a = app.login("center-a@test").await;
    let before = app.audit_count();
    let p = app.create_patient(&a, "AUD", "AD", "1980-01").await;
    assert_eq!(app.audit_count(), before + 1);
    app.start_treatment(&a, &p, "dupilumab", "2025-01-01").await;
    assert_eq!(app.audit_count(), before + 2);
    let v = app.post_visit(&a, &p, json!({"visit_date": "2025-02-01", "easi": {"total": 12},
        "labs": [{"analyte": "hb", "value": 8, "unit": "mmol/L"}, {"analyte": "alat", "value": 20, "unit": "U/L", "upper_limit": 45}],
        "adverse_events": [{"verbatim_term": "conjunctivitis", "onset_date": "2025-01-20", "ctcae_grade": 1, "causality": "probable", "action": "none", "outcome": "recovering"}]})).await;
    assert_eq!(v.status, StatusCode::CREATED, "{:?}", v.body);
    assert_eq!(
        app.audit_count(),
        before + 6,
        "visit + 2 labs + 1 adverse event"
    );
    let mut conn = app.db.conn();
    let verified = audit::verify(&mut conn).unwrap();
    assert!(verified.is_intact(), "{:?}", verified.broken);
});

api_test!(operations_endpoints_answer, |app| {
    assert_eq!(
        app.request(Method::GET, "/healthz", None, None)
            .await
            .status,
        StatusCode::OK
    );
    let ready = app.request(Method::GET, "/readyz", None, None).await;
    assert_eq!(ready.body["status"], "ready");
    let _ = app.login("admin@test").await;
    let metrics = app
        .client
        .get(format!("{}/metrics", app.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        metrics.contains("registry_http_requests_total"),
        "{metrics}"
    );
    assert!(metrics.contains("registry_db_pool_connections"));
    let big = "x".repeat(2 << 20);
    let r = app
        .send(
            Method::POST,
            "/api/v1/auth/login",
            None,
            Some(json!({"email": big, "password": "x"})),
            &[],
        )
        .await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
});
