//! `POST /patients/{id}/visits/preview`: a visit scored as it would be recorded, stored nowhere.

use actix_web::{HttpResponse, post, web};
use registry_core::store::visits::VisitRow;
use registry_core::store::{DbConn, Scope, WriteCtx, patients};
use registry_core::visit::VisitInput;

use super::create::check_visit;
use super::inline::Inline;
use super::view::PatientVisits;
use crate::AppState;
use crate::auth::guards::CenterUser;
use crate::error::ApiError;
use crate::extract::ApiJson;

/// Scores a visit without storing it: the same body as `POST /patients/{id}/visits`, checked by
/// the same rules (the same problem document, field by field, and 409 for a date that already
/// has a visit), answered as the created visit's view would be — totals, bands, its place in the
/// episode and the responses against the baseline. Nothing is stored and nothing audited: the
/// `id` names no record, and the visit's labs and adverse events are checked but not listed.
#[utoipa::path(tag = "visits", security(("bearer" = [])), params(("id" = String, Path, description = "patient id")),
    request_body(content = crate::schemas::VisitRequest, description = "as for recording a visit",
        example = json!({"visit_date": "2025-03-31", "weight_kg": 72.5,
            "salt": {"top": 25, "back": 10, "right": 0, "left": 0}, "eyebrows": 1, "wig": false})),
    responses((status = 200, body = crate::schemas::VisitView, description = "the visit as it would be recorded; nothing stored"),
              (status = 400, body = crate::error::Problem, description = "the body is not JSON"),
              (status = 404, body = crate::error::Problem), (status = 409, body = crate::error::Problem),
              (status = 422, body = crate::error::Problem)))]
#[post("/patients/{id}/visits/preview")]
pub async fn preview_visit(
    state: web::Data<AppState>,
    user: CenterUser,
    path: web::Path<String>,
    body: ApiJson<VisitInput>,
) -> Result<HttpResponse, ApiError> {
    let input = body.into_inner();
    let patient_id = path.into_inner();
    let (scope, ctx) = (user.scope(), user.ctx());
    let view = state
        .db
        .run(move |conn| preview(conn, &ctx, &scope, &patient_id, &input))
        .await?;
    Ok(HttpResponse::Ok().json(view))
}

/// The one preview of a visit: [`check_visit`], then the visit filled as creation fills it and
/// placed among the patient's stored visits, viewed as [`PatientVisits`] views a stored one.
/// The API route and the visit page's live scoring both call it.
pub fn preview(
    conn: &mut DbConn,
    ctx: &WriteCtx,
    scope: &Scope,
    patient_id: &str,
    input: &VisitInput,
) -> Result<serde_json::Value, ApiError> {
    let patient = patients::get(conn, scope, patient_id)?;
    let parsed = check_visit(conn, &patient, input)?;
    let mut row = VisitRow::new(ctx, &patient.center_id, &patient.id, parsed.date);
    row.fill(input, &parsed)?;
    let id = row.id.clone();
    let mut body = PatientVisits::load_with(conn, scope, &patient, Some(row))?.view(&id)?;
    Inline::default().attach(&mut body);
    Ok(body)
}
