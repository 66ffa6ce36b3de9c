//! The boundary vectors of CLINICAL.md §3 (Laboratory safety) and the history rules.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::NaiveDate;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use super::*;

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 1, d).unwrap()
}

fn result_on(
    d: u32,
    analyte: Analyte,
    value: Decimal,
    unit: &str,
    uln: Option<Decimal>,
) -> LabResult {
    let v = LabValue::parse(analyte, value, unit).unwrap();
    LabResult::numeric(day(d), v, None, uln).unwrap()
}

fn result(analyte: Analyte, value: Decimal, unit: &str) -> LabResult {
    result_on(10, analyte, value, unit, None)
}

fn rules(flags: &[LabFlag]) -> Vec<LabRule> {
    flags.iter().map(|f| f.rule).collect()
}

fn alone(r: &LabResult) -> Vec<LabRule> {
    rules(&evaluate(r, &LabContext::default()))
}

#[test]
fn hb_8_0_g_dl_fires() {
    let r = result(Analyte::Hb, dec!(8.0), "g/dL");
    assert_eq!(r.value().unwrap().canonical(), dec!(4.9648));
    let flags = evaluate(&r, &LabContext::default());
    assert_eq!(rules(&flags), [LabRule::HbLow]);
    let f = &flags[0];
    assert_eq!(f.value, dec!(4.9648));
    assert_eq!(f.limit, dec!(5.0));
    assert_eq!(f.threshold, "< 5.0 mmol/L");
    assert_eq!(f.source, "NTvDV 2025, Tabel 1");
    assert!(
        f.source_text
            .starts_with("Hemoglobine <5 mmol/L → de behandeling")
    );
    assert_eq!(
        f.action,
        "Interrupt treatment; resume once the value is back above this limit."
    );
    assert_eq!(f.date, day(10));
    let json = serde_json::to_value(f).unwrap();
    assert_eq!(json["rule"], "lab.hb_low");
    assert_eq!(json["unit"], "mmol/L");
}

#[test]
fn hb_8_1_g_dl_does_not_fire() {
    let r = result(Analyte::Hb, dec!(8.1), "g/dL");
    assert_eq!(r.value().unwrap().canonical(), dec!(5.02686));
    assert_eq!(
        r.value().unwrap().canonical().round_dp(4),
        dec!(5.0269),
        "CLINICAL.md writes 8.1 g/dL → 5.0269 mmol/L"
    );
    assert!(alone(&r).is_empty());
}

#[test]
fn alc_0_5_does_not_fire() {
    assert!(alone(&result(Analyte::Lymphocytes, dec!(0.5), "×10⁹/L")).is_empty());
}

#[test]
fn alc_0_49_fires() {
    let r = result(Analyte::Lymphocytes, dec!(0.49), "x10^9/L");
    assert_eq!(alone(&r), [LabRule::LymphocytesLow]);
}

#[test]
fn anc_1500_per_ul_does_not_fire() {
    let r = result(Analyte::Neutrophils, dec!(1500), "/µL");
    assert_eq!(r.value().unwrap().canonical(), dec!(1.5));
    assert!(alone(&r).is_empty());
    assert_eq!(
        alone(&result(Analyte::Neutrophils, dec!(999), "/uL")),
        [LabRule::NeutrophilsLow]
    );
}

#[test]
fn leukocytes_below_3_0_fire() {
    assert!(alone(&result(Analyte::Leukocytes, dec!(3.0), "G/L")).is_empty());
    assert_eq!(
        alone(&result(Analyte::Leukocytes, dec!(2.99), "G/L")),
        [LabRule::LeukocytesLow]
    );
}

#[test]
fn platelets_49_fires() {
    let r = result(Analyte::Platelets, dec!(49), "10^9/L");
    assert_eq!(alone(&r), [LabRule::PlateletsLow]);
    assert!(alone(&result(Analyte::Platelets, dec!(50), "10^9/L")).is_empty());
}

#[test]
fn alat_135_with_uln_45_fires() {
    let flags = evaluate(
        &result_on(10, Analyte::Alat, dec!(135), "U/L", Some(dec!(45))),
        &LabContext::default(),
    );
    assert_eq!(rules(&flags), [LabRule::AlatHigh]);
    assert_eq!(flags[0].limit, dec!(135));
    assert_eq!(flags[0].threshold, "≥ 3 × ULN 45 U/L = 135 U/L");
}

#[test]
fn alat_134_with_uln_45_does_not_fire() {
    let r = result_on(10, Analyte::Alat, dec!(134), "U/L", Some(dec!(45)));
    assert!(alone(&r).is_empty(), "134 < 3 × 45 = 135");
}

#[test]
fn creatinine_104_on_baseline_80_does_not_fire() {
    let r = result(Analyte::Creatinine, dec!(104), "µmol/L");
    assert_eq!(dec!(104) * dec!(100), dec!(130) * dec!(80), "exactly 130 %");
    let ctx = LabContext {
        baseline_creatinine: Some(dec!(80)),
        ..Default::default()
    };
    assert!(evaluate(&r, &ctx).is_empty());
}

#[test]
fn creatinine_105_on_baseline_80_fires() {
    let r = result(Analyte::Creatinine, dec!(105), "umol/L");
    let ctx = LabContext {
        baseline_creatinine: Some(dec!(80)),
        ..Default::default()
    };
    let flags = evaluate(&r, &ctx);
    assert_eq!(rules(&flags), [LabRule::CreatinineRise]);
    assert_eq!(flags[0].limit, dec!(104));
    assert!(alone(&r).is_empty(), "no baseline, no creatinine rule");
}

#[test]
fn ck_1000_with_uln_200_does_not_fire() {
    let r = result_on(10, Analyte::Ck, dec!(1000), "U/L", Some(dec!(200)));
    assert!(alone(&r).is_empty());
}

#[test]
fn ck_1001_with_uln_200_fires() {
    let r = result_on(10, Analyte::Ck, dec!(1001), "U/L", Some(dec!(200)));
    assert_eq!(alone(&r), [LabRule::CkHigh]);
    let flags = evaluate(&r, &LabContext::default());
    assert_eq!(flags[0].limit, dec!(1000));
    assert_eq!(flags[0].threshold, "> 5 × ULN 200 U/L = 1000 U/L");
}

#[test]
fn lipids_use_lab_limits_then_project_defaults() {
    let tc = |v, uln| result_on(10, Analyte::CholesterolTotal, v, "mmol/L", uln);
    assert!(alone(&tc(dec!(6.5), None)).is_empty());
    assert_eq!(alone(&tc(dec!(6.51), None)), [LabRule::LipidsAbnormal]);
    assert_eq!(
        alone(&tc(dec!(5.1), Some(dec!(5.0)))),
        [LabRule::LipidsAbnormal]
    );
    assert!(alone(&tc(dec!(5.0), Some(dec!(5.0)))).is_empty());

    let hdl_lln = |v, lln| {
        let value = LabValue::parse(Analyte::Hdl, v, "mmol/L").unwrap();
        LabResult::numeric(day(10), value, lln, None).unwrap()
    };
    assert_eq!(alone(&hdl_lln(dec!(0.99), None)), [LabRule::LipidsAbnormal]);
    assert!(alone(&hdl_lln(dec!(1.0), None)).is_empty());
    assert_eq!(
        alone(&hdl_lln(dec!(1.1), Some(dec!(1.2)))),
        [LabRule::LipidsAbnormal]
    );

    // 200 mg/dL triglycerides = 2.258 mmol/L > 2.0; 160 mg/dL LDL = 4.1376 > 4.1.
    let tg = result(Analyte::Triglycerides, dec!(200), "mg/dL");
    assert_eq!(alone(&tg), [LabRule::LipidsAbnormal]);
    let ldl = result(Analyte::Ldl, dec!(158), "mg/dL");
    assert!(alone(&ldl).is_empty(), "158 mg/dL = 4.08588 mmol/L");
}

#[test]
fn qualitative_results_raise_no_flags() {
    let r = LabResult::qualitative(day(1), Analyte::Hiv, Qualitative::Positive).unwrap();
    assert!(alone(&r).is_empty());
}

#[test]
fn platelets_twice_in_50_100_fires_on_the_second() {
    let series = [
        result_on(3, Analyte::Platelets, dec!(100), "G/L", None),
        result_on(1, Analyte::Platelets, dec!(150), "G/L", None),
        result_on(5, Analyte::Platelets, dec!(50), "G/L", None),
    ];
    let flags = evaluate_series(&series, day(1));
    assert_eq!(rules(&flags), [LabRule::PlateletsLowTwice]);
    assert_eq!(flags[0].date, day(5));
    assert_eq!(
        flags[0].threshold,
        "50–100 ×10⁹/L twice in a row (previous 100 ×10⁹/L)"
    );
}

#[test]
fn platelets_in_range_with_a_normal_result_between_do_not_fire() {
    let series = [
        result_on(1, Analyte::Platelets, dec!(80), "G/L", None),
        result_on(2, Analyte::Platelets, dec!(101), "G/L", None),
        result_on(3, Analyte::Platelets, dec!(90), "G/L", None),
        result_on(4, Analyte::Platelets, dec!(49), "G/L", None),
    ];
    assert_eq!(
        rules(&evaluate_series(&series, day(1))),
        [LabRule::PlateletsLow]
    );
}

#[test]
fn creatinine_is_judged_against_the_last_value_at_or_before_start() {
    let series = [
        result_on(1, Analyte::Creatinine, dec!(60), "µmol/L", None),
        result_on(9, Analyte::Creatinine, dec!(105), "µmol/L", None),
        result_on(5, Analyte::Creatinine, dec!(80), "µmol/L", None),
        result_on(7, Analyte::Creatinine, dec!(104), "µmol/L", None),
    ];
    assert_eq!(
        baseline_creatinine(&series, day(5))
            .unwrap()
            .value()
            .unwrap()
            .canonical(),
        dec!(80)
    );
    let flags = evaluate_series(&series, day(5));
    assert_eq!(rules(&flags), [LabRule::CreatinineRise]);
    assert_eq!(flags[0].date, day(9));
    assert!(
        evaluate_series(&series[1..2], day(5)).is_empty(),
        "no baseline"
    );
}

#[test]
fn series_returns_single_result_flags_in_date_order() {
    let series = [
        result_on(8, Analyte::Alat, dec!(200), "U/L", Some(dec!(40))),
        result_on(2, Analyte::Hb, dec!(4.9), "mmol/L", None),
    ];
    let flags = evaluate_series(&series, day(1));
    assert_eq!(rules(&flags), [LabRule::HbLow, LabRule::AlatHigh]);
}

#[test]
fn every_rule_has_a_distinct_code_and_source_text() {
    let mut codes: Vec<&str> = LabRule::ALL.iter().map(|r| r.code()).collect();
    codes.sort_unstable();
    codes.dedup();
    assert_eq!(codes.len(), LabRule::ALL.len());
    for r in LabRule::ALL {
        assert_eq!(serde_json::to_value(r).unwrap(), r.code());
        assert!(!r.source_text().is_empty() && !r.action().is_empty() && !r.criterion().is_empty());
    }
}
