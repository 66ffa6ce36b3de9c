//! `PATCH /patients/{id}`.

use actix_web::http::header;
use actix_web::{HttpResponse, patch, web};
use registry_core::ValidationErrors;
use registry_core::store::patients::{self, PatientChanges};

use super::dto::{self, PatientPatch};
use crate::AppState;
use crate::auth::guards::CenterUser;
use crate::error::ApiError;
use crate::extract::{ApiJson, IfMatch, etag, parse_date, require_reason};

/// Edits a patient: `If-Match` with the ETag of your read (412 when stale, 428 when missing) and a
/// `reason`.
#[utoipa::path(tag = "patients", security(("bearer" = [])), request_body = PatientPatch,
    params(("id" = String, Path), ("If-Match" = String, Header)),
    responses((status = 200, description = "the new version"), (status = 404, body = crate::error::Problem),
              (status = 412, body = crate::error::Problem), (status = 422, body = crate::error::Problem),
              (status = 428, body = crate::error::Problem)))]
#[patch("/patients/{id}")]
pub async fn update_patient(
    state: web::Data<AppState>,
    user: CenterUser,
    path: web::Path<String>,
    version: IfMatch,
    body: ApiJson<PatientPatch>,
) -> Result<HttpResponse, ApiError> {
    let patch = body.into_inner();
    let reason = require_reason(patch.reason.as_deref())?;
    let mut errors = ValidationErrors::new();
    let changes = PatientChanges {
        local_ref: patch
            .local_ref
            .as_deref()
            .and_then(|v| dto::local_ref(&mut errors, v)),
        sex: patch.sex.as_deref().and_then(|v| dto::sex(&mut errors, v)),
        birth_month: patch
            .birth_month
            .as_deref()
            .and_then(|v| dto::birth_month(&mut errors, v)),
        aa_subtype: patch
            .aa_subtype
            .as_ref()
            .map(|v| dto::aa_subtype(&mut errors, v.as_deref())),
        aa_episode_start: patch
            .aa_episode_start
            .as_ref()
            .map(|v| parse_date(&mut errors, "aa_episode_start", v.as_deref())),
        nail_involvement: patch.nail_involvement,
        childbearing_potential: patch.childbearing_potential,
        vaccination_programme_complete: patch.vaccination_programme_complete,
        varicella_immune: patch.varicella_immune,
        consent_research: patch.consent.as_ref().map(|c| c.research),
        consent_date: None,
        consent_withdrawn_on: None,
    };
    let mut changes = changes;
    if let Some(c) = &patch.consent {
        let parsed = dto::consent(&mut errors, c, None);
        changes.consent_date = Some(parsed.date);
        changes.consent_withdrawn_on = Some(parsed.withdrawn_on);
    }
    let changes = errors.into_result(changes)?;
    let scope = user.scope();
    let ctx = user.ctx();
    let id = path.into_inner();
    let p = state
        .db
        .run(move |conn| {
            Ok(conn
                .write(|tx| patients::update(tx, &ctx, &scope, &id, version.0, &reason, changes))?)
        })
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::ETAG, etag(p.version)))
        .json(dto::to_json(&p, user.role)))
}
