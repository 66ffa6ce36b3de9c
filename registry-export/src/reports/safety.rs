//! Safety: open signals per patient, and adverse events of special interest per drug as
//! exposure-adjusted incidence rates.
//!
//! Signals (`signals`):
//! - `lab_flag`: a lab-safety rule ([`flags_in_history`]) that fired on the latest result of its
//!   analyte up to the cut — a flag stays open until a later result of that analyte no longer
//!   fires it. `open_since` is the first of the run of consecutive results firing it.
//! - `herpes_without_interruption`: herpes zoster or simplex on a JAK inhibitor without an
//!   interruption ([`flags_in_episode`], with the interruptions recorded by the cut).
//! - `open_sae`: a serious adverse event whose outcome is not recovered, recovering or unknown
//!   (or not given) and whose record was last updated 30 days or more before the cut.
//!
//! AESI incidence (`aesi_incidence`), per drug and category: the events with onset on the drug
//! (from the start to the stop or the cut, both included) per 100 patient-years on the drug
//! (episode days from start to stop or cut, interruptions included, / 365.25), with the exact
//! Poisson 95 % CI ([`super::incidence`]). Every event counts, not only a patient's first.

use std::collections::btree_map::Entry;
use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use registry_core::adverse_event::{AesiCategory, flags_in_episode};
use registry_core::labs::{Analyte, LabFlag, LabResult, flags_in_history};
use registry_core::store::StoreError;
use registry_core::store::cohort::CohortRows;
use registry_core::visit::episode_for_date;
use serde::Serialize;
use utoipa::ToSchema;

use super::csv::CsvRow;
use super::incidence::rate_per_100;
use super::patient::{Prepared, each_patient};
use super::{ReportOptions, days};

/// Days without an update after which an open serious adverse event is listed.
pub const SAE_STALE_DAYS: i64 = 30;

/// The safety report.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct SafetyReport {
    /// `safety`.
    pub report: String,
    /// The data cut.
    pub data_cut: NaiveDate,
    /// Open signals, by center, patient, date.
    pub signals: Vec<SafetySignal>,
    /// AESI rates per drug and category.
    pub aesi_incidence: Vec<IncidenceRow>,
}

/// An open safety signal about one record.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct SafetySignal {
    /// `lab_flag`, `herpes_without_interruption` or `open_sae`.
    pub kind: String,
    /// Center code.
    pub center: String,
    /// The patient: local reference for the center's own users, record id for coordinators.
    pub patient: String,
    /// `lab_result` or `adverse_event`.
    pub entity: String,
    /// The record's id.
    pub entity_id: String,
    /// The drug the patient was on that day, if any.
    pub drug: Option<String>,
    /// The rule (`lab.platelets_low`, `adverse_event.herpes_on_jak_without_interruption`,
    /// `sae.no_update_30_days`).
    pub rule: String,
    /// The sample date or the onset.
    pub date: NaiveDate,
    /// Since when the signal is open (first flagged result of the run; onset; last update).
    pub open_since: NaiveDate,
    /// Days from `open_since` to the data cut.
    pub days_open: i64,
    /// What fired, in words.
    pub detail: String,
}

impl CsvRow for SafetySignal {
    const COLUMNS: &'static [&'static str] = &[
        "kind",
        "center",
        "patient",
        "entity",
        "entity_id",
        "drug",
        "rule",
        "date",
        "open_since",
        "days_open",
        "detail",
    ];
}

/// Adverse events of one special-interest category on one drug.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct IncidenceRow {
    /// Drug code.
    pub drug: String,
    /// AESI category code.
    pub category: String,
    /// Patients with time on the drug.
    pub patients: u64,
    /// Patient-years on the drug (two decimals).
    pub patient_years: f64,
    /// Events with onset on the drug.
    pub events: u64,
    /// Events per 100 patient-years (two decimals).
    pub rate_per_100py: f64,
    /// Lower end of the exact 95 % CI (two decimals).
    pub ci_low: f64,
    /// Upper end of the exact 95 % CI (two decimals).
    pub ci_high: f64,
}

impl CsvRow for IncidenceRow {
    const COLUMNS: &'static [&'static str] = &[
        "drug",
        "category",
        "patients",
        "patient_years",
        "events",
        "rate_per_100py",
        "ci_low",
        "ci_high",
    ];
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// The drug of the episode on treatment on `date`, if any.
fn drug_on(p: &Prepared<'_>, date: NaiveDate) -> Option<String> {
    p.spans
        .iter()
        .enumerate()
        .filter(|(_, s)| s.start <= date && s.stop.is_none_or(|stop| date <= stop))
        .max_by_key(|(k, s)| (s.start, *k))
        .map(|(k, _)| p.episode(k).drug.clone())
}

/// The safety report of `cohort`.
pub fn safety(cohort: &CohortRows, options: &ReportOptions) -> Result<SafetyReport, StoreError> {
    let cut = options.data_cut;
    let per_patient = each_patient(&cohort.patients, options, |p| {
        let mut mine = Vec::new();
        lab_flags(p, cut, &mut mine)?;
        adverse_events(p, cut, &mut mine)?;
        mine.retain(|s: &SafetySignal| {
            options.drugs.is_empty() || s.drug.as_deref().is_some_and(|d| options.reports_drug(d))
        });
        mine.sort_by(|a, b| (a.date, &a.kind, &a.rule).cmp(&(b.date, &b.kind, &b.rule)));
        Ok(mine)
    })?;
    let mut signals = Vec::new();
    let mut patients = Vec::with_capacity(per_patient.len());
    for (p, mine) in per_patient {
        signals.extend(mine);
        patients.push(p);
    }
    signals.sort_by(|a, b| (&a.center, &a.patient).cmp(&(&b.center, &b.patient)));
    Ok(SafetyReport {
        report: "safety".into(),
        data_cut: cut,
        signals,
        aesi_incidence: incidence(&patients, options)?,
    })
}

fn lab_flags(
    p: &Prepared<'_>,
    cut: NaiveDate,
    out: &mut Vec<SafetySignal>,
) -> Result<(), StoreError> {
    let mut series: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, l) in p.labs.iter().enumerate() {
        series.entry(l.analyte.as_str()).or_default().push(i);
    }
    for (analyte, indices) in &series {
        let Some(last) = indices.len().checked_sub(1) else {
            continue;
        };
        // Only platelets and creatinine are judged against the earlier results of their series
        // (`flags_in_history`); any other result's flags are its own, so only the results the
        // walk below reaches are read.
        let with_history = [Analyte::Platelets, Analyte::Creatinine]
            .iter()
            .any(|a| a.code() == *analyte);
        let history: Vec<LabResult> = if with_history {
            indices
                .iter()
                .map(|&i| p.labs[i].result())
                .collect::<Result<_, _>>()?
        } else {
            Vec::new()
        };
        let flags_of = |j: usize| -> Result<Vec<LabFlag>, StoreError> {
            if !with_history {
                return Ok(flags_in_history(
                    &p.labs[indices[j]].result()?,
                    &[],
                    &p.spans,
                ));
            }
            let others: Vec<LabResult> = history
                .iter()
                .enumerate()
                .filter(|(h, _)| *h != j)
                .map(|(_, r)| r.clone())
                .collect();
            Ok(flags_in_history(&history[j], &others, &p.spans))
        };
        let row = p.labs[indices[last]];
        let flags = flags_of(last)?;
        // The flags of the results before the last, read once each, as the walk back needs them.
        let mut earlier: BTreeMap<usize, Vec<LabFlag>> = BTreeMap::new();
        for flag in flags {
            // Back through the results while they fire the same rule.
            let mut since = row.sample_date;
            for j in (0..last).rev() {
                let fired = match earlier.entry(j) {
                    Entry::Occupied(e) => e.into_mut(),
                    Entry::Vacant(e) => e.insert(flags_of(j)?),
                };
                if fired.iter().any(|f| f.rule == flag.rule) {
                    since = p.labs[indices[j]].sample_date;
                } else {
                    break;
                }
            }
            out.push(SafetySignal {
                kind: "lab_flag".into(),
                center: p.center().to_owned(),
                patient: p.label.clone(),
                entity: "lab_result".into(),
                entity_id: row.id.to_string(),
                drug: drug_on(p, row.sample_date),
                rule: flag.rule.code().to_owned(),
                date: row.sample_date,
                open_since: since,
                days_open: days(since, cut),
                detail: format!(
                    "{} {} {}: {}",
                    flag.analyte.code(),
                    flag.value.normalize(),
                    flag.unit.symbol(),
                    flag.threshold
                ),
            });
        }
    }
    Ok(())
}

fn adverse_events(
    p: &Prepared<'_>,
    cut: NaiveDate,
    out: &mut Vec<SafetySignal>,
) -> Result<(), StoreError> {
    let signal =
        |kind: &str, ae: &registry_core::store::adverse_events::AdverseEventRow| SafetySignal {
            kind: kind.to_owned(),
            center: p.center().to_owned(),
            patient: p.label.clone(),
            entity: "adverse_event".into(),
            entity_id: ae.id.clone(),
            drug: drug_on(p, ae.onset_date),
            rule: String::new(),
            date: ae.onset_date,
            open_since: ae.onset_date,
            days_open: days(ae.onset_date, cut),
            detail: String::new(),
        };
    for ae in &p.adverse_events {
        if let Some(k) = episode_for_date(&p.spans, ae.onset_date) {
            let event = ae.event()?;
            let episode = p.domain_episode(k)?;
            for flag in flags_in_episode(&event, Some(&episode)) {
                out.push(SafetySignal {
                    rule: flag.code,
                    detail: flag.message,
                    ..signal("herpes_without_interruption", ae)
                });
            }
        }
        let open = matches!(
            ae.outcome.as_deref(),
            None | Some("recovering" | "not_recovered" | "unknown")
        );
        let updated = ae.updated_at.date();
        if ae.serious && open && days(updated, cut) >= SAE_STALE_DAYS {
            out.push(SafetySignal {
                rule: "sae.no_update_30_days".into(),
                open_since: updated,
                days_open: days(updated, cut),
                detail: format!(
                    "serious adverse event, CTCAE grade {}, outcome {}, last updated {updated}",
                    ae.grade,
                    ae.outcome.as_deref().unwrap_or("not given")
                ),
                ..signal("open_sae", ae)
            });
        }
    }
    Ok(())
}

/// One drug's exposure: the patients on it, their days on it, the AESI events on it.
#[derive(Default)]
struct Exposure<'a> {
    patients: BTreeSet<&'a str>,
    days: i64,
    events: BTreeMap<AesiCategory, u64>,
}

fn incidence(
    patients: &[Prepared<'_>],
    options: &ReportOptions,
) -> Result<Vec<IncidenceRow>, StoreError> {
    let cut = options.data_cut;
    // Per drug: exposed patients, days on the drug, events per category.
    let mut exposure: BTreeMap<String, Exposure<'_>> = BTreeMap::new();
    for p in patients {
        let categories = p
            .adverse_events
            .iter()
            .map(|ae| Ok((ae.onset_date, ae.categories()?)))
            .collect::<Result<Vec<_>, StoreError>>()?;
        let mut counted: BTreeSet<(usize, String)> = BTreeSet::new();
        for k in p.reported_episodes(options) {
            let drug = p.episode(k).drug.clone();
            let (start, end) = (p.spans[k].start, p.follow_up_end(k, cut));
            let entry = exposure.entry(drug.clone()).or_default();
            entry.patients.insert(p.id());
            entry.days += days(start, end).max(0);
            for (i, (onset, cats)) in categories.iter().enumerate() {
                if (start..=end).contains(onset) && counted.insert((i, drug.clone())) {
                    for c in cats {
                        *entry.events.entry(*c).or_default() += 1;
                    }
                }
            }
        }
    }
    let mut rows = Vec::new();
    for (drug, e) in exposure {
        let years = e.days as f64 / 365.25;
        for category in AesiCategory::ALL {
            let n = e.events.get(category).copied().unwrap_or(0);
            let rate = rate_per_100(n, years);
            rows.push(IncidenceRow {
                drug: drug.clone(),
                category: category.code().to_owned(),
                patients: e.patients.len() as u64,
                patient_years: round2(years),
                events: n,
                rate_per_100py: rate.map_or(0.0, |r| round2(r.per_100)),
                ci_low: rate.map_or(0.0, |r| round2(r.low)),
                ci_high: rate.map_or(0.0, |r| round2(r.high)),
            });
        }
    }
    Ok(rows)
}
