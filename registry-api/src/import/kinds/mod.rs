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
use super::header::{Columns, Header};
use super::run::{ImportError, Job};
use super::{Conflict, ConflictValue, Kind, Mode, OnConflict, Report, RowError};

/// The columns of `kind`: the required ones, the template's, and the further ones it reads.
pub fn columns(kind: Kind) -> Columns {
    let (required, standard, extra) = match kind {
        Kind::Patients => (patients::REQUIRED, patients::COLUMNS, patients::EXTRA),
        Kind::Treatments => (treatments::REQUIRED, treatments::COLUMNS, treatments::EXTRA),
        Kind::Visits => (
            visit_columns::REQUIRED,
            visit_columns::COLUMNS,
            visit_columns::EXTRA,
        ),
        Kind::Labs => (labs::REQUIRED, labs::COLUMNS, labs::EXTRA),
        Kind::AdverseEvents => (
            adverse_events::REQUIRED,
            adverse_events::COLUMNS,
            adverse_events::EXTRA,
        ),
    };
    Columns {
        required,
        standard,
        extra,
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
    let csv = match kind {
        Kind::Patients => patients::import(tx, job, header, csv, report),
        Kind::Treatments => treatments::import(tx, job, header, csv, report),
        Kind::Visits => visits::import(tx, job, header, csv, report),
        Kind::Labs => labs::import(tx, job, header, csv, report),
        Kind::AdverseEvents => adverse_events::import(tx, job, header, csv, report),
    }?;
    report.sort_by_line();
    Ok(csv)
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
        None => {
            let message = row.empty("center", "the center's code is required");
            row.error("center", message);
        }
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
    /// The columns whose values differ, with both values.
    pub columns: Vec<ConflictValue>,
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
                columns: stored.columns.iter().map(|c| c.column.clone()).collect(),
                values: stored.columns,
            });
            None
        }
    }
}

/// The records of the file so far, by identity: a hash of the identity and its line (16 bytes a
/// row), so that a record given twice is named with the line it repeats.
#[derive(Default)]
pub struct Seen(HashMap<u64, u64>);

impl Seen {
    /// Notes `identity` at `line`. When an earlier line of the file has it, the row is reported
    /// at `column` as a duplicate of that line and `false` returned.
    pub fn first(&mut self, report: &mut Report, line: u64, identity: &str, column: &str) -> bool {
        use std::collections::hash_map::Entry;
        use std::hash::{Hash, Hasher};
        let mut hasher = std::hash::DefaultHasher::new();
        identity.hash(&mut hasher);
        match self.0.entry(hasher.finish()) {
            Entry::Occupied(earlier) => {
                let message = format!(
                    "{identity} is already on line {} of this file: a record is given once",
                    earlier.get()
                );
                report.fail(vec![RowError::new(line, column, message)]);
                false
            }
            Entry::Vacant(slot) => {
                slot.insert(line);
                true
            }
        }
    }
}

/// A value as a CSV cell shows it (no value: empty).
pub trait Cell {
    /// The cell's text.
    fn cell(&self) -> String;
}

impl Cell for str {
    fn cell(&self) -> String {
        self.to_owned()
    }
}

impl Cell for String {
    fn cell(&self) -> String {
        self.clone()
    }
}

impl Cell for bool {
    fn cell(&self) -> String {
        if *self { "yes" } else { "no" }.to_owned()
    }
}

impl Cell for i32 {
    fn cell(&self) -> String {
        self.to_string()
    }
}

impl Cell for chrono::NaiveDate {
    fn cell(&self) -> String {
        self.to_string()
    }
}

impl<T: Cell + ?Sized> Cell for &T {
    fn cell(&self) -> String {
        (**self).cell()
    }
}

impl<T: Cell> Cell for Option<T> {
    fn cell(&self) -> String {
        self.as_ref().map(Cell::cell).unwrap_or_default()
    }
}

/// The column `column` when its stored and file values differ, with both.
pub fn pair<T: PartialEq + Cell>(column: &str, stored: T, file: T) -> Option<ConflictValue> {
    (stored != file).then(|| ConflictValue {
        column: column.to_owned(),
        stored: stored.cell(),
        file: file.cell(),
    })
}

/// The columns whose values differ.
pub fn differing(pairs: impl IntoIterator<Item = Option<ConflictValue>>) -> Vec<ConflictValue> {
    pairs.into_iter().flatten().collect()
}
