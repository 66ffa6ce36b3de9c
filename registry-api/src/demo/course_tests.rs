//! Tests of [`super::course`]: responders cross their threshold on their day, segments chain,
//! skin courses improve early.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::course::*;

#[test]
fn a_responder_crosses_the_threshold_on_its_day() {
    let course = Course::reaching(100.0, 5.0, 28.0, 20.0, 252.0, 200.0, false);
    assert!((course.value(252.0) - 20.0).abs() < 0.01);
    assert!(course.value(245.0) > 20.0);
    assert_eq!(course.value(0.0), 100.0);
    assert!((course.value(1000.0) - 5.0).abs() < 1e-9);
}

#[test]
fn a_later_segment_starts_where_the_course_is() {
    let mut course = Course::towards(80.0, 10.0, 0.0, 100.0, false);
    course.then(200.0, 60.0, 0.0, 50.0);
    assert_eq!(course.value(200.0), 10.0);
    assert!((course.value(260.0) - 60.0).abs() < 1e-9);
    let relapse = Relapse {
        from_value: 10.0,
        natural: 90.0,
        onset: 30.0,
        duration: 60.0,
    };
    assert_eq!(relapse.value(20.0), 10.0);
    assert_eq!(relapse.value(100.0), 90.0);
}

#[test]
fn an_exponential_responder_improves_most_in_the_first_weeks() {
    let course = Course::reaching(20.0, 2.0, 0.0, 5.0, 56.0, 100.0, true);
    assert!((course.value(56.0) - 5.0).abs() < 1e-9);
    let at_week_4 = 1.0 - course.value(28.0) / 20.0;
    assert!(at_week_4 > 0.5, "{at_week_4}");
}
