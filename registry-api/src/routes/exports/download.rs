//! `GET /exports/{id}/download`.

use actix_web::http::header::{self, ContentDisposition, DispositionParam, DispositionType};
use actix_web::{HttpResponse, get, web};
use std::path::Path;

use registry_core::store::DbConn;
use registry_core::store::exports::{self, ExportStatus, Requester};

use crate::AppState;
use crate::auth::guards::ReleaseReader;
use crate::error::ApiError;

/// The release zip of a done job.
#[utoipa::path(tag = "exports", security(("bearer" = [])),
    params(("id" = String, Path, description = "job id")),
    responses((status = 200, content_type = "application/zip", description = "the release (Content-Disposition: attachment)"),
              (status = 403, body = crate::error::Problem, description = "not a researcher or admin"),
              (status = 404, body = crate::error::Problem, description = "no such job among the caller's"),
              (status = 409, body = crate::error::Problem, description = "the release is not done (queued, running, failed, deleted or expired)")))]
#[get("/exports/{id}/download")]
pub async fn download_export(
    state: web::Data<AppState>,
    user: ReleaseReader,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let who = super::requester(&user);
    let id = path.into_inner();
    let dir = state.settings.release_dir.clone();
    let release = state
        .db
        .run(move |conn| release_zip(conn, &who, &id, &dir))
        .await?;
    Ok(zip_answer(release))
}

/// A done release: its job id, the zip's SHA-256 and the zip.
pub struct ReleaseZip {
    /// The job's id.
    pub id: String,
    /// SHA-256 of the zip (hex).
    pub sha256: String,
    /// The zip.
    pub bytes: Vec<u8>,
}

/// The zip of job `id` among `who`'s, read from `dir`; 409 unless the release is done.
pub fn release_zip(
    conn: &mut DbConn,
    who: &Requester,
    id: &str,
    dir: &Path,
) -> Result<ReleaseZip, ApiError> {
    let job = exports::get(conn, who, id)?;
    let status = job.status()?;
    let name = match (&job.file_name, status) {
        (Some(name), ExportStatus::Done) => name.clone(),
        _ => {
            return Err(ApiError::Conflict(format!(
                "the release is {}, not done: there is nothing to download",
                job.status
            )));
        }
    };
    let bytes = std::fs::read(dir.join(name))
        .map_err(|e| ApiError::Internal(format!("cannot read the release file: {e}")))?;
    Ok(ReleaseZip {
        id: job.id,
        sha256: job.sha256.unwrap_or_default(),
        bytes,
    })
}

/// The download answer of a release (an attachment, its checksum as the ETag).
pub fn zip_answer(release: ReleaseZip) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/zip")
        .insert_header(ContentDisposition {
            disposition: DispositionType::Attachment,
            parameters: vec![DispositionParam::Filename(format!(
                "release-{}.zip",
                release.id
            ))],
        })
        .insert_header((header::ETAG, format!("\"{}\"", release.sha256)))
        .body(release.bytes)
}
