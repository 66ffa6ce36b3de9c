//! Loss of response and tapering candidates.

use rust_decimal_macros::dec;

use super::super::*;
use super::weekly;

#[test]
fn loss_by_worsening_20_points_from_best() {
    let episode = weekly(
        dec!(90),
        &[
            (12, dec!(60)),
            (24, dec!(40)),
            (36, dec!(59.9)),
            (52, dec!(60)),
        ],
        52,
    );
    let loss = first_loss_of_response(&episode, &LossRule::SALT).unwrap();
    assert_eq!(
        (loss.day, loss.kind, loss.best),
        (364, LossKind::WorsenedFromBest, dec!(40))
    );
}

#[test]
fn loss_by_going_back_above_20_after_response() {
    let episode = weekly(
        dec!(90),
        &[(24, dec!(10)), (36, dec!(20)), (52, dec!(20.1))],
        52,
    );
    let loss = first_loss_of_response(&episode, &LossRule::SALT).unwrap();
    assert_eq!(
        (loss.day, loss.kind),
        (364, LossKind::AboveThresholdAfterResponse)
    );
}

#[test]
fn loss_by_both_at_once_and_none_when_kept() {
    let both = weekly(dec!(90), &[(24, dec!(5)), (36, dec!(25))], 52);
    assert_eq!(
        first_loss_of_response(&both, &LossRule::SALT).unwrap().kind,
        LossKind::Both
    );
    let kept = weekly(
        dec!(90),
        &[(24, dec!(18)), (36, dec!(5)), (52, dec!(20))],
        52,
    );
    assert_eq!(first_loss_of_response(&kept, &LossRule::SALT), None);
}

#[test]
fn tapering_candidate_with_26_weeks_at_or_below_20() {
    // As of week 60 (day 420) the span is days 238–420: visits at weeks 36, 52 and 60.
    let episode = weekly(
        dec!(90),
        &[
            (24, dec!(30)),
            (36, dec!(20)),
            (52, dec!(10)),
            (60, dec!(5)),
        ],
        60,
    );
    assert!(is_tapering_candidate(&episode, 420, &TaperingRule::SALT));
    // As of week 56 (day 392) the span is days 210–392: weeks 36 and 52, both ≤ 20.
    assert!(is_tapering_candidate(&episode, 392, &TaperingRule::SALT));
    // As of week 50 (day 350) the span starts at day 168 and holds week 24's SALT 30.
    assert!(!is_tapering_candidate(&episode, 350, &TaperingRule::SALT));
}

#[test]
fn tapering_needs_26_weeks_on_treatment_a_visit_in_the_span_and_no_stop() {
    let early = weekly(dec!(90), &[(4, dec!(10)), (20, dec!(5))], 30);
    assert!(
        !is_tapering_candidate(&early, 181, &TaperingRule::SALT),
        "not yet 26 weeks"
    );
    assert!(is_tapering_candidate(&early, 182, &TaperingRule::SALT));
    let sparse = weekly(dec!(90), &[(4, dec!(10))], 60);
    assert!(
        !is_tapering_candidate(&sparse, 400, &TaperingRule::SALT),
        "no visit in the span"
    );
    let stop = Some(Stop {
        day: 300,
        reason: "remission",
    });
    let stopped = Episode::new(dec!(90), vec![Visit::new(280, dec!(5))], stop, 400).unwrap();
    assert!(!is_tapering_candidate(&stopped, 300, &TaperingRule::SALT));
}
