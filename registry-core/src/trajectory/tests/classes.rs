//! Ritlecitinib trajectory classes and the criteria.

use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use super::super::*;

fn ritlecitinib(baseline: Decimal, values: [Decimal; 3]) -> TrajectoryClass {
    classify_trajectory(
        baseline,
        values,
        &Criterion::SALT_AT_MOST_20,
        &Criterion::SALT30,
    )
}

#[test]
fn ritlecitinib_classes() {
    use TrajectoryClass::*;
    assert_eq!(ritlecitinib(dec!(90), [dec!(20), dec!(10), dec!(5)]), Early);
    assert_eq!(
        ritlecitinib(dec!(90), [dec!(40), dec!(20), dec!(15)]),
        Middle
    );
    assert_eq!(ritlecitinib(dec!(90), [dec!(70), dec!(50), dec!(20)]), Late);
    assert_eq!(
        ritlecitinib(dec!(90), [dec!(70), dec!(63), dec!(40)]),
        Partial
    );
    assert_eq!(
        ritlecitinib(dec!(90), [dec!(50), dec!(40), dec!(70)]),
        Relapser
    );
    assert_eq!(
        ritlecitinib(dec!(90), [dec!(80), dec!(70), dec!(63.1)]),
        NonResponder
    );
}

#[test]
fn ritlecitinib_response_lost_by_m24_falls_to_partial_rules() {
    use TrajectoryClass::*;
    assert_eq!(
        ritlecitinib(dec!(90), [dec!(15), dec!(10), dec!(40)]),
        Partial
    );
    assert_eq!(
        ritlecitinib(dec!(90), [dec!(15), dec!(10), dec!(80)]),
        Relapser
    );
    assert_eq!(
        ritlecitinib(dec!(90), [dec!(15), dec!(80), dec!(15)]),
        Relapser
    );
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
