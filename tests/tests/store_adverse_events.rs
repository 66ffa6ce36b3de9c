//! Adverse events in the store: coded fields, categories of special interest and flags, links
//! to the patient's own visit and episode, center scoping, versions and soft deletion.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use registry_core::adverse_event::{self, AdverseEvent, AesiCategory};
use registry_core::catalogue::Drug;
use registry_core::store::adverse_events::{self as events, AdverseEventRow};
use registry_core::store::{Deletion, Scope, StoreError, audit, visits};
use registry_tests::fixtures::{self, audited, date};
use registry_tests::{db_test, system_ctx};

db_test!(adverse_event_round_trip, |db| {
    let mut conn = db.conn();
    let ctx = system_ctx();
    let c = fixtures::center(&mut conn, &ctx, "UMCU");
    let p = fixtures::patient(&mut conn, &ctx, &c.id, "p1");
    let e = fixtures::episode(&mut conn, &ctx, &p, Drug::Baricitinib, date(2025, 1, 1));
    let visit = visits::VisitRow::new(&ctx, &c.id, &p.id, date(2025, 4, 1));
    conn.write(|tx| visits::create(tx, &ctx, visit.clone()))
        .unwrap();
    let mut input = fixtures::adverse_event_input("gordelroos", "2025-03-20");
    input.meddra_code = Some("10019974".into());
    input.meddra_term = Some("Herpes zoster".into());
    input.seriousness_criteria = vec!["hospitalisation".into()];
    let zoster = AdverseEvent::parse(&input).unwrap();
    let flag = adverse_event::missing_interruption_flag(&zoster, true, false).unwrap();
    let row = AdverseEventRow::from_event(
        &ctx,
        &c.id,
        &p.id,
        Some(&visit.id),
        Some(&e.id),
        &zoster,
        std::slice::from_ref(&flag),
    )
    .unwrap();
    let (created, n) = audited(&mut conn, |c| {
        c.write(|tx| events::create(tx, &ctx, row.clone())).unwrap()
    });
    assert_eq!((created.clone(), n), (row.clone(), 1));
    assert_eq!(events::get(&mut conn, &Scope::All, &row.id).unwrap(), row);
    assert_eq!(row.term, "gordelroos");
    assert_eq!(row.meddra_code.as_deref(), Some("10019974"));
    assert_eq!(row.meddra_term.as_deref(), Some("Herpes zoster"));
    assert!(
        row.categories()
            .unwrap()
            .contains(&AesiCategory::HerpesZoster)
    );
    assert_eq!((row.grade, row.serious), (2, true));
    assert_eq!(row.seriousness, r#"["hospitalisation"]"#);
    assert_eq!(row.causality.as_deref(), Some("possible"));
    assert_eq!(row.flags().unwrap(), [flag]);
    let earlier =
        AdverseEvent::parse(&fixtures::adverse_event_input("acne", "2025-02-01")).unwrap();
    let earlier = AdverseEventRow::from_event(&ctx, &c.id, &p.id, None, None, &earlier, &[]);
    let earlier = conn
        .write(|tx| events::create(tx, &ctx, earlier.unwrap()))
        .unwrap();
    assert_eq!(
        events::for_patient(&mut conn, &Scope::All, &p.id).unwrap(),
        [earlier, row],
        "by onset date"
    );
});

db_test!(center_scope_and_links_keep_adverse_events_apart, |db| {
    let mut conn = db.conn();
    let ctx = system_ctx();
    let a = fixtures::center(&mut conn, &ctx, "AAA");
    let b = fixtures::center(&mut conn, &ctx, "BBB");
    let pa = fixtures::patient(&mut conn, &ctx, &a.id, "a1");
    let pa2 = fixtures::patient(&mut conn, &ctx, &a.id, "a2");
    let pb = fixtures::patient(&mut conn, &ctx, &b.id, "b1");
    let event = AdverseEvent::parse(&fixtures::adverse_event_input("acne", "2025-02-01")).unwrap();
    let row = |p: &registry_core::store::patients::PatientRow, episode: Option<&str>| {
        AdverseEventRow::from_event(&ctx, &p.center_id, &p.id, None, episode, &event, &[]).unwrap()
    };
    let ea = conn
        .write(|tx| events::create(tx, &ctx, row(&pa, None)))
        .unwrap();
    let eb = conn
        .write(|tx| events::create(tx, &ctx, row(&pb, None)))
        .unwrap();
    let scope_a = Scope::Center(a.id.clone());
    assert_eq!(events::get(&mut conn, &scope_a, &ea.id).unwrap(), ea);
    assert!(matches!(
        events::get(&mut conn, &scope_a, &eb.id),
        Err(StoreError::NotFound)
    ));
    assert!(
        events::for_patient(&mut conn, &scope_a, &pb.id)
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        events::for_patient(&mut conn, &Scope::All, &pb.id).unwrap(),
        [eb]
    );
    // Another patient's episode cannot be linked.
    let other = fixtures::episode(&mut conn, &ctx, &pa2, Drug::Dupilumab, date(2025, 1, 1));
    let (refused, n) = audited(&mut conn, |c| {
        c.write(|tx| events::create(tx, &ctx, row(&pa, Some(&other.id))))
    });
    assert_eq!(n, 0);
    match refused {
        Err(StoreError::Invalid(e)) => assert_eq!(e.errors()[0].field, "episode_id"),
        other => panic!("{other:?}"),
    }
});

db_test!(adverse_event_versions_and_soft_deletion, |db| {
    let mut conn = db.conn();
    let ctx = system_ctx();
    let c = fixtures::center(&mut conn, &ctx, "UMCU");
    let p = fixtures::patient(&mut conn, &ctx, &c.id, "p1");
    let event = AdverseEvent::parse(&fixtures::adverse_event_input("acne", "2025-02-01")).unwrap();
    let row = AdverseEventRow::from_event(&ctx, &c.id, &p.id, None, None, &event, &[]).unwrap();
    conn.write(|tx| events::create(tx, &ctx, row.clone()))
        .unwrap();
    let stale = Deletion {
        expected_version: 2,
        reason: "not an adverse event".into(),
    };
    let refused = conn.write(|tx| events::delete(tx, &ctx, &Scope::All, &row.id, &stale));
    assert!(matches!(
        refused,
        Err(StoreError::StaleVersion { current: 1 })
    ));
    assert_eq!(events::get(&mut conn, &Scope::All, &row.id).unwrap(), row);
    let deletion = Deletion {
        expected_version: 1,
        reason: "not an adverse event".into(),
    };
    let (_, n) = audited(&mut conn, |c| {
        c.write(|tx| events::delete(tx, &ctx, &Scope::All, &row.id, &deletion))
            .unwrap()
    });
    assert_eq!(n, 1);
    assert!(
        events::for_patient(&mut conn, &Scope::All, &p.id)
            .unwrap()
            .is_empty()
    );
    fixtures::assert_deleted_in_audit(&mut conn, "adverse_event", &row.id, "not an adverse event");
    assert!(audit::verify(&mut conn).unwrap().is_intact());
});
