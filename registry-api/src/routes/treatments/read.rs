//! `GET /patients/{id}/treatments` and `GET /treatments/{id}`.

use actix_web::http::header;
use actix_web::{HttpResponse, get, web};
use registry_core::store::{patients, treatments};

use crate::AppState;
use crate::auth::guards::ClinicalReader;
use crate::error::ApiError;
use crate::extract::etag;

/// The patient's treatment episodes in start order, with doses and interruptions.
#[utoipa::path(tag = "treatments", security(("bearer" = [])), params(("id" = String, Path, description = "patient id")),
    responses((status = 200, body = crate::schemas::TreatmentList), (status = 404, body = crate::error::Problem)))]
#[get("/patients/{id}/treatments")]
pub async fn list_treatments(
    state: web::Data<AppState>,
    user: ClinicalReader,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let scope = user.scope();
    let id = path.into_inner();
    let items = state
        .db
        .run(move |conn| {
            let patient = patients::get(conn, &scope, &id)?;
            let rows = treatments::for_patient(conn, &scope, &patient.id)?;
            rows.iter()
                .map(|e| super::episode_view(conn, &scope, e))
                .collect::<Result<Vec<_>, _>>()
        })
        .await?;
    Ok(HttpResponse::Ok().json(serde_json::json!({"items": items})))
}

/// One treatment episode.
#[utoipa::path(tag = "treatments", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = crate::routes::records::EpisodeView, description = "the episode; ETag carries the version"), (status = 404, body = crate::error::Problem)))]
#[get("/treatments/{id}")]
pub async fn get_treatment(
    state: web::Data<AppState>,
    user: ClinicalReader,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let scope = user.scope();
    let id = path.into_inner();
    let (body, version) = state
        .db
        .run(move |conn| {
            let row = treatments::get(conn, &scope, &id)?;
            Ok((super::episode_view(conn, &scope, &row)?, row.version))
        })
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::ETAG, etag(version)))
        .json(body))
}
