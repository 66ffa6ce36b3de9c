//! `POST /patients/{id}/treatments`.

use actix_web::{HttpRequest, HttpResponse, post, web};
use registry_core::catalogue::{Drug, check_start};
use registry_core::patient::Diagnosis;
use registry_core::store::treatments::{self, EpisodeRow, EpisodeStop, NewEpisode};
use registry_core::store::{DbConn, Scope, WriteCtx, patients, visits};
use registry_core::time::DateRule;
use registry_core::treatment::classify_transition;
use registry_core::{FieldError, ValidationErrors, Warning};

use super::dto::{self, TreatmentRequest};
use crate::AppState;
use crate::auth::guards::CenterUser;
use crate::error::ApiError;
use crate::extract::{ApiJson, IdempotencyKey, today};
use crate::idempotent::{self, Created};

/// Starts a treatment episode. Starting below a drug's age or weight limit, or for an
/// indication it is not licensed for, is accepted with a warning (off-label use is recorded,
/// never silently). The answer names the episode number (re-treatments count up per drug) and
/// how the start relates to the previous drug (first, re-treatment, switch).
#[utoipa::path(tag = "treatments", security(("bearer" = [])), request_body = TreatmentRequest,
    params(("id" = String, Path, description = "patient id"), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 201, body = crate::routes::records::EpisodeView, description = "the episode with `warnings` and `transition`"),
              (status = 404, body = crate::error::Problem), (status = 422, body = crate::error::Problem)))]
#[post("/patients/{id}/treatments")]
pub async fn create_treatment(
    state: web::Data<AppState>,
    user: CenterUser,
    key: IdempotencyKey,
    req: HttpRequest,
    path: web::Path<String>,
    body: ApiJson<TreatmentRequest>,
) -> Result<HttpResponse, ApiError> {
    let ApiJson(input, raw) = body;
    let patient_id = path.into_inner();
    let scope = user.scope();
    idempotent::create(&state, &user, key, &req, &raw, move |tx, ctx| {
        let (row, body) = start_episode(tx, ctx, &scope, &patient_id, &input)?;
        Ok(Created::new(
            body,
            row.version,
            format!("/api/v1/treatments/{}", row.id),
        ))
    })
    .await
}

/// The one start of a treatment episode: every field checked (each bad one listed), the
/// licence checks as warnings, stored in the caller's transaction; answers the row and its view
/// with `transition`. `POST /patients/{id}/treatments` and the treatment page both call it.
pub fn start_episode(
    tx: &mut DbConn,
    ctx: &WriteCtx,
    scope: &Scope,
    patient_id: &str,
    input: &TreatmentRequest,
) -> Result<(EpisodeRow, serde_json::Value), ApiError> {
    let patient = patients::get(tx, scope, patient_id)?;
    let born = patient.birth_month()?;
    let mut errors = ValidationErrors::new();
    let drug = dto::drug(&mut errors, input.drug.as_deref());
    let indication = match input.indication.as_deref() {
        None => Some(patient.diagnosis()?),
        Some(v) => Diagnosis::parse(v).or_else(|| {
            errors.push(FieldError::new(
                "indication",
                "the indication is 'AA' or 'AD'",
            ));
            None
        }),
    };
    let rule = DateRule::new(today(), Some(born));
    let mut date = |field: &str, value: Option<&str>| {
        value.and_then(|v| errors.collect("", rule.parse(field, v)))
    };
    let start = date("start_date", input.start_date.as_deref());
    let stop_date = date("stop_date", input.stop_date.as_deref());
    if input.start_date.is_none() {
        errors.push(FieldError::new("start_date", "this date is required"));
    }
    let stop_reason = dto::stop_reason(&mut errors, input.stop_reason.as_deref());
    match (input.stop_date.is_some(), input.stop_reason.is_some()) {
        (true, false) => errors.push(FieldError::new(
            "stop_reason",
            "a stopped episode needs its stop reason",
        )),
        (false, true) => errors.push(FieldError::new(
            "stop_date",
            "a stop reason needs the stop date",
        )),
        _ => {}
    }
    let dose = input.dose.as_ref().and_then(|d| {
        dto::dose(
            &mut errors,
            "dose",
            d.amount,
            d.unit.as_deref(),
            d.frequency.as_deref(),
        )
    });
    if input
        .weight_kg
        .is_some_and(|w| w <= rust_decimal::Decimal::ZERO)
    {
        errors.push(FieldError::new("weight_kg", "a body weight is above 0"));
    }
    let (Some(drug), Some(indication), Some(start)) = (drug, indication, start) else {
        return Err(errors.into());
    };
    if !errors.is_empty() {
        return Err(errors.into());
    }
    let weight = match input.weight_kg {
        Some(w) => Some(w),
        None => latest_weight(tx, scope, &patient.id, start)?,
    };
    let mut warnings: Vec<Warning> = check_start(drug, indication, born, start, weight);
    if indication != patient.diagnosis()? {
        warnings.push(Warning::new(
            "treatment.indication_differs",
            "indication",
            format!(
                "the indication {} is not the patient's diagnosis {}",
                indication.code(),
                patient.diagnosis
            ),
        ));
    }
    let before = treatments::for_patient(tx, scope, &patient.id)?;
    let previous = before
        .iter()
        .filter(|e| e.start_date < start)
        .max_by_key(|e| e.start_date)
        .and_then(|e| Drug::parse(&e.drug));
    let stop = match (stop_date, stop_reason) {
        (Some(date), Some(reason)) => Some(EpisodeStop { date, reason }),
        _ => None,
    };
    let new = NewEpisode {
        center_id: patient.center_id.clone(),
        patient_id: patient.id.clone(),
        drug,
        indication,
        start_date: start,
        stop,
        dose,
        warnings,
    };
    let row = treatments::create(tx, ctx, new)?;
    let mut body = super::episode_view(tx, scope, &row)?;
    if let Some(obj) = body.as_object_mut() {
        obj.insert(
            "transition".into(),
            serde_json::to_value(classify_transition(previous, drug)).unwrap_or_default(),
        );
    }
    Ok((row, body))
}

/// The weight of the latest visit on or before `date`.
fn latest_weight(
    conn: &mut registry_core::store::DbConn,
    scope: &registry_core::store::Scope,
    patient_id: &str,
    date: chrono::NaiveDate,
) -> Result<Option<rust_decimal::Decimal>, ApiError> {
    let rows = visits::for_patient(conn, scope, patient_id)?;
    Ok(rows
        .iter()
        .rev()
        .filter(|v| v.visit_date <= date)
        .find_map(|v| v.weight_kg.as_deref().and_then(|w| w.parse().ok())))
}
