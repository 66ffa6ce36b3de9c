//! Adverse events on each drug, at published frequencies: per kind of event the chance of a
//! first event within the first year on the drug (drawn early in the year when `front` > 1) and
//! the yearly rate after it.
//!
//! Figures: conjunctivitis in about a third of patients on dupilumab (issue brief; BioDay daily
//! practice), about 10 % on tralokinumab and lebrikizumab (seed 000, Figuur 3); acne on JAK
//! inhibitors (upadacitinib ≈ 15–20 %, abrocitinib, baricitinib, ritlecitinib ≈ 5 %); herpes zoster
//! a few per 100 patient-years on JAK inhibitors (seed 003: raised incidence); nausea on
//! abrocitinib and methotrexate; hypertension on ciclosporin; serious infections, venous
//! thrombo-embolism, MACE and malignancy rare, rising with age *(rates: project assumptions of
//! the published order of magnitude)*. Herpes on a JAK inhibitor is usually met with an
//! interruption (seed 003); sometimes a center records none, which the registry flags.

use chrono::NaiveDate;
use registry_core::catalogue::Drug;

use super::rng::{Rng, add_days};

/// What was done with the drug.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Nothing.
    None,
    /// Paused until recovery.
    Interrupted,
    /// Stopped for good.
    Withdrawn,
}

/// One kind of event on one drug.
#[derive(Debug, Clone, Copy)]
struct Kind {
    term: &'static str,
    first_year: f64,
    later: f64,
    front: f64,
    grade: (i64, i64),
    serious: Option<&'static str>,
    days: (i64, i64),
    actions: [f64; 3],
    aged: bool,
}

const fn kind(term: &'static str, first_year: f64, front: f64, actions: [f64; 3]) -> Kind {
    Kind {
        term,
        first_year,
        later: first_year * 0.5,
        front,
        grade: (1, 2),
        serious: None,
        days: (5, 30),
        actions,
        aged: false,
    }
}

const fn serious(
    term: &'static str,
    rate: f64,
    criterion: &'static str,
    actions: [f64; 3],
) -> Kind {
    Kind {
        term,
        first_year: rate,
        later: rate,
        front: 1.0,
        grade: (3, 3),
        serious: Some(criterion),
        days: (10, 60),
        actions,
        aged: true,
    }
}

const NONE: [f64; 3] = [1.0, 0.0, 0.0];

/// An adverse event to record.
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedAe {
    /// Verbatim term.
    pub term: &'static str,
    /// Onset.
    pub onset: NaiveDate,
    /// End (absent while it goes on at the end of follow-up).
    pub end: Option<NaiveDate>,
    /// CTCAE grade.
    pub grade: i64,
    /// ICH E2A criterion met, if serious.
    pub serious: Option<&'static str>,
    /// What was done with the drug.
    pub action: Action,
    /// Not serious (centers under-report these).
    pub minor: bool,
}

fn kinds(drug: Drug) -> Vec<Kind> {
    let jak = |zoster: f64, simplex: f64, acne: f64, nausea: f64| {
        vec![
            kind(
                "upper respiratory tract infection",
                0.22,
                1.0,
                [0.95, 0.05, 0.0],
            ),
            kind("herpes zoster", zoster, 1.0, [0.1, 0.88, 0.02]),
            kind("herpes simplex", simplex, 1.0, [0.15, 0.85, 0.0]),
            kind("acne", acne, 1.8, [0.96, 0.0, 0.04]),
            kind("headache", 0.08, 1.5, NONE),
            kind("nausea", nausea, 2.0, [0.95, 0.0, 0.05]),
            serious(
                "pneumonia requiring admission",
                0.015,
                "hospitalisation",
                [0.1, 0.7, 0.2],
            ),
            serious(
                "deep vein thrombosis",
                0.003,
                "important_medical_event",
                [0.1, 0.0, 0.9],
            ),
            serious(
                "myocardial infarction",
                0.002,
                "hospitalisation",
                [0.1, 0.0, 0.9],
            ),
            serious(
                "basal cell carcinoma",
                0.003,
                "important_medical_event",
                [0.7, 0.0, 0.3],
            ),
            serious(
                "breast cancer",
                0.002,
                "important_medical_event",
                [0.1, 0.0, 0.9],
            ),
        ]
    };
    let biologic = |conjunctivitis: f64| {
        vec![
            kind("conjunctivitis", conjunctivitis, 2.0, [0.92, 0.0, 0.08]),
            kind("injection site reaction", 0.08, 2.5, [0.98, 0.0, 0.02]),
            kind("facial erythema", 0.04, 1.5, [0.95, 0.0, 0.05]),
            kind("eczema herpeticum", 0.015, 1.0, [0.5, 0.5, 0.0]),
            kind("upper respiratory tract infection", 0.12, 1.0, NONE),
            serious(
                "pneumonia requiring admission",
                0.005,
                "hospitalisation",
                [0.4, 0.5, 0.1],
            ),
        ]
    };
    match drug {
        Drug::Dupilumab => biologic(0.36),
        Drug::Tralokinumab | Drug::Lebrikizumab => biologic(0.10),
        Drug::Upadacitinib => jak(0.035, 0.08, 0.18, 0.03),
        Drug::Abrocitinib => jak(0.025, 0.05, 0.06, 0.12),
        Drug::Baricitinib => jak(0.02, 0.05, 0.05, 0.03),
        Drug::Ritlecitinib => jak(0.015, 0.04, 0.06, 0.03),
        Drug::Ciclosporin => vec![
            kind("hypertension", 0.15, 1.5, [0.7, 0.0, 0.3]),
            kind("nausea", 0.08, 2.0, NONE),
            kind("hypertrichosis", 0.08, 1.0, NONE),
            kind("tremor", 0.05, 1.5, [0.9, 0.0, 0.1]),
        ],
        Drug::Methotrexate => vec![
            kind("nausea", 0.25, 2.0, [0.85, 0.0, 0.15]),
            kind("fatigue", 0.10, 1.5, [0.95, 0.0, 0.05]),
            kind("stomatitis", 0.05, 1.0, [0.8, 0.2, 0.0]),
            kind("elevated liver enzymes", 0.06, 1.0, [0.6, 0.3, 0.1]),
        ],
        Drug::Prednisone | Drug::Prednisolone => vec![
            kind("weight gain", 0.3, 1.0, NONE),
            kind("insomnia", 0.15, 2.0, NONE),
            kind("mood changes", 0.10, 2.0, [0.9, 0.0, 0.1]),
            kind("hyperglycaemia", 0.03, 1.0, NONE),
        ],
    }
}

/// The events of an episode of `drug` from `start` that could happen up to `end`, by onset, for
/// a patient of `age` years.
pub fn sample(
    rng: &mut Rng,
    drug: Drug,
    start: NaiveDate,
    end: NaiveDate,
    age: u32,
) -> Vec<PlannedAe> {
    let span = (end - start).num_days() as f64;
    let age_factor = (f64::from(age) / 50.0).powi(3).clamp(0.05, 4.0);
    let mut out = Vec::new();
    for k in kinds(drug) {
        let factor = if k.aged { age_factor } else { 1.0 };
        let mut onsets = Vec::new();
        if rng.chance(k.first_year * factor) {
            onsets.push(365.0 * rng.unit().powf(k.front));
        }
        let mut t = 365.0;
        loop {
            t += 365.0 * rng.exponential(k.later * factor);
            if t >= span {
                break;
            }
            onsets.push(t);
        }
        for day in onsets.into_iter().filter(|d| *d < span) {
            let onset = add_days(start, day as i64 + 1);
            out.push(PlannedAe {
                term: k.term,
                onset,
                end: Some(add_days(onset, rng.int(k.days.0, k.days.1))),
                grade: rng.int(k.grade.0, k.grade.1),
                serious: k.serious,
                action: [Action::None, Action::Interrupted, Action::Withdrawn]
                    [rng.weighted(&k.actions)],
                minor: k.serious.is_none(),
            });
        }
    }
    out.sort_by(|a, b| a.onset.cmp(&b.onset).then(a.term.cmp(b.term)));
    out
}
