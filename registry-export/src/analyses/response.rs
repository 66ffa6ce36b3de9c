//! The response curves of a cohort as the analyses endpoint serves them: for one outcome, one
//! curve per drug (or the one drug asked for), from the cohort's courses — the same courses,
//! curves and small-cell rules a release uses, without any patient-level row.

use chrono::NaiveDate;
use registry_core::catalogue::Drug;
use registry_core::store::cohort::CohortRows;

use super::course::{Course, Outcome};
use super::curves::{CurvePoint, curve_rows, observation, plot};
use super::from_records::courses_of_cohort;
use super::plot::Plot;
use super::suppress::shown;

/// The curve of one drug.
#[derive(Debug, Clone, PartialEq)]
pub struct DrugCurve {
    /// The drug.
    pub drug: Drug,
    /// Episodes of the drug in the cohort (empty while 1–4).
    pub episodes: Option<usize>,
    /// Episodes that enter the curve (evaluable at baseline; empty while 1–4).
    pub evaluable: Option<usize>,
    /// The curve's rows (KM with its interval, AJ of the response and of discontinuation), up
    /// to where fewer than 5 remain at risk.
    pub points: Vec<CurvePoint>,
}

impl DrugCurve {
    /// The curve's plot (`None` when it has no row).
    pub fn plot(&self, outcome: Outcome) -> Option<Plot> {
        plot(outcome, self.drug.code(), &self.points)
    }
}

/// The curves of `outcome` for the episodes of `cohort` (with the data cut `data_cut`), one per
/// drug of the outcome's disease with episodes, in catalogue order — or only `drug`'s.
pub fn response_curves(
    cohort: &CohortRows,
    outcome: Outcome,
    drug: Option<Drug>,
    data_cut: NaiveDate,
) -> Vec<DrugCurve> {
    let courses: Vec<Course> =
        courses_of_cohort(&cohort.patients, |p| p.patient.id.as_str().into(), data_cut)
            .into_iter()
            .filter(|c| c.diagnosis == outcome.diagnosis() && drug.is_none_or(|d| c.drug == d))
            .collect();
    super::drugs_of(&courses, outcome.diagnosis())
        .into_iter()
        .map(|d| {
            let mine = courses.iter().filter(|c| c.drug == d);
            let observations: Vec<_> = mine
                .clone()
                .filter_map(|c| observation(c, outcome))
                .collect();
            DrugCurve {
                drug: d,
                episodes: shown(mine.count()),
                evaluable: shown(observations.len()),
                points: curve_rows(outcome, d.code(), &observations),
            }
        })
        .collect()
}
