//! Rolling checks: every 3–6 months, lipids yearly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::*;

#[test]
fn maintenance_is_due_3_months_after_the_last_check_and_overdue_after_6() {
    let fbc = Check::FullBloodCount;
    let w12 = tests_of(fbc, day(100)); // 2025-04-11
    let m1 = |today| {
        let s = run(&w12, today, false);
        find(&s, fbc, M1).unwrap().clone()
    };
    assert_eq!(
        m1(ymd(2025, 7, 10)).window,
        DueWindow {
            from: ymd(2025, 7, 11),
            to: ymd(2025, 10, 11)
        }
    );
    assert_eq!(m1(ymd(2025, 7, 10)).status, CheckStatus::Upcoming);
    assert_eq!(m1(ymd(2025, 7, 11)).status, CheckStatus::Due);
    assert_eq!(m1(ymd(2025, 10, 11)).status, CheckStatus::Due);
    assert_eq!(m1(ymd(2025, 10, 12)).status, CheckStatus::Overdue);
    assert!(find(&run(&w12, ymd(2025, 10, 12), false), fbc, M2).is_none());
}

#[test]
fn a_late_maintenance_check_is_done_and_the_next_counts_from_it() {
    let fbc = Check::FullBloodCount;
    let mut performed = tests_of(fbc, day(100));
    performed.extend(tests_of(fbc, ymd(2025, 10, 12)));
    let s = run(&performed, ymd(2025, 10, 12), false);
    let m1 = find(&s, fbc, M1).unwrap();
    assert_eq!(
        (m1.status, m1.done_on),
        (CheckStatus::Done, Some(ymd(2025, 10, 12)))
    );
    let m2 = find(&s, fbc, M2).unwrap();
    assert_eq!(m2.status, CheckStatus::Upcoming);
    assert_eq!(
        m2.window,
        DueWindow {
            from: ymd(2026, 1, 12),
            to: ymd(2026, 4, 12)
        }
    );
}

#[test]
fn no_maintenance_check_is_listed_while_week_12_16_is_open() {
    let s = run(&[], day(100), false);
    assert_eq!(
        find(&s, Check::Creatinine, Timepoint::Week12To16)
            .unwrap()
            .status,
        CheckStatus::Due
    );
    assert!(find(&s, Check::Creatinine, M1).is_none());
}

#[test]
fn a_missed_week_12_16_check_stays_overdue_and_maintenance_counts_from_day_112() {
    let late = tests_of(Check::Creatinine, day(130));
    let s = run(&late, day(130), false);
    let w12 = find(&s, Check::Creatinine, Timepoint::Week12To16).unwrap();
    assert_eq!(w12.status, CheckStatus::Overdue);
    let m1 = find(&s, Check::Creatinine, M1).unwrap();
    assert_eq!(
        m1.window,
        DueWindow {
            from: ymd(2025, 7, 23),
            to: ymd(2025, 10, 23)
        }
    );
    assert_eq!((m1.status, m1.done_on), (CheckStatus::Done, Some(day(130))));
}

#[test]
fn lipids_at_intake_week_12_16_then_yearly() {
    let lipids = tests_of(Check::Lipids, day(90)); // 2025-04-01
    let s = run(&lipids, ymd(2026, 7, 2), false);
    let timepoints: Vec<Timepoint> = s
        .iter()
        .filter(|c| c.check == Check::Lipids)
        .map(|c| c.timepoint)
        .collect();
    assert_eq!(
        timepoints,
        [
            Timepoint::Intake,
            Timepoint::Week12To16,
            Timepoint::Yearly { number: 1 }
        ]
    );
    let y1 = find(&s, Check::Lipids, Timepoint::Yearly { number: 1 }).unwrap();
    assert_eq!(
        y1.window,
        DueWindow {
            from: ymd(2026, 4, 1),
            to: ymd(2026, 7, 1)
        }
    );
    assert_eq!(y1.status, CheckStatus::Overdue);
    assert!(find(&s, Check::Lipids, Timepoint::Week4).is_none());
}
