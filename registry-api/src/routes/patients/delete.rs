//! `DELETE /patients/{id}`.

use actix_web::{HttpResponse, delete, web};
use registry_core::store::patients;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::AppState;
use crate::auth::guards::CenterUser;
use crate::error::ApiError;
use crate::extract::IfMatch;

/// Why the record is deleted.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct DeleteQuery {
    /// Required.
    pub reason: Option<String>,
}

/// Soft-deletes a patient (kept in the audit trail): `If-Match` and `?reason=` required.
#[utoipa::path(tag = "patients", security(("bearer" = [])), params(("id" = String, Path), ("If-Match" = String, Header), DeleteQuery),
    responses((status = 204, description = "deleted"), (status = 404, body = crate::error::Problem),
              (status = 412, body = crate::error::Problem), (status = 428, body = crate::error::Problem)))]
#[delete("/patients/{id}")]
pub async fn delete_patient(
    state: web::Data<AppState>,
    user: CenterUser,
    path: web::Path<String>,
    version: IfMatch,
    query: crate::query_string::ApiQuery<DeleteQuery>,
) -> Result<HttpResponse, ApiError> {
    crate::routes::shared::soft_delete(
        &state,
        &user,
        path.into_inner(),
        version,
        query.into_inner(),
        patients::delete,
    )
    .await
}
