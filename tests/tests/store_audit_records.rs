//! `audit verify` compares the tables with the trail: rows deleted, changed or added behind the
//! server's back (a partial restore, a hand-written statement) leave every hash chain intact, and
//! are caught all the same — in a demo cohort and in records entered and imported through the
//! server.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use registry_api::demo::{self, Config};
use registry_core::store::audit::{self, Verification};
use registry_core::store::schema::{lab_results, patients};
use registry_tests::fixtures::date;
use registry_tests::{api_test, db_test};
use serde_json::json;

fn problems(v: &Verification) -> Vec<(String, String)> {
    v.mismatches
        .iter()
        .map(|m| (m.entity.clone(), m.problem.clone()))
        .collect()
}

db_test!(deleted_lab_rows_of_a_demo_cohort_are_caught, |db| {
    let config = Config {
        patients: 40,
        centers: 3,
        seed: 5,
        until: date(2026, 6, 30),
    };
    demo::generate(&mut db.conn(), &config, &mut |_, _| {}).unwrap();
    let mut conn = db.conn();
    let v = audit::verify(&mut conn).unwrap();
    assert!(
        v.is_intact(),
        "{:?}",
        &v.mismatches[..v.mismatches.len().min(5)]
    );
    let labs: i64 = lab_results::table.count().get_result(&mut conn).unwrap();
    assert!(labs > 20, "{labs} lab rows");
    assert!(v.records as i64 > labs);

    conn.batch_execute(
        "DELETE FROM lab_results WHERE id IN (SELECT id FROM lab_results ORDER BY id LIMIT 20)",
    )
    .unwrap();
    let v = audit::verify(&mut conn).unwrap();
    assert!(v.broken.is_empty(), "the chains themselves are intact");
    assert!(!v.is_intact());
    assert_eq!(v.mismatched, 20, "{:?}", problems(&v));
    assert!(
        v.mismatches
            .iter()
            .all(|m| m.entity == "lab_result" && m.problem.contains("row is missing")),
        "{:?}",
        problems(&v)
    );
});

api_test!(records_changed_behind_the_servers_back_are_caught, |app| {
    let a = app.login("center-a@test").await;
    let entered = app.create_patient(&a, "R-1", "AA", "1980-01").await;
    let visit = app
        .post_visit(
            &a,
            &entered,
            json!({"visit_date": "2025-02-01", "pp_nrs": 3, "labs": [
                {"analyte": "hb", "value": "13.0", "unit": "g/dL"},
                {"analyte": "alat", "value": 30, "unit": "U/L", "upper_limit": 45}]}),
        )
        .await;
    assert_eq!(visit.status, 201, "{:?}", visit.body);
    // An edit and a deletion, audited as the server makes them.
    let etag = app
        .get(&format!("/api/v1/patients/{entered}"), &a)
        .await
        .header("etag")
        .unwrap();
    let r = app
        .patch(
            &format!("/api/v1/patients/{entered}"),
            &a,
            &etag,
            json!({"reason": "typo", "local_ref": "R-1b"}),
        )
        .await;
    assert_eq!(r.status, 200, "{:?}", r.body);
    let gone = app.create_patient(&a, "R-2", "AD", "1980-01").await;
    let r = app
        .delete(
            &format!("/api/v1/patients/{gone}?reason=duplicate"),
            &a,
            "\"1\"",
        )
        .await;
    assert!(r.status.is_success(), "{:?}", r.body);
    // Three imported patients: one event for the import, none per row.
    let r = app
        .post_csv(
            "/api/v1/imports/patients",
            &a,
            registry_tests::import_files::patients("AAA", 3),
        )
        .await;
    assert_eq!(r.status, 200, "{:?}", r.body);
    assert!(app.verify_audit().is_intact(), "{:?}", app.verify_audit());

    let mut conn = app.db.conn();
    // Behind the server's back: a lab row removed, a patient changed, an imported patient
    // removed, a deleted patient brought back.
    let lab: String = lab_results::table
        .select(lab_results::id)
        .first(&mut conn)
        .unwrap();
    diesel::delete(lab_results::table.find(&lab))
        .execute(&mut conn)
        .unwrap();
    diesel::update(patients::table.find(&entered))
        .set(patients::sex.eq("male"))
        .execute(&mut conn)
        .unwrap();
    let imported: String = patients::table
        .filter(patients::import_id.is_not_null())
        .select(patients::id)
        .first(&mut conn)
        .unwrap();
    diesel::delete(patients::table.find(&imported))
        .execute(&mut conn)
        .unwrap();
    diesel::update(patients::table.find(&gone))
        .set(patients::deleted_at.eq(None::<chrono::NaiveDateTime>))
        .execute(&mut conn)
        .unwrap();

    let v = app.verify_audit();
    assert!(v.broken.is_empty(), "the chains themselves are intact");
    let mut found = problems(&v);
    found.sort();
    let ids: Vec<&str> = v.mismatches.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(found.len(), 4, "{found:#?}");
    assert!(ids.contains(&lab.as_str()) && ids.contains(&entered.as_str()));
    assert!(ids.contains(&gone.as_str()), "{found:#?}");
    assert!(
        found
            .iter()
            .any(|(e, p)| e == "import" && p.contains("created 3") && p.contains("2 of them")),
        "{found:#?}"
    );
    assert!(
        found
            .iter()
            .any(|(e, p)| e == "patient" && p.contains("differs")),
        "{found:#?}"
    );
    assert!(
        found
            .iter()
            .any(|(e, p)| e == "patient" && p.contains("records its deletion")),
        "{found:#?}"
    );
});
