//! `PATCH /patients/{id}`.

use actix_web::http::header;
use actix_web::{HttpResponse, patch, web};
use registry_core::FieldError;
use registry_core::patient::PatientRecord;
use registry_core::store::patients::{self, PatientChanges};
use registry_core::time::today;

use super::dto::{self, PatientPatch};
use crate::AppState;
use crate::auth::guards::CenterUser;
use crate::error::ApiError;
use crate::extract::{ApiJson, IfMatch, etag, require_reason};

/// Edits a patient: `If-Match` with the ETag of your read (412 when stale, 428 when missing) and a
/// `reason`. The stored record with the changes applied is validated whole, by the rules of a
/// registration (AA-only fields stay AA-only, dates keep the birth month), and the birth month
/// cannot move after any of the patient's dated records.
#[utoipa::path(tag = "patients", security(("bearer" = [])), request_body = PatientPatch,
    params(("id" = String, Path), ("If-Match" = String, Header)),
    responses((status = 200, body = super::dto::PatientView, description = "the new version; ETag carries it"), (status = 404, body = crate::error::Problem),
              (status = 412, body = crate::error::Problem), (status = 422, body = crate::error::Problem),
              (status = 428, body = crate::error::Problem)))]
#[patch("/patients/{id}")]
pub async fn update_patient(
    state: web::Data<AppState>,
    user: CenterUser,
    path: web::Path<String>,
    version: IfMatch,
    body: ApiJson<PatientPatch>,
) -> Result<HttpResponse, ApiError> {
    let patch = body.into_inner();
    let reason = require_reason(patch.reason.as_deref())?;
    let scope = user.scope();
    let ctx = user.ctx();
    let id = path.into_inner();
    let p = state
        .db
        .run(move |conn| {
            conn.write(|tx| -> Result<_, ApiError> {
                let stored = patients::get(tx, &scope, &id)?;
                let record = PatientRecord::parse(&patch.apply(stored.input()), today())?;
                if let Some(earliest) = patients::earliest_record_date(tx, &scope, &id)?
                    && earliest < record.birth_month.first_day()
                {
                    return Err(FieldError::new(
                        "birth_month",
                        format!(
                            "the patient has records dated before this birth month (the earliest on {earliest})"
                        ),
                    )
                    .into());
                }
                let changes = PatientChanges::whole(record);
                Ok(patients::update(
                    tx, &ctx, &scope, &id, version.0, &reason, changes,
                )?)
            })
        })
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::ETAG, etag(p.version)))
        .json(dto::to_json(&p, user.role)))
}
