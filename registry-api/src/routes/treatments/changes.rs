//! `POST /treatments/{id}/dose-changes` and `POST /treatments/{id}/interruptions`.

use actix_web::{HttpRequest, HttpResponse, post, web};
use registry_core::ValidationErrors;
use registry_core::store::treatments;

use super::dto::{self, DoseChangeRequest, InterruptionRequest};
use crate::AppState;
use crate::auth::guards::CenterUser;
use crate::error::ApiError;
use crate::extract::{ApiJson, IdempotencyKey, parse_date};
use crate::idempotent::{self, Created};
use crate::routes::records;

/// Records a dose change (a lower dose than the one before counts as a tapering step unless
/// `is_taper` says otherwise). The date must fall within the episode.
#[utoipa::path(tag = "treatments", security(("bearer" = [])), request_body = DoseChangeRequest,
    params(("id" = String, Path, description = "episode id"), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 201, body = crate::routes::records::DoseChangeView, description = "the dose change"), (status = 404, body = crate::error::Problem),
              (status = 422, body = crate::error::Problem)))]
#[post("/treatments/{id}/dose-changes")]
pub async fn add_dose_change(
    state: web::Data<AppState>,
    user: CenterUser,
    key: IdempotencyKey,
    req: HttpRequest,
    path: web::Path<String>,
    body: ApiJson<DoseChangeRequest>,
) -> Result<HttpResponse, ApiError> {
    let ApiJson(input, raw) = body;
    let mut errors = ValidationErrors::new();
    let date = dto::required_date(
        &mut errors,
        "effective_date",
        input.effective_date.as_deref(),
    );
    let dose = dto::dose(
        &mut errors,
        "",
        input.amount,
        input.unit.as_deref(),
        input.frequency.as_deref(),
    );
    errors.into_result(())?;
    let (Some(date), Some(dose)) = (date, dose) else {
        return Err(ApiError::Invalid(vec![]));
    };
    let (scope, episode_id) = (user.scope(), path.into_inner());
    idempotent::create(&state, &user, key, &req, &raw, move |tx, ctx| {
        let row =
            treatments::add_dose_change(tx, ctx, &scope, &episode_id, date, dose, input.is_taper)?;
        Ok(Created::new(
            records::dose_change_json(&row)?,
            row.version,
            format!("/api/v1/treatments/{episode_id}"),
        ))
    })
    .await
}

/// Records an interruption (the drug paused from `from`, restarted on `to`). Interruptions of one
/// episode may not overlap and must fall within it.
#[utoipa::path(tag = "treatments", security(("bearer" = [])), request_body = InterruptionRequest,
    params(("id" = String, Path, description = "episode id"), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 201, body = crate::routes::records::InterruptionView, description = "the interruption"), (status = 404, body = crate::error::Problem),
              (status = 422, body = crate::error::Problem)))]
#[post("/treatments/{id}/interruptions")]
pub async fn add_interruption(
    state: web::Data<AppState>,
    user: CenterUser,
    key: IdempotencyKey,
    req: HttpRequest,
    path: web::Path<String>,
    body: ApiJson<InterruptionRequest>,
) -> Result<HttpResponse, ApiError> {
    let ApiJson(input, raw) = body;
    let mut errors = ValidationErrors::new();
    let from = dto::required_date(&mut errors, "from", input.from.as_deref());
    let to = parse_date(&mut errors, "to", input.to.as_deref());
    let reason = dto::interruption_reason(&mut errors, input.reason.as_deref());
    errors.into_result(())?;
    let (Some(from), Some(reason)) = (from, reason) else {
        return Err(ApiError::Invalid(vec![]));
    };
    let (scope, episode_id) = (user.scope(), path.into_inner());
    idempotent::create(&state, &user, key, &req, &raw, move |tx, ctx| {
        let row = treatments::add_interruption(tx, ctx, &scope, &episode_id, from, to, reason)?;
        Ok(Created::new(
            records::interruption_json(&row)?,
            row.version,
            format!("/api/v1/treatments/{episode_id}"),
        ))
    })
    .await
}
