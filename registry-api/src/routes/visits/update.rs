//! `PATCH /visits/{id}` and `DELETE /visits/{id}`.

use actix_web::http::header;
use actix_web::{HttpResponse, delete, patch, web};
use registry_core::FieldError;
use registry_core::store::visits::{self};
use registry_core::store::{DbConn, Scope, WriteCtx, patients};
use registry_core::visit::{ParsedVisit, PatientFacts, VisitInput};
use serde_json::{Map, Value};

use super::inline;
use super::view::PatientVisits;
use crate::AppState;
use crate::auth::guards::CenterUser;
use crate::error::ApiError;
use crate::extract::{ApiJson, IfMatch, etag, parse_json, require_reason, today};
use crate::routes::patients::delete::DeleteQuery;

/// Edits a visit: the fields sent replace the stored ones (`null` clears one), the whole visit
/// is scored again. `If-Match` (412 when stale, 428 when missing) and a `reason` are required.
/// Labs and adverse events are records of their own and are not edited here.
#[utoipa::path(tag = "visits", security(("bearer" = [])), params(("id" = String, Path), ("If-Match" = String, Header)),
    request_body = crate::schemas::VisitPatch,
    responses((status = 200, body = crate::schemas::VisitView, description = "the new version; ETag carries it"), (status = 404, body = crate::error::Problem),
              (status = 409, body = crate::error::Problem), (status = 412, body = crate::error::Problem),
              (status = 422, body = crate::error::Problem), (status = 428, body = crate::error::Problem)))]
#[patch("/visits/{id}")]
pub async fn update_visit(
    state: web::Data<AppState>,
    user: CenterUser,
    path: web::Path<String>,
    version: IfMatch,
    body: ApiJson<Map<String, Value>>,
) -> Result<HttpResponse, ApiError> {
    let mut patch = body.into_inner();
    let reason = edit_reason(&mut patch)?;
    let (scope, ctx, id) = (user.scope(), user.ctx(), path.into_inner());
    let (body, new_version) = state
        .db
        .run(move |conn| {
            conn.write(|tx| edit_visit(tx, &ctx, &scope, &id, version.0, patch, &reason))
        })
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::ETAG, etag(new_version)))
        .json(body))
}

/// The reason of an edit, taken out of its body (required, as every change), and the refusal
/// of the fields an edit of a visit does not touch (labs and adverse events are records of
/// their own). `PATCH /visits/{id}` and the visit's edit page both call it.
pub fn edit_reason(patch: &mut Map<String, Value>) -> Result<String, ApiError> {
    let reason = require_reason(patch.remove("reason").as_ref().and_then(Value::as_str))?;
    for field in ["labs", "adverse_events"] {
        if patch.contains_key(field) {
            return Err(ApiError::field(
                field,
                "labs and adverse events are edited as records of their own",
            ));
        }
    }
    Ok(reason)
}

/// The one edit of a visit, in the caller's transaction: the stored version must be
/// `expected_version` (412 otherwise, with the current one), the fields of `patch` replace the
/// stored ones (`null` clears one), the whole visit is parsed and scored again, no other visit
/// may have its date, and the new version is saved with `reason` in the audit trail. The
/// visit's view and its new version. `PATCH /visits/{id}` and the visit's edit page both call it.
pub fn edit_visit(
    tx: &mut DbConn,
    ctx: &WriteCtx,
    scope: &Scope,
    id: &str,
    expected_version: i32,
    patch: Map<String, Value>,
    reason: &str,
) -> Result<(Value, i32), ApiError> {
    let before = visits::get(tx, scope, id)?;
    if before.version != expected_version {
        return Err(ApiError::PreconditionFailed {
            current: before.version,
        });
    }
    let patient = patients::get(tx, scope, &before.patient_id)?;
    let mut merged =
        serde_json::to_value(before.to_input()?).map_err(|e| ApiError::Internal(e.to_string()))?;
    if let Some(obj) = merged.as_object_mut() {
        obj.extend(patch);
    }
    let input: VisitInput = parse_json(merged.to_string().as_bytes())?;
    let facts = PatientFacts {
        birth_month: patient.birth_month()?,
        diagnosis: patient.diagnosis()?,
    };
    let parsed = ParsedVisit::parse(&input, &facts, today())?;
    if parsed.date != before.visit_date && visits::on_date(tx, &patient.id, parsed.date)?.is_some()
    {
        return Err(
            FieldError::new("visit_date", "the patient already has a visit on this date").into(),
        );
    }
    let mut after = before.clone();
    after.fill(&input, &parsed)?;
    let row = visits::save_edit(tx, ctx, &before, after, reason)?;
    let mut body = PatientVisits::load(tx, scope, &patient)?.view(&row.id)?;
    inline::load(tx, scope, &row)?.attach(&mut body);
    Ok((body, row.version))
}

/// Soft-deletes a visit (kept in the audit trail): `If-Match` and `?reason=` required.
#[utoipa::path(tag = "visits", security(("bearer" = [])), params(("id" = String, Path), ("If-Match" = String, Header), DeleteQuery),
    responses((status = 204, description = "deleted"), (status = 404, body = crate::error::Problem),
              (status = 412, body = crate::error::Problem), (status = 428, body = crate::error::Problem)))]
#[delete("/visits/{id}")]
pub async fn delete_visit(
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
        visits::delete,
    )
    .await
}
