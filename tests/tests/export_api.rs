//! Research releases over HTTP, through the real server on both backends: a researcher's job
//! runs off the request, its status reaches `done` with the manifest, the zip downloads with the
//! same manifest and checksum, and the release is audited; who may see which job; bad requests
//! store nothing; deletion, expiry, a restart, a write while a release runs, and the replica.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::io::Read;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use diesel::prelude::*;
use registry_api::demo::{self, Config};
use registry_api::{Application, Settings};
use registry_core::store::exports::{self, INTERRUPTED, Requester};
use registry_core::store::schema::{audit_events, export_jobs};
use registry_core::store::{Actor, DbConn, WriteCtx, users};
use registry_tests::app::{Reply, TestApp};
use registry_tests::openapi::{strict, violations};
use registry_tests::{TestDb, api_test};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

/// Generous: a release of the small demo cohort takes a second or two in a debug build.
const WAIT: Duration = Duration::from_secs(180);

/// A demo cohort of `patients` in three centers.
fn demo_cohort(conn: &mut DbConn, patients: usize, seed: u64) {
    let config = Config {
        patients,
        centers: 3,
        seed,
        until: chrono::NaiveDate::from_ymd_opt(2026, 6, 30).unwrap(),
    };
    demo::generate(conn, &config, &mut |_, _| {}).unwrap();
}

/// Queues a release of `cohort` as `token`; returns the job id.
async fn request(app: &TestApp, token: &str, cohort: Value) -> String {
    let r = app
        .post("/api/v1/exports", token, json!({"cohort": cohort, "k": 2}))
        .await;
    assert_eq!(r.status, StatusCode::ACCEPTED, "{:?}", r.body);
    let id = r.body["id"].as_str().unwrap().to_owned();
    assert_eq!(r.body["status_url"], format!("/api/v1/exports/{id}"));
    assert_eq!(
        r.header("location").unwrap(),
        format!("/api/v1/exports/{id}")
    );
    id
}

/// Waits (in process, no polling) until the worker has ended job `id`; returns its status.
async fn ended(app: &TestApp, token: &str, id: &str) -> Reply {
    let (jobs, job) = (app.exports.clone(), id.to_owned());
    let done = tokio::task::spawn_blocking(move || jobs.wait_ended(&job, WAIT))
        .await
        .unwrap();
    assert!(done, "the job {id} did not end within {WAIT:?}");
    let r = app.get(&format!("/api/v1/exports/{id}"), token).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    r
}

/// A download: status, content type, disposition, bytes.
async fn download(app: &TestApp, token: &str, id: &str) -> (StatusCode, String, String, Vec<u8>) {
    let resp = app
        .client
        .get(format!("{}/api/v1/exports/{id}/download", app.base))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    let status = resp.status();
    let header = |name: &str| {
        resp.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    let (kind, disposition) = (header("content-type"), header("content-disposition"));
    (
        status,
        kind,
        disposition,
        resp.bytes().await.unwrap().to_vec(),
    )
}

/// `manifest.json` of a zip.
fn zipped_manifest(zip: &[u8]) -> Value {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip)).unwrap();
    let mut text = String::new();
    archive
        .by_name("manifest.json")
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    serde_json::from_str(&text).unwrap()
}

fn job_count(app: &TestApp) -> i64 {
    export_jobs::table
        .count()
        .get_result(&mut app.db.conn())
        .unwrap()
}

/// The audit events of a job: (action, actor, after).
fn audit_of(app: &TestApp, id: &str) -> Vec<(String, Option<String>, Value)> {
    audit_events::table
        .filter(audit_events::entity.eq("export"))
        .filter(audit_events::entity_id.eq(id))
        .order(audit_events::occurred_at.asc())
        .select((
            audit_events::action,
            audit_events::actor_id,
            audit_events::after_json,
        ))
        .load::<(String, Option<String>, Option<String>)>(&mut app.db.conn())
        .unwrap()
        .into_iter()
        .map(|(a, who, after)| (a, who, serde_json::from_str(&after.unwrap()).unwrap()))
        .collect()
}

fn user_id(app: &TestApp, email: &str) -> String {
    users::by_email(&mut app.db.conn(), email)
        .unwrap()
        .unwrap()
        .id
}

api_test!(
    a_researchers_release_is_made_off_the_request_and_downloads_as_its_status_says,
    |app| {
        demo_cohort(&mut app.db.conn(), 40, 11);
        let token = app.login("researcher@test").await;
        let id = request(&app, &token, json!({})).await;

        let status = ended(&app, &token, &id).await.body;
        assert_eq!(status["status"], "done", "{status:?}");
        assert_eq!(status["percent"], 100);
        assert_eq!(status["k"], 2);
        assert_eq!(status["cohort"], json!({}));
        assert_eq!(
            status["download_url"],
            format!("/api/v1/exports/{id}/download")
        );
        assert!(status["expires_at"].is_string() && status["error"].is_null());
        let manifest = status["manifest"].clone();
        assert!(
            manifest["counts"]["patients"].as_u64().unwrap() > 0,
            "the demo cohort is released: {manifest}"
        );
        // The status, manifest included, is what the OpenAPI document describes, strictly.
        let doc = app
            .request(Method::GET, "/openapi.json", None, None)
            .await
            .body;
        let mut components = doc["components"].clone();
        strict(&mut components);
        let job = doc
            .pointer("/paths/~1api~1v1~1exports~1{id}/get/responses/200/content/application~1json/schema")
            .expect("the status answer has a schema")
            .clone();
        let wrong = violations(&components, &job, &status);
        assert!(wrong.is_empty(), "{wrong:?}");
        assert!(
            doc.pointer("/components/schemas/Manifest/properties/sha256")
                .is_some(),
            "the manifest is described field by field"
        );

        let (code, kind, disposition, zip) = download(&app, &token, &id).await;
        assert_eq!(code, StatusCode::OK);
        assert_eq!(kind, "application/zip");
        assert!(
            disposition.starts_with("attachment")
                && disposition.contains(&format!("release-{id}.zip")),
            "{disposition}"
        );
        assert_eq!(
            hex::encode(Sha256::digest(&zip)),
            status["sha256"].as_str().unwrap()
        );
        assert_eq!(
            zipped_manifest(&zip),
            manifest,
            "the zip holds the manifest the status shows"
        );

        // The list shows it; the release is audited: who, cohort, counts, SHA-256 of the zip.
        let list = app.get("/api/v1/exports", &token).await;
        assert_eq!(list.status, StatusCode::OK);
        assert_eq!(list.body["items"][0]["id"], id.as_str());
        let events = audit_of(&app, &id);
        let actions: Vec<&str> = events.iter().map(|(a, _, _)| a.as_str()).collect();
        assert_eq!(actions, ["create", "export"]);
        let (_, actor, after) = &events[1];
        assert_eq!(
            actor.as_deref(),
            Some(user_id(&app, "researcher@test").as_str())
        );
        assert_eq!(after["cohort"], json!({}));
        assert_eq!(after["sha256"], status["sha256"]);
        assert_eq!(after["counts"], manifest["counts"]);
        assert!(app.verify_audit().is_intact(), "the audit chain verifies");
    }
);

api_test!(
    only_researchers_ask_and_each_sees_their_own_jobs_admins_all,
    |app| {
        demo_cohort(&mut app.db.conn(), 20, 12);
        let admin = app.login("admin@test").await;
        let r = app
        .post(
            "/api/v1/users",
            &admin,
            json!({"email": "other-researcher@test", "password": registry_tests::app::PASSWORD, "role": "researcher"}),
        )
        .await;
        assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
        let researcher = app.login("researcher@test").await;
        let other = app.login("other-researcher@test").await;
        let id = request(&app, &researcher, json!({"diagnosis": "AA"})).await;
        ended(&app, &researcher, &id).await;

        let job = format!("/api/v1/exports/{id}");
        let file = format!("{job}/download");
        for email in ["center-a@test", "coordinator@test"] {
            let token = app.login(email).await;
            let ask = app
                .post("/api/v1/exports", &token, json!({"cohort": {}}))
                .await;
            assert_eq!(ask.status, StatusCode::FORBIDDEN, "{email} asks");
            for path in ["/api/v1/exports", job.as_str(), file.as_str()] {
                assert_eq!(
                    app.get(path, &token).await.status,
                    StatusCode::FORBIDDEN,
                    "{email} {path}"
                );
            }
            let delete = app.request(Method::DELETE, &job, Some(&token), None).await;
            assert_eq!(delete.status, StatusCode::FORBIDDEN, "{email} deletes");
        }
        let ask = app
            .post("/api/v1/exports", &admin, json!({"cohort": {}}))
            .await;
        assert_eq!(
            ask.status,
            StatusCode::FORBIDDEN,
            "admins manage, researchers ask"
        );
        assert_eq!(job_count(&app), 1);

        // Another researcher's job is not found, as an unknown one.
        for path in [job.as_str(), file.as_str()] {
            assert_eq!(
                app.get(path, &other).await.status,
                StatusCode::NOT_FOUND,
                "{path}"
            );
        }
        let delete = app.request(Method::DELETE, &job, Some(&other), None).await;
        assert_eq!(delete.status, StatusCode::NOT_FOUND);
        let list = app.get("/api/v1/exports", &other).await;
        assert_eq!(list.body["items"], json!([]));

        // Admins see every job and may download it.
        let seen = app.get(&job, &admin).await;
        assert_eq!(seen.status, StatusCode::OK);
        assert_eq!(
            seen.body["requested_by"],
            user_id(&app, "researcher@test").as_str()
        );
        let list = app.get("/api/v1/exports", &admin).await;
        assert_eq!(list.body["items"].as_array().unwrap().len(), 1);
        assert_eq!(download(&app, &admin, &id).await.0, StatusCode::OK);
    }
);

api_test!(
    a_bad_request_is_422_by_json_path_and_stores_nothing,
    |app| {
        let token = app.login("researcher@test").await;
        let bad = app
            .post(
                "/api/v1/exports",
                &token,
                json!({"cohort": {"diagnosis": "XX", "colour": "red"}, "k": 1}),
            )
            .await;
        assert_eq!(
            bad.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{:?}",
            bad.body
        );
        assert_eq!(
            bad.header("content-type").unwrap(),
            "application/problem+json"
        );
        let fields = bad.error_fields();
        for field in ["cohort.diagnosis", "cohort.colour", "k"] {
            assert!(fields.contains(&field.to_owned()), "{field} in {fields:?}");
        }
        let cases = [
            (
                json!({"cohort": {"centers": ["AAA", "NOPE"]}}),
                "cohort.centers[1]",
            ),
            (json!({"cohort": {}, "k": 2.5}), "k"),
            (json!({"k": 5}), "cohort"),
            (json!({"cohort": [], "k": 5}), "cohort"),
            (json!({"cohort": {}, "release_key": "00"}), "release_key"),
        ];
        for (body, field) in cases {
            let r = app.post("/api/v1/exports", &token, body.clone()).await;
            assert_eq!(
                r.status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "{body}: {:?}",
                r.body
            );
            assert!(
                r.error_fields().contains(&field.to_owned()),
                "{body}: {:?}",
                r.body
            );
        }
        assert_eq!(job_count(&app), 0, "nothing was stored");
        let defaulted = app
            .post(
                "/api/v1/exports",
                &token,
                json!({"cohort": {"centers": ["AAA"]}}),
            )
            .await;
        assert_eq!(
            defaulted.status,
            StatusCode::ACCEPTED,
            "{:?}",
            defaulted.body
        );
        let id = defaulted.body["id"].as_str().unwrap();
        let status = ended(&app, &token, id).await.body;
        assert_eq!(status["k"], 5, "k defaults to 5");
    }
);

api_test!(a_deleted_release_is_gone_and_says_so, |app| {
    demo_cohort(&mut app.db.conn(), 20, 13);
    let token = app.login("researcher@test").await;
    let id = request(&app, &token, json!({})).await;
    assert_eq!(ended(&app, &token, &id).await.body["status"], "done");
    let file = app.release_dir.join(format!("{id}.zip"));
    assert!(file.exists());

    let path = format!("/api/v1/exports/{id}");
    let r = app.request(Method::DELETE, &path, Some(&token), None).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{:?}", r.body);
    assert!(!file.exists(), "the file is removed");
    let status = app.get(&path, &token).await.body;
    assert_eq!(status["status"], "deleted");
    assert!(status["download_url"].is_null());
    assert_eq!(download(&app, &token, &id).await.0, StatusCode::CONFLICT);
    let again = app.request(Method::DELETE, &path, Some(&token), None).await;
    assert_eq!(
        again.status,
        StatusCode::NO_CONTENT,
        "deleting twice is harmless"
    );
    let actions: Vec<String> = audit_of(&app, &id).into_iter().map(|(a, _, _)| a).collect();
    assert_eq!(actions, ["create", "export", "delete"]);
});

api_test!(
    a_release_past_its_retention_expires_in_housekeeping,
    settings = |s| {
        s.release_days = 0;
    },
    |app| {
        demo_cohort(&mut app.db.conn(), 20, 14);
        let token = app.login("researcher@test").await;
        let id = request(&app, &token, json!({})).await;
        assert_eq!(ended(&app, &token, &id).await.body["status"], "done");
        let file = app.release_dir.join(format!("{id}.zip"));
        assert!(file.exists());
        let later = registry_core::store::now() + chrono::Duration::seconds(1);
        let mut conn = app.db.conn();
        let expired = registry_api::exports::files::expire(&mut conn, &app.release_dir, later);
        assert_eq!(expired.unwrap(), 1);
        assert!(!file.exists());
        let status = app.get(&format!("/api/v1/exports/{id}"), &token).await.body;
        assert_eq!(status["status"], "expired");
        assert_eq!(download(&app, &token, &id).await.0, StatusCode::CONFLICT);
        let again = registry_api::exports::files::expire(&mut conn, &app.release_dir, later);
        assert_eq!(again.unwrap(), 0, "expired once");
    }
);

api_test!(
    a_restart_leaves_no_job_running_and_runs_the_queued_ones,
    |app| {
        demo_cohort(&mut app.db.conn(), 20, 15);
        let token = app.login("researcher@test").await;
        // Two jobs as a stopped server left them: one running, one still queued.
        let researcher = users::by_email(&mut app.db.conn(), "researcher@test")
            .unwrap()
            .unwrap();
        let ctx = WriteCtx::new(Actor {
            user_id: researcher.id.clone(),
            role: researcher.role().unwrap(),
            center_id: None,
        });
        let mut conn = app.db.conn();
        let running = conn
            .write(|tx| exports::create(tx, &ctx, &json!({}), 2))
            .unwrap();
        let claimed = exports::claim_next(&mut conn, ctx.now, registry_core::time::today())
            .unwrap()
            .unwrap();
        assert_eq!(
            (claimed.id.as_str(), claimed.status.as_str()),
            (running.id.as_str(), "running")
        );
        let queued = conn
            .write(|tx| exports::create(tx, &ctx, &json!({"diagnosis": "AD"}), 2))
            .unwrap();

        let restarted = Application::build(Settings::for_tests(&app.db.url)).unwrap();
        let status = app
            .get(&format!("/api/v1/exports/{}", running.id), &token)
            .await
            .body;
        assert_eq!(status["status"], "failed");
        assert_eq!(status["error"], INTERRUPTED);
        let jobs = restarted.state().exports.clone();
        let id = queued.id.clone();
        let ran = tokio::task::spawn_blocking(move || jobs.wait_ended(&id, WAIT))
            .await
            .unwrap();
        assert!(ran, "the restarted server runs the queued job");
        let job = exports::get(&mut conn, &Requester::Anyone, &queued.id).unwrap();
        assert_eq!(job.status, "done", "{:?}", job.error);
        let left_running: i64 = export_jobs::table
            .filter(export_jobs::status.eq("running"))
            .count()
            .get_result(&mut conn)
            .unwrap();
        assert_eq!(left_running, 0);
    }
);

api_test!(writes_while_a_release_runs_change_nothing_in_it, |app| {
    demo_cohort(&mut app.db.conn(), 30, 16);
    let token = app.login("researcher@test").await;
    // Once the cohort is read, every patient withdraws research consent.
    let url = app.db.url.clone();
    let withdrawn = Arc::new(AtomicBool::new(false));
    let flag = withdrawn.clone();
    app.exports.observe(Arc::new(move |_, stage, _| {
        if stage == "building" && !flag.swap(true, Ordering::SeqCst) {
            let mut conn = registry_core::store::establish(&url).unwrap();
            conn.write(|tx| {
                diesel::sql_query("UPDATE patients SET consent_research = false").execute(tx)
            })
            .unwrap();
        }
    }));
    let id = request(&app, &token, json!({})).await;
    let during = ended(&app, &token, &id).await.body;
    assert!(
        withdrawn.load(Ordering::SeqCst),
        "the write happened while the release ran"
    );
    assert_eq!(during["status"], "done", "{during:?}");
    assert!(
        during["manifest"]["counts"]["patients"].as_u64().unwrap() > 0,
        "the release holds the cohort as it was read: {}",
        during["manifest"]
    );
    let after = request(&app, &token, json!({})).await;
    let after = ended(&app, &token, &after).await.body;
    assert_eq!(
        after["manifest"]["counts"]["patients"], 0,
        "a release after the write sees it"
    );
});

/// With `REPLICA_DATABASE_URL`, releases read the replica: here a second database holding a
/// cohort, while the primary holds none.
async fn releases_read_the_replica(primary: TestDb, replica: TestDb) {
    demo_cohort(&mut replica.conn(), 30, 17);
    let url = replica.url.clone();
    let app = TestApp::spawn_with(primary, |s| s.replica_database_url = Some(url)).await;
    let token = app.login("researcher@test").await;
    let id = request(&app, &token, json!({})).await;
    let status = ended(&app, &token, &id).await.body;
    assert_eq!(status["status"], "done", "{status:?}");
    assert!(
        status["manifest"]["counts"]["patients"].as_u64().unwrap() > 0,
        "the replica's cohort is released: {}",
        status["manifest"]
    );
    drop(replica);
}

mod replica {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite() {
        releases_read_the_replica(TestDb::sqlite(), TestDb::sqlite()).await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres() {
        let (Some(primary), Some(replica)) = (TestDb::postgres(), TestDb::postgres()) else {
            eprintln!(
                "PostgreSQL variant not run: {} is not set",
                registry_tests::POSTGRES_ENV
            );
            return;
        };
        releases_read_the_replica(primary, replica).await;
    }
}

api_test!(
    the_openapi_document_describes_the_release_endpoints,
    |app| {
        let doc = app
            .request(Method::GET, "/openapi.json", None, None)
            .await
            .body;
        let ops = [
            ("/api/v1/exports", "post"),
            ("/api/v1/exports", "get"),
            ("/api/v1/exports/{id}", "get"),
            ("/api/v1/exports/{id}", "delete"),
            ("/api/v1/exports/{id}/download", "get"),
        ];
        for (path, method) in ops {
            let op = &doc["paths"][path][method];
            assert_eq!(op["tags"], json!(["exports"]), "{method} {path}: {op}");
            assert!(
                op["responses"]["403"].is_object(),
                "{method} {path} documents 403"
            );
        }
        let post = &doc["paths"]["/api/v1/exports"]["post"]["responses"];
        assert!(post["202"].is_object() && post["422"].is_object());
        assert!(
            doc["paths"]["/api/v1/exports/{id}/download"]["get"]["responses"]["409"].is_object()
        );
        for schema in [
            "ExportRequest",
            "ExportAccepted",
            "ExportView",
            "ExportList",
        ] {
            assert!(
                doc["components"]["schemas"][schema].is_object(),
                "schema {schema}"
            );
        }
    }
);
