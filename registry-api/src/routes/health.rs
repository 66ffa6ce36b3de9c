//! Liveness and readiness.

use std::time::Duration;

use actix_web::{HttpResponse, get, web};

use crate::AppState;
use crate::error::ApiError;

/// How long readiness waits for a connection and for the right to write.
const READY_WAIT: Duration = Duration::from_secs(2);

/// The process is up.
#[utoipa::path(tag = "operations", responses((status = 200, body = crate::schemas::HealthStatus, description = "alive")))]
#[get("/healthz")]
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(serde_json::json!({"status": "ok"}))
}

/// The server can take writes now: a database connection is free within 2 s and a write could
/// start within 2 s (on SQLite, no writer holds the database's one write lock longer). A long
/// import on SQLite holds that lock, and readiness says so, because every other write waits.
#[utoipa::path(tag = "operations", responses(
    (status = 200, body = crate::schemas::HealthStatus, description = "ready: a connection is free and writes can start"),
    (status = 503, body = crate::error::Problem, content_type = "application/problem+json",
     description = "not ready: the database is unreachable, every connection is busy, or writes are blocked")))]
#[get("/readyz")]
pub async fn readyz(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    state
        .db
        .run_within(READY_WAIT, |conn| {
            conn.probe_writes(READY_WAIT)
                .map_err(|e| ApiError::Unavailable(format!("writes cannot start within 2 s: {e}")))
        })
        .await?;
    Ok(HttpResponse::Ok().json(serde_json::json!({"status": "ready"})))
}
