//! Adverse events (CLINICAL.md §4): the validated [`AdverseEvent`] with its coded fields, the
//! categories of special interest it falls in and the flags raised on it (such as herpes on a JAK
//! inhibitor without an interruption). Code lists are JSON lists of codes.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use diesel::prelude::*;
use serde::Serialize;

use super::schema::adverse_events;
use super::{DbConn, Scope, StoreError, WriteCtx};
use crate::adverse_event::{AdverseEvent, AesiCategory, Flag};

crate::clinical_record!(adverse_events, AdverseEventRow, "adverse_event");

/// A stored adverse event.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset, Serialize)]
#[diesel(table_name = adverse_events, treat_none_as_null = true, treat_none_as_default_value = false)]
pub struct AdverseEventRow {
    /// Id.
    pub id: String,
    /// Center.
    pub center_id: String,
    /// Patient.
    pub patient_id: String,
    /// The visit it was reported at, if any.
    pub visit_id: Option<String>,
    /// The treatment episode it occurred in, if known.
    pub episode_id: Option<String>,
    /// The event in the reporter's words.
    pub term: String,
    /// MedDRA code (8 digits), when the center codes with MedDRA.
    pub meddra_code: Option<String>,
    /// MedDRA term name, when recorded.
    pub meddra_term: Option<String>,
    /// Categories of special interest (JSON list of codes: the center's, else derived).
    pub category: Option<String>,
    /// Onset date.
    pub onset_date: NaiveDate,
    /// End date.
    pub end_date: Option<NaiveDate>,
    /// CTCAE grade 1–5.
    pub grade: i32,
    /// Meets any ICH E2A criterion.
    pub serious: bool,
    /// The ICH E2A criteria met (JSON list of codes).
    pub seriousness: String,
    /// WHO-UMC causality code.
    pub causality: Option<String>,
    /// Action with the drug code.
    pub action: Option<String>,
    /// Outcome code.
    pub outcome: Option<String>,
    /// Flags raised on the event (JSON list).
    pub flags: String,
    /// Version of the rules that derived categories and flags.
    pub rules_version: String,
    /// The import the row came from.
    pub import_id: Option<String>,
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

impl AdverseEventRow {
    /// A new row for `event` of `patient_id` (reported at `visit_id`, in the episode
    /// `episode_id`, when known) with the `flags` raised on it, created by `ctx`.
    pub fn from_event(
        ctx: &WriteCtx,
        center_id: &str,
        patient_id: &str,
        visit_id: Option<&str>,
        episode_id: Option<&str>,
        event: &AdverseEvent,
        flags: &[Flag],
    ) -> Result<Self, StoreError> {
        Ok(Self {
            id: super::new_id(),
            center_id: center_id.to_owned(),
            patient_id: patient_id.to_owned(),
            visit_id: visit_id.map(str::to_owned),
            episode_id: episode_id.map(str::to_owned),
            term: event.verbatim_term().as_str().to_owned(),
            meddra_code: event.meddra_code().map(|c| c.as_str().to_owned()),
            meddra_term: event.meddra_term().map(|t| t.as_str().to_owned()),
            category: Some(super::to_json(&event.aesi_categories())?),
            onset_date: event.onset_date(),
            end_date: event.end_date(),
            grade: i32::from(event.ctcae_grade().value()),
            serious: event.is_serious(),
            seriousness: super::to_json(event.seriousness())?,
            causality: Some(event.causality().code().to_owned()),
            action: Some(event.action().code().to_owned()),
            outcome: Some(event.outcome().code().to_owned()),
            flags: super::to_json(flags)?,
            rules_version: crate::RULES_VERSION.to_owned(),
            import_id: ctx.import_id.clone(),
            created_at: ctx.now,
            created_by: ctx.actor.user_id.clone(),
            updated_at: ctx.now,
            updated_by: ctx.actor.user_id.clone(),
            version: 1,
            deleted_at: None,
            deleted_by: None,
            delete_reason: None,
        })
    }

    /// The categories of special interest stored with the event.
    pub fn categories(&self) -> Result<BTreeSet<AesiCategory>, StoreError> {
        match &self.category {
            Some(json) => super::from_json("adverse_events.category", json),
            None => Ok(BTreeSet::new()),
        }
    }

    /// The stored event read back as the domain value (to re-apply rules that depend on later
    /// records, such as an interruption entered after the event).
    pub fn event(&self) -> Result<AdverseEvent, StoreError> {
        let codes = |column: &str, text: &str| super::from_json::<Vec<String>>(column, text);
        let input = crate::adverse_event::AdverseEventInput {
            verbatim_term: Some(self.term.clone()),
            meddra_code: self.meddra_code.clone(),
            meddra_term: self.meddra_term.clone(),
            onset_date: Some(self.onset_date.to_string()),
            end_date: self.end_date.map(|d| d.to_string()),
            ctcae_grade: Some(i64::from(self.grade)),
            seriousness_criteria: codes("adverse_events.seriousness", &self.seriousness)?,
            serious: Some(self.serious),
            causality: self.causality.clone(),
            action: self.action.clone(),
            outcome: self.outcome.clone(),
            aesi_categories: self
                .category
                .as_deref()
                .map(|c| codes("adverse_events.category", c))
                .transpose()?,
        };
        AdverseEvent::parse(&input)
            .map_err(|e| StoreError::Corrupt(format!("adverse event {}: {e}", self.id)))
    }

    /// The flags stored with the event.
    pub fn flags(&self) -> Result<Vec<Flag>, StoreError> {
        super::from_json("adverse_events.flags", &self.flags)
    }
}

/// Stores `row` and audits its creation (the checks of [`insert`] apply).
pub fn create(
    conn: &mut DbConn,
    ctx: &WriteCtx,
    row: AdverseEventRow,
) -> Result<AdverseEventRow, StoreError> {
    let row = insert(conn, row)?;
    audit_create(conn, ctx, &row)?;
    Ok(row)
}

/// Stores an adverse event without an audit event of its own (for imports, whose one event
/// covers the rows naming it). The patient must exist in the row's center
/// ([`StoreError::NotFound`]); a visit or episode, when given, must be the patient's
/// ([`StoreError::Invalid`] at `visit_id` or `episode_id`).
pub fn insert(conn: &mut DbConn, row: AdverseEventRow) -> Result<AdverseEventRow, StoreError> {
    super::refs::patient(conn, &row.center_id, &row.patient_id)?;
    super::refs::visit(
        conn,
        &row.center_id,
        &row.patient_id,
        row.visit_id.as_deref(),
    )?;
    super::refs::episode(
        conn,
        &row.center_id,
        &row.patient_id,
        row.episode_id.as_deref(),
    )?;
    diesel::insert_into(adverse_events::table)
        .values(&row)
        .execute(conn)?;
    Ok(row)
}

/// Stores many adverse events with one audit event each, in as few statements as the backend
/// allows; the references are checked as [`create`] checks them.
pub fn create_many(
    conn: &mut DbConn,
    ctx: &WriteCtx,
    rows: &[AdverseEventRow],
) -> Result<(), StoreError> {
    super::refs::patients_in(
        conn,
        rows.iter()
            .map(|r| (r.center_id.as_str(), r.patient_id.as_str())),
    )?;
    super::refs::visits_of(
        conn,
        rows.iter().map(|r| {
            (
                r.center_id.as_str(),
                r.patient_id.as_str(),
                r.visit_id.as_deref(),
            )
        }),
    )?;
    super::refs::episodes_of(
        conn,
        rows.iter().map(|r| {
            (
                r.center_id.as_str(),
                r.patient_id.as_str(),
                r.episode_id.as_deref(),
            )
        }),
    )?;
    insert_audited(conn, ctx, rows)
}

/// The patient's adverse events in `scope`, by onset date.
pub fn for_patient(
    conn: &mut DbConn,
    scope: &Scope,
    patient_id: &str,
) -> Result<Vec<AdverseEventRow>, StoreError> {
    let mut q = adverse_events::table
        .filter(adverse_events::patient_id.eq(patient_id))
        .filter(adverse_events::deleted_at.is_null())
        .select(AdverseEventRow::as_select())
        .into_boxed();
    if let Scope::Center(center) = scope {
        q = q.filter(adverse_events::center_id.eq(center));
    }
    Ok(q.order((adverse_events::onset_date, adverse_events::id))
        .load(conn)?)
}

/// The patient's event with `term` starting on `onset`, if any: an adverse event's identity for
/// imports.
pub fn by_onset(
    conn: &mut DbConn,
    patient_id: &str,
    onset: NaiveDate,
    term: &str,
) -> Result<Option<AdverseEventRow>, StoreError> {
    Ok(adverse_events::table
        .filter(adverse_events::patient_id.eq(patient_id))
        .filter(adverse_events::onset_date.eq(onset))
        .filter(adverse_events::term.eq(term))
        .filter(adverse_events::deleted_at.is_null())
        .select(AdverseEventRow::as_select())
        .first(conn)
        .optional()?)
}
