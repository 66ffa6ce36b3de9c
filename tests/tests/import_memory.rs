//! An import's memory does not grow with its file: a large generated file of each kind is
//! imported through the server while the process's peak memory is watched. One test in its own
//! binary, so no other test's allocations count; the backends run one after the other.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use registry_tests::TestDb;
use registry_tests::app::TestApp;
use registry_tests::import_files;
use reqwest::StatusCode;

/// A field of `/proc/self/status` in KiB (`VmRSS`, `VmHWM`).
fn status_kib(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|rest| rest.trim_start_matches(':').split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap()
}

/// Resets the peak (`VmHWM`) to the current resident size (Linux `clear_refs`, value 5).
fn reset_peak() {
    std::fs::write("/proc/self/clear_refs", "5").unwrap();
}

/// Imports `file` as `kind` into center A and returns the growth of the peak resident memory
/// over the memory before, in MiB.
async fn peak_growth_mib(app: &TestApp, token: &str, kind: &str, file: &str) -> u64 {
    let body = file.as_bytes().to_vec();
    reset_peak();
    let before = status_kib("VmRSS");
    let r = app
        .post_csv(&format!("/api/v1/imports/{kind}"), token, body)
        .await;
    let peak = status_kib("VmHWM");
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert!(r.body["rows_created"].as_u64() > Some(0), "{:?}", r.body);
    peak.saturating_sub(before) / 1024
}

/// Imports a file of each kind and then one three times its size: the peak may not grow with it.
async fn check(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let token = app.login("center-a@test").await;
    let (n, visit_patients) = (20_000, 10_000);
    let pairs = [
        (
            "patients",
            import_files::patients("AAA", n),
            import_files::patients("AAA", 3 * n),
        ),
        (
            "visits",
            import_files::visits("AAA", visit_patients, 2),
            import_files::visits("AAA", visit_patients, 6),
        ),
    ];
    for (kind, small, large) in pairs {
        let grew_small = peak_growth_mib(&app, &token, kind, &small).await;
        let grew_large = peak_growth_mib(&app, &token, kind, &large).await;
        let (small_kib, large_kib) = (small.len() >> 10, large.len() >> 10);
        eprintln!(
            "{kind}: {small_kib} KiB file, peak grew {grew_small} MiB; {large_kib} KiB file, {grew_large} MiB"
        );
        // Before patients were looked up batch by batch, a patients file grew the peak by about
        // twenty times its size.
        assert!(
            grew_large <= grew_small + 12,
            "{kind}: a file three times larger grew the peak from {grew_small} to {grew_large} MiB"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn large_import_files_keep_memory_bounded() {
    check(TestDb::sqlite()).await;
    match TestDb::postgres() {
        Some(db) => check(db).await,
        None => eprintln!(
            "PostgreSQL variant not run: {} is not set",
            registry_tests::POSTGRES_ENV
        ),
    }
}
