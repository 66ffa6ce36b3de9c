//! Agreement with lifelines: the fixtures in `fixtures/lifelines/` hold lifelines' Kaplan–Meier
//! (with its exponential Greenwood interval) and Aalen–Johansen values for the same data, written
//! by `scripts/lifelines_reference.py`. Every value must match ours within 1e-9; the one place
//! where the definitions differ (the interval at S(t) = 0) is converted, see docs/analyses.md.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde::Deserialize;

use super::*;

const TOLERANCE: f64 = 1e-9;

/// The response-curve fixtures, one data set each.
const CURVES: [&str; 7] = [
    include_str!("fixtures/lifelines/clinical_vector.json"),
    include_str!("fixtures/lifelines/random_10.json"),
    include_str!("fixtures/lifelines/random_25_ends_at_zero.json"),
    include_str!("fixtures/lifelines/random_60.json"),
    include_str!("fixtures/lifelines/random_150_days.json"),
    include_str!("fixtures/lifelines/random_300.json"),
    include_str!("fixtures/lifelines/random_500.json"),
];

const DRUG_SURVIVAL: &str = include_str!("fixtures/lifelines/drug_survival.json");

#[derive(Deserialize)]
struct CurveFixture {
    name: String,
    lifelines_version: String,
    time: Vec<i64>,
    /// 1 response, 2 competing, 0 censored.
    event: Vec<u8>,
    rows: Vec<Expected>,
}

/// lifelines' values at one event time (1 − S and its limits already converted from S).
#[derive(Deserialize)]
struct Expected {
    t: i64,
    at_risk: usize,
    events: usize,
    competing: usize,
    censored: usize,
    km_1_minus_s: f64,
    km_ci_low: f64,
    km_ci_high: f64,
    aj_cif_response: f64,
    aj_cif_competing: f64,
}

#[derive(Deserialize)]
struct DrugSurvivalFixture {
    time: Vec<i64>,
    /// 0 ongoing, otherwise the stop reason.
    reason: Vec<u8>,
    overall: Vec<ExpectedSurvival>,
    by_reason: Vec<ExpectedReason>,
}

#[derive(Deserialize)]
struct ExpectedSurvival {
    t: i64,
    at_risk: usize,
    discontinued: usize,
    censored: usize,
    survival: f64,
    ci_low: f64,
    ci_high: f64,
}

#[derive(Deserialize)]
struct ExpectedReason {
    reason: u8,
    rows: Vec<Expected>,
}

/// What the rows of one fixture exercised, so the suite can insist on coverage.
#[derive(Default)]
struct Seen {
    rows: usize,
    ties_across_types: usize,
    censored_at_event_time: usize,
    survival_zero: usize,
    survival_one: usize,
}

fn close(what: &str, actual: f64, expected: f64) {
    assert!(
        (actual - expected).abs() <= TOLERANCE,
        "{what}: ours {actual}, lifelines {expected}"
    );
}

/// Our interval against lifelines'. Ours is undefined where S(t) = 0; lifelines returns the
/// degenerate interval there (S's limits 0, 0), which is the point 1 − S = 1 itself.
fn interval(what: &str, ours: (Option<f64>, Option<f64>), point: f64, expected: (f64, f64)) {
    match ours {
        (Some(low), Some(high)) => {
            close(&format!("{what} low"), low, expected.0);
            close(&format!("{what} high"), high, expected.1);
        }
        (None, None) => {
            close(
                &format!("{what}: 1 − S where ours has no interval"),
                point,
                1.0,
            );
            close(&format!("{what}: lifelines' low at S = 0"), expected.0, 1.0);
            close(
                &format!("{what}: lifelines' high at S = 0"),
                expected.1,
                1.0,
            );
        }
        _ => panic!("{what}: one limit without the other: {ours:?}"),
    }
}

fn compare_rows(name: &str, ours: &[CurveRow], theirs: &[Expected], seen: &mut Seen) {
    assert_eq!(ours.len(), theirs.len(), "{name}: number of event times");
    for (row, expected) in ours.iter().zip(theirs) {
        let at = format!("{name} at t = {}", expected.t);
        assert_eq!(
            (row.t, row.at_risk, row.events, row.competing, row.censored),
            (
                expected.t,
                expected.at_risk,
                expected.events,
                expected.competing,
                expected.censored
            ),
            "{at}: t, at risk, responses, competing, censored"
        );
        close(
            &format!("{at}: KM 1 − S"),
            row.km_1_minus_s,
            expected.km_1_minus_s,
        );
        interval(
            &format!("{at}: KM CI"),
            (row.km_ci_low, row.km_ci_high),
            row.km_1_minus_s,
            (expected.km_ci_low, expected.km_ci_high),
        );
        close(
            &format!("{at}: AJ response"),
            row.aj_cif_response,
            expected.aj_cif_response,
        );
        close(
            &format!("{at}: AJ competing"),
            row.aj_cif_competing,
            expected.aj_cif_competing,
        );
        seen.rows += 1;
        seen.ties_across_types += usize::from(row.events > 0 && row.competing > 0);
        seen.censored_at_event_time += usize::from(row.censored > 0);
        seen.survival_zero += usize::from(row.km_ci_low.is_none());
        seen.survival_one += usize::from(row.km_1_minus_s == 0.0);
    }
}

fn observations(fixture: &CurveFixture) -> Vec<Observation> {
    assert_eq!(fixture.time.len(), fixture.event.len(), "{}", fixture.name);
    fixture
        .time
        .iter()
        .zip(&fixture.event)
        .map(|(&time, &code)| {
            let event = match code {
                0 => Event::Censored,
                1 => Event::Response,
                2 => Event::Competing,
                other => panic!("{}: unknown event code {other}", fixture.name),
            };
            Observation::new(time, event)
        })
        .collect()
}

#[test]
fn response_curves_match_lifelines() {
    let mut seen = Seen::default();
    let mut largest = 0;
    for text in CURVES {
        let fixture: CurveFixture = serde_json::from_str(text).unwrap();
        assert!(
            fixture.lifelines_version.starts_with("0."),
            "{}: lifelines version recorded",
            fixture.name
        );
        let ours = response_curve(&observations(&fixture));
        compare_rows(&fixture.name, &ours, &fixture.rows, &mut seen);
        largest = largest.max(fixture.time.len());
    }
    // The fixtures must exercise what differs between implementations, or the match proves little.
    assert!(seen.rows > 100, "rows compared: {}", seen.rows);
    assert!(largest >= 500, "largest data set: {largest}");
    assert!(seen.ties_across_types >= 10, "ties across event types");
    assert!(
        seen.censored_at_event_time >= 10,
        "censorings at event times"
    );
    assert!(seen.survival_zero >= 1, "a curve reaching S = 0");
    assert!(seen.survival_one >= 1, "a competing event while S = 1");
}

#[test]
fn clinical_vector_fixture_is_the_clinical_md_table() {
    // The fixture is lifelines' reading of the §6 vector; the same table as tests.rs asserts.
    let fixture: CurveFixture = serde_json::from_str(CURVES[0]).unwrap();
    assert_eq!(fixture.name, "clinical_vector");
    let expected = [
        (12, 8, 0.125, 0.125, 0.0),
        (16, 7, 0.25, 0.25, 0.0),
        (20, 6, 0.25, 0.25, 0.125),
        (24, 5, 0.4, 0.375, 0.125),
        (36, 3, 0.6, 13.0 / 24.0, 0.125),
        (40, 2, 0.6, 13.0 / 24.0, 7.0 / 24.0),
    ];
    assert_eq!(fixture.rows.len(), expected.len());
    for (row, (t, at_risk, km, aj_r, aj_c)) in fixture.rows.iter().zip(expected) {
        assert_eq!((row.t, row.at_risk), (t, at_risk));
        close(&format!("lifelines KM at {t}"), row.km_1_minus_s, km);
        close(
            &format!("lifelines AJ response at {t}"),
            row.aj_cif_response,
            aj_r,
        );
        close(
            &format!("lifelines AJ competing at {t}"),
            row.aj_cif_competing,
            aj_c,
        );
    }
}

#[test]
fn drug_survival_matches_lifelines() {
    let fixture: DrugSurvivalFixture = serde_json::from_str(DRUG_SURVIVAL).unwrap();
    let courses: Vec<Course<i64, u8>> = fixture
        .time
        .iter()
        .zip(&fixture.reason)
        .map(|(&time, &reason)| Course {
            time,
            stop_reason: (reason != 0).then_some(reason),
        })
        .collect();
    let ours = drug_survival(&courses, CiMethod::LogLog);

    assert_eq!(ours.overall.len(), fixture.overall.len(), "overall rows");
    for (row, expected) in ours.overall.iter().zip(&fixture.overall) {
        let at = format!("drug survival at t = {}", expected.t);
        assert_eq!(
            (row.t, row.at_risk, row.discontinued, row.censored),
            (
                expected.t,
                expected.at_risk,
                expected.discontinued,
                expected.censored
            ),
            "{at}: counts"
        );
        close(&format!("{at}: S"), row.survival, expected.survival);
        // Survival limits: 1 − S's rule mirrored (ours undefined at S = 0, lifelines 0, 0).
        interval(
            &format!("{at}: CI of 1 − S"),
            (row.ci_high.map(|h| 1.0 - h), row.ci_low.map(|l| 1.0 - l)),
            1.0 - row.survival,
            (1.0 - expected.ci_high, 1.0 - expected.ci_low),
        );
    }

    let reasons: Vec<u8> = ours.by_reason.iter().map(|c| c.reason).collect();
    let expected_reasons: Vec<u8> = fixture.by_reason.iter().map(|c| c.reason).collect();
    assert_eq!(reasons, expected_reasons);
    let mut seen = Seen::default();
    for (curve, expected) in ours.by_reason.iter().zip(&fixture.by_reason) {
        let name = format!("drug survival, reason {}", curve.reason);
        compare_rows(&name, &curve.rows, &expected.rows, &mut seen);
    }
    assert!(seen.ties_across_types >= 5, "ties between reasons");
}
