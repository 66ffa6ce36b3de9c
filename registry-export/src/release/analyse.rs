//! The analyses of a release, computed from exactly the released episodes (after consent and
//! suppression), and the plots of their curves.

use crate::analyses::curves::{CurvePoint, Method};
use crate::analyses::plot::{self, Plot, Series, Step};
use crate::analyses::survival::SurvivalPoint;
use crate::analyses::{Analyses, Course};

use super::suppress::Released;

/// The courses of the released episodes, in release order (by pseudonym, then episode).
pub(super) fn courses(released: &Released) -> Vec<Course> {
    released
        .patients
        .iter()
        .flat_map(|p| p.rows.episodes.iter().map(|e| e.course.clone()))
        .collect()
}

/// Every analysis of the released episodes.
pub(super) fn analyse(released: &Released) -> Analyses {
    Analyses::compute(&courses(released))
}

/// The number at risk at each tick day: that of the first step on or after it (the steps
/// carry the number at risk just before their day); `None` after the curve's end.
fn at_risk(ticks: &[i64], steps: &[(i64, usize)]) -> Vec<(i64, Option<usize>)> {
    ticks
        .iter()
        .map(|&day| (day, steps.iter().find(|(d, _)| *d >= day).map(|(_, n)| *n)))
        .collect()
}

fn ticks(max_day: i64) -> Vec<i64> {
    plot::tick_weeks(max_day)
        .into_iter()
        .map(|w| w * 7)
        .collect()
}

/// One plot per drug and outcome (Kaplan–Meier with its band, Aalen–Johansen of response and
/// of discontinuation) and one per drug of drug survival, as (file name, SVG), in table order.
pub(super) fn plots(analyses: &Analyses) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut groups: Vec<(&str, &str)> = analyses
        .curves
        .iter()
        .map(|p| (p.outcome.code(), p.drug))
        .collect();
    groups.dedup();
    for (outcome, drug) in groups {
        let points: Vec<&CurvePoint> = analyses
            .curves
            .iter()
            .filter(|p| p.outcome.code() == outcome && p.drug == drug)
            .collect();
        let Some(first) = points.first() else {
            continue;
        };
        let max_day = points.iter().map(|p| p.day).max().unwrap_or(0);
        let tick_days = ticks(max_day);
        let series = [
            (Method::Km, "Kaplan–Meier 1 − S (discontinuation censored)"),
            (Method::Aj, "Aalen–Johansen: response"),
            (
                Method::AjDiscontinuation,
                "Aalen–Johansen: discontinuation first",
            ),
        ]
        .into_iter()
        .map(|(method, label)| {
            let of: Vec<&&CurvePoint> = points.iter().filter(|p| p.method == method).collect();
            Series {
                label: label.to_owned(),
                steps: of
                    .iter()
                    .map(|p| Step {
                        day: p.day,
                        estimate: p.estimate,
                        band: p.ci_low.zip(p.ci_high),
                    })
                    .collect(),
                at_risk: at_risk(
                    &tick_days,
                    &of.iter().map(|p| (p.day, p.at_risk)).collect::<Vec<_>>(),
                ),
            }
        })
        .collect();
        let plot = Plot {
            title: format!("{} — {drug}", first.outcome.label()),
            y_label: "Proportion of episodes".to_owned(),
            series,
            max_day,
        };
        out.push((format!("plots/{outcome}_{drug}.svg"), plot::svg(&plot)));
    }
    let mut drugs: Vec<&str> = analyses.drug_survival.iter().map(|p| p.drug).collect();
    drugs.dedup();
    for drug in drugs {
        let points: Vec<&SurvivalPoint> = analyses
            .drug_survival
            .iter()
            .filter(|p| p.drug == drug && p.reason == "all")
            .collect();
        if points.is_empty() {
            continue;
        }
        let max_day = points.iter().map(|p| p.day).max().unwrap_or(0);
        let tick_days = ticks(max_day);
        let plot = Plot {
            title: format!("Drug survival — {drug}"),
            y_label: "Proportion still on the drug".to_owned(),
            series: vec![Series {
                label: "Kaplan–Meier, any stop".to_owned(),
                steps: points
                    .iter()
                    .map(|p| Step {
                        day: p.day,
                        estimate: p.estimate,
                        band: p.ci_low.zip(p.ci_high),
                    })
                    .collect(),
                at_risk: at_risk(
                    &tick_days,
                    &points
                        .iter()
                        .map(|p| (p.day, p.at_risk))
                        .collect::<Vec<_>>(),
                ),
            }],
            max_day,
        };
        out.push((format!("plots/drug_survival_{drug}.svg"), plot::svg(&plot)));
    }
    out
}
