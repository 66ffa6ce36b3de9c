//! The audit trail: one event per write, chained by SHA-256; tampering is found at its event.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use diesel::prelude::*;
use registry_core::store::patients::{self, PatientChanges};
use registry_core::store::schema::audit_events;
use registry_core::store::{DbConn, Scope, audit};
use registry_tests::{db_test, fixtures, system_ctx};

/// A center and one patient edited four times: 1 global event (the center) and 5 events in the
/// patient's chain; returns that chain.
fn populated(conn: &mut DbConn) -> String {
    let ctx = system_ctx();
    let c = fixtures::center(conn, &ctx, "UMCU");
    let p = fixtures::patient(conn, &ctx, &c.id, "p0");
    for version in 1..5 {
        let changes = PatientChanges {
            local_ref: Some(format!("p0-{version}")),
            ..Default::default()
        };
        conn.write(|tx| {
            patients::update(tx, &ctx, &Scope::All, &p.id, version, "renumbered", changes)
        })
        .unwrap();
    }
    audit::chain_for(Some(&c.id), Some(&p.id))
}

fn chain_events(conn: &mut DbConn, chain: &str) -> Vec<audit::AuditEvent> {
    audit_events::table
        .filter(audit_events::chain.eq(chain))
        .order(audit_events::seq)
        .select(audit::AuditEvent::as_select())
        .load(conn)
        .unwrap()
}

db_test!(every_write_leaves_exactly_one_chained_event, |db| {
    let mut conn = db.conn();
    let center = populated(&mut conn);
    let events = chain_events(&mut conn, &center);
    assert_eq!(
        events.len(),
        5,
        "a patient's creation and four edits on its chain"
    );
    assert_eq!(events[0].prev_hash, audit::GENESIS);
    for pair in events.windows(2) {
        assert_eq!(pair[1].prev_hash, pair[0].hash);
        assert_eq!(pair[1].seq, pair[0].seq + 1);
    }
    let global = chain_events(&mut conn, audit::GLOBAL_CHAIN);
    assert_eq!(global.len(), 1, "the center creation is a global event");
    let v = audit::verify(&mut conn).unwrap();
    assert!(v.is_intact(), "{v:?}");
    assert_eq!((v.chains, v.events), (2, 6));
});

db_test!(altering_an_event_breaks_the_chain_there, |db| {
    let mut conn = db.conn();
    let center = populated(&mut conn);
    let third = chain_events(&mut conn, &center)[2].clone();
    diesel::update(audit_events::table.find(&third.id))
        .set(audit_events::after_json.eq(Some("{\"local_ref\":\"forged\"}")))
        .execute(&mut conn)
        .unwrap();
    let v = audit::verify(&mut conn).unwrap();
    assert_eq!(v.broken.len(), 1);
    assert_eq!(
        (v.broken[0].seq, v.broken[0].event_id.as_deref()),
        (3, Some(third.id.as_str()))
    );
    assert!(
        v.broken[0].problem.contains("altered"),
        "{}",
        v.broken[0].problem
    );
});

db_test!(deleting_an_event_breaks_the_chain_there, |db| {
    let mut conn = db.conn();
    let center = populated(&mut conn);
    let second = chain_events(&mut conn, &center)[1].clone();
    diesel::delete(audit_events::table.find(&second.id))
        .execute(&mut conn)
        .unwrap();
    let v = audit::verify(&mut conn).unwrap();
    assert_eq!(v.broken.len(), 1);
    assert_eq!(v.broken[0].seq, 2);
    assert!(
        v.broken[0].problem.contains("missing"),
        "{}",
        v.broken[0].problem
    );
});

db_test!(deleting_the_last_event_is_found_at_the_head, |db| {
    let mut conn = db.conn();
    let center = populated(&mut conn);
    let last = chain_events(&mut conn, &center).pop().unwrap();
    diesel::delete(audit_events::table.find(&last.id))
        .execute(&mut conn)
        .unwrap();
    let v = audit::verify(&mut conn).unwrap();
    assert_eq!(v.broken.len(), 1);
    assert_eq!(v.broken[0].seq, 5);
});

db_test!(
    reordering_events_breaks_the_chain_at_the_first_swapped,
    |db| {
        let mut conn = db.conn();
        let center = populated(&mut conn);
        let events = chain_events(&mut conn, &center);
        let (a, b) = (&events[1], &events[3]);
        // Swap positions 2 and 4 (through a free position, as seq is unique per chain).
        for (id, seq) in [(&a.id, 1000_i64), (&b.id, 2), (&a.id, 4)] {
            diesel::update(audit_events::table.find(id))
                .set(audit_events::seq.eq(seq))
                .execute(&mut conn)
                .unwrap();
        }
        let v = audit::verify(&mut conn).unwrap();
        assert_eq!(v.broken.len(), 1);
        assert_eq!(
            (v.broken[0].seq, v.broken[0].event_id.as_deref()),
            (2, Some(b.id.as_str()))
        );
    }
);

db_test!(a_centers_records_spread_over_lanes_and_all_verify, |db| {
    let mut conn = db.conn();
    let ctx = system_ctx();
    let c = fixtures::center(&mut conn, &ctx, "UMCU");
    for i in 0..40 {
        fixtures::patient(&mut conn, &ctx, &c.id, &format!("p{i}"));
    }
    let v = audit::verify(&mut conn).unwrap();
    assert!(v.is_intact(), "{v:?}");
    assert_eq!(v.events, 41);
    assert!(
        v.chains > 5,
        "40 records use several of the {} lanes: {}",
        audit::LANES,
        v.chains
    );
});
