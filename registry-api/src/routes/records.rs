//! How stored records are shown: one function per record type, used by every endpoint that
//! returns it. Exact decimals are strings; stored JSON columns are shown as JSON.

use registry_core::store::StoreError;
use registry_core::store::adverse_events::AdverseEventRow;
use registry_core::store::comorbidities::ComorbidityRow;
use registry_core::store::labs::LabRow;
use registry_core::store::treatments::{DoseChangeRow, EpisodeRow, InterruptionRow};
use registry_core::store::vaccinations::VaccinationRow;
use serde_json::{Value, json};

fn stored_json(column: &str, text: &str) -> Result<Value, StoreError> {
    serde_json::from_str(text).map_err(|e| StoreError::Corrupt(format!("{column}: {e}")))
}

/// A lab result: as entered, in the canonical unit, and the rules that fired.
pub fn lab_json(r: &LabRow) -> Result<Value, StoreError> {
    Ok(json!({
        "id": r.id, "patient_id": r.patient_id, "visit_id": r.visit_id, "date": r.sample_date,
        "analyte": r.analyte, "value": r.value, "unit": r.unit,
        "canonical_value": r.canonical_value, "canonical_unit": r.canonical_unit,
        "upper_limit": r.uln, "lower_limit": r.lln,
        "flags": stored_json("lab_results.flags", &r.flags)?,
        "rules_version": r.rules_version, "version": r.version,
    }))
}

/// An adverse event with its categories of special interest and flags.
pub fn adverse_event_json(r: &AdverseEventRow) -> Result<Value, StoreError> {
    Ok(json!({
        "id": r.id, "patient_id": r.patient_id, "visit_id": r.visit_id, "episode_id": r.episode_id,
        "verbatim_term": r.term, "meddra_code": r.meddra_code, "meddra_term": r.meddra_term,
        "aesi_categories": r.categories()?, "onset_date": r.onset_date, "end_date": r.end_date,
        "ctcae_grade": r.grade, "serious": r.serious,
        "seriousness_criteria": stored_json("adverse_events.seriousness", &r.seriousness)?,
        "causality": r.causality, "action": r.action, "outcome": r.outcome,
        "flags": stored_json("adverse_events.flags", &r.flags)?,
        "rules_version": r.rules_version, "version": r.version,
    }))
}

/// A vaccination.
pub fn vaccination_json(r: &VaccinationRow) -> Value {
    json!({
        "id": r.id, "patient_id": r.patient_id, "vaccine": r.vaccine, "dose_number": r.dose_number,
        "date": r.vaccination_date, "version": r.version,
    })
}

/// A comorbidity.
pub fn comorbidity_json(r: &ComorbidityRow) -> Value {
    json!({
        "id": r.id, "patient_id": r.patient_id, "condition": r.condition, "onset_year": r.onset_year,
        "active": r.active, "version": r.version,
    })
}

/// A dose change.
pub fn dose_change_json(r: &DoseChangeRow) -> Value {
    json!({
        "id": r.id, "effective_date": r.effective_date, "amount": r.amount, "unit": r.unit,
        "frequency": r.frequency, "is_taper": r.is_taper, "version": r.version,
    })
}

/// An interruption.
pub fn interruption_json(r: &InterruptionRow) -> Value {
    json!({"id": r.id, "from": r.from_date, "to": r.to_date, "reason": r.reason, "version": r.version})
}

/// A treatment episode with its doses and interruptions.
pub fn episode_json(
    r: &EpisodeRow,
    doses: &[DoseChangeRow],
    interruptions: &[InterruptionRow],
) -> Result<Value, StoreError> {
    let dose = r.dose_amount.as_ref().map(
        |amount| json!({"amount": amount, "unit": r.dose_unit, "frequency": r.dose_frequency}),
    );
    Ok(json!({
        "id": r.id, "patient_id": r.patient_id, "drug": r.drug, "indication": r.indication,
        "episode_number": r.episode_number, "start_date": r.start_date, "stop_date": r.stop_date,
        "stop_reason": r.stop_reason, "dose": dose,
        "dose_changes": doses.iter().map(dose_change_json).collect::<Vec<_>>(),
        "interruptions": interruptions.iter().map(interruption_json).collect::<Vec<_>>(),
        "warnings": stored_json("treatment_episodes.warnings", &r.warnings)?,
        "rules_version": r.rules_version, "version": r.version,
        "created_at": r.created_at, "updated_at": r.updated_at,
    }))
}
