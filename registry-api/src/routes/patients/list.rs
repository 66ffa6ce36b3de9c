//! `GET /patients`.

use actix_web::{HttpResponse, get, web};
use registry_core::patient::Diagnosis;
use registry_core::store::patients::{self, PatientFilter};
use registry_core::store::{StoreError, centers};
use serde::Deserialize;
use utoipa::IntoParams;

use super::dto;
use crate::AppState;
use crate::auth::guards::ClinicalReader;
use crate::error::ApiError;
use crate::routes::page_size;

/// Filters and the cursor.
#[derive(Debug, Deserialize, IntoParams)]
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
    let q = query.into_inner();
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
                limit,
            };
            Ok(patients::list(conn, &scope, &filter)?)
        })
        .await?;
    let next_cursor = (rows.len() as i64 == limit)
        .then(|| rows.last().map(|p| p.id.clone()))
        .flatten();
    Ok(HttpResponse::Ok().json(serde_json::json!({
        "items": rows.iter().map(|p| dto::to_json(p, user.role)).collect::<Vec<_>>(),
        "next_cursor": next_cursor,
    })))
}
