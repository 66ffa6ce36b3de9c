//! Idempotency records: the first response to a `POST` with an `Idempotency-Key`, stored in the
//! same transaction as the creation it answers, so a retry replays it instead of creating twice.

use diesel::prelude::*;

use super::schema::idempotency_records;
use super::{DbConn, StoreError};

/// One remembered response, per user and key.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = idempotency_records)]
pub struct IdempotencyRecord {
    /// The user who sent the key (keys are per user).
    pub user_id: String,
    /// The key.
    pub idem_key: String,
    /// HTTP method.
    pub method: String,
    /// Request path.
    pub path: String,
    /// SHA-256 of method, path and body: the same key with another request is refused.
    pub request_hash: String,
    /// Status of the first response.
    pub status: i32,
    /// Body of the first response (JSON).
    pub response_body: String,
    /// When it was stored (UTC).
    pub created_at: chrono::NaiveDateTime,
}

/// The record for `user_id` and `key`, if one was stored.
pub fn find(
    conn: &mut DbConn,
    user_id: &str,
    key: &str,
) -> Result<Option<IdempotencyRecord>, StoreError> {
    Ok(idempotency_records::table
        .filter(idempotency_records::user_id.eq(user_id))
        .filter(idempotency_records::idem_key.eq(key))
        .select(IdempotencyRecord::as_select())
        .first(conn)
        .optional()?)
}

/// Stores a record; a concurrent request that stored the same key first makes this a
/// [`StoreError::Conflict`], and the caller replays what that one stored.
pub fn save(conn: &mut DbConn, record: &IdempotencyRecord) -> Result<(), StoreError> {
    diesel::insert_into(idempotency_records::table)
        .values(record)
        .execute(conn)?;
    Ok(())
}

/// Forgets records older than `before` (kept 24 hours by the server); returns how many.
pub fn purge(conn: &mut DbConn, before: chrono::NaiveDateTime) -> Result<usize, StoreError> {
    Ok(diesel::delete(
        idempotency_records::table.filter(idempotency_records::created_at.lt(before)),
    )
    .execute(conn)?)
}
