#![allow(clippy::unwrap_used, clippy::expect_used)]

use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use super::*;

/// An episode from (week, score) visits, ongoing with follow-up to `follow_up_week`.
fn weekly(baseline: Decimal, visits: &[(i64, Decimal)], follow_up_week: i64) -> Episode<&'static str> {
    let visits = visits
        .iter()
        .map(|&(week, value)| Visit::new(weeks_to_days(week), value))
        .collect();
    Episode::new(baseline, visits, None, weeks_to_days(follow_up_week)).unwrap()
}

fn aa(cutoff_weeks: i64, episode: &Episode<&'static str>) -> LateResponse<&'static str> {
    classify_late_response(episode, &LateResponderRule::aa(cutoff_weeks))
}

#[test]
fn weeks_are_counted_in_days() {
    assert_eq!(weeks_to_days(24), 168);
    assert_eq!(weeks_to_days(36), 252);
    assert_eq!(weeks_to_days(52), 364);
}

#[test]
fn late_case_a_is_early() {
    let a = weekly(dec!(90), &[(12, dec!(60)), (24, dec!(18)), (52, dec!(5))], 52);
    let result = aa(24, &a);
    assert_eq!(result.class, LateClass::Early);
    assert_eq!(result.first_response_day, Some(168));
    assert_eq!(result.sustained, Some(true));
}

#[test]
fn late_case_b_is_late() {
    let b = weekly(dec!(100), &[(24, dec!(80)), (36, dec!(40)), (52, dec!(15))], 52);
    let result = aa(24, &b);
    assert_eq!(result.class, LateClass::Late);
    assert_eq!(result.first_response_day, Some(364), "week 52 is still within the horizon");
    assert_eq!(aa(36, &b).class, LateClass::Late);
}

#[test]
fn late_case_c_is_late_at_24_early_at_36_and_not_sustained() {
    let c = weekly(dec!(95), &[(24, dec!(50)), (36, dec!(20)), (52, dec!(25))], 52);
    assert_eq!(aa(24, &c).class, LateClass::Late);
    let at_36 = aa(36, &c);
    assert_eq!(at_36.class, LateClass::Early);
    assert_eq!(at_36.first_response_day, Some(252), "SALT 20.0 counts as ≤ 20");
    assert_eq!(at_36.sustained, Some(false));
}

#[test]
fn late_case_d_is_non_responder_with_salt30_at_week_24() {
    let d = weekly(dec!(80), &[(24, dec!(56)), (52, dec!(50))], 52);
    let result = aa(24, &d);
    assert_eq!(result.class, LateClass::NonResponder);
    assert_eq!(result.first_response_day, None);
    assert_eq!(result.first_partial_day, Some(168), "80 → 56 is exactly 30 %");
    assert_eq!(result.sustained, None);
}

#[test]
fn late_case_e_stopped_for_adverse_event_is_not_evaluable() {
    let stop = Stop { day: weeks_to_days(20), reason: "adverse_event" };
    let e = Episode::new(dec!(70), vec![], Some(stop), 140).unwrap();
    let result = aa(24, &e);
    let because = NotEvaluable::Stopped { day: 140, reason: "adverse_event" };
    assert_eq!(result.class, LateClass::NotEvaluable { because });
}

#[test]
fn response_after_week_52_is_very_late() {
    let episode = weekly(dec!(90), &[(52, dec!(40)), (53, dec!(20))], 60);
    assert_eq!(aa(24, &episode).class, LateClass::VeryLate);
}

#[test]
fn response_on_day_169_is_after_the_week_24_cut_off() {
    let episode = Episode::<&str>::new(dec!(90), vec![Visit::new(169, dec!(10))], None, 200).unwrap();
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
    let stop = Some(Stop { day: 400, reason: "inefficacy" });
    let episode = Episode::new(dec!(90), visits, stop, 420).unwrap();
    assert_eq!(aa(24, &episode).class, LateClass::NonResponder);
}

#[test]
fn ad_easi75_at_week_16_is_early_and_after_it_late() {
    // EASI 24 → 6 is exactly a 75 % improvement.
    let early = weekly(dec!(24), &[(4, dec!(10)), (16, dec!(6))], 52);
    let rule = LateResponderRule::ad(LateResponderRule::AD_CUTOFF_WEEKS);
    assert_eq!(rule.cutoff_day, 112);
    assert_eq!(classify_late_response(&early, &rule).class, LateClass::Early);
    let late = weekly(dec!(24), &[(16, dec!(6.1)), (28, dec!(5))], 52);
    let result = classify_late_response(&late, &rule);
    assert_eq!(result.class, LateClass::Late);
    assert_eq!(result.first_partial_day, Some(112), "EASI-50 at week 16");
}

#[test]
fn episode_reports_every_bad_visit() {
    let visits = vec![
        Visit::new(0, dec!(50)),
        Visit::new(30, dec!(40)),
        Visit::new(30, dec!(35)),
        Visit::new(200, dec!(10)),
        Visit::new(60, dec!(-1)),
    ];
    let stop = Some(Stop { day: 150, reason: "adverse_event" });
    let errors = Episode::new(dec!(60), visits, stop, 180).unwrap_err();
    let fields: Vec<&str> = errors.errors().iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["visits[0]", "visits[2]", "visits[3]", "visits[4]"]);
    assert!(errors.errors()[2].message.contains("day 200"));
}

#[test]
fn episode_refuses_stop_after_follow_up() {
    let stop = Some(Stop { day: 400, reason: "other" });
    let errors = Episode::new(dec!(60), vec![], stop, 364).unwrap_err();
    assert_eq!(errors.errors()[0].field, "stop.day");
}

#[test]
fn episode_sorts_visits_by_day() {
    let visits = vec![Visit::new(84, dec!(30)), Visit::new(28, dec!(50))];
    let episode = Episode::<&str>::new(dec!(60), visits, None, 100).unwrap();
    let days: Vec<i64> = episode.visits().iter().map(|v| v.day).collect();
    assert_eq!(days, [28, 84]);
}

fn ritlecitinib(baseline: Decimal, values: [Decimal; 3]) -> TrajectoryClass {
    classify_trajectory(baseline, values, &Criterion::SALT_AT_MOST_20, &Criterion::SALT30)
}

#[test]
fn ritlecitinib_classes() {
    use TrajectoryClass::*;
    assert_eq!(ritlecitinib(dec!(90), [dec!(20), dec!(10), dec!(5)]), Early);
    assert_eq!(ritlecitinib(dec!(90), [dec!(40), dec!(20), dec!(15)]), Middle);
    assert_eq!(ritlecitinib(dec!(90), [dec!(70), dec!(50), dec!(20)]), Late);
    assert_eq!(ritlecitinib(dec!(90), [dec!(70), dec!(63), dec!(40)]), Partial);
    assert_eq!(ritlecitinib(dec!(90), [dec!(50), dec!(40), dec!(70)]), Relapser);
    assert_eq!(ritlecitinib(dec!(90), [dec!(80), dec!(70), dec!(63.1)]), NonResponder);
}

#[test]
fn ritlecitinib_response_lost_by_m24_falls_to_partial_rules() {
    use TrajectoryClass::*;
    assert_eq!(ritlecitinib(dec!(90), [dec!(15), dec!(10), dec!(40)]), Partial);
    assert_eq!(ritlecitinib(dec!(90), [dec!(15), dec!(10), dec!(80)]), Relapser);
    assert_eq!(ritlecitinib(dec!(90), [dec!(15), dec!(80), dec!(15)]), Relapser);
}

#[test]
fn ad_trajectory_uses_easi75_and_easi50() {
    let class = classify_trajectory(
        dec!(40),
        [dec!(10), dec!(8), dec!(4)],
        &Criterion::EASI75,
        &Criterion::EASI50,
    );
    assert_eq!(class, TrajectoryClass::Early);
}

#[test]
fn relative_criterion_is_undefined_at_baseline_zero() {
    assert!(!Criterion::SALT30.met(dec!(0), dec!(0)));
    assert!(Criterion::EASI75.met(dec!(95), dec!(23.75)));
    assert!(!Criterion::EASI75.met(dec!(95), dec!(24)));
}

#[test]
fn loss_by_worsening_20_points_from_best() {
    let episode = weekly(dec!(90), &[(12, dec!(60)), (24, dec!(40)), (36, dec!(59.9)), (52, dec!(60))], 52);
    let loss = first_loss_of_response(&episode, &LossRule::SALT).unwrap();
    assert_eq!((loss.day, loss.kind, loss.best), (364, LossKind::WorsenedFromBest, dec!(40)));
}

#[test]
fn loss_by_going_back_above_20_after_response() {
    let episode = weekly(dec!(90), &[(24, dec!(10)), (36, dec!(20)), (52, dec!(20.1))], 52);
    let loss = first_loss_of_response(&episode, &LossRule::SALT).unwrap();
    assert_eq!((loss.day, loss.kind), (364, LossKind::AboveThresholdAfterResponse));
}

#[test]
fn loss_by_both_at_once_and_none_when_kept() {
    let both = weekly(dec!(90), &[(24, dec!(5)), (36, dec!(25))], 52);
    assert_eq!(first_loss_of_response(&both, &LossRule::SALT).unwrap().kind, LossKind::Both);
    let kept = weekly(dec!(90), &[(24, dec!(18)), (36, dec!(5)), (52, dec!(20))], 52);
    assert_eq!(first_loss_of_response(&kept, &LossRule::SALT), None);
}

#[test]
fn tapering_candidate_with_26_weeks_at_or_below_20() {
    // As of week 60 (day 420) the span is days 238–420: visits at weeks 36, 52 and 60.
    let episode = weekly(dec!(90), &[(24, dec!(30)), (36, dec!(20)), (52, dec!(10)), (60, dec!(5))], 60);
    assert!(is_tapering_candidate(&episode, 420, &TaperingRule::SALT));
    // As of week 56 (day 392) the span is days 210–392: weeks 36 and 52, both ≤ 20.
    assert!(is_tapering_candidate(&episode, 392, &TaperingRule::SALT));
    // As of week 50 (day 350) the span starts at day 168 and holds week 24's SALT 30.
    assert!(!is_tapering_candidate(&episode, 350, &TaperingRule::SALT));
}

#[test]
fn tapering_needs_26_weeks_on_treatment_a_visit_in_the_span_and_no_stop() {
    let early = weekly(dec!(90), &[(4, dec!(10)), (20, dec!(5))], 30);
    assert!(!is_tapering_candidate(&early, 181, &TaperingRule::SALT), "not yet 26 weeks");
    assert!(is_tapering_candidate(&early, 182, &TaperingRule::SALT));
    let sparse = weekly(dec!(90), &[(4, dec!(10))], 60);
    assert!(!is_tapering_candidate(&sparse, 400, &TaperingRule::SALT), "no visit in the span");
    let stop = Some(Stop { day: 300, reason: "remission" });
    let stopped = Episode::new(dec!(90), vec![Visit::new(280, dec!(5))], stop, 400).unwrap();
    assert!(!is_tapering_candidate(&stopped, 300, &TaperingRule::SALT));
}
