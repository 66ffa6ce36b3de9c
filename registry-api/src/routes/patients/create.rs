//! `POST /patients`.

use actix_web::{HttpRequest, HttpResponse, post, web};
use registry_core::store::patients;
use registry_core::store::{StoreError, centers};
use registry_core::{FieldError, ValidationErrors};

use super::dto::{self, PatientRequest};
use crate::AppState;
use crate::auth::guards::CenterUser;
use crate::error::ApiError;
use crate::extract::{ApiJson, IdempotencyKey};
use crate::idempotent::{self, Created};

/// Registers a patient in the caller's center.
#[utoipa::path(tag = "patients", security(("bearer" = [])), request_body = PatientRequest,
    params(("Idempotency-Key" = Option<String>, Header, description = "replay-safe creation")),
    responses((status = 201, description = "created; ETag carries the version"),
              (status = 409, body = crate::error::Problem, description = "local reference already used in this center"),
              (status = 422, body = crate::error::Problem)))]
#[post("/patients")]
pub async fn create_patient(
    state: web::Data<AppState>,
    user: CenterUser,
    key: IdempotencyKey,
    req: HttpRequest,
    body: ApiJson<PatientRequest>,
) -> Result<HttpResponse, ApiError> {
    let ApiJson(input, raw) = body;
    let own_center = user.center_id.clone().ok_or(ApiError::Forbidden)?;
    let role = user.role;
    idempotent::create(&state, &user, key, &req, &raw, move |tx, ctx| {
        let mut errors = ValidationErrors::new();
        if let Some(code) = &input.center {
            match centers::by_code(tx, code) {
                Ok(c) if c.id == own_center => {}
                Ok(_) | Err(StoreError::NotFound) => errors.push(FieldError::new(
                    "center",
                    "a center user registers patients in its own center only",
                )),
                Err(e) => return Err(e.into()),
            }
        }
        let new = dto::new_patient(&mut errors, &input, own_center);
        let new = errors
            .into_result(new)?
            .ok_or_else(|| ApiError::Invalid(vec![]))?;
        let p = patients::create(tx, ctx, new)?;
        Ok(Created::new(
            dto::to_json(&p, role),
            p.version,
            format!("/api/v1/patients/{}", p.id),
        ))
    })
    .await
}
