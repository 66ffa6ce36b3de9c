//! Re-sending a file changes nothing; a row that differs from its stored record is a conflict,
//! applied (versioned and audited) only with `on_conflict=update` and a reason; a center imports
//! into its own center only.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use diesel::prelude::*;
use registry_core::store::schema::{audit_events, imports, patients, visits};
use registry_core::store::{DbConn, audit};
use registry_tests::api_test;
use registry_tests::import_files as files;

/// Row ids with their versions.
type Versions = Vec<(String, i32)>;

/// Everything an import can touch: patients and visits with versions, imports, audit events.
fn snapshot(conn: &mut DbConn) -> (Versions, Versions, i64, i64) {
    let p = patients::table
        .select((patients::id, patients::version))
        .order(patients::id)
        .load(conn)
        .unwrap();
    let v = visits::table
        .select((visits::id, visits::version))
        .order(visits::id)
        .load(conn)
        .unwrap();
    let i = imports::table.count().get_result(conn).unwrap();
    let a = audit_events::table.count().get_result(conn).unwrap();
    (p, v, i, a)
}

api_test!(the_same_file_twice_leaves_the_same_database, |app| {
    let token = app.login("center-a@test").await;
    let patients = files::patients("AAA", 20);
    let visits = files::visits("AAA", 20, 5);
    for (kind, body) in [("patients", &patients), ("visits", &visits)] {
        let r = app
            .post_csv(&format!("/api/v1/imports/{kind}"), &token, body.clone())
            .await;
        assert_eq!(r.status, 200, "{:#?}", r.body);
    }
    let before = snapshot(&mut app.db.conn());
    assert_eq!((before.0.len(), before.1.len(), before.2), (20, 100, 2));
    for (kind, body, n) in [("patients", &patients, 20), ("visits", &visits, 100)] {
        let r = app
            .post_csv(&format!("/api/v1/imports/{kind}"), &token, body.clone())
            .await;
        assert_eq!(r.status, 200, "{:#?}", r.body);
        assert_eq!(r.body["rows_skipped"], n);
        assert_eq!(r.body["rows_created"], 0);
        assert!(
            r.body["import_id"].is_null(),
            "nothing stored, no import recorded"
        );
    }
    assert_eq!(snapshot(&mut app.db.conn()), before);
});

api_test!(conflicts_are_reported_and_update_is_audited, |app| {
    let token = app.login("center-a@test").await;
    app.post_csv(
        "/api/v1/imports/patients",
        &token,
        files::patients("AAA", 4),
    )
    .await;
    let original = files::visits("AAA", 4, 2);
    let r = app
        .post_csv("/api/v1/imports/visits", &token, original.clone())
        .await;
    assert_eq!(r.body["rows_created"], 8, "{:#?}", r.body);
    // Line 3 is patient 1's first visit (AD): its weight changes from 72 to 73.
    let changed = original.replacen("AAA,P00001,2015-01-01,72,", "AAA,P00001,2015-01-01,73,", 1);
    assert_ne!(changed, original);
    let before = snapshot(&mut app.db.conn());

    let r = app
        .post_csv("/api/v1/imports/visits", &token, changed.clone())
        .await;
    assert_eq!(r.status, 409, "{:#?}", r.body);
    assert_eq!(r.body["conflicts"][0]["line"], 3);
    assert_eq!(
        r.body["conflicts"][0]["columns"],
        serde_json::json!(["weight_kg"])
    );
    assert_eq!(r.body["report"]["rows_skipped"], 7);
    assert_eq!(
        snapshot(&mut app.db.conn()),
        before,
        "a conflict stores nothing"
    );

    let r = app
        .post_csv(
            "/api/v1/imports/visits?on_conflict=update",
            &token,
            changed.clone(),
        )
        .await;
    assert_eq!(r.status, 422, "update needs a reason: {:#?}", r.body);
    assert_eq!(r.error_fields(), vec!["reason"]);

    let r = app
        .post_csv(
            "/api/v1/imports/visits?on_conflict=update&reason=weight%20corrected%20from%20chart",
            &token,
            changed.clone(),
        )
        .await;
    assert_eq!(r.status, 200, "{:#?}", r.body);
    assert_eq!(
        (
            r.body["rows_updated"].clone(),
            r.body["rows_skipped"].clone()
        ),
        (1.into(), 7.into())
    );
    let id = r.body["import_id"].as_str().unwrap().to_owned();
    let mut conn = app.db.conn();
    let (weight, version, import_id): (Option<String>, i32, Option<String>) = visits::table
        .filter(visits::weight_kg.eq("73"))
        .select((visits::weight_kg, visits::version, visits::import_id))
        .first(&mut conn)
        .unwrap();
    assert_eq!(
        (weight.as_deref(), version, import_id.as_deref()),
        (Some("73"), 2, Some(id.as_str()))
    );
    let (reason, before_json): (Option<String>, Option<String>) = audit_events::table
        .filter(audit_events::entity.eq("visit"))
        .filter(audit_events::action.eq("update"))
        .select((audit_events::reason, audit_events::before_json))
        .first(&mut conn)
        .unwrap();
    assert_eq!(reason.as_deref(), Some("weight corrected from chart"));
    assert!(before_json.unwrap().contains("\"weight_kg\":\"72\""));
    assert!(audit::verify(&mut conn).unwrap().is_intact());

    // The corrected file is now what is stored: sending it again changes nothing.
    let after = snapshot(&mut conn);
    let r = app
        .post_csv("/api/v1/imports/visits", &token, changed)
        .await;
    assert_eq!(
        (r.status.as_u16(), r.body["rows_skipped"].clone()),
        (200, 8.into())
    );
    assert_eq!(snapshot(&mut conn), after);
});

api_test!(a_center_imports_into_its_own_center_only, |app| {
    let a = app.login("center-a@test").await;
    let b = app.login("center-b@test").await;
    app.post_csv("/api/v1/imports/patients", &a, files::patients("AAA", 2))
        .await;
    // Center B sends center A's rows: every row is refused at `center`, and A's patients are
    // not found from B.
    let r = app
        .post_csv("/api/v1/imports/visits", &b, files::visits("AAA", 2, 1))
        .await;
    assert_eq!(r.status, 422, "{:#?}", r.body);
    let fields = r.error_fields();
    assert!(fields.contains(&"line 2: center".to_owned()), "{fields:?}");
    assert!(fields.contains(&"line 2: patient".to_owned()), "{fields:?}");
    let r = app
        .post_csv("/api/v1/imports/visits", &b, files::visits("BBB", 2, 1))
        .await;
    assert_eq!(r.status, 422);
    assert_eq!(r.error_fields(), vec!["line 2: patient", "line 3: patient"]);
    for who in ["coordinator@test", "admin@test", "researcher@test"] {
        let t = app.login(who).await;
        let r = app
            .post_csv("/api/v1/imports/patients", &t, files::patients("AAA", 1))
            .await;
        assert_eq!(r.status, 403, "{who}");
    }
    let snapshot_a = snapshot(&mut app.db.conn());
    assert_eq!(snapshot_a.1.len(), 0, "no visit stored");
});

api_test!(patient_and_lab_conflicts_follow_the_same_rules, |app| {
    let token = app.login("center-a@test").await;
    let original = files::patients("AAA", 3);
    app.post_csv("/api/v1/imports/patients", &token, original.clone())
        .await;
    // P00001 (line 3) was female; the file now says other.
    let changed = original.replacen("AAA,P00001,female,", "AAA,P00001,other,", 1);
    let r = app
        .post_csv("/api/v1/imports/patients", &token, changed.clone())
        .await;
    assert_eq!(r.status, 409, "{:#?}", r.body);
    assert_eq!(r.body["conflicts"][0]["line"], 3);
    assert_eq!(
        r.body["conflicts"][0]["columns"],
        serde_json::json!(["sex"])
    );
    let r = app
        .post_csv(
            "/api/v1/imports/patients?on_conflict=update&reason=registration%20error",
            &token,
            changed,
        )
        .await;
    assert_eq!(
        (r.status.as_u16(), r.body["rows_updated"].clone()),
        (200, 1.into()),
        "{:#?}",
        r.body
    );
    let mut conn = app.db.conn();
    let p = registry_core::store::patients::by_local_ref(&mut conn, &app.center_a, "P00001")
        .unwrap()
        .unwrap();
    assert_eq!((p.sex.as_str(), p.version), ("other", 2));

    let labs = format!(
        "{}AAA,P00000,2024-03-01,hb,8.4,mmol/L,,\nAAA,P00001,2024-03-01,hb,7.9,mmol/L,,\n",
        files::LABS
    );
    app.post_csv("/api/v1/imports/labs", &token, labs.clone())
        .await;
    let changed = labs.replace("7.9,mmol/L", "7.2,mmol/L");
    let r = app
        .post_csv("/api/v1/imports/labs?mode=valid-rows", &token, changed)
        .await;
    assert_eq!(r.status, 200, "{:#?}", r.body);
    assert_eq!(
        (
            r.body["rows_skipped"].clone(),
            r.body["conflicts_total"].clone()
        ),
        (1.into(), 1.into())
    );
    assert_eq!(
        r.body["conflicts"][0]["columns"],
        serde_json::json!(["value"])
    );
    assert!(r.body["import_id"].is_null());
    let events: i64 = audit_events::table
        .filter(audit_events::entity.eq("patient"))
        .filter(audit_events::action.eq("update"))
        .count()
        .get_result(&mut conn)
        .unwrap();
    assert_eq!(events, 1);
    assert!(audit::verify(&mut conn).unwrap().is_intact());
});
