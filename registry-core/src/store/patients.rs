//! Patients: one row per patient per center, the local reference unique within the center.

use chrono::NaiveDate;
use diesel::prelude::*;
use serde::Serialize;

use super::schema::patients;
use super::{DbConn, Scope, StoreError, WriteCtx};
use crate::patient::{AaSubtype, Diagnosis, Sex};
use crate::time::BirthMonth;

mod record;

pub use record::earliest_record_date;

/// A stored patient.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset, Serialize)]
#[diesel(table_name = patients, treat_none_as_null = true, treat_none_as_default_value = false)]
pub struct PatientRow {
    /// Id.
    pub id: String,
    /// The center the patient belongs to.
    pub center_id: String,
    /// The center's own reference (a direct identifier: never exported, hidden from coordinators).
    pub local_ref: String,
    /// Sex code.
    pub sex: String,
    /// Birth month `YYYY-MM`.
    pub birth_month: String,
    /// `AA` or `AD`.
    pub diagnosis: String,
    /// AA subtype code.
    pub aa_subtype: Option<String>,
    /// Start of the current AA episode (for the 8-year reimbursement rule).
    pub aa_episode_start: Option<NaiveDate>,
    /// AA nail involvement.
    pub nail_involvement: Option<bool>,
    /// Woman of child-bearing potential (pregnancy exclusion at every lab check).
    pub childbearing_potential: Option<bool>,
    /// Children: national vaccination programme complete.
    pub vaccination_programme_complete: Option<bool>,
    /// Varicella history or positive VZV IgG recorded.
    pub varicella_immune: Option<bool>,
    /// Consent to research use.
    pub consent_research: bool,
    /// Date of that consent.
    pub consent_date: Option<NaiveDate>,
    /// Date the consent was withdrawn.
    pub consent_withdrawn_on: Option<NaiveDate>,
    /// The import the row came from.
    pub import_id: Option<String>,
    /// Created (UTC).
    pub created_at: chrono::NaiveDateTime,
    /// Created by (user id).
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

crate::clinical_record!(patients, PatientRow, "patient");

/// A validated patient to create.
#[derive(Debug, Clone, PartialEq)]
pub struct NewPatient {
    /// Center id.
    pub center_id: String,
    /// Local reference.
    pub local_ref: String,
    /// Sex.
    pub sex: Sex,
    /// Birth month.
    pub birth_month: BirthMonth,
    /// Diagnosis.
    pub diagnosis: Diagnosis,
    /// AA subtype.
    pub aa_subtype: Option<AaSubtype>,
    /// Current AA episode start.
    pub aa_episode_start: Option<NaiveDate>,
    /// Nail involvement.
    pub nail_involvement: Option<bool>,
    /// Child-bearing potential.
    pub childbearing_potential: Option<bool>,
    /// National programme complete.
    pub vaccination_programme_complete: Option<bool>,
    /// Varicella immunity recorded.
    pub varicella_immune: Option<bool>,
    /// Research consent.
    pub consent_research: bool,
    /// Consent date.
    pub consent_date: Option<NaiveDate>,
    /// Consent withdrawal date.
    pub consent_withdrawn_on: Option<NaiveDate>,
}

/// Changes to a patient: `None` leaves a field, `Some(None)` clears it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PatientChanges {
    /// Local reference.
    pub local_ref: Option<String>,
    /// Sex.
    pub sex: Option<Sex>,
    /// Birth month.
    pub birth_month: Option<BirthMonth>,
    /// AA subtype.
    pub aa_subtype: Option<Option<AaSubtype>>,
    /// AA episode start.
    pub aa_episode_start: Option<Option<NaiveDate>>,
    /// Nail involvement.
    pub nail_involvement: Option<Option<bool>>,
    /// Child-bearing potential.
    pub childbearing_potential: Option<Option<bool>>,
    /// National programme complete.
    pub vaccination_programme_complete: Option<Option<bool>>,
    /// Varicella immunity.
    pub varicella_immune: Option<Option<bool>>,
    /// Research consent.
    pub consent_research: Option<bool>,
    /// Consent date.
    pub consent_date: Option<Option<NaiveDate>>,
    /// Consent withdrawal.
    pub consent_withdrawn_on: Option<Option<NaiveDate>>,
}

impl PatientRow {
    /// The birth month, parsed.
    pub fn birth_month(&self) -> Result<BirthMonth, StoreError> {
        self.birth_month
            .parse()
            .map_err(|_| StoreError::Corrupt(format!("birth month {}", self.birth_month)))
    }

    /// The diagnosis, parsed.
    pub fn diagnosis(&self) -> Result<Diagnosis, StoreError> {
        Diagnosis::parse(&self.diagnosis)
            .ok_or_else(|| StoreError::Corrupt(format!("diagnosis {}", self.diagnosis)))
    }

    /// True when the patient may be exported on `on`: consented and not withdrawn by then.
    pub fn research_consent_on(&self, on: NaiveDate) -> bool {
        self.consent_research && self.consent_withdrawn_on.is_none_or(|w| w > on)
    }
}

impl PatientRow {
    /// The row for a new patient created by `ctx` (not stored yet).
    pub fn new(ctx: &WriteCtx, new: NewPatient) -> Self {
        Self {
            id: super::new_id(),
            center_id: new.center_id,
            local_ref: new.local_ref,
            sex: new.sex.code().to_owned(),
            birth_month: new.birth_month.to_string(),
            diagnosis: new.diagnosis.code().to_owned(),
            aa_subtype: new.aa_subtype.map(|s| s.code().to_owned()),
            aa_episode_start: new.aa_episode_start,
            nail_involvement: new.nail_involvement,
            childbearing_potential: new.childbearing_potential,
            vaccination_programme_complete: new.vaccination_programme_complete,
            varicella_immune: new.varicella_immune,
            consent_research: new.consent_research,
            consent_date: new.consent_date,
            consent_withdrawn_on: new.consent_withdrawn_on,
            import_id: ctx.import_id.clone(),
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

    /// True when `other` holds the same patient data (everything but id, versioning and
    /// provenance), so storing it again would change nothing.
    pub fn same_data(&self, other: &Self) -> bool {
        self.center_id == other.center_id
            && self.local_ref == other.local_ref
            && self.sex == other.sex
            && self.birth_month == other.birth_month
            && self.diagnosis == other.diagnosis
            && self.aa_subtype == other.aa_subtype
            && self.aa_episode_start == other.aa_episode_start
            && self.nail_involvement == other.nail_involvement
            && self.childbearing_potential == other.childbearing_potential
            && self.vaccination_programme_complete == other.vaccination_programme_complete
            && self.varicella_immune == other.varicella_immune
            && self.consent_research == other.consent_research
            && self.consent_date == other.consent_date
            && self.consent_withdrawn_on == other.consent_withdrawn_on
    }
}

/// Creates a patient.
pub fn create(
    conn: &mut DbConn,
    ctx: &WriteCtx,
    new: NewPatient,
) -> Result<PatientRow, StoreError> {
    let row = insert(conn, PatientRow::new(ctx, new))?;
    audit_create(conn, ctx, &row)?;
    Ok(row)
}

/// [`create`] for many patients in a few statements (bulk loaders), each with its audit event.
/// A local reference already used in its center is [`StoreError::Conflict`] and stores none.
pub fn create_many(
    conn: &mut DbConn,
    ctx: &WriteCtx,
    news: Vec<NewPatient>,
) -> Result<Vec<PatientRow>, StoreError> {
    let rows: Vec<PatientRow> = news
        .into_iter()
        .map(|new| PatientRow::new(ctx, new))
        .collect();
    insert_audited(conn, ctx, &rows).map_err(local_ref_conflict)?;
    Ok(rows)
}

/// A unique violation on insert is a local reference used twice in one center.
fn local_ref_conflict(e: StoreError) -> StoreError {
    match e {
        StoreError::Conflict(_) => StoreError::Conflict(
            "a patient with this local reference already exists in this center".into(),
        ),
        other => other,
    }
}

/// Stores a new patient row without an audit event of its own: for imports, whose one event
/// covers the rows naming it (see [`super::imports`]).
pub fn insert(conn: &mut DbConn, row: PatientRow) -> Result<PatientRow, StoreError> {
    diesel::insert_into(patients::table)
        .values(&row)
        .execute(conn)
        .map_err(|e| local_ref_conflict(e.into()))?;
    Ok(row)
}

/// A patient by its center and local reference.
pub fn by_local_ref(
    conn: &mut DbConn,
    center_id: &str,
    local_ref: &str,
) -> Result<Option<PatientRow>, StoreError> {
    Ok(patients::table
        .filter(patients::center_id.eq(center_id))
        .filter(patients::local_ref.eq(local_ref))
        .filter(patients::deleted_at.is_null())
        .select(PatientRow::as_select())
        .first(conn)
        .optional()?)
}

/// What a reader of rows naming a patient by local reference needs to know of it (an import of
/// visits, labs, treatments or adverse events): a few short values, so a center's tens of
/// thousands of patients fit in a few MiB.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatientKey {
    /// The patient's id.
    pub id: String,
    /// Its center.
    pub center_id: String,
    /// The center's reference.
    pub local_ref: String,
    /// Birth month.
    pub birth_month: BirthMonth,
    /// Diagnosis.
    pub diagnosis: Diagnosis,
}

/// The [`PatientKey`] of every patient (not deleted) of `center_id`.
pub fn keys_in_center(conn: &mut DbConn, center_id: &str) -> Result<Vec<PatientKey>, StoreError> {
    let rows: Vec<(String, String, String, String)> = patients::table
        .filter(patients::center_id.eq(center_id))
        .filter(patients::deleted_at.is_null())
        .select((
            patients::id,
            patients::local_ref,
            patients::birth_month,
            patients::diagnosis,
        ))
        .load(conn)?;
    rows.into_iter()
        .map(|(id, local_ref, birth_month, diagnosis)| {
            Ok(PatientKey {
                birth_month: birth_month
                    .parse()
                    .map_err(|_| StoreError::Corrupt(format!("birth month {birth_month}")))?,
                diagnosis: Diagnosis::parse(&diagnosis)
                    .ok_or_else(|| StoreError::Corrupt(format!("diagnosis {diagnosis}")))?,
                center_id: center_id.to_owned(),
                id,
                local_ref,
            })
        })
        .collect()
}

/// The patients (not deleted) of `center_id` with any of `local_refs`: an import finds the stored
/// patients of one batch of rows in one query.
pub fn by_local_refs(
    conn: &mut DbConn,
    center_id: &str,
    local_refs: &[&str],
) -> Result<Vec<PatientRow>, StoreError> {
    if local_refs.is_empty() {
        return Ok(Vec::new());
    }
    Ok(patients::table
        .filter(patients::center_id.eq(center_id))
        .filter(patients::local_ref.eq_any(local_refs))
        .filter(patients::deleted_at.is_null())
        .select(PatientRow::as_select())
        .load(conn)?)
}

/// Filters for listing patients.
#[derive(Debug, Clone, Default)]
pub struct PatientFilter {
    /// Only this center (within the scope).
    pub center_id: Option<String>,
    /// Only this diagnosis.
    pub diagnosis: Option<Diagnosis>,
    /// Only the patient with this local reference (unique within a center).
    pub local_ref: Option<String>,
    /// Patients with an id after this cursor.
    pub after_id: Option<String>,
    /// At most this many.
    pub limit: i64,
}

/// Patients in `scope`, by id (creation order), not deleted.
pub fn list(
    conn: &mut DbConn,
    scope: &Scope,
    filter: &PatientFilter,
) -> Result<Vec<PatientRow>, StoreError> {
    let mut q = patients::table
        .filter(patients::deleted_at.is_null())
        .select(PatientRow::as_select())
        .into_boxed();
    if let Scope::Center(center) = scope {
        q = q.filter(patients::center_id.eq(center));
    }
    if let Some(center) = &filter.center_id {
        q = q.filter(patients::center_id.eq(center));
    }
    if let Some(d) = filter.diagnosis {
        q = q.filter(patients::diagnosis.eq(d.code()));
    }
    if let Some(local_ref) = &filter.local_ref {
        q = q.filter(patients::local_ref.eq(local_ref));
    }
    if let Some(after) = &filter.after_id {
        q = q.filter(patients::id.gt(after));
    }
    Ok(q.order(patients::id).limit(filter.limit).load(conn)?)
}

/// Applies `changes` if the stored version is `expected_version`; audits before and after.
pub fn update(
    conn: &mut DbConn,
    ctx: &WriteCtx,
    scope: &Scope,
    id: &str,
    expected_version: i32,
    reason: &str,
    changes: PatientChanges,
) -> Result<PatientRow, StoreError> {
    let before = get(conn, scope, id)?;
    if before.version != expected_version {
        return Err(StoreError::StaleVersion {
            current: before.version,
        });
    }
    let mut after = before.clone();
    if let Some(v) = changes.local_ref {
        after.local_ref = v;
    }
    if let Some(v) = changes.sex {
        after.sex = v.code().to_owned();
    }
    if let Some(v) = changes.birth_month {
        after.birth_month = v.to_string();
    }
    if let Some(v) = changes.aa_subtype {
        after.aa_subtype = v.map(|s| s.code().to_owned());
    }
    if let Some(v) = changes.aa_episode_start {
        after.aa_episode_start = v;
    }
    if let Some(v) = changes.nail_involvement {
        after.nail_involvement = v;
    }
    if let Some(v) = changes.childbearing_potential {
        after.childbearing_potential = v;
    }
    if let Some(v) = changes.vaccination_programme_complete {
        after.vaccination_programme_complete = v;
    }
    if let Some(v) = changes.varicella_immune {
        after.varicella_immune = v;
    }
    if let Some(v) = changes.consent_research {
        after.consent_research = v;
    }
    if let Some(v) = changes.consent_date {
        after.consent_date = v;
    }
    if let Some(v) = changes.consent_withdrawn_on {
        after.consent_withdrawn_on = v;
    }
    save_edit(conn, ctx, &before, after, reason)
}

/// Every patient of a center (not deleted), for an import to find rows' patients by reference.
pub fn in_center(conn: &mut DbConn, center_id: &str) -> Result<Vec<PatientRow>, StoreError> {
    Ok(patients::table
        .filter(patients::center_id.eq(center_id))
        .filter(patients::deleted_at.is_null())
        .select(PatientRow::as_select())
        .load(conn)?)
}
