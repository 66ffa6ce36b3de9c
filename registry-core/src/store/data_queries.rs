//! Data queries: questions a coordinator raises to a center about a record or a field ("SALT 100
//! at week 4, please check"). A query goes open → answered (by the center) → closed (by the
//! coordinator); an open query may also be closed directly. Every step is versioned (`If-Match`)
//! and audited (`create`, `answer`, `close`). Queries are never deleted.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use super::audit::{self, Entry};
use super::schema::data_queries;
use super::{DbConn, Scope, StoreError, WriteCtx};
use crate::{FieldError, ValidationErrors, text};

mod steps;

pub use steps::{answer, close};

/// Where a query stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum QueryStatus {
    /// Raised, waiting for the center.
    Open,
    /// Answered by the center, waiting for the coordinator.
    Answered,
    /// Closed by the coordinator.
    Closed,
}

impl QueryStatus {
    /// The stored code (`open`, `answered`, `closed`).
    pub fn code(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Answered => "answered",
            Self::Closed => "closed",
        }
    }

    /// Parses a code.
    pub fn parse(s: &str) -> Option<Self> {
        [Self::Open, Self::Answered, Self::Closed]
            .into_iter()
            .find(|q| q.code() == s)
    }
}

/// A stored data query.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset, Serialize)]
#[diesel(table_name = data_queries, treat_none_as_null = true, treat_none_as_default_value = false)]
pub struct QueryRow {
    /// Id.
    pub id: String,
    /// The center asked.
    pub center_id: String,
    /// The patient it is about, if one.
    pub patient_id: Option<String>,
    /// The kind of record (`visit`, `lab_result`, …).
    pub entity: String,
    /// The record, if one.
    pub entity_id: Option<String>,
    /// The field (JSON path), if one.
    pub field: Option<String>,
    /// The question.
    pub message: String,
    /// `open`, `answered` or `closed`.
    pub status: String,
    /// The center's answer.
    pub answer: Option<String>,
    /// The user who raised it.
    pub raised_by: String,
    /// When (UTC).
    pub raised_at: NaiveDateTime,
    /// The user who answered it.
    pub answered_by: Option<String>,
    /// When (UTC).
    pub answered_at: Option<NaiveDateTime>,
    /// When it was closed (UTC).
    pub closed_at: Option<NaiveDateTime>,
    /// Row version (ETag).
    pub version: i32,
}

impl QueryRow {
    /// The status, parsed.
    pub fn status(&self) -> Result<QueryStatus, StoreError> {
        QueryStatus::parse(&self.status)
            .ok_or_else(|| StoreError::Corrupt(format!("data query status {}", self.status)))
    }
}

/// A query to raise.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewQuery {
    /// The center asked.
    pub center_id: String,
    /// The patient it is about (must be the center's).
    pub patient_id: Option<String>,
    /// The kind of record.
    pub entity: String,
    /// The record.
    pub entity_id: Option<String>,
    /// The field.
    pub field: Option<String>,
    /// The question (not empty).
    pub message: String,
}

/// Raises a query on behalf of `ctx.actor` (a stored user). An unknown center, a patient not of
/// that center, or an empty entity or message is [`StoreError::Invalid`] at that field.
pub fn raise(conn: &mut DbConn, ctx: &WriteCtx, new: NewQuery) -> Result<QueryRow, StoreError> {
    let mut errors = ValidationErrors::new();
    for (field, text) in [("entity", &new.entity), ("message", &new.message)] {
        if text.trim().is_empty() {
            errors.push(FieldError::new(field, format!("the {field} is required")));
        }
    }
    let limits = [
        ("entity", Some(&new.entity), text::LABEL_MAX),
        ("entity_id", new.entity_id.as_ref(), text::LABEL_MAX),
        ("field", new.field.as_ref(), text::LABEL_MAX),
        ("message", Some(&new.message), text::MESSAGE_MAX),
    ];
    for (field, value, max) in limits {
        if let Some(value) = value {
            errors.collect("", text::free_text(field, value, max));
        }
    }
    match super::centers::get(conn, &new.center_id) {
        Err(StoreError::NotFound) => errors.push(FieldError::new("center_id", "no such center")),
        Err(e) => return Err(e),
        Ok(_) => {
            if let Some(patient) = &new.patient_id {
                match super::refs::patient(conn, &new.center_id, patient) {
                    Err(StoreError::NotFound) => errors.push(FieldError::new(
                        "patient_id",
                        "the center has no such patient",
                    )),
                    other => other?,
                }
            }
        }
    }
    errors.into_result(())?;
    let row = QueryRow {
        id: super::new_id(),
        center_id: new.center_id,
        patient_id: new.patient_id,
        entity: new.entity.trim().to_owned(),
        entity_id: new.entity_id,
        field: new.field,
        message: new.message.trim().to_owned(),
        status: QueryStatus::Open.code().to_owned(),
        answer: None,
        raised_by: ctx.actor.user_id.clone(),
        raised_at: ctx.now,
        answered_by: None,
        answered_at: None,
        closed_at: None,
        version: 1,
    };
    diesel::insert_into(data_queries::table)
        .values(&row)
        .execute(conn)?;
    record(conn, ctx, "create", None, &row)?;
    Ok(row)
}

/// The query in `scope`.
pub fn get(conn: &mut DbConn, scope: &Scope, id: &str) -> Result<QueryRow, StoreError> {
    let mut q = data_queries::table
        .filter(data_queries::id.eq(id))
        .select(QueryRow::as_select())
        .into_boxed();
    if let Scope::Center(center) = scope {
        q = q.filter(data_queries::center_id.eq(center));
    }
    Ok(q.first(conn)?)
}

/// Queries in `scope`, optionally of one status, oldest first.
pub fn list(
    conn: &mut DbConn,
    scope: &Scope,
    status: Option<QueryStatus>,
) -> Result<Vec<QueryRow>, StoreError> {
    let mut q = data_queries::table
        .select(QueryRow::as_select())
        .into_boxed();
    if let Scope::Center(center) = scope {
        q = q.filter(data_queries::center_id.eq(center));
    }
    if let Some(status) = status {
        q = q.filter(data_queries::status.eq(status.code()));
    }
    Ok(q.order(data_queries::id).load(conn)?)
}

/// Appends the audit event of one step.
fn record(
    conn: &mut DbConn,
    ctx: &WriteCtx,
    action: &'static str,
    before: Option<&QueryRow>,
    after: &QueryRow,
) -> Result<(), StoreError> {
    let entry = Entry {
        entity: "data_query",
        entity_id: Some(after.id.clone()),
        action,
        center_id: Some(after.center_id.clone()),
        reason: None,
        before: before.and_then(audit::json),
        after: audit::json(after),
    };
    audit::append(conn, ctx, entry)?;
    Ok(())
}
