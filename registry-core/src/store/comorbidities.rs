//! Comorbidities of a patient (atopic comorbidities for AD, autoimmune ones for AA, …): the
//! condition in words, the year it began when known, and whether it is still active.

use diesel::prelude::*;
use serde::Serialize;

use super::schema::comorbidities;
use super::{DbConn, Scope, StoreError, WriteCtx};
use crate::{FieldError, ValidationErrors};

crate::clinical_record!(comorbidities, ComorbidityRow, "comorbidity");

/// Longest condition name accepted, in characters.
pub const MAX_CONDITION_CHARS: usize = 200;
/// Earliest onset year accepted.
pub const MIN_ONSET_YEAR: i32 = 1900;

/// A stored comorbidity.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset, Serialize)]
#[diesel(table_name = comorbidities, treat_none_as_null = true, treat_none_as_default_value = false)]
pub struct ComorbidityRow {
    /// Id.
    pub id: String,
    /// Center.
    pub center_id: String,
    /// Patient.
    pub patient_id: String,
    /// The condition (`asthma`, `allergic rhinitis`, `vitiligo`, …).
    pub condition: String,
    /// Year it began, when known.
    pub onset_year: Option<i32>,
    /// Still present.
    pub active: bool,
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

/// A comorbidity to record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewComorbidity {
    /// Center (the patient's).
    pub center_id: String,
    /// Patient.
    pub patient_id: String,
    /// The condition, 1 to [`MAX_CONDITION_CHARS`] characters (trimmed).
    pub condition: String,
    /// Year it began: from [`MIN_ONSET_YEAR`] to the year of the write.
    pub onset_year: Option<i32>,
    /// Still present.
    pub active: bool,
}

/// Records a comorbidity. The patient must exist in the center ([`StoreError::NotFound`]); an
/// empty or over-long condition, or an onset year before [`MIN_ONSET_YEAR`] or in the future, is
/// [`StoreError::Invalid`] at `condition` or `onset_year`.
pub fn create(
    conn: &mut DbConn,
    ctx: &WriteCtx,
    new: NewComorbidity,
) -> Result<ComorbidityRow, StoreError> {
    create_many(conn, ctx, vec![new])?
        .pop()
        .ok_or(StoreError::NotFound)
}

/// [`create`] for many comorbidities in a few statements (bulk loaders): each checked as
/// `create` checks it, every patient looked up at once, each row audited.
pub fn create_many(
    conn: &mut DbConn,
    ctx: &WriteCtx,
    news: Vec<NewComorbidity>,
) -> Result<Vec<ComorbidityRow>, StoreError> {
    let rows = news
        .into_iter()
        .map(|new| ComorbidityRow::new(ctx, new))
        .collect::<Result<Vec<_>, _>>()?;
    super::refs::patients_in(
        conn,
        rows.iter()
            .map(|r| (r.center_id.as_str(), r.patient_id.as_str())),
    )?;
    insert_audited(conn, ctx, &rows)?;
    Ok(rows)
}

impl ComorbidityRow {
    /// The row of a new comorbidity; a blank or over-long condition or an onset year out of
    /// range is [`StoreError::Invalid`].
    fn new(ctx: &WriteCtx, new: NewComorbidity) -> Result<Self, StoreError> {
        let mut errors = ValidationErrors::new();
        let condition = new.condition.trim();
        if condition.is_empty() || condition.chars().count() > MAX_CONDITION_CHARS {
            let message = format!("give the condition in 1 to {MAX_CONDITION_CHARS} characters");
            errors.push(FieldError::new("condition", message));
        }
        let this_year = chrono::Datelike::year(&ctx.now.date());
        if let Some(year) = new
            .onset_year
            .filter(|y| !(MIN_ONSET_YEAR..=this_year).contains(y))
        {
            let message =
                format!("onset year {year} is not between {MIN_ONSET_YEAR} and {this_year}");
            errors.push(FieldError::new("onset_year", message));
        }
        errors.into_result(())?;
        Ok(Self {
            id: super::new_id(),
            center_id: new.center_id,
            patient_id: new.patient_id,
            condition: condition.to_owned(),
            onset_year: new.onset_year,
            active: new.active,
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
}

/// The patient's comorbidities in `scope`, in the order they were recorded.
pub fn for_patient(
    conn: &mut DbConn,
    scope: &Scope,
    patient_id: &str,
) -> Result<Vec<ComorbidityRow>, StoreError> {
    let mut q = comorbidities::table
        .filter(comorbidities::patient_id.eq(patient_id))
        .filter(comorbidities::deleted_at.is_null())
        .select(ComorbidityRow::as_select())
        .into_boxed();
    if let Scope::Center(center) = scope {
        q = q.filter(comorbidities::center_id.eq(center));
    }
    Ok(q.order(comorbidities::id).load(conn)?)
}
