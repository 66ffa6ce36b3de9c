//! Properties of the EASI: within 0–72 on the 0.05 grid, never lower when a sign rises.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use proptest::prelude::*;
use rust_decimal::Decimal;

use super::*;

fn any_sign() -> impl Strategy<Value = EasiSign> {
    proptest::sample::select(EasiSign::ALLOWED.to_vec())
        .prop_map(|v| EasiSign::try_from(v).unwrap())
}

fn any_region() -> impl Strategy<Value = EasiRegion> {
    ([any_sign(), any_sign(), any_sign(), any_sign()], 0u8..=6).prop_map(|(s, a)| {
        EasiRegion::new(
            s[0],
            s[1],
            s[2],
            s[3],
            EasiArea::from_score(AreaScore::new(a).unwrap()),
        )
    })
}

fn any_regions() -> impl Strategy<Value = [EasiRegion; 4]> {
    [any_region(), any_region(), any_region(), any_region()]
}

fn easi_of(r: [EasiRegion; 4], age: u32) -> Decimal {
    Easi::from_regions(EasiRegions::new(r[0], r[1], r[2], r[3]), age).total()
}

proptest! {
    #[test]
    fn easi_stays_within_0_to_72(r in any_regions(), age in 0u32..100) {
        let t = easi_of(r, age);
        prop_assert!(t >= Decimal::ZERO && t <= EASI_MAX);
        prop_assert!(Easi::from_total(t).is_ok(), "total {} off the 0.05 grid", t);
    }

    #[test]
    fn easi_never_decreases_when_a_sign_rises(
        r in any_regions(), age in 0u32..100, which in 0usize..4, sign in 0usize..4, raised in any_sign(),
    ) {
        let old = r[which];
        let signs = [old.erythema(), old.induration(), old.excoriation(), old.lichenification()];
        prop_assume!(raised > signs[sign]);
        let mut new_signs = signs;
        new_signs[sign] = raised;
        let mut higher = r;
        higher[which] = EasiRegion::new(new_signs[0], new_signs[1], new_signs[2], new_signs[3], old.area());
        prop_assert!(easi_of(higher, age) >= easi_of(r, age));
    }
}
