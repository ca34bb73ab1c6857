//! `/api/v1/users`: the people of the organization.

use actix_web::http::StatusCode;
use actix_web::web::{Data, Path};
use actix_web::{HttpRequest, HttpResponse, get, patch, post};
use crm_core::changes::{Change, HISTORY_LIST};
use crm_core::id::UserId;
use crm_core::list::Page;
use crm_identity::model::{
    NewUser, PasswordReset, ReassignUsers, USER_LIST, User, UserDetail, UserPatch,
};
use crm_identity::service::users as service;

use crate::docs::{CreateErrors, ListErrors, ReadErrors, SubListErrors, UpdateErrors};
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, Auth, IdempotencyKey, IfMatch, ListParams};
use crate::respond::{self, Created};
use crate::routes::HistoryParams;
use crate::state::AppState;

crate::list_params!(UserListParams, USER_LIST);

impl Created for UserDetail {
    fn location(&self) -> String {
        format!("/api/v1/users/{}", self.user.id)
    }
    fn version(&self) -> i64 {
        self.user.version
    }
}

fn user_id(raw: &str) -> ApiResult<UserId> {
    UserId::parse(raw).map_err(|_| ApiError::not_found("user not found"))
}

/// List users
///
/// Every signed-in user reads every user. `manager_id=<id>` lists someone's direct reports.
#[utoipa::path(
    tag = "organization",
    params(UserListParams),
    responses((status = 200, description = "A page of users.", body = Page<User>), ListErrors),
    security(("bearer" = []))
)]
#[get("/users")]
async fn list_users(
    state: Data<AppState>,
    auth: Auth,
    params: ListParams,
) -> ApiResult<HttpResponse> {
    let list = params.parse(&USER_LIST)?;
    let page = state
        .run(auth, move |conn, ctx| service::list_users(conn, ctx, &list))
        .await?;
    Ok(respond::page(&page))
}

/// Create a user
///
/// In a business unit the caller manages users of, with an initial password and roles no
/// stronger than the caller's own.
#[utoipa::path(
    tag = "organization",
    request_body = NewUser,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retried creation return the first response.")),
    responses(
        (status = 201, description = "Created.", body = UserDetail,
         headers(("Location" = String, description = "The new user's URL."), ("ETag" = String, description = "Their version."))),
        CreateErrors
    ),
    security(("bearer" = []))
)]
#[post("/users")]
async fn create_user(
    state: Data<AppState>,
    auth: Auth,
    req: HttpRequest,
    key: IdempotencyKey,
    body: ApiJson<NewUser>,
) -> ApiResult<HttpResponse> {
    let new = body.value;
    respond::create(&state, auth, &req, &body.raw, key, move |conn, ctx| {
        service::create_user(conn, ctx, new)
    })
    .await
}

/// Move users to a new manager or business unit
///
/// A re-organization in one transaction: every user moves, or none does.
#[utoipa::path(
    tag = "organization",
    request_body = ReassignUsers,
    responses((status = 200, description = "The moved users.", body = Vec<User>), UpdateErrors),
    security(("bearer" = []))
)]
#[post("/users/reassign")]
async fn reassign_users(
    state: Data<AppState>,
    auth: Auth,
    body: ApiJson<ReassignUsers>,
) -> ApiResult<HttpResponse> {
    let request = body.value;
    let moved = state
        .run(auth, move |conn, ctx| service::reassign(conn, ctx, request))
        .await?;
    Ok(HttpResponse::Ok().json(moved))
}

/// Get a user
///
/// With the roles given to them and the teams they are in.
#[utoipa::path(
    tag = "organization",
    params(("id" = String, Path, format = Uuid, description = "The user's id.")),
    responses(
        (status = 200, description = "The user.", body = UserDetail, headers(("ETag" = String, description = "Their version."))),
        ReadErrors
    ),
    security(("bearer" = []))
)]
#[get("/users/{id}")]
async fn get_user(state: Data<AppState>, auth: Auth, id: Path<String>) -> ApiResult<HttpResponse> {
    let id = user_id(&id)?;
    let user = state
        .run(auth, move |conn, ctx| service::get_user(conn, ctx, &id))
        .await?;
    Ok(respond::record(StatusCode::OK, &user, user.user.version))
}

/// Change a user
///
/// A user changes their own phones and address. Everything else (email, name, job title,
/// business unit, manager, roles, `is_active`) needs the privilege to update users reaching
/// them; `is_active: false` disables sign-in and API use without touching their records.
#[utoipa::path(
    tag = "organization",
    request_body = UserPatch,
    params(
        ("id" = String, Path, format = Uuid, description = "The user's id."),
        ("If-Match" = Option<String>, Header, description = "The ETag the change is based on."),
    ),
    responses(
        (status = 200, description = "The changed user.", body = UserDetail, headers(("ETag" = String, description = "Their new version."))),
        UpdateErrors
    ),
    security(("bearer" = []))
)]
#[patch("/users/{id}")]
async fn update_user(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
    if_match: IfMatch,
    body: ApiJson<UserPatch>,
) -> ApiResult<HttpResponse> {
    let id = user_id(&id)?;
    let patch = body.value;
    let user = state
        .run(auth, move |conn, ctx| {
            service::update_user(conn, ctx, &id, patch, if_match.0)
        })
        .await?;
    Ok(respond::record(StatusCode::OK, &user, user.user.version))
}

/// Set a user's password
///
/// For those who manage the user; the user's sessions are signed out. Nobody sets their own
/// password here (409): `/api/v1/me/password` asks for the current one.
#[utoipa::path(
    tag = "organization",
    request_body = PasswordReset,
    params(("id" = String, Path, format = Uuid, description = "The user's id.")),
    responses((status = 204, description = "Set."), UpdateErrors),
    security(("bearer" = []))
)]
#[post("/users/{id}/password")]
async fn reset_user_password(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
    body: ApiJson<PasswordReset>,
) -> ApiResult<HttpResponse> {
    let id = user_id(&id)?;
    let new = body.value.new_password;
    state
        .run(auth, move |conn, ctx| {
            service::reset_password(conn, ctx, &id, &new)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// A user's history
#[utoipa::path(
    tag = "organization",
    params(("id" = String, Path, format = Uuid, description = "The user's id."), HistoryParams),
    responses((status = 200, description = "A page of changes.", body = Page<Change>), SubListErrors),
    security(("bearer" = []))
)]
#[get("/users/{id}/history")]
async fn user_history(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
    params: ListParams,
) -> ApiResult<HttpResponse> {
    let id = user_id(&id)?;
    let list = params.parse(&HISTORY_LIST)?;
    let page = state
        .run(auth, move |conn, ctx| {
            service::user_history(conn, ctx, &id, &list)
        })
        .await?;
    Ok(respond::page(&page))
}

/// Registers the routes (`reassign` before `{id}`).
pub fn configure<C: super::Routes>(cfg: &mut C) {
    cfg.service(list_users)
        .service(create_user)
        .service(reassign_users)
        .service(get_user)
        .service(update_user)
        .service(reset_user_password)
        .service(user_history);
}
