//! Liveness and readiness.

use actix_web::{HttpResponse, get, web};
use diesel::prelude::*;

use crate::AppState;
use crate::error::ApiError;

/// The process is up.
#[utoipa::path(tag = "operations", responses((status = 200, description = "alive")))]
#[get("/healthz")]
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(serde_json::json!({"status": "ok"}))
}

/// The database answers.
#[utoipa::path(tag = "operations", responses((status = 200, description = "ready"), (status = 503, description = "database unreachable")))]
#[get("/readyz")]
pub async fn readyz(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    state
        .db
        .run(|conn| {
            diesel::select(diesel::dsl::sql::<diesel::sql_types::Integer>("1"))
                .execute(conn)
                .map_err(|e| ApiError::Unavailable(e.to_string()))
        })
        .await?;
    Ok(HttpResponse::Ok().json(serde_json::json!({"status": "ready"})))
}
