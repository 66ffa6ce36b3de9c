//! One lab result of a patient on a date: a numeric value with the lab's reference limits, or a
//! qualitative screening result. Parsed from [`LabResultInput`], collecting every error.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::fields::{Limits, limits, numeric, qualitative};
use super::{Analyte, LabValue, Qualitative};
use crate::error::{FieldError, ValidationErrors};

/// What was measured: a number or a positive/negative result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reading {
    /// A numeric analyte.
    Numeric(LabValue),
    /// A qualitative test.
    Qualitative {
        /// The test.
        analyte: Analyte,
        /// Its result.
        result: Qualitative,
    },
}

/// A lab result as a center or an import sends it. Reference limits are in the value's unit.
///
/// Numbers may be JSON numbers or numeric strings (read exactly). Unknown fields are refused.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LabResultInput {
    /// Analyte code (`hb`, `alat`, `hiv`, …).
    pub analyte: String,
    /// Date the sample was taken: `sample_date`, the one name of the API and the CSV import
    /// (`date`, its former name in the API, is still read; deprecated).
    #[serde(default, rename = "sample_date", alias = "date")]
    pub date: Option<NaiveDate>,
    /// The number, for numeric analytes.
    #[serde(default, deserialize_with = "crate::instruments::number::opt_decimal")]
    pub value: Option<Decimal>,
    /// The unit of `value` and of the limits, for numeric analytes.
    #[serde(default)]
    pub unit: Option<String>,
    /// `positive` or `negative`, for qualitative tests.
    #[serde(default)]
    pub result: Option<String>,
    /// The lab's lower limit of normal (LLN), in `unit`.
    #[serde(default, deserialize_with = "crate::instruments::number::opt_decimal")]
    pub lower_limit: Option<Decimal>,
    /// The lab's upper limit of normal (ULN), in `unit`; required for ALAT and CK.
    #[serde(default, deserialize_with = "crate::instruments::number::opt_decimal")]
    pub upper_limit: Option<Decimal>,
}

/// A parsed lab result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "LabResultInput", try_from = "LabResultInput")]
pub struct LabResult {
    date: NaiveDate,
    reading: Reading,
    limits: Limits,
}

impl LabResult {
    /// Parses a lab result, reporting every invalid field (`analyte`, `sample_date`, `value`, `unit`,
    /// `result`, `lower_limit`, `upper_limit`).
    pub fn parse(input: &LabResultInput) -> Result<Self, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let analyte = errors.collect("analyte", Analyte::parse(&input.analyte));
        if input.date.is_none() {
            errors.push(FieldError::new(
                "sample_date",
                "the sample date is required",
            ));
        }
        let mut unit = None;
        let reading = match analyte {
            Some(a) if a.is_numeric() => {
                numeric(a, input, &mut unit, &mut errors).map(Reading::Numeric)
            }
            Some(a) => qualitative(a, input, &mut errors),
            None => None,
        };
        let limits = match analyte {
            Some(a) if a.is_numeric() => limits(a, unit, input, &mut errors),
            _ => Some(Limits::default()),
        };
        match (input.date, reading, limits) {
            (Some(date), Some(reading), Some(limits)) if errors.is_empty() => Ok(Self {
                date,
                reading,
                limits,
            }),
            _ => Err(errors),
        }
    }

    /// A numeric result; the reference limits are in the unit `value` was entered in.
    pub fn numeric(
        date: NaiveDate,
        value: LabValue,
        lower_limit: Option<Decimal>,
        upper_limit: Option<Decimal>,
    ) -> Result<Self, ValidationErrors> {
        let input = LabResultInput {
            analyte: value.analyte().code().to_owned(),
            date: Some(date),
            value: Some(value.value()),
            unit: Some(value.unit().symbol().to_owned()),
            result: None,
            lower_limit,
            upper_limit,
        };
        Self::parse(&input)
    }

    /// A qualitative result (error at `analyte` for a numeric analyte).
    pub fn qualitative(
        date: NaiveDate,
        analyte: Analyte,
        result: Qualitative,
    ) -> Result<Self, FieldError> {
        if analyte.is_numeric() {
            return Err(FieldError::new(
                "analyte",
                format!(
                    "{} is a number with a unit, not positive or negative",
                    analyte.label()
                ),
            ));
        }
        let reading = Reading::Qualitative { analyte, result };
        Ok(Self {
            date,
            reading,
            limits: Limits::default(),
        })
    }

    /// The sample date.
    pub fn date(&self) -> NaiveDate {
        self.date
    }

    /// The analyte.
    pub fn analyte(&self) -> Analyte {
        match &self.reading {
            Reading::Numeric(v) => v.analyte(),
            Reading::Qualitative { analyte, .. } => *analyte,
        }
    }

    /// What was measured.
    pub fn reading(&self) -> &Reading {
        &self.reading
    }

    /// The numeric value, if the analyte is numeric.
    pub fn value(&self) -> Option<&LabValue> {
        match &self.reading {
            Reading::Numeric(v) => Some(v),
            Reading::Qualitative { .. } => None,
        }
    }

    /// The lab's lower limit of normal (LLN) in the canonical unit.
    pub fn lower_limit(&self) -> Option<Decimal> {
        self.limits.lower
    }

    /// The lab's upper limit of normal (ULN) in the canonical unit.
    pub fn upper_limit(&self) -> Option<Decimal> {
        self.limits.upper
    }
}

impl From<LabResult> for LabResultInput {
    fn from(r: LabResult) -> Self {
        let (value, unit, result) = match &r.reading {
            Reading::Numeric(v) => (Some(v.value()), Some(v.unit().symbol().to_owned()), None),
            Reading::Qualitative { result, .. } => (None, None, Some(result.code().to_owned())),
        };
        Self {
            analyte: r.analyte().code().to_owned(),
            date: Some(r.date),
            value,
            unit,
            result,
            lower_limit: r.limits.lower_entered,
            upper_limit: r.limits.upper_entered,
        }
    }
}

impl TryFrom<LabResultInput> for LabResult {
    type Error = ValidationErrors;

    fn try_from(input: LabResultInput) -> Result<Self, ValidationErrors> {
        Self::parse(&input)
    }
}
