//! The analyses as a release carries them, on both backends: the CLINICAL.md §6 late-responder
//! vectors A–E entered through the API come out of a release's `late_responders` table with
//! their classes; `registry analyse` writes exactly the release's aggregate tables and plots
//! (whatever the key) and no patient-level table.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Duration, NaiveDate};
use registry_export::release;
use registry_tests::app::TestApp;
use registry_tests::fixtures::date;
use registry_tests::release::{demo_cohort, demo_cut, key, request, write};
use registry_tests::{api_test, db_test};
use reqwest::StatusCode;
use serde_json::json;

fn iso(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// One AA patient on baricitinib from `start` with a baseline SALT `baseline` on the start day,
/// visits `(week, SALT)`, and an optional stop for an adverse event in a week; returns its id.
async fn patient(
    app: &TestApp,
    token: &str,
    name: &str,
    start: NaiveDate,
    (baseline, visits): (u32, &[(i64, u32)]),
    stop_week: Option<i64>,
) -> String {
    let body = json!({
        "local_ref": format!("LATE-{name}"), "sex": "female", "birth_month": "1980-01", "diagnosis": "AA",
        "consent": {"research": true, "date": "2024-01-10"}
    });
    let r = app.post("/api/v1/patients", token, body).await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    let id = r.body["id"].as_str().unwrap().to_owned();
    let mut treatment = json!({"drug": "baricitinib", "start_date": iso(start)});
    if let Some(week) = stop_week {
        treatment["stop_date"] = json!(iso(start + Duration::days(7 * week)));
        treatment["stop_reason"] = json!("adverse_event");
    }
    let r = app
        .post(
            &format!("/api/v1/patients/{id}/treatments"),
            token,
            treatment,
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    for (week, salt) in [(0, baseline)].iter().chain(visits) {
        let at = start + Duration::days(7 * week);
        let r = app
            .post_visit(
                token,
                &id,
                json!({"visit_date": iso(at), "salt": {"total": salt}}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    }
    id
}

/// A vector: name, baseline SALT, visits (week, SALT), stop week.
type Vector = (&'static str, u32, &'static [(i64, u32)], Option<i64>);

api_test!(late_responder_vectors_a_to_e_through_a_release, |app| {
    let a = app.login("center-a@test").await;
    let start = date(2025, 1, 6);
    let vectors: [Vector; 5] = [
        ("A", 90, &[(12, 60), (24, 18), (52, 5)], None),
        ("B", 100, &[(24, 80), (36, 40), (52, 15)], None),
        ("C", 95, &[(24, 50), (36, 20), (52, 25)], None),
        ("D", 80, &[(24, 56), (52, 50)], None),
        ("E", 70, &[], Some(20)),
    ];
    let mut ids = BTreeMap::new();
    for (name, baseline, visits, stop) in vectors {
        let id = patient(&app, &a, name, start, (baseline, visits), stop).await;
        ids.insert(name, id);
    }
    // Five patients alike in every quasi-identifier: one class of 5, released whole at k = 5.
    let release_key = key(5);
    let req = request(json!({}), 5, Some(release_key.clone()), demo_cut());
    let r = write(&mut app.db.conn(), &req);
    let rows = r.csv("late_responders");
    let col = |name: &str| rows[0].iter().position(|c| c == name).unwrap();
    let (p, o, cut, class, reason, first, partial, sustained) = (
        col("pseudonym"),
        col("outcome"),
        col("cutoff_weeks"),
        col("class"),
        col("reason"),
        col("first_response_day"),
        col("first_partial_day"),
        col("sustained"),
    );
    let of = |name: &str, cutoff: &str| {
        let pseudonym = release_key.pseudonym(&ids[name]);
        let row = rows[1..]
            .iter()
            .find(|r| r[p] == pseudonym && r[o] == "salt_le20" && r[cut] == cutoff)
            .unwrap_or_else(|| panic!("no row for {name} at {cutoff}"));
        (
            row[class].clone(),
            row[reason].clone(),
            row[first].clone(),
            row[partial].clone(),
            row[sustained].clone(),
        )
    };
    let day = |w: i64| (w * 7).to_string();
    assert_eq!(of("A", "24").0, "early");
    assert_eq!(of("A", "24").2, day(24));
    assert_eq!((of("B", "24").0, of("B", "24").2), ("late".into(), day(52)));
    assert_eq!((of("C", "24").0, of("C", "24").2), ("late".into(), day(36)));
    assert_eq!(of("C", "36").0, "early");
    assert_eq!(of("C", "24").4, "false", "C loses the response at week 52");
    assert_eq!(of("D", "24").0, "non_responder");
    assert_eq!(of("D", "24").3, day(24), "SALT30 at week 24");
    assert_eq!(
        (of("E", "24").0, of("E", "24").1),
        ("not_evaluable".into(), "stopped_adverse_event".into())
    );
    // No local reference or internal id anywhere in the zip.
    for bytes in r.files.values() {
        let text = String::from_utf8_lossy(bytes);
        assert!(!text.contains("LATE-"));
        for id in ids.values() {
            assert!(!text.contains(id.as_str()));
        }
    }
});

db_test!(
    registry_analyse_writes_the_release_aggregates_and_nothing_patient_level,
    |db| {
        let mut conn = db.conn();
        demo_cohort(&mut conn, 240, 11);
        let zipped = write(&mut conn, &request(json!({}), 2, Some(key(9)), demo_cut()));
        let dir = tempfile::tempdir().unwrap();
        // A fresh key: the aggregates do not depend on it.
        // Read on two connections (cohort::read with a helper): the same numbers.
        let counts = release::write_analyses(
            &mut conn,
            Some(&mut db.conn()),
            &request(json!({}), 2, None, demo_cut()),
            dir.path(),
            &|_, _| {},
        )
        .unwrap();
        let tables: BTreeSet<&str> = counts.keys().map(String::as_str).collect();
        assert_eq!(
            tables,
            BTreeSet::from([
                "curves",
                "drug_survival",
                "retreatment",
                "switches",
                "window_proportions"
            ])
        );
        assert!(
            counts["curves"] > 0 && counts["window_proportions"] > 0,
            "{counts:?} {:?}",
            zipped.manifest()
        );
        for table in &tables {
            for ext in ["csv", "parquet"] {
                let name = format!("{table}.{ext}");
                let written = std::fs::read(dir.path().join(&name)).unwrap();
                assert!(
                    written == zipped.files[&name],
                    "{name} differs from the release's"
                );
            }
        }
        let mut plots = 0;
        for entry in std::fs::read_dir(dir.path().join("plots")).unwrap() {
            let entry = entry.unwrap();
            let name = format!("plots/{}", entry.file_name().to_string_lossy());
            assert!(
                std::fs::read(entry.path()).unwrap() == zipped.files[&name],
                "{name}"
            );
            plots += 1;
        }
        let zipped_plots = zipped
            .files
            .keys()
            .filter(|n| n.starts_with("plots/"))
            .count();
        assert_eq!(plots, zipped_plots);
        // Nothing patient-level: no pseudonym column, no table of patients, episodes or visits.
        let codebook = std::fs::read_to_string(dir.path().join("codebook.csv")).unwrap();
        assert!(
            !codebook.lines().any(|l| l.contains(",pseudonym,")),
            "{codebook}"
        );
        for table in [
            "patients",
            "episodes",
            "visits",
            "labs",
            "adverse_events",
            "late_responders",
        ] {
            assert!(!dir.path().join(format!("{table}.csv")).exists(), "{table}");
        }
    }
);
