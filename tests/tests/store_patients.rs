//! Patients in the store: round trip, center scoping, optimistic concurrency, soft deletion.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use registry_core::store::patients::{self, PatientChanges, PatientFilter};
use registry_core::store::{Deletion, Scope, StoreError, audit};
use registry_tests::{db_test, fixtures, system_ctx};

db_test!(patient_round_trip, |db| {
    let mut conn = db.conn();
    let ctx = system_ctx();
    let c = fixtures::center(&mut conn, &ctx, "UMCU");
    let created = fixtures::patient(&mut conn, &ctx, &c.id, "000123");
    let read = patients::get(&mut conn, &Scope::All, &created.id).unwrap();
    assert_eq!(read, created);
    assert_eq!(read.birth_month, "1990-03");
    assert_eq!(read.version, 1);
});

db_test!(local_ref_is_unique_per_center, |db| {
    let mut conn = db.conn();
    let ctx = system_ctx();
    let a = fixtures::center(&mut conn, &ctx, "AAA");
    let b = fixtures::center(&mut conn, &ctx, "BBB");
    fixtures::patient(&mut conn, &ctx, &a.id, "p1");
    fixtures::patient(&mut conn, &ctx, &b.id, "p1");
    let dup = conn.write(|tx| {
        patients::create(
            tx,
            &ctx,
            fixtures::new_patient(&a.id, "p1", registry_core::patient::Diagnosis::Ad),
        )
    });
    assert!(matches!(dup, Err(StoreError::Conflict(_))), "{dup:?}");
    let all = patients::list(
        &mut conn,
        &Scope::All,
        &PatientFilter {
            limit: 10,
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(all.len(), 2, "the refused duplicate stored nothing");
});

db_test!(center_scope_never_returns_other_centers_rows, |db| {
    let mut conn = db.conn();
    let ctx = system_ctx();
    let a = fixtures::center(&mut conn, &ctx, "AAA");
    let b = fixtures::center(&mut conn, &ctx, "BBB");
    let pa = fixtures::patient(&mut conn, &ctx, &a.id, "a1");
    let pb = fixtures::patient(&mut conn, &ctx, &b.id, "b1");
    let scope_a = Scope::Center(a.id.clone());
    assert!(patients::get(&mut conn, &scope_a, &pa.id).is_ok());
    assert!(matches!(
        patients::get(&mut conn, &scope_a, &pb.id),
        Err(StoreError::NotFound)
    ));
    let filter = PatientFilter {
        limit: 100,
        ..Default::default()
    };
    let listed = patients::list(&mut conn, &scope_a, &filter).unwrap();
    assert_eq!(
        listed.iter().map(|p| p.id.as_str()).collect::<Vec<_>>(),
        vec![pa.id.as_str()]
    );
    // Asking for center B explicitly inside A's scope still yields nothing.
    let cross = PatientFilter {
        center_id: Some(b.id.clone()),
        limit: 100,
        ..Default::default()
    };
    assert!(
        patients::list(&mut conn, &scope_a, &cross)
            .unwrap()
            .is_empty()
    );
    // An edit through A's scope cannot reach B's patient.
    let edit = conn.write(|tx| {
        patients::update(
            tx,
            &ctx,
            &scope_a,
            &pb.id,
            1,
            "typo",
            PatientChanges::default(),
        )
    });
    assert!(matches!(edit, Err(StoreError::NotFound)));
});

db_test!(stale_version_is_refused_and_changes_nothing, |db| {
    let mut conn = db.conn();
    let ctx = system_ctx();
    let c = fixtures::center(&mut conn, &ctx, "UMCU");
    let p = fixtures::patient(&mut conn, &ctx, &c.id, "x");
    let changes = PatientChanges {
        local_ref: Some("y".into()),
        ..Default::default()
    };
    let updated = conn
        .write(|tx| {
            patients::update(
                tx,
                &ctx,
                &Scope::All,
                &p.id,
                1,
                "corrected reference",
                changes.clone(),
            )
        })
        .unwrap();
    assert_eq!((updated.local_ref.as_str(), updated.version), ("y", 2));
    let again = PatientChanges {
        local_ref: Some("z".into()),
        ..Default::default()
    };
    let stale =
        conn.write(|tx| patients::update(tx, &ctx, &Scope::All, &p.id, 1, "second edit", again));
    assert!(
        matches!(stale, Err(StoreError::StaleVersion { current: 2 })),
        "{stale:?}"
    );
    let read = patients::get(&mut conn, &Scope::All, &p.id).unwrap();
    assert_eq!((read.local_ref.as_str(), read.version), ("y", 2));
    let events = audit::list(
        &mut conn,
        &audit::AuditFilter {
            entity_id: Some(p.id.clone()),
            limit: 10,
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(
        events.iter().map(|e| e.action.as_str()).collect::<Vec<_>>(),
        ["create", "update"]
    );
    assert_eq!(events[1].reason.as_deref(), Some("corrected reference"));
});

db_test!(soft_deleted_patient_leaves_reads_but_stays_audited, |db| {
    let mut conn = db.conn();
    let ctx = system_ctx();
    let c = fixtures::center(&mut conn, &ctx, "UMCU");
    let p = fixtures::patient(&mut conn, &ctx, &c.id, "gone");
    let deletion = Deletion {
        expected_version: 1,
        reason: "entered in the wrong center".into(),
    };
    conn.write(|tx| patients::delete(tx, &ctx, &Scope::All, &p.id, &deletion))
        .unwrap();
    assert!(matches!(
        patients::get(&mut conn, &Scope::All, &p.id),
        Err(StoreError::NotFound)
    ));
    let filter = PatientFilter {
        limit: 10,
        ..Default::default()
    };
    assert!(
        patients::list(&mut conn, &Scope::All, &filter)
            .unwrap()
            .is_empty()
    );
    let events = audit::list(
        &mut conn,
        &audit::AuditFilter {
            entity_id: Some(p.id.clone()),
            limit: 10,
            ..Default::default()
        },
    )
    .unwrap();
    let delete = events.last().unwrap();
    assert_eq!(delete.action, "delete");
    assert_eq!(
        delete.reason.as_deref(),
        Some("entered in the wrong center")
    );
    let before: serde_json::Value =
        serde_json::from_str(delete.before_json.as_deref().unwrap()).unwrap();
    assert_eq!(before["local_ref"], "gone");
    assert!(audit::verify(&mut conn).unwrap().is_intact());
});
