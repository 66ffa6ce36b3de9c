//! `GET /exports/{id}`.

use actix_web::{HttpResponse, get, web};
use registry_core::store::DbConn;
use registry_core::store::exports::{self, Requester};

use super::dto::ExportView;
use crate::AppState;
use crate::auth::guards::ReleaseReader;
use crate::error::ApiError;

/// A release job: status, stage and percent done while it runs; the manifest and the zip's
/// SHA-256 once done; the reason if it failed.
#[utoipa::path(tag = "exports", security(("bearer" = [])),
    params(("id" = String, Path, description = "job id")),
    responses((status = 200, body = ExportView),
              (status = 403, body = crate::error::Problem, description = "not a researcher or admin"),
              (status = 404, body = crate::error::Problem, description = "no such job among the caller's")))]
#[get("/exports/{id}")]
pub async fn get_export(
    state: web::Data<AppState>,
    user: ReleaseReader,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let who = super::requester(&user);
    let id = path.into_inner();
    let view = state.db.run(move |conn| view(conn, &who, &id)).await?;
    Ok(HttpResponse::Ok().json(view))
}

/// Job `id` among `who`'s, as the API shows it.
pub fn view(conn: &mut DbConn, who: &Requester, id: &str) -> Result<ExportView, ApiError> {
    Ok(ExportView::of(exports::get(conn, who, id)?)?)
}
