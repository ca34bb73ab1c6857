//! `/api/v1/security-events`: the security log.

use actix_web::web::Data;
use actix_web::{HttpResponse, get};
use crm_core::list::Page;
use crm_identity::model::{SECURITY_EVENT_LIST, SecurityEvent};
use crm_identity::service::audit as service;

use crate::docs::ListErrors;
use crate::error::ApiResult;
use crate::extract::{Auth, ListParams};
use crate::respond;
use crate::state::AppState;

crate::list_params!(SecurityEventListParams, SECURITY_EVENT_LIST);

/// The security log
///
/// Sign-ins and failed sign-ins, refresh-token reuse, API keys created and revoked, roles and
/// privileges changed, users disabled; newest first. For those with the privilege to read it
/// (administrators). It never holds a secret.
#[utoipa::path(
    tag = "organization",
    params(SecurityEventListParams),
    responses((status = 200, description = "A page of events.", body = Page<SecurityEvent>), ListErrors),
    security(("bearer" = []))
)]
#[get("/security-events")]
async fn list_security_events(
    state: Data<AppState>,
    auth: Auth,
    params: ListParams,
) -> ApiResult<HttpResponse> {
    let list = params.parse(&SECURITY_EVENT_LIST)?;
    let page = state
        .run(auth, move |conn, ctx| service::list(conn, ctx, &list))
        .await?;
    Ok(respond::page(&page))
}

/// Registers the routes.
pub fn configure<C: super::Routes>(cfg: &mut C) {
    cfg.service(list_security_events);
}
