//! The generation pipeline: centers into the store, then patients simulated on one thread,
//! written in batches of one center by one or more writer threads (a connection each), and
//! measured (digest, report) on the calling one.

use std::time::Instant;

use registry_core::store::patients::{self, PatientFilter};
use registry_core::store::{Actor, DbConn, Scope, StoreError, WriteCtx, centers as center_store};

use super::{Config, DemoError, Summary, build, centers, digest, report, write};

/// Patients of one center stored per transaction.
const BATCH: usize = 50;

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
/// batch (see [`generate_with`]).
pub fn generate(
    conn: &mut DbConn,
    config: &Config,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Summary, DemoError> {
    generate_with(std::slice::from_mut(conn), config, progress)
}

/// Generates the cohort of `config` through `conns` (one writer per connection, all to the same
/// database), calling `progress(done, total)` after each batch. Patients are simulated on one
/// thread and grouped by center into batches; each writer stores a batch in one transaction; the
/// calling thread measures what was stored (digest, report). Batches of different centers touch
/// different audit chains, so on PostgreSQL two writers proceed side by side; on SQLite, which
/// allows one writer at a time, give one connection.
pub fn generate_with(
    conns: &mut [DbConn],
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
    let Some(conn) = conns.first_mut() else {
        return Err(DemoError::Config("give at least one connection".into()));
    };
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
    let mut digest = digest::Digest::default();
    let mut report = report::Report::default();
    let mut failed = None;
    std::thread::scope(|scope| {
        let (sender, receiver) = std::sync::mpsc::sync_channel(4);
        let (stored, written) = std::sync::mpsc::sync_channel::<Result<_, DemoError>>(4);
        let receiver = std::sync::Arc::new(std::sync::Mutex::new(receiver));
        let centers = &centers;
        scope.spawn(move || simulate(seed, total, centers, until, &sender));
        for conn in conns.iter_mut() {
            let (receiver, stored, ids) = (receiver.clone(), stored.clone(), &ids);
            scope.spawn(move || {
                loop {
                    let next = match receiver.lock() {
                        Ok(r) => r.recv(),
                        Err(_) => return,
                    };
                    let Ok(batch) = next else { return };
                    let result = batch.and_then(|bundles| {
                        let ctx = WriteCtx::new(Actor::system());
                        write::batch(conn, &ctx, ids, bundles)
                    });
                    let failed = result.is_err();
                    if stored.send(result).is_err() || failed {
                        return;
                    }
                }
            });
        }
        drop((stored, receiver));
        for batch in written {
            match batch {
                Ok(batch) => {
                    for w in &batch {
                        digest.add(w);
                        report.add(w, until);
                    }
                    done += batch.len();
                    progress(done, total);
                }
                Err(e) => {
                    failed = Some(e);
                    break;
                }
            }
        }
        // Dropping `written` here stops the writers, which stops the simulation.
    });
    if let Some(e) = failed {
        return Err(e);
    }
    Ok(Summary {
        digest: digest.finish(),
        patients: done,
        report,
        elapsed: started.elapsed(),
    })
}

/// Simulates patients `0..total` in order and sends them to the writers grouped by center, in
/// batches of [`BATCH`] (the rest of each center at the end); stops at the first failure or when
/// nobody receives.
fn simulate(
    seed: u64,
    total: usize,
    centers: &[centers::Center],
    until: chrono::NaiveDate,
    sender: &std::sync::mpsc::SyncSender<Result<Vec<build::Bundle>, DemoError>>,
) {
    let mut pending: Vec<Vec<build::Bundle>> = centers.iter().map(|_| Vec::new()).collect();
    for i in 0..total {
        let bundle = match build::patient(seed, i, centers, until) {
            Ok(bundle) => bundle,
            Err(e) => {
                let _ = sender.send(Err(e));
                return;
            }
        };
        let Some(queue) = pending.get_mut(bundle.person.center) else {
            let _ = sender.send(Err(DemoError::Internal("center".into())));
            return;
        };
        queue.push(bundle);
        if queue.len() >= BATCH && sender.send(Ok(std::mem::take(queue))).is_err() {
            return;
        }
    }
    for queue in pending.into_iter().filter(|q| !q.is_empty()) {
        if sender.send(Ok(queue)).is_err() {
            return;
        }
    }
}
