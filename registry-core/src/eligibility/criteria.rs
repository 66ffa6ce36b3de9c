//! The criteria of the AA reimbursement rule that can be unmet, each with a message for the
//! clinician.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use super::{MAX_EPISODE_YEARS, MIN_BASELINE_SALT, reimbursed_for_aa};
use crate::catalogue::{Drug, MinAge};

/// One criterion that is not met.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "criterion", rename_all = "snake_case")]
pub enum UnmetCriterion {
    /// The drug is not a JAK inhibitor reimbursed for AA (baricitinib, ritlecitinib).
    NotReimbursedForAa {
        /// The drug asked about.
        drug: Drug,
    },
    /// The patient is younger than the licence allows for AA.
    BelowMinimumAge {
        /// The drug.
        drug: Drug,
        /// Its minimum age for AA.
        min_age: MinAge,
        /// The patient's age at start in completed years.
        age_years: u32,
    },
    /// No SALT at baseline.
    NoBaselineSalt,
    /// Baseline SALT below 50.
    #[serde(rename = "salt_below_50")]
    SaltBelow50 {
        /// The baseline SALT.
        salt: Decimal,
    },
    /// Neither the onset nor the duration of the current AA episode is known.
    NoEpisodeDuration,
    /// The onset of the current AA episode is after the treatment start.
    OnsetAfterStart {
        /// The onset given.
        onset: NaiveDate,
    },
    /// The reported episode duration is negative.
    NegativeEpisodeDuration {
        /// The duration given.
        years: Decimal,
    },
    /// The current AA episode has lasted 8 years or more at start.
    EpisodeTooLong {
        /// Its duration in years (completed years when counted from an onset date).
        years: Decimal,
    },
    /// No insufficient effect of, contraindication to or adverse event on ciclosporin,
    /// prednisone/prednisolone or methotrexate.
    NoQualifyingPriorSystemic,
}

impl UnmetCriterion {
    /// Stable code (`salt_below_50`), as serialised.
    pub fn code(&self) -> &'static str {
        match self {
            Self::NotReimbursedForAa { .. } => "not_reimbursed_for_aa",
            Self::BelowMinimumAge { .. } => "below_minimum_age",
            Self::NoBaselineSalt => "no_baseline_salt",
            Self::SaltBelow50 { .. } => "salt_below_50",
            Self::NoEpisodeDuration => "no_episode_duration",
            Self::OnsetAfterStart { .. } => "onset_after_start",
            Self::NegativeEpisodeDuration { .. } => "negative_episode_duration",
            Self::EpisodeTooLong { .. } => "episode_too_long",
            Self::NoQualifyingPriorSystemic => "no_qualifying_prior_systemic",
        }
    }

    /// Why the criterion is not met, for a clinician.
    pub fn message(&self) -> String {
        match self {
            Self::NotReimbursedForAa { drug } => {
                let reimbursed: Vec<&str> = reimbursed_for_aa().iter().map(|d| d.code()).collect();
                format!(
                    "{} is not a JAK inhibitor reimbursed for AA (reimbursed: {})",
                    drug.code(),
                    reimbursed.join(", ")
                )
            }
            Self::BelowMinimumAge {
                drug,
                min_age,
                age_years,
            } => format!(
                "{} is reimbursed for AA from {}; the patient is {age_years} years at start",
                drug.code(),
                min_age.describe()
            ),
            Self::NoBaselineSalt => {
                format!("no baseline SALT: SALT ≥ {MIN_BASELINE_SALT} at baseline cannot be shown")
            }
            Self::SaltBelow50 { salt } => {
                format!("baseline SALT {salt} is below {MIN_BASELINE_SALT}")
            }
            Self::NoEpisodeDuration => format!(
                "no onset or duration of the current AA episode: it must be shorter than \
                 {MAX_EPISODE_YEARS} years at start"
            ),
            Self::OnsetAfterStart { onset } => format!(
                "the onset of the current AA episode ({onset}) is after the treatment start"
            ),
            Self::NegativeEpisodeDuration { years } => {
                format!("the current AA episode duration {years} years is negative")
            }
            Self::EpisodeTooLong { years } => format!(
                "the current AA episode has lasted {years} years at start: it must be shorter \
                 than {MAX_EPISODE_YEARS} years"
            ),
            Self::NoQualifyingPriorSystemic => "no insufficient effect of, contraindication to \
                 or adverse event on ciclosporin, prednisone/prednisolone or methotrexate is \
                 recorded"
                .to_owned(),
        }
    }
}
