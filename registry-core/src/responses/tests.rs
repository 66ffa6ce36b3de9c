//! CLINICAL.md §1 response vectors.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use proptest::prelude::*;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use super::*;
use crate::instruments::aa_items::BrowLashScore;
use crate::instruments::easi::Easi;
use crate::instruments::pro::{PpNrs, ViGaAd};
use crate::instruments::salt::Salt;
use Response::{NonResponder, NotEvaluable, Responder};

fn easi(t: Decimal) -> Easi {
    Easi::from_total(t).unwrap()
}

fn salt(t: Decimal) -> Salt {
    Salt::from_total(t).unwrap()
}

fn nrs(v: u8) -> PpNrs {
    PpNrs::new(v).unwrap()
}

fn iga(v: u8) -> ViGaAd {
    ViGaAd::from_grade(v).unwrap()
}

fn brow(v: u8) -> BrowLashScore {
    BrowLashScore::from_score(v).unwrap()
}

#[test]
fn easi_17_4_to_4_35_is_exactly_easi_75() {
    let (b, n) = (easi(dec!(17.4)), easi(dec!(4.35)));
    assert_eq!(easi_50(&b, &n), Responder);
    assert_eq!(easi_75(&b, &n), Responder);
    assert_eq!(easi_90(&b, &n), NonResponder);
    assert_eq!(easi_100(&b, &n), NonResponder);
    assert_eq!(easi_75(&b, &easi(dec!(4.4))), NonResponder);
    assert_eq!(percent_improvement(dec!(17.4), dec!(4.35)), Some(dec!(75)));
}

#[test]
fn easi_baseline_0_is_not_evaluable() {
    let zero = easi(dec!(0));
    for f in [easi_50, easi_75, easi_90, easi_100] {
        assert_eq!(f(&zero, &zero), NotEvaluable);
    }
    assert_eq!(easi_100(&easi(dec!(3)), &zero), Responder);
}

#[test]
fn easi_le_7_target() {
    assert_eq!(easi_le_7(&easi(dec!(7))), Responder);
    assert_eq!(easi_le_7(&easi(dec!(7.05))), NonResponder);
}

#[test]
fn salt_80_to_40_is_salt50() {
    let (b, n) = (salt(dec!(80)), salt(dec!(40)));
    assert_eq!(salt_30(&b, &n), Responder);
    assert_eq!(salt_50(&b, &n), Responder);
    assert_eq!(salt_75(&b, &n), NonResponder);
    assert_eq!(salt_le_20(&n), NonResponder);
}

#[test]
fn salt_80_to_20_is_salt75_and_le_20() {
    let (b, n) = (salt(dec!(80)), salt(dec!(20)));
    assert_eq!(salt_75(&b, &n), Responder);
    assert_eq!(salt_90(&b, &n), NonResponder);
    assert_eq!(salt_le_20(&n), Responder);
    assert_eq!(salt_le_10(&n), NonResponder);
}

#[test]
fn salt_80_to_8_is_salt90_and_le_10() {
    let (b, n) = (salt(dec!(80)), salt(dec!(8)));
    assert_eq!(salt_90(&b, &n), Responder);
    assert_eq!(salt_100(&b, &n), NonResponder);
    assert_eq!(salt_le_10(&n), Responder);
}

#[test]
fn salt_95_to_23_75_is_exactly_salt75_not_le_20() {
    let (b, n) = (salt(dec!(95)), salt(dec!(23.75)));
    assert_eq!(salt_75(&b, &n), Responder);
    assert_eq!(salt_le_20(&n), NonResponder);
}

#[test]
fn salt_95_to_24_is_not_salt75() {
    let (b, n) = (salt(dec!(95)), salt(dec!(24)));
    assert_eq!(salt_75(&b, &n), NonResponder);
    assert_eq!(salt_50(&b, &n), Responder);
    assert_eq!(percent_improvement(dec!(95), dec!(24)), Some(dec!(74.74)));
}

#[test]
fn salt_0_to_0_relative_response_undefined() {
    let zero = salt(dec!(0));
    for f in [salt_30, salt_50, salt_75, salt_90, salt_100] {
        assert_eq!(f(&zero, &zero), NotEvaluable);
    }
    assert_eq!(salt_le_20(&zero), Responder);
    assert_eq!(percent_improvement(dec!(0), dec!(0)), None);
}

#[test]
fn salt_20_0_counts_as_le_20() {
    let s = Salt::from_quadrants(dec!(20), dec!(20), dec!(20), dec!(20)).unwrap();
    assert_eq!(salt_le_20(&s), Responder);
}

#[test]
fn pp_nrs4_8_to_4_yes() {
    assert_eq!(pp_nrs_4(nrs(8), nrs(4)), Responder);
}

#[test]
fn pp_nrs4_7_to_4_no() {
    assert_eq!(pp_nrs_4(nrs(7), nrs(4)), NonResponder);
}

#[test]
fn pp_nrs4_4_to_0_yes() {
    assert_eq!(pp_nrs_4(nrs(4), nrs(0)), Responder);
}

#[test]
fn pp_nrs4_3_to_0_excluded() {
    assert_eq!(pp_nrs_4(nrs(3), nrs(0)), NotEvaluable);
}

#[test]
fn pp_nrs_target_le_4() {
    assert_eq!(pp_nrs_le_4(nrs(4)), Responder);
    assert_eq!(pp_nrs_le_4(nrs(5)), NonResponder);
    assert_eq!(pp_nrs_4(nrs(5), nrs(7)), NonResponder);
}

#[test]
fn viga_3_to_1_yes() {
    assert_eq!(viga_ad_responder(iga(3), iga(1)), Responder);
}

#[test]
fn viga_4_to_1_yes() {
    assert_eq!(viga_ad_responder(iga(4), iga(1)), Responder);
}

#[test]
fn viga_2_to_0_yes() {
    assert_eq!(viga_ad_responder(iga(2), iga(0)), Responder);
}

#[test]
fn viga_2_to_1_no() {
    assert_eq!(viga_ad_responder(iga(2), iga(1)), NonResponder);
}

#[test]
fn viga_3_to_2_no() {
    assert_eq!(viga_ad_responder(iga(3), iga(2)), NonResponder);
}

#[test]
fn brow_lash_responders_need_baseline_2_or_more() {
    assert_eq!(brow_lash_responder(brow(2), brow(0)), Responder);
    assert_eq!(brow_lash_responder(brow(3), brow(1)), Responder);
    assert_eq!(brow_lash_responder(brow(3), brow(0)), Responder);
    assert_eq!(brow_lash_responder(brow(2), brow(1)), NonResponder);
    assert_eq!(brow_lash_responder(brow(3), brow(2)), NonResponder);
    assert_eq!(brow_lash_responder(brow(1), brow(0)), NotEvaluable);
}

#[test]
fn visit_responses_compute_every_outcome() {
    let baseline = VisitScores {
        easi: Some(easi(dec!(17.4))),
        salt: None,
        pp_nrs: Some(nrs(8)),
        viga_ad: Some(iga(3)),
        eyebrows: Some(brow(3)),
        eyelashes: Some(brow(1)),
    };
    let now = VisitScores {
        easi: Some(easi(dec!(4.35))),
        salt: Some(salt(dec!(20))),
        pp_nrs: Some(nrs(4)),
        viga_ad: Some(iga(2)),
        eyebrows: Some(brow(1)),
        eyelashes: Some(brow(0)),
    };
    let r = VisitResponses::compute(&baseline, &now);
    assert_eq!(r.easi_75, Responder);
    assert_eq!(r.easi_90, NonResponder);
    assert_eq!(r.easi_le_7, Responder);
    assert_eq!(r.easi_improvement_pct, Some(dec!(75)));
    assert_eq!(r.salt_le_20, Responder);
    assert_eq!(r.salt_50, NotEvaluable);
    assert_eq!(r.salt_improvement_pct, None);
    assert_eq!(r.pp_nrs_4, Responder);
    assert_eq!(r.pp_nrs_le_4, Responder);
    assert_eq!(r.viga_ad_0_1, NonResponder);
    assert_eq!(r.eyebrows, Responder);
    assert_eq!(r.eyelashes, NotEvaluable);
    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(json["easi_75"], "responder");
    assert_eq!(json["salt_50"], "not_evaluable");
    assert_eq!(json["easi_improvement_pct"], "75");
}

#[test]
fn response_as_option() {
    assert_eq!(Responder.as_option(), Some(true));
    assert_eq!(NonResponder.as_option(), Some(false));
    assert_eq!(NotEvaluable.as_option(), None);
    assert!(!NotEvaluable.is_evaluable());
}

proptest! {
    #[test]
    fn a_stricter_threshold_never_adds_responders(b in 1i64..=1000, n in 0i64..=1000, lo in 0u8..=100, hi in 0u8..=100) {
        let (b, n) = (Decimal::new(b, 1), Decimal::new(n, 1));
        let (lo, hi) = (Decimal::from(lo.min(hi)), Decimal::from(lo.max(hi)));
        if improved_by(b, n, hi).is_responder() {
            prop_assert!(improved_by(b, n, lo).is_responder());
        }
    }
}
