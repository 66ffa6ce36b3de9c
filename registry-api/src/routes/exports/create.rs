//! `POST /exports`.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, post, web};
use registry_core::FieldError;
use registry_core::store::{DbConn, StoreError, WriteCtx, centers, exports};
use registry_export::release::{DEFAULT_K, MIN_K};

use super::dto::{ExportAccepted, ExportRequest, MAX_K, status_url};
use crate::AppState;
use crate::auth::guards::ResearcherUser;
use crate::error::ApiError;
use crate::exports::release;
use crate::extract::{ApiJson, IdempotencyKey};
use crate::idempotent::{self, Created};

/// Checks a request: every bad field by its JSON path (`cohort.diagnosis`, `k`). Returns k and
/// the center codes the cohort names.
pub fn check(input: &ExportRequest) -> Result<(u32, Vec<String>), ApiError> {
    let mut errors: Vec<FieldError> = Vec::new();
    let codes = match release::check_cohort(&input.cohort) {
        Ok(codes) => codes,
        Err(bad) => {
            errors.extend(bad.into_iter().map(|e| e.under("cohort")));
            Vec::new()
        }
    };
    let k = input.k.map_or(Ok(DEFAULT_K), u32::try_from);
    let k = match k {
        Ok(k) if (MIN_K..=MAX_K).contains(&k) => Some(k),
        _ => {
            errors.push(FieldError::new(
                "k",
                format!("k is a whole number from {MIN_K} to {MAX_K}"),
            ));
            None
        }
    };
    match k {
        Some(k) if errors.is_empty() => Ok((k, codes)),
        _ => Err(ApiError::Invalid(errors)),
    }
}

/// Every center code of the cohort names a center (`cohort.centers[i]` otherwise).
fn check_centers(conn: &mut DbConn, codes: &[String]) -> Result<(), ApiError> {
    let mut errors = Vec::new();
    for (i, code) in codes.iter().enumerate() {
        match centers::by_code(conn, code) {
            Ok(_) => {}
            Err(StoreError::NotFound) => errors.push(FieldError::new(
                format!("cohort.centers[{i}]"),
                format!("no center has the code {code}"),
            )),
            Err(e) => return Err(e.into()),
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ApiError::Invalid(errors))
    }
}

/// Asks for an anonymised release of a cohort. The release is made off the request by the
/// export worker: follow `status_url` until `status` is `done`, then download the zip.
#[utoipa::path(tag = "exports", security(("bearer" = [])), request_body = ExportRequest,
    params(("Idempotency-Key" = Option<String>, Header, description = "replay-safe creation")),
    responses((status = 202, body = ExportAccepted, description = "queued; Location is the status URL"),
              (status = 403, body = crate::error::Problem, description = "not a researcher"),
              (status = 422, body = crate::error::Problem, description = "bad cohort definition or k, every field by JSON path; nothing was stored")))]
#[post("/exports")]
pub async fn create_export(
    state: web::Data<AppState>,
    user: ResearcherUser,
    key: IdempotencyKey,
    req: HttpRequest,
    body: ApiJson<ExportRequest>,
) -> Result<HttpResponse, ApiError> {
    let ApiJson(input, raw) = body;
    let (k, codes) = check(&input)?;
    let response = idempotent::create(&state, &user, key, &req, &raw, move |tx, ctx| {
        let accepted = queue(tx, ctx, &input, k, &codes)?;
        let body =
            serde_json::to_value(&accepted).map_err(|e| ApiError::Internal(e.to_string()))?;
        Ok(Created {
            status: StatusCode::ACCEPTED,
            body,
            version: None,
            location: Some(accepted.status_url),
        })
    })
    .await?;
    state.exports.notify();
    Ok(response)
}

/// Queues the release `input` asks for (checked by [`check`]: its `k` and center `codes`), once
/// its centers are known; the worker is told by the caller (`state.exports.notify()`).
pub fn queue(
    tx: &mut DbConn,
    ctx: &WriteCtx,
    input: &ExportRequest,
    k: u32,
    codes: &[String],
) -> Result<ExportAccepted, ApiError> {
    check_centers(tx, codes)?;
    let job = exports::create(tx, ctx, &input.cohort, k)?;
    Ok(ExportAccepted {
        status_url: status_url(&job.id),
        id: job.id,
        status: job.status,
    })
}
