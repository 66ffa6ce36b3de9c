//! Reimbursement eligibility of a JAK inhibitor for alopecia areata (CLINICAL.md §3, seed 003):
//! SALT ≥ 50 at baseline, current AA episode shorter than 8 years at start, failure of (or a
//! documented contraindication or adverse event to) ciclosporin, prednisone/prednisolone or
//! methotrexate, and the age of the licence (baricitinib ≥ 18, ritlecitinib ≥ 12).
//!
//! The result lists every unmet criterion, not the first.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use serde::{Deserialize, Serialize};

use crate::catalogue::Drug;
use crate::patient::Diagnosis;
use crate::time::{BirthMonth, completed_years};

mod criteria;
mod prior;

pub use criteria::UnmetCriterion;
pub use prior::{OtherTherapy, PriorOutcome, PriorTherapy, PriorTreatment};

/// Lowest baseline SALT that qualifies.
pub const MIN_BASELINE_SALT: Decimal = dec!(50);
/// The current AA episode must be shorter than this many years at treatment start.
pub const MAX_EPISODE_YEARS: Decimal = dec!(8);

/// How long the current AA episode has lasted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AaEpisodeDuration {
    /// The onset date of the current episode; counted in completed years up to the treatment
    /// start (7 y 364 d is 7, eligible; the 8th anniversary is 8, not eligible). An onset known
    /// only to the month may be given as the first of that month.
    Onset(NaiveDate),
    /// The duration in years as reported (`7.9`), compared exactly: 7.9 eligible, 8.0 not.
    Years(Decimal),
}

/// What the eligibility check needs to know.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AaJakEligibilityInput {
    /// The JAK inhibitor to be started.
    pub drug: Drug,
    /// The patient's birth month.
    pub birth_month: BirthMonth,
    /// The planned or actual start date.
    pub start: NaiveDate,
    /// SALT (0–100) at baseline; absent when not assessed.
    #[serde(default)]
    pub baseline_salt: Option<Decimal>,
    /// Duration of the current AA episode; absent when unknown.
    #[serde(default)]
    pub aa_episode: Option<AaEpisodeDuration>,
    /// Earlier treatments for AA and how they went.
    #[serde(default)]
    pub prior_treatments: Vec<PriorTreatment>,
}

/// The outcome: eligible when no criterion is unmet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Eligibility {
    unmet: Vec<UnmetCriterion>,
}

impl Eligibility {
    /// True when every criterion is met.
    pub fn is_eligible(&self) -> bool {
        self.unmet.is_empty()
    }

    /// Every unmet criterion, in the order of the rule.
    pub fn unmet(&self) -> &[UnmetCriterion] {
        &self.unmet
    }
}

impl Serialize for Eligibility {
    /// `{"eligible": false, "unmet": [{"criterion": "salt_below_50", "salt": "49.9", "message": …}]}`
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Unmet<'a> {
            #[serde(flatten)]
            criterion: &'a UnmetCriterion,
            message: String,
        }
        #[derive(Serialize)]
        struct Report<'a> {
            eligible: bool,
            unmet: Vec<Unmet<'a>>,
        }
        Report {
            eligible: self.is_eligible(),
            unmet: self
                .unmet
                .iter()
                .map(|criterion| Unmet {
                    criterion,
                    message: criterion.message(),
                })
                .collect(),
        }
        .serialize(s)
    }
}

/// The JAK inhibitors reimbursed for AA: those the catalogue licenses for AA.
pub fn reimbursed_for_aa() -> Vec<Drug> {
    Drug::ALL
        .into_iter()
        .filter(|d| d.is_jak_inhibitor() && d.licence(Diagnosis::Aa).is_some())
        .collect()
}

/// Checks every criterion and lists each one that is not met.
pub fn aa_jak_eligibility(input: &AaJakEligibilityInput) -> Eligibility {
    let mut unmet = Vec::new();
    let licence = input
        .drug
        .licence(Diagnosis::Aa)
        .filter(|_| input.drug.is_jak_inhibitor());
    match licence {
        None => unmet.push(UnmetCriterion::NotReimbursedForAa { drug: input.drug }),
        Some(licence) => {
            let min_age = licence.min_age();
            if let Some(min) = min_age.filter(|m| !m.is_reached(input.birth_month, input.start)) {
                unmet.push(UnmetCriterion::BelowMinimumAge {
                    drug: input.drug,
                    min_age: min,
                    age_years: input.birth_month.age_years(input.start).unwrap_or(0),
                });
            }
        }
    }
    match input.baseline_salt {
        None => unmet.push(UnmetCriterion::NoBaselineSalt),
        Some(salt) if salt < MIN_BASELINE_SALT => {
            unmet.push(UnmetCriterion::SaltBelow50 { salt });
        }
        Some(_) => {}
    }
    unmet.extend(episode_criterion(input.aa_episode, input.start));
    if !input.prior_treatments.iter().any(PriorTreatment::qualifies) {
        unmet.push(UnmetCriterion::NoQualifyingPriorSystemic);
    }
    Eligibility { unmet }
}

/// The unmet episode-duration criterion, if any: the episode must be known and shorter than
/// 8 years at `start` (completed years from an onset date, or the reported years exactly).
fn episode_criterion(
    duration: Option<AaEpisodeDuration>,
    start: NaiveDate,
) -> Option<UnmetCriterion> {
    let years = match duration {
        None => return Some(UnmetCriterion::NoEpisodeDuration),
        Some(AaEpisodeDuration::Onset(onset)) if onset > start => {
            return Some(UnmetCriterion::OnsetAfterStart { onset });
        }
        Some(AaEpisodeDuration::Years(years)) if years < Decimal::ZERO => {
            return Some(UnmetCriterion::NegativeEpisodeDuration { years });
        }
        Some(AaEpisodeDuration::Years(years)) => years,
        Some(AaEpisodeDuration::Onset(onset)) => Decimal::from(completed_years(onset, start)),
    };
    (years >= MAX_EPISODE_YEARS).then_some(UnmetCriterion::EpisodeTooLong { years })
}

#[cfg(test)]
mod tests;
