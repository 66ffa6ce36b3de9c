//! The CLINICAL.md §6 vectors through the analyses: the curve table and late responders A–E.

use std::sync::Arc;

use registry_core::catalogue::Drug;
use registry_core::instruments::salt::Salt;
use registry_core::patient::Diagnosis;
use registry_core::responses::{VisitResponses, VisitScores};
use registry_core::treatment::StopReason;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use super::curves::{Method, curve_rows, observation};
use super::*;

fn scores(salt: Decimal) -> VisitScores {
    VisitScores {
        salt: Some(Salt::from_total(salt).unwrap()),
        ..Default::default()
    }
}

/// An AA baricitinib course: baseline SALT, assessments (week, SALT), a stop (week, reason)
/// and follow-up to `follow_up_weeks` (or the stop).
fn course(
    patient: &str,
    baseline: Decimal,
    visits: &[(i64, Decimal)],
    stop: Option<(i64, StopReason)>,
    follow_up_weeks: i64,
) -> Course {
    let base = scores(baseline);
    let follow_up_day = stop.map_or(follow_up_weeks * 7, |(w, _)| w * 7);
    Course {
        patient: Arc::from(patient),
        episode: 1,
        diagnosis: Diagnosis::Aa,
        drug: Drug::Baricitinib,
        episode_number: 1,
        previous_drug: None,
        stop: stop.map(|(w, r)| (w * 7, r)),
        follow_up_day,
        cut_day: follow_up_weeks * 7,
        taper_day: None,
        baseline: BaselineValues {
            salt: Some(baseline),
            ..Default::default()
        },
        assessments: visits
            .iter()
            .filter(|(w, _)| *w > 0)
            .map(|&(w, salt)| {
                let day = w * 7;
                let window = registry_core::windows::nominal_window(Diagnosis::Aa, day);
                Assessment {
                    day,
                    week: window.map(|w| w.week()),
                    window_visit: window.is_some(),
                    salt: Some(salt),
                    easi: None,
                    responses: VisitResponses::compute(&base, &scores(salt)),
                }
            })
            .collect(),
    }
}

/// The §6 curve vector as courses: (week, event) with 1 response, 2 discontinuation, 0 censored.
fn vector(copies: usize) -> Vec<Course> {
    let pairs = [
        (12, 1),
        (16, 1),
        (20, 2),
        (24, 0),
        (24, 1),
        (36, 1),
        (40, 2),
        (52, 0),
    ];
    let mut out = Vec::new();
    for copy in 0..copies {
        for (i, (week, event)) in pairs.into_iter().enumerate() {
            let name = format!("p{copy}-{i}");
            out.push(match event {
                1 => course(&name, dec!(80), &[(week, dec!(10))], None, 60),
                2 => course(
                    &name,
                    dec!(80),
                    &[],
                    Some((week, StopReason::AdverseEvent)),
                    60,
                ),
                _ => course(&name, dec!(80), &[(week, dec!(60))], None, week),
            });
        }
    }
    out
}

#[test]
fn each_episode_gives_the_time_and_event_of_the_vector() {
    let got: Vec<(i64, registry_core::curves::Event)> = vector(1)
        .iter()
        .map(|c| observation(c, Outcome::SaltLe20).unwrap())
        .map(|o| (o.time / 7, o.event))
        .collect();
    use registry_core::curves::Event::{Censored, Competing, Response};
    assert_eq!(
        got,
        vec![
            (12, Response),
            (16, Response),
            (20, Competing),
            (24, Censored),
            (24, Response),
            (36, Response),
            (40, Competing),
            (52, Censored)
        ]
    );
}

#[test]
fn the_curve_vector_holds_and_ends_where_fewer_than_five_remain_at_risk() {
    let observations: Vec<_> = vector(1)
        .iter()
        .filter_map(|c| observation(c, Outcome::SaltLe20))
        .collect();
    let rows = curve_rows(Outcome::SaltLe20, "baricitinib", &observations);
    let km: Vec<(i64, usize, f64)> = rows
        .iter()
        .filter(|r| r.method == Method::Km)
        .map(|r| (r.day / 7, r.at_risk, r.estimate))
        .collect();
    assert_eq!(
        km.len(),
        4,
        "weeks 12–24 (8 to 5 at risk); 36 and 40 have 3 and 2: {km:?}"
    );
    // Five copies of the vector: the same estimates (every ratio d/n is the same), all rows.
    let observations: Vec<_> = vector(5)
        .iter()
        .filter_map(|c| observation(c, Outcome::SaltLe20))
        .collect();
    let rows = curve_rows(Outcome::SaltLe20, "baricitinib", &observations);
    let at = |m: Method, week: i64| {
        rows.iter()
            .find(|r| r.method == m && r.day == week * 7)
            .map(|r| (r.at_risk, r.estimate))
            .unwrap()
    };
    let expected = [
        (12, 40, 0.125, 0.125, 0.0),
        (16, 35, 0.25, 0.25, 0.0),
        (20, 30, 0.25, 0.25, 0.125),
        (24, 25, 0.4, 0.375, 0.125),
        (36, 15, 0.6, 13.0 / 24.0, 0.125),
        (40, 10, 0.6, 13.0 / 24.0, 7.0 / 24.0),
    ];
    for (week, at_risk, km, aj, stop) in expected {
        assert_eq!(at(Method::Km, week).0, at_risk, "week {week}");
        assert!(
            (at(Method::Km, week).1 - km).abs() < 1e-12,
            "KM week {week}"
        );
        assert!(
            (at(Method::Aj, week).1 - aj).abs() < 1e-12,
            "AJ week {week}"
        );
        assert!(
            (at(Method::AjDiscontinuation, week).1 - stop).abs() < 1e-12,
            "AJ stop week {week}"
        );
    }
    let events: Vec<Option<usize>> = rows
        .iter()
        .filter(|r| r.method == Method::Km)
        .map(|r| r.events)
        .collect();
    assert_eq!(
        events,
        vec![Some(5), Some(10), Some(10), Some(15), Some(20), Some(20)]
    );
}

fn late(c: &Course, cutoff: i64) -> (String, Option<String>, Option<i64>) {
    let row = late::late_responders(c)
        .into_iter()
        .find(|r| r.cutoff_weeks == cutoff)
        .unwrap();
    (
        row.class.to_owned(),
        row.reason,
        row.first_response_day.map(|d| d / 7),
    )
}

#[test]
fn late_responder_vectors_a_to_e() {
    let a = course(
        "A",
        dec!(90),
        &[(12, dec!(60)), (24, dec!(18)), (52, dec!(5))],
        None,
        52,
    );
    let b = course(
        "B",
        dec!(100),
        &[(24, dec!(80)), (36, dec!(40)), (52, dec!(15))],
        None,
        52,
    );
    let c = course(
        "C",
        dec!(95),
        &[(24, dec!(50)), (36, dec!(20)), (52, dec!(25))],
        None,
        52,
    );
    let d = course("D", dec!(80), &[(24, dec!(56)), (52, dec!(50))], None, 52);
    let e = course("E", dec!(70), &[], Some((20, StopReason::AdverseEvent)), 52);
    assert_eq!(late(&a, 24), ("early".into(), None, Some(24)));
    assert_eq!(late(&b, 24), ("late".into(), None, Some(52)));
    assert_eq!(late(&c, 24), ("late".into(), None, Some(36)));
    assert_eq!(late(&c, 36), ("early".into(), None, Some(36)));
    let c_row = &late::late_responders(&c)[0];
    assert_eq!(c_row.sustained, Some(false), "C loses it at week 52");
    assert_eq!(late(&d, 24), ("non_responder".into(), None, None));
    assert_eq!(
        late::late_responders(&d)[0].first_partial_day,
        Some(24 * 7),
        "SALT30 at week 24"
    );
    assert_eq!(
        late(&e, 24),
        (
            "not_evaluable".into(),
            Some("stopped_adverse_event".into()),
            None
        )
    );
}

#[test]
fn window_proportions_count_observed_imputed_and_carried_forward() {
    // Ten AA episodes followed 40 weeks: five respond at W24, three are non-responders at W24,
    // two stopped at week 10 (no W24 visit). W36 (days 210–307) is due for all.
    let mut courses = Vec::new();
    for i in 0..5 {
        courses.push(course(
            &format!("r{i}"),
            dec!(80),
            &[(12, dec!(50)), (24, dec!(10))],
            None,
            45,
        ));
    }
    for i in 0..3 {
        courses.push(course(
            &format!("n{i}"),
            dec!(80),
            &[(12, dec!(50)), (24, dec!(60))],
            None,
            45,
        ));
    }
    for i in 0..2 {
        courses.push(course(
            &format!("s{i}"),
            dec!(80),
            &[],
            Some((10, StopReason::PrimaryInefficacy)),
            45,
        ));
    }
    let rows = windows::window_proportions(&courses);
    let at = |week: u32, m: windows::Imputation| {
        rows.iter()
            .find(|r| r.outcome == Outcome::SaltLe20 && r.week == week && r.method == m)
            .map(|r| (r.n, r.responders))
            .unwrap()
    };
    use windows::Imputation::{Locf, Nri, Oc};
    assert_eq!(
        at(24, Oc),
        (Some(8), None),
        "3 non-responders: responders hidden"
    );
    assert_eq!(at(24, Nri), (Some(10), Some(5)));
    assert_eq!(at(36, Oc), (Some(0), None), "no visit at W36");
    assert_eq!(at(36, Nri), (Some(10), Some(0)));
    assert_eq!(
        at(36, Locf),
        (Some(8), None),
        "carried forward: 5 of 8, 3 hidden"
    );
}
