//! Authentication and authorisation: who is calling ([`AuthUser`], from the bearer token) and
//! whether their role may call a handler (the guard types in [`guards`], named in the handler's
//! signature). Per-record checks are the store's scoping: a `center` user's queries carry its
//! center in SQL, so another center's record is simply not found (404).

pub mod guards;
pub mod jwt;
pub mod password;
pub mod throttle;

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpMessage, HttpRequest, web};
use registry_core::role::Role;
use registry_core::store::{Actor, Scope, WriteCtx, users};

use crate::AppState;
use crate::error::ApiError;

/// The authenticated caller.
#[derive(Debug, Clone)]
pub struct AuthUser {
    /// User id.
    pub id: String,
    /// Role.
    pub role: Role,
    /// Center of a `center` user.
    pub center_id: Option<String>,
    /// Token id.
    pub jti: String,
    /// Token expiry (seconds since the epoch).
    pub exp: i64,
    /// The session the token belongs to (its `sid`: the first token's id, kept by renewals),
    /// when it names one other than its own id.
    pub session: Option<String>,
    /// The request id, for the audit trail.
    pub request_id: Option<String>,
}

impl AuthUser {
    /// The audit actor.
    pub fn actor(&self) -> Actor {
        Actor {
            user_id: self.id.clone(),
            role: self.role,
            center_id: self.center_id.clone(),
        }
    }

    /// The rows this user may touch.
    pub fn scope(&self) -> Scope {
        self.actor().scope()
    }

    /// A write context for this user now.
    pub fn ctx(&self) -> WriteCtx {
        let ctx = WriteCtx::new(self.actor());
        match &self.request_id {
            Some(id) => ctx.with_request_id(id.clone()),
            None => ctx,
        }
    }
}

/// The request id tracing-actix-web assigned.
pub fn request_id(req: &HttpRequest) -> Option<String> {
    req.extensions()
        .get::<tracing_actix_web::RequestId>()
        .map(ToString::to_string)
}

fn bearer(req: &HttpRequest) -> Option<String> {
    let value = req.headers().get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim().to_owned())
}

impl FromRequest for AuthUser {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let token = bearer(req);
        let request_id = request_id(req);
        Box::pin(async move {
            let state = state.ok_or_else(|| ApiError::Internal("no app state".into()))?;
            let token = token.ok_or(ApiError::Unauthorized(
                "send Authorization: Bearer <access_token>",
            ))?;
            authenticate(&state, &token, request_id).await
        })
    }
}

/// The holder of `token`: checks signature and expiry, then that the session was not revoked,
/// the account is active and its password unchanged since the token was issued. The one check
/// of a session, for the bearer token of the API and the session cookie of the pages alike.
pub async fn authenticate(
    state: &AppState,
    token: &str,
    request_id: Option<String>,
) -> Result<AuthUser, ApiError> {
    let claims = state.keys.check(token)?;
    let jti = claims.jti.clone();
    let user_id = claims.sub.clone();
    let session = claims.sid.clone().filter(|sid| *sid != claims.jti);
    let sid = session.clone();
    // Revoked tokens, tokens of a session ended by sign-out, and deactivated accounts stop
    // working at once.
    let user = state
        .db
        .run(move |conn| {
            let user = users::active_session(conn, &user_id, &jti)?;
            match (user, sid) {
                (Some(user), Some(sid)) => {
                    Ok(users::active_session(conn, &user_id, &sid)?.map(|_| user))
                }
                (user, _) => Ok(user),
            }
        })
        .await?
        .ok_or(ApiError::Unauthorized(
            "the token was revoked or the account is inactive",
        ))?;
    // A password reset or change ends the sessions opened with the old password.
    if claims
        .pwd
        .as_ref()
        .is_some_and(|stamp| *stamp != jwt::password_stamp(&user.password_hash))
    {
        return Err(ApiError::Unauthorized(
            "the password was changed since this token was issued: log in again",
        ));
    }
    let role = user.role()?;
    Ok(AuthUser {
        id: user.id,
        role,
        center_id: user.center_id,
        jti: claims.jti,
        exp: claims.exp,
        session,
        request_id,
    })
}
