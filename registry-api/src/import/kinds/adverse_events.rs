//! Adverse events: parsed by `AdverseEvent::parse`, linked to the treatment episode they occurred
//! in (of the row's `drug` when given), flagged by `adverse_event::flags_in_episode`, identified by
//! patient, onset date and verbatim term.

use std::io::BufRead;

use registry_core::adverse_event::{AdverseEvent, AdverseEventInput, flags_in_episode};
use registry_core::catalogue::Drug;
use registry_core::store::adverse_events::{self, AdverseEventRow};
use registry_core::store::treatments::EpisodeRow;
use registry_core::store::{DbConn, Scope, treatments};
use registry_core::treatment::Episode;

use registry_core::time::DateRule;

use super::{Patients, Seen, Stored, check_center, differing, may_write, pair, resolve};
use crate::import::ConflictValue;
use crate::import::cells::Row;
use crate::import::csv::CsvReader;
use crate::import::header::Header;
use crate::import::pipeline::{self, Item};
use crate::import::run::{ImportError, Job};
use crate::import::{Report, RowError};

/// The columns every adverse events file has.
pub const REQUIRED: &[&str] = &["center", "patient", "onset_date", "verbatim_term"];
/// Further columns read when present.
pub const EXTRA: &[&str] = &["meddra_term", "seriousness_criteria"];

/// The columns of the template, in order; any but the required ones may be left out.
pub const COLUMNS: &[&str] = &[
    "center",
    "patient",
    "onset_date",
    "end_date",
    "verbatim_term",
    "meddra_code",
    "ctcae_grade",
    "serious",
    "causality",
    "action",
    "outcome",
    "drug",
];

/// A checked row.
pub struct Prepared {
    center_id: String,
    patient_id: String,
    local_ref: String,
    event: AdverseEvent,
    drug: Option<Drug>,
}

/// The column of an error's JSON path: the field's own name (one name in the API and the file),
/// without an index (`seriousness_criteria[1]` → `seriousness_criteria`).
fn column(path: &str) -> String {
    path.split('[').next().unwrap_or(path).to_owned()
}

fn prepare(job: &Job, patients: &Patients, row: &mut Row<'_>) -> Option<Prepared> {
    check_center(row, job);
    let patient = patients.of(row, job);
    let input = AdverseEventInput {
        verbatim_term: row.string("verbatim_term"),
        meddra_code: row.string("meddra_code"),
        meddra_term: row.string("meddra_term"),
        onset_date: row.string("onset_date"),
        end_date: row.string("end_date"),
        ctcae_grade: row.integer("ctcae_grade"),
        seriousness_criteria: row
            .text("seriousness_criteria")
            .map(|s| {
                s.split(';')
                    .map(|c| c.trim().to_owned())
                    .filter(|c| !c.is_empty())
                    .collect()
            })
            .unwrap_or_default(),
        serious: row.boolean("serious"),
        causality: row.string("causality"),
        action: row.string("action"),
        outcome: row.string("outcome"),
        aesi_categories: None,
    };
    let drug = row.text("drug").and_then(|d| {
        let parsed = Drug::parse(d);
        if parsed.is_none() {
            row.error("drug", format!("'{d}' is not a drug of the catalogue"));
        }
        parsed
    });
    let patient = patient?;
    let event = match AdverseEvent::parse(&input) {
        Ok(e) => e,
        Err(errors) => {
            row.domain_errors(errors, column);
            return None;
        }
    };
    let rule = DateRule::new(job.today, Some(patient.birth_month));
    row.check_date("onset_date", event.onset_date(), &rule);
    if let Some(end) = event.end_date() {
        row.check_date("end_date", end, &rule);
    }
    row.errors.is_empty().then(|| Prepared {
        center_id: patient.center_id.clone(),
        patient_id: patient.id.clone(),
        local_ref: patient.local_ref.clone(),
        event,
        drug,
    })
}

/// Imports an adverse event file.
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

fn differences(old: &AdverseEventRow, new: &AdverseEventRow) -> Vec<ConflictValue> {
    differing([
        pair("meddra_code", &old.meddra_code, &new.meddra_code),
        pair("meddra_term", &old.meddra_term, &new.meddra_term),
        pair("end_date", &old.end_date, &new.end_date),
        pair("ctcae_grade", &old.grade, &new.grade),
        pair("serious", &old.seriousness, &new.seriousness),
        pair("causality", &old.causality, &new.causality),
        pair("action", &old.action, &new.action),
        pair("outcome", &old.outcome, &new.outcome),
        pair("drug", &old.episode_id, &new.episode_id),
    ])
}

/// The episode the event occurred in (row and domain value): of the row's drug when given (an
/// error when the patient has no episode of it then), else any.
fn episode(
    tx: &mut DbConn,
    scope: &Scope,
    episodes: Vec<EpisodeRow>,
    p: &Prepared,
) -> Result<Result<Option<(EpisodeRow, Episode)>, String>, ImportError> {
    let of_drug: Vec<EpisodeRow> = match p.drug {
        Some(drug) => episodes
            .into_iter()
            .filter(|e| e.drug == drug.code())
            .collect(),
        None => episodes,
    };
    let found = treatments::episode_on(tx, scope, &of_drug, p.event.onset_date())?
        .map(|(row, episode)| (row.clone(), episode));
    Ok(match (found, p.drug) {
        (None, Some(drug)) => Err(format!(
            "the patient has no {} episode on {} (import the treatments first)",
            drug.code(),
            p.event.onset_date()
        )),
        (found, _) => Ok(found),
    })
}

fn apply(
    tx: &mut DbConn,
    job: &Job,
    seen: &mut Seen,
    batch: Vec<Item<Prepared>>,
    report: &mut Report,
) -> Result<(), ImportError> {
    let scope = Scope::Center(job.center.id.clone());
    for (line, p) in batch {
        let episodes = treatments::for_patient(tx, &scope, &p.patient_id)?;
        let found = match episode(tx, &scope, episodes, &p)? {
            Ok(found) => found,
            Err(why) => {
                report.fail(vec![RowError::new(line, "drug", why)]);
                continue;
            }
        };
        let flags = flags_in_episode(&p.event, found.as_ref().map(|(_, e)| e));
        let episode_id = found.as_ref().map(|(row, _)| row.id.as_str());
        let new = AdverseEventRow::from_event(
            &job.ctx,
            &p.center_id,
            &p.patient_id,
            None,
            episode_id,
            &p.event,
            &flags,
        )?;
        let identity = format!(
            "patient {}, {} from {}",
            p.local_ref, new.term, new.onset_date
        );
        if !seen.first(report, line, &identity, "onset_date") {
            continue;
        }
        let Some(old) = adverse_events::by_onset(tx, &p.patient_id, new.onset_date, &new.term)?
        else {
            report.rows_created += 1;
            if may_write(job, report) {
                adverse_events::insert(tx, new)?;
            }
            continue;
        };
        let columns = differences(&old, &new);
        let stored = Stored {
            line,
            identity,
            record_id: &old.id,
            import_id: &old.import_id,
            columns,
            column: "verbatim_term",
        };
        if let Some(reason) = resolve(job, report, stored) {
            let mut after = new;
            after.id.clone_from(&old.id);
            after.visit_id.clone_from(&old.visit_id);
            after.created_at = old.created_at;
            after.created_by.clone_from(&old.created_by);
            adverse_events::save_edit(tx, &job.ctx, &old, after, reason)?;
        }
    }
    Ok(())
}
