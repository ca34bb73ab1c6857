//! `/api/v1/business-units`: the organization's tree.

use actix_web::http::StatusCode;
use actix_web::web::{Data, Path};
use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post};
use crm_core::changes::{Change, HISTORY_LIST};
use crm_core::id::BusinessUnitId;
use crm_core::list::Page;
use crm_identity::model::{
    BUSINESS_UNIT_LIST, BusinessUnit, BusinessUnitFields, BusinessUnitNode, BusinessUnitPatch,
};
use crm_identity::service::units as service;

use crate::docs::{
    CallerErrors, CreateErrors, DeleteErrors, ListErrors, ReadErrors, SubListErrors, UpdateErrors,
};
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, Auth, IdempotencyKey, IfMatch, ListParams};
use crate::respond::{self, Created};
use crate::routes::HistoryParams;
use crate::state::AppState;

crate::list_params!(BusinessUnitListParams, BUSINESS_UNIT_LIST);

impl Created for BusinessUnit {
    fn location(&self) -> String {
        format!("/api/v1/business-units/{}", self.id)
    }
    fn version(&self) -> i64 {
        self.version
    }
}

fn unit_id(raw: &str) -> ApiResult<BusinessUnitId> {
    BusinessUnitId::parse(raw).map_err(|_| ApiError::not_found("business unit not found"))
}

/// List business units
///
/// Every signed-in user reads the organization's structure. `parent_id=<id>` lists a unit's
/// children; `parent_id[null]=true` finds the organization itself.
#[utoipa::path(
    tag = "organization",
    params(BusinessUnitListParams),
    responses((status = 200, description = "A page of business units.", body = Page<BusinessUnit>), ListErrors),
    security(("bearer" = []))
)]
#[get("/business-units")]
async fn list_business_units(
    state: Data<AppState>,
    auth: Auth,
    params: ListParams,
) -> ApiResult<HttpResponse> {
    let list = params.parse(&BUSINESS_UNIT_LIST)?;
    let page = state
        .run(auth, move |conn, ctx| service::list_units(conn, ctx, &list))
        .await?;
    Ok(respond::page(&page))
}

/// The organization as a tree
///
/// The organization and every unit below it, nested, each with its number of users.
#[utoipa::path(
    tag = "organization",
    responses((status = 200, description = "The tree, from the organization down.", body = Vec<BusinessUnitNode>), CallerErrors),
    security(("bearer" = []))
)]
#[get("/business-units/tree")]
async fn get_business_unit_tree(state: Data<AppState>, auth: Auth) -> ApiResult<HttpResponse> {
    let tree = state.run(auth, service::unit_tree).await?;
    Ok(HttpResponse::Ok().json(tree))
}

/// Create a business unit
///
/// Under a unit the caller's depth reaches.
#[utoipa::path(
    tag = "organization",
    request_body = BusinessUnitFields,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retried creation return the first response.")),
    responses(
        (status = 201, description = "Created.", body = BusinessUnit,
         headers(("Location" = String, description = "The new unit's URL."), ("ETag" = String, description = "Its version."))),
        CreateErrors
    ),
    security(("bearer" = []))
)]
#[post("/business-units")]
async fn create_business_unit(
    state: Data<AppState>,
    auth: Auth,
    req: HttpRequest,
    key: IdempotencyKey,
    body: ApiJson<BusinessUnitFields>,
) -> ApiResult<HttpResponse> {
    let fields = body.value;
    respond::create(&state, auth, &req, &body.raw, key, move |conn, ctx| {
        service::create_unit(conn, ctx, fields)
    })
    .await
}

/// Get a business unit
#[utoipa::path(
    tag = "organization",
    params(("id" = String, Path, format = Uuid, description = "The unit's id.")),
    responses(
        (status = 200, description = "The unit.", body = BusinessUnit, headers(("ETag" = String, description = "Its version."))),
        ReadErrors
    ),
    security(("bearer" = []))
)]
#[get("/business-units/{id}")]
async fn get_business_unit(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
) -> ApiResult<HttpResponse> {
    let id = unit_id(&id)?;
    let unit = state
        .run(auth, move |conn, ctx| service::get_unit(conn, ctx, &id))
        .await?;
    Ok(respond::record(StatusCode::OK, &unit, unit.version))
}

/// Rename or move a business unit
///
/// `parent_id` moves the unit (never under itself or a unit below it; the organization never
/// moves).
#[utoipa::path(
    tag = "organization",
    request_body = BusinessUnitPatch,
    params(
        ("id" = String, Path, format = Uuid, description = "The unit's id."),
        ("If-Match" = Option<String>, Header, description = "The ETag the change is based on."),
    ),
    responses(
        (status = 200, description = "The changed unit.", body = BusinessUnit, headers(("ETag" = String, description = "Its new version."))),
        UpdateErrors
    ),
    security(("bearer" = []))
)]
#[patch("/business-units/{id}")]
async fn update_business_unit(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
    if_match: IfMatch,
    body: ApiJson<BusinessUnitPatch>,
) -> ApiResult<HttpResponse> {
    let id = unit_id(&id)?;
    let patch = body.value;
    let unit = state
        .run(auth, move |conn, ctx| {
            service::update_unit(conn, ctx, &id, patch, if_match.0)
        })
        .await?;
    Ok(respond::record(StatusCode::OK, &unit, unit.version))
}

/// Remove a business unit
///
/// Only an empty unit: one that still has child units, users, teams, roles or records is a
/// 409 that says what is left.
#[utoipa::path(
    tag = "organization",
    params(
        ("id" = String, Path, format = Uuid, description = "The unit's id."),
        ("If-Match" = Option<String>, Header, description = "The ETag the removal is based on."),
    ),
    responses((status = 204, description = "Removed."), DeleteErrors),
    security(("bearer" = []))
)]
#[delete("/business-units/{id}")]
async fn delete_business_unit(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
    if_match: IfMatch,
) -> ApiResult<HttpResponse> {
    let id = unit_id(&id)?;
    state
        .run(auth, move |conn, ctx| {
            service::delete_unit(conn, ctx, &id, if_match.0)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// A business unit's history
#[utoipa::path(
    tag = "organization",
    params(("id" = String, Path, format = Uuid, description = "The unit's id."), HistoryParams),
    responses((status = 200, description = "A page of changes.", body = Page<Change>), SubListErrors),
    security(("bearer" = []))
)]
#[get("/business-units/{id}/history")]
async fn business_unit_history(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
    params: ListParams,
) -> ApiResult<HttpResponse> {
    let id = unit_id(&id)?;
    let list = params.parse(&HISTORY_LIST)?;
    let page = state
        .run(auth, move |conn, ctx| {
            service::unit_history(conn, ctx, &id, &list)
        })
        .await?;
    Ok(respond::page(&page))
}

/// Registers the routes (`tree` before `{id}`).
pub fn configure<C: super::Routes>(cfg: &mut C) {
    cfg.service(list_business_units)
        .service(get_business_unit_tree)
        .service(create_business_unit)
        .service(get_business_unit)
        .service(update_business_unit)
        .service(delete_business_unit)
        .service(business_unit_history);
}
