//! `TestApp`: the real server on port 0 over a fresh database, with two centers and one user
//! per role, and a typed HTTP client.

use registry_api::{Application, Settings};
use registry_core::role::Role;
use registry_core::store::{centers, users};
use reqwest::{Method, StatusCode};
use serde_json::Value;

use crate::{TestDb, system_ctx};

/// The password of every seeded user.
pub const PASSWORD: &str = "correct horse battery staple";

/// A running server and its database.
pub struct TestApp {
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    /// HTTP client.
    pub client: reqwest::Client,
    /// The database (dropped with the app).
    pub db: TestDb,
    /// Center A's id (code `AAA`).
    pub center_a: String,
    /// Center B's id (code `BBB`).
    pub center_b: String,
    /// The server's export worker (to wait for a release job in process).
    pub exports: registry_api::exports::Jobs,
    /// The server's release directory.
    pub release_dir: std::path::PathBuf,
}

/// A response: status, headers, JSON body (or `Null`).
#[derive(Debug)]
pub struct Reply {
    /// Status.
    pub status: StatusCode,
    /// Headers.
    pub headers: reqwest::header::HeaderMap,
    /// Body as JSON (`Value::Null` when empty or not JSON).
    pub body: Value,
}

impl Reply {
    /// A header as text.
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    }

    /// The `field`s of a problem document's `errors`.
    pub fn error_fields(&self) -> Vec<String> {
        self.body["errors"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|e| e["field"].as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// The seeded users.
pub const USERS: [(&str, Role, Option<&str>); 5] = [
    ("admin@test", Role::Admin, None),
    ("coordinator@test", Role::Coordinator, None),
    ("center-a@test", Role::Center, Some("AAA")),
    ("center-b@test", Role::Center, Some("BBB")),
    ("researcher@test", Role::Researcher, None),
];

impl TestApp {
    /// Starts the server on `db`.
    pub async fn spawn(db: TestDb) -> Self {
        Self::spawn_with(db, |_| {}).await
    }

    /// Starts the server on `db` with settings adjusted by `adjust` (pool size, limits, …).
    pub async fn spawn_with(db: TestDb, adjust: impl FnOnce(&mut Settings)) -> Self {
        let mut conn = db.conn();
        let ctx = system_ctx();
        let hash = registry_api::auth::password::hash(PASSWORD).unwrap();
        let (center_a, center_b) = conn
            .write(|tx| {
                let a = centers::create(tx, &ctx, "AAA", "Center A")?;
                let b = centers::create(tx, &ctx, "BBB", "Center B")?;
                for (email, role, center) in USERS {
                    let center_id = center.map(|c| {
                        if c == "AAA" {
                            a.id.clone()
                        } else {
                            b.id.clone()
                        }
                    });
                    users::create(
                        tx,
                        &ctx,
                        users::NewUser {
                            email: email.into(),
                            password_hash: hash.clone(),
                            role,
                            center_id,
                        },
                    )?;
                }
                Ok::<_, registry_core::store::StoreError>((a.id, b.id))
            })
            .unwrap();
        let mut settings = Settings::for_tests(&db.url);
        adjust(&mut settings);
        let app = Application::build(settings).unwrap();
        let base = format!("http://127.0.0.1:{}", app.port());
        let exports = app.state().exports.clone();
        let release_dir = app.state().settings.release_dir.clone();
        tokio::spawn(app.run_until_stopped());
        Self {
            base,
            client: reqwest::Client::new(),
            db,
            center_a,
            center_b,
            exports,
            release_dir,
        }
    }

    /// Logs in and returns the bearer token.
    pub async fn login(&self, email: &str) -> String {
        let r = self
            .request(
                Method::POST,
                "/api/v1/auth/login",
                None,
                Some(serde_json::json!({"email": email, "password": PASSWORD})),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "login {email}: {:?}", r.body);
        r.body["access_token"].as_str().unwrap().to_owned()
    }

    /// A request with an optional token and JSON body.
    pub async fn request(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> Reply {
        self.send(method, path, token, body, &[]).await
    }

    /// A request with extra headers.
    pub async fn send(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
        headers: &[(&str, &str)],
    ) -> Reply {
        let mut rb = self.client.request(method, format!("{}{path}", self.base));
        if let Some(t) = token {
            rb = rb.bearer_auth(t);
        }
        for (k, v) in headers {
            rb = rb.header(*k, *v);
        }
        if let Some(b) = body {
            rb = rb.json(&b);
        }
        let resp = rb.send().await.unwrap();
        let status = resp.status();
        let headers = resp.headers().clone();
        let text = resp.text().await.unwrap();
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        Reply {
            status,
            headers,
            body,
        }
    }

    /// POST with a token.
    pub async fn post(&self, path: &str, token: &str, body: Value) -> Reply {
        self.request(Method::POST, path, Some(token), Some(body))
            .await
    }

    /// GET with a token.
    pub async fn get(&self, path: &str, token: &str) -> Reply {
        self.request(Method::GET, path, Some(token), None).await
    }

    /// PATCH with a token and `If-Match`.
    pub async fn patch(&self, path: &str, token: &str, etag: &str, body: Value) -> Reply {
        self.send(
            Method::PATCH,
            path,
            Some(token),
            Some(body),
            &[("If-Match", etag)],
        )
        .await
    }

    /// Creates a patient in the token's center; returns its id.
    pub async fn create_patient(
        &self,
        token: &str,
        local_ref: &str,
        diagnosis: &str,
        birth_month: &str,
    ) -> String {
        let body = serde_json::json!({
            "local_ref": local_ref, "sex": "female", "birth_month": birth_month, "diagnosis": diagnosis,
            "consent": {"research": true, "date": "2024-01-10"}
        });
        let r = self.post("/api/v1/patients", token, body).await;
        assert_eq!(
            r.status,
            StatusCode::CREATED,
            "patient {local_ref}: {:?}",
            r.body
        );
        r.body["id"].as_str().unwrap().to_owned()
    }

    /// Starts a treatment episode; returns the reply.
    pub async fn start_treatment(
        &self,
        token: &str,
        patient: &str,
        drug: &str,
        start: &str,
    ) -> Reply {
        let body = serde_json::json!({"drug": drug, "start_date": start});
        self.post(
            &format!("/api/v1/patients/{patient}/treatments"),
            token,
            body,
        )
        .await
    }

    /// Posts a visit; returns the reply.
    pub async fn post_visit(&self, token: &str, patient: &str, body: Value) -> Reply {
        self.post(&format!("/api/v1/patients/{patient}/visits"), token, body)
            .await
    }

    /// DELETE with a token and `If-Match`.
    pub async fn delete(&self, path: &str, token: &str, etag: &str) -> Reply {
        self.send(
            Method::DELETE,
            path,
            Some(token),
            None,
            &[("If-Match", etag)],
        )
        .await
    }

    /// Number of rows in the audit trail.
    pub fn audit_count(&self) -> i64 {
        use diesel::prelude::*;
        let mut conn = self.db.conn();
        registry_core::store::schema::audit_events::table
            .count()
            .get_result(&mut conn)
            .unwrap()
    }

    /// `registry audit verify` on the app's database.
    pub fn verify_audit(&self) -> registry_core::store::audit::Verification {
        registry_core::store::audit::verify(&mut self.db.conn()).unwrap()
    }

    /// POST of a raw body (a CSV file) with `Content-Type: text/csv`.
    pub async fn post_csv(&self, path: &str, token: &str, body: impl Into<Vec<u8>>) -> Reply {
        let resp = self
            .client
            .post(format!("{}{path}", self.base))
            .bearer_auth(token)
            .header("Content-Type", "text/csv")
            .body(body.into())
            .send()
            .await
            .unwrap();
        let status = resp.status();
        let headers = resp.headers().clone();
        let text = resp.text().await.unwrap();
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        Reply {
            status,
            headers,
            body,
        }
    }

    /// A minimal valid patient body.
    pub fn patient_body(local_ref: &str, diagnosis: &str) -> Value {
        serde_json::json!({
            "local_ref": local_ref, "sex": "female", "birth_month": "1990-03", "diagnosis": diagnosis,
            "consent": {"research": true, "date": "2025-01-10"}
        })
    }
}

/// Runs one async test body against the real server on SQLite and on PostgreSQL:
/// `api_test!(name, |app| { … })` makes `name::sqlite` and `name::postgres`;
/// `api_test!(name, settings = |s| { … }, |app| { … })` adjusts the server's settings first.
#[macro_export]
macro_rules! api_test {
    ($name:ident, |$app:ident| $body:block) => {
        $crate::api_test!($name, settings = |_settings| {}, |$app| $body);
    };
    ($name:ident, settings = |$settings:ident| $adjust:block, |$app:ident| $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let $app = $crate::app::TestApp::spawn_with(
                    $crate::TestDb::sqlite(),
                    |$settings: &mut registry_api::Settings| $adjust,
                )
                .await;
                $body
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                let Some(db) = $crate::TestDb::postgres() else {
                    eprintln!(
                        "PostgreSQL variant not run: {} is not set",
                        $crate::POSTGRES_ENV
                    );
                    return;
                };
                let $app = $crate::app::TestApp::spawn_with(
                    db,
                    |$settings: &mut registry_api::Settings| $adjust,
                )
                .await;
                $body
            }
        }
    };
}
