//! Builds the schedule: fixed timepoints with windows in study days, then rolling checks counted
//! in calendar months from the last check.

use chrono::{Months, NaiveDate, TimeDelta};

use super::{
    Check, CheckStatus, DayWindow, DueWindow, MonitoringInput, ScheduleWindows, ScheduledCheck,
    Timepoint,
};
use crate::labs::Analyte;

/// The schedule of an episode on `input.today`, with the default [`ScheduleWindows`].
pub fn schedule(input: &MonitoringInput<'_>) -> Vec<ScheduledCheck> {
    schedule_with(input, &ScheduleWindows::default())
}

/// The schedule of an episode on `input.today`: every fixed timepoint (intake, week 4,
/// week 12–16) of every check, then the rolling checks up to the first one still open. Sorted by
/// the start of the window, then by check. Empty for a drug that is not a JAK inhibitor.
pub fn schedule_with(input: &MonitoringInput<'_>, w: &ScheduleWindows) -> Vec<ScheduledCheck> {
    if !input.drug.is_jak_inhibitor() {
        return Vec::new();
    }
    let mut checks = vec![
        Check::FullBloodCount,
        Check::Alat,
        Check::Creatinine,
        Check::Lipids,
        Check::Hiv,
        Check::HbvHcv,
        Check::TbScreening,
    ];
    if input.child_bearing_potential {
        checks.push(Check::Pregnancy);
    }
    let mut out: Vec<ScheduledCheck> = checks
        .into_iter()
        .flat_map(|check| checks_of(input, w, check))
        .collect();
    out.sort_by_key(|c| (c.window.from, c.check));
    out
}

/// What Tabel 1 asks of one check: its fixed timepoints with their windows, then its rolling
/// interval (months until due, months until overdue), if any.
type Plan = (Vec<(Timepoint, DayWindow)>, Option<(u32, u32)>);

fn plan(w: &ScheduleWindows, check: Check) -> Plan {
    let maintenance = Some((w.maintenance_due_months, w.maintenance_overdue_months));
    match check {
        Check::FullBloodCount | Check::Alat | Check::Creatinine | Check::Pregnancy => (
            vec![
                (Timepoint::Intake, w.intake),
                (Timepoint::Week4, w.week_4),
                (Timepoint::Week12To16, w.week_12_16),
            ],
            maintenance,
        ),
        Check::Lipids => (
            vec![
                (Timepoint::Intake, w.intake),
                (Timepoint::Week12To16, w.week_12_16),
            ],
            Some((w.yearly_due_months, w.yearly_overdue_months)),
        ),
        Check::Hiv | Check::HbvHcv => (vec![(Timepoint::Intake, w.serology_intake)], None),
        Check::TbScreening => (vec![(Timepoint::Intake, w.intake)], None),
    }
}

fn checks_of(
    input: &MonitoringInput<'_>,
    w: &ScheduleWindows,
    check: Check,
) -> Vec<ScheduledCheck> {
    let (fixed, rolling) = plan(w, check);
    let mut out = Vec::new();
    for (timepoint, days) in fixed {
        let day = |d: i64| input.start.checked_add_signed(TimeDelta::days(d));
        let (Some(from), Some(to)) = (day(days.from), day(days.to)) else {
            continue;
        };
        let window = DueWindow { from, to };
        // A fixed timepoint counts only results inside its window.
        out.push(judge(input, check, timepoint, window, from, to));
    }
    let Some((due, overdue)) = rolling else {
        return out;
    };
    for number in 1.. {
        let Some(last) = out.last() else { break };
        let anchor = match (last.status, last.done_on) {
            (CheckStatus::Done, Some(on)) => on,
            (CheckStatus::Overdue, _) if !is_rolling(last.timepoint) => last.window.to,
            _ => break,
        };
        let after = |m: u32| anchor.checked_add_months(Months::new(m));
        let (Some(from), Some(to), Some(first)) = (after(due), after(overdue), anchor.succ_opt())
        else {
            break;
        };
        let timepoint = match check {
            Check::Lipids => Timepoint::Yearly { number },
            _ => Timepoint::Maintenance { number },
        };
        // A rolling check counts any result after the last check, early or late.
        out.push(judge(
            input,
            check,
            timepoint,
            DueWindow { from, to },
            first,
            input.today,
        ));
    }
    out
}

fn is_rolling(t: Timepoint) -> bool {
    matches!(t, Timepoint::Maintenance { .. } | Timepoint::Yearly { .. })
}

/// The state of one check, counting results dated in `[count_from, count_to]` and not after today.
fn judge(
    input: &MonitoringInput<'_>,
    check: Check,
    timepoint: Timepoint,
    window: DueWindow,
    count_from: NaiveDate,
    count_to: NaiveDate,
) -> ScheduledCheck {
    let until = count_to.min(input.today);
    let first = |a: Analyte| {
        input
            .performed
            .iter()
            .filter(|p| p.analyte == a && (count_from..=until).contains(&p.date))
            .map(|p| p.date)
            .min()
    };
    let firsts: Vec<(Analyte, Option<NaiveDate>)> =
        check.analytes().iter().map(|&a| (a, first(a))).collect();
    let missing: Vec<Analyte> = firsts
        .iter()
        .filter(|(_, d)| d.is_none())
        .map(|(a, _)| *a)
        .collect();
    let done_on = if missing.is_empty() {
        firsts.iter().filter_map(|(_, d)| *d).max()
    } else {
        None
    };
    let status = match done_on {
        Some(_) => CheckStatus::Done,
        None if input.today < window.from => CheckStatus::Upcoming,
        None if input.today <= window.to => CheckStatus::Due,
        None => CheckStatus::Overdue,
    };
    ScheduledCheck {
        check,
        timepoint,
        window,
        status,
        done_on,
        missing,
    }
}
