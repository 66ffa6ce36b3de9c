//! Batched creation (`create_many`) for bulk loaders: rows of several patients and centers in
//! statements sized to the backend's parameter limit, one chained audit event per row (built in
//! parallel, chained in order), references checked in bulk as the single-row functions check
//! them.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use registry_core::labs::{Analyte, LabResult, Qualitative};
use registry_core::store::labs::{self, LabRow};
use registry_core::store::visits::{self, VisitRow};
use registry_core::store::{Scope, StoreError, audit};
use registry_tests::fixtures::{self, date};
use registry_tests::{db_test, system_ctx};

db_test!(
    many_visits_are_stored_and_audited_one_event_each_in_order,
    |db| {
        let mut conn = db.conn();
        let ctx = system_ctx();
        let a = fixtures::center(&mut conn, &ctx, "AAA");
        let b = fixtures::center(&mut conn, &ctx, "BBB");
        let patients = [
            fixtures::patient(&mut conn, &ctx, &a.id, "a1"),
            fixtures::patient(&mut conn, &ctx, &a.id, "a2"),
            fixtures::patient(&mut conn, &ctx, &b.id, "b1"),
        ];
        // 3 × 320 = 960 visits: more than one statement's worth on SQLite (862 rows).
        let mut rows = Vec::new();
        for p in &patients {
            for day in 0..320 {
                let visit_date = date(2020, 1, 1) + chrono::Days::new(day * 3);
                let mut row = VisitRow::new(&ctx, &p.center_id, &p.id, visit_date);
                row.weight_kg = Some(format!("{}", 60 + day % 20));
                rows.push(row);
            }
        }
        let before = fixtures::audit_count(&mut conn);
        conn.write(|tx| visits::create_many(tx, &ctx, &rows))
            .unwrap();
        assert_eq!(fixtures::audit_count(&mut conn) - before, 960);
        assert_eq!(visits::count(&mut conn, &Scope::All).unwrap(), 960);
        let stored = visits::for_patient(&mut conn, &Scope::All, &patients[2].id).unwrap();
        assert_eq!(stored.len(), 320);
        assert_eq!(stored[5], rows[640 + 5]);
        let events = fixtures::events_of(&mut conn, &rows[641].id);
        assert_eq!((events.len(), events[0].action.as_str()), (1, "create"));
        assert_eq!(
            events[0].chain,
            audit::chain_for(Some(&b.id), Some(&rows[641].id))
        );
        // A single write after the batch continues each chain.
        fixtures::patient(&mut conn, &ctx, &a.id, "a3");
        let v = audit::verify(&mut conn).unwrap();
        assert!(v.is_intact(), "{v:?}");
    }
);

db_test!(a_batch_with_a_bad_reference_stores_nothing, |db| {
    let mut conn = db.conn();
    let ctx = system_ctx();
    let a = fixtures::center(&mut conn, &ctx, "AAA");
    let b = fixtures::center(&mut conn, &ctx, "BBB");
    let pa = fixtures::patient(&mut conn, &ctx, &a.id, "a1");
    let pb = fixtures::patient(&mut conn, &ctx, &b.id, "b1");
    let good = VisitRow::new(&ctx, &pa.center_id, &pa.id, date(2024, 1, 1));
    let mut wrong_center = VisitRow::new(&ctx, &a.id, &pb.id, date(2024, 1, 2));
    wrong_center.weight_kg = Some("70".into());
    let result =
        conn.write(|tx| visits::create_many(tx, &ctx, &[good.clone(), wrong_center.clone()]));
    assert!(matches!(result, Err(StoreError::NotFound)), "{result:?}");
    assert_eq!(visits::count(&mut conn, &Scope::All).unwrap(), 0);

    conn.write(|tx| visits::create_many(tx, &ctx, std::slice::from_ref(&good)))
        .unwrap();
    let hiv =
        LabResult::qualitative(date(2024, 1, 1), Analyte::Hiv, Qualitative::Negative).unwrap();
    let ok = LabRow::from_result(&ctx, &pa.center_id, &pa.id, Some(&good.id), &hiv, &[]).unwrap();
    let other_visit =
        LabRow::from_result(&ctx, &pb.center_id, &pb.id, Some(&good.id), &hiv, &[]).unwrap();
    let before = fixtures::audit_count(&mut conn);
    let result = conn.write(|tx| labs::create_many(tx, &ctx, &[ok.clone(), other_visit]));
    assert_eq!(fixtures::invalid_fields(result), ["visit_id"]);
    assert_eq!(fixtures::audit_count(&mut conn), before, "nothing audited");
    conn.write(|tx| labs::create_many(tx, &ctx, std::slice::from_ref(&ok)))
        .unwrap();
    assert_eq!(
        labs::for_patient(&mut conn, &Scope::All, &pa.id).unwrap(),
        [ok]
    );
});
