//! A cohort read: the centers, the patients, the count of those without consent, the episodes
//! ([`super::episodes`]), then each patient table. Their rows are decoded one at a time straight
//! into their patient's list, with no list of the whole table in between.

use diesel::connection::DefaultLoadingMode;
use diesel::prelude::*;

use super::episodes::histories;
use super::filter::{self, CohortFilter};
use super::group::{Places, keys, outside, sort};
use super::{CohortRows, PatientRecords, Tables};
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

/// Reads the rows of a patient table ([`of_cohort!`], its statement narrowed by `q => …`) into the
/// lists of their patients: each row is pushed onto `$list`, `k` the patient's place in `$keys`.
macro_rules! read_into {
    ($conn:expr, $scope:expr, $filter:expr, $keys:expr, $table:ident, $Row:ty, $q:ident => $narrow:expr, $k:ident => $list:expr) => {{
        let mut places = Places::default();
        let $q = of_cohort!($scope, $filter, $table, $Row);
        let q = $narrow;
        for row in q.load_iter::<$Row, DefaultLoadingMode>($conn)? {
            let row = row?;
            let $k = places.of($keys, &row.patient_id, stringify!($table), &row.id)?;
            $list.push(row);
        }
    }};
}

/// Which lab results a statement reads: all, or those of the patients whose id sorts below, or
/// from, a pivot id (the two halves of a read split between two connections).
#[derive(Clone, Copy)]
enum Part<'p> {
    All,
    Below(&'p str),
    From(&'p str),
}

/// Reads the cohort's `tables`: see the [module](super) for the statements and the order. With a
/// `helper` connection the lab results (the largest table) are read on it, on a second thread,
/// while `conn` reads the rest — in the same snapshot ([`DbConn::share_snapshot`]); when visits
/// are not read, `conn` has little else to do, so the lab results are split by patient between
/// the two. When the helper cannot see that snapshot, `conn` reads them all itself.
pub(super) fn cohort(
    conn: &mut DbConn,
    helper: Option<&mut DbConn>,
    scope: &Scope,
    filter: &CohortFilter,
    tables: Tables,
) -> Result<CohortRows, StoreError> {
    let shared = match helper {
        Some(_) if tables.labs => conn.share_snapshot()?,
        _ => None,
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
    let pivot = match (tables.visits, keys.get(keys.len() / 2)) {
        (false, Some(id)) => Some(id.to_string()),
        _ => None,
    };
    let (beside, rest) = std::thread::scope(|threads| {
        let beside = match (helper, &shared) {
            (Some(helper), Some(shared)) => {
                let part = pivot.as_deref().map_or(Part::All, Part::Below);
                let keys = &keys;
                Some(threads.spawn(move || {
                    helper.in_shared_snapshot(shared, |h| labs_of(h, scope, filter, keys, part))
                }))
            }
            _ => None,
        };
        let mut rest = rest_of(conn, scope, filter, &keys, &mut records, tables).map(|()| None);
        if let (Some(_), Some(pivot), Ok(_)) = (&beside, &pivot, &rest) {
            rest = labs_of(conn, scope, filter, &keys, Part::From(pivot)).map(Some);
        }
        (beside.map(|t| t.join()), rest)
    });
    let from_pivot = rest?;
    let by_helper = match beside {
        Some(Ok(Ok(labs))) => labs,
        Some(Ok(Err(e))) => return Err(e),
        Some(Err(panic)) => std::panic::resume_unwind(panic),
        None => None,
    };
    // The helper's part (all, or those below the pivot); when it stood back, `conn` reads it.
    let mut labs = match (by_helper, pivot.as_deref()) {
        _ if !tables.labs => keys.iter().map(|_| Vec::new()).collect(),
        (Some(labs), _) => labs,
        (None, Some(pivot)) if from_pivot.is_some() => {
            labs_of(conn, scope, filter, &keys, Part::Below(pivot))?
        }
        (None, _) => labs_of(conn, scope, filter, &keys, Part::All)?,
    };
    for (mine, more) in labs.iter_mut().zip(from_pivot.into_iter().flatten()) {
        mine.extend(more);
    }
    for (r, labs) in records.iter_mut().zip(labs) {
        r.labs = labs;
        sort(r);
    }
    Ok(CohortRows {
        centers,
        patients: records,
        excluded_without_consent,
        tables,
    })
}

/// The cohort's lab results (`part` of them), one list per patient of `keys`.
fn labs_of(
    conn: &mut DbConn,
    scope: &Scope,
    filter: &CohortFilter,
    keys: &[RecordId],
    part: Part<'_>,
) -> Result<Vec<Vec<LabRecord>>, StoreError> {
    let mut labs: Vec<Vec<LabRecord>> = keys.iter().map(|_| Vec::new()).collect();
    let (c, s, f) = (conn, scope, filter);
    read_into!(c, s, f, keys, lab_results, LabRecord, q => match part {
        Part::All => q,
        Part::Below(pivot) => q.filter(lab_results::patient_id.lt(pivot)),
        Part::From(pivot) => q.filter(lab_results::patient_id.ge(pivot)),
    }, k => labs[k]);
    Ok(labs)
}

/// The episodes and every other table of `tables`, into `records` (their patients' ids `keys`).
fn rest_of(
    conn: &mut DbConn,
    scope: &Scope,
    filter: &CohortFilter,
    keys: &[RecordId],
    records: &mut [PatientRecords],
    tables: Tables,
) -> Result<(), StoreError> {
    let mut places = Places::default();
    for history in histories(conn, scope, filter)? {
        let (episode, ..) = &history;
        let k = places.of(keys, &episode.patient_id, "episode", &episode.id)?;
        records[k].episodes.push(history);
    }
    let (c, s, f) = (conn, scope, filter);
    if tables.visits {
        read_into!(c, s, f, keys, visits, VisitRecord, q => q, k => records[k].visits);
    }
    if tables.adverse_events {
        read_into!(c, s, f, keys, adverse_events, AdverseEventRow,
            q => q, k => records[k].adverse_events);
    }
    if tables.vaccinations {
        read_into!(c, s, f, keys, vaccinations, VaccinationRow,
            q => q, k => records[k].vaccinations);
    }
    if tables.comorbidities {
        read_into!(c, s, f, keys, comorbidities, ComorbidityRow,
            q => q, k => records[k].comorbidities);
    }
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
