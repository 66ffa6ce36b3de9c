//! `/exports`: a researcher's anonymised releases, made as jobs by the export worker
//! ([`crate::exports`]). Researchers see their own jobs (another researcher's is 404), admins
//! every job; center users and coordinators get 403.

pub mod create;
pub mod delete;
pub mod download;
pub mod dto;
pub mod get;
pub mod list;

use actix_web::web;
use registry_core::role::Role;
use registry_core::store::exports::Requester;
use utoipa::OpenApi;

use crate::auth::AuthUser;

/// The release endpoints of the OpenAPI document.
#[derive(OpenApi)]
#[openapi(
    paths(create::create_export, list::list_exports, get::get_export, download::download_export, delete::delete_export),
    components(schemas(
        dto::ExportRequest,
        dto::CohortRequest,
        dto::ExportAccepted,
        dto::ExportView,
        dto::ExportList
    )),
    tags((name = "exports", description = "Anonymised research releases, made as jobs"))
)]
pub struct Api;

/// Wires the release routes.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(create::create_export)
        .service(list::list_exports)
        .service(download::download_export)
        .service(get::get_export)
        .service(delete::delete_export);
}

/// Whose jobs `user` sees: an admin every job, anyone else their own.
pub fn requester(user: &AuthUser) -> Requester {
    match user.role {
        Role::Admin => Requester::Anyone,
        _ => Requester::User(user.id.clone()),
    }
}
