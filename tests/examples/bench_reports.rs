//! The coordinator reports on a whole cohort: one `cohort::read` (timed apart), then each report
//! computed from it, on the database `DATABASE_URL` names.
//!
//! ```sh
//! DATABASE_URL=sqlite:///tmp/bench10k.db \
//!   cargo run --release -- demo --patients 10000 --centers 30 --seed 1
//! DATABASE_URL=sqlite:///tmp/bench10k.db \
//!   cargo run --release -p registry-tests --example bench_reports -- --as-of 2026-06-30
//! ```
//! `--helper 0` reads the cohort on one connection instead of two. Prints the seconds of the read
//! and of each report (wall clock and CPU of this process), the number of rows of each report's
//! tables, the time the cohort takes to free, and then each report end to end as the API computes
//! it (reading only the tables it uses).
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::time::Instant;

use chrono::NaiveDate;
use registry_core::store::cohort::{self, CohortFilter};
use registry_core::store::{self, Scope};
use registry_export::reports::{Identify, Report, ReportKind, ReportOptions, read_and_compute};

fn cpu_seconds() -> f64 {
    // utime + stime of this process, in clock ticks (100 per second on Linux).
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit_once(") ").map_or("", |(_, s)| s);
    let fields: Vec<&str> = after.split_whitespace().collect();
    let tick = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (tick(11) + tick(12)) / 100.0
}

fn main() {
    let url = std::env::var("DATABASE_URL").expect("DATABASE_URL names the database");
    let args: Vec<String> = std::env::args().collect();
    let as_of = args
        .iter()
        .position(|a| a == "--as-of")
        .and_then(|i| args.get(i + 1))
        .and_then(|s| s.parse::<NaiveDate>().ok())
        .unwrap_or_else(registry_core::time::today);
    // `--helper 0`: the cohort read on one connection (by default on two: cohort::read).
    let two = args
        .iter()
        .position(|a| a == "--helper")
        .and_then(|i| args.get(i + 1))
        .is_none_or(|v| v != "0");
    let mut conn = store::establish(&url).unwrap();
    let mut helper = two.then(|| store::establish(&url).unwrap());
    let (t, c) = (Instant::now(), cpu_seconds());
    let rows = cohort::read(
        &mut conn,
        helper.as_mut(),
        &Scope::All,
        &CohortFilter::default(),
    )
    .unwrap();
    println!(
        "read      {:>7.2} s  cpu {:>6.2} s  {} patients",
        t.elapsed().as_secs_f64(),
        cpu_seconds() - c,
        rows.patients.len()
    );
    let options = ReportOptions {
        data_cut: as_of,
        identify: Identify::RecordId,
        drugs: Vec::new(),
    };
    for kind in ReportKind::ALL {
        let (t, c) = (Instant::now(), cpu_seconds());
        let report = Report::compute(kind, &rows, &options).unwrap();
        let (wall, cpu) = (t.elapsed().as_secs_f64(), cpu_seconds() - c);
        let sizes: Vec<String> = report
            .tables()
            .iter()
            .map(|table| {
                let csv = report.csv(Some(table)).unwrap_or_default();
                format!("{table} {}", csv.lines().count().saturating_sub(1))
            })
            .collect();
        println!(
            "{:<13} {wall:>7.2} s  cpu {cpu:>6.2} s  {}",
            kind.code(),
            sizes.join(", ")
        );
    }
    // Each report end to end as the API computes it: reading only the tables it uses, then
    // computing.
    for kind in ReportKind::ALL {
        let (t, c) = (Instant::now(), cpu_seconds());
        let report = read_and_compute(
            &mut conn,
            helper.as_mut(),
            &Scope::All,
            &CohortFilter::default(),
            kind,
            &options,
        )
        .unwrap();
        let (wall, cpu) = (t.elapsed().as_secs_f64(), cpu_seconds() - c);
        drop(report);
        println!(
            "{:<13} {wall:>7.2} s  cpu {cpu:>6.2} s  (read and computed)",
            kind.code()
        );
    }
    let (t, c) = (Instant::now(), cpu_seconds());
    drop(rows);
    println!(
        "drop          {:>7.2} s  cpu {:>6.2} s",
        t.elapsed().as_secs_f64(),
        cpu_seconds() - c
    );
}
