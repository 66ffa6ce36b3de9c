//! Treatment episodes (CLINICAL.md §2): one drug for one indication from start to stop, numbered
//! per patient and drug, with their dose changes ([`doses`]) and interruptions
//! ([`interruptions`]). [`episode`] and [`load_episode`] turn the stored rows into the domain
//! [`Episode`](crate::treatment::Episode), so callers can ask `on_treatment(date)`,
//! `dose_on(date)`, …; every write is checked by that same domain type.
//!
//! **Numbering.** [`create`] numbers a new episode with
//! [`number_episodes`](crate::treatment::number_episodes) over the patient's stored episodes:
//! 1 + the number of the patient's (not deleted) episodes of the same drug that started on or
//! before the new start. Re-treatment with a drug is therefore number 2, another drug starts at 1.
//! Episodes already stored are never renumbered: an episode entered late with an earlier start
//! than a stored one of the same drug leaves the stored numbers as they are.

use chrono::NaiveDate;
use diesel::prelude::*;
use serde::Serialize;

use super::schema::treatment_episodes;
use super::{DbConn, Scope, StoreError, WriteCtx};
use crate::Warning;
use crate::catalogue::Drug;
use crate::patient::Diagnosis;
use crate::treatment::{Dose, EpisodeStart, StopReason, number_episodes};

mod domain;
pub mod doses;
pub mod interruptions;
mod locks;
mod many;

pub use domain::{episode, episode_on, load_episode};
pub use doses::{DoseChangeRow, add_dose_change, for_episode as dose_changes};
pub use interruptions::{InterruptionRow, add_interruption, for_episode as interruptions};
pub use many::{NewHistory, StoredHistory, create_many};

crate::clinical_record!(treatment_episodes, EpisodeRow, "treatment_episode");

/// A stored treatment episode. The initial dose is exact decimal text with unit and frequency
/// codes; later doses are [`DoseChangeRow`]s.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset, Serialize)]
#[diesel(table_name = treatment_episodes, treat_none_as_null = true, treat_none_as_default_value = false)]
pub struct EpisodeRow {
    /// Id.
    pub id: String,
    /// Center.
    pub center_id: String,
    /// Patient.
    pub patient_id: String,
    /// Drug code (`upadacitinib`).
    pub drug: String,
    /// Indication (`AA`, `AD`).
    pub indication: String,
    /// 1 for the patient's first episode of this drug, 2 for the first re-treatment, ….
    pub episode_number: i32,
    /// First day on the drug (day 0).
    pub start_date: NaiveDate,
    /// Last day on the drug.
    pub stop_date: Option<NaiveDate>,
    /// Stop reason code.
    pub stop_reason: Option<String>,
    /// Initial dose amount (exact decimal text).
    pub dose_amount: Option<String>,
    /// Initial dose unit code (`mg`, `mg/kg`, `mg/m2`).
    pub dose_unit: Option<String>,
    /// Initial dose frequency code (`once_daily`, …).
    pub dose_frequency: Option<String>,
    /// Start warnings (off-label use, …) as a JSON list.
    pub warnings: String,
    /// Version of the rules that produced the warnings.
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

/// How an episode ended: the last day on the drug and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EpisodeStop {
    /// Last day on the drug (not before the start).
    pub date: NaiveDate,
    /// Why the drug was stopped.
    pub reason: StopReason,
}

/// A treatment episode to create.
#[derive(Debug, Clone, PartialEq)]
pub struct NewEpisode {
    /// Center (the patient's).
    pub center_id: String,
    /// Patient.
    pub patient_id: String,
    /// Drug.
    pub drug: Drug,
    /// Indication.
    pub indication: Diagnosis,
    /// First day on the drug.
    pub start_date: NaiveDate,
    /// The stop, when the episode is entered after it ended.
    pub stop: Option<EpisodeStop>,
    /// The initial dose.
    pub dose: Option<Dose>,
    /// Start warnings (from [`check_start`](crate::catalogue::check_start)).
    pub warnings: Vec<Warning>,
}

impl EpisodeRow {
    /// The dates the episode covers, for the timeline and the history rules.
    pub fn span(&self) -> crate::visit::EpisodeSpan {
        crate::visit::EpisodeSpan {
            start: self.start_date,
            stop: self.stop_date,
        }
    }

    /// The row of a new episode numbered 1 (the caller numbers it).
    fn new(ctx: &WriteCtx, new: &NewEpisode) -> Result<Self, StoreError> {
        Ok(Self {
            id: super::new_id(),
            center_id: new.center_id.clone(),
            patient_id: new.patient_id.clone(),
            drug: new.drug.code().to_owned(),
            indication: new.indication.code().to_owned(),
            episode_number: 1,
            start_date: new.start_date,
            stop_date: new.stop.map(|s| s.date),
            stop_reason: new.stop.map(|s| s.reason.code().to_owned()),
            dose_amount: new.dose.map(|d| d.amount().to_string()),
            dose_unit: new.dose.map(|d| d.unit().code().to_owned()),
            dose_frequency: new.dose.map(|d| d.frequency().code().to_owned()),
            warnings: super::to_json(&new.warnings)?,
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

/// Creates an episode, numbered as the [module](self) explains. The patient must exist in the
/// episode's center (else [`StoreError::NotFound`]); a stop before the start is
/// [`StoreError::Invalid`] at `stop_date`.
pub fn create(
    conn: &mut DbConn,
    ctx: &WriteCtx,
    new: NewEpisode,
) -> Result<EpisodeRow, StoreError> {
    let row = insert(conn, ctx, new)?;
    audit_create(conn, ctx, &row)?;
    Ok(row)
}

/// [`create`] without the audit event of the new row: for imports, whose one event covers the
/// rows naming it (see [`super::imports`]).
pub fn insert(
    conn: &mut DbConn,
    ctx: &WriteCtx,
    new: NewEpisode,
) -> Result<EpisodeRow, StoreError> {
    let mut row = EpisodeRow::new(ctx, &new)?;
    domain::check(domain::input(&row, &[], &[])?, |_| "stop_date")?;
    locks::patient(conn, &row.center_id, &row.patient_id)?;
    let mut starts = treatment_episodes::table
        .filter(treatment_episodes::patient_id.eq(&row.patient_id))
        .filter(treatment_episodes::deleted_at.is_null())
        .select((treatment_episodes::drug, treatment_episodes::start_date))
        .load::<(String, NaiveDate)>(conn)?
        .into_iter()
        .map(|(drug, start)| {
            Ok(EpisodeStart {
                drug: domain::parse_drug(&drug)?,
                start,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    starts.push(EpisodeStart {
        drug: new.drug,
        start: new.start_date,
    });
    let number = number_episodes(&starts)
        .last()
        .map_or(1, |s| s.episode_number);
    row.episode_number = i32::try_from(number).unwrap_or(i32::MAX);
    diesel::insert_into(treatment_episodes::table)
        .values(&row)
        .execute(conn)?;
    Ok(row)
}

/// The patient's episodes in `scope`, by start date.
pub fn for_patient(
    conn: &mut DbConn,
    scope: &Scope,
    patient_id: &str,
) -> Result<Vec<EpisodeRow>, StoreError> {
    // Not boxed, so diesel caches the prepared statement of each variant.
    let q = treatment_episodes::table
        .filter(treatment_episodes::patient_id.eq(patient_id))
        .filter(treatment_episodes::deleted_at.is_null())
        .select(EpisodeRow::as_select())
        .order((treatment_episodes::start_date, treatment_episodes::id));
    let rows = match scope {
        Scope::Center(center) => q
            .filter(treatment_episodes::center_id.eq(center))
            .load(conn)?,
        Scope::All => q.load(conn)?,
    };
    Ok(rows)
}

/// Stops (or corrects the stop of) an episode read at `expected_version`. The stop may not be
/// before the start, nor before a dose change or interruption of the episode
/// ([`StoreError::Invalid`] at `stop_date`). Audited with `reason`.
pub fn stop(
    conn: &mut DbConn,
    ctx: &WriteCtx,
    scope: &Scope,
    id: &str,
    expected_version: i32,
    stop: EpisodeStop,
    reason: &str,
) -> Result<EpisodeRow, StoreError> {
    let before = get(conn, scope, id)?;
    if before.version != expected_version {
        return Err(StoreError::StaleVersion {
            current: before.version,
        });
    }
    locks::episode(conn, id)?;
    let mut after = before.clone();
    after.stop_date = Some(stop.date);
    after.stop_reason = Some(stop.reason.code().to_owned());
    domain::check(domain::load_input(conn, scope, &after)?, |_| "stop_date")?;
    save_edit(conn, ctx, &before, after, reason)
}
