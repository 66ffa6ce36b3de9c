//! The pages' one deletion: a confirm page naming the record, the reason asked for, and the
//! API's soft deletion ([`delete_with_reason`]) with the version the page was read at — a change
//! made elsewhere since is refused with a way to read the record again. Visits and lab results
//! are deleted through it.

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use maud::{Markup, html};

use super::form::{self, Errors, Input, Posted};
use super::i18n::Msg;
use super::page::{self, PageError};
use super::session::SignedIn;
use crate::AppState;
use crate::error::ApiError;
use crate::routes::shared::{DeleteFn, delete_with_reason};

/// The record a deletion page is about.
pub struct Deleted<'a> {
    /// The patient's record page, where the user returns.
    pub back: String,
    /// The page's own address (the form posts to it).
    pub here: String,
    /// The heading.
    pub title: Msg,
    /// What is deleted, in words (shown under the heading).
    pub what: Markup,
    /// What deleting does.
    pub text: Msg,
    /// The record's id.
    pub id: &'a str,
    /// Its stored version.
    pub version: i32,
}

/// The confirm page with nothing posted yet.
pub fn confirm(who: &SignedIn, record: &Deleted<'_>) -> HttpResponse {
    let posted = Posted::filled(vec![("version".to_owned(), record.version.to_string())]);
    render(who, record, &posted, &Errors::default(), StatusCode::OK)
}

/// Deletes the record as posted (CSRF checked by the caller) with `delete`: to `done` when
/// deleted, else the page again with the reason's message or the change made elsewhere.
pub async fn delete(
    state: &AppState,
    who: &SignedIn,
    record: &Deleted<'_>,
    posted: &Posted,
    delete: DeleteFn,
    done: &str,
) -> Result<HttpResponse, PageError> {
    let version = posted.value("version").trim().parse::<i32>().unwrap_or(0);
    let deleted = delete_with_reason(
        state,
        &who.user,
        record.id.to_owned(),
        version,
        posted.get("reason"),
        delete,
    )
    .await;
    let (errors, status) = match deleted {
        Ok(()) => return Ok(page::see_other(done)),
        Err(ref e @ ApiError::PreconditionFailed { .. }) => (
            Errors::changed_elsewhere(who.lang.t(Msg::ChangedElsewhere)),
            form::status_of(e),
        ),
        Err(e) => match Errors::from_api(&e, &["reason"], "reason") {
            Some(errors) => (errors, form::status_of(&e)),
            None => return Err(e.into()),
        },
    };
    Ok(render(who, record, posted, &errors, status))
}

fn render(
    who: &SignedIn,
    record: &Deleted<'_>,
    posted: &Posted,
    errors: &Errors,
    status: StatusCode,
) -> HttpResponse {
    let lang = who.lang;
    let t = |m| lang.t(m);
    let body = html! {
        p { a href=(record.back) { "← " (t(Msg::Back)) } }
        h1 { (t(record.title)) }
        (record.what)
        p { (t(record.text)) }
        (errors.summary(lang))
        @if errors.stale {
            p { a href=(record.back) id="reload" { (t(Msg::ReloadCurrent)) } }
        }
        form method="post" action=(record.here) novalidate {
            (form::csrf(&who.csrf))
            input type="hidden" name="version" value=(posted.value("version"));
            (form::field("reason", t(Msg::DeleteReason), Input::TEXT, posted.value("reason"), errors))
            div.actions {
                button type="submit" id="confirm-delete" { (t(Msg::Delete)) }
                a href=(record.back) { (t(Msg::Cancel)) }
            }
        }
    };
    page::respond(status, who, t(record.title), &record.here, body)
}
