//! `DELETE /exports/{id}`.

use actix_web::{HttpResponse, delete, web};
use registry_core::store::exports;

use crate::AppState;
use crate::auth::guards::ReleaseReader;
use crate::error::ApiError;
use crate::exports::files;

/// Deletes a release: its file is removed and the job shows `deleted` (audited). A job still
/// queued or running is cancelled the same way. Deleting twice is harmless.
#[utoipa::path(tag = "exports", security(("bearer" = [])),
    params(("id" = String, Path, description = "job id")),
    responses((status = 204, description = "deleted"),
              (status = 403, body = crate::error::Problem, description = "not a researcher or admin"),
              (status = 404, body = crate::error::Problem, description = "no such job among the caller's")))]
#[delete("/exports/{id}")]
pub async fn delete_export(
    state: web::Data<AppState>,
    user: ReleaseReader,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let who = super::requester(&user);
    let ctx = user.ctx();
    let id = path.into_inner();
    let dir = state.settings.release_dir.clone();
    state
        .db
        .run(move |conn| {
            let before = conn.write(|tx| exports::delete(tx, &ctx, &who, &id))?;
            if let Some(name) = before.file_name {
                files::remove(&dir.join(name));
            }
            Ok(())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
