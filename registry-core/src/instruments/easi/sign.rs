//! One EASI sign score (erythema, induration, excoriation, lichenification).

use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use serde::Serialize;

use crate::FieldError;
use crate::instruments::shown;

/// The intensity of one sign in one region: 0, 1, 1.5, 2, 2.5 or 3.
///
/// Half points exist only between 1 and 3, so 0.5 and 3.5 are refused. Parse with
/// `EasiSign::try_from(dec!(1.5))`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct EasiSign(Decimal);

impl EasiSign {
    /// Every allowed sign score, lowest first.
    pub const ALLOWED: [Decimal; 6] = [dec!(0), dec!(1), dec!(1.5), dec!(2), dec!(2.5), dec!(3)];

    /// No sign (0).
    pub const NONE: Self = Self(dec!(0));

    /// The most severe sign (3).
    pub const MAX: Self = Self(dec!(3));

    /// The score (0 … 3).
    pub fn value(self) -> Decimal {
        self.0
    }
}

impl TryFrom<Decimal> for EasiSign {
    type Error = FieldError;

    fn try_from(value: Decimal) -> Result<Self, FieldError> {
        match Self::ALLOWED.iter().find(|allowed| **allowed == value) {
            Some(allowed) => Ok(Self(*allowed)),
            None => Err(FieldError::new(
                "",
                format!(
                    "sign {} is not allowed: signs are 0, 1, 1.5, 2, 2.5 or 3",
                    shown(value)
                ),
            )),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn every_allowed_sign_parses() {
        for v in EasiSign::ALLOWED {
            assert_eq!(EasiSign::try_from(v).unwrap().value(), v);
        }
        assert_eq!(EasiSign::try_from(dec!(1.50)).unwrap().value(), dec!(1.5));
    }

    #[test]
    fn easi_invalid_sign_0_5() {
        let e = EasiSign::try_from(dec!(0.5)).unwrap_err();
        assert_eq!(
            e.message,
            "sign 0.5 is not allowed: signs are 0, 1, 1.5, 2, 2.5 or 3"
        );
    }

    #[test]
    fn easi_invalid_sign_3_5() {
        assert!(EasiSign::try_from(dec!(3.5)).is_err());
        assert!(EasiSign::try_from(dec!(-1)).is_err());
        assert!(EasiSign::try_from(dec!(1.25)).is_err());
    }
}
