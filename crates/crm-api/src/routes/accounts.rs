//! `/api/v1/accounts`: companies, their child accounts, contacts and history.

use actix_web::http::StatusCode;
use actix_web::web::{Data, Path};
use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, put};
use crm_accounts::model::{
    ACCOUNT_LIST, Account, AccountFields, AccountPatch, CONTACT_LIST, Contact,
};
use crm_accounts::service;
use crm_core::changes::{Change, HISTORY_LIST};
use crm_core::id::AccountId;
use crm_core::list::Page;
use crm_core::security::{Action, Assignment, entities};

use crate::docs::{
    CreateErrors, DeleteErrors, ListErrors, ReadErrors, SubListErrors, UpdateErrors,
};
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, Auth, IdempotencyKey, IfMatch, ListParams};
use crate::respond::{self, Created};
use crate::routes::{ContactListParams, HistoryParams};
use crate::state::AppState;

crate::list_params!(AccountListParams, ACCOUNT_LIST);

impl Created for Account {
    fn location(&self) -> String {
        format!("/api/v1/accounts/{}", self.id)
    }
    fn version(&self) -> i64 {
        self.version
    }
}

/// An account id from the path; a malformed one names no account.
fn account_id(raw: &str) -> ApiResult<AccountId> {
    AccountId::parse(raw).map_err(|_| ApiError::not_found("account not found"))
}

/// List accounts
///
/// The accounts the caller may read. Child accounts are found with
/// `parent_account_id=<id>`.
#[utoipa::path(
    tag = "accounts",
    params(AccountListParams),
    responses((status = 200, description = "A page of accounts.", body = Page<Account>), ListErrors),
    security(("bearer" = []))
)]
#[get("/accounts")]
async fn list_accounts(
    state: Data<AppState>,
    auth: Auth,
    params: ListParams,
) -> ApiResult<HttpResponse> {
    let list = params.parse(&ACCOUNT_LIST)?;
    let page = state
        .run(auth, move |conn, ctx| {
            service::list_accounts(conn, ctx, &list)
        })
        .await?;
    Ok(respond::page(&page))
}

/// Create an account
///
/// The account is owned by the caller. Send an `Idempotency-Key` header to make a retry safe.
#[utoipa::path(
    tag = "accounts",
    request_body = AccountFields,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retried creation return the first response.")),
    responses(
        (status = 201, description = "Created.", body = Account,
         headers(("Location" = String, description = "The new account's URL."), ("ETag" = String, description = "Its version."))),
        CreateErrors
    ),
    security(("bearer" = []))
)]
#[post("/accounts")]
async fn create_account(
    state: Data<AppState>,
    auth: Auth,
    req: HttpRequest,
    key: IdempotencyKey,
    body: ApiJson<AccountFields>,
) -> ApiResult<HttpResponse> {
    let fields = body.value;
    respond::create(&state, auth, &req, &body.raw, key, move |conn, ctx| {
        service::create_account(conn, ctx, fields)
    })
    .await
}

/// Get an account
#[utoipa::path(
    tag = "accounts",
    params(("id" = String, Path, format = Uuid, description = "The account's id.")),
    responses(
        (status = 200, description = "The account.", body = Account, headers(
            ("ETag" = String, description = "Its version."),
            ("Allowed-Actions" = String, description = "What the caller may do to it: update, delete, assign, share (comma-separated).")
        )),
        ReadErrors
    ),
    security(("bearer" = []))
)]
#[get("/accounts/{id}")]
async fn get_account(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
) -> ApiResult<HttpResponse> {
    let id = account_id(&id)?;
    let (account, actions) = state
        .run_read(auth, move |conn, ctx| {
            let account = service::get_account(conn, ctx, &id)?;
            let actions = ctx.principal.allowed(
                entities::ACCOUNTS,
                account.owner_id.as_str(),
                account.business_unit_id.as_str(),
                &Action::ON_RECORD,
            );
            Ok((account, actions))
        })
        .await?;
    Ok(respond::with_allowed_actions(
        respond::record(StatusCode::OK, &account, account.version),
        &actions,
    ))
}

/// Change an account
///
/// Changes the fields sent; `null` clears a field. With `If-Match`, a stale version is refused.
#[utoipa::path(
    tag = "accounts",
    request_body = AccountPatch,
    params(
        ("id" = String, Path, format = Uuid, description = "The account's id."),
        ("If-Match" = Option<String>, Header, description = "The ETag the change is based on."),
    ),
    responses(
        (status = 200, description = "The changed account.", body = Account, headers(("ETag" = String, description = "Its new version."))),
        UpdateErrors
    ),
    security(("bearer" = []))
)]
#[patch("/accounts/{id}")]
async fn update_account(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
    if_match: IfMatch,
    body: ApiJson<AccountPatch>,
) -> ApiResult<HttpResponse> {
    let id = account_id(&id)?;
    let patch = body.value;
    let account = state
        .run(auth, move |conn, ctx| {
            service::update_account(conn, ctx, &id, patch, if_match.0)
        })
        .await?;
    Ok(respond::record(StatusCode::OK, &account, account.version))
}

/// Delete an account
///
/// Its child accounts and contacts are kept and detached from it (their `parent_account_id` or
/// `account_id` is cleared, and each change is in their history). Refused (409) while
/// opportunities are for it.
#[utoipa::path(
    tag = "accounts",
    params(
        ("id" = String, Path, format = Uuid, description = "The account's id."),
        ("If-Match" = Option<String>, Header, description = "The ETag the deletion is based on."),
    ),
    responses((status = 204, description = "Deleted."), DeleteErrors),
    security(("bearer" = []))
)]
#[delete("/accounts/{id}")]
async fn delete_account(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
    if_match: IfMatch,
) -> ApiResult<HttpResponse> {
    let id = account_id(&id)?;
    state
        .run(auth, move |conn, ctx| {
            service::delete_account(conn, ctx, &id, if_match.0)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Create or replace an account by external id
///
/// The sync scripts' idempotent write: creates the account with this `external_id` (201) or
/// replaces all its writable fields (200; fields not sent are cleared).
#[utoipa::path(
    tag = "accounts",
    request_body = AccountFields,
    params(
        ("external_id" = String, Path, pattern = r"^[^\x00]+$", description = "The account's id in the external system."),
        ("If-Match" = Option<String>, Header, description = "The ETag the replacement is based on."),
    ),
    responses(
        (status = 200, description = "Replaced.", body = Account, headers(("ETag" = String, description = "Its new version."))),
        (status = 201, description = "Created.", body = Account,
         headers(("Location" = String, description = "The new account's URL."), ("ETag" = String, description = "Its version."))),
        UpdateErrors
    ),
    security(("bearer" = []))
)]
#[put("/accounts/by-external-id/{external_id}")]
async fn put_account_by_external_id(
    state: Data<AppState>,
    auth: Auth,
    external_id: Path<String>,
    if_match: IfMatch,
    body: ApiJson<AccountFields>,
) -> ApiResult<HttpResponse> {
    let external_id = external_id.into_inner();
    let fields = body.value;
    let (account, was_created) = state
        .run(auth, move |conn, ctx| {
            service::put_account_by_external_id(conn, ctx, &external_id, fields, if_match.0)
        })
        .await?;
    Ok(if was_created {
        respond::created(&account.location(), &account, account.version)
    } else {
        respond::record(StatusCode::OK, &account, account.version)
    })
}

/// List an account's contacts
#[utoipa::path(
    tag = "accounts",
    params(("id" = String, Path, format = Uuid, description = "The account's id."), ContactListParams),
    responses((status = 200, description = "A page of the account's contacts.", body = Page<Contact>), SubListErrors),
    security(("bearer" = []))
)]
#[get("/accounts/{id}/contacts")]
async fn list_account_contacts(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
    params: ListParams,
) -> ApiResult<HttpResponse> {
    let id = account_id(&id)?;
    let list = params.parse(&CONTACT_LIST)?;
    let page = state
        .run(auth, move |conn, ctx| {
            service::list_contacts(conn, ctx, &list, Some(&id))
        })
        .await?;
    Ok(respond::page(&page))
}

/// An account's history
///
/// Every change of the account, newest first: fields with old and new values, who, when.
#[utoipa::path(
    tag = "accounts",
    params(("id" = String, Path, format = Uuid, description = "The account's id."), HistoryParams),
    responses((status = 200, description = "A page of changes.", body = Page<Change>), SubListErrors),
    security(("bearer" = []))
)]
#[get("/accounts/{id}/history")]
async fn account_history(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
    params: ListParams,
) -> ApiResult<HttpResponse> {
    let id = account_id(&id)?;
    let list = params.parse(&HISTORY_LIST)?;
    let page = state
        .run(auth, move |conn, ctx| {
            service::account_history(conn, ctx, &id, &list)
        })
        .await?;
    Ok(respond::page(&page))
}

/// Assign an account
///
/// Gives the account to another owner (an active user or a team); it moves to the owner's
/// business unit. Needs the assign privilege reaching the account. Recorded in its history.
#[utoipa::path(
    tag = "accounts",
    request_body = Assignment,
    params(
        ("id" = String, Path, format = Uuid, description = "The account's id."),
        ("If-Match" = Option<String>, Header, description = "The ETag the assignment is based on."),
    ),
    responses(
        (status = 200, description = "The account with its new owner.", body = Account, headers(("ETag" = String, description = "Its new version."))),
        UpdateErrors
    ),
    security(("bearer" = []))
)]
#[post("/accounts/{id}/assign")]
async fn assign_account(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
    if_match: IfMatch,
    body: ApiJson<Assignment>,
) -> ApiResult<HttpResponse> {
    let id = account_id(&id)?;
    let assignment = body.value;
    let account = state
        .run(auth, move |conn, ctx| {
            service::assign_account(conn, ctx, &id, assignment, if_match.0)
        })
        .await?;
    Ok(respond::record(StatusCode::OK, &account, account.version))
}

/// Registers the routes (the order matters: `by-external-id` before `{id}`).
pub fn configure<C: super::Routes>(cfg: &mut C) {
    cfg.service(list_accounts)
        .service(create_account)
        .service(put_account_by_external_id)
        .service(get_account)
        .service(update_account)
        .service(delete_account)
        .service(assign_account)
        .service(list_account_contacts)
        .service(account_history);
}
