//! Visits: one per patient and date, with every instrument's components, its total and what the
//! rules computed (stored with the version of the rules that computed it).

use chrono::NaiveDate;
use compact_str::CompactString;
use diesel::prelude::*;
use serde::Serialize;

use super::ids::RecordId;
use super::schema::visits;
use super::{DbConn, Scope, StoreError, WriteCtx};

crate::clinical_record!(visits, VisitRow, "visit");

/// A stored visit. Decimal values are exact decimal text; item lists and EASI regions are JSON.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset, Serialize)]
#[diesel(table_name = visits, treat_none_as_null = true, treat_none_as_default_value = false)]
pub struct VisitRow {
    /// Id.
    pub id: String,
    /// Center.
    pub center_id: String,
    /// Patient.
    pub patient_id: String,
    /// Visit date.
    pub visit_date: NaiveDate,
    /// Body weight in kg.
    pub weight_kg: Option<String>,
    /// SALT top/vertex view, % hair lost.
    pub salt_top: Option<String>,
    /// SALT back view.
    pub salt_back: Option<String>,
    /// SALT right side.
    pub salt_right: Option<String>,
    /// SALT left side.
    pub salt_left: Option<String>,
    /// SALT total (computed from the views, or entered alone).
    pub salt_total: Option<String>,
    /// EASI regions as entered (JSON), when components were entered.
    pub easi_regions: Option<String>,
    /// EASI total (computed or entered alone).
    pub easi_total: Option<String>,
    /// Peak pruritus NRS 0–10.
    pub pp_nrs: Option<i32>,
    /// vIGA-AD 0–4.
    pub viga: Option<i32>,
    /// POEM items (JSON).
    pub poem_items: Option<String>,
    /// POEM total.
    pub poem_total: Option<i32>,
    /// DLQI items (JSON).
    pub dlqi_items: Option<String>,
    /// DLQI total.
    pub dlqi_total: Option<i32>,
    /// CDLQI items (JSON).
    pub cdlqi_items: Option<String>,
    /// CDLQI total.
    pub cdlqi_total: Option<i32>,
    /// IDQOL items (JSON).
    pub idqol_items: Option<String>,
    /// IDQOL total.
    pub idqol_total: Option<i32>,
    /// Eyebrows 0–3.
    pub eyebrows: Option<i32>,
    /// Eyelashes 0–3.
    pub eyelashes: Option<i32>,
    /// New vellus hair present.
    pub vellus_hair: Option<bool>,
    /// Wig or hairpiece needed.
    pub wig: Option<bool>,
    /// What the rules computed (JSON: bands, categories).
    pub computed: String,
    /// Warnings on accepted input (JSON list).
    pub warnings: String,
    /// Version of the rules that computed `computed`.
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
    /// Fields recorded as missing with a reason (JSON object `{field: reason}`; left out of the
    /// serialised row when empty, so rows without any read as before the column existed).
    #[serde(skip_serializing_if = "no_missing_fields")]
    pub missing_fields: String,
}

/// A visit as a cohort read holds it ([`super::cohort`]): every instrument as entered, what the
/// rules computed and the fields recorded as missing, without the columns no release or report
/// reads (center, rules version, import, authors, times, row version, deletion).
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Serialize)]
#[diesel(table_name = visits)]
pub struct VisitRecord {
    /// Id.
    pub id: RecordId,
    /// Patient.
    pub patient_id: RecordId,
    /// Visit date.
    #[diesel(deserialize_as = super::dates::StoredDate)]
    pub visit_date: NaiveDate,
    /// Body weight in kg.
    pub weight_kg: Option<CompactString>,
    /// SALT top/vertex view, % hair lost.
    pub salt_top: Option<CompactString>,
    /// SALT back view.
    pub salt_back: Option<CompactString>,
    /// SALT right side.
    pub salt_right: Option<CompactString>,
    /// SALT left side.
    pub salt_left: Option<CompactString>,
    /// SALT total (computed from the views, or entered alone).
    pub salt_total: Option<CompactString>,
    /// EASI regions as entered (JSON), when components were entered.
    pub easi_regions: Option<CompactString>,
    /// EASI total (computed or entered alone).
    pub easi_total: Option<CompactString>,
    /// Peak pruritus NRS 0–10.
    pub pp_nrs: Option<i32>,
    /// vIGA-AD 0–4.
    pub viga: Option<i32>,
    /// POEM items (JSON).
    pub poem_items: Option<CompactString>,
    /// POEM total.
    pub poem_total: Option<i32>,
    /// DLQI items (JSON).
    pub dlqi_items: Option<CompactString>,
    /// DLQI total.
    pub dlqi_total: Option<i32>,
    /// CDLQI items (JSON).
    pub cdlqi_items: Option<CompactString>,
    /// CDLQI total.
    pub cdlqi_total: Option<i32>,
    /// IDQOL items (JSON).
    pub idqol_items: Option<CompactString>,
    /// IDQOL total.
    pub idqol_total: Option<i32>,
    /// Eyebrows 0–3.
    pub eyebrows: Option<i32>,
    /// Eyelashes 0–3.
    pub eyelashes: Option<i32>,
    /// New vellus hair present.
    pub vellus_hair: Option<bool>,
    /// Wig or hairpiece needed.
    pub wig: Option<bool>,
    /// What the rules computed (JSON: bands, categories).
    pub computed: CompactString,
    /// Warnings on accepted input (JSON list).
    pub warnings: CompactString,
    /// Fields recorded as missing with a reason (JSON object `{field: reason}`; left out of the
    /// serialised row when empty, so rows without any read as before the column existed).
    #[serde(skip_serializing_if = "no_missing_fields")]
    pub missing_fields: CompactString,
}

impl TryFrom<&VisitRow> for VisitRecord {
    type Error = StoreError;

    fn try_from(r: &VisitRow) -> Result<Self, StoreError> {
        Ok(Self {
            id: RecordId::of_row(&r.id, "visit")?,
            patient_id: RecordId::of_row(&r.patient_id, "visit's patient")?,
            visit_date: r.visit_date,
            weight_kg: r.weight_kg.as_deref().map(CompactString::from),
            salt_top: r.salt_top.as_deref().map(CompactString::from),
            salt_back: r.salt_back.as_deref().map(CompactString::from),
            salt_right: r.salt_right.as_deref().map(CompactString::from),
            salt_left: r.salt_left.as_deref().map(CompactString::from),
            salt_total: r.salt_total.as_deref().map(CompactString::from),
            easi_regions: r.easi_regions.as_deref().map(CompactString::from),
            easi_total: r.easi_total.as_deref().map(CompactString::from),
            pp_nrs: r.pp_nrs,
            viga: r.viga,
            poem_items: r.poem_items.as_deref().map(CompactString::from),
            poem_total: r.poem_total,
            dlqi_items: r.dlqi_items.as_deref().map(CompactString::from),
            dlqi_total: r.dlqi_total,
            cdlqi_items: r.cdlqi_items.as_deref().map(CompactString::from),
            cdlqi_total: r.cdlqi_total,
            idqol_items: r.idqol_items.as_deref().map(CompactString::from),
            idqol_total: r.idqol_total,
            eyebrows: r.eyebrows,
            eyelashes: r.eyelashes,
            vellus_hair: r.vellus_hair,
            wig: r.wig,
            computed: CompactString::from(r.computed.as_str()),
            warnings: CompactString::from(r.warnings.as_str()),
            missing_fields: CompactString::from(r.missing_fields.as_str()),
        })
    }
}

fn no_missing_fields(s: &str) -> bool {
    s == "{}"
}

impl VisitRow {
    /// A new, empty visit row for `patient` on `date`, created by `ctx` (fill the instruments,
    /// then [`create`]).
    pub fn new(ctx: &WriteCtx, center_id: &str, patient_id: &str, date: NaiveDate) -> Self {
        Self {
            id: super::new_id(),
            center_id: center_id.to_owned(),
            patient_id: patient_id.to_owned(),
            visit_date: date,
            weight_kg: None,
            salt_top: None,
            salt_back: None,
            salt_right: None,
            salt_left: None,
            salt_total: None,
            easi_regions: None,
            easi_total: None,
            pp_nrs: None,
            viga: None,
            poem_items: None,
            poem_total: None,
            dlqi_items: None,
            dlqi_total: None,
            cdlqi_items: None,
            cdlqi_total: None,
            idqol_items: None,
            idqol_total: None,
            eyebrows: None,
            eyelashes: None,
            vellus_hair: None,
            wig: None,
            computed: "{}".into(),
            warnings: "[]".into(),
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
            missing_fields: "{}".into(),
        }
    }
}

/// Stores a new visit; a second visit of the same patient on the same date is a conflict.
pub fn create(conn: &mut DbConn, ctx: &WriteCtx, row: VisitRow) -> Result<VisitRow, StoreError> {
    diesel::insert_into(visits::table)
        .values(&row)
        .execute(conn)
        .map_err(|e| match StoreError::from(e) {
            StoreError::Conflict(_) => StoreError::Conflict(format!(
                "the patient already has a visit on {}",
                row.visit_date
            )),
            other => other,
        })?;
    audit_create(conn, ctx, &row)?;
    Ok(row)
}

/// Stores many new visits (of any patients) with one audit event each, in as few statements as
/// the backend allows; the patients must exist in the rows' centers ([`StoreError::NotFound`]).
/// A second visit of a patient on a date is a conflict and nothing of the batch is kept by the
/// caller's transaction.
pub fn create_many(conn: &mut DbConn, ctx: &WriteCtx, rows: &[VisitRow]) -> Result<(), StoreError> {
    super::refs::patients_in(
        conn,
        rows.iter()
            .map(|r| (r.center_id.as_str(), r.patient_id.as_str())),
    )?;
    insert_audited(conn, ctx, rows)
}

/// The patient's visits in date order (the patient must be in scope for rows to return).
pub fn for_patient(
    conn: &mut DbConn,
    scope: &Scope,
    patient_id: &str,
) -> Result<Vec<VisitRow>, StoreError> {
    // Not boxed, so diesel caches the prepared statement of each variant.
    let q = visits::table
        .filter(visits::patient_id.eq(patient_id))
        .filter(visits::deleted_at.is_null())
        .select(VisitRow::as_select())
        .order(visits::visit_date);
    let rows = match scope {
        Scope::Center(center) => q.filter(visits::center_id.eq(center)).load(conn)?,
        Scope::All => q.load(conn)?,
    };
    Ok(rows)
}

/// The patient's visit on `date`, if any.
pub fn on_date(
    conn: &mut DbConn,
    patient_id: &str,
    date: NaiveDate,
) -> Result<Option<VisitRow>, StoreError> {
    Ok(visits::table
        .filter(visits::patient_id.eq(patient_id))
        .filter(visits::visit_date.eq(date))
        .filter(visits::deleted_at.is_null())
        .select(VisitRow::as_select())
        .first(conn)
        .optional()?)
}

/// Number of visits not deleted (for counts in tests and reports).
pub fn count(conn: &mut DbConn, scope: &Scope) -> Result<i64, StoreError> {
    let mut q = visits::table
        .filter(visits::deleted_at.is_null())
        .count()
        .into_boxed();
    if let Scope::Center(center) = scope {
        q = q.filter(visits::center_id.eq(center));
    }
    Ok(q.get_result(conn)?)
}

/// The visits (not deleted) in `center_id` of any of `patient_ids` on any of `dates`: a superset
/// of the visits with those (patient, date) pairs, for an import to find the stored visits of a
/// batch in one query. (The center lets PostgreSQL use `visits_center` when a batch spans few
/// dates, as a file sorted by date does: a thirtieth of the time of a probe per patient.)
pub fn on_dates(
    conn: &mut DbConn,
    center_id: &str,
    patient_ids: &[&str],
    dates: &[NaiveDate],
) -> Result<Vec<VisitRow>, StoreError> {
    if patient_ids.is_empty() || dates.is_empty() {
        return Ok(Vec::new());
    }
    Ok(visits::table
        .filter(visits::center_id.eq(center_id))
        .filter(visits::patient_id.eq_any(patient_ids))
        .filter(visits::visit_date.eq_any(dates))
        .filter(visits::deleted_at.is_null())
        .select(VisitRow::as_select())
        .load(conn)?)
}

impl VisitRow {
    /// The instrument columns whose values differ between `self` and `other` (empty when the
    /// two hold the same visit: storing one again would change nothing).
    pub fn differences(&self, other: &Self) -> Vec<&'static str> {
        self.differing_values(other)
            .into_iter()
            .map(|(name, _, _)| name)
            .collect()
    }

    /// The instrument columns whose values differ, each with `self`'s value and `other`'s as
    /// text (no value: empty; yes/no as `yes`/`no`).
    pub fn differing_values(&self, other: &Self) -> Vec<(&'static str, String, String)> {
        let text = [
            ("weight_kg", &self.weight_kg, &other.weight_kg),
            ("salt_top", &self.salt_top, &other.salt_top),
            ("salt_back", &self.salt_back, &other.salt_back),
            ("salt_right", &self.salt_right, &other.salt_right),
            ("salt_left", &self.salt_left, &other.salt_left),
            ("salt_total", &self.salt_total, &other.salt_total),
            ("easi_regions", &self.easi_regions, &other.easi_regions),
            ("easi_total", &self.easi_total, &other.easi_total),
            ("poem_items", &self.poem_items, &other.poem_items),
            ("dlqi_items", &self.dlqi_items, &other.dlqi_items),
            ("cdlqi_items", &self.cdlqi_items, &other.cdlqi_items),
            ("idqol_items", &self.idqol_items, &other.idqol_items),
        ];
        let numbers = [
            ("pp_nrs", self.pp_nrs, other.pp_nrs),
            ("viga", self.viga, other.viga),
            ("poem", self.poem_total, other.poem_total),
            ("dlqi", self.dlqi_total, other.dlqi_total),
            ("cdlqi", self.cdlqi_total, other.cdlqi_total),
            ("idqol", self.idqol_total, other.idqol_total),
            ("eyebrows", self.eyebrows, other.eyebrows),
            ("eyelashes", self.eyelashes, other.eyelashes),
        ];
        let flags = [
            ("vellus_hair", self.vellus_hair, other.vellus_hair),
            ("wig", self.wig, other.wig),
        ];
        let mut out: Vec<(&'static str, String, String)> = text
            .iter()
            .filter(|(_, a, b)| a != b)
            .map(|(name, a, b)| {
                (
                    *name,
                    (*a).clone().unwrap_or_default(),
                    (*b).clone().unwrap_or_default(),
                )
            })
            .collect();
        let number = |v: Option<i32>| v.map(|n| n.to_string()).unwrap_or_default();
        out.extend(
            numbers
                .iter()
                .filter(|(_, a, b)| a != b)
                .map(|(n, a, b)| (*n, number(*a), number(*b))),
        );
        let flag = |v: Option<bool>| {
            v.map(|f| if f { "yes" } else { "no" }.to_owned())
                .unwrap_or_default()
        };
        out.extend(
            flags
                .iter()
                .filter(|(_, a, b)| a != b)
                .map(|(n, a, b)| (*n, flag(*a), flag(*b))),
        );
        if self.missing_fields != other.missing_fields {
            out.push((
                "missing",
                self.missing_fields.clone(),
                other.missing_fields.clone(),
            ));
        }
        out
    }
}
