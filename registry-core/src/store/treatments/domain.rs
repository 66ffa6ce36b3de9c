//! From stored rows to the domain [`Episode`], and the check every episode write passes: the
//! episode with the change applied must still parse (stop ≥ start, doses and interruptions inside
//! the episode, one dose per date, no overlapping interruptions).

use rust_decimal::Decimal;

use super::{DoseChangeRow, EpisodeRow, InterruptionRow};
use crate::catalogue::Drug;
use crate::patient::Diagnosis;
use crate::store::{DbConn, Scope, StoreError};
use crate::treatment::{
    DoseChangeInput, DoseInput, DoseUnit, Episode, EpisodeInput, Frequency, InterruptionInput,
    InterruptionReason, StopReason,
};
use crate::{FieldError, ValidationErrors};

/// The domain episode of `row` with its dose changes and interruptions (deleted ones left out by
/// the caller). The initial dose of the row is the dose change on the start date. Stored data
/// that do not parse are [`StoreError::Corrupt`].
pub fn episode(
    row: &EpisodeRow,
    doses: &[DoseChangeRow],
    interruptions: &[InterruptionRow],
) -> Result<Episode, StoreError> {
    Episode::parse(input(row, doses, interruptions)?)
        .map_err(|e| StoreError::Corrupt(format!("treatment episode {}: {e}", row.id)))
}

/// The domain episode `id` in `scope`, with its dose changes and interruptions.
pub fn load_episode(conn: &mut DbConn, scope: &Scope, id: &str) -> Result<Episode, StoreError> {
    let row = super::get(conn, scope, id)?;
    let doses = super::doses::rows(conn, scope, id)?;
    let interruptions = super::interruptions::rows(conn, scope, id)?;
    episode(&row, &doses, &interruptions)
}

/// The episode (row and domain value) that `date` falls in among `rows` (one patient's): on
/// treatment that day, else starting within 30 days ([`crate::visit::episode_for_date`]).
pub fn episode_on<'a>(
    conn: &mut DbConn,
    scope: &Scope,
    rows: &'a [EpisodeRow],
    date: chrono::NaiveDate,
) -> Result<Option<(&'a EpisodeRow, Episode)>, StoreError> {
    let spans: Vec<_> = rows.iter().map(EpisodeRow::span).collect();
    let Some(row) = crate::visit::episode_for_date(&spans, date).map(|i| &rows[i]) else {
        return Ok(None);
    };
    let doses = super::doses::rows(conn, scope, &row.id)?;
    let interruptions = super::interruptions::rows(conn, scope, &row.id)?;
    Ok(Some((row, episode(row, &doses, &interruptions)?)))
}

/// The episode input of `row` with the episode's stored doses and interruptions.
pub(super) fn load_input(
    conn: &mut DbConn,
    scope: &Scope,
    row: &EpisodeRow,
) -> Result<EpisodeInput, StoreError> {
    let doses = super::doses::rows(conn, scope, &row.id)?;
    let interruptions = super::interruptions::rows(conn, scope, &row.id)?;
    input(row, &doses, &interruptions)
}

/// Parses `input`; its errors become [`StoreError::Invalid`] at the store field `field` names for
/// each domain path (`interruptions[2].to` → `to`).
pub(super) fn check(
    input: EpisodeInput,
    field: impl Fn(&str) -> &'static str,
) -> Result<Episode, StoreError> {
    Episode::parse(input).map_err(|errors| {
        let renamed = errors
            .0
            .into_iter()
            .map(|e| FieldError::new(field(&e.field), e.message));
        StoreError::Invalid(ValidationErrors(renamed.collect()))
    })
}

/// The episode input of the stored rows.
pub(super) fn input(
    row: &EpisodeRow,
    doses: &[DoseChangeRow],
    interruptions: &[InterruptionRow],
) -> Result<EpisodeInput, StoreError> {
    let corrupt = |what: &str, value: &str| StoreError::Corrupt(format!("{what} {value}"));
    let initial = match (&row.dose_amount, &row.dose_unit, &row.dose_frequency) {
        (Some(amount), Some(unit), Some(frequency)) => Some(DoseChangeInput {
            effective: row.start_date,
            dose: dose_input(amount, unit, frequency)?,
            is_taper: Some(false),
        }),
        _ => None,
    };
    let changes = doses.iter().map(|d| {
        Ok(DoseChangeInput {
            effective: d.effective_date,
            dose: dose_input(&d.amount, &d.unit, &d.frequency)?,
            is_taper: Some(d.is_taper),
        })
    });
    let pauses = interruptions.iter().map(|p| {
        Ok(InterruptionInput {
            from: p.from_date,
            to: p.to_date,
            reason: InterruptionReason::parse(&p.reason)
                .ok_or_else(|| corrupt("interruption reason", &p.reason))?,
        })
    });
    Ok(EpisodeInput {
        drug: parse_drug(&row.drug)?,
        indication: Diagnosis::parse(&row.indication)
            .ok_or_else(|| corrupt("indication", &row.indication))?,
        start: row.start_date,
        stop: row.stop_date,
        stop_reason: match &row.stop_reason {
            Some(code) => {
                Some(StopReason::parse(code).ok_or_else(|| corrupt("stop reason", code))?)
            }
            None => None,
        },
        doses: initial
            .into_iter()
            .map(Ok)
            .chain(changes)
            .collect::<Result<_, StoreError>>()?,
        interruptions: pauses.collect::<Result<_, StoreError>>()?,
    })
}

/// A dose as stored (amount text, unit and frequency codes).
pub(super) fn dose_input(
    amount: &str,
    unit: &str,
    frequency: &str,
) -> Result<DoseInput, StoreError> {
    let corrupt = |what: &str, value: &str| StoreError::Corrupt(format!("dose {what} {value}"));
    Ok(DoseInput {
        amount: amount
            .parse::<Decimal>()
            .map_err(|_| corrupt("amount", amount))?,
        unit: DoseUnit::parse(unit).ok_or_else(|| corrupt("unit", unit))?,
        frequency: Frequency::parse(frequency).ok_or_else(|| corrupt("frequency", frequency))?,
    })
}

/// Parses a stored drug code.
pub(super) fn parse_drug(code: &str) -> Result<Drug, StoreError> {
    Drug::parse(code).ok_or_else(|| StoreError::Corrupt(format!("drug {code}")))
}
