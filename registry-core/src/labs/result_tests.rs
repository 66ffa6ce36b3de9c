//! Tests of parsing lab results (every error collected, limits converted).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::NaiveDate;
use rust_decimal_macros::dec;

use super::*;

fn input(analyte: &str, value: &str, unit: &str) -> LabResultInput {
    LabResultInput {
        analyte: analyte.into(),
        date: NaiveDate::from_ymd_opt(2025, 3, 1),
        value: Some(value.parse().unwrap()),
        unit: Some(unit.into()),
        ..Default::default()
    }
}

fn fields(e: &crate::ValidationErrors) -> Vec<&str> {
    e.errors().iter().map(|e| e.field.as_str()).collect()
}

#[test]
fn numeric_result_converts_limits_to_canonical() {
    let mut i = input("creatinine", "1.2", "mg/dL");
    i.lower_limit = Some(dec!(0.5));
    i.upper_limit = Some(dec!(1.1));
    let r = LabResult::parse(&i).unwrap();
    assert_eq!(r.analyte(), Analyte::Creatinine);
    assert_eq!(r.value().unwrap().canonical(), dec!(106.104));
    assert_eq!(r.lower_limit(), Some(dec!(44.210)));
    assert_eq!(r.upper_limit(), Some(dec!(97.262)));
}

#[test]
fn alat_without_uln_is_refused() {
    let e = LabResult::parse(&input("alat", "40", "U/L")).unwrap_err();
    assert_eq!(fields(&e), ["upper_limit"]);
    assert_eq!(
        e.errors()[0].message,
        "ALAT is judged against the lab's upper limit of normal: give upper_limit in U/L"
    );
}

#[test]
fn every_error_is_collected() {
    let mut i = input("ck", "-3", "kat");
    i.date = None;
    i.result = Some("positive".into());
    i.upper_limit = Some(dec!(0));
    let e = LabResult::parse(&i).unwrap_err();
    assert_eq!(
        fields(&e),
        ["sample_date", "result", "value", "unit", "upper_limit"]
    );

    let mut i = input("ck", "300", "kat");
    i.upper_limit = Some(dec!(200));
    assert_eq!(fields(&LabResult::parse(&i).unwrap_err()), ["unit"]);

    let mut i = input("ldl", "3", "mmol/L");
    i.lower_limit = Some(dec!(-1));
    i.upper_limit = Some(dec!(0));
    let e = LabResult::parse(&i).unwrap_err();
    assert_eq!(fields(&e), ["lower_limit", "upper_limit"]);

    let mut i = input("ldl", "3", "mmol/L");
    i.lower_limit = Some(dec!(4));
    i.upper_limit = Some(dec!(3));
    assert_eq!(fields(&LabResult::parse(&i).unwrap_err()), ["lower_limit"]);
}

#[test]
fn unknown_analyte_is_an_error_on_analyte() {
    let e = LabResult::parse(&input("alt", "40", "U/L")).unwrap_err();
    assert_eq!(fields(&e), ["analyte"]);
}

#[test]
fn qualitative_result_needs_positive_or_negative_only() {
    let i = LabResultInput {
        analyte: "hiv".into(),
        date: NaiveDate::from_ymd_opt(2025, 3, 1),
        result: Some("negative".into()),
        ..Default::default()
    };
    let r = LabResult::parse(&i).unwrap();
    assert_eq!(
        r.reading(),
        &Reading::Qualitative {
            analyte: Analyte::Hiv,
            result: Qualitative::Negative
        }
    );
    assert!(r.value().is_none());

    let mut bad = input("hiv", "1", "U/L");
    bad.result = Some("maybe".into());
    let e = LabResult::parse(&bad).unwrap_err();
    assert_eq!(fields(&e), ["value", "unit", "result"]);
}

#[test]
fn qualitative_constructor_refuses_numeric_analytes() {
    let d = NaiveDate::from_ymd_opt(2025, 3, 1).unwrap();
    assert!(LabResult::qualitative(d, Analyte::TbScreening, Qualitative::Negative).is_ok());
    let e = LabResult::qualitative(d, Analyte::Hb, Qualitative::Negative).unwrap_err();
    assert_eq!(e.field, "analyte");
}

#[test]
fn serde_round_trips_as_entered() {
    let mut i = input("platelets", "150000", "/uL");
    i.upper_limit = Some(dec!(400000));
    let r = LabResult::parse(&i).unwrap();
    assert_eq!(r.upper_limit(), Some(dec!(400.000)));
    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(json["unit"], "/µL");
    assert_eq!(json["upper_limit"], "400000");
    let back: LabResult = serde_json::from_value(json).unwrap();
    assert_eq!(back, r);
}
