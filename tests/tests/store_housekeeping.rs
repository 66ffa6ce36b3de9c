//! Housekeeping: idempotency records and token revocations are forgotten once they cannot
//! matter any more, and only then.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use chrono::Duration;
use registry_core::store::idempotency::{self, IdempotencyRecord};
use registry_core::store::{now, tokens};
use registry_tests::db_test;

fn record(key: &str, at: chrono::NaiveDateTime) -> IdempotencyRecord {
    IdempotencyRecord {
        user_id: "u1".into(),
        idem_key: key.into(),
        method: "POST".into(),
        path: "/api/v1/patients".into(),
        request_hash: "h".into(),
        status: 201,
        response_body: "{}".into(),
        created_at: at,
    }
}

db_test!(
    old_idempotency_records_and_expired_revocations_are_purged,
    |db| {
        let mut conn = db.conn();
        let t = now();
        conn.write(|tx| {
            idempotency::save(tx, &record("old", t - Duration::hours(25)))?;
            idempotency::save(tx, &record("new", t - Duration::hours(1)))?;
            tokens::revoke(tx, "expired", t - Duration::minutes(1))?;
            tokens::revoke(tx, "live", t + Duration::minutes(20))
        })
        .unwrap();
        assert_eq!(
            idempotency::purge(&mut conn, t - Duration::hours(24)).unwrap(),
            1
        );
        assert!(idempotency::find(&mut conn, "u1", "old").unwrap().is_none());
        assert!(idempotency::find(&mut conn, "u1", "new").unwrap().is_some());
        assert_eq!(tokens::purge(&mut conn, t).unwrap(), 1);
        assert!(
            tokens::is_revoked(&mut conn, "live").unwrap(),
            "a token that is still valid stays revoked"
        );
        assert!(!tokens::is_revoked(&mut conn, "expired").unwrap());
    }
);

/// A large transaction's write-ahead log is given back: after the next checkpoint SQLite cuts the
/// log file down to the registry's limit instead of keeping it at its largest size.
#[test]
fn sqlite_gives_back_the_log_of_a_large_transaction() {
    use diesel::connection::SimpleConnection;
    use registry_core::store::conn::{SQLITE_WAL_SIZE_LIMIT, establish};

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("log.db");
    let wal = dir.path().join("log.db-wal");
    let mut conn = establish(&format!("sqlite://{}", path.display())).unwrap();
    conn.batch_execute("CREATE TABLE filler (b BLOB)").unwrap();
    let mib = 1024 * 1024;
    let big = SQLITE_WAL_SIZE_LIMIT / mib + 16;
    conn.batch_execute(&format!(
        "BEGIN; {} COMMIT;",
        "INSERT INTO filler VALUES (zeroblob(1048576));".repeat(usize::try_from(big).unwrap())
    ))
    .unwrap();
    let grown = std::fs::metadata(&wal).unwrap().len();
    assert!(
        grown > u64::try_from(SQLITE_WAL_SIZE_LIMIT).unwrap(),
        "{grown}"
    );
    // A checkpoint copies the log into the database; the next write starts the log anew.
    conn.batch_execute("PRAGMA wal_checkpoint(PASSIVE); INSERT INTO filler VALUES (x'00');")
        .unwrap();
    let after = std::fs::metadata(&wal).unwrap().len();
    assert!(
        after <= u64::try_from(SQLITE_WAL_SIZE_LIMIT).unwrap(),
        "the log stayed at {after} bytes"
    );
}
