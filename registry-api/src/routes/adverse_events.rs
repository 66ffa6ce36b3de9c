//! `POST /patients/{id}/adverse-events` and `GET /patients/{id}/adverse-events`.

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use registry_core::ValidationErrors;
use registry_core::adverse_event::{AdverseEvent, AdverseEventInput, flags_in_episode};
use registry_core::store::adverse_events::{self, AdverseEventRow};
use registry_core::store::{DbConn, Scope, WriteCtx, patients, treatments};
use registry_core::time::DateRule;

use crate::AppState;
use crate::auth::guards::{CenterUser, ClinicalReader};
use crate::error::ApiError;
use crate::extract::{ApiJson, IdempotencyKey, today};
use crate::idempotent::{self, Created};
use crate::routes::records;

/// Records an adverse event outside a visit. It is linked to the treatment episode running at
/// onset; herpes zoster or simplex on a JAK inhibitor without a recorded interruption is flagged.
#[utoipa::path(tag = "adverse events", security(("bearer" = [])), params(("id" = String, Path, description = "patient id"), ("Idempotency-Key" = Option<String>, Header)),
    request_body = crate::schemas::AdverseEventRequest,
    responses((status = 201, body = records::AdverseEventView, description = "the event with `aesi_categories`, `flags` and `warnings`"), (status = 404, body = crate::error::Problem),
              (status = 422, body = crate::error::Problem)))]
#[post("/patients/{id}/adverse-events")]
pub async fn create_adverse_event(
    state: web::Data<AppState>,
    user: CenterUser,
    key: IdempotencyKey,
    req: HttpRequest,
    path: web::Path<String>,
    body: ApiJson<AdverseEventInput>,
) -> Result<HttpResponse, ApiError> {
    let ApiJson(input, raw) = body;
    let event = AdverseEvent::parse(&input)?;
    let (scope, patient_id) = (user.scope(), path.into_inner());
    idempotent::create(&state, &user, key, &req, &raw, move |tx, ctx| {
        let (row, body) = record_adverse_event(tx, ctx, &scope, &patient_id, &event)?;
        Ok(Created::new(
            body,
            row.version,
            format!("/api/v1/patients/{}/adverse-events", row.patient_id),
        ))
    })
    .await
}

/// The one recording of an adverse event outside a visit, in the caller's transaction: its
/// dates checked against today and the birth month, linked to the episode running at onset,
/// flagged, stored; answered as the API's view with the event's `warnings`.
/// `POST /patients/{id}/adverse-events` and the record page's form both call it.
pub fn record_adverse_event(
    tx: &mut DbConn,
    ctx: &WriteCtx,
    scope: &Scope,
    patient_id: &str,
    event: &AdverseEvent,
) -> Result<(AdverseEventRow, serde_json::Value), ApiError> {
    let patient = patients::get(tx, scope, patient_id)?;
    let rule = DateRule::new(today(), Some(patient.birth_month()?));
    let mut errors = ValidationErrors::new();
    errors.collect("", rule.check_at("onset_date", event.onset_date()));
    if let Some(end) = event.end_date() {
        errors.collect("", rule.check_at("end_date", end));
    }
    errors.into_result(())?;
    let episodes = treatments::for_patient(tx, scope, &patient.id)?;
    let found = treatments::episode_on(tx, scope, &episodes, event.onset_date())?;
    let flags = flags_in_episode(event, found.as_ref().map(|(_, e)| e));
    let episode = found.map(|(row, _)| row);
    let row = AdverseEventRow::from_event(
        ctx,
        &patient.center_id,
        &patient.id,
        None,
        episode.map(|e| e.id.as_str()),
        event,
        &flags,
    )?;
    let row = adverse_events::create(tx, ctx, row)?;
    let mut body = records::adverse_event_json(&row)?;
    if let Some(obj) = body.as_object_mut() {
        obj.insert(
            "warnings".into(),
            serde_json::to_value(event.warnings()).unwrap_or_default(),
        );
    }
    Ok((row, body))
}

/// The patient's adverse events by onset.
#[utoipa::path(tag = "adverse events", security(("bearer" = [])), params(("id" = String, Path, description = "patient id")),
    responses((status = 200, body = crate::schemas::AdverseEventList), (status = 404, body = crate::error::Problem)))]
#[get("/patients/{id}/adverse-events")]
pub async fn list_adverse_events(
    state: web::Data<AppState>,
    user: ClinicalReader,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    crate::routes::shared::patient_items(
        &state,
        &user,
        path.into_inner(),
        |conn, scope, patient| {
            Ok(adverse_events::for_patient(conn, scope, patient)?
                .iter()
                .map(records::adverse_event_json)
                .collect::<Result<Vec<_>, _>>()?)
        },
    )
    .await
}
