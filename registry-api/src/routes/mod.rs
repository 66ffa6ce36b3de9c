//! Every route of the public contract, wired in one place.

pub mod adverse_events;
pub mod alerts;
pub mod analyses;
pub mod audit;
pub mod auth;
pub mod centers;
pub mod data_queries;
pub mod exports;
pub mod health;
pub mod imports;
pub mod labs;
pub mod patients;
pub mod records;
pub mod reports;
pub mod shared;
pub mod treatments;
pub mod user_accounts;
pub mod users;
pub mod vaccinations;
pub mod visits;

use actix_web::web;

/// Page size limits for cursor-paginated lists.
pub const DEFAULT_PAGE: i64 = 50;
/// The largest page a client may ask for.
pub const MAX_PAGE: i64 = 500;

/// Clamps a requested page size.
pub fn page_size(limit: Option<i64>) -> i64 {
    limit.unwrap_or(DEFAULT_PAGE).clamp(1, MAX_PAGE)
}

/// The headers of every answer under `/api/v1` (unless a handler sets its own): answers carry
/// patient data, so no cache keeps a copy, and nothing in them may run or be framed if a browser
/// opens one (an SVG plot included).
fn api_headers() -> actix_web::middleware::DefaultHeaders {
    actix_web::middleware::DefaultHeaders::new()
        .add((actix_web::http::header::CACHE_CONTROL, "no-store"))
        .add((
            actix_web::http::header::CONTENT_SECURITY_POLICY,
            "default-src 'none'; frame-ancestors 'none'",
        ))
}

/// Wires all routes: operations at the root, the contract under `/api/v1`.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(health::healthz)
        .service(health::readyz)
        .service(
            web::scope("/api/v1")
                .wrap(api_headers())
                .service(auth::login)
                .service(auth::logout)
                .service(centers::create_center)
                .service(centers::list_centers)
                .service(users::create_user)
                .service(users::deactivate_user)
                .service(audit::list_audit)
                .service(alerts::patient_alerts)
                .service(analyses::response_curves_route)
                .service(data_queries::raise_query)
                .service(data_queries::list_queries)
                .service(data_queries::answer_query)
                .service(data_queries::close_query)
                .service(labs::create_lab)
                .service(labs::list_labs)
                .service(labs::delete_lab)
                .service(adverse_events::create_adverse_event)
                .service(adverse_events::list_adverse_events)
                .service(vaccinations::create_vaccination)
                .service(vaccinations::list_vaccinations)
                .service(vaccinations::create_comorbidity)
                .service(vaccinations::list_comorbidities)
                .service(imports::import_file)
                .service(imports::import_template)
                .configure(user_accounts::configure)
                .configure(patients::configure)
                .configure(treatments::configure)
                .configure(visits::configure)
                .configure(exports::configure)
                .configure(reports::configure),
        );
}

/// The OpenAPI parts of the resource modules, merged into the document by [`crate::openapi`].
pub fn openapi_parts() -> Vec<utoipa::openapi::OpenApi> {
    use utoipa::OpenApi;
    vec![
        patients::Api::openapi(),
        treatments::Api::openapi(),
        visits::Api::openapi(),
        imports::Api::openapi(),
        analyses::Api::openapi(),
        exports::Api::openapi(),
        reports::Api::openapi(),
        user_accounts::Api::openapi(),
    ]
}
