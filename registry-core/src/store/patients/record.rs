//! Between the one patient validation (`patient::PatientRecord`) and the stored row: a parsed
//! record becomes a new patient or a whole set of changes, and a stored row becomes the input an
//! edit is applied to (so the merged record is validated whole).

use chrono::NaiveDate;
use diesel::prelude::*;

use super::{NewPatient, PatientChanges, PatientRow};
use crate::patient::{PatientInput, PatientRecord};
use crate::store::schema::{adverse_events, lab_results, treatment_episodes, vaccinations, visits};
use crate::store::{DbConn, Scope, StoreError};

impl NewPatient {
    /// The new patient of `center_id` that `record` describes.
    pub fn from_record(center_id: String, record: PatientRecord) -> Self {
        Self {
            center_id,
            local_ref: record.local_ref,
            sex: record.sex,
            birth_month: record.birth_month,
            diagnosis: record.diagnosis,
            aa_subtype: record.aa_subtype,
            aa_episode_start: record.aa_episode_start,
            nail_involvement: record.nail_involvement,
            childbearing_potential: record.childbearing_potential,
            vaccination_programme_complete: record.vaccination_programme_complete,
            varicella_immune: record.varicella_immune,
            consent_research: record.consent_research,
            consent_date: record.consent_date,
            consent_withdrawn_on: record.consent_withdrawn_on,
        }
    }
}

impl PatientChanges {
    /// Every field set to `record`'s value (an edit validated as a whole record).
    pub fn whole(record: PatientRecord) -> Self {
        Self {
            local_ref: Some(record.local_ref),
            sex: Some(record.sex),
            birth_month: Some(record.birth_month),
            aa_subtype: Some(record.aa_subtype),
            aa_episode_start: Some(record.aa_episode_start),
            nail_involvement: Some(record.nail_involvement),
            childbearing_potential: Some(record.childbearing_potential),
            vaccination_programme_complete: Some(record.vaccination_programme_complete),
            varicella_immune: Some(record.varicella_immune),
            consent_research: Some(record.consent_research),
            consent_date: Some(record.consent_date),
            consent_withdrawn_on: Some(record.consent_withdrawn_on),
        }
    }
}

impl PatientRow {
    /// The stored registration as input, for an edit to be applied to and parsed again.
    pub fn input(&self) -> PatientInput {
        let date = |d: Option<NaiveDate>| d.map(|d| d.to_string());
        PatientInput {
            local_ref: self.local_ref.clone(),
            sex: self.sex.clone(),
            birth_month: self.birth_month.clone(),
            diagnosis: self.diagnosis.clone(),
            aa_subtype: self.aa_subtype.clone(),
            aa_episode_start: date(self.aa_episode_start),
            nail_involvement: self.nail_involvement,
            childbearing_potential: self.childbearing_potential,
            vaccination_programme_complete: self.vaccination_programme_complete,
            varicella_immune: self.varicella_immune,
            consent_research: self.consent_research,
            consent_date: date(self.consent_date),
            consent_withdrawn_on: date(self.consent_withdrawn_on),
        }
    }
}

/// The earliest date of any of the patient's records (visits, lab samples, adverse-event onsets,
/// treatment starts, vaccinations), so an edit cannot move the birth month after it.
pub fn earliest_record_date(
    conn: &mut DbConn,
    scope: &Scope,
    patient_id: &str,
) -> Result<Option<NaiveDate>, StoreError> {
    // The patient is looked up in scope first: another center's id is not found.
    super::get(conn, scope, patient_id)?;
    macro_rules! earliest {
        ($table:ident, $column:ident) => {
            $table::table
                .filter($table::patient_id.eq(patient_id))
                .filter($table::deleted_at.is_null())
                .select(diesel::dsl::min($table::$column))
                .first::<Option<NaiveDate>>(conn)?
        };
    }
    let dates = [
        earliest!(visits, visit_date),
        earliest!(lab_results, sample_date),
        earliest!(adverse_events, onset_date),
        earliest!(treatment_episodes, start_date),
        earliest!(vaccinations, vaccination_date),
    ];
    Ok(dates.into_iter().flatten().min())
}
