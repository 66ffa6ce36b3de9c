//! Patients: each row checked by the same function as `POST /patients` (`PatientRecord::parse`),
//! identified by center and local reference.

use std::collections::HashMap;
use std::io::BufRead;

use registry_core::patient::{PatientInput, PatientRecord};
use registry_core::store::DbConn;
use registry_core::store::patients::{self, NewPatient, PatientRow};

use super::{Seen, Stored, check_center, differing, may_write, pair, resolve};
use crate::import::ConflictValue;
use crate::import::Report;
use crate::import::cells::Row;
use crate::import::csv::CsvReader;
use crate::import::header::Header;
use crate::import::pipeline::{self, Item};
use crate::import::run::{ImportError, Job};

/// The columns every patients file has.
pub const REQUIRED: &[&str] = &[
    "center",
    "patient",
    "sex",
    "birth_month",
    "diagnosis",
    "consent_research",
];
/// Further columns read when present.
pub const EXTRA: &[&str] = &[
    "nail_involvement",
    "childbearing_potential",
    "vaccination_programme_complete",
    "varicella_immune",
    "consent_withdrawn_on",
];

/// The columns of the template, in order; any but the required ones may be left out.
pub const COLUMNS: &[&str] = &[
    "center",
    "patient",
    "sex",
    "birth_month",
    "diagnosis",
    "aa_subtype",
    "aa_episode_start",
    "consent_research",
    "consent_date",
];

fn column(path: &str) -> String {
    match path {
        "local_ref" => "patient",
        "consent.date" => "consent_date",
        "consent.withdrawn_on" => "consent_withdrawn_on",
        "consent.research" => "consent_research",
        other => other,
    }
    .to_owned()
}

fn prepare(job: &Job, row: &mut Row<'_>) -> Option<PatientRow> {
    check_center(row, job);
    let research = row.boolean("consent_research");
    if row.text("consent_research").is_none() {
        let message = row.empty("consent_research", "a value is required (yes or no)");
        row.error("consent_research", message);
    }
    let input = PatientInput {
        local_ref: row.string("patient").unwrap_or_default(),
        sex: row.string("sex").unwrap_or_default(),
        birth_month: row.string("birth_month").unwrap_or_default(),
        diagnosis: row.string("diagnosis").unwrap_or_default(),
        aa_subtype: row.string("aa_subtype"),
        aa_episode_start: row.string("aa_episode_start"),
        nail_involvement: row.boolean("nail_involvement"),
        childbearing_potential: row.boolean("childbearing_potential"),
        vaccination_programme_complete: row.boolean("vaccination_programme_complete"),
        varicella_immune: row.boolean("varicella_immune"),
        consent_research: research.unwrap_or(false),
        consent_date: row.string("consent_date"),
        consent_withdrawn_on: row.string("consent_withdrawn_on"),
    };
    match PatientRecord::parse(&input, job.today) {
        Ok(record) if row.errors.is_empty() => Some(PatientRow::new(
            &job.ctx,
            NewPatient::from_record(job.center.id.clone(), record),
        )),
        Ok(_) => None,
        Err(errors) => {
            row.domain_errors(errors, column);
            None
        }
    }
}

/// Imports a patient file. Memory stays bounded whatever the file's size: each batch looks up
/// its stored patients in one query, and a patient given on an earlier line of the file is found
/// among them too (it was stored by this import), so nothing is kept from batch to batch.
pub fn import<R: BufRead + Send>(
    tx: &mut DbConn,
    job: &Job,
    header: &Header,
    csv: CsvReader<R>,
    report: &mut Report,
) -> Result<CsvReader<R>, ImportError> {
    let mut seen = Seen::default();
    pipeline::run(
        csv,
        header,
        report,
        |row| prepare(job, row),
        |batch, report| apply(tx, job, &mut seen, batch, report),
    )
}

fn apply(
    tx: &mut DbConn,
    job: &Job,
    seen: &mut Seen,
    batch: Vec<Item<PatientRow>>,
    report: &mut Report,
) -> Result<(), ImportError> {
    let refs: Vec<&str> = batch.iter().map(|(_, p)| p.local_ref.as_str()).collect();
    let stored: HashMap<String, PatientRow> = patients::by_local_refs(tx, &job.center.id, &refs)?
        .into_iter()
        .map(|p| (p.local_ref.clone(), p))
        .collect();
    for (line, new) in batch {
        let identity = format!("patient {}", new.local_ref);
        if !seen.first(report, line, &identity, "patient") {
            continue;
        }
        match stored.get(&new.local_ref) {
            None => {
                report.rows_created += 1;
                if may_write(job, report) {
                    patients::insert(tx, new.clone())?;
                }
            }
            Some(old) => {
                let found = Stored {
                    line,
                    identity: format!("patient {}", old.local_ref),
                    record_id: &old.id,
                    import_id: &old.import_id,
                    columns: differences(old, &new),
                    column: "patient",
                };
                if let Some(reason) = resolve(job, report, found) {
                    let mut after = new.clone();
                    after.id.clone_from(&old.id);
                    after.created_at = old.created_at;
                    after.created_by.clone_from(&old.created_by);
                    patients::save_edit(tx, &job.ctx, old, after, reason)?;
                }
            }
        }
    }
    Ok(())
}

fn differences(a: &PatientRow, b: &PatientRow) -> Vec<ConflictValue> {
    differing([
        pair("sex", &a.sex, &b.sex),
        pair("birth_month", &a.birth_month, &b.birth_month),
        pair("diagnosis", &a.diagnosis, &b.diagnosis),
        pair("aa_subtype", &a.aa_subtype, &b.aa_subtype),
        pair("aa_episode_start", &a.aa_episode_start, &b.aa_episode_start),
        pair("nail_involvement", &a.nail_involvement, &b.nail_involvement),
        pair(
            "childbearing_potential",
            &a.childbearing_potential,
            &b.childbearing_potential,
        ),
        pair(
            "vaccination_programme_complete",
            &a.vaccination_programme_complete,
            &b.vaccination_programme_complete,
        ),
        pair("varicella_immune", &a.varicella_immune, &b.varicella_immune),
        pair("consent_research", &a.consent_research, &b.consent_research),
        pair("consent_date", &a.consent_date, &b.consent_date),
        pair(
            "consent_withdrawn_on",
            &a.consent_withdrawn_on,
            &b.consent_withdrawn_on,
        ),
    ])
}
