//! The coordinator's report pages (`GET /reports/{kind}`): the four reports as
//! `GET /api/v1/reports/{kind}` computes them ([`crate::routes::reports::compute`]), filtered by
//! center, diagnosis and drug in a GET form, each with the CSV the API answers
//! `Accept: text/csv` with ([`crate::routes::reports::csv_answer`]) at `…/csv`. Completeness
//! shows a bar (`<meter>`) per row; every row that names a record links to its (read-only,
//! pseudonymous) record page; a data-quality row carries the data query to raise.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use maud::{Markup, html};
use registry_core::catalogue::Drug;
use registry_export::reports::{Report, ReportKind};

use super::i18n::{Lang, Msg};
use super::page::{self, PageError};
use super::patients::diagnosis;
use super::session::{CSRF_FIELD, SignedIn};
use crate::AppState;
use crate::auth::guards::{ClinicalReader, CoordinatorUser, ReportViewer};
use crate::error::ApiError;
use crate::routes::reports::{ReportQuery, compute, csv_answer, identify};

/// Refuses a role that may not read reports (as the API's `ReportViewer`).
pub fn may_view(who: &SignedIn) -> Result<(), PageError> {
    if ReportViewer::ROLES.contains(&who.user.role) {
        Ok(())
    } else {
        Err(PageError::Forbidden)
    }
}

/// Whether the role may raise data queries (as the API's `CoordinatorUser`).
pub fn may_raise(who: &SignedIn) -> bool {
    CoordinatorUser::ROLES.contains(&who.user.role)
}

fn query_value(req: &HttpRequest, name: &str) -> Option<String> {
    form_urlencoded::parse(req.query_string().as_bytes())
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.trim().to_owned())
        .filter(|v| !v.is_empty())
}

/// The report's filters from the page's query string (other parameters, `lang`, ignored).
fn filters(req: &HttpRequest) -> ReportQuery {
    ReportQuery {
        center: query_value(req, "center"),
        diagnosis: query_value(req, "diagnosis"),
        drug: query_value(req, "drug"),
        as_of: query_value(req, "as_of"),
        table: query_value(req, "table"),
    }
}

/// The filters as a query string (`?center=…`), empty when none.
fn search(query: &ReportQuery, table: Option<&str>) -> String {
    let mut q = form_urlencoded::Serializer::new(String::new());
    for (name, value) in [
        ("center", query.center.as_deref()),
        ("diagnosis", query.diagnosis.as_deref()),
        ("drug", query.drug.as_deref()),
        ("as_of", query.as_of.as_deref()),
        ("table", table),
    ] {
        if let Some(v) = value {
            q.append_pair(name, v);
        }
    }
    let q = q.finish();
    if q.is_empty() { q } else { format!("?{q}") }
}

fn kind_of(code: &str) -> Result<ReportKind, PageError> {
    ReportKind::parse(code).ok_or(PageError::NotFound)
}

fn title(kind: ReportKind) -> Msg {
    match kind {
        ReportKind::Completeness => Msg::ReportCompleteness,
        ReportKind::Overdue => Msg::ReportOverdue,
        ReportKind::Safety => Msg::ReportSafety,
        ReportKind::DataQuality => Msg::ReportDataQuality,
    }
}

async fn report_for(
    state: &AppState,
    who: &SignedIn,
    kind: ReportKind,
    query: ReportQuery,
) -> Result<Report, ApiError> {
    let (scope, identify) = (who.user.scope(), identify(who.user.role));
    state
        .db
        .run_with_helper(move |conn, helper| compute(conn, helper, &scope, identify, kind, &query))
        .await
}

/// `GET /reports`: the first report.
pub async fn index(who: SignedIn) -> Result<HttpResponse, PageError> {
    may_view(&who)?;
    Ok(page::see_other("/reports/completeness"))
}

/// `GET /reports/{kind}/csv`: the report's table as the API's CSV.
pub async fn csv(
    state: web::Data<AppState>,
    who: SignedIn,
    path: web::Path<String>,
    req: HttpRequest,
) -> Result<HttpResponse, PageError> {
    may_view(&who)?;
    let kind = kind_of(&path)?;
    let query = filters(&req);
    let table = query.table.clone();
    let report = report_for(&state, &who, kind, query).await?;
    Ok(page::file(csv_answer(&report, kind, table.as_deref())?))
}

/// `GET /reports/{kind}`.
pub async fn show(
    state: web::Data<AppState>,
    who: SignedIn,
    path: web::Path<String>,
    req: HttpRequest,
) -> Result<HttpResponse, PageError> {
    may_view(&who)?;
    let kind = kind_of(&path)?;
    let lang = who.lang;
    let query = filters(&req);
    let found = report_for(&state, &who, kind, filters(&req)).await;
    let (report, problem) = match found {
        Ok(r) => (Some(r), None),
        Err(ApiError::Invalid(errors)) => (None, Some(errors)),
        Err(e) => return Err(e.into()),
    };
    let here = format!("/reports/{}{}", kind.code(), search(&query, None));
    let body = html! {
        h1 { (lang.t(Msg::Reports)) }
        nav.tabs aria-label=(lang.t(Msg::Reports)) {
            ul {
                @for k in ReportKind::ALL {
                    li { a href={ "/reports/" (k.code()) (search(&query, None)) } aria-current=[(k == kind).then_some("page")] { (lang.t(title(k))) } }
                }
                li { a href="/data-queries" { (lang.t(Msg::DataQueries)) } }
            }
        }
        h2 { (lang.t(title(kind))) }
        (filter_form(lang, kind, &query))
        @if let Some(errors) = &problem {
            div.summary role="alert" { ul { @for e in errors { li { code { (e.field) } ": " (e.message) } } } }
        }
        @if let Some(report) = &report {
            @for table in report.tables() {
                p { a.download href={ "/reports/" (kind.code()) "/csv" (search(&query, Some(table))) } id={ "csv-" (table) } download { (lang.t(Msg::DownloadCsv)) " (" (table) ")" } }
            }
            (tables(&who, report))
        }
    };
    Ok(page::respond(
        StatusCode::OK,
        &who,
        lang.t(title(kind)),
        &here,
        body,
    ))
}

fn filter_form(lang: Lang, kind: ReportKind, query: &ReportQuery) -> Markup {
    html! {
        form.search method="get" action={ "/reports/" (kind.code()) } role="search" {
            div.field {
                label for="r-center" { (lang.t(Msg::CenterCode)) }
                input type="text" id="r-center" name="center" autocomplete="off" value=(query.center.clone().unwrap_or_default());
            }
            div.field {
                label for="r-diagnosis" { (lang.t(Msg::Diagnosis)) }
                select id="r-diagnosis" name="diagnosis" {
                    option value="" { (lang.t(Msg::AnyDiagnosis)) }
                    @for code in ["AA", "AD"] {
                        option value=(code) selected[query.diagnosis.as_deref() == Some(code)] { (diagnosis(lang, code)) }
                    }
                }
            }
            div.field {
                label for="r-drug" { (lang.t(Msg::Drug)) }
                select id="r-drug" name="drug" {
                    option value="" { (lang.t(Msg::AnyDrug)) }
                    @for drug in Drug::ALL {
                        option value=(drug.code()) selected[query.drug.as_deref() == Some(drug.code())] { (drug.code()) }
                    }
                }
            }
            div.field {
                label for="r-as-of" { (lang.t(Msg::DataCut)) }
                input type="text" id="r-as-of" name="as_of" inputmode="numeric" autocomplete="off" placeholder="YYYY-MM-DD" value=(query.as_of.clone().unwrap_or_default());
            }
            button type="submit" id="r-apply" { (lang.t(Msg::Apply)) }
        }
    }
}

/// A patient as a report names it, linked to the record page where the role reads one: a
/// coordinator by record id, a center user through the search by local reference.
fn patient(who: &SignedIn, name: &str) -> Markup {
    if !ClinicalReader::ROLES.contains(&who.user.role) || name.is_empty() {
        return html! { (name) };
    }
    let href = if who.user.role == registry_core::role::Role::Center {
        let mut q = form_urlencoded::Serializer::new(String::from("/patients?"));
        q.append_pair("local_ref", name);
        q.finish()
    } else {
        format!("/patients/{name}")
    };
    html! { a href=(href) { (name) } }
}

fn tables(who: &SignedIn, report: &Report) -> Markup {
    let lang = who.lang;
    let t = |m| lang.t(m);
    match report {
        Report::Completeness(r) => html! {
            p { (t(Msg::DataCutOn)) " " (r.data_cut) }
            @if r.rows.is_empty() { p { (t(Msg::NothingToReport)) } } @else {
                table.list id="completeness" {
                    thead { tr {
                        th scope="col" { (t(Msg::Center)) } th scope="col" { (t(Msg::Diagnosis)) }
                        th scope="col" { (t(Msg::Drug)) } th scope="col" { (t(Msg::Window)) }
                        th scope="col" { (t(Msg::Item)) } th scope="col" { (t(Msg::Expected)) }
                        th scope="col" { (t(Msg::Recorded)) } th scope="col" { (t(Msg::MissingWithReason)) }
                        th scope="col" { (t(Msg::Missing)) } th scope="col" { (t(Msg::Complete)) }
                    } }
                    tbody { @for row in &r.rows {
                        tr data-center=(row.center) data-window=(row.window) data-kind=(row.kind) data-item=(row.item) {
                            td { (row.center) } td { (diagnosis(lang, &row.diagnosis)) } td { (row.drug) }
                            td { (row.window) } td { (row.kind) ": " (row.item) }
                            td.expected { (row.expected) } td.recorded { (row.recorded) }
                            td { (row.missing_with_reason) } td { (row.missing) }
                            td.bar {
                                meter min="0" max="100" low="50" high="80" optimum="100" value=(row.percent_complete) aria-hidden="true" { (row.percent_complete) " %" }
                                " " span { (row.percent_complete) " %" }
                            }
                        }
                    } }
                }
            }
            h3 { (t(Msg::Trend)) }
            @if r.trend.is_empty() { p { (t(Msg::NothingToReport)) } } @else {
                table.list id="trend" {
                    thead { tr {
                        th scope="col" { (t(Msg::Center)) } th scope="col" { (t(Msg::Quarter)) }
                        th scope="col" { (t(Msg::VisitsComplete)) } th scope="col" { (t(Msg::FieldsComplete)) }
                    } }
                    tbody { @for row in &r.trend {
                        tr {
                            td { (row.center) } td { (row.quarter) }
                            td.bar { meter min="0" max="100" value=(row.percent_visits) aria-hidden="true" {} " " (row.recorded_visits) "/" (row.expected_visits) " (" (row.percent_visits) " %)" }
                            td.bar { meter min="0" max="100" value=(row.percent_fields) aria-hidden="true" {} " " (row.complete_fields) "/" (row.expected_fields) " (" (row.percent_fields) " %)" }
                        }
                    } }
                }
            }
        },
        Report::Overdue(r) => html! {
            p { (t(Msg::DataCutOn)) " " (r.data_cut) }
            @if r.rows.is_empty() { p { (t(Msg::NothingToReport)) } } @else {
                table.list id="overdue" {
                    thead { tr {
                        th scope="col" { (t(Msg::Kind)) } th scope="col" { (t(Msg::Center)) }
                        th scope="col" { (t(Msg::Patient)) } th scope="col" { (t(Msg::Drug)) }
                        th scope="col" { (t(Msg::Item)) } th scope="col" { (t(Msg::DueBy)) }
                        th scope="col" { (t(Msg::DaysOverdue)) } th scope="col" { (t(Msg::LastVisit)) }
                    } }
                    tbody { @for row in &r.rows {
                        tr {
                            td { (row.kind) } td { (row.center) } td { (patient(who, &row.patient)) }
                            td { (row.drug) } td { (row.item) } td { (lang.date(row.due_by)) } td { (row.days_overdue) }
                            td { @if let Some(d) = row.last_visit { (lang.date(d)) } }
                        }
                    } }
                }
            }
        },
        Report::Safety(r) => html! {
            p { (t(Msg::DataCutOn)) " " (r.data_cut) }
            @if r.signals.is_empty() { p { (t(Msg::NothingToReport)) } } @else {
                table.list id="signals" {
                    thead { tr {
                        th scope="col" { (t(Msg::Kind)) } th scope="col" { (t(Msg::Center)) }
                        th scope="col" { (t(Msg::Patient)) } th scope="col" { (t(Msg::Drug)) }
                        th scope="col" { (t(Msg::Rule)) } th scope="col" { (t(Msg::Date)) }
                        th scope="col" { (t(Msg::DaysOpen)) } th scope="col" { (t(Msg::Detail)) }
                    } }
                    tbody { @for s in &r.signals {
                        tr {
                            td { (s.kind) } td { (s.center) } td { (patient(who, &s.patient)) }
                            td { (s.drug.clone().unwrap_or_default()) } td { (s.rule) } td { (lang.date(s.date)) }
                            td { (s.days_open) } td { (s.detail) }
                        }
                    } }
                }
            }
            h3 { (t(Msg::AesiIncidence)) }
            @if r.aesi_incidence.is_empty() { p { (t(Msg::NothingToReport)) } } @else {
                table.list id="aesi" {
                    thead { tr {
                        th scope="col" { (t(Msg::Drug)) } th scope="col" { (t(Msg::Category)) }
                        th scope="col" { (t(Msg::PatientsCount)) } th scope="col" { (t(Msg::PatientYears)) }
                        th scope="col" { (t(Msg::Events)) } th scope="col" { (t(Msg::Rate)) }
                    } }
                    tbody { @for row in &r.aesi_incidence {
                        tr {
                            td { (row.drug) } td { (row.category) } td { (row.patients) }
                            td { (format!("{:.1}", row.patient_years)) } td { (row.events) }
                            td { (format!("{:.1}", row.rate_per_100py)) " (" (format!("{:.1}", row.ci_low)) "–" (format!("{:.1}", row.ci_high)) ")" }
                        }
                    } }
                }
            }
        },
        Report::DataQuality(r) => html! {
            p { (t(Msg::DataCutOn)) " " (r.data_cut) }
            @if r.rows.is_empty() { p { (t(Msg::NothingToReport)) } } @else {
                table.list id="data-quality" {
                    thead { tr {
                        th scope="col" { (t(Msg::Center)) } th scope="col" { (t(Msg::Patient)) }
                        th scope="col" { (t(Msg::Rule)) } th scope="col" { (t(Msg::Field)) }
                        th scope="col" { (t(Msg::Value)) } th scope="col" { (t(Msg::Message)) }
                        @if may_raise(who) { th scope="col" { (t(Msg::DataQuery)) } }
                    } }
                    tbody { @for (i, row) in r.rows.iter().enumerate() {
                        tr data-rule=(row.rule) {
                            td { (row.center) } td { (patient(who, &row.patient)) } td { (row.rule) }
                            td { code { (row.field) } } td { (row.value.clone().unwrap_or_default()) } td { (row.message) }
                            @if may_raise(who) {
                                td {
                                    @let q = &row.data_query.body;
                                    form.inline method="post" action="/data-queries" {
                                        input type="hidden" name=(CSRF_FIELD) value=(who.csrf);
                                        input type="hidden" name="center" value=(q.center);
                                        input type="hidden" name="patient_id" value=(q.patient_id);
                                        input type="hidden" name="entity" value=(q.entity);
                                        input type="hidden" name="entity_id" value=(q.entity_id);
                                        input type="hidden" name="field" value=(q.field);
                                        input type="hidden" name="message" value=(q.message);
                                        button type="submit" id={ "raise-" (i) } { (t(Msg::RaiseQuery)) span.visually-hidden { ": " (row.message) } }
                                    }
                                }
                            }
                        }
                    } }
                }
            }
        },
    }
}
