//! `GET /audit`: the hash-chained audit trail, for coordinators and administrators.

use actix_web::{HttpResponse, get, web};
use registry_core::role::Role;
use registry_core::store::audit::{self, AuditEvent, AuditFilter};
use registry_core::store::{StoreError, centers};
use serde::Deserialize;
use serde_json::{Value, json};
use utoipa::IntoParams;

use crate::AppState;
use crate::auth::guards::AuditReader;
use crate::error::ApiError;
use crate::routes::page_size;

/// Filters and the cursor.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct AuditQuery {
    /// Kind of record (`patient`, `visit`, `session`, …).
    pub entity: Option<String>,
    /// One record's id.
    pub entity_id: Option<String>,
    /// Center code.
    pub center: Option<String>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Page size (1–500, default 50).
    pub limit: Option<i64>,
}

/// Removes the local patient reference from a recorded record: coordinators read the trail
/// pseudonymously, as they read patients.
fn pseudonymous(json: Option<&String>) -> Value {
    let mut v: Value = json
        .and_then(|s| serde_json::from_str(s).ok())
        .unwrap_or(Value::Null);
    if let Some(obj) = v.as_object_mut() {
        obj.remove("local_ref");
    }
    v
}

fn to_json(e: &AuditEvent, role: Role) -> Value {
    let record = |j: Option<&String>| match role {
        Role::Admin => j
            .and_then(|s| serde_json::from_str(s).ok())
            .unwrap_or(Value::Null),
        _ => pseudonymous(j),
    };
    json!({
        "id": e.id, "chain": e.chain, "seq": e.seq, "occurred_at": e.occurred_at.and_utc(),
        "actor_id": e.actor_id, "actor_role": e.actor_role, "center_id": e.center_id,
        "entity": e.entity, "entity_id": e.entity_id, "action": e.action, "reason": e.reason,
        "before": record(e.before_json.as_ref()), "after": record(e.after_json.as_ref()),
        "request_id": e.request_id, "prev_hash": e.prev_hash, "hash": e.hash,
    })
}

/// Audit events, oldest first, a page at a time: who did what, when, why, before and after.
#[utoipa::path(tag = "audit", security(("bearer" = [])), params(AuditQuery),
    responses((status = 200, body = crate::schemas::AuditPage), (status = 403, body = crate::error::Problem)))]
#[get("/audit")]
pub async fn list_audit(
    state: web::Data<AppState>,
    user: AuditReader,
    query: crate::query_string::ApiQuery<AuditQuery>,
) -> Result<HttpResponse, ApiError> {
    let q = query.into_inner();
    let limit = page_size(q.limit);
    let rows = state
        .db
        .run(move |conn| {
            let center_id = q
                .center
                .as_deref()
                .map(|code| centers::by_code(conn, code).map(|c| c.id))
                .transpose()
                .map_err(|e| match e {
                    StoreError::NotFound => ApiError::field("center", "no center has this code"),
                    other => other.into(),
                })?;
            let filter = AuditFilter {
                entity: q.entity,
                entity_id: q.entity_id,
                center_id,
                after_id: q.cursor,
                // One more than the page: whether another page follows.
                limit: limit + 1,
            };
            Ok(audit::list(conn, &filter)?)
        })
        .await?;
    let mut rows = rows;
    let more = rows.len() as i64 > limit;
    rows.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    let next_cursor = more.then(|| rows.last().map(|e| e.id.clone())).flatten();
    Ok(HttpResponse::Ok().json(json!({
        "items": rows.iter().map(|e| to_json(e, user.role)).collect::<Vec<_>>(),
        "next_cursor": next_cursor,
    })))
}
