//! `GET /patients/{id}`.

use actix_web::http::header;
use actix_web::{HttpResponse, get, web};
use registry_core::store::patients;

use super::dto;
use crate::AppState;
use crate::auth::guards::ClinicalReader;
use crate::error::ApiError;
use crate::extract::etag;

/// One patient; another center's patient is 404 for a center user, like an unknown id.
#[utoipa::path(tag = "patients", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = super::dto::PatientView, description = "the patient; ETag carries the version"), (status = 404, body = crate::error::Problem)))]
#[get("/patients/{id}")]
pub async fn get_patient(
    state: web::Data<AppState>,
    user: ClinicalReader,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let scope = user.scope();
    let id = path.into_inner();
    let p = state
        .db
        .run(move |conn| Ok(patients::get(conn, &scope, &id)?))
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::ETAG, etag(p.version)))
        .json(dto::to_json(&p, user.role)))
}
