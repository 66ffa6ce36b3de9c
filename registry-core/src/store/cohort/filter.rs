//! Which patients a cohort holds: the [`CohortFilter`] and the one SQL condition that says it,
//! which every statement of a cohort read embeds as a subquery (so no id list is ever bound,
//! whatever the cohort's size).

use chrono::NaiveDate;
use diesel::expression::BoxableExpression;
use diesel::prelude::*;
use diesel::sql_types::Bool;

use super::subquery::InSubquery;
use crate::patient::Diagnosis;
use crate::store::schema::{patients, treatment_episodes};
use crate::store::{DbConn, Scope};

/// The backend of [`DbConn`].
pub(super) type Db = <DbConn as Connection>::Backend;

/// A condition on the rows of `T`, built at run time.
pub(super) type Condition<T> = Box<dyn BoxableExpression<T, Db, SqlType = Bool>>;

/// The patients a cohort holds. `Default` is everyone in the caller's scope.
///
/// A patient (not deleted) is in the cohort when it has the diagnosis (if given), belongs to one
/// of the centers (if any are given), and — when `drugs` or a start range is given — has at
/// least one episode (not deleted) of one of the drugs (any drug when `drugs` is empty) whose
/// start date lies in the range, both ends inclusive. With `consent_on` the patient must also
/// have given research consent on a known date on or before that day and not have withdrawn it on
/// or before it; patients failing only that are counted in
/// [`CohortRows::excluded_without_consent`](super::CohortRows::excluded_without_consent).
///
/// The filter selects patients; a selected patient is read with all its records (every
/// episode, not only those that matched).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CohortFilter {
    /// Only patients with this diagnosis.
    pub diagnosis: Option<Diagnosis>,
    /// Only patients with an episode of one of these drugs (codes as stored, `upadacitinib`).
    pub drugs: Vec<String>,
    /// Only patients of these centers (ids); within the caller's scope in any case.
    pub center_ids: Vec<String>,
    /// Only patients with such an episode starting on or after this day.
    pub started_from: Option<NaiveDate>,
    /// Only patients with such an episode starting on or before this day.
    pub started_to: Option<NaiveDate>,
    /// The data cut: only patients with research consent on this day.
    pub consent_on: Option<NaiveDate>,
}

/// The patients (not deleted) in `scope` matching `filter`; the consent condition only when
/// `with_consent` (without it, the patients it would have excluded can be counted).
pub(super) fn patients(
    scope: &Scope,
    filter: &CohortFilter,
    with_consent: bool,
) -> Condition<patients::table> {
    let mut c: Condition<patients::table> = Box::new(patients::deleted_at.is_null());
    if let Scope::Center(center) = scope {
        c = Box::new(c.and(patients::center_id.eq(center.clone())));
    }
    if !filter.center_ids.is_empty() {
        c = Box::new(c.and(patients::center_id.eq_any(filter.center_ids.clone())));
    }
    if let Some(diagnosis) = filter.diagnosis {
        c = Box::new(c.and(patients::diagnosis.eq(diagnosis.code())));
    }
    if !filter.drugs.is_empty() || filter.started_from.is_some() || filter.started_to.is_some() {
        let episodes = InSubquery {
            column: patients::id,
            table: treatment_episodes::table,
            selected: treatment_episodes::patient_id,
            condition: matching_episodes(filter),
        };
        c = Box::new(c.and(episodes));
    }
    if let (Some(cut), true) = (filter.consent_on, with_consent) {
        // A consent without a date is not known to have been given by the cut: the comparison
        // with NULL is NULL, which no WHERE lets through. (`assume_not_null` only types it.)
        let given = patients::consent_research
            .eq(true)
            .and(patients::consent_date.assume_not_null().le(cut));
        let kept = patients::consent_withdrawn_on
            .is_null()
            .or(patients::consent_withdrawn_on.assume_not_null().gt(cut));
        c = Box::new(c.and(given).and(kept));
    }
    c
}

/// The episodes (not deleted) of the filter's drugs starting in its range.
fn matching_episodes(filter: &CohortFilter) -> Condition<treatment_episodes::table> {
    let mut c: Condition<treatment_episodes::table> =
        Box::new(treatment_episodes::deleted_at.is_null());
    if !filter.drugs.is_empty() {
        c = Box::new(c.and(treatment_episodes::drug.eq_any(filter.drugs.clone())));
    }
    if let Some(from) = filter.started_from {
        c = Box::new(c.and(treatment_episodes::start_date.ge(from)));
    }
    if let Some(to) = filter.started_to {
        c = Box::new(c.and(treatment_episodes::start_date.le(to)));
    }
    c
}
