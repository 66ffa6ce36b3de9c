//! Data quality: rule violations, each with the record it concerns (entity, id, field) and the
//! data query a coordinator raises on it with one click (`POST /api/v1/data-queries` with the
//! body given).
//!
//! Rules (codes in `rule`):
//! - `range.weight_kg`, `range.lab`: a weight, or a lab value in its canonical unit, outside the
//!   plausible range ([`registry_core::plausible`]).
//! - `date.visit_before_birth_month`, `date.visit_before_aa_episode` (before the patient's
//!   current AA episode start), `date.visit_before_first_treatment` (more than 30 days before
//!   the first treatment start), `date.stop_before_start` (an episode's stop, an interruption's
//!   end or an adverse event's end before its start).
//! - `window.two_visits`: a second on-treatment visit of an episode in one nominal window (the
//!   visit that does not represent the window is listed).
//! - `baseline.missing`: an episode started at least 7 days before the cut without a baseline of
//!   its disease's main score (AA SALT, AD EASI) in day −30…7.
//! - `total.disagrees`: a stored total that disagrees with its stored components
//!   ([`totals_from_components`]).

use std::fmt::Display;

use chrono::{NaiveDate, TimeDelta};
use registry_core::labs::Analyte;
use registry_core::patient::Diagnosis;
use registry_core::plausible;
use registry_core::store::StoreError;
use registry_core::store::cohort::CohortRows;
use registry_core::visit::totals_from_components;
use rust_decimal::Decimal;
use serde::Serialize;
use utoipa::ToSchema;

use super::ReportOptions;
use super::csv::CsvRow;
use super::patient::{Prepared, each_patient};

/// Where data queries are raised.
pub const DATA_QUERY_HREF: &str = "/api/v1/data-queries";

/// Days before the start that a visit may be a screening or baseline visit.
pub const VISIT_BEFORE_FIRST_START_DAYS: i64 = 30;

/// The data-quality report.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct DataQualityReport {
    /// `data-quality`.
    pub report: String,
    /// The data cut.
    pub data_cut: NaiveDate,
    /// Violations by center, patient, rule.
    pub rows: Vec<QualityRow>,
}

/// One violation of a rule by one record.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct QualityRow {
    /// Center code.
    pub center: String,
    /// The patient: local reference for the center's own users, record id for coordinators.
    pub patient: String,
    /// The rule (see the module).
    pub rule: String,
    /// The kind of record (`visit`, `lab_result`, `treatment_episode`, `interruption`,
    /// `adverse_event`).
    pub entity: String,
    /// The record's id.
    pub entity_id: String,
    /// The field in question (`weight_kg`, `visit_date`, `salt.total`, …).
    pub field: String,
    /// The value in question, as stored.
    pub value: Option<String>,
    /// What is wrong, in words (the data query's question).
    pub message: String,
    /// The data query to raise on it.
    pub data_query: DataQueryLink,
}

impl CsvRow for QualityRow {
    const COLUMNS: &'static [&'static str] = &[
        "center",
        "patient",
        "rule",
        "entity",
        "entity_id",
        "field",
        "value",
        "message",
        "data_query",
    ];
}

/// A request that raises a data query.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct DataQueryLink {
    /// `POST`.
    pub method: String,
    /// `/api/v1/data-queries`.
    pub href: String,
    /// The request body.
    pub body: DataQueryBody,
}

/// The body of `POST /api/v1/data-queries` for one violation.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct DataQueryBody {
    /// Center code.
    pub center: String,
    /// The patient's record id.
    pub patient_id: String,
    /// The kind of record.
    pub entity: String,
    /// The record's id.
    pub entity_id: String,
    /// The field.
    pub field: String,
    /// The question.
    pub message: String,
}

struct Rows<'p, 'a> {
    p: &'p Prepared<'a>,
    out: Vec<QualityRow>,
}

impl Rows<'_, '_> {
    fn push(
        &mut self,
        rule: &str,
        (entity, entity_id): (&str, &dyn Display),
        field: &str,
        value: Option<String>,
        message: String,
    ) {
        let p = self.p;
        let entity_id = entity_id.to_string();
        self.out.push(QualityRow {
            center: p.center().to_owned(),
            patient: p.label.clone(),
            rule: rule.to_owned(),
            entity: entity.to_owned(),
            entity_id: entity_id.clone(),
            field: field.to_owned(),
            value,
            message: message.clone(),
            data_query: DataQueryLink {
                method: "POST".into(),
                href: DATA_QUERY_HREF.into(),
                body: DataQueryBody {
                    center: p.center().to_owned(),
                    patient_id: p.id().to_owned(),
                    entity: entity.to_owned(),
                    entity_id,
                    field: field.to_owned(),
                    message,
                },
            },
        });
    }
}

/// The data-quality report of `cohort`.
pub fn data_quality(
    cohort: &CohortRows,
    options: &ReportOptions,
) -> Result<DataQualityReport, StoreError> {
    let per_patient = each_patient(&cohort.patients, options, |p| {
        let mut r = Rows { p, out: Vec::new() };
        ranges(&mut r)?;
        dates(&mut r)?;
        windows_and_baselines(&mut r, options)?;
        totals(&mut r)?;
        Ok(r.out)
    })?;
    let rows = per_patient.into_iter().flat_map(|(_, r)| r).collect();
    Ok(DataQualityReport {
        report: "data-quality".into(),
        data_cut: options.data_cut,
        rows,
    })
}

fn ranges(r: &mut Rows<'_, '_>) -> Result<(), StoreError> {
    let p = r.p;
    for v in &p.visits {
        let Some(text) = &v.weight_kg else { continue };
        let w: Decimal = text
            .parse()
            .map_err(|_| StoreError::Corrupt(format!("visit {} weight_kg", v.id)))?;
        let range = plausible::WEIGHT_KG;
        if !range.contains(w) {
            r.push(
                "range.weight_kg",
                ("visit", &v.id),
                "weight_kg",
                Some(text.to_string()),
                format!(
                    "weight {text} kg on {} is outside the plausible {}–{} kg: please check",
                    v.visit_date, range.low, range.high
                ),
            );
        }
    }
    for l in &p.labs {
        let Ok(analyte) = Analyte::parse(&l.analyte) else {
            continue;
        };
        let Some(range) = plausible::lab(analyte) else {
            continue;
        };
        let value: Decimal = l
            .canonical_value
            .parse()
            .map_err(|_| StoreError::Corrupt(format!("lab result {} canonical_value", l.id)))?;
        if !range.contains(value) {
            r.push(
                "range.lab",
                ("lab_result", &l.id),
                "value",
                Some(format!("{} {}", l.value, l.unit)),
                format!(
                    "{} {} {} on {} is outside the plausible {}–{} {}: please check the value and unit",
                    analyte.label(),
                    l.value,
                    l.unit,
                    l.sample_date,
                    range.low,
                    range.high,
                    l.canonical_unit
                ),
            );
        }
    }
    Ok(())
}

fn dates(r: &mut Rows<'_, '_>) -> Result<(), StoreError> {
    let p = r.p;
    let patient = &p.records.patient;
    let born = patient.birth_month()?.first_day();
    let first_start = p.spans.iter().map(|s| s.start).min();
    for v in &p.visits {
        let d = v.visit_date;
        let date = Some(d.to_string());
        if d < born {
            r.push(
                "date.visit_before_birth_month",
                ("visit", &v.id),
                "visit_date",
                date.clone(),
                format!(
                    "visit on {d} is before the birth month {}",
                    patient.birth_month
                ),
            );
        }
        if p.diagnosis == Diagnosis::Aa
            && let Some(onset) = patient.aa_episode_start
            && d < onset
        {
            r.push(
                "date.visit_before_aa_episode",
                ("visit", &v.id),
                "visit_date",
                date.clone(),
                format!("visit on {d} is before the start of the current AA episode ({onset})"),
            );
        }
        if let Some(start) = first_start
            && d < start - TimeDelta::days(VISIT_BEFORE_FIRST_START_DAYS)
        {
            r.push(
                "date.visit_before_first_treatment",
                ("visit", &v.id),
                "visit_date",
                date,
                format!(
                    "visit on {d} is more than {VISIT_BEFORE_FIRST_START_DAYS} days before the first treatment start ({start})"
                ),
            );
        }
    }
    for &(e, _, pauses) in &p.episodes {
        if let Some(stop) = e.stop_date
            && stop < e.start_date
        {
            r.push(
                "date.stop_before_start",
                ("treatment_episode", &e.id),
                "stop_date",
                Some(stop.to_string()),
                format!(
                    "{} stopped on {stop}, before its start on {}",
                    e.drug, e.start_date
                ),
            );
        }
        for i in pauses {
            if let Some(to) = i.to_date
                && to < i.from_date
            {
                r.push(
                    "date.stop_before_start",
                    ("interruption", &i.id),
                    "to_date",
                    Some(to.to_string()),
                    format!(
                        "interruption ends on {to}, before it began on {}",
                        i.from_date
                    ),
                );
            }
        }
    }
    for ae in &p.adverse_events {
        if let Some(end) = ae.end_date
            && end < ae.onset_date
        {
            r.push(
                "date.stop_before_start",
                ("adverse_event", &ae.id),
                "end_date",
                Some(end.to_string()),
                format!(
                    "adverse event ends on {end}, before its onset on {}",
                    ae.onset_date
                ),
            );
        }
    }
    Ok(())
}

fn windows_and_baselines(r: &mut Rows<'_, '_>, options: &ReportOptions) -> Result<(), StoreError> {
    let p = r.p;
    let cut = options.data_cut;
    let timeline = p.timeline()?;
    for k in p.reported_episodes(options) {
        let course = &timeline.episodes()[k];
        let episode = p.episode(k);
        for (w, chosen) in &course.windows {
            for &i in &course.on_treatment {
                if i != *chosen && timeline.place(i).and_then(|pl| pl.window) == Some(*w) {
                    let (v, kept) = (p.visits[i], p.visits[*chosen]);
                    r.push(
                        "window.two_visits",
                        ("visit", &v.id),
                        "visit_date",
                        Some(v.visit_date.to_string()),
                        format!(
                            "visit on {} is a second visit in window {} of {} (the window's visit is on {}): is the date right?",
                            v.visit_date,
                            w.label(),
                            episode.drug,
                            kept.visit_date
                        ),
                    );
                }
            }
        }
        if course.study_day(cut) < 7 {
            continue;
        }
        let (score, has) = match p.diagnosis {
            Diagnosis::Aa => ("salt", course.baseline.scores.salt.is_some()),
            Diagnosis::Ad => ("easi", course.baseline.scores.easi.is_some()),
        };
        if !has {
            r.push(
                "baseline.missing",
                ("treatment_episode", &episode.id),
                score,
                None,
                format!(
                    "{} started on {} has no baseline {} in day −30 to 7: please enter the baseline visit",
                    episode.drug,
                    episode.start_date,
                    score.to_uppercase()
                ),
            );
        }
    }
    Ok(())
}

fn totals(r: &mut Rows<'_, '_>) -> Result<(), StoreError> {
    let p = r.p;
    let born = p.records.patient.birth_month()?;
    for v in &p.visits {
        let has_components = v.salt_top.is_some()
            || v.easi_regions.is_some()
            || v.poem_items.is_some()
            || v.dlqi_items.is_some()
            || v.cdlqi_items.is_some()
            || v.idqol_items.is_some();
        if !has_components {
            continue;
        }
        let input = v.to_input()?;
        let age = born.age_years(v.visit_date).unwrap_or(0);
        for (instrument, computed) in totals_from_components(&input, age) {
            let stored: Option<Decimal> = match instrument {
                "salt" => v.salt_total.as_deref().and_then(|s| s.parse().ok()),
                "easi" => v.easi_total.as_deref().and_then(|s| s.parse().ok()),
                "poem" => v.poem_total.map(Decimal::from),
                "dlqi" => v.dlqi_total.map(Decimal::from),
                "cdlqi" => v.cdlqi_total.map(Decimal::from),
                "idqol" => v.idqol_total.map(Decimal::from),
                _ => None,
            };
            if let Some(stored) = stored
                && stored != computed
            {
                r.push(
                    "total.disagrees",
                    ("visit", &v.id),
                    &format!("{instrument}.total"),
                    Some(stored.normalize().to_string()),
                    format!(
                        "{} total {} on {} disagrees with its components, which give {}",
                        instrument.to_uppercase(),
                        stored.normalize(),
                        v.visit_date,
                        computed.normalize()
                    ),
                );
            }
        }
    }
    Ok(())
}
