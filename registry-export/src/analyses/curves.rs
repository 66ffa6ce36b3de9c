//! The `curves` table: for each drug and outcome, Kaplan–Meier 1 − S(t) with its Greenwood 95 %
//! interval (discontinuation censored) and the Aalen–Johansen cumulative incidence of the
//! response and of discontinuation (discontinuation competing), from `registry-core::curves`.
//!
//! An episode's (time, event) for an outcome: the study day of the first on-treatment assessment
//! meeting it (response); else the stop (discontinuation, a competing event); else the last
//! on-treatment assessment of the outcome (censored; day 0 when there is none).
//!
//! Small cells: a curve ends where fewer than 5 episodes remain at risk, and the cumulative
//! counts of responses are shown only from 5 on (a count of 1–4 is left empty).

use registry_core::curves::{CurveRow, Event, Observation, response_curve};

use super::course::{Course, Outcome};
use super::plot::{Plot, Series, Step, at_risk_at_ticks};
use super::suppress::{MIN_COUNT, shown};

/// Which estimate a row carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Method {
    /// Kaplan–Meier 1 − S(t), discontinuation censored, with the Greenwood interval.
    Km,
    /// Aalen–Johansen cumulative incidence of the response.
    Aj,
    /// Aalen–Johansen cumulative incidence of discontinuation before a response.
    AjDiscontinuation,
}

impl Method {
    /// The code in the table.
    pub fn code(self) -> &'static str {
        match self {
            Self::Km => "km",
            Self::Aj => "aj",
            Self::AjDiscontinuation => "aj_discontinuation",
        }
    }
}

/// A `curves` row.
#[derive(Debug, Clone, PartialEq)]
pub struct CurvePoint {
    /// The outcome.
    pub outcome: Outcome,
    /// The drug (code).
    pub drug: &'static str,
    /// The estimate.
    pub method: Method,
    /// Study day of the step.
    pub day: i64,
    /// Episodes at risk just before the day (always ≥ 5).
    pub at_risk: usize,
    /// Responses (or, for `aj_discontinuation`, discontinuations) up to and including the day;
    /// empty while 1–4.
    pub events: Option<usize>,
    /// The estimate (0–1).
    pub estimate: f64,
    /// Lower 95 % limit (Kaplan–Meier only).
    pub ci_low: Option<f64>,
    /// Upper 95 % limit (Kaplan–Meier only).
    pub ci_high: Option<f64>,
}

/// The (time, event) of `course` for `outcome`, or `None` when the episode is not evaluable.
pub fn observation(course: &Course, outcome: Outcome) -> Option<Observation> {
    if !outcome.evaluable(&course.baseline) {
        return None;
    }
    let end = course.treatment_end();
    let on_treatment = course
        .assessments
        .iter()
        .filter(|a| a.day >= 1 && a.day <= end);
    let mut last_assessed = 0;
    for a in on_treatment {
        let r = outcome.response(&a.responses);
        if r.is_responder() {
            return Some(Observation::new(a.day, Event::Response));
        }
        if r.is_evaluable() {
            last_assessed = a.day;
        }
    }
    Some(match course.stop {
        Some((day, _)) if day <= course.follow_up_day => Observation::new(day, Event::Competing),
        _ => Observation::new(last_assessed, Event::Censored),
    })
}

/// The curve of one group of observations, as table rows (see the module notes).
pub fn curve_rows(
    outcome: Outcome,
    drug: &'static str,
    observations: &[Observation],
) -> Vec<CurvePoint> {
    let rows: Vec<CurveRow> = response_curve(observations);
    let (mut responses, mut stops) = (0, 0);
    let mut out = Vec::new();
    for row in rows.iter().take_while(|r| r.at_risk >= MIN_COUNT) {
        responses += row.events;
        stops += row.competing;
        let point = |method, events, estimate, ci: Option<(Option<f64>, Option<f64>)>| CurvePoint {
            outcome,
            drug,
            method,
            day: row.t,
            at_risk: row.at_risk,
            events: shown(events),
            estimate,
            ci_low: ci.and_then(|c| c.0),
            ci_high: ci.and_then(|c| c.1),
        };
        out.push(point(
            Method::Km,
            responses,
            row.km_1_minus_s,
            Some((row.km_ci_low, row.km_ci_high)),
        ));
        out.push(point(Method::Aj, responses, row.aj_cif_response, None));
        out.push(point(
            Method::AjDiscontinuation,
            stops,
            row.aj_cif_competing,
            None,
        ));
    }
    out
}

/// Every curve: one per drug and outcome of the drug's episodes, in outcome then drug order.
pub fn curves(courses: &[Course]) -> Vec<CurvePoint> {
    let mut out = Vec::new();
    for outcome in Outcome::ALL {
        for drug in super::drugs_of(courses, outcome.diagnosis()) {
            let observations: Vec<Observation> = courses
                .iter()
                .filter(|c| c.drug == drug && c.diagnosis == outcome.diagnosis())
                .filter_map(|c| observation(c, outcome))
                .collect();
            out.extend(curve_rows(outcome, drug.code(), &observations));
        }
    }
    out
}

/// The plot of one curve (the rows of one outcome and drug, as [`curve_rows`] gives them):
/// Kaplan–Meier 1 − S with its 95 % band and the Aalen–Johansen incidences of the response and
/// of discontinuation before a response, with
/// the number at risk under each tick of the time axis (left empty past the curve's end, where
/// fewer than 5 remain). `None` when the curve has no row.
pub fn plot(outcome: Outcome, drug_label: &str, rows: &[CurvePoint]) -> Option<Plot> {
    let last = rows.last()?;
    let max_day = last.day;
    let series = |method: Method, label: &str| {
        let mine: Vec<&CurvePoint> = rows.iter().filter(|r| r.method == method).collect();
        let steps: Vec<(i64, usize)> = mine.iter().map(|r| (r.day, r.at_risk)).collect();
        let at_risk = at_risk_at_ticks(max_day, &steps);
        Series {
            label: label.to_owned(),
            steps: mine
                .iter()
                .map(|r| Step {
                    day: r.day,
                    estimate: r.estimate,
                    band: r.ci_low.zip(r.ci_high),
                })
                .collect(),
            at_risk,
        }
    };
    Some(Plot {
        title: format!("{} — {drug_label}", outcome.label()),
        y_label: "Proportion of episodes".to_owned(),
        series: vec![
            series(Method::Km, "Kaplan–Meier 1 − S (discontinuation censored)"),
            series(Method::Aj, "Aalen–Johansen: response"),
            series(
                Method::AjDiscontinuation,
                "Aalen–Johansen: discontinuation first",
            ),
        ],
        max_day,
    })
}

/// Every curve's plot, one per outcome and drug of `points` (the `curves` table), as
/// `(file name, SVG)`: `plots/<outcome>_<drug>.svg`, in table order.
pub fn plots(points: &[CurvePoint]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = points;
    while let Some(first) = rest.first() {
        let len = rest
            .iter()
            .take_while(|p| p.outcome == first.outcome && p.drug == first.drug)
            .count();
        let (group, tail) = rest.split_at(len);
        if let Some(plot) = plot(first.outcome, first.drug, group) {
            out.push((
                format!("plots/{}_{}.svg", first.outcome.code(), first.drug),
                super::plot::svg(&plot),
            ));
        }
        rest = tail;
    }
    out
}
