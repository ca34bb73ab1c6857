//! Building responses: records with their ETag, and idempotent creations.

use actix_web::http::{StatusCode, header};
use actix_web::web::Bytes;
use actix_web::{HttpRequest, HttpResponse, HttpResponseBuilder};
use crm_core::list::Page;
use crm_core::security::{Action, Ctx};
use crm_core::{DomainError, DomainResult, FieldError};
use crm_db::idempotency::{self, Prior, StoredResponse};
use crm_db::{AnyConnection, write_transaction};
use serde::Serialize;

use crate::error::{ApiError, ApiResult};
use crate::extract::{Auth, IdempotencyKey};
use crate::state::AppState;

/// The ETag of a record version.
pub fn etag(version: i64) -> String {
    format!("\"{version}\"")
}

/// Room for one record's JSON (a contact is about 1.1 KB).
const RECORD_BYTES: usize = 2048;

/// Writes a JSON body into a buffer of `capacity` bytes, so that it is not grown and copied over
/// and over while it is written (a page of 50 contacts is some 40 KB).
fn json(mut response: HttpResponseBuilder, body: &impl Serialize, capacity: usize) -> HttpResponse {
    let mut buffer = Vec::with_capacity(capacity);
    match serde_json::to_writer(&mut buffer, body) {
        Ok(()) => response
            .insert_header((header::CONTENT_TYPE, "application/json"))
            .body(buffer),
        Err(e) => actix_web::ResponseError::error_response(&ApiError::internal(format!(
            "a response could not be written as JSON: {e}"
        ))),
    }
}

/// A record with its ETag.
pub fn record<T: Serialize>(status: StatusCode, body: &T, version: i64) -> HttpResponse {
    let mut response = HttpResponse::build(status);
    response.insert_header((header::ETAG, etag(version)));
    json(response, body, RECORD_BYTES)
}

/// A created record: 201, `Location`, `ETag`.
pub fn created<T: Serialize>(location: &str, body: &T, version: i64) -> HttpResponse {
    let mut response = HttpResponse::Created();
    response
        .insert_header((header::LOCATION, location.to_owned()))
        .insert_header((header::ETAG, etag(version)));
    json(response, body, RECORD_BYTES)
}

/// A page of a list: 200 with the page as JSON.
pub fn page<T: Serialize>(page: &Page<T>) -> HttpResponse {
    json(
        HttpResponse::Ok(),
        page,
        256 + page.data.len() * RECORD_BYTES / 2,
    )
}

/// The actions the caller may take on a record, in the `Allowed-Actions` header (so a screen can
/// hide what would be refused).
pub fn with_allowed_actions(mut response: HttpResponse, actions: &[Action]) -> HttpResponse {
    let words: Vec<&str> = actions.iter().map(|a| a.as_str()).collect();
    if let Ok(value) = header::HeaderValue::from_str(&words.join(", ")) {
        response
            .headers_mut()
            .insert(header::HeaderName::from_static("allowed-actions"), value);
    }
    response
}

/// What a record needs for its creation response.
pub trait Created: Serialize {
    /// The URL path of the created record.
    fn location(&self) -> String;
    /// Its version, for the ETag.
    fn version(&self) -> i64;
}

/// Runs a creation, honouring an `Idempotency-Key`: the first request's response is stored in the
/// same transaction as the record, and a retry with the same key and body gets it back.
pub async fn create<T, F>(
    state: &AppState,
    auth: Auth,
    req: &HttpRequest,
    raw_body: &Bytes,
    key: IdempotencyKey,
    work: F,
) -> ApiResult<HttpResponse>
where
    T: Created + Send + 'static,
    F: FnOnce(&mut AnyConnection, &Ctx) -> DomainResult<T> + Send + 'static,
{
    let Some(key) = key.0 else {
        let record = state.run(auth, work).await?;
        return Ok(created(&record.location(), &record, record.version()));
    };
    let hash = idempotency::request_hash(req.method().as_str(), req.path(), raw_body);
    let caller = auth.caller_key();
    // A retry that arrives while the first request is still being processed is told so, rather
    // than waiting for it (on this server; across servers the key's unique index refuses it).
    let _in_flight = state
        .idempotency_in_flight
        .enter(&caller, &key)
        .ok_or_else(|| {
            ApiError::conflict(
                "a request with this Idempotency-Key is still being processed; retry it later",
            )
        })?;
    let (stored, replayed) = state
        .run(auth, move |conn, ctx| {
            write_transaction(conn, |conn| {
                match idempotency::lookup(conn, &caller, &key, &hash, ctx.now)? {
                    Prior::Replay(stored) => return Ok((stored, true)),
                    Prior::Mismatch => {
                        return Err(DomainError::Validation(vec![FieldError::new(
                            "Idempotency-Key",
                            "reused",
                            "this Idempotency-Key was already used for a different request",
                        )]));
                    }
                    Prior::None => {}
                }
                let record = work(conn, ctx)?;
                let stored = StoredResponse {
                    request_hash: hash,
                    status_code: 201,
                    location: Some(record.location()),
                    response_body: serde_json::to_string(&record)
                        .map_err(|e| DomainError::Internal(e.to_string()))?,
                };
                idempotency::store(conn, &caller, &key, &stored, ctx.now).map_err(|e| {
                    match e {
                        diesel::result::Error::DatabaseError(
                            diesel::result::DatabaseErrorKind::UniqueViolation,
                            _,
                        ) => DomainError::conflict(
                            "a request with this Idempotency-Key is still being processed; retry it later",
                        ),
                        other => DomainError::from(other),
                    }
                })?;
                Ok((stored, false))
            })
        })
        .await?;
    replay(stored, replayed)
}

fn replay(stored: StoredResponse, replayed: bool) -> ApiResult<HttpResponse> {
    let status = StatusCode::from_u16(stored.status_code as u16).map_err(ApiError::internal)?;
    let mut response = HttpResponse::build(status);
    response.content_type("application/json");
    if let Some(location) = &stored.location {
        response.insert_header((header::LOCATION, location.clone()));
    }
    let version = serde_json::from_str::<serde_json::Value>(&stored.response_body)
        .ok()
        .and_then(|v| v.get("version").and_then(serde_json::Value::as_i64));
    if let Some(version) = version {
        response.insert_header((header::ETAG, etag(version)));
    }
    if replayed {
        response.insert_header(("Idempotent-Replayed", "true"));
    }
    Ok(response.body(stored.response_body))
}
