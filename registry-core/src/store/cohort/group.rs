//! Putting a cohort's rows in place: each row under its patient (or episode), found by id, then
//! each list in the order [`PatientRecords`] documents.

use super::PatientRecords;
use crate::store::StoreError;

/// Finds a patient's place among records sorted by patient id. Rows come grouped by patient
/// from the database more often than not, so the last place found is tried first.
#[derive(Default)]
pub(super) struct Places {
    last: usize,
}

impl Places {
    /// The index of `patient_id` in `records`; a row of a patient outside them is `what` `id`
    /// read outside the snapshot ([`outside`]).
    pub(super) fn of(
        &mut self,
        records: &[PatientRecords],
        patient_id: &str,
        what: &str,
        id: &str,
    ) -> Result<usize, StoreError> {
        if records
            .get(self.last)
            .is_some_and(|r| r.patient.id == patient_id)
        {
            return Ok(self.last);
        }
        self.last = records
            .binary_search_by(|r| r.patient.id.as_str().cmp(patient_id))
            .map_err(|_| outside(what, id))?;
        Ok(self.last)
    }
}

/// A row the cohort's statements returned although its parent is not in the cohort: they did not
/// all see the same snapshot.
pub(super) fn outside(what: &str, id: &str) -> StoreError {
    StoreError::Corrupt(format!(
        "{what} {id} read without its patient, center or episode: the cohort was not read in one snapshot"
    ))
}

/// Puts each of a patient's lists in the order [`PatientRecords`] documents (ids compared as
/// bytes, whatever the database's collation).
pub(super) fn sort(r: &mut PatientRecords) {
    r.episodes.sort_unstable_by(|(a, ..), (b, ..)| {
        (a.start_date, a.episode_number, &a.id).cmp(&(b.start_date, b.episode_number, &b.id))
    });
    for (_, doses, pauses) in &mut r.episodes {
        doses.sort_unstable_by(|a, b| (a.effective_date, &a.id).cmp(&(b.effective_date, &b.id)));
        pauses.sort_unstable_by(|a, b| (a.from_date, &a.id).cmp(&(b.from_date, &b.id)));
    }
    r.visits
        .sort_unstable_by(|a, b| (a.visit_date, &a.id).cmp(&(b.visit_date, &b.id)));
    r.labs
        .sort_unstable_by(|a, b| (a.sample_date, &a.id).cmp(&(b.sample_date, &b.id)));
    r.adverse_events
        .sort_unstable_by(|a, b| (a.onset_date, &a.id).cmp(&(b.onset_date, &b.id)));
    r.vaccinations
        .sort_unstable_by(|a, b| (a.vaccination_date, &a.id).cmp(&(b.vaccination_date, &b.id)));
    r.comorbidities.sort_unstable_by(|a, b| a.id.cmp(&b.id));
}
