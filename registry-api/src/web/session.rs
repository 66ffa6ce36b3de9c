//! The pages' session: the access token the API issues ([`crate::routes::auth::sign_in`]),
//! kept in an HttpOnly, SameSite=Strict cookie (Secure when the registry is served over HTTPS,
//! `REGISTRY_PUBLIC_URL`), checked by the API's one check ([`crate::auth::authenticate`]) with
//! its revocation. Every form carries a CSRF token: an HMAC of the session's id (its first
//! token's id, kept by renewals) under the server's key, checked before a POST does anything
//! (403 otherwise). The sign-in form, before any session, is bound the same way to a random
//! value in a cookie of its own.
//!
//! A page asked for without a valid session sends the visitor to the sign-in page with the
//! address asked for (`next`, a local path only) and, when the session's token has expired,
//! a message saying so; after signing in the visitor is back at that address. An active user's
//! session is renewed on a page read once more than half of its token's lifetime has passed:
//! a fresh token from the API's one renewal ([`crate::routes::auth::renew`]) replaces the
//! cookie, in the same session, so the forms' CSRF tokens (bound to the session) stay valid.

use std::future::Future;
use std::pin::Pin;

use actix_web::body::MessageBody;
use actix_web::cookie::{Cookie, SameSite, time};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::middleware::Next;
use actix_web::{FromRequest, HttpMessage, HttpRequest, web};
use hmac::{Hmac, Mac};
use sha2::Sha256;

use super::i18n::Lang;
use super::page::PageError;
use crate::AppState;
use crate::auth::AuthUser;
use crate::error::ApiError;

/// The session cookie: the access token.
pub const SESSION_COOKIE: &str = "registry_session";
/// The sign-in form's cookie: a random value its CSRF token is bound to.
pub const LOGIN_COOKIE: &str = "registry_login";
/// The form field that carries the CSRF token.
pub const CSRF_FIELD: &str = "csrf";
/// The header that carries it for the visit form's live scoring.
pub const CSRF_HEADER: &str = "X-CSRF-Token";
/// How long the browser keeps the session cookie beyond its token's expiry: long enough to
/// tell a visitor whose session expired that it did (the expired token opens nothing).
const COOKIE_GRACE_SECS: i64 = 8 * 3600;

/// The session cookie holding `token`, kept a while beyond the token's lifetime.
pub fn session_cookie(state: &AppState, token: String) -> Cookie<'static> {
    cookie(
        state,
        SESSION_COOKIE,
        token,
        state.keys.ttl_secs() + COOKIE_GRACE_SECS,
    )
}

/// Whether `next` is an address of this site to return to after signing in: a local path
/// (`/patients/…`), never another site (`//host`, `/\host`, `https://…`), without control
/// characters.
pub fn local_path(next: &str) -> bool {
    next.starts_with('/')
        && !next.starts_with("//")
        && !next.contains('\\')
        && !next.chars().any(char::is_control)
        && next.len() <= 2000
}

/// The address to return to after signing in: the page read (`GET`), or for a form posted
/// without a valid session the page the form was on (its same-site `Referer`), so the visitor
/// comes back to the form rather than to the start page.
fn next_of(req: &HttpRequest) -> Option<String> {
    let asked = if req.method() == Method::GET {
        req.uri().path_and_query().map(|p| p.as_str().to_owned())?
    } else {
        let referer = req
            .headers()
            .get(actix_web::http::header::REFERER)?
            .to_str()
            .ok()?;
        let info = req.connection_info();
        let origin = format!("{}://{}", info.scheme(), info.host());
        referer.strip_prefix(&origin)?.to_owned()
    };
    // The start page needs no return: signing in leads there anyway.
    (asked != "/" && local_path(&asked)).then_some(asked)
}

/// A session renewed while answering a request: its new cookie, added to the answer by
/// [`renewed_cookie`].
#[derive(Clone)]
struct Renewed(Cookie<'static>);

/// Adds the cookie of a session renewed while answering (see [`SignedIn`]) to the answer.
pub async fn renewed_cookie(
    request: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let mut response = next.call(request).await?;
    let renewed = response.request().extensions().get::<Renewed>().cloned();
    if let Some(Renewed(cookie)) = renewed {
        response.response_mut().add_cookie(&cookie)?;
    }
    Ok(response)
}

/// The CSRF token bound to `subject` (a session's token id, or the sign-in cookie's value).
pub fn csrf_token(state: &AppState, purpose: &str, subject: &str) -> String {
    mac(state, purpose, subject)
        .map(|m| hex::encode(m.finalize().into_bytes()))
        .unwrap_or_default()
}

/// The HMAC of `subject` under the server's key (HMAC takes a key of any length, so this is
/// `None` never in practice; a token that cannot be computed matches nothing).
fn mac(state: &AppState, purpose: &str, subject: &str) -> Option<Hmac<Sha256>> {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&state.settings.jwt_secret).ok()?;
    mac.update(b"registry-pages-csrf\0");
    mac.update(purpose.as_bytes());
    mac.update(b"\0");
    mac.update(subject.as_bytes());
    Some(mac)
}

/// Whether `sent` is the CSRF token bound to `subject` (compared in constant time).
pub fn csrf_ok(state: &AppState, purpose: &str, subject: &str, sent: Option<&str>) -> bool {
    let Some(bytes) = sent.and_then(|s| hex::decode(s.trim()).ok()) else {
        return false;
    };
    mac(state, purpose, subject).is_some_and(|m| m.verify_slice(&bytes).is_ok())
}

/// A cookie as the pages set them: HttpOnly, SameSite=Strict, for the whole site, Secure when
/// the registry is served over HTTPS.
pub fn cookie(
    state: &AppState,
    name: &'static str,
    value: String,
    max_age: i64,
) -> Cookie<'static> {
    Cookie::build(name, value)
        .path("/")
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(state.settings.secure_cookies())
        .max_age(time::Duration::seconds(max_age))
        .finish()
}

/// The cookie that ends `name` in the browser.
pub fn removal(state: &AppState, name: &'static str) -> Cookie<'static> {
    cookie(state, name, String::new(), 0)
}

/// A signed-in visitor of the pages: the API's [`AuthUser`], the language, the CSRF token of
/// the session's forms. Without a valid session a page answers with the sign-in page.
pub struct SignedIn {
    /// Who.
    pub user: AuthUser,
    /// Which language the pages speak.
    pub lang: Lang,
    /// Whether the language was just chosen (`?lang=`): the answer remembers it.
    pub lang_chosen: bool,
    /// The token the session's forms carry.
    pub csrf: String,
    /// The session (the first token's id; kept by renewals): what the CSRF token is bound to.
    session: String,
    state: web::Data<AppState>,
}

impl SignedIn {
    /// Whether a form's token (or the live-scoring header) belongs to this session.
    pub fn csrf_ok(&self, sent: Option<&str>) -> bool {
        csrf_ok(&self.state, "session", &self.session, sent)
    }

    /// Refuses (403) a POST whose CSRF token is not this session's.
    pub fn check_csrf(&self, sent: Option<&str>) -> Result<(), PageError> {
        if self.csrf_ok(sent) {
            Ok(())
        } else {
            Err(PageError::Csrf)
        }
    }
}

impl FromRequest for SignedIn {
    type Error = PageError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, PageError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let token = req.cookie(SESSION_COOKIE).map(|c| c.value().to_owned());
        let request_id = crate::auth::request_id(req);
        let (lang, lang_chosen) = Lang::of(req);
        let next = next_of(req);
        let page_read = req.method() == Method::GET;
        let req = req.clone();
        Box::pin(async move {
            let state = state.ok_or(PageError::Internal)?;
            let Some(token) = token else {
                return Err(PageError::SignIn {
                    next,
                    expired: false,
                });
            };
            let mut user = match crate::auth::authenticate(&state, &token, request_id).await {
                Ok(user) => user,
                Err(ApiError::Unauthorized(why)) => {
                    return Err(PageError::SignIn {
                        next,
                        expired: why == crate::auth::jwt::EXPIRED,
                    });
                }
                Err(other) => return Err(other.into()),
            };
            // The token's own claims (authenticated above): its session and its issue time.
            let claims = state.keys.check(&token).map_err(PageError::from)?;
            let session = claims.sid.clone().unwrap_or_else(|| claims.jti.clone());
            let lifetime = claims.exp - claims.iat;
            let left = claims.exp - chrono::Utc::now().timestamp();
            if page_read && left * 2 < lifetime {
                let renewed = crate::routes::auth::renew(&state, &user, &session)
                    .await
                    .map_err(PageError::from)?;
                user.jti = renewed.claims.jti.clone();
                user.exp = renewed.claims.exp;
                req.extensions_mut()
                    .insert(Renewed(session_cookie(&state, renewed.token)));
            }
            let csrf = csrf_token(&state, "session", &session);
            Ok(Self {
                user,
                lang,
                lang_chosen,
                csrf,
                session,
                state,
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::local_path;

    #[test]
    fn only_a_local_path_is_returned_to() {
        for ok in [
            "/patients",
            "/patients/p-1?lang=nl",
            "/reports/safety?center=AAA",
        ] {
            assert!(local_path(ok), "{ok}");
        }
        for refused in [
            "",
            "patients",
            "//evil.example",
            "//evil.example/patients",
            "/\\evil.example",
            "https://evil.example/",
            "javascript:alert(1)",
            "/patients\r\nSet-Cookie: x=1",
        ] {
            assert!(!local_path(refused), "{refused:?}");
        }
        assert!(!local_path(&format!("/{}", "a".repeat(2000))));
    }
}
