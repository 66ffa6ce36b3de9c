//! The EASI as the API receives it, and its parsing into a valid [`Easi`].

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::Easi;
use super::area::{AreaPercent, AreaScore, EasiArea};
use super::region::{EasiRegion, EasiRegionName, EasiRegions};
use super::sign::EasiSign;
use crate::instruments::number::opt_decimal;
use crate::instruments::{Checked, shown};
use crate::{FieldError, ValidationErrors, Warning};

/// EASI input: `{regions: {head_neck, upper_limbs, trunk, lower_limbs}, total}`.
///
/// Send the regions, the total (from a chart), or both; when both are sent they must agree
/// exactly. Numbers may be JSON numbers or numeric strings. Unknown fields are refused.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EasiInput {
    /// The four regions, when scored.
    #[serde(default)]
    pub regions: Option<EasiRegionsInput>,
    /// The total, 0–72 in steps of 0.05.
    #[serde(default, deserialize_with = "opt_decimal")]
    pub total: Option<Decimal>,
}

/// The four regions of an EASI input; all four are required when `regions` is sent.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EasiRegionsInput {
    /// Head and neck.
    #[serde(default)]
    pub head_neck: Option<EasiRegionInput>,
    /// Upper limbs.
    #[serde(default)]
    pub upper_limbs: Option<EasiRegionInput>,
    /// Trunk, including genitals.
    #[serde(default)]
    pub trunk: Option<EasiRegionInput>,
    /// Lower limbs, including buttocks.
    #[serde(default)]
    pub lower_limbs: Option<EasiRegionInput>,
}

/// One region: four signs in {0, 1, 1.5, 2, 2.5, 3} and the area as `area_pct` (0–100) or
/// `area_score` (whole number 0–6); when both are sent they must agree.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EasiRegionInput {
    /// Erythema.
    #[serde(default, deserialize_with = "opt_decimal")]
    pub erythema: Option<Decimal>,
    /// Oedema/papulation.
    #[serde(default, deserialize_with = "opt_decimal")]
    pub induration: Option<Decimal>,
    /// Excoriation.
    #[serde(default, deserialize_with = "opt_decimal")]
    pub excoriation: Option<Decimal>,
    /// Lichenification.
    #[serde(default, deserialize_with = "opt_decimal")]
    pub lichenification: Option<Decimal>,
    /// Percentage of the region affected, 0–100.
    #[serde(default, deserialize_with = "opt_decimal")]
    pub area_pct: Option<Decimal>,
    /// Area score, whole number 0–6.
    #[serde(default, deserialize_with = "opt_decimal")]
    pub area_score: Option<Decimal>,
}

impl EasiRegionsInput {
    fn get(&self, name: EasiRegionName) -> Option<&EasiRegionInput> {
        match name {
            EasiRegionName::HeadNeck => self.head_neck.as_ref(),
            EasiRegionName::UpperLimbs => self.upper_limbs.as_ref(),
            EasiRegionName::Trunk => self.trunk.as_ref(),
            EasiRegionName::LowerLimbs => self.lower_limbs.as_ref(),
        }
    }

    /// Parses the four regions, collecting every invalid field (paths like `trunk.erythema`).
    pub fn parse(&self) -> Result<EasiRegions, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let [head_neck, upper_limbs, trunk, lower_limbs] = EasiRegionName::ALL.map(|name| {
            let parsed = match self.get(name) {
                Some(region) => region.parse(),
                None => Err(FieldError::new(
                    "",
                    "region missing: give its four signs and its area",
                )
                .into()),
            };
            errors.collect(name.key(), parsed)
        });
        match (head_neck, upper_limbs, trunk, lower_limbs) {
            (Some(h), Some(u), Some(t), Some(l)) if errors.is_empty() => {
                Ok(EasiRegions::new(h, u, t, l))
            }
            _ => Err(errors),
        }
    }
}

impl EasiRegionInput {
    /// Parses one region, collecting every invalid field (paths like `erythema`, `area_score`).
    pub fn parse(&self) -> Result<EasiRegion, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let mut sign = |key: &str, value: Option<Decimal>| {
            let parsed = value
                .ok_or_else(|| FieldError::new("", "missing: give 0, 1, 1.5, 2, 2.5 or 3"))
                .and_then(EasiSign::try_from);
            errors.collect(key, parsed)
        };
        let erythema = sign("erythema", self.erythema);
        let induration = sign("induration", self.induration);
        let excoriation = sign("excoriation", self.excoriation);
        let lichenification = sign("lichenification", self.lichenification);
        let area = errors.collect("", self.area());
        match (erythema, induration, excoriation, lichenification, area) {
            (Some(e), Some(i), Some(x), Some(l), Some(a)) if errors.is_empty() => {
                Ok(EasiRegion::new(e, i, x, l, a))
            }
            _ => Err(errors),
        }
    }

    fn area(&self) -> Result<EasiArea, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let pct = self
            .area_pct
            .and_then(|p| errors.collect("area_pct", AreaPercent::try_from(p)));
        let score = self
            .area_score
            .and_then(|s| errors.collect("area_score", AreaScore::try_from(s)));
        if !errors.is_empty() {
            return Err(errors);
        }
        match (pct, score) {
            (Some(pct), Some(score)) if AreaScore::from_percent(pct) != score => {
                Err(FieldError::new(
                    "area_score",
                    format!(
                        "area score {} does not agree with area_pct {} %, which gives area score {}",
                        score.value(),
                        shown(pct.value()),
                        AreaScore::from_percent(pct).value()
                    ),
                )
                .into())
            }
            (Some(pct), _) => Ok(EasiArea::from_percent(pct)),
            (None, Some(score)) => Ok(EasiArea::from_score(score)),
            (None, None) => {
                Err(FieldError::new("area_score", "area missing: give area_pct or area_score").into())
            }
        }
    }
}

/// See [`Easi::from_input`].
pub(super) fn parse(input: &EasiInput, age_years: u32) -> Result<Checked<Easi>, ValidationErrors> {
    let mut errors = ValidationErrors::new();
    let regions = input
        .regions
        .as_ref()
        .and_then(|r| errors.collect("regions", r.parse()));
    let total = input
        .total
        .and_then(|t| errors.collect("total", Easi::from_total(t)));
    if input.regions.is_none() && input.total.is_none() {
        errors.push(FieldError::new(
            "",
            "EASI missing: give the regions, the total, or both",
        ));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let easi = match (regions, total) {
        (Some(regions), total) => {
            let easi = Easi::from_regions(regions, age_years);
            if let Some(total) = total.filter(|t| t.total() != easi.total()) {
                return Err(FieldError::new(
                    "total",
                    format!(
                        "total {} does not agree with the regions, which give {}",
                        shown(total.total()),
                        shown(easi.total())
                    ),
                )
                .into());
            }
            easi
        }
        (None, Some(total)) => total,
        (None, None) => return Err(errors),
    };
    Ok(Checked {
        warnings: area_warnings(&easi),
        value: easi,
    })
}

fn area_warnings(easi: &Easi) -> Vec<Warning> {
    let Some(regions) = easi.regions() else {
        return Vec::new();
    };
    regions
        .iter()
        .filter(|(_, region)| region.area_zero_with_signs())
        .map(|(name, _)| {
            Warning::new(
                "easi.area_zero_with_signs",
                format!("regions.{}", name.key()),
                "area 0 while signs are above 0: the region adds nothing to the EASI; check the area",
            )
        })
        .collect()
}
