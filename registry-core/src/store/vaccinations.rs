//! Vaccinations given to a patient: the vaccine ([`VaccineKind`] code), the dose number in its
//! series and the date. [`VaccinationRow::vaccination`] gives the domain value the timing rules
//! around JAK inhibitors check ([`crate::vaccination::check_vaccinations`]).

use chrono::NaiveDate;
use diesel::prelude::*;
use serde::Serialize;

use super::schema::vaccinations;
use super::{DbConn, Scope, StoreError, WriteCtx};
use crate::FieldError;
use crate::vaccination::{Vaccination, VaccineKind};

crate::clinical_record!(vaccinations, VaccinationRow, "vaccination");

/// Highest dose number accepted in one vaccine's series.
pub const MAX_DOSE_NUMBER: i32 = 10;

/// A stored vaccination.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset, Serialize)]
#[diesel(table_name = vaccinations, treat_none_as_null = true, treat_none_as_default_value = false)]
pub struct VaccinationRow {
    /// Id.
    pub id: String,
    /// Center.
    pub center_id: String,
    /// Patient.
    pub patient_id: String,
    /// Vaccine code (`herpes_zoster_recombinant`, `mmr`, …).
    pub vaccine: String,
    /// Dose number in the vaccine's series (1, 2, …), when known.
    pub dose_number: Option<i32>,
    /// Day it was given.
    pub vaccination_date: NaiveDate,
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

impl VaccinationRow {
    /// The vaccination as the domain rules take it.
    pub fn vaccination(&self) -> Result<Vaccination, StoreError> {
        let kind = VaccineKind::parse(&self.vaccine)
            .ok_or_else(|| StoreError::Corrupt(format!("vaccine {}", self.vaccine)))?;
        Ok(Vaccination {
            kind,
            date: self.vaccination_date,
        })
    }
}

/// A vaccination to record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewVaccination {
    /// Center (the patient's).
    pub center_id: String,
    /// Patient.
    pub patient_id: String,
    /// The vaccine.
    pub vaccine: VaccineKind,
    /// Dose number in the series, 1 to [`MAX_DOSE_NUMBER`].
    pub dose_number: Option<i32>,
    /// Day it was given.
    pub date: NaiveDate,
}

/// Records a vaccination. The patient must exist in the center ([`StoreError::NotFound`]); a dose
/// number outside 1 to [`MAX_DOSE_NUMBER`] is [`StoreError::Invalid`] at `dose_number`.
pub fn create(
    conn: &mut DbConn,
    ctx: &WriteCtx,
    new: NewVaccination,
) -> Result<VaccinationRow, StoreError> {
    create_many(conn, ctx, vec![new])?
        .pop()
        .ok_or(StoreError::NotFound)
}

/// [`create`] for many vaccinations in a few statements (bulk loaders): each checked as
/// `create` checks it, every patient looked up at once, each row audited.
pub fn create_many(
    conn: &mut DbConn,
    ctx: &WriteCtx,
    news: Vec<NewVaccination>,
) -> Result<Vec<VaccinationRow>, StoreError> {
    let rows = news
        .into_iter()
        .map(|new| VaccinationRow::new(ctx, new))
        .collect::<Result<Vec<_>, _>>()?;
    super::refs::patients_in(
        conn,
        rows.iter()
            .map(|r| (r.center_id.as_str(), r.patient_id.as_str())),
    )?;
    insert_audited(conn, ctx, &rows)?;
    Ok(rows)
}

impl VaccinationRow {
    /// The row of a new vaccination; a dose number out of range is [`StoreError::Invalid`].
    fn new(ctx: &WriteCtx, new: NewVaccination) -> Result<Self, StoreError> {
        if let Some(n) = new
            .dose_number
            .filter(|n| !(1..=MAX_DOSE_NUMBER).contains(n))
        {
            let message = format!("dose number {n} is not allowed: use 1 to {MAX_DOSE_NUMBER}");
            return Err(FieldError::new("dose_number", message).into_store());
        }
        Ok(Self {
            id: super::new_id(),
            center_id: new.center_id,
            patient_id: new.patient_id,
            vaccine: new.vaccine.code().to_owned(),
            dose_number: new.dose_number,
            vaccination_date: new.date,
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

/// The patient's vaccinations in `scope`, by date.
pub fn for_patient(
    conn: &mut DbConn,
    scope: &Scope,
    patient_id: &str,
) -> Result<Vec<VaccinationRow>, StoreError> {
    let mut q = vaccinations::table
        .filter(vaccinations::patient_id.eq(patient_id))
        .filter(vaccinations::deleted_at.is_null())
        .select(VaccinationRow::as_select())
        .into_boxed();
    if let Scope::Center(center) = scope {
        q = q.filter(vaccinations::center_id.eq(center));
    }
    Ok(q.order((vaccinations::vaccination_date, vaccinations::id))
        .load(conn)?)
}
