#![allow(clippy::unwrap_used, clippy::expect_used)]

mod classes;
mod late;
mod loss;

use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use super::*;

/// An episode from (week, score) visits, ongoing with follow-up to `follow_up_week`.
pub(super) fn weekly(
    baseline: Decimal,
    visits: &[(i64, Decimal)],
    follow_up_week: i64,
) -> Episode<&'static str> {
    let visits = visits
        .iter()
        .map(|&(week, value)| Visit::new(weeks_to_days(week), value))
        .collect();
    Episode::new(baseline, visits, None, weeks_to_days(follow_up_week)).unwrap()
}

#[test]
fn weeks_are_counted_in_days() {
    assert_eq!(weeks_to_days(24), 168);
    assert_eq!(weeks_to_days(36), 252);
    assert_eq!(weeks_to_days(52), 364);
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
    let stop = Some(Stop {
        day: 150,
        reason: "adverse_event",
    });
    let errors = Episode::new(dec!(60), visits, stop, 180).unwrap_err();
    let fields: Vec<&str> = errors.errors().iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["visits[0]", "visits[2]", "visits[3]", "visits[4]"]);
    assert!(errors.errors()[2].message.contains("day 200"));
}

#[test]
fn episode_refuses_stop_after_follow_up() {
    let stop = Some(Stop {
        day: 400,
        reason: "other",
    });
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
