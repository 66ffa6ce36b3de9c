//! vIGA-AD, the validated Investigator Global Assessment for AD: 0 clear … 4 severe.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::FieldError;
use crate::instruments::{shown, whole_number};

/// A vIGA-AD grade. Parse the number with `ViGaAd::try_from(dec!(3))`; serialises as its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ViGaAd {
    /// 0: clear.
    Clear = 0,
    /// 1: almost clear.
    AlmostClear = 1,
    /// 2: mild.
    Mild = 2,
    /// 3: moderate.
    Moderate = 3,
    /// 4: severe.
    Severe = 4,
}

impl ViGaAd {
    /// Every grade, 0 to 4.
    pub const ALL: [Self; 5] = [
        Self::Clear,
        Self::AlmostClear,
        Self::Mild,
        Self::Moderate,
        Self::Severe,
    ];

    /// The grade from its number 0–4.
    pub fn from_grade(grade: u8) -> Result<Self, FieldError> {
        Self::try_from(Decimal::from(grade))
    }

    /// The grade number (0–4).
    pub fn grade(self) -> u8 {
        self as u8
    }

    /// The grade's name (`clear`, `almost clear`, `mild`, `moderate`, `severe`).
    pub fn name(self) -> &'static str {
        match self {
            Self::Clear => "clear",
            Self::AlmostClear => "almost clear",
            Self::Mild => "mild",
            Self::Moderate => "moderate",
            Self::Severe => "severe",
        }
    }

    /// Clear or almost clear (0 or 1).
    pub fn is_clear_or_almost(self) -> bool {
        self <= Self::AlmostClear
    }
}

impl TryFrom<Decimal> for ViGaAd {
    type Error = FieldError;

    fn try_from(value: Decimal) -> Result<Self, FieldError> {
        whole_number(value, 0, 4)
            .and_then(|g| Self::ALL.get(usize::from(g)).copied())
            .ok_or_else(|| {
                FieldError::new(
                    "",
                    format!(
                        "vIGA-AD {} is not allowed: the grade is 0 clear, 1 almost clear, 2 mild, 3 moderate or 4 severe",
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
    fn grades_and_names() {
        assert_eq!(ViGaAd::try_from(dec!(0)).unwrap(), ViGaAd::Clear);
        assert_eq!(ViGaAd::try_from(dec!(3)).unwrap().name(), "moderate");
        assert_eq!(ViGaAd::from_grade(4).unwrap().grade(), 4);
        assert!(ViGaAd::try_from(dec!(5)).is_err());
        assert!(ViGaAd::try_from(dec!(1.5)).is_err());
        assert_eq!(
            serde_json::to_string(&ViGaAd::AlmostClear).unwrap(),
            r#""almost_clear""#
        );
    }
}
