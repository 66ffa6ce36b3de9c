use proptest::prelude::*;

use super::*;
use crate::patient::Diagnosis;
use crate::patient::Diagnosis::{Aa, Ad};

fn span(w: NominalWindow) -> (u32, i64, i64, i64) {
    (w.week(), w.from_day(), w.to_day(), w.target_day())
}

fn weeks(ws: &[NominalWindow]) -> Vec<u32> {
    ws.iter().map(|w| w.week()).collect()
}

#[test]
fn ad_windows_are_the_tabulated_ones() {
    let got: Vec<_> = windows(Ad).take(7).map(span).collect();
    assert_eq!(
        got,
        vec![
            (4, 14, 41, 28),
            (8, 42, 83, 56),
            (16, 84, 153, 112),
            (28, 154, 279, 196),
            (52, 280, 447, 364),
            (76, 448, 629, 532),
            (104, 630, 818, 728),
        ]
    );
}

#[test]
fn aa_windows_are_the_tabulated_ones() {
    let got: Vec<_> = windows(Aa).take(7).map(span).collect();
    assert_eq!(
        got,
        vec![
            (4, 14, 55, 28),
            (12, 56, 125, 84),
            (24, 126, 209, 168),
            (36, 210, 307, 252),
            (52, 308, 454, 364),
            (78, 455, 636, 546),
            (104, 637, 818, 728),
        ]
    );
}

#[test]
fn after_week_104_every_26_weeks_continues_from_day_819() {
    for diagnosis in [Ad, Aa] {
        let later: Vec<_> = windows(diagnosis).skip(7).take(4).map(span).collect();
        assert_eq!(
            later,
            vec![
                (130, 819, 1000, 910),
                (156, 1001, 1182, 1092),
                (182, 1183, 1364, 1274),
                (208, 1365, 1546, 1456),
            ]
        );
    }
}

#[test]
fn boundary_days_fall_in_the_right_window() {
    let week = |d, day| nominal_window(d, day).map(|w| w.week());
    assert_eq!(week(Ad, 13), None);
    assert_eq!(week(Ad, 0), None);
    assert_eq!(week(Ad, -30), None);
    assert_eq!(week(Ad, 14), Some(4));
    assert_eq!(week(Ad, 41), Some(4));
    assert_eq!(week(Ad, 42), Some(8));
    assert_eq!(week(Aa, 55), Some(4));
    assert_eq!(week(Aa, 56), Some(12));
    assert_eq!(week(Aa, 818), Some(104));
    assert_eq!(week(Aa, 819), Some(130));
    assert_eq!(week(Ad, 1000), Some(130));
    assert_eq!(
        week(Ad, 1001),
        Some(156),
        "the halfway day 1001 goes to the later window"
    );
    assert_eq!(week(Ad, 1182), Some(156));
    assert_eq!(week(Ad, 1183), Some(182));
}

/// Looks up both edges of every window of CLINICAL.md §5: day 13 has no window, each window
/// holds its first and last day, and the day after a window is the first of the next one.
fn assert_every_edge(diagnosis: Diagnosis, table: &[(u32, i64, i64)]) {
    let week = |day| nominal_window(diagnosis, day).map(|w| w.week());
    assert_eq!(week(13), None, "{diagnosis:?}: day 13 is before W4");
    assert_eq!(table[0].1, 14);
    for &(w, from, to) in table {
        assert_eq!(
            week(from),
            Some(w),
            "{diagnosis:?} W{w} starts on day {from}"
        );
        assert_eq!(week(to), Some(w), "{diagnosis:?} W{w} ends on day {to}");
    }
    for pair in table.windows(2) {
        let ((w, _, to), (next, from, _)) = (pair[0], pair[1]);
        assert_eq!(to + 1, from, "{diagnosis:?}: W{w} and W{next} leave no gap");
        assert_eq!(
            week(to + 1),
            Some(next),
            "{diagnosis:?}: day {} is W{next}",
            to + 1
        );
    }
}

#[test]
fn ad_window_boundaries_w4_14_41_to_w104_630_818_then_every_26_weeks() {
    assert_every_edge(
        Ad,
        &[
            (4, 14, 41),
            (8, 42, 83),
            (16, 84, 153),
            (28, 154, 279),
            (52, 280, 447),
            (76, 448, 629),
            (104, 630, 818),
            (130, 819, 1000),
            (156, 1001, 1182),
        ],
    );
}

#[test]
fn aa_window_boundaries_w4_14_55_to_w104_637_818_then_every_26_weeks() {
    assert_every_edge(
        Aa,
        &[
            (4, 14, 55),
            (12, 56, 125),
            (24, 126, 209),
            (36, 210, 307),
            (52, 308, 454),
            (78, 455, 636),
            (104, 637, 818),
            (130, 819, 1000),
            (156, 1001, 1182),
        ],
    );
}

#[test]
fn window_for_week_knows_only_nominal_weeks() {
    assert_eq!(window_for_week(Ad, 16).map(span), Some((16, 84, 153, 112)));
    assert_eq!(window_for_week(Aa, 24).map(span), Some((24, 126, 209, 168)));
    assert_eq!(window_for_week(Ad, 12), None);
    assert_eq!(window_for_week(Aa, 8), None);
    assert_eq!(window_for_week(Aa, 117), None);
    assert_eq!(window_for_week(Aa, 0), None);
    assert_eq!(
        window_for_week(Ad, 156).map(span),
        Some((156, 1001, 1182, 1092))
    );
}

#[test]
fn extreme_days_do_not_overflow() {
    assert_eq!(nominal_window(Ad, i64::MIN), None);
    assert_eq!(nominal_window(Aa, i64::MAX), None);
    assert_eq!(window_for_week(Aa, u32::MAX), None);
}

#[test]
fn label_names_the_week() {
    assert_eq!(window_for_week(Aa, 36).unwrap().label(), "W36");
}

#[test]
fn windows_partition_days_14_to_5000_without_gap_or_overlap() {
    for diagnosis in [Ad, Aa] {
        let mut previous: Option<NominalWindow> = None;
        for day in FIRST_WINDOW_DAY..=5000 {
            let w = nominal_window(diagnosis, day).unwrap();
            assert!(w.contains(day), "{diagnosis:?} day {day} not in {w:?}");
            assert!(w.contains(w.target_day()), "{w:?} misses its target");
            assert_eq!(i64::from(w.week()) * 7, w.target_day());
            match previous {
                None => assert_eq!(w.from_day(), FIRST_WINDOW_DAY),
                Some(p) if p == w => {}
                Some(p) => {
                    assert_eq!(w.from_day(), p.to_day() + 1, "gap or overlap at {day}");
                    assert_eq!(w.from_day(), day);
                    assert!(w.week() > p.week());
                }
            }
            previous = Some(w);
        }
    }
}

#[test]
fn window_iterator_agrees_with_lookup() {
    for diagnosis in [Ad, Aa] {
        for w in windows(diagnosis).take(40) {
            assert_eq!(nominal_window(diagnosis, w.from_day()), Some(w));
            assert_eq!(nominal_window(diagnosis, w.to_day()), Some(w));
            assert_eq!(window_for_week(diagnosis, w.week()), Some(w));
        }
    }
}

#[test]
fn window_is_due_once_its_last_day_has_passed() {
    let w4 = window_for_week(Ad, 4).unwrap();
    assert!(!w4.is_due(40));
    assert!(w4.is_due(41));
    assert_eq!(weeks(&due_windows(Ad, 447)), vec![4, 8, 16, 28, 52]);
    assert_eq!(
        weeks(&due_windows(Aa, 1000)),
        vec![4, 12, 24, 36, 52, 78, 104, 130]
    );
    assert!(due_windows(Aa, 54).is_empty());
}

#[test]
fn assignment_picks_the_visit_closest_to_target() {
    // AD W4 target 28, W8 target 56.
    let visits = [
        (10, "baseline region"),
        (20, "a"),
        (31, "b"),
        (45, "c"),
        (60, "d"),
    ];
    let got: Vec<_> = assign_windows(Ad, &visits)
        .into_iter()
        .map(|(w, i)| (w.week(), i))
        .collect();
    assert_eq!(got, vec![(4, 2), (8, 4)]);
}

#[test]
fn assignment_tie_goes_to_the_earlier_visit() {
    let visits = [(30, ()), (26, ())];
    let got = assign_windows(Ad, &visits);
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].1, 1, "day 26 beats day 30 at equal distance from 28");
    let same_day = [(28, 'x'), (28, 'y')];
    assert_eq!(assign_windows(Aa, &same_day)[0].1, 0);
}

#[test]
fn baseline_is_latest_before_start() {
    assert_eq!(choose_baseline(&[-40, -20, -3, 2]), Some(2));
    assert_eq!(choose_baseline(&[0, -30]), Some(0));
    assert_eq!(choose_baseline(&[-30, 5]), Some(0));
}

#[test]
fn baseline_falls_back_to_earliest_in_first_week() {
    assert_eq!(choose_baseline(&[-31, 3, 5]), Some(1));
    assert_eq!(choose_baseline(&[7, 1, 4]), Some(1));
}

#[test]
fn no_baseline_makes_relative_outcomes_not_evaluable() {
    assert_eq!(choose_baseline(&[-31, 8, 28]), None);
    assert_eq!(choose_baseline(&[]), None);
    let err = baseline::<u8>(&[(8, 40)]).unwrap_err();
    assert!(err.to_string().contains("not evaluable"));
}

#[test]
fn baseline_same_day_takes_first_listed() {
    assert_eq!(choose_baseline(&[-2, -2]), Some(0));
    assert_eq!(choose_baseline(&[3, 3]), Some(0));
}

#[test]
fn typed_baseline_reports_value_and_source() {
    let salt = [(-45, 90), (2, 85), (5, 80)];
    let b = baseline(&salt).unwrap();
    assert_eq!((b.index, b.study_day, *b.value), (1, 2, 85));
    assert_eq!(b.source, BaselineSource::AfterStart);
    let b = baseline_by(&[-10_i64, 0], |d| *d).unwrap();
    assert_eq!((b.index, b.source), (1, BaselineSource::BeforeStart));
}

proptest! {
    #[test]
    fn every_day_from_14_has_a_window_holding_it_and_its_target(day in 14i64..2_000_000) {
        for diagnosis in [Ad, Aa] {
            let w = nominal_window(diagnosis, day).unwrap();
            prop_assert!(w.contains(day));
            prop_assert!(w.contains(w.target_day()));
            prop_assert_eq!(nominal_window(diagnosis, w.target_day()), Some(w));
        }
    }

    #[test]
    fn days_before_14_have_no_window(day in -10_000i64..14) {
        prop_assert_eq!(nominal_window(Ad, day), None);
        prop_assert_eq!(nominal_window(Aa, day), None);
    }

    #[test]
    fn assignment_picks_the_closest_visit(days in proptest::collection::vec(-40i64..1500, 0..30)) {
        for diagnosis in [Ad, Aa] {
            let visits: Vec<(i64, ())> = days.iter().map(|d| (*d, ())).collect();
            let assigned = assign_windows(diagnosis, &visits);
            let mut expected: Vec<u32> = days
                .iter()
                .filter_map(|d| nominal_window(diagnosis, *d).map(|w| w.week()))
                .collect();
            expected.sort_unstable();
            expected.dedup();
            prop_assert_eq!(weeks(&assigned.iter().map(|(w, _)| *w).collect::<Vec<_>>()), expected);
            for (w, chosen) in assigned {
                let best = days[chosen];
                prop_assert!(w.contains(best));
                let dist = |d: i64| (d - w.target_day()).abs();
                for (i, d) in days.iter().enumerate().filter(|(_, d)| w.contains(**d)) {
                    prop_assert!(dist(*d) > dist(best) || (dist(*d) == dist(best) && (*d, i) >= (best, chosen)));
                }
            }
        }
    }

    #[test]
    fn baseline_is_in_range_and_preferred(days in proptest::collection::vec(-60i64..30, 0..12)) {
        match choose_baseline(&days) {
            Some(i) if days[i] <= 0 => {
                prop_assert!(days[i] >= -30);
                prop_assert!(days.iter().all(|d| !(days[i] + 1..=0).contains(d)));
            }
            Some(i) => {
                prop_assert!((1..=7).contains(&days[i]));
                prop_assert!(days.iter().all(|d| !(-30..days[i]).contains(d)));
            }
            None => prop_assert!(days.iter().all(|d| !(-30..=7).contains(d))),
        }
    }
}
