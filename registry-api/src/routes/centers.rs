//! Centers (admin).

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use registry_core::store::centers::{self, CenterRow};
use registry_core::store::{DbConn, WriteCtx};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::AppState;
use crate::auth::AuthUser;
use crate::auth::guards::AdminUser;
use crate::error::ApiError;
use crate::extract::{ApiJson, IdempotencyKey};
use crate::idempotent::{self, Created};

/// A center to create.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"code": "EMC", "name": "Erasmus MC"}))]
pub struct CenterRequest {
    /// Short unique code, e.g. `UMCU`.
    pub code: String,
    /// Display name.
    pub name: String,
}

fn to_json(c: &CenterRow) -> serde_json::Value {
    serde_json::json!({"id": c.id, "code": c.code, "name": c.name, "active": c.active, "version": c.version})
}

/// Creates a center.
#[utoipa::path(tag = "admin", security(("bearer" = [])), request_body = CenterRequest,
    responses((status = 201, body = crate::schemas::CenterView, description = "created"), (status = 409, body = crate::error::Problem), (status = 422, body = crate::error::Problem)))]
#[post("/centers")]
pub async fn create_center(
    state: web::Data<AppState>,
    admin: AdminUser,
    key: IdempotencyKey,
    req: HttpRequest,
    body: ApiJson<CenterRequest>,
) -> Result<HttpResponse, ApiError> {
    let ApiJson(input, raw) = body;
    idempotent::create(&state, &admin, key, &req, &raw, move |tx, ctx| {
        let c = add_center(tx, ctx, &input)?;
        Ok(Created::new(
            to_json(&c),
            c.version,
            format!("/api/v1/centers/{}", c.id),
        ))
    })
    .await
}

/// Creates the center `input` describes (the admin API's and the admin page's one rule).
pub fn add_center(
    tx: &mut DbConn,
    ctx: &WriteCtx,
    input: &CenterRequest,
) -> Result<CenterRow, ApiError> {
    Ok(centers::create(tx, ctx, input.code.trim(), &input.name)?)
}

/// Lists the centers (every signed-in user; centers are not patient data).
#[utoipa::path(tag = "admin", security(("bearer" = [])), responses((status = 200, body = crate::schemas::CenterList, description = "the centers")))]
#[get("/centers")]
pub async fn list_centers(
    state: web::Data<AppState>,
    _user: AuthUser,
) -> Result<HttpResponse, ApiError> {
    let rows = state.db.run(|conn| Ok(centers::list(conn)?)).await?;
    Ok(HttpResponse::Ok()
        .json(serde_json::json!({"items": rows.iter().map(to_json).collect::<Vec<_>>()})))
}
