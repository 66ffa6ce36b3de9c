//! Lab results (CLINICAL.md §3): the value and unit as entered, the exact canonical value, the
//! lab's reference limits and the safety flags the rules raised, stored with the rules' version.
//! The caller parses with [`LabResult`] and evaluates with [`crate::labs::evaluate`] (or
//! `evaluate_series`); [`LabRow::from_result`] turns both into a row.
//!
//! A qualitative test (HIV, TB screening, …) stores its result code (`positive`, `negative`) as
//! value and canonical value, with empty units.

use chrono::NaiveDate;
use compact_str::CompactString;
use diesel::prelude::*;
use rust_decimal::Decimal;
use serde::Serialize;

use super::ids::RecordId;
use super::schema::lab_results;
use super::{DbConn, Scope, StoreError, WriteCtx};
use crate::labs::{Analyte, LabFlag, LabResult, LabValue, Qualitative, Reading};

crate::clinical_record!(lab_results, LabRow, "lab_result");

/// A stored lab result. Numbers are exact decimal text.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset, Serialize)]
#[diesel(table_name = lab_results, treat_none_as_null = true, treat_none_as_default_value = false)]
pub struct LabRow {
    /// Id.
    pub id: String,
    /// Center.
    pub center_id: String,
    /// Patient.
    pub patient_id: String,
    /// The visit the sample belongs to, if any.
    pub visit_id: Option<String>,
    /// Date the sample was taken.
    pub sample_date: NaiveDate,
    /// Analyte code (`hb`, `alat`, `hiv`, …).
    pub analyte: String,
    /// The value as entered (or `positive`/`negative`).
    pub value: String,
    /// The unit as entered (recognised spelling; empty for qualitative tests).
    pub unit: String,
    /// The exact value in the canonical unit.
    pub canonical_value: String,
    /// The canonical unit.
    pub canonical_unit: String,
    /// The lab's upper limit of normal, in the canonical unit.
    pub uln: Option<String>,
    /// The lab's lower limit of normal, in the canonical unit.
    pub lln: Option<String>,
    /// The safety flags raised ([`LabFlag`]s as a JSON list).
    pub flags: String,
    /// Version of the rules that converted and flagged the value.
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

impl LabRow {
    /// A new row for `result` of `patient_id` (optionally taken at `visit_id`) with the `flags`
    /// the rules raised on it, created by `ctx`.
    pub fn from_result(
        ctx: &WriteCtx,
        center_id: &str,
        patient_id: &str,
        visit_id: Option<&str>,
        result: &LabResult,
        flags: &[LabFlag],
    ) -> Result<Self, StoreError> {
        let (value, unit, canonical_value, canonical_unit) = match result.reading() {
            Reading::Numeric(v) => (
                v.value().to_string(),
                v.unit().symbol().to_owned(),
                v.canonical().normalize().to_string(),
                v.canonical_unit().symbol().to_owned(),
            ),
            Reading::Qualitative { result, .. } => {
                let code = result.code().to_owned();
                (code.clone(), String::new(), code, String::new())
            }
        };
        Ok(Self {
            id: super::new_id(),
            center_id: center_id.to_owned(),
            patient_id: patient_id.to_owned(),
            visit_id: visit_id.map(str::to_owned),
            sample_date: result.date(),
            analyte: result.analyte().code().to_owned(),
            value,
            unit,
            canonical_value,
            canonical_unit,
            uln: result.upper_limit().map(|d| d.normalize().to_string()),
            lln: result.lower_limit().map(|d| d.normalize().to_string()),
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
}

/// The readings of a stored lab result, on both its row types (one text, so the whole row and
/// the cohort's [`LabRecord`] read a result back the same way).
macro_rules! lab_readings {
    ($T:ty) => {
        impl $T {
            /// The result again, in the canonical unit (for [`crate::labs::evaluate_series`]).
            pub fn result(&self) -> Result<LabResult, StoreError> {
                let corrupt =
                    |what: &str| StoreError::Corrupt(format!("lab result {}: {what}", self.id));
                let analyte = Analyte::parse(&self.analyte).map_err(|_| corrupt("analyte"))?;
                if !analyte.is_numeric() {
                    let result = Qualitative::parse(&self.value).map_err(|_| corrupt("value"))?;
                    return LabResult::qualitative(self.sample_date, analyte, result)
                        .map_err(|_| corrupt("analyte"));
                }
                let decimal = |s: &str| s.parse::<Decimal>().map_err(|_| corrupt(s));
                let limit = |s: Option<&str>| s.map(decimal).transpose();
                let value = decimal(&self.canonical_value)?;
                let value = LabValue::parse(analyte, value, &self.canonical_unit)
                    .map_err(|_| corrupt("canonical value"))?;
                LabResult::numeric(
                    self.sample_date,
                    value,
                    limit(self.lln.as_deref())?,
                    limit(self.uln.as_deref())?,
                )
                .map_err(|_| corrupt("reference limits"))
            }

            /// The flags stored with the result.
            pub fn flags(&self) -> Result<Vec<LabFlag>, StoreError> {
                super::from_json("lab_results.flags", &self.flags)
            }
        }
    };
}

lab_readings!(LabRow);
lab_readings!(LabRecord);

/// A lab result as a cohort read holds it ([`super::cohort`]): what was measured, its limits and
/// flags, without the columns no release or report reads (center, rules version, import,
/// authors, times, row version, deletion). The short texts are held inline, so a cohort of
/// hundreds of thousands of results is not made of millions of small allocations.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Serialize)]
#[diesel(table_name = lab_results)]
pub struct LabRecord {
    /// Id.
    pub id: RecordId,
    /// Patient.
    pub patient_id: RecordId,
    /// The visit the sample belongs to, if any.
    pub visit_id: Option<RecordId>,
    /// Date the sample was taken.
    #[diesel(deserialize_as = super::dates::StoredDate)]
    pub sample_date: NaiveDate,
    /// Analyte code (`hb`, `alat`, `hiv`, …).
    pub analyte: CompactString,
    /// The value as entered (or `positive`/`negative`).
    pub value: CompactString,
    /// The unit as entered (recognised spelling; empty for qualitative tests).
    pub unit: CompactString,
    /// The exact value in the canonical unit.
    pub canonical_value: CompactString,
    /// The canonical unit.
    pub canonical_unit: CompactString,
    /// The lab's upper limit of normal, in the canonical unit.
    pub uln: Option<CompactString>,
    /// The lab's lower limit of normal, in the canonical unit.
    pub lln: Option<CompactString>,
    /// The safety flags raised ([`LabFlag`]s as a JSON list).
    pub flags: CompactString,
}

impl TryFrom<&LabRow> for LabRecord {
    type Error = StoreError;

    fn try_from(r: &LabRow) -> Result<Self, StoreError> {
        Ok(Self {
            id: RecordId::of_row(&r.id, "lab result")?,
            patient_id: RecordId::of_row(&r.patient_id, "lab result's patient")?,
            visit_id: match &r.visit_id {
                Some(v) => Some(RecordId::of_row(v, "lab result's visit")?),
                None => None,
            },
            sample_date: r.sample_date,
            analyte: r.analyte.as_str().into(),
            value: r.value.as_str().into(),
            unit: r.unit.as_str().into(),
            canonical_value: r.canonical_value.as_str().into(),
            canonical_unit: r.canonical_unit.as_str().into(),
            uln: r.uln.as_deref().map(CompactString::from),
            lln: r.lln.as_deref().map(CompactString::from),
            flags: r.flags.as_str().into(),
        })
    }
}

/// Stores `row` and audits its creation (the checks of [`insert`] apply).
pub fn create(conn: &mut DbConn, ctx: &WriteCtx, row: LabRow) -> Result<LabRow, StoreError> {
    let row = insert(conn, row)?;
    audit_create(conn, ctx, &row)?;
    Ok(row)
}

/// Stores a lab result without an audit event of its own (for imports, whose one event covers
/// the rows naming it). The patient must exist in the row's center ([`StoreError::NotFound`])
/// and a visit, when given, be one of the patient's ([`StoreError::Invalid`] at `visit_id`).
pub fn insert(conn: &mut DbConn, row: LabRow) -> Result<LabRow, StoreError> {
    super::refs::patient(conn, &row.center_id, &row.patient_id)?;
    super::refs::visit(
        conn,
        &row.center_id,
        &row.patient_id,
        row.visit_id.as_deref(),
    )?;
    diesel::insert_into(lab_results::table)
        .values(&row)
        .execute(conn)?;
    Ok(row)
}

/// Stores many lab results with one audit event each, in as few statements as the backend
/// allows; the references are checked as [`create`] checks them.
pub fn create_many(conn: &mut DbConn, ctx: &WriteCtx, rows: &[LabRow]) -> Result<(), StoreError> {
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
    insert_audited(conn, ctx, rows)
}

/// The patient's lab results in `scope`, by sample date.
pub fn for_patient(
    conn: &mut DbConn,
    scope: &Scope,
    patient_id: &str,
) -> Result<Vec<LabRow>, StoreError> {
    load(conn, scope, patient_id, None)
}

/// The patient's results of one analyte in `scope`, by sample date.
pub fn series(
    conn: &mut DbConn,
    scope: &Scope,
    patient_id: &str,
    analyte: Analyte,
) -> Result<Vec<LabRow>, StoreError> {
    load(conn, scope, patient_id, Some(analyte))
}

/// The stored results a new result of `analyte` is judged with
/// ([`crate::labs::flags_in_history`]): the patient's results of that analyte when its rules look
/// at history, else none.
pub fn history(
    conn: &mut DbConn,
    scope: &Scope,
    patient_id: &str,
    analyte: Analyte,
) -> Result<Vec<LabResult>, StoreError> {
    if !analyte.judged_with_history() {
        return Ok(Vec::new());
    }
    series(conn, scope, patient_id, analyte)?
        .iter()
        .map(LabRow::result)
        .collect()
}

/// The patient's results in scope, optionally of one analyte, by sample date then entry.
fn load(
    conn: &mut DbConn,
    scope: &Scope,
    patient_id: &str,
    analyte: Option<Analyte>,
) -> Result<Vec<LabRow>, StoreError> {
    let mut q = lab_results::table
        .filter(lab_results::patient_id.eq(patient_id))
        .filter(lab_results::deleted_at.is_null())
        .select(LabRow::as_select())
        .into_boxed();
    if let Scope::Center(center) = scope {
        q = q.filter(lab_results::center_id.eq(center));
    }
    if let Some(analyte) = analyte {
        q = q.filter(lab_results::analyte.eq(analyte.code()));
    }
    Ok(q.order((lab_results::sample_date, lab_results::id))
        .load(conn)?)
}

/// The patient's result of `analyte` (code) sampled on `date`, if any: a lab result's identity
/// for imports.
pub fn on_date(
    conn: &mut DbConn,
    patient_id: &str,
    date: NaiveDate,
    analyte: &str,
) -> Result<Option<LabRow>, StoreError> {
    Ok(lab_results::table
        .filter(lab_results::patient_id.eq(patient_id))
        .filter(lab_results::sample_date.eq(date))
        .filter(lab_results::analyte.eq(analyte))
        .filter(lab_results::deleted_at.is_null())
        .select(LabRow::as_select())
        .first(conn)
        .optional()?)
}
