//! The analyses of a release (CLINICAL.md §6): response curves with censoring (Kaplan–Meier with
//! Greenwood CI, Aalen–Johansen), visit-window proportions (observed cases, non-responder
//! imputation, last observation carried forward), late responders and trajectories, loss of
//! response and tapering, re-treatment and switch outcomes, drug survival, and the curves' plots.
//! Every aggregate is computed from exactly the rows a release holds ([`Course`]s built from
//! them), so a researcher can recompute every number from the zip; counts of 1–4 are never shown.

pub mod course;
pub mod curves;
pub mod from_records;
pub mod late;
pub mod plot;
pub mod response;
pub mod suppress;
pub mod survival;
pub mod switches;
pub mod windows;

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests;

use registry_core::catalogue::Drug;
use registry_core::patient::Diagnosis;

pub use course::{Assessment, BaselineValues, Course, Outcome};

/// The drugs with episodes for `diagnosis`, in catalogue order.
pub fn drugs_of(courses: &[Course], diagnosis: Diagnosis) -> Vec<Drug> {
    let mut drugs: Vec<Drug> = courses
        .iter()
        .filter(|c| c.diagnosis == diagnosis)
        .map(|c| c.drug)
        .collect();
    drugs.sort_unstable();
    drugs.dedup();
    drugs
}

/// Every analysis of a set of courses.
#[derive(Debug, Clone, PartialEq)]
pub struct Analyses {
    /// The `curves` table.
    pub curves: Vec<curves::CurvePoint>,
    /// The `window_proportions` table.
    pub window_proportions: Vec<windows::WindowProportion>,
    /// The `late_responders` table.
    pub late_responders: Vec<late::LateResponderRow>,
    /// The `episode_outcomes` table (AA).
    pub episode_outcomes: Vec<late::EpisodeOutcome>,
    /// The `retreatment` table.
    pub retreatment: Vec<switches::GroupOutcome>,
    /// The `switches` table.
    pub switches: Vec<switches::GroupOutcome>,
    /// The `drug_survival` table.
    pub drug_survival: Vec<survival::SurvivalPoint>,
}

impl Analyses {
    /// Computes every analysis of `courses` (in release order: by patient, then episode).
    pub fn compute(courses: &[Course]) -> Self {
        Self {
            curves: curves::curves(courses),
            window_proportions: windows::window_proportions(courses),
            late_responders: courses.iter().flat_map(late::late_responders).collect(),
            episode_outcomes: courses.iter().filter_map(late::episode_outcome).collect(),
            retreatment: switches::retreatment(courses),
            switches: switches::switches(courses),
            drug_survival: survival::drug_survival(courses),
        }
    }
}
