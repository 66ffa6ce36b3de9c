//! Treatment episodes in the store: round trip, numbering per drug, stops, center scoping (also of
//! dose changes and interruptions), versions, soft deletion and one audit event per write.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use registry_core::Warning;
use registry_core::catalogue::Drug;
use registry_core::store::treatments::{self, EpisodeStop};
use registry_core::store::{Deletion, Scope, StoreError, audit};
use registry_core::treatment::{Frequency, InterruptionReason, StopReason};
use registry_tests::fixtures::{self, audited, date, mg};
use registry_tests::{db_test, system_ctx};
use rust_decimal_macros::dec;

db_test!(episode_round_trip, |db| {
    let mut conn = db.conn();
    let ctx = system_ctx();
    let c = fixtures::center(&mut conn, &ctx, "UMCU");
    let p = fixtures::patient(&mut conn, &ctx, &c.id, "p1");
    let mut new = fixtures::new_episode(&c.id, &p.id, Drug::Ritlecitinib, date(2025, 2, 3));
    new.warnings = vec![Warning::new("catalogue.off_label", "drug", "off label")];
    new.dose = Some(mg(dec!(50.0), Frequency::OnceDaily));
    let (created, events) = audited(&mut conn, |c| {
        c.write(|tx| treatments::create(tx, &ctx, new)).unwrap()
    });
    assert_eq!(events, 1);
    assert_eq!(
        treatments::get(&mut conn, &Scope::All, &created.id).unwrap(),
        created
    );
    assert_eq!(
        treatments::for_patient(&mut conn, &Scope::All, &p.id).unwrap(),
        vec![created.clone()]
    );
    assert_eq!(
        (created.drug.as_str(), created.indication.as_str()),
        ("ritlecitinib", "AA")
    );
    assert_eq!(created.episode_number, 1);
    assert_eq!(created.dose_amount.as_deref(), Some("50"));
    assert_eq!(created.dose_frequency.as_deref(), Some("once_daily"));
    assert!(created.warnings.contains("catalogue.off_label"));
    let episode = treatments::load_episode(&mut conn, &Scope::All, &created.id).unwrap();
    assert!(episode.on_treatment(date(2025, 2, 3)));
    assert!(!episode.on_treatment(date(2025, 2, 2)));
    assert_eq!(
        episode.dose_on(date(2025, 3, 1)).unwrap().dose().amount(),
        dec!(50)
    );
});

db_test!(episodes_are_numbered_per_patient_and_drug, |db| {
    let mut conn = db.conn();
    let ctx = system_ctx();
    let c = fixtures::center(&mut conn, &ctx, "UMCU");
    let p = fixtures::patient(&mut conn, &ctx, &c.id, "p1");
    let other = fixtures::patient(&mut conn, &ctx, &c.id, "p2");
    let first = fixtures::episode(&mut conn, &ctx, &p, Drug::Baricitinib, date(2024, 1, 1));
    let switch = fixtures::episode(&mut conn, &ctx, &p, Drug::Ritlecitinib, date(2024, 6, 1));
    let again = fixtures::episode(&mut conn, &ctx, &p, Drug::Baricitinib, date(2025, 1, 1));
    let elsewhere = fixtures::episode(&mut conn, &ctx, &other, Drug::Baricitinib, date(2025, 1, 1));
    assert_eq!(
        [
            first.episode_number,
            switch.episode_number,
            again.episode_number
        ],
        [1, 1, 2]
    );
    assert_eq!(elsewhere.episode_number, 1, "numbers are per patient");
    let listed: Vec<_> = treatments::for_patient(&mut conn, &Scope::All, &p.id)
        .unwrap()
        .into_iter()
        .map(|e| e.id)
        .collect();
    assert_eq!(listed, [first.id, switch.id, again.id.clone()]);
    // A deleted episode no longer counts.
    let deletion = Deletion {
        expected_version: 1,
        reason: "duplicate entry".into(),
    };
    conn.write(|tx| treatments::delete(tx, &ctx, &Scope::All, &again.id, &deletion))
        .unwrap();
    let third = fixtures::episode(&mut conn, &ctx, &p, Drug::Baricitinib, date(2025, 2, 1));
    assert_eq!(third.episode_number, 2);
});

db_test!(a_stop_before_the_start_is_refused, |db| {
    let mut conn = db.conn();
    let ctx = system_ctx();
    let (p, e) = fixtures::ongoing_episode(&mut conn);
    let mut new = fixtures::new_episode(&p.center_id, &p.id, Drug::Abrocitinib, date(2025, 3, 1));
    new.stop = Some(EpisodeStop {
        date: date(2025, 2, 28),
        reason: StopReason::Other,
    });
    let (refused, events) = audited(&mut conn, |c| {
        c.write(|tx| treatments::create(tx, &ctx, new))
    });
    assert_eq!(fixtures::invalid_fields(refused), ["stop_date"]);
    assert_eq!(events, 0);
    let early = EpisodeStop {
        date: date(2024, 12, 31),
        reason: StopReason::PatientWish,
    };
    let refused =
        conn.write(|tx| treatments::stop(tx, &ctx, &Scope::All, &e.id, 1, early, "stopped"));
    assert_eq!(fixtures::invalid_fields(refused), ["stop_date"]);
    assert_eq!(
        treatments::for_patient(&mut conn, &Scope::All, &p.id).unwrap(),
        [e]
    );
});

db_test!(stopping_is_versioned_and_audited, |db| {
    let mut conn = db.conn();
    let ctx = system_ctx();
    let (_, e) = fixtures::ongoing_episode(&mut conn);
    let stop = EpisodeStop {
        date: date(2025, 6, 30),
        reason: StopReason::PrimaryInefficacy,
    };
    let (stopped, events) = audited(&mut conn, |c| {
        c.write(|tx| treatments::stop(tx, &ctx, &Scope::All, &e.id, 1, stop, "no regrowth"))
            .unwrap()
    });
    assert_eq!(events, 1);
    assert_eq!(stopped.version, 2);
    assert_eq!(stopped.stop_date, Some(date(2025, 6, 30)));
    assert_eq!(stopped.stop_reason.as_deref(), Some("primary_inefficacy"));
    let later = EpisodeStop {
        date: date(2025, 7, 31),
        reason: StopReason::AdverseEvent,
    };
    let stale =
        conn.write(|tx| treatments::stop(tx, &ctx, &Scope::All, &e.id, 1, later, "second edit"));
    assert!(
        matches!(stale, Err(StoreError::StaleVersion { current: 2 })),
        "{stale:?}"
    );
    assert_eq!(
        treatments::get(&mut conn, &Scope::All, &e.id).unwrap(),
        stopped
    );
    let trail = fixtures::events_of(&mut conn, &e.id);
    assert_eq!(trail.last().unwrap().reason.as_deref(), Some("no regrowth"));
    let episode = treatments::load_episode(&mut conn, &Scope::All, &e.id).unwrap();
    assert!(episode.on_treatment(date(2025, 6, 30)));
    assert!(!episode.on_treatment(date(2025, 7, 1)));
    assert!(audit::verify(&mut conn).unwrap().is_intact());
});

db_test!(center_scope_never_reaches_other_centers_episodes, |db| {
    let mut conn = db.conn();
    let ctx = system_ctx();
    let (pa, ea) = fixtures::ongoing_episode(&mut conn);
    let b = fixtures::center(&mut conn, &ctx, "BBB");
    let pb = fixtures::patient(&mut conn, &ctx, &b.id, "b1");
    let eb = fixtures::episode(&mut conn, &ctx, &pb, Drug::Dupilumab, date(2025, 1, 1));
    let scope_a = Scope::Center(pa.center_id.clone());
    assert_eq!(treatments::get(&mut conn, &scope_a, &ea.id).unwrap(), ea);
    assert!(matches!(
        treatments::get(&mut conn, &scope_a, &eb.id),
        Err(StoreError::NotFound)
    ));
    assert!(
        treatments::for_patient(&mut conn, &scope_a, &pb.id)
            .unwrap()
            .is_empty()
    );
    assert!(matches!(
        treatments::dose_changes(&mut conn, &scope_a, &eb.id),
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        treatments::interruptions(&mut conn, &scope_a, &eb.id),
        Err(StoreError::NotFound)
    ));
    let (writes, events) = audited(&mut conn, |c| {
        let dose = mg(dec!(300), Frequency::Every4Weeks);
        let on = date(2025, 3, 1);
        let stop = EpisodeStop {
            date: on,
            reason: StopReason::Other,
        };
        let reason = InterruptionReason::Surgery;
        [
            c.write(|tx| treatments::add_dose_change(tx, &ctx, &scope_a, &eb.id, on, dose, None))
                .map(|_| ()),
            c.write(|tx| {
                treatments::add_interruption(tx, &ctx, &scope_a, &eb.id, on, None, reason)
            })
            .map(|_| ()),
            c.write(|tx| treatments::stop(tx, &ctx, &scope_a, &eb.id, 1, stop, "x"))
                .map(|_| ()),
        ]
    });
    assert_eq!(events, 0);
    assert!(
        writes
            .iter()
            .all(|w| matches!(w, Err(StoreError::NotFound))),
        "{writes:?}"
    );
    // An episode for another center's patient is refused.
    let cross = fixtures::new_episode(&pa.center_id, &pb.id, Drug::Baricitinib, date(2025, 1, 1));
    let refused = conn.write(|tx| treatments::create(tx, &ctx, cross));
    assert!(matches!(refused, Err(StoreError::NotFound)), "{refused:?}");
});

db_test!(soft_deleted_episode_leaves_reads_but_stays_audited, |db| {
    let mut conn = db.conn();
    let ctx = system_ctx();
    let (p, e) = fixtures::ongoing_episode(&mut conn);
    let stale = Deletion {
        expected_version: 7,
        reason: "entered twice".into(),
    };
    let refused = conn.write(|tx| treatments::delete(tx, &ctx, &Scope::All, &e.id, &stale));
    assert!(matches!(
        refused,
        Err(StoreError::StaleVersion { current: 1 })
    ));
    assert!(treatments::get(&mut conn, &Scope::All, &e.id).is_ok());
    let deletion = Deletion {
        expected_version: 1,
        reason: "entered twice".into(),
    };
    let (_, events) = audited(&mut conn, |c| {
        c.write(|tx| treatments::delete(tx, &ctx, &Scope::All, &e.id, &deletion))
            .unwrap()
    });
    assert_eq!(events, 1);
    assert!(matches!(
        treatments::get(&mut conn, &Scope::All, &e.id),
        Err(StoreError::NotFound)
    ));
    assert!(
        treatments::for_patient(&mut conn, &Scope::All, &p.id)
            .unwrap()
            .is_empty()
    );
    assert!(matches!(
        treatments::dose_changes(&mut conn, &Scope::All, &e.id),
        Err(StoreError::NotFound)
    ));
    fixtures::assert_deleted_in_audit(&mut conn, "treatment_episode", &e.id, "entered twice");
});
