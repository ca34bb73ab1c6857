//! `/api/v1/roles`: security roles and their privileges.

use actix_web::http::StatusCode;
use actix_web::web::{Data, Path};
use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post};
use crm_core::changes::{Change, HISTORY_LIST};
use crm_core::id::RoleId;
use crm_core::list::Page;
use crm_identity::model::{ROLE_LIST, Role, RoleDetail, RoleFields, RolePatch};
use crm_identity::service::roles as service;

use crate::docs::{
    CreateErrors, DeleteErrors, ListErrors, ReadErrors, SubListErrors, UpdateErrors,
};
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, Auth, IdempotencyKey, IfMatch, ListParams};
use crate::respond::{self, Created};
use crate::routes::HistoryParams;
use crate::state::AppState;

crate::list_params!(RoleListParams, ROLE_LIST);

impl Created for RoleDetail {
    fn location(&self) -> String {
        format!("/api/v1/roles/{}", self.role.id)
    }
    fn version(&self) -> i64 {
        self.role.version
    }
}

fn role_id(raw: &str) -> ApiResult<RoleId> {
    RoleId::parse(raw).map_err(|_| ApiError::not_found("role not found"))
}

/// List roles
#[utoipa::path(
    tag = "organization",
    params(RoleListParams),
    responses((status = 200, description = "A page of roles.", body = Page<Role>), ListErrors),
    security(("bearer" = []))
)]
#[get("/roles")]
async fn list_roles(
    state: Data<AppState>,
    auth: Auth,
    params: ListParams,
) -> ApiResult<HttpResponse> {
    let list = params.parse(&ROLE_LIST)?;
    let page = state
        .run(auth, move |conn, ctx| service::list_roles(conn, ctx, &list))
        .await?;
    Ok(respond::page(&page))
}

/// Create a role
///
/// Its privileges may not reach further than the caller's own.
#[utoipa::path(
    tag = "organization",
    request_body = RoleFields,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retried creation return the first response.")),
    responses(
        (status = 201, description = "Created.", body = RoleDetail,
         headers(("Location" = String, description = "The new role's URL."), ("ETag" = String, description = "Its version."))),
        CreateErrors
    ),
    security(("bearer" = []))
)]
#[post("/roles")]
async fn create_role(
    state: Data<AppState>,
    auth: Auth,
    req: HttpRequest,
    key: IdempotencyKey,
    body: ApiJson<RoleFields>,
) -> ApiResult<HttpResponse> {
    let fields = body.value;
    respond::create(&state, auth, &req, &body.raw, key, move |conn, ctx| {
        service::create_role(conn, ctx, fields)
    })
    .await
}

/// Get a role
///
/// With its privileges.
#[utoipa::path(
    tag = "organization",
    params(("id" = String, Path, format = Uuid, description = "The role's id.")),
    responses(
        (status = 200, description = "The role.", body = RoleDetail, headers(("ETag" = String, description = "Its version."))),
        ReadErrors
    ),
    security(("bearer" = []))
)]
#[get("/roles/{id}")]
async fn get_role(state: Data<AppState>, auth: Auth, id: Path<String>) -> ApiResult<HttpResponse> {
    let id = role_id(&id)?;
    let role = state
        .run(auth, move |conn, ctx| service::get_role(conn, ctx, &id))
        .await?;
    Ok(respond::record(StatusCode::OK, &role, role.role.version))
}

/// Change a role
///
/// `privileges` replaces the whole set. The System Administrator role cannot be changed.
#[utoipa::path(
    tag = "organization",
    request_body = RolePatch,
    params(
        ("id" = String, Path, format = Uuid, description = "The role's id."),
        ("If-Match" = Option<String>, Header, description = "The ETag the change is based on."),
    ),
    responses(
        (status = 200, description = "The changed role.", body = RoleDetail, headers(("ETag" = String, description = "Its new version."))),
        UpdateErrors
    ),
    security(("bearer" = []))
)]
#[patch("/roles/{id}")]
async fn update_role(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
    if_match: IfMatch,
    body: ApiJson<RolePatch>,
) -> ApiResult<HttpResponse> {
    let id = role_id(&id)?;
    let patch = body.value;
    let role = state
        .run(auth, move |conn, ctx| {
            service::update_role(conn, ctx, &id, patch, if_match.0)
        })
        .await?;
    Ok(respond::record(StatusCode::OK, &role, role.role.version))
}

/// Delete a role
///
/// Only a role nobody holds (a 409 says who still does).
#[utoipa::path(
    tag = "organization",
    params(
        ("id" = String, Path, format = Uuid, description = "The role's id."),
        ("If-Match" = Option<String>, Header, description = "The ETag the deletion is based on."),
    ),
    responses((status = 204, description = "Deleted."), DeleteErrors),
    security(("bearer" = []))
)]
#[delete("/roles/{id}")]
async fn delete_role(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
    if_match: IfMatch,
) -> ApiResult<HttpResponse> {
    let id = role_id(&id)?;
    state
        .run(auth, move |conn, ctx| {
            service::delete_role(conn, ctx, &id, if_match.0)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// A role's history
#[utoipa::path(
    tag = "organization",
    params(("id" = String, Path, format = Uuid, description = "The role's id."), HistoryParams),
    responses((status = 200, description = "A page of changes.", body = Page<Change>), SubListErrors),
    security(("bearer" = []))
)]
#[get("/roles/{id}/history")]
async fn role_history(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
    params: ListParams,
) -> ApiResult<HttpResponse> {
    let id = role_id(&id)?;
    let list = params.parse(&HISTORY_LIST)?;
    let page = state
        .run(auth, move |conn, ctx| {
            service::role_history(conn, ctx, &id, &list)
        })
        .await?;
    Ok(respond::page(&page))
}

/// Registers the routes.
pub fn configure<C: super::Routes>(cfg: &mut C) {
    cfg.service(list_roles)
        .service(create_role)
        .service(get_role)
        .service(update_role)
        .service(delete_role)
        .service(role_history);
}
