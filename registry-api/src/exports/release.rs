//! The one call into the release pipeline of `registry-export` (`registry_export::release`):
//! the cohort definition's check for `POST /exports`, and the release of a job.

use std::collections::BTreeMap;
use std::path::Path;

use registry_core::FieldError;
use registry_core::store::DbConn;
use registry_export::release::{self, CohortDefinition, ReleaseRequest, Stage};
use serde_json::Value;

/// What a job asks for.
pub struct Request<'a> {
    /// The cohort definition, as sent (checked again here).
    pub cohort: &'a Value,
    /// The k asked for.
    pub k: u32,
    /// The data cut (the day the job started).
    pub data_cut: chrono::NaiveDate,
}

/// A written release.
pub struct Made {
    /// The manifest.
    pub manifest: Value,
    /// SHA-256 of the zip (hex).
    pub sha256: String,
    /// Rows per table.
    pub counts: BTreeMap<String, usize>,
    /// Patients suppressed for k-anonymity.
    pub patients_suppressed: usize,
}

/// Checks a cohort definition; every bad field by its JSON path inside the definition. Returns
/// the center codes it names, which the caller looks up.
pub fn check_cohort(cohort: &Value) -> Result<Vec<String>, Vec<FieldError>> {
    CohortDefinition::parse(cohort).map(|c| c.centers)
}

/// The name of a stage in the job's status, and how far the whole release is when the stage is
/// `percent` done: the four stages count a quarter each.
pub fn overall(stage: Stage, percent: u8) -> (&'static str, u8) {
    let (name, before) = match stage {
        Stage::Reading => ("reading", 0),
        Stage::Building => ("building", 25),
        Stage::Analysing => ("analysing", 50),
        Stage::Writing => ("writing", 75),
    };
    (name, before + percent.min(100) / 4)
}

/// Writes the release of `request` from `conn` (and `helper`, a second connection to the same
/// database, when one is free) to `out`, reporting progress; the error is the reason the job
/// shows.
pub fn make(
    conn: &mut DbConn,
    helper: Option<&mut DbConn>,
    request: &Request<'_>,
    out: &Path,
    progress: &dyn Fn(&'static str, u8),
) -> Result<Made, String> {
    let cohort = CohortDefinition::parse(request.cohort).map_err(|errors| {
        let fields: Vec<String> = errors.iter().map(ToString::to_string).collect();
        format!("the cohort definition is invalid: {}", fields.join("; "))
    })?;
    let request = ReleaseRequest {
        cohort,
        k: request.k,
        // A fresh random key: two releases cannot be linked. The key is never stored.
        key: None,
        data_cut: request.data_cut,
    };
    let summary = release::write_release(conn, helper, &request, out, &|stage, percent| {
        let (stage, percent) = overall(stage, percent);
        progress(stage, percent);
    })
    .map_err(|e| match e {
        release::ReleaseError::Invalid(errors) => {
            let fields: Vec<String> = errors.iter().map(ToString::to_string).collect();
            format!("the request is invalid: {}", fields.join("; "))
        }
        // The cause goes to the log; the job shows no internals.
        other => {
            tracing::error!(error = %other, "release failed");
            "internal error while writing the release".to_owned()
        }
    })?;
    Ok(Made {
        manifest: summary.manifest,
        sha256: summary.sha256,
        counts: summary.counts,
        patients_suppressed: summary.patients_suppressed,
    })
}
