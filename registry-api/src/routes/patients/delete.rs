//! `DELETE /patients/{id}`.

use actix_web::{HttpResponse, delete, web};
use registry_core::store::{Deletion, patients};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::AppState;
use crate::auth::guards::CenterUser;
use crate::error::ApiError;
use crate::extract::{IfMatch, require_reason};

/// Why the record is deleted.
#[derive(Debug, Deserialize, IntoParams)]
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
    query: web::Query<DeleteQuery>,
) -> Result<HttpResponse, ApiError> {
    let reason = require_reason(query.reason.as_deref())?;
    let deletion = Deletion {
        expected_version: version.0,
        reason,
    };
    let (scope, ctx, id) = (user.scope(), user.ctx(), path.into_inner());
    state
        .db
        .run(move |conn| Ok(conn.write(|tx| patients::delete(tx, &ctx, &scope, &id, &deletion))?))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
