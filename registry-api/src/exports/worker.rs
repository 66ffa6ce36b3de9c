//! The export worker: one thread that writes the queued releases one after the other. It takes
//! its connections from the server's pool (the release reads from `REPLICA_DATABASE_URL` when
//! set), writes the zip under a temporary name, renames it when complete, and records the job's
//! stage and percent as the release reports them.

use std::cell::{Cell, RefCell};
use std::path::{Path, PathBuf};

use registry_core::store::exports::{self, ExportJobRow, Finished};
use registry_core::store::{self, Actor, DbConn, Pool, StoreError, WriteCtx, users};

use super::{Jobs, files, release};

/// What the worker needs.
#[derive(Clone)]
pub struct Config {
    /// The server's pool: job bookkeeping, and the release's reads without a replica.
    pub pool: Pool,
    /// `REPLICA_DATABASE_URL`: where releases read from, when set.
    pub replica_url: Option<String>,
    /// The release directory.
    pub dir: PathBuf,
    /// How long a release is kept.
    pub keep: chrono::Duration,
}

/// Prepares the release directory, fails the jobs a stopped server left running, and starts the
/// worker thread (which first runs the jobs still queued).
pub fn start(jobs: &Jobs, config: Config) -> Result<(), StoreError> {
    files::prepare(&config.dir)
        .map_err(|e| StoreError::Config(format!("release directory: {e}")))?;
    let mut conn = config
        .pool
        .get()
        .map_err(|e| StoreError::Connect(e.to_string()))?;
    let interrupted = exports::fail_interrupted(&mut conn, store::now())?;
    if interrupted > 0 {
        tracing::warn!(
            interrupted,
            "export jobs interrupted by a restart were failed"
        );
    }
    drop(conn);
    let jobs = jobs.clone();
    jobs.notify();
    std::thread::Builder::new()
        .name("registry-exports".into())
        .spawn(move || {
            while jobs.next_round().is_some() {
                run_queued(&jobs, &config);
            }
        })
        .map_err(|e| StoreError::Config(format!("cannot start the export worker: {e}")))?;
    Ok(())
}

/// Runs queued jobs until none is left.
fn run_queued(jobs: &Jobs, config: &Config) {
    loop {
        let claimed = config
            .pool
            .get()
            .map_err(|e| StoreError::Connect(e.to_string()))
            .and_then(|mut conn| {
                exports::claim_next(&mut conn, store::now(), registry_core::time::current_date())
            });
        match claimed {
            Ok(Some(job)) => {
                let id = job.id.clone();
                if let Err(e) = run_one(jobs, config, job) {
                    tracing::error!(job = %id, error = %e, "export job failed");
                    fail(config, &id, "internal error while writing the release");
                    files::remove(&files::partial_path(&config.dir, &id));
                    files::remove(&config.dir.join(files::file_name(&id)));
                }
                jobs.ended(&id);
            }
            Ok(None) => return,
            Err(e) => {
                // The next queued job wakes the worker again.
                tracing::error!(error = %e, "export worker cannot read the queue");
                return;
            }
        }
    }
}

fn fail(config: &Config, id: &str, why: &str) {
    let result = config
        .pool
        .get()
        .map_err(|e| StoreError::Connect(e.to_string()))
        .and_then(|mut conn| exports::fail(&mut conn, id, why, store::now()));
    if let Err(e) = result {
        tracing::error!(job = %id, error = %e, "cannot mark an export job failed");
    }
}

/// Writes one claimed job's release and finishes or fails the job.
fn run_one(jobs: &Jobs, config: &Config, job: ExportJobRow) -> Result<(), StoreError> {
    let part = files::partial_path(&config.dir, &job.id);
    let made = write(jobs, config, &job, &part);
    let made = match made {
        Ok(made) => made,
        Err(why) => {
            files::remove(&part);
            tracing::warn!(job = %job.id, error = %why, "release refused");
            fail(config, &job.id, &why);
            return Ok(());
        }
    };
    let name = files::file_name(&job.id);
    let path = config.dir.join(&name);
    std::fs::rename(&part, &path)
        .map_err(|e| StoreError::Config(format!("cannot keep the release file: {e}")))?;
    let mut conn = config
        .pool
        .get()
        .map_err(|e| StoreError::Connect(e.to_string()))?;
    let requester = users::get(&mut conn, &job.requested_by)?;
    let ctx = WriteCtx::new(Actor {
        user_id: requester.id.clone(),
        role: requester.role()?,
        center_id: requester.center_id.clone(),
    });
    let finished = Finished {
        manifest: made.manifest,
        sha256: made.sha256,
        file_name: name,
        counts: made.counts,
        patients_suppressed: made.patients_suppressed,
        expires_at: ctx.now + config.keep,
    };
    let kept = conn.write(|tx| exports::finish(tx, &ctx, &job.id, &finished))?;
    if kept.is_none() {
        // Deleted while it ran: nothing of it is kept.
        files::remove(&path);
    }
    Ok(())
}

/// The release of `job`, written to `out`, with its progress recorded on the job.
fn write(
    jobs: &Jobs,
    config: &Config,
    job: &ExportJobRow,
    out: &Path,
) -> Result<release::Made, String> {
    let cohort = job.cohort_json().map_err(|e| e.to_string())?;
    let k = u32::try_from(job.k).map_err(|_| format!("k {} is not a count", job.k))?;
    let data_cut = job
        .data_cut
        .ok_or_else(|| "the job has no data cut".to_owned())?;
    let status = config.pool.get().map_err(|e| e.to_string())?;
    let status = RefCell::new(status);
    let last: Cell<Option<(&'static str, u8)>> = Cell::new(None);
    let progress = |stage: &'static str, percent: u8| {
        if last.get() == Some((stage, percent)) {
            return;
        }
        last.set(Some((stage, percent)));
        let mut conn = status.borrow_mut();
        if let Err(e) = exports::progress(&mut conn, &job.id, stage, percent) {
            tracing::warn!(job = %job.id, error = %e, "cannot record export progress");
        }
        drop(conn);
        jobs.report(&job.id, stage, percent);
    };
    let mut source = source(config)?;
    // A second connection of the pool, when one is free, reads half the cohort beside the first
    // (cohort::read); a replica is read on one connection.
    let mut helper = match source {
        Source::Primary(_) => config.pool.try_get(),
        Source::Replica(_) => None,
    };
    let request = release::Request {
        cohort: &cohort,
        k,
        data_cut,
    };
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        release::make(
            source.conn(),
            helper.as_deref_mut(),
            &request,
            out,
            &progress,
        )
    }))
    .map_err(|_| "internal error while writing the release".to_owned())?
}

/// The connection a release reads from: the replica when configured, else one of the pool.
enum Source {
    Replica(DbConn),
    Primary(store::PooledConn),
}

impl Source {
    fn conn(&mut self) -> &mut DbConn {
        match self {
            Self::Replica(c) => c,
            Self::Primary(c) => c,
        }
    }
}

fn source(config: &Config) -> Result<Source, String> {
    match &config.replica_url {
        Some(url) => store::establish(url).map(Source::Replica).map_err(|e| {
            tracing::error!(error = %e, "cannot connect to REPLICA_DATABASE_URL");
            "the replica database cannot be reached; try again later".to_owned()
        }),
        None => config
            .pool
            .get()
            .map(Source::Primary)
            .map_err(|e| e.to_string()),
    }
}
