//! `POST /patients`.

use actix_web::{HttpRequest, HttpResponse, post, web};
use registry_core::patient::PatientRecord;
use registry_core::store::patients::{self, NewPatient, PatientRow};
use registry_core::store::{DbConn, StoreError, WriteCtx, centers};
use registry_core::time::today;
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
    responses((status = 201, body = super::dto::PatientView, description = "created; ETag carries the version, Location its URL"),
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
    let (center, local_ref) = (own_center.clone(), input.local_ref.clone());
    let created = idempotent::create(&state, &user, key, &req, &raw, move |tx, ctx| {
        let p = register(tx, ctx, &own_center, &input)?;
        Ok(Created::new(
            dto::to_json(&p, role),
            p.version,
            format!("/api/v1/patients/{}", p.id),
        ))
    })
    .await;
    match created {
        Err(ApiError::Conflict(detail)) => {
            Err(name_existing(&state, center, local_ref, detail).await)
        }
        other => other,
    }
}

/// The one registration of a patient in the center `own_center`: validates the whole record
/// (every bad field listed) and stores it in the caller's transaction. `POST /patients` and the
/// registration page both call it.
pub fn register(
    tx: &mut DbConn,
    ctx: &WriteCtx,
    own_center: &str,
    input: &PatientRequest,
) -> Result<PatientRow, ApiError> {
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
    let record = match PatientRecord::parse(&input.input(), today()) {
        Ok(record) => errors.into_result(record)?,
        Err(bad) => {
            errors.extend_under("", bad);
            return Err(errors.into());
        }
    };
    Ok(patients::create(
        tx,
        ctx,
        NewPatient::from_record(own_center.to_owned(), record),
    )?)
}

/// The 409 for a local reference already used in the center, naming the stored patient (read
/// after the refused transaction: the unique index is the one check).
pub async fn name_existing(
    state: &AppState,
    center: String,
    local_ref: String,
    detail: String,
) -> ApiError {
    let found = state
        .db
        .run(move |conn| Ok(patients::by_local_ref(conn, &center, &local_ref)?))
        .await;
    match found {
        Ok(Some(p)) => ApiError::Duplicate {
            detail: format!("{detail}; read or edit that patient instead"),
            existing_url: format!("/api/v1/patients/{}", p.id),
            existing_id: p.id,
        },
        Ok(None) => ApiError::Conflict(format!(
            "{detail}: a deleted patient holds this reference; choose another"
        )),
        Err(e) => e,
    }
}
