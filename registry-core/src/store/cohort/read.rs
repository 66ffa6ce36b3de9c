//! A cohort read: the centers, the patients, the count of those without consent, the episodes
//! ([`super::episodes`]), then each patient table. Their rows are decoded one at a time straight
//! into their patient's list, with no list of the whole table in between.

use diesel::connection::DefaultLoadingMode;
use diesel::prelude::*;

use super::episodes::histories;
use super::filter::{self, CohortFilter};
use super::group::{Places, keys, outside, sort};
use super::{CohortRows, PatientRecords};
use crate::store::adverse_events::AdverseEventRow;
use crate::store::centers::CenterRow;
use crate::store::comorbidities::ComorbidityRow;
use crate::store::ids::RecordId;
use crate::store::labs::LabRecord;
use crate::store::patients::PatientRow;
use crate::store::schema::{
    adverse_events, centers, comorbidities, lab_results, patients, vaccinations, visits,
};
use crate::store::vaccinations::VaccinationRow;
use crate::store::visits::VisitRecord;
use crate::store::{DbConn, Scope, StoreError};

/// Reads the rows of a patient table ([`of_cohort!`]) into the lists of their patients: each row
/// is pushed onto `$list_of(k)`, `k` the patient's place in `$keys`.
macro_rules! read_into {
    ($conn:expr, $scope:expr, $filter:expr, $keys:expr, $table:ident, $Row:ty, |$k:ident| $list:expr) => {{
        let mut places = Places::default();
        let q = of_cohort!($scope, $filter, $table, $Row);
        for row in q.load_iter::<$Row, DefaultLoadingMode>($conn)? {
            let row = row?;
            let $k = places.of($keys, &row.patient_id, stringify!($table), &row.id)?;
            $list.push(row);
        }
    }};
}

/// Reads the cohort: see the [module](super) for the statements and the order. With a `helper`
/// connection the lab results (the largest table) are read on it, on a second thread, while
/// `conn` reads the rest — in the same snapshot ([`DbConn::share_snapshot`]); when the helper
/// cannot see that snapshot, `conn` reads them after the rest.
pub(super) fn cohort(
    conn: &mut DbConn,
    helper: Option<&mut DbConn>,
    scope: &Scope,
    filter: &CohortFilter,
) -> Result<CohortRows, StoreError> {
    let shared = match helper {
        Some(_) => conn.share_snapshot()?,
        None => None,
    };
    let centers = centers_of(conn, scope, filter)?;
    let mut records = patients_of(conn, scope, filter, &centers)?;
    let excluded_without_consent = match filter.consent_on {
        Some(_) => {
            let matching: i64 = patients::table
                .filter(filter::patients(scope, filter, false))
                .count()
                .into_boxed()
                .get_result(conn)?;
            usize::try_from(matching)
                .unwrap_or(0)
                .saturating_sub(records.len())
        }
        None => 0,
    };
    let keys = keys(&records)?;
    let (beside, rest) = std::thread::scope(|threads| {
        let beside =
            match (helper, &shared) {
                (Some(helper), Some(shared)) => Some(threads.spawn(|| {
                    helper.in_shared_snapshot(shared, |h| labs_of(h, scope, filter, &keys))
                })),
                _ => None,
            };
        let rest = rest_of(conn, scope, filter, &keys, &mut records);
        (beside.map(|t| t.join()), rest)
    });
    rest?;
    let labs = match beside {
        Some(Ok(Ok(Some(labs)))) => labs,
        Some(Ok(Err(e))) => return Err(e),
        Some(Err(panic)) => std::panic::resume_unwind(panic),
        Some(Ok(Ok(None))) | None => labs_of(conn, scope, filter, &keys)?,
    };
    for (r, labs) in records.iter_mut().zip(labs) {
        r.labs = labs;
        sort(r);
    }
    Ok(CohortRows {
        centers,
        patients: records,
        excluded_without_consent,
    })
}

/// The cohort's lab results, one list per patient of `keys`.
fn labs_of(
    conn: &mut DbConn,
    scope: &Scope,
    filter: &CohortFilter,
    keys: &[RecordId],
) -> Result<Vec<Vec<LabRecord>>, StoreError> {
    let mut labs: Vec<Vec<LabRecord>> = keys.iter().map(|_| Vec::new()).collect();
    read_into!(conn, scope, filter, keys, lab_results, LabRecord, |k| labs
        [k]);
    Ok(labs)
}

/// Every other table of the cohort, into `records` (their patients' ids `keys`).
fn rest_of(
    conn: &mut DbConn,
    scope: &Scope,
    filter: &CohortFilter,
    keys: &[RecordId],
    records: &mut [PatientRecords],
) -> Result<(), StoreError> {
    let mut places = Places::default();
    for history in histories(conn, scope, filter)? {
        let (episode, ..) = &history;
        let k = places.of(keys, &episode.patient_id, "episode", &episode.id)?;
        records[k].episodes.push(history);
    }
    let (c, s, f) = (conn, scope, filter);
    read_into!(c, s, f, keys, visits, VisitRecord, |k| records[k].visits);
    read_into!(c, s, f, keys, adverse_events, AdverseEventRow, |k| records
        [k]
        .adverse_events);
    read_into!(c, s, f, keys, vaccinations, VaccinationRow, |k| records[k]
        .vaccinations);
    read_into!(c, s, f, keys, comorbidities, ComorbidityRow, |k| records[k]
        .comorbidities);
    Ok(())
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

/// The cohort's patients by id (compared as bytes), each with its center's code and no records
/// yet.
fn patients_of(
    conn: &mut DbConn,
    scope: &Scope,
    filter: &CohortFilter,
    centers: &[CenterRow],
) -> Result<Vec<PatientRecords>, StoreError> {
    let mut patients: Vec<PatientRow> = patients::table
        .filter(filter::patients(scope, filter, true))
        .select(PatientRow::as_select())
        .into_boxed()
        .load(conn)?;
    patients.sort_unstable_by(|a, b| a.id.cmp(&b.id));
    let mut codes: Vec<(&str, &str)> = centers
        .iter()
        .map(|c| (c.id.as_str(), c.code.as_str()))
        .collect();
    codes.sort_unstable();
    patients
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
        .collect()
}
