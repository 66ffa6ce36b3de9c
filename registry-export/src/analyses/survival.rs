//! The `drug_survival` table: per drug, Kaplan–Meier of the time to discontinuation for any
//! reason (with its Greenwood interval), and per stop reason the Aalen–Johansen cumulative
//! incidence of stopping for that reason (the other reasons competing), from
//! `registry-core::curves::drug_survival`. Courses still running are censored at the end of
//! follow-up. Rows stop where fewer than 5 remain at risk; counts of 1–4 are left empty.

use registry_core::curves::{CiMethod, Course as Followed, drug_survival as km};
use registry_core::treatment::StopReason;

use super::course::Course;
use super::plot::{self, Plot, Series, Step};
use super::suppress::{MIN_COUNT, shown};

/// A `drug_survival` row.
#[derive(Debug, Clone, PartialEq)]
pub struct SurvivalPoint {
    /// The drug (code).
    pub drug: &'static str,
    /// `all`, or a stop reason code.
    pub reason: &'static str,
    /// Study day.
    pub day: i64,
    /// Courses at risk just before the day (≥ 5).
    pub at_risk: usize,
    /// Discontinuations (for the reason) up to and including the day; empty while 1–4.
    pub events: Option<usize>,
    /// `all`: the proportion still on the drug; a reason: the proportion stopped for it.
    pub estimate: f64,
    /// Lower 95 % limit (`all` only).
    pub ci_low: Option<f64>,
    /// Upper 95 % limit (`all` only).
    pub ci_high: Option<f64>,
}

/// Drug survival of every drug with episodes.
pub fn drug_survival(courses: &[Course]) -> Vec<SurvivalPoint> {
    let mut drugs: Vec<_> = courses.iter().map(|c| c.drug).collect();
    drugs.sort_unstable();
    drugs.dedup();
    let mut out = Vec::new();
    for drug in drugs {
        let followed: Vec<Followed<i64, StopReason>> = courses
            .iter()
            .filter(|c| c.drug == drug)
            .map(|c| match c.stop {
                Some((day, reason)) if day <= c.follow_up_day => Followed {
                    time: day,
                    stop_reason: Some(reason),
                },
                _ => Followed {
                    time: c.follow_up_day,
                    stop_reason: None,
                },
            })
            .collect();
        let survival = km(&followed, CiMethod::LogLog);
        let mut stopped = 0;
        for row in survival
            .overall
            .iter()
            .take_while(|r| r.at_risk >= MIN_COUNT)
        {
            stopped += row.discontinued;
            out.push(SurvivalPoint {
                drug: drug.code(),
                reason: "all",
                day: row.t,
                at_risk: row.at_risk,
                events: shown(stopped),
                estimate: row.survival,
                ci_low: row.ci_low,
                ci_high: row.ci_high,
            });
        }
        for curve in &survival.by_reason {
            let mut events = 0;
            for row in curve.rows.iter().take_while(|r| r.at_risk >= MIN_COUNT) {
                events += row.events;
                out.push(SurvivalPoint {
                    drug: drug.code(),
                    reason: curve.reason.code(),
                    day: row.t,
                    at_risk: row.at_risk,
                    events: shown(events),
                    estimate: row.aj_cif_response,
                    ci_low: None,
                    ci_high: None,
                });
            }
        }
    }
    out
}

/// One plot per drug of the `drug_survival` table's `all` rows (Kaplan–Meier of staying on the
/// drug, with its band and the number at risk under the axis), as
/// `(plots/drug_survival_<drug>.svg, SVG)`, in table order.
pub fn plots(points: &[SurvivalPoint]) -> Vec<(String, String)> {
    let mut drugs: Vec<&str> = points.iter().map(|p| p.drug).collect();
    drugs.dedup();
    let mut out = Vec::new();
    for drug in drugs {
        let mine: Vec<&SurvivalPoint> = points
            .iter()
            .filter(|p| p.drug == drug && p.reason == "all")
            .collect();
        let Some(max_day) = mine.iter().map(|p| p.day).max() else {
            continue;
        };
        let steps: Vec<(i64, usize)> = mine.iter().map(|p| (p.day, p.at_risk)).collect();
        let plot = Plot {
            title: format!("Drug survival — {drug}"),
            y_label: "Proportion still on the drug".to_owned(),
            series: vec![Series {
                label: "Kaplan–Meier, any stop".to_owned(),
                steps: mine
                    .iter()
                    .map(|p| Step {
                        day: p.day,
                        estimate: p.estimate,
                        band: p.ci_low.zip(p.ci_high),
                    })
                    .collect(),
                at_risk: plot::at_risk_at_ticks(max_day, &steps),
            }],
            max_day,
        };
        out.push((format!("plots/drug_survival_{drug}.svg"), plot::svg(&plot)));
    }
    out
}
