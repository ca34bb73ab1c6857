//! `/api/v1/opportunities`, `/api/v1/sales-stages`, `/api/v1/competitors`: potential sales, the
//! sales process they move through, the rivals met in them.

use actix_web::http::StatusCode;
use actix_web::web::{Data, Path};
use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post};
use crm_core::changes::{Change, HISTORY_LIST};
use crm_core::id::{CompetitorId, OpportunityId, SalesStageId};
use crm_core::list::Page;
use crm_core::security::{Action, Assignment, entities};
use crm_opportunities::model::{
    COMPETITOR_LIST, Competitor, CompetitorFields, CompetitorPatch, Loss, NewSalesStage,
    OPPORTUNITY_LIST, Opportunity, OpportunityFields, OpportunityPatch, SALES_STAGE_LIST,
    SalesStage, SalesStagePatch, Win,
};
use crm_opportunities::service;

use crate::docs::{
    CreateErrors, DeleteErrors, ListErrors, ReadErrors, SubListErrors, UpdateErrors,
};
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, Auth, IdempotencyKey, IfMatch, ListParams};
use crate::respond::{self, Created};
use crate::routes::HistoryParams;
use crate::state::AppState;

crate::list_params!(OpportunityListParams, OPPORTUNITY_LIST);
crate::list_params!(SalesStageListParams, SALES_STAGE_LIST);
crate::list_params!(CompetitorListParams, COMPETITOR_LIST);

impl Created for Opportunity {
    fn location(&self) -> String {
        format!("/api/v1/opportunities/{}", self.id)
    }
    fn version(&self) -> i64 {
        self.version
    }
}

impl Created for SalesStage {
    fn location(&self) -> String {
        format!("/api/v1/sales-stages/{}", self.id)
    }
    fn version(&self) -> i64 {
        self.version
    }
}

impl Created for Competitor {
    fn location(&self) -> String {
        format!("/api/v1/competitors/{}", self.id)
    }
    fn version(&self) -> i64 {
        self.version
    }
}

fn opportunity_id(raw: &str) -> ApiResult<OpportunityId> {
    OpportunityId::parse(raw).map_err(|_| ApiError::not_found("opportunity not found"))
}

/// List opportunities
///
/// The opportunities the caller may read, with their key people, competitors and revenue split.
/// The pipeline: `status=open&sort=-probability`, one stage with `stage=proposal`.
#[utoipa::path(
    tag = "opportunities",
    params(OpportunityListParams),
    responses((status = 200, description = "A page of opportunities.", body = Page<Opportunity>), ListErrors),
    security(("bearer" = []))
)]
#[get("/opportunities")]
async fn list_opportunities(
    state: Data<AppState>,
    auth: Auth,
    params: ListParams,
) -> ApiResult<HttpResponse> {
    let list = params.parse(&OPPORTUNITY_LIST)?;
    let page = state
        .run(auth, move |conn, ctx| {
            service::list_opportunities(conn, ctx, &list)
        })
        .await?;
    Ok(respond::page(&page))
}

/// Create an opportunity
///
/// Owned by the caller and open, in the first stage of the sales process unless `stage` is
/// given, with the stage's probability unless `probability` is. Money is a decimal string next
/// to `currency`; floats are refused.
#[utoipa::path(
    tag = "opportunities",
    request_body = OpportunityFields,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retried creation return the first response.")),
    responses(
        (status = 201, description = "Created.", body = Opportunity,
         headers(("Location" = String, description = "The new opportunity's URL."), ("ETag" = String, description = "Its version."))),
        CreateErrors
    ),
    security(("bearer" = []))
)]
#[post("/opportunities")]
async fn create_opportunity(
    state: Data<AppState>,
    auth: Auth,
    req: HttpRequest,
    key: IdempotencyKey,
    body: ApiJson<OpportunityFields>,
) -> ApiResult<HttpResponse> {
    let fields = body.value;
    respond::create(&state, auth, &req, &body.raw, key, move |conn, ctx| {
        service::create_opportunity(conn, ctx, fields)
    })
    .await
}

/// Get an opportunity
#[utoipa::path(
    tag = "opportunities",
    params(("id" = String, Path, format = Uuid, description = "The opportunity's id.")),
    responses(
        (status = 200, description = "The opportunity.", body = Opportunity, headers(
            ("ETag" = String, description = "Its version."),
            ("Allowed-Actions" = String, description = "What the caller may do to it: update, delete, assign, share (comma-separated).")
        )),
        ReadErrors
    ),
    security(("bearer" = []))
)]
#[get("/opportunities/{id}")]
async fn get_opportunity(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
) -> ApiResult<HttpResponse> {
    let id = opportunity_id(&id)?;
    let (opportunity, actions) = state
        .run_read(auth, move |conn, ctx| {
            let o = service::get_opportunity(conn, ctx, &id)?;
            let actions = ctx.principal.allowed(
                entities::OPPORTUNITIES,
                o.owner_id.as_str(),
                o.business_unit_id.as_str(),
                &Action::ON_RECORD,
            );
            Ok((o, actions))
        })
        .await?;
    Ok(respond::with_allowed_actions(
        respond::record(StatusCode::OK, &opportunity, opportunity.version),
        &actions,
    ))
}

/// Change an opportunity
///
/// Changes the fields sent; `null` clears. A stage change without `probability` takes the new
/// stage's default probability, and is in the history. `key_people`, `competitor_ids` and
/// `revenue_split` replace their lists. A won or lost opportunity is reopened first (409).
#[utoipa::path(
    tag = "opportunities",
    request_body = OpportunityPatch,
    params(
        ("id" = String, Path, format = Uuid, description = "The opportunity's id."),
        ("If-Match" = Option<String>, Header, description = "The ETag the change is based on."),
    ),
    responses(
        (status = 200, description = "The changed opportunity.", body = Opportunity, headers(("ETag" = String, description = "Its new version."))),
        UpdateErrors
    ),
    security(("bearer" = []))
)]
#[patch("/opportunities/{id}")]
async fn update_opportunity(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
    if_match: IfMatch,
    body: ApiJson<OpportunityPatch>,
) -> ApiResult<HttpResponse> {
    let id = opportunity_id(&id)?;
    let patch = body.value;
    let o = state
        .run(auth, move |conn, ctx| {
            service::update_opportunity(conn, ctx, &id, patch, if_match.0)
        })
        .await?;
    Ok(respond::record(StatusCode::OK, &o, o.version))
}

/// Delete an opportunity
#[utoipa::path(
    tag = "opportunities",
    params(
        ("id" = String, Path, format = Uuid, description = "The opportunity's id."),
        ("If-Match" = Option<String>, Header, description = "The ETag the deletion is based on."),
    ),
    responses((status = 204, description = "Deleted."), DeleteErrors),
    security(("bearer" = []))
)]
#[delete("/opportunities/{id}")]
async fn delete_opportunity(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
    if_match: IfMatch,
) -> ApiResult<HttpResponse> {
    let id = opportunity_id(&id)?;
    state
        .run(auth, move |conn, ctx| {
            service::delete_opportunity(conn, ctx, &id, if_match.0)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Win an opportunity
///
/// Closes an open opportunity as won, with `actual_revenue` (default: the estimate) and
/// `actual_close_date` (default: today). 409 unless it is open.
#[utoipa::path(
    tag = "opportunities",
    request_body = Win,
    params(
        ("id" = String, Path, format = Uuid, description = "The opportunity's id."),
        ("If-Match" = Option<String>, Header, description = "The ETag the action is based on."),
    ),
    responses(
        (status = 200, description = "The won opportunity.", body = Opportunity, headers(("ETag" = String, description = "Its new version."))),
        UpdateErrors
    ),
    security(("bearer" = []))
)]
#[post("/opportunities/{id}/win")]
async fn win_opportunity(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
    if_match: IfMatch,
    body: ApiJson<Win>,
) -> ApiResult<HttpResponse> {
    let id = opportunity_id(&id)?;
    let win = body.value;
    let o = state
        .run(auth, move |conn, ctx| {
            service::win_opportunity(conn, ctx, &id, win, if_match.0)
        })
        .await?;
    Ok(respond::record(StatusCode::OK, &o, o.version))
}

/// Lose an opportunity
///
/// Closes an open opportunity as lost: `reason` is required (the lesson learned),
/// `competitor_id` names who won it. 409 unless it is open.
#[utoipa::path(
    tag = "opportunities",
    request_body = Loss,
    params(
        ("id" = String, Path, format = Uuid, description = "The opportunity's id."),
        ("If-Match" = Option<String>, Header, description = "The ETag the action is based on."),
    ),
    responses(
        (status = 200, description = "The lost opportunity.", body = Opportunity, headers(("ETag" = String, description = "Its new version."))),
        UpdateErrors
    ),
    security(("bearer" = []))
)]
#[post("/opportunities/{id}/lose")]
async fn lose_opportunity(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
    if_match: IfMatch,
    body: ApiJson<Loss>,
) -> ApiResult<HttpResponse> {
    let id = opportunity_id(&id)?;
    let loss = body.value;
    let o = state
        .run(auth, move |conn, ctx| {
            service::lose_opportunity(conn, ctx, &id, loss, if_match.0)
        })
        .await?;
    Ok(respond::record(StatusCode::OK, &o, o.version))
}

/// Reopen an opportunity
///
/// A won or lost opportunity is open again; its closing is cleared (the history keeps it). 409
/// for an open one.
#[utoipa::path(
    tag = "opportunities",
    params(
        ("id" = String, Path, format = Uuid, description = "The opportunity's id."),
        ("If-Match" = Option<String>, Header, description = "The ETag the action is based on."),
    ),
    responses(
        (status = 200, description = "The reopened opportunity.", body = Opportunity, headers(("ETag" = String, description = "Its new version."))),
        UpdateErrors
    ),
    security(("bearer" = []))
)]
#[post("/opportunities/{id}/reopen")]
async fn reopen_opportunity(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
    if_match: IfMatch,
) -> ApiResult<HttpResponse> {
    let id = opportunity_id(&id)?;
    let o = state
        .run(auth, move |conn, ctx| {
            service::reopen_opportunity(conn, ctx, &id, if_match.0)
        })
        .await?;
    Ok(respond::record(StatusCode::OK, &o, o.version))
}

/// Assign an opportunity
///
/// Gives it to another owner (an active user or a team); it moves to the owner's business unit.
#[utoipa::path(
    tag = "opportunities",
    request_body = Assignment,
    params(
        ("id" = String, Path, format = Uuid, description = "The opportunity's id."),
        ("If-Match" = Option<String>, Header, description = "The ETag the assignment is based on."),
    ),
    responses(
        (status = 200, description = "The opportunity with its new owner.", body = Opportunity, headers(("ETag" = String, description = "Its new version."))),
        UpdateErrors
    ),
    security(("bearer" = []))
)]
#[post("/opportunities/{id}/assign")]
async fn assign_opportunity(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
    if_match: IfMatch,
    body: ApiJson<Assignment>,
) -> ApiResult<HttpResponse> {
    let id = opportunity_id(&id)?;
    let assignment = body.value;
    let o = state
        .run(auth, move |conn, ctx| {
            service::assign_opportunity(conn, ctx, &id, assignment, if_match.0)
        })
        .await?;
    Ok(respond::record(StatusCode::OK, &o, o.version))
}

/// An opportunity's history
///
/// Every change, newest first: stage changes, closing, reopening, fields with old and new values.
#[utoipa::path(
    tag = "opportunities",
    params(("id" = String, Path, format = Uuid, description = "The opportunity's id."), HistoryParams),
    responses((status = 200, description = "A page of changes.", body = Page<Change>), SubListErrors),
    security(("bearer" = []))
)]
#[get("/opportunities/{id}/history")]
async fn opportunity_history(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
    params: ListParams,
) -> ApiResult<HttpResponse> {
    let id = opportunity_id(&id)?;
    let list = params.parse(&HISTORY_LIST)?;
    let page = state
        .run(auth, move |conn, ctx| {
            service::opportunity_history(conn, ctx, &id, &list)
        })
        .await?;
    Ok(respond::page(&page))
}

/// List the sales stages
///
/// The sales process, in order, with each stage's default probability. Everyone reads it.
#[utoipa::path(
    tag = "opportunities",
    params(SalesStageListParams),
    responses((status = 200, description = "A page of stages.", body = Page<SalesStage>), ListErrors),
    security(("bearer" = []))
)]
#[get("/sales-stages")]
async fn list_sales_stages(
    state: Data<AppState>,
    auth: Auth,
    params: ListParams,
) -> ApiResult<HttpResponse> {
    let list = params.parse(&SALES_STAGE_LIST)?;
    let page = state
        .run(auth, move |conn, ctx| {
            service::list_stages(conn, ctx, &list)
        })
        .await?;
    Ok(respond::page(&page))
}

/// Add a sales stage
#[utoipa::path(
    tag = "opportunities",
    request_body = NewSalesStage,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retried creation return the first response.")),
    responses(
        (status = 201, description = "Created.", body = SalesStage,
         headers(("Location" = String, description = "The stage's URL."), ("ETag" = String, description = "Its version."))),
        CreateErrors
    ),
    security(("bearer" = []))
)]
#[post("/sales-stages")]
async fn create_sales_stage(
    state: Data<AppState>,
    auth: Auth,
    req: HttpRequest,
    key: IdempotencyKey,
    body: ApiJson<NewSalesStage>,
) -> ApiResult<HttpResponse> {
    let new = body.value;
    respond::create(&state, auth, &req, &body.raw, key, move |conn, ctx| {
        service::create_stage(conn, ctx, new)
    })
    .await
}

/// Change a sales stage
///
/// Its label, order, default probability, or `is_active: false` to retire it (opportunities in
/// it keep it). Its `value` never changes.
#[utoipa::path(
    tag = "opportunities",
    request_body = SalesStagePatch,
    params(
        ("id" = String, Path, format = Uuid, description = "The stage's id."),
        ("If-Match" = Option<String>, Header, description = "The ETag the change is based on."),
    ),
    responses(
        (status = 200, description = "The changed stage.", body = SalesStage, headers(("ETag" = String, description = "Its new version."))),
        UpdateErrors
    ),
    security(("bearer" = []))
)]
#[patch("/sales-stages/{id}")]
async fn update_sales_stage(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
    if_match: IfMatch,
    body: ApiJson<SalesStagePatch>,
) -> ApiResult<HttpResponse> {
    let id = SalesStageId::parse(&id).map_err(|_| ApiError::not_found("sales stage not found"))?;
    let patch = body.value;
    let stage = state
        .run(auth, move |conn, ctx| {
            service::update_stage(conn, ctx, &id, patch, if_match.0)
        })
        .await?;
    Ok(respond::record(StatusCode::OK, &stage, stage.version))
}

fn competitor_id(raw: &str) -> ApiResult<CompetitorId> {
    CompetitorId::parse(raw).map_err(|_| ApiError::not_found("competitor not found"))
}

/// List competitors
#[utoipa::path(
    tag = "opportunities",
    params(CompetitorListParams),
    responses((status = 200, description = "A page of competitors.", body = Page<Competitor>), ListErrors),
    security(("bearer" = []))
)]
#[get("/competitors")]
async fn list_competitors(
    state: Data<AppState>,
    auth: Auth,
    params: ListParams,
) -> ApiResult<HttpResponse> {
    let list = params.parse(&COMPETITOR_LIST)?;
    let page = state
        .run(auth, move |conn, ctx| {
            service::list_competitors(conn, ctx, &list)
        })
        .await?;
    Ok(respond::page(&page))
}

/// Record a competitor
#[utoipa::path(
    tag = "opportunities",
    request_body = CompetitorFields,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retried creation return the first response.")),
    responses(
        (status = 201, description = "Created.", body = Competitor,
         headers(("Location" = String, description = "The competitor's URL."), ("ETag" = String, description = "Its version."))),
        CreateErrors
    ),
    security(("bearer" = []))
)]
#[post("/competitors")]
async fn create_competitor(
    state: Data<AppState>,
    auth: Auth,
    req: HttpRequest,
    key: IdempotencyKey,
    body: ApiJson<CompetitorFields>,
) -> ApiResult<HttpResponse> {
    let fields = body.value;
    respond::create(&state, auth, &req, &body.raw, key, move |conn, ctx| {
        service::create_competitor(conn, ctx, fields)
    })
    .await
}

/// Get a competitor
#[utoipa::path(
    tag = "opportunities",
    params(("id" = String, Path, format = Uuid, description = "The competitor's id.")),
    responses((status = 200, description = "The competitor.", body = Competitor, headers(("ETag" = String, description = "Its version."))), ReadErrors),
    security(("bearer" = []))
)]
#[get("/competitors/{id}")]
async fn get_competitor(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
) -> ApiResult<HttpResponse> {
    let id = competitor_id(&id)?;
    let c = state
        .run(auth, move |conn, ctx| {
            service::get_competitor(conn, ctx, &id)
        })
        .await?;
    Ok(respond::record(StatusCode::OK, &c, c.version))
}

/// Change a competitor
#[utoipa::path(
    tag = "opportunities",
    request_body = CompetitorPatch,
    params(
        ("id" = String, Path, format = Uuid, description = "The competitor's id."),
        ("If-Match" = Option<String>, Header, description = "The ETag the change is based on."),
    ),
    responses(
        (status = 200, description = "The changed competitor.", body = Competitor, headers(("ETag" = String, description = "Its new version."))),
        UpdateErrors
    ),
    security(("bearer" = []))
)]
#[patch("/competitors/{id}")]
async fn update_competitor(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
    if_match: IfMatch,
    body: ApiJson<CompetitorPatch>,
) -> ApiResult<HttpResponse> {
    let id = competitor_id(&id)?;
    let patch = body.value;
    let c = state
        .run(auth, move |conn, ctx| {
            service::update_competitor(conn, ctx, &id, patch, if_match.0)
        })
        .await?;
    Ok(respond::record(StatusCode::OK, &c, c.version))
}

/// Delete a competitor
///
/// Deals that met it forget it; refused (409) while a lost opportunity names it as its winner.
#[utoipa::path(
    tag = "opportunities",
    params(
        ("id" = String, Path, format = Uuid, description = "The competitor's id."),
        ("If-Match" = Option<String>, Header, description = "The ETag the deletion is based on."),
    ),
    responses((status = 204, description = "Deleted."), DeleteErrors),
    security(("bearer" = []))
)]
#[delete("/competitors/{id}")]
async fn delete_competitor(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
    if_match: IfMatch,
) -> ApiResult<HttpResponse> {
    let id = competitor_id(&id)?;
    state
        .run(auth, move |conn, ctx| {
            service::delete_competitor(conn, ctx, &id, if_match.0)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Registers the routes.
pub fn configure<C: super::Routes>(cfg: &mut C) {
    cfg.service(list_opportunities)
        .service(create_opportunity)
        .service(get_opportunity)
        .service(update_opportunity)
        .service(delete_opportunity)
        .service(win_opportunity)
        .service(lose_opportunity)
        .service(reopen_opportunity)
        .service(assign_opportunity)
        .service(opportunity_history)
        .service(list_sales_stages)
        .service(create_sales_stage)
        .service(update_sales_stage)
        .service(list_competitors)
        .service(create_competitor)
        .service(get_competitor)
        .service(update_competitor)
        .service(delete_competitor);
}
