//! `/api/v1/leads`: people and companies who showed interest, worked until qualified or
//! disqualified.

use actix_web::http::StatusCode;
use actix_web::web::{Data, Path};
use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post};
use crm_core::changes::{Change, HISTORY_LIST};
use crm_core::id::LeadId;
use crm_core::list::Page;
use crm_core::security::{Action, Assignment, entities};
use crm_leads::model::{Disqualification, LEAD_LIST, Lead, LeadFields, LeadPatch};
use crm_leads::service;

use crate::docs::{
    CreateErrors, DeleteErrors, ListErrors, ReadErrors, SubListErrors, UpdateErrors,
};
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, Auth, IdempotencyKey, IfMatch, ListParams};
use crate::respond::{self, Created};
use crate::routes::HistoryParams;
use crate::state::AppState;

crate::list_params!(LeadListParams, LEAD_LIST);

impl Created for Lead {
    fn location(&self) -> String {
        format!("/api/v1/leads/{}", self.id)
    }
    fn version(&self) -> i64 {
        self.version
    }
}

/// A lead id from the path; a malformed one names no lead.
fn lead_id(raw: &str) -> ApiResult<LeadId> {
    LeadId::parse(raw).map_err(|_| ApiError::not_found("lead not found"))
}

/// List leads
///
/// The leads the caller may read. The work lists: `status[in]=new,contacted`, `rating=hot`,
/// untouched ones with `last_touched_at[null]=true` or `last_touched_at[lt]=<a day ago>`.
#[utoipa::path(
    tag = "leads",
    params(LeadListParams),
    responses((status = 200, description = "A page of leads.", body = Page<Lead>), ListErrors),
    security(("bearer" = []))
)]
#[get("/leads")]
async fn list_leads(
    state: Data<AppState>,
    auth: Auth,
    params: ListParams,
) -> ApiResult<HttpResponse> {
    let list = params.parse(&LEAD_LIST)?;
    let page = state
        .run(auth, move |conn, ctx| service::list_leads(conn, ctx, &list))
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// Create a lead
///
/// The lead is owned by the caller and is `new` (or `contacted` when sent so). Choice fields
/// take values of their picklists (`GET /api/v1/picklists?entity=leads`). Send an
/// `Idempotency-Key` header to make a retry safe.
#[utoipa::path(
    tag = "leads",
    request_body = LeadFields,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retried creation return the first response.")),
    responses(
        (status = 201, description = "Created.", body = Lead,
         headers(("Location" = String, description = "The new lead's URL."), ("ETag" = String, description = "Its version."))),
        CreateErrors
    ),
    security(("bearer" = []))
)]
#[post("/leads")]
async fn create_lead(
    state: Data<AppState>,
    auth: Auth,
    req: HttpRequest,
    key: IdempotencyKey,
    body: ApiJson<LeadFields>,
) -> ApiResult<HttpResponse> {
    let fields = body.value;
    respond::create(&state, auth, &req, &body.raw, key, move |conn, ctx| {
        service::create_lead(conn, ctx, fields)
    })
    .await
}

/// Get a lead
#[utoipa::path(
    tag = "leads",
    params(("id" = String, Path, format = Uuid, description = "The lead's id.")),
    responses(
        (status = 200, description = "The lead.", body = Lead, headers(
            ("ETag" = String, description = "Its version."),
            ("Allowed-Actions" = String, description = "What the caller may do to it: update, delete, assign, share (comma-separated).")
        )),
        ReadErrors
    ),
    security(("bearer" = []))
)]
#[get("/leads/{id}")]
async fn get_lead(state: Data<AppState>, auth: Auth, id: Path<String>) -> ApiResult<HttpResponse> {
    let id = lead_id(&id)?;
    let (lead, actions) = state
        .run(auth, move |conn, ctx| {
            let lead = service::get_lead(conn, ctx, &id)?;
            let actions = ctx.principal.allowed(
                entities::LEADS,
                lead.owner_id.as_str(),
                lead.business_unit_id.as_str(),
                &Action::ON_RECORD,
            );
            Ok((lead, actions))
        })
        .await?;
    Ok(respond::with_allowed_actions(
        respond::record(StatusCode::OK, &lead, lead.version),
        &actions,
    ))
}

/// Change a lead
///
/// Changes the fields sent; `null` clears a field. `status` moves only between `new` and
/// `contacted`; a qualified or disqualified lead is reopened before it is changed (409). With
/// `If-Match`, a stale version is refused.
#[utoipa::path(
    tag = "leads",
    request_body = LeadPatch,
    params(
        ("id" = String, Path, format = Uuid, description = "The lead's id."),
        ("If-Match" = Option<String>, Header, description = "The ETag the change is based on."),
    ),
    responses(
        (status = 200, description = "The changed lead.", body = Lead, headers(("ETag" = String, description = "Its new version."))),
        UpdateErrors
    ),
    security(("bearer" = []))
)]
#[patch("/leads/{id}")]
async fn update_lead(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
    if_match: IfMatch,
    body: ApiJson<LeadPatch>,
) -> ApiResult<HttpResponse> {
    let id = lead_id(&id)?;
    let patch = body.value;
    let lead = state
        .run(auth, move |conn, ctx| {
            service::update_lead(conn, ctx, &id, patch, if_match.0)
        })
        .await?;
    Ok(respond::record(StatusCode::OK, &lead, lead.version))
}

/// Delete a lead
#[utoipa::path(
    tag = "leads",
    params(
        ("id" = String, Path, format = Uuid, description = "The lead's id."),
        ("If-Match" = Option<String>, Header, description = "The ETag the deletion is based on."),
    ),
    responses((status = 204, description = "Deleted."), DeleteErrors),
    security(("bearer" = []))
)]
#[delete("/leads/{id}")]
async fn delete_lead(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
    if_match: IfMatch,
) -> ApiResult<HttpResponse> {
    let id = lead_id(&id)?;
    state
        .run(auth, move |conn, ctx| {
            service::delete_lead(conn, ctx, &id, if_match.0)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Disqualify a lead
///
/// The lead is not pursued: `reason` (a value of the `leads.disqualification_reason` picklist)
/// is required, `note` optional. The lead is kept, for reporting on sources and prospecting. 409
/// unless the lead is `new` or `contacted`.
#[utoipa::path(
    tag = "leads",
    request_body = Disqualification,
    params(
        ("id" = String, Path, format = Uuid, description = "The lead's id."),
        ("If-Match" = Option<String>, Header, description = "The ETag the action is based on."),
    ),
    responses(
        (status = 200, description = "The disqualified lead.", body = Lead, headers(("ETag" = String, description = "Its new version."))),
        UpdateErrors
    ),
    security(("bearer" = []))
)]
#[post("/leads/{id}/disqualify")]
async fn disqualify_lead(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
    if_match: IfMatch,
    body: ApiJson<Disqualification>,
) -> ApiResult<HttpResponse> {
    let id = lead_id(&id)?;
    let body = body.value;
    let lead = state
        .run(auth, move |conn, ctx| {
            service::disqualify_lead(conn, ctx, &id, body, if_match.0)
        })
        .await?;
    Ok(respond::record(StatusCode::OK, &lead, lead.version))
}

/// Reopen a lead
///
/// A qualified or disqualified lead goes back to work (`contacted`); its disqualification reason
/// is cleared (the history keeps it). 409 for a lead being worked.
#[utoipa::path(
    tag = "leads",
    params(
        ("id" = String, Path, format = Uuid, description = "The lead's id."),
        ("If-Match" = Option<String>, Header, description = "The ETag the action is based on."),
    ),
    responses(
        (status = 200, description = "The reopened lead.", body = Lead, headers(("ETag" = String, description = "Its new version."))),
        UpdateErrors
    ),
    security(("bearer" = []))
)]
#[post("/leads/{id}/reopen")]
async fn reopen_lead(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
    if_match: IfMatch,
) -> ApiResult<HttpResponse> {
    let id = lead_id(&id)?;
    let lead = state
        .run(auth, move |conn, ctx| {
            service::reopen_lead(conn, ctx, &id, if_match.0)
        })
        .await?;
    Ok(respond::record(StatusCode::OK, &lead, lead.version))
}

/// Assign a lead
///
/// Gives the lead to another owner (an active user or a team); it moves to the owner's business
/// unit. Needs the assign privilege reaching the lead. Recorded in its history.
#[utoipa::path(
    tag = "leads",
    request_body = Assignment,
    params(
        ("id" = String, Path, format = Uuid, description = "The lead's id."),
        ("If-Match" = Option<String>, Header, description = "The ETag the assignment is based on."),
    ),
    responses(
        (status = 200, description = "The lead with its new owner.", body = Lead, headers(("ETag" = String, description = "Its new version."))),
        UpdateErrors
    ),
    security(("bearer" = []))
)]
#[post("/leads/{id}/assign")]
async fn assign_lead(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
    if_match: IfMatch,
    body: ApiJson<Assignment>,
) -> ApiResult<HttpResponse> {
    let id = lead_id(&id)?;
    let assignment = body.value;
    let lead = state
        .run(auth, move |conn, ctx| {
            service::assign_lead(conn, ctx, &id, assignment, if_match.0)
        })
        .await?;
    Ok(respond::record(StatusCode::OK, &lead, lead.version))
}

/// A lead's history
///
/// Every change of the lead, newest first: fields with old and new values, who, when.
#[utoipa::path(
    tag = "leads",
    params(("id" = String, Path, format = Uuid, description = "The lead's id."), HistoryParams),
    responses((status = 200, description = "A page of changes.", body = Page<Change>), SubListErrors),
    security(("bearer" = []))
)]
#[get("/leads/{id}/history")]
async fn lead_history(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
    params: ListParams,
) -> ApiResult<HttpResponse> {
    let id = lead_id(&id)?;
    let list = params.parse(&HISTORY_LIST)?;
    let page = state
        .run(auth, move |conn, ctx| {
            service::lead_history(conn, ctx, &id, &list)
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// Registers the routes.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_leads)
        .service(create_lead)
        .service(get_lead)
        .service(update_lead)
        .service(delete_lead)
        .service(disqualify_lead)
        .service(reopen_lead)
        .service(assign_lead)
        .service(lead_history);
}
