//! Patient request and response bodies. Validation is `registry_core::patient::PatientRecord`
//! (the one rule for creation, import and edit).

use chrono::{DateTime, NaiveDate, Utc};
use registry_core::patient::PatientInput;
use registry_core::role::Role;
use registry_core::store::patients::PatientRow;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::extract::double_option;

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
#[schema(example = json!({"local_ref": "P-0001", "sex": "female", "birth_month": "1980-01", "diagnosis": "AA", "aa_subtype": "patchy", "aa_episode_start": "2024-06-01", "nail_involvement": false, "childbearing_potential": false, "varicella_immune": true, "consent": {"research": true, "date": "2025-01-06"}}))]
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
#[schema(example = json!({"reason": "nail involvement seen at the last visit", "nail_involvement": true}))]
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

impl PatientRequest {
    /// The registration as the one patient validation reads it.
    pub fn input(&self) -> PatientInput {
        PatientInput {
            local_ref: self.local_ref.clone(),
            sex: self.sex.clone(),
            birth_month: self.birth_month.clone(),
            diagnosis: self.diagnosis.clone(),
            aa_subtype: self.aa_subtype.clone(),
            aa_episode_start: self.aa_episode_start.clone(),
            nail_involvement: self.nail_involvement,
            childbearing_potential: self.childbearing_potential,
            vaccination_programme_complete: self.vaccination_programme_complete,
            varicella_immune: self.varicella_immune,
            consent_research: self.consent.research,
            consent_date: self.consent.date.clone(),
            consent_withdrawn_on: self.consent.withdrawn_on.clone(),
        }
    }
}

impl PatientPatch {
    /// `stored` with this patch applied: the record an edit would leave, validated whole.
    pub fn apply(&self, stored: PatientInput) -> PatientInput {
        fn set<T: Clone>(field: &mut T, value: &Option<T>) {
            if let Some(v) = value {
                field.clone_from(v);
            }
        }
        let mut merged = stored;
        set(&mut merged.local_ref, &self.local_ref);
        set(&mut merged.sex, &self.sex);
        set(&mut merged.birth_month, &self.birth_month);
        set(&mut merged.aa_subtype, &self.aa_subtype);
        set(&mut merged.aa_episode_start, &self.aa_episode_start);
        set(&mut merged.nail_involvement, &self.nail_involvement);
        set(
            &mut merged.childbearing_potential,
            &self.childbearing_potential,
        );
        set(
            &mut merged.vaccination_programme_complete,
            &self.vaccination_programme_complete,
        );
        set(&mut merged.varicella_immune, &self.varicella_immune);
        if let Some(c) = &self.consent {
            merged.consent_research = c.research;
            merged.consent_date.clone_from(&c.date);
            merged.consent_withdrawn_on.clone_from(&c.withdrawn_on);
        }
        merged
    }
}

/// Research consent as stored.
#[derive(Debug, Serialize, ToSchema)]
pub struct ConsentView {
    /// Consent to research use of the pseudonymised data.
    pub research: bool,
    /// Date of consent.
    pub date: Option<NaiveDate>,
    /// Date consent was withdrawn.
    pub withdrawn_on: Option<NaiveDate>,
}

/// A patient as the API shows it. Coordinators and researchers never see `local_ref`.
#[derive(Debug, Serialize, ToSchema)]
pub struct PatientView {
    /// Id.
    pub id: String,
    /// The patient's center.
    pub center_id: String,
    /// The center's own reference (center users only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub local_ref: Option<String>,
    /// `female`, `male` or `other`.
    pub sex: String,
    /// `YYYY-MM`.
    pub birth_month: String,
    /// `AA` or `AD`.
    pub diagnosis: String,
    /// AA subtype.
    pub aa_subtype: Option<String>,
    /// AA: start of the current episode of hair loss.
    pub aa_episode_start: Option<NaiveDate>,
    /// AA: nail involvement.
    pub nail_involvement: Option<bool>,
    /// Woman of child-bearing potential.
    pub childbearing_potential: Option<bool>,
    /// National vaccination programme complete.
    pub vaccination_programme_complete: Option<bool>,
    /// Varicella history or positive VZV IgG.
    pub varicella_immune: Option<bool>,
    /// Research consent.
    pub consent: ConsentView,
    /// Record version (for `If-Match`).
    pub version: i32,
    /// When it was created (UTC).
    pub created_at: DateTime<Utc>,
    /// When it was last changed (UTC).
    pub updated_at: DateTime<Utc>,
}

/// A page of patients.
#[derive(Debug, ToSchema)]
pub struct PatientPage {
    /// The patients.
    pub items: Vec<PatientView>,
    /// The cursor of the next page (a patient id), `null` on the last page.
    pub next_cursor: Option<String>,
}

/// The patient as `role` sees it (coordinators never see the local reference).
pub fn view(p: &PatientRow, role: Role) -> PatientView {
    PatientView {
        id: p.id.clone(),
        center_id: p.center_id.clone(),
        local_ref: (role == Role::Center).then(|| p.local_ref.clone()),
        sex: p.sex.clone(),
        birth_month: p.birth_month.clone(),
        diagnosis: p.diagnosis.clone(),
        aa_subtype: p.aa_subtype.clone(),
        aa_episode_start: p.aa_episode_start,
        nail_involvement: p.nail_involvement,
        childbearing_potential: p.childbearing_potential,
        vaccination_programme_complete: p.vaccination_programme_complete,
        varicella_immune: p.varicella_immune,
        consent: ConsentView {
            research: p.consent_research,
            date: p.consent_date,
            withdrawn_on: p.consent_withdrawn_on,
        },
        version: p.version,
        created_at: p.created_at.and_utc(),
        updated_at: p.updated_at.and_utc(),
    }
}

/// The patient as the API shows it to `role`, as JSON.
pub fn to_json(p: &PatientRow, role: Role) -> serde_json::Value {
    serde_json::json!(view(p, role))
}
