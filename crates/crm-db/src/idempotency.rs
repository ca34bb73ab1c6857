//! Idempotency keys: a retried POST returns the first response instead of creating twice.
//!
//! The key is scoped to the caller and bound to a hash of the request (method, path, body). It is
//! stored with the response in the same transaction as the record the request created, so either
//! both exist or neither does. Keys are kept for 24 hours.

use chrono::Duration;
use crm_core::Timestamp;
use diesel::prelude::*;
use sha2::{Digest, Sha256};

use crate::conn::AnyConnection;
use crate::schema::idempotency_keys;

/// How long a key is remembered.
pub const RETENTION_HOURS: i64 = 24;

/// A response kept for replay.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = idempotency_keys)]
pub struct StoredResponse {
    /// The hash of the request that produced it.
    pub request_hash: String,
    /// Its HTTP status.
    pub status_code: i32,
    /// Its `Location` header.
    pub location: Option<String>,
    /// Its JSON body.
    pub response_body: String,
}

/// What an earlier request with the same key left behind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Prior {
    /// Nothing: this request is the first.
    None,
    /// The same request was answered: replay this.
    Replay(StoredResponse),
    /// The key was used for a different request.
    Mismatch,
}

/// The hash binding a key to its request.
pub fn request_hash(method: &str, path: &str, body: &[u8]) -> String {
    let mut hasher = Sha256::new();
    hasher.update(method.as_bytes());
    hasher.update([0]);
    hasher.update(path.as_bytes());
    hasher.update([0]);
    hasher.update(body);
    hex::encode(hasher.finalize())
}

/// Looks up a key (keys older than the retention are ignored).
pub fn lookup(
    conn: &mut AnyConnection,
    caller_id: &str,
    key: &str,
    hash: &str,
    now: Timestamp,
) -> QueryResult<Prior> {
    let oldest = now.plus(-Duration::hours(RETENTION_HOURS));
    let stored = idempotency_keys::table
        .filter(idempotency_keys::caller_id.eq(caller_id))
        .filter(idempotency_keys::key.eq(key))
        .filter(idempotency_keys::created_at.ge(oldest))
        .select(StoredResponse::as_select())
        .first(conn)
        .optional()?;
    Ok(match stored {
        None => Prior::None,
        Some(s) if s.request_hash == hash => Prior::Replay(s),
        Some(_) => Prior::Mismatch,
    })
}

/// Stores the response of the first request with a key, in the caller's transaction, and drops
/// expired keys.
pub fn store(
    conn: &mut AnyConnection,
    caller_id: &str,
    key: &str,
    response: &StoredResponse,
    now: Timestamp,
) -> QueryResult<()> {
    let oldest = now.plus(-Duration::hours(RETENTION_HOURS));
    diesel::delete(idempotency_keys::table.filter(idempotency_keys::created_at.lt(oldest)))
        .execute(conn)?;
    diesel::delete(
        idempotency_keys::table
            .filter(idempotency_keys::caller_id.eq(caller_id))
            .filter(idempotency_keys::key.eq(key)),
    )
    .execute(conn)?;
    diesel::insert_into(idempotency_keys::table)
        .values((
            idempotency_keys::caller_id.eq(caller_id),
            idempotency_keys::key.eq(key),
            idempotency_keys::request_hash.eq(&response.request_hash),
            idempotency_keys::status_code.eq(response.status_code),
            idempotency_keys::location.eq(&response.location),
            idempotency_keys::response_body.eq(&response.response_body),
            idempotency_keys::created_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hash_covers_method_path_and_body() {
        let a = request_hash("POST", "/api/v1/accounts", b"{}");
        assert_eq!(a, request_hash("POST", "/api/v1/accounts", b"{}"));
        assert_ne!(a, request_hash("POST", "/api/v1/contacts", b"{}"));
        assert_ne!(a, request_hash("POST", "/api/v1/accounts", b"{ }"));
    }
}
