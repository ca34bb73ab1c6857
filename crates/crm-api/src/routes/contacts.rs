//! `/api/v1/contacts`: people, usually at an account, with their consent flags and history.

use actix_web::http::StatusCode;
use actix_web::web::{Data, Path};
use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, put};
use crm_accounts::model::{CONTACT_LIST, Contact, ContactFields, ContactPatch};
use crm_accounts::service;
use crm_core::changes::{Change, HISTORY_LIST};
use crm_core::id::ContactId;
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

impl Created for Contact {
    fn location(&self) -> String {
        format!("/api/v1/contacts/{}", self.id)
    }
    fn version(&self) -> i64 {
        self.version
    }
}

/// A contact id from the path; a malformed one names no contact.
fn contact_id(raw: &str) -> ApiResult<ContactId> {
    ContactId::parse(raw).map_err(|_| ApiError::not_found("contact not found"))
}

/// List contacts
///
/// The contacts the caller may read.
#[utoipa::path(
    tag = "contacts",
    params(ContactListParams),
    responses((status = 200, description = "A page of contacts.", body = Page<Contact>), ListErrors),
    security(("bearer" = []))
)]
#[get("/contacts")]
async fn list_contacts(
    state: Data<AppState>,
    auth: Auth,
    params: ListParams,
) -> ApiResult<HttpResponse> {
    let list = params.parse(&CONTACT_LIST)?;
    let page = state
        .run(auth, move |conn, ctx| {
            service::list_contacts(conn, ctx, &list, None)
        })
        .await?;
    Ok(respond::page(&page))
}

/// Create a contact
///
/// The contact is owned by the caller. Send an `Idempotency-Key` header to make a retry safe.
#[utoipa::path(
    tag = "contacts",
    request_body = ContactFields,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retried creation return the first response.")),
    responses(
        (status = 201, description = "Created.", body = Contact,
         headers(("Location" = String, description = "The new contact's URL."), ("ETag" = String, description = "Its version."))),
        CreateErrors
    ),
    security(("bearer" = []))
)]
#[post("/contacts")]
async fn create_contact(
    state: Data<AppState>,
    auth: Auth,
    req: HttpRequest,
    key: IdempotencyKey,
    body: ApiJson<ContactFields>,
) -> ApiResult<HttpResponse> {
    let fields = body.value;
    respond::create(&state, auth, &req, &body.raw, key, move |conn, ctx| {
        service::create_contact(conn, ctx, fields)
    })
    .await
}

/// Get a contact
#[utoipa::path(
    tag = "contacts",
    params(("id" = String, Path, format = Uuid, description = "The contact's id.")),
    responses(
        (status = 200, description = "The contact.", body = Contact, headers(
            ("ETag" = String, description = "Its version."),
            ("Allowed-Actions" = String, description = "What the caller may do to it: update, delete, assign, share (comma-separated).")
        )),
        ReadErrors
    ),
    security(("bearer" = []))
)]
#[get("/contacts/{id}")]
async fn get_contact(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
) -> ApiResult<HttpResponse> {
    let id = contact_id(&id)?;
    let (contact, actions) = state
        .run_read(auth, move |conn, ctx| {
            let contact = service::get_contact(conn, ctx, &id)?;
            let actions = ctx.principal.allowed(
                entities::CONTACTS,
                contact.owner_id.as_str(),
                contact.business_unit_id.as_str(),
                &Action::ON_RECORD,
            );
            Ok((contact, actions))
        })
        .await?;
    Ok(respond::with_allowed_actions(
        respond::record(StatusCode::OK, &contact, contact.version),
        &actions,
    ))
}

/// Change a contact
///
/// Changes the fields sent; `null` clears a field. With `If-Match`, a stale version is refused.
#[utoipa::path(
    tag = "contacts",
    request_body = ContactPatch,
    params(
        ("id" = String, Path, format = Uuid, description = "The contact's id."),
        ("If-Match" = Option<String>, Header, description = "The ETag the change is based on."),
    ),
    responses(
        (status = 200, description = "The changed contact.", body = Contact, headers(("ETag" = String, description = "Its new version."))),
        UpdateErrors
    ),
    security(("bearer" = []))
)]
#[patch("/contacts/{id}")]
async fn update_contact(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
    if_match: IfMatch,
    body: ApiJson<ContactPatch>,
) -> ApiResult<HttpResponse> {
    let id = contact_id(&id)?;
    let patch = body.value;
    let contact = state
        .run(auth, move |conn, ctx| {
            service::update_contact(conn, ctx, &id, patch, if_match.0)
        })
        .await?;
    Ok(respond::record(StatusCode::OK, &contact, contact.version))
}

/// Delete a contact
///
/// Accounts that had the contact as primary contact are kept, without one. Refused (409) while
/// opportunities are for the contact or list them as a key person.
#[utoipa::path(
    tag = "contacts",
    params(
        ("id" = String, Path, format = Uuid, description = "The contact's id."),
        ("If-Match" = Option<String>, Header, description = "The ETag the deletion is based on."),
    ),
    responses((status = 204, description = "Deleted."), DeleteErrors),
    security(("bearer" = []))
)]
#[delete("/contacts/{id}")]
async fn delete_contact(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
    if_match: IfMatch,
) -> ApiResult<HttpResponse> {
    let id = contact_id(&id)?;
    state
        .run(auth, move |conn, ctx| {
            service::delete_contact(conn, ctx, &id, if_match.0)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Create or replace a contact by external id
///
/// Creates the contact with this `external_id` (201) or replaces all its writable fields (200;
/// fields not sent are cleared).
#[utoipa::path(
    tag = "contacts",
    request_body = ContactFields,
    params(
        ("external_id" = String, Path, pattern = r"^[^\x00]+$", description = "The contact's id in the external system."),
        ("If-Match" = Option<String>, Header, description = "The ETag the replacement is based on."),
    ),
    responses(
        (status = 200, description = "Replaced.", body = Contact, headers(("ETag" = String, description = "Its new version."))),
        (status = 201, description = "Created.", body = Contact,
         headers(("Location" = String, description = "The new contact's URL."), ("ETag" = String, description = "Its version."))),
        UpdateErrors
    ),
    security(("bearer" = []))
)]
#[put("/contacts/by-external-id/{external_id}")]
async fn put_contact_by_external_id(
    state: Data<AppState>,
    auth: Auth,
    external_id: Path<String>,
    if_match: IfMatch,
    body: ApiJson<ContactFields>,
) -> ApiResult<HttpResponse> {
    let external_id = external_id.into_inner();
    let fields = body.value;
    let (contact, was_created) = state
        .run(auth, move |conn, ctx| {
            service::put_contact_by_external_id(conn, ctx, &external_id, fields, if_match.0)
        })
        .await?;
    Ok(if was_created {
        respond::created(&contact.location(), &contact, contact.version)
    } else {
        respond::record(StatusCode::OK, &contact, contact.version)
    })
}

/// A contact's history
///
/// Every change of the contact, newest first: fields with old and new values, who, when.
#[utoipa::path(
    tag = "contacts",
    params(("id" = String, Path, format = Uuid, description = "The contact's id."), HistoryParams),
    responses((status = 200, description = "A page of changes.", body = Page<Change>), SubListErrors),
    security(("bearer" = []))
)]
#[get("/contacts/{id}/history")]
async fn contact_history(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
    params: ListParams,
) -> ApiResult<HttpResponse> {
    let id = contact_id(&id)?;
    let list = params.parse(&HISTORY_LIST)?;
    let page = state
        .run(auth, move |conn, ctx| {
            service::contact_history(conn, ctx, &id, &list)
        })
        .await?;
    Ok(respond::page(&page))
}

/// Assign a contact
///
/// Gives the contact to another owner (an active user or a team); it moves to the owner's
/// business unit. Needs the assign privilege reaching the contact. Recorded in its history.
#[utoipa::path(
    tag = "contacts",
    request_body = Assignment,
    params(
        ("id" = String, Path, format = Uuid, description = "The contact's id."),
        ("If-Match" = Option<String>, Header, description = "The ETag the assignment is based on."),
    ),
    responses(
        (status = 200, description = "The contact with its new owner.", body = Contact, headers(("ETag" = String, description = "Its new version."))),
        UpdateErrors
    ),
    security(("bearer" = []))
)]
#[post("/contacts/{id}/assign")]
async fn assign_contact(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
    if_match: IfMatch,
    body: ApiJson<Assignment>,
) -> ApiResult<HttpResponse> {
    let id = contact_id(&id)?;
    let assignment = body.value;
    let contact = state
        .run(auth, move |conn, ctx| {
            service::assign_contact(conn, ctx, &id, assignment, if_match.0)
        })
        .await?;
    Ok(respond::record(StatusCode::OK, &contact, contact.version))
}

/// Registers the routes (the order matters: `by-external-id` before `{id}`).
pub fn configure<C: super::Routes>(cfg: &mut C) {
    cfg.service(list_contacts)
        .service(create_contact)
        .service(put_contact_by_external_id)
        .service(get_contact)
        .service(update_contact)
        .service(delete_contact)
        .service(assign_contact)
        .service(contact_history);
}
