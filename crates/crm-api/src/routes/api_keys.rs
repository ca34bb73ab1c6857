//! `/api/v1/api-keys`: keys for integrations.

use actix_web::web::{Data, Path};
use actix_web::{HttpRequest, HttpResponse, delete, get, post};
use crm_core::id::ApiKeyId;
use crm_core::list::Page;
use crm_identity::model::{API_KEY_LIST, ApiKey, CreatedApiKey, NewApiKey};
use crm_identity::service::keys as service;

use crate::docs::{CreateErrors, DeleteErrors, ListErrors};
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, Auth, IdempotencyKey, ListParams};
use crate::respond::{self, Created};
use crate::state::AppState;

crate::list_params!(ApiKeyListParams, API_KEY_LIST);

impl Created for CreatedApiKey {
    fn location(&self) -> String {
        format!("/api/v1/api-keys/{}", self.api_key.id)
    }
    fn version(&self) -> i64 {
        1
    }
}

/// List API keys
///
/// The caller's keys, and those of the users their depth reaches. Never the keys themselves:
/// only their prefixes.
#[utoipa::path(
    tag = "organization",
    params(ApiKeyListParams),
    responses((status = 200, description = "A page of keys.", body = Page<ApiKey>), ListErrors),
    security(("bearer" = []))
)]
#[get("/api-keys")]
async fn list_api_keys(
    state: Data<AppState>,
    auth: Auth,
    params: ListParams,
) -> ApiResult<HttpResponse> {
    let list = params.parse(&API_KEY_LIST)?;
    let page = state
        .run(auth, move |conn, ctx| service::list_keys(conn, ctx, &list))
        .await?;
    Ok(respond::page(&page))
}

/// Create an API key
///
/// The key acts as the caller, or as `user_id` (an integration user the caller's depth
/// reaches), with that user's roles. The answer is the only time the key is shown, so this
/// creation takes no `Idempotency-Key` (a replay would show the secret twice): one sent is a 400.
#[utoipa::path(
    tag = "organization",
    request_body = NewApiKey,
    responses(
        (status = 201, description = "Created; `key` is shown this once.", body = CreatedApiKey,
         headers(("Location" = String, description = "The key's URL."))),
        CreateErrors
    ),
    security(("bearer" = []))
)]
#[post("/api-keys")]
async fn create_api_key(
    state: Data<AppState>,
    auth: Auth,
    req: HttpRequest,
    key: IdempotencyKey,
    body: ApiJson<NewApiKey>,
) -> ApiResult<HttpResponse> {
    if key.0.is_some() {
        // A replay would show the secret a second time: keys are never stored in clear.
        return Err(ApiError::bad_request(
            "API keys cannot be created with an Idempotency-Key: the key is shown only once",
        ));
    }
    let new = body.value;
    respond::create(&state, auth, &req, &body.raw, key, move |conn, ctx| {
        service::create_key(conn, ctx, new)
    })
    .await
}

/// Revoke an API key
///
/// At once: the next request with it is refused.
#[utoipa::path(
    tag = "organization",
    params(("id" = String, Path, format = Uuid, description = "The key's id.")),
    responses((status = 204, description = "Revoked."), DeleteErrors),
    security(("bearer" = []))
)]
#[delete("/api-keys/{id}")]
async fn revoke_api_key(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
) -> ApiResult<HttpResponse> {
    let id = ApiKeyId::parse(&id).map_err(|_| ApiError::not_found("API key not found"))?;
    state
        .run(auth, move |conn, ctx| service::revoke_key(conn, ctx, &id))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Registers the routes.
pub fn configure<C: super::Routes>(cfg: &mut C) {
    cfg.service(list_api_keys)
        .service(create_api_key)
        .service(revoke_api_key);
}
