//! One treatment episode as the trajectory rules see it: baseline, on-treatment visits, stop
//! and end of follow-up, all in study days.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::{FieldError, ValidationErrors};

/// One on-treatment assessment: its study day and score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Visit {
    /// Study day (≥ 1; day 0 is the start, whose assessment is the baseline).
    pub day: i64,
    /// The score (SALT, EASI, …).
    pub value: Decimal,
}

impl Visit {
    /// A visit on `day` with `value`.
    pub fn new(day: i64, value: Decimal) -> Self {
        Self { day, value }
    }
}

/// The discontinuation of an episode: its study day and reason (any label the caller uses).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stop<R> {
    /// Study day of the last dose.
    pub day: i64,
    /// Why the drug was stopped.
    pub reason: R,
}

/// A parsed episode: visits sorted by day, all on treatment and within follow-up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Episode<R> {
    baseline: Decimal,
    visits: Vec<Visit>,
    stop: Option<Stop<R>>,
    follow_up_end: i64,
}

impl<R> Episode<R> {
    /// Parses an episode. `visits` may come in any order; each must be on a distinct day from
    /// day 1 up to the stop (inclusive) or the end of follow-up (the data cut or last contact).
    /// Scores must not be negative. Every problem is reported, not just the first.
    pub fn new(
        baseline: Decimal,
        mut visits: Vec<Visit>,
        stop: Option<Stop<R>>,
        follow_up_end: i64,
    ) -> Result<Self, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        if baseline < Decimal::ZERO {
            errors.push(FieldError::new(
                "baseline",
                format!("baseline score {baseline} is negative"),
            ));
        }
        if follow_up_end < 0 {
            errors.push(FieldError::new(
                "follow_up_end",
                format!("follow-up cannot end on day {follow_up_end}, before the start (day 0)"),
            ));
        }
        if let Some(stop) = &stop
            && !(0..=follow_up_end).contains(&stop.day)
        {
            errors.push(FieldError::new(
                "stop.day",
                format!(
                    "stop on day {} is outside follow-up (day 0 to {follow_up_end})",
                    stop.day
                ),
            ));
        }
        let end = stop
            .as_ref()
            .map_or(follow_up_end, |s| s.day.min(follow_up_end));
        for (i, visit) in visits.iter().enumerate() {
            if let Some(message) = visit_problem(visit, end, &visits[..i]) {
                errors.push(FieldError::new(format!("visits[{i}]"), message));
            }
        }
        visits.sort_by_key(|v| v.day);
        errors.into_result(Self {
            baseline,
            visits,
            stop,
            follow_up_end,
        })
    }

    /// The baseline score.
    pub fn baseline(&self) -> Decimal {
        self.baseline
    }

    /// The on-treatment visits in day order.
    pub fn visits(&self) -> &[Visit] {
        &self.visits
    }

    /// The discontinuation, if the drug was stopped.
    pub fn stop(&self) -> Option<&Stop<R>> {
        self.stop.as_ref()
    }

    /// The study day follow-up ended (data cut or last contact).
    pub fn follow_up_end(&self) -> i64 {
        self.follow_up_end
    }

    /// The last study day known on treatment: the stop day, or the end of follow-up.
    pub fn treatment_end(&self) -> i64 {
        self.stop.as_ref().map_or(self.follow_up_end, |s| s.day)
    }
}

fn visit_problem(visit: &Visit, end: i64, earlier: &[Visit]) -> Option<String> {
    if visit.day < 1 {
        Some(format!(
            "a visit on day {} is not on treatment: pass the baseline separately, visits start on day 1",
            visit.day
        ))
    } else if visit.day > end {
        Some(format!(
            "a visit on day {} is after the end of treatment or follow-up (day {end})",
            visit.day
        ))
    } else if earlier.iter().any(|v| v.day == visit.day) {
        Some(format!("there is already a visit on day {}", visit.day))
    } else if visit.value < Decimal::ZERO {
        Some(format!("score {} is negative", visit.value))
    } else {
        None
    }
}
