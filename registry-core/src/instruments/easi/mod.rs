//! EASI, the Eczema Area and Severity Index (CLINICAL.md §1), range 0–72.
//!
//! Compute a visit's EASI from the API input with [`Easi::from_input`]:
//!
//! ```
//! use registry_core::instruments::easi::{Easi, EasiInput};
//! let input: EasiInput = serde_json::from_str(r#"{"regions": {
//!     "head_neck":   {"erythema": 2, "induration": 1, "excoriation": 1, "lichenification": 0, "area_score": 2},
//!     "upper_limbs": {"erythema": 2, "induration": 2, "excoriation": 1, "lichenification": 1, "area_pct": 35},
//!     "trunk":       {"erythema": 1, "induration": 1, "excoriation": 1, "lichenification": 0, "area_score": 2},
//!     "lower_limbs": {"erythema": 2, "induration": 2, "excoriation": 2, "lichenification": 1, "area_score": 4}
//! }}"#).unwrap();
//! let easi = Easi::from_input(&input, 34).unwrap().value;
//! assert_eq!(easi.total().to_string(), "17.4");
//! assert_eq!(easi.display(), "17.4");
//! ```
//!
//! The age is in completed years on the visit date ([`crate::time::BirthMonth::age_years`]); it
//! picks the region multipliers ([`EasiAgeGroup`]). A total from a chart alone is
//! [`Easi::from_total`]; components already parsed are [`Easi::from_regions`].

mod area;
mod input;
mod region;
mod sign;

#[cfg(test)]
mod proptests;
#[cfg(test)]
mod tests;

use rust_decimal::{Decimal, RoundingStrategy};
use rust_decimal_macros::dec;
use serde::{Deserialize, Serialize};

use crate::{FieldError, ValidationErrors};

use super::{Checked, shown};

pub use area::{AreaPercent, AreaScore, EasiArea};
pub use input::{EasiInput, EasiRegionInput, EasiRegionsInput};
pub use region::{EasiAgeGroup, EasiRegion, EasiRegionName, EasiRegions};
pub use sign::EasiSign;

/// Highest possible EASI.
pub const EASI_MAX: Decimal = dec!(72);

/// Treatment target (BioDay): EASI ≤ 7.
pub const EASI_TARGET: Decimal = dec!(7);

/// A valid EASI: an exact total in 0–72 (a multiple of 0.05), with its components when entered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Easi {
    total: Decimal,
    regions: Option<EasiRegions>,
    age_group: Option<EasiAgeGroup>,
}

impl Easi {
    /// Parses the API input (regions, total or both) for a patient `age_years` old (completed
    /// years on the visit date), collecting every invalid field. Warns when a region has area 0
    /// but signs above 0. See [`EasiInput`] for the rules.
    pub fn from_input(
        input: &EasiInput,
        age_years: u32,
    ) -> Result<Checked<Self>, ValidationErrors> {
        input::parse(input, age_years)
    }

    /// The EASI of four scored regions, with the multipliers for `age_years`.
    pub fn from_regions(regions: EasiRegions, age_years: u32) -> Self {
        let group = EasiAgeGroup::from_age(age_years);
        Self {
            total: regions.total(group),
            regions: Some(regions),
            age_group: Some(group),
        }
    }

    /// An EASI known only as a total (from a chart): 0–72 in steps of 0.05.
    pub fn from_total(total: Decimal) -> Result<Self, FieldError> {
        let in_range = (Decimal::ZERO..=EASI_MAX).contains(&total);
        if !in_range || !(total * dec!(20)).fract().is_zero() {
            return Err(FieldError::new(
                "",
                format!(
                    "EASI {} is not possible: the total is 0 to 72 in steps of 0.05",
                    shown(total)
                ),
            ));
        }
        Ok(Self {
            total: total.normalize(),
            regions: None,
            age_group: None,
        })
    }

    /// The exact total (store this).
    pub fn total(&self) -> Decimal {
        self.total
    }

    /// The total with one decimal, half up (`2.95` → `"3.0"`, `72` → `"72.0"`), for display only.
    pub fn display(&self) -> String {
        let mut shown = self
            .total
            .round_dp_with_strategy(1, RoundingStrategy::MidpointAwayFromZero);
        shown.rescale(1);
        shown.to_string()
    }

    /// The severity band of the total.
    pub fn severity(&self) -> EasiSeverity {
        EasiSeverity::of(self.total)
    }

    /// True at the treatment target, EASI ≤ 7.
    pub fn meets_target(&self) -> bool {
        self.total <= EASI_TARGET
    }

    /// The regions, when the components were entered.
    pub fn regions(&self) -> Option<&EasiRegions> {
        self.regions.as_ref()
    }

    /// The multipliers used, when the components were entered.
    pub fn age_group(&self) -> Option<EasiAgeGroup> {
        self.age_group
    }
}

/// EASI severity bands: clear 0; almost clear (0, 1]; mild (1, 7]; moderate (7, 21];
/// severe (21, 50]; very severe (50, 72].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum EasiSeverity {
    /// EASI 0.
    Clear,
    /// EASI above 0, at most 1.
    AlmostClear,
    /// EASI above 1, at most 7.
    Mild,
    /// EASI above 7, at most 21.
    Moderate,
    /// EASI above 21, at most 50.
    Severe,
    /// EASI above 50.
    VerySevere,
}

impl EasiSeverity {
    /// The band of an EASI total.
    pub fn of(total: Decimal) -> Self {
        match total {
            t if t <= dec!(0) => Self::Clear,
            t if t <= dec!(1) => Self::AlmostClear,
            t if t <= dec!(7) => Self::Mild,
            t if t <= dec!(21) => Self::Moderate,
            t if t <= dec!(50) => Self::Severe,
            _ => Self::VerySevere,
        }
    }
}
