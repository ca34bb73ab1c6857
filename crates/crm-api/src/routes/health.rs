//! `/healthz` (the process answers) and `/readyz` (the database answers).

use actix_web::web::Data;
use actix_web::{HttpResponse, get};
use diesel::connection::SimpleConnection;
use serde::Serialize;
use utoipa::ToSchema;

use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

/// A health answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    /// `ok` when healthy.
    pub status: &'static str,
}

/// Liveness
///
/// The process is up.
#[utoipa::path(tag = "health", responses((status = 200, description = "Alive.", body = Health)))]
#[get("/healthz")]
async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(Health { status: "ok" })
}

/// Readiness
///
/// The database answers.
#[utoipa::path(
    tag = "health",
    responses(
        (status = 200, description = "Ready.", body = Health),
        (status = 503, description = "The database does not answer.", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[get("/readyz")]
async fn readyz(state: Data<AppState>) -> ApiResult<HttpResponse> {
    state
        .run_anonymous(|conn| Ok(conn.batch_execute("SELECT 1")?))
        .await
        .map_err(|e| {
            tracing::warn!(error = %e, "readiness check failed");
            ApiError::unavailable("the database does not answer")
        })?;
    Ok(HttpResponse::Ok().json(Health { status: "ok" }))
}

/// Registers the routes.
pub fn configure<C: super::Routes>(cfg: &mut C) {
    cfg.service(healthz).service(readyz);
}
