//! The row tables of a release, built from the stored cohort through each patient's
//! [`Timeline`]: episodes with study days, follow-up end and baselines, visits under their
//! episode with windows and responses, labs and adverse events in study days. Nothing here is
//! anonymised yet except that dates become study days; [`super::suppress`] does the rest.
//!
//! The data cut bounds everything: episodes starting after it, and visits, labs, adverse
//! events and dose changes dated after it are left out (counted), and a stop after it is not
//! shown (the episode was on treatment at the cut). Records that belong to no released episode
//! are left out too (counted): without an episode they have no study day.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use registry_core::anonymise::{ConsentAction, ConsentEvent, age_band, may_export};
use registry_core::catalogue::Drug;
use registry_core::patient::Diagnosis;
use registry_core::responses::{VisitResponses, VisitScores};
use registry_core::store::StoreError;
use registry_core::store::cohort::{CohortRows, PatientRecords};
use registry_core::time::study_day;
use registry_core::timeline::Timeline;
use registry_core::treatment::StopReason;
use registry_core::visit::{EpisodeSpan, episode_for_date};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use crate::analyses::Course;
use crate::analyses::from_records;

/// The scores with a baseline, in column order (`baseline_<score>`, `baseline_<score>_day`).
pub(super) const BASELINE_SCORES: [&str; 6] =
    ["salt", "easi", "pp_nrs", "viga", "eyebrows", "eyelashes"];

/// A stored cohort as rows, before suppression.
#[derive(Debug)]
pub(super) struct Built {
    /// Patients in the cohort's order (by internal id).
    pub patients: Vec<PatientOut>,
    /// Patients left out for research consent on the data cut.
    pub excluded_without_consent: usize,
    /// Records left out, by reason (`visits_outside_episodes`, …).
    pub dropped: BTreeMap<String, usize>,
}

/// One patient's rows.
#[derive(Debug)]
pub(super) struct PatientOut {
    /// Internal id (the pseudonym's message; never written).
    pub internal_id: String,
    /// Internal center id (becomes a per-release code; never written).
    pub center_id: String,
    /// Sex code.
    pub sex: String,
    /// Age band at the first start.
    pub age_band: Option<String>,
    /// Diagnosis.
    pub diagnosis: Diagnosis,
    /// AA subtype code.
    pub aa_subtype: Option<String>,
    /// Episodes, in start order.
    pub episodes: Vec<EpisodeOut>,
    /// Visits, by date.
    pub visits: Vec<VisitOut>,
    /// Lab results, by sample date.
    pub labs: Vec<LabOut>,
    /// Adverse events, by onset.
    pub adverse_events: Vec<AdverseEventOut>,
}

/// One episode: the analyses' [`Course`] (its `patient` set when the pseudonym is known) and
/// what the `episodes` table shows besides.
#[derive(Debug)]
pub(super) struct EpisodeOut {
    /// The course (episode number, drug, stop, follow-up, baselines, assessments).
    pub course: Course,
    /// Indication code.
    pub indication: String,
    /// Calendar year of the start.
    pub start_year: i32,
    /// Study day of each baseline, in [`BASELINE_SCORES`] order.
    pub baseline_days: [Option<i64>; 6],
    /// Baseline eyebrow score.
    pub baseline_eyebrows: Option<u8>,
    /// Baseline eyelash score.
    pub baseline_eyelashes: Option<u8>,
}

/// One visit under its episode.
#[derive(Debug)]
pub(super) struct VisitOut {
    pub episode: u32,
    pub study_day: i64,
    pub nominal_week: Option<u32>,
    pub window_visit: bool,
    pub salt: Option<f64>,
    pub easi: Option<f64>,
    pub pp_nrs: Option<i64>,
    pub viga: Option<i64>,
    pub poem: Option<i64>,
    pub dlqi: Option<i64>,
    pub cdlqi: Option<i64>,
    pub idqol: Option<i64>,
    pub eyebrows: Option<i64>,
    pub eyelashes: Option<i64>,
    /// Responses against the episode's baseline (on treatment only).
    pub responses: Option<VisitResponses>,
}

/// One lab result.
#[derive(Debug)]
pub(super) struct LabOut {
    pub episode: u32,
    pub study_day: i64,
    pub analyte: String,
    pub value: Option<f64>,
    pub result: Option<String>,
    pub unit: String,
    pub flags: String,
}

/// One adverse event (never its verbatim term).
#[derive(Debug)]
pub(super) struct AdverseEventOut {
    pub episode: u32,
    pub onset_day: i64,
    pub end_day: Option<i64>,
    pub meddra_code: Option<String>,
    pub category: String,
    pub grade: i64,
    pub serious: bool,
    pub related: Option<String>,
    pub action: Option<String>,
    pub outcome: Option<String>,
}

fn to_f64(d: Decimal) -> Option<f64> {
    d.to_f64()
}

/// The codes of a stored JSON list: strings as they are, objects by their `rule` (lab flags
/// carry dates and wording, which never leave), joined with `;`.
fn codes(json: Option<&str>) -> String {
    let Some(json) = json.filter(|j| !j.trim().is_empty()) else {
        return String::new();
    };
    let items: Vec<serde_json::Value> = serde_json::from_str(json).unwrap_or_default();
    let mut out: Vec<String> = items
        .iter()
        .filter_map(|v| match v {
            serde_json::Value::String(s) => Some(s.clone()),
            serde_json::Value::Object(o) => {
                o.get("rule").and_then(|r| r.as_str()).map(str::to_owned)
            }
            _ => None,
        })
        .collect();
    out.dedup();
    out.join(";")
}

fn consented(r: &PatientRecords, data_cut: NaiveDate) -> bool {
    let p = &r.patient;
    let mut history = Vec::new();
    if let (true, Some(date)) = (p.consent_research, p.consent_date) {
        history.push(ConsentEvent {
            date,
            action: ConsentAction::Given,
        });
    }
    if let Some(date) = p.consent_withdrawn_on {
        history.push(ConsentEvent {
            date,
            action: ConsentAction::Withdrawn,
        });
    }
    may_export(&history, data_cut)
}

/// Counts of records left out, by reason.
#[derive(Default)]
struct Dropped(BTreeMap<String, usize>);

impl Dropped {
    fn add(&mut self, reason: &str, n: usize) {
        if n > 0 {
            *self.0.entry(reason.to_owned()).or_insert(0) += n;
        }
    }
}

/// The rows of every patient of `rows` with research consent on `data_cut`.
pub(super) fn build(rows: CohortRows, data_cut: NaiveDate) -> Result<Built, StoreError> {
    let mut dropped = Dropped::default();
    let mut excluded = rows.excluded_without_consent;
    let mut patients = Vec::with_capacity(rows.patients.len());
    for r in rows.patients {
        // The store's filter already checked consent; the rule is checked again on the rows.
        if !consented(&r, data_cut) {
            excluded += 1;
            continue;
        }
        patients.push(patient(r, data_cut, &mut dropped)?);
    }
    Ok(Built {
        patients,
        excluded_without_consent: excluded,
        dropped: dropped.0,
    })
}

fn patient(
    r: PatientRecords,
    cut: NaiveDate,
    dropped: &mut Dropped,
) -> Result<PatientOut, StoreError> {
    let diagnosis = r.patient.diagnosis()?;
    let birth = r.patient.birth_month()?;
    let episodes: Vec<_> = r
        .episodes
        .iter()
        .filter(|(e, ..)| e.start_date <= cut)
        .collect();
    dropped.add(
        "episodes_started_after_data_cut",
        r.episodes.len() - episodes.len(),
    );
    let spans: Vec<EpisodeSpan> = episodes
        .iter()
        .map(|h| from_records::span_at_cut(h, cut))
        .collect();
    let visits: Vec<_> = r.visits.iter().filter(|v| v.visit_date <= cut).collect();
    dropped.add("visits_after_data_cut", r.visits.len() - visits.len());
    let scored: Vec<(NaiveDate, VisitScores)> = visits
        .iter()
        .map(|v| Ok((v.visit_date, v.scores()?)))
        .collect::<Result<_, StoreError>>()?;
    let timeline = Timeline::build(diagnosis, &spans, &scored);

    let mut out_episodes: Vec<EpisodeOut> = Vec::with_capacity(episodes.len());
    let mut previous: Option<Drug> = None;
    for (k, history) in episodes.iter().enumerate() {
        let row = &history.0;
        let corrupt = |what: &str| StoreError::Corrupt(format!("episode {} {what}", row.id));
        let drug = Drug::parse(&row.drug).ok_or_else(|| corrupt("drug"))?;
        if let Some(reason) = row.stop_reason.as_deref()
            && StopReason::parse(reason).is_none()
        {
            return Err(corrupt("stop reason"));
        }
        // The course the analyses read: one conversion for releases and the endpoint.
        let course = from_records::course(&timeline, k, history, &scored, previous, cut)
            .ok_or_else(|| corrupt("timeline"))?;
        let placed = &timeline.episodes()[k];
        let b = &placed.baseline.scores;
        out_episodes.push(EpisodeOut {
            course,
            indication: row.indication.clone(),
            start_year: row.start_date.year(),
            baseline_days: BASELINE_SCORES.map(|s| placed.baseline_day(s)),
            baseline_eyebrows: b.eyebrows.map(|s| s.score()),
            baseline_eyelashes: b.eyelashes.map(|s| s.score()),
        });
        previous = Some(drug);
    }

    let mut out_visits = Vec::with_capacity(visits.len());
    for (i, v) in visits.iter().enumerate() {
        let Some(place) = timeline.place(i) else {
            dropped.add("visits_outside_episodes", 1);
            continue;
        };
        let scores = &scored[i].1;
        let course = &timeline.episodes()[place.episode];
        out_visits.push(VisitOut {
            episode: place.episode as u32 + 1,
            study_day: place.study_day,
            nominal_week: place.window.map(|w| w.week()),
            window_visit: course.windows.iter().any(|(_, at)| *at == i),
            salt: scores.salt.as_ref().and_then(|s| to_f64(s.total())),
            easi: scores.easi.as_ref().and_then(|e| to_f64(e.total())),
            pp_nrs: scores.pp_nrs.map(|p| i64::from(p.value())),
            viga: scores.viga_ad.map(|g| i64::from(g.grade())),
            poem: v.poem_total.map(i64::from),
            dlqi: v.dlqi_total.map(i64::from),
            cdlqi: v.cdlqi_total.map(i64::from),
            idqol: v.idqol_total.map(i64::from),
            eyebrows: scores.eyebrows.map(|s| i64::from(s.score())),
            eyelashes: scores.eyelashes.map(|s| i64::from(s.score())),
            responses: timeline.responses(i, scores),
        });
    }

    let placed = |date: NaiveDate| -> Option<(u32, i64)> {
        let k = episode_for_date(&spans, date)?;
        Some((k as u32 + 1, study_day(spans[k].start, date)))
    };
    let mut labs = Vec::with_capacity(r.labs.len());
    for l in &r.labs {
        if l.sample_date > cut {
            dropped.add("labs_after_data_cut", 1);
            continue;
        }
        let Some((episode, day)) = placed(l.sample_date) else {
            dropped.add("labs_outside_episodes", 1);
            continue;
        };
        let number: Option<f64> = l.canonical_value.parse().ok();
        labs.push(LabOut {
            episode,
            study_day: day,
            analyte: l.analyte.to_string(),
            value: number,
            result: number.is_none().then(|| l.canonical_value.to_string()),
            unit: l.canonical_unit.to_string(),
            flags: codes(Some(&l.flags)),
        });
    }

    let episode_ids: Vec<&str> = episodes.iter().map(|(e, ..)| e.id.as_str()).collect();
    let mut adverse_events = Vec::with_capacity(r.adverse_events.len());
    for a in &r.adverse_events {
        if a.onset_date > cut {
            dropped.add("adverse_events_after_data_cut", 1);
            continue;
        }
        let stored = a
            .episode_id
            .as_deref()
            .and_then(|id| episode_ids.iter().position(|e| *e == id));
        let Some(k) = stored.or_else(|| episode_for_date(&spans, a.onset_date)) else {
            dropped.add("adverse_events_outside_episodes", 1);
            continue;
        };
        let start = spans[k].start;
        adverse_events.push(AdverseEventOut {
            episode: k as u32 + 1,
            onset_day: study_day(start, a.onset_date),
            end_day: a
                .end_date
                .filter(|d| *d <= cut)
                .map(|d| study_day(start, d)),
            meddra_code: a.meddra_code.clone(),
            category: codes(a.category.as_deref()),
            grade: i64::from(a.grade),
            serious: a.serious,
            related: a.causality.clone(),
            action: a.action.clone(),
            outcome: a.outcome.clone(),
        });
    }

    let first_start = episodes.iter().map(|(e, ..)| e.start_date).min();
    Ok(PatientOut {
        internal_id: r.patient.id.clone(),
        center_id: r.patient.center_id.clone(),
        sex: r.patient.sex.clone(),
        age_band: first_start.and_then(|s| birth.age_years(s)).map(age_band),
        diagnosis,
        aa_subtype: r.patient.aa_subtype.clone(),
        episodes: out_episodes,
        visits: out_visits,
        labs,
        adverse_events,
    })
}
