//! Fixed timepoints: intake, week 4, week 12–16; who gets which check.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::*;

#[test]
fn non_jak_drug_has_no_schedule() {
    let input = MonitoringInput {
        start: start(),
        drug: Drug::Dupilumab,
        child_bearing_potential: true,
        performed: &[],
        today: day(10),
    };
    assert!(schedule(&input).is_empty());
}

#[test]
fn intake_is_upcoming_before_day_minus_30_due_to_day_0_then_overdue() {
    let fbc = Check::FullBloodCount;
    assert_eq!(
        status(&[], day(-31), fbc, Timepoint::Intake),
        CheckStatus::Upcoming
    );
    assert_eq!(
        status(&[], day(-30), fbc, Timepoint::Intake),
        CheckStatus::Due
    );
    assert_eq!(
        status(&[], day(0), fbc, Timepoint::Intake),
        CheckStatus::Due
    );
    assert_eq!(
        status(&[], day(1), fbc, Timepoint::Intake),
        CheckStatus::Overdue
    );
    let s = run(&[], day(0), false);
    let intake = find(&s, fbc, Timepoint::Intake).unwrap();
    assert_eq!(
        intake.window,
        DueWindow {
            from: day(-30),
            to: day(0)
        }
    );
}

#[test]
fn intake_counts_results_from_day_minus_30() {
    let fbc = Check::FullBloodCount;
    let on_time = tests_of(fbc, day(-30));
    let s = run(&on_time, day(5), false);
    let intake = find(&s, fbc, Timepoint::Intake).unwrap();
    assert_eq!(intake.status, CheckStatus::Done);
    assert_eq!(intake.done_on, Some(day(-30)));
    assert!(intake.missing.is_empty());
    let early = tests_of(fbc, day(-31));
    assert_eq!(
        status(&early, day(5), fbc, Timepoint::Intake),
        CheckStatus::Overdue
    );
}

#[test]
fn week_4_is_due_on_days_21_to_42() {
    let alat = Check::Alat;
    assert_eq!(
        status(&[], day(20), alat, Timepoint::Week4),
        CheckStatus::Upcoming
    );
    assert_eq!(
        status(&[], day(21), alat, Timepoint::Week4),
        CheckStatus::Due
    );
    assert_eq!(
        status(&[], day(42), alat, Timepoint::Week4),
        CheckStatus::Due
    );
    assert_eq!(
        status(&[], day(43), alat, Timepoint::Week4),
        CheckStatus::Overdue
    );
    let on_42 = tests_of(alat, day(42));
    assert_eq!(
        status(&on_42, day(60), alat, Timepoint::Week4),
        CheckStatus::Done
    );
    let on_43 = tests_of(alat, day(43));
    assert_eq!(
        status(&on_43, day(60), alat, Timepoint::Week4),
        CheckStatus::Overdue
    );
}

#[test]
fn partial_blood_count_lists_what_is_missing() {
    let performed = [
        PerformedTest {
            analyte: Analyte::Hb,
            date: day(25),
        },
        PerformedTest {
            analyte: Analyte::Platelets,
            date: day(26),
        },
    ];
    let s = run(&performed, day(30), false);
    let w4 = find(&s, Check::FullBloodCount, Timepoint::Week4).unwrap();
    assert_eq!(w4.status, CheckStatus::Due);
    assert_eq!(w4.done_on, None);
    assert_eq!(
        w4.missing,
        [
            Analyte::Leukocytes,
            Analyte::Lymphocytes,
            Analyte::Neutrophils
        ]
    );
}

#[test]
fn results_after_today_are_ignored() {
    let later = tests_of(Check::Creatinine, day(30));
    assert_eq!(
        status(&later, day(29), Check::Creatinine, Timepoint::Week4),
        CheckStatus::Due
    );
}

#[test]
fn serology_counts_from_6_months_before_start_tb_from_30_days() {
    let mut performed = tests_of(Check::Hiv, day(-182));
    performed.extend(tests_of(Check::HbvHcv, day(-183)));
    performed.extend(tests_of(Check::TbScreening, day(-31)));
    let s = run(&performed, day(1), false);
    assert_eq!(
        find(&s, Check::Hiv, Timepoint::Intake).unwrap().status,
        CheckStatus::Done
    );
    assert_eq!(
        find(&s, Check::HbvHcv, Timepoint::Intake).unwrap().status,
        CheckStatus::Overdue
    );
    assert_eq!(
        find(&s, Check::TbScreening, Timepoint::Intake)
            .unwrap()
            .status,
        CheckStatus::Overdue
    );
    assert!(find(&s, Check::Hiv, Timepoint::Week4).is_none());
}

#[test]
fn pregnancy_exclusion_at_every_check_only_for_child_bearing_potential() {
    assert!(
        run(&[], day(0), false)
            .iter()
            .all(|c| c.check != Check::Pregnancy)
    );
    let done = tests_of(Check::Pregnancy, day(100));
    let s = run(&done, day(100), true);
    let timepoints: Vec<Timepoint> = s
        .iter()
        .filter(|c| c.check == Check::Pregnancy)
        .map(|c| c.timepoint)
        .collect();
    assert_eq!(
        timepoints,
        [
            Timepoint::Intake,
            Timepoint::Week4,
            Timepoint::Week12To16,
            M1
        ]
    );
}

#[test]
fn ck_is_never_scheduled() {
    let s = run(&[], ymd(2027, 1, 1), true);
    assert!(s.iter().all(|c| !c.check.analytes().contains(&Analyte::Ck)));
}

#[test]
fn schedule_is_sorted_by_window_and_serialises_with_codes() {
    let s = run(&[], day(0), false);
    assert!(
        s.windows(2)
            .all(|p| (p[0].window.from, p[0].check) <= (p[1].window.from, p[1].check))
    );
    assert_eq!(s[0].check, Check::Hiv);
    let json = serde_json::to_value(find(&s, Check::Alat, Timepoint::Week12To16).unwrap()).unwrap();
    assert_eq!(json["check"], "alat");
    assert_eq!(json["timepoint"], serde_json::json!({"kind": "week_12_16"}));
    assert_eq!(json["status"], "upcoming");
    assert_eq!(json["window"]["from"], "2025-03-26");
    let m = serde_json::to_value(M1).unwrap();
    assert_eq!(m, serde_json::json!({"kind": "maintenance", "number": 1}));
}
