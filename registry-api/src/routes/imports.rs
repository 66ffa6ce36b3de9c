//! `POST /imports/{kind}`: a center's CSV file, streamed (not bound by the JSON body limit), into
//! the caller's own center; `GET /imports/{kind}/template`: a file to start from. See
//! `docs/import-format.md` and [`crate::import`].

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, get, post, web};
use registry_core::store::centers;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};

use crate::AppState;
use crate::auth::AuthUser;
use crate::auth::guards::CenterUser;
use crate::error::{ApiError, ProblemField};
use crate::extract::require_reason;
use crate::import::spool;
use crate::import::{
    self, Conflict, ConflictValue, ImportError, Kind, Mode, OnConflict, Options, Report, RowError,
};

/// The import endpoint of the OpenAPI document.
#[derive(OpenApi)]
#[openapi(
    paths(import_file, import_template),
    components(schemas(Report, RowError, Conflict, ConflictValue, ImportProblem))
)]
pub struct Api;

/// How to import.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ImportQuery {
    /// `all-or-nothing` (default: one bad row or conflict rejects the file) or `valid-rows`.
    pub mode: Option<String>,
    /// `report` (default: a row stored with other values is a conflict) or `update` (the stored
    /// record is edited: new version, audited with `reason`).
    pub on_conflict: Option<String>,
    /// Why records change; required with `on_conflict=update`.
    pub reason: Option<String>,
}

/// A refused file: the problem document with every bad row (`errors` as `line N: column`, and
/// `rows` by line and column) and every conflict.
#[derive(Debug, Serialize, ToSchema)]
pub struct ImportProblem {
    /// Problem type URI.
    #[serde(rename = "type")]
    pub kind: String,
    /// Summary.
    pub title: String,
    /// 422 (bad rows) or 409 (conflicts only).
    pub status: u16,
    /// Explanation.
    pub detail: String,
    /// Every bad cell, `field` = `line 17: easi_trunk_erythema`.
    pub errors: Vec<ProblemField>,
    /// The same, by line and column.
    pub rows: Vec<RowError>,
    /// Rows that differ from stored records.
    pub conflicts: Vec<Conflict>,
    /// The counts of the refused file (nothing was stored).
    pub report: Report,
}

fn options(query: &ImportQuery) -> Result<Options, ApiError> {
    let mode = match query.mode.as_deref() {
        None => Mode::AllOrNothing,
        Some(m) => Mode::parse(m)
            .ok_or_else(|| ApiError::field("mode", "mode is all-or-nothing or valid-rows"))?,
    };
    let on_conflict = match query.on_conflict.as_deref() {
        None | Some("report") => OnConflict::Report,
        Some("update") => OnConflict::Update {
            reason: require_reason(query.reason.as_deref())?,
        },
        Some(_) => {
            return Err(ApiError::field(
                "on_conflict",
                "on_conflict is report or update",
            ));
        }
    };
    Ok(Options {
        mode,
        on_conflict,
        progress: None,
    })
}

fn refused(report: Report) -> HttpResponse {
    let status = if report.errors_total > 0 {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::CONFLICT
    };
    let problem = ImportProblem {
        kind: format!("https://registry.example/problems/{}", status.as_u16()),
        title: status.canonical_reason().unwrap_or("Error").to_owned(),
        status: status.as_u16(),
        detail: format!(
            "the file was refused and nothing was stored: {} bad row(s) and {} conflict(s) with stored records",
            report.rows_failed - report.conflicts_total,
            report.conflicts_total
        ),
        errors: report
            .errors
            .iter()
            .map(|e| ProblemField {
                field: format!("line {}: {}", e.line, e.column),
                message: e.message.clone(),
            })
            .collect(),
        rows: report.errors.clone(),
        conflicts: report.conflicts.clone(),
        report,
    };
    HttpResponse::build(status)
        .content_type("application/problem+json")
        .json(problem)
}

/// Imports a CSV file of `kind` (`patients`, `treatments`, `visits`, `labs`, `adverse_events`)
/// into the caller's center, checked row by row with the API's rules, in one transaction.
/// Re-sending a file changes nothing (rows stored identically are skipped). The file is received
/// whole before the import starts; a body that stalls for `REGISTRY_BODY_IDLE_SECONDS` is 408.
#[utoipa::path(tag = "imports", security(("bearer" = [])),
    params(("kind" = String, Path, description = "patients, treatments, visits, labs or adverse_events", example = "labs"), ImportQuery),
    request_body(content = String, content_type = "text/csv", description = "the file; format in docs/import-format.md",
        example = json!("center,patient,sample_date,analyte,value,unit,upper_limit\nUMCU,P-0001,2025-03-03,alat,32,U/L,40\n")),
    responses((status = 200, body = Report, description = "stored (or nothing to store); in valid-rows mode the refused rows are listed"),
              (status = 400, body = crate::error::Problem, description = "not a CSV file of this kind (header)"),
              (status = 404, body = crate::error::Problem, description = "unknown kind"),
              (status = 408, body = crate::error::Problem, description = "the body stalled (nothing arrived for the idle timeout); nothing was stored"),
              (status = 413, body = crate::error::Problem, description = "the file is larger than REGISTRY_MAX_IMPORT_MB"),
              (status = 409, body = ImportProblem, description = "all-or-nothing: rows conflict with stored records"),
              (status = 422, body = ImportProblem, description = "all-or-nothing: bad rows, every one listed")))]
#[post("/imports/{kind}")]
pub async fn import_file(
    state: web::Data<AppState>,
    user: CenterUser,
    path: web::Path<String>,
    query: crate::query_string::ApiQuery<ImportQuery>,
    mut payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let kind = Kind::parse(&path.into_inner()).ok_or(ApiError::NotFound)?;
    let options = options(&query)?;
    let center_id = user.center_id.clone().ok_or(ApiError::Forbidden)?;
    let (actor, request_id) = (user.actor(), user.request_id.clone());
    // The whole body first: no connection (and on SQLite no write lock) waits on the client.
    let settings = &state.settings;
    let body = spool::receive(
        &mut payload,
        &settings.spool_dir,
        settings.body_idle_timeout,
        settings.max_import_bytes,
    )
    .await?;
    let result = state
        .db
        .run(move |conn| {
            let center = centers::get(conn, &center_id)?;
            Ok(import::run(
                conn, actor, request_id, center, kind, options, body,
            ))
        })
        .await;
    match result? {
        Ok(report) => Ok(HttpResponse::Ok().json(report)),
        Err(ImportError::Rejected(report) | ImportError::NoChange(report)) => Ok(refused(*report)),
        Err(ImportError::BadFile(problems)) => Err(ApiError::BadRequest {
            detail: "the body is not a CSV file of this kind; nothing was stored".into(),
            errors: problems
                .into_iter()
                .map(|p| registry_core::FieldError::new("header", p))
                .collect(),
        }),
        Err(ImportError::Api(e)) => Err(e),
    }
}

/// A template file of `kind`: the header with the kind's columns in order and one example row
/// (for the caller's center; `CENTER` for a user of no center). The five templates import
/// cleanly in the order patients, treatments, visits, labs, adverse events.
#[utoipa::path(tag = "imports", security(("bearer" = [])),
    params(("kind" = String, Path, description = "patients, treatments, visits, labs or adverse_events")),
    responses((status = 200, body = String, content_type = "text/csv", description = "the header and one example row"),
              (status = 404, body = crate::error::Problem, description = "unknown kind")))]
#[get("/imports/{kind}/template")]
pub async fn import_template(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let kind = Kind::parse(&path.into_inner()).ok_or(ApiError::NotFound)?;
    let code = match user.center_id.clone() {
        Some(id) => {
            state
                .db
                .run(move |conn| Ok(centers::get(conn, &id)?.code))
                .await?
        }
        None => "CENTER".to_owned(),
    };
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            "Content-Disposition",
            format!("attachment; filename=\"{}.csv\"", kind.code()),
        ))
        .body(import::template::csv(kind, &code)))
}
