//! The reports on the demo cohort: its centers differ in completeness as the generator intends
//! (UMCU and EMC diligent, AUMC average, LUMC patchy: `registry-api/src/demo/centers.rs`), and
//! every number of the completeness report is the count of the records the overdue report
//! lists. Both backends.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use diesel::Connection;
use diesel::connection::InstrumentationEvent;

use registry_api::demo::{self, Config};
use registry_core::store::cohort::{self, CohortFilter, Tables};
use registry_core::store::{Scope, StoreError};
use registry_export::reports::{
    Identify, Report, ReportKind, ReportOptions, completeness, overdue, read_and_compute,
};
use registry_tests::db_test;
use registry_tests::fixtures::date;

db_test!(the_demo_centers_differ_in_completeness_as_generated, |db| {
    let until = date(2026, 6, 30);
    let config = Config {
        patients: 240,
        centers: 4,
        seed: 11,
        until,
    };
    demo::generate(&mut db.conn(), &config, &mut |_, _| {}).unwrap();
    let (mut conn, mut helper) = (db.conn(), db.conn());
    let rows = cohort::read(
        &mut conn,
        Some(&mut helper),
        &Scope::All,
        &CohortFilter::default(),
    )
    .unwrap();
    let options = ReportOptions {
        data_cut: until,
        identify: Identify::RecordId,
        drugs: Vec::new(),
    };
    let report = completeness::completeness(&rows, &options).unwrap();
    // Per center: (expected, recorded) visits, (expected, complete) fields, (expected, done) labs.
    let mut by_center: BTreeMap<String, [(u64, u64); 3]> = BTreeMap::new();
    for r in &report.rows {
        let k = match r.kind.as_str() {
            "visit" => 0,
            "field" => 1,
            _ => 2,
        };
        let t = &mut by_center.entry(r.center.clone()).or_default()[k];
        t.0 += r.expected;
        t.1 += r.recorded + r.missing_with_reason;
    }
    let share = |center: &str, k: usize| {
        let (e, r) = by_center[center][k];
        assert!(e > 50, "{center}: {e} expected");
        r as f64 / e as f64
    };
    for k in 0..3 {
        let (umcu, emc, aumc, lumc) = (
            share("UMCU", k),
            share("EMC", k),
            share("AUMC", k),
            share("LUMC", k),
        );
        assert!(
            umcu > aumc && emc > aumc && aumc > lumc,
            "kind {k}: UMCU {umcu:.3}, EMC {emc:.3}, AUMC {aumc:.3}, LUMC {lumc:.3}"
        );
    }

    // The rows come in order: center, diagnosis, drug, then visits, fields and labs, visits by
    // window; the trend by center and quarter.
    let kind_rank = |k: &str| {
        ["visit", "field", "lab"]
            .iter()
            .position(|x| *x == k)
            .unwrap()
    };
    let keys: Vec<_> = report
        .rows
        .iter()
        .map(|r| (&r.center, &r.diagnosis, &r.drug, kind_rank(&r.kind)))
        .collect();
    assert!(keys.is_sorted(), "completeness rows out of order");
    let visit_weeks: Vec<_> = report
        .rows
        .iter()
        .filter(|r| r.kind == "visit")
        .map(|r| {
            (
                &r.center,
                &r.diagnosis,
                &r.drug,
                r.window[1..].parse::<u32>().unwrap(),
            )
        })
        .collect();
    assert!(visit_weeks.is_sorted(), "visit windows out of order");
    assert!(
        report
            .trend
            .is_sorted_by_key(|t| (t.center.clone(), t.quarter.clone())),
        "trend out of order"
    );

    // Every missing nominal visit is one row of the overdue report.
    let missing: u64 = report
        .rows
        .iter()
        .filter(|r| r.kind == "visit")
        .map(|r| r.missing)
        .sum();
    let listed = overdue::overdue(&rows, &options)
        .unwrap()
        .rows
        .iter()
        .filter(|r| r.kind == "missed_window")
        .count() as u64;
    assert_eq!(missing, listed);
    assert!(missing > 0);
});

db_test!(
    each_report_reads_only_its_tables_and_computes_what_the_full_read_gives,
    |db| {
        let until = date(2026, 6, 30);
        let config = Config {
            patients: 120,
            centers: 3,
            seed: 5,
            until,
        };
        demo::generate(&mut db.conn(), &config, &mut |_, _| {}).unwrap();
        let (mut conn, mut helper) = (db.conn(), db.conn());
        let everyone = CohortFilter::default();
        let full = cohort::read(&mut conn, None, &Scope::All, &everyone).unwrap();
        let options = ReportOptions {
            data_cut: until,
            identify: Identify::RecordId,
            drugs: Vec::new(),
        };
        // The patient tables the statements read from, on both connections.
        let read_from: Arc<Mutex<Vec<&'static str>>> = Arc::default();
        for c in [&mut conn, &mut helper] {
            let seen = Arc::clone(&read_from);
            c.set_instrumentation(move |event: InstrumentationEvent<'_>| {
                if let InstrumentationEvent::FinishQuery { query, .. } = event {
                    let sql = query.to_string();
                    for table in PATIENT_TABLES {
                        // PostgreSQL quotes names with double quotes, SQLite with backticks.
                        if sql.contains(&format!("FROM \"{table}\""))
                            || sql.contains(&format!("FROM `{table}`"))
                        {
                            seen.lock().unwrap().push(table);
                        }
                    }
                }
            });
        }
        for kind in ReportKind::ALL {
            let from_full = Report::compute(kind, &full, &options).unwrap();
            read_from.lock().unwrap().clear();
            let own = read_and_compute(
                &mut conn,
                Some(&mut helper),
                &Scope::All,
                &everyone,
                kind,
                &options,
            )
            .unwrap();
            assert_eq!(own, from_full, "{}", kind.code());
            let mut tables = std::mem::take(&mut *read_from.lock().unwrap());
            tables.sort_unstable();
            tables.dedup();
            let expected: &[&str] = match kind {
                ReportKind::Safety => &["adverse_events", "lab_results"],
                ReportKind::DataQuality => &["adverse_events", "lab_results", "visits"],
                ReportKind::Completeness | ReportKind::Overdue => &["lab_results", "visits"],
            };
            assert_eq!(tables, expected, "{}", kind.code());

            // A cohort read without one of the report's tables is refused, not reported on.
            let needs = kind.reads();
            let lacking = [
                Tables {
                    visits: false,
                    ..needs
                },
                Tables {
                    adverse_events: false,
                    ..needs
                },
            ];
            for without in lacking.into_iter().filter(|t| *t != needs) {
                let partial =
                    cohort::read_tables(&mut conn, None, &Scope::All, &everyone, without).unwrap();
                assert!(
                    matches!(
                        Report::compute(kind, &partial, &options),
                        Err(StoreError::Unread(_))
                    ),
                    "{} from {without:?}",
                    kind.code()
                );
            }
        }
    }
);

/// The tables of a patient's records besides its episodes.
const PATIENT_TABLES: [&str; 5] = [
    "visits",
    "lab_results",
    "adverse_events",
    "vaccinations",
    "comorbidities",
];
