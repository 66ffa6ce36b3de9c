//! `GET /visits/{id}` and `GET /patients/{id}/visits`.

use actix_web::http::header;
use actix_web::{HttpResponse, get, web};
use registry_core::store::visits::VisitRow;
use registry_core::store::{patients, visits};
use serde::Deserialize;
use utoipa::IntoParams;

use super::inline;
use super::view::PatientVisits;
use crate::AppState;
use crate::auth::guards::ClinicalReader;
use crate::error::ApiError;
use crate::extract::etag;
use crate::routes::page_size;

/// One visit with its computed values, responses, labs and adverse events.
#[utoipa::path(tag = "visits", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = crate::schemas::VisitView, description = "the visit; ETag carries the version"), (status = 404, body = crate::error::Problem)))]
#[get("/visits/{id}")]
pub async fn get_visit(
    state: web::Data<AppState>,
    user: ClinicalReader,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let scope = user.scope();
    let id = path.into_inner();
    let (body, version) = state
        .db
        .run(move |conn| {
            let row = visits::get(conn, &scope, &id)?;
            let patient = patients::get(conn, &scope, &row.patient_id)?;
            let mut body = PatientVisits::load(conn, &scope, &patient)?.view(&row.id)?;
            inline::load(conn, &scope, &row)?.attach(&mut body);
            Ok((body, row.version))
        })
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::ETAG, etag(version)))
        .json(body))
}

/// The cursor of the visit list.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct VisitListQuery {
    /// `next_cursor` of the previous page (a visit date).
    pub cursor: Option<chrono::NaiveDate>,
    /// Page size (1–500, default 50).
    pub limit: Option<i64>,
}

/// The patient's visits in date order, each scored and with its responses.
#[utoipa::path(tag = "visits", security(("bearer" = [])), params(("id" = String, Path, description = "patient id"), VisitListQuery),
    responses((status = 200, body = crate::schemas::VisitPage), (status = 404, body = crate::error::Problem)))]
#[get("/patients/{id}/visits")]
pub async fn list_visits(
    state: web::Data<AppState>,
    user: ClinicalReader,
    path: web::Path<String>,
    query: crate::query_string::ApiQuery<VisitListQuery>,
) -> Result<HttpResponse, ApiError> {
    let scope = user.scope();
    let id = path.into_inner();
    let q = query.into_inner();
    let limit = usize::try_from(page_size(q.limit)).unwrap_or(50);
    let body = state
        .db
        .run(move |conn| {
            let patient = patients::get(conn, &scope, &id)?;
            let visits = PatientVisits::load(conn, &scope, &patient)?;
            let mut page: Vec<(usize, &VisitRow)> = visits
                .rows()
                .iter()
                .enumerate()
                .filter(|(_, r)| q.cursor.is_none_or(|c| r.visit_date > c))
                .take(limit + 1)
                .collect();
            let more = page.len() > limit;
            page.truncate(limit);
            let next = more
                .then(|| page.last().map(|(_, r)| r.visit_date))
                .flatten();
            let mut inline = inline::load_all(conn, &scope, &patient.id)?;
            let mut items = Vec::with_capacity(page.len());
            for (i, row) in page {
                let mut v = visits.view_at(i)?;
                inline.remove(&row.id).unwrap_or_default().attach(&mut v);
                items.push(v);
            }
            Ok(serde_json::json!({"items": items, "next_cursor": next}))
        })
        .await?;
    Ok(HttpResponse::Ok().json(body))
}
