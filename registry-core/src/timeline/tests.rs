//! The timeline of a patient: episode of each visit, study days, windows, baselines, responses.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use super::*;
use crate::instruments::salt::Salt;
use crate::responses::Response;

fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn salt(total: Decimal) -> VisitScores {
    VisitScores {
        salt: Some(Salt::from_total(total).unwrap()),
        ..Default::default()
    }
}

fn span(start: &str, stop: Option<&str>) -> EpisodeSpan {
    EpisodeSpan {
        start: date(start),
        stop: stop.map(date),
    }
}

/// Two episodes of one AA patient: 2024-01-01 to 2024-06-30, then from 2024-07-20.
fn two_episodes() -> [EpisodeSpan; 2] {
    [
        span("2024-01-01", Some("2024-06-30")),
        span("2024-07-20", None),
    ]
}

#[test]
fn a_visit_belongs_to_the_episode_on_treatment_or_starting_within_30_days() {
    let visits = [
        (date("2023-12-01"), salt(dec!(90))), // 31 days before: no episode
        (date("2023-12-02"), salt(dec!(90))), // 30 days before the first: its baseline
        (date("2024-03-25"), salt(dec!(60))), // day 84 of the first
        (date("2024-07-05"), salt(dec!(70))), // after the stop, 15 days before the second
        (date("2024-07-20"), salt(dec!(72))), // day 0 of the second
        (date("2025-01-04"), salt(dec!(15))), // day 168 of the second
    ];
    let t = Timeline::build(Diagnosis::Aa, &two_episodes(), &visits);
    let places: Vec<Option<(usize, i64)>> = (0..visits.len())
        .map(|i| t.place(i).map(|p| (p.episode, p.study_day)))
        .collect();
    assert_eq!(
        places,
        vec![
            None,
            Some((0, -30)),
            Some((0, 84)),
            Some((1, -15)),
            Some((1, 0)),
            Some((1, 168)),
        ]
    );
    assert_eq!(t.place(2).unwrap().window.map(|w| w.week()), Some(12));
    assert_eq!(t.place(5).unwrap().window.map(|w| w.week()), Some(24));
    assert_eq!(t.place(1).unwrap().window, None, "before day 14 no window");
    assert_eq!(t.episodes()[0].on_treatment, vec![2]);
    assert_eq!(t.episodes()[1].on_treatment, vec![5]);
}

#[test]
fn overlapping_episodes_give_the_visit_to_the_latest_started() {
    let episodes = [span("2024-01-01", None), span("2024-03-01", None)];
    let visits = [(date("2024-04-01"), salt(dec!(50)))];
    let t = Timeline::build(Diagnosis::Aa, &episodes, &visits);
    assert_eq!(t.place(0).map(|p| (p.episode, p.study_day)), Some((1, 31)));
}

#[test]
fn a_baseline_may_come_from_a_visit_of_the_previous_episode() {
    // The last visit of episode 1 (on treatment, 10 days before its stop) is 20 days before
    // episode 2 starts; episode 2 has no visit of its own in day −30…7.
    let episodes = [
        span("2024-01-01", Some("2024-06-30")),
        span("2024-07-10", None),
    ];
    let visits = [
        (date("2023-12-20"), salt(dec!(80))),
        (date("2024-06-20"), salt(dec!(40))),
        (date("2024-10-10"), salt(dec!(30))),
    ];
    let t = Timeline::build(Diagnosis::Aa, &episodes, &visits);
    assert_eq!(
        t.place(1).map(|p| p.episode),
        Some(0),
        "on treatment in episode 1"
    );
    let second = &t.episodes()[1];
    assert_eq!(
        second.baseline.scores.salt.map(|s| s.total()),
        Some(dec!(40))
    );
    assert_eq!(second.baseline_day("salt"), Some(-20));
    assert_eq!(t.episodes()[0].baseline_day("salt"), Some(-12));
    // SALT 40 → 30 is 25 %: not SALT30; against episode 1's 80 it would have been SALT50.
    let r = t.responses(2, &visits[2].1).unwrap();
    assert_eq!(r.salt_30, Response::NonResponder);
    assert_eq!(r.salt_50, Response::NonResponder);
}

#[test]
fn the_baseline_is_the_latest_before_the_start_else_the_earliest_in_the_first_week() {
    let episodes = [span("2024-01-01", None), span("2025-01-01", None)];
    let visits = [
        (date("2023-12-10"), salt(dec!(90))), // day −22
        (date("2023-12-28"), salt(dec!(85))), // day −4: latest before start wins
        (date("2024-01-05"), salt(dec!(70))), // day 4
        (date("2025-01-03"), salt(dec!(60))), // day 2 of the second
        (date("2025-01-06"), salt(dec!(55))), // day 5 of the second
    ];
    let t = Timeline::build(Diagnosis::Aa, &episodes, &visits);
    let totals: Vec<Option<Decimal>> = t
        .episodes()
        .iter()
        .map(|e| e.baseline.scores.salt.map(|s| s.total()))
        .collect();
    assert_eq!(totals, vec![Some(dec!(85)), Some(dec!(60))]);
    assert_eq!(t.episodes()[1].baseline_day("salt"), Some(2));
}

#[test]
fn no_baseline_makes_relative_responses_not_evaluable_but_absolute_ones_stay() {
    let episodes = [span("2024-01-01", None)];
    let visits = [(date("2024-06-01"), salt(dec!(18)))];
    let t = Timeline::build(Diagnosis::Aa, &episodes, &visits);
    assert!(t.episodes()[0].baseline.scores.salt.is_none());
    let r = t.responses(0, &visits[0].1).unwrap();
    assert_eq!(r.salt_50, Response::NotEvaluable);
    assert_eq!(r.salt_le_20, Response::Responder);
}

#[test]
fn each_window_is_represented_by_the_visit_closest_to_its_target_ties_to_the_earlier() {
    // AA W24: days 126–209, target 168. Days 160 and 176 are both 8 days off: 160 wins.
    let episodes = [span("2024-01-01", None)];
    let day = |d: i64| date("2024-01-01") + chrono::Duration::days(d);
    let visits = [
        (day(176), salt(dec!(30))),
        (day(160), salt(dec!(40))),
        (day(130), salt(dec!(50))),
        (day(90), salt(dec!(60))), // W12
    ];
    let t = Timeline::build(Diagnosis::Aa, &episodes, &visits);
    let course = &t.episodes()[0];
    assert_eq!(course.on_treatment, vec![3, 2, 1, 0], "date order");
    assert_eq!(course.visit_at_week(24), Some(1));
    assert_eq!(course.visit_at_week(12), Some(3));
    assert_eq!(course.visit_at_week(36), None);
}

#[test]
fn follow_up_ends_at_the_stop_or_the_data_cut_whichever_comes_first() {
    let t = Timeline::build(Diagnosis::Ad, &two_episodes(), &[]);
    let cut = date("2025-01-01");
    assert_eq!(t.episodes()[0].follow_up_end(cut), 181);
    assert_eq!(t.episodes()[1].follow_up_end(cut), 165);
    assert_eq!(t.episodes()[0].follow_up_end(date("2024-03-01")), 60);
}

#[test]
fn visits_after_a_stop_belong_to_no_episode_and_have_no_responses() {
    let episodes = [span("2024-01-01", Some("2024-03-01"))];
    let visits = [
        (date("2023-12-31"), salt(dec!(80))),
        (date("2024-05-01"), salt(dec!(10))),
    ];
    let t = Timeline::build(Diagnosis::Aa, &episodes, &visits);
    assert_eq!(t.place(1), None);
    assert_eq!(t.responses(1, &visits[1].1), None);
    assert!(t.episodes()[0].on_treatment.is_empty());
}
