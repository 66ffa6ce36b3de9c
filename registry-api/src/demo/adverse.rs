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

use super::adverse_kinds::kinds;
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
