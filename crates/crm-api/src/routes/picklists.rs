//! `/api/v1/picklists`: the editable choices of fields such as a lead's rating or source.

use actix_web::http::StatusCode;
use actix_web::web::{Data, Path};
use actix_web::{HttpRequest, HttpResponse, get, patch, post};
use crm_core::id::PicklistValueId;
use crm_core::list::Page;
use crm_picklists::{NewPicklistValue, PICKLIST_LIST, PicklistValue, PicklistValuePatch};

use crate::docs::{CreateErrors, ListErrors, ReadErrors, UpdateErrors};
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, Auth, IdempotencyKey, IfMatch, ListParams};
use crate::respond::{self, Created};
use crate::state::AppState;

crate::list_params!(PicklistListParams, PICKLIST_LIST);

impl Created for PicklistValue {
    fn location(&self) -> String {
        format!("/api/v1/picklists/{}", self.id)
    }
    fn version(&self) -> i64 {
        self.version
    }
}

fn value_id(raw: &str) -> ApiResult<PicklistValueId> {
    PicklistValueId::parse(raw).map_err(|_| ApiError::not_found("picklist value not found"))
}

/// List picklist values
///
/// The choices of every picklist field, in their order; `entity=leads&field=rating` gives one
/// picklist, `is_active=true` only what new writes may choose. Everyone reads them.
#[utoipa::path(
    tag = "picklists",
    params(PicklistListParams),
    responses((status = 200, description = "A page of picklist values.", body = Page<PicklistValue>), ListErrors),
    security(("bearer" = []))
)]
#[get("/picklists")]
async fn list_picklists(
    state: Data<AppState>,
    auth: Auth,
    params: ListParams,
) -> ApiResult<HttpResponse> {
    let list = params.parse(&PICKLIST_LIST)?;
    let page = state
        .run(auth, move |conn, ctx| {
            crm_picklists::list_values(conn, ctx, &list)
        })
        .await?;
    Ok(respond::page(&page))
}

/// Add a picklist value
///
/// A new choice for a picklist field (`leads.rating`, `leads.source`, `leads.need`,
/// `leads.decision_timeline`, `leads.disqualification_reason`). Needs the picklists create
/// privilege.
#[utoipa::path(
    tag = "picklists",
    request_body = NewPicklistValue,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retried creation return the first response.")),
    responses(
        (status = 201, description = "Created.", body = PicklistValue,
         headers(("Location" = String, description = "The value's URL."), ("ETag" = String, description = "Its version."))),
        CreateErrors
    ),
    security(("bearer" = []))
)]
#[post("/picklists")]
async fn create_picklist_value(
    state: Data<AppState>,
    auth: Auth,
    req: HttpRequest,
    key: IdempotencyKey,
    body: ApiJson<NewPicklistValue>,
) -> ApiResult<HttpResponse> {
    let new = body.value;
    respond::create(&state, auth, &req, &body.raw, key, move |conn, ctx| {
        crm_picklists::create_value(conn, ctx, new)
    })
    .await
}

/// Get a picklist value
#[utoipa::path(
    tag = "picklists",
    params(("id" = String, Path, format = Uuid, description = "The value's id.")),
    responses((status = 200, description = "The value.", body = PicklistValue, headers(("ETag" = String, description = "Its version."))), ReadErrors),
    security(("bearer" = []))
)]
#[get("/picklists/{id}")]
async fn get_picklist_value(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
) -> ApiResult<HttpResponse> {
    let id = value_id(&id)?;
    let value = state
        .run(auth, move |conn, ctx| {
            crm_picklists::get_value(conn, ctx, &id)
        })
        .await?;
    Ok(respond::record(StatusCode::OK, &value, value.version))
}

/// Change a picklist value
///
/// Its label, order, or whether it can still be chosen (`is_active: false` retires it: records
/// that hold it keep it). The `value` itself never changes, and values are never deleted.
#[utoipa::path(
    tag = "picklists",
    request_body = PicklistValuePatch,
    params(
        ("id" = String, Path, format = Uuid, description = "The value's id."),
        ("If-Match" = Option<String>, Header, description = "The ETag the change is based on."),
    ),
    responses(
        (status = 200, description = "The changed value.", body = PicklistValue, headers(("ETag" = String, description = "Its new version."))),
        UpdateErrors
    ),
    security(("bearer" = []))
)]
#[patch("/picklists/{id}")]
async fn update_picklist_value(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
    if_match: IfMatch,
    body: ApiJson<PicklistValuePatch>,
) -> ApiResult<HttpResponse> {
    let id = value_id(&id)?;
    let patch = body.value;
    let value = state
        .run(auth, move |conn, ctx| {
            crm_picklists::update_value(conn, ctx, &id, patch, if_match.0)
        })
        .await?;
    Ok(respond::record(StatusCode::OK, &value, value.version))
}

/// Registers the routes.
pub fn configure<C: super::Routes>(cfg: &mut C) {
    cfg.service(list_picklists)
        .service(create_picklist_value)
        .service(get_picklist_value)
        .service(update_picklist_value);
}
