//! The `window_proportions` table: per outcome, drug and nominal week, the share of responders
//! three ways (CLINICAL.md §6):
//! - **oc**, observed cases: responders among the episodes whose window holds an on-treatment
//!   assessment of the outcome (the visit representing the window);
//! - **nri**, non-responder imputation: responders among every episode whose window was due —
//!   closed by the data cut (or stopped before it) — a stopped or missing episode counting as a
//!   non-responder; episodes whose window had not closed at the data cut are left out;
//! - **locf**, last observation carried forward: among episodes still on treatment when the
//!   window closed, the window's assessment or else the last on-treatment assessment before it.
//!
//! Only episodes evaluable for the outcome at baseline count (see [`super::course`]).

use registry_core::responses::Response;
use registry_core::windows::{NominalWindow, windows as nominal_windows};

use super::course::{Course, Outcome};
use super::suppress::{proportion, shown};

/// How a window's proportion is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Imputation {
    /// Observed cases.
    Oc,
    /// Non-responder imputation.
    Nri,
    /// Last observation carried forward.
    Locf,
}

impl Imputation {
    /// The code in the table.
    pub fn code(self) -> &'static str {
        match self {
            Self::Oc => "oc",
            Self::Nri => "nri",
            Self::Locf => "locf",
        }
    }
}

/// A `window_proportions` row.
#[derive(Debug, Clone, PartialEq)]
pub struct WindowProportion {
    /// The outcome.
    pub outcome: Outcome,
    /// The drug (code).
    pub drug: &'static str,
    /// The nominal week.
    pub week: u32,
    /// How missing assessments are handled.
    pub method: Imputation,
    /// Episodes counted (empty while 1–4).
    pub n: Option<usize>,
    /// Responders among them (empty when it or the non-responders are 1–4).
    pub responders: Option<usize>,
    /// responders / n, 4 decimals.
    pub proportion: Option<f64>,
}

/// The response of `course` in `window` under `method`: `None` when the episode is not counted.
pub fn window_response(
    course: &Course,
    outcome: Outcome,
    window: NominalWindow,
    method: Imputation,
) -> Option<bool> {
    let observed = course
        .assessments
        .iter()
        .find(|a| a.window_visit && a.week == Some(window.week()))
        .map(|a| outcome.response(&a.responses))
        .filter(|r| *r != Response::NotEvaluable);
    match method {
        Imputation::Oc => observed.map(Response::is_responder),
        // A stopped episode has no on-treatment assessment in later windows: a non-responder.
        Imputation::Nri => (window.to_day() <= course.cut_day)
            .then(|| observed.is_some_and(Response::is_responder)),
        Imputation::Locf => {
            if course.treatment_end() < window.to_day() {
                return None;
            }
            observed.map(Response::is_responder).or_else(|| {
                course
                    .assessments
                    .iter()
                    .rev()
                    .filter(|a| a.day < window.from_day())
                    .map(|a| outcome.response(&a.responses))
                    .find(|r| *r != Response::NotEvaluable)
                    .map(Response::is_responder)
            })
        }
    }
}

/// Every row: per outcome, drug, week (up to the last week any episode of the drug reached)
/// and method.
pub fn window_proportions(courses: &[Course]) -> Vec<WindowProportion> {
    let mut out = Vec::new();
    for outcome in Outcome::ALL {
        let diagnosis = outcome.diagnosis();
        for drug in super::drugs_of(courses, diagnosis) {
            let group: Vec<&Course> = courses
                .iter()
                .filter(|c| c.drug == drug && c.diagnosis == diagnosis)
                .filter(|c| outcome.evaluable(&c.baseline))
                .collect();
            let last_day = group.iter().map(|c| c.cut_day).max().unwrap_or(0);
            for window in nominal_windows(diagnosis).take_while(|w| w.to_day() <= last_day) {
                for method in [Imputation::Oc, Imputation::Nri, Imputation::Locf] {
                    let counted: Vec<bool> = group
                        .iter()
                        .filter_map(|c| window_response(c, outcome, window, method))
                        .collect();
                    let n = counted.len();
                    let yes = counted.iter().filter(|r| **r).count();
                    let (responders, share) = proportion(yes, n);
                    out.push(WindowProportion {
                        outcome,
                        drug: drug.code(),
                        week: window.week(),
                        method,
                        n: shown(n),
                        responders,
                        proportion: share,
                    });
                }
            }
        }
    }
    out
}
