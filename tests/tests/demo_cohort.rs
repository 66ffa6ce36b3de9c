//! The demo cohort (`registry demo`, `serve --demo`): a small cohort generated into a fresh
//! database on each backend, read back through the store and checked for the shape of a
//! registry; the same seed gives the same content (with one writer or two), another seed other
//! content; the demo logins
//! work on the generated centers.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::collections::{BTreeMap, BTreeSet};

use registry_api::demo::write::Written;
use registry_api::demo::{self, Config, DemoError, readback};
use registry_api::{Application, Settings};
use registry_core::adverse_event::AesiCategory;
use registry_core::catalogue::Drug;
use registry_core::store::Backend;
use registry_tests::fixtures::date;
use registry_tests::{TestDb, db_test};

fn config(patients: usize, seed: u64) -> Config {
    Config {
        patients,
        centers: 4,
        seed,
        until: date(2026, 6, 30),
    }
}

/// A fresh database on the same backend as `db`.
fn another(db: &TestDb) -> TestDb {
    match db.backend() {
        Backend::Sqlite => TestDb::sqlite(),
        Backend::Postgres => TestDb::postgres().unwrap(),
    }
}

fn stored(db: &TestDb) -> Vec<Written> {
    let mut all = Vec::new();
    readback::each_patient(&mut db.conn(), |w| all.push(w)).unwrap();
    all
}

db_test!(a_small_cohort_has_the_shape_of_a_registry, |db| {
    let until = date(2026, 6, 30);
    let summary = demo::generate(&mut db.conn(), &config(150, 7), &mut |_, _| {}).unwrap();
    let patients = stored(&db);
    assert_eq!((summary.patients, patients.len()), (150, 150));
    let (digest, report) = readback::measure(&mut db.conn(), until).unwrap();
    assert_eq!(digest, summary.digest, "the store holds what was generated");

    let diagnoses: BTreeSet<&str> = patients
        .iter()
        .map(|w| w.patient.diagnosis.as_str())
        .collect();
    assert_eq!(diagnoses, BTreeSet::from(["AA", "AD"]));
    let episodes: Vec<_> = patients
        .iter()
        .flat_map(|w| w.episodes.iter().map(move |e| (w, e)))
        .collect();
    let drugs: BTreeSet<&str> = episodes.iter().map(|(_, e)| e.0.drug.as_str()).collect();
    let all: BTreeSet<&str> = Drug::ALL.iter().map(|d| d.code()).collect();
    assert_eq!(drugs, all, "every catalogue drug");
    for (w, (e, ..)) in &episodes {
        assert_eq!(
            e.indication, w.patient.diagnosis,
            "treated for the patient's disease"
        );
        let drug = Drug::parse(&e.drug).unwrap();
        assert!(
            drug.licence(w.patient.diagnosis().unwrap()).is_some(),
            "{} for {}",
            e.drug,
            e.indication
        );
    }
    let ages: Vec<u32> = episodes
        .iter()
        .map(|(w, e)| {
            w.patient
                .birth_month()
                .unwrap()
                .age_years(e.0.start_date)
                .unwrap()
        })
        .collect();
    assert!(
        ages.iter().any(|a| *a < 2),
        "infants (dupilumab from 6 months)"
    );
    assert!(ages.iter().any(|a| *a >= 65), "elderly");
    let aa_first: Vec<&str> = patients
        .iter()
        .filter(|w| w.patient.diagnosis == "AA")
        .filter_map(|w| w.episodes.first().map(|e| e.0.drug.as_str()))
        .collect();
    assert!(
        aa_first
            .iter()
            .all(|d| ["ciclosporin", "methotrexate", "prednisone", "prednisolone"].contains(d)),
        "AA starts with a conventional drug: {aa_first:?}"
    );

    let reasons: BTreeSet<&str> = episodes
        .iter()
        .filter_map(|(_, e)| e.0.stop_reason.as_deref())
        .collect();
    assert!(
        episodes
            .iter()
            .all(|(_, e)| e.0.stop_date.is_some() == e.0.stop_reason.is_some())
    );
    for reason in [
        "primary_inefficacy",
        "adverse_event",
        "remission_tapered_off",
    ] {
        assert!(reasons.contains(reason), "stops for {reason}: {reasons:?}");
    }
    assert!(reasons.len() >= 6, "{reasons:?}");
    assert!(
        episodes.iter().any(|(_, e)| e.0.episode_number >= 2),
        "re-treatments"
    );
    let switched_jak = patients.iter().any(|w| {
        let jaks: BTreeSet<&str> = w
            .episodes
            .iter()
            .map(|e| e.0.drug.as_str())
            .filter(|d| Drug::parse(d).is_some_and(Drug::is_jak_inhibitor))
            .collect();
        jaks.len() >= 2
    });
    assert!(switched_jak, "a switch between JAK inhibitors");
    assert!(
        episodes.iter().any(|(_, e)| e.1.iter().any(|d| d.is_taper)),
        "tapering"
    );
    let pauses: BTreeSet<&str> = episodes
        .iter()
        .flat_map(|(_, e)| e.2.iter().map(|i| i.reason.as_str()))
        .collect();
    assert!(
        pauses.contains("infection") || pauses.contains("adverse_event"),
        "{pauses:?}"
    );

    let late = |k: &str| report.late.get(k).copied().unwrap_or(0);
    assert!(
        late("early (≤ W24)") > 0 && late("late (W24–W52)") > 0,
        "{:?}",
        report.late
    );
    assert!(
        report
            .observed
            .keys()
            .any(|(k, w)| k.starts_with("EASI-75 | dupilumab") && *w == 16)
    );

    let labs: Vec<_> = patients.iter().flat_map(|w| w.labs.iter()).collect();
    let flagged = labs.iter().filter(|l| l.flags != "[]").count();
    assert!(
        flagged > 0 && flagged * 20 < labs.len(),
        "breaches present but rare: {flagged} of {}",
        labs.len()
    );
    let events: Vec<_> = patients
        .iter()
        .flat_map(|w| w.adverse_events.iter())
        .collect();
    let conjunctivitis = events
        .iter()
        .filter(|a| {
            a.categories()
                .unwrap()
                .contains(&AesiCategory::Conjunctivitis)
        })
        .count();
    assert!(conjunctivitis > 0);
    let serious = events.iter().filter(|a| a.serious).count();
    assert!(
        serious * 10 < events.len(),
        "serious events are rare: {serious} of {}",
        events.len()
    );
    assert!(
        patients
            .iter()
            .any(|w| !w.patient.consent_research || w.patient.consent_withdrawn_on.is_some())
    );

    let mut chart: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for w in &patients {
        let cell = chart.entry(w.center.as_str()).or_default();
        cell.0 += w.visits.len();
        cell.1 += w
            .visits
            .iter()
            .filter(|v| {
                v.salt_total.is_some() && v.salt_top.is_none()
                    || v.easi_total.is_some() && v.easi_regions.is_none()
            })
            .count();
    }
    let shares: Vec<f64> = chart.values().map(|(n, c)| *c as f64 / *n as f64).collect();
    let (lo, hi) = shares
        .iter()
        .fold((1.0f64, 0.0f64), |(lo, hi), s| (lo.min(*s), hi.max(*s)));
    assert!(
        hi - lo > 0.3,
        "centers differ in how they record: {chart:?}"
    );
});

db_test!(the_same_seed_gives_the_same_content, |db| {
    let first = demo::generate(&mut db.conn(), &config(30, 11), &mut |_, _| {}).unwrap();
    // Two writers store the centers' batches in an order of their own: same content.
    let again = another(&db);
    let mut writers = [again.conn(), again.conn()];
    let second = demo::generate_with(&mut writers, &config(30, 11), &mut |_, _| {}).unwrap();
    assert_eq!(first.digest, second.digest);
    let until = date(2026, 6, 30);
    assert_eq!(
        readback::measure(&mut again.conn(), until).unwrap().0,
        first.digest
    );
    let other = another(&db);
    let third = demo::generate(&mut other.conn(), &config(30, 12), &mut |_, _| {}).unwrap();
    assert_ne!(first.digest, third.digest);
    let refused = demo::generate(&mut db.conn(), &config(30, 11), &mut |_, _| {});
    assert!(
        matches!(refused, Err(DemoError::AlreadyLoaded)),
        "{refused:?}"
    );
    assert_eq!(stored(&db).len(), 30);
});

async fn serve_demo(db: TestDb) {
    let app = Application::build(Settings::for_tests(&db.url)).unwrap();
    let (state, base) = (app.state(), format!("http://127.0.0.1:{}", app.port()));
    tokio::spawn(app.run_until_stopped());
    let logins = demo::load_with(&state, &config(40, 3)).await.unwrap();
    assert_eq!(logins.len(), 5);
    let again = demo::load_with(&state, &config(40, 3)).await.unwrap();
    assert_eq!(again, logins, "loading twice changes nothing");
    let client = reqwest::Client::new();
    let (_, email, password) = logins
        .iter()
        .find(|(_, e, _)| e.starts_with("umcu"))
        .unwrap();
    let login: serde_json::Value = client
        .post(format!("{base}/api/v1/auth/login"))
        .json(&serde_json::json!({"email": email, "password": password}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = login["access_token"].as_str().unwrap();
    let listed: serde_json::Value = client
        .get(format!("{base}/api/v1/patients"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let refs: Vec<&str> = listed["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p["local_ref"].as_str())
        .collect();
    assert!(
        !refs.is_empty() && refs.iter().all(|r| r.starts_with("UMCU-")),
        "{listed}"
    );
    assert_eq!(stored(&db).len(), 40);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_demo_loads_the_cohort_once_and_the_logins_work_sqlite() {
    serve_demo(TestDb::sqlite()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_demo_loads_the_cohort_once_and_the_logins_work_postgres() {
    let Some(db) = TestDb::postgres() else {
        eprintln!(
            "PostgreSQL variant not run: {} is not set",
            registry_tests::POSTGRES_ENV
        );
        return;
    };
    serve_demo(db).await;
}

#[test]
fn the_same_seed_gives_the_same_content_on_both_backends() {
    let Some(pg) = TestDb::postgres() else {
        eprintln!(
            "PostgreSQL variant not run: {} is not set",
            registry_tests::POSTGRES_ENV
        );
        return;
    };
    let lite = TestDb::sqlite();
    let on_pg = demo::generate(&mut pg.conn(), &config(30, 5), &mut |_, _| {}).unwrap();
    let on_lite = demo::generate(&mut lite.conn(), &config(30, 5), &mut |_, _| {}).unwrap();
    assert_eq!(on_pg.digest, on_lite.digest);
    let until = date(2026, 6, 30);
    assert_eq!(
        readback::measure(&mut pg.conn(), until).unwrap().0,
        on_pg.digest
    );
}
