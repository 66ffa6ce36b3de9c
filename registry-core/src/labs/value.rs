//! A numeric lab value: the value and unit as entered, and its exact value in the canonical unit.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::unit::{canonical_unit, factor, parse_unit};
use super::{Analyte, LabUnit};
use crate::error::FieldError;

/// A parsed numeric lab value. The canonical value is the exact product of the entered value and
/// the unit's factor (never rounded), so a threshold compares exactly what the lab reported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "LabValueOut", try_from = "LabValueIn")]
pub struct LabValue {
    analyte: Analyte,
    value: Decimal,
    unit: LabUnit,
    canonical: Decimal,
}

impl LabValue {
    /// Parses `value` in `unit` for a numeric `analyte`. Errors name `unit` (unknown unit, listing
    /// the accepted ones) or `value` (negative, too large, or a qualitative analyte).
    pub fn parse(analyte: Analyte, value: Decimal, unit: &str) -> Result<Self, FieldError> {
        check_value(analyte, value)?;
        let unit = parse_unit(analyte, unit).map_err(|e| e.under("unit"))?;
        let canonical = value
            .checked_mul(factor(analyte, unit))
            .ok_or_else(|| FieldError::new("value", format!("{value} is too large")))?;
        Ok(Self {
            analyte,
            value,
            unit,
            canonical,
        })
    }

    /// The analyte measured.
    pub fn analyte(&self) -> Analyte {
        self.analyte
    }

    /// The value as entered.
    pub fn value(&self) -> Decimal {
        self.value
    }

    /// The unit as entered (recognised spelling).
    pub fn unit(&self) -> LabUnit {
        self.unit
    }

    /// The exact value in the canonical unit.
    pub fn canonical(&self) -> Decimal {
        self.canonical
    }

    /// The canonical unit of the analyte.
    pub fn canonical_unit(&self) -> LabUnit {
        // A LabValue exists only for numeric analytes, which all have a canonical unit.
        canonical_unit(self.analyte).unwrap_or(self.unit)
    }

    /// The value expressed in another accepted `unit` (canonical ÷ factor).
    pub fn to_unit(&self, unit: &str) -> Result<Decimal, FieldError> {
        super::unit::to_unit(self.analyte, self.canonical, unit).map_err(|e| e.under("unit"))
    }
}

/// Refuses numbers for qualitative tests and negative values (error at `value`).
pub(super) fn check_value(analyte: Analyte, value: Decimal) -> Result<(), FieldError> {
    if !analyte.is_numeric() {
        return Err(FieldError::new(
            "value",
            format!(
                "{} is recorded as positive or negative, not as a number",
                analyte.label()
            ),
        ));
    }
    if value.is_sign_negative() && !value.is_zero() {
        return Err(FieldError::new(
            "value",
            format!("{value} is negative: a lab value is 0 or more"),
        ));
    }
    Ok(())
}

/// What a lab value looks like in the API (entered and canonical).
#[derive(Serialize)]
struct LabValueOut {
    analyte: Analyte,
    value: Decimal,
    unit: LabUnit,
    canonical_value: Decimal,
    canonical_unit: LabUnit,
}

impl From<LabValue> for LabValueOut {
    fn from(v: LabValue) -> Self {
        Self {
            analyte: v.analyte,
            value: v.value,
            unit: v.unit,
            canonical_value: v.canonical,
            canonical_unit: v.canonical_unit(),
        }
    }
}

/// What a lab value is read from (the canonical part is always recomputed).
#[derive(Deserialize)]
struct LabValueIn {
    analyte: Analyte,
    value: Decimal,
    unit: String,
}

impl TryFrom<LabValueIn> for LabValue {
    type Error = FieldError;

    fn try_from(v: LabValueIn) -> Result<Self, FieldError> {
        Self::parse(v.analyte, v.value, &v.unit)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rust_decimal_macros::dec;

    #[test]
    fn hb_8_0_g_dl_is_4_96480_mmol_l_exactly() {
        let v = LabValue::parse(Analyte::Hb, dec!(8.0), "g/dL").unwrap();
        assert_eq!(v.canonical(), dec!(4.9648));
        assert_eq!(v.canonical().to_string(), "4.96480");
        assert_eq!(v.value().to_string(), "8.0");
        assert_eq!(v.unit(), LabUnit::GramPerDl);
        assert_eq!(v.canonical_unit(), LabUnit::MmolPerL);
    }

    #[test]
    fn hb_8_1_g_dl_is_5_02686_mmol_l() {
        let v = LabValue::parse(Analyte::Hb, dec!(8.1), "g/dL").unwrap();
        assert_eq!(v.canonical(), dec!(5.02686));
    }

    #[test]
    fn anc_1500_per_ul_is_1_5() {
        let v = LabValue::parse(Analyte::Neutrophils, dec!(1500), "/µL").unwrap();
        assert_eq!(v.canonical(), dec!(1.5));
    }

    #[test]
    fn mg_dl_conversions_are_exact() {
        let c = LabValue::parse(Analyte::Creatinine, dec!(1.2), "mg/dL").unwrap();
        assert_eq!(c.canonical(), dec!(106.104));
        let ch = LabValue::parse(Analyte::CholesterolTotal, dec!(200), "mg/dL").unwrap();
        assert_eq!(ch.canonical(), dec!(5.172));
        let tg = LabValue::parse(Analyte::Triglycerides, dec!(150), "mg/dL").unwrap();
        assert_eq!(tg.canonical(), dec!(1.6935));
    }

    #[test]
    fn unknown_unit_is_an_error_on_unit() {
        let e = LabValue::parse(Analyte::Creatinine, dec!(80), "mmol/L").unwrap_err();
        assert_eq!(e.field, "unit");
        assert_eq!(
            e.message,
            "unit \"mmol/L\" is not accepted for creatinine: use µmol/L (also umol/L) or mg/dL"
        );
    }

    #[test]
    fn negative_value_and_qualitative_analyte_are_errors_on_value() {
        let e = LabValue::parse(Analyte::Platelets, dec!(-1), "G/L").unwrap_err();
        assert_eq!(e.field, "value");
        assert!(LabValue::parse(Analyte::Platelets, dec!(0), "G/L").is_ok());
        let e = LabValue::parse(Analyte::Hiv, dec!(1), "U/L").unwrap_err();
        assert_eq!(e.field, "value");
    }

    #[test]
    fn serde_keeps_entered_and_canonical() {
        let v = LabValue::parse(Analyte::Hb, dec!(8.0), "g/dL").unwrap();
        let json = serde_json::to_value(&v).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"analyte": "hb", "value": "8.0", "unit": "g/dL",
                "canonical_value": "4.96480", "canonical_unit": "mmol/L"})
        );
        let back: LabValue = serde_json::from_value(json).unwrap();
        assert_eq!(back, v);
        let bad = serde_json::json!({"analyte": "hb", "value": "8", "unit": "g/L"});
        assert!(serde_json::from_value::<LabValue>(bad).is_err());
    }

    fn numeric_analyte_and_unit() -> impl Strategy<Value = (Analyte, &'static str)> {
        let pairs: Vec<(Analyte, &'static str)> = Analyte::ALL
            .into_iter()
            .flat_map(|a| {
                super::super::unit::accepted_units(a)
                    .iter()
                    .flat_map(move |u| u.spellings().iter().map(move |s| (a, *s)))
            })
            .collect();
        proptest::sample::select(pairs)
    }

    proptest! {
        #[test]
        fn canonical_and_back_is_stable(
            (analyte, unit) in numeric_analyte_and_unit(),
            mantissa in 0i64..=10_000_000_000,
            scale in 0u32..=6,
        ) {
            let value = Decimal::new(mantissa, scale);
            let v = LabValue::parse(analyte, value, unit).unwrap();
            let back = v.to_unit(unit).unwrap();
            prop_assert_eq!(back.round_dp(10), value.round_dp(10));
            prop_assert_eq!(back, value);
        }
    }
}
