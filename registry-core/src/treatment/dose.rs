//! A dose: an amount greater than zero, a unit from a closed set and a frequency.

use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use serde::{Deserialize, Serialize};

use crate::error::FieldError;

/// Unit of a dose amount.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DoseUnit {
    /// Milligrams (`mg`).
    #[serde(rename = "mg")]
    Mg,
    /// Milligrams per kg body weight (`mg/kg`; ciclosporin 3–5 mg/kg/day).
    #[serde(rename = "mg/kg")]
    MgPerKg,
    /// Milligrams per m² body surface area (`mg/m2`; methotrexate in children 10–15 mg/m²).
    #[serde(rename = "mg/m2")]
    MgPerM2,
}

impl DoseUnit {
    /// Every unit.
    pub const ALL: [DoseUnit; 3] = [Self::Mg, Self::MgPerKg, Self::MgPerM2];

    /// Parses a code (`mg`, `mg/kg`, `mg/m2`).
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|u| u.code() == s)
    }

    /// The code used in the API (`mg`, `mg/kg`, `mg/m2`).
    pub fn code(self) -> &'static str {
        match self {
            Self::Mg => "mg",
            Self::MgPerKg => "mg/kg",
            Self::MgPerM2 => "mg/m2",
        }
    }
}

/// How often a dose is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Frequency {
    /// Once a day (JAK inhibitors, prednisone).
    OnceDaily,
    /// Twice a day (ciclosporin, the daily amount split).
    TwiceDaily,
    /// Every other day (a common tapering step for JAK inhibitors).
    EveryOtherDay,
    /// Once a week (methotrexate).
    Weekly,
    /// Every 2 weeks (dupilumab, tralokinumab, lebrikizumab maintenance).
    #[serde(rename = "every_2_weeks")]
    Every2Weeks,
    /// Every 4 weeks (biologic tapering).
    #[serde(rename = "every_4_weeks")]
    Every4Weeks,
    /// Any other schedule (loading doses, irregular schedules): not comparable for tapering.
    Other,
}

impl Frequency {
    /// Every frequency.
    pub const ALL: [Frequency; 7] = [
        Self::OnceDaily,
        Self::TwiceDaily,
        Self::EveryOtherDay,
        Self::Weekly,
        Self::Every2Weeks,
        Self::Every4Weeks,
        Self::Other,
    ];

    /// The code used in the API and the store (`once_daily`, `every_2_weeks`, …).
    pub fn code(self) -> &'static str {
        match self {
            Self::OnceDaily => "once_daily",
            Self::TwiceDaily => "twice_daily",
            Self::EveryOtherDay => "every_other_day",
            Self::Weekly => "weekly",
            Self::Every2Weeks => "every_2_weeks",
            Self::Every4Weeks => "every_4_weeks",
            Self::Other => "other",
        }
    }

    /// Parses a code.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.code() == s)
    }

    /// Administrations per week, when the schedule is regular (`None` for [`Frequency::Other`]).
    pub fn per_week(self) -> Option<Decimal> {
        match self {
            Self::OnceDaily => Some(dec!(7)),
            Self::TwiceDaily => Some(dec!(14)),
            Self::EveryOtherDay => Some(dec!(3.5)),
            Self::Weekly => Some(dec!(1)),
            Self::Every2Weeks => Some(dec!(0.5)),
            Self::Every4Weeks => Some(dec!(0.25)),
            Self::Other => None,
        }
    }
}

/// A dose with an amount known to be greater than zero.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "DoseInput")]
pub struct Dose {
    amount: Decimal,
    unit: DoseUnit,
    frequency: Frequency,
}

/// A dose as entered, before its amount is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DoseInput {
    /// Amount per administration (for `mg/kg` and `mg/m2` per kg or m²).
    pub amount: Decimal,
    /// Unit of the amount.
    pub unit: DoseUnit,
    /// How often it is given.
    pub frequency: Frequency,
}

impl Dose {
    /// A dose; the amount must be greater than zero.
    pub fn new(amount: Decimal, unit: DoseUnit, frequency: Frequency) -> Result<Self, FieldError> {
        if amount <= Decimal::ZERO {
            return Err(FieldError::new(
                "amount",
                format!("dose amount {amount} is not allowed: a dose is greater than 0"),
            ));
        }
        Ok(Self {
            amount: amount.normalize(),
            unit,
            frequency,
        })
    }

    /// Amount per administration.
    pub fn amount(&self) -> Decimal {
        self.amount
    }

    /// Unit of the amount.
    pub fn unit(&self) -> DoseUnit {
        self.unit
    }

    /// How often it is given.
    pub fn frequency(&self) -> Frequency {
        self.frequency
    }

    /// Amount per week (in the dose's unit), when the frequency is regular.
    pub fn weekly_amount(&self) -> Option<Decimal> {
        Some(self.amount * self.frequency.per_week()?)
    }

    /// True when this dose is lower than `previous`: a lower weekly amount in the same unit.
    /// Doses in different units or with an irregular frequency are not compared (false).
    pub fn is_lower_than(&self, previous: &Dose) -> bool {
        if self.unit != previous.unit {
            return false;
        }
        match (self.weekly_amount(), previous.weekly_amount()) {
            (Some(now), Some(before)) => now < before,
            _ => false,
        }
    }
}

impl TryFrom<DoseInput> for Dose {
    type Error = FieldError;

    fn try_from(input: DoseInput) -> Result<Self, Self::Error> {
        Self::new(input.amount, input.unit, input.frequency)
    }
}

impl From<Dose> for DoseInput {
    fn from(dose: Dose) -> Self {
        Self {
            amount: dose.amount,
            unit: dose.unit,
            frequency: dose.frequency,
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn a_dose_exists_exactly_when_its_amount_is_positive(units in -100_000i64..100_000, scale in 0u32..4) {
            let amount = Decimal::new(units, scale);
            let dose = Dose::new(amount, DoseUnit::Mg, Frequency::Weekly);
            prop_assert_eq!(dose.is_ok(), amount > Decimal::ZERO);
        }
    }

    fn mg(amount: Decimal, frequency: Frequency) -> Dose {
        Dose::new(amount, DoseUnit::Mg, frequency).unwrap()
    }

    #[test]
    fn zero_or_negative_amount_is_refused() {
        let e = Dose::new(dec!(0), DoseUnit::Mg, Frequency::OnceDaily).unwrap_err();
        assert_eq!(e.field, "amount");
        assert_eq!(
            e.message,
            "dose amount 0 is not allowed: a dose is greater than 0"
        );
        assert!(Dose::new(dec!(-2), DoseUnit::Mg, Frequency::OnceDaily).is_err());
        assert!(Dose::new(dec!(0.1), DoseUnit::MgPerKg, Frequency::TwiceDaily).is_ok());
    }

    #[test]
    fn tapering_4_mg_daily_to_every_other_day_is_lower() {
        let full = mg(dec!(4), Frequency::OnceDaily);
        assert!(mg(dec!(2), Frequency::OnceDaily).is_lower_than(&full));
        assert!(mg(dec!(4), Frequency::EveryOtherDay).is_lower_than(&full));
        assert!(!mg(dec!(4), Frequency::OnceDaily).is_lower_than(&full));
        assert!(!mg(dec!(4), Frequency::Other).is_lower_than(&full));
        let per_kg = Dose::new(dec!(3), DoseUnit::MgPerKg, Frequency::OnceDaily).unwrap();
        assert!(
            !per_kg.is_lower_than(&full),
            "different units are not compared"
        );
    }

    #[test]
    fn dupilumab_every_4_weeks_is_lower_than_every_2_weeks() {
        let q2w = mg(dec!(300), Frequency::Every2Weeks);
        let q4w = mg(dec!(300), Frequency::Every4Weeks);
        assert_eq!(q4w.weekly_amount(), Some(dec!(75)));
        assert!(q4w.is_lower_than(&q2w));
    }

    #[test]
    fn unit_and_frequency_codes_match_serde() {
        for unit in DoseUnit::ALL {
            let json = serde_json::to_string(&unit).unwrap();
            assert_eq!(json, format!("\"{}\"", unit.code()));
            assert_eq!(DoseUnit::parse(unit.code()), Some(unit));
        }
        for frequency in Frequency::ALL {
            let json = serde_json::to_string(&frequency).unwrap();
            assert_eq!(json, format!("\"{}\"", frequency.code()));
            assert_eq!(Frequency::parse(frequency.code()), Some(frequency));
        }
        assert_eq!(Frequency::parse("daily"), None);
    }

    #[test]
    fn deserialising_checks_the_amount() {
        let ok: Dose =
            serde_json::from_str(r#"{"amount":"10","unit":"mg/m2","frequency":"weekly"}"#).unwrap();
        assert_eq!(ok.unit(), DoseUnit::MgPerM2);
        let bad = serde_json::from_str::<Dose>(
            r#"{"amount":"0","unit":"mg","frequency":"every_2_weeks"}"#,
        );
        assert!(bad.is_err());
        assert_eq!(
            serde_json::to_string(&Frequency::Every2Weeks).unwrap(),
            "\"every_2_weeks\""
        );
    }
}
