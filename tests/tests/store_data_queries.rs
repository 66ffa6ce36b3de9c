//! Data queries in the store: raised by a coordinator, answered by the center, closed by the
//! coordinator; wrong transitions and stale versions refused; center scoping; audited steps.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use registry_core::role::Role;
use registry_core::store::data_queries::{self, NewQuery, QueryStatus};
use registry_core::store::{DbConn, Scope, StoreError, WriteCtx, audit};
use registry_tests::fixtures::{self, audited};
use registry_tests::{db_test, system_ctx};

struct World {
    coordinator: WriteCtx,
    center_a: WriteCtx,
    center_b: WriteCtx,
    a: String,
    patient_a: String,
}

fn world(conn: &mut DbConn) -> World {
    let ctx = system_ctx();
    let a = fixtures::center(conn, &ctx, "AAA");
    let b = fixtures::center(conn, &ctx, "BBB");
    let p = fixtures::patient(conn, &ctx, &a.id, "a1");
    let coordinator = fixtures::user(conn, &ctx, "coord@example.org", Role::Coordinator, None);
    let user_a = fixtures::user(conn, &ctx, "a@example.org", Role::Center, Some(&a.id));
    let user_b = fixtures::user(conn, &ctx, "b@example.org", Role::Center, Some(&b.id));
    World {
        coordinator: fixtures::ctx_of(&coordinator),
        center_a: fixtures::ctx_of(&user_a),
        center_b: fixtures::ctx_of(&user_b),
        a: a.id,
        patient_a: p.id,
    }
}

fn question(w: &World) -> NewQuery {
    NewQuery {
        center_id: w.a.clone(),
        patient_id: Some(w.patient_a.clone()),
        entity: "visit".into(),
        entity_id: None,
        field: Some("salt.total".into()),
        message: "SALT 100 at week 4 after 20 at baseline: please check".into(),
    }
}

fn status_error<T: std::fmt::Debug>(result: Result<T, StoreError>) -> String {
    match result {
        Err(StoreError::Invalid(e)) => e.errors()[0].field.clone(),
        other => panic!("expected invalid input, got {other:?}"),
    }
}

db_test!(a_query_goes_open_answered_closed, |db| {
    let mut conn = db.conn();
    let w = world(&mut conn);
    let (raised, n) = audited(&mut conn, |c| {
        c.write(|tx| data_queries::raise(tx, &w.coordinator, question(&w)))
            .unwrap()
    });
    assert_eq!(n, 1);
    assert_eq!(
        (raised.status().unwrap(), raised.version),
        (QueryStatus::Open, 1)
    );
    assert_eq!(raised.raised_by, w.coordinator.actor.user_id);
    let scope_a = w.center_a.actor.scope();
    assert_eq!(
        data_queries::get(&mut conn, &scope_a, &raised.id).unwrap(),
        raised
    );
    let (answered, n) = audited(&mut conn, |c| {
        c.write(|tx| {
            data_queries::answer(tx, &w.center_a, &scope_a, &raised.id, 1, "typo: SALT 10")
        })
        .unwrap()
    });
    assert_eq!(n, 1);
    assert_eq!(answered.status().unwrap(), QueryStatus::Answered);
    assert_eq!(answered.answer.as_deref(), Some("typo: SALT 10"));
    assert_eq!(
        answered.answered_by.as_deref(),
        Some(w.center_a.actor.user_id.as_str())
    );
    let again =
        conn.write(|tx| data_queries::answer(tx, &w.center_a, &scope_a, &raised.id, 2, "x"));
    assert_eq!(status_error(again), "status");
    let stale = conn.write(|tx| data_queries::close(tx, &w.coordinator, &raised.id, 1));
    assert!(
        matches!(stale, Err(StoreError::StaleVersion { current: 2 })),
        "{stale:?}"
    );
    let (closed, n) = audited(&mut conn, |c| {
        c.write(|tx| data_queries::close(tx, &w.coordinator, &raised.id, 2))
            .unwrap()
    });
    assert_eq!(
        (closed.status().unwrap(), closed.version, n),
        (QueryStatus::Closed, 3, 1)
    );
    let (refused, n) = audited(&mut conn, |c| {
        let close = c.write(|tx| data_queries::close(tx, &w.coordinator, &raised.id, 3));
        let answer =
            c.write(|tx| data_queries::answer(tx, &w.center_a, &scope_a, &raised.id, 3, "y"));
        [status_error(close), status_error(answer)]
    });
    assert_eq!(
        (refused, n),
        (["status".to_owned(), "status".to_owned()], 0)
    );
    let trail = fixtures::events_of(&mut conn, &raised.id);
    let actions: Vec<_> = trail.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["create", "answer", "close"]);
    assert!(trail.iter().all(|e| e.entity == "data_query"));
    assert!(audit::verify(&mut conn).unwrap().is_intact());
});

db_test!(
    an_open_query_may_be_closed_directly_and_lists_filter_by_status,
    |db| {
        let mut conn = db.conn();
        let w = world(&mut conn);
        let first = conn
            .write(|tx| data_queries::raise(tx, &w.coordinator, question(&w)))
            .unwrap();
        let second = conn
            .write(|tx| data_queries::raise(tx, &w.coordinator, question(&w)))
            .unwrap();
        let closed = conn
            .write(|tx| data_queries::close(tx, &w.coordinator, &first.id, 1))
            .unwrap();
        assert_eq!(closed.status().unwrap(), QueryStatus::Closed);
        let open = data_queries::list(&mut conn, &Scope::All, Some(QueryStatus::Open)).unwrap();
        assert_eq!(open, std::slice::from_ref(&second));
        let all = data_queries::list(&mut conn, &Scope::All, None).unwrap();
        assert_eq!(all, [closed, second.clone()]);
        let empty = NewQuery {
            message: " ".into(),
            ..question(&w)
        };
        let refused = conn.write(|tx| data_queries::raise(tx, &w.coordinator, empty));
        assert_eq!(status_error(refused), "message");
        let blank = conn.write(|tx| {
            data_queries::answer(
                tx,
                &w.center_a,
                &w.center_a.actor.scope(),
                &second.id,
                1,
                "",
            )
        });
        assert_eq!(status_error(blank), "answer");
    }
);

db_test!(another_center_cannot_see_or_answer_a_query, |db| {
    let mut conn = db.conn();
    let w = world(&mut conn);
    let raised = conn
        .write(|tx| data_queries::raise(tx, &w.coordinator, question(&w)))
        .unwrap();
    let scope_b = w.center_b.actor.scope();
    assert!(matches!(
        data_queries::get(&mut conn, &scope_b, &raised.id),
        Err(StoreError::NotFound)
    ));
    assert!(
        data_queries::list(&mut conn, &scope_b, None)
            .unwrap()
            .is_empty()
    );
    let (answer, n) = audited(&mut conn, |c| {
        c.write(|tx| data_queries::answer(tx, &w.center_b, &scope_b, &raised.id, 1, "not ours"))
    });
    assert!(matches!(answer, Err(StoreError::NotFound)), "{answer:?}");
    assert_eq!(n, 0);
    assert_eq!(
        data_queries::list(&mut conn, &w.center_a.actor.scope(), None).unwrap(),
        [raised]
    );
    // A patient of another center cannot be named in a query to center A.
    let b_patient = fixtures::patient(
        &mut conn,
        &system_ctx(),
        w.center_b.actor.center_id.as_deref().unwrap(),
        "b1",
    );
    let cross = NewQuery {
        patient_id: Some(b_patient.id),
        ..question(&w)
    };
    let refused = conn.write(|tx| data_queries::raise(tx, &w.coordinator, cross));
    assert_eq!(status_error(refused), "patient_id");
});
