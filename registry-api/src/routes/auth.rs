//! Login and logout.

use actix_web::{HttpRequest, HttpResponse, post, web};
use registry_core::store::{Actor, WriteCtx, audit, tokens, users};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::AppState;
use crate::auth::AuthUser;
use crate::auth::throttle::client_address;
use crate::error::ApiError;
use crate::extract::ApiJson;

/// Credentials.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"email": "admin@demo.registry", "password": "demo-admin-password"}))]
pub struct LoginRequest {
    /// Login e-mail.
    pub email: String,
    /// Password.
    pub password: String,
}

/// An access token.
#[derive(Serialize, ToSchema)]
pub struct TokenResponse {
    /// The bearer token.
    pub access_token: String,
    /// Always `Bearer`.
    pub token_type: &'static str,
    /// Seconds until it expires.
    pub expires_in: i64,
}

/// Exchanges e-mail and password for a short-lived bearer token. Failed attempts are throttled
/// per account, and per client address behind a trusted proxy (429 with `Retry-After`), and
/// each is audited (`user`/`login_failed`: the account, the time, never the password).
#[utoipa::path(tag = "auth", request_body = LoginRequest,
    responses((status = 200, body = TokenResponse), (status = 401, body = crate::error::Problem),
              (status = 429, body = crate::error::Problem)))]
#[post("/auth/login")]
pub async fn login(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: ApiJson<LoginRequest>,
) -> Result<HttpResponse, ApiError> {
    let LoginRequest { email, password } = body.into_inner();
    let session = sign_in(&state, &req, &email, password).await?;
    Ok(HttpResponse::Ok().json(TokenResponse {
        access_token: session.token,
        token_type: "Bearer",
        expires_in: state.keys.ttl_secs(),
    }))
}

/// A session opened by [`sign_in`].
pub struct Session {
    /// The signed token (the bearer token of the API, the session cookie of the pages).
    pub token: String,
    /// What it says.
    pub claims: crate::auth::jwt::Claims,
}

/// The one login: the throttle per account and address, the password check (a dummy check for
/// an unknown account), the audit of failures and of the session opened. `POST /auth/login`
/// and the sign-in page both call it.
pub async fn sign_in(
    state: &AppState,
    req: &HttpRequest,
    email: &str,
    password: String,
) -> Result<Session, ApiError> {
    let account = users::normalise_email(email);
    let address = client_address(req, &state.settings.trusted_proxies);
    if let Some(retry_after) = state.throttle.blocked_for(&account, address) {
        return Err(ApiError::TooManyRequests { retry_after });
    }
    let lookup = account.clone();
    let user = state
        .db
        .run(move |conn| Ok(users::by_email(conn, &lookup)?))
        .await?;
    let phc = user.as_ref().map(|u| u.password_hash.clone());
    let valid = state.verifier.verify(password, phc).await?;
    let user = match user {
        Some(u) if valid && u.active => u,
        other => {
            state.throttle.fail(&account, address);
            let request_id = crate::auth::request_id(req);
            audit_failure(state, other.map(|u| u.id), request_id).await?;
            return Err(ApiError::Unauthorized("wrong e-mail or password"));
        }
    };
    state.throttle.succeed(&account);
    let (token, claims) = state.keys.issue_for(
        &user.id,
        &user.role,
        user.center_id.clone(),
        &user.password_hash,
    )?;
    let actor = Actor {
        user_id: user.id.clone(),
        role: user.role()?,
        center_id: user.center_id.clone(),
    };
    let mut ctx = WriteCtx::new(actor);
    ctx.request_id = crate::auth::request_id(req);
    let jti = claims.jti.clone();
    state
        .db
        .run(move |conn| {
            conn.write(|tx| {
                audit::append(
                    tx,
                    &ctx,
                    audit::Entry {
                        entity: "session",
                        entity_id: Some(jti.clone()),
                        action: "login",
                        ..Default::default()
                    },
                )
            })?;
            Ok(())
        })
        .await?;
    Ok(Session { token, claims })
}

/// The one renewal of a session before its token expires: the session must still be open
/// (token not revoked, account active, as [`crate::auth::authenticate`] checks), and the new
/// token is issued as at sign-in ([`crate::auth::jwt::Keys::issue_in_session`], bound to the
/// account's password) in the same session `session_id`, and audited (`session`/`renew`). The
/// token it replaces runs out at its own expiry. The pages renew an active user's session.
pub async fn renew(
    state: &AppState,
    user: &AuthUser,
    session_id: &str,
) -> Result<Session, ApiError> {
    let (user_id, jti) = (user.id.clone(), user.jti.clone());
    let account = state
        .db
        .run(move |conn| Ok(users::active_session(conn, &user_id, &jti)?))
        .await?
        .ok_or(ApiError::Unauthorized(
            "the token was revoked or the account is inactive",
        ))?;
    let (token, claims) = state.keys.issue_in_session(
        &account.id,
        &account.role,
        account.center_id.clone(),
        &account.password_hash,
        Some(session_id.to_owned()),
    )?;
    let ctx = user.ctx();
    let (jti, replaced) = (claims.jti.clone(), user.jti.clone());
    state
        .db
        .run(move |conn| {
            conn.write(|tx| {
                audit::append(
                    tx,
                    &ctx,
                    audit::Entry {
                        entity: "session",
                        entity_id: Some(jti.clone()),
                        action: "renew",
                        before: audit::json(&serde_json::json!({ "jti": replaced })),
                        ..Default::default()
                    },
                )
            })?;
            Ok(())
        })
        .await?;
    Ok(Session { token, claims })
}

/// Records a failed login in the audit trail: the account (its user id; no id for an e-mail no
/// account has), the time, the request id; never the password or the e-mail typed.
async fn audit_failure(
    state: &AppState,
    user_id: Option<String>,
    request_id: Option<String>,
) -> Result<(), ApiError> {
    let mut ctx = WriteCtx::new(Actor::system());
    ctx.request_id = request_id;
    state
        .db
        .run(move |conn| {
            conn.write(|tx| {
                audit::append(
                    tx,
                    &ctx,
                    audit::Entry {
                        entity: "user",
                        entity_id: user_id.clone(),
                        action: "login_failed",
                        ..Default::default()
                    },
                )
            })?;
            Ok(())
        })
        .await
}

/// Revokes the caller's token at once.
#[utoipa::path(tag = "auth", security(("bearer" = [])), responses((status = 204, description = "revoked"), (status = 401, body = crate::error::Problem)))]
#[post("/auth/logout")]
pub async fn logout(state: web::Data<AppState>, user: AuthUser) -> Result<HttpResponse, ApiError> {
    sign_out(&state, &user).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The one logout: revokes the session's token at once and audits it. `POST /auth/logout` and
/// the sign-out form both call it. A renewed session is ended as a whole: its id is revoked
/// too, which every token of the session carries, so no token it issued works any more.
pub async fn sign_out(state: &AppState, user: &AuthUser) -> Result<(), ApiError> {
    let expires = chrono::DateTime::from_timestamp(user.exp, 0)
        .map(|d| d.naive_utc())
        .unwrap_or_default();
    // No token of the session outlives the longest a token lives from now.
    let session_expires =
        chrono::DateTime::from_timestamp(chrono::Utc::now().timestamp() + state.keys.ttl_secs(), 0)
            .map(|d| d.naive_utc())
            .unwrap_or_default()
            .max(expires);
    let ctx = user.ctx();
    let jti = user.jti.clone();
    let session = user.session.clone();
    state
        .db
        .run(move |conn| {
            conn.write(|tx| {
                tokens::revoke(tx, &jti, expires)?;
                if let Some(session) = &session {
                    tokens::revoke(tx, session, session_expires)?;
                }
                audit::append(
                    tx,
                    &ctx,
                    audit::Entry {
                        entity: "session",
                        entity_id: Some(jti.clone()),
                        action: "logout",
                        ..Default::default()
                    },
                )
            })?;
            Ok(())
        })
        .await
}
