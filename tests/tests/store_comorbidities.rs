//! Comorbidities in the store: round trip, checks, center scoping, versions, soft deletion and
//! one audit event per write.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use registry_core::store::comorbidities::{self, NewComorbidity};
use registry_core::store::{Deletion, Scope, StoreError, audit};
use registry_tests::fixtures::{self, audited};
use registry_tests::{db_test, system_ctx};

fn asthma(center_id: &str, patient_id: &str) -> NewComorbidity {
    NewComorbidity {
        center_id: center_id.to_owned(),
        patient_id: patient_id.to_owned(),
        condition: " asthma ".to_owned(),
        onset_year: Some(2001),
        active: true,
    }
}

db_test!(comorbidity_round_trip_and_checks, |db| {
    let mut conn = db.conn();
    let ctx = system_ctx();
    let c = fixtures::center(&mut conn, &ctx, "UMCU");
    let p = fixtures::patient(&mut conn, &ctx, &c.id, "p1");
    let (row, n) = audited(&mut conn, |c| {
        c.write(|tx| comorbidities::create(tx, &ctx, asthma(&p.center_id, &p.id)))
            .unwrap()
    });
    assert_eq!(n, 1);
    assert_eq!(row.condition, "asthma");
    assert_eq!(
        comorbidities::get(&mut conn, &Scope::All, &row.id).unwrap(),
        row
    );
    assert_eq!(
        comorbidities::for_patient(&mut conn, &Scope::All, &p.id).unwrap(),
        [row]
    );
    let mut bad = asthma(&c.id, &p.id);
    bad.condition = "  ".into();
    bad.onset_year = Some(1850);
    let (refused, n) = audited(&mut conn, |c| {
        c.write(|tx| comorbidities::create(tx, &ctx, bad))
    });
    assert_eq!(n, 0);
    match refused {
        Err(StoreError::Invalid(e)) => {
            let fields: Vec<_> = e.errors().iter().map(|f| f.field.as_str()).collect();
            assert_eq!(fields, ["condition", "onset_year"]);
        }
        other => panic!("{other:?}"),
    }
});

db_test!(
    center_scope_never_returns_other_centers_comorbidities,
    |db| {
        let mut conn = db.conn();
        let ctx = system_ctx();
        let a = fixtures::center(&mut conn, &ctx, "AAA");
        let b = fixtures::center(&mut conn, &ctx, "BBB");
        let pa = fixtures::patient(&mut conn, &ctx, &a.id, "a1");
        let pb = fixtures::patient(&mut conn, &ctx, &b.id, "b1");
        let ca = conn
            .write(|tx| comorbidities::create(tx, &ctx, asthma(&a.id, &pa.id)))
            .unwrap();
        let cb = conn
            .write(|tx| comorbidities::create(tx, &ctx, asthma(&b.id, &pb.id)))
            .unwrap();
        let scope_a = Scope::Center(a.id.clone());
        assert_eq!(comorbidities::get(&mut conn, &scope_a, &ca.id).unwrap(), ca);
        assert!(matches!(
            comorbidities::get(&mut conn, &scope_a, &cb.id),
            Err(StoreError::NotFound)
        ));
        assert!(
            comorbidities::for_patient(&mut conn, &scope_a, &pb.id)
                .unwrap()
                .is_empty()
        );
        let cross = conn.write(|tx| comorbidities::create(tx, &ctx, asthma(&a.id, &pb.id)));
        assert!(matches!(cross, Err(StoreError::NotFound)), "{cross:?}");
    }
);

db_test!(comorbidity_versions_and_soft_deletion, |db| {
    let mut conn = db.conn();
    let ctx = system_ctx();
    let c = fixtures::center(&mut conn, &ctx, "UMCU");
    let p = fixtures::patient(&mut conn, &ctx, &c.id, "p1");
    let row = conn
        .write(|tx| comorbidities::create(tx, &ctx, asthma(&c.id, &p.id)))
        .unwrap();
    let mut resolved = row.clone();
    resolved.active = false;
    let saved = conn
        .write(|tx| comorbidities::save_edit(tx, &ctx, &row, resolved.clone(), "in remission"))
        .unwrap();
    assert_eq!((saved.version, saved.active), (2, false));
    let stale = conn.write(|tx| comorbidities::save_edit(tx, &ctx, &row, resolved, "again"));
    assert!(
        matches!(stale, Err(StoreError::StaleVersion { .. })),
        "{stale:?}"
    );
    let deletion = Deletion {
        expected_version: 2,
        reason: "recorded for the wrong patient".into(),
    };
    let (_, n) = audited(&mut conn, |c| {
        c.write(|tx| comorbidities::delete(tx, &ctx, &Scope::All, &row.id, &deletion))
            .unwrap()
    });
    assert_eq!(n, 1);
    assert!(
        comorbidities::for_patient(&mut conn, &Scope::All, &p.id)
            .unwrap()
            .is_empty()
    );
    let reason = "recorded for the wrong patient";
    fixtures::assert_deleted_in_audit(&mut conn, "comorbidity", &row.id, reason);
    assert!(audit::verify(&mut conn).unwrap().is_intact());
});
