//! Data queries: a coordinator asks a center about a record ("SALT 95 at week 4 after 20 at
//! baseline — please check"), the center answers, the coordinator closes it.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use registry_core::store::data_queries::{self, NewQuery, QueryRow, QueryStatus};
use registry_core::store::{DbConn, StoreError, WriteCtx, centers};
use serde::Deserialize;
use serde_json::{Value, json};
use utoipa::{IntoParams, ToSchema};

use crate::AppState;
use crate::auth::guards::{CenterUser, CoordinatorUser, ReportReader};
use crate::error::ApiError;
use crate::extract::{ApiJson, IdempotencyKey, IfMatch, etag};
use crate::idempotent::{self, Created};

/// A question to a center about one of its records.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"center": "UMCU", "entity": "visit", "field": "salt.total", "message": "SALT fell from 80 to 5 in four weeks: please check the chart"}))]
pub struct QueryRequest {
    /// Center code.
    pub center: String,
    /// The patient the question is about, if any.
    pub patient_id: Option<String>,
    /// Kind of record (`visit`, `lab_result`, …).
    pub entity: String,
    /// The record's id.
    pub entity_id: Option<String>,
    /// The field in question (`salt.total`).
    pub field: Option<String>,
    /// The question.
    pub message: String,
}

/// The center's answer.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"answer": "checked against the chart: the total is right"}))]
pub struct AnswerRequest {
    /// The answer.
    pub answer: String,
}

/// Filter by status.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct QueryListQuery {
    /// `open`, `answered` or `closed`.
    pub status: Option<String>,
}

fn to_json(q: &QueryRow) -> Value {
    json!({
        "id": q.id, "center_id": q.center_id, "patient_id": q.patient_id, "entity": q.entity,
        "entity_id": q.entity_id, "field": q.field, "message": q.message, "status": q.status,
        "answer": q.answer, "raised_at": q.raised_at.and_utc(), "answered_at": q.answered_at.map(|t| t.and_utc()),
        "closed_at": q.closed_at.map(|t| t.and_utc()), "version": q.version,
    })
}

/// Raises a data query to a center.
#[utoipa::path(tag = "data queries", security(("bearer" = [])), request_body = QueryRequest,
    params(("Idempotency-Key" = Option<String>, Header)),
    responses((status = 201, body = crate::schemas::DataQueryView, description = "the open query"), (status = 422, body = crate::error::Problem)))]
#[post("/data-queries")]
pub async fn raise_query(
    state: web::Data<AppState>,
    user: CoordinatorUser,
    key: IdempotencyKey,
    req: HttpRequest,
    body: ApiJson<QueryRequest>,
) -> Result<HttpResponse, ApiError> {
    let ApiJson(input, raw) = body;
    idempotent::create(&state, &user, key, &req, &raw, move |tx, ctx| {
        let row = raise(tx, ctx, input)?;
        Ok(Created::new(
            to_json(&row),
            row.version,
            format!("/api/v1/data-queries/{}", row.id),
        ))
    })
    .await
}

/// Raises `input` (its center by code) on behalf of `ctx`: the rule `POST /data-queries` and
/// the report page's button share.
pub fn raise(tx: &mut DbConn, ctx: &WriteCtx, input: QueryRequest) -> Result<QueryRow, ApiError> {
    let center = centers::by_code(tx, &input.center).map_err(|e| match e {
        StoreError::NotFound => ApiError::field("center", "no center has this code"),
        other => other.into(),
    })?;
    let new = NewQuery {
        center_id: center.id,
        patient_id: input.patient_id,
        entity: input.entity,
        entity_id: input.entity_id,
        field: input.field,
        message: input.message,
    };
    Ok(data_queries::raise(tx, ctx, new)?)
}

/// The status filter of the list (`open`, `answered`, `closed`; none for all).
pub fn status_filter(status: Option<&str>) -> Result<Option<QueryStatus>, ApiError> {
    match status {
        None => Ok(None),
        Some(s) => Ok(Some(QueryStatus::parse(s).ok_or_else(|| {
            ApiError::field("status", "open, answered or closed")
        })?)),
    }
}

/// Data queries: every center's for coordinators, its own for a center user.
#[utoipa::path(tag = "data queries", security(("bearer" = [])), params(QueryListQuery),
    responses((status = 200, body = crate::schemas::DataQueryList), (status = 422, body = crate::error::Problem)))]
#[get("/data-queries")]
pub async fn list_queries(
    state: web::Data<AppState>,
    user: ReportReader,
    query: crate::query_string::ApiQuery<QueryListQuery>,
) -> Result<HttpResponse, ApiError> {
    let status = status_filter(query.status.as_deref())?;
    let scope = user.scope();
    let rows = state
        .db
        .run(move |conn| Ok(data_queries::list(conn, &scope, status)?))
        .await?;
    Ok(HttpResponse::Ok().json(json!({"items": rows.iter().map(to_json).collect::<Vec<_>>()})))
}

/// Answers a query about the center's own record (`If-Match` with the query's version).
#[utoipa::path(tag = "data queries", security(("bearer" = [])), request_body = AnswerRequest,
    params(("id" = String, Path), ("If-Match" = String, Header)),
    responses((status = 200, body = crate::schemas::DataQueryView, description = "the answered query"), (status = 404, body = crate::error::Problem),
              (status = 412, body = crate::error::Problem), (status = 422, body = crate::error::Problem)))]
#[post("/data-queries/{id}/answer")]
pub async fn answer_query(
    state: web::Data<AppState>,
    user: CenterUser,
    path: web::Path<String>,
    version: IfMatch,
    body: ApiJson<AnswerRequest>,
) -> Result<HttpResponse, ApiError> {
    let answer = body.into_inner().answer;
    let (scope, ctx, id) = (user.scope(), user.ctx(), path.into_inner());
    let row = state
        .db
        .run(move |conn| {
            Ok(conn.write(|tx| data_queries::answer(tx, &ctx, &scope, &id, version.0, &answer))?)
        })
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::ETAG, etag(row.version)))
        .json(to_json(&row)))
}

/// Closes a query (`If-Match` with the query's version).
#[utoipa::path(tag = "data queries", security(("bearer" = [])), params(("id" = String, Path), ("If-Match" = String, Header)),
    responses((status = 200, body = crate::schemas::DataQueryView, description = "the closed query"), (status = 404, body = crate::error::Problem),
              (status = 412, body = crate::error::Problem), (status = 422, body = crate::error::Problem)))]
#[post("/data-queries/{id}/close")]
pub async fn close_query(
    state: web::Data<AppState>,
    user: CoordinatorUser,
    path: web::Path<String>,
    version: IfMatch,
) -> Result<HttpResponse, ApiError> {
    let (ctx, id) = (user.ctx(), path.into_inner());
    let row = state
        .db
        .run(move |conn| Ok(conn.write(|tx| data_queries::close(tx, &ctx, &id, version.0))?))
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::ETAG, etag(row.version)))
        .json(to_json(&row)))
}
