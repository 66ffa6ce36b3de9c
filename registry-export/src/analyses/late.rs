//! Per episode: the late-responder class (CLINICAL.md §6; AA: SALT ≤ 20 at cut-offs 24 and 36
//! weeks, AD: EASI-75 at 16 weeks, horizon week 52), and for AA the trajectory class of the
//! ritlecitinib analysis, loss of response, tapering candidacy and relapse after a taper — all
//! by `registry-core::trajectory` on the episode's on-treatment assessments.

use registry_core::patient::Diagnosis;
use registry_core::trajectory::{
    self, LateClass, LateResponderRule, LossRule, NotEvaluable, Stop, TaperingRule,
    TrajectoryClass, Visit, classify_late_response, classify_trajectory, first_loss_of_response,
    is_tapering_candidate,
};
use registry_core::treatment::StopReason;
use rust_decimal::Decimal;

use super::course::{Assessment, Course, Outcome};

/// A `late_responders` row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LateResponderRow {
    /// The episode's course.
    pub patient: std::sync::Arc<str>,
    /// The episode.
    pub episode: u32,
    /// SALT ≤ 20 (AA) or EASI-75 (AD).
    pub outcome: Outcome,
    /// The cut-off in weeks.
    pub cutoff_weeks: i64,
    /// `early`, `late`, `very_late`, `non_responder`, `not_evaluable`.
    pub class: &'static str,
    /// Why not evaluable: `stopped_<reason>`, `follow_up_ended`, `no_baseline`.
    pub reason: Option<String>,
    /// Study day of the first on-treatment assessment meeting the outcome.
    pub first_response_day: Option<i64>,
    /// … meeting the partial outcome (SALT30, EASI-50) or the outcome.
    pub first_partial_day: Option<i64>,
    /// The response held at every later assessment.
    pub sustained: Option<bool>,
}

/// The late-responder rules of a disease: (outcome, rule, cut-off weeks).
pub fn rules(diagnosis: Diagnosis) -> Vec<(Outcome, LateResponderRule, i64)> {
    match diagnosis {
        Diagnosis::Aa => [
            LateResponderRule::AA_CUTOFF_WEEKS,
            LateResponderRule::AA_ALTERNATIVE_CUTOFF_WEEKS,
        ]
        .into_iter()
        .map(|w| (Outcome::SaltLe20, LateResponderRule::aa(w), w))
        .collect(),
        Diagnosis::Ad => vec![(
            Outcome::Easi75,
            LateResponderRule::ad(LateResponderRule::AD_CUTOFF_WEEKS),
            LateResponderRule::AD_CUTOFF_WEEKS,
        )],
    }
}

/// The score an episode's trajectory follows: SALT (AA) or EASI (AD), baseline and visits.
pub fn trajectory_episode(course: &Course) -> Option<trajectory::Episode<StopReason>> {
    let value = |a: &Assessment| match course.diagnosis {
        Diagnosis::Aa => a.salt,
        Diagnosis::Ad => a.easi,
    };
    let baseline = match course.diagnosis {
        Diagnosis::Aa => course.baseline.salt,
        Diagnosis::Ad => course.baseline.easi,
    };
    let end = course.treatment_end();
    let visits: Vec<Visit> = course
        .assessments
        .iter()
        .filter(|a| a.day >= 1 && a.day <= end)
        .filter_map(|a| value(a).map(|v| Visit::new(a.day, v)))
        .collect();
    let stop = course
        .stop
        .filter(|(day, _)| *day <= course.follow_up_day)
        .map(|(day, reason)| Stop { day, reason });
    trajectory::Episode::new(baseline?, visits, stop, course.follow_up_day).ok()
}

/// The late-responder rows of one course.
pub fn late_responders(course: &Course) -> Vec<LateResponderRow> {
    let episode = trajectory_episode(course);
    rules(course.diagnosis)
        .into_iter()
        .map(|(outcome, rule, cutoff_weeks)| {
            let row = |class, reason| LateResponderRow {
                patient: course.patient.clone(),
                episode: course.episode,
                outcome,
                cutoff_weeks,
                class,
                reason,
                first_response_day: None,
                first_partial_day: None,
                sustained: None,
            };
            let Some(episode) = &episode else {
                return row("not_evaluable", Some("no_baseline".to_owned()));
            };
            let r = classify_late_response(episode, &rule);
            let (class, reason) = match &r.class {
                LateClass::Early => ("early", None),
                LateClass::Late => ("late", None),
                LateClass::VeryLate => ("very_late", None),
                LateClass::NonResponder => ("non_responder", None),
                LateClass::NotEvaluable { because } => (
                    "not_evaluable",
                    Some(match because {
                        NotEvaluable::Stopped { reason, .. } => {
                            format!("stopped_{}", reason.code())
                        }
                        NotEvaluable::FollowUpEnded { .. } => "follow_up_ended".to_owned(),
                    }),
                ),
            };
            LateResponderRow {
                first_response_day: r.first_response_day,
                first_partial_day: r.first_partial_day,
                sustained: r.sustained,
                ..row(class, reason)
            }
        })
        .collect()
}

/// An `episode_outcomes` row (AA episodes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EpisodeOutcome {
    /// The patient.
    pub patient: std::sync::Arc<str>,
    /// The episode.
    pub episode: u32,
    /// Trajectory class over W24, M12 (W52) and M24 (W104), when all three windows had closed
    /// at the data cut while the episode was on treatment; missing windows carried forward.
    pub trajectory: Option<TrajectoryClass>,
    /// The lowest on-treatment SALT.
    pub best_salt: Option<Decimal>,
    /// Study day of the first loss of response.
    pub loss_of_response_day: Option<i64>,
    /// A tapering candidate at the end of follow-up on treatment (SALT ≤ 20 at every visit of the
    /// last 26 weeks).
    pub tapering_candidate: bool,
    /// Study day of the first tapering dose change.
    pub taper_day: Option<i64>,
    /// Study day of a loss of response after the taper.
    pub relapse_after_taper_day: Option<i64>,
}

/// The weeks of the trajectory classes (W24, M12, M24).
pub const TRAJECTORY_WEEKS: [u32; 3] = [24, 52, 104];

/// The episode-outcome row of an AA course with a baseline SALT.
pub fn episode_outcome(course: &Course) -> Option<EpisodeOutcome> {
    if course.diagnosis != Diagnosis::Aa {
        return None;
    }
    let episode = trajectory_episode(course)?;
    let baseline = episode.baseline();
    let carried = |week: u32| -> Option<Decimal> {
        let window = registry_core::windows::window_for_week(Diagnosis::Aa, week)?;
        if course.treatment_end() < window.to_day() {
            return None;
        }
        let observed = course
            .assessments
            .iter()
            .find(|a| a.window_visit && a.week == Some(week))
            .and_then(|a| a.salt);
        observed.or_else(|| {
            course
                .assessments
                .iter()
                .rev()
                .filter(|a| a.day < window.from_day())
                .find_map(|a| a.salt)
        })
    };
    let values: Option<Vec<Decimal>> = TRAJECTORY_WEEKS.iter().map(|w| carried(*w)).collect();
    let trajectory = values
        .and_then(|v| <[Decimal; 3]>::try_from(v).ok())
        .map(|v| {
            classify_trajectory(
                baseline,
                v,
                &trajectory::Criterion::SALT_AT_MOST_20,
                &trajectory::Criterion::SALT30,
            )
        });
    let loss = first_loss_of_response(&episode, &LossRule::SALT);
    Some(EpisodeOutcome {
        patient: course.patient.clone(),
        episode: course.episode,
        trajectory,
        best_salt: episode.visits().iter().map(|v| v.value).min(),
        loss_of_response_day: loss.map(|l| l.day),
        tapering_candidate: is_tapering_candidate(
            &episode,
            course.treatment_end(),
            &TaperingRule::SALT,
        ),
        taper_day: course.taper_day,
        relapse_after_taper_day: course.taper_day.and_then(|taper| {
            episode
                .visits()
                .iter()
                .find(|v| v.day > taper && v.value > LossRule::SALT.threshold)
                .map(|v| v.day)
        }),
    })
}
