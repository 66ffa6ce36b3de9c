//! Faults found by probing the server from outside: what a hostile or broken client can do to
//! the server's memory, connections and locks must stay bounded.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::time::Duration;

use registry_tests::api_test;
use registry_tests::app::TestApp;
use reqwest::{Method, StatusCode};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// The `/metrics` exposition.
async fn scrape(app: &TestApp) -> String {
    app.client
        .get(format!("{}/metrics", app.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

/// The request-count series in an exposition.
fn series(metrics: &str) -> Vec<&str> {
    metrics
        .lines()
        .filter(|l| l.starts_with("registry_http_requests_total{"))
        .collect()
}

api_test!(made_up_paths_and_methods_add_no_metric_series, |app| {
    let probe = |round: usize| {
        let app = &app;
        async move {
            for i in 0..40 {
                let path = format!("/no-such-page-{round}-{i}");
                let r = app.request(Method::GET, &path, None, None).await;
                assert_eq!(r.status, StatusCode::NOT_FOUND);
                let r = app
                    .request(Method::GET, &format!("/api/v1/{path}"), None, None)
                    .await;
                assert_eq!(r.status, StatusCode::NOT_FOUND);
                let method = Method::from_bytes(format!("PROBE{round}X{i}").as_bytes()).unwrap();
                let r = app.request(method, "/healthz", None, None).await;
                assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED);
                assert_eq!(r.body["status"], 405, "a problem document: {:?}", r.body);
            }
        }
    };
    // The first scrape adds the series of `/metrics` itself.
    probe(0).await;
    scrape(&app).await;
    probe(1).await;
    let first = scrape(&app).await;
    probe(2).await;
    let second = scrape(&app).await;
    assert!(!second.contains("no-such-page"), "raw paths are labels");
    assert!(!second.contains("PROBE"), "made-up methods are labels");
    assert!(
        series(&second)
            .iter()
            .any(|l| l.contains("endpoint=\"unmatched\"")),
        "unmatched requests are counted under one label"
    );
    // 80 more unknown paths and 40 more made-up methods: not one series more.
    assert_eq!(series(&first).len(), series(&second).len(), "{second}");
});

/// Opens an import request for center A whose body never finishes: the header line of a
/// patients file out of a promised 100,000 bytes.
async fn stalled_upload(app: &TestApp, token: &str) -> TcpStream {
    let mut stream = TcpStream::connect(app.base.trim_start_matches("http://"))
        .await
        .unwrap();
    let head = format!(
        "POST /api/v1/imports/patients HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {token}\r\nContent-Type: text/csv\r\nContent-Length: 100000\r\n\r\n{}",
        registry_tests::import_files::PATIENTS
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    stream
}

api_test!(
    stalled_uploads_hold_no_connection_and_no_write_lock,
    settings = |s| {
        s.pool_size = 2;
        s.body_idle_timeout = Duration::from_secs(3);
    },
    |app| {
        let a = app.login("center-a@test").await;
        // More stalled uploads than the pool has connections.
        let mut stalled = Vec::new();
        for _ in 0..3 {
            stalled.push(stalled_upload(&app, &a).await);
        }
        // Meanwhile every other kind of request is served at once: a login, another center's
        // write (on SQLite it needs the database's one write lock), readiness.
        let b = app.login("center-b@test").await;
        let created = app
            .post("/api/v1/patients", &b, TestApp::patient_body("B-1", "AD"))
            .await;
        assert_eq!(created.status, StatusCode::CREATED, "{:?}", created.body);
        let ready = app.request(Method::GET, "/readyz", None, None).await;
        assert_eq!(ready.status, StatusCode::OK, "{:?}", ready.body);
        // The stalled uploads are refused once the idle timeout has passed, and store nothing.
        for mut stream in stalled {
            let mut answer = Vec::new();
            let read =
                tokio::time::timeout(Duration::from_secs(20), stream.read_to_end(&mut answer))
                    .await
                    .expect("the server answers a stalled upload");
            read.unwrap();
            let answer = String::from_utf8_lossy(&answer);
            assert!(
                answer.starts_with("HTTP/1.1 408"),
                "a stalled upload is answered 408: {answer}"
            );
            assert!(answer.contains("nothing was stored"), "{answer}");
        }
        let listed = app.get("/api/v1/patients", &a).await;
        assert_eq!(listed.body["items"].as_array().map(Vec::len), Some(0));
    }
);

/// On SQLite one writer holds the database's write lock for everyone: while another process
/// holds it, readiness says the server cannot take writes, and says ready again once it is free.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readiness_tells_when_sqlite_writes_are_blocked() {
    use diesel::connection::SimpleConnection;
    let app = TestApp::spawn(registry_tests::TestDb::sqlite()).await;
    let ready = app.request(Method::GET, "/readyz", None, None).await;
    assert_eq!(ready.status, StatusCode::OK);
    let mut other = app.db.conn();
    other.batch_execute("BEGIN IMMEDIATE").unwrap();
    let blocked = app.request(Method::GET, "/readyz", None, None).await;
    assert_eq!(
        blocked.status,
        StatusCode::SERVICE_UNAVAILABLE,
        "{:?}",
        blocked.body
    );
    assert_eq!(
        blocked.header("content-type").as_deref(),
        Some("application/problem+json")
    );
    other.batch_execute("ROLLBACK").unwrap();
    let ready = app.request(Method::GET, "/readyz", None, None).await;
    assert_eq!(ready.status, StatusCode::OK);
}

api_test!(
    metrics_can_require_a_bearer_token,
    settings = |s| {
        s.metrics_token = Some("a metrics token of some length".into());
    },
    |app| {
        let r = app.request(Method::GET, "/metrics", None, None).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        assert_eq!(r.body["status"], 401, "a problem document");
        let r = app
            .request(Method::GET, "/metrics", Some("another token"), None)
            .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        // A user's token is not the metrics token either.
        let a = app.login("center-a@test").await;
        let r = app.request(Method::GET, "/metrics", Some(&a), None).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        let text = app
            .client
            .get(format!("{}/metrics", app.base))
            .bearer_auth("a metrics token of some length")
            .send()
            .await
            .unwrap();
        assert_eq!(text.status(), StatusCode::OK);
        assert!(
            text.text()
                .await
                .unwrap()
                .contains("registry_http_requests_total")
        );
        // Everything else is unaffected.
        let r = app.request(Method::GET, "/healthz", None, None).await;
        assert_eq!(r.status, StatusCode::OK);
    }
);

api_test!(
    more_stalled_uploads_than_the_pool_has_connections_block_nobody,
    settings = |s| {
        s.pool_size = 16;
        s.body_idle_timeout = Duration::from_secs(60);
    },
    |app| {
        let a = app.login("center-a@test").await;
        // Twenty uploads stall (more than the pool's 16 connections) and stay stalled: the idle
        // timeout is far off.
        let mut stalled = Vec::new();
        for _ in 0..20 {
            stalled.push(stalled_upload(&app, &a).await);
        }
        let served = tokio::time::timeout(Duration::from_secs(10), async {
            let b = app.login("center-b@test").await;
            let listed = app.get("/api/v1/patients", &b).await;
            assert_eq!(listed.status, StatusCode::OK, "{:?}", listed.body);
            let created = app
                .post("/api/v1/patients", &b, TestApp::patient_body("B-2", "AD"))
                .await;
            assert_eq!(created.status, StatusCode::CREATED, "{:?}", created.body);
        })
        .await;
        assert!(
            served.is_ok(),
            "authenticated requests are served while uploads stall"
        );
        drop(stalled);
    }
);

api_test!(every_answer_carries_the_security_headers, |app| {
    let token = app.login("center-a@test").await;
    let id = app.create_patient(&token, "H-1", "AD", "1990-03").await;
    // The API: its data never cached, nothing in it run or framed.
    for (path, bearer, status) in [
        (format!("/api/v1/patients/{id}"), Some(token.as_str()), 200),
        ("/api/v1/patients".to_owned(), None, 401),
        (
            format!("/api/v1/patients/{id}/visits"),
            Some(token.as_str()),
            200,
        ),
    ] {
        let r = app.request(Method::GET, &path, bearer, None).await;
        assert_eq!(r.status.as_u16(), status, "{path}: {:?}", r.body);
        assert_eq!(
            r.header("cache-control").as_deref(),
            Some("no-store"),
            "{path}"
        );
        assert_eq!(
            r.header("content-security-policy").as_deref(),
            Some("default-src 'none'; frame-ancestors 'none'"),
            "{path}"
        );
        assert_eq!(
            r.header("x-content-type-options").as_deref(),
            Some("nosniff")
        );
        assert_eq!(
            r.header("x-frame-options").as_deref(),
            Some("DENY"),
            "{path}"
        );
    }
    // Everything else: no guessing of content types, never framed.
    for path in ["/openapi.json", "/docs/", "/healthz", "/no-such-page"] {
        let r = app.request(Method::GET, path, None, None).await;
        assert_eq!(
            r.header("x-content-type-options").as_deref(),
            Some("nosniff"),
            "{path}"
        );
        assert_eq!(
            r.header("x-frame-options").as_deref(),
            Some("DENY"),
            "{path}"
        );
        assert_eq!(
            r.header("referrer-policy").as_deref(),
            Some("same-origin"),
            "{path}"
        );
    }
});
