#![allow(clippy::unwrap_used, clippy::expect_used)]

use proptest::prelude::*;

use super::*;

const EXACT: f64 = 1e-12;

fn close(actual: f64, expected: f64, tolerance: f64) -> bool {
    (actual - expected).abs() < tolerance
}

/// The CLINICAL.md §6 vector, (week, event) with 1 response, 2 discontinuation, 0 censored.
fn clinical_vector() -> Vec<Observation> {
    [
        (12, 1),
        (16, 1),
        (20, 2),
        (24, 0),
        (24, 1),
        (36, 1),
        (40, 2),
        (52, 0),
    ]
    .into_iter()
    .map(|(week, code)| {
        let event = match code {
            1 => Event::Response,
            2 => Event::Competing,
            _ => Event::Censored,
        };
        Observation::new(week, event)
    })
    .collect()
}

#[test]
fn clinical_vector_km_and_aalen_johansen() {
    let rows = response_curve(&clinical_vector());
    // t, at risk, KM 1−S, AJ response, AJ discontinuation
    let expected = [
        (12, 8, 0.125, 0.125, 0.0),
        (16, 7, 0.25, 0.25, 0.0),
        (20, 6, 0.25, 0.25, 0.125),
        (24, 5, 0.4, 0.375, 0.125),
        (36, 3, 0.6, 13.0 / 24.0, 0.125),
        (40, 2, 0.6, 13.0 / 24.0, 7.0 / 24.0),
    ];
    assert_eq!(
        rows.len(),
        expected.len(),
        "one row per event time, none at 52"
    );
    for (row, (t, at_risk, km, aj_r, aj_c)) in rows.iter().zip(expected) {
        assert_eq!((row.t, row.at_risk), (t, at_risk));
        assert!(
            close(row.km_1_minus_s, km, EXACT),
            "KM at {t}: {}",
            row.km_1_minus_s
        );
        assert!(
            close(row.aj_cif_response, aj_r, EXACT),
            "AJ response at {t}"
        );
        assert!(
            close(row.aj_cif_competing, aj_c, EXACT),
            "AJ competing at {t}"
        );
    }
}

#[test]
fn clinical_vector_counts_events_before_censorings_at_24() {
    let rows = response_curve(&clinical_vector());
    let at_24 = rows.iter().find(|r| r.t == 24).unwrap();
    assert_eq!(
        (at_24.at_risk, at_24.events, at_24.competing, at_24.censored),
        (5, 1, 0, 1)
    );
    let at_20 = rows.iter().find(|r| r.t == 20).unwrap();
    assert_eq!((at_20.events, at_20.competing, at_20.censored), (0, 1, 0));
}

#[test]
fn clinical_vector_log_log_greenwood_interval() {
    let rows = response_curve(&clinical_vector());
    // 1 − S^exp(±1.96·SE), SE of log(−log S) from Greenwood's Σ d/(n(n−d)).
    let expected = [
        (0.018_607_034_121_034, 0.612_999_985_967_975),
        (0.069_101_682_909_372, 0.685_192_886_294_481),
        (0.069_101_682_909_372, 0.685_192_886_294_481),
        (0.147_745_654_237_791, 0.804_504_133_915_002),
        (0.265_774_655_008_217, 0.933_970_225_672_464),
        (0.265_774_655_008_217, 0.933_970_225_672_464),
    ];
    for (row, (low, high)) in rows.iter().zip(expected) {
        assert!(close(row.km_ci_low.unwrap(), low, 1e-9), "low at {}", row.t);
        assert!(
            close(row.km_ci_high.unwrap(), high, 1e-9),
            "high at {}",
            row.t
        );
    }
}

#[test]
fn plain_interval_is_clamped_to_zero_and_one() {
    let rows = response_curve_with(&clinical_vector(), CiMethod::Plain);
    // t = 12: S = 7/8, SE = 7/8·√(1/56); S + 1.96·SE > 1, so 1 − S's lower limit clamps to 0.
    assert_eq!(rows[0].km_ci_low, Some(0.0));
    assert!(close(
        rows[0].km_ci_high.unwrap(),
        0.354_172_303_767_662,
        1e-9
    ));
    assert!(close(
        rows[3].km_ci_low.unwrap(),
        0.043_954_860_891_338,
        1e-9
    ));
}

/// Freireich 6-MP arm (Gehan 1965), the textbook Greenwood example; R
/// `survfit(..., conf.type = "log-log")` prints these survival limits to three decimals.
#[test]
fn six_mp_log_log_limits_match_the_textbook() {
    let events = [6, 6, 6, 7, 10, 13, 16, 22, 23];
    let censored = [6, 9, 10, 11, 17, 19, 20, 25, 32, 32, 34, 35];
    let courses: Vec<Course<i64, &str>> = events
        .iter()
        .map(|&t| Course {
            time: t,
            stop_reason: Some("relapse"),
        })
        .chain(censored.iter().map(|&t| Course {
            time: t,
            stop_reason: None,
        }))
        .collect();
    let overall = drug_survival(&courses, CiMethod::LogLog).overall;
    let expected = [
        (6, 21, 0.857, 0.620, 0.952),
        (7, 17, 0.807, 0.563, 0.923),
        (10, 15, 0.753, 0.503, 0.889),
        (13, 12, 0.690, 0.432, 0.849),
        (16, 11, 0.627, 0.368, 0.805),
        (22, 7, 0.538, 0.268, 0.747),
        (23, 6, 0.448, 0.188, 0.680),
    ];
    assert_eq!(overall.len(), expected.len());
    for (row, (t, n, s, low, high)) in overall.iter().zip(expected) {
        assert_eq!((row.t, row.at_risk), (t, n));
        assert!(close(row.survival, s, 5e-4), "S at {t}: {}", row.survival);
        assert!(
            close(row.ci_low.unwrap(), low, 5e-4),
            "low at {t}: {:?}",
            row.ci_low
        );
        assert!(
            close(row.ci_high.unwrap(), high, 5e-4),
            "high at {t}: {:?}",
            row.ci_high
        );
    }
    assert_eq!(
        overall[0].censored, 1,
        "the course censored at 6 is at risk at 6"
    );
}

#[test]
fn drug_survival_by_reason_adds_up_to_overall() {
    let courses = [
        (10, Some("adverse_event")),
        (20, Some("inefficacy")),
        (20, Some("adverse_event")),
        (30, None),
        (40, Some("inefficacy")),
        (50, None),
    ]
    .map(|(time, stop_reason)| Course { time, stop_reason });
    let result = drug_survival(&courses, CiMethod::LogLog);
    let reasons: Vec<&str> = result.by_reason.iter().map(|c| c.reason).collect();
    assert_eq!(reasons, ["adverse_event", "inefficacy"]);
    // Overall: 6 at risk, S = 5/6, then 5 at risk with 2 stops: 5/6·3/5 = 1/2, then 2 at risk: 1/4.
    let overall: Vec<(i64, f64)> = result.overall.iter().map(|r| (r.t, r.survival)).collect();
    assert_eq!(overall.len(), 3);
    for ((t, s), (et, es)) in overall
        .into_iter()
        .zip([(10, 5.0 / 6.0), (20, 0.5), (40, 0.25)])
    {
        assert_eq!(t, et);
        assert!(close(s, es, EXACT), "S at {t}: {s}");
    }
    // Adverse events: AJ 1/6 + 5/6·1/5 = 1/3; cause-specific KM 1 − (5/6·4/5) = 1/3 at 20.
    let ae = &result.by_reason[0].rows;
    assert!(close(ae[1].aj_cif_response, 1.0 / 3.0, EXACT));
    assert!(close(ae[1].km_1_minus_s, 1.0 / 3.0, EXACT));
    // Inefficacy at 40: AJ 1/6 + 1/2·1/2 = 5/12; cause-specific KM 1 − 1·4/5·1/2 = 3/5.
    let inefficacy = &result.by_reason[1].rows;
    assert!(close(inefficacy[2].aj_cif_response, 5.0 / 12.0, EXACT));
    assert!(close(inefficacy[2].km_1_minus_s, 0.6, EXACT));
    let sum = ae[2].aj_cif_response + inefficacy[2].aj_cif_response;
    assert!(close(sum, 1.0 - 0.25, EXACT));
}

#[test]
fn interval_is_undefined_when_everyone_has_responded() {
    let rows = response_curve(&[Observation::new(5, Event::Response)]);
    assert_eq!(rows[0].km_1_minus_s, 1.0);
    assert_eq!((rows[0].km_ci_low, rows[0].km_ci_high), (None, None));
}

#[test]
fn no_events_give_no_rows() {
    assert!(response_curve::<i64>(&[]).is_empty());
    assert!(response_curve(&[Observation::new(3, Event::Censored)]).is_empty());
}

fn observations() -> impl Strategy<Value = Vec<Observation>> {
    prop::collection::vec((0_i64..60, 0_u8..3), 0..80).prop_map(|pairs| {
        pairs
            .into_iter()
            .map(|(t, e)| {
                let event = [Event::Response, Event::Competing, Event::Censored][usize::from(e)];
                Observation::new(t, event)
            })
            .collect()
    })
}

proptest! {
    #[test]
    fn km_one_minus_s_is_non_decreasing_within_zero_one(obs in observations()) {
        let rows = response_curve(&obs);
        let mut previous = 0.0;
        for row in &rows {
            prop_assert!((0.0..=1.0).contains(&row.km_1_minus_s));
            prop_assert!(row.km_1_minus_s >= previous);
            previous = row.km_1_minus_s;
            if let (Some(low), Some(high)) = (row.km_ci_low, row.km_ci_high) {
                prop_assert!(0.0 <= low && low <= row.km_1_minus_s + EXACT);
                prop_assert!(row.km_1_minus_s <= high + EXACT && high <= 1.0);
            }
        }
    }

    #[test]
    fn aalen_johansen_incidences_sum_to_at_most_one(obs in observations()) {
        for row in response_curve(&obs) {
            prop_assert!(row.aj_cif_response >= 0.0 && row.aj_cif_competing >= 0.0);
            prop_assert!(row.aj_cif_response + row.aj_cif_competing <= 1.0 + EXACT);
            prop_assert!(row.aj_cif_response <= row.km_1_minus_s + EXACT);
        }
    }
}
