//! `/api/v1/cases`: customers' requests for service, their life cycle and actions.

use actix_web::http::StatusCode;
use actix_web::web::{Data, Path};
use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post};
use crm_cases::model::{
    CASE_LIST, Cancellation, Case, CaseAssignment, CaseFields, CasePatch, Escalation, Resolution,
};
use crm_cases::service;
use crm_core::changes::{Change, HISTORY_LIST};
use crm_core::id::CaseId;
use crm_core::list::Page;
use crm_core::security::{Action, entities};

use crate::docs::{
    CreateErrors, DeleteErrors, ListErrors, ReadErrors, SubListErrors, UpdateErrors,
};
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, Auth, IdempotencyKey, IfMatch, ListParams};
use crate::respond::{self, Created};
use crate::routes::HistoryParams;
use crate::state::AppState;

crate::list_params!(CaseListParams, CASE_LIST);

impl Created for Case {
    fn location(&self) -> String {
        format!("/api/v1/cases/{}", self.id)
    }
    fn version(&self) -> i64 {
        self.version
    }
}

fn case_id(raw: &str) -> ApiResult<CaseId> {
    CaseId::parse(raw).map_err(|_| ApiError::not_found("case not found"))
}

/// List cases
///
/// The cases the caller may read. My cases:
/// `owner_id=<me>&status[in]=new,in_progress,on_hold,waiting_for_customer`; my queues:
/// `queue_id[in]=...`; breaching soon: `resolve_by_at[lte]=<in an
/// hour>&status[in]=new,in_progress`; flagged for a decision: `entitlement=exhausted`.
#[utoipa::path(
    tag = "cases",
    params(CaseListParams),
    responses((status = 200, description = "A page of cases.", body = Page<Case>), ListErrors),
    security(("bearer" = []))
)]
#[get("/cases")]
async fn list_cases(
    state: Data<AppState>,
    auth: Auth,
    params: ListParams,
) -> ApiResult<HttpResponse> {
    let list = params.parse(&CASE_LIST)?;
    let page = state
        .run(auth, move |conn, ctx| service::list_cases(conn, ctx, &list))
        .await?;
    Ok(respond::page(&page))
}

/// Create a case
///
/// Opens a case owned by the caller, numbered `CAS-000123`. Without `queue_id` the routing rules
/// choose its queue; without `contract_id` the customer's contract in force is found, and a
/// customer whose allotment is used up gets `entitlement: exhausted` (flagged, not refused). Its
/// deadlines come from the contract's service-level policy, else the default one. Send an
/// `Idempotency-Key` header to make a retry safe.
#[utoipa::path(
    tag = "cases",
    request_body = CaseFields,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retried creation return the first response.")),
    responses(
        (status = 201, description = "Created.", body = Case,
         headers(("Location" = String, description = "The new record's URL."), ("ETag" = String, description = "Its version."))),
        CreateErrors
    ),
    security(("bearer" = []))
)]
#[post("/cases")]
async fn create_case(
    state: Data<AppState>,
    auth: Auth,
    req: HttpRequest,
    key: IdempotencyKey,
    body: ApiJson<CaseFields>,
) -> ApiResult<HttpResponse> {
    let fields = body.value;
    respond::create(&state, auth, &req, &body.raw, key, move |conn, ctx| {
        service::create_case(conn, ctx, fields)
    })
    .await
}

/// Get a case
///
/// With its deadlines, whether they are breached as of now, and the time spent on it (its
/// completed activities' durations).
#[utoipa::path(
    tag = "cases",
    params(("id" = String, Path, format = Uuid, description = "The case's id.")),
    responses(
        (status = 200, description = "The case.", body = Case, headers(
            ("ETag" = String, description = "Its version."),
            ("Allowed-Actions" = String, description = "What the caller may do to it: update, delete, assign, share (comma-separated).")
        )),
        ReadErrors
    ),
    security(("bearer" = []))
)]
#[get("/cases/{id}")]
async fn get_case(state: Data<AppState>, auth: Auth, id: Path<String>) -> ApiResult<HttpResponse> {
    let id = case_id(&id)?;
    let (record, actions) = state
        .run_read(auth, move |conn, ctx| {
            let record = service::get_case(conn, ctx, &id)?;
            let actions = ctx.principal.allowed(
                entities::CASES,
                record.owner_id.as_str(),
                record.business_unit_id.as_str(),
                &Action::ON_RECORD,
            );
            Ok((record, actions))
        })
        .await?;
    Ok(respond::with_allowed_actions(
        respond::record(StatusCode::OK, &record, record.version),
        &actions,
    ))
}

/// Change a case
///
/// Changes the fields sent of an open case; `null` clears a field. `status` moves among
/// `in_progress`, `on_hold` and `waiting_for_customer` (the service-level clock stops on hold and
/// while waiting for the customer; starting work on a case waiting in a queue takes it); resolving,
/// cancelling, reactivating and queueing are actions.
/// A new priority or contract gives new deadlines. A closed case is refused (409) until
/// reactivated.
#[utoipa::path(
    tag = "cases",
    request_body = CasePatch,
    params(("id" = String, Path, format = Uuid, description = "The case's id."), ("If-Match" = Option<String>, Header, description = "The ETag the change is based on.")),
    responses(
        (status = 200, description = "The changed case.", body = Case, headers(("ETag" = String, description = "Its new version."))),
        UpdateErrors
    ),
    security(("bearer" = []))
)]
#[patch("/cases/{id}")]
async fn update_case(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
    if_match: IfMatch,
    body: ApiJson<CasePatch>,
) -> ApiResult<HttpResponse> {
    let id = case_id(&id)?;
    let body = body.value;
    let record = state
        .run(auth, move |conn, ctx| {
            service::update_case(conn, ctx, &id, body, if_match.0)
        })
        .await?;
    Ok(respond::record(StatusCode::OK, &record, record.version))
}

/// Delete a case
///
/// Refused (409) while activities or notes regard it: they are its history.
#[utoipa::path(
    tag = "cases",
    params(("id" = String, Path, format = Uuid, description = "The case's id."), ("If-Match" = Option<String>, Header, description = "The ETag the change is based on.")),
    responses((status = 204, description = "Deleted."), DeleteErrors),
    security(("bearer" = []))
)]
#[delete("/cases/{id}")]
async fn delete_case(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
    if_match: IfMatch,
) -> ApiResult<HttpResponse> {
    let id = case_id(&id)?;
    state
        .run(auth, move |conn, ctx| {
            service::delete_case(conn, ctx, &id, if_match.0)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Assign a case
///
/// To a user (`user_id`, or `owner_id` for a user or team), who then works it from its queue if it
/// is in one; or to a queue (`queue_id`), where it waits until someone takes it. Assigning needs
/// the `assign` privilege, except for a queue's member taking one of its cases for themself, which
/// needs `update`. 409 for a closed case.
#[utoipa::path(
    tag = "cases",
    request_body = CaseAssignment,
    params(("id" = String, Path, format = Uuid, description = "The case's id."), ("If-Match" = Option<String>, Header, description = "The ETag the change is based on.")),
    responses(
        (status = 200, description = "The case with its new owner or queue.", body = Case, headers(("ETag" = String, description = "Its new version."))),
        UpdateErrors
    ),
    security(("bearer" = []))
)]
#[post("/cases/{id}/assign")]
async fn assign_case(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
    if_match: IfMatch,
    body: ApiJson<CaseAssignment>,
) -> ApiResult<HttpResponse> {
    let id = case_id(&id)?;
    let body = body.value;
    let record = state
        .run(auth, move |conn, ctx| {
            service::assign_case(conn, ctx, &id, body, if_match.0)
        })
        .await?;
    Ok(respond::record(StatusCode::OK, &record, record.version))
}

/// Escalate a case
///
/// With the reason (required): to the queue named, else to the owner's manager, else to the
/// escalation queue; 409 when there is none of them, or for a closed case.
#[utoipa::path(
    tag = "cases",
    request_body = Escalation,
    params(("id" = String, Path, format = Uuid, description = "The case's id."), ("If-Match" = Option<String>, Header, description = "The ETag the change is based on.")),
    responses(
        (status = 200, description = "The escalated case.", body = Case, headers(("ETag" = String, description = "Its new version."))),
        UpdateErrors
    ),
    security(("bearer" = []))
)]
#[post("/cases/{id}/escalate")]
async fn escalate_case(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
    if_match: IfMatch,
    body: ApiJson<Escalation>,
) -> ApiResult<HttpResponse> {
    let id = case_id(&id)?;
    let body = body.value;
    let record = state
        .run(auth, move |conn, ctx| {
            service::escalate_case(conn, ctx, &id, body, if_match.0)
        })
        .await?;
    Ok(respond::record(StatusCode::OK, &record, record.version))
}

/// Resolve a case
///
/// With its resolution (required). The resolution time and any breach are recorded, and the
/// contract is drawn down: one case, or the minutes spent. 409 unless the case is open.
#[utoipa::path(
    tag = "cases",
    request_body = Resolution,
    params(("id" = String, Path, format = Uuid, description = "The case's id."), ("If-Match" = Option<String>, Header, description = "The ETag the change is based on.")),
    responses(
        (status = 200, description = "The resolved case.", body = Case, headers(("ETag" = String, description = "Its new version."))),
        UpdateErrors
    ),
    security(("bearer" = []))
)]
#[post("/cases/{id}/resolve")]
async fn resolve_case(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
    if_match: IfMatch,
    body: ApiJson<Resolution>,
) -> ApiResult<HttpResponse> {
    let id = case_id(&id)?;
    let body = body.value;
    let record = state
        .run(auth, move |conn, ctx| {
            service::resolve_case(conn, ctx, &id, body, if_match.0)
        })
        .await?;
    Ok(respond::record(StatusCode::OK, &record, record.version))
}

/// Cancel a case
///
/// Closes an open case without a resolution; the reason, if given, is kept as its resolution. 409
/// unless the case is open.
#[utoipa::path(
    tag = "cases",
    request_body = Cancellation,
    params(("id" = String, Path, format = Uuid, description = "The case's id."), ("If-Match" = Option<String>, Header, description = "The ETag the change is based on.")),
    responses(
        (status = 200, description = "The cancelled case.", body = Case, headers(("ETag" = String, description = "Its new version."))),
        UpdateErrors
    ),
    security(("bearer" = []))
)]
#[post("/cases/{id}/cancel")]
async fn cancel_case(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
    if_match: IfMatch,
    body: ApiJson<Cancellation>,
) -> ApiResult<HttpResponse> {
    let id = case_id(&id)?;
    let body = body.value;
    let record = state
        .run(auth, move |conn, ctx| {
            service::cancel_case(conn, ctx, &id, body, if_match.0)
        })
        .await?;
    Ok(respond::record(StatusCode::OK, &record, record.version))
}

/// Reactivate a case
///
/// A resolved or cancelled case goes back to `in_progress`; what it drew from its contract is
/// given back, and `reactivation_count` grows. 409 for an open case.
#[utoipa::path(
    tag = "cases",
    params(("id" = String, Path, format = Uuid, description = "The case's id."), ("If-Match" = Option<String>, Header, description = "The ETag the change is based on.")),
    responses(
        (status = 200, description = "The reactivated case.", body = Case, headers(("ETag" = String, description = "Its new version."))),
        UpdateErrors
    ),
    security(("bearer" = []))
)]
#[post("/cases/{id}/reactivate")]
async fn reactivate_case(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
    if_match: IfMatch,
) -> ApiResult<HttpResponse> {
    let id = case_id(&id)?;
    let record = state
        .run(auth, move |conn, ctx| {
            service::reactivate_case(conn, ctx, &id, if_match.0)
        })
        .await?;
    Ok(respond::record(StatusCode::OK, &record, record.version))
}

/// Route a case
///
/// Applies the routing rules now: the first active rule the case meets sends it to its queue. 409
/// when no rule matches, or for a closed case.
#[utoipa::path(
    tag = "cases",
    params(("id" = String, Path, format = Uuid, description = "The case's id."), ("If-Match" = Option<String>, Header, description = "The ETag the change is based on.")),
    responses(
        (status = 200, description = "The case in the queue the first matching rule names.", body = Case, headers(("ETag" = String, description = "Its new version."))),
        UpdateErrors
    ),
    security(("bearer" = []))
)]
#[post("/cases/{id}/route")]
async fn route_case(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
    if_match: IfMatch,
) -> ApiResult<HttpResponse> {
    let id = case_id(&id)?;
    let record = state
        .run(auth, move |conn, ctx| {
            service::route_case(conn, ctx, &id, if_match.0)
        })
        .await?;
    Ok(respond::record(StatusCode::OK, &record, record.version))
}

/// A case's history
#[utoipa::path(
    tag = "cases",
    params(("id" = String, Path, format = Uuid, description = "The case's id."), HistoryParams),
    responses((status = 200, description = "A page of changes.", body = Page<Change>), SubListErrors),
    security(("bearer" = []))
)]
#[get("/cases/{id}/history")]
async fn case_history(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
    params: ListParams,
) -> ApiResult<HttpResponse> {
    let id = case_id(&id)?;
    let list = params.parse(&HISTORY_LIST)?;
    let page = state
        .run(auth, move |conn, ctx| {
            service::case_history(conn, ctx, &id, &list)
        })
        .await?;
    Ok(respond::page(&page))
}

/// Registers the routes.
pub fn configure<C: super::Routes>(cfg: &mut C) {
    cfg.service(list_cases)
        .service(create_case)
        .service(get_case)
        .service(update_case)
        .service(delete_case)
        .service(assign_case)
        .service(escalate_case)
        .service(resolve_case)
        .service(cancel_case)
        .service(reactivate_case)
        .service(route_case)
        .service(case_history);
}
