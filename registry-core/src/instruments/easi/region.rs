//! EASI body regions, their age-dependent multipliers, and the scored regions of one visit.

use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use serde::{Deserialize, Serialize};

use super::area::{AreaScore, EasiArea};
use super::sign::EasiSign;

/// One of the four EASI body regions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EasiRegionName {
    /// Head and neck.
    HeadNeck,
    /// Upper limbs.
    UpperLimbs,
    /// Trunk, including genitals.
    Trunk,
    /// Lower limbs, including buttocks.
    LowerLimbs,
}

impl EasiRegionName {
    /// The four regions in the order of the form.
    pub const ALL: [Self; 4] = [
        Self::HeadNeck,
        Self::UpperLimbs,
        Self::Trunk,
        Self::LowerLimbs,
    ];

    /// The JSON name of the region (`head_neck`, …).
    pub fn key(self) -> &'static str {
        match self {
            Self::HeadNeck => "head_neck",
            Self::UpperLimbs => "upper_limbs",
            Self::Trunk => "trunk",
            Self::LowerLimbs => "lower_limbs",
        }
    }

    /// The multiplier of this region for an age group: age ≥ 8 head 0.1, upper 0.2, trunk 0.3,
    /// lower 0.4; age 0–7 head 0.2, upper 0.2, trunk 0.3, lower 0.3.
    pub fn multiplier(self, group: EasiAgeGroup) -> Decimal {
        match (self, group) {
            (Self::HeadNeck, EasiAgeGroup::EightAndOver) => dec!(0.1),
            (Self::HeadNeck, EasiAgeGroup::UnderEight) => dec!(0.2),
            (Self::UpperLimbs, _) => dec!(0.2),
            (Self::Trunk, _) => dec!(0.3),
            (Self::LowerLimbs, EasiAgeGroup::EightAndOver) => dec!(0.4),
            (Self::LowerLimbs, EasiAgeGroup::UnderEight) => dec!(0.3),
        }
    }
}

/// Which set of region multipliers applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EasiAgeGroup {
    /// Age 0–7 in completed years on the visit date.
    UnderEight,
    /// Age 8 or more in completed years on the visit date.
    EightAndOver,
}

impl EasiAgeGroup {
    /// The group for an age in completed years on the visit date
    /// (see [`crate::time::BirthMonth::age_years`]: a child in the month of its 8th birthday is 7).
    pub fn from_age(age_years: u32) -> Self {
        if age_years >= 8 {
            Self::EightAndOver
        } else {
            Self::UnderEight
        }
    }
}

/// The four signs and the area of one region.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct EasiRegion {
    erythema: EasiSign,
    induration: EasiSign,
    excoriation: EasiSign,
    lichenification: EasiSign,
    area: EasiArea,
}

impl EasiRegion {
    /// A region from its four signs (induration = oedema/papulation) and its area.
    pub fn new(
        erythema: EasiSign,
        induration: EasiSign,
        excoriation: EasiSign,
        lichenification: EasiSign,
        area: EasiArea,
    ) -> Self {
        Self {
            erythema,
            induration,
            excoriation,
            lichenification,
            area,
        }
    }

    /// A region without eczema (all signs 0, area 0).
    pub fn clear() -> Self {
        let none = EasiSign::NONE;
        Self::new(
            none,
            none,
            none,
            none,
            EasiArea::from_score(AreaScore::ZERO),
        )
    }

    /// Erythema.
    pub fn erythema(&self) -> EasiSign {
        self.erythema
    }

    /// Oedema/papulation.
    pub fn induration(&self) -> EasiSign {
        self.induration
    }

    /// Excoriation.
    pub fn excoriation(&self) -> EasiSign {
        self.excoriation
    }

    /// Lichenification.
    pub fn lichenification(&self) -> EasiSign {
        self.lichenification
    }

    /// The area (score, and percentage when entered).
    pub fn area(&self) -> EasiArea {
        self.area
    }

    /// Sum of the four signs (0–12).
    pub fn sign_sum(&self) -> Decimal {
        [
            self.erythema,
            self.induration,
            self.excoriation,
            self.lichenification,
        ]
        .iter()
        .map(|s| s.value())
        .sum()
    }

    /// Sum of signs × area score × `multiplier`, exactly.
    pub fn score(&self, multiplier: Decimal) -> Decimal {
        self.sign_sum() * Decimal::from(self.area.score().value()) * multiplier
    }

    /// True when a sign is above 0 while the area is 0 (accepted, with a warning).
    pub fn area_zero_with_signs(&self) -> bool {
        self.area.score().value() == 0 && !self.sign_sum().is_zero()
    }
}

/// The four regions of one EASI assessment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct EasiRegions {
    head_neck: EasiRegion,
    upper_limbs: EasiRegion,
    trunk: EasiRegion,
    lower_limbs: EasiRegion,
}

impl EasiRegions {
    /// The four regions.
    pub fn new(
        head_neck: EasiRegion,
        upper_limbs: EasiRegion,
        trunk: EasiRegion,
        lower_limbs: EasiRegion,
    ) -> Self {
        Self {
            head_neck,
            upper_limbs,
            trunk,
            lower_limbs,
        }
    }

    /// One region by name.
    pub fn get(&self, name: EasiRegionName) -> &EasiRegion {
        match name {
            EasiRegionName::HeadNeck => &self.head_neck,
            EasiRegionName::UpperLimbs => &self.upper_limbs,
            EasiRegionName::Trunk => &self.trunk,
            EasiRegionName::LowerLimbs => &self.lower_limbs,
        }
    }

    /// The regions with their names, in the order of the form.
    pub fn iter(&self) -> impl Iterator<Item = (EasiRegionName, &EasiRegion)> {
        EasiRegionName::ALL.into_iter().map(|n| (n, self.get(n)))
    }

    /// EASI = Σ regions (sum of signs × area score × multiplier), exactly.
    pub fn total(&self, group: EasiAgeGroup) -> Decimal {
        self.iter()
            .map(|(name, region)| region.score(name.multiplier(group)))
            .sum::<Decimal>()
            .normalize()
    }
}
