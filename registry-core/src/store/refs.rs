//! Checks that the records a new row points to exist in the row's center and belong to the row's
//! patient, so no row can link records of two centers or two patients.

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
