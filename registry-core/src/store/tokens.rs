//! Revoked access tokens: logout puts a token's id here until the token would have expired
//! anyway, and every authenticated request checks it.

use diesel::prelude::*;

use super::schema::revoked_tokens;
use super::{DbConn, StoreError};

/// Revokes the token `jti` (valid until `expires_at`); revoking twice is harmless.
pub fn revoke(
    conn: &mut DbConn,
    jti: &str,
    expires_at: chrono::NaiveDateTime,
) -> Result<(), StoreError> {
    if is_revoked(conn, jti)? {
        return Ok(());
    }
    diesel::insert_into(revoked_tokens::table)
        .values((
            revoked_tokens::jti.eq(jti),
            revoked_tokens::expires_at.eq(expires_at),
        ))
        .execute(conn)?;
    Ok(())
}

/// True when `jti` was revoked.
pub fn is_revoked(conn: &mut DbConn, jti: &str) -> Result<bool, StoreError> {
    Ok(diesel::select(diesel::dsl::exists(
        revoked_tokens::table.filter(revoked_tokens::jti.eq(jti)),
    ))
    .get_result(conn)?)
}

/// Forgets revocations of tokens that have expired by `now`; returns how many.
pub fn purge(conn: &mut DbConn, now: chrono::NaiveDateTime) -> Result<usize, StoreError> {
    Ok(
        diesel::delete(revoked_tokens::table.filter(revoked_tokens::expires_at.lt(now)))
            .execute(conn)?,
    )
}
