//! The frame of every page (header, language switch, sign-out, main landmark), the answer that
//! carries it with the pages' security headers, and the errors a page answers with.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, HttpResponseBuilder, ResponseError};
use maud::{DOCTYPE, Markup, html};

use super::i18n::{LANG_COOKIE, Lang, Msg};
use super::session::{CSRF_FIELD, SignedIn};
use crate::error::ApiError;

/// The Content-Security-Policy of the pages: scripts, styles and everything else from the
/// registry itself, as files (no inline script or style, no `eval`), forms posted back to it,
/// never framed.
pub const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; \
    connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// Adds the pages' security headers to an answer.
pub fn secure(builder: &mut HttpResponseBuilder) -> &mut HttpResponseBuilder {
    builder
        .insert_header((
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CSP),
        ))
        .insert_header((
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .insert_header((header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")))
        .insert_header((
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ))
        // Pages show patient data: no copy in any cache.
        .insert_header((header::CACHE_CONTROL, HeaderValue::from_static("no-store")))
}

/// A file a page offers (a report's CSV, a release's zip, a plot) with the API's headers for
/// such answers: never cached, nothing in it run or framed if a browser opens it.
pub fn file(mut response: HttpResponse) -> HttpResponse {
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; frame-ancestors 'none'"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    response
}

/// An HTML answer with the pages' headers.
pub fn html(status: StatusCode, markup: Markup) -> HttpResponse {
    let mut builder = HttpResponse::build(status);
    secure(&mut builder)
        .content_type("text/html; charset=utf-8")
        .body(markup.into_string())
}

/// A page for a signed-in user (remembering a language just chosen). `here` is the address
/// the page is read at again (a refused form's: the empty form's), for the language links.
pub fn respond(
    status: StatusCode,
    who: &SignedIn,
    title: &str,
    here: &str,
    body: Markup,
) -> HttpResponse {
    let mut response = html(status, frame(who.lang, title, here, Some(who), body));
    if who.lang_chosen {
        let cookie = actix_web::cookie::Cookie::build(LANG_COOKIE, who.lang.code())
            .path("/")
            .same_site(actix_web::cookie::SameSite::Strict)
            .max_age(actix_web::cookie::time::Duration::days(365))
            .finish();
        // A cookie built here always encodes: the error case cannot arise.
        let _ = response.add_cookie(&cookie);
    }
    response
}

/// A 303 to `location` (after a POST, or to the sign-in page).
pub fn see_other(location: &str) -> HttpResponse {
    let mut builder = HttpResponse::SeeOther();
    secure(&mut builder)
        .insert_header((header::LOCATION, location.to_owned()))
        .finish()
}

/// `here` in `lang` (`/patients?diagnosis=AA` → `/patients?diagnosis=AA&lang=nl`).
fn in_language(here: &str, lang: Lang) -> String {
    let sep = if here.contains('?') { '&' } else { '?' };
    format!("{here}{sep}lang={}", lang.code())
}

/// The frame of a page: `body` inside the header and the main landmark; `here` is the page's
/// address for the language links.
pub fn frame(lang: Lang, title: &str, here: &str, who: Option<&SignedIn>, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang=(lang.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · " (lang.t(Msg::AppName)) }
                link rel="stylesheet" href=(super::assets::CSS_PATH);
                script src=(super::assets::JS_PATH) defer {}
            }
            body {
                a.skip href="#main" { (lang.t(Msg::SkipToContent)) }
                header.top {
                    a.brand href="/" { (lang.t(Msg::AppName)) }
                    nav aria-label=(lang.t(Msg::Language)) {
                        ul.langs {
                            li { a href=(in_language(here, Lang::En)) lang="en" aria-current=[(lang == Lang::En).then_some("true")] { "English" } }
                            li { a href=(in_language(here, Lang::Nl)) lang="nl" aria-current=[(lang == Lang::Nl).then_some("true")] { "Nederlands" } }
                        }
                    }
                    @if let Some(who) = who {
                        form.signout method="post" action="/logout" {
                            input type="hidden" name=(CSRF_FIELD) value=(who.csrf);
                            button type="submit" id="sign-out" { (lang.t(Msg::SignOut)) }
                        }
                    }
                }
                main id="main" tabindex="-1" {
                    (body)
                }
            }
        }
    }
}

/// What a page answers when it cannot show what was asked.
#[derive(Debug, thiserror::Error)]
pub enum PageError {
    /// No valid session: to the sign-in page, which returns to `next` (a local path) after
    /// signing in and says when the session `expired`.
    #[error("sign in")]
    SignIn {
        /// The page asked for.
        next: Option<String>,
        /// Whether the session's token had expired.
        expired: bool,
    },
    /// A POST without this session's CSRF token: 403.
    #[error("csrf")]
    Csrf,
    /// The role may not: 403.
    #[error("forbidden")]
    Forbidden,
    /// Nothing in the caller's reach (also another center's record): 404, as the API.
    #[error("not found")]
    NotFound,
    /// Anything else: logged, an opaque 500 (or the API's status for unavailable storage).
    #[error("{0}")]
    Api(ApiError),
    /// No application state (a wiring fault).
    #[error("internal")]
    Internal,
}

impl From<ApiError> for PageError {
    fn from(e: ApiError) -> Self {
        match e {
            ApiError::Unauthorized(_) => Self::SignIn {
                next: None,
                expired: false,
            },
            ApiError::Forbidden => Self::Forbidden,
            ApiError::NotFound | ApiError::Missing(_) => Self::NotFound,
            other => Self::Api(other),
        }
    }
}

impl ResponseError for PageError {
    fn status_code(&self) -> StatusCode {
        match self {
            Self::SignIn { .. } => StatusCode::SEE_OTHER,
            Self::Csrf | Self::Forbidden => StatusCode::FORBIDDEN,
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::Api(e) => e.status_code(),
            Self::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        // An error answer does not know the visitor's language: it says it in both.
        let (title, text) = match self {
            Self::SignIn { next, expired } => return see_other(&login_address(next, *expired)),
            Self::Csrf => (Msg::Forbidden, Msg::FormExpired),
            Self::Forbidden => (Msg::Forbidden, Msg::ForbiddenText),
            Self::NotFound => (Msg::NotFound, Msg::NotFoundText),
            Self::Api(e) => {
                if e.status_code().is_server_error() {
                    // The cause goes to the log (with the request id of the span), never to
                    // the page.
                    tracing::error!(error = %e, "page failed");
                }
                return html(
                    e.status_code(),
                    bilingual(
                        "Error · Fout",
                        "Something went wrong; nothing was saved.",
                        "Er ging iets mis; er is niets opgeslagen.",
                    ),
                );
            }
            Self::Internal => {
                tracing::error!("page without application state");
                return html(
                    self.status_code(),
                    bilingual(
                        "Error · Fout",
                        "Something went wrong; nothing was saved.",
                        "Er ging iets mis; er is niets opgeslagen.",
                    ),
                );
            }
        };
        let (en_title, nl_title) = title.texts();
        let (en, nl) = text.texts();
        html(
            self.status_code(),
            bilingual(&format!("{en_title} · {nl_title}"), en, nl),
        )
    }
}

/// The sign-in page's address returning to `next`, saying when the session `expired`
/// (`/login?expired&next=%2Fpatients%2F…`).
pub fn login_address(next: &Option<String>, expired: bool) -> String {
    let mut query = form_urlencoded::Serializer::new(String::new());
    if expired {
        query.append_key_only("expired");
    }
    if let Some(next) = next {
        query.append_pair("next", next);
    }
    let query = query.finish();
    if query.is_empty() {
        "/login".to_owned()
    } else {
        format!("/login?{query}")
    }
}

fn bilingual(title: &str, en: &str, nl: &str) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) }
                link rel="stylesheet" href=(super::assets::CSS_PATH);
            }
            body {
                main id="main" {
                    h1 { (title) }
                    p { (en) }
                    p lang="nl" { (nl) }
                    p { a href="/" { "Start" } }
                }
            }
        }
    }
}
