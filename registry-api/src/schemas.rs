//! The request bodies that `registry-core` parses by hand (visits, labs, adverse events), as the
//! OpenAPI document describes them. These types are never parsed into: the server reads
//! `registry_core::visit::VisitInput`, `registry_core::labs::LabResultInput` and
//! `registry_core::adverse_event::AdverseEventInput`, which report every bad field by its JSON
//! path. The schemas here mirror what those parsers accept, and each carries an example the
//! server accepts (`tests/tests/openapi_examples.rs` posts every one).
//!
//! Numbers may be sent as JSON numbers or as numeric strings (`"23.75"`, read exactly); the
//! schemas name the number.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Why a visit field holds no value.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MissingReason {
    /// The assessment was not done at this visit.
    NotDone,
    /// The assessment does not apply to this patient at this visit.
    NotApplicable,
    /// Whether or what was assessed is not known.
    Unknown,
}

/// Visit fields recorded as missing, each with its reason (`{"poem": "not_done"}`). A field
/// recorded as missing may not also have a value.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MissingFieldsRequest {
    /// Body weight.
    pub weight_kg: Option<MissingReason>,
    /// SALT.
    pub salt: Option<MissingReason>,
    /// EASI.
    pub easi: Option<MissingReason>,
    /// PP-NRS.
    pub pp_nrs: Option<MissingReason>,
    /// vIGA-AD.
    pub viga: Option<MissingReason>,
    /// POEM.
    pub poem: Option<MissingReason>,
    /// DLQI.
    pub dlqi: Option<MissingReason>,
    /// CDLQI.
    pub cdlqi: Option<MissingReason>,
    /// IDQOL.
    pub idqol: Option<MissingReason>,
    /// Eyebrows.
    pub eyebrows: Option<MissingReason>,
    /// Eyelashes.
    pub eyelashes: Option<MissingReason>,
    /// New vellus hair.
    pub vellus_hair: Option<MissingReason>,
    /// Wig.
    pub wig: Option<MissingReason>,
}

/// SALT: the four views (percentage of hair lost, 0–100, one decimal), the total (from a
/// chart), or both; when both are sent they must agree exactly.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SaltRequest {
    /// Top/vertex, % hair lost.
    #[schema(minimum = 0, maximum = 100)]
    pub top: Option<f64>,
    /// Back/posterior, % hair lost.
    #[schema(minimum = 0, maximum = 100)]
    pub back: Option<f64>,
    /// Right side, % hair lost.
    #[schema(minimum = 0, maximum = 100)]
    pub right: Option<f64>,
    /// Left side, % hair lost.
    #[schema(minimum = 0, maximum = 100)]
    pub left: Option<f64>,
    /// The SALT total, 0–100.
    #[schema(minimum = 0, maximum = 100)]
    pub total: Option<f64>,
}

/// One EASI region: four signs, each 0, 1, 1.5, 2, 2.5 or 3, and the area as `area_pct` (0–100)
/// or `area_score` (whole number 0–6); when both are sent they must agree.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EasiRegionRequest {
    /// Erythema.
    #[schema(minimum = 0, maximum = 3)]
    pub erythema: Option<f64>,
    /// Oedema/papulation.
    #[schema(minimum = 0, maximum = 3)]
    pub induration: Option<f64>,
    /// Excoriation.
    #[schema(minimum = 0, maximum = 3)]
    pub excoriation: Option<f64>,
    /// Lichenification.
    #[schema(minimum = 0, maximum = 3)]
    pub lichenification: Option<f64>,
    /// Percentage of the region affected, 0–100.
    #[schema(minimum = 0, maximum = 100)]
    pub area_pct: Option<f64>,
    /// Area score, 0–6.
    #[schema(minimum = 0, maximum = 6)]
    pub area_score: Option<i32>,
}

/// The four EASI regions; all four are required when `regions` is sent.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EasiRegionsRequest {
    /// Head and neck.
    pub head_neck: Option<EasiRegionRequest>,
    /// Upper limbs.
    pub upper_limbs: Option<EasiRegionRequest>,
    /// Trunk, including genitals.
    pub trunk: Option<EasiRegionRequest>,
    /// Lower limbs, including buttocks.
    pub lower_limbs: Option<EasiRegionRequest>,
}

/// EASI: the regions (the multipliers for the patient's age are applied), the total (0–72 in
/// steps of 0.05, from a chart), or both; when both are sent they must agree exactly.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EasiRequest {
    /// The four regions.
    pub regions: Option<EasiRegionsRequest>,
    /// The total, 0–72.
    #[schema(minimum = 0, maximum = 72)]
    pub total: Option<f64>,
}

/// A questionnaire (POEM 7 items 0–4; DLQI, CDLQI, IDQOL 10 items 0–3): the items, the total,
/// or both. `items` has exactly the questionnaire's number of entries, `null` for an unanswered
/// item; with two or more unanswered the questionnaire is not scored.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ItemsRequest {
    /// The item scores in questionnaire order.
    pub items: Option<Vec<Option<i32>>>,
    /// The total.
    #[schema(minimum = 0)]
    pub total: Option<i32>,
}

/// A lab result: `{analyte, sample_date, value, unit, lower_limit?, upper_limit?}` for a
/// numeric analyte, `{analyte, sample_date, result}` for a qualitative test. Stored as entered
/// and in the canonical unit (an unknown unit is refused, never guessed).
///
/// `date` is the former name of `sample_date` and is still read (deprecated).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"analyte": "alat", "sample_date": "2025-03-03", "value": 32,
    "unit": "U/L", "upper_limit": 40}))]
pub struct LabRequest {
    /// Analyte code: `hb`, `leukocytes`, `lymphocytes`, `neutrophils`, `platelets`, `alat`,
    /// `ck`, `creatinine`, `cholesterol_total`, `hdl`, `ldl`, `triglycerides` (numeric);
    /// `hiv`, `hbv`, `hcv`, `tb_screening`, `pregnancy_test`, `vzv_igg` (qualitative).
    pub analyte: String,
    /// The day the sample was taken (required; inside a visit it defaults to the visit date).
    pub sample_date: Option<NaiveDate>,
    /// The number, for a numeric analyte.
    pub value: Option<f64>,
    /// The unit of `value` and of the limits (`mmol/L`, `g/dL`, `10^9/L`, `U/L`, `µmol/L`, …).
    pub unit: Option<String>,
    /// `positive` or `negative`, for a qualitative test.
    pub result: Option<String>,
    /// The lab's lower limit of normal, in `unit`.
    pub lower_limit: Option<f64>,
    /// The lab's upper limit of normal, in `unit`; required for `alat` and `ck`.
    pub upper_limit: Option<f64>,
}

/// ICH E2A seriousness criterion.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SeriousnessCriterion {
    /// Resulted in death.
    Death,
    /// Life-threatening.
    LifeThreatening,
    /// Required or prolonged hospitalisation.
    Hospitalisation,
    /// Persistent or significant disability.
    Disability,
    /// Congenital anomaly or birth defect.
    CongenitalAnomaly,
    /// Other important medical event.
    ImportantMedicalEvent,
}

/// WHO-UMC causality.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Causality {
    /// Certain.
    Certain,
    /// Probable/likely.
    Probable,
    /// Possible.
    Possible,
    /// Unlikely.
    Unlikely,
    /// Conditional/unclassified.
    Conditional,
    /// Unassessable/unclassifiable.
    Unassessable,
}

/// Action taken with the drug.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DrugAction {
    /// None.
    None,
    /// Interrupted.
    Interrupted,
    /// Dose reduced.
    DoseReduced,
    /// Withdrawn.
    Withdrawn,
}

/// Outcome of an adverse event.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Recovered.
    Recovered,
    /// Recovering.
    Recovering,
    /// Not recovered.
    NotRecovered,
    /// Recovered with sequelae.
    RecoveredWithSequelae,
    /// Fatal.
    Fatal,
    /// Unknown.
    Unknown,
}

/// An adverse event. It is linked to the treatment episode running at onset; the categories of
/// special interest are derived from the terms unless the center gives them.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"verbatim_term": "herpes zoster, left flank", "onset_date": "2025-04-14",
    "end_date": "2025-05-02", "ctcae_grade": 2, "seriousness_criteria": [],
    "causality": "possible", "action": "interrupted", "outcome": "recovered"}))]
pub struct AdverseEventRequest {
    /// The event in the reporter's words (required).
    pub verbatim_term: String,
    /// MedDRA code, 8 digits, when the center codes with MedDRA.
    #[schema(pattern = "^[0-9]{8}$")]
    pub meddra_code: Option<String>,
    /// The MedDRA term belonging to the code.
    pub meddra_term: Option<String>,
    /// Onset date (required).
    pub onset_date: NaiveDate,
    /// End date, not before onset; absent while the event goes on.
    pub end_date: Option<NaiveDate>,
    /// CTCAE grade, 1–5 (required).
    #[schema(minimum = 1, maximum = 5)]
    pub ctcae_grade: i32,
    /// The ICH E2A criteria met; empty (or absent) for a non-serious event.
    #[serde(default)]
    pub seriousness_criteria: Vec<SeriousnessCriterion>,
    /// The form's "serious" box, if it has one; must agree with the criteria.
    pub serious: Option<bool>,
    /// WHO-UMC causality (required).
    pub causality: Causality,
    /// Action with the drug (required).
    pub action: DrugAction,
    /// Outcome (required).
    pub outcome: Outcome,
    /// Categories of special interest as judged by the center (`herpes_zoster`, `mace`, `vte`,
    /// `malignancy`, `serious_infection`, …); when given, even empty, they replace the derived
    /// ones.
    pub aesi_categories: Option<Vec<String>>,
}

/// A visit: every instrument is optional, each scored on entry; labs and adverse events may be
/// entered with it. Only the instruments of the patient's diagnosis and age apply (others earn
/// a warning): SALT, eyebrows, eyelashes, vellus hair and wig for alopecia areata; EASI, PP-NRS,
/// vIGA-AD and POEM for atopic dermatitis; DLQI (16 years and older), CDLQI (4–16) or IDQOL
/// (under 4) for both.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "visit_date": "2025-03-03",
    "weight_kg": 72.5,
    "salt": {"top": 40, "back": 20, "right": 10, "left": 10},
    "dlqi": {"items": [1, 0, 2, 1, 0, 0, 1, 0, 0, 1]},
    "eyebrows": 1,
    "eyelashes": 0,
    "vellus_hair": true,
    "wig": false,
    "labs": [{"analyte": "hb", "value": 8.4, "unit": "mmol/L"}],
    "missing": {"poem": "not_applicable"}
}))]
pub struct VisitRequest {
    /// The visit date (required): not in the future, not before the birth month; one visit per
    /// patient and date.
    pub visit_date: NaiveDate,
    /// Body weight in kg (0–400).
    #[schema(minimum = 0, maximum = 400)]
    pub weight_kg: Option<f64>,
    /// SALT.
    pub salt: Option<SaltRequest>,
    /// EASI.
    pub easi: Option<EasiRequest>,
    /// Peak pruritus NRS, 0–10.
    #[schema(minimum = 0, maximum = 10)]
    pub pp_nrs: Option<i32>,
    /// vIGA-AD, 0 clear … 4 severe.
    #[schema(minimum = 0, maximum = 4)]
    pub viga: Option<i32>,
    /// POEM, 7 items 0–4.
    pub poem: Option<ItemsRequest>,
    /// DLQI (16 years and older), 10 items 0–3.
    pub dlqi: Option<ItemsRequest>,
    /// CDLQI (4–16 years), 10 items 0–3.
    pub cdlqi: Option<ItemsRequest>,
    /// IDQOL (under 4 years), 10 items 0–3.
    pub idqol: Option<ItemsRequest>,
    /// Eyebrows, 0 full … 3 none.
    #[schema(minimum = 0, maximum = 3)]
    pub eyebrows: Option<i32>,
    /// Eyelashes, 0 full … 3 none.
    #[schema(minimum = 0, maximum = 3)]
    pub eyelashes: Option<i32>,
    /// New vellus hair present.
    pub vellus_hair: Option<bool>,
    /// Wig or hairpiece needed.
    pub wig: Option<bool>,
    /// Lab results taken at this visit (`sample_date` defaults to the visit date).
    #[serde(default)]
    pub labs: Vec<LabRequest>,
    /// Adverse events reported at this visit.
    #[serde(default)]
    pub adverse_events: Vec<AdverseEventRequest>,
    /// Fields recorded as missing, with the reason.
    pub missing: Option<MissingFieldsRequest>,
}

/// Changes to a visit: the fields sent replace the stored ones (`null` clears one) and the whole
/// visit is scored again; `reason` is required. Labs and adverse events are records of their own
/// and are not edited here.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"reason": "weight corrected from the chart", "weight_kg": 73}))]
pub struct VisitPatch {
    /// Why the record changes (required).
    pub reason: String,
    /// A new visit date.
    pub visit_date: Option<NaiveDate>,
    /// Body weight in kg.
    #[schema(minimum = 0, maximum = 400)]
    pub weight_kg: Option<f64>,
    /// SALT.
    pub salt: Option<SaltRequest>,
    /// EASI.
    pub easi: Option<EasiRequest>,
    /// PP-NRS.
    #[schema(minimum = 0, maximum = 10)]
    pub pp_nrs: Option<i32>,
    /// vIGA-AD.
    #[schema(minimum = 0, maximum = 4)]
    pub viga: Option<i32>,
    /// POEM.
    pub poem: Option<ItemsRequest>,
    /// DLQI.
    pub dlqi: Option<ItemsRequest>,
    /// CDLQI.
    pub cdlqi: Option<ItemsRequest>,
    /// IDQOL.
    pub idqol: Option<ItemsRequest>,
    /// Eyebrows.
    #[schema(minimum = 0, maximum = 3)]
    pub eyebrows: Option<i32>,
    /// Eyelashes.
    #[schema(minimum = 0, maximum = 3)]
    pub eyelashes: Option<i32>,
    /// New vellus hair.
    pub vellus_hair: Option<bool>,
    /// Wig.
    pub wig: Option<bool>,
    /// Fields recorded as missing (replaces the stored list).
    pub missing: Option<MissingFieldsRequest>,
}

use crate::routes::records::{
    AdverseEventView, ComorbidityView, EpisodeView, LabView, VaccinationView, WarningView,
};

/// A list of records.
macro_rules! item_list {
    ($(#[$doc:meta])* $name:ident, $item:ty) => {
        $(#[$doc])*
        #[derive(Debug, ToSchema)]
        pub struct $name {
            /// The records.
            pub items: Vec<$item>,
        }
    };
}

item_list!(
    /// The patient's lab results in date order.
    LabList,
    LabView
);
item_list!(
    /// The patient's adverse events by onset.
    AdverseEventList,
    AdverseEventView
);
item_list!(
    /// The patient's vaccinations by date.
    VaccinationList,
    VaccinationView
);
item_list!(
    /// The patient's comorbidities.
    ComorbidityList,
    ComorbidityView
);
item_list!(
    /// The patient's treatment episodes in start order.
    TreatmentList,
    EpisodeView
);

/// SALT as entered (exact decimals as strings).
#[derive(Debug, ToSchema)]
pub struct SaltView {
    /// Top/vertex.
    pub top: Option<String>,
    /// Back.
    pub back: Option<String>,
    /// Right side.
    pub right: Option<String>,
    /// Left side.
    pub left: Option<String>,
    /// The total.
    pub total: Option<String>,
}

/// EASI as entered.
#[derive(Debug, ToSchema)]
pub struct EasiView {
    /// The four regions as entered, when scored by region.
    #[schema(value_type = Option<Object>)]
    pub regions: Option<serde_json::Value>,
    /// The total (exact decimal as a string).
    pub total: Option<String>,
}

/// A questionnaire as entered.
#[derive(Debug, ToSchema)]
pub struct ItemsView {
    /// The item scores, `null` when unanswered.
    pub items: Option<Vec<Option<i32>>>,
    /// The total, `null` when not scored.
    pub total: Option<i32>,
}

/// The visit's place in a treatment episode.
#[derive(Debug, ToSchema)]
pub struct VisitEpisodeView {
    /// The episode.
    pub id: String,
    /// Its drug.
    pub drug: String,
    /// The patient's n-th episode of this drug.
    pub episode_number: i32,
    /// Days since the start (day 0).
    pub study_day: i64,
    /// The nominal week of the visit window, when the visit is in one.
    pub nominal_week: Option<i32>,
    /// The date of the visit that makes the episode's baseline of each score (`{"salt":
    /// "2025-01-06"}`); a score without a baseline is left out.
    #[schema(value_type = std::collections::BTreeMap<String, NaiveDate>)]
    pub baseline_dates: serde_json::Value,
}

/// A visit: what was entered, what the rules computed, its place in the patient's course and its
/// responses against the episode's baseline, with the labs and adverse events entered with it.
/// Exact decimals are strings (`"23.75"`), whole scores numbers.
#[derive(Debug, ToSchema)]
pub struct VisitView {
    /// Id.
    pub id: String,
    /// The patient.
    pub patient_id: String,
    /// The patient's center.
    pub center_id: String,
    /// The visit date.
    pub visit_date: NaiveDate,
    /// Body weight in kg.
    pub weight_kg: Option<String>,
    /// SALT.
    pub salt: Option<SaltView>,
    /// EASI.
    pub easi: Option<EasiView>,
    /// PP-NRS.
    pub pp_nrs: Option<i32>,
    /// vIGA-AD.
    pub viga: Option<i32>,
    /// POEM.
    pub poem: Option<ItemsView>,
    /// DLQI.
    pub dlqi: Option<ItemsView>,
    /// CDLQI.
    pub cdlqi: Option<ItemsView>,
    /// IDQOL.
    pub idqol: Option<ItemsView>,
    /// Eyebrows.
    pub eyebrows: Option<i32>,
    /// Eyelashes.
    pub eyelashes: Option<i32>,
    /// New vellus hair.
    pub vellus_hair: Option<bool>,
    /// Wig.
    pub wig: Option<bool>,
    /// Fields recorded as missing, with the reason (`{"poem": "not_done"}`).
    #[schema(value_type = MissingFieldsRequest)]
    pub missing: serde_json::Value,
    /// The version of the scoring rules.
    pub rules_version: String,
    /// Record version (for `If-Match`).
    pub version: i32,
    /// When it was created (UTC).
    pub created_at: chrono::DateTime<chrono::Utc>,
    /// When it was last changed (UTC).
    pub updated_at: chrono::DateTime<chrono::Utc>,
    /// What the rules computed: age, SALT and EASI totals and bands, questionnaire totals.
    pub computed: registry_core::visit::VisitComputed,
    /// The treatment episode the visit falls in, `null` outside every episode.
    pub episode: Option<VisitEpisodeView>,
    /// Responses against the episode's baseline (`salt_50`: `responder`, `non_responder` or
    /// `not_evaluable`, …), `null` before day 1 or outside every episode.
    pub responses: Option<registry_core::responses::VisitResponses>,
    /// Warnings about the entry (an instrument of the other diagnosis, …).
    pub warnings: Vec<WarningView>,
    /// The lab results entered with the visit.
    pub labs: Vec<LabView>,
    /// The adverse events reported at the visit.
    pub adverse_events: Vec<AdverseEventView>,
}

/// A page of visits.
#[derive(Debug, ToSchema)]
pub struct VisitPage {
    /// The visits, in date order.
    pub items: Vec<VisitView>,
    /// The cursor of the next page (a visit date), `null` on the last page.
    pub next_cursor: Option<NaiveDate>,
}

/// A data query: a coordinator's question about a record, and the center's answer.
#[derive(Debug, ToSchema)]
pub struct DataQueryView {
    /// Id.
    pub id: String,
    /// The center asked.
    pub center_id: String,
    /// The patient it is about, if any.
    pub patient_id: Option<String>,
    /// Kind of record (`visit`, `lab_result`, …).
    pub entity: String,
    /// The record's id.
    pub entity_id: Option<String>,
    /// The field in question.
    pub field: Option<String>,
    /// The question.
    pub message: String,
    /// `open`, `answered` or `closed`.
    pub status: String,
    /// The center's answer.
    pub answer: Option<String>,
    /// When it was raised (UTC).
    pub raised_at: chrono::DateTime<chrono::Utc>,
    /// When it was answered.
    pub answered_at: Option<chrono::DateTime<chrono::Utc>>,
    /// When it was closed.
    pub closed_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Record version (for `If-Match`).
    pub version: i32,
}

item_list!(
    /// Data queries, newest first.
    DataQueryList,
    DataQueryView
);

/// A center.
#[derive(Debug, ToSchema)]
pub struct CenterView {
    /// Id.
    pub id: String,
    /// Short unique code.
    pub code: String,
    /// Display name.
    pub name: String,
    /// Accepts entries.
    pub active: bool,
    /// Record version.
    pub version: i32,
}

item_list!(
    /// The centers.
    CenterList,
    CenterView
);

/// One event of the hash-chained audit trail.
#[derive(Debug, ToSchema)]
pub struct AuditEventView {
    /// Id.
    pub id: String,
    /// The chain it belongs to.
    pub chain: String,
    /// Its place in the chain.
    pub seq: i64,
    /// When (UTC).
    pub occurred_at: chrono::DateTime<chrono::Utc>,
    /// Who.
    pub actor_id: Option<String>,
    /// The actor's role.
    pub actor_role: Option<String>,
    /// The center concerned.
    pub center_id: Option<String>,
    /// Kind of record.
    pub entity: String,
    /// The record's id.
    pub entity_id: Option<String>,
    /// `create`, `update`, `delete`, `login_failed`, …
    pub action: String,
    /// Why (edits and deletions).
    pub reason: Option<String>,
    /// The record before (without the local reference for coordinators).
    #[schema(value_type = Option<Object>)]
    pub before: Option<serde_json::Value>,
    /// The record after.
    #[schema(value_type = Option<Object>)]
    pub after: Option<serde_json::Value>,
    /// The request that caused it.
    pub request_id: Option<String>,
    /// Hash of the event before it in the chain.
    pub prev_hash: String,
    /// Hash of this event.
    pub hash: String,
}

/// A page of audit events.
#[derive(Debug, ToSchema)]
pub struct AuditPage {
    /// The events, oldest first.
    pub items: Vec<AuditEventView>,
    /// The cursor of the next page (an event id), `null` on the last page.
    pub next_cursor: Option<String>,
}

/// Everything that needs attention for a patient today, by kind: the body of
/// `GET /patients/{id}/alerts`, serialised as it is documented.
#[derive(Debug, Serialize, ToSchema)]
pub struct AlertsView {
    /// The patient.
    pub patient_id: String,
    /// The day the alerts are computed for.
    pub as_of: NaiveDate,
    /// Lab results with a safety flag.
    pub lab_flags: Vec<LabFlagAlert>,
    /// Vaccination timing findings around JAK-inhibitor episodes.
    pub vaccinations: Vec<VaccinationAlert>,
    /// Adverse events with a flag (herpes on a JAK inhibitor without an interruption, …).
    pub adverse_events: Vec<AdverseEventAlert>,
    /// Monitoring checks due or overdue in ongoing episodes.
    pub monitoring: Vec<MonitoringAlert>,
    /// Eligibility of each JAK-inhibitor episode (AA); with none ongoing, of a start today with
    /// each drug reimbursed for AA (`planned`).
    pub eligibility: Vec<EligibilityAlert>,
    /// Episodes without a baseline of their disease's main score.
    pub missing_data: Vec<MissingBaselineAlert>,
}

/// A lab result's safety flag.
#[derive(Debug, Serialize, ToSchema)]
pub struct LabFlagAlert {
    /// The lab result.
    pub lab_id: String,
    /// The rule that fired, with the value, the limit and what to do.
    pub flag: registry_core::labs::LabFlag,
}

/// A vaccination timing finding for one episode.
#[derive(Debug, Serialize, ToSchema)]
pub struct VaccinationAlert {
    /// The episode.
    pub episode_id: String,
    /// Its drug.
    pub drug: String,
    /// The finding.
    pub finding: registry_core::vaccination::VaccinationFinding,
}

/// An adverse event's flag.
#[derive(Debug, Serialize, ToSchema)]
pub struct AdverseEventAlert {
    /// The adverse event.
    pub adverse_event_id: String,
    /// The flag.
    pub flag: registry_core::adverse_event::Flag,
}

/// A monitoring check due or overdue in an ongoing episode.
#[derive(Debug, Serialize, ToSchema)]
pub struct MonitoringAlert {
    /// The episode.
    pub episode_id: String,
    /// Its drug.
    pub drug: String,
    /// The check, its window, its state and the analytes still missing.
    pub check: registry_core::monitoring::ScheduledCheck,
}

/// The AA JAK-inhibitor eligibility of an episode, or of a start today.
#[derive(Debug, Serialize, ToSchema)]
pub struct EligibilityAlert {
    /// The episode, `null` for a planned start.
    pub episode_id: Option<String>,
    /// The drug.
    pub drug: String,
    /// The (planned) start.
    pub start: NaiveDate,
    /// A start today with this drug, not an episode on record.
    pub planned: bool,
    /// Eligible, or the criteria not met.
    #[schema(value_type = EligibilityResult)]
    pub result: registry_core::eligibility::Eligibility,
}

/// The outcome of the eligibility check.
#[derive(Debug, ToSchema)]
pub struct EligibilityResult {
    /// True when every criterion is met.
    pub eligible: bool,
    /// Every unmet criterion, in the order of the rule.
    pub unmet: Vec<UnmetCriterionView>,
}

/// An unmet eligibility criterion: its code and message, with the values it concerns.
#[derive(Debug, ToSchema)]
pub struct UnmetCriterionView {
    /// Stable code: `not_reimbursed_for_aa`, `below_minimum_age`, `no_baseline_salt`,
    /// `salt_below_50`, `no_episode_duration`, `onset_after_start`,
    /// `negative_episode_duration`, `episode_too_long`, `no_qualifying_prior_systemic`.
    #[schema(example = "salt_below_50")]
    pub criterion: String,
    /// What is not met, in words.
    pub message: String,
    /// The drug (`not_reimbursed_for_aa`, `below_minimum_age`).
    pub drug: Option<String>,
    /// The drug's minimum age for AA (`below_minimum_age`).
    pub min_age: Option<MinAgeView>,
    /// The patient's age at start in completed years (`below_minimum_age`).
    pub age_years: Option<u32>,
    /// The baseline SALT, exact (`salt_below_50`).
    pub salt: Option<String>,
    /// The onset given (`onset_after_start`).
    pub onset: Option<NaiveDate>,
    /// The episode's duration in years, exact (`negative_episode_duration`, `episode_too_long`).
    pub years: Option<String>,
}

/// A minimum age, in completed years or (infants) completed months.
#[derive(Debug, ToSchema)]
pub struct MinAgeView {
    /// In completed years.
    pub years: Option<u32>,
    /// In completed months.
    pub months: Option<u32>,
}

/// An episode without a baseline of its disease's main score.
#[derive(Debug, Serialize, ToSchema)]
pub struct MissingBaselineAlert {
    /// The episode.
    pub episode_id: String,
    /// Its drug.
    pub drug: String,
    /// The score (`salt`, `easi`).
    pub field: String,
    /// Why it matters.
    pub message: String,
}

/// The answer of a health check.
#[derive(Debug, ToSchema)]
pub struct HealthStatus {
    /// `ok` (alive) or `ready`.
    pub status: String,
}
