//! Every request is one INFO line: method, route pattern, status, latency and request id —
//! never the raw path with its ids, a query value or a body. One binary of its own, as the log
//! capture is the process's one global subscriber.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};

use registry_tests::api_test;

/// Everything logged by this process at INFO and above, without colours.
fn captured() -> Arc<Mutex<Vec<u8>>> {
    static LOG: OnceLock<Arc<Mutex<Vec<u8>>>> = OnceLock::new();
    LOG.get_or_init(|| {
        let log = Arc::new(Mutex::new(Vec::new()));
        let sink = log.clone();
        tracing_subscriber::fmt()
            .with_env_filter("info")
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

api_test!(every_request_is_one_info_line_without_identifiers, |app| {
    let log = captured();
    let a = app.login("center-a@test").await;
    let marker = format!("REF{}", uuid::Uuid::new_v4().simple());
    let patient = app.create_patient(&a, &marker, "AD", "1990-03").await;
    let read = app.get(&format!("/api/v1/patients/{patient}"), &a).await;
    assert_eq!(read.status, 200);
    let found = app
        .get(&format!("/api/v1/patients?local_ref={marker}"), &a)
        .await;
    assert_eq!(found.status, 200);
    let missing = app.get("/api/v1/no-such-thing", &a).await;
    assert_eq!(missing.status, 404);

    let text = String::from_utf8_lossy(&log.lock().unwrap()).into_owned();
    // This test's requests: the lines naming its patient's route.
    let done: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("request done"))
        .collect();
    let line = |method: &str, route: &str, status: u16| {
        done.iter().any(|l| {
            l.contains(" INFO ")
                && l.contains(&format!("method={method}"))
                && l.contains(&format!("route={route} "))
                && l.contains(&format!("status={status}"))
                && l.contains("latency_ms=")
                && l.contains("request_id=")
        })
    };
    assert!(line("GET", "/api/v1/patients/{id}", 200), "{done:#?}");
    assert!(line("GET", "/api/v1/patients", 200), "{done:#?}");
    assert!(line("POST", "/api/v1/patients", 201), "{done:#?}");
    assert!(line("POST", "/api/v1/auth/login", 200), "{done:#?}");
    assert!(line("GET", "unmatched", 404), "{done:#?}");
    assert!(!text.contains(&patient), "an id reached the log");
    assert!(
        !text.contains(&marker),
        "a query value or a body reached the log"
    );
    assert!(
        !text.contains("no-such-thing"),
        "a raw path reached the log"
    );
    assert!(!text.contains('\u{1b}'), "no colour codes");
});
