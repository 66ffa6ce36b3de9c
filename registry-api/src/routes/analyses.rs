//! `GET /analyses/response`: response curves of the registry's cohort, aggregate only, for
//! researchers and coordinators — the same courses, estimators and small-cell rules as a
//! release's `curves` table and plots (registry-export), as JSON or as the SVG plot.
//!
//! The cohort is read as a release reads it: patients with research consent on the data cut
//! (today), of the outcome's disease, optionally of some centers.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get, web};
use chrono::{Datelike, NaiveDate};
use registry_core::catalogue::Drug;
use registry_core::store::cohort::{self, CohortFilter};
use registry_core::store::{Scope, StoreError, centers};
use registry_core::time::current_date;
use registry_export::analyses::Outcome;
use registry_export::analyses::curves::CurvePoint;
use registry_export::analyses::plot::svg;
use registry_export::analyses::response::{DrugCurve, response_curves};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};

use crate::AppState;
use crate::auth::guards::AnalysisReader;
use crate::error::{ApiError, Problem};

/// The resource's part of the OpenAPI document.
#[derive(OpenApi)]
#[openapi(
    paths(response_curves_route),
    components(schemas(ResponseCurves, Curve, CurveRow)),
    tags((name = "analyses", description = "Aggregate analyses: response curves"))
)]
pub struct Api;

/// Which curves.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ResponseQuery {
    /// The outcome: `salt_le20`, `salt_le10`, `salt50` (AA); `easi75`, `easi_le7`, `pp_nrs4`,
    /// `viga_0_1` (AD).
    pub outcome: String,
    /// One drug (catalogue code, `baricitinib`); every drug of the disease when absent. The SVG
    /// plot needs one.
    pub drug: Option<String>,
    /// `AA` or `AD`; when given it must be the outcome's disease.
    pub diagnosis: Option<String>,
    /// Center codes, comma-separated; every center when absent.
    pub centers: Option<String>,
}

/// One row of a curve.
#[derive(Debug, Serialize, ToSchema)]
pub struct CurveRow {
    /// `km` (Kaplan–Meier 1 − S, stops censored), `aj` (Aalen–Johansen incidence of the
    /// response, stops competing) or `aj_discontinuation`.
    pub method: &'static str,
    /// Study day of the step.
    pub day: i64,
    /// Episodes at risk just before the day (always ≥ 5: a curve ends before fewer remain).
    pub at_risk: usize,
    /// Responses (discontinuations for `aj_discontinuation`) up to the day; null while 1–4.
    pub events: Option<usize>,
    /// The estimate, 0–1.
    pub estimate: f64,
    /// Lower 95 % limit (Greenwood, log(−log) transform; `km` only).
    pub ci_low: Option<f64>,
    /// Upper 95 % limit (`km` only).
    pub ci_high: Option<f64>,
}

/// The curve of one drug.
#[derive(Debug, Serialize, ToSchema)]
pub struct Curve {
    /// The drug.
    pub drug: &'static str,
    /// Episodes of the drug in the cohort; null while 1–4.
    pub episodes: Option<usize>,
    /// Episodes evaluable for the outcome at baseline; null while 1–4.
    pub evaluable: Option<usize>,
    /// The rows, by day and method.
    pub rows: Vec<CurveRow>,
}

/// Response curves of one outcome.
#[derive(Debug, Serialize, ToSchema)]
pub struct ResponseCurves {
    /// The outcome's code.
    pub outcome: &'static str,
    /// How the outcome reads (`SALT ≤ 20`).
    pub label: &'static str,
    /// The disease.
    pub diagnosis: &'static str,
    /// Year of the data cut (the exact day is not shown, as in a release).
    pub data_cut_year: i32,
    /// One curve per drug with episodes.
    pub curves: Vec<Curve>,
}

fn row(p: &CurvePoint) -> CurveRow {
    CurveRow {
        method: p.method.code(),
        day: p.day,
        at_risk: p.at_risk,
        events: p.events,
        estimate: p.estimate,
        ci_low: p.ci_low,
        ci_high: p.ci_high,
    }
}

/// The query, checked: every bad parameter named.
fn parse(q: &ResponseQuery) -> Result<(Outcome, Option<Drug>, Vec<String>), ApiError> {
    let mut errors = Vec::new();
    let outcome = Outcome::parse(&q.outcome);
    if outcome.is_none() {
        errors.push(registry_core::error::FieldError::new(
            "outcome",
            "not an outcome: salt_le20, salt_le10, salt50, easi75, easi_le7, pp_nrs4 or viga_0_1",
        ));
    }
    let drug = match q.drug.as_deref() {
        None => None,
        Some(code) => {
            let drug = Drug::parse(code);
            if drug.is_none() {
                errors.push(registry_core::error::FieldError::new(
                    "drug",
                    "not a drug of the catalogue",
                ));
            }
            drug
        }
    };
    if let (Some(code), Some(outcome)) = (q.diagnosis.as_deref(), outcome)
        && code != outcome.diagnosis().code()
    {
        errors.push(registry_core::error::FieldError::new(
            "diagnosis",
            format!(
                "the outcome belongs to {}, not {code}",
                outcome.diagnosis().code()
            ),
        ));
    }
    let centers: Vec<String> = q
        .centers
        .as_deref()
        .map(|s| {
            s.split(',')
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    match (outcome, errors.is_empty()) {
        (Some(outcome), true) => Ok((outcome, drug, centers)),
        _ => Err(ApiError::Invalid(errors)),
    }
}

fn wants_svg(req: &HttpRequest) -> bool {
    req.headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("image/svg+xml"))
}

/// Response curves of one outcome per drug (Kaplan–Meier 1 − S with its 95 % interval,
/// Aalen–Johansen with stops competing), from the episodes of patients with research consent.
/// Aggregate only: a curve ends where fewer than 5 remain at risk and counts of 1–4 are null.
/// With `Accept: image/svg+xml` (and one `drug`) the plot with the number at risk.
#[utoipa::path(tag = "analyses", security(("bearer" = [])), params(ResponseQuery),
    responses(
        (status = 200, description = "The curves (JSON), or the plot (SVG)",
         content((ResponseCurves = "application/json"), (String = "image/svg+xml"))),
        (status = 403, description = "Not a researcher or coordinator", body = Problem),
        (status = 422, description = "A bad parameter, named", body = Problem),
    ))]
#[get("/analyses/response")]
pub async fn response_curves_route(
    state: web::Data<AppState>,
    _user: AnalysisReader,
    req: HttpRequest,
    query: crate::query_string::ApiQuery<ResponseQuery>,
) -> Result<HttpResponse, ApiError> {
    let svg_wanted = wants_svg(&req);
    let (outcome, cut, curves) = compute(&state, &query, svg_wanted).await?;
    if svg_wanted {
        return svg_answer(outcome, &curves);
    }
    Ok(HttpResponse::Ok().json(ResponseCurves {
        outcome: outcome.code(),
        label: outcome.label(),
        diagnosis: outcome.diagnosis().code(),
        data_cut_year: cut.year(),
        curves: curves
            .iter()
            .map(|c| Curve {
                drug: c.drug.code(),
                episodes: c.episodes,
                evaluable: c.evaluable,
                rows: c.points.iter().map(row).collect(),
            })
            .collect(),
    }))
}

/// Checks `query` and computes its curves as of today (the data cut, returned); with `for_plot`, one drug is required
/// (the SVG plot shows one). Shared with the researcher's analysis page.
pub async fn compute(
    state: &AppState,
    query: &ResponseQuery,
    for_plot: bool,
) -> Result<(Outcome, NaiveDate, Vec<DrugCurve>), ApiError> {
    let (outcome, drug, center_codes) = parse(query)?;
    if for_plot && drug.is_none() {
        return Err(ApiError::field(
            "drug",
            "an SVG plot shows one drug: give `drug`",
        ));
    }
    let cut = current_date();
    let curves: Vec<DrugCurve> = state
        .db
        .run_with_helper(move |conn, helper| {
            let mut center_ids = Vec::with_capacity(center_codes.len());
            for code in &center_codes {
                match centers::by_code(conn, code) {
                    Ok(c) => center_ids.push(c.id),
                    Err(StoreError::NotFound) => {
                        return Err(ApiError::field(
                            "centers",
                            format!("no center has the code {code:?}"),
                        ));
                    }
                    Err(e) => return Err(e.into()),
                }
            }
            let filter = CohortFilter {
                diagnosis: Some(outcome.diagnosis()),
                drugs: drug.map(|d| vec![d.code().to_owned()]).unwrap_or_default(),
                center_ids,
                consent_on: Some(cut),
                ..CohortFilter::default()
            };
            let rows = cohort::read(conn, helper, &Scope::All, &filter)?;
            Ok(response_curves(&rows, outcome, drug, cut))
        })
        .await?;
    Ok((outcome, cut, curves))
}

/// The SVG plot of the first curve (404 when there is none to draw), as the API answers
/// `Accept: image/svg+xml`.
pub fn svg_answer(outcome: Outcome, curves: &[DrugCurve]) -> Result<HttpResponse, ApiError> {
    let plot = curves
        .first()
        .and_then(|c| c.plot(outcome))
        .map(|p| svg(&p))
        .ok_or(ApiError::NotFound)?;
    Ok(HttpResponse::Ok().content_type("image/svg+xml").body(plot))
}
