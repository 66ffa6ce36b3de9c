//! The patient list (`GET /patients`): the API's search
//! ([`crate::routes::patients::list::find`]) by local reference and diagnosis, a page at a time;
//! and the role checks and words the patient pages share.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use maud::html;

use super::i18n::{Lang, Msg};
use super::page::{self, PageError};
use super::session::SignedIn;
use crate::AppState;
use crate::auth::guards::{CenterUser, ClinicalReader};
use crate::error::ApiError;
use crate::routes::patients::dto;
use crate::routes::patients::list::{ListQuery, find};

/// Refuses a role that may not read patients (as the API's `ClinicalReader`).
pub fn may_read(who: &SignedIn) -> Result<(), PageError> {
    if ClinicalReader::ROLES.contains(&who.user.role) {
        Ok(())
    } else {
        Err(PageError::Forbidden)
    }
}

/// Refuses a role that may not enter data (as the API's `CenterUser`).
pub fn may_write(who: &SignedIn) -> Result<(), PageError> {
    if CenterUser::ROLES.contains(&who.user.role) {
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

/// The diagnosis in words.
pub fn diagnosis(lang: Lang, code: &str) -> &str {
    match code {
        "AA" => lang.t(Msg::AA),
        "AD" => lang.t(Msg::AD),
        other => other,
    }
}

/// `GET /patients`.
pub async fn list(
    state: web::Data<AppState>,
    who: SignedIn,
    req: HttpRequest,
) -> Result<HttpResponse, PageError> {
    may_read(&who)?;
    let lang = who.lang;
    let local_ref = query_value(&req, "local_ref");
    let diagnosis_filter = query_value(&req, "diagnosis");
    let cursor = query_value(&req, "cursor");
    let query = ListQuery {
        diagnosis: diagnosis_filter.clone(),
        local_ref: local_ref.clone(),
        cursor: cursor.clone(),
        limit: Some(25),
        ..Default::default()
    };
    let found = find(&state, &who.user, query).await;
    let (page_rows, problem) = match found {
        Ok(page) => (Some(page), None),
        Err(ApiError::Invalid(errors)) => (None, Some(errors)),
        Err(e) => return Err(e.into()),
    };
    let is_center = who.user.role == registry_core::role::Role::Center;
    let filters = |cursor: Option<&str>| {
        let mut q = form_urlencoded::Serializer::new(String::new());
        for (name, value) in [
            ("local_ref", local_ref.as_deref()),
            ("diagnosis", diagnosis_filter.as_deref()),
            ("cursor", cursor),
        ] {
            if let Some(v) = value {
                q.append_pair(name, v);
            }
        }
        let q = q.finish();
        if q.is_empty() {
            "/patients".to_owned()
        } else {
            format!("/patients?{q}")
        }
    };
    let here = filters(cursor.as_deref());
    let next_link = page_rows
        .as_ref()
        .and_then(|p| p.next_cursor.as_deref())
        .map(|c| filters(Some(c)));
    let body = html! {
        h1 { (lang.t(Msg::Patients)) }
        @if is_center {
            p { a.button href="/patients/new" id="new-patient" { (lang.t(Msg::NewPatient)) } }
            p { a href="/reports" id="reports" { (lang.t(Msg::Reports)) } " · " a href="/data-queries" id="data-queries" { (lang.t(Msg::DataQueries)) } }
        }
        form.search method="get" action="/patients" role="search" {
            @if is_center {
                div.field {
                    label for="q-local-ref" { (lang.t(Msg::LocalRef)) }
                    input type="text" id="q-local-ref" name="local_ref" value=(local_ref.clone().unwrap_or_default());
                }
            }
            div.field {
                label for="q-diagnosis" { (lang.t(Msg::Diagnosis)) }
                select id="q-diagnosis" name="diagnosis" {
                    option value="" { (lang.t(Msg::AnyDiagnosis)) }
                    @for code in ["AA", "AD"] {
                        option value=(code) selected[diagnosis_filter.as_deref() == Some(code)] { (diagnosis(lang, code)) }
                    }
                }
            }
            button type="submit" { (lang.t(Msg::Search)) }
        }
        @if let Some(errors) = &problem {
            div.summary role="alert" { ul { @for e in errors { li { code { (e.field) } ": " (e.message) } } } }
        }
        @if let Some(p) = &page_rows {
            @if p.rows.is_empty() {
                p { (lang.t(Msg::NoPatients)) }
            } @else {
                table.list {
                    thead { tr {
                        th scope="col" { @if is_center { (lang.t(Msg::LocalRef)) } @else { "Id" } }
                        th scope="col" { (lang.t(Msg::Diagnosis)) }
                        th scope="col" { (lang.t(Msg::Sex)) }
                        th scope="col" { (lang.t(Msg::BirthMonth)) }
                    } }
                    tbody {
                        @for row in &p.rows {
                            @let v = dto::view(row, who.user.role);
                            tr {
                                td { a href={ "/patients/" (v.id) } { (v.local_ref.clone().unwrap_or_else(|| v.id.clone())) } }
                                td { (diagnosis(lang, &v.diagnosis)) }
                                td { (sex(lang, &v.sex)) }
                                td { (v.birth_month) }
                            }
                        }
                    }
                }
            }
        }
        nav.pages {
            @if cursor.is_some() { a href="/patients" { (lang.t(Msg::Previous)) } " " }
            @if let Some(next) = &next_link { a href=(next) rel="next" { (lang.t(Msg::Next)) } }
        }
    };
    Ok(page::respond(
        StatusCode::OK,
        &who,
        lang.t(Msg::Patients),
        &here,
        body,
    ))
}

/// An AA subtype in words.
pub fn subtype(lang: Lang, code: &str) -> &str {
    match code {
        "patchy" => lang.t(Msg::Patchy),
        "ophiasis" => lang.t(Msg::Ophiasis),
        "totalis" => lang.t(Msg::Totalis),
        "universalis" => lang.t(Msg::Universalis),
        other => other,
    }
}

/// Sex in words.
pub fn sex(lang: Lang, code: &str) -> &str {
    match code {
        "female" => lang.t(Msg::Female),
        "male" => lang.t(Msg::Male),
        "other" => lang.t(Msg::Other),
        other => other,
    }
}
