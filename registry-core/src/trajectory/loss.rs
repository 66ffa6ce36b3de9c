//! Loss of response and tapering candidates.

use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use serde::{Deserialize, Serialize};

use super::{Episode, weeks_to_days};

/// When a response counts as lost.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LossRule {
    /// Worsening from the best on-treatment value that counts as loss (SALT: 20 points).
    pub worsening: Decimal,
    /// The response threshold; going back above it after meeting it is a loss (SALT: 20).
    pub threshold: Decimal,
}

impl LossRule {
    /// SALT: worsening ≥ 20 points from the best on-treatment value, or back above 20.
    pub const SALT: Self = Self {
        worsening: dec!(20),
        threshold: dec!(20),
    };
}

/// Which part of the rule fired.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LossKind {
    /// Worse than the best earlier on-treatment value by at least `worsening`.
    WorsenedFromBest,
    /// Above the threshold after an earlier visit at or below it.
    AboveThresholdAfterResponse,
    /// Both at the same visit.
    Both,
}

/// The first visit at which the response was lost.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LossOfResponse {
    /// Study day of that visit.
    pub day: i64,
    /// Which part of the rule fired.
    pub kind: LossKind,
    /// The best (lowest) value at earlier on-treatment visits.
    pub best: Decimal,
    /// The value at that visit.
    pub value: Decimal,
}

/// The first on-treatment visit at which the response was lost, if any. "Best" is the lowest
/// value at earlier on-treatment visits (the baseline is not on treatment), so the worsening
/// arm also fires for an episode that never reached the threshold but worsened by `worsening`.
pub fn first_loss_of_response<R>(episode: &Episode<R>, rule: &LossRule) -> Option<LossOfResponse> {
    let mut best: Option<Decimal> = None;
    let mut responded = false;
    for visit in episode.visits() {
        if let Some(best) = best {
            let worsened = visit.value - best >= rule.worsening;
            let relapsed = responded && visit.value > rule.threshold;
            let kind = match (worsened, relapsed) {
                (true, true) => Some(LossKind::Both),
                (true, false) => Some(LossKind::WorsenedFromBest),
                (false, true) => Some(LossKind::AboveThresholdAfterResponse),
                (false, false) => None,
            };
            if let Some(kind) = kind {
                return Some(LossOfResponse {
                    day: visit.day,
                    kind,
                    best,
                    value: visit.value,
                });
            }
        }
        best = Some(best.map_or(visit.value, |b| b.min(visit.value)));
        responded |= visit.value <= rule.threshold;
    }
    None
}

/// When an episode is a candidate for tapering: "complete or near-complete regrowth kept
/// ≥ 6 months" made countable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaperingRule {
    /// Every visit in the span must be at or below this (SALT: 20).
    pub threshold: Decimal,
    /// The span before the date, in days (26 weeks = 182).
    pub span_days: i64,
}

impl TaperingRule {
    /// SALT ≤ 20 at every visit of the last 26 weeks.
    pub const SALT: Self = Self {
        threshold: dec!(20),
        span_days: weeks_to_days(26),
    };
}

/// Whether `episode` is a tapering candidate on study day `as_of`: still on treatment then
/// (not stopped on or before it), on treatment for at least `span_days` (`as_of ≥ span_days`),
/// at least one visit in the span `[as_of − span_days, as_of]`, and every visit in it at or
/// below the threshold.
pub fn is_tapering_candidate<R>(episode: &Episode<R>, as_of: i64, rule: &TaperingRule) -> bool {
    if as_of < rule.span_days || episode.stop().is_some_and(|s| s.day <= as_of) {
        return false;
    }
    let mut in_span = episode
        .visits()
        .iter()
        .filter(|v| (as_of - rule.span_days..=as_of).contains(&v.day))
        .peekable();
    in_span.peek().is_some() && in_span.all(|v| v.value <= rule.threshold)
}
