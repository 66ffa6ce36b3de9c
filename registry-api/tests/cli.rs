//! The `registry` command line on a real SQLite file: migrate, add a user from standard input,
//! verify the audit chain, and see verification fail — naming the event — after tampering.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::io::Write;
use std::process::{Command, Output, Stdio};

use diesel::connection::SimpleConnection;

fn registry(db: &str, args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_registry"))
        .args(args)
        .env("DATABASE_URL", db)
        .env("RUST_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(input) = stdin {
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
    }
    drop(child.stdin.take());
    child.wait_with_output().unwrap()
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[test]
fn migrate_add_user_verify_and_detect_tampering() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cli.db");
    let db = format!("sqlite://{}", path.display());
    let m = registry(&db, &["migrate"], None);
    assert!(m.status.success(), "{}", text(&m));
    let refused = registry(
        &db,
        &["user", "add", "--email", "a@x.org", "--role", "admin"],
        None,
    );
    assert!(
        !refused.status.success(),
        "a password on the command line is never accepted"
    );
    let added = registry(
        &db,
        &[
            "user",
            "add",
            "--email",
            "admin@x.org",
            "--role",
            "admin",
            "--password-stdin",
        ],
        Some("a long admin password\n"),
    );
    assert!(added.status.success(), "{}", text(&added));
    let bad_role = registry(
        &db,
        &[
            "user",
            "add",
            "--email",
            "b@x.org",
            "--role",
            "king",
            "--password-stdin",
        ],
        Some("a long admin password\n"),
    );
    assert!(!bad_role.status.success());
    let ok = registry(&db, &["audit", "verify"], None);
    assert!(ok.status.success(), "{}", text(&ok));
    assert!(text(&ok).contains("intact"), "{}", text(&ok));

    let mut conn = diesel::Connection::establish(path.to_str().unwrap())
        .map(|c: diesel::SqliteConnection| c)
        .unwrap();
    conn.batch_execute("UPDATE audit_events SET reason = 'forged' WHERE seq = 1")
        .unwrap();
    let broken = registry(&db, &["audit", "verify"], None);
    assert!(
        !broken.status.success(),
        "a tampered trail fails verification"
    );
    assert!(
        text(&broken).contains("broken at event 1"),
        "{}",
        text(&broken)
    );

    let unknown = registry("mysql://somewhere/db", &["migrate"], None);
    assert!(!unknown.status.success());
    assert!(
        text(&unknown).contains("unknown scheme"),
        "{}",
        text(&unknown)
    );
}

#[test]
fn serve_refuses_to_start_without_a_jwt_key() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("s.db").display());
    let out = Command::new(env!("CARGO_BIN_EXE_registry"))
        .args(["serve", "--bind", "127.0.0.1:0"])
        .env("DATABASE_URL", &db)
        .env_remove("REGISTRY_JWT_SECRET")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(text(&out).contains("REGISTRY_JWT_SECRET"), "{}", text(&out));
}
