//! `/api/v1/teams`: teams, their members and roles.

use actix_web::http::StatusCode;
use actix_web::web::{Data, Path};
use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post};
use crm_core::changes::{Change, HISTORY_LIST};
use crm_core::id::{TeamId, UserId};
use crm_core::list::Page;
use crm_identity::model::{TEAM_LIST, Team, TeamDetail, TeamFields, TeamMembers, TeamPatch};
use crm_identity::service::teams as service;

use crate::docs::{
    CreateErrors, DeleteErrors, ListErrors, ReadErrors, SubListErrors, UpdateErrors,
};
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, Auth, IdempotencyKey, IfMatch, ListParams};
use crate::respond::{self, Created};
use crate::routes::HistoryParams;
use crate::state::AppState;

crate::list_params!(TeamListParams, TEAM_LIST);

impl Created for TeamDetail {
    fn location(&self) -> String {
        format!("/api/v1/teams/{}", self.team.id)
    }
    fn version(&self) -> i64 {
        self.team.version
    }
}

fn team_id(raw: &str) -> ApiResult<TeamId> {
    TeamId::parse(raw).map_err(|_| ApiError::not_found("team not found"))
}

/// List teams
#[utoipa::path(
    tag = "organization",
    params(TeamListParams),
    responses((status = 200, description = "A page of teams.", body = Page<Team>), ListErrors),
    security(("bearer" = []))
)]
#[get("/teams")]
async fn list_teams(
    state: Data<AppState>,
    auth: Auth,
    params: ListParams,
) -> ApiResult<HttpResponse> {
    let list = params.parse(&TEAM_LIST)?;
    let page = state
        .run(auth, move |conn, ctx| service::list_teams(conn, ctx, &list))
        .await?;
    Ok(respond::page(&page))
}

/// Create a team
///
/// In a business unit the caller's depth reaches; roles given to the team reach its members.
#[utoipa::path(
    tag = "organization",
    request_body = TeamFields,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retried creation return the first response.")),
    responses(
        (status = 201, description = "Created.", body = TeamDetail,
         headers(("Location" = String, description = "The new team's URL."), ("ETag" = String, description = "Its version."))),
        CreateErrors
    ),
    security(("bearer" = []))
)]
#[post("/teams")]
async fn create_team(
    state: Data<AppState>,
    auth: Auth,
    req: HttpRequest,
    key: IdempotencyKey,
    body: ApiJson<TeamFields>,
) -> ApiResult<HttpResponse> {
    let fields = body.value;
    respond::create(&state, auth, &req, &body.raw, key, move |conn, ctx| {
        service::create_team(conn, ctx, fields)
    })
    .await
}

/// Get a team
///
/// With its members and roles.
#[utoipa::path(
    tag = "organization",
    params(("id" = String, Path, format = Uuid, description = "The team's id.")),
    responses(
        (status = 200, description = "The team.", body = TeamDetail, headers(("ETag" = String, description = "Its version."))),
        ReadErrors
    ),
    security(("bearer" = []))
)]
#[get("/teams/{id}")]
async fn get_team(state: Data<AppState>, auth: Auth, id: Path<String>) -> ApiResult<HttpResponse> {
    let id = team_id(&id)?;
    let team = state
        .run(auth, move |conn, ctx| service::get_team(conn, ctx, &id))
        .await?;
    Ok(respond::record(StatusCode::OK, &team, team.team.version))
}

/// Change a team
#[utoipa::path(
    tag = "organization",
    request_body = TeamPatch,
    params(
        ("id" = String, Path, format = Uuid, description = "The team's id."),
        ("If-Match" = Option<String>, Header, description = "The ETag the change is based on."),
    ),
    responses(
        (status = 200, description = "The changed team.", body = TeamDetail, headers(("ETag" = String, description = "Its new version."))),
        UpdateErrors
    ),
    security(("bearer" = []))
)]
#[patch("/teams/{id}")]
async fn update_team(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
    if_match: IfMatch,
    body: ApiJson<TeamPatch>,
) -> ApiResult<HttpResponse> {
    let id = team_id(&id)?;
    let patch = body.value;
    let team = state
        .run(auth, move |conn, ctx| {
            service::update_team(conn, ctx, &id, patch, if_match.0)
        })
        .await?;
    Ok(respond::record(StatusCode::OK, &team, team.team.version))
}

/// Add members to a team
#[utoipa::path(
    tag = "organization",
    request_body = TeamMembers,
    params(("id" = String, Path, format = Uuid, description = "The team's id.")),
    responses((status = 200, description = "The team with its members.", body = TeamDetail), UpdateErrors),
    security(("bearer" = []))
)]
#[post("/teams/{id}/members")]
async fn add_team_members(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
    body: ApiJson<TeamMembers>,
) -> ApiResult<HttpResponse> {
    let id = team_id(&id)?;
    let members = body.value.user_ids;
    let team = state
        .run(auth, move |conn, ctx| {
            service::add_members(conn, ctx, &id, &members)
        })
        .await?;
    Ok(respond::record(StatusCode::OK, &team, team.team.version))
}

/// Take a member out of a team
#[utoipa::path(
    tag = "organization",
    params(
        ("id" = String, Path, format = Uuid, description = "The team's id."),
        ("user_id" = String, Path, format = Uuid, description = "The member's user id."),
    ),
    responses((status = 200, description = "The team without them.", body = TeamDetail), UpdateErrors),
    security(("bearer" = []))
)]
#[delete("/teams/{id}/members/{user_id}")]
async fn remove_team_member(
    state: Data<AppState>,
    auth: Auth,
    path: Path<(String, String)>,
) -> ApiResult<HttpResponse> {
    let (id, user) = path.into_inner();
    let id = team_id(&id)?;
    let user = UserId::parse(&user).map_err(|_| ApiError::not_found("team member not found"))?;
    let team = state
        .run(auth, move |conn, ctx| {
            service::remove_member(conn, ctx, &id, &user)
        })
        .await?;
    Ok(respond::record(StatusCode::OK, &team, team.team.version))
}

/// Delete a team
///
/// Only a team that owns no records (a 409 says what it still owns).
#[utoipa::path(
    tag = "organization",
    params(
        ("id" = String, Path, format = Uuid, description = "The team's id."),
        ("If-Match" = Option<String>, Header, description = "The ETag the deletion is based on."),
    ),
    responses((status = 204, description = "Deleted."), DeleteErrors),
    security(("bearer" = []))
)]
#[delete("/teams/{id}")]
async fn delete_team(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
    if_match: IfMatch,
) -> ApiResult<HttpResponse> {
    let id = team_id(&id)?;
    state
        .run(auth, move |conn, ctx| {
            service::delete_team(conn, ctx, &id, if_match.0)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// A team's history
#[utoipa::path(
    tag = "organization",
    params(("id" = String, Path, format = Uuid, description = "The team's id."), HistoryParams),
    responses((status = 200, description = "A page of changes.", body = Page<Change>), SubListErrors),
    security(("bearer" = []))
)]
#[get("/teams/{id}/history")]
async fn team_history(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
    params: ListParams,
) -> ApiResult<HttpResponse> {
    let id = team_id(&id)?;
    let list = params.parse(&HISTORY_LIST)?;
    let page = state
        .run(auth, move |conn, ctx| {
            service::team_history(conn, ctx, &id, &list)
        })
        .await?;
    Ok(respond::page(&page))
}

/// Registers the routes.
pub fn configure<C: super::Routes>(cfg: &mut C) {
    cfg.service(list_teams)
        .service(create_team)
        .service(get_team)
        .service(update_team)
        .service(add_team_members)
        .service(remove_team_member)
        .service(delete_team)
        .service(team_history);
}
