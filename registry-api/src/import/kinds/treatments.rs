//! Treatment episodes: checked as the domain `Episode` (stop after start with a reason, a dose
//! greater than 0), with the licence warnings of `catalogue::check_start`, identified by patient,
//! drug and start date, and numbered per patient and drug by the store as any new episode is.

use std::io::BufRead;

use registry_core::catalogue::{Drug, check_start};
use registry_core::patient::Diagnosis;
use registry_core::store::treatments::{self, EpisodeRow, EpisodeStop, NewEpisode};
use registry_core::store::{DbConn, Scope};
use registry_core::treatment::{
    Dose, DoseChangeInput, DoseInput, DoseUnit, Episode, EpisodeInput, Frequency, StopReason,
};

use registry_core::time::DateRule;

use super::{Patients, Seen, Stored, check_center, differing, may_write, pair, resolve};
use crate::import::ConflictValue;
use crate::import::Report;
use crate::import::cells::Row;
use crate::import::csv::CsvReader;
use crate::import::header::Header;
use crate::import::pipeline::{self, Item};
use crate::import::run::{ImportError, Job};

/// The columns every treatments file has.
pub const REQUIRED: &[&str] = &["center", "patient", "drug", "indication", "start_date"];
/// Further columns read when present.
pub const EXTRA: &[&str] = &["weight_kg"];

/// The columns of the template, in order; any but the required ones may be left out.
pub const COLUMNS: &[&str] = &[
    "center",
    "patient",
    "drug",
    "indication",
    "start_date",
    "stop_date",
    "stop_reason",
    "dose_amount",
    "dose_unit",
    "dose_frequency",
];

/// A checked row.
pub struct Prepared {
    new: NewEpisode,
    local_ref: String,
}

fn code<T>(row: &mut Row<'_>, column: &str, parse: impl Fn(&str) -> Option<T>) -> Option<T> {
    let text = row.text(column)?;
    let value = parse(text);
    if value.is_none() {
        row.error(
            column,
            format!("'{text}' is not a known code (see docs/import-format.md)"),
        );
    }
    value
}

fn dose(row: &mut Row<'_>) -> Option<Dose> {
    let amount = row.decimal("dose_amount");
    let unit = code(row, "dose_unit", DoseUnit::parse);
    let frequency = code(row, "dose_frequency", Frequency::parse);
    let given = ["dose_amount", "dose_unit", "dose_frequency"].map(|c| row.text(c).is_some());
    if given.iter().any(|g| *g) && !given.iter().all(|g| *g) {
        row.error(
            "dose_amount",
            "give the dose's amount, unit and frequency together",
        );
    }
    match Dose::try_from(DoseInput {
        amount: amount?,
        unit: unit?,
        frequency: frequency?,
    }) {
        Ok(d) => Some(d),
        Err(e) => {
            row.error("dose_amount", e.message);
            None
        }
    }
}

fn prepare(job: &Job, patients: &Patients, row: &mut Row<'_>) -> Option<Prepared> {
    check_center(row, job);
    let patient = patients.of(row, job);
    let drug = row
        .required("drug")
        .and_then(|_| code(row, "drug", Drug::parse));
    let indication = row
        .required("indication")
        .and_then(|_| code(row, "indication", Diagnosis::parse));
    let start = row
        .required("start_date")
        .and_then(|_| row.date("start_date"));
    let stop = row.date("stop_date");
    let stop_reason = code(row, "stop_reason", StopReason::parse);
    let dose = dose(row);
    let weight = row.decimal("weight_kg");
    let (patient, drug, indication, start) = (patient?, drug?, indication?, start?);
    let born = patient.birth_month;
    let rule = DateRule::new(job.today, Some(born));
    row.check_date("start_date", start, &rule);
    if let Some(stop) = stop {
        row.check_date("stop_date", stop, &rule);
    }
    let input = EpisodeInput {
        drug,
        indication,
        start,
        stop,
        stop_reason,
        doses: dose
            .map(|d| DoseChangeInput {
                effective: start,
                dose: d.into(),
                is_taper: Some(false),
            })
            .into_iter()
            .collect(),
        interruptions: Vec::new(),
    };
    if let Err(errors) = Episode::parse(input) {
        row.domain_errors(errors, |path| match path {
            "stop" => "stop_date".into(),
            "stop_reason" => "stop_reason".into(),
            _ => "dose_amount".into(),
        });
    }
    if !row.errors.is_empty() {
        return None;
    }
    Some(Prepared {
        new: NewEpisode {
            center_id: patient.center_id.clone(),
            patient_id: patient.id.clone(),
            drug,
            indication,
            start_date: start,
            stop: stop
                .zip(stop_reason)
                .map(|(date, reason)| EpisodeStop { date, reason }),
            dose,
            warnings: check_start(drug, indication, born, start, weight),
        },
        local_ref: patient.local_ref.clone(),
    })
}

/// Imports a treatment file.
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

fn differences(old: &EpisodeRow, new: &NewEpisode) -> Vec<ConflictValue> {
    differing([
        pair("indication", old.indication.as_str(), new.indication.code()),
        pair("stop_date", old.stop_date, new.stop.map(|s| s.date)),
        pair(
            "stop_reason",
            old.stop_reason.as_deref(),
            new.stop.map(|s| s.reason.code()),
        ),
        pair(
            "dose_amount",
            old.dose_amount.clone(),
            new.dose.map(|d| d.amount().to_string()),
        ),
        pair(
            "dose_unit",
            old.dose_unit.as_deref(),
            new.dose.map(|d| d.unit().code()),
        ),
        pair(
            "dose_frequency",
            old.dose_frequency.as_deref(),
            new.dose.map(|d| d.frequency().code()),
        ),
    ])
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
        let stored = treatments::for_patient(tx, &scope, &p.new.patient_id)?;
        let old = stored
            .into_iter()
            .find(|e| e.drug == p.new.drug.code() && e.start_date == p.new.start_date);
        let identity = format!(
            "patient {}, {} from {}",
            p.local_ref,
            p.new.drug.code(),
            p.new.start_date
        );
        if !seen.first(report, line, &identity, "start_date") {
            continue;
        }
        let Some(old) = old else {
            report.rows_created += 1;
            if may_write(job, report) {
                treatments::insert(tx, &job.ctx, p.new)?;
            }
            continue;
        };
        let stored = Stored {
            line,
            identity,
            record_id: &old.id,
            import_id: &old.import_id,
            columns: differences(&old, &p.new),
            column: "start_date",
        };
        if let Some(reason) = resolve(job, report, stored) {
            let mut after = old.clone();
            after.indication = p.new.indication.code().to_owned();
            after.stop_date = p.new.stop.map(|s| s.date);
            after.stop_reason = p.new.stop.map(|s| s.reason.code().to_owned());
            after.dose_amount = p.new.dose.map(|d| d.amount().to_string());
            after.dose_unit = p.new.dose.map(|d| d.unit().code().to_owned());
            after.dose_frequency = p.new.dose.map(|d| d.frequency().code().to_owned());
            after.import_id.clone_from(&job.ctx.import_id);
            treatments::save_edit(tx, &job.ctx, &old, after, reason)?;
        }
    }
    Ok(())
}
