//! `registry demo`: a realistic synthetic multi-center cohort, deterministic and fast, written
//! through the store functions and rules the API uses; and `serve --demo`, which loads a modest
//! one (with one login per role) into an empty database.
//!
//! How a patient comes about, module by module:
//! [`centers`] (who records how diligently) → [`person`] and [`disease`] (who the patient is) →
//! [`history`] with [`next`], [`episode`], [`clinic`], [`response`], [`course`], [`stops`],
//! [`adverse`] (what happens to them, calibrated in [`calibration`]) → [`schedule`],
//! [`instruments`], [`easi`], [`labs`], [`lab_plan`] (what the center enters) → [`build`] (parsed
//! by [`ParsedVisit`](registry_core::visit::ParsedVisit)) → [`write`] (the store) → [`digest`]
//! and [`report`] (what was stored; [`readback`] measures a stored cohort the same way). `docs/demo-data.md` lists the figures and what a
//! 10,000-patient run measured.
//!
//! [`command`] is the command line around [`generate`].
//!
//! Determinism: every patient draws from its own seeded stream ([`rng`]), so the same seed,
//! size and data cut (`until`) give the same content and the same digest, on either database.

pub mod adverse;
pub mod build;
pub mod calibration;
pub mod centers;
pub mod clinic;
pub mod command;
pub mod course;
pub mod digest;
pub mod disease;
pub mod easi;
pub mod episode;
pub mod history;
pub mod instruments;
pub mod lab_plan;
pub mod labs;
pub mod logins;
pub mod next;
pub mod outcomes;
pub mod person;
pub mod plan;
pub mod readback;
pub mod regimen;
pub mod report;
pub mod report_groups;
pub mod report_make_up;
pub mod report_safety;
pub mod report_text;
pub mod response;
pub mod rng;
pub mod schedule;
pub mod stops;
pub mod write;

use std::time::{Duration, Instant};

use chrono::NaiveDate;
use registry_core::store::patients::{self, PatientFilter};
use registry_core::store::{Actor, DbConn, Scope, StoreError, WriteCtx, centers as center_store};

use crate::AppState;
use crate::error::ApiError;
pub use logins::LOGINS;

/// Patients generated and stored per transaction.
const BATCH: usize = 100;

/// What to generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Number of patients.
    pub patients: usize,
    /// Number of centers (the first two are UMCU and EMC, which carry the center logins).
    pub centers: usize,
    /// Seed of the random streams.
    pub seed: u64,
    /// End of follow-up (the data cut); no date after it is generated.
    pub until: NaiveDate,
}

impl Config {
    /// The default data cut: a fixed date, so a seed means the same cohort on any day.
    pub fn default_until() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 6, 30).unwrap_or_default()
    }

    /// The cohort `serve --demo` loads: 300 patients in 6 centers, seed 2025.
    pub fn serve_default() -> Self {
        Self {
            patients: 300,
            centers: 6,
            seed: 2025,
            until: Self::default_until(),
        }
    }
}

/// Why the generator stopped.
#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    /// The database refused a write.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A generated visit broke a rule (a bug in the generator).
    #[error("a generated record is invalid: {0}")]
    Invalid(registry_core::ValidationErrors),
    /// A generated value broke a rule (a bug in the generator).
    #[error("a generated value is invalid: {0:?}")]
    Field(#[from] registry_core::FieldError),
    /// The configuration cannot be generated.
    #[error("{0}")]
    Config(String),
    /// The database holds demo data already.
    #[error(
        "the database already holds demo data (center UMCU has patients): use an empty database"
    )]
    AlreadyLoaded,
    /// Anything else.
    #[error("{0}")]
    Internal(String),
}

impl From<diesel::result::Error> for DemoError {
    fn from(e: diesel::result::Error) -> Self {
        Self::Store(e.into())
    }
}

/// What a run generated.
#[derive(Debug)]
pub struct Summary {
    /// SHA-256 of the canonical dump of the content ([`digest`]).
    pub digest: String,
    /// Patients stored.
    pub patients: usize,
    /// The cohort measured.
    pub report: report::Report,
    /// Wall time.
    pub elapsed: Duration,
}

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

/// `serve --demo`: loads the default cohort ([`Config::serve_default`]) into a database without
/// demo data, then the demo centers' logins; returns the logins to print (role, e-mail,
/// password).
pub async fn load(state: &AppState) -> Result<Vec<(String, String, String)>, ApiError> {
    load_with(state, &Config::serve_default()).await
}

/// [`load`] with another cohort.
pub async fn load_with(
    state: &AppState,
    config: &Config,
) -> Result<Vec<(String, String, String)>, ApiError> {
    let config = config.clone();
    state
        .db
        .run(move |conn| {
            if !has_demo_data(conn)? {
                let summary = generate(conn, &config, &mut |_, _| {})
                    .map_err(|e| ApiError::Internal(e.to_string()))?;
                tracing::info!(patients = summary.patients, digest = %summary.digest, "demo cohort loaded");
            }
            Ok(())
        })
        .await?;
    logins::load(state).await
}
