//! The statements of a cohort read, one per table, and the grouping of their rows per patient.

use diesel::prelude::*;

use super::filter::{self, CohortFilter, Condition, InSubquery};
use super::{CohortRows, PatientRecords};
use crate::store::adverse_events::AdverseEventRow;
use crate::store::centers::CenterRow;
use crate::store::comorbidities::ComorbidityRow;
use crate::store::labs::LabRow;
use crate::store::patients::PatientRow;
use crate::store::schema::{
    adverse_events, centers, comorbidities, dose_changes, interruptions, lab_results, patients,
    treatment_episodes, vaccinations, visits,
};
use crate::store::treatments::{DoseChangeRow, EpisodeRow, InterruptionRow, StoredHistory};
use crate::store::vaccinations::VaccinationRow;
use crate::store::visits::VisitRow;
use crate::store::{DbConn, Scope, StoreError};

/// The rows (not deleted) of a patient table whose patient is in the cohort, in scope.
macro_rules! of_cohort {
    ($conn:expr, $scope:expr, $filter:expr, $table:ident, $Row:ty) => {{
        let mut q = $table::table
            .filter($table::deleted_at.is_null())
            .filter(InSubquery {
                column: $table::patient_id,
                table: patients::table,
                selected: patients::id,
                condition: filter::patients($scope, $filter, true),
            })
            .select(<$Row>::as_select())
            .into_boxed();
        if let Scope::Center(center) = $scope {
            q = q.filter($table::center_id.eq(center));
        }
        q.load::<$Row>($conn)?
    }};
}

/// The rows (not deleted) of an episode table whose episode (not deleted) is in the cohort.
macro_rules! of_episodes {
    ($conn:expr, $scope:expr, $filter:expr, $table:ident, $Row:ty) => {{
        let episodes: Condition<treatment_episodes::table> =
            Box::new(treatment_episodes::deleted_at.is_null().and(InSubquery {
                column: treatment_episodes::patient_id,
                table: patients::table,
                selected: patients::id,
                condition: filter::patients($scope, $filter, true),
            }));
        let mut q = $table::table
            .filter($table::deleted_at.is_null())
            .filter(InSubquery {
                column: $table::episode_id,
                table: treatment_episodes::table,
                selected: treatment_episodes::id,
                condition: episodes,
            })
            .select(<$Row>::as_select())
            .into_boxed();
        if let Scope::Center(center) = $scope {
            q = q.filter($table::center_id.eq(center));
        }
        q.load::<$Row>($conn)?
    }};
}

/// Reads the cohort: see the [module](super) for the statements and the order.
pub(super) fn cohort(
    conn: &mut DbConn,
    scope: &Scope,
    filter: &CohortFilter,
) -> Result<CohortRows, StoreError> {
    let centers = centers_of(conn, scope, filter)?;
    let mut patients: Vec<PatientRow> = patients::table
        .filter(filter::patients(scope, filter, true))
        .select(PatientRow::as_select())
        .into_boxed()
        .load(conn)?;
    let excluded_without_consent = match filter.consent_on {
        Some(_) => {
            let matching: i64 = patients::table
                .filter(filter::patients(scope, filter, false))
                .count()
                .into_boxed()
                .get_result(conn)?;
            usize::try_from(matching)
                .unwrap_or(0)
                .saturating_sub(patients.len())
        }
        None => 0,
    };
    patients.sort_unstable_by(|a, b| a.id.cmp(&b.id));
    let mut codes: Vec<(&str, &str)> = centers
        .iter()
        .map(|c| (c.id.as_str(), c.code.as_str()))
        .collect();
    codes.sort_unstable();
    let mut records = patients
        .into_iter()
        .map(|patient| {
            let code = codes
                .binary_search_by(|(id, _)| (*id).cmp(patient.center_id.as_str()))
                .map(|k| codes[k].1.to_owned())
                .map_err(|_| outside("patient", &patient.id))?;
            Ok(PatientRecords {
                center_code: code,
                patient,
                episodes: Vec::new(),
                visits: Vec::new(),
                labs: Vec::new(),
                adverse_events: Vec::new(),
                vaccinations: Vec::new(),
                comorbidities: Vec::new(),
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;

    for history in histories(conn, scope, filter)? {
        let k = slot(
            &records,
            "treatment episode",
            &history.0.patient_id,
            &history.0.id,
        )?;
        records[k].episodes.push(history);
    }
    let rows = of_cohort!(conn, scope, filter, visits, VisitRow);
    for row in rows {
        let k = slot(&records, "visit", &row.patient_id, &row.id)?;
        records[k].visits.push(row);
    }
    let rows = of_cohort!(conn, scope, filter, lab_results, LabRow);
    for row in rows {
        let k = slot(&records, "lab result", &row.patient_id, &row.id)?;
        records[k].labs.push(row);
    }
    let rows = of_cohort!(conn, scope, filter, adverse_events, AdverseEventRow);
    for row in rows {
        let k = slot(&records, "adverse event", &row.patient_id, &row.id)?;
        records[k].adverse_events.push(row);
    }
    let rows = of_cohort!(conn, scope, filter, vaccinations, VaccinationRow);
    for row in rows {
        let k = slot(&records, "vaccination", &row.patient_id, &row.id)?;
        records[k].vaccinations.push(row);
    }
    let rows = of_cohort!(conn, scope, filter, comorbidities, ComorbidityRow);
    for row in rows {
        let k = slot(&records, "comorbidity", &row.patient_id, &row.id)?;
        records[k].comorbidities.push(row);
    }
    for r in &mut records {
        sort(r);
    }
    Ok(CohortRows {
        centers,
        patients: records,
        excluded_without_consent,
    })
}

/// The centers in scope and in the filter's centers, by code.
fn centers_of(
    conn: &mut DbConn,
    scope: &Scope,
    filter: &CohortFilter,
) -> Result<Vec<CenterRow>, StoreError> {
    let mut q = centers::table
        .select(CenterRow::as_select())
        .order(centers::code)
        .into_boxed();
    if let Scope::Center(center) = scope {
        q = q.filter(centers::id.eq(center));
    }
    if !filter.center_ids.is_empty() {
        q = q.filter(centers::id.eq_any(&filter.center_ids));
    }
    Ok(q.load(conn)?)
}

/// The cohort's episodes, each with its dose changes and interruptions (in no order yet).
fn histories(
    conn: &mut DbConn,
    scope: &Scope,
    filter: &CohortFilter,
) -> Result<Vec<StoredHistory>, StoreError> {
    let mut episodes = of_cohort!(conn, scope, filter, treatment_episodes, EpisodeRow);
    episodes.sort_unstable_by(|a, b| a.id.cmp(&b.id));
    let mut doses: Vec<Vec<DoseChangeRow>> = episodes.iter().map(|_| Vec::new()).collect();
    let mut pauses: Vec<Vec<InterruptionRow>> = episodes.iter().map(|_| Vec::new()).collect();
    let episode_of = |episode_id: &str, what: &str, id: &str| {
        episodes
            .binary_search_by(|e| e.id.as_str().cmp(episode_id))
            .map_err(|_| outside(what, id))
    };
    for row in of_episodes!(conn, scope, filter, dose_changes, DoseChangeRow) {
        let k = episode_of(&row.episode_id, "dose change", &row.id)?;
        doses[k].push(row);
    }
    for row in of_episodes!(conn, scope, filter, interruptions, InterruptionRow) {
        let k = episode_of(&row.episode_id, "interruption", &row.id)?;
        pauses[k].push(row);
    }
    Ok(episodes
        .into_iter()
        .zip(doses)
        .zip(pauses)
        .map(|((episode, doses), pauses)| (episode, doses, pauses))
        .collect())
}

/// The index in `records` (sorted by patient id) of the patient `patient_id`.
fn slot(
    records: &[PatientRecords],
    what: &str,
    patient_id: &str,
    id: &str,
) -> Result<usize, StoreError> {
    records
        .binary_search_by(|r| r.patient.id.as_str().cmp(patient_id))
        .map_err(|_| outside(what, id))
}

/// A row the cohort's statements returned although its parent is not in the cohort: they did not
/// all see the same snapshot.
fn outside(what: &str, id: &str) -> StoreError {
    StoreError::Corrupt(format!(
        "{what} {id} read without its patient, center or episode: the cohort was not read in one snapshot"
    ))
}

/// Puts each of a patient's lists in the order [`PatientRecords`] documents.
fn sort(r: &mut PatientRecords) {
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
