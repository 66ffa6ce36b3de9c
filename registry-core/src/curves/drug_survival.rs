//! Drug survival: Kaplan–Meier of the time to discontinuation, overall and by reason.
//!
//! Overall, every discontinuation is the event and ongoing courses are censored at the end of
//! follow-up. By reason, each reason gets a full [`CurveRow`] table in which that reason is the
//! event and every other reason is the competing event:
//! - `km_1_minus_s` is the cause-specific Kaplan–Meier (other reasons censored): the proportion
//!   that would stop for this reason if no other reason existed. Use it to compare hazards.
//! - `aj_cif_response` is the Aalen–Johansen cumulative incidence of this reason (other reasons
//!   competing): the proportion that actually stopped for it. These add up over the reasons to
//!   1 − overall drug survival, so report them as "proportion stopped for …".

use serde::{Deserialize, Serialize};

use super::{CiMethod, CurveRow, Event, Observation, estimate, response_curve_with, risk_set};

/// One treatment course: how long it was followed and why it stopped, if it did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Course<T, R> {
    /// Time from start to discontinuation, or to the end of follow-up when ongoing.
    pub time: T,
    /// The reason of the discontinuation; `None` while the course is ongoing (censored).
    pub stop_reason: Option<R>,
}

/// One row of the overall drug-survival curve, at a time with at least one discontinuation.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SurvivalRow<T = i64> {
    /// The discontinuation time.
    pub t: T,
    /// Courses at risk just before `t`.
    pub at_risk: usize,
    /// Discontinuations at `t` (any reason).
    pub discontinued: usize,
    /// Courses censored at `t`.
    pub censored: usize,
    /// Kaplan–Meier drug survival S(t): the proportion still on the drug.
    pub survival: f64,
    /// Lower Greenwood 95 % limit of `survival` (`None` when S(t) = 0).
    pub ci_low: Option<f64>,
    /// Upper Greenwood 95 % limit of `survival` (`None` when S(t) = 0).
    pub ci_high: Option<f64>,
}

/// The curve of one discontinuation reason (see the module notes for its two estimates).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReasonCurve<T, R> {
    /// The reason.
    pub reason: R,
    /// Rows at every discontinuation time (any reason).
    pub rows: Vec<CurveRow<T>>,
}

/// Drug survival overall and by reason.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DrugSurvival<T, R> {
    /// Kaplan–Meier of the time to discontinuation for any reason.
    pub overall: Vec<SurvivalRow<T>>,
    /// One curve per reason that occurred, in the order of the reasons.
    pub by_reason: Vec<ReasonCurve<T, R>>,
}

/// Drug survival of `courses`: overall Kaplan–Meier and a curve per stop reason.
pub fn drug_survival<T: Copy + Ord, R: Ord + Clone>(
    courses: &[Course<T, R>],
    ci: CiMethod,
) -> DrugSurvival<T, R> {
    let any_stop: Vec<Observation<T>> = courses
        .iter()
        .map(|c| Observation::new(c.time, event_of(c.stop_reason.is_some())))
        .collect();
    let steps = risk_set::event_steps(&any_stop);
    let overall = steps
        .iter()
        .zip(estimate::kaplan_meier(&steps, ci))
        .map(|(step, km)| SurvivalRow {
            t: step.t,
            at_risk: step.at_risk,
            discontinued: step.events,
            censored: step.censored,
            survival: km.survival,
            ci_low: km.ci.map(|(low, _)| low),
            ci_high: km.ci.map(|(_, high)| high),
        })
        .collect();

    let mut reasons: Vec<&R> = courses
        .iter()
        .filter_map(|c| c.stop_reason.as_ref())
        .collect();
    reasons.sort();
    reasons.dedup();
    let by_reason = reasons
        .into_iter()
        .map(|reason| {
            let observations: Vec<Observation<T>> = courses
                .iter()
                .map(|c| {
                    let event = match &c.stop_reason {
                        None => Event::Censored,
                        Some(r) if r == reason => Event::Response,
                        Some(_) => Event::Competing,
                    };
                    Observation::new(c.time, event)
                })
                .collect();
            ReasonCurve {
                reason: reason.clone(),
                rows: response_curve_with(&observations, ci),
            }
        })
        .collect();
    DrugSurvival { overall, by_reason }
}

fn event_of(stopped: bool) -> Event {
    if stopped {
        Event::Response
    } else {
        Event::Censored
    }
}
