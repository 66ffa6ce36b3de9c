//! Patients through the API: creation, center isolation, coordinators without local reference,
//! idempotent replay, If-Match and reasons, bad input listed by path and storing nothing.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use registry_tests::api_test;
use registry_tests::app::TestApp;
use reqwest::{Method, StatusCode};
use serde_json::json;

api_test!(center_user_creates_and_reads_its_patient, |app| {
    let a = app.login("center-a@test").await;
    let r = app
        .post("/api/v1/patients", &a, TestApp::patient_body("A-001", "AA"))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    let id = r.body["id"].as_str().unwrap().to_owned();
    assert_eq!(r.header("etag").as_deref(), Some("\"1\""));
    assert_eq!(r.header("location"), Some(format!("/api/v1/patients/{id}")));
    let read = app.get(&format!("/api/v1/patients/{id}"), &a).await;
    assert_eq!(read.status, StatusCode::OK);
    assert_eq!(read.body["local_ref"], "A-001");
    assert_eq!(read.body["center_id"], app.center_a.as_str());
});

api_test!(other_centers_patient_is_404_like_an_unknown_id, |app| {
    let a = app.login("center-a@test").await;
    let b = app.login("center-b@test").await;
    let r = app
        .post("/api/v1/patients", &a, TestApp::patient_body("A-001", "AD"))
        .await;
    let id = r.body["id"].as_str().unwrap().to_owned();
    let other = app.get(&format!("/api/v1/patients/{id}"), &b).await;
    let unknown = app
        .get("/api/v1/patients/0190f0f0-0000-7000-8000-000000000000", &b)
        .await;
    assert_eq!(other.status, StatusCode::NOT_FOUND);
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert_eq!(
        other.body, unknown.body,
        "no difference that reveals existence"
    );
    let list = app.get("/api/v1/patients", &b).await;
    assert_eq!(list.body["items"].as_array().unwrap().len(), 0);
    let edit = app
        .patch(
            &format!("/api/v1/patients/{id}"),
            &b,
            "\"1\"",
            json!({"reason": "x", "sex": "male"}),
        )
        .await;
    assert_eq!(edit.status, StatusCode::NOT_FOUND);
});

api_test!(
    coordinator_reads_all_centers_without_local_reference,
    |app| {
        let a = app.login("center-a@test").await;
        let b = app.login("center-b@test").await;
        app.post("/api/v1/patients", &a, TestApp::patient_body("A-001", "AA"))
            .await;
        app.post("/api/v1/patients", &b, TestApp::patient_body("B-001", "AD"))
            .await;
        let c = app.login("coordinator@test").await;
        let list = app.get("/api/v1/patients", &c).await;
        let items = list.body["items"].as_array().unwrap();
        assert_eq!(items.len(), 2);
        assert!(
            items.iter().all(|p| p.get("local_ref").is_none()),
            "{items:?}"
        );
        let only_b = app.get("/api/v1/patients?center=BBB", &c).await;
        assert_eq!(only_b.body["items"].as_array().unwrap().len(), 1);
        // Coordinators never edit clinical data.
        let r = app
            .post("/api/v1/patients", &c, TestApp::patient_body("C-1", "AA"))
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
    }
);

api_test!(researcher_gets_no_patient_level_data, |app| {
    let r = app.login("researcher@test").await;
    assert_eq!(
        app.get("/api/v1/patients", &r).await.status,
        StatusCode::FORBIDDEN
    );
});

api_test!(
    idempotent_replay_returns_the_first_response_and_creates_nothing,
    |app| {
        let a = app.login("center-a@test").await;
        let body = TestApp::patient_body("A-7", "AA");
        let headers = [("Idempotency-Key", "key-123")];
        let first = app
            .send(
                Method::POST,
                "/api/v1/patients",
                Some(&a),
                Some(body.clone()),
                &headers,
            )
            .await;
        let again = app
            .send(
                Method::POST,
                "/api/v1/patients",
                Some(&a),
                Some(body),
                &headers,
            )
            .await;
        assert_eq!(first.status, StatusCode::CREATED);
        assert_eq!(again.status, StatusCode::CREATED);
        assert_eq!(first.body, again.body);
        assert_eq!(again.header("idempotent-replayed").as_deref(), Some("true"));
        let other = app
            .send(
                Method::POST,
                "/api/v1/patients",
                Some(&a),
                Some(TestApp::patient_body("A-8", "AA")),
                &headers,
            )
            .await;
        assert_eq!(other.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(other.error_fields(), ["Idempotency-Key"]);
        let list = app.get("/api/v1/patients", &a).await;
        assert_eq!(list.body["items"].as_array().unwrap().len(), 1);
    }
);

api_test!(
    edits_need_if_match_and_a_reason_and_stale_versions_are_412,
    |app| {
        let a = app.login("center-a@test").await;
        let r = app
            .post("/api/v1/patients", &a, TestApp::patient_body("A-1", "AA"))
            .await;
        let path = format!("/api/v1/patients/{}", r.body["id"].as_str().unwrap());
        let missing = app
            .request(
                Method::PATCH,
                &path,
                Some(&a),
                Some(json!({"reason": "fix", "sex": "male"})),
            )
            .await;
        assert_eq!(missing.status, StatusCode::PRECONDITION_REQUIRED);
        let no_reason = app.patch(&path, &a, "\"1\"", json!({"sex": "male"})).await;
        assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(no_reason.error_fields(), ["reason"]);
        let ok = app
            .patch(
                &path,
                &a,
                "\"1\"",
                json!({"reason": "sex was entered wrongly", "sex": "male"}),
            )
            .await;
        assert_eq!(ok.status, StatusCode::OK, "{:?}", ok.body);
        assert_eq!(ok.header("etag").as_deref(), Some("\"2\""));
        let stale = app
            .patch(
                &path,
                &a,
                "\"1\"",
                json!({"reason": "again", "sex": "other"}),
            )
            .await;
        assert_eq!(stale.status, StatusCode::PRECONDITION_FAILED);
        let read = app.get(&path, &a).await;
        assert_eq!(read.body["sex"], "male");
        let del = app
            .send(
                Method::DELETE,
                &format!("{path}?reason=duplicate%20record"),
                Some(&a),
                None,
                &[("If-Match", "\"2\"")],
            )
            .await;
        assert_eq!(del.status, StatusCode::NO_CONTENT);
        assert_eq!(app.get(&path, &a).await.status, StatusCode::NOT_FOUND);
    }
);

api_test!(
    bad_patient_bodies_list_every_bad_field_and_store_nothing,
    |app| {
        let a = app.login("center-a@test").await;
        let cases = [
            (
                json!({"local_ref": "x"}),
                StatusCode::UNPROCESSABLE_ENTITY,
                vec!["sex"],
            ),
            (
                json!({"local_ref": "x", "sex": "female", "birth_month": "1990-03", "diagnosis": "AA", "consent": {"research": false}, "shoe_size": 42}),
                StatusCode::UNPROCESSABLE_ENTITY,
                vec!["shoe_size"],
            ),
            (
                json!({"local_ref": "x", "sex": "female", "birth_month": "1990-03", "diagnosis": "AA", "consent": {"research": "yes"}}),
                StatusCode::UNPROCESSABLE_ENTITY,
                vec!["consent.research"],
            ),
            (
                json!({"local_ref": "", "sex": "f?", "birth_month": "1990-13", "diagnosis": "XX", "consent": {"research": true}}),
                StatusCode::UNPROCESSABLE_ENTITY,
                vec![
                    "local_ref",
                    "sex",
                    "birth_month",
                    "diagnosis",
                    "consent.date",
                ],
            ),
            (
                json!({"local_ref": "x", "sex": "female", "birth_month": "2999-01", "diagnosis": "AD", "aa_subtype": "patchy", "consent": {"research": true, "date": "2999-01-01"}}),
                StatusCode::UNPROCESSABLE_ENTITY,
                vec!["birth_month", "aa_subtype", "consent.date"],
            ),
        ];
        for (body, status, fields) in cases {
            let r = app.post("/api/v1/patients", &a, body.clone()).await;
            assert_eq!(r.status, status, "{body}: {:?}", r.body);
            assert_eq!(r.error_fields(), fields, "{body}");
            assert_eq!(
                r.header("content-type").as_deref(),
                Some("application/problem+json")
            );
        }
        let malformed = app
            .send(
                Method::POST,
                "/api/v1/patients",
                Some(&a),
                None,
                &[("content-type", "application/json")],
            )
            .await;
        assert_eq!(malformed.status, StatusCode::BAD_REQUEST);
        let list = app.get("/api/v1/patients", &a).await;
        assert_eq!(
            list.body["items"].as_array().unwrap().len(),
            0,
            "nothing was stored"
        );
    }
);

api_test!(
    an_edit_is_validated_as_a_whole_record_like_a_creation,
    |app| {
        let a = app.login("center-a@test").await;
        let id = app.create_patient(&a, "E-1", "AD", "1990-03").await;
        app.start_treatment(&a, &id, "dupilumab", "2024-02-01")
            .await;
        let v = app
            .post_visit(
                &a,
                &id,
                json!({"visit_date": "2024-02-01", "easi": {"total": 20}}),
            )
            .await;
        assert_eq!(v.status, StatusCode::CREATED, "{:?}", v.body);
        let path = format!("/api/v1/patients/{id}");
        let refused = [
            (json!({"reason": "r", "aa_subtype": "patchy"}), "aa_subtype"),
            (
                json!({"reason": "r", "nail_involvement": true}),
                "nail_involvement",
            ),
            (
                json!({"reason": "r", "consent": {"research": true, "date": "1900-01-01"}}),
                "consent.date",
            ),
            (
                json!({"reason": "r", "birth_month": "2024-03", "consent": {"research": true, "date": "2024-03-05"}}),
                "birth_month",
            ),
            (
                json!({"reason": "r", "consent": {"research": true, "date": "2024-01-10", "withdrawn_on": "2024-01-01"}}),
                "consent.withdrawn_on",
            ),
        ];
        for (patch, field) in refused {
            let r = app.patch(&path, &a, "\"1\"", patch.clone()).await;
            assert_eq!(
                r.status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "{patch}: {:?}",
                r.body
            );
            assert_eq!(r.error_fields(), [field], "{patch}: {:?}", r.body);
        }
        let read = app.get(&path, &a).await;
        assert_eq!(
            read.header("etag").as_deref(),
            Some("\"1\""),
            "nothing changed"
        );
        // A birth month before every record is fine.
        let ok = app
            .patch(
                &path,
                &a,
                "\"1\"",
                json!({"reason": "typo", "birth_month": "1990-04"}),
            )
            .await;
        assert_eq!(ok.status, StatusCode::OK, "{:?}", ok.body);
        assert_eq!(ok.body["birth_month"], "1990-04");
    }
);
