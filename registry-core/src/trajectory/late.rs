//! Late responders: when an episode first met the response criterion, against a cut-off.

use serde::{Deserialize, Serialize};

use super::{Criterion, Episode, weeks_to_days};

/// Which criterion, cut-off and horizon define early and late response.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LateResponderRule {
    /// The response (AA: SALT ≤ 20; AD: EASI-75).
    pub criterion: Criterion,
    /// The partial response reported beside it (AA: SALT30; AD: EASI-50).
    pub partial: Criterion,
    /// Responses up to this study day are early (AA default 24 weeks = day 168).
    pub cutoff_day: i64,
    /// Responses after the cut-off up to this day are late, later ones very late; episodes on
    /// treatment this long without response are non-responders (week 52 = day 364).
    pub horizon_day: i64,
}

impl LateResponderRule {
    /// The default AA cut-off in weeks.
    pub const AA_CUTOFF_WEEKS: i64 = 24;
    /// The second AA cut-off reported beside the default.
    pub const AA_ALTERNATIVE_CUTOFF_WEEKS: i64 = 36;
    /// The AD cut-off in weeks.
    pub const AD_CUTOFF_WEEKS: i64 = 16;
    /// The horizon in weeks for both diseases.
    pub const HORIZON_WEEKS: i64 = 52;

    /// AA: SALT ≤ 20 (partial SALT30) with the cut-off `cutoff_weeks`, horizon week 52.
    pub fn aa(cutoff_weeks: i64) -> Self {
        Self {
            criterion: Criterion::SALT_AT_MOST_20,
            partial: Criterion::SALT30,
            cutoff_day: weeks_to_days(cutoff_weeks),
            horizon_day: weeks_to_days(Self::HORIZON_WEEKS),
        }
    }

    /// AD: EASI-75 (partial EASI-50) with the cut-off `cutoff_weeks`, horizon week 52.
    pub fn ad(cutoff_weeks: i64) -> Self {
        Self {
            criterion: Criterion::EASI75,
            partial: Criterion::EASI50,
            cutoff_day: weeks_to_days(cutoff_weeks),
            horizon_day: weeks_to_days(Self::HORIZON_WEEKS),
        }
    }
}

/// Why an episode without response cannot be called a non-responder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum NotEvaluable<R> {
    /// The drug was stopped before the horizon.
    Stopped {
        /// Study day of the stop.
        day: i64,
        /// The stop reason.
        reason: R,
    },
    /// Follow-up (data cut or last contact) ended before the horizon, still on treatment.
    FollowUpEnded {
        /// Study day follow-up ended.
        day: i64,
    },
}

/// The late-responder class of an episode.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "class", rename_all = "snake_case")]
pub enum LateClass<R> {
    /// First response on or before the cut-off.
    Early,
    /// First response after the cut-off, on or before the horizon (week 52).
    Late,
    /// First response after the horizon.
    VeryLate,
    /// Never a response, on treatment at least until the horizon.
    NonResponder,
    /// Never a response, and treatment or follow-up ended before the horizon.
    NotEvaluable {
        /// Why.
        because: NotEvaluable<R>,
    },
}

/// The classification with the days it rests on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LateResponse<R> {
    /// The class.
    pub class: LateClass<R>,
    /// t*: study day of the first on-treatment visit meeting the criterion.
    pub first_response_day: Option<i64>,
    /// Study day of the first on-treatment visit meeting the partial criterion (or the full one).
    pub first_partial_day: Option<i64>,
    /// Whether the response held at every later on-treatment visit (`None` without response;
    /// `true` when t* was the last visit).
    pub sustained: Option<bool>,
}

/// Classifies `episode` by the day it first met `rule.criterion`.
pub fn classify_late_response<R: Clone>(
    episode: &Episode<R>,
    rule: &LateResponderRule,
) -> LateResponse<R> {
    let baseline = episode.baseline();
    let meets = |c: &Criterion, v: &super::Visit| c.met(baseline, v.value);
    let visits = episode.visits();
    let first = visits.iter().position(|v| meets(&rule.criterion, v));
    let first_response_day = first.map(|i| visits[i].day);
    let first_partial_day = visits
        .iter()
        .find(|v| meets(&rule.partial, v) || meets(&rule.criterion, v))
        .map(|v| v.day);
    let sustained = first.map(|i| visits[i..].iter().all(|v| meets(&rule.criterion, v)));
    let class = match first_response_day {
        Some(day) if day <= rule.cutoff_day => LateClass::Early,
        Some(day) if day <= rule.horizon_day => LateClass::Late,
        Some(_) => LateClass::VeryLate,
        None if episode.treatment_end() >= rule.horizon_day => LateClass::NonResponder,
        None => LateClass::NotEvaluable {
            because: match episode.stop() {
                Some(stop) => NotEvaluable::Stopped {
                    day: stop.day,
                    reason: stop.reason.clone(),
                },
                None => NotEvaluable::FollowUpEnded {
                    day: episode.follow_up_end(),
                },
            },
        },
    };
    LateResponse {
        class,
        first_response_day,
        first_partial_day,
        sustained,
    }
}
