//! Many treatment histories in a few statements, for bulk loaders (the demo generator): each
//! episode with its dose changes and interruptions, checked by the domain [`Episode`] as the
//! single-row writes check them, numbered as [`create`](super::create) numbers, and every row
//! audited. The patients are looked up and locked at once, their stored episode starts read at
//! once, and the rows inserted in bulk.
//!
//! [`Episode`]: crate::treatment::Episode

use std::collections::BTreeMap;

use chrono::NaiveDate;
use diesel::prelude::*;

use super::{DoseChangeRow, EpisodeRow, InterruptionRow, NewEpisode, domain, doses, interruptions};
use crate::store::batch::MAX_IDS_PER_LOOKUP;
use crate::store::schema::{patients, treatment_episodes};
use crate::store::{DbConn, StoreError, WriteCtx};
use crate::treatment::{
    Dose, DoseChangeInput, EpisodeStart, InterruptionInput, InterruptionReason, number_episodes,
};
use crate::{FieldError, ValidationErrors};

/// An episode to create with its later dose changes and interruptions.
#[derive(Debug, Clone, PartialEq)]
pub struct NewHistory {
    /// The episode (its initial dose on the start date).
    pub episode: NewEpisode,
    /// Dose changes after the start: first day, dose, tapering step (`None`: derived from the
    /// dose before).
    pub dose_changes: Vec<(NaiveDate, Dose, Option<bool>)>,
    /// Interruptions: first day off, restart day, reason.
    pub interruptions: Vec<(NaiveDate, Option<NaiveDate>, InterruptionReason)>,
}

/// A stored episode with its dose changes and interruptions.
pub type StoredHistory = (EpisodeRow, Vec<DoseChangeRow>, Vec<InterruptionRow>);

/// Creates every history, in order (a patient's episodes are numbered in the order given, after
/// the stored ones). Every patient must exist in its episode's center ([`StoreError::NotFound`]);
/// an episode that does not parse is [`StoreError::Invalid`] at `[k].{domain path}` (`k` the
/// history's index), and nothing is stored.
pub fn create_many(
    conn: &mut DbConn,
    ctx: &WriteCtx,
    histories: Vec<NewHistory>,
) -> Result<Vec<StoredHistory>, StoreError> {
    if histories.is_empty() {
        return Ok(Vec::new());
    }
    let mut starts = lock_patients(
        conn,
        histories
            .iter()
            .map(|h| (h.episode.center_id.as_str(), h.episode.patient_id.as_str())),
    )?;
    let mut stored = Vec::with_capacity(histories.len());
    for (k, history) in histories.into_iter().enumerate() {
        let mut row = EpisodeRow::new(ctx, &history.episode)?;
        let mut input = domain::input(&row, &[], &[])?;
        input.doses.extend(
            history
                .dose_changes
                .iter()
                .map(|&(effective, dose, is_taper)| DoseChangeInput {
                    effective,
                    dose: dose.into(),
                    is_taper,
                }),
        );
        input.interruptions.extend(
            history
                .interruptions
                .iter()
                .map(|&(from, to, reason)| InterruptionInput { from, to, reason }),
        );
        let episode = crate::treatment::Episode::parse(input).map_err(|errors| {
            let at = errors
                .0
                .into_iter()
                .map(|e| FieldError::new(format!("[{k}].{}", e.field), e.message));
            StoreError::Invalid(ValidationErrors(at.collect()))
        })?;
        let patient_starts = starts.entry(row.patient_id.clone()).or_default();
        patient_starts.push(EpisodeStart {
            drug: history.episode.drug,
            start: history.episode.start_date,
        });
        let number = number_episodes(patient_starts)
            .last()
            .map_or(1, |s| s.episode_number);
        row.episode_number = i32::try_from(number).unwrap_or(i32::MAX);
        let dose_rows: Vec<DoseChangeRow> = history
            .dose_changes
            .iter()
            .map(|&(date, dose, _)| {
                let is_taper = episode
                    .doses()
                    .iter()
                    .find(|c| c.effective() == date)
                    .is_some_and(|c| c.is_taper());
                DoseChangeRow::new(ctx, &row, date, dose, is_taper)
            })
            .collect();
        let pause_rows: Vec<InterruptionRow> = history
            .interruptions
            .iter()
            .map(|&(from, to, reason)| InterruptionRow::new(ctx, &row, from, to, reason))
            .collect();
        stored.push((row, dose_rows, pause_rows));
    }
    let episodes: Vec<EpisodeRow> = stored.iter().map(|(e, _, _)| e.clone()).collect();
    super::insert_audited(conn, ctx, &episodes)?;
    let dose_rows: Vec<DoseChangeRow> = stored.iter().flat_map(|(_, d, _)| d.clone()).collect();
    doses::insert_audited(conn, ctx, &dose_rows)?;
    let pause_rows: Vec<InterruptionRow> = stored.iter().flat_map(|(_, _, i)| i.clone()).collect();
    interruptions::insert_audited(conn, ctx, &pause_rows)?;
    Ok(stored)
}

/// Checks that every `(center, patient)` names a patient (not deleted) of that center, locks
/// them (PostgreSQL, in id order; SQLite holds the write lock already) so episodes created at the
/// same time by others get distinct numbers, and returns each patient's stored episode starts.
fn lock_patients<'a>(
    conn: &mut DbConn,
    pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Result<BTreeMap<String, Vec<EpisodeStart>>, StoreError> {
    let wanted: BTreeMap<&str, &str> = pairs.into_iter().map(|(c, p)| (p, c)).collect();
    let ids: Vec<&str> = wanted.keys().copied().collect();
    let mut starts: BTreeMap<String, Vec<EpisodeStart>> = BTreeMap::new();
    for chunk in ids.chunks(MAX_IDS_PER_LOOKUP) {
        let q = patients::table
            .filter(patients::id.eq_any(chunk))
            .filter(patients::deleted_at.is_null())
            .select((patients::id, patients::center_id))
            .order(patients::id);
        let found: Vec<(String, String)> = match conn {
            DbConn::Pg(pg) => q.for_update().load(pg)?,
            DbConn::Sqlite(lite) => q.load(lite)?,
        };
        if found.len() != chunk.len()
            || found
                .iter()
                .any(|(p, c)| wanted.get(p.as_str()) != Some(&c.as_str()))
        {
            return Err(StoreError::NotFound);
        }
        let stored: Vec<(String, String, NaiveDate)> = treatment_episodes::table
            .filter(treatment_episodes::patient_id.eq_any(chunk))
            .filter(treatment_episodes::deleted_at.is_null())
            .select((
                treatment_episodes::patient_id,
                treatment_episodes::drug,
                treatment_episodes::start_date,
            ))
            .order((treatment_episodes::start_date, treatment_episodes::id))
            .load(conn)?;
        for (patient, drug, start) in stored {
            starts.entry(patient).or_default().push(EpisodeStart {
                drug: domain::parse_drug(&drug)?,
                start,
            });
        }
    }
    Ok(starts)
}
