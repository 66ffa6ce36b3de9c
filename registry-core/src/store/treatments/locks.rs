//! Row locks that make the checks across rows safe under concurrent writers. PostgreSQL takes
//! the row lock until commit; SQLite needs none, since [`DbConn::write`] already holds the
//! database write lock (`BEGIN IMMEDIATE`).

use diesel::prelude::*;

use crate::store::schema::{patients, treatment_episodes};
use crate::store::{DbConn, StoreError};

/// Locks the episode, so checks across its doses and interruptions see every write that commits
/// before this one.
pub(super) fn episode(conn: &mut DbConn, id: &str) -> Result<(), StoreError> {
    if let DbConn::Pg(pg) = conn {
        treatment_episodes::table
            .find(id)
            .select(treatment_episodes::id)
            .for_update()
            .first::<String>(pg)?;
    }
    Ok(())
}

/// Checks that the patient exists (not deleted) in `center_id` ([`StoreError::NotFound`]
/// otherwise) and locks it, so two episodes created at once for one patient get distinct
/// numbers.
pub(super) fn patient(
    conn: &mut DbConn,
    center_id: &str,
    patient_id: &str,
) -> Result<(), StoreError> {
    let q = patients::table
        .filter(patients::id.eq(patient_id))
        .filter(patients::center_id.eq(center_id))
        .filter(patients::deleted_at.is_null())
        .select(patients::id);
    match conn {
        DbConn::Pg(pg) => q.for_update().first::<String>(pg)?,
        DbConn::Sqlite(lite) => q.first::<String>(lite)?,
    };
    Ok(())
}
