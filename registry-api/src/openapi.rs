//! The OpenAPI document (`/openapi.json`) and Swagger UI (`/docs`, vendored: no download).

use actix_web::web;
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_swagger_ui::SwaggerUi;

use crate::routes;

/// The registry's public contract.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Multi-center dermatology registry",
        description = "Centers enter patients, treatments and visits (scored on entry); coordinators \
                       read completeness and safety; researchers download anonymised releases. \
                       Errors are RFC 9457 problem documents listing every bad field by JSON path. \
                       POST accepts `Idempotency-Key`; PATCH and DELETE need `If-Match` and a `reason`."
    ),
    paths(
        routes::health::healthz,
        routes::health::readyz,
        routes::auth::login,
        routes::auth::logout,
        routes::centers::create_center,
        routes::centers::list_centers,
        routes::users::create_user,
        routes::users::deactivate_user,
        routes::audit::list_audit,
        routes::alerts::patient_alerts,
        routes::data_queries::raise_query,
        routes::data_queries::list_queries,
        routes::data_queries::answer_query,
        routes::data_queries::close_query,
        routes::labs::create_lab,
        routes::labs::list_labs,
        routes::adverse_events::create_adverse_event,
        routes::adverse_events::list_adverse_events,
        routes::vaccinations::create_vaccination,
        routes::vaccinations::list_vaccinations,
        routes::vaccinations::create_comorbidity,
        routes::vaccinations::list_comorbidities,
    ),
    components(schemas(crate::error::Problem, crate::error::ProblemField, routes::vaccinations::VaccinationRequest, routes::vaccinations::ComorbidityRequest, routes::data_queries::QueryRequest, routes::data_queries::AnswerRequest, routes::auth::LoginRequest, routes::auth::TokenResponse)),
    modifiers(&BearerAuth),
    tags(
        (name = "auth", description = "Login and logout"),
        (name = "admin", description = "Centers and users"),
        (name = "patients", description = "Patients of a center"),
        (name = "treatments", description = "Treatment episodes, dose changes, interruptions"),
        (name = "visits", description = "Visits, scored on entry, with inline labs and adverse events"),
        (name = "labs", description = "Lab results, canonical units and safety flags"),
        (name = "adverse events", description = "Adverse events and their flags"),
        (name = "vaccinations", description = "Vaccinations and comorbidities"),
        (name = "data queries", description = "Questions from coordinators to centers"),
        (name = "imports", description = "Bulk CSV import of a center's records"),
        (name = "audit", description = "The hash-chained audit trail"),
        (name = "reports", description = "Coordinator reports: completeness, overdue, safety, data quality"),
        (name = "operations", description = "Health and readiness"),
    )
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)),
        );
    }
}

/// Operations served at the root rather than under `/api/v1`.
const ROOT_PATHS: [&str; 2] = ["/healthz", "/readyz"];

/// The whole document: the core above merged with every resource module's part, each path as
/// the server serves it (the contract under `/api/v1`, health at the root), so Swagger UI's
/// "Try it out" calls the right URL.
pub fn document() -> utoipa::openapi::OpenApi {
    let mut doc = ApiDoc::openapi();
    for part in routes::openapi_parts() {
        doc.merge(part);
    }
    let paths = std::mem::take(&mut doc.paths.paths);
    doc.paths.paths = paths
        .into_iter()
        .map(|(path, item)| {
            if ROOT_PATHS.contains(&path.as_str()) {
                (path, item)
            } else {
                (format!("/api/v1{path}"), item)
            }
        })
        .collect();
    doc
}

/// Serves `/openapi.json` and `/docs`.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(SwaggerUi::new("/docs/{_:.*}").url("/openapi.json", document()));
}
