//! Putting a cohort's rows in place: each row under its patient (or episode), found by id, then
//! each list in the order [`PatientRecords`] documents.

use std::fmt::Display;

use super::PatientRecords;
use crate::store::StoreError;
use crate::store::ids::RecordId;

/// A row's patient id, as text (the small tables' rows) or already decoded (visits, labs).
pub(super) trait PatientKey {
    /// The id; `None` when it is not a record id (then no patient has it).
    fn key(&self) -> Option<RecordId>;
}

impl PatientKey for RecordId {
    fn key(&self) -> Option<RecordId> {
        Some(*self)
    }
}

impl PatientKey for String {
    fn key(&self) -> Option<RecordId> {
        RecordId::parse(self)
    }
}

/// Finds a patient's place among records sorted by patient id, given their ids in that order
/// ([`keys`]). Rows come grouped by patient from the database more often than not, so the last
/// place found is tried first.
#[derive(Default)]
pub(super) struct Places {
    last: usize,
}

impl Places {
    /// The index of `patient` in `keys`; a row of a patient outside them is `what` `id` read
    /// outside the snapshot ([`outside`]).
    pub(super) fn of(
        &mut self,
        keys: &[RecordId],
        patient: &impl PatientKey,
        what: &str,
        id: &dyn Display,
    ) -> Result<usize, StoreError> {
        let key = patient.key().ok_or_else(|| outside(what, id))?;
        if keys.get(self.last) == Some(&key) {
            return Ok(self.last);
        }
        self.last = keys.binary_search(&key).map_err(|_| outside(what, id))?;
        Ok(self.last)
    }
}

/// The patients' ids of `records` (sorted by id), in their order: a [`RecordId`] orders as its
/// text.
pub(super) fn keys(records: &[PatientRecords]) -> Result<Vec<RecordId>, StoreError> {
    records
        .iter()
        .map(|r| RecordId::of_row(&r.patient.id, "patient"))
        .collect()
}

/// A row the cohort's statements returned although its parent is not in the cohort: they did not
/// all see the same snapshot.
pub(super) fn outside(what: &str, id: &dyn Display) -> StoreError {
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
