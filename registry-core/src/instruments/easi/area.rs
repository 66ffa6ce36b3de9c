//! The affected area of one EASI region: a percentage or the area score 0–6 it falls in.

use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use serde::Serialize;

use crate::FieldError;
use crate::instruments::{shown, whole_number};

/// The percentage of a region affected, 0–100 (decimals allowed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct AreaPercent(Decimal);

impl AreaPercent {
    /// The percentage (0 … 100).
    pub fn value(self) -> Decimal {
        self.0
    }
}

impl TryFrom<Decimal> for AreaPercent {
    type Error = FieldError;

    fn try_from(value: Decimal) -> Result<Self, FieldError> {
        if (dec!(0)..=dec!(100)).contains(&value) {
            Ok(Self(value.normalize()))
        } else {
            Err(FieldError::new(
                "",
                format!(
                    "area {} % is not possible: the area is 0 to 100 % of the region",
                    shown(value)
                ),
            ))
        }
    }
}

/// The EASI area score of a region, 0–6.
///
/// From a percentage: 0 % → 0; >0–<10 → 1; 10–<30 → 2; 30–<50 → 3; 50–<70 → 4; 70–<90 → 5;
/// 90–100 → 6 ([`AreaScore::from_percent`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct AreaScore(u8);

impl AreaScore {
    /// No area affected (0).
    pub const ZERO: Self = Self(0);

    /// The largest area score.
    pub const MAX: Self = Self(6);

    /// An area score from a whole number 0–6.
    pub fn new(score: u8) -> Result<Self, FieldError> {
        Self::try_from(Decimal::from(score))
    }

    /// The area score a percentage falls in.
    pub fn from_percent(pct: AreaPercent) -> Self {
        // Lower bounds of scores 2 to 6; score 1 is anything above 0.
        const FROM: [Decimal; 5] = [dec!(10), dec!(30), dec!(50), dec!(70), dec!(90)];
        let p = pct.value();
        if p.is_zero() {
            return Self(0);
        }
        let passed = FROM.iter().filter(|bound| p >= **bound).count();
        Self(1 + passed as u8)
    }

    /// The score (0 … 6).
    pub fn value(self) -> u8 {
        self.0
    }
}

impl TryFrom<Decimal> for AreaScore {
    type Error = FieldError;

    fn try_from(value: Decimal) -> Result<Self, FieldError> {
        whole_number(value, 0, 6).map(Self).ok_or_else(|| {
            FieldError::new(
                "",
                format!(
                    "area score {} is not allowed: the area score is a whole number 0 to 6",
                    shown(value)
                ),
            )
        })
    }
}

/// The area of a region as entered: the score, and the percentage when that was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct EasiArea {
    score: AreaScore,
    pct: Option<AreaPercent>,
}

impl EasiArea {
    /// An area entered as its score.
    pub fn from_score(score: AreaScore) -> Self {
        Self { score, pct: None }
    }

    /// An area entered as a percentage; the score follows from it.
    pub fn from_percent(pct: AreaPercent) -> Self {
        Self {
            score: AreaScore::from_percent(pct),
            pct: Some(pct),
        }
    }

    /// The area score (0–6) the EASI formula uses.
    pub fn score(self) -> AreaScore {
        self.score
    }

    /// The percentage, when it was entered.
    pub fn pct(self) -> Option<AreaPercent> {
        self.pct
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn score_of(pct: Decimal) -> u8 {
        AreaScore::from_percent(AreaPercent::try_from(pct).unwrap()).value()
    }

    #[test]
    fn area_percent_bands() {
        let cases = [
            (dec!(0), 0),
            (dec!(0.1), 1),
            (dec!(9.99), 1),
            (dec!(10), 2),
            (dec!(29.9), 2),
            (dec!(30), 3),
            (dec!(49.9), 3),
            (dec!(50), 4),
            (dec!(69.9), 4),
            (dec!(70), 5),
            (dec!(89.9), 5),
            (dec!(90), 6),
            (dec!(100), 6),
        ];
        for (pct, score) in cases {
            assert_eq!(score_of(pct), score, "{pct} %");
        }
    }

    #[test]
    fn easi_invalid_area_score_7() {
        let e = AreaScore::try_from(dec!(7)).unwrap_err();
        assert_eq!(
            e.message,
            "area score 7 is not allowed: the area score is a whole number 0 to 6"
        );
    }

    #[test]
    fn easi_invalid_area_score_2_5() {
        assert!(AreaScore::try_from(dec!(2.5)).is_err());
        assert_eq!(AreaScore::try_from(dec!(2.0)).unwrap().value(), 2);
    }

    #[test]
    fn easi_invalid_area_pct_101() {
        let e = AreaPercent::try_from(dec!(101)).unwrap_err();
        assert_eq!(
            e.message,
            "area 101 % is not possible: the area is 0 to 100 % of the region"
        );
        assert!(AreaPercent::try_from(dec!(-0.1)).is_err());
    }

    proptest! {
        #[test]
        fn area_pct_to_score_is_monotone(a in 0u32..=10_000, b in 0u32..=10_000) {
            let (lo, hi) = (a.min(b), a.max(b));
            let lo = Decimal::new(i64::from(lo), 2);
            let hi = Decimal::new(i64::from(hi), 2);
            prop_assert!(score_of(lo) <= score_of(hi));
        }
    }
}
