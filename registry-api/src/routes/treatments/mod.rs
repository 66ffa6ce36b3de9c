//! Treatment episodes: start (with licence warnings), stop, dose changes, interruptions.
//! Re-starting a drug after a stop is a new episode, numbered per patient and drug.

pub mod changes;
pub mod create;
pub mod dto;
pub mod read;
pub mod update;

use actix_web::web;
use registry_core::store::treatments::{self, EpisodeRow};
use registry_core::store::{DbConn, Scope};
use serde_json::Value;
use utoipa::OpenApi;

use crate::error::ApiError;
use crate::routes::records;

/// The treatment endpoints of the OpenAPI document.
#[derive(OpenApi)]
#[openapi(
    paths(
        create::create_treatment,
        read::list_treatments,
        read::get_treatment,
        update::update_treatment,
        update::delete_treatment,
        changes::add_dose_change,
        changes::add_interruption
    ),
    components(schemas(
        dto::TreatmentRequest,
        dto::DoseBody,
        dto::TreatmentPatch,
        dto::DoseChangeRequest,
        dto::InterruptionRequest
    ))
)]
pub struct Api;

/// Wires the treatment routes (under `/api/v1`).
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(create::create_treatment)
        .service(read::list_treatments)
        .service(read::get_treatment)
        .service(update::update_treatment)
        .service(update::delete_treatment)
        .service(changes::add_dose_change)
        .service(changes::add_interruption);
}

/// An episode with its dose changes and interruptions, as shown.
pub fn episode_view(conn: &mut DbConn, scope: &Scope, e: &EpisodeRow) -> Result<Value, ApiError> {
    let doses = treatments::dose_changes(conn, scope, &e.id)?;
    let pauses = treatments::interruptions(conn, scope, &e.id)?;
    Ok(records::episode_json(e, &doses, &pauses)?)
}
