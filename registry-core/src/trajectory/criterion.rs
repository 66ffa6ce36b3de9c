//! Response criteria evaluated exactly on a value and its baseline.

use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use serde::{Deserialize, Serialize};

/// When a score counts as a response (lower scores are better, as for SALT and EASI).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Criterion {
    /// The value is at most `threshold` (SALT ≤ 20, EASI ≤ 7).
    AtMost {
        /// The highest value that still counts.
        threshold: Decimal,
    },
    /// The value improved by at least `percent` % of the baseline (SALT30, EASI-75);
    /// never met when the baseline is 0 (relative response undefined).
    ImprovedBy {
        /// The least improvement in percent.
        percent: Decimal,
    },
}

impl Criterion {
    /// SALT ≤ 20, the primary AA response.
    pub const SALT_AT_MOST_20: Self = Self::AtMost {
        threshold: dec!(20),
    };
    /// SALT30, "initial regrowth".
    pub const SALT30: Self = Self::ImprovedBy { percent: dec!(30) };
    /// EASI-75, the primary AD response.
    pub const EASI75: Self = Self::ImprovedBy { percent: dec!(75) };
    /// EASI-50, partial AD response.
    pub const EASI50: Self = Self::ImprovedBy { percent: dec!(50) };

    /// Whether `value` meets the criterion against `baseline`. The relative test is
    /// `(baseline − value) × 100 ≥ percent × baseline`, without division, so 95 → 23.75 is
    /// exactly EASI-75/SALT75.
    pub fn met(&self, baseline: Decimal, value: Decimal) -> bool {
        match *self {
            Self::AtMost { threshold } => value <= threshold,
            Self::ImprovedBy { percent } => {
                baseline > Decimal::ZERO && (baseline - value) * dec!(100) >= percent * baseline
            }
        }
    }
}
