#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::NaiveDate;
use rust_decimal_macros::dec;
use serde_json::json;

use super::*;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 6, 1).unwrap()
}

fn adult(diagnosis: Diagnosis) -> PatientFacts {
    PatientFacts {
        birth_month: BirthMonth::new(1990, 3).unwrap(),
        diagnosis,
    }
}

fn parse(
    body: serde_json::Value,
    patient: &PatientFacts,
) -> Result<ParsedVisit, crate::ValidationErrors> {
    let input: VisitInput = serde_json::from_value(body).unwrap();
    ParsedVisit::parse(&input, patient, today())
}

fn fields(e: &crate::ValidationErrors) -> Vec<&str> {
    e.0.iter().map(|f| f.field.as_str()).collect()
}

fn region(signs: [f64; 4], area: u8) -> serde_json::Value {
    json!({"erythema": signs[0], "induration": signs[1], "excoriation": signs[2], "lichenification": signs[3], "area_score": area})
}

#[test]
fn easi_case_b_for_an_adult_and_case_c_at_5_through_a_visit() {
    let easi = json!({"regions": {
        "head_neck": region([2.0, 1.0, 1.0, 0.0], 2), "upper_limbs": region([2.0, 2.0, 1.0, 1.0], 3),
        "trunk": region([1.0, 1.0, 1.0, 0.0], 2), "lower_limbs": region([2.0, 2.0, 2.0, 1.0], 4)}});
    // Born 1990-03: 35 completed years on 2025-03-31, counted from the last day of the month.
    let b = parse(
        json!({"visit_date": "2025-03-31", "easi": easi}),
        &adult(Diagnosis::Ad),
    )
    .unwrap();
    assert_eq!(b.age_years, 35);
    let c = b.computed().easi.unwrap();
    assert_eq!(c.total, dec!(17.4));
    assert_eq!(c.display, "17.4");
    assert!(c.from_components);
    let child = PatientFacts {
        birth_month: BirthMonth::new(2020, 1).unwrap(),
        diagnosis: Diagnosis::Ad,
    };
    let input: VisitInput =
        serde_json::from_value(json!({"visit_date": "2025-05-01", "easi": easi})).unwrap();
    let v = ParsedVisit::parse(&input, &child, today()).unwrap();
    assert_eq!(v.age_years, 5);
    assert_eq!(v.computed().easi.unwrap().total, dec!(15.4));
}

#[test]
fn salt_views_give_total_band_and_thresholds() {
    let v = parse(json!({"visit_date": "2025-03-01", "salt": {"top": 20, "back": 20, "right": 20, "left": 20}}), &adult(Diagnosis::Aa)).unwrap();
    let s = v.computed().salt.unwrap();
    assert_eq!(s.total, dec!(20));
    assert!(s.le_20 && !s.le_10 && !s.severe);
    assert_eq!(s.aa_iga_grade, 1);
}

#[test]
fn every_bad_field_is_reported_with_its_path() {
    let body = json!({
        "visit_date": "2025-03-01",
        "weight_kg": 0,
        "salt": {"top": 100, "back": 100, "right": 100, "left": 100, "total": 99},
        "easi": {"regions": {"head_neck": region([0.5, 0.0, 0.0, 0.0], 1), "upper_limbs": region([0.0; 4], 0),
                 "trunk": region([3.5, 0.0, 0.0, 0.0], 1), "lower_limbs": region([0.0; 4], 7)}},
        "pp_nrs": 11, "viga": 2.5, "eyebrows": 4,
        "labs": [{"analyte": "hb", "value": 8, "unit": "furlongs"}],
        "adverse_events": [{"verbatim_term": "zoster", "onset_date": "2099-01-01", "ctcae_grade": 2,
                            "causality": "possible", "action": "interrupted", "outcome": "recovered"}]
    });
    let e = parse(body, &adult(Diagnosis::Aa)).unwrap_err();
    let f = fields(&e);
    for expected in [
        "weight_kg",
        "salt.total",
        "easi.regions.head_neck.erythema",
        "easi.regions.trunk.erythema",
        "easi.regions.lower_limbs.area_score",
        "pp_nrs",
        "viga",
        "eyebrows",
        "labs[0].unit",
        "adverse_events[0].onset_date",
    ] {
        assert!(f.contains(&expected), "{expected} missing from {f:?}");
    }
}

#[test]
fn visit_dates_in_the_future_or_before_birth_are_refused() {
    let aa = adult(Diagnosis::Aa);
    let future = parse(json!({"visit_date": "2025-06-02", "pp_nrs": 3}), &aa).unwrap_err();
    assert_eq!(fields(&future), ["visit_date"]);
    let unborn = parse(json!({"visit_date": "1990-02-28", "pp_nrs": 3}), &aa).unwrap_err();
    assert_eq!(fields(&unborn), ["visit_date"]);
    let missing = parse(json!({"pp_nrs": 3}), &aa).unwrap_err();
    assert_eq!(fields(&missing), ["visit_date"]);
    let garbage = parse(json!({"visit_date": "01-03-2025", "pp_nrs": 3}), &aa).unwrap_err();
    assert_eq!(fields(&garbage), ["visit_date"]);
}

#[test]
fn an_empty_visit_is_refused() {
    let e = parse(json!({"visit_date": "2025-03-01"}), &adult(Diagnosis::Aa)).unwrap_err();
    assert_eq!(fields(&e), [""]);
}

#[test]
fn inline_labs_take_the_visit_date_and_canonical_units() {
    let v = parse(json!({"visit_date": "2025-03-01", "labs": [{"analyte": "hb", "value": "8.0", "unit": "g/dL"}]}), &adult(Diagnosis::Aa)).unwrap();
    assert_eq!(
        v.labs[0].date(),
        NaiveDate::from_ymd_opt(2025, 3, 1).unwrap()
    );
    assert_eq!(v.labs[0].value().unwrap().canonical(), dec!(4.9648));
}

#[test]
fn other_disease_instruments_and_wrong_questionnaire_age_earn_warnings() {
    let items = json!({"items": [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]});
    let v = parse(
        json!({"visit_date": "2025-03-01", "easi": {"total": 3}, "cdlqi": items}),
        &adult(Diagnosis::Aa),
    )
    .unwrap();
    let codes: Vec<(&str, &str)> = v
        .warnings
        .iter()
        .map(|w| (w.code.as_str(), w.field.as_str()))
        .collect();
    assert!(
        codes.contains(&("visit.other_disease", "easi")),
        "{codes:?}"
    );
    assert!(codes.contains(&("qol.age", "cdlqi")), "{codes:?}");
    assert_eq!(v.computed().cdlqi.unwrap().total, Some(10));
}

#[test]
fn responses_use_the_parsed_scores() {
    let aa = adult(Diagnosis::Aa);
    let base = parse(
        json!({"visit_date": "2025-01-01", "salt": {"total": 95}}),
        &aa,
    )
    .unwrap();
    let now = parse(
        json!({"visit_date": "2025-05-01", "salt": {"total": "23.75"}}),
        &aa,
    )
    .unwrap();
    let r = crate::responses::VisitResponses::compute(&base.scores(), &now.scores());
    assert!(r.salt_75.is_responder());
    assert!(!r.salt_le_20.is_responder());
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

#[test]
fn a_visit_belongs_to_the_episode_on_treatment_else_the_one_about_to_start() {
    let spans = [
        EpisodeSpan {
            start: d(2024, 1, 1),
            stop: Some(d(2024, 6, 30)),
        },
        EpisodeSpan {
            start: d(2024, 7, 15),
            stop: None,
        },
    ];
    assert_eq!(episode_for_date(&spans, d(2024, 3, 1)), Some(0));
    // 10 days before the second start, after the first stopped: the second's baseline visit.
    assert_eq!(episode_for_date(&spans, d(2024, 7, 5)), Some(1));
    assert_eq!(episode_for_date(&spans, d(2023, 11, 1)), None);
    assert_eq!(episode_for_date(&spans, d(2025, 1, 1)), Some(1));
}

#[test]
fn baseline_is_chosen_per_score() {
    let aa = adult(Diagnosis::Aa);
    let early = parse(
        json!({"visit_date": "2024-12-10", "salt": {"total": 80}}),
        &aa,
    )
    .unwrap();
    let late = parse(json!({"visit_date": "2024-12-30", "eyebrows": 3}), &aa).unwrap();
    let day3 = parse(
        json!({"visit_date": "2025-01-04", "salt": {"total": 70}, "eyelashes": 2}),
        &aa,
    )
    .unwrap();
    let (se, sl, s3) = (early.scores(), late.scores(), day3.scores());
    let visits = [(early.date, &se), (late.date, &sl), (day3.date, &s3)];
    let b = episode_baseline(d(2025, 1, 1), &visits);
    // SALT: the latest in [−30, 0] is day −22, not the day-3 value.
    assert_eq!(b.scores.salt.unwrap().total(), dec!(80));
    assert_eq!(b.dates["salt"], d(2024, 12, 10));
    assert_eq!(b.dates["eyebrows"], d(2024, 12, 30));
    // Eyelashes: nothing before the start, so the earliest in [1, 7].
    assert_eq!(b.dates["eyelashes"], d(2025, 1, 4));
    assert!(b.scores.easi.is_none());
}
