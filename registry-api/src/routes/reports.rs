//! `GET /reports/{completeness | overdue | safety | data-quality}`: the coordinator reports
//! (computed by `registry-export` from one snapshot of the cohort), as JSON or, with
//! `Accept: text/csv`, one of the report's tables as CSV. Coordinators and administrators read
//! every center, patients by record id; a center user reads its own center, patients by local
//! reference; researchers none (403).

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get, web};
use chrono::NaiveDate;
use registry_core::catalogue::Drug;
use registry_core::patient::Diagnosis;
use registry_core::role::Role;
use registry_core::store::cohort::CohortFilter;
use registry_core::store::{DbConn, Scope, StoreError, centers};
use registry_export::reports::completeness::{CompletenessRow, TrendRow};
use registry_export::reports::overdue::OverdueRow;
use registry_export::reports::quality::{DataQueryBody, DataQueryLink, QualityRow};
use registry_export::reports::safety::{IncidenceRow, SafetySignal};
use registry_export::reports::{
    CompletenessReport, DataQualityReport, Identify, OverdueReport, Report, ReportKind,
    ReportOptions, SafetyReport, read_and_compute,
};
use serde::Deserialize;
use utoipa::{IntoParams, OpenApi};

use crate::AppState;
use crate::auth::guards::ReportViewer;
use crate::error::ApiError;
use crate::extract::today;
use registry_core::time::current_date;

/// The report endpoints of the OpenAPI document.
#[derive(OpenApi)]
#[openapi(
    paths(completeness, overdue, safety, data_quality),
    components(schemas(
        CompletenessReport,
        CompletenessRow,
        TrendRow,
        OverdueReport,
        OverdueRow,
        SafetyReport,
        SafetySignal,
        IncidenceRow,
        DataQualityReport,
        QualityRow,
        DataQueryLink,
        DataQueryBody
    ))
)]
pub struct Api;

/// Which part of the registry a report covers, and which table CSV shows.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ReportQuery {
    /// Only this center (code); a center user may name only its own.
    pub center: Option<String>,
    /// Only patients with this diagnosis (`AA`, `AD`).
    pub diagnosis: Option<String>,
    /// Only episodes of this drug (code, `upadacitinib`), and patients with one.
    pub drug: Option<String>,
    /// The data cut (`YYYY-MM-DD`, not in the future; default today): records dated after it
    /// are left out.
    pub as_of: Option<String>,
    /// With `Accept: text/csv`: the table (`rows`, `trend` for completeness; `signals`,
    /// `aesi_incidence` for safety; default the first).
    pub table: Option<String>,
}

/// Resolves `query` for `user` (center, diagnosis, drug, data cut) and computes report `kind`.
/// Shared with `registry report`.
pub fn compute(
    conn: &mut DbConn,
    helper: Option<&mut DbConn>,
    scope: &Scope,
    identify: Identify,
    kind: ReportKind,
    query: &ReportQuery,
) -> Result<Report, ApiError> {
    let mut filter = CohortFilter::default();
    if let Some(code) = &query.center {
        let center = centers::by_code(conn, code).map_err(|e| match e {
            StoreError::NotFound => ApiError::field("center", "no center has this code"),
            other => other.into(),
        })?;
        if let Scope::Center(own) = scope
            && *own != center.id
        {
            return Err(ApiError::Forbidden);
        }
        filter.center_ids.push(center.id);
    }
    if let Some(d) = &query.diagnosis {
        filter.diagnosis =
            Some(Diagnosis::parse(d).ok_or_else(|| ApiError::field("diagnosis", "AA or AD"))?);
    }
    let mut drugs = Vec::new();
    if let Some(d) = &query.drug {
        let drug =
            Drug::parse(d).ok_or_else(|| ApiError::field("drug", "not a drug of the catalogue"))?;
        drugs.push(drug.code().to_owned());
    }
    filter.drugs.clone_from(&drugs);
    let data_cut = match &query.as_of {
        None => current_date(),
        Some(s) => {
            let d = NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .map_err(|_| ApiError::field("as_of", "a date YYYY-MM-DD that exists"))?;
            if d > today() {
                return Err(ApiError::field(
                    "as_of",
                    "the data cut is not in the future",
                ));
            }
            d
        }
    };
    let options = ReportOptions {
        data_cut,
        identify,
        drugs,
    };
    let report = read_and_compute(conn, helper, scope, &filter, kind, &options)?;
    if let Some(t) = &query.table
        && !report.tables().contains(&t.as_str())
    {
        return Err(ApiError::field(
            "table",
            format!("this report's tables are {}", report.tables().join(", ")),
        ));
    }
    Ok(report)
}

/// How `role` sees patients: by local reference in its own center, by record id otherwise.
pub fn identify(role: Role) -> Identify {
    if role == Role::Center {
        Identify::LocalRef
    } else {
        Identify::RecordId
    }
}

async fn respond(
    state: web::Data<AppState>,
    user: ReportViewer,
    req: HttpRequest,
    query: crate::query_string::ApiQuery<ReportQuery>,
    kind: ReportKind,
) -> Result<HttpResponse, ApiError> {
    let (scope, identify) = (user.scope(), identify(user.role));
    let query = query.into_inner();
    let table = query.table.clone();
    let report = state
        .db
        .run_with_helper(move |conn, helper| compute(conn, helper, &scope, identify, kind, &query))
        .await?;
    let wants_csv = req
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/csv"));
    if wants_csv {
        return csv_answer(&report, kind, table.as_deref());
    }
    Ok(HttpResponse::Ok().json(report))
}

/// Table `table` of `report` (its main table when `None`) as the CSV download the API answers
/// `Accept: text/csv` with; the report page's download link answers the same.
pub fn csv_answer(
    report: &Report,
    kind: ReportKind,
    table: Option<&str>,
) -> Result<HttpResponse, ApiError> {
    let body = report
        .csv(table)
        .ok_or_else(|| ApiError::field("table", "no such table"))?;
    let name = format!("{}.csv", kind.code());
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{name}\""),
        ))
        .body(body))
}

/// Completeness: expected against recorded nominal visits, required instrument fields and
/// monitoring labs per center × diagnosis × drug × window, and per center the trend by quarter.
#[utoipa::path(tag = "reports", security(("bearer" = [])), params(ReportQuery),
    responses((status = 200, description = "the report (JSON), or a table with `Accept: text/csv`",
               content((CompletenessReport = "application/json"), (String = "text/csv"))),
              (status = 403, body = crate::error::Problem), (status = 422, body = crate::error::Problem)))]
#[get("/reports/completeness")]
pub async fn completeness(
    state: web::Data<AppState>,
    user: ReportViewer,
    req: HttpRequest,
    query: crate::query_string::ApiQuery<ReportQuery>,
) -> Result<HttpResponse, ApiError> {
    respond(state, user, req, query, ReportKind::Completeness).await
}

/// Overdue and lost: missed windows (days overdue), patients on treatment without a visit for
/// more than 12 months, monitoring labs overdue.
#[utoipa::path(tag = "reports", security(("bearer" = [])), params(ReportQuery),
    responses((status = 200, description = "the report (JSON), or CSV with `Accept: text/csv`",
               content((OverdueReport = "application/json"), (String = "text/csv"))),
              (status = 403, body = crate::error::Problem), (status = 422, body = crate::error::Problem)))]
#[get("/reports/overdue")]
pub async fn overdue(
    state: web::Data<AppState>,
    user: ReportViewer,
    req: HttpRequest,
    query: crate::query_string::ApiQuery<ReportQuery>,
) -> Result<HttpResponse, ApiError> {
    respond(state, user, req, query, ReportKind::Overdue).await
}

/// Safety: open lab flags by rule, herpes on a JAK inhibitor without an interruption, serious
/// adverse events open without an update for 30 days, and AESI incidence per 100 patient-years
/// per drug with exact 95 % CI.
#[utoipa::path(tag = "reports", security(("bearer" = [])), params(ReportQuery),
    responses((status = 200, description = "the report (JSON), or a table with `Accept: text/csv`",
               content((SafetyReport = "application/json"), (String = "text/csv"))),
              (status = 403, body = crate::error::Problem), (status = 422, body = crate::error::Problem)))]
#[get("/reports/safety")]
pub async fn safety(
    state: web::Data<AppState>,
    user: ReportViewer,
    req: HttpRequest,
    query: crate::query_string::ApiQuery<ReportQuery>,
) -> Result<HttpResponse, ApiError> {
    respond(state, user, req, query, ReportKind::Safety).await
}

/// Data quality: implausible values, dates out of order, two visits in one window, missing
/// baselines, totals disagreeing with their components — each with the data query to raise.
#[utoipa::path(tag = "reports", security(("bearer" = [])), params(ReportQuery),
    responses((status = 200, description = "the report (JSON), or CSV with `Accept: text/csv`",
               content((DataQualityReport = "application/json"), (String = "text/csv"))),
              (status = 403, body = crate::error::Problem), (status = 422, body = crate::error::Problem)))]
#[get("/reports/data-quality")]
pub async fn data_quality(
    state: web::Data<AppState>,
    user: ReportViewer,
    req: HttpRequest,
    query: crate::query_string::ApiQuery<ReportQuery>,
) -> Result<HttpResponse, ApiError> {
    respond(state, user, req, query, ReportKind::DataQuality).await
}

/// Wires the report routes (under `/api/v1`).
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(completeness)
        .service(overdue)
        .service(safety)
        .service(data_quality);
}
