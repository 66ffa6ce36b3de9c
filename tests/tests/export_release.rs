//! Research releases of the demo cohort on both backends: the zip's files, the codebook against
//! every table's columns, the manifest's checksums and counts, reproducibility with a fixed key,
//! unlinkability of two releases, polars reading the Parquet back, the cohort definition, and
//! the audit event of a release.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::collections::{BTreeMap, BTreeSet};

use polars::prelude::{ParquetReader, SerReader};
use registry_core::store::{Actor, WriteCtx, audit};
use registry_export::release::{self, ReleaseError, columns};
use registry_tests::release::{demo_cohort, demo_cut, key, request, write};
use registry_tests::{db_test, fixtures};
use serde_json::json;
use sha2::{Digest, Sha256};

const TABLES: [&str; 12] = [
    "patients",
    "episodes",
    "visits",
    "labs",
    "adverse_events",
    "curves",
    "window_proportions",
    "late_responders",
    "episode_outcomes",
    "retreatment",
    "switches",
    "drug_survival",
];

db_test!(
    the_zip_holds_every_table_the_codebook_and_checked_manifest,
    |db| {
        let mut conn = db.conn();
        demo_cohort(&mut conn, 150, 11);
        let r = write(&mut conn, &request(json!({}), 2, Some(key(7)), demo_cut()));

        let names: BTreeSet<&str> = r.files.keys().map(String::as_str).collect();
        for t in TABLES {
            assert!(
                names.contains(format!("{t}.parquet").as_str()),
                "{t}.parquet"
            );
            assert!(names.contains(format!("{t}.csv").as_str()), "{t}.csv");
        }
        assert!(names.contains("codebook.csv") && names.contains("manifest.json"));
        assert!(
            names
                .iter()
                .any(|n| n.starts_with("plots/") && n.ends_with(".svg"))
        );
        let expected =
            2 * TABLES.len() + 2 + names.iter().filter(|n| n.starts_with("plots/")).count();
        assert_eq!(names.len(), expected, "nothing else: {names:?}");

        // The manifest: a SHA-256 for every other file, and the counts of every table.
        let m = r.manifest();
        let sums = m["sha256"].as_object().unwrap();
        assert_eq!(sums.len(), r.files.len() - 1);
        for (name, bytes) in &r.files {
            if name == "manifest.json" {
                continue;
            }
            assert_eq!(
                sums[name].as_str().unwrap(),
                hex::encode(Sha256::digest(bytes)),
                "{name}"
            );
        }
        assert_eq!(r.summary.sha256, hex::encode(Sha256::digest(&r.zip)));
        for t in TABLES {
            let rows = r.csv(t).len() - 1;
            assert_eq!(m["counts"][t].as_u64().unwrap() as usize, rows, "{t}");
            assert_eq!(r.summary.counts[t], rows);
        }
        assert_eq!(m["k_asked"], 2);
        assert!(m["k_reached"].as_u64().unwrap() >= 2);
        assert_eq!(m["data_cut_year"], 2026);
        assert_eq!(
            m["patients"]["released"].as_u64().unwrap() as usize,
            r.csv("patients").len() - 1
        );
        let released = m["patients"]["released"].as_u64().unwrap();
        let suppressed = m["patients"]["suppressed_below_k"].as_u64().unwrap();
        assert!(released >= 30, "a fair part of the cohort: {m}");
        assert_eq!(
            released + suppressed,
            m["patients"]["in_cohort"].as_u64().unwrap()
        );
        assert_eq!(
            m["rows_suppressed"]["patients_below_k"].as_u64().unwrap(),
            suppressed
        );
        assert!(
            m["consent_exclusions"].as_u64().unwrap() > 0,
            "the demo has patients without consent"
        );
        assert_eq!(m["rules_version"], registry_core::RULES_VERSION);

        // The codebook: exactly the columns of every file, each with a type and a class.
        let codebook = r.text("codebook.csv");
        let mut documented: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for line in codebook.lines().skip(1) {
            let cells: Vec<&str> = line.splitn(3, ',').collect();
            documented
                .entry(cells[0].to_owned())
                .or_default()
                .push(cells[1].to_owned());
        }
        for t in TABLES {
            assert_eq!(r.csv(t)[0], documented[t], "codebook of {t}");
        }
        for spec in columns::TABLES {
            for c in spec.columns {
                assert!(
                    codebook.contains(&format!("{},{},{},", spec.name, c.name, c.kind.name())),
                    "{}.{}",
                    spec.name,
                    c.name
                );
            }
        }

        // The rows hang together: every episode, visit, lab and event of a released patient.
        let patients: BTreeSet<String> = r.column("patients", "pseudonym").into_iter().collect();
        for t in [
            "episodes",
            "visits",
            "labs",
            "adverse_events",
            "late_responders",
        ] {
            for p in r.column(t, "pseudonym") {
                assert!(patients.contains(&p), "{t} of an unreleased patient");
            }
        }
        let episodes: BTreeSet<(String, String)> = r
            .column("episodes", "pseudonym")
            .into_iter()
            .zip(r.column("episodes", "episode"))
            .collect();
        for (p, e) in r
            .column("visits", "pseudonym")
            .into_iter()
            .zip(r.column("visits", "episode"))
        {
            assert!(
                episodes.contains(&(p, e)),
                "a visit under an episode of its patient"
            );
        }
        assert!(r.csv("curves").len() > 1 && r.csv("window_proportions").len() > 1);
    }
);

db_test!(
    the_same_key_gives_the_same_tables_and_fresh_keys_unlinkable_pseudonyms,
    |db| {
        let mut conn = db.conn();
        demo_cohort(&mut conn, 120, 5);
        let first = write(&mut conn, &request(json!({}), 2, Some(key(3)), demo_cut()));
        let again = write(&mut conn, &request(json!({}), 2, Some(key(3)), demo_cut()));
        assert_eq!(
            first.files.keys().collect::<Vec<_>>(),
            again.files.keys().collect::<Vec<_>>()
        );
        for (name, bytes) in &first.files {
            if name != "manifest.json" {
                assert!(
                    bytes == &again.files[name],
                    "{name} differs between the two releases"
                );
            }
        }
        let (mut a, mut b) = (first.manifest(), again.manifest());
        assert_ne!(a["release_id"], b["release_id"]);
        for m in [&mut a, &mut b] {
            let o = m.as_object_mut().unwrap();
            o.remove("release_id");
            o.remove("release_year");
        }
        assert_eq!(a, b, "the manifests differ only in release id and year");

        let fresh = write(&mut conn, &request(json!({}), 2, None, demo_cut()));
        let other = write(&mut conn, &request(json!({}), 2, None, demo_cut()));
        let set = |r: &registry_tests::release::Release| -> BTreeSet<String> {
            r.column("patients", "pseudonym").into_iter().collect()
        };
        let (p1, p2, p3) = (set(&first), set(&fresh), set(&other));
        assert_eq!(p1.len(), p2.len());
        assert!(
            p1.is_disjoint(&p2) && p2.is_disjoint(&p3),
            "pseudonyms of two releases never meet"
        );
        assert_eq!(
            fresh.csv("curves"),
            other.csv("curves"),
            "aggregates do not depend on the key"
        );
    }
);

db_test!(polars_reads_the_parquet_back_as_the_csv_holds_it, |db| {
    let mut conn = db.conn();
    demo_cohort(&mut conn, 80, 3);
    let r = write(&mut conn, &request(json!({}), 2, Some(key(9)), demo_cut()));
    for t in TABLES {
        let bytes = r.files[&format!("{t}.parquet")].clone();
        let df = ParquetReader::new(std::io::Cursor::new(bytes))
            .finish()
            .unwrap();
        let csv = r.csv(t);
        let names: Vec<String> = df
            .get_column_names()
            .iter()
            .map(|c| c.to_string())
            .collect();
        assert_eq!(names, csv[0], "{t}");
        assert_eq!(df.height(), csv.len() - 1, "{t}");
    }
    let df = ParquetReader::new(std::io::Cursor::new(r.files["patients.parquet"].clone()))
        .finish()
        .unwrap();
    let pseudonyms: Vec<String> = df
        .column("pseudonym")
        .unwrap()
        .str()
        .unwrap()
        .iter()
        .map(|p| p.unwrap().to_owned())
        .collect();
    assert_eq!(pseudonyms, r.column("patients", "pseudonym"));
    let mut sorted = pseudonyms.clone();
    sorted.sort();
    assert_eq!(pseudonyms, sorted, "patients in pseudonym order");
});

db_test!(
    a_cohort_definition_selects_and_bad_requests_name_their_paths,
    |db| {
        let mut conn = db.conn();
        demo_cohort(&mut conn, 100, 4);
        let aa = write(
            &mut conn,
            &request(json!({"diagnosis": "AA"}), 2, None, demo_cut()),
        );
        let diagnoses: BTreeSet<String> = aa.column("patients", "diagnosis").into_iter().collect();
        assert_eq!(diagnoses, BTreeSet::from(["AA".to_owned()]));
        assert_eq!(aa.manifest()["cohort"], json!({"diagnosis": "AA"}));
        let drug = write(
            &mut conn,
            &request(json!({"drugs": ["dupilumab"]}), 2, None, demo_cut()),
        );
        let drugs: BTreeSet<String> = drug.column("episodes", "drug").into_iter().collect();
        assert!(drugs.contains("dupilumab"));

        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("r.zip");
        let unknown = request(json!({"centers": ["NOWHERE"]}), 5, None, demo_cut());
        match release::write_release(&mut conn, None, &unknown, &out, &|_, _| {}) {
            Err(ReleaseError::Invalid(errors)) => assert_eq!(errors[0].field, "cohort.centers[0]"),
            other => panic!("{other:?}"),
        }
        let low_k = request(json!({}), 1, None, demo_cut());
        match release::write_release(&mut conn, None, &low_k, &out, &|_, _| {}) {
            Err(ReleaseError::Invalid(errors)) => assert_eq!(errors[0].field, "k"),
            other => panic!("{other:?}"),
        }
        assert!(!out.exists(), "nothing written for a refused request");
    }
);

db_test!(a_release_is_an_audit_event_with_its_checksum, |db| {
    let mut conn = db.conn();
    demo_cohort(&mut conn, 60, 2);
    let req = request(json!({"diagnosis": "AD"}), 2, None, demo_cut());
    let r = write(&mut conn, &req);
    let ctx = WriteCtx::new(Actor::system());
    let before = fixtures::audit_count(&mut conn);
    release::audit_release(&mut conn, &ctx, &req, &r.summary).unwrap();
    assert_eq!(fixtures::audit_count(&mut conn), before + 1);
    let id = r.manifest()["release_id"].as_str().unwrap().to_owned();
    let events = fixtures::events_of(&mut conn, &id);
    assert_eq!(events.len(), 1);
    let e = &events[0];
    assert_eq!(
        (e.entity.as_str(), e.action.as_str()),
        ("release", "export")
    );
    let after: serde_json::Value = serde_json::from_str(e.after_json.as_deref().unwrap()).unwrap();
    assert_eq!(after["sha256"], r.summary.sha256);
    assert_eq!(after["cohort"], json!({"diagnosis": "AD"}));
    assert_eq!(after["data_cut"], "2026-06-30");
    assert_eq!(after["counts"]["patients"], r.summary.counts["patients"]);
    assert!(audit::verify(&mut conn).unwrap().is_intact());
});
