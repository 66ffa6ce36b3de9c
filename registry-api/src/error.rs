//! Errors of the HTTP layer.
//!
//! Which error type where: `registry-core` returns `FieldError`/`ValidationErrors` for bad input
//! and `StoreError` for storage; handlers return [`ApiError`], which has one HTTP status per
//! variant and renders RFC 9457 `application/problem+json` with `errors: [{field, message}]`.
//! Internal causes are logged with the request id and answered with an opaque 500.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, ResponseError};
use registry_core::store::StoreError;
use registry_core::{FieldError, ValidationErrors};
use serde::Serialize;

/// An error answered to the client.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// 400: the body is not JSON, or not the expected shape.
    #[error("bad request: {detail}")]
    BadRequest {
        /// What is wrong.
        detail: String,
        /// Where.
        errors: Vec<FieldError>,
    },
    /// 422: well-formed but breaks a rule; every bad field listed.
    #[error("invalid input")]
    Invalid(Vec<FieldError>),
    /// 401: no valid token, or wrong credentials.
    #[error("unauthorized: {0}")]
    Unauthorized(&'static str),
    /// 403: the role may not do this.
    #[error("forbidden")]
    Forbidden,
    /// 404: no such record in the caller's reach (also another center's record).
    #[error("not found")]
    NotFound,
    /// 404 saying what was not found (see [`explain_not_found`]).
    #[error("not found: {0}")]
    Missing(String),
    /// 409: conflicts with a stored record.
    #[error("conflict: {0}")]
    Conflict(String),
    /// 409: the record exists already; the answer names it (`existing_id`, `existing_url`).
    #[error("duplicate: {detail}")]
    Duplicate {
        /// What is duplicated.
        detail: String,
        /// The stored record's id.
        existing_id: String,
        /// Where to read (or edit) it.
        existing_url: String,
    },
    /// 412: `If-Match` names an older version.
    #[error("precondition failed")]
    PreconditionFailed {
        /// The version now stored.
        current: i32,
    },
    /// 428: `If-Match` is required for edits and deletions.
    #[error("precondition required")]
    PreconditionRequired,
    /// 429: too many attempts.
    #[error("too many requests")]
    TooManyRequests {
        /// Seconds until the next attempt may succeed.
        retry_after: u64,
    },
    /// 405: a method HTTP does not define (the server answers GET, POST, PATCH, DELETE, …).
    #[error("method not allowed")]
    MethodNotAllowed,
    /// 408: the client stopped sending its body.
    #[error("request timeout")]
    RequestTimeout {
        /// How long nothing arrived.
        idle: std::time::Duration,
    },
    /// 415: the body is not of the content type the operation reads.
    #[error("unsupported media type: {0}")]
    UnsupportedMediaType(&'static str),
    /// 413: the body is too large.
    #[error("payload too large")]
    PayloadTooLarge,
    /// 503: the database cannot be reached.
    #[error("unavailable: {0}")]
    Unavailable(String),
    /// 500: logged with the request id; the client learns nothing more.
    #[error("internal error: {0}")]
    Internal(String),
}

impl ApiError {
    /// A 422 for one field.
    pub fn field(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::Invalid(vec![FieldError::new(field, message)])
    }
}

impl From<ValidationErrors> for ApiError {
    fn from(e: ValidationErrors) -> Self {
        Self::Invalid(e.0)
    }
}

impl From<FieldError> for ApiError {
    fn from(e: FieldError) -> Self {
        Self::Invalid(vec![e])
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => Self::NotFound,
            StoreError::StaleVersion { current } => Self::PreconditionFailed { current },
            StoreError::Conflict(m) => Self::Conflict(m),
            StoreError::Invalid(v) => Self::Invalid(v.0),
            StoreError::Connect(m) => Self::Unavailable(m),
            other => Self::Internal(other.to_string()),
        }
    }
}

impl From<diesel::result::Error> for ApiError {
    fn from(e: diesel::result::Error) -> Self {
        StoreError::from(e).into()
    }
}

impl From<actix_web::error::BlockingError> for ApiError {
    fn from(e: actix_web::error::BlockingError) -> Self {
        Self::Internal(e.to_string())
    }
}

/// The problem document (RFC 9457), answered as `application/problem+json`.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[schema(example = json!({
    "type": "https://registry.example/problems/422",
    "title": "Unprocessable Entity",
    "status": 422,
    "detail": "the request breaks the rules below; nothing was stored",
    "errors": [{"field": "salt.top", "message": "a SALT view is a percentage from 0 to 100"}]
}))]
pub struct Problem {
    /// A URI naming the problem type.
    #[serde(rename = "type")]
    pub kind: String,
    /// Short summary.
    pub title: String,
    /// HTTP status.
    #[schema(minimum = 400, maximum = 599, example = 422)]
    pub status: u16,
    /// Explanation for this occurrence.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// Every bad field, by JSON path.
    pub errors: Vec<ProblemField>,
    /// 409 for a duplicate: the id of the record that exists already.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub existing_id: Option<String>,
    /// 409 for a duplicate: the URL of the record that exists already.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub existing_url: Option<String>,
}

/// One bad field in a problem document.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ProblemField {
    /// JSON path (`easi.regions.trunk.erythema`, `labs[0].unit`).
    pub field: String,
    /// Why.
    pub message: String,
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            Self::BadRequest { .. } => StatusCode::BAD_REQUEST,
            Self::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            Self::Forbidden => StatusCode::FORBIDDEN,
            Self::NotFound | Self::Missing(_) => StatusCode::NOT_FOUND,
            Self::Conflict(_) | Self::Duplicate { .. } => StatusCode::CONFLICT,
            Self::PreconditionFailed { .. } => StatusCode::PRECONDITION_FAILED,
            Self::PreconditionRequired => StatusCode::PRECONDITION_REQUIRED,
            Self::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            Self::RequestTimeout { .. } => StatusCode::REQUEST_TIMEOUT,
            Self::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Self::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let status = self.status_code();
        let (detail, errors): (Option<String>, &[FieldError]) = match self {
            Self::BadRequest { detail, errors } => (Some(detail.clone()), errors),
            Self::Invalid(errors) => (
                Some("the request breaks the rules below; nothing was stored".into()),
                errors,
            ),
            Self::Unauthorized(why) | Self::UnsupportedMediaType(why) => {
                (Some((*why).to_owned()), &[])
            }
            Self::Conflict(m) | Self::Missing(m) => (Some(m.clone()), &[]),
            Self::Duplicate { detail, .. } => (Some(detail.clone()), &[]),
            Self::PreconditionFailed { current } => (
                Some(format!(
                    "the record was changed since you read it (now version {current}); read it again"
                )),
                &[],
            ),
            Self::PreconditionRequired => (
                Some("send If-Match with the ETag from your last read of this record".into()),
                &[],
            ),
            Self::TooManyRequests { retry_after } => {
                (Some(format!("try again in {retry_after} s")), &[])
            }
            Self::MethodNotAllowed => (
                Some("this server answers the standard HTTP methods only".into()),
                &[],
            ),
            Self::RequestTimeout { idle } => (
                Some(format!(
                    "nothing of the body arrived for {} s; nothing was stored",
                    idle.as_secs()
                )),
                &[],
            ),
            Self::Internal(cause) | Self::Unavailable(cause) => {
                // The cause goes to the log (with the request id from the tracing span), never to
                // the client.
                tracing::error!(error = %cause, "request failed");
                (None, &[])
            }
            _ => (None, &[]),
        };
        let (existing_id, existing_url) = match self {
            Self::Duplicate {
                existing_id,
                existing_url,
                ..
            } => (Some(existing_id.clone()), Some(existing_url.clone())),
            _ => (None, None),
        };
        let title = status.canonical_reason().unwrap_or("Error").to_owned();
        let problem = Problem {
            kind: format!("https://registry.example/problems/{}", status.as_u16()),
            title,
            status: status.as_u16(),
            detail,
            errors: errors
                .iter()
                .map(|e| ProblemField {
                    field: e.field.clone(),
                    message: e.message.clone(),
                })
                .collect(),
            existing_id,
            existing_url,
        };
        let mut response = HttpResponse::build(status);
        response.content_type("application/problem+json");
        if let Self::TooManyRequests { retry_after } = self
            && let Ok(v) = HeaderValue::from_str(&retry_after.to_string())
        {
            response.insert_header((header::RETRY_AFTER, v));
        }
        if let Self::Unauthorized(_) = self {
            response.insert_header((header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer")));
        }
        response.json(problem)
    }
}

/// The field a serde message names (`unknown field `limit2`, expected …`,
/// `missing field `outcome``), if any.
fn named_field(message: &str) -> Option<&str> {
    let rest = message.split_once("field `")?.1;
    rest.split_once('`').map(|(name, _)| name)
}

/// A query string that does not fit its parameters: a 400 problem document naming the
/// parameter where serde names it, instead of actix's plain-text answer.
pub fn query_error(
    err: actix_web::error::QueryPayloadError,
    _req: &actix_web::HttpRequest,
) -> actix_web::Error {
    let detail = format!("the query string does not fit: {err}");
    let errors = named_field(&detail)
        .map(|field| {
            vec![FieldError::new(
                field,
                "not a parameter of this operation, or missing",
            )]
        })
        .unwrap_or_default();
    ApiError::BadRequest { detail, errors }.into()
}

/// A path segment that does not fit its parameter: a 400 problem document.
pub fn path_error(
    err: actix_web::error::PathError,
    _req: &actix_web::HttpRequest,
) -> actix_web::Error {
    ApiError::BadRequest {
        detail: format!("the path does not fit: {err}"),
        errors: Vec::new(),
    }
    .into()
}

/// Gives every 404 a `detail` saying what was not found: a handler's "no such record"
/// ([`ApiError::NotFound`]) names the kind of record its route's id names (`/patients/{id}/visits`:
/// a patient), and a path no route matches says so (actix answers it with an empty body); to a
/// browser (`Accept: text/html`) as the web pages' 404 page.
/// Another center's record gets the same answer as an unknown id.
pub async fn explain_not_found(
    request: actix_web::dev::ServiceRequest,
    next: actix_web::middleware::Next<impl actix_web::body::MessageBody + 'static>,
) -> Result<actix_web::dev::ServiceResponse<actix_web::body::BoxBody>, actix_web::Error> {
    let response = next.call(request).await?;
    if response.status() != StatusCode::NOT_FOUND {
        return Ok(response.map_into_boxed_body());
    }
    let pattern = response.request().match_pattern();
    if pattern.is_none() && wants_html(response.request()) {
        // A browser at a page that does not exist: the pages' own 404, not a problem document.
        let page = actix_web::ResponseError::error_response(&crate::web::page::PageError::NotFound);
        return Ok(response.into_response(page));
    }
    let plain = response
        .response()
        .error()
        .and_then(|e| e.as_error::<ApiError>())
        .is_some_and(|e| matches!(e, ApiError::NotFound));
    let detail = match &pattern {
        None => Some(format!(
            "no resource at {}: the API is under /api/v1 (see /docs)",
            response.request().path()
        )),
        Some(pattern) if plain => Some(what_was_not_found(pattern)),
        Some(_) => None,
    };
    let Some(detail) = detail else {
        return Ok(response.map_into_boxed_body());
    };
    let answer = HttpResponse::from_error(ApiError::Missing(detail));
    Ok(response.into_response(answer))
}

/// Whether the client asks for HTML (a browser) rather than JSON.
fn wants_html(req: &actix_web::HttpRequest) -> bool {
    req.headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|accept| accept.contains("text/html"))
}

/// The detail of a 404 of the route `pattern`.
fn what_was_not_found(pattern: &str) -> String {
    let segments: Vec<&str> = pattern.split('/').collect();
    let kind = segments
        .iter()
        .position(|s| *s == "{id}")
        .and_then(|i| i.checked_sub(1))
        .and_then(|i| segments.get(i))
        .map(|collection| record_kind(collection));
    // The id is not repeated: another center's record and an unknown id get the same body.
    match kind {
        Some(kind) => format!(
            "no {kind} with the id in the path is in your reach: the id is unknown, the record \
             was deleted, or it belongs to another center"
        ),
        None => "a record the request names is not in your reach: unknown, deleted, or another \
              center's"
            .to_owned(),
    }
}

/// The record kind a collection of the API holds, in words.
fn record_kind(collection: &str) -> &str {
    match collection {
        "patients" => "patient",
        "visits" => "visit",
        "treatments" => "treatment episode",
        "exports" => "release job",
        "data-queries" => "data query",
        "users" => "user",
        "centers" => "center",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::what_was_not_found;

    #[test]
    fn a_404_names_the_kind_of_record_of_the_routes_id() {
        assert!(what_was_not_found("/api/v1/patients/{id}/visits").starts_with("no patient "));
        assert!(what_was_not_found("/api/v1/visits/{id}").starts_with("no visit "));
        assert!(what_was_not_found("/api/v1/users/{id}/access").starts_with("no user "));
        assert!(what_was_not_found("/api/v1/data-queries").starts_with("a record"));
    }
}
