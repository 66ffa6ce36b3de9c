//! Data queries (`GET /data-queries`): the list the API answers
//! ([`registry_core::store::data_queries::list`] in the reader's scope, the API's status filter
//! [`crate::routes::data_queries::status_filter`]); a coordinator raises one from a
//! data-quality row (`POST /data-queries`, the API's [`crate::routes::data_queries::raise`])
//! and closes one (`POST /data-queries/{id}/close`, with the version it read, as `If-Match`);
//! a center user answers one of its own (`POST /data-queries/{id}/answer`, likewise).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use maud::html;
use registry_core::store::data_queries;

use super::form::Posted;
use super::i18n::Msg;
use super::page::{self, PageError};
use super::reports::may_raise;
use super::session::{CSRF_FIELD, SignedIn};
use crate::AppState;
use crate::auth::guards::{CenterUser, ReportReader};
use crate::error::ApiError;
use crate::extract::parse_json;
use crate::routes::data_queries::{QueryRequest, raise, status_filter};
use registry_core::FieldError;

/// Refuses a role that may not read data queries (as the API's `ReportReader`).
fn may_read(who: &SignedIn) -> Result<(), PageError> {
    if ReportReader::ROLES.contains(&who.user.role) {
        Ok(())
    } else {
        Err(PageError::Forbidden)
    }
}

fn status_of(req: &HttpRequest) -> Option<String> {
    form_urlencoded::parse(req.query_string().as_bytes())
        .find(|(k, _)| k == "status")
        .map(|(_, v)| v.trim().to_owned())
        .filter(|v| !v.is_empty())
}

async fn render(
    state: &AppState,
    who: &SignedIn,
    status: Option<String>,
    refused: Option<Vec<FieldError>>,
) -> Result<HttpResponse, PageError> {
    let lang = who.lang;
    let t = |m| lang.t(m);
    let scope = who.user.scope();
    let wanted = status.clone();
    let found = state
        .db
        .run(move |conn| {
            let filter = status_filter(wanted.as_deref())?;
            Ok(data_queries::list(conn, &scope, filter)?)
        })
        .await;
    let (rows, problem) = match found {
        Ok(rows) => (rows, refused),
        Err(ApiError::Invalid(errors)) => (Vec::new(), Some(errors)),
        Err(e) => return Err(e.into()),
    };
    let here = match &status {
        Some(s) => {
            let mut q = form_urlencoded::Serializer::new(String::from("/data-queries?"));
            q.append_pair("status", s);
            q.finish()
        }
        None => "/data-queries".to_owned(),
    };
    let statuses = [
        ("open", Msg::StatusOpen),
        ("answered", Msg::StatusAnswered),
        ("closed", Msg::StatusClosed),
    ];
    let status_word = |code: &str| {
        statuses
            .iter()
            .find(|(c, _)| *c == code)
            .map_or(code.to_owned(), |(_, m)| t(*m).to_owned())
    };
    let coordinator = may_raise(who);
    let center_user = CenterUser::ROLES.contains(&who.user.role);
    let body = html! {
        @if super::reports::may_view(who).is_ok() { p { a href="/reports/data-quality" { "← " (t(Msg::Reports)) } } }
        h1 { (t(Msg::DataQueries)) }
        form.search method="get" action="/data-queries" role="search" {
            div.field {
                label for="q-status" { (t(Msg::Status)) }
                select id="q-status" name="status" {
                    option value="" { (t(Msg::AnyStatus)) }
                    @for (code, msg) in statuses {
                        option value=(code) selected[status.as_deref() == Some(code)] { (t(msg)) }
                    }
                }
            }
            button type="submit" { (t(Msg::Search)) }
        }
        @if let Some(errors) = &problem {
            div.summary role="alert" { ul { @for e in errors { li { code { (e.field) } ": " (e.message) } } } }
        }
        @if rows.is_empty() {
            p { (t(Msg::NoDataQueries)) }
        } @else {
            table.list id="queries" {
                thead { tr {
                    th scope="col" { (t(Msg::Patient)) } th scope="col" { (t(Msg::Field)) }
                    th scope="col" { (t(Msg::Message)) } th scope="col" { (t(Msg::Status)) }
                    th scope="col" { (t(Msg::Answer)) } th scope="col" { (t(Msg::Raised)) }
                    @if coordinator { th scope="col" { span.visually-hidden { (t(Msg::CloseQuery)) } } }
                    @if center_user { th scope="col" { span.visually-hidden { (t(Msg::AnswerQuery)) } } }
                } }
                tbody { @for q in &rows {
                    tr id={ "query-" (q.id) } data-status=(q.status) {
                        td { @if let Some(p) = &q.patient_id { a href={ "/patients/" (p) } { (p) } } }
                        td { (q.entity) @if let Some(f) = &q.field { " " code { (f) } } }
                        td { (q.message) }
                        td.status { (status_word(&q.status)) }
                        td { (q.answer.clone().unwrap_or_default()) }
                        td { (lang.moment(q.raised_at.and_utc())) }
                        @if coordinator {
                            td { @if q.status != "closed" {
                                form.inline method="post" action={ "/data-queries/" (q.id) "/close" } {
                                    input type="hidden" name=(CSRF_FIELD) value=(who.csrf);
                                    input type="hidden" name="version" value=(q.version);
                                    button type="submit" id={ "close-" (q.id) } { (t(Msg::CloseQuery)) span.visually-hidden { ": " (q.message) } }
                                }
                            } }
                        }
                        @if center_user {
                            td { @if q.status == "open" {
                                form.search method="post" action={ "/data-queries/" (q.id) "/answer" } {
                                    input type="hidden" name=(CSRF_FIELD) value=(who.csrf);
                                    input type="hidden" name="version" value=(q.version);
                                    div.field {
                                        label for={ "answer-" (q.id) } { (t(Msg::Answer)) }
                                        input type="text" id={ "answer-" (q.id) } name="answer" autocomplete="off";
                                    }
                                    button type="submit" id={ "send-" (q.id) } { (t(Msg::AnswerQuery)) }
                                }
                            } }
                        }
                    }
                } }
            }
        }
    };
    let code = if problem.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    Ok(page::respond(code, who, t(Msg::DataQueries), &here, body))
}

/// `GET /data-queries`.
pub async fn list(
    state: web::Data<AppState>,
    who: SignedIn,
    req: HttpRequest,
) -> Result<HttpResponse, PageError> {
    may_read(&who)?;
    render(&state, &who, status_of(&req), None).await
}

/// `POST /data-queries`: raises the query a data-quality row carries.
pub async fn create(
    state: web::Data<AppState>,
    who: SignedIn,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    if !may_raise(&who) {
        return Err(PageError::Forbidden);
    }
    let posted = Posted::parse(&body);
    who.check_csrf(posted.csrf())?;
    let json = posted.to_json(&[], &[]);
    let saved = match parse_json::<QueryRequest>(json.to_string().as_bytes()) {
        Ok(input) => {
            let ctx = who.user.ctx();
            state
                .db
                .write(ctx, move |tx, ctx| raise(tx, ctx, input))
                .await
        }
        Err(e) => Err(e),
    };
    match saved {
        Ok(q) => Ok(page::see_other(&format!("/data-queries#query-{}", q.id))),
        Err(ApiError::Invalid(errors)) => render(&state, &who, None, Some(errors)).await,
        Err(e) => Err(e.into()),
    }
}

/// `POST /data-queries/{id}/answer`: a center user's answer, at the version the page showed
/// (the store's [`data_queries::answer`], as `POST /api/v1/data-queries/{id}/answer`).
pub async fn answer(
    state: web::Data<AppState>,
    who: SignedIn,
    path: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    if !CenterUser::ROLES.contains(&who.user.role) {
        return Err(PageError::Forbidden);
    }
    let posted = Posted::parse(&body);
    who.check_csrf(posted.csrf())?;
    let version: i32 = posted
        .get("version")
        .and_then(|v| v.trim().parse().ok())
        .ok_or(PageError::NotFound)?;
    let text = posted.value("answer").to_owned();
    let (scope, ctx, id) = (who.user.scope(), who.user.ctx(), path.into_inner());
    let answered = id.clone();
    let saved = state
        .db
        .run(move |conn| {
            Ok(conn.write(|tx| data_queries::answer(tx, &ctx, &scope, &id, version, &text))?)
        })
        .await;
    match saved {
        Ok(_) => Ok(page::see_other(&format!("/data-queries#query-{answered}"))),
        Err(ApiError::Invalid(errors)) => render(&state, &who, None, Some(errors)).await,
        Err(e) => Err(e.into()),
    }
}

/// `POST /data-queries/{id}/close`: closes the query at the version the page showed.
pub async fn close(
    state: web::Data<AppState>,
    who: SignedIn,
    path: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    if !may_raise(&who) {
        return Err(PageError::Forbidden);
    }
    let posted = Posted::parse(&body);
    who.check_csrf(posted.csrf())?;
    let version: i32 = posted
        .get("version")
        .and_then(|v| v.trim().parse().ok())
        .ok_or(PageError::NotFound)?;
    let (ctx, id) = (who.user.ctx(), path.into_inner());
    let closed = id.clone();
    state
        .db
        .run(move |conn| Ok(conn.write(|tx| data_queries::close(tx, &ctx, &id, version))?))
        .await?;
    Ok(page::see_other(&format!("/data-queries#query-{closed}")))
}
