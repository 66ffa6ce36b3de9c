//! The generation pipeline: centers into the store, then patients simulated on one thread,
//! written in batches on the calling one, and measured (digest, report) on a third.

use std::time::Instant;

use registry_core::store::patients::{self, PatientFilter};
use registry_core::store::{Actor, DbConn, Scope, StoreError, WriteCtx, centers as center_store};

use super::{Config, DemoError, Summary, build, centers, digest, report, write};

/// Patients generated and stored per transaction.
const BATCH: usize = 100;

/// True when the demo center UMCU exists and has patients.
pub fn has_demo_data(conn: &mut DbConn) -> Result<bool, StoreError> {
    let Ok(umcu) = center_store::by_code(conn, "UMCU") else {
        return Ok(false);
    };
    let filter = PatientFilter {
        center_id: Some(umcu.id),
        limit: 1,
        ..Default::default()
    };
    Ok(!patients::list(conn, &Scope::All, &filter)?.is_empty())
}

/// Generates the cohort of `config` into `conn`, calling `progress(done, total)` after each
/// batch. Patients are simulated on one thread, written on the calling one and measured
/// (digest, report) on a third.
pub fn generate(
    conn: &mut DbConn,
    config: &Config,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Summary, DemoError> {
    let started = Instant::now();
    if config.patients == 0 || config.centers == 0 {
        return Err(DemoError::Config(
            "give at least one patient and one center".into(),
        ));
    }
    if config.until > chrono::Utc::now().date_naive() {
        return Err(DemoError::Config(format!(
            "--until {} is in the future",
            config.until
        )));
    }
    if has_demo_data(conn)? {
        return Err(DemoError::AlreadyLoaded);
    }
    let centers = centers::centers(config.seed, config.centers);
    let ctx = WriteCtx::new(Actor::system());
    let ids: Vec<(String, String)> = conn.write(|tx| {
        centers
            .iter()
            .map(|c| {
                let row = match center_store::by_code(tx, &c.code) {
                    Ok(row) => row,
                    Err(StoreError::NotFound) => center_store::create(tx, &ctx, &c.code, &c.name)?,
                    Err(e) => return Err(e),
                };
                Ok((row.code, row.id))
            })
            .collect::<Result<_, StoreError>>()
    })?;
    let (total, seed, until) = (config.patients, config.seed, config.until);
    let mut done = 0;
    let (digest, report) = std::thread::scope(|scope| {
        let (sender, receiver) = std::sync::mpsc::sync_channel(4);
        let (stored, to_measure) = std::sync::mpsc::sync_channel::<Vec<write::Written>>(4);
        let centers = &centers;
        scope.spawn(move || {
            for from in (0..total).step_by(BATCH) {
                let batch: Result<Vec<_>, DemoError> = (from..total.min(from + BATCH))
                    .map(|i| build::patient(seed, i, centers, until))
                    .collect();
                let failed = batch.is_err();
                if sender.send(batch).is_err() || failed {
                    break;
                }
            }
        });
        let measurer = scope.spawn(move || {
            let mut digest = digest::Digest::default();
            let mut report = report::Report::default();
            for batch in to_measure {
                for w in &batch {
                    digest.add(w);
                    report.add(w, until);
                }
            }
            (digest.finish(), report)
        });
        for batch in receiver {
            let ctx = WriteCtx::new(Actor::system());
            let written = write::batch(conn, &ctx, &ids, batch?)?;
            done += written.len();
            progress(done, total);
            if stored.send(written).is_err() {
                break;
            }
        }
        drop(stored);
        measurer
            .join()
            .map_err(|_| DemoError::Internal("the report thread failed".into()))
    })?;
    Ok(Summary {
        digest,
        patients: done,
        report,
        elapsed: started.elapsed(),
    })
}
