//! `/api/v1/contracts`: customers' service contracts, their allotment and life cycle.

use actix_web::http::StatusCode;
use actix_web::web::{Data, Path};
use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post};
use crm_cases::contracts;
use crm_cases::model::{CONTRACT_LIST, Contract, ContractFields, ContractPatch};
use crm_core::changes::{Change, HISTORY_LIST};
use crm_core::id::ContractId;
use crm_core::list::Page;
use crm_core::security::{Action, Assignment, entities};

use crate::docs::{
    CreateErrors, DeleteErrors, ListErrors, ReadErrors, SubListErrors, UpdateErrors,
};
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, Auth, IdempotencyKey, IfMatch, ListParams};
use crate::respond::{self, Created};
use crate::routes::HistoryParams;
use crate::state::AppState;

crate::list_params!(ContractListParams, CONTRACT_LIST);

impl Created for Contract {
    fn location(&self) -> String {
        format!("/api/v1/contracts/{}", self.id)
    }
    fn version(&self) -> i64 {
        self.version
    }
}

fn contract_id(raw: &str) -> ApiResult<ContractId> {
    ContractId::parse(raw).map_err(|_| ApiError::not_found("contract not found"))
}

/// List contracts
///
/// The contracts the caller may read. `status=active` finds those in force today; an active
/// contract whose last day has passed is `expired`. A customer's: `account_id=<id>`.
#[utoipa::path(
    tag = "contracts",
    params(ContractListParams),
    responses((status = 200, description = "A page of contracts.", body = Page<Contract>), ListErrors),
    security(("bearer" = []))
)]
#[get("/contracts")]
async fn list_contracts(
    state: Data<AppState>,
    auth: Auth,
    params: ListParams,
) -> ApiResult<HttpResponse> {
    let list = params.parse(&CONTRACT_LIST)?;
    let page = state
        .run(auth, move |conn, ctx| {
            contracts::list_contracts(conn, ctx, &list)
        })
        .await?;
    Ok(respond::page(&page))
}

/// Create a contract
///
/// A draft, numbered `CNT-000045`, owned by the caller. A `template_id` gives the allotment, the
/// length and the service levels; the body may set them itself.
#[utoipa::path(
    tag = "contracts",
    request_body = ContractFields,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retried creation return the first response.")),
    responses(
        (status = 201, description = "Created.", body = Contract,
         headers(("Location" = String, description = "The new record's URL."), ("ETag" = String, description = "Its version."))),
        CreateErrors
    ),
    security(("bearer" = []))
)]
#[post("/contracts")]
async fn create_contract(
    state: Data<AppState>,
    auth: Auth,
    req: HttpRequest,
    key: IdempotencyKey,
    body: ApiJson<ContractFields>,
) -> ApiResult<HttpResponse> {
    let fields = body.value;
    respond::create(&state, auth, &req, &body.raw, key, move |conn, ctx| {
        contracts::create_contract(conn, ctx, fields)
    })
    .await
}

/// Get a contract
#[utoipa::path(
    tag = "contracts",
    params(("id" = String, Path, format = Uuid, description = "The contract's id.")),
    responses(
        (status = 200, description = "The contract.", body = Contract, headers(
            ("ETag" = String, description = "Its version."),
            ("Allowed-Actions" = String, description = "What the caller may do to it: update, delete, assign, share (comma-separated).")
        )),
        ReadErrors
    ),
    security(("bearer" = []))
)]
#[get("/contracts/{id}")]
async fn get_contract(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
) -> ApiResult<HttpResponse> {
    let id = contract_id(&id)?;
    let (record, actions) = state
        .run_read(auth, move |conn, ctx| {
            let record = contracts::get_contract(conn, ctx, &id)?;
            let actions = ctx.principal.allowed(
                entities::CONTRACTS,
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

/// Change a contract
///
/// Its name and description always; its terms (customer, dates, allotment, policy) while it is a
/// draft (409 after).
#[utoipa::path(
    tag = "contracts",
    request_body = ContractPatch,
    params(("id" = String, Path, format = Uuid, description = "The contract's id."), ("If-Match" = Option<String>, Header, description = "The ETag the change is based on.")),
    responses(
        (status = 200, description = "The changed contract.", body = Contract, headers(("ETag" = String, description = "Its new version."))),
        UpdateErrors
    ),
    security(("bearer" = []))
)]
#[patch("/contracts/{id}")]
async fn update_contract(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
    if_match: IfMatch,
    body: ApiJson<ContractPatch>,
) -> ApiResult<HttpResponse> {
    let id = contract_id(&id)?;
    let body = body.value;
    let record = state
        .run(auth, move |conn, ctx| {
            contracts::update_contract(conn, ctx, &id, body, if_match.0)
        })
        .await?;
    Ok(respond::record(StatusCode::OK, &record, record.version))
}

/// Delete a contract
///
/// Refused (409) while cases are served under it.
#[utoipa::path(
    tag = "contracts",
    params(("id" = String, Path, format = Uuid, description = "The contract's id."), ("If-Match" = Option<String>, Header, description = "The ETag the change is based on.")),
    responses((status = 204, description = "Deleted."), DeleteErrors),
    security(("bearer" = []))
)]
#[delete("/contracts/{id}")]
async fn delete_contract(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
    if_match: IfMatch,
) -> ApiResult<HttpResponse> {
    let id = contract_id(&id)?;
    state
        .run(auth, move |conn, ctx| {
            contracts::delete_contract(conn, ctx, &id, if_match.0)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Activate a contract
///
/// A draft comes into force; it covers the customer's cases from `starts_on` to `ends_on`. 409
/// unless it is a draft, or when its coverage has ended.
#[utoipa::path(
    tag = "contracts",
    params(("id" = String, Path, format = Uuid, description = "The contract's id."), ("If-Match" = Option<String>, Header, description = "The ETag the change is based on.")),
    responses(
        (status = 200, description = "The active contract.", body = Contract, headers(("ETag" = String, description = "Its new version."))),
        UpdateErrors
    ),
    security(("bearer" = []))
)]
#[post("/contracts/{id}/activate")]
async fn activate_contract(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
    if_match: IfMatch,
) -> ApiResult<HttpResponse> {
    let id = contract_id(&id)?;
    let record = state
        .run(auth, move |conn, ctx| {
            contracts::activate_contract(conn, ctx, &id, if_match.0)
        })
        .await?;
    Ok(respond::record(StatusCode::OK, &record, record.version))
}

/// Cancel a contract
///
/// A draft or active contract ends: it covers no new case. 409 for an expired or cancelled one.
#[utoipa::path(
    tag = "contracts",
    params(("id" = String, Path, format = Uuid, description = "The contract's id."), ("If-Match" = Option<String>, Header, description = "The ETag the change is based on.")),
    responses(
        (status = 200, description = "The cancelled contract.", body = Contract, headers(("ETag" = String, description = "Its new version."))),
        UpdateErrors
    ),
    security(("bearer" = []))
)]
#[post("/contracts/{id}/cancel")]
async fn cancel_contract(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
    if_match: IfMatch,
) -> ApiResult<HttpResponse> {
    let id = contract_id(&id)?;
    let record = state
        .run(auth, move |conn, ctx| {
            contracts::cancel_contract(conn, ctx, &id, if_match.0)
        })
        .await?;
    Ok(respond::record(StatusCode::OK, &record, record.version))
}

/// Assign a contract
///
/// Gives it to another owner (an active user or a team); it moves to the owner's business unit.
#[utoipa::path(
    tag = "contracts",
    request_body = Assignment,
    params(("id" = String, Path, format = Uuid, description = "The contract's id."), ("If-Match" = Option<String>, Header, description = "The ETag the change is based on.")),
    responses(
        (status = 200, description = "The contract with its new owner.", body = Contract, headers(("ETag" = String, description = "Its new version."))),
        UpdateErrors
    ),
    security(("bearer" = []))
)]
#[post("/contracts/{id}/assign")]
async fn assign_contract(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
    if_match: IfMatch,
    body: ApiJson<Assignment>,
) -> ApiResult<HttpResponse> {
    let id = contract_id(&id)?;
    let body = body.value;
    let record = state
        .run(auth, move |conn, ctx| {
            contracts::assign_contract(conn, ctx, &id, body, if_match.0)
        })
        .await?;
    Ok(respond::record(StatusCode::OK, &record, record.version))
}

/// A contract's history
#[utoipa::path(
    tag = "contracts",
    params(("id" = String, Path, format = Uuid, description = "The contract's id."), HistoryParams),
    responses((status = 200, description = "A page of changes.", body = Page<Change>), SubListErrors),
    security(("bearer" = []))
)]
#[get("/contracts/{id}/history")]
async fn contract_history(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
    params: ListParams,
) -> ApiResult<HttpResponse> {
    let id = contract_id(&id)?;
    let list = params.parse(&HISTORY_LIST)?;
    let page = state
        .run(auth, move |conn, ctx| {
            contracts::contract_history(conn, ctx, &id, &list)
        })
        .await?;
    Ok(respond::page(&page))
}

/// Registers the routes.
pub fn configure<C: super::Routes>(cfg: &mut C) {
    cfg.service(list_contracts)
        .service(create_contract)
        .service(get_contract)
        .service(update_contract)
        .service(delete_contract)
        .service(activate_contract)
        .service(cancel_contract)
        .service(assign_contract)
        .service(contract_history);
}
