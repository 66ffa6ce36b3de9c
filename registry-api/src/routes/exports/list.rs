//! `GET /exports`.

use actix_web::{HttpResponse, get, web};
use registry_core::store::DbConn;
use registry_core::store::exports::{self, Requester};
use serde::Deserialize;
use utoipa::IntoParams;

use super::dto::{ExportList, ExportView};
use crate::AppState;
use crate::auth::guards::ReleaseReader;
use crate::error::ApiError;

/// How many jobs.
#[derive(Debug, Deserialize, IntoParams)]
pub struct ListQuery {
    /// At most this many (default 50, at most 500).
    pub limit: Option<i64>,
}

/// The caller's release jobs (an admin's: everyone's), newest first.
#[utoipa::path(tag = "exports", security(("bearer" = [])), params(ListQuery),
    responses((status = 200, body = ExportList),
              (status = 403, body = crate::error::Problem, description = "not a researcher or admin")))]
#[get("/exports")]
pub async fn list_exports(
    state: web::Data<AppState>,
    user: ReleaseReader,
    query: crate::query_string::ApiQuery<ListQuery>,
) -> Result<HttpResponse, ApiError> {
    let who = super::requester(&user);
    let limit = crate::routes::page_size(query.limit);
    let items = state.db.run(move |conn| views(conn, &who, limit)).await?;
    Ok(HttpResponse::Ok().json(ExportList { items }))
}

/// `who`'s jobs (at most `limit`), newest first, as the API shows them.
pub fn views(conn: &mut DbConn, who: &Requester, limit: i64) -> Result<Vec<ExportView>, ApiError> {
    let rows = exports::list(conn, who, limit)?;
    Ok(rows
        .into_iter()
        .map(ExportView::of)
        .collect::<Result<Vec<_>, _>>()?)
}
