//! `/patients`: create, list, read, edit, delete. Center users reach their own center's patients;
//! coordinators read every center's, without the local reference.

pub mod create;
pub mod delete;
pub mod dto;
pub mod get;
pub mod list;
pub mod update;

use actix_web::web;
use utoipa::OpenApi;

/// The patient endpoints of the OpenAPI document.
#[derive(OpenApi)]
#[openapi(paths(
    create::create_patient,
    list::list_patients,
    get::get_patient,
    update::update_patient,
    delete::delete_patient
))]
pub struct Api;

/// Wires the patient routes (under `/api/v1`).
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(create::create_patient)
        .service(list::list_patients)
        .service(get::get_patient)
        .service(update::update_patient)
        .service(delete::delete_patient);
}
