//! Earlier AA treatments and their outcome: the "failed ≥ 1 systemic drug" criterion.

use serde::{Deserialize, Serialize};

use crate::catalogue::Drug;
use crate::treatment::{Episode, StopReason};

/// A treatment outside the drug catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OtherTherapy {
    /// Topical corticosteroid (cream, lotion, under occlusion).
    TopicalCorticosteroid,
    /// Intralesional corticosteroid injections.
    IntralesionalCorticosteroid,
    /// Contact immunotherapy (DPCP).
    ContactImmunotherapy,
    /// Anything else.
    Other,
}

/// An earlier treatment: a catalogue drug (by its code) or another therapy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(untagged)]
pub enum PriorTherapy {
    /// A drug of the catalogue (`methotrexate`, `prednisolone`, …).
    Drug(Drug),
    /// A therapy outside the catalogue (`topical_corticosteroid`, …).
    Other(OtherTherapy),
}

/// How an earlier treatment went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PriorOutcome {
    /// Insufficient regrowth at an adequate dose and duration.
    InsufficientEffect,
    /// Not given because of a documented contraindication.
    Contraindication,
    /// Stopped for an adverse event.
    AdverseEvent,
    /// It worked.
    Effective,
    /// Outcome not recorded or not one of the above.
    Unknown,
}

impl PriorOutcome {
    /// The outcome a stop reason records: inefficacy (primary or secondary) is insufficient
    /// effect, an adverse event is an adverse event, anything else is unknown.
    pub fn from_stop_reason(reason: StopReason) -> Self {
        match reason {
            StopReason::PrimaryInefficacy | StopReason::SecondaryLossOfEffect => {
                Self::InsufficientEffect
            }
            StopReason::AdverseEvent => Self::AdverseEvent,
            StopReason::RemissionTaperedOff
            | StopReason::PatientWish
            | StopReason::PregnancyWish
            | StopReason::Reimbursement
            | StopReason::LostToFollowUp
            | StopReason::Other => Self::Unknown,
        }
    }
}

/// One earlier treatment and its outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PriorTreatment {
    /// The treatment.
    pub therapy: PriorTherapy,
    /// How it went.
    pub outcome: PriorOutcome,
}

impl PriorTreatment {
    /// The prior treatment a stopped episode records (`None` while it is ongoing).
    pub fn from_episode(episode: &Episode) -> Option<Self> {
        Some(Self {
            therapy: PriorTherapy::Drug(episode.drug()),
            outcome: PriorOutcome::from_stop_reason(episode.stop_reason()?),
        })
    }

    /// True when this treatment meets the criterion: ciclosporin, prednisone, prednisolone or
    /// methotrexate with insufficient effect, a contraindication or an adverse event.
    pub fn qualifies(&self) -> bool {
        let systemic = matches!(
            self.therapy,
            PriorTherapy::Drug(
                Drug::Ciclosporin | Drug::Prednisone | Drug::Prednisolone | Drug::Methotrexate
            )
        );
        let failed = matches!(
            self.outcome,
            PriorOutcome::InsufficientEffect
                | PriorOutcome::Contraindication
                | PriorOutcome::AdverseEvent
        );
        systemic && failed
    }
}
