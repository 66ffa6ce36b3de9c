//! Dose changes of a treatment episode: from its effective date the patient takes a new dose.
//! A change to a lower weekly amount in the same unit than the dose before it is a tapering step
//! ([`Dose::is_lower_than`]), unless the caller says otherwise. The flag is fixed when the change
//! is recorded: a change entered later, between two stored ones, leaves the flag of the one after
//! it as it was.

use chrono::NaiveDate;
use diesel::prelude::*;
use serde::Serialize;

use super::domain;
use crate::store::schema::dose_changes;
use crate::store::{DbConn, Scope, StoreError, WriteCtx};
use crate::treatment::{Dose, DoseChangeInput};

crate::clinical_record!(dose_changes, DoseChangeRow, "dose_change");

/// A stored dose change; the amount is exact decimal text.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset, Serialize)]
#[diesel(table_name = dose_changes, treat_none_as_null = true, treat_none_as_default_value = false)]
pub struct DoseChangeRow {
    /// Id.
    pub id: String,
    /// Center (the episode's).
    pub center_id: String,
    /// Episode.
    pub episode_id: String,
    /// First day on this dose.
    pub effective_date: NaiveDate,
    /// Amount per administration (exact decimal text).
    pub amount: String,
    /// Unit code (`mg`, `mg/kg`, `mg/m2`).
    pub unit: String,
    /// Frequency code (`once_daily`, …).
    pub frequency: String,
    /// A tapering step.
    pub is_taper: bool,
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

impl DoseChangeRow {
    /// The dose, parsed.
    pub fn dose(&self) -> Result<Dose, StoreError> {
        let input = domain::dose_input(&self.amount, &self.unit, &self.frequency)?;
        Dose::try_from(input).map_err(|e| StoreError::Corrupt(format!("dose change {e}")))
    }
}

impl DoseChangeRow {
    /// The row of a new dose change of `episode`.
    pub(super) fn new(
        ctx: &WriteCtx,
        episode: &super::EpisodeRow,
        effective_date: NaiveDate,
        dose: Dose,
        is_taper: bool,
    ) -> Self {
        Self {
            id: crate::store::new_id(),
            center_id: episode.center_id.clone(),
            episode_id: episode.id.clone(),
            effective_date,
            amount: dose.amount().to_string(),
            unit: dose.unit().code().to_owned(),
            frequency: dose.frequency().code().to_owned(),
            is_taper,
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

/// Records a new dose from `effective_date` on the episode `episode_id` in `scope`. `is_taper`
/// `None` derives the flag from the dose in force before (the episode's initial dose or an
/// earlier change). The date must lie in the episode and carry no other dose
/// ([`StoreError::Invalid`] at `effective_date`).
pub fn add_dose_change(
    conn: &mut DbConn,
    ctx: &WriteCtx,
    scope: &Scope,
    episode_id: &str,
    effective_date: NaiveDate,
    dose: Dose,
    is_taper: Option<bool>,
) -> Result<DoseChangeRow, StoreError> {
    let episode = super::get(conn, scope, episode_id)?;
    super::locks::episode(conn, episode_id)?;
    let mut input = domain::load_input(conn, scope, &episode)?;
    input.doses.push(DoseChangeInput {
        effective: effective_date,
        dose: dose.into(),
        is_taper,
    });
    let checked = domain::check(input, |_| "effective_date")?;
    let derived = checked
        .doses()
        .iter()
        .find(|c| c.effective() == effective_date)
        .is_some_and(|c| c.is_taper());
    let row = DoseChangeRow::new(ctx, &episode, effective_date, dose, derived);
    diesel::insert_into(dose_changes::table)
        .values(&row)
        .execute(conn)?;
    audit_create(conn, ctx, &row)?;
    Ok(row)
}

/// The dose changes of the episode `episode_id` in `scope`, by effective date (the episode's
/// initial dose is on the episode row). An episode out of scope or deleted is not found.
pub fn for_episode(
    conn: &mut DbConn,
    scope: &Scope,
    episode_id: &str,
) -> Result<Vec<DoseChangeRow>, StoreError> {
    super::get(conn, scope, episode_id)?;
    rows(conn, scope, episode_id)
}

/// The episode's dose changes, without checking the episode.
pub(super) fn rows(
    conn: &mut DbConn,
    scope: &Scope,
    episode_id: &str,
) -> Result<Vec<DoseChangeRow>, StoreError> {
    let mut q = dose_changes::table
        .filter(dose_changes::episode_id.eq(episode_id))
        .filter(dose_changes::deleted_at.is_null())
        .select(DoseChangeRow::as_select())
        .into_boxed();
    if let Scope::Center(center) = scope {
        q = q.filter(dose_changes::center_id.eq(center));
    }
    Ok(q.order((dose_changes::effective_date, dose_changes::id))
        .load(conn)?)
}
