//! Reading a whole cohort back: [`cohort::read`] of every patient (one snapshot, one statement
//! per table) against the demo's former read-back (pages of 500 patients, then each table per
//! patient and each episode's dose changes and interruptions: about ten statements a patient),
//! on the database `DATABASE_URL` names. The two run alternately, so drift of the machine's speed
//! hits both alike; both give the same content digest.
//!
//! ```sh
//! DATABASE_URL=sqlite:///tmp/bench10k.db \
//!   cargo run --release -- demo --patients 10000 --centers 30 --seed 1
//! DATABASE_URL=sqlite:///tmp/bench10k.db \
//!   cargo run --release -p registry-tests --example bench_cohort -- --runs 5
//! ```
//! Prints, per run, the seconds (and CPU seconds of this process), the statements sent and the
//! rows read, then the best and median run of each method and the digest (see
//! `docs/benchmarks.md`). `--only cohort` or `--only per` runs one method, `--trace 1` prints
//! each statement over 10 ms, `--digest 0` skips the digests.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use diesel::Connection;
use diesel::connection::InstrumentationEvent;
use registry_api::demo::digest::Digest;
use registry_api::demo::write::Written;
use registry_core::store::cohort::{self, CohortFilter};
use registry_core::store::patients::{self, PatientFilter};
use registry_core::store::{
    self, DbConn, Scope, StoreError, adverse_events, centers, comorbidities, labs, treatments,
    vaccinations, visits,
};

fn arg<T: std::str::FromStr>(name: &str, default: T) -> T {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Every patient's records through the cohort read on one connection.
fn by_cohort(conn: &mut DbConn, _: &str) -> Result<Vec<Written>, StoreError> {
    cohort_with(conn, None)
}

/// Every patient's records through the cohort read on two connections (the lab results on the
/// second, established here).
fn by_cohort_two(conn: &mut DbConn, url: &str) -> Result<Vec<Written>, StoreError> {
    let mut helper = store::establish(url)?;
    cohort_with(conn, Some(&mut helper))
}

fn cohort_with(conn: &mut DbConn, helper: Option<&mut DbConn>) -> Result<Vec<Written>, StoreError> {
    let rows = cohort::read(conn, helper, &Scope::All, &CohortFilter::default())?;
    Ok(rows
        .patients
        .into_iter()
        .map(|r| Written {
            center: r.center_code,
            patient: r.patient,
            comorbidities: r.comorbidities,
            vaccinations: r.vaccinations,
            episodes: r.episodes,
            visits: r.visits,
            labs: r.labs,
            adverse_events: r.adverse_events,
        })
        .collect())
}

/// The demo's read-back before the cohort read: a page of patients, then each patient's tables.
fn by_patient(conn: &mut DbConn, _: &str) -> Result<Vec<Written>, StoreError> {
    let mut all = Vec::new();
    let codes: Vec<(String, String)> = centers::list(conn)?
        .into_iter()
        .map(|c| (c.id, c.code))
        .collect();
    let scope = Scope::All;
    let mut after_id = None;
    loop {
        let filter = PatientFilter {
            after_id: after_id.clone(),
            limit: 500,
            ..Default::default()
        };
        let page = patients::list(conn, &scope, &filter)?;
        let Some(last) = page.last() else {
            return Ok(all);
        };
        after_id = Some(last.id.clone());
        for patient in page {
            let id = patient.id.clone();
            let mut episodes = Vec::new();
            for row in treatments::for_patient(conn, &scope, &id)? {
                let doses = treatments::dose_changes(conn, &scope, &row.id)?;
                let pauses = treatments::interruptions(conn, &scope, &row.id)?;
                episodes.push((row, doses, pauses));
            }
            let center = codes
                .iter()
                .find(|(cid, _)| *cid == patient.center_id)
                .map(|(_, code)| code.clone())
                .unwrap_or_default();
            all.push(Written {
                center,
                comorbidities: comorbidities::for_patient(conn, &scope, &id)?,
                vaccinations: vaccinations::for_patient(conn, &scope, &id)?,
                episodes,
                visits: visits::for_patient(conn, &scope, &id)?
                    .iter()
                    .map(visits::VisitRecord::try_from)
                    .collect::<Result<_, _>>()?,
                labs: labs::for_patient(conn, &scope, &id)?
                    .iter()
                    .map(labs::LabRecord::try_from)
                    .collect::<Result<_, _>>()?,
                adverse_events: adverse_events::for_patient(conn, &scope, &id)?,
                patient,
            });
        }
    }
}

type Method = fn(&mut DbConn, &str) -> Result<Vec<Written>, StoreError>;

/// Rows read (patients, episodes, dose changes, interruptions, visits, labs, adverse events,
/// vaccinations, comorbidities).
fn rows(w: &Written) -> usize {
    let episodes: usize = w.episodes.iter().map(|e| 1 + e.1.len() + e.2.len()).sum();
    1 + episodes
        + w.visits.len()
        + w.labs.len()
        + w.adverse_events.len()
        + w.vaccinations.len()
        + w.comorbidities.len()
}

/// One timed run of `method` on a fresh connection: seconds, CPU seconds of this process,
/// statements, patients, rows. With `trace`, prints each statement that took over 10 ms from its
/// start to its end (on SQLite its rows decoded included; PostgreSQL ends a statement when its
/// whole result has arrived, before the rows are decoded).
fn run(url: &str, method: Method, trace: bool) -> (f64, f64, usize, usize, usize) {
    let mut conn = store::establish(url).unwrap();
    let statements = Arc::new(AtomicUsize::new(0));
    let seen = Arc::clone(&statements);
    let mut started = Instant::now();
    conn.set_instrumentation(move |event: InstrumentationEvent<'_>| match event {
        InstrumentationEvent::StartQuery { .. } => {
            seen.fetch_add(1, Ordering::Relaxed);
            started = Instant::now();
        }
        InstrumentationEvent::FinishQuery { query, .. } if trace => {
            let took = started.elapsed().as_secs_f64();
            if took > 0.01 {
                let sql = query.to_string();
                let from = sql.find(" FROM ").unwrap_or(0);
                let table: String = sql[from..].chars().take(30).collect();
                println!("    {took:>7.3} s {table}");
            }
        }
        _ => {}
    });
    let (started, cpu) = (Instant::now(), cpu_seconds());
    let all = method(&mut conn, url).unwrap();
    let seconds = started.elapsed().as_secs_f64();
    let cpu = cpu_seconds() - cpu;
    let read = all.iter().map(rows).sum();
    (
        seconds,
        cpu,
        statements.load(Ordering::Relaxed),
        all.len(),
        read,
    )
}

/// The content digest of what `method` reads.
fn digest(url: &str, method: Method) -> String {
    let mut conn = store::establish(url).unwrap();
    let mut digest = Digest::default();
    for w in method(&mut conn, url).unwrap() {
        digest.add(&w);
    }
    digest.finish()
}

/// The CPU seconds (user and system) this process has used so far (Linux, in clock ticks of
/// 10 ms): on a busy machine a steadier figure than the wall-clock time.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // The fields after the command name, which is in parentheses: utime and stime are the 12th
    // and 13th of them.
    let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let ticks: Vec<f64> = after
        .split_whitespace()
        .skip(11)
        .take(2)
        .filter_map(|t| t.parse().ok())
        .collect();
    ticks.iter().sum::<f64>() / 100.0
}

/// The peak resident set of this process so far, in MiB (Linux).
fn peak_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

fn main() {
    let url = std::env::var("DATABASE_URL").expect("set DATABASE_URL to the benchmark database");
    let runs = arg("--runs", 5);
    let only: String = arg("--only", String::new());
    let trace = arg("--trace", 0) == 1;
    let methods: Vec<(&str, Method)> = [
        ("cohort::read", by_cohort as Method),
        ("cohort::read, 2 connections", by_cohort_two),
        ("per patient", by_patient),
    ]
    .into_iter()
    .filter(|(name, _)| only.is_empty() || name.starts_with(only.as_str()))
    .collect();
    let mut seconds: Vec<Vec<f64>> = vec![Vec::new(); methods.len()];
    for k in 0..runs {
        for (m, (name, method)) in methods.iter().enumerate() {
            let (s, cpu, statements, patients, rows) = run(&url, *method, trace);
            println!(
                "run {k}  {name:<28} {s:>7.3} s (cpu {cpu:>6.2} s)  {statements:>7} statements  {patients} patients  {rows} rows"
            );
            seconds[m].push(s);
            if k == 0 && m == 0 {
                let peak = peak_mib().map_or("?".into(), |p| format!("{p:.0}"));
                println!("peak resident set after the first run: {peak} MiB");
            }
        }
    }
    for ((name, _), mut s) in methods.iter().zip(seconds) {
        s.sort_by(f64::total_cmp);
        if let (Some(best), Some(median)) = (s.first(), s.get(s.len() / 2)) {
            println!("{name:<28} best {best:.3} s  median {median:.3} s");
        }
    }
    if arg("--digest", 1) == 0 {
        return;
    }
    let digests: Vec<String> = methods.iter().map(|(_, m)| digest(&url, *m)).collect();
    println!("digest {}", digests[0]);
    assert!(
        digests.iter().all(|d| *d == digests[0]),
        "the methods read different content: {digests:?}"
    );
}
