//! SALT, the Severity of Alopecia Tool (CLINICAL.md §1), range 0–100.
//!
//! SALT = top × 0.40 + back × 0.24 + right × 0.18 + left × 0.18, where each view is the
//! percentage of scalp hair lost in that view (0–100, at most one decimal). Compute it with
//! [`Salt::from_quadrants`], or from the API input with [`Salt::from_input`]:
//!
//! ```
//! use registry_core::instruments::salt::{AaIga, Salt};
//! use rust_decimal_macros::dec;
//! let salt = Salt::from_quadrants(dec!(100), dec!(50), dec!(0), dec!(0)).unwrap();
//! assert_eq!(salt.total(), dec!(52));
//! assert!(salt.is_severe());
//! assert_eq!(salt.aa_iga(), AaIga::Severe);
//! ```

mod input;

#[cfg(test)]
mod tests;

use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use serde::{Deserialize, Serialize};

use crate::{FieldError, ValidationErrors};

use super::shown;

pub use input::SaltInput;

/// Highest possible SALT (complete scalp hair loss).
pub const SALT_MAX: Decimal = dec!(100);

/// Severe alopecia areata (Dutch guideline): SALT ≥ 50.
pub const SALT_SEVERE: Decimal = dec!(50);

/// Percentage of scalp hair lost in one view: 0–100 with at most one decimal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct ScalpLoss(Decimal);

impl ScalpLoss {
    /// The percentage lost (0 … 100).
    pub fn value(self) -> Decimal {
        self.0
    }
}

impl TryFrom<Decimal> for ScalpLoss {
    type Error = FieldError;

    fn try_from(value: Decimal) -> Result<Self, FieldError> {
        let in_range = (Decimal::ZERO..=SALT_MAX).contains(&value);
        if in_range && (value * dec!(10)).fract().is_zero() {
            Ok(Self(value.normalize()))
        } else {
            Err(FieldError::new(
                "",
                format!(
                    "{} % is not possible: hair loss in a view is 0 to 100 % with at most one decimal",
                    shown(value)
                ),
            ))
        }
    }
}

/// The four scalp views of one assessment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct SaltQuadrants {
    top: ScalpLoss,
    back: ScalpLoss,
    right: ScalpLoss,
    left: ScalpLoss,
}

impl SaltQuadrants {
    /// Weight of the top/vertex view.
    pub const TOP_WEIGHT: Decimal = dec!(0.40);
    /// Weight of the back/posterior view.
    pub const BACK_WEIGHT: Decimal = dec!(0.24);
    /// Weight of each side view.
    pub const SIDE_WEIGHT: Decimal = dec!(0.18);

    /// The four views.
    pub fn new(top: ScalpLoss, back: ScalpLoss, right: ScalpLoss, left: ScalpLoss) -> Self {
        Self {
            top,
            back,
            right,
            left,
        }
    }

    /// Top/vertex.
    pub fn top(&self) -> ScalpLoss {
        self.top
    }

    /// Back/posterior.
    pub fn back(&self) -> ScalpLoss {
        self.back
    }

    /// Right side.
    pub fn right(&self) -> ScalpLoss {
        self.right
    }

    /// Left side.
    pub fn left(&self) -> ScalpLoss {
        self.left
    }

    /// The weighted sum, exactly.
    pub fn total(&self) -> Decimal {
        (self.top.0 * Self::TOP_WEIGHT
            + self.back.0 * Self::BACK_WEIGHT
            + (self.right.0 + self.left.0) * Self::SIDE_WEIGHT)
            .normalize()
    }
}

/// A valid SALT: an exact total in 0–100, with its four views when entered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Salt {
    total: Decimal,
    quadrants: Option<SaltQuadrants>,
}

impl Salt {
    /// Parses the API input (views, total or both), collecting every invalid field.
    /// See [`SaltInput`] for the rules.
    pub fn from_input(input: &SaltInput) -> Result<Self, ValidationErrors> {
        input::parse(input)
    }

    /// The SALT of four views given as percentages lost (`top`, `back`, `right`, `left`),
    /// each 0–100 with at most one decimal; every bad view is reported by name.
    pub fn from_quadrants(
        top: Decimal,
        back: Decimal,
        right: Decimal,
        left: Decimal,
    ) -> Result<Self, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let mut view = |key: &str, v: Decimal| errors.collect(key, ScalpLoss::try_from(v));
        let views = (
            view("top", top),
            view("back", back),
            view("right", right),
            view("left", left),
        );
        match views {
            (Some(t), Some(b), Some(r), Some(l)) => {
                Ok(Self::from_views(SaltQuadrants::new(t, b, r, l)))
            }
            _ => Err(errors),
        }
    }

    /// The SALT of four parsed views.
    pub fn from_views(quadrants: SaltQuadrants) -> Self {
        Self {
            total: quadrants.total(),
            quadrants: Some(quadrants),
        }
    }

    /// A SALT known only as a total (from a chart): 0–100 with at most three decimals (the
    /// finest a weighted sum of one-decimal views can give, e.g. 0.1 × 0.18 = 0.018).
    pub fn from_total(total: Decimal) -> Result<Self, FieldError> {
        let in_range = (Decimal::ZERO..=SALT_MAX).contains(&total);
        if !in_range || !(total * dec!(1000)).fract().is_zero() {
            return Err(FieldError::new(
                "",
                format!(
                    "SALT {} is not possible: the total is 0 to 100 with at most three decimals",
                    shown(total)
                ),
            ));
        }
        Ok(Self {
            total: total.normalize(),
            quadrants: None,
        })
    }

    /// The exact total (store this).
    pub fn total(&self) -> Decimal {
        self.total
    }

    /// The four views, when entered.
    pub fn quadrants(&self) -> Option<&SaltQuadrants> {
        self.quadrants.as_ref()
    }

    /// Severe alopecia areata: SALT ≥ 50.
    pub fn is_severe(&self) -> bool {
        self.total >= SALT_SEVERE
    }

    /// The AA-IGA category of the total.
    pub fn aa_iga(&self) -> AaIga {
        AaIga::of(self.total)
    }
}

/// AA-IGA categories. The guideline gives whole-number ranges (0; 1–20; 21–49; 50–94; 95–100);
/// totals can be fractional, so the bands are read on the continuum as 0 → none; (0, 20] →
/// limited; (20, 50) → moderate; [50, 95) → severe; [95, 100] → very severe. So 20.0 is limited
/// and 50 is severe, in line with the SALT ≤ 20 response and severe = SALT ≥ 50.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum AaIga {
    /// 0: no scalp hair loss.
    None,
    /// 1: limited, SALT above 0 up to 20.
    Limited,
    /// 2: moderate, SALT above 20 and below 50.
    Moderate,
    /// 3: severe, SALT 50 to below 95.
    Severe,
    /// 4: very severe, SALT 95 to 100.
    VerySevere,
}

impl AaIga {
    /// The category of a SALT total.
    pub fn of(total: Decimal) -> Self {
        match total {
            t if t <= dec!(0) => Self::None,
            t if t <= dec!(20) => Self::Limited,
            t if t < dec!(50) => Self::Moderate,
            t if t < dec!(95) => Self::Severe,
            _ => Self::VerySevere,
        }
    }

    /// The category number (0–4).
    pub fn grade(self) -> u8 {
        self as u8
    }
}
