//! Units of the numeric analytes and their exact conversions to the canonical unit
//! (CLINICAL.md §3, Laboratory safety). An unknown unit is refused, never guessed.

use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use serde::{Deserialize, Serialize};

use super::Analyte;
use crate::error::FieldError;

/// A unit a lab value may be entered in.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum LabUnit {
    /// Millimoles per litre (canonical for Hb and lipids).
    #[serde(rename = "mmol/L")]
    MmolPerL,
    /// Grams per decilitre (Hb).
    #[serde(rename = "g/dL")]
    GramPerDl,
    /// 10⁹ cells per litre (canonical for cell counts).
    #[serde(rename = "×10⁹/L")]
    GigaPerL,
    /// Cells per microlitre (cell counts).
    #[serde(rename = "/µL")]
    PerMicrolitre,
    /// Units per litre (canonical for ALAT and CK).
    #[serde(rename = "U/L")]
    UnitsPerL,
    /// Micromoles per litre (canonical for creatinine).
    #[serde(rename = "µmol/L")]
    MicromolPerL,
    /// Milligrams per decilitre (creatinine, lipids).
    #[serde(rename = "mg/dL")]
    MgPerDl,
}

impl LabUnit {
    /// The canonical spelling (`mmol/L`, `×10⁹/L`, …).
    pub fn symbol(self) -> &'static str {
        self.spellings()[0]
    }

    /// Every accepted spelling, the canonical one first. Matching ignores case and spaces and
    /// reads `µ`, `μ` and `u` alike.
    pub fn spellings(self) -> &'static [&'static str] {
        match self {
            Self::MmolPerL => &["mmol/L"],
            Self::GramPerDl => &["g/dL"],
            Self::GigaPerL => &["×10⁹/L", "10^9/L", "x10^9/L", "G/L"],
            Self::PerMicrolitre => &["/µL", "/uL"],
            Self::UnitsPerL => &["U/L"],
            Self::MicromolPerL => &["µmol/L", "umol/L"],
            Self::MgPerDl => &["mg/dL"],
        }
    }

    fn matches(self, normalised: &str) -> bool {
        self.spellings().iter().any(|s| normalise(s) == normalised)
    }

    /// How the unit is listed in messages: `×10⁹/L (also 10^9/L, x10^9/L, G/L)`.
    fn listed(self) -> String {
        match self.spellings() {
            [only] => (*only).to_owned(),
            [first, rest @ ..] => format!("{first} (also {})", rest.join(", ")),
            [] => String::new(),
        }
    }
}

/// Lower case, no spaces, `µ`/`μ` as `u`, `×` as `x`, superscript 9 as `^9`.
fn normalise(unit: &str) -> String {
    unit.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            'µ' | 'μ' => "u".to_owned(),
            '×' => "x".to_owned(),
            '⁹' => "^9".to_owned(),
            c => c.to_lowercase().to_string(),
        })
        .collect()
}

/// The units accepted for `analyte`, the canonical unit first (empty for qualitative tests).
pub fn accepted_units(analyte: Analyte) -> &'static [LabUnit] {
    use Analyte as A;
    match analyte {
        A::Hb => &[LabUnit::MmolPerL, LabUnit::GramPerDl],
        A::Leukocytes | A::Lymphocytes | A::Neutrophils | A::Platelets => {
            &[LabUnit::GigaPerL, LabUnit::PerMicrolitre]
        }
        A::Alat | A::Ck => &[LabUnit::UnitsPerL],
        A::Creatinine => &[LabUnit::MicromolPerL, LabUnit::MgPerDl],
        A::CholesterolTotal | A::Hdl | A::Ldl | A::Triglycerides => {
            &[LabUnit::MmolPerL, LabUnit::MgPerDl]
        }
        A::Hiv | A::Hbv | A::Hcv | A::TbScreening | A::PregnancyTest | A::VzvIgg => &[],
    }
}

/// The canonical unit of a numeric analyte (`None` for qualitative tests).
pub fn canonical_unit(analyte: Analyte) -> Option<LabUnit> {
    accepted_units(analyte).first().copied()
}

/// Reads a unit as written by a lab for `analyte`. The error (at `""`) lists the accepted units.
pub fn parse_unit(analyte: Analyte, unit: &str) -> Result<LabUnit, FieldError> {
    let normalised = normalise(unit);
    let accepted = accepted_units(analyte);
    if accepted.is_empty() {
        return Err(FieldError::new(
            "",
            format!(
                "{} is recorded as positive or negative, without a unit",
                analyte.label()
            ),
        ));
    }
    accepted
        .iter()
        .copied()
        .find(|u| u.matches(&normalised))
        .ok_or_else(|| {
            let listed: Vec<String> = accepted.iter().map(|u| u.listed()).collect();
            FieldError::new(
                "",
                format!(
                    "unit {unit:?} is not accepted for {}: use {}",
                    analyte.label(),
                    listed.join(" or ")
                ),
            )
        })
}

/// The exact factor from `unit` to the canonical unit of `analyte` (canonical = value × factor).
pub fn factor(analyte: Analyte, unit: LabUnit) -> Decimal {
    use Analyte as A;
    match (analyte, unit) {
        (A::Hb, LabUnit::GramPerDl) => dec!(0.6206),
        (_, LabUnit::PerMicrolitre) => dec!(0.001),
        (A::Creatinine, LabUnit::MgPerDl) => dec!(88.42),
        (A::Triglycerides, LabUnit::MgPerDl) => dec!(0.01129),
        (_, LabUnit::MgPerDl) => dec!(0.02586),
        _ => Decimal::ONE,
    }
}

/// Converts a canonical value of `analyte` back to `unit` (the inverse of parsing: divides by
/// the factor). The error (at `""`) lists the accepted units.
pub fn to_unit(analyte: Analyte, canonical: Decimal, unit: &str) -> Result<Decimal, FieldError> {
    let unit = parse_unit(analyte, unit)?;
    canonical
        .checked_div(factor(analyte, unit))
        .ok_or_else(|| FieldError::new("", "value is too large to convert"))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn cell_count_spellings_are_accepted() {
        for s in ["×10⁹/L", "x10^9/L", "10^9/L", "G/L", "x 10^9/l", "10⁹/L"] {
            assert_eq!(
                parse_unit(Analyte::Platelets, s).unwrap(),
                LabUnit::GigaPerL,
                "{s}"
            );
        }
        for s in ["/µL", "/uL", "/μL", "/ul"] {
            assert_eq!(
                parse_unit(Analyte::Neutrophils, s).unwrap(),
                LabUnit::PerMicrolitre
            );
        }
        assert_eq!(
            parse_unit(Analyte::Creatinine, "umol/L").unwrap(),
            LabUnit::MicromolPerL
        );
        assert_eq!(
            parse_unit(Analyte::Hb, "mmol/l").unwrap(),
            LabUnit::MmolPerL
        );
    }

    #[test]
    fn unknown_unit_lists_accepted_units() {
        let e = parse_unit(Analyte::Hb, "g/L").unwrap_err();
        assert_eq!(
            e.message,
            "unit \"g/L\" is not accepted for Hb: use mmol/L or g/dL"
        );
        let e = parse_unit(Analyte::Platelets, "/mm3").unwrap_err();
        assert_eq!(
            e.message,
            "unit \"/mm3\" is not accepted for platelets: use ×10⁹/L (also 10^9/L, x10^9/L, G/L) \
             or /µL (also /uL)"
        );
        assert!(parse_unit(Analyte::Alat, "µkat/L").is_err());
        assert!(parse_unit(Analyte::Hiv, "U/L").is_err());
    }

    #[test]
    fn factors_are_those_of_clinical_md() {
        assert_eq!(factor(Analyte::Hb, LabUnit::GramPerDl), dec!(0.6206));
        assert_eq!(factor(Analyte::Creatinine, LabUnit::MgPerDl), dec!(88.42));
        assert_eq!(factor(Analyte::Hdl, LabUnit::MgPerDl), dec!(0.02586));
        assert_eq!(factor(Analyte::Ldl, LabUnit::MgPerDl), dec!(0.02586));
        assert_eq!(
            factor(Analyte::CholesterolTotal, LabUnit::MgPerDl),
            dec!(0.02586)
        );
        assert_eq!(
            factor(Analyte::Triglycerides, LabUnit::MgPerDl),
            dec!(0.01129)
        );
        assert_eq!(
            factor(Analyte::Platelets, LabUnit::PerMicrolitre),
            dec!(0.001)
        );
        assert_eq!(factor(Analyte::Ck, LabUnit::UnitsPerL), Decimal::ONE);
    }

    #[test]
    fn to_unit_divides() {
        assert_eq!(
            to_unit(Analyte::Hb, dec!(4.96480), "g/dL").unwrap(),
            dec!(8)
        );
        assert_eq!(
            to_unit(Analyte::Neutrophils, dec!(1.5), "/µL").unwrap(),
            dec!(1500)
        );
    }
}
