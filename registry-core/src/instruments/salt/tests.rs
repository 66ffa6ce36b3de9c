//! CLINICAL.md §1 SALT vectors, invalid examples and properties.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use proptest::prelude::*;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use super::*;

fn salt(top: Decimal, back: Decimal, right: Decimal, left: Decimal) -> Decimal {
    Salt::from_quadrants(top, back, right, left)
        .unwrap()
        .total()
}

#[test]
fn salt_100_100_100_100_is_100() {
    assert_eq!(salt(dec!(100), dec!(100), dec!(100), dec!(100)), dec!(100));
}

#[test]
fn salt_100_50_0_0_is_52() {
    assert_eq!(salt(dec!(100), dec!(50), dec!(0), dec!(0)), dec!(52.0));
}

#[test]
fn salt_80_100_60_40_is_74() {
    assert_eq!(salt(dec!(80), dec!(100), dec!(60), dec!(40)), dec!(74.0));
}

#[test]
fn salt_25_10_0_0_is_12_4() {
    assert_eq!(salt(dec!(25), dec!(10), dec!(0), dec!(0)), dec!(12.4));
}

#[test]
fn salt_12_5_0_5_5_is_6_8() {
    assert_eq!(salt(dec!(12.5), dec!(0), dec!(5), dec!(5)), dec!(6.8));
}

#[test]
fn salt_20_20_20_20_is_20_and_counts_as_at_most_20() {
    let s = Salt::from_quadrants(dec!(20), dec!(20), dec!(20), dec!(20)).unwrap();
    assert_eq!(s.total(), dec!(20.0));
    assert!(s.total() <= dec!(20));
    assert_eq!(s.aa_iga(), AaIga::Limited);
}

#[test]
fn views_from_json_and_total_must_agree() {
    let ok: SaltInput =
        serde_json::from_str(r#"{"top": 12.5, "back": 0, "right": 5, "left": 5, "total": 6.8}"#)
            .unwrap();
    assert_eq!(Salt::from_input(&ok).unwrap().total(), dec!(6.8));
    let bad = SaltInput {
        total: Some(dec!(7)),
        ..ok
    };
    let e = Salt::from_input(&bad).unwrap_err();
    assert_eq!(e.0[0].field, "total");
    assert_eq!(
        e.0[0].message,
        "total 7 does not agree with the views, which give 6.8"
    );
    assert!(serde_json::from_str::<SaltInput>(r#"{"vertex": 10}"#).is_err());
}

#[test]
fn total_only_entry() {
    let only = SaltInput {
        total: Some(dec!(23.75)),
        ..Default::default()
    };
    let s = Salt::from_input(&only).unwrap();
    assert_eq!(s.total(), dec!(23.75));
    assert!(s.quadrants().is_none());
    assert!(Salt::from_total(dec!(100.1)).is_err());
    assert!(Salt::from_total(dec!(-1)).is_err());
    assert!(Salt::from_total(dec!(12.0005)).is_err());
}

#[test]
fn invalid_views_are_all_reported() {
    let bad = SaltInput {
        top: Some(dec!(101)),
        back: Some(dec!(12.55)),
        right: Some(dec!(-1)),
        left: None,
        total: None,
    };
    let fields: Vec<String> = Salt::from_input(&bad)
        .unwrap_err()
        .0
        .into_iter()
        .map(|e| e.field)
        .collect();
    assert_eq!(fields, ["top", "back", "right", "left"]);
    assert!(Salt::from_input(&SaltInput::default()).is_err());
}

#[test]
fn aa_iga_bands_and_severity() {
    let cases = [
        (dec!(0), AaIga::None, 0),
        (dec!(0.018), AaIga::Limited, 1),
        (dec!(20), AaIga::Limited, 1),
        (dec!(20.018), AaIga::Moderate, 2),
        (dec!(49.9), AaIga::Moderate, 2),
        (dec!(50), AaIga::Severe, 3),
        (dec!(94.9), AaIga::Severe, 3),
        (dec!(95), AaIga::VerySevere, 4),
        (dec!(100), AaIga::VerySevere, 4),
    ];
    for (t, cat, grade) in cases {
        assert_eq!(AaIga::of(t), cat, "{t}");
        assert_eq!(cat.grade(), grade);
    }
    assert!(Salt::from_total(dec!(50)).unwrap().is_severe());
    assert!(!Salt::from_total(dec!(49.9)).unwrap().is_severe());
}

fn any_view() -> impl Strategy<Value = Decimal> {
    (0i64..=1000).prop_map(|tenths| Decimal::new(tenths, 1))
}

proptest! {
    #[test]
    fn salt_stays_within_0_to_100(t in any_view(), b in any_view(), r in any_view(), l in any_view()) {
        let s = salt(t, b, r, l);
        prop_assert!(s >= Decimal::ZERO && s <= SALT_MAX);
        prop_assert!(Salt::from_total(s).is_ok());
    }

    #[test]
    fn salt_is_monotone_in_each_view(
        v in [any_view(), any_view(), any_view(), any_view()], which in 0usize..4, more in any_view(),
    ) {
        prop_assume!(more > v[which]);
        let mut w = v;
        w[which] = more;
        prop_assert!(salt(w[0], w[1], w[2], w[3]) > salt(v[0], v[1], v[2], v[3]));
    }
}
