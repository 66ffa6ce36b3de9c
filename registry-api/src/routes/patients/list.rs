//! `GET /patients`.

use actix_web::{HttpResponse, get, web};
use registry_core::patient::Diagnosis;
use registry_core::store::patients::{self, PatientFilter, PatientRow};
use registry_core::store::{StoreError, centers};
use serde::Deserialize;
use utoipa::IntoParams;

use super::dto;
use crate::AppState;
use crate::auth::AuthUser;
use crate::auth::guards::ClinicalReader;
use crate::error::ApiError;
use crate::routes::page_size;

/// Filters and the cursor.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    /// Center code.
    pub center: Option<String>,
    /// `AA` or `AD`.
    pub diagnosis: Option<String>,
    /// The center's own patient reference (center users only: coordinators read
    /// pseudonymously). At most one patient matches.
    pub local_ref: Option<String>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Page size (1–500, default 50).
    pub limit: Option<i64>,
}

/// Patients in the caller's reach, oldest first, a page at a time.
#[utoipa::path(tag = "patients", security(("bearer" = [])), params(ListQuery),
    responses((status = 200, body = super::dto::PatientPage), (status = 422, body = crate::error::Problem)))]
#[get("/patients")]
pub async fn list_patients(
    state: web::Data<AppState>,
    user: ClinicalReader,
    query: crate::query_string::ApiQuery<ListQuery>,
) -> Result<HttpResponse, ApiError> {
    let role = user.role;
    let page = find(&state, &user, query.into_inner()).await?;
    Ok(HttpResponse::Ok().json(serde_json::json!({
        "items": page.rows.iter().map(|p| dto::to_json(p, role)).collect::<Vec<_>>(),
        "next_cursor": page.next_cursor,
    })))
}

/// A page of patients.
pub struct Page {
    /// The patients, oldest first.
    pub rows: Vec<PatientRow>,
    /// The cursor of the next page, `None` on the last.
    pub next_cursor: Option<String>,
}

/// The one patient search: the filters checked (a local reference only for center users),
/// the page read in the caller's scope. `GET /patients` and the patient list page both call it.
pub async fn find(state: &AppState, user: &AuthUser, q: ListQuery) -> Result<Page, ApiError> {
    let diagnosis = match q.diagnosis.as_deref() {
        None => None,
        Some(d) => {
            Some(Diagnosis::parse(d).ok_or_else(|| ApiError::field("diagnosis", "AA or AD"))?)
        }
    };
    if q.local_ref.is_some() && user.role != registry_core::role::Role::Center {
        return Err(ApiError::field(
            "local_ref",
            "only a center user finds its patients by local reference: coordinators read \
             patients pseudonymously",
        ));
    }
    let limit = page_size(q.limit);
    let scope = user.scope();
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
            let filter = PatientFilter {
                center_id,
                diagnosis,
                local_ref: q.local_ref,
                after_id: q.cursor,
                // One more than the page: whether another page follows.
                limit: limit + 1,
            };
            Ok(patients::list(conn, &scope, &filter)?)
        })
        .await?;
    let mut rows = rows;
    let more = rows.len() as i64 > limit;
    rows.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    let next_cursor = more.then(|| rows.last().map(|p| p.id.clone())).flatten();
    Ok(Page { rows, next_cursor })
}
