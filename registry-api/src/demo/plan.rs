//! A patient's simulated history before it is turned into records: the person, the treatment
//! episodes with their doses, interruptions, visit dates and adverse events, the latent course
//! of the disease, vaccinations and extra follow-up visits.

use chrono::NaiveDate;
use registry_core::catalogue::Drug;
use registry_core::treatment::{Dose, InterruptionReason, StopReason};
use registry_core::vaccination::VaccineKind;

use super::adverse::PlannedAe;
use super::centers::Center;
use super::course::{Course, Relapse};
use super::person::Person;
use super::regimen::Regimen;

/// Whom and until when a simulation is about.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// The patient.
    pub person: &'a Person,
    /// The patient's center.
    pub center: &'a Center,
    /// End of follow-up (the data cut).
    pub until: NaiveDate,
}

/// One treatment episode as simulated.
#[derive(Debug, Clone)]
pub struct PlannedEpisode {
    /// The drug.
    pub drug: Drug,
    /// Day 0.
    pub start: NaiveDate,
    /// Last day on the drug and why, if stopped before the end of follow-up.
    pub stop: Option<(NaiveDate, StopReason)>,
    /// The doses.
    pub regimen: Regimen,
    /// Dose changes: date, dose, tapering step.
    pub dose_changes: Vec<(NaiveDate, Dose, bool)>,
    /// Interruptions: first day off, restart, reason.
    pub interruptions: Vec<(NaiveDate, Option<NaiveDate>, InterruptionReason)>,
    /// The latent course on the drug.
    pub course: Course,
    /// Dates of the visits of this episode (day 0 first, unless the visit before the start
    /// serves as its baseline).
    pub visits: Vec<NaiveDate>,
    /// Adverse events that happened on the drug.
    pub adverse_events: Vec<PlannedAe>,
    /// True when the latent course met the response (for re-treatment).
    pub responded: bool,
    /// The disease after the stop.
    pub relapse: Relapse,
}

impl PlannedEpisode {
    /// The last day the episode covers: its stop, or `until`.
    pub fn last_day(&self, until: NaiveDate) -> NaiveDate {
        self.stop.map_or(until, |(d, _)| d)
    }

    /// Adds an interruption unless it overlaps one already there or leaves the episode.
    pub fn interrupt(
        &mut self,
        from: NaiveDate,
        to: Option<NaiveDate>,
        reason: InterruptionReason,
        until: NaiveDate,
    ) -> bool {
        let last = self.last_day(until);
        let to = to.filter(|t| *t <= last);
        let ends = |t: Option<NaiveDate>| t.unwrap_or(NaiveDate::MAX);
        let fits = from > self.start && from <= last;
        let free = self
            .interruptions
            .iter()
            .all(|(f, t, _)| ends(to) <= *f || ends(*t) <= from);
        if fits && free && to.is_none_or(|t| t >= from) {
            self.interruptions.push((from, to, reason));
            self.interruptions.sort_by_key(|i| i.0);
            true
        } else {
            false
        }
    }
}

/// A patient's whole simulated history.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The patient.
    pub person: Person,
    /// Episodes in start order.
    pub episodes: Vec<PlannedEpisode>,
    /// Visits after the last stop (off treatment).
    pub follow_up: Vec<NaiveDate>,
    /// Vaccinations: vaccine, dose number, date.
    pub vaccinations: Vec<(VaccineKind, Option<i32>, NaiveDate)>,
}

/// The latent severity on `date` of `person` with the `episodes` so far: the course of the
/// episode on that day, else the relapse after the last stop, else untreated.
pub fn severity(person: &Person, episodes: &[PlannedEpisode], date: NaiveDate) -> f64 {
    let current = episodes
        .iter()
        .rev()
        .find(|e| e.start <= date && e.stop.is_none_or(|(s, _)| date <= s));
    if let Some(e) = current {
        return e.course.value((date - e.start).num_days() as f64);
    }
    let stopped = episodes
        .iter()
        .rev()
        .find_map(|e| e.stop.filter(|(s, _)| *s < date).map(|(s, _)| (e, s)));
    match stopped {
        Some((e, s)) => e.relapse.value((date - s).num_days() as f64),
        None => person.natural,
    }
}
