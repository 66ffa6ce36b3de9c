//! What several resources' handlers do the same way: list a patient's records, soft-delete a
//! record. Each handler names its store function; the checks and answers are here once.

use actix_web::HttpResponse;
use registry_core::store::{DbConn, Deletion, Scope, StoreError, WriteCtx, patients};
use serde_json::{Value, json};

use crate::AppState;
use crate::auth::AuthUser;
use crate::error::ApiError;
use crate::extract::{IfMatch, require_reason};
use crate::routes::patients::delete::DeleteQuery;

/// `{items}`: `load`'s records of the patient `patient_id`, which must be in the caller's scope
/// (another center's patient is 404).
pub async fn patient_items<F>(
    state: &AppState,
    user: &AuthUser,
    patient_id: String,
    load: F,
) -> Result<HttpResponse, ApiError>
where
    F: FnOnce(&mut DbConn, &Scope, &str) -> Result<Vec<Value>, ApiError> + Send + 'static,
{
    let scope = user.scope();
    let items = state
        .db
        .run(move |conn| {
            let patient = patients::get(conn, &scope, &patient_id)?;
            load(conn, &scope, &patient.id)
        })
        .await?;
    Ok(HttpResponse::Ok().json(json!({ "items": items })))
}

/// A store function that soft-deletes one record.
pub type DeleteFn = fn(&mut DbConn, &WriteCtx, &Scope, &str, &Deletion) -> Result<(), StoreError>;

/// Soft-deletes the record `id` with `delete`: `If-Match` and `?reason=` required; 204.
pub async fn soft_delete(
    state: &AppState,
    user: &AuthUser,
    id: String,
    version: IfMatch,
    query: DeleteQuery,
    delete: DeleteFn,
) -> Result<HttpResponse, ApiError> {
    delete_with_reason(state, user, id, version.0, query.reason.as_deref(), delete).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The one soft deletion of a record with `delete`: a reason required (at `reason`), the
/// stored version must be `version` (412 otherwise). The API's `DELETE` handlers and the pages'
/// deletion forms both call it.
pub async fn delete_with_reason(
    state: &AppState,
    user: &AuthUser,
    id: String,
    version: i32,
    reason: Option<&str>,
    delete: DeleteFn,
) -> Result<(), ApiError> {
    let reason = require_reason(reason)?;
    let deletion = Deletion {
        expected_version: version,
        reason,
    };
    let (scope, ctx) = (user.scope(), user.ctx());
    state
        .db
        .run(move |conn| Ok(conn.write(|tx| delete(tx, &ctx, &scope, &id, &deletion))?))
        .await
}
