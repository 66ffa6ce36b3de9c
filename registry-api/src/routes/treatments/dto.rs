//! Treatment request bodies and their parsing (every bad field reported).

use chrono::NaiveDate;
use registry_core::catalogue::Drug;
use registry_core::instruments::number::opt_decimal;
use registry_core::treatment::{Dose, DoseUnit, Frequency, InterruptionReason, StopReason};
use registry_core::{FieldError, ValidationErrors};
use rust_decimal::Decimal;
use serde::Deserialize;
use utoipa::ToSchema;

use crate::extract::parse_date;

/// A dose: amount (number or numeric string), unit and frequency.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DoseBody {
    /// Amount per administration, above 0.
    #[serde(default, deserialize_with = "opt_decimal")]
    #[schema(value_type = Option<f64>)]
    pub amount: Option<Decimal>,
    /// `mg`, `mg/kg` or `mg/m2`.
    pub unit: Option<String>,
    /// `once_daily`, `twice_daily`, `every_other_day`, `weekly`, `every_2_weeks`, `every_4_weeks`, `other`.
    pub frequency: Option<String>,
}

/// A treatment episode to start (or to record after it ended).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"drug": "baricitinib", "start_date": "2025-01-06", "dose": {"amount": 4, "unit": "mg", "frequency": "once_daily"}, "weight_kg": 72.5}))]
pub struct TreatmentRequest {
    /// Drug code (`baricitinib`) or ATC code (legacy codes are mapped).
    pub drug: Option<String>,
    /// `AA` or `AD`; defaults to the patient's diagnosis.
    pub indication: Option<String>,
    /// First day on the drug (day 0), `YYYY-MM-DD`.
    pub start_date: Option<String>,
    /// Last day on the drug, when it already ended.
    pub stop_date: Option<String>,
    /// Why it was stopped (with `stop_date`).
    pub stop_reason: Option<String>,
    /// The starting dose.
    pub dose: Option<DoseBody>,
    /// Body weight at start (kg) for the licence check; else the latest visit weight.
    #[serde(default, deserialize_with = "opt_decimal")]
    #[schema(value_type = Option<f64>)]
    pub weight_kg: Option<Decimal>,
}

/// Stops an episode, or corrects its stop.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"reason": "stopped at the visit of 1 September", "stop_date": "2025-09-01", "stop_reason": "remission_tapered_off"}))]
pub struct TreatmentPatch {
    /// Why the record changes (required).
    pub reason: Option<String>,
    /// Last day on the drug.
    pub stop_date: Option<String>,
    /// Why it was stopped.
    pub stop_reason: Option<String>,
}

/// A dose change.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"effective_date": "2025-06-02", "amount": 2, "unit": "mg", "frequency": "once_daily"}))]
pub struct DoseChangeRequest {
    /// First day of the new dose.
    pub effective_date: Option<String>,
    /// Amount per administration.
    #[serde(default, deserialize_with = "opt_decimal")]
    #[schema(value_type = Option<f64>)]
    pub amount: Option<Decimal>,
    /// Unit.
    pub unit: Option<String>,
    /// Frequency.
    pub frequency: Option<String>,
    /// Tapering step; derived from the previous dose when left out.
    pub is_taper: Option<bool>,
}

/// An interruption.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"from": "2025-04-14", "to": "2025-05-05", "reason": "infection"}))]
pub struct InterruptionRequest {
    /// First day without the drug.
    pub from: Option<String>,
    /// Day the drug was restarted (absent while paused).
    pub to: Option<String>,
    /// `adverse_event`, `infection`, `lab_abnormality`, `live_vaccine`, `surgery`, `pregnancy`,
    /// `patient_wish`, `other`.
    pub reason: Option<String>,
}

/// A required date.
pub fn required_date(
    errors: &mut ValidationErrors,
    field: &str,
    value: Option<&str>,
) -> Option<NaiveDate> {
    if value.is_none() {
        errors.push(FieldError::new(field, "this date is required"));
    }
    parse_date(errors, field, value)
}

/// A drug from its code or ATC code.
pub fn drug(errors: &mut ValidationErrors, value: Option<&str>) -> Option<Drug> {
    let Some(v) = value else {
        errors.push(FieldError::new("drug", "the drug is required"));
        return None;
    };
    let d = Drug::parse(v);
    if d.is_none() {
        let known: Vec<&str> = Drug::ALL.iter().map(|d| d.code()).collect();
        errors.push(FieldError::new(
            "drug",
            format!("unknown drug '{v}': use one of {}", known.join(", ")),
        ));
    }
    d
}

/// A stop reason code.
pub fn stop_reason(errors: &mut ValidationErrors, value: Option<&str>) -> Option<StopReason> {
    let v = value?;
    let r = StopReason::parse(v);
    if r.is_none() {
        let known: Vec<&str> = StopReason::ALL.iter().map(|r| r.code()).collect();
        errors.push(FieldError::new(
            "stop_reason",
            format!("unknown stop reason '{v}': use one of {}", known.join(", ")),
        ));
    }
    r
}

/// A dose from its parts; every missing or bad part reported under `prefix`.
pub fn dose(
    errors: &mut ValidationErrors,
    prefix: &str,
    amount: Option<Decimal>,
    unit: Option<&str>,
    frequency: Option<&str>,
) -> Option<Dose> {
    let at = |f: &str| registry_core::error::join_path(prefix, f);
    let unit = match unit {
        None => {
            errors.push(FieldError::new(
                at("unit"),
                "the unit is required: mg, mg/kg or mg/m2",
            ));
            None
        }
        Some(u) => DoseUnit::parse(u).or_else(|| {
            errors.push(FieldError::new(
                at("unit"),
                format!("unknown unit '{u}': use mg, mg/kg or mg/m2"),
            ));
            None
        }),
    };
    let frequency = match frequency {
        None => {
            errors.push(FieldError::new(
                at("frequency"),
                "the frequency is required",
            ));
            None
        }
        Some(f) => Frequency::parse(f).or_else(|| {
            let known: Vec<&str> = Frequency::ALL.iter().map(|f| f.code()).collect();
            errors.push(FieldError::new(
                at("frequency"),
                format!("unknown frequency '{f}': use one of {}", known.join(", ")),
            ));
            None
        }),
    };
    if amount.is_none() {
        errors.push(FieldError::new(at("amount"), "the amount is required"));
    }
    let (amount, unit, frequency) = (amount?, unit?, frequency?);
    errors.collect(prefix, Dose::new(amount, unit, frequency))
}

/// An interruption reason code.
pub fn interruption_reason(
    errors: &mut ValidationErrors,
    value: Option<&str>,
) -> Option<InterruptionReason> {
    let Some(v) = value else {
        errors.push(FieldError::new("reason", "the reason is required"));
        return None;
    };
    let r = InterruptionReason::parse(v);
    if r.is_none() {
        let known: Vec<&str> = InterruptionReason::ALL.iter().map(|r| r.code()).collect();
        errors.push(FieldError::new(
            "reason",
            format!("unknown reason '{v}': use one of {}", known.join(", ")),
        ));
    }
    r
}
