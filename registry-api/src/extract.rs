//! Request extractors: JSON bodies whose errors name the JSON path of every bad field,
//! `If-Match` versions, `Idempotency-Key`s.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest, web};
use futures_util::StreamExt;
use registry_core::FieldError;
use serde::de::DeserializeOwned;

use crate::error::ApiError;

/// A JSON body, parsed with the path of the first bad value, refusing unknown fields when the
/// target type does (`#[serde(deny_unknown_fields)]`) and keys repeated in one object. Syntax
/// errors are 400; a wrong type, a missing, unknown or repeated field is 422 with its path; a
/// body sent with another content type than JSON is 415.
pub struct ApiJson<T>(pub T, pub web::Bytes);

impl<T> ApiJson<T> {
    /// The parsed value.
    pub fn into_inner(self) -> T {
        self.0
    }
}

/// Parses `bytes` as `T`, reporting the JSON path of every bad value: after each type error or
/// unknown field the offending value is taken out and parsing goes on, so one answer lists them
/// all (a missing required field ends the search, as nothing can stand in for it). Syntax errors
/// are 400; everything else 422.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let mut value: serde_json::Value = serde_json::from_slice(bytes).map_err(|e| {
        let message = e.to_string();
        let message = message
            .split(" at line ")
            .next()
            .unwrap_or(&message)
            .to_owned();
        ApiError::BadRequest {
            detail: "the body is not valid JSON".into(),
            errors: vec![FieldError::new("", message)],
        }
    })?;
    let mut errors: Vec<FieldError> = crate::json_keys::duplicates(bytes, MAX_REPORTED_FIELDS);
    text_rules(&value, "", &mut errors);
    errors.extend(crate::json_numbers::inexact(
        bytes,
        MAX_REPORTED_FIELDS.saturating_sub(errors.len()),
    ));
    if !errors.is_empty() {
        return Err(ApiError::Invalid(errors));
    }
    for _ in 0..MAX_REPORTED_FIELDS {
        match serde_path_to_error::deserialize::<_, T>(&value) {
            Ok(parsed) if errors.is_empty() => return Ok(parsed),
            Ok(_) => break,
            Err(e) => {
                let segments: Vec<Segment> = e.path().iter().map(Segment::from).collect();
                let message = e.inner().to_string();
                let (field, message) = unknown_field_path(&e.path().to_string(), &message);
                if errors.iter().any(|f| f.field == field) {
                    break;
                }
                let missing = message == MISSING;
                errors.push(FieldError::new(field, message));
                if missing || !remove(&mut value, &segments) {
                    break;
                }
            }
        }
    }
    Err(ApiError::Invalid(errors))
}

/// Checks every string and key of a JSON body against the rules every text meets
/// (`registry_core::text::check`: no NUL character, a length limit), collecting each bad one by
/// its JSON path; the message names the rule, never the value.
fn text_rules(value: &serde_json::Value, path: &str, errors: &mut Vec<FieldError>) {
    if errors.len() >= MAX_REPORTED_FIELDS {
        return;
    }
    match value {
        serde_json::Value::String(s) => {
            if let Err(e) = registry_core::text::check(path, s) {
                errors.push(e);
            }
        }
        serde_json::Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                text_rules(item, &format!("{path}[{i}]"), errors);
            }
        }
        serde_json::Value::Object(map) => {
            for (key, item) in map {
                if key.contains('\0') {
                    errors.push(FieldError::new(path, registry_core::text::NUL_MESSAGE));
                    continue;
                }
                text_rules(item, &registry_core::error::join_path(path, key), errors);
            }
        }
        _ => {}
    }
}

/// Refuses a request whose path or query string carries a NUL character (`%00`) with a 400
/// problem document before any route sees it: path ids and query parameters meet the same rule
/// as the strings of a body.
pub async fn no_nul_in_uri(
    request: actix_web::dev::ServiceRequest,
    next: actix_web::middleware::Next<impl actix_web::body::MessageBody + 'static>,
) -> Result<actix_web::dev::ServiceResponse<actix_web::body::BoxBody>, actix_web::Error> {
    let uri = request.uri().to_string();
    let nul = uri
        .as_bytes()
        .windows(3)
        .any(|w| w.eq_ignore_ascii_case(b"%00"));
    if !nul {
        return Ok(next.call(request).await?.map_into_boxed_body());
    }
    let error = ApiError::BadRequest {
        detail: "the path or query string contains a NUL character (%00)".into(),
        errors: vec![FieldError::new("", registry_core::text::NUL_MESSAGE)],
    };
    let response = actix_web::ResponseError::error_response(&error);
    Ok(request.into_response(response))
}

/// At most this many bad fields are listed in one answer.
const MAX_REPORTED_FIELDS: usize = 64;
const MISSING: &str = "this field is required";

/// One step of a JSON path.
enum Segment {
    Key(String),
    Index(usize),
    Other,
}

impl From<&serde_path_to_error::Segment> for Segment {
    fn from(s: &serde_path_to_error::Segment) -> Self {
        match s {
            serde_path_to_error::Segment::Map { key } => Self::Key(key.clone()),
            serde_path_to_error::Segment::Seq { index } => Self::Index(*index),
            _ => Self::Other,
        }
    }
}

/// Takes the value at `path` out of `root` (an array element becomes `null`, keeping the other
/// indices); false when there is nothing to take out.
fn remove(root: &mut serde_json::Value, path: &[Segment]) -> bool {
    let Some((last, parents)) = path.split_last() else {
        return false;
    };
    let mut node = root;
    for seg in parents {
        node = match (seg, node) {
            (Segment::Key(k), serde_json::Value::Object(m)) => match m.get_mut(k) {
                Some(n) => n,
                None => return false,
            },
            (Segment::Index(i), serde_json::Value::Array(a)) => match a.get_mut(*i) {
                Some(n) => n,
                None => return false,
            },
            _ => return false,
        };
    }
    match (last, node) {
        (Segment::Key(k), serde_json::Value::Object(m)) => m.remove(k).is_some(),
        (Segment::Index(i), serde_json::Value::Array(a)) if *i < a.len() && !a[*i].is_null() => {
            a[*i] = serde_json::Value::Null;
            true
        }
        _ => false,
    }
}

/// serde names an unknown field in the message, not the path: put it in the path.
fn unknown_field_path(path: &str, message: &str) -> (String, String) {
    let path = if path == "." { "" } else { path };
    if let Some(rest) = message.strip_prefix("unknown field `")
        && let Some((name, _)) = rest.split_once('`')
    {
        // serde_path_to_error already ends the path with the unknown key.
        let field = if path == name || path.ends_with(&format!(".{name}")) {
            path.to_owned()
        } else {
            registry_core::error::join_path(path, name)
        };
        return (
            field,
            "unknown field: this field is not part of the record".into(),
        );
    }
    if let Some(rest) = message.strip_prefix("missing field `")
        && let Some((name, _)) = rest.split_once('`')
    {
        let field = registry_core::error::join_path(path, name);
        return (field, MISSING.into());
    }
    (path.to_owned(), message.to_owned())
}

impl<T: DeserializeOwned + 'static> FromRequest for ApiJson<T> {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let limit = req
            .app_data::<web::Data<crate::AppState>>()
            .map_or(1 << 20, |s| s.settings.max_json_bytes);
        let json_type = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/json") || v.contains("+json"));
        let mut payload = payload.take();
        Box::pin(async move {
            if !json_type {
                return Err(ApiError::UnsupportedMediaType(
                    "this operation reads JSON: send the body as Content-Type: application/json",
                ));
            }
            let mut body = web::BytesMut::new();
            while let Some(chunk) = payload.next().await {
                let chunk = chunk.map_err(|e| ApiError::BadRequest {
                    detail: e.to_string(),
                    errors: vec![],
                })?;
                if body.len() + chunk.len() > limit {
                    return Err(ApiError::PayloadTooLarge);
                }
                body.extend_from_slice(&chunk);
            }
            let body = body.freeze();
            let value = parse_json(&body)?;
            Ok(ApiJson(value, body))
        })
    }
}

/// The version named by `If-Match` (`"3"` or `W/"3"`); missing is 428.
pub struct IfMatch(pub i32);

impl FromRequest for IfMatch {
    type Error = ApiError;
    type Future = std::future::Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let parsed = match req
            .headers()
            .get(header::IF_MATCH)
            .and_then(|v| v.to_str().ok())
        {
            None => Err(ApiError::PreconditionRequired),
            Some(v) => parse_version(v)
                .map(IfMatch)
                .ok_or_else(|| ApiError::BadRequest {
                    detail:
                        "If-Match is not a version this server sent: send the ETag of your last \
                         read of this record (\"3\")"
                            .into(),
                    errors: vec![FieldError::new("If-Match", "not a record version")],
                }),
        };
        std::future::ready(parsed)
    }
}

/// The version in an ETag this server sent (`"3"`, or `W/"3"` from a proxy that weakened it):
/// quoted digits of a version that can exist (1 to `i32::MAX`). `*`, a list, a bare number or
/// anything else is not one.
fn parse_version(value: &str) -> Option<i32> {
    let value = value.trim();
    let quoted = value.strip_prefix("W/").unwrap_or(value);
    let digits = quoted.strip_prefix('"')?.strip_suffix('"')?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok().filter(|v: &i32| *v >= 1)
}

/// The ETag of a record version.
pub fn etag(version: i32) -> String {
    format!("\"{version}\"")
}

/// The optional `Idempotency-Key` header (1–255 visible ASCII characters).
pub struct IdempotencyKey(pub Option<String>);

impl FromRequest for IdempotencyKey {
    type Error = ApiError;
    type Future = std::future::Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let key = match req.headers().get("idempotency-key") {
            None => Ok(IdempotencyKey(None)),
            Some(v) => match v.to_str() {
                Ok(s)
                    if (1..=255).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_graphic()) =>
                {
                    Ok(IdempotencyKey(Some(s.to_owned())))
                }
                _ => Err(ApiError::field(
                    "Idempotency-Key",
                    "an idempotency key is 1 to 255 visible ASCII characters",
                )),
            },
        };
        std::future::ready(key)
    }
}

/// The `reason` every edit and deletion must carry.
pub fn require_reason(reason: Option<&str>) -> Result<String, ApiError> {
    match reason.map(str::trim) {
        Some(r) if !r.is_empty() && r.len() <= 1000 => Ok(r.to_owned()),
        Some(r) if r.len() > 1000 => Err(ApiError::field(
            "reason",
            "a reason is at most 1000 characters",
        )),
        _ => Err(ApiError::field(
            "reason",
            "say why the record is changed or deleted",
        )),
    }
}

/// For `Option<Option<T>>` fields of PATCH bodies: absent → `None` (leave), `null` →
/// `Some(None)` (clear), a value → `Some(Some(v))`. Use with `#[serde(default)]`.
pub fn double_option<'de, T, D>(d: D) -> Result<Option<Option<T>>, D::Error>
where
    T: serde::Deserialize<'de>,
    D: serde::Deserializer<'de>,
{
    <Option<T> as serde::Deserialize>::deserialize(d).map(Some)
}

/// Parses an ISO date field, collecting the error under `field`: a date that exists and is not
/// in the future (the one date rule, `registry_core::time::DateRule`, without a patient; callers
/// that know the patient check the birth month with the rule itself).
pub fn parse_date(
    errors: &mut registry_core::ValidationErrors,
    field: &str,
    value: Option<&str>,
) -> Option<chrono::NaiveDate> {
    let rule = registry_core::time::DateRule::new(today(), None);
    errors.collect("", rule.parse(field, value?))
}

/// The latest date that is not "in the future" anywhere (the one definition, in
/// `registry-core`).
pub use registry_core::time::today;
