//! The classes of AA JAK-inhibitor episodes in the report: late responders by the day of the
//! first SALT ≤ 20 ([`classify_late_response`], cut-off 24 weeks), and for ritlecitinib the
//! trajectory classes of the ALLEGRO analysis ([`classify_trajectory`]) from SALT at W24, M12
//! and M24, a missing window carried forward while on treatment.

use registry_core::patient::Diagnosis;
use registry_core::responses::VisitScores;
use registry_core::trajectory::{
    Criterion, Episode, LateClass, LateResponderRule, Stop, Visit, classify_late_response,
    classify_trajectory,
};

use super::outcomes::EpisodeView;
use super::report::{Report, bump};

/// Counts the classes of the AA JAK-inhibitor episode `e`.
pub fn add(r: &mut Report, e: &EpisodeView<'_>) {
    let Some(base) = e.baseline.scores.salt.map(|s| s.total()) else {
        return;
    };
    let salt = |s: &VisitScores| s.salt.map(|x| x.total());
    let visits: Vec<Visit> = e
        .visits
        .iter()
        .filter_map(|(d, s)| salt(s).map(|v| Visit::new(*d, v)))
        .collect();
    let stop = e.stop.as_ref().map(|(day, reason)| Stop {
        day: *day,
        reason: reason.clone(),
    });
    if let Ok(episode) = Episode::new(base, visits, stop, e.cut_day.max(0)) {
        let class = match classify_late_response(&episode, &LateResponderRule::aa(24)).class {
            LateClass::Early => "early (≤ W24)",
            LateClass::Late => "late (W24–W52)",
            LateClass::VeryLate => "very late (> W52)",
            LateClass::NonResponder => "non-responder",
            LateClass::NotEvaluable { .. } => "not evaluable",
        };
        bump(&mut r.late, class, 1);
    }
    if e.drug == registry_core::catalogue::Drug::Ritlecitinib {
        let at = |w| e.carried(Diagnosis::Aa, w, salt);
        if let (Some(a), Some(b), Some(c)) = (at(24), at(52), at(104)) {
            let class = classify_trajectory(
                base,
                [a, b, c],
                &Criterion::SALT_AT_MOST_20,
                &Criterion::SALT30,
            );
            bump(&mut r.trajectories, format!("{class:?}"), 1);
        } else if e.due(Diagnosis::Aa, 104) {
            bump(
                &mut r.trajectories,
                "not classified (stopped before M24)",
                1,
            );
        }
    }
}
