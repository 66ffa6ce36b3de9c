//! The permission matrix: every role × every endpoint × own and other center, through the real
//! server on both backends. Another center's record answers 404 exactly like an unknown id;
//! a role that may not call an endpoint gets 403; no token gets 401.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use registry_tests::api_test;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

const S200: u16 = 200;
const S201: u16 = 201;
const S403: u16 = 403;
const S404: u16 = 404;
const S412: u16 = 412;
const S422: u16 = 422;

/// Expected status per caller: admin, coordinator, own center, other center, researcher.
type Row = (Method, String, Option<Value>, [u16; 5]);

api_test!(every_role_every_endpoint_own_and_other_center, |app| {
    let own = app.login("center-a@test").await;
    let patient = app.create_patient(&own, "MATRIX", "AA", "1980-01").await;
    let t = app
        .start_treatment(&own, &patient, "baricitinib", "2025-01-01")
        .await;
    let treatment = t.body["id"].as_str().unwrap().to_owned();
    let v = app
        .post_visit(
            &own,
            &patient,
            json!({"visit_date": "2025-02-01", "salt": {"total": 60}}),
        )
        .await;
    let visit = v.body["id"].as_str().unwrap().to_owned();
    let spare = app.post("/api/v1/users", &app.login("admin@test").await,
        json!({"email": "spare@test", "password": "a long enough password", "role": "researcher"})).await;
    let spare = spare.body["id"].as_str().unwrap().to_owned();

    let p = format!("/api/v1/patients/{patient}");
    let rows: Vec<Row> = vec![
        (
            Method::POST,
            "/api/v1/patients".into(),
            Some(
                json!({"local_ref": "M-2", "sex": "male", "birth_month": "1970-01", "diagnosis": "AD", "consent": {"research": false}}),
            ),
            [S403, S403, S201, S201, S403],
        ),
        (
            Method::GET,
            "/api/v1/patients".into(),
            None,
            [S403, S200, S200, S200, S403],
        ),
        (Method::GET, p.clone(), None, [S403, S200, S200, S404, S403]),
        (
            Method::PATCH,
            p.clone(),
            Some(json!({"reason": "matrix", "sex": "male"})),
            [S403, S403, S412, S404, S403],
        ),
        (
            Method::DELETE,
            format!("{p}?reason=matrix"),
            None,
            [S403, S403, S412, S404, S403],
        ),
        (
            Method::GET,
            format!("{p}/alerts"),
            None,
            [S403, S200, S200, S404, S403],
        ),
        (
            Method::POST,
            format!("{p}/visits"),
            Some(json!({"visit_date": "2025-03-01", "pp_nrs": 2})),
            [S403, S403, S201, S404, S403],
        ),
        (
            Method::GET,
            format!("{p}/visits"),
            None,
            [S403, S200, S200, S404, S403],
        ),
        (
            Method::GET,
            format!("/api/v1/visits/{visit}"),
            None,
            [S403, S200, S200, S404, S403],
        ),
        (
            Method::PATCH,
            format!("/api/v1/visits/{visit}"),
            Some(json!({"reason": "matrix", "pp_nrs": 1})),
            [S403, S403, S412, S404, S403],
        ),
        (
            Method::DELETE,
            format!("/api/v1/visits/{visit}?reason=matrix"),
            None,
            [S403, S403, S412, S404, S403],
        ),
        (
            Method::POST,
            format!("{p}/treatments"),
            Some(json!({"drug": "methotrexate", "start_date": "2024-01-01"})),
            [S403, S403, S201, S404, S403],
        ),
        (
            Method::GET,
            format!("{p}/treatments"),
            None,
            [S403, S200, S200, S404, S403],
        ),
        (
            Method::GET,
            format!("/api/v1/treatments/{treatment}"),
            None,
            [S403, S200, S200, S404, S403],
        ),
        (
            Method::PATCH,
            format!("/api/v1/treatments/{treatment}"),
            Some(json!({"reason": "matrix", "stop_date": "2025-06-01", "stop_reason": "other"})),
            [S403, S403, S412, S404, S403],
        ),
        (
            Method::DELETE,
            format!("/api/v1/treatments/{treatment}?reason=matrix"),
            None,
            [S403, S403, S412, S404, S403],
        ),
        (
            Method::POST,
            format!("/api/v1/treatments/{treatment}/dose-changes"),
            Some(
                json!({"effective_date": "2025-03-01", "amount": 2, "unit": "mg", "frequency": "once_daily"}),
            ),
            [S403, S403, S201, S404, S403],
        ),
        (
            Method::POST,
            format!("/api/v1/treatments/{treatment}/interruptions"),
            Some(json!({"from": "2025-04-01", "to": "2025-04-10", "reason": "infection"})),
            [S403, S403, S201, S404, S403],
        ),
        (
            Method::POST,
            format!("{p}/labs"),
            Some(json!({"analyte": "hb", "date": "2025-02-01", "value": 8, "unit": "mmol/L"})),
            [S403, S403, S201, S404, S403],
        ),
        (
            Method::GET,
            format!("{p}/labs"),
            None,
            [S403, S200, S200, S404, S403],
        ),
        (
            Method::POST,
            format!("{p}/adverse-events"),
            Some(
                json!({"verbatim_term": "acne", "onset_date": "2025-02-10", "ctcae_grade": 1, "causality": "possible", "action": "none", "outcome": "recovered"}),
            ),
            [S403, S403, S201, S404, S403],
        ),
        (
            Method::GET,
            format!("{p}/adverse-events"),
            None,
            [S403, S200, S200, S404, S403],
        ),
        (
            Method::POST,
            format!("{p}/vaccinations"),
            Some(json!({"vaccine": "influenza", "date": "2024-10-01"})),
            [S403, S403, S201, S404, S403],
        ),
        (
            Method::GET,
            format!("{p}/vaccinations"),
            None,
            [S403, S200, S200, S404, S403],
        ),
        (
            Method::POST,
            format!("{p}/comorbidities"),
            Some(json!({"condition": "asthma"})),
            [S403, S403, S201, S404, S403],
        ),
        (
            Method::GET,
            format!("{p}/comorbidities"),
            None,
            [S403, S200, S200, S404, S403],
        ),
        (
            Method::POST,
            "/api/v1/data-queries".into(),
            Some(json!({"center": "AAA", "entity": "patient", "message": "please check"})),
            [S403, S201, S403, S403, S403],
        ),
        (
            Method::GET,
            "/api/v1/data-queries".into(),
            None,
            [S403, S200, S200, S200, S403],
        ),
        (
            Method::GET,
            "/api/v1/audit".into(),
            None,
            [S200, S200, S403, S403, S403],
        ),
        (
            Method::POST,
            "/api/v1/centers".into(),
            Some(json!({"code": "CCC", "name": "Center C"})),
            [S201, S403, S403, S403, S403],
        ),
        (
            Method::GET,
            "/api/v1/centers".into(),
            None,
            [S200, S200, S200, S200, S200],
        ),
        (
            Method::POST,
            "/api/v1/users".into(),
            Some(
                json!({"email": "new@test", "password": "a long enough password", "role": "coordinator"}),
            ),
            [S201, S403, S403, S403, S403],
        ),
        (
            Method::POST,
            format!("/api/v1/users/{spare}/deactivate"),
            Some(json!({"reason": "matrix"})),
            [S200, S403, S403, S403, S403],
        ),
        (
            Method::GET,
            "/api/v1/users".into(),
            None,
            [S200, S403, S403, S403, S403],
        ),
        (
            Method::POST,
            format!("/api/v1/users/{spare}/reactivate"),
            Some(json!({"reason": "matrix"})),
            [S200, S403, S403, S403, S403],
        ),
        (
            Method::POST,
            format!("/api/v1/users/{spare}/password"),
            Some(json!({"password": "another long password", "reason": "matrix"})),
            [S200, S403, S403, S403, S403],
        ),
        (
            Method::POST,
            format!("/api/v1/users/{spare}/access"),
            Some(json!({"role": "researcher", "reason": "matrix"})),
            [S200, S403, S403, S403, S403],
        ),
        // Everyone may change their own password; a wrong current one proves the call reached
        // the check without changing anything.
        (
            Method::POST,
            "/api/v1/auth/password".into(),
            Some(
                json!({"current_password": "not the password", "new_password": "another long password"}),
            ),
            [S422, S422, S422, S422, S422],
        ),
        // Only a center user finds a patient by its local reference.
        (
            Method::GET,
            "/api/v1/patients?local_ref=MATRIX".into(),
            None,
            [S403, S422, S200, S200, S403],
        ),
    ];
    let callers = [
        "admin@test",
        "coordinator@test",
        "center-a@test",
        "center-b@test",
        "researcher@test",
    ];
    let mut tokens = Vec::new();
    for c in callers {
        tokens.push(app.login(c).await);
    }
    let mut failures = Vec::new();
    for (method, path, body, expected) in &rows {
        let anonymous = app.request(method.clone(), path, None, body.clone()).await;
        if anonymous.status != StatusCode::UNAUTHORIZED {
            failures.push(format!(
                "{method} {path} without a token: {}",
                anonymous.status
            ));
        }
        for (i, caller) in callers.iter().enumerate() {
            // A stale version: proves the caller reached the record without changing it.
            let headers: &[(&str, &str)] = if matches!(*method, Method::PATCH | Method::DELETE) {
                &[("If-Match", "\"999\"")]
            } else {
                &[]
            };
            let mut body = body.clone();
            if let (Some(b), true) = (
                body.as_mut(),
                path == "/api/v1/patients" && *method == Method::POST,
            ) {
                b["local_ref"] = json!(format!("M-{i}"));
            }
            let r = app
                .send(method.clone(), path, Some(&tokens[i]), body, headers)
                .await;
            if r.status.as_u16() != expected[i] {
                failures.push(format!(
                    "{method} {path} as {caller}: {} (expected {}) {}",
                    r.status.as_u16(),
                    expected[i],
                    r.body
                ));
            }
            if r.status == StatusCode::NOT_FOUND {
                let unknown = path
                    .replace(&patient, "0190f0f0-0000-7000-8000-000000000000")
                    .replace(&visit, "0190f0f0-0000-7000-8000-000000000001")
                    .replace(&treatment, "0190f0f0-0000-7000-8000-000000000002");
                let u = app
                    .send(method.clone(), &unknown, Some(&tokens[i]), None, headers)
                    .await;
                if u.body != r.body && u.status == StatusCode::NOT_FOUND {
                    failures.push(format!(
                        "{method} {path} as {caller}: the 404 differs from an unknown id's"
                    ));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
});

api_test!(coordinators_read_pseudonymously, |app| {
    let own = app.login("center-a@test").await;
    let coordinator = app.login("coordinator@test").await;
    let patient = app
        .create_patient(&own, "SECRET-REF-1", "AD", "1980-01")
        .await;
    let r = app
        .get(&format!("/api/v1/patients/{patient}"), &coordinator)
        .await;
    assert!(r.body.get("local_ref").is_none(), "{}", r.body);
    let list = app.get("/api/v1/patients", &coordinator).await;
    assert!(!list.body.to_string().contains("SECRET-REF-1"));
    let audit = app.get("/api/v1/audit?entity=patient", &coordinator).await;
    assert_eq!(audit.status, StatusCode::OK);
    assert!(
        !audit.body.to_string().contains("SECRET-REF-1"),
        "the audit trail is pseudonymous for coordinators"
    );
});
