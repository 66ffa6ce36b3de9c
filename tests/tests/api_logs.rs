//! What reaches the log: a refused request is one DEBUG line with its status and the JSON paths
//! of its bad fields, never a value from the body and never a WARN line. One binary of its own,
//! as the log capture is the process's one global subscriber.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};

use registry_tests::api_test;
use registry_tests::app::TestApp;
use reqwest::{Method, StatusCode};
use serde_json::json;

/// Everything logged by this process, at every level.
fn captured() -> Arc<Mutex<Vec<u8>>> {
    static LOG: OnceLock<Arc<Mutex<Vec<u8>>>> = OnceLock::new();
    LOG.get_or_init(|| {
        let log = Arc::new(Mutex::new(Vec::new()));
        let sink = log.clone();
        tracing_subscriber::fmt()
            .with_env_filter("debug")
            .with_ansi(false)
            .with_writer(move || Capture(sink.clone()))
            .init();
        log
    })
    .clone()
}

struct Capture(Arc<Mutex<Vec<u8>>>);

impl Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

api_test!(refused_requests_log_paths_never_values, |app| {
    let log = captured();
    let a = app.login("center-a@test").await;
    let marker = format!("SECRET{}", uuid::Uuid::new_v4().simple());
    // A value the rule quotes back to the client, a value of the wrong type, a huge value, a
    // wrong password, a syntax error.
    let mut body = TestApp::patient_body("LOG-1", "AD");
    body["birth_month"] = json!(marker.clone());
    let r = app.post("/api/v1/patients", &a, body).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.to_string().contains(&marker), "the client is told");
    let mut body = TestApp::patient_body("LOG-2", "AD");
    body["sex"] = json!({ "x": marker.clone() });
    let r = app.post("/api/v1/patients", &a, body).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let body = TestApp::patient_body(&format!("{marker}{}", "x".repeat(20_000)), "AD");
    let r = app.post("/api/v1/patients", &a, body).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = app
        .request(
            Method::POST,
            "/api/v1/auth/login",
            None,
            Some(json!({"email": "center-a@test", "password": marker.clone()})),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let r = app
        .client
        .post(format!("{}/api/v1/patients", app.base))
        .bearer_auth(&a)
        .header("Content-Type", "application/json")
        .body(format!("{{\"local_ref\": \"{marker}"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);

    let text = String::from_utf8_lossy(&log.lock().unwrap()).into_owned();
    assert!(!text.contains(&marker), "a value reached the log");
    let refused: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("request refused"))
        .collect();
    assert!(
        refused
            .iter()
            .any(|l| l.contains("birth_month") && l.contains("422")),
        "the path of the bad field is logged: {refused:#?}"
    );
    assert!(
        refused.iter().all(|l| l.contains("DEBUG")),
        "refusals are DEBUG lines: {refused:#?}"
    );
    assert!(
        !text.lines().any(|l| l.contains(" WARN ")),
        "no WARN line for a refused request"
    );
    let longest = text.lines().map(str::len).max().unwrap_or(0);
    assert!(longest < 2_000, "a log line of {longest} characters");
});
