//! Idempotent creation: the same `Idempotency-Key` with the same body returns the first response
//! and creates nothing new; the same key with another body is 422. The record is stored in the
//! same transaction as the creation, so a response is replayable exactly when the write landed.

use actix_web::http::StatusCode;
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse};
use registry_core::store::idempotency::{self, IdempotencyRecord};
use registry_core::store::{self, DbConn, StoreError, WriteCtx};
use sha2::{Digest, Sha256};

use crate::AppState;
use crate::auth::AuthUser;
use crate::error::ApiError;
use crate::extract::{IdempotencyKey, etag};

/// What a creation handler returns: status, body, and the new record's version and location.
pub struct Created {
    /// Status (201 usually).
    pub status: StatusCode,
    /// Response body.
    pub body: serde_json::Value,
    /// Version for the ETag.
    pub version: Option<i32>,
    /// Location of the new record.
    pub location: Option<String>,
}

impl Created {
    /// A 201 for a record at `location` with `version`.
    pub fn new(body: serde_json::Value, version: i32, location: String) -> Self {
        Self {
            status: StatusCode::CREATED,
            body,
            version: Some(version),
            location: Some(location),
        }
    }

    fn respond(&self, replayed: bool) -> HttpResponse {
        let mut r = HttpResponse::build(self.status);
        if let Some(v) = self.version {
            r.insert_header((header::ETAG, etag(v)));
        }
        if let Some(l) = &self.location {
            r.insert_header((header::LOCATION, l.clone()));
        }
        if replayed {
            r.insert_header(("Idempotent-Replayed", "true"));
        }
        r.json(&self.body)
    }
}

enum Outcome {
    Fresh(Created),
    Replay(Created),
}

/// Runs `create` in one write transaction with the idempotency bookkeeping.
pub async fn create<F>(
    state: &AppState,
    user: &AuthUser,
    key: IdempotencyKey,
    req: &HttpRequest,
    body: &[u8],
    create: F,
) -> Result<HttpResponse, ApiError>
where
    F: FnOnce(&mut DbConn, &WriteCtx) -> Result<Created, ApiError> + Send + 'static,
{
    let ctx = user.ctx();
    let user_id = user.id.clone();
    let path = req.path().to_owned();
    let request_hash = hex::encode(Sha256::digest(
        [
            req.method().as_str().as_bytes(),
            b" ",
            path.as_bytes(),
            b"\n",
            body,
        ]
        .concat(),
    ));
    let key = key.0;
    let outcome = {
        let (user_id, key, request_hash, path) = (
            user_id.clone(),
            key.clone(),
            request_hash.clone(),
            path.clone(),
        );
        state
            .db
            .run(move |conn| {
                // The audit events of the creation are appended at the end, together.
                store::write_deferred(conn, &ctx, |tx, ctx| {
                    if let Some(key) = &key
                        && let Some(found) = idempotency::find(tx, &user_id, key)?
                    {
                        return replay(found, &request_hash).map(Outcome::Replay);
                    }
                    let created = create(tx, ctx)?;
                    if let Some(key) = key {
                        idempotency::save(
                            tx,
                            &IdempotencyRecord {
                                user_id,
                                idem_key: key,
                                method: "POST".into(),
                                path,
                                request_hash,
                                status: i32::from(created.status.as_u16()),
                                response_body: created.body.to_string(),
                                created_at: ctx.now,
                            },
                        )?;
                    }
                    Ok(Outcome::Fresh(created))
                })
            })
            .await
    };
    match outcome {
        Ok(Outcome::Fresh(c)) => Ok(c.respond(false)),
        Ok(Outcome::Replay(c)) => Ok(c.respond(true)),
        // A concurrent request with the same key landed first: answer what it answered.
        Err(ApiError::Conflict(_)) if key.is_some() => {
            let key = key.unwrap_or_default();
            let found = state
                .db
                .run(move |conn| Ok(idempotency::find(conn, &user_id, &key)?))
                .await?;
            match found {
                Some(found) => Ok(replay(found, &request_hash)?.respond(true)),
                None => Err(ApiError::Conflict(
                    "the record conflicts with a stored one".into(),
                )),
            }
        }
        Err(e) => Err(e),
    }
}

fn replay(found: IdempotencyRecord, request_hash: &str) -> Result<Created, ApiError> {
    if found.request_hash != request_hash {
        return Err(ApiError::field(
            "Idempotency-Key",
            "this key was already used with another request body; use a new key for a new request",
        ));
    }
    let body: serde_json::Value = serde_json::from_str(&found.response_body)
        .map_err(|e| ApiError::from(StoreError::Corrupt(e.to_string())))?;
    let version = body
        .get("version")
        .and_then(serde_json::Value::as_i64)
        .and_then(|v| i32::try_from(v).ok());
    let location = body
        .get("id")
        .and_then(serde_json::Value::as_str)
        .map(|id| format!("{}/{id}", location_base(&found.path)));
    Ok(Created {
        status: StatusCode::from_u16(u16::try_from(found.status).unwrap_or(201))
            .unwrap_or(StatusCode::CREATED),
        body,
        version,
        location,
    })
}

/// `/api/v1/patients/{id}/visits` → `/api/v1/visits`; `/api/v1/patients` stays.
fn location_base(path: &str) -> String {
    let parts: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    match parts.as_slice() {
        [.., "patients", _, resource] => format!("/api/v1/{resource}"),
        _ => path.trim_end_matches('/').to_owned(),
    }
}
