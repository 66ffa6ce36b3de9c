//! `registry demo`: a realistic synthetic multi-center cohort, deterministic and fast, written
//! through the store functions and rules the API uses; and `serve --demo`, which loads a modest
//! one (with one login per role) into an empty database.
//!
//! How a patient comes about, module by module:
//! - [`centers`]: who records how diligently;
//! - [`person`], [`disease`]: who the patient is;
//! - [`history`] with [`next`], [`episode`], [`clinic`], [`response`], [`course`], [`stops`],
//!   [`adverse`]: what happens to them, calibrated in [`calibration`];
//! - [`schedule`], [`instruments`], [`easi`], [`labs`], [`lab_plan`]: what the center enters;
//! - [`build`]: every visit parsed by [`ParsedVisit`](registry_core::visit::ParsedVisit);
//! - [`write`](mod@write): the store, in batches ([`generate()`] runs the pipeline);
//! - [`digest`], [`report`]: what was stored; [`readback`] measures a stored cohort the same way.
//!
//! `docs/demo-data.md` lists the published figures and what a 10,000-patient run measured.
//!
//! [`command`] is the command line around it, [`serve`] the `serve --demo` loader.
//!
//! Determinism: every patient draws from its own seeded stream ([`rng`]), so the same seed,
//! size and data cut (`until`) give the same content and the same digest, on either database.

pub mod adverse;
pub mod adverse_kinds;
pub mod build;
pub mod calibration;
pub mod centers;
pub mod clinic;
pub mod command;
pub mod course;
#[cfg(test)]
mod course_tests;
pub mod digest;
pub mod disease;
pub mod easi;
pub mod episode;
pub mod figures;
pub mod generate;
pub mod history;
pub mod instruments;
pub mod lab_breach;
pub mod lab_plan;
pub mod labs;
pub mod logins;
pub mod next;
pub mod person;
pub mod plan;
pub mod readback;
pub mod regimen;
pub mod report;
pub mod report_classes;
pub mod report_groups;
pub mod report_make_up;
pub mod report_safety;
pub mod report_text;
pub mod response;
pub mod rng;
pub mod schedule;
pub mod serve;
pub mod stops;
pub mod write;
pub mod write_visits;

use std::time::Duration;

use chrono::NaiveDate;
use registry_core::store::StoreError;

pub use generate::{generate, generate_with, has_demo_data};
pub use logins::LOGINS;
pub use serve::{load, load_with};

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
    /// The default data cut: a fixed date (2026-06-30), so a seed means the same cohort on any
    /// day; on a machine whose clock is earlier, today (no date is ever in the future).
    pub fn default_until() -> NaiveDate {
        let fixed = NaiveDate::from_ymd_opt(2026, 6, 30).unwrap_or_default();
        fixed.min(chrono::Utc::now().date_naive())
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
