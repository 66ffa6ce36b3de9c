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
use registry_core::store::patients::PatientRow;

use super::cells::Row;
use super::csv::CsvReader;
use super::header::Header;
use super::run::{ImportError, Job};
use super::{Kind, Mode, Report};

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

/// The center's patients by local reference.
pub struct Patients(HashMap<String, PatientRow>);

impl Patients {
    /// Loads the patients of the job's center.
    pub fn load(tx: &mut DbConn, job: &Job) -> Result<Self, ImportError> {
        let rows = registry_core::store::patients::in_center(tx, &job.center.id)?;
        Ok(Self(
            rows.into_iter().map(|p| (p.local_ref.clone(), p)).collect(),
        ))
    }

    /// The row's patient (`patient` cell), or an error at `patient`.
    pub fn of<'a>(&'a self, row: &mut Row<'_>, job: &Job) -> Option<&'a PatientRow> {
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

/// True while rows may be written: always in `valid-rows` mode; in `all-or-nothing` mode until
/// the first bad row (after it the rest is only checked, for the report).
pub fn may_write(job: &Job, report: &Report) -> bool {
    job.options.mode == Mode::ValidRows || !report.has_failures()
}
