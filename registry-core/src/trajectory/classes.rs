//! The trajectory classes of the ritlecitinib trial analysis, from the values at three nominal
//! visits (AA: W24, M12, M24; the windows are chosen elsewhere, CLINICAL.md §5).

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::Criterion;

/// Trajectory class over three nominal visits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TrajectoryClass {
    /// Response at all three visits (AA: SALT ≤ 20 at W24, M12 and M24).
    Early,
    /// Response at the second and third visit only (M12 and M24).
    Middle,
    /// Response at the third visit only (M24).
    Late,
    /// Otherwise: partial response reached and kept at every later visit.
    Partial,
    /// Otherwise: partial response reached and lost at a later visit.
    Relapser,
    /// Never a partial response (AA: never SALT30).
    NonResponder,
}

/// Classifies the values at the three nominal visits, in order.
///
/// The response patterns are exact: response at W24 and M24 but not M12 is none of early,
/// middle or late, and falls through to the partial rules. For those, a visit with a full
/// response also counts as a partial response, and "kept" means met at every visit after the
/// first one that met it (so met, lost, met again is a relapser). Missing visits are the
/// caller's to impute or exclude.
pub fn classify_trajectory(
    baseline: Decimal,
    values: [Decimal; 3],
    response: &Criterion,
    partial: &Criterion,
) -> TrajectoryClass {
    let full = values.map(|v| response.met(baseline, v));
    match full {
        [true, true, true] => return TrajectoryClass::Early,
        [false, true, true] => return TrajectoryClass::Middle,
        [false, false, true] => return TrajectoryClass::Late,
        _ => {}
    }
    let reached: Vec<bool> = values
        .iter()
        .zip(full)
        .map(|(&v, full)| full || partial.met(baseline, v))
        .collect();
    match reached.iter().position(|&r| r) {
        None => TrajectoryClass::NonResponder,
        Some(first) if reached[first..].iter().all(|&r| r) => TrajectoryClass::Partial,
        Some(_) => TrajectoryClass::Relapser,
    }
}
