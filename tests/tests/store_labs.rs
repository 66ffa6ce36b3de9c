//! Lab results in the store: value as entered and exact canonical value, flags, series per
//! analyte, center scoping, versions, soft deletion and one audit event per write.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use registry_core::labs::{Analyte, LabResult, LabRule, Qualitative};
use registry_core::store::labs::{self, LabRow};
use registry_core::store::{Deletion, Scope, StoreError, audit, visits::VisitRow};
use registry_tests::fixtures::{self, audited, date};
use registry_tests::{db_test, system_ctx};
use rust_decimal_macros::dec;

db_test!(
    lab_result_round_trip_keeps_entered_and_canonical_values,
    |db| {
        let mut conn = db.conn();
        let ctx = system_ctx();
        let c = fixtures::center(&mut conn, &ctx, "UMCU");
        let p = fixtures::patient(&mut conn, &ctx, &c.id, "p1");
        let hb = fixtures::lab_row(
            &ctx,
            &p,
            Analyte::Hb,
            (date(2025, 3, 1), dec!(8.0), "g/dL"),
            None,
        );
        let (created, events) = audited(&mut conn, |c| {
            c.write(|tx| labs::create(tx, &ctx, hb.clone())).unwrap()
        });
        assert_eq!(events, 1);
        assert_eq!(created, hb);
        assert_eq!(labs::get(&mut conn, &Scope::All, &hb.id).unwrap(), hb);
        assert_eq!((hb.value.as_str(), hb.unit.as_str()), ("8.0", "g/dL"));
        assert_eq!(
            (hb.canonical_value.as_str(), hb.canonical_unit.as_str()),
            ("4.9648", "mmol/L")
        );
        let flags = hb.flags().unwrap();
        assert_eq!(flags.len(), 1);
        assert_eq!(flags[0].rule, LabRule::HbLow);
        assert_eq!(
            hb.result().unwrap().value().unwrap().canonical(),
            dec!(4.96480)
        );

        let alat = (date(2025, 2, 1), dec!(135), "U/L");
        let alat = fixtures::lab_row(&ctx, &p, Analyte::Alat, alat, Some(dec!(45)));
        assert_eq!(alat.uln.as_deref(), Some("45"));
        assert_eq!(alat.flags().unwrap()[0].rule, LabRule::AlatHigh);
        let hiv = LabResult::qualitative(date(2025, 1, 15), Analyte::Hiv, Qualitative::Negative);
        let hiv = LabRow::from_result(&ctx, &c.id, &p.id, None, &hiv.unwrap(), &[]).unwrap();
        assert_eq!((hiv.value.as_str(), hiv.unit.as_str()), ("negative", ""));
        for row in [alat.clone(), hiv.clone()] {
            conn.write(|tx| labs::create(tx, &ctx, row)).unwrap();
        }
        let all = labs::for_patient(&mut conn, &Scope::All, &p.id).unwrap();
        assert_eq!(
            all,
            [hiv.clone(), alat.clone(), hb.clone()],
            "by sample date"
        );
        assert_eq!(
            labs::series(&mut conn, &Scope::All, &p.id, Analyte::Alat).unwrap(),
            [alat]
        );
        assert_eq!(hiv.result().unwrap().analyte(), Analyte::Hiv);
    }
);

db_test!(a_lab_result_links_only_to_its_own_patient_and_visit, |db| {
    let mut conn = db.conn();
    let ctx = system_ctx();
    let c = fixtures::center(&mut conn, &ctx, "UMCU");
    let p = fixtures::patient(&mut conn, &ctx, &c.id, "p1");
    let q = fixtures::patient(&mut conn, &ctx, &c.id, "p2");
    let visit = VisitRow::new(&ctx, &c.id, &q.id, date(2025, 3, 1));
    conn.write(|tx| registry_core::store::visits::create(tx, &ctx, visit.clone()))
        .unwrap();
    let mut row = fixtures::lab_row(
        &ctx,
        &p,
        Analyte::Hb,
        (date(2025, 3, 1), dec!(8), "mmol/L"),
        None,
    );
    row.visit_id = Some(visit.id.clone());
    let (refused, events) = audited(&mut conn, |c| c.write(|tx| labs::create(tx, &ctx, row)));
    assert_eq!(events, 0);
    match refused {
        Err(StoreError::Invalid(e)) => assert_eq!(e.errors()[0].field, "visit_id"),
        other => panic!("{other:?}"),
    }
    let mut own = fixtures::lab_row(
        &ctx,
        &q,
        Analyte::Hb,
        (date(2025, 3, 1), dec!(8), "mmol/L"),
        None,
    );
    own.visit_id = Some(visit.id);
    conn.write(|tx| labs::create(tx, &ctx, own)).unwrap();
});

db_test!(center_scope_never_returns_other_centers_lab_results, |db| {
    let mut conn = db.conn();
    let ctx = system_ctx();
    let a = fixtures::center(&mut conn, &ctx, "AAA");
    let b = fixtures::center(&mut conn, &ctx, "BBB");
    let pa = fixtures::patient(&mut conn, &ctx, &a.id, "a1");
    let pb = fixtures::patient(&mut conn, &ctx, &b.id, "b1");
    let sample = (date(2025, 3, 1), dec!(150), "×10⁹/L");
    let la = fixtures::lab_row(&ctx, &pa, Analyte::Platelets, sample, None);
    let lb = fixtures::lab_row(&ctx, &pb, Analyte::Platelets, sample, None);
    for row in [la.clone(), lb.clone()] {
        conn.write(|tx| labs::create(tx, &ctx, row)).unwrap();
    }
    let scope_a = Scope::Center(a.id.clone());
    assert_eq!(labs::get(&mut conn, &scope_a, &la.id).unwrap(), la);
    assert!(matches!(
        labs::get(&mut conn, &scope_a, &lb.id),
        Err(StoreError::NotFound)
    ));
    assert!(
        labs::for_patient(&mut conn, &scope_a, &pb.id)
            .unwrap()
            .is_empty()
    );
    assert!(
        labs::series(&mut conn, &scope_a, &pb.id, Analyte::Platelets)
            .unwrap()
            .is_empty()
    );
    // A row claiming center A for B's patient is refused.
    let mut cross = fixtures::lab_row(&ctx, &pb, Analyte::Platelets, sample, None);
    cross.center_id = a.id.clone();
    let refused = conn.write(|tx| labs::create(tx, &ctx, cross));
    assert!(matches!(refused, Err(StoreError::NotFound)), "{refused:?}");
});

db_test!(
    lab_edits_need_the_current_version_and_deletions_stay_audited,
    |db| {
        let mut conn = db.conn();
        let ctx = system_ctx();
        let c = fixtures::center(&mut conn, &ctx, "UMCU");
        let p = fixtures::patient(&mut conn, &ctx, &c.id, "p1");
        let row = fixtures::lab_row(
            &ctx,
            &p,
            Analyte::Hb,
            (date(2025, 3, 1), dec!(8), "mmol/L"),
            None,
        );
        conn.write(|tx| labs::create(tx, &ctx, row.clone()))
            .unwrap();
        let mut fixed = row.clone();
        fixed.sample_date = date(2025, 3, 2);
        let (saved, events) = audited(&mut conn, |c| {
            c.write(|tx| labs::save_edit(tx, &ctx, &row, fixed.clone(), "wrong date"))
                .unwrap()
        });
        assert_eq!((saved.version, events), (2, 1));
        let mut again = row.clone();
        again.sample_date = date(2025, 3, 3);
        let stale = conn.write(|tx| labs::save_edit(tx, &ctx, &row, again, "stale edit"));
        assert!(
            matches!(stale, Err(StoreError::StaleVersion { .. })),
            "{stale:?}"
        );
        assert_eq!(labs::get(&mut conn, &Scope::All, &row.id).unwrap(), saved);
        let deletion = Deletion {
            expected_version: 2,
            reason: "sample haemolysed".into(),
        };
        conn.write(|tx| labs::delete(tx, &ctx, &Scope::All, &row.id, &deletion))
            .unwrap();
        assert!(matches!(
            labs::get(&mut conn, &Scope::All, &row.id),
            Err(StoreError::NotFound)
        ));
        assert!(
            labs::for_patient(&mut conn, &Scope::All, &p.id)
                .unwrap()
                .is_empty()
        );
        fixtures::assert_deleted_in_audit(&mut conn, "lab_result", &row.id, "sample haemolysed");
        assert!(audit::verify(&mut conn).unwrap().is_intact());
    }
);
