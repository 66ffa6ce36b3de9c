//! Single-visit `POST` throughput and latency: the real server (release build) on a fresh
//! PostgreSQL database (a pool of `--pool` connections, default 32), `--clients` concurrent
//! clients posting scored visits for `--seconds`.
//!
//! ```sh
//! REGISTRY_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/postgres \
//!   cargo run --release -p registry-tests --example bench_visits -- --clients 32 --seconds 20
//! ```
//! With `--sqlite` the server runs on a fresh SQLite file instead. Prints requests, errors,
//! throughput and p50/p90/p99 latency (see `docs/benchmarks.md`).
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::time::{Duration, Instant};

use registry_api::Settings;
use registry_tests::TestDb;
use registry_tests::app::TestApp;
use serde_json::json;

fn arg(name: &str, default: u64) -> u64 {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[tokio::main]
async fn main() {
    let clients = arg("--clients", 32) as usize;
    let seconds = arg("--seconds", 20);
    let patients = arg("--patients", 2000) as usize;
    // `--sqlite`: the same run on a fresh SQLite file (one write lock: the writers queue).
    let db = if std::env::args().any(|a| a == "--sqlite") {
        TestDb::sqlite()
    } else {
        TestDb::postgres().expect("set REGISTRY_TEST_POSTGRES_URL to a PostgreSQL server")
    };
    let pool = arg("--pool", 32) as u32;
    let app = TestApp::spawn_with(db, |s: &mut Settings| s.pool_size = pool).await;
    let token = app.login("center-a@test").await;
    eprintln!("creating {patients} patients on dupilumab …");
    let mut ids = Vec::with_capacity(patients);
    for i in 0..patients {
        let id = app
            .create_patient(&token, &format!("BENCH-{i:05}"), "AD", "1980-01")
            .await;
        let t = app
            .start_treatment(&token, &id, "dupilumab", "2020-01-01")
            .await;
        assert_eq!(t.status.as_u16(), 201);
        ids.push(id);
    }
    eprintln!("{clients} clients posting visits for {seconds} s …");
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let mut tasks = Vec::new();
    for c in 0..clients {
        let (client, base, token, ids) = (
            app.client.clone(),
            app.base.clone(),
            token.clone(),
            ids.clone(),
        );
        tasks.push(tokio::spawn(async move {
            let (mut latencies, mut errors, mut n) = (Vec::new(), 0_u64, 0_usize);
            while Instant::now() < deadline {
                // Each client owns the patients ≡ c (mod clients); dates count up per patient.
                let k = n * clients + c;
                let patient = &ids[k % ids.len()];
                let day = chrono::NaiveDate::from_ymd_opt(2020, 1, 2).unwrap() + chrono::Days::new((k / ids.len()) as u64 * 7);
                let body = json!({"visit_date": day.to_string(), "weight_kg": "71.5", "easi": {"total": "12.4"},
                    "pp_nrs": 6, "viga": 3, "poem": {"items": [2, 3, 1, 0, 2, 2, 1]}});
                let started = Instant::now();
                let r = client.post(format!("{base}/api/v1/patients/{patient}/visits")).bearer_auth(&token).json(&body).send().await;
                let ok = matches!(&r, Ok(resp) if resp.status().as_u16() == 201);
                if let Ok(resp) = r {
                    let _ = resp.bytes().await;
                }
                latencies.push(started.elapsed());
                errors += u64::from(!ok);
                n += 1;
            }
            (latencies, errors)
        }));
    }
    let started = Instant::now();
    let (mut all, mut errors) = (Vec::new(), 0);
    for t in tasks {
        let (l, e) = t.await.unwrap();
        all.extend(l);
        errors += e;
    }
    let elapsed = started.elapsed().as_secs_f64().max(seconds as f64);
    all.sort();
    let pct =
        |p: f64| all[((all.len() as f64 * p) as usize).min(all.len() - 1)].as_secs_f64() * 1000.0;
    println!(
        "clients {clients}  requests {}  errors {errors}  throughput {:.0}/s  p50 {:.1} ms  p90 {:.1} ms  p99 {:.1} ms",
        all.len(),
        all.len() as f64 / elapsed,
        pct(0.50),
        pct(0.90),
        pct(0.99)
    );
}
