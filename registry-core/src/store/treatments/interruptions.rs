//! Interruptions of a treatment episode: the drug is paused from `from_date` (first day off) and
//! restarted on `to_date` (absent while not restarted). Interruptions lie inside their episode and
//! never overlap each other.

use chrono::NaiveDate;
use diesel::prelude::*;
use serde::Serialize;

use super::domain;
use crate::store::schema::interruptions;
use crate::store::{DbConn, Scope, StoreError, WriteCtx};
use crate::treatment::{InterruptionInput, InterruptionReason};

crate::clinical_record!(interruptions, InterruptionRow, "interruption");

/// A stored interruption.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset, Serialize)]
#[diesel(table_name = interruptions, treat_none_as_null = true, treat_none_as_default_value = false)]
pub struct InterruptionRow {
    /// Id.
    pub id: String,
    /// Center (the episode's).
    pub center_id: String,
    /// Episode.
    pub episode_id: String,
    /// First day without the drug.
    pub from_date: NaiveDate,
    /// Day the drug was restarted.
    pub to_date: Option<NaiveDate>,
    /// Reason code (`infection`, `live_vaccine`, …).
    pub reason: String,
    /// Created (UTC).
    pub created_at: chrono::NaiveDateTime,
    /// Created by.
    pub created_by: String,
    /// Last changed (UTC).
    pub updated_at: chrono::NaiveDateTime,
    /// Last changed by.
    pub updated_by: String,
    /// Row version (ETag).
    pub version: i32,
    /// Soft deletion time.
    pub deleted_at: Option<chrono::NaiveDateTime>,
    /// Deleted by.
    pub deleted_by: Option<String>,
    /// Why it was deleted.
    pub delete_reason: Option<String>,
}

impl InterruptionRow {
    /// The row of a new interruption of `episode`.
    pub(super) fn new(
        ctx: &WriteCtx,
        episode: &super::EpisodeRow,
        from: NaiveDate,
        to: Option<NaiveDate>,
        reason: InterruptionReason,
    ) -> Self {
        Self {
            id: crate::store::new_id(),
            center_id: episode.center_id.clone(),
            episode_id: episode.id.clone(),
            from_date: from,
            to_date: to,
            reason: reason.code().to_owned(),
            created_at: ctx.now,
            created_by: ctx.actor.user_id.clone(),
            updated_at: ctx.now,
            updated_by: ctx.actor.user_id.clone(),
            version: 1,
            deleted_at: None,
            deleted_by: None,
            delete_reason: None,
        }
    }
}

/// Records an interruption of the episode `episode_id` in `scope`. Refused with
/// [`StoreError::Invalid`]: a restart before `from` (at `to`), a date outside the episode (at
/// `from` or `to`), an overlap with another interruption of the episode (at `from`).
pub fn add_interruption(
    conn: &mut DbConn,
    ctx: &WriteCtx,
    scope: &Scope,
    episode_id: &str,
    from: NaiveDate,
    to: Option<NaiveDate>,
    reason: InterruptionReason,
) -> Result<InterruptionRow, StoreError> {
    let episode = super::get(conn, scope, episode_id)?;
    super::locks::episode(conn, episode_id)?;
    let mut input = domain::load_input(conn, scope, &episode)?;
    input
        .interruptions
        .push(InterruptionInput { from, to, reason });
    domain::check(
        input,
        |path| {
            if path.ends_with(".to") { "to" } else { "from" }
        },
    )?;
    let row = InterruptionRow::new(ctx, &episode, from, to, reason);
    diesel::insert_into(interruptions::table)
        .values(&row)
        .execute(conn)?;
    audit_create(conn, ctx, &row)?;
    Ok(row)
}

/// The interruptions of the episode `episode_id` in `scope`, by first day. An episode out of
/// scope or deleted is not found.
pub fn for_episode(
    conn: &mut DbConn,
    scope: &Scope,
    episode_id: &str,
) -> Result<Vec<InterruptionRow>, StoreError> {
    super::get(conn, scope, episode_id)?;
    rows(conn, scope, episode_id)
}

/// The episode's interruptions, without checking the episode.
pub(super) fn rows(
    conn: &mut DbConn,
    scope: &Scope,
    episode_id: &str,
) -> Result<Vec<InterruptionRow>, StoreError> {
    let mut q = interruptions::table
        .filter(interruptions::episode_id.eq(episode_id))
        .filter(interruptions::deleted_at.is_null())
        .select(InterruptionRow::as_select())
        .into_boxed();
    if let Scope::Center(center) = scope {
        q = q.filter(interruptions::center_id.eq(center));
    }
    Ok(q.order((interruptions::from_date, interruptions::id))
        .load(conn)?)
}
