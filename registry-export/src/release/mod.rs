//! Anonymised research releases (CLINICAL.md §7, DESIGN.md "Export pipeline"): a cohort read in
//! one snapshot, turned into row tables with study days instead of dates, pseudonymised with a
//! key made for the release, generalised and made k-anonymous by suppressing whole patients,
//! analysed from exactly the rows released, and written as Parquet and CSV with a codebook,
//! plots and a manifest into one zip.
//!
//! ```text
//! read (cohort::read, one snapshot) → build rows (timeline: episodes, study days, windows,
//! baselines, responses) → suppress (consent, k) → pseudonyms and center codes → analyses
//! (Courses of the released episodes) → frames (checked against the column table) → zip
//! ```
//!
//! The same snapshot and the same key give byte-identical tables, codebook and plots; only the
//! manifest's release id and release year change.

mod analyse;
mod audit;
mod build;
mod cohort;
pub mod columns;
mod frames;
mod suppress;
mod write;

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests;

use std::collections::BTreeMap;
use std::path::Path;

use chrono::NaiveDate;
use registry_core::error::FieldError;
use registry_core::store::{DbConn, Scope, StoreError, centers};

pub use audit::audit_release;
pub use cohort::{CohortDefinition, PublicCohort};
pub use registry_core::anonymise::ReleaseKey;
pub use write::{Manifest, ManifestPatients};

/// The smallest k a release may ask for.
pub const MIN_K: u32 = 2;
/// The k of a release unless asked otherwise.
pub const DEFAULT_K: u32 = 5;

/// What to release.
#[derive(Debug, Clone)]
pub struct ReleaseRequest {
    /// Which patients.
    pub cohort: CohortDefinition,
    /// The k of k-anonymity (at least [`MIN_K`]).
    pub k: u32,
    /// The pseudonym key; `None` draws a fresh random key (the usual case: releases then cannot
    /// be linked). The key is never written anywhere.
    pub key: Option<ReleaseKey>,
    /// The data cut: records after it are left out, and research consent is checked on it.
    pub data_cut: NaiveDate,
}

/// The stages of a release, reported with a percentage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Reading the cohort from the database.
    Reading,
    /// Building and anonymising the row tables.
    Building,
    /// Computing the analyses.
    Analysing,
    /// Writing the files and the zip.
    Writing,
}

/// What a release produced.
#[derive(Debug, Clone)]
pub struct ReleaseSummary {
    /// The manifest as written into the zip.
    pub manifest: serde_json::Value,
    /// SHA-256 of the zip (lowercase hex).
    pub sha256: String,
    /// Rows per table.
    pub counts: BTreeMap<String, usize>,
    /// Patients suppressed whole because their class was smaller than k.
    pub patients_suppressed: usize,
}

/// Why a release failed.
#[derive(Debug, thiserror::Error)]
pub enum ReleaseError {
    /// The request is invalid (JSON paths: `cohort.centers[0]`, `k`).
    #[error("invalid release request: {}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    Invalid(Vec<FieldError>),
    /// Reading the cohort failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Writing the files failed.
    #[error("writing the release: {0}")]
    Io(#[from] std::io::Error),
    /// Building or writing a table failed.
    #[error("building a table: {0}")]
    Polars(#[from] polars::error::PolarsError),
    /// Writing the zip failed.
    #[error("writing the zip: {0}")]
    Zip(#[from] zip::result::ZipError),
    /// A table holds a column the column table does not describe (never released).
    #[error("column {table}.{column} has no entry in the column table: nothing was released")]
    Unclassified {
        /// The table.
        table: String,
        /// The column.
        column: String,
    },
}

/// Parses a release key given as 64 hex digits (`--release-key`).
pub fn parse_release_key(hex_key: &str) -> Result<ReleaseKey, FieldError> {
    let bytes = hex::decode(hex_key.trim())
        .map_err(|_| FieldError::new("", "the release key must be 64 hex digits"))?;
    let bytes: [u8; ReleaseKey::LEN] = bytes
        .try_into()
        .map_err(|_| FieldError::new("", "the release key must be 64 hex digits (32 bytes)"))?;
    ReleaseKey::from_random_bytes(bytes)
}

/// A fresh release key from the thread's cryptographic random generator (seeded by the
/// operating system).
pub fn fresh_release_key() -> ReleaseKey {
    loop {
        let bytes: [u8; ReleaseKey::LEN] = rand::random();
        if let Ok(key) = ReleaseKey::from_random_bytes(bytes) {
            return key;
        }
    }
}

/// The center ids of the definition's center codes; unknown codes are errors at
/// `cohort.centers[i]`.
fn center_ids(conn: &mut DbConn, cohort: &CohortDefinition) -> Result<Vec<String>, ReleaseError> {
    let mut ids = Vec::new();
    let mut errors = Vec::new();
    for (i, code) in cohort.centers.iter().enumerate() {
        match centers::by_code(conn, code) {
            Ok(center) => ids.push(center.id),
            Err(StoreError::NotFound) => errors.push(FieldError::new(
                format!("cohort.centers[{i}]"),
                format!("no center with the code {code}"),
            )),
            Err(e) => return Err(e.into()),
        }
    }
    if errors.is_empty() {
        Ok(ids)
    } else {
        Err(ReleaseError::Invalid(errors))
    }
}

/// Reads the cohort of `request` in one snapshot (researchers see every center), builds and
/// anonymises its rows and analyses exactly the rows released.
fn prepare(
    conn: &mut DbConn,
    helper: Option<&mut DbConn>,
    request: &ReleaseRequest,
    progress: &dyn Fn(Stage, u8),
) -> Result<(suppress::Released, crate::analyses::Analyses), ReleaseError> {
    if request.k < MIN_K {
        return Err(ReleaseError::Invalid(vec![FieldError::new(
            "k",
            format!("k must be at least {MIN_K}"),
        )]));
    }
    progress(Stage::Reading, 0);
    let ids = center_ids(conn, &request.cohort)?;
    let filter = request.cohort.filter(ids, request.data_cut);
    let rows = registry_core::store::cohort::read(conn, helper, &Scope::All, &filter)?;
    progress(Stage::Reading, 100);

    progress(Stage::Building, 0);
    let built = build::build(rows, request.data_cut)?;
    progress(Stage::Building, 50);
    let key = request.key.clone().unwrap_or_else(fresh_release_key);
    let released = suppress::release(built, &key, request.k as usize);
    progress(Stage::Building, 100);

    progress(Stage::Analysing, 0);
    let analyses = analyse::analyse(&released);
    progress(Stage::Analysing, 100);
    Ok((released, analyses))
}

/// Reads the cohort of `request` in one snapshot (researchers see every center; on `helper`
/// too when given: [`registry_core::store::cohort::read`]), anonymises it, analyses the released
/// rows and writes the release zip to `out`, reporting progress.
pub fn write_release(
    conn: &mut DbConn,
    helper: Option<&mut DbConn>,
    request: &ReleaseRequest,
    out: &Path,
    progress: &dyn Fn(Stage, u8),
) -> Result<ReleaseSummary, ReleaseError> {
    let (released, analyses) = prepare(conn, helper, request, progress)?;
    progress(Stage::Writing, 0);
    let tables = frames::tables(&released, &analyses)?;
    progress(Stage::Writing, 30);
    let summary = write::write(out, request, &released, tables, &analyses, &|p| {
        progress(Stage::Writing, (30 + u32::from(p.min(100)) * 7 / 10) as u8)
    })?;
    progress(Stage::Writing, 100);
    Ok(summary)
}

/// `registry analyse`: the aggregate tables of the release `request` describes (every table
/// without a patient pseudonym: curves, window proportions, re-treatment, switches, drug
/// survival), as CSV and Parquet, their codebook and the plots, written into the directory
/// `dir` (created if needed) — the same numbers a release of the same snapshot holds, without
/// any patient-level row. Returns the rows per table written.
pub fn write_analyses(
    conn: &mut DbConn,
    helper: Option<&mut DbConn>,
    request: &ReleaseRequest,
    dir: &Path,
    progress: &dyn Fn(Stage, u8),
) -> Result<BTreeMap<String, usize>, ReleaseError> {
    let (released, analyses) = prepare(conn, helper, request, progress)?;
    progress(Stage::Writing, 0);
    let tables = frames::tables(&released, &analyses)?;
    let counts = write::write_aggregates(dir, tables, &analyses)?;
    progress(Stage::Writing, 100);
    Ok(counts)
}
