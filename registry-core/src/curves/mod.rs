//! Response over time with censoring (CLINICAL.md §6): Kaplan–Meier with Greenwood confidence
//! intervals, Aalen–Johansen cumulative incidence with a competing event, and drug survival.
//!
//! Time is any integer-like ordered value (study days or weeks; the caller picks the unit and
//! every row is in that unit). Each episode contributes one [`Observation`]: the time of the first
//! visit meeting the criterion ([`Event::Response`]), of the discontinuation
//! ([`Event::Competing`]), or of the last on-treatment assessment ([`Event::Censored`]).
//!
//! Conventions, fixed here so every report states the same thing:
//! - **Ties**: at one time, responses and competing events happen before censorings, so an
//!   episode censored at `t` is still at risk at `t`.
//! - **Rows**: one per distinct time with at least one response or competing event; censorings
//!   at other times change only later risk sets.
//! - **Kaplan–Meier 1 − S(t)** treats the competing event as censored. It estimates the
//!   proportion that would respond if nobody stopped, so it is ≥ the Aalen–Johansen curve.
//! - **Greenwood 95 % CI**, by default on the log(−log S) scale (never leaves (0, 1), the SAS
//!   default); [`CiMethod::Plain`] gives S ± 1.96·SE clamped to [0, 1]. The interval is `None`
//!   when S(t) = 0 (variance undefined) and is the point itself while S(t) = 1.
//! - **Aalen–Johansen** cumulative incidence of each event uses the all-cause Kaplan–Meier S(t−):
//!   `CIF_k(t) = Σ_{s ≤ t} S(s−) · d_k(s) / n(s)`, so CIF response + CIF competing = 1 − S_all.
//!
//! Estimates are `f64` (statistics output, not rule logic). They equal lifelines' within 1e-9 on
//! the fixtures of `fixtures/lifelines/` (`lifelines_tests.rs`); docs/analyses.md says how, and
//! where lifelines' defaults differ.

mod drug_survival;
mod estimate;
mod risk_set;

#[cfg(test)]
mod lifelines_tests;
#[cfg(test)]
mod tests;

pub use drug_survival::{Course, DrugSurvival, ReasonCurve, SurvivalRow, drug_survival};

use serde::{Deserialize, Serialize};

/// What ended an episode's follow-up for one outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Event {
    /// The criterion was met (first visit meeting it).
    Response,
    /// The treatment was discontinued before a response (competing event).
    Competing,
    /// Still without response at the last on-treatment assessment.
    Censored,
}

/// One episode's contribution to a curve: a time and what happened then.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Observation<T = i64> {
    /// Study day or week of the event or censoring.
    pub time: T,
    /// What happened at `time`.
    pub event: Event,
}

impl<T> Observation<T> {
    /// An observation at `time`.
    pub fn new(time: T, event: Event) -> Self {
        Self { time, event }
    }
}

/// How the Greenwood 95 % confidence interval of S(t) is formed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CiMethod {
    /// `S^exp(±1.96·SE(log(−log S)))`: stays inside (0, 1), behaves well in small samples.
    #[default]
    LogLog,
    /// `S ± 1.96·SE(S)`, clamped to [0, 1].
    Plain,
}

/// One row of a response curve, at a time where at least one event happened.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CurveRow<T = i64> {
    /// The event time.
    pub t: T,
    /// Episodes at risk just before `t` (including those censored at `t`).
    pub at_risk: usize,
    /// Responses at `t`.
    pub events: usize,
    /// Competing events (discontinuations) at `t`.
    pub competing: usize,
    /// Censorings at `t` (counted after the events).
    pub censored: usize,
    /// Kaplan–Meier 1 − S(t) for the response, competing events censored.
    pub km_1_minus_s: f64,
    /// Lower Greenwood 95 % limit of `km_1_minus_s` (`None` when S(t) = 0).
    pub km_ci_low: Option<f64>,
    /// Upper Greenwood 95 % limit of `km_1_minus_s` (`None` when S(t) = 0).
    pub km_ci_high: Option<f64>,
    /// Aalen–Johansen cumulative incidence of the response.
    pub aj_cif_response: f64,
    /// Aalen–Johansen cumulative incidence of the competing event.
    pub aj_cif_competing: f64,
}

/// The response curve of a set of observations (one row per distinct event time), with the
/// Greenwood interval on the log(−log) scale. See the module notes for the conventions.
pub fn response_curve<T: Copy + Ord>(observations: &[Observation<T>]) -> Vec<CurveRow<T>> {
    response_curve_with(observations, CiMethod::default())
}

/// [`response_curve`] with a chosen confidence-interval method.
pub fn response_curve_with<T: Copy + Ord>(
    observations: &[Observation<T>],
    ci: CiMethod,
) -> Vec<CurveRow<T>> {
    let steps = risk_set::event_steps(observations);
    let km = estimate::kaplan_meier(&steps, ci);
    let aj = estimate::aalen_johansen(&steps);
    steps
        .iter()
        .zip(km)
        .zip(aj)
        .map(|((step, km), (cif_response, cif_competing))| CurveRow {
            t: step.t,
            at_risk: step.at_risk,
            events: step.events,
            competing: step.competing,
            censored: step.censored,
            km_1_minus_s: 1.0 - km.survival,
            km_ci_low: km.ci.map(|(_, high)| 1.0 - high),
            km_ci_high: km.ci.map(|(low, _)| 1.0 - low),
            aj_cif_response: cif_response,
            aj_cif_competing: cif_competing,
        })
        .collect()
}
