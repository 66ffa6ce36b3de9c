//! The checks behind [`Episode::parse`](super::Episode::parse), one per part of the input.

use chrono::NaiveDate;

use super::{DoseChange, DoseChangeInput};
use crate::error::{FieldError, ValidationErrors};
use crate::treatment::{Dose, Interruption, InterruptionInput, StopReason};

/// The days an episode spans, for checking the dates inside it.
#[derive(Clone, Copy)]
pub(super) struct Bounds {
    pub(super) start: NaiveDate,
    pub(super) last_day: Option<NaiveDate>,
}

impl Bounds {
    fn contains(self, date: NaiveDate) -> bool {
        date >= self.start && self.last_day.is_none_or(|s| date <= s)
    }

    fn outside(self, field: String, what: &str, date: NaiveDate) -> Option<FieldError> {
        if self.contains(date) {
            return None;
        }
        let span = match self.last_day {
            Some(stop) => format!("{} to {stop}", self.start),
            None => format!("from {}", self.start),
        };
        Some(FieldError::new(
            field,
            format!("{what} {date} is outside the episode ({span})"),
        ))
    }
}

/// Dose changes in date order, one per date, with the taper flag resolved.
pub(super) fn doses(
    input: &[DoseChangeInput],
    bounds: Bounds,
    errors: &mut ValidationErrors,
) -> Vec<DoseChange> {
    let mut doses: Vec<(usize, NaiveDate, Dose, Option<bool>)> = Vec::new();
    for (i, d) in input.iter().enumerate() {
        let path = format!("doses[{i}]");
        if let Some(e) = bounds.outside(format!("{path}.effective"), "dose date", d.effective) {
            errors.push(e);
        }
        if let Some(dose) = errors.collect(&path, Dose::try_from(d.dose)) {
            doses.push((i, d.effective, dose, d.is_taper));
        }
    }
    doses.sort_by_key(|(i, date, ..)| (*date, *i));
    for pair in doses.windows(2) {
        if pair[0].1 == pair[1].1 {
            errors.push(FieldError::new(
                format!("doses[{}].effective", pair[1].0),
                format!("two doses start on {}: give one dose per date", pair[1].1),
            ));
        }
    }
    let mut previous: Option<Dose> = None;
    doses
        .into_iter()
        .map(|(_, effective, dose, flag)| {
            let derived = previous.is_some_and(|p| dose.is_lower_than(&p));
            previous = Some(dose);
            DoseChange {
                effective,
                dose,
                is_taper: flag.unwrap_or(derived),
            }
        })
        .collect()
}

/// Interruptions in date order, inside the episode and not overlapping each other.
pub(super) fn interruptions(
    input: &[InterruptionInput],
    bounds: Bounds,
    errors: &mut ValidationErrors,
) -> Vec<Interruption> {
    let mut pauses: Vec<(usize, Interruption)> = Vec::new();
    for (i, p) in input.iter().enumerate() {
        let path = format!("interruptions[{i}]");
        if let Some(e) = bounds.outside(format!("{path}.from"), "interruption date", p.from) {
            errors.push(e);
        }
        if let Some(e) =
            p.to.and_then(|to| bounds.outside(format!("{path}.to"), "restart date", to))
        {
            errors.push(e);
        }
        if let Some(pause) = errors.collect(&path, Interruption::try_from(*p)) {
            pauses.push((i, pause));
        }
    }
    pauses.sort_by_key(|(i, p)| (p.from(), *i));
    for (k, (i, pause)) in pauses.iter().enumerate() {
        if let Some((_, earlier)) = pauses[..k].iter().find(|(_, e)| e.overlaps(pause)) {
            errors.push(FieldError::new(
                format!("interruptions[{i}].from"),
                format!(
                    "interruption from {} overlaps the interruption from {}",
                    pause.from(),
                    earlier.from()
                ),
            ));
        }
    }
    pauses.into_iter().map(|(_, p)| p).collect()
}

/// Stop date and reason: both or neither, and the stop not before the start.
pub(super) fn stop(
    start: NaiveDate,
    stop: Option<NaiveDate>,
    reason: Option<StopReason>,
    errors: &mut ValidationErrors,
) -> Option<(NaiveDate, StopReason)> {
    if let Some(date) = stop.filter(|s| *s < start) {
        errors.push(FieldError::new(
            "stop",
            format!("stop date {date} is before the start date {start}"),
        ));
    }
    match (stop, reason) {
        (Some(date), Some(reason)) => Some((date, reason)),
        (Some(_), None) => {
            errors.push(FieldError::new(
                "stop_reason",
                "a stopped episode needs a stop reason",
            ));
            None
        }
        (None, Some(_)) => {
            errors.push(FieldError::new(
                "stop",
                "a stop reason was given without a stop date",
            ));
            None
        }
        (None, None) => None,
    }
}
