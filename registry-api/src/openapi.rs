//! The OpenAPI document (`/openapi.json`) and Swagger UI (`/docs`, vendored: no download).

use actix_web::web;
use serde_json::{Map, Value, json};
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
        routes::labs::delete_lab,
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
    complete(doc)
}

/// The document with what every operation shares written out: each error status the server
/// answers for it (see [`shared_errors`]) as `application/problem+json`, and each JSON request
/// body's example on its media type (from its schema), where Swagger UI and clients look.
fn complete(doc: utoipa::openapi::OpenApi) -> utoipa::openapi::OpenApi {
    let mut value = match serde_json::to_value(&doc) {
        Ok(v) => v,
        Err(e) => {
            tracing::error!(error = %e, "the OpenAPI document does not serialise");
            return doc;
        }
    };
    let examples = schema_examples(&value);
    if let Some(paths) = value.get_mut("paths").and_then(Value::as_object_mut) {
        for (path, item) in paths.iter_mut() {
            let Some(item) = item.as_object_mut() else {
                continue;
            };
            for (method, operation) in item.iter_mut() {
                if METHODS.contains(&method.as_str()) {
                    complete_operation(path, operation, &examples);
                }
            }
        }
    }
    match serde_json::from_value(value) {
        Ok(completed) => completed,
        Err(e) => {
            tracing::error!(error = %e, "the completed OpenAPI document does not parse");
            doc
        }
    }
}

const METHODS: [&str; 5] = ["get", "post", "put", "patch", "delete"];

/// The description of an error status no shared rule describes.
const GENERIC_ERROR: &str = "the request was refused: see the problem document's detail and errors";

/// The problem document's media type.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// The examples of the component schemas, by reference (`#/components/schemas/VisitRequest`).
fn schema_examples(doc: &Value) -> Map<String, Value> {
    let mut out = Map::new();
    if let Some(schemas) = doc
        .pointer("/components/schemas")
        .and_then(Value::as_object)
    {
        for (name, schema) in schemas {
            let example = schema
                .get("example")
                .or_else(|| schema.pointer("/examples/0"));
            if let Some(example) = example {
                out.insert(format!("#/components/schemas/{name}"), example.clone());
            }
        }
    }
    out
}

/// The error statuses every operation of its kind can answer, with why: the server's own checks
/// (`ApiError`, the extractors, the middleware) run before and around every handler.
fn shared_errors(path: &str, operation: &Value) -> Vec<(&'static str, &'static str)> {
    let secured = operation
        .get("security")
        .and_then(Value::as_array)
        .is_some_and(|s| !s.is_empty());
    let params: Vec<(&str, &str)> = operation
        .get("parameters")
        .and_then(Value::as_array)
        .map(|ps| {
            ps.iter()
                .filter_map(|p| Some((p.get("in")?.as_str()?, p.get("name")?.as_str()?)))
                .collect()
        })
        .unwrap_or_default();
    let has = |place: &str, name: &str| {
        params
            .iter()
            .any(|(i, n)| *i == place && n.eq_ignore_ascii_case(name))
    };
    let body = operation.get("requestBody").is_some();
    let mut errors = vec![(
        "400",
        "a malformed request: the body is not valid JSON, a query parameter or path segment does not fit, a NUL character in the URL",
    )];
    if secured {
        errors.push((
            "401",
            "no valid bearer token (missing, expired, revoked or the account deactivated)",
        ));
        errors.push(("403", "the caller's role may not do this"));
    }
    if path.contains('{') {
        errors.push((
            "404",
            "no such record in the caller's reach (another center's record is not found either)",
        ));
    }
    if has("header", "Idempotency-Key") {
        errors.push((
            "409",
            "conflicts with a stored record, or the Idempotency-Key is being used by a request still running",
        ));
    }
    if has("header", "If-Match") {
        errors.push((
            "412",
            "If-Match names an older version: the record changed since it was read",
        ));
        errors.push(("428", "If-Match is required"));
    }
    if body {
        errors.push(("413", "the body is larger than the server accepts"));
        errors.push(("415", "the body is not of the documented content type"));
    }
    if body || params.iter().any(|(i, _)| *i == "query" || *i == "header") {
        errors.push((
            "422",
            "well-formed but breaks a rule: every bad field listed by its JSON path, nothing stored",
        ));
    }
    errors
}

fn complete_operation(path: &str, operation: &mut Value, examples: &Map<String, Value>) {
    let shared = shared_errors(path, operation);
    let Some(op) = operation.as_object_mut() else {
        return;
    };
    if let Some(content) = op
        .get_mut("requestBody")
        .and_then(|b| b.get_mut("content"))
        .and_then(Value::as_object_mut)
    {
        for media in content.values_mut() {
            let example = media
                .pointer("/schema/$ref")
                .and_then(Value::as_str)
                .and_then(|r| examples.get(r))
                .cloned();
            if let (Some(example), Some(media)) = (example, media.as_object_mut()) {
                media.entry("example").or_insert(example);
            }
        }
    }
    let responses = op
        .entry("responses")
        .or_insert_with(|| Value::Object(Map::new()));
    let Some(responses) = responses.as_object_mut() else {
        return;
    };
    for (status, response) in responses.iter_mut() {
        if !status.starts_with(['4', '5']) {
            continue;
        }
        let Some(response) = response.as_object_mut() else {
            continue;
        };
        let undescribed = response
            .get("description")
            .and_then(Value::as_str)
            .is_none_or(str::is_empty);
        if undescribed {
            let description = shared
                .iter()
                .find(|(s, _)| s == status)
                .map_or(GENERIC_ERROR, |(_, d)| *d);
            response.insert("description".into(), json!(description));
        }
        let content = response.entry("content").or_insert_with(
            || json!({PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}}),
        );
        if let Some(content) = content.as_object_mut()
            && let Some(json) = content.remove("application/json")
        {
            content.insert(PROBLEM_JSON.into(), json);
        }
    }
    for (status, description) in shared {
        responses.entry(status).or_insert_with(|| {
            json!({
                "description": description,
                "content": {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}}
            })
        });
    }
}

/// Serves `/openapi.json` and `/docs`.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(SwaggerUi::new("/docs/{_:.*}").url("/openapi.json", document()));
}
