//! The researcher's pages: a release of a cohort (`GET /releases`, the form and the jobs;
//! `POST /releases`, queued through the API's own check and queue
//! [`crate::routes::exports::create::check`] and [`crate::routes::exports::create::queue`]);
//! a job's progress (`GET /releases/{id}`, re-read every two seconds by a `Refresh` header
//! while it runs) and its zip (`GET /releases/{id}/download`,
//! [`crate::routes::exports::download::release_zip`]); and the response curves
//! (`GET /analyses`), drawn as the SVG the API answers (`GET /analyses/response.svg`,
//! [`crate::routes::analyses::compute`] and [`crate::routes::analyses::svg_answer`]).

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, web};
use maud::html;
use registry_core::catalogue::Drug;
use registry_export::analyses::Outcome;
use registry_export::release::DEFAULT_K;
use serde_json::{Map, Value};

use super::form::{self, Errors, Input, Posted};
use super::i18n::{Lang, Msg};
use super::page::{self, PageError};
use super::session::SignedIn;
use crate::AppState;
use crate::auth::guards::{AnalysisReader, ReleaseReader, ResearcherUser};
use crate::error::ApiError;
use crate::extract::parse_json;
use crate::routes::analyses::{ResponseQuery, compute, svg_answer};
use crate::routes::exports::create::{check, queue};
use crate::routes::exports::download::{release_zip, zip_answer};
use crate::routes::exports::dto::{ExportRequest, ExportView};
use crate::routes::exports::get::view;
use crate::routes::exports::list::views;
use crate::routes::exports::requester;

fn allowed(who: &SignedIn, roles: &[registry_core::role::Role]) -> Result<(), PageError> {
    if roles.contains(&who.user.role) {
        Ok(())
    } else {
        Err(PageError::Forbidden)
    }
}

fn query_value(req: &HttpRequest, name: &str) -> Option<String> {
    form_urlencoded::parse(req.query_string().as_bytes())
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.trim().to_owned())
        .filter(|v| !v.is_empty())
}

/// The fields of the release form (the API's JSON paths).
const FIELDS: [&str; 6] = [
    "cohort.diagnosis",
    "cohort.drugs",
    "cohort.centers",
    "cohort.started_from",
    "cohort.started_to",
    "k",
];

/// The release form as the API's body: the cohort's fields where given, the drugs ticked, the
/// centers as a list (comma-separated codes), k as a number when it reads as one (the API's
/// parse names it otherwise).
fn request_body(posted: &Posted) -> Value {
    let mut cohort = Map::new();
    for name in ["diagnosis", "started_from", "started_to"] {
        if let Some(v) = posted
            .get(&format!("cohort.{name}"))
            .map(str::trim)
            .filter(|v| !v.is_empty())
        {
            cohort.insert(name.to_owned(), Value::String(v.to_owned()));
        }
    }
    let drugs: Vec<Value> = Drug::ALL
        .iter()
        .filter(|d| posted.get(&format!("drug.{}", d.code())).is_some())
        .map(|d| Value::String(d.code().to_owned()))
        .collect();
    if !drugs.is_empty() {
        cohort.insert("drugs".to_owned(), Value::Array(drugs));
    }
    let centers: Vec<Value> = posted
        .value("cohort.centers")
        .split(',')
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(|c| Value::String(c.to_owned()))
        .collect();
    if !centers.is_empty() {
        cohort.insert("centers".to_owned(), Value::Array(centers));
    }
    let mut body = Map::new();
    body.insert("cohort".to_owned(), Value::Object(cohort));
    let k = posted.value("k").trim();
    if !k.is_empty() {
        let value = k
            .parse::<i64>()
            .map_or_else(|_| Value::String(k.to_owned()), Value::from);
        body.insert("k".to_owned(), value);
    }
    Value::Object(body)
}

fn status_word(lang: Lang, status: &str) -> String {
    let msg = match status {
        "queued" => Msg::JobQueued,
        "running" => Msg::JobRunning,
        "done" => Msg::JobDone,
        "failed" => Msg::JobFailed,
        "deleted" => Msg::JobDeleted,
        "expired" => Msg::JobExpired,
        other => return other.to_owned(),
    };
    lang.t(msg).to_owned()
}

async fn render_form(
    state: &AppState,
    who: &SignedIn,
    posted: &Posted,
    errors: &Errors,
    status: StatusCode,
) -> Result<HttpResponse, PageError> {
    let lang = who.lang;
    let t = |m| lang.t(m);
    let mine = requester(&who.user);
    let jobs: Vec<ExportView> = state.db.run(move |conn| views(conn, &mine, 50)).await?;
    let diagnoses = [
        ("", t(Msg::AnyDiagnosis)),
        ("AA", t(Msg::AA)),
        ("AD", t(Msg::AD)),
    ];
    let text = |inputmode| Input::Text {
        inputmode,
        autocomplete: Some("off"),
    };
    let k_value = if posted.get("k").is_some() {
        posted.value("k").to_owned()
    } else {
        DEFAULT_K.to_string()
    };
    let drug_errors = errors.of("cohort.drugs");
    let body = html! {
        h1 { (t(Msg::Releases)) }
        p { a href="/analyses" id="analyses" { (t(Msg::ResponseCurves)) } }
        h2 { (t(Msg::NewRelease)) }
        (errors.summary(lang))
        form method="post" action="/releases" novalidate {
            (form::csrf(&who.csrf))
            (form::field("cohort.diagnosis", t(Msg::Diagnosis), Input::Select(&diagnoses), posted.value("cohort.diagnosis"), errors))
            fieldset id=(form::field_id("cohort.drugs")) {
                legend { (t(Msg::Drugs)) }
                @for drug in Drug::ALL {
                    @let name = format!("drug.{}", drug.code());
                    div.field.check {
                        input type="checkbox" id={ "f-drug-" (drug.code()) } name=(name) value="yes" checked[posted.get(&name).is_some()];
                        label for={ "f-drug-" (drug.code()) } { (drug.code()) }
                    }
                }
                @if !drug_errors.is_empty() { p.error { @for m in drug_errors { (m) " " } } }
            }
            (form::field("cohort.centers", t(Msg::CenterCodes), text(None), posted.value("cohort.centers"), errors))
            (form::field("cohort.started_from", t(Msg::StartedFrom), text(Some("numeric")), posted.value("cohort.started_from"), errors))
            (form::field("cohort.started_to", t(Msg::StartedTo), text(Some("numeric")), posted.value("cohort.started_to"), errors))
            (form::field("k", t(Msg::KAnonymity), text(Some("numeric")), &k_value, errors))
            div.actions { button type="submit" id="start-release" { (t(Msg::StartRelease)) } }
        }
        h2 { (t(Msg::YourReleases)) }
        @if jobs.is_empty() { p { (t(Msg::NoReleases)) } } @else {
            table.list id="releases" {
                thead { tr {
                    th scope="col" { (t(Msg::Requested)) } th scope="col" { (t(Msg::Status)) }
                    th scope="col" { "k" } th scope="col" { (t(Msg::Progress)) }
                } }
                tbody { @for job in &jobs {
                    tr {
                        td { a href={ "/releases/" (job.id) } { (lang.moment(job.created_at)) } }
                        td { (status_word(lang, &job.status)) } td { (job.k) } td { (job.percent) " %" }
                    }
                } }
            }
        }
    };
    Ok(page::respond(
        status,
        who,
        t(Msg::Releases),
        "/releases",
        body,
    ))
}

/// `GET /releases`.
pub async fn index(state: web::Data<AppState>, who: SignedIn) -> Result<HttpResponse, PageError> {
    allowed(&who, ResearcherUser::ROLES)?;
    render_form(
        &state,
        &who,
        &Posted::default(),
        &Errors::default(),
        StatusCode::OK,
    )
    .await
}

/// `POST /releases`: queues the release, then its job page.
pub async fn create(
    state: web::Data<AppState>,
    who: SignedIn,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    allowed(&who, ResearcherUser::ROLES)?;
    let posted = Posted::parse(&body);
    who.check_csrf(posted.csrf())?;
    let json = request_body(&posted);
    let queued = match parse_json::<ExportRequest>(json.to_string().as_bytes())
        .and_then(|input| check(&input).map(|checked| (input, checked)))
    {
        Ok((input, (k, codes))) => {
            let ctx = who.user.ctx();
            state
                .db
                .write(ctx, move |tx, ctx| queue(tx, ctx, &input, k, &codes))
                .await
        }
        Err(e) => Err(e),
    };
    match queued {
        Ok(accepted) => {
            state.exports.notify();
            Ok(page::see_other(&format!("/releases/{}", accepted.id)))
        }
        Err(e) => {
            // A field of a list (`cohort.drugs[0]`, `cohort.centers[1]`) is shown at the list.
            let e = match e {
                ApiError::Invalid(list) => ApiError::Invalid(
                    list.into_iter()
                        .map(|mut f| {
                            if let Some(at) = f.field.find('[') {
                                f.field.truncate(at);
                            }
                            f
                        })
                        .collect(),
                ),
                other => other,
            };
            match Errors::from_api(&e, &FIELDS, "") {
                Some(errors) => {
                    render_form(&state, &who, &posted, &errors, form::status_of(&e)).await
                }
                None => Err(e.into()),
            }
        }
    }
}

/// `GET /releases/{id}`: the job's status, stage and percent; its download once done.
pub async fn job(
    state: web::Data<AppState>,
    who: SignedIn,
    path: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    allowed(&who, ReleaseReader::ROLES)?;
    let lang = who.lang;
    let t = |m| lang.t(m);
    let (mine, id) = (requester(&who.user), path.into_inner());
    let job = state.db.run(move |conn| view(conn, &mine, &id)).await?;
    let running = matches!(job.status.as_str(), "queued" | "running");
    let here = format!("/releases/{}", job.id);
    let body = html! {
        p { a href="/releases" { "← " (t(Msg::Releases)) } }
        h1 { (t(Msg::Release)) }
        dl.facts {
            dt { (t(Msg::Status)) } dd id="job-status" data-status=(job.status) { (status_word(lang, &job.status)) }
            dt { (t(Msg::Stage)) } dd id="job-stage" { (job.stage.clone().unwrap_or_default()) }
            dt { (t(Msg::Progress)) } dd {
                progress id="job-progress" max="100" value=(job.percent) aria-labelledby="job-percent" { (job.percent) " %" }
                " " span id="job-percent" { (job.percent) " %" }
            }
            dt { "k" } dd { (job.k) }
            dt { (t(Msg::Requested)) } dd { (lang.moment(job.created_at)) }
            @if let Some(sha) = &job.sha256 { dt { "SHA-256" } dd { code { (sha) } } }
            @if let Some(error) = &job.error { dt { (t(Msg::JobFailed)) } dd { (error) } }
        }
        @if running {
            p.hint role="status" { (t(Msg::JobRefreshes)) " " a href=(here) { (t(Msg::Reload)) } }
        }
        @if job.download_url.is_some() {
            p { a.button href={ "/releases/" (job.id) "/download" } id="download" download { (t(Msg::DownloadRelease)) } }
        }
    };
    let mut response = page::respond(StatusCode::OK, &who, t(Msg::Release), &here, body);
    if running {
        response
            .headers_mut()
            .insert(header::REFRESH, HeaderValue::from_static("2"));
    }
    Ok(response)
}

/// `GET /releases/{id}/download`: the zip, as the API's download.
pub async fn download(
    state: web::Data<AppState>,
    who: SignedIn,
    path: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    allowed(&who, ReleaseReader::ROLES)?;
    let (mine, id) = (requester(&who.user), path.into_inner());
    let dir = state.settings.release_dir.clone();
    let zip = state
        .db
        .run(move |conn| release_zip(conn, &mine, &id, &dir))
        .await?;
    Ok(page::file(zip_answer(zip)))
}

fn response_query(req: &HttpRequest) -> Option<ResponseQuery> {
    Some(ResponseQuery {
        outcome: query_value(req, "outcome")?,
        drug: query_value(req, "drug"),
        diagnosis: None,
        centers: query_value(req, "centers"),
    })
}

/// `GET /analyses/response.svg`: the plot the API answers `Accept: image/svg+xml` with.
pub async fn plot(
    state: web::Data<AppState>,
    who: SignedIn,
    req: HttpRequest,
) -> Result<HttpResponse, PageError> {
    allowed(&who, AnalysisReader::ROLES)?;
    let query = response_query(&req).ok_or(PageError::NotFound)?;
    let (outcome, _, curves) = compute(&state, &query, true).await?;
    Ok(page::file(svg_answer(outcome, &curves)?))
}

/// `GET /analyses`: the response curves of an outcome, one plot per drug that has one.
pub async fn analyses(
    state: web::Data<AppState>,
    who: SignedIn,
    req: HttpRequest,
) -> Result<HttpResponse, PageError> {
    allowed(&who, AnalysisReader::ROLES)?;
    let lang = who.lang;
    let t = |m| lang.t(m);
    let query = response_query(&req);
    let (chosen_outcome, chosen_drug, chosen_centers) = (
        query
            .as_ref()
            .map(|q| q.outcome.clone())
            .unwrap_or_default(),
        query
            .as_ref()
            .and_then(|q| q.drug.clone())
            .unwrap_or_default(),
        query
            .as_ref()
            .and_then(|q| q.centers.clone())
            .unwrap_or_default(),
    );
    let (result, problem) = match &query {
        None => (None, None),
        Some(q) => match compute(&state, q, false).await {
            Ok(r) => (Some(r), None),
            Err(ApiError::Invalid(errors)) => (None, Some(errors)),
            Err(e) => return Err(e.into()),
        },
    };
    let plot_src = |outcome: Outcome, drug: Drug| {
        let mut q = form_urlencoded::Serializer::new(String::from("/analyses/response.svg?"));
        q.append_pair("outcome", outcome.code());
        q.append_pair("drug", drug.code());
        if !chosen_centers.is_empty() {
            q.append_pair("centers", &chosen_centers);
        }
        q.finish()
    };
    let here = {
        let mut q = form_urlencoded::Serializer::new(String::from("/analyses?"));
        for (k, v) in [
            ("outcome", &chosen_outcome),
            ("drug", &chosen_drug),
            ("centers", &chosen_centers),
        ] {
            if !v.is_empty() {
                q.append_pair(k, v);
            }
        }
        q.finish()
    };
    let body = html! {
        h1 { (t(Msg::ResponseCurves)) }
        p.hint { (t(Msg::CurvesHint)) }
        form.search method="get" action="/analyses" {
            div.field {
                label for="a-outcome" { (t(Msg::Outcome)) }
                select id="a-outcome" name="outcome" {
                    @for o in Outcome::ALL {
                        option value=(o.code()) selected[chosen_outcome == o.code()] { (o.label()) " (" (o.diagnosis().code()) ")" }
                    }
                }
            }
            div.field {
                label for="a-drug" { (t(Msg::Drug)) }
                select id="a-drug" name="drug" {
                    option value="" { (t(Msg::AnyDrug)) }
                    @for d in Drug::ALL {
                        option value=(d.code()) selected[chosen_drug == d.code()] { (d.code()) }
                    }
                }
            }
            div.field {
                label for="a-centers" { (t(Msg::CenterCodes)) }
                input type="text" id="a-centers" name="centers" autocomplete="off" value=(chosen_centers);
            }
            button type="submit" id="a-show" { (t(Msg::Apply)) }
        }
        @if let Some(errors) = &problem {
            div.summary role="alert" { ul { @for e in errors { li { code { (e.field) } ": " (e.message) } } } }
        }
        @if let Some((outcome, cut, curves)) = &result {
            p { (outcome.label()) " · " (t(Msg::DataCutYear)) " " (chrono::Datelike::year(cut)) }
            @if curves.is_empty() { p { (t(Msg::NothingToReport)) } }
            @for curve in curves {
                section.curve id={ "curve-" (curve.drug.code()) } {
                    h2 { (curve.drug.code()) }
                    p {
                        (t(Msg::Episodes)) ": " (curve.episodes.map_or("1–4".to_owned(), |n| n.to_string()))
                        " · " (t(Msg::Evaluable)) ": " (curve.evaluable.map_or("1–4".to_owned(), |n| n.to_string()))
                    }
                    @if curve.plot(*outcome).is_some() {
                        img.plot src=(plot_src(*outcome, curve.drug)) alt={ (outcome.label()) " · " (curve.drug.code()) ": " (t(Msg::PlotAlt)) };
                    } @else {
                        p { (t(Msg::NoPlot)) }
                    }
                }
            }
        }
    };
    Ok(page::respond(
        StatusCode::OK,
        &who,
        t(Msg::ResponseCurves),
        &here,
        body,
    ))
}
