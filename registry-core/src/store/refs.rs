//! Checks that the records a new row points to exist in the row's center and belong to the row's
//! patient, so no row can link records of two centers or two patients.

use std::collections::BTreeMap;

use super::batch::MAX_IDS_PER_LOOKUP;
use super::{DbConn, Scope, StoreError};
use crate::FieldError;

/// The patient exists (not deleted) in `center_id`; else [`StoreError::NotFound`], as for an
/// unknown patient.
pub(crate) fn patient(
    conn: &mut DbConn,
    center_id: &str,
    patient_id: &str,
) -> Result<(), StoreError> {
    super::patients::get(conn, &Scope::Center(center_id.to_owned()), patient_id)?;
    Ok(())
}

/// The visit, when given, is one of the patient's in `center_id`; else [`StoreError::Invalid`] at
/// `visit_id`.
pub(crate) fn visit(
    conn: &mut DbConn,
    center_id: &str,
    patient_id: &str,
    visit_id: Option<&str>,
) -> Result<(), StoreError> {
    let Some(id) = visit_id else { return Ok(()) };
    match super::visits::get(conn, &Scope::Center(center_id.to_owned()), id) {
        Ok(v) if v.patient_id == patient_id => Ok(()),
        Ok(_) | Err(StoreError::NotFound) => {
            Err(FieldError::new("visit_id", "the patient has no such visit").into_store())
        }
        Err(e) => Err(e),
    }
}

/// The treatment episode, when given, is one of the patient's in `center_id`; else
/// [`StoreError::Invalid`] at `episode_id`.
pub(crate) fn episode(
    conn: &mut DbConn,
    center_id: &str,
    patient_id: &str,
    episode_id: Option<&str>,
) -> Result<(), StoreError> {
    let Some(id) = episode_id else { return Ok(()) };
    match super::treatments::get(conn, &Scope::Center(center_id.to_owned()), id) {
        Ok(e) if e.patient_id == patient_id => Ok(()),
        Ok(_) | Err(StoreError::NotFound) => Err(FieldError::new(
            "episode_id",
            "the patient has no such treatment episode",
        )
        .into_store()),
        Err(e) => Err(e),
    }
}

/// Bulk form of [`patient`]: every `(center_id, patient_id)` names a patient (not deleted) of
/// that center; else [`StoreError::NotFound`].
pub(crate) fn patients_in<'a>(
    conn: &mut DbConn,
    pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Result<(), StoreError> {
    use super::schema::patients;
    use diesel::prelude::*;
    let wanted: BTreeMap<&str, &str> = pairs.into_iter().map(|(c, p)| (p, c)).collect();
    let ids: Vec<&str> = wanted.keys().copied().collect();
    let mut found: BTreeMap<String, String> = BTreeMap::new();
    for chunk in ids.chunks(MAX_IDS_PER_LOOKUP) {
        found.extend(
            patients::table
                .filter(patients::id.eq_any(chunk))
                .filter(patients::deleted_at.is_null())
                .select((patients::id, patients::center_id))
                .load::<(String, String)>(conn)?,
        );
    }
    if wanted
        .iter()
        .all(|(p, c)| found.get(*p).is_some_and(|fc| fc == c))
    {
        Ok(())
    } else {
        Err(StoreError::NotFound)
    }
}

/// Bulk form of [`visit`]: every `(center_id, patient_id, visit_id)` with a visit names one of
/// the patient's visits in that center; else [`StoreError::Invalid`] at `visit_id`.
pub(crate) fn visits_of<'a>(
    conn: &mut DbConn,
    refs: impl IntoIterator<Item = (&'a str, &'a str, Option<&'a str>)>,
) -> Result<(), StoreError> {
    use super::schema::visits;
    use diesel::prelude::*;
    let wanted: BTreeMap<&str, (&str, &str)> = refs
        .into_iter()
        .filter_map(|(c, p, v)| v.map(|v| (v, (c, p))))
        .collect();
    let ids: Vec<&str> = wanted.keys().copied().collect();
    let mut found: BTreeMap<String, (String, String)> = BTreeMap::new();
    for chunk in ids.chunks(MAX_IDS_PER_LOOKUP) {
        let rows = visits::table
            .filter(visits::id.eq_any(chunk))
            .filter(visits::deleted_at.is_null())
            .select((visits::id, visits::center_id, visits::patient_id))
            .load::<(String, String, String)>(conn)?;
        found.extend(rows.into_iter().map(|(id, c, p)| (id, (c, p))));
    }
    let ok = wanted
        .iter()
        .all(|(v, (c, p))| found.get(*v).is_some_and(|(fc, fp)| fc == c && fp == p));
    if ok {
        Ok(())
    } else {
        Err(FieldError::new("visit_id", "the patient has no such visit").into_store())
    }
}

/// Bulk form of [`episode`]: every `(center_id, patient_id, episode_id)` with an episode names
/// one of the patient's episodes in that center; else [`StoreError::Invalid`] at `episode_id`.
pub(crate) fn episodes_of<'a>(
    conn: &mut DbConn,
    refs: impl IntoIterator<Item = (&'a str, &'a str, Option<&'a str>)>,
) -> Result<(), StoreError> {
    use super::schema::treatment_episodes as episodes;
    use diesel::prelude::*;
    let wanted: BTreeMap<&str, (&str, &str)> = refs
        .into_iter()
        .filter_map(|(c, p, e)| e.map(|e| (e, (c, p))))
        .collect();
    let ids: Vec<&str> = wanted.keys().copied().collect();
    let mut found: BTreeMap<String, (String, String)> = BTreeMap::new();
    for chunk in ids.chunks(MAX_IDS_PER_LOOKUP) {
        let rows = episodes::table
            .filter(episodes::id.eq_any(chunk))
            .filter(episodes::deleted_at.is_null())
            .select((episodes::id, episodes::center_id, episodes::patient_id))
            .load::<(String, String, String)>(conn)?;
        found.extend(rows.into_iter().map(|(id, c, p)| (id, (c, p))));
    }
    let ok = wanted
        .iter()
        .all(|(e, (c, p))| found.get(*e).is_some_and(|(fc, fp)| fc == c && fp == p));
    if ok {
        Ok(())
    } else {
        Err(FieldError::new("episode_id", "the patient has no such treatment episode").into_store())
    }
}
