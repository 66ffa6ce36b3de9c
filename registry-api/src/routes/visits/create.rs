//! `POST /patients/{id}/visits`.

use actix_web::{HttpRequest, HttpResponse, post, web};
use registry_core::store::patients::{self, PatientRow};
use registry_core::store::visits::{self, VisitRow};
use registry_core::store::{DbConn, Scope, WriteCtx};
use registry_core::visit::{ParsedVisit, PatientFacts, VisitInput};

use super::inline;
use super::view::PatientVisits;
use crate::AppState;
use crate::auth::guards::CenterUser;
use crate::error::ApiError;
use crate::extract::{ApiJson, IdempotencyKey, today};
use crate::idempotent::{self, Created};

/// Records a visit: every instrument is scored on entry (EASI with the multipliers for the
/// patient's age on the visit date), inline labs are converted and checked against the safety
/// rules, inline adverse events validated. The answer carries the computed totals, bands,
/// responses against the episode's baseline, lab flags and warnings. One visit per patient and
/// date (409 for a second).
#[utoipa::path(tag = "visits", security(("bearer" = [])), params(("id" = String, Path, description = "patient id"),
        ("Idempotency-Key" = Option<String>, Header, description = "replay-safe creation")),
    request_body = crate::schemas::VisitRequest,
    responses((status = 201, body = crate::schemas::VisitView, description = "the scored visit; ETag carries the version, Location its URL"),
              (status = 404, body = crate::error::Problem), (status = 409, body = crate::error::Problem),
              (status = 422, body = crate::error::Problem)))]
#[post("/patients/{id}/visits")]
pub async fn create_visit(
    state: web::Data<AppState>,
    user: CenterUser,
    key: IdempotencyKey,
    req: HttpRequest,
    path: web::Path<String>,
    body: ApiJson<VisitInput>,
) -> Result<HttpResponse, ApiError> {
    let ApiJson(input, raw) = body;
    let patient_id = path.into_inner();
    let scope = user.scope();
    idempotent::create(&state, &user, key, &req, &raw, move |tx, ctx| {
        let (row, body) = record_visit(tx, ctx, &scope, &patient_id, &input)?;
        Ok(Created::new(
            body,
            row.version,
            format!("/api/v1/visits/{}", row.id),
        ))
    })
    .await
}

/// The one check of a visit for `patient`: every instrument parsed and scored (each bad field
/// listed), and no other visit on its date (409 naming it). Creation and preview both run it.
pub fn check_visit(
    tx: &mut DbConn,
    patient: &PatientRow,
    input: &VisitInput,
) -> Result<ParsedVisit, ApiError> {
    let facts = PatientFacts {
        birth_month: patient.birth_month()?,
        diagnosis: patient.diagnosis()?,
    };
    let parsed = ParsedVisit::parse(input, &facts, today())?;
    if let Some(existing) = visits::on_date(tx, &patient.id, parsed.date)? {
        return Err(ApiError::Duplicate {
            detail: format!(
                "the patient already has a visit on {}; edit that visit instead",
                parsed.date
            ),
            existing_url: format!("/api/v1/visits/{}", existing.id),
            existing_id: existing.id,
        });
    }
    Ok(parsed)
}

/// The one recording of a visit, in the caller's transaction: checked ([`check_visit`]),
/// stored with its labs and adverse events, and answered as the visit's view with responses
/// against the episode's baseline. `POST /patients/{id}/visits` and the visit page both call it.
pub fn record_visit(
    tx: &mut DbConn,
    ctx: &WriteCtx,
    scope: &Scope,
    patient_id: &str,
    input: &VisitInput,
) -> Result<(VisitRow, serde_json::Value), ApiError> {
    let patient = patients::get(tx, scope, patient_id)?;
    let parsed = check_visit(tx, &patient, input)?;
    let mut row = VisitRow::new(ctx, &patient.center_id, &patient.id, parsed.date);
    row.fill(input, &parsed)?;
    let row = visits::create(tx, ctx, row)?;
    let stored = inline::store(tx, ctx, scope, &patient, &row, &parsed)?;
    let mut body = PatientVisits::load(tx, scope, &patient)?.view(&row.id)?;
    stored.attach(&mut body);
    Ok((row, body))
}
