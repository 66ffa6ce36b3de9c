//! The steps after raising: the center answers, the coordinator closes. Each step checks the
//! version the caller read and the status the query is in, writes only if the stored version is
//! still that one, and appends one audit event.

use diesel::prelude::*;

use super::{QueryRow, QueryStatus, get, record};
use crate::FieldError;
use crate::store::schema::data_queries;
use crate::store::{DbConn, Scope, StoreError, WriteCtx};

/// Answers an open query of a center in `scope`, read at `expected_version`. An empty answer, or
/// a query not open, is [`StoreError::Invalid`] (at `answer`, `status`).
pub fn answer(
    conn: &mut DbConn,
    ctx: &WriteCtx,
    scope: &Scope,
    id: &str,
    expected_version: i32,
    answer: &str,
) -> Result<QueryRow, StoreError> {
    if answer.trim().is_empty() {
        return Err(FieldError::new("answer", "the answer is required").into_store());
    }
    crate::text::free_text("answer", answer, crate::text::MESSAGE_MAX)
        .map_err(FieldError::into_store)?;
    let before = current(
        conn,
        scope,
        id,
        expected_version,
        &[QueryStatus::Open],
        "answered",
    )?;
    let mut after = before.clone();
    after.status = QueryStatus::Answered.code().to_owned();
    after.answer = Some(answer.trim().to_owned());
    after.answered_by = Some(ctx.actor.user_id.clone());
    after.answered_at = Some(ctx.now);
    save(conn, ctx, "answer", &before, after)
}

/// Closes an open or answered query read at `expected_version` (coordinators: every center). A
/// closed query is [`StoreError::Invalid`] at `status`.
pub fn close(
    conn: &mut DbConn,
    ctx: &WriteCtx,
    id: &str,
    expected_version: i32,
) -> Result<QueryRow, StoreError> {
    let allowed = [QueryStatus::Open, QueryStatus::Answered];
    let before = current(conn, &Scope::All, id, expected_version, &allowed, "closed")?;
    let mut after = before.clone();
    after.status = QueryStatus::Closed.code().to_owned();
    after.closed_at = Some(ctx.now);
    save(conn, ctx, "close", &before, after)
}

/// The query at `expected_version`, in one of the `allowed` states for becoming `next`.
fn current(
    conn: &mut DbConn,
    scope: &Scope,
    id: &str,
    expected_version: i32,
    allowed: &[QueryStatus],
    next: &str,
) -> Result<QueryRow, StoreError> {
    let row = get(conn, scope, id)?;
    if row.version != expected_version {
        return Err(StoreError::StaleVersion {
            current: row.version,
        });
    }
    let status = row.status()?;
    if !allowed.contains(&status) {
        let message = format!("the query is {}: it cannot be {next}", status.code());
        return Err(FieldError::new("status", message).into_store());
    }
    Ok(row)
}

/// Writes `after` if the stored version is still `before.version`, and audits the step.
fn save(
    conn: &mut DbConn,
    ctx: &WriteCtx,
    action: &'static str,
    before: &QueryRow,
    mut after: QueryRow,
) -> Result<QueryRow, StoreError> {
    after.version = before.version + 1;
    let n = diesel::update(
        data_queries::table
            .filter(data_queries::id.eq(&before.id))
            .filter(data_queries::version.eq(before.version)),
    )
    .set(&after)
    .execute(conn)?;
    if n != 1 {
        return Err(StoreError::StaleVersion {
            current: after.version,
        });
    }
    record(conn, ctx, action, Some(before), &after)?;
    Ok(after)
}
