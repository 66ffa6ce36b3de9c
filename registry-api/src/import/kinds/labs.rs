//! Lab results: parsed by `LabResult::parse` (units converted, an unknown unit refused), flagged
//! by `labs::flags_in_history` against the patient's history as stored so far (rows of the file are
//! written in file order, so a later row sees the earlier ones, as API entries would), and
//! identified by patient, sample date and analyte.

use std::io::BufRead;

use registry_core::labs::{Analyte, LabResult, LabResultInput};
use registry_core::store::labs::{self, LabRow};
use registry_core::store::{DbConn, Scope, treatments};

use registry_core::time::DateRule;

use super::{Patients, Seen, Stored, check_center, differing, may_write, pair, resolve};
use crate::import::ConflictValue;
use crate::import::Report;
use crate::import::cells::Row;
use crate::import::csv::CsvReader;
use crate::import::header::Header;
use crate::import::pipeline::{self, Item};
use crate::import::run::{ImportError, Job};

/// The columns every labs file has.
pub const REQUIRED: &[&str] = &["center", "patient", "sample_date", "analyte"];
/// Further columns read when present.
pub const EXTRA: &[&str] = &[];

/// The columns of the template, in order; any but the required ones may be left out.
pub const COLUMNS: &[&str] = &[
    "center",
    "patient",
    "sample_date",
    "analyte",
    "value",
    "unit",
    "upper_limit",
    "lower_limit",
    "result",
];

/// A checked row.
pub struct Prepared {
    center_id: String,
    patient_id: String,
    local_ref: String,
    result: LabResult,
}

/// The column of a lab result's field; `result_in_value` when a qualitative result was read from
/// `value` (the former spelling, still read).
fn column(path: &str, result_in_value: bool) -> String {
    match path {
        "date" => "sample_date",
        "result" if result_in_value => "value",
        other => other,
    }
    .to_owned()
}

fn prepare(job: &Job, patients: &Patients, row: &mut Row<'_>) -> Option<Prepared> {
    check_center(row, job);
    let patient = patients.of(row, job);
    let analyte = row.required("analyte").unwrap_or_default().to_owned();
    let qualitative = Analyte::parse(&analyte).is_ok_and(|a| !a.is_numeric());
    let date = row.date("sample_date");
    // A qualitative test's result is in `result`, as in the API; files written before that
    // column existed carry it in `value`, which is still read when `result` is empty.
    let result = row.string("result");
    let result_in_value = qualitative && result.is_none();
    let (value, result) = if result_in_value {
        (None, row.string("value"))
    } else {
        (row.decimal("value"), result)
    };
    let input = LabResultInput {
        analyte,
        date,
        value,
        unit: row.string("unit"),
        result,
        lower_limit: row.decimal("lower_limit"),
        upper_limit: row.decimal("upper_limit"),
    };
    let patient = patient?;
    if let Some(d) = date {
        let rule = DateRule::new(job.today, Some(patient.birth_month));
        row.check_date("sample_date", d, &rule);
    }
    match LabResult::parse(&input) {
        Ok(result) if row.errors.is_empty() => Some(Prepared {
            center_id: patient.center_id.clone(),
            patient_id: patient.id.clone(),
            local_ref: patient.local_ref.clone(),
            result,
        }),
        Ok(_) => None,
        Err(errors) => {
            row.domain_errors(errors, |path| column(path, result_in_value));
            None
        }
    }
}

/// Imports a lab file.
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

fn differences(old: &LabRow, new: &LabRow) -> Vec<ConflictValue> {
    differing([
        pair("value", &old.value, &new.value),
        pair("unit", &old.unit, &new.unit),
        pair("upper_limit", &old.uln, &new.uln),
        pair("lower_limit", &old.lln, &new.lln),
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
        let spans: Vec<_> = treatments::for_patient(tx, &scope, &p.patient_id)?
            .iter()
            .map(treatments::EpisodeRow::span)
            .collect();
        let history = labs::history(tx, &scope, &p.patient_id, p.result.analyte())?;
        let flags = registry_core::labs::flags_in_history(&p.result, &history, &spans);
        let new = LabRow::from_result(
            &job.ctx,
            &p.center_id,
            &p.patient_id,
            None,
            &p.result,
            &flags,
        )?;
        let identity = format!(
            "patient {}, {} on {}",
            p.local_ref, new.analyte, new.sample_date
        );
        if !seen.first(report, line, &identity, "sample_date") {
            continue;
        }
        let Some(old) = labs::on_date(tx, &p.patient_id, new.sample_date, &new.analyte)? else {
            report.rows_created += 1;
            if may_write(job, report) {
                labs::insert(tx, new)?;
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
            column: "value",
        };
        if let Some(reason) = resolve(job, report, stored) {
            let mut after = new;
            after.id.clone_from(&old.id);
            after.visit_id.clone_from(&old.visit_id);
            after.created_at = old.created_at;
            after.created_by.clone_from(&old.created_by);
            labs::save_edit(tx, &job.ctx, &old, after, reason)?;
        }
    }
    Ok(())
}
