//! `GET/POST /login`, `POST /logout` and the start page `/`. Sign-in is the API's login
//! ([`crate::routes::auth::sign_in`]: the same throttle, password check and audit); the token it
//! issues becomes the session cookie, and sign-out revokes it as `POST /api/v1/auth/logout` does.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, web};
use maud::{Markup, html};
use registry_core::role::Role;

use super::form::{self, Errors, Input, Posted};
use super::i18n::{Lang, Msg};
use super::page::{self, PageError};
use super::session::{self, LOGIN_COOKIE, SESSION_COOKIE, SignedIn};
use crate::AppState;
use crate::auth::guards::{
    AdminUser, AnalysisReader, ClinicalReader, ReportViewer, ResearcherUser,
};
use crate::error::ApiError;
use crate::routes::auth::{sign_in, sign_out};

/// Wires the sign-in pages.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/", web::get().to(start))
        .route("/start", web::get().to(start))
        .route("/login", web::get().to(login_form))
        .route("/login", web::post().to(login))
        .route("/logout", web::post().to(logout));
}

/// Where a role starts.
pub fn start_path(role: Role) -> &'static str {
    match role {
        Role::Center => "/patients",
        _ => "/start",
    }
}

/// `/` and `/start`: the signed-in user's start page (center users: the patient list); the
/// sign-in page without a session.
async fn start(who: SignedIn) -> Result<HttpResponse, PageError> {
    if who.user.role == Role::Center {
        return Ok(page::see_other("/patients"));
    }
    let lang = who.lang;
    let can = match who.user.role {
        Role::Coordinator => Msg::RoleCoordinator,
        Role::Researcher => Msg::RoleResearcher,
        _ => Msg::RoleAdmin,
    };
    let body = html! {
        h1 { (lang.t(Msg::Start)) }
        p { (lang.t(Msg::StartIntro)) }
        p { (lang.t(can)) }
        @if ClinicalReader::ROLES.contains(&who.user.role) {
            p { a href="/patients" id="patients" { (lang.t(Msg::PatientsPseudonymous)) } }
        }
        @if ReportViewer::ROLES.contains(&who.user.role) {
            p { a href="/reports" id="reports" { (lang.t(Msg::Reports)) } " · " a href="/data-queries" id="data-queries" { (lang.t(Msg::DataQueries)) } }
        }
        @if ResearcherUser::ROLES.contains(&who.user.role) {
            p { a href="/releases" id="releases" { (lang.t(Msg::Releases)) } }
        }
        @if AdminUser::ROLES.contains(&who.user.role) {
            p { a href="/admin/centers" id="centers" { (lang.t(Msg::Centers)) } " · " a href="/admin/users" id="users" { (lang.t(Msg::Users)) } }
        }
        @if AnalysisReader::ROLES.contains(&who.user.role) {
            p { a href="/analyses" id="analyses" { (lang.t(Msg::ResponseCurves)) } }
        }
        p { (lang.t(Msg::PagesComing)) " " a href="/docs/" { (lang.t(Msg::ApiDocs)) } }
    };
    Ok(page::respond(
        StatusCode::OK,
        &who,
        lang.t(Msg::Start),
        "/start",
        body,
    ))
}

/// What the sign-in page shows besides its form.
struct LoginPage<'a> {
    lang: Lang,
    nonce: &'a str,
    email: &'a str,
    /// The local path to return to after signing in.
    next: Option<&'a str>,
    problem: Option<Msg>,
    notice: Option<Msg>,
}

fn login_page(state: &AppState, p: LoginPage<'_>) -> Markup {
    let LoginPage {
        lang,
        nonce,
        email,
        next,
        problem,
        notice,
    } = p;
    let token = session::csrf_token(state, "login", nonce);
    let errors = Errors::default();
    let body = html! {
        h1 { (lang.t(Msg::SignIn)) }
        @if let Some(n) = notice { p.notice role="status" id="sign-in-notice" { (lang.t(n)) } }
        @if let Some(p) = problem { div.summary role="alert" id="form-errors" { p { (lang.t(p)) } } }
        form method="post" action="/login" novalidate {
            (form::csrf(&token))
            @if let Some(next) = next {
                input type="hidden" name="next" value=(next);
            }
            (form::field("email", lang.t(Msg::Email), Input::Text { inputmode: Some("email"), autocomplete: Some("username") }, email, &errors))
            (form::field("password", lang.t(Msg::Password), Input::Password, "", &errors))
            button type="submit" { (lang.t(Msg::SignIn)) }
        }
    };
    let here = page::login_address(&next.map(str::to_owned), false);
    page::frame(lang, lang.t(Msg::SignIn), &here, None, body)
}

/// The `next` of a sign-in (query or form) when it is a local path, else nothing.
fn next_in(value: Option<&str>) -> Option<&str> {
    value.filter(|n| session::local_path(n))
}

/// The sign-in form's value, kept in its cookie (a new one when there is none).
fn login_nonce(req: &HttpRequest) -> (String, bool) {
    match req.cookie(LOGIN_COOKIE) {
        Some(c) if !c.value().is_empty() => (c.value().to_owned(), false),
        _ => (hex::encode(rand::random::<[u8; 16]>()), true),
    }
}

async fn login_form(state: web::Data<AppState>, req: HttpRequest) -> HttpResponse {
    let (lang, _) = Lang::of(&req);
    let (nonce, fresh) = login_nonce(&req);
    let query = Posted::parse(req.query_string().as_bytes());
    let next = next_in(query.get("next"));
    let notice = if query.get("signed_out").is_some() {
        Some(Msg::SignedOut)
    } else if query.get("expired").is_some() {
        Some(Msg::SessionExpired)
    } else {
        next.map(|_| Msg::SignInToContinue)
    };
    let page = LoginPage {
        lang,
        nonce: &nonce,
        email: "",
        next,
        problem: None,
        notice,
    };
    let mut response = page::html(StatusCode::OK, login_page(&state, page));
    if fresh {
        let _ = response.add_cookie(&session::cookie(&state, LOGIN_COOKIE, nonce, 3600));
    }
    response
}

async fn login(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let posted = Posted::parse(&body);
    let (lang, _) = Lang::of(&req);
    let nonce = req.cookie(LOGIN_COOKIE).map(|c| c.value().to_owned());
    let bound = nonce
        .as_deref()
        .is_some_and(|n| session::csrf_ok(&state, "login", n, posted.csrf()));
    if !bound {
        return Err(PageError::Csrf);
    }
    let nonce = nonce.unwrap_or_default();
    let email = posted.value("email").to_owned();
    let password = posted.value("password").to_owned();
    let next = next_in(posted.get("next"));
    let page = |problem| LoginPage {
        lang,
        nonce: &nonce,
        email: &email,
        next,
        problem: Some(problem),
        notice: None,
    };
    match sign_in(&state, &req, &email, password).await {
        Ok(session) => {
            let role = Role::parse(&session.claims.role).ok_or(PageError::Internal)?;
            // Back to the page asked for (a local path only), else the role's start.
            let mut response = page::see_other(next.unwrap_or(start_path(role)));
            let _ = response.add_cookie(&session::session_cookie(&state, session.token));
            let _ = response.add_cookie(&session::removal(&state, LOGIN_COOKIE));
            Ok(response)
        }
        Err(ApiError::Unauthorized(_)) => Ok(page::html(
            StatusCode::UNAUTHORIZED,
            login_page(&state, page(Msg::WrongLogin)),
        )),
        Err(ApiError::TooManyRequests { retry_after }) => {
            let mut response = page::html(
                StatusCode::TOO_MANY_REQUESTS,
                login_page(&state, page(Msg::TooManyAttempts)),
            );
            if let Ok(v) = HeaderValue::from_str(&retry_after.to_string()) {
                response.headers_mut().insert(header::RETRY_AFTER, v);
            }
            Ok(response)
        }
        Err(other) => Err(other.into()),
    }
}

async fn logout(
    state: web::Data<AppState>,
    who: SignedIn,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    who.check_csrf(Posted::parse(&body).csrf())?;
    sign_out(&state, &who.user).await?;
    let mut response = page::see_other("/login?signed_out");
    let _ = response.add_cookie(&session::removal(&state, SESSION_COOKIE));
    Ok(response)
}
