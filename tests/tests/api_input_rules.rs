//! Input no client may slip past: a NUL character in any string, text without a length limit,
//! unreadable `If-Match` versions. Every case is refused as bad input on both backends, and
//! nothing is stored.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use registry_tests::api_test;
use registry_tests::app::TestApp;
use registry_tests::import_files as files;
use reqwest::{Method, StatusCode};
use serde_json::json;

/// Asserts a problem document with `status`.
fn refused(r: &registry_tests::app::Reply, status: u16, what: &str) {
    assert_eq!(r.status.as_u16(), status, "{what}: {:?}", r.body);
    assert_eq!(
        r.header("content-type").as_deref(),
        Some("application/problem+json"),
        "{what}"
    );
    assert_eq!(r.body["status"], status, "{what}");
}

api_test!(a_nul_character_is_refused_everywhere, |app| {
    let a = app.login("center-a@test").await;
    let coordinator = app.login("coordinator@test").await;
    let admin = app.login("admin@test").await;
    let audit_before = app.audit_count();

    // Body strings, nested or not, and object keys.
    let mut patient = TestApp::patient_body("A-\u{0}1", "AD");
    let r = app.post("/api/v1/patients", &a, patient.clone()).await;
    refused(&r, 422, "local_ref");
    assert_eq!(r.error_fields(), vec!["local_ref"]);
    assert!(
        !r.body.to_string().contains("A-\\u0000"),
        "the value is not echoed"
    );
    patient["local_ref"] = json!("A-1");
    patient["consent"]["date"] = json!("2025-01-10\u{0}");
    let r = app.post("/api/v1/patients", &a, patient.clone()).await;
    refused(&r, 422, "consent.date");
    assert_eq!(r.error_fields(), vec!["consent.date"]);
    patient["consent"]["date"] = json!("2025-01-10");
    patient["consent"]["x\u{0}"] = json!(true);
    let r = app.post("/api/v1/patients", &a, patient).await;
    refused(&r, 422, "a key");

    // The login e-mail, without a token.
    let r = app
        .request(
            Method::POST,
            "/api/v1/auth/login",
            None,
            Some(json!({"email": "center-a@test\u{0}", "password": "x"})),
        )
        .await;
    refused(&r, 422, "login e-mail");

    // Data queries and centers.
    let r = app
        .post(
            "/api/v1/data-queries",
            &coordinator,
            json!({"center": "AAA", "entity": "visit", "message": "check\u{0}"}),
        )
        .await;
    refused(&r, 422, "data query message");
    let r = app
        .post(
            "/api/v1/centers",
            &admin,
            json!({"code": "CCC", "name": "C\u{0}"}),
        )
        .await;
    refused(&r, 422, "center name");

    // Path ids and query parameters.
    let r = app.get("/api/v1/patients/abc%00def", &a).await;
    refused(&r, 400, "path id");
    let r = app.get("/api/v1/patients?cursor=%00", &a).await;
    refused(&r, 400, "query parameter");
    let r = app.get("/api/v1/data-queries?status=open%00", &a).await;
    refused(&r, 400, "query parameter");

    // An import cell.
    let file = format!(
        "{}AAA,P\u{0}1,female,1990-03,AD,,,yes,2024-01-10\n",
        files::PATIENTS
    );
    let r = app
        .post_csv("/api/v1/imports/patients", &a, file.into_bytes())
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{:?}", r.body);
    assert_eq!(r.error_fields(), vec!["line 2: patient"]);

    // Nothing was stored, and no audit event written.
    let listed = app.get("/api/v1/patients", &a).await;
    assert_eq!(listed.body["items"].as_array().map(Vec::len), Some(0));
    let queries = app.get("/api/v1/data-queries", &coordinator).await;
    assert_eq!(queries.body["items"].as_array().map(Vec::len), Some(0));
    let centers = app.get("/api/v1/centers", &admin).await;
    assert_eq!(centers.body["items"].as_array().map(Vec::len), Some(2));
    assert_eq!(app.audit_count(), audit_before);
});

api_test!(every_text_has_a_length_limit, |app| {
    let a = app.login("center-a@test").await;
    let coordinator = app.login("coordinator@test").await;
    let admin = app.login("admin@test").await;
    let long = |n: usize| "x".repeat(n);

    // A data query: entity and field are labels, the message a message.
    let query = |entity: String, field: String, message: String| json!({"center": "AAA", "entity": entity, "field": field, "message": message});
    for (body, field) in [
        (query(long(201), "salt".into(), "?".into()), "entity"),
        (query("visit".into(), long(201), "?".into()), "field"),
        (query("visit".into(), "salt".into(), long(4001)), "message"),
    ] {
        let r = app.post("/api/v1/data-queries", &coordinator, body).await;
        refused(&r, 422, field);
        assert_eq!(r.error_fields(), vec![field]);
        assert!(
            !r.body.to_string().contains(&long(200)),
            "the value is not echoed"
        );
    }
    let ok = app
        .post(
            "/api/v1/data-queries",
            &coordinator,
            query(long(200), long(200), long(4000)),
        )
        .await;
    assert_eq!(ok.status, StatusCode::CREATED, "{:?}", ok.body);
    let id = ok.body["id"].as_str().unwrap();

    // The answer.
    let answer = |text: String| {
        let app = &app;
        let a = &a;
        async move {
            app.send(
                Method::POST,
                &format!("/api/v1/data-queries/{id}/answer"),
                Some(a),
                Some(json!({"answer": text})),
                &[("If-Match", "\"1\"")],
            )
            .await
        }
    };
    let r = answer(long(4001)).await;
    refused(&r, 422, "answer");
    assert_eq!(r.error_fields(), vec!["answer"]);
    assert_eq!(answer(long(4000)).await.status, StatusCode::OK);

    // A center's name.
    let r = app
        .post(
            "/api/v1/centers",
            &admin,
            json!({"code": "CCC", "name": long(201)}),
        )
        .await;
    refused(&r, 422, "center name");
    assert_eq!(r.error_fields(), vec!["name"]);

    // Any other string: past 10,000 characters it is not data.
    let r = app
        .post(
            "/api/v1/patients",
            &a,
            TestApp::patient_body(&long(10_001), "AD"),
        )
        .await;
    refused(&r, 422, "local_ref");
    assert_eq!(r.error_fields(), vec!["local_ref"]);
    let listed = app.get("/api/v1/patients", &a).await;
    assert_eq!(listed.body["items"].as_array().map(Vec::len), Some(0));
});

api_test!(an_unreadable_if_match_is_400_not_412, |app| {
    let a = app.login("center-a@test").await;
    let id = app.create_patient(&a, "IFM-1", "AD", "1990-03").await;
    let path = format!("/api/v1/patients/{id}");
    for version in [
        "*",
        "\"abc\"",
        "\"2147483648\"",
        "3",
        "\"\"",
        "\"1\", \"2\"",
        "\"0\"",
    ] {
        let r = app
            .patch(
                &path,
                &a,
                version,
                json!({"reason": "probe", "sex": "male"}),
            )
            .await;
        refused(&r, 400, version);
        assert_eq!(r.error_fields(), vec!["If-Match"], "{version}");
    }
    // A stale but readable version is still 412; the current one (also weakened) is accepted.
    let r = app
        .patch(
            &path,
            &a,
            "\"2\"",
            json!({"reason": "probe", "sex": "male"}),
        )
        .await;
    refused(&r, 412, "stale");
    let r = app
        .patch(
            &path,
            &a,
            "W/\"1\"",
            json!({"reason": "probe", "sex": "male"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
});

/// POSTs `body` as JSON text exactly as written.
async fn post_text(
    app: &TestApp,
    path: &str,
    token: &str,
    body: &str,
) -> registry_tests::app::Reply {
    let resp = app
        .client
        .post(format!("{}{path}", app.base))
        .bearer_auth(token)
        .header("Content-Type", "application/json")
        .body(body.to_owned())
        .send()
        .await
        .unwrap();
    let status = resp.status();
    let headers = resp.headers().clone();
    let body = serde_json::from_str(&resp.text().await.unwrap()).unwrap_or_default();
    registry_tests::app::Reply {
        status,
        headers,
        body,
    }
}

api_test!(clinical_numbers_arrive_exactly_or_not_at_all, |app| {
    let a = app.login("center-a@test").await;
    let patient = app.create_patient(&a, "NUM-1", "AA", "1980-01").await;
    let path = format!("/api/v1/patients/{patient}/visits");
    for (total, message) in [
        ("1e-400", "cannot be stored exactly"),
        (
            "0.1000000000000000055511151231257827",
            "cannot be stored exactly",
        ),
        ("-0", "negative zero"),
        ("-0.0", "negative zero"),
        ("1e400", "not valid JSON"),
    ] {
        let body = format!(r#"{{"visit_date": "2025-02-01", "salt": {{"total": {total}}}}}"#);
        let r = post_text(&app, &path, &a, &body).await;
        assert!(r.status == 422 || r.status == 400, "{total}: {:?}", r.body);
        assert!(
            r.body.to_string().contains(message),
            "{total}: {:?}",
            r.body
        );
        if r.status == 422 {
            assert_eq!(r.error_fields(), vec!["salt.total"], "{total}");
        }
    }
    let listed = app.get(&path, &a).await;
    assert_eq!(
        listed.body["items"].as_array().map(Vec::len),
        Some(0),
        "{:?}",
        listed.body
    );
    // Exact numbers pass, written as the sender likes.
    let r = post_text(
        &app,
        &path,
        &a,
        r#"{"visit_date": "2025-02-01", "salt": {"total": 6.50e1}}"#,
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    assert_eq!(r.body["salt"]["total"], json!("65"), "{:?}", r.body);
});
