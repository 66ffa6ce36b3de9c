//! Numbering a patient's episodes per drug and classifying each start against the episode before:
//! first treatment, re-treatment with the same drug, switch within the JAK inhibitors (selective ↔
//! non-selective, as seed 003 advises), within another class, or between classes.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::Episode;
use crate::catalogue::{Drug, JakSelectivity};

/// What the numbering needs of an episode: its drug and start date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct EpisodeStart {
    /// The drug.
    pub drug: Drug,
    /// First day on the drug.
    pub start: NaiveDate,
}

impl From<&Episode> for EpisodeStart {
    fn from(e: &Episode) -> Self {
        Self {
            drug: e.drug(),
            start: e.start(),
        }
    }
}

/// Where one episode stands in the patient's treatment history.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct EpisodeSequence {
    /// 1 for the patient's first episode of this drug, 2 for the first re-treatment, ….
    pub episode_number: u32,
    /// Drug of the most recent episode (of any drug) started before this one.
    pub previous_drug: Option<Drug>,
    /// This start compared with `previous_drug`.
    pub transition: Transition,
}

impl EpisodeSequence {
    /// True when the patient had this drug before (`episode_number > 1`), even with other drugs
    /// in between.
    pub fn is_retreatment(&self) -> bool {
        self.episode_number > 1
    }
}

/// How a start relates to the drug of the episode before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Transition {
    /// No earlier episode.
    First,
    /// The same drug as the episode before (restart after a stop).
    ReTreatment,
    /// From one JAK inhibitor to another.
    SwitchWithinJak {
        /// Whether the switch changed selectivity.
        selectivity: SelectivityChange,
    },
    /// To another drug of the same (non-JAK) class, e.g. tralokinumab → lebrikizumab.
    SwitchWithinClass,
    /// To a drug of another class, e.g. dupilumab → upadacitinib.
    SwitchBetweenClasses,
}

/// Selectivity before and after a switch between JAK inhibitors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum SelectivityChange {
    /// Both selective (e.g. upadacitinib → ritlecitinib) or both non-selective.
    Unchanged,
    /// Selective → non-selective (e.g. ritlecitinib → baricitinib).
    SelectiveToNonSelective,
    /// Non-selective → selective (e.g. baricitinib → upadacitinib).
    NonSelectiveToSelective,
}

/// Classifies starting `next` after an episode of `previous` (`None`: no episode before).
pub fn classify_transition(previous: Option<Drug>, next: Drug) -> Transition {
    let Some(previous) = previous else {
        return Transition::First;
    };
    if previous == next {
        return Transition::ReTreatment;
    }
    match (previous.jak_selectivity(), next.jak_selectivity()) {
        (Some(before), Some(after)) => Transition::SwitchWithinJak {
            selectivity: match (before, after) {
                (JakSelectivity::Selective, JakSelectivity::NonSelective) => {
                    SelectivityChange::SelectiveToNonSelective
                }
                (JakSelectivity::NonSelective, JakSelectivity::Selective) => {
                    SelectivityChange::NonSelectiveToSelective
                }
                _ => SelectivityChange::Unchanged,
            },
        },
        _ if previous.class() == next.class() => Transition::SwitchWithinClass,
        _ => Transition::SwitchBetweenClasses,
    }
}

/// The sequence of each of a patient's episodes, in input order.
///
/// Episodes are ordered by start date; episodes of different drugs starting on the same day are
/// ordered by catalogue order, so the result does not depend on the input order. The previous
/// drug is that of the latest episode started strictly before this one: two drugs started on the
/// same day are not each other's previous drug, and when several started on that latest earlier
/// day, the last in catalogue order is taken.
pub fn number_episodes(episodes: &[EpisodeStart]) -> Vec<EpisodeSequence> {
    let mut order: Vec<usize> = (0..episodes.len()).collect();
    order.sort_by_key(|&i| (episodes[i].start, episodes[i].drug, i));
    let mut sequences: Vec<Option<EpisodeSequence>> = vec![None; episodes.len()];
    for (rank, &i) in order.iter().enumerate() {
        let this = episodes[i];
        let earlier = &order[..rank];
        let same_drug_before = earlier.iter().filter(|&&j| episodes[j].drug == this.drug);
        let episode_number = u32::try_from(same_drug_before.count()).unwrap_or(u32::MAX - 1) + 1;
        let previous_drug = earlier
            .iter()
            .rev()
            .map(|&j| episodes[j])
            .find(|e| e.start < this.start)
            .map(|e| e.drug);
        sequences[i] = Some(EpisodeSequence {
            episode_number,
            previous_drug,
            transition: classify_transition(previous_drug, this.drug),
        });
    }
    sequences.into_iter().flatten().collect()
}

#[cfg(test)]
mod tests;
