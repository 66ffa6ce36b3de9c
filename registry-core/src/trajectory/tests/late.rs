//! Late-responder vectors (CLINICAL.md §6, cases A–E) and edges.

use rust_decimal_macros::dec;

use super::super::*;
use super::weekly;

fn aa(cutoff_weeks: i64, episode: &Episode<&'static str>) -> LateResponse<&'static str> {
    classify_late_response(episode, &LateResponderRule::aa(cutoff_weeks))
}

#[test]
fn late_case_a_is_early() {
    let a = weekly(
        dec!(90),
        &[(12, dec!(60)), (24, dec!(18)), (52, dec!(5))],
        52,
    );
    let result = aa(24, &a);
    assert_eq!(result.class, LateClass::Early);
    assert_eq!(result.first_response_day, Some(168));
    assert_eq!(result.sustained, Some(true));
}

#[test]
fn late_case_b_is_late() {
    let b = weekly(
        dec!(100),
        &[(24, dec!(80)), (36, dec!(40)), (52, dec!(15))],
        52,
    );
    let result = aa(24, &b);
    assert_eq!(result.class, LateClass::Late);
    assert_eq!(
        result.first_response_day,
        Some(364),
        "week 52 is still within the horizon"
    );
    assert_eq!(result.first_partial_day, Some(weeks_to_days(36)));
    assert_eq!(result.sustained, Some(true));
    assert_eq!(aa(36, &b).class, LateClass::Late);
    assert_eq!(aa(36, &b).first_response_day, Some(364));
}

#[test]
fn late_case_c_is_late_at_24_early_at_36_and_not_sustained() {
    let c = weekly(
        dec!(95),
        &[(24, dec!(50)), (36, dec!(20)), (52, dec!(25))],
        52,
    );
    let at_24 = aa(24, &c);
    assert_eq!(at_24.class, LateClass::Late);
    assert_eq!(at_24.first_response_day, Some(252));
    assert_eq!(at_24.sustained, Some(false), "SALT 25 at week 52");
    let at_36 = aa(36, &c);
    assert_eq!(at_36.class, LateClass::Early);
    assert_eq!(
        at_36.first_response_day,
        Some(252),
        "SALT 20.0 counts as ≤ 20"
    );
    assert_eq!(at_36.sustained, Some(false));
}

#[test]
fn late_case_d_is_non_responder_with_salt30_at_week_24() {
    let d = weekly(dec!(80), &[(24, dec!(56)), (52, dec!(50))], 52);
    let result = aa(24, &d);
    assert_eq!(result.class, LateClass::NonResponder);
    assert_eq!(result.first_response_day, None);
    assert_eq!(
        result.first_partial_day,
        Some(168),
        "80 → 56 is exactly 30 %"
    );
    assert_eq!(result.sustained, None);
}

#[test]
fn late_case_e_stopped_for_adverse_event_is_not_evaluable() {
    let stop = Stop {
        day: weeks_to_days(20),
        reason: "adverse_event",
    };
    let e = Episode::new(dec!(70), vec![], Some(stop), 140).unwrap();
    let result = aa(24, &e);
    let because = NotEvaluable::Stopped {
        day: 140,
        reason: "adverse_event",
    };
    assert_eq!(result.class, LateClass::NotEvaluable { because });
}

/// Case A of CLINICAL.md §6: 0:90 12:60 24:18 52:5.
fn case_a() -> Episode<&'static str> {
    weekly(
        dec!(90),
        &[(12, dec!(60)), (24, dec!(18)), (52, dec!(5))],
        52,
    )
}

/// Case D: 0:80 24:56 52:50.
fn case_d() -> Episode<&'static str> {
    weekly(dec!(80), &[(24, dec!(56)), (52, dec!(50))], 52)
}

/// Case E: 0:70, stopped for an adverse event at week 20 (follow-up ends with the stop).
fn case_e() -> Episode<&'static str> {
    let stop = Stop {
        day: weeks_to_days(20),
        reason: "adverse_event",
    };
    Episode::new(dec!(70), vec![], Some(stop), weeks_to_days(20)).unwrap()
}

#[test]
fn late_case_a_is_early_at_cut_off_36() {
    let result = aa(36, &case_a());
    assert_eq!(result.class, LateClass::Early);
    assert_eq!(result.first_response_day, Some(weeks_to_days(24)));
    assert_eq!(result.sustained, Some(true));
}

#[test]
fn late_case_d_is_non_responder_at_cut_off_36() {
    let result = aa(36, &case_d());
    assert_eq!(result.class, LateClass::NonResponder);
    assert_eq!(result.first_response_day, None);
    assert_eq!(result.first_partial_day, Some(weeks_to_days(24)));
    assert_eq!(result.sustained, None);
}

#[test]
fn late_case_e_is_not_evaluable_at_cut_off_36() {
    let because = NotEvaluable::Stopped {
        day: weeks_to_days(20),
        reason: "adverse_event",
    };
    let result = aa(36, &case_e());
    assert_eq!(result.class, LateClass::NotEvaluable { because });
    assert_eq!(result.first_response_day, None);
}

#[test]
fn response_after_week_52_is_very_late() {
    let episode = weekly(dec!(90), &[(52, dec!(40)), (53, dec!(20))], 60);
    assert_eq!(aa(24, &episode).class, LateClass::VeryLate);
}

#[test]
fn response_on_day_169_is_after_the_week_24_cut_off() {
    let episode =
        Episode::<&str>::new(dec!(90), vec![Visit::new(169, dec!(10))], None, 200).unwrap();
    assert_eq!(aa(24, &episode).class, LateClass::Late);
}

#[test]
fn follow_up_ending_before_week_52_without_response_is_not_evaluable() {
    let episode = weekly(dec!(90), &[(24, dec!(60))], 40);
    let because = NotEvaluable::FollowUpEnded { day: 280 };
    assert_eq!(aa(24, &episode).class, LateClass::NotEvaluable { because });
}

#[test]
fn stopped_after_week_52_without_response_is_non_responder() {
    let visits = vec![Visit::new(364, dec!(60))];
    let stop = Some(Stop {
        day: 400,
        reason: "inefficacy",
    });
    let episode = Episode::new(dec!(90), visits, stop, 420).unwrap();
    assert_eq!(aa(24, &episode).class, LateClass::NonResponder);
}

#[test]
fn ad_easi75_at_week_16_is_early_and_after_it_late() {
    // EASI 24 → 6 is exactly a 75 % improvement.
    let early = weekly(dec!(24), &[(4, dec!(10)), (16, dec!(6))], 52);
    let rule = LateResponderRule::ad(LateResponderRule::AD_CUTOFF_WEEKS);
    assert_eq!(rule.cutoff_day, 112);
    assert_eq!(
        classify_late_response(&early, &rule).class,
        LateClass::Early
    );
    let late = weekly(dec!(24), &[(16, dec!(6.1)), (28, dec!(5))], 52);
    let result = classify_late_response(&late, &rule);
    assert_eq!(result.class, LateClass::Late);
    assert_eq!(result.first_partial_day, Some(112), "EASI-50 at week 16");
}
