//! AA responses: SALT ≤ 20 (primary), SALT ≤ 10, SALT30/50/75/90/100, eyebrows/eyelashes.

use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use super::{Response, improved_by};
use crate::instruments::aa_items::BrowLashScore;
use crate::instruments::salt::Salt;

/// Absolute response, primary: SALT ≤ 20 (20.0 counts). Needs no baseline.
pub fn salt_le_20(now: &Salt) -> Response {
    Response::from_met(now.total() <= dec!(20))
}

/// Absolute response, secondary: SALT ≤ 10. Needs no baseline.
pub fn salt_le_10(now: &Salt) -> Response {
    Response::from_met(now.total() <= dec!(10))
}

/// SALTxx: `(SALT₀ − SALTₜ) / SALT₀ × 100 ≥ percent`, exactly; not evaluable when SALT₀ = 0.
pub fn salt_improvement(baseline: &Salt, now: &Salt, percent: Decimal) -> Response {
    improved_by(baseline.total(), now.total(), percent)
}

/// SALT30, "initial regrowth": at least 30 % improvement; not evaluable when SALT₀ = 0.
pub fn salt_30(baseline: &Salt, now: &Salt) -> Response {
    salt_improvement(baseline, now, dec!(30))
}

/// SALT50: at least 50 % improvement (80 → 40 yes); not evaluable when SALT₀ = 0.
pub fn salt_50(baseline: &Salt, now: &Salt) -> Response {
    salt_improvement(baseline, now, dec!(50))
}

/// SALT75: at least 75 % improvement (95 → 23.75 yes, exactly; 95 → 24 no); not evaluable
/// when SALT₀ = 0.
pub fn salt_75(baseline: &Salt, now: &Salt) -> Response {
    salt_improvement(baseline, now, dec!(75))
}

/// SALT90: at least 90 % improvement (80 → 8 yes); not evaluable when SALT₀ = 0.
pub fn salt_90(baseline: &Salt, now: &Salt) -> Response {
    salt_improvement(baseline, now, dec!(90))
}

/// SALT100: complete regrowth from a baseline above 0; not evaluable when SALT₀ = 0.
pub fn salt_100(baseline: &Salt, now: &Salt) -> Response {
    salt_improvement(baseline, now, dec!(100))
}

/// Eyebrow or eyelash responder: score 0–1 with at least 2 points improvement; only baselines
/// ≥ 2 (significant gaps or none) are in the denominator.
pub fn brow_lash_responder(baseline: BrowLashScore, now: BrowLashScore) -> Response {
    if baseline.score() < 2 {
        return Response::NotEvaluable;
    }
    let gain = baseline.score().saturating_sub(now.score());
    Response::from_met(now.score() <= 1 && gain >= 2)
}
