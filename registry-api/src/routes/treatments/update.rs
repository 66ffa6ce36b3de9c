//! `PATCH /treatments/{id}` (stop) and `DELETE /treatments/{id}`.

use actix_web::http::header;
use actix_web::{HttpResponse, delete, patch, web};
use registry_core::store::treatments::{self, EpisodeStop};
use registry_core::{FieldError, ValidationErrors};

use super::dto::{self, TreatmentPatch};
use crate::AppState;
use crate::auth::guards::CenterUser;
use crate::error::ApiError;
use crate::extract::{ApiJson, IfMatch, etag, require_reason};
use crate::routes::patients::delete::DeleteQuery;

/// Stops an episode (or corrects its stop): `stop_date` and `stop_reason`, a `reason` for the
/// edit, and `If-Match`.
#[utoipa::path(tag = "treatments", security(("bearer" = [])), request_body = TreatmentPatch,
    params(("id" = String, Path), ("If-Match" = String, Header)),
    responses((status = 200, body = crate::routes::records::EpisodeView, description = "the new version; ETag carries it"), (status = 404, body = crate::error::Problem),
              (status = 412, body = crate::error::Problem), (status = 422, body = crate::error::Problem),
              (status = 428, body = crate::error::Problem)))]
#[patch("/treatments/{id}")]
pub async fn update_treatment(
    state: web::Data<AppState>,
    user: CenterUser,
    path: web::Path<String>,
    version: IfMatch,
    body: ApiJson<TreatmentPatch>,
) -> Result<HttpResponse, ApiError> {
    let patch = body.into_inner();
    let reason = require_reason(patch.reason.as_deref())?;
    let mut errors = ValidationErrors::new();
    let date = dto::required_date(&mut errors, "stop_date", patch.stop_date.as_deref());
    if patch.stop_reason.is_none() {
        errors.push(FieldError::new(
            "stop_reason",
            "a stopped episode needs its stop reason",
        ));
    }
    let stop_reason = dto::stop_reason(&mut errors, patch.stop_reason.as_deref());
    errors.into_result(())?;
    let (Some(date), Some(reason_code)) = (date, stop_reason) else {
        return Err(ApiError::Invalid(vec![]));
    };
    let (scope, ctx, id) = (user.scope(), user.ctx(), path.into_inner());
    let (body, v) = state
        .db
        .run(move |conn| {
            conn.write(|tx| {
                let stop = EpisodeStop {
                    date,
                    reason: reason_code,
                };
                let row = treatments::stop(tx, &ctx, &scope, &id, version.0, stop, &reason)?;
                Ok((super::episode_view(tx, &scope, &row)?, row.version))
            })
        })
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::ETAG, etag(v)))
        .json(body))
}

/// Soft-deletes an episode entered by mistake (kept in the audit trail).
#[utoipa::path(tag = "treatments", security(("bearer" = [])), params(("id" = String, Path), ("If-Match" = String, Header), DeleteQuery),
    responses((status = 204, description = "deleted"), (status = 404, body = crate::error::Problem),
              (status = 412, body = crate::error::Problem), (status = 428, body = crate::error::Problem)))]
#[delete("/treatments/{id}")]
pub async fn delete_treatment(
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
        treatments::delete,
    )
    .await
}
