//! One module per kind of file: its columns, how a row becomes the API's input, the row's
//! identity among stored records, and how it is written. Shared here: the `center` and
//! `patient` cells every kind has.

mod adverse_events;
mod labs;
mod patients;
mod treatments;
mod visit_columns;
mod visits;

use std::collections::HashMap;
use std::io::BufRead;

use registry_core::store::DbConn;
use registry_core::store::patients::PatientKey;

use super::cells::Row;
use super::csv::CsvReader;
use super::header::Header;
use super::run::{ImportError, Job};
use super::{Conflict, Kind, Mode, OnConflict, Report, RowError};

/// The columns a file of `kind` must have.
pub fn columns(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Patients => patients::COLUMNS,
        Kind::Treatments => treatments::COLUMNS,
        Kind::Visits => visit_columns::COLUMNS,
        Kind::Labs => labs::COLUMNS,
        Kind::AdverseEvents => adverse_events::COLUMNS,
    }
}

/// Imports every row after the header; returns the reader at the end of the file.
pub fn import<R: BufRead + Send>(
    kind: Kind,
    tx: &mut DbConn,
    job: &Job,
    header: &Header,
    csv: CsvReader<R>,
    report: &mut Report,
) -> Result<CsvReader<R>, ImportError> {
    match kind {
        Kind::Patients => patients::import(tx, job, header, csv, report),
        Kind::Treatments => treatments::import(tx, job, header, csv, report),
        Kind::Visits => visits::import(tx, job, header, csv, report),
        Kind::Labs => labs::import(tx, job, header, csv, report),
        Kind::AdverseEvents => adverse_events::import(tx, job, header, csv, report),
    }
}

/// Checks the row's `center` cell: every row names the center imported into (a center user
/// imports into its own center only).
pub fn check_center(row: &mut Row<'_>, job: &Job) {
    match row.text("center") {
        Some(code) if code.eq_ignore_ascii_case(&job.center.code) => {}
        Some(code) => row.error(
            "center",
            format!(
                "'{code}' is not the center of this import ({}): rows of another center cannot be imported here",
                job.center.code
            ),
        ),
        None => row.error("center", "this column is required"),
    }
}

/// The center's patients by local reference (their keys only: the memory of an import depends
/// neither on its file nor, beyond a few short values per patient, on the center's size).
pub struct Patients(HashMap<String, PatientKey>);

impl Patients {
    /// Loads the patients of the job's center.
    pub fn load(tx: &mut DbConn, job: &Job) -> Result<Self, ImportError> {
        let keys = registry_core::store::patients::keys_in_center(tx, &job.center.id)?;
        Ok(Self(
            keys.into_iter().map(|p| (p.local_ref.clone(), p)).collect(),
        ))
    }

    /// The row's patient (`patient` cell), or an error at `patient`.
    pub fn of<'a>(&'a self, row: &mut Row<'_>, job: &Job) -> Option<&'a PatientKey> {
        let local_ref = row.required("patient")?;
        let found = self.0.get(local_ref);
        if found.is_none() {
            row.error(
                "patient",
                format!(
                    "no patient '{local_ref}' in center {} (import the patients first)",
                    job.center.code
                ),
            );
        }
        found
    }
}

/// True while rows may be written: never in the checking pass; always in `valid-rows` mode; in
/// `all-or-nothing` mode until the first bad row (after it the rest is only checked, for the
/// report).
pub fn may_write(job: &Job, report: &Report) -> bool {
    !job.check_only && (job.options.mode == Mode::ValidRows || !report.has_failures())
}

/// A row whose record (by identity) is stored already.
pub struct Stored<'a> {
    /// The row's line.
    pub line: u64,
    /// The record's identity in words.
    pub identity: String,
    /// The stored record's id.
    pub record_id: &'a str,
    /// The import the stored record came from.
    pub import_id: &'a Option<String>,
    /// The columns whose values differ.
    pub columns: Vec<String>,
    /// The column a duplicate row of the file is reported at.
    pub column: &'static str,
}

/// Decides about a row whose record is stored: the same values are skipped; other values are an
/// error when the stored record came from an earlier line of this file, else a conflict, or an
/// update with `on_conflict=update`. Returns the reason when the caller must write the update.
pub fn resolve<'j>(job: &'j Job, report: &mut Report, stored: Stored<'_>) -> Option<&'j str> {
    if stored.columns.is_empty() {
        report.rows_skipped += 1;
        return None;
    }
    if *stored.import_id == job.ctx.import_id {
        let message = format!(
            "{} is also on an earlier line of this file, with other values",
            stored.identity
        );
        report.fail(vec![RowError::new(stored.line, stored.column, message)]);
        return None;
    }
    match &job.options.on_conflict {
        OnConflict::Update { reason } => {
            report.rows_updated += 1;
            may_write(job, report).then_some(reason.as_str())
        }
        OnConflict::Report => {
            report.conflict(Conflict {
                line: stored.line,
                record_id: stored.record_id.to_owned(),
                identity: stored.identity,
                columns: stored.columns,
            });
            None
        }
    }
}

/// The names of the columns whose pair of values differ.
pub fn differing(pairs: &[(&str, bool)]) -> Vec<String> {
    pairs
        .iter()
        .filter(|(_, differs)| *differs)
        .map(|(c, _)| (*c).to_owned())
        .collect()
}
