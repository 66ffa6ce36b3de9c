//! Treatment episodes (CLINICAL.md §2): one drug for one indication from start to stop, with doses
//! over time, interruptions and a stop reason; and the numbering of a patient's episodes per drug
//! (re-treatment, switches), which the re-treatment and switching analyses of seed 003 need.

use serde::{Deserialize, Serialize};

mod dose;
mod episode;
mod interruption;
mod numbering;

pub use dose::{Dose, DoseInput, DoseUnit, Frequency};
pub use episode::{DoseChange, DoseChangeInput, Episode, EpisodeInput};
pub use interruption::{Interruption, InterruptionInput, InterruptionReason};
pub use numbering::{
    EpisodeSequence, EpisodeStart, SelectivityChange, Transition, classify_transition,
    number_episodes,
};

/// Why a treatment episode was stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StopReason {
    /// No adequate response after an adequate treatment period.
    PrimaryInefficacy,
    /// Response first, then lost.
    SecondaryLossOfEffect,
    /// An adverse event.
    AdverseEvent,
    /// Remission: tapered off.
    RemissionTaperedOff,
    /// The patient's wish.
    PatientWish,
    /// Pregnancy or the wish to become pregnant.
    PregnancyWish,
    /// Not (or no longer) reimbursed.
    Reimbursement,
    /// Lost to follow-up.
    LostToFollowUp,
    /// Any other reason.
    Other,
}

impl StopReason {
    /// Every reason, in the order of CLINICAL.md §2.
    pub const ALL: [StopReason; 9] = [
        Self::PrimaryInefficacy,
        Self::SecondaryLossOfEffect,
        Self::AdverseEvent,
        Self::RemissionTaperedOff,
        Self::PatientWish,
        Self::PregnancyWish,
        Self::Reimbursement,
        Self::LostToFollowUp,
        Self::Other,
    ];

    /// The code used in the API and releases (`primary_inefficacy`, …).
    pub fn code(self) -> &'static str {
        match self {
            Self::PrimaryInefficacy => "primary_inefficacy",
            Self::SecondaryLossOfEffect => "secondary_loss_of_effect",
            Self::AdverseEvent => "adverse_event",
            Self::RemissionTaperedOff => "remission_tapered_off",
            Self::PatientWish => "patient_wish",
            Self::PregnancyWish => "pregnancy_wish",
            Self::Reimbursement => "reimbursement",
            Self::LostToFollowUp => "lost_to_follow_up",
            Self::Other => "other",
        }
    }

    /// Parses a code.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.code() == s)
    }

    /// True for the reasons that say the drug did not work (primary or secondary).
    pub fn is_inefficacy(self) -> bool {
        matches!(self, Self::PrimaryInefficacy | Self::SecondaryLossOfEffect)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn stop_reason_codes_match_serde() {
        for reason in StopReason::ALL {
            let json = serde_json::to_string(&reason).unwrap();
            assert_eq!(json, format!("\"{}\"", reason.code()));
            assert_eq!(StopReason::parse(reason.code()), Some(reason));
        }
        assert_eq!(
            StopReason::parse("lost_to_follow_up"),
            Some(StopReason::LostToFollowUp)
        );
        assert_eq!(StopReason::parse("died"), None);
    }
}
