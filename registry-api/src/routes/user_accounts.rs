//! User administration beyond creation and deactivation (`crate::routes::users`): the list of
//! users, reactivation, a password reset and a change of role or center (admin), and a user's
//! change of their own password. Every change is audited (`user` events: `activate`,
//! `reset_password`, `change_access`, `change_password`), never with a password or its hash.

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use registry_core::role::Role;
use registry_core::store::users::{self, PasswordChange, UserRow};
use registry_core::store::{StoreError, centers};
use serde::{Deserialize, Serialize};
use utoipa::{OpenApi, ToSchema};

use crate::AppState;
use crate::auth::AuthUser;
use crate::auth::guards::AdminUser;
use crate::auth::password;
use crate::auth::throttle::client_address;
use crate::error::ApiError;
use crate::extract::{ApiJson, require_reason};

/// The user administration part of the OpenAPI document.
#[derive(OpenApi)]
#[openapi(
    paths(
        list_users,
        reactivate_user,
        reset_password,
        change_access,
        change_own_password
    ),
    components(schemas(
        UserView,
        UserList,
        ReactivateRequest,
        PasswordResetRequest,
        AccessRequest,
        OwnPasswordRequest
    ))
)]
pub struct Api;

/// Wires the routes of this module (inside `/api/v1`).
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(list_users)
        .service(reactivate_user)
        .service(reset_password)
        .service(change_access)
        .service(change_own_password);
}

/// A user as the API shows it (never a password hash).
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"id": "0190f0f0-0000-7000-8000-000000000001", "email": "entry@umcu.example",
    "role": "center", "center_id": "0190f0f0-0000-7000-8000-0000000000aa", "active": true, "version": 2}))]
pub struct UserView {
    /// Id.
    pub id: String,
    /// Login e-mail (lower-cased).
    pub email: String,
    /// `admin`, `coordinator`, `center` or `researcher`.
    pub role: String,
    /// The center of a `center` user.
    pub center_id: Option<String>,
    /// False once deactivated: no login, no working token.
    pub active: bool,
    /// Version of the account (each change adds one).
    pub version: i32,
}

impl From<UserRow> for UserView {
    fn from(u: UserRow) -> Self {
        Self {
            id: u.id,
            email: u.email,
            role: u.role,
            center_id: u.center_id,
            active: u.active,
            version: u.version,
        }
    }
}

/// Every user, by e-mail.
#[derive(Debug, Serialize, ToSchema)]
pub struct UserList {
    /// The users.
    pub items: Vec<UserView>,
}

/// Why a user is reactivated.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"reason": "back from leave"}))]
pub struct ReactivateRequest {
    /// Required.
    pub reason: Option<String>,
}

/// A new password set by an admin.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"password": "a new long passphrase", "reason": "forgotten; identity checked by phone"}))]
pub struct PasswordResetRequest {
    /// 12–256 characters; tell the user by another channel.
    pub password: String,
    /// Required.
    pub reason: Option<String>,
}

/// Another role, or another center.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"role": "coordinator", "reason": "now coordinates the registry"}))]
pub struct AccessRequest {
    /// `admin`, `coordinator`, `center` or `researcher`.
    #[schema(value_type = String)]
    pub role: Role,
    /// Center code, for `center` users only.
    pub center: Option<String>,
    /// Required.
    pub reason: Option<String>,
}

/// The caller's own password change.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"current_password": "correct horse battery staple", "new_password": "another long passphrase"}))]
pub struct OwnPasswordRequest {
    /// The password now in use.
    pub current_password: String,
    /// 12–256 characters.
    pub new_password: String,
}

/// Every user, active or not, by e-mail.
#[utoipa::path(tag = "admin", security(("bearer" = [])),
    responses((status = 200, body = UserList), (status = 403, body = crate::error::Problem)))]
#[get("/users")]
pub async fn list_users(
    state: web::Data<AppState>,
    _admin: AdminUser,
) -> Result<HttpResponse, ApiError> {
    let rows = state.db.run(|conn| Ok(users::list(conn)?)).await?;
    Ok(HttpResponse::Ok().json(UserList {
        items: rows.into_iter().map(UserView::from).collect(),
    }))
}

/// Reactivates a deactivated user: they can log in again.
#[utoipa::path(tag = "admin", security(("bearer" = [])), request_body = ReactivateRequest,
    params(("id" = String, Path, description = "user id")),
    responses((status = 200, body = UserView), (status = 404, body = crate::error::Problem),
              (status = 422, body = crate::error::Problem)))]
#[post("/users/{id}/reactivate")]
pub async fn reactivate_user(
    state: web::Data<AppState>,
    admin: AdminUser,
    path: web::Path<String>,
    body: ApiJson<ReactivateRequest>,
) -> Result<HttpResponse, ApiError> {
    let u = crate::routes::users::set_active(
        &state,
        &admin,
        path.into_inner(),
        true,
        body.0.reason.as_deref(),
    )
    .await?;
    Ok(HttpResponse::Ok().json(UserView::from(u)))
}

/// Sets a new password for a user (who forgot theirs, or whose password leaked): the sessions
/// opened with the old password end at once (their tokens answer 401).
#[utoipa::path(tag = "admin", security(("bearer" = [])), request_body = PasswordResetRequest,
    params(("id" = String, Path, description = "user id")),
    responses((status = 200, body = UserView), (status = 404, body = crate::error::Problem),
              (status = 422, body = crate::error::Problem)))]
#[post("/users/{id}/password")]
pub async fn reset_password(
    state: web::Data<AppState>,
    admin: AdminUser,
    path: web::Path<String>,
    body: ApiJson<PasswordResetRequest>,
) -> Result<HttpResponse, ApiError> {
    let input = body.into_inner();
    let reason = require_reason(input.reason.as_deref())?;
    password::validate_new(&input.password)?;
    let hash = state.verifier.hash(input.password).await?;
    let ctx = admin.ctx();
    let id = path.into_inner();
    let u = state
        .db
        .run(move |conn| {
            Ok(conn.write(|tx| {
                users::set_password(tx, &ctx, &id, &hash, PasswordChange::Reset, Some(&reason))
            })?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(UserView::from(u)))
}

/// Gives a user another role or center (a `center` user needs `center`; others have none).
/// The change applies to the user's next request. Nobody changes their own admin role, and the
/// last active admin stays one (409).
#[utoipa::path(tag = "admin", security(("bearer" = [])), request_body = AccessRequest,
    params(("id" = String, Path, description = "user id")),
    responses((status = 200, body = UserView), (status = 404, body = crate::error::Problem),
              (status = 409, description = "the caller's own admin role, or the last active admin", body = crate::error::Problem),
              (status = 422, body = crate::error::Problem)))]
#[post("/users/{id}/access")]
pub async fn change_access(
    state: web::Data<AppState>,
    admin: AdminUser,
    path: web::Path<String>,
    body: ApiJson<AccessRequest>,
) -> Result<HttpResponse, ApiError> {
    let input = body.into_inner();
    let reason = require_reason(input.reason.as_deref())?;
    let ctx = admin.ctx();
    let id = path.into_inner();
    let u = state
        .db
        .run(move |conn| {
            conn.write(|tx| {
                let center_id = match &input.center {
                    Some(code) => Some(center_by_code(tx, code)?),
                    None => None,
                };
                Ok(users::set_access(
                    tx, &ctx, &id, input.role, center_id, &reason,
                )?)
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(UserView::from(u)))
}

/// The id of the center with `code`, or a 422 naming `center`.
fn center_by_code(conn: &mut registry_core::store::DbConn, code: &str) -> Result<String, ApiError> {
    centers::by_code(conn, code)
        .map(|c| c.id)
        .map_err(|e| match e {
            StoreError::NotFound => {
                ApiError::field("center", format!("no center with code {code}"))
            }
            other => other.into(),
        })
}

/// Changes the caller's own password; the current one is required (a wrong one counts as a
/// failed login: throttled, 429 after too many). Every session opened with the old password
/// ends, this one included: log in again with the new password.
#[utoipa::path(tag = "auth", security(("bearer" = [])), request_body = OwnPasswordRequest,
    responses((status = 204, description = "changed"), (status = 401, body = crate::error::Problem),
              (status = 422, body = crate::error::Problem), (status = 429, body = crate::error::Problem)))]
#[post("/auth/password")]
pub async fn change_own_password(
    state: web::Data<AppState>,
    user: AuthUser,
    req: HttpRequest,
    body: ApiJson<OwnPasswordRequest>,
) -> Result<HttpResponse, ApiError> {
    let input = body.into_inner();
    let id = user.id.clone();
    let account = state.db.run(move |conn| Ok(users::get(conn, &id)?)).await?;
    let address = client_address(&req, &state.settings.trusted_proxies);
    if let Some(retry_after) = state.throttle.blocked_for(&account.email, address) {
        return Err(ApiError::TooManyRequests { retry_after });
    }
    let valid = state
        .verifier
        .verify(input.current_password, Some(account.password_hash.clone()))
        .await?;
    if !valid {
        state.throttle.fail(&account.email, address);
        return Err(ApiError::field(
            "current_password",
            "this is not your current password",
        ));
    }
    password::validate_new(&input.new_password)
        .map_err(|_| ApiError::field("new_password", "a password has 12 to 256 characters"))?;
    let hash = state.verifier.hash(input.new_password).await?;
    let ctx = user.ctx();
    let id = user.id.clone();
    state
        .db
        .run(move |conn| {
            Ok(conn
                .write(|tx| users::set_password(tx, &ctx, &id, &hash, PasswordChange::Own, None))?)
        })
        .await?;
    state.throttle.succeed(&account.email);
    Ok(HttpResponse::NoContent().finish())
}
