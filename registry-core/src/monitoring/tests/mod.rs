//! Due / overdue / done transitions of the JAK-inhibitor schedule at its window boundaries.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod fixed;
mod rolling;

pub(super) use chrono::{NaiveDate, TimeDelta};

pub(super) use super::*;
pub(super) use crate::catalogue::Drug;

pub(super) fn start() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 1, 1).unwrap()
}

pub(super) fn day(n: i64) -> NaiveDate {
    start() + TimeDelta::days(n)
}

pub(super) fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

pub(super) fn tests_of(check: Check, date: NaiveDate) -> Vec<PerformedTest> {
    check
        .analytes()
        .iter()
        .map(|&analyte| PerformedTest { analyte, date })
        .collect()
}

pub(super) fn run(performed: &[PerformedTest], today: NaiveDate, cbp: bool) -> Vec<ScheduledCheck> {
    schedule(&MonitoringInput {
        start: start(),
        drug: Drug::Baricitinib,
        child_bearing_potential: cbp,
        performed,
        today,
    })
}

pub(super) fn find(
    s: &[ScheduledCheck],
    check: Check,
    timepoint: Timepoint,
) -> Option<&ScheduledCheck> {
    s.iter()
        .find(|c| c.check == check && c.timepoint == timepoint)
}

pub(super) fn status(
    performed: &[PerformedTest],
    today: NaiveDate,
    check: Check,
    t: Timepoint,
) -> CheckStatus {
    find(&run(performed, today, false), check, t)
        .unwrap()
        .status
}

pub(super) const M1: Timepoint = Timepoint::Maintenance { number: 1 };
pub(super) const M2: Timepoint = Timepoint::Maintenance { number: 2 };
