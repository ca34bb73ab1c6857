//! `/api/v1/auth` and `/api/v1/me`: signing in and out, refreshing, the caller's record.

use actix_web::web::Data;
use actix_web::{HttpRequest, HttpResponse, get, post};
use crm_identity::model::{LoginRequest, Me, PasswordChange, RefreshRequest, TokenPair};
use crm_identity::service::auth as service;

use crate::docs::{CallerErrors, SignInErrors, UpdateErrors};
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, Auth};
use crate::limit;
use crate::state::AppState;

/// Sign in
///
/// Exchanges an email and password for an access token (minutes) and a refresh token (days,
/// usable once). Repeated failures for an email or from an address are refused with 429 for a
/// while.
#[utoipa::path(
    tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Signed in.", body = TokenPair),
        (status = 429, description = "Too many failed attempts; see Retry-After.", body = crate::error::Problem, content_type = "application/problem+json"),
        SignInErrors
    )
)]
#[post("/auth/login")]
async fn login(
    state: Data<AppState>,
    req: HttpRequest,
    body: ApiJson<LoginRequest>,
) -> ApiResult<HttpResponse> {
    let LoginRequest { email, password } = body.value;
    let now = state.clock.now();
    let email_key = format!("email:{}", email.trim().to_lowercase());
    let mut keys = vec![(email_key.clone(), limit::MAX_FAILURES_PER_EMAIL)];
    if let Some(ip) = req.peer_addr() {
        keys.push((format!("ip:{}", ip.ip()), limit::MAX_FAILURES_PER_ADDRESS));
    }
    if let Some(wait) = state.login_limiter.blocked(&keys, now) {
        return Err(ApiError::too_many_requests(
            "too many failed sign-ins; wait before trying again",
            wait,
        ));
    }
    let token_keys = state.keys.clone();
    let client = crate::extract::client_address(&req);
    let outcome = state
        .run_anonymous(move |conn| {
            service::login(conn, &token_keys, &email, &password, client.as_deref(), now)
        })
        .await;
    match outcome {
        Ok(pair) => {
            state.login_limiter.succeeded(&email_key);
            Ok(HttpResponse::Ok()
                .insert_header(("Cache-Control", "no-store"))
                .json(pair))
        }
        Err(e) => {
            if e.status() == actix_web::http::StatusCode::UNAUTHORIZED {
                state.login_limiter.failed(&keys, now);
            }
            Err(e)
        }
    }
}

/// Refresh tokens
///
/// Exchanges a refresh token for a new pair. A refresh token works once; presenting it again
/// signs out every session started from the same sign-in.
#[utoipa::path(
    tag = "auth",
    request_body = RefreshRequest,
    responses((status = 200, description = "A new pair.", body = TokenPair), SignInErrors)
)]
#[post("/auth/refresh")]
async fn refresh(
    state: Data<AppState>,
    req: HttpRequest,
    body: ApiJson<RefreshRequest>,
) -> ApiResult<HttpResponse> {
    let token = body.value.refresh_token;
    let now = state.clock.now();
    let keys = state.keys.clone();
    let client = crate::extract::client_address(&req);
    let pair = state
        .run_anonymous(move |conn| service::refresh(conn, &keys, &token, client.as_deref(), now))
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(pair))
}

/// Sign out
///
/// Revokes the refresh token and every token rotated from the same sign-in. Signing out with an
/// unknown or already revoked token also answers 204.
#[utoipa::path(
    tag = "auth",
    request_body = RefreshRequest,
    responses((status = 204, description = "Signed out."), SignInErrors)
)]
#[post("/auth/logout")]
async fn logout(state: Data<AppState>, body: ApiJson<RefreshRequest>) -> ApiResult<HttpResponse> {
    let token = body.value.refresh_token;
    let now = state.clock.now();
    state
        .run_anonymous(move |conn| service::logout(conn, &token, now))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The caller
///
/// The caller's user record, business unit and effective privileges.
#[utoipa::path(
    tag = "auth",
    responses((status = 200, description = "The caller.", body = Me), CallerErrors),
    security(("bearer" = []))
)]
#[get("/me")]
async fn get_me(state: Data<AppState>, auth: Auth) -> ApiResult<HttpResponse> {
    let me = state
        .run(auth, |conn, ctx| service::me(conn, &ctx.principal))
        .await?;
    Ok(HttpResponse::Ok().json(me))
}

/// Change my password
///
/// The caller proves the current password and sets a new one; every session they have, this one
/// included, is signed out and must sign in again.
#[utoipa::path(
    tag = "auth",
    request_body = PasswordChange,
    responses((status = 204, description = "Changed."), UpdateErrors),
    security(("bearer" = []))
)]
#[post("/me/password")]
async fn change_password(
    state: Data<AppState>,
    auth: Auth,
    body: ApiJson<PasswordChange>,
) -> ApiResult<HttpResponse> {
    let PasswordChange {
        current_password,
        new_password,
    } = body.value;
    state
        .run(auth, move |conn, ctx| {
            service::change_password(conn, ctx, &current_password, &new_password)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Registers the routes.
pub fn configure<C: super::Routes>(cfg: &mut C) {
    cfg.service(login)
        .service(refresh)
        .service(logout)
        .service(get_me)
        .service(change_password);
}
