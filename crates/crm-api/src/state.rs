//! What every handler shares, and the one way a handler reaches the database.
//!
//! A handler does one [`AppState::run`]: one blocking task, one pooled connection for the whole
//! unit of work, the caller resolved to a principal on that connection, the time read once.
//! A read of one record by its id does [`AppState::run_read`]: on SQLite, when the caller is
//! resolved already and a pooled connection is free at once, the read (an indexed lookup of one
//! row) runs on the request's own thread, sparing the hand-off to the blocking pool and back, which cost
//! more than the read itself; otherwise it is an [`AppState::run`].

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
    /// Idempotency keys of requests being processed now.
    pub idempotency_in_flight: Arc<InFlight>,
    /// The methods of every documented path (for 405 and `Allow`).
    pub route_methods: Arc<crate::methods::RouteMethods>,
    /// Where the files attached to notes are kept.
    pub files: Arc<crm_activities::files::FileStore>,
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

    /// Runs the read of one record by its id: on SQLite, on the request's thread when the caller
    /// is resolved and a connection is free now (never waiting for one there), else as
    /// [`AppState::run`].
    /// Only for bounded work: a lookup by primary key and what the record shows with it.
    pub async fn run_read<T, F>(&self, auth: Auth, work: F) -> Result<T, ApiError>
    where
        F: FnOnce(&mut AnyConnection, &Ctx) -> DomainResult<T> + Send + 'static,
        T: Send + 'static,
    {
        let now = self.clock.now();
        let cache_key = match &auth.credential {
            Credential::Token(user_id) => format!("user:{user_id}"),
            Credential::ApiKey(key) => format!("key:{}", tokens::hash_api_key(key)),
        };
        let Some(principal) = self.principals.get(&cache_key, now) else {
            return self.run(auth, work).await;
        };
        let Some(mut conn) = self.pool.try_get() else {
            return self.run(auth, work).await;
        };
        // Inline on SQLite only: its read is a lookup in this process, while one on PostgreSQL
        // waits for the network and would hold the request's thread meanwhile.
        if crm_db::conn::is_postgres(&conn) {
            drop(conn);
            return self.run(auth, work).await;
        }
        let ctx = Ctx {
            principal,
            now,
            client: auth.client,
        };
        let outcome =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(&mut conn, &ctx)))
                .map_err(|_| ApiError::internal("a read failed unexpectedly"))?;
        outcome.map_err(ApiError::from)
    }

    /// Runs a unit of work that needs no caller (signing in, health checks).
    pub async fn run_anonymous<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        F: FnOnce(&mut AnyConnection) -> DomainResult<T> + Send + 'static,
        T: Send + 'static,
    {
        let pool = self.pool.clone();
        let outcome = web::block(move || -> Result<DomainResult<T>, ApiError> {
            // The work's writes are waited for once its connection is back in the pool.
            let scope = crm_db::DurableScope::enter();
            let outcome = {
                let mut conn = pool.get().map_err(|e| {
                    tracing::warn!(error = %e, "no database connection available");
                    ApiError::unavailable("the database is busy; retry in a moment")
                })?;
                work(&mut conn)
            };
            if let Some(scope) = scope {
                scope
                    .finish()
                    .map_err(|e| ApiError::from(DomainError::from(e)))?;
            }
            Ok(outcome)
        })
        .await
        .map_err(ApiError::internal)??;
        outcome.map_err(|e: DomainError| ApiError::from(e))
    }
}

/// The `(caller, Idempotency-Key)` pairs of requests being processed on this server.
#[derive(Debug, Default)]
pub struct InFlight {
    keys: std::sync::Mutex<std::collections::HashSet<(String, String)>>,
}

/// Holds a key as in flight until dropped.
#[derive(Debug)]
pub struct InFlightGuard<'a> {
    set: &'a InFlight,
    key: (String, String),
}

impl InFlight {
    /// Marks a key as in flight, or `None` when a request with it is being processed already.
    pub fn enter(&self, caller: &str, key: &str) -> Option<InFlightGuard<'_>> {
        let entry = (caller.to_owned(), key.to_owned());
        let inserted = self
            .keys
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(entry.clone());
        inserted.then_some(InFlightGuard {
            set: self,
            key: entry,
        })
    }
}

impl Drop for InFlightGuard<'_> {
    fn drop(&mut self) {
        self.set
            .keys
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .remove(&self.key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_in_flight_until_its_request_ends_and_keys_are_per_caller() {
        let set = InFlight::default();
        let first = set.enter("ann", "k1");
        assert!(first.is_some());
        assert!(set.enter("ann", "k1").is_none());
        assert!(set.enter("bob", "k1").is_some());
        drop(first);
        assert!(set.enter("ann", "k1").is_some());
    }
}
