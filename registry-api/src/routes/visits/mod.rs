//! Visits: one per patient and date, every instrument scored on entry, with inline labs and
//! adverse events; responses against the episode's baseline are computed when read.

pub mod create;
pub mod get;
pub mod inline;
pub mod preview;
pub mod update;
pub mod view;

use actix_web::web;
use utoipa::OpenApi;

/// The visit endpoints of the OpenAPI document.
#[derive(OpenApi)]
#[openapi(paths(
    create::create_visit,
    preview::preview_visit,
    get::get_visit,
    get::list_visits,
    update::update_visit,
    update::delete_visit
))]
pub struct Api;

/// Wires the visit routes (under `/api/v1`).
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(preview::preview_visit)
        .service(create::create_visit)
        .service(get::get_visit)
        .service(get::list_visits)
        .service(update::update_visit)
        .service(update::delete_visit);
}
