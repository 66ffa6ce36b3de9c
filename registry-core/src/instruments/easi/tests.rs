//! CLINICAL.md §1 EASI vectors, invalid examples and properties.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use super::*;

fn region(signs: [Decimal; 4], area_score: u8) -> EasiRegionInput {
    EasiRegionInput {
        erythema: Some(signs[0]),
        induration: Some(signs[1]),
        excoriation: Some(signs[2]),
        lichenification: Some(signs[3]),
        area_pct: None,
        area_score: Some(Decimal::from(area_score)),
    }
}

fn input(regions: [EasiRegionInput; 4]) -> EasiInput {
    let [head_neck, upper_limbs, trunk, lower_limbs] = regions;
    EasiInput {
        regions: Some(EasiRegionsInput {
            head_neck: Some(head_neck),
            upper_limbs: Some(upper_limbs),
            trunk: Some(trunk),
            lower_limbs: Some(lower_limbs),
        }),
        total: None,
    }
}

fn total(input: &EasiInput, age: u32) -> Decimal {
    Easi::from_input(input, age).unwrap().value.total()
}

fn all_max() -> EasiInput {
    let max = || region([dec!(3); 4], 6);
    input([max(), max(), max(), max()])
}

fn case_b() -> EasiInput {
    input([
        region([dec!(2), dec!(1), dec!(1), dec!(0)], 2),
        region([dec!(2), dec!(2), dec!(1), dec!(1)], 3),
        region([dec!(1), dec!(1), dec!(1), dec!(0)], 2),
        region([dec!(2), dec!(2), dec!(2), dec!(1)], 4),
    ])
}

fn head_only_max() -> EasiInput {
    let zero = || region([dec!(0); 4], 0);
    input([region([dec!(3); 4], 6), zero(), zero(), zero()])
}

#[test]
fn easi_case_a_age_30_is_72() {
    assert_eq!(total(&all_max(), 30), dec!(72));
    let easi = Easi::from_input(&all_max(), 30).unwrap().value;
    assert_eq!(easi.display(), "72.0");
    assert_eq!(easi.severity(), EasiSeverity::VerySevere);
}

#[test]
fn easi_case_b_age_34_is_17_4() {
    assert_eq!(total(&case_b(), 34), dec!(17.4));
}

#[test]
fn easi_case_c_age_5_is_15_4() {
    assert_eq!(total(&case_b(), 5), dec!(15.4));
}

#[test]
fn easi_case_d_age_40_is_2_95() {
    let d = input([
        region([dec!(1.5), dec!(0), dec!(0), dec!(0)], 1),
        region([dec!(2.5), dec!(1.5), dec!(1), dec!(0)], 2),
        region([dec!(0); 4], 0),
        region([dec!(1), dec!(1), dec!(0), dec!(0)], 1),
    ]);
    let easi = Easi::from_input(&d, 40).unwrap().value;
    assert_eq!(easi.total(), dec!(2.95));
    assert_eq!(easi.display(), "3.0");
    assert_eq!(easi.severity(), EasiSeverity::Mild);
}

#[test]
fn easi_case_e7_age_7_is_14_4() {
    assert_eq!(total(&head_only_max(), 7), dec!(14.4));
}

#[test]
fn easi_case_e8_age_8_is_7_2() {
    assert_eq!(total(&head_only_max(), 8), dec!(7.2));
}

#[test]
fn easi_case_f_age_3_all_maximal_is_72() {
    assert_eq!(total(&all_max(), 3), dec!(72));
}

#[test]
fn case_b_from_json_with_area_pct() {
    let json = r#"{"regions": {
        "head_neck":   {"erythema": 2, "induration": 1, "excoriation": 1, "lichenification": 0, "area_pct": 15},
        "upper_limbs": {"erythema": 2, "induration": 2, "excoriation": 1, "lichenification": 1, "area_pct": 49.9, "area_score": 3},
        "trunk":       {"erythema": 1, "induration": 1, "excoriation": 1, "lichenification": 0, "area_score": 2},
        "lower_limbs": {"erythema": 2, "induration": 2, "excoriation": 2, "lichenification": 1, "area_score": 4}
    }, "total": 17.4}"#;
    let input: EasiInput = serde_json::from_str(json).unwrap();
    let easi = Easi::from_input(&input, 34).unwrap();
    assert_eq!(easi.value.total(), dec!(17.4));
    assert!(easi.warnings.is_empty());
}

#[test]
fn unknown_fields_are_refused() {
    let json = r#"{"regions": {"trunk": {"erythema": 1, "redness": 2}}}"#;
    assert!(serde_json::from_str::<EasiInput>(json).is_err());
    assert!(serde_json::from_str::<EasiInput>(r#"{"totl": 3}"#).is_err());
}

fn errors_of(input: &EasiInput) -> Vec<(String, String)> {
    Easi::from_input(input, 30)
        .unwrap_err()
        .0
        .into_iter()
        .map(|e| (e.field, e.message))
        .collect()
}

#[test]
fn all_invalid_fields_are_reported_with_their_paths() {
    let mut bad = case_b();
    let regions = bad.regions.as_mut().unwrap();
    regions.head_neck.as_mut().unwrap().erythema = Some(dec!(0.5));
    regions.upper_limbs.as_mut().unwrap().induration = Some(dec!(3.5));
    regions.trunk.as_mut().unwrap().area_score = Some(dec!(7));
    regions.lower_limbs.as_mut().unwrap().area_score = Some(dec!(2.5));
    regions.lower_limbs.as_mut().unwrap().lichenification = None;
    let fields: Vec<String> = errors_of(&bad).into_iter().map(|(f, _)| f).collect();
    assert_eq!(
        fields,
        [
            "regions.head_neck.erythema",
            "regions.upper_limbs.induration",
            "regions.trunk.area_score",
            "regions.lower_limbs.lichenification",
            "regions.lower_limbs.area_score",
        ]
    );
}

#[test]
fn easi_invalid_area_pct_101_in_input() {
    let mut bad = case_b();
    let trunk = bad.regions.as_mut().unwrap().trunk.as_mut().unwrap();
    trunk.area_score = None;
    trunk.area_pct = Some(dec!(101));
    assert_eq!(errors_of(&bad)[0].0, "regions.trunk.area_pct");
}

#[test]
fn area_pct_and_score_must_agree() {
    let mut bad = case_b();
    bad.regions
        .as_mut()
        .unwrap()
        .trunk
        .as_mut()
        .unwrap()
        .area_pct = Some(dec!(30));
    assert_eq!(
        errors_of(&bad),
        [(
            "regions.trunk.area_score".to_owned(),
            "area score 2 does not agree with area_pct 30 %, which gives area score 3".to_owned()
        )]
    );
}

#[test]
fn missing_region_and_area_are_reported() {
    let mut bad = case_b();
    let regions = bad.regions.as_mut().unwrap();
    regions.trunk = None;
    regions.head_neck.as_mut().unwrap().area_score = None;
    let fields: Vec<String> = errors_of(&bad).into_iter().map(|(f, _)| f).collect();
    assert_eq!(fields, ["regions.head_neck.area_score", "regions.trunk"]);
    assert_eq!(errors_of(&EasiInput::default())[0].0, "");
}

#[test]
fn total_and_components_must_agree_exactly() {
    let mut bad = case_b();
    bad.total = Some(dec!(17.45));
    assert_eq!(
        errors_of(&bad),
        [(
            "total".to_owned(),
            "total 17.45 does not agree with the regions, which give 17.4".to_owned()
        )]
    );
}

#[test]
fn total_only_entry() {
    let only = EasiInput {
        regions: None,
        total: Some(dec!(4.35)),
    };
    let easi = Easi::from_input(&only, 30).unwrap().value;
    assert_eq!(easi.total(), dec!(4.35));
    assert!(easi.regions().is_none());
    for bad in [dec!(72.05), dec!(-0.05), dec!(4.33)] {
        let input = EasiInput {
            regions: None,
            total: Some(bad),
        };
        assert_eq!(errors_of(&input)[0].0, "total", "{bad}");
    }
}

#[test]
fn area_zero_with_signs_is_accepted_with_a_warning() {
    let mut input = case_b();
    input
        .regions
        .as_mut()
        .unwrap()
        .trunk
        .as_mut()
        .unwrap()
        .area_score = Some(dec!(0));
    let checked = Easi::from_input(&input, 34).unwrap();
    assert_eq!(checked.value.total(), dec!(15.6));
    assert_eq!(checked.warnings.len(), 1);
    assert_eq!(checked.warnings[0].code, "easi.area_zero_with_signs");
    assert_eq!(checked.warnings[0].field, "regions.trunk");
}

#[test]
fn severity_bands_and_target() {
    let cases = [
        (dec!(0), EasiSeverity::Clear),
        (dec!(0.05), EasiSeverity::AlmostClear),
        (dec!(1), EasiSeverity::AlmostClear),
        (dec!(1.05), EasiSeverity::Mild),
        (dec!(7), EasiSeverity::Mild),
        (dec!(7.05), EasiSeverity::Moderate),
        (dec!(21), EasiSeverity::Moderate),
        (dec!(21.05), EasiSeverity::Severe),
        (dec!(50), EasiSeverity::Severe),
        (dec!(50.05), EasiSeverity::VerySevere),
        (dec!(72), EasiSeverity::VerySevere),
    ];
    for (t, band) in cases {
        assert_eq!(Easi::from_total(t).unwrap().severity(), band, "{t}");
    }
    assert!(Easi::from_total(dec!(7)).unwrap().meets_target());
    assert!(!Easi::from_total(dec!(7.05)).unwrap().meets_target());
}

#[test]
fn display_rounds_half_up_to_one_decimal() {
    let shown = |t| Easi::from_total(t).unwrap().display();
    assert_eq!(shown(dec!(0)), "0.0");
    assert_eq!(shown(dec!(0.05)), "0.1");
    assert_eq!(shown(dec!(17.4)), "17.4");
    assert_eq!(shown(dec!(4.35)), "4.4");
    assert_eq!(shown(dec!(0.25)), "0.3");
}

#[test]
fn easi_child_in_month_of_8th_birthday_gets_under_8_multipliers() {
    use crate::time::BirthMonth;
    use chrono::NaiveDate;
    // Born 2017-05: ages count from 2017-05-31, so the child is 7 until 2025-05-31.
    let birth = BirthMonth::new(2017, 5).unwrap();
    let in_birthday_month = NaiveDate::from_ymd_opt(2025, 5, 30).unwrap();
    let age = birth.age_years(in_birthday_month).unwrap();
    assert_eq!(age, 7);
    let easi = Easi::from_input(&head_only_max(), age).unwrap().value;
    assert_eq!(easi.age_group(), Some(EasiAgeGroup::UnderEight));
    assert_eq!(easi.total(), dec!(14.4), "as case E7");
    let last_day = NaiveDate::from_ymd_opt(2025, 5, 31).unwrap();
    let age = birth.age_years(last_day).unwrap();
    assert_eq!(age, 8);
    assert_eq!(total(&head_only_max(), age), dec!(7.2), "as case E8");
}
