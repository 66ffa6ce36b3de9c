//! A treatment episode: one drug for one indication from start to stop, with its doses over time
//! and its interruptions, checked as a whole.
//!
//! Day conventions: `start` is the first day on the drug and `stop` the last (the stop day counts
//! as on treatment); an interruption runs from its first day off to its restart day (exclusive).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{Dose, DoseInput, Interruption, InterruptionInput, StopReason};
use crate::catalogue::Drug;
use crate::error::{FieldError, ValidationErrors};
use crate::patient::Diagnosis;

mod parse;

/// A dose from its effective date until the next change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "DoseChangeInput", try_from = "DoseChangeInput")]
pub struct DoseChange {
    effective: NaiveDate,
    dose: Dose,
    is_taper: bool,
}

impl DoseChange {
    /// The first day on this dose.
    pub fn effective(&self) -> NaiveDate {
        self.effective
    }

    /// The dose.
    pub fn dose(&self) -> &Dose {
        &self.dose
    }

    /// True for a tapering step: as recorded, or (when not recorded) a lower weekly amount in the
    /// same unit than the dose before it.
    pub fn is_taper(&self) -> bool {
        self.is_taper
    }
}

/// A dose change as entered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DoseChangeInput {
    /// The first day on this dose.
    pub effective: NaiveDate,
    /// The dose.
    #[serde(flatten)]
    pub dose: DoseInput,
    /// Whether this change is a tapering step; absent: derived from the dose before.
    #[serde(default)]
    pub is_taper: Option<bool>,
}

impl From<DoseChange> for DoseChangeInput {
    fn from(c: DoseChange) -> Self {
        Self {
            effective: c.effective,
            dose: c.dose.into(),
            is_taper: Some(c.is_taper),
        }
    }
}

impl TryFrom<DoseChangeInput> for DoseChange {
    type Error = FieldError;

    /// A single change; with no dose before it, an absent flag means "not a taper".
    fn try_from(input: DoseChangeInput) -> Result<Self, Self::Error> {
        Ok(Self {
            effective: input.effective,
            dose: Dose::try_from(input.dose)?,
            is_taper: input.is_taper.unwrap_or(false),
        })
    }
}

/// An episode as entered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EpisodeInput {
    /// The drug.
    pub drug: Drug,
    /// The indication it is given for.
    pub indication: Diagnosis,
    /// First day on the drug (day 0).
    pub start: NaiveDate,
    /// Last day on the drug; absent while ongoing.
    #[serde(default)]
    pub stop: Option<NaiveDate>,
    /// Why it was stopped; required with `stop`.
    #[serde(default)]
    pub stop_reason: Option<StopReason>,
    /// Doses over time, in any order.
    #[serde(default)]
    pub doses: Vec<DoseChangeInput>,
    /// Interruptions, in any order.
    #[serde(default)]
    pub interruptions: Vec<InterruptionInput>,
}

/// A checked episode: stop ≥ start with a reason, doses and interruptions inside it, no
/// overlapping interruptions. Doses and interruptions are kept in date order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "EpisodeInput", try_from = "EpisodeInput")]
pub struct Episode {
    drug: Drug,
    indication: Diagnosis,
    start: NaiveDate,
    stop: Option<(NaiveDate, StopReason)>,
    doses: Vec<DoseChange>,
    interruptions: Vec<Interruption>,
}

impl Episode {
    /// Checks an episode, collecting every error (paths like `doses[2].effective`).
    pub fn parse(input: EpisodeInput) -> Result<Self, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let stop = parse::stop(input.start, input.stop, input.stop_reason, &mut errors);
        let bounds = parse::Bounds {
            start: input.start,
            last_day: input.stop.filter(|s| *s >= input.start),
        };
        let doses = parse::doses(&input.doses, bounds, &mut errors);
        let interruptions = parse::interruptions(&input.interruptions, bounds, &mut errors);
        errors.into_result(())?;
        Ok(Self {
            drug: input.drug,
            indication: input.indication,
            start: input.start,
            stop,
            doses,
            interruptions,
        })
    }

    /// The drug.
    pub fn drug(&self) -> Drug {
        self.drug
    }

    /// The indication.
    pub fn indication(&self) -> Diagnosis {
        self.indication
    }

    /// First day on the drug (day 0).
    pub fn start(&self) -> NaiveDate {
        self.start
    }

    /// Last day on the drug, when stopped.
    pub fn stop(&self) -> Option<NaiveDate> {
        self.stop.map(|(date, _)| date)
    }

    /// Why the drug was stopped, when stopped.
    pub fn stop_reason(&self) -> Option<StopReason> {
        self.stop.map(|(_, reason)| reason)
    }

    /// Dose changes in date order.
    pub fn doses(&self) -> &[DoseChange] {
        &self.doses
    }

    /// Interruptions in date order.
    pub fn interruptions(&self) -> &[Interruption] {
        &self.interruptions
    }

    /// True when `date` lies in `start..=stop` (or on/after start while ongoing), pauses included.
    pub fn spans(&self, date: NaiveDate) -> bool {
        date >= self.start && self.stop().is_none_or(|s| date <= s)
    }

    /// The interruption the drug is paused in on `date`, if any.
    pub fn interruption_on(&self, date: NaiveDate) -> Option<&Interruption> {
        self.interruptions.iter().find(|p| p.covers(date))
    }

    /// True when the drug is paused on `date`.
    pub fn is_interrupted_on(&self, date: NaiveDate) -> bool {
        self.interruption_on(date).is_some()
    }

    /// True when the patient takes the drug on `date`: started, not stopped, not paused.
    pub fn on_treatment(&self, date: NaiveDate) -> bool {
        self.spans(date) && !self.is_interrupted_on(date)
    }

    /// The dose in force on `date` (the latest change effective on or before it).
    pub fn dose_on(&self, date: NaiveDate) -> Option<&DoseChange> {
        self.doses.iter().rev().find(|c| c.effective <= date)
    }
}

impl TryFrom<EpisodeInput> for Episode {
    type Error = ValidationErrors;

    fn try_from(input: EpisodeInput) -> Result<Self, Self::Error> {
        Self::parse(input)
    }
}

impl From<Episode> for EpisodeInput {
    fn from(e: Episode) -> Self {
        Self {
            drug: e.drug,
            indication: e.indication,
            start: e.start,
            stop: e.stop(),
            stop_reason: e.stop_reason(),
            doses: e.doses.into_iter().map(DoseChangeInput::from).collect(),
            interruptions: e.interruptions.into_iter().map(Into::into).collect(),
        }
    }
}

#[cfg(test)]
mod tests;
