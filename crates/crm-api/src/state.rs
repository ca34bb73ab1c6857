//! What every handler shares, and the one way a handler reaches the database.
//!
//! A handler does one [`AppState::run`]: one blocking task, one pooled connection for the whole
//! unit of work, the caller resolved to a principal on that connection, the time read once.

use std::sync::Arc;

use actix_web::web;
use crm_core::security::Ctx;
use crm_core::{Clock, DomainError, DomainResult};
use crm_db::{AnyConnection, Pool};
use crm_identity::principal::PrincipalCache;
use crm_identity::tokens::{self, TokenKeys};

use crate::error::ApiError;
use crate::extract::{Auth, Credential};

/// Shared by every request.
#[derive(Clone)]
pub struct AppState {
    /// The connection pool.
    pub pool: Pool,
    /// Where time comes from.
    pub clock: Arc<dyn Clock>,
    /// Signs and checks access tokens.
    pub keys: TokenKeys,
    /// The OpenAPI document as served (and committed).
    pub openapi_json: Arc<String>,
    /// Counts failed sign-ins.
    pub login_limiter: Arc<crate::limit::LoginLimiter>,
    /// Callers resolved by recent requests.
    pub principals: Arc<PrincipalCache>,
}

impl AppState {
    /// Runs a unit of work for an authenticated caller on one connection.
    pub async fn run<T, F>(&self, auth: Auth, work: F) -> Result<T, ApiError>
    where
        F: FnOnce(&mut AnyConnection, &Ctx) -> DomainResult<T> + Send + 'static,
        T: Send + 'static,
    {
        let now = self.clock.now();
        let Auth { credential, client } = auth;
        let cache_key = match &credential {
            Credential::Token(user_id) => format!("user:{user_id}"),
            // The key itself is never kept, only its hash.
            Credential::ApiKey(key) => format!("key:{}", tokens::hash_api_key(key)),
        };
        if let Some(principal) = self.principals.get(&cache_key, now) {
            return self
                .run_anonymous(move |conn| {
                    let ctx = Ctx {
                        principal,
                        now,
                        client,
                    };
                    work(conn, &ctx)
                })
                .await;
        }
        let cache = Arc::clone(&self.principals);
        self.run_anonymous(move |conn| {
            let generation = cache.generation();
            let user_id = match &credential {
                Credential::Token(user_id) => user_id.clone(),
                Credential::ApiKey(key) => {
                    crm_identity::service::auth::authenticate_api_key(conn, key, now)?
                }
            };
            let principal = Arc::new(crm_identity::principal::load(conn, &user_id)?);
            cache.put(cache_key, generation, now, Arc::clone(&principal));
            let ctx = Ctx {
                principal,
                now,
                client,
            };
            work(conn, &ctx)
        })
        .await
    }

    /// Runs a unit of work that needs no caller (signing in, health checks).
    pub async fn run_anonymous<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        F: FnOnce(&mut AnyConnection) -> DomainResult<T> + Send + 'static,
        T: Send + 'static,
    {
        let pool = self.pool.clone();
        let outcome = web::block(move || -> Result<DomainResult<T>, ApiError> {
            let mut conn = pool.get().map_err(|e| {
                tracing::warn!(error = %e, "no database connection available");
                ApiError::unavailable("the database is busy; retry in a moment")
            })?;
            Ok(work(&mut conn))
        })
        .await
        .map_err(ApiError::internal)??;
        outcome.map_err(|e: DomainError| ApiError::from(e))
    }
}
