//! PP-NRS, the Peak Pruritus Numerical Rating Scale: worst itch in the last 24 h, 0–10.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::FieldError;
use crate::instruments::{shown, whole_number};

/// A PP-NRS score, a whole number 0–10. A single number: its "total-only" form is the score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct PpNrs(u8);

impl PpNrs {
    /// Treatment target (BioDay): NRS ≤ 4.
    pub const TARGET: u8 = 4;

    /// A score from a whole number 0–10.
    pub fn new(score: u8) -> Result<Self, FieldError> {
        Self::try_from(Decimal::from(score))
    }

    /// The score (0 … 10).
    pub fn value(self) -> u8 {
        self.0
    }

    /// True at the treatment target, NRS ≤ 4.
    pub fn meets_target(self) -> bool {
        self.0 <= Self::TARGET
    }
}

impl TryFrom<Decimal> for PpNrs {
    type Error = FieldError;

    fn try_from(value: Decimal) -> Result<Self, FieldError> {
        whole_number(value, 0, 10).map(Self).ok_or_else(|| {
            FieldError::new(
                "",
                format!(
                    "PP-NRS {} is not allowed: the score is a whole number 0 to 10",
                    shown(value)
                ),
            )
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn whole_numbers_0_to_10_only() {
        assert_eq!(PpNrs::try_from(dec!(0)).unwrap().value(), 0);
        assert_eq!(PpNrs::try_from(dec!(10)).unwrap().value(), 10);
        assert!(PpNrs::try_from(dec!(11)).is_err());
        assert!(PpNrs::try_from(dec!(4.5)).is_err());
        assert_eq!(
            PpNrs::try_from(dec!(-1)).unwrap_err().message,
            "PP-NRS -1 is not allowed: the score is a whole number 0 to 10"
        );
    }

    #[test]
    fn target_is_at_most_4() {
        assert!(PpNrs::new(4).unwrap().meets_target());
        assert!(!PpNrs::new(5).unwrap().meets_target());
    }
}
