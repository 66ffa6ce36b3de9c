//! How stored records are shown: one typed view per record type, used by every endpoint that
//! returns it and described by the OpenAPI document from the same type. Exact decimals are
//! strings; stored JSON columns are shown as JSON.

use chrono::{DateTime, NaiveDate, Utc};
use registry_core::labs::Analyte;
use registry_core::store::StoreError;
use registry_core::store::adverse_events::AdverseEventRow;
use registry_core::store::comorbidities::ComorbidityRow;
use registry_core::store::labs::LabRow;
use registry_core::store::treatments::{DoseChangeRow, EpisodeRow, InterruptionRow};
use registry_core::store::vaccinations::VaccinationRow;
use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

fn stored_json(column: &str, text: &str) -> Result<Value, StoreError> {
    serde_json::from_str(text).map_err(|e| StoreError::Corrupt(format!("{column}: {e}")))
}

/// A view as JSON. Views hold strings, numbers, dates and JSON values only, which always
/// serialise; a failure would be a bug in a view and is reported as a corrupt record.
pub fn to_value<T: Serialize>(view: &T) -> Result<Value, StoreError> {
    serde_json::to_value(view).map_err(|e| StoreError::Corrupt(format!("view: {e}")))
}

/// A rule the data do not follow, for the center to review (the data are kept).
#[derive(Debug, Serialize, ToSchema)]
pub struct FlagView {
    /// Stable machine-readable code.
    pub code: String,
    /// The rule, in words.
    pub rule: String,
    /// Where the rule comes from.
    pub source: String,
    /// What is wrong with this record.
    pub message: String,
}

/// A lab-safety rule that fired on a result.
#[derive(Debug, Serialize, ToSchema)]
pub struct LabFlagView {
    /// The rule's stable code (`lab.alat_high`).
    pub rule: String,
    /// The analyte.
    pub analyte: String,
    /// The sample date.
    pub date: NaiveDate,
    /// The value in the canonical unit (exact decimal as a string).
    pub value: String,
    /// The canonical unit.
    pub unit: String,
    /// The cut-off the value was compared with, in the canonical unit.
    pub limit: String,
    /// The threshold as applied to this result, in words (`≥ 3 × ULN 45 U/L = 135 U/L`).
    pub threshold: String,
    /// What to do.
    pub action: String,
    /// The rule's wording in its source (Dutch).
    pub source_text: String,
    /// The source of the rule.
    pub source: String,
}

/// A lab result: as entered, in the canonical unit, and the rules that fired.
#[derive(Debug, Serialize, ToSchema)]
pub struct LabView {
    /// Id.
    pub id: String,
    /// The patient.
    pub patient_id: String,
    /// The visit it was entered with, if any.
    pub visit_id: Option<String>,
    /// The day the sample was taken.
    pub sample_date: NaiveDate,
    /// Analyte code.
    pub analyte: String,
    /// The value as entered (exact decimal as a string). For a qualitative test it repeats
    /// `result` (deprecated there: read `result`).
    pub value: String,
    /// A qualitative test's result, `positive` or `negative`, as entered (absent for a numeric
    /// test).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub result: Option<String>,
    /// The unit as entered (empty for a qualitative test).
    pub unit: String,
    /// The value in the canonical unit.
    pub canonical_value: String,
    /// The canonical unit.
    pub canonical_unit: String,
    /// The lab's upper limit of normal, in `unit`.
    pub upper_limit: Option<String>,
    /// The lab's lower limit of normal, in `unit`.
    pub lower_limit: Option<String>,
    /// The safety rules that fired.
    #[schema(value_type = Vec<LabFlagView>)]
    pub flags: Value,
    /// The version of the rules that flagged it.
    pub rules_version: String,
    /// Record version (for `If-Match`).
    pub version: i32,
}

/// A lab result as shown.
pub fn lab_json(r: &LabRow) -> Result<Value, StoreError> {
    to_value(&LabView {
        id: r.id.clone(),
        patient_id: r.patient_id.clone(),
        visit_id: r.visit_id.clone(),
        sample_date: r.sample_date,
        analyte: r.analyte.clone(),
        value: r.value.clone(),
        result: Analyte::parse(&r.analyte)
            .is_ok_and(|a| !a.is_numeric())
            .then(|| r.value.clone()),
        unit: r.unit.clone(),
        canonical_value: r.canonical_value.clone(),
        canonical_unit: r.canonical_unit.clone(),
        upper_limit: r.uln.clone(),
        lower_limit: r.lln.clone(),
        flags: stored_json("lab_results.flags", &r.flags)?,
        rules_version: r.rules_version.clone(),
        version: r.version,
    })
}

/// A warning about a record that was stored anyway.
#[derive(Debug, Serialize, ToSchema)]
pub struct WarningView {
    /// Stable machine-readable code (`easi.area_zero_with_signs`).
    pub code: String,
    /// The field it concerns (JSON path; may be empty).
    pub field: String,
    /// What to look at.
    pub message: String,
}

/// An adverse event with its categories of special interest and flags.
#[derive(Debug, Serialize, ToSchema)]
pub struct AdverseEventView {
    /// Id.
    pub id: String,
    /// The patient.
    pub patient_id: String,
    /// The visit it was reported at, if any.
    pub visit_id: Option<String>,
    /// The treatment episode running at onset, if any.
    pub episode_id: Option<String>,
    /// The event in the reporter's words.
    pub verbatim_term: String,
    /// MedDRA code.
    pub meddra_code: Option<String>,
    /// MedDRA term.
    pub meddra_term: Option<String>,
    /// Categories of special interest (`herpes_zoster`, `mace`, `vte`, …).
    #[schema(value_type = Vec<String>)]
    pub aesi_categories: Value,
    /// Onset date.
    pub onset_date: NaiveDate,
    /// End date, absent while it goes on.
    pub end_date: Option<NaiveDate>,
    /// CTCAE grade, 1–5.
    pub ctcae_grade: i32,
    /// Serious (ICH E2A).
    pub serious: bool,
    /// The ICH E2A criteria met.
    #[schema(value_type = Vec<String>)]
    pub seriousness_criteria: Value,
    /// WHO-UMC causality.
    pub causality: Option<String>,
    /// Action with the drug.
    pub action: Option<String>,
    /// Outcome.
    pub outcome: Option<String>,
    /// The safety rules that fired.
    #[schema(value_type = Vec<FlagView>)]
    pub flags: Value,
    /// The version of the rules that flagged it.
    pub rules_version: String,
    /// Record version.
    pub version: i32,
    /// Warnings about the entry (in the answer to its creation only).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Vec<WarningView>>)]
    pub warnings: Option<Value>,
}

/// An adverse event as shown.
pub fn adverse_event_json(r: &AdverseEventRow) -> Result<Value, StoreError> {
    to_value(&adverse_event_view(r)?)
}

/// The view of an adverse event.
pub fn adverse_event_view(r: &AdverseEventRow) -> Result<AdverseEventView, StoreError> {
    Ok(AdverseEventView {
        id: r.id.clone(),
        patient_id: r.patient_id.clone(),
        visit_id: r.visit_id.clone(),
        episode_id: r.episode_id.clone(),
        verbatim_term: r.term.clone(),
        meddra_code: r.meddra_code.clone(),
        meddra_term: r.meddra_term.clone(),
        aesi_categories: to_value(&r.categories()?)?,
        onset_date: r.onset_date,
        end_date: r.end_date,
        ctcae_grade: r.grade,
        serious: r.serious,
        seriousness_criteria: stored_json("adverse_events.seriousness", &r.seriousness)?,
        causality: r.causality.clone(),
        action: r.action.clone(),
        outcome: r.outcome.clone(),
        flags: stored_json("adverse_events.flags", &r.flags)?,
        rules_version: r.rules_version.clone(),
        version: r.version,
        warnings: None,
    })
}

/// A vaccination.
#[derive(Debug, Serialize, ToSchema)]
pub struct VaccinationView {
    /// Id.
    pub id: String,
    /// The patient.
    pub patient_id: String,
    /// Vaccine code.
    pub vaccine: String,
    /// Dose number in the series.
    pub dose_number: Option<i32>,
    /// Date given.
    pub date: NaiveDate,
    /// Record version.
    pub version: i32,
    /// The timing findings around the patient's JAK-inhibitor episodes, each
    /// `{episode_id, drug, finding}` (in the answer to its creation only).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Vec<crate::schemas::VaccinationAlert>>)]
    pub findings: Option<Value>,
}

/// A vaccination as shown.
pub fn vaccination_json(r: &VaccinationRow) -> Result<Value, StoreError> {
    to_value(&VaccinationView {
        id: r.id.clone(),
        patient_id: r.patient_id.clone(),
        vaccine: r.vaccine.clone(),
        dose_number: r.dose_number,
        date: r.vaccination_date,
        version: r.version,
        findings: None,
    })
}

/// A comorbidity.
#[derive(Debug, Serialize, ToSchema)]
pub struct ComorbidityView {
    /// Id.
    pub id: String,
    /// The patient.
    pub patient_id: String,
    /// The condition.
    pub condition: String,
    /// Year it began.
    pub onset_year: Option<i32>,
    /// Still present.
    pub active: bool,
    /// Record version.
    pub version: i32,
}

/// A comorbidity as shown.
pub fn comorbidity_json(r: &ComorbidityRow) -> Result<Value, StoreError> {
    to_value(&ComorbidityView {
        id: r.id.clone(),
        patient_id: r.patient_id.clone(),
        condition: r.condition.clone(),
        onset_year: r.onset_year,
        active: r.active,
        version: r.version,
    })
}

/// A dose change.
#[derive(Debug, Serialize, ToSchema)]
pub struct DoseChangeView {
    /// Id.
    pub id: String,
    /// First day of the new dose.
    pub effective_date: NaiveDate,
    /// Amount per administration (exact decimal as a string).
    pub amount: String,
    /// Unit.
    pub unit: String,
    /// Frequency.
    pub frequency: String,
    /// A tapering step.
    pub is_taper: bool,
    /// Record version.
    pub version: i32,
}

fn dose_change_view(r: &DoseChangeRow) -> DoseChangeView {
    DoseChangeView {
        id: r.id.clone(),
        effective_date: r.effective_date,
        amount: r.amount.clone(),
        unit: r.unit.clone(),
        frequency: r.frequency.clone(),
        is_taper: r.is_taper,
        version: r.version,
    }
}

/// A dose change as shown.
pub fn dose_change_json(r: &DoseChangeRow) -> Result<Value, StoreError> {
    to_value(&dose_change_view(r))
}

/// An interruption.
#[derive(Debug, Serialize, ToSchema)]
pub struct InterruptionView {
    /// Id.
    pub id: String,
    /// First day without the drug.
    pub from: NaiveDate,
    /// Day the drug was restarted, absent while paused.
    pub to: Option<NaiveDate>,
    /// Why.
    pub reason: String,
    /// Record version.
    pub version: i32,
}

fn interruption_view(r: &InterruptionRow) -> InterruptionView {
    InterruptionView {
        id: r.id.clone(),
        from: r.from_date,
        to: r.to_date,
        reason: r.reason.clone(),
        version: r.version,
    }
}

/// An interruption as shown.
pub fn interruption_json(r: &InterruptionRow) -> Result<Value, StoreError> {
    to_value(&interruption_view(r))
}

/// A dose.
#[derive(Debug, Serialize, ToSchema)]
pub struct DoseView {
    /// Amount per administration (exact decimal as a string).
    pub amount: String,
    /// Unit.
    pub unit: Option<String>,
    /// Frequency.
    pub frequency: Option<String>,
}

/// A treatment episode with its doses and interruptions.
#[derive(Debug, Serialize, ToSchema)]
pub struct EpisodeView {
    /// Id.
    pub id: String,
    /// The patient.
    pub patient_id: String,
    /// Drug code.
    pub drug: String,
    /// `AA` or `AD`.
    pub indication: String,
    /// The patient's n-th episode of this drug.
    pub episode_number: i32,
    /// First day on the drug (day 0).
    pub start_date: NaiveDate,
    /// Last day on the drug.
    pub stop_date: Option<NaiveDate>,
    /// Why it was stopped.
    pub stop_reason: Option<String>,
    /// The starting dose.
    pub dose: Option<DoseView>,
    /// Dose changes, in date order.
    pub dose_changes: Vec<DoseChangeView>,
    /// Interruptions, in date order.
    pub interruptions: Vec<InterruptionView>,
    /// Warnings about the entry (licence, age, weight, …).
    #[schema(value_type = Vec<WarningView>)]
    pub warnings: Value,
    /// The version of the rules that checked it.
    pub rules_version: String,
    /// Record version.
    pub version: i32,
    /// When it was created (UTC).
    pub created_at: DateTime<Utc>,
    /// When it was last changed (UTC).
    pub updated_at: DateTime<Utc>,
    /// How the start relates to the episode before it (`{"kind": "first"}`,
    /// `{"kind": "switch_within_jak", "selectivity": …}`, …), in the answer to its creation only.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<registry_core::treatment::Transition>)]
    pub transition: Option<Value>,
}

/// A treatment episode as shown.
pub fn episode_json(
    r: &EpisodeRow,
    doses: &[DoseChangeRow],
    interruptions: &[InterruptionRow],
) -> Result<Value, StoreError> {
    let dose = r.dose_amount.as_ref().map(|amount| DoseView {
        amount: amount.clone(),
        unit: r.dose_unit.clone(),
        frequency: r.dose_frequency.clone(),
    });
    to_value(&EpisodeView {
        id: r.id.clone(),
        patient_id: r.patient_id.clone(),
        drug: r.drug.clone(),
        indication: r.indication.clone(),
        episode_number: r.episode_number,
        start_date: r.start_date,
        stop_date: r.stop_date,
        stop_reason: r.stop_reason.clone(),
        dose,
        dose_changes: doses.iter().map(dose_change_view).collect(),
        interruptions: interruptions.iter().map(interruption_view).collect(),
        warnings: stored_json("treatment_episodes.warnings", &r.warnings)?,
        rules_version: r.rules_version.clone(),
        version: r.version,
        created_at: r.created_at.and_utc(),
        updated_at: r.updated_at.and_utc(),
        transition: None,
    })
}
