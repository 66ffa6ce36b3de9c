//! Users (admin).

use actix_web::{HttpRequest, HttpResponse, post, web};
use registry_core::role::Role;
use registry_core::store::users::{self, NewUser, UserRow};
use registry_core::store::{DbConn, StoreError, WriteCtx, centers};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::AppState;
use crate::auth::AuthUser;
use crate::auth::guards::AdminUser;
use crate::auth::password;
use crate::error::ApiError;
use crate::extract::{ApiJson, IdempotencyKey, require_reason};
use crate::idempotent::{self, Created};
use crate::routes::user_accounts::UserView;

/// A user to create.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"email": "data.manager@umcu.example", "password": "a long enough passphrase", "role": "center", "center": "UMCU"}))]
pub struct UserRequest {
    /// Login e-mail.
    pub email: String,
    /// 12–256 characters.
    pub password: String,
    /// `admin`, `coordinator`, `center` or `researcher`.
    #[schema(value_type = String)]
    pub role: Role,
    /// Center code, for `center` users only.
    pub center: Option<String>,
}

/// Why a user is deactivated.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"reason": "left the center"}))]
pub struct DeactivateRequest {
    /// Required.
    pub reason: Option<String>,
}

fn to_json(u: &UserRow) -> serde_json::Value {
    serde_json::to_value(UserView::from(u.clone())).unwrap_or_default()
}

/// Creates a user; the password is hashed with argon2id.
#[utoipa::path(tag = "admin", security(("bearer" = [])), request_body = UserRequest,
    responses((status = 201, body = UserView, description = "created"), (status = 409, body = crate::error::Problem), (status = 422, body = crate::error::Problem)))]
#[post("/users")]
pub async fn create_user(
    state: web::Data<AppState>,
    admin: AdminUser,
    key: IdempotencyKey,
    req: HttpRequest,
    body: ApiJson<UserRequest>,
) -> Result<HttpResponse, ApiError> {
    let ApiJson(input, raw) = body;
    let hash = hash_new_password(&state, &input.password).await?;
    idempotent::create(&state, &admin, key, &req, &raw, move |tx, ctx| {
        let u = add_user(tx, ctx, input, hash)?;
        Ok(Created::new(
            to_json(&u),
            u.version,
            format!("/api/v1/users/{}", u.id),
        ))
    })
    .await
}

/// The argon2id hash of a new password, refused (422) unless it has 12 to 256 characters.
pub async fn hash_new_password(state: &AppState, password: &str) -> Result<String, ApiError> {
    password::validate_new(password)?;
    state.verifier.hash(password.to_owned()).await
}

/// Creates the user `input` describes, with the password's `hash`
/// ([`hash_new_password`]): the admin API's and the admin page's one rule.
pub fn add_user(
    tx: &mut DbConn,
    ctx: &WriteCtx,
    input: UserRequest,
    hash: String,
) -> Result<UserRow, ApiError> {
    let center_id = match &input.center {
        Some(code) => Some(
            centers::by_code(tx, code)
                .map_err(|e| match e {
                    StoreError::NotFound => {
                        ApiError::field("center", format!("no center with code {code}"))
                    }
                    other => other.into(),
                })?
                .id,
        ),
        None => None,
    };
    users::create(
        tx,
        ctx,
        NewUser {
            email: input.email,
            password_hash: hash,
            role: input.role,
            center_id,
        },
    )
    .map_err(|e| match e {
        StoreError::Conflict(_) => ApiError::Conflict("a user with this e-mail exists".into()),
        other => other.into(),
    })
}

/// Deactivates (`active` false) or reactivates user `id`, for the reason given (required):
/// what `POST /users/{id}/deactivate` and `…/reactivate` and the users page do.
pub async fn set_active(
    state: &AppState,
    admin: &AuthUser,
    id: String,
    active: bool,
    reason: Option<&str>,
) -> Result<UserRow, ApiError> {
    let reason = require_reason(reason)?;
    let ctx = admin.ctx();
    state
        .db
        .run(move |conn| Ok(conn.write(|tx| users::set_active(tx, &ctx, &id, active, &reason))?))
        .await
}

/// Deactivates a user: they can no longer log in and their tokens stop working.
#[utoipa::path(tag = "admin", security(("bearer" = [])), request_body = DeactivateRequest,
    responses((status = 200, body = UserView, description = "deactivated"), (status = 404, body = crate::error::Problem),
              (status = 409, description = "the caller's own account, or the last active admin", body = crate::error::Problem)))]
#[post("/users/{id}/deactivate")]
pub async fn deactivate_user(
    state: web::Data<AppState>,
    admin: AdminUser,
    path: web::Path<String>,
    body: ApiJson<DeactivateRequest>,
) -> Result<HttpResponse, ApiError> {
    let u = set_active(
        &state,
        &admin,
        path.into_inner(),
        false,
        body.0.reason.as_deref(),
    )
    .await?;
    Ok(HttpResponse::Ok().json(to_json(&u)))
}
