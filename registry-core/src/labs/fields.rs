//! Reading the fields of a [`LabResultInput`] into a lab result, recording every error.

use rust_decimal::Decimal;

use super::result::{LabResultInput, Reading};
use super::unit::{accepted_units, canonical_unit, factor, parse_unit};
use super::value::check_value;
use super::{Analyte, LabUnit, LabValue, Qualitative};
use crate::error::{FieldError, ValidationErrors};

/// Reference limits as entered (in the value's unit) and in the canonical unit.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Limits {
    pub(super) lower_entered: Option<Decimal>,
    pub(super) upper_entered: Option<Decimal>,
    pub(super) lower: Option<Decimal>,
    pub(super) upper: Option<Decimal>,
}

fn units_listed(analyte: Analyte) -> String {
    let symbols: Vec<&str> = accepted_units(analyte).iter().map(|u| u.symbol()).collect();
    symbols.join(" or ")
}

/// The value, recording every error; `unit` is set when the unit was recognised.
pub(super) fn numeric(
    a: Analyte,
    input: &LabResultInput,
    unit: &mut Option<LabUnit>,
    errors: &mut ValidationErrors,
) -> Option<LabValue> {
    if input.result.is_some() {
        let msg = format!(
            "{} is a number with a unit, not positive or negative",
            a.label()
        );
        errors.push(FieldError::new("result", msg));
    }
    let value = match input.value {
        Some(v) => errors.collect("", check_value(a, v).map(|()| v)),
        None => {
            errors.push(FieldError::new(
                "value",
                format!("a value is required for {}", a.label()),
            ));
            None
        }
    };
    *unit = match &input.unit {
        Some(u) => errors.collect("unit", parse_unit(a, u)),
        None => {
            let msg = format!(
                "a unit is required for {}: use {}",
                a.label(),
                units_listed(a)
            );
            errors.push(FieldError::new("unit", msg));
            None
        }
    };
    let (value, unit) = (value?, (*unit)?);
    errors.collect("", LabValue::parse(a, value, unit.symbol()))
}

pub(super) fn qualitative(
    a: Analyte,
    input: &LabResultInput,
    errors: &mut ValidationErrors,
) -> Option<Reading> {
    let numeric_fields = [
        ("value", input.value.is_some()),
        ("unit", input.unit.is_some()),
        ("lower_limit", input.lower_limit.is_some()),
        ("upper_limit", input.upper_limit.is_some()),
    ];
    for (field, given) in numeric_fields {
        if given {
            let msg = format!(
                "{} is recorded as positive or negative in result",
                a.label()
            );
            errors.push(FieldError::new(field, msg));
        }
    }
    let Some(result) = &input.result else {
        let msg = format!("{} needs a result: positive or negative", a.label());
        errors.push(FieldError::new("result", msg));
        return None;
    };
    let result = errors.collect("result", Qualitative::parse(result))?;
    Some(Reading::Qualitative { analyte: a, result })
}

/// The reference limits, also in the canonical unit (when the unit is known), or `None` after
/// recording errors.
pub(super) fn limits(
    a: Analyte,
    unit: Option<LabUnit>,
    input: &LabResultInput,
    errors: &mut ValidationErrors,
) -> Option<Limits> {
    let before = errors.errors().len();
    let f = unit.map(|u| factor(a, u));
    let convert = |field: &str, limit: Option<Decimal>, errors: &mut ValidationErrors| {
        let limit = limit?;
        let checked = check_value(a, limit).map_err(|e| FieldError::new(field, e.message));
        let limit = errors.collect("", checked.map(|()| limit))?;
        let too_large = FieldError::new(field, format!("{limit} is too large"));
        errors.collect("", limit.checked_mul(f?).ok_or(too_large))
    };
    let lower = convert("lower_limit", input.lower_limit, errors);
    let upper = convert("upper_limit", input.upper_limit, errors);
    if a.needs_upper_limit() && input.upper_limit.is_none() {
        let msg = format!(
            "{} is judged against the lab's upper limit of normal: give upper_limit in {}",
            a.label(),
            unit.or(canonical_unit(a)).map_or("", LabUnit::symbol)
        );
        errors.push(FieldError::new("upper_limit", msg));
    }
    if input.upper_limit.is_some_and(|u| u.is_zero()) {
        errors.push(FieldError::new(
            "upper_limit",
            "an upper limit of normal must be above 0",
        ));
    }
    if let (Some(l), Some(u)) = (input.lower_limit, input.upper_limit)
        && l > u
    {
        let msg = "the lower limit of normal is above the upper limit of normal";
        errors.push(FieldError::new("lower_limit", msg));
    }
    (errors.errors().len() == before).then_some(Limits {
        lower_entered: input.lower_limit,
        upper_entered: input.upper_limit,
        lower,
        upper,
    })
}
