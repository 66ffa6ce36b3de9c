//! Patient request and response bodies, and their validation (every bad field reported).

use chrono::NaiveDate;
use registry_core::patient::{AaSubtype, Diagnosis, Sex};
use registry_core::role::Role;
use registry_core::store::patients::{NewPatient, PatientRow};
use registry_core::time::BirthMonth;
use registry_core::{FieldError, ValidationErrors};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::extract::{double_option, parse_date};

/// Research consent.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConsentInput {
    /// Consent to research use of the pseudonymised data.
    pub research: bool,
    /// Date of consent (`YYYY-MM-DD`).
    pub date: Option<String>,
    /// Date consent was withdrawn.
    pub withdrawn_on: Option<String>,
}

/// A patient to register.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PatientRequest {
    /// Center code; a center user may leave it out (its own center).
    pub center: Option<String>,
    /// The center's own patient reference (never exported; hidden from coordinators).
    pub local_ref: String,
    /// `female`, `male` or `other`.
    pub sex: String,
    /// `YYYY-MM` (the registry holds birth dates to the month).
    pub birth_month: String,
    /// `AA` or `AD`.
    pub diagnosis: String,
    /// AA only: `patchy`, `ophiasis`, `totalis`, `universalis`.
    pub aa_subtype: Option<String>,
    /// AA only: start of the current episode of hair loss (`YYYY-MM-DD`).
    pub aa_episode_start: Option<String>,
    /// AA only: nail involvement.
    pub nail_involvement: Option<bool>,
    /// Woman of child-bearing potential.
    pub childbearing_potential: Option<bool>,
    /// Children: national vaccination programme complete.
    pub vaccination_programme_complete: Option<bool>,
    /// Varicella history or positive VZV IgG.
    pub varicella_immune: Option<bool>,
    /// Research consent.
    pub consent: ConsentInput,
}

/// Changes to a patient; `reason` is required. A field left out stays; `null` clears it.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PatientPatch {
    /// Why the record changes.
    pub reason: Option<String>,
    /// New local reference.
    pub local_ref: Option<String>,
    /// New sex.
    pub sex: Option<String>,
    /// New birth month.
    pub birth_month: Option<String>,
    /// AA subtype.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub aa_subtype: Option<Option<String>>,
    /// AA episode start.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub aa_episode_start: Option<Option<String>>,
    /// Nail involvement.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<bool>)]
    pub nail_involvement: Option<Option<bool>>,
    /// Child-bearing potential.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<bool>)]
    pub childbearing_potential: Option<Option<bool>>,
    /// National programme complete.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<bool>)]
    pub vaccination_programme_complete: Option<Option<bool>>,
    /// Varicella immunity.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<bool>)]
    pub varicella_immune: Option<Option<bool>>,
    /// Consent (replaces the consent as a whole).
    pub consent: Option<ConsentInput>,
}

/// Checks a local reference: 1–64 printable characters.
pub fn local_ref(errors: &mut ValidationErrors, value: &str) -> Option<String> {
    let v = value.trim();
    if v.is_empty() || v.chars().count() > 64 || v.chars().any(char::is_control) {
        errors.push(FieldError::new(
            "local_ref",
            "a local reference has 1 to 64 printable characters",
        ));
        return None;
    }
    Some(v.to_owned())
}

/// Parses the sex code.
pub fn sex(errors: &mut ValidationErrors, value: &str) -> Option<Sex> {
    let s = Sex::parse(value);
    if s.is_none() {
        errors.push(FieldError::new("sex", "sex is 'female', 'male' or 'other'"));
    }
    s
}

/// Parses a birth month, not in the future.
pub fn birth_month(errors: &mut ValidationErrors, value: &str) -> Option<BirthMonth> {
    match value.parse::<BirthMonth>() {
        Ok(b) if b.first_day() > crate::extract::today() => {
            errors.push(FieldError::new(
                "birth_month",
                "the birth month is in the future",
            ));
            None
        }
        Ok(b) => Some(b),
        Err(e) => {
            errors.push(e.under("birth_month"));
            None
        }
    }
}

/// Parses an AA subtype.
pub fn aa_subtype(errors: &mut ValidationErrors, value: Option<&str>) -> Option<AaSubtype> {
    let value = value?;
    let s = AaSubtype::parse(value);
    if s.is_none() {
        errors.push(FieldError::new(
            "aa_subtype",
            "the subtype is patchy, ophiasis, totalis or universalis",
        ));
    }
    s
}

/// Parsed consent.
pub struct Consent {
    /// Research consent.
    pub research: bool,
    /// Date.
    pub date: Option<NaiveDate>,
    /// Withdrawal.
    pub withdrawn_on: Option<NaiveDate>,
}

/// Parses consent; a withdrawal cannot precede the consent, and consent needs a date.
pub fn consent(
    errors: &mut ValidationErrors,
    c: &ConsentInput,
    born: Option<BirthMonth>,
) -> Consent {
    let date = parse_date(errors, "consent.date", c.date.as_deref());
    let withdrawn_on = parse_date(errors, "consent.withdrawn_on", c.withdrawn_on.as_deref());
    if c.research && c.date.is_none() {
        errors.push(FieldError::new(
            "consent.date",
            "research consent needs the date it was given",
        ));
    }
    if let (Some(d), Some(w)) = (date, withdrawn_on)
        && w < d
    {
        errors.push(FieldError::new(
            "consent.withdrawn_on",
            "consent cannot be withdrawn before it was given",
        ));
    }
    if let (Some(d), Some(b)) = (date, born)
        && d < b.first_day()
    {
        errors.push(FieldError::new(
            "consent.date",
            "the consent date is before the birth month",
        ));
    }
    Consent {
        research: c.research,
        date,
        withdrawn_on,
    }
}

/// The patient as the API shows it to `role` (coordinators never see the local reference).
pub fn to_json(p: &PatientRow, role: Role) -> serde_json::Value {
    let mut v = serde_json::json!({
        "id": p.id,
        "center_id": p.center_id,
        "local_ref": p.local_ref,
        "sex": p.sex,
        "birth_month": p.birth_month,
        "diagnosis": p.diagnosis,
        "aa_subtype": p.aa_subtype,
        "aa_episode_start": p.aa_episode_start,
        "nail_involvement": p.nail_involvement,
        "childbearing_potential": p.childbearing_potential,
        "vaccination_programme_complete": p.vaccination_programme_complete,
        "varicella_immune": p.varicella_immune,
        "consent": {"research": p.consent_research, "date": p.consent_date, "withdrawn_on": p.consent_withdrawn_on},
        "version": p.version,
        "created_at": p.created_at,
        "updated_at": p.updated_at,
    });
    if role != Role::Center
        && let Some(obj) = v.as_object_mut()
    {
        obj.remove("local_ref");
    }
    v
}

/// Parses a diagnosis code.
pub fn diagnosis(errors: &mut ValidationErrors, value: &str) -> Option<Diagnosis> {
    let d = Diagnosis::parse(value);
    if d.is_none() {
        errors.push(FieldError::new(
            "diagnosis",
            "the diagnosis is 'AA' (alopecia areata) or 'AD' (atopic dermatitis)",
        ));
    }
    d
}

/// The patient a request describes, for `center_id`, with every bad field recorded in `errors`
/// (`None` when a required field is bad). `POST /patients` and the patient import both use it.
pub fn new_patient(
    errors: &mut ValidationErrors,
    input: &PatientRequest,
    center_id: String,
) -> Option<NewPatient> {
    let local_ref = local_ref(errors, &input.local_ref);
    let sex = sex(errors, &input.sex);
    let born = birth_month(errors, &input.birth_month);
    let diagnosis = diagnosis(errors, &input.diagnosis);
    let aa_subtype = aa_subtype(errors, input.aa_subtype.as_deref());
    let aa_episode_start = parse_date(
        errors,
        "aa_episode_start",
        input.aa_episode_start.as_deref(),
    );
    if diagnosis == Some(Diagnosis::Ad) {
        for (field, given) in [
            ("aa_subtype", input.aa_subtype.is_some()),
            ("aa_episode_start", input.aa_episode_start.is_some()),
            ("nail_involvement", input.nail_involvement.is_some()),
        ] {
            if given {
                errors.push(FieldError::new(
                    field,
                    "only for patients with alopecia areata (AA)",
                ));
            }
        }
    }
    if let (Some(start), Some(b)) = (aa_episode_start, born)
        && start < b.first_day()
    {
        errors.push(FieldError::new(
            "aa_episode_start",
            "the episode starts before the birth month",
        ));
    }
    let consent = consent(errors, &input.consent, born);
    let (Some(local_ref), Some(sex), Some(birth_month), Some(diagnosis)) =
        (local_ref, sex, born, diagnosis)
    else {
        return None;
    };
    Some(NewPatient {
        center_id,
        local_ref,
        sex,
        birth_month,
        diagnosis,
        aa_subtype,
        aa_episode_start,
        nail_involvement: input.nail_involvement,
        childbearing_potential: input.childbearing_potential,
        vaccination_programme_complete: input.vaccination_programme_complete,
        varicella_immune: input.varicella_immune,
        consent_research: consent.research,
        consent_date: consent.date,
        consent_withdrawn_on: consent.withdrawn_on,
    })
}
