//! Concurrent writers all land: 8 threads × 250 visit inserts, each with its audit event, on a
//! pool; none lost, no "database is locked" reaching the caller, the audit chain intact.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use chrono::{Duration, NaiveDate};
use registry_core::store::visits::{self, VisitRow};
use registry_core::store::{Scope, audit};
use registry_tests::{db_test, fixtures, system_ctx};

const THREADS: usize = 8;
const PER_THREAD: usize = 250;

db_test!(eight_threads_of_visit_inserts_all_land, |db| {
    let pool = db.pool(THREADS as u32);
    let ctx = system_ctx();
    let mut conn = pool.get().unwrap();
    let center = fixtures::center(&mut conn, &ctx, "UMCU");
    let patients: Vec<_> = (0..THREADS)
        .map(|i| fixtures::patient(&mut conn, &ctx, &center.id, &format!("p{i}")))
        .collect();
    drop(conn);
    let start = NaiveDate::from_ymd_opt(2020, 1, 1).unwrap();
    std::thread::scope(|s| {
        for patient in &patients {
            let pool = pool.clone();
            let center_id = center.id.clone();
            s.spawn(move || {
                let ctx = system_ctx();
                for day in 0..PER_THREAD {
                    let mut conn = pool.get().unwrap();
                    let mut row = VisitRow::new(
                        &ctx,
                        &center_id,
                        &patient.id,
                        start + Duration::days(day as i64),
                    );
                    row.pp_nrs = Some((day % 11) as i32);
                    conn.write(|tx| visits::create(tx, &ctx, row)).unwrap();
                }
            });
        }
    });
    let mut conn = pool.get().unwrap();
    assert_eq!(
        visits::count(&mut conn, &Scope::All).unwrap(),
        (THREADS * PER_THREAD) as i64
    );
    let v = audit::verify(&mut conn).unwrap();
    assert!(v.is_intact(), "{v:?}");
    // 1 center + 8 patients + 2000 visits.
    assert_eq!(v.events, (1 + THREADS + THREADS * PER_THREAD) as u64);
});

db_test!(same_patient_same_date_is_one_visit, |db| {
    let mut conn = db.conn();
    let ctx = system_ctx();
    let c = fixtures::center(&mut conn, &ctx, "UMCU");
    let p = fixtures::patient(&mut conn, &ctx, &c.id, "p");
    let date = NaiveDate::from_ymd_opt(2025, 3, 1).unwrap();
    conn.write(|tx| visits::create(tx, &ctx, VisitRow::new(&ctx, &c.id, &p.id, date)))
        .unwrap();
    let dup = conn.write(|tx| visits::create(tx, &ctx, VisitRow::new(&ctx, &c.id, &p.id, date)));
    assert!(
        matches!(dup, Err(registry_core::store::StoreError::Conflict(_))),
        "{dup:?}"
    );
    assert_eq!(visits::count(&mut conn, &Scope::All).unwrap(), 1);
    // After a soft deletion the date is free again.
    let v = visits::on_date(&mut conn, &p.id, date).unwrap().unwrap();
    let deletion = registry_core::store::Deletion {
        expected_version: 1,
        reason: "wrong date".into(),
    };
    conn.write(|tx| visits::delete(tx, &ctx, &Scope::All, &v.id, &deletion))
        .unwrap();
    conn.write(|tx| visits::create(tx, &ctx, VisitRow::new(&ctx, &c.id, &p.id, date)))
        .unwrap();
    assert_eq!(visits::count(&mut conn, &Scope::All).unwrap(), 1);
});
