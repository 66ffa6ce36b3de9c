//! `POST /patients/{id}/labs` and `GET /patients/{id}/labs`: lab results entered outside a
//! visit (a lab report arriving later), converted and checked like the ones inside a visit.

use actix_web::{HttpRequest, HttpResponse, delete, get, post, web};
use registry_core::labs::{LabResult, LabResultInput};
use registry_core::store::labs::{self, LabRow};
use registry_core::store::{DbConn, Scope, WriteCtx, patients, treatments};
use registry_core::time::DateRule;

use crate::AppState;
use crate::auth::guards::{CenterUser, ClinicalReader};
use crate::error::ApiError;
use crate::extract::{ApiJson, IdempotencyKey, IfMatch, today};
use crate::idempotent::{self, Created};
use crate::routes::patients::delete::DeleteQuery;
use crate::routes::records;

/// Records one lab result: stored as entered and in the canonical unit (an unknown unit is 422,
/// never a guess), flagged by the JAK-inhibitor safety rules with the patient's history.
#[utoipa::path(tag = "labs", security(("bearer" = [])), params(("id" = String, Path, description = "patient id"), ("Idempotency-Key" = Option<String>, Header)),
    request_body = crate::schemas::LabRequest,
    responses((status = 201, body = records::LabView, description = "the result with its `flags`"), (status = 404, body = crate::error::Problem),
              (status = 422, body = crate::error::Problem)))]
#[post("/patients/{id}/labs")]
pub async fn create_lab(
    state: web::Data<AppState>,
    user: CenterUser,
    key: IdempotencyKey,
    req: HttpRequest,
    path: web::Path<String>,
    body: ApiJson<LabResultInput>,
) -> Result<HttpResponse, ApiError> {
    let ApiJson(input, raw) = body;
    let result = LabResult::parse(&input)?;
    let (scope, patient_id) = (user.scope(), path.into_inner());
    idempotent::create(&state, &user, key, &req, &raw, move |tx, ctx| {
        let row = record_lab(tx, ctx, &scope, &patient_id, &result)?;
        Ok(Created::new(
            records::lab_json(&row)?,
            row.version,
            format!("/api/v1/patients/{}/labs", row.patient_id),
        ))
    })
    .await
}

/// The one recording of a lab result outside a visit, in the caller's transaction: the sample
/// date checked against today and the birth month, the flags of the safety rules judged with
/// the patient's history and treatment episodes, the row stored. `POST /patients/{id}/labs`
/// and the record page's lab form both call it.
pub fn record_lab(
    tx: &mut DbConn,
    ctx: &WriteCtx,
    scope: &Scope,
    patient_id: &str,
    result: &LabResult,
) -> Result<LabRow, ApiError> {
    let patient = patients::get(tx, scope, patient_id)?;
    DateRule::new(today(), Some(patient.birth_month()?)).check_at("sample_date", result.date())?;
    let spans: Vec<_> = treatments::for_patient(tx, scope, &patient.id)?
        .iter()
        .map(treatments::EpisodeRow::span)
        .collect();
    let history = labs::history(tx, scope, &patient.id, result.analyte())?;
    let flags = registry_core::labs::flags_in_history(result, &history, &spans);
    let row = LabRow::from_result(ctx, &patient.center_id, &patient.id, None, result, &flags)?;
    Ok(labs::create(tx, ctx, row)?)
}

/// The patient's lab results in date order, each with its flags.
#[utoipa::path(tag = "labs", security(("bearer" = [])), params(("id" = String, Path, description = "patient id")),
    responses((status = 200, body = crate::schemas::LabList), (status = 404, body = crate::error::Problem)))]
#[get("/patients/{id}/labs")]
pub async fn list_labs(
    state: web::Data<AppState>,
    user: ClinicalReader,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    crate::routes::shared::patient_items(
        &state,
        &user,
        path.into_inner(),
        |conn, scope, patient| {
            Ok(labs::for_patient(conn, scope, patient)?
                .iter()
                .map(records::lab_json)
                .collect::<Result<Vec<_>, _>>()?)
        },
    )
    .await
}

/// Soft-deletes a lab result entered in error (kept in the audit trail with the reason):
/// `If-Match` and `?reason=` required. The flags of later results are not judged again.
#[utoipa::path(tag = "labs", security(("bearer" = [])), params(("id" = String, Path), ("If-Match" = String, Header), DeleteQuery),
    responses((status = 204, description = "deleted"), (status = 404, body = crate::error::Problem),
              (status = 412, body = crate::error::Problem), (status = 422, body = crate::error::Problem),
              (status = 428, body = crate::error::Problem)))]
#[delete("/labs/{id}")]
pub async fn delete_lab(
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
        labs::delete,
    )
    .await
}
