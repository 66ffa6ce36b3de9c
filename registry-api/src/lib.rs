#![doc = include_str!("../README.md")]

pub mod auth;
pub mod db;
pub mod demo;
pub mod error;
pub mod exports;
pub mod extract;
pub mod idempotent;
pub mod import;
pub mod json_keys;
pub mod json_numbers;
pub mod openapi;
pub mod query_string;
pub mod routes;
pub mod schemas;
pub mod settings;
pub mod telemetry;
pub mod user_cmd;
pub mod web;

use std::net::TcpListener;

use actix_web::dev::Server;
use actix_web::{App, HttpServer, web as actix};

pub use settings::Settings;

use crate::auth::jwt::Keys;
use crate::auth::password::Verifier;
use crate::auth::throttle::Throttle;
use crate::db::Db;

/// What every handler can reach.
pub struct AppState {
    /// Settings.
    pub settings: Settings,
    /// The database.
    pub db: Db,
    /// Token keys.
    pub keys: Keys,
    /// Password verification.
    pub verifier: Verifier,
    /// Login throttling.
    pub throttle: Throttle,
    /// The export worker's handle.
    pub exports: exports::Jobs,
}

/// A built server, bound to its port, not yet running.
pub struct Application {
    port: u16,
    server: Server,
    state: actix::Data<AppState>,
}

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// The database.
    #[error(transparent)]
    Store(#[from] registry_core::store::StoreError),
    /// The address.
    #[error("cannot listen on {0}: {1}")]
    Bind(String, std::io::Error),
    /// Anything else.
    #[error("{0}")]
    Other(String),
}

impl Application {
    /// Connects (running migrations first), binds, starts the export worker ([`exports`]), and
    /// builds the server.
    pub fn build(settings: Settings) -> Result<Self, StartError> {
        let pool = registry_core::store::connect(&settings.database_url, settings.pool_size)?;
        let listener = TcpListener::bind(&settings.bind)
            .map_err(|e| StartError::Bind(settings.bind.clone(), e))?;
        let port = listener
            .local_addr()
            .map_err(|e| StartError::Other(e.to_string()))?
            .port();
        let jobs = exports::Jobs::default();
        exports::worker::start(
            &jobs,
            exports::worker::Config {
                pool: pool.clone(),
                replica_url: settings.replica_database_url.clone(),
                dir: settings.release_dir.clone(),
                keep: chrono::Duration::days(i64::from(settings.release_days)),
            },
        )?;
        let state = actix::Data::new(AppState {
            keys: Keys::new(&settings.jwt_secret, settings.token_ttl),
            verifier: Verifier::new(settings.hash_concurrency)
                .map_err(|e| StartError::Other(e.to_string()))?,
            throttle: Throttle::new(settings.login_limit, settings.login_window),
            db: Db::new(pool),
            exports: jobs,
            settings,
        });
        let metrics = telemetry::metrics(&state).map_err(|e| StartError::Other(e.to_string()))?;
        let app_state = state.clone();
        let server = HttpServer::new(move || {
            App::new()
                // A page's renewed session cookie, on the page's answer.
                .wrap(actix_web::middleware::from_fn(web::session::renewed_cookie))
                .wrap(actix_web::middleware::from_fn(error::explain_not_found))
                .wrap(metrics.clone())
                .wrap(actix_web::middleware::from_fn(telemetry::metrics_token))
                // Outside the metrics: a made-up method never becomes a label value.
                .wrap(actix_web::middleware::from_fn(
                    telemetry::standard_methods_only,
                ))
                .wrap(actix_web::middleware::from_fn(extract::no_nul_in_uri))
                .wrap(tracing_actix_web::TracingLogger::<telemetry::RequestSpans>::new())
                // Outermost: on every answer, those of the middleware above included.
                .wrap(security_headers())
                .app_data(app_state.clone())
                .app_data(actix::PayloadConfig::new(app_state.settings.max_json_bytes))
                .app_data(actix::QueryConfig::default().error_handler(error::query_error))
                .app_data(actix::PathConfig::default().error_handler(error::path_error))
                .configure(routes::configure)
                .route("/docs", actix::get().to(docs_without_slash))
                .configure(openapi::configure)
                .configure(web::configure)
        })
        .listen(listener)
        .map_err(|e| StartError::Other(e.to_string()))?
        .run();
        Ok(Self {
            port,
            server,
            state,
        })
    }

    /// The port the server listens on (useful with port 0).
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The shared state (the CLI uses it to load demo data before serving).
    pub fn state(&self) -> actix::Data<AppState> {
        self.state.clone()
    }

    /// Serves until stopped.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        // tokio::spawn, not actix_web::rt::spawn: the tests run the server on a plain tokio runtime.
        let housekeeping = tokio::spawn(housekeeping(self.state.clone()));
        let result = self.server.await;
        housekeeping.abort();
        self.state.exports.stop();
        result
    }
}

/// `/docs` (as the README and the start-up line print it) is Swagger UI at `/docs/`.
async fn docs_without_slash() -> actix_web::HttpResponse {
    actix_web::HttpResponse::PermanentRedirect()
        .insert_header((actix_web::http::header::LOCATION, "/docs/"))
        .finish()
}

/// How long an idempotency key is remembered.
const IDEMPOTENCY_KEPT: chrono::Duration = chrono::Duration::hours(24);

/// Every hour: forgets idempotency records older than a day and revocations of tokens that
/// have expired anyway, and expires releases past their retention (`REGISTRY_RELEASE_DAYS`).
/// Failures are logged and tried again an hour later.
async fn housekeeping(state: actix::Data<AppState>) {
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(3600));
    loop {
        tick.tick().await;
        let release_dir = state.settings.release_dir.clone();
        let result = state
            .db
            .run(move |conn| {
                let now = registry_core::store::now();
                let keys = registry_core::store::idempotency::purge(conn, now - IDEMPOTENCY_KEPT)?;
                let tokens = registry_core::store::tokens::purge(conn, now)?;
                let releases = exports::files::expire(conn, &release_dir, now)?;
                Ok((keys, tokens, releases))
            })
            .await;
        match result {
            Ok((keys, tokens, releases)) => {
                tracing::info!(
                    keys,
                    tokens,
                    releases,
                    "housekeeping: expired records removed"
                )
            }
            Err(e) => tracing::warn!(error = %e, "housekeeping failed"),
        }
    }
}

/// Headers on every answer (a page, the API, Swagger UI, an error) unless a handler sets its own:
/// no content-type guessing, never framed, no address leaked to another site.
fn security_headers() -> actix_web::middleware::DefaultHeaders {
    use actix_web::http::header;
    actix_web::middleware::DefaultHeaders::new()
        .add((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .add((header::X_FRAME_OPTIONS, "DENY"))
        .add((header::REFERRER_POLICY, "same-origin"))
}
