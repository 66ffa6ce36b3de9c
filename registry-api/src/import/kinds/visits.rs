//! Visits: each row parsed by `ParsedVisit::parse` exactly as `POST /patients/{id}/visits` does
//! (on the reading thread), found among the stored visits by patient and date (one query per
//! batch), and the new ones written in bulk (`COPY` on PostgreSQL).

use std::collections::HashMap;
use std::io::BufRead;

use chrono::NaiveDate;
use registry_core::store::visits::{self, VisitRow};
use registry_core::store::{DbConn, bulk};
use registry_core::visit::{ParsedVisit, PatientFacts};

use super::{Patients, Seen, check_center, may_write, visit_columns};
use crate::import::cells::Row;
use crate::import::csv::CsvReader;
use crate::import::header::Header;
use crate::import::pipeline::{self, Item};
use crate::import::run::{ImportError, Job};
use crate::import::{Conflict, ConflictValue, OnConflict, Report};

/// A checked row: the visit as it would be stored, and the patient's reference for messages.
pub struct Prepared {
    row: VisitRow,
    local_ref: String,
}

fn prepare(job: &Job, patients: &Patients, row: &mut Row<'_>) -> Option<Prepared> {
    check_center(row, job);
    let patient = patients.of(row, job);
    let input = visit_columns::input(row);
    let patient = patient?;
    let facts = PatientFacts {
        birth_month: patient.birth_month,
        diagnosis: patient.diagnosis,
    };
    let parsed = match ParsedVisit::parse(&input, &facts, job.today) {
        Ok(p) if row.errors.is_empty() => p,
        Ok(_) => return None,
        Err(errors) => {
            row.domain_errors(errors, visit_columns::column);
            return None;
        }
    };
    let mut visit = VisitRow::new(&job.ctx, &patient.center_id, &patient.id, parsed.date);
    if let Err(e) = visit.fill(&input, &parsed) {
        row.error("", e.to_string());
        return None;
    }
    Some(Prepared {
        row: visit,
        local_ref: patient.local_ref.clone(),
    })
}

/// Imports a visit file.
pub fn import<R: BufRead + Send>(
    tx: &mut DbConn,
    job: &Job,
    header: &Header,
    csv: CsvReader<R>,
    report: &mut Report,
) -> Result<CsvReader<R>, ImportError> {
    let patients = Patients::load(tx, job)?;
    let mut seen = Seen::default();
    pipeline::run(
        csv,
        header,
        report,
        |row| prepare(job, &patients, row),
        |batch, report| apply(tx, job, &mut seen, batch, report),
    )
}

type Key = (String, NaiveDate);

fn apply(
    tx: &mut DbConn,
    job: &Job,
    seen: &mut Seen,
    batch: Vec<Item<Prepared>>,
    report: &mut Report,
) -> Result<(), ImportError> {
    let mut ids: Vec<&str> = batch
        .iter()
        .map(|(_, p)| p.row.patient_id.as_str())
        .collect();
    ids.sort_unstable();
    ids.dedup();
    let mut dates: Vec<NaiveDate> = batch.iter().map(|(_, p)| p.row.visit_date).collect();
    dates.sort_unstable();
    dates.dedup();
    let stored: HashMap<Key, VisitRow> = visits::on_dates(tx, &job.center.id, &ids, &dates)?
        .into_iter()
        .map(|v| ((v.patient_id.clone(), v.visit_date), v))
        .collect();
    let mut new_rows: Vec<VisitRow> = Vec::with_capacity(batch.len());
    let mut updates: Vec<(VisitRow, VisitRow)> = Vec::new();
    for (line, p) in batch {
        let key = (p.row.patient_id.clone(), p.row.visit_date);
        let identity = format!("patient {}, visit {}", p.local_ref, p.row.visit_date);
        if !seen.first(report, line, &identity, "visit_date") {
            continue;
        }
        match stored.get(&key) {
            None => new_rows.push(p.row),
            Some(old) if old.differences(&p.row).is_empty() => report.rows_skipped += 1,
            Some(old) => match &job.options.on_conflict {
                OnConflict::Report => report.conflict(Conflict {
                    line,
                    record_id: old.id.clone(),
                    identity,
                    columns: old
                        .differences(&p.row)
                        .iter()
                        .map(|c| (*c).to_owned())
                        .collect(),
                    values: old
                        .differing_values(&p.row)
                        .into_iter()
                        .map(|(column, stored, file)| ConflictValue {
                            column: column.to_owned(),
                            stored,
                            file,
                        })
                        .collect(),
                }),
                OnConflict::Update { .. } => updates.push((old.clone(), p.row)),
            },
        }
    }
    report.rows_created += new_rows.len() as u64;
    report.rows_updated += updates.len() as u64;
    if !may_write(job, report) {
        return Ok(());
    }
    bulk::insert_visits(tx, &new_rows)?;
    if let OnConflict::Update { reason } = &job.options.on_conflict {
        for (before, new) in updates {
            let mut after = new;
            after.id.clone_from(&before.id);
            after.created_at = before.created_at;
            after.created_by.clone_from(&before.created_by);
            visits::save_edit(tx, &job.ctx, &before, after, reason)?;
        }
    }
    Ok(())
}
