//! Vaccinations in the store: round trip to the domain value, dose numbers, center scoping,
//! versions, soft deletion and one audit event per write.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use registry_core::store::vaccinations::{self, NewVaccination};
use registry_core::store::{Deletion, Scope, StoreError, audit};
use registry_core::vaccination::VaccineKind;
use registry_tests::fixtures::{self, audited, date};
use registry_tests::{db_test, system_ctx};

fn shingrix(center_id: &str, patient_id: &str, dose_number: i32) -> NewVaccination {
    NewVaccination {
        center_id: center_id.to_owned(),
        patient_id: patient_id.to_owned(),
        vaccine: VaccineKind::HerpesZosterRecombinant,
        dose_number: Some(dose_number),
        date: date(2024, 10, 1 + dose_number.unsigned_abs()),
    }
}

db_test!(vaccination_round_trip, |db| {
    let mut conn = db.conn();
    let ctx = system_ctx();
    let c = fixtures::center(&mut conn, &ctx, "UMCU");
    let p = fixtures::patient(&mut conn, &ctx, &c.id, "p1");
    let (second, n) = audited(&mut conn, |c| {
        c.write(|tx| vaccinations::create(tx, &ctx, shingrix(&p.center_id, &p.id, 2)))
            .unwrap()
    });
    assert_eq!(n, 1);
    let first = conn
        .write(|tx| vaccinations::create(tx, &ctx, shingrix(&c.id, &p.id, 1)))
        .unwrap();
    assert_eq!(
        vaccinations::get(&mut conn, &Scope::All, &second.id).unwrap(),
        second
    );
    assert_eq!(second.vaccine, "herpes_zoster_recombinant");
    assert_eq!(
        vaccinations::for_patient(&mut conn, &Scope::All, &p.id).unwrap(),
        [first.clone(), second],
        "by date"
    );
    let domain = first.vaccination().unwrap();
    assert_eq!(
        (domain.kind, domain.date),
        (VaccineKind::HerpesZosterRecombinant, date(2024, 10, 2))
    );
    let (refused, n) = audited(&mut conn, |c| {
        c.write(|tx| vaccinations::create(tx, &ctx, shingrix(&p.center_id, &p.id, 0)))
    });
    assert_eq!(n, 0);
    match refused {
        Err(StoreError::Invalid(e)) => assert_eq!(e.errors()[0].field, "dose_number"),
        other => panic!("{other:?}"),
    }
});

db_test!(
    center_scope_never_returns_other_centers_vaccinations,
    |db| {
        let mut conn = db.conn();
        let ctx = system_ctx();
        let a = fixtures::center(&mut conn, &ctx, "AAA");
        let b = fixtures::center(&mut conn, &ctx, "BBB");
        let pa = fixtures::patient(&mut conn, &ctx, &a.id, "a1");
        let pb = fixtures::patient(&mut conn, &ctx, &b.id, "b1");
        let va = conn
            .write(|tx| vaccinations::create(tx, &ctx, shingrix(&a.id, &pa.id, 1)))
            .unwrap();
        let vb = conn
            .write(|tx| vaccinations::create(tx, &ctx, shingrix(&b.id, &pb.id, 1)))
            .unwrap();
        let scope_a = Scope::Center(a.id.clone());
        assert_eq!(vaccinations::get(&mut conn, &scope_a, &va.id).unwrap(), va);
        assert!(matches!(
            vaccinations::get(&mut conn, &scope_a, &vb.id),
            Err(StoreError::NotFound)
        ));
        assert!(
            vaccinations::for_patient(&mut conn, &scope_a, &pb.id)
                .unwrap()
                .is_empty()
        );
        let cross = conn.write(|tx| vaccinations::create(tx, &ctx, shingrix(&a.id, &pb.id, 2)));
        assert!(matches!(cross, Err(StoreError::NotFound)), "{cross:?}");
    }
);

db_test!(vaccination_versions_and_soft_deletion, |db| {
    let mut conn = db.conn();
    let ctx = system_ctx();
    let c = fixtures::center(&mut conn, &ctx, "UMCU");
    let p = fixtures::patient(&mut conn, &ctx, &c.id, "p1");
    let v = conn
        .write(|tx| vaccinations::create(tx, &ctx, shingrix(&c.id, &p.id, 1)))
        .unwrap();
    let mut fixed = v.clone();
    fixed.dose_number = Some(2);
    let saved = conn
        .write(|tx| vaccinations::save_edit(tx, &ctx, &v, fixed.clone(), "second dose"))
        .unwrap();
    let stale = conn.write(|tx| vaccinations::save_edit(tx, &ctx, &v, fixed, "again"));
    assert!(
        matches!(stale, Err(StoreError::StaleVersion { .. })),
        "{stale:?}"
    );
    assert_eq!(
        vaccinations::get(&mut conn, &Scope::All, &v.id).unwrap(),
        saved
    );
    let deletion = Deletion {
        expected_version: 2,
        reason: "other patient".into(),
    };
    let (_, n) = audited(&mut conn, |c| {
        c.write(|tx| vaccinations::delete(tx, &ctx, &Scope::All, &v.id, &deletion))
            .unwrap()
    });
    assert_eq!(n, 1);
    assert!(
        vaccinations::for_patient(&mut conn, &Scope::All, &p.id)
            .unwrap()
            .is_empty()
    );
    fixtures::assert_deleted_in_audit(&mut conn, "vaccination", &v.id, "other patient");
    assert!(audit::verify(&mut conn).unwrap().is_intact());
});
