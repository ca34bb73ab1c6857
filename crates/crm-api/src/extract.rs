//! Request extractors that answer their failures as problem details: the caller, JSON bodies,
//! collection queries, `If-Match` and `Idempotency-Key`.

use std::future::{Ready, ready};

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::web::{Bytes, BytesMut, Data};
use actix_web::{FromRequest, HttpRequest};
use crm_core::FieldError;
use crm_core::id::UserId;
use crm_core::list::{ListQuery, ListSpec};
use futures_util::StreamExt;
use futures_util::future::LocalBoxFuture;
use serde::de::DeserializeOwned;

use crate::error::ApiError;
use crate::state::AppState;

/// The largest JSON body accepted.
pub const MAX_JSON_BODY: usize = 1024 * 1024;

/// What a caller authenticated with.
#[derive(Clone)]
pub enum Credential {
    /// An access token, already verified: the user it was issued to.
    Token(UserId),
    /// An API key, checked against the database with the request's unit of work.
    ApiKey(String),
}

impl std::fmt::Debug for Credential {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Credential::Token(user) => write!(f, "Token({user})"),
            Credential::ApiKey(_) => f.write_str("ApiKey([redacted])"),
        }
    }
}

/// An authenticated caller (from `Authorization: Bearer <access token or API key>`).
#[derive(Debug, Clone)]
pub struct Auth {
    /// How they authenticated.
    pub credential: Credential,
    /// Their network address, for the security log.
    pub client: Option<String>,
}

impl Auth {
    /// A stable id of the caller for scoping idempotency keys: the user, or the key's prefix.
    pub fn caller_key(&self) -> String {
        match &self.credential {
            Credential::Token(user) => user.to_string(),
            Credential::ApiKey(key) => format!(
                "key:{}",
                crm_identity::tokens::api_key_prefix(key).unwrap_or_default()
            ),
        }
    }
}

/// The client's address (the peer; a proxy in front is trusted only when configured to be).
pub fn client_address(req: &HttpRequest) -> Option<String> {
    req.peer_addr().map(|a| a.ip().to_string())
}

impl FromRequest for Auth {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(authenticate(req))
    }
}

fn authenticate(req: &HttpRequest) -> Result<Auth, ApiError> {
    let state = req
        .app_data::<Data<AppState>>()
        .ok_or_else(|| ApiError::internal("application state missing"))?;
    let value = req
        .headers()
        .get(header::AUTHORIZATION)
        .ok_or_else(|| ApiError::unauthenticated("sign in: send Authorization: Bearer <token>"))?;
    let token = value
        .to_str()
        .ok()
        .and_then(|v| {
            let (scheme, token) = v.split_once(' ')?;
            scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
        })
        .filter(|t| !t.is_empty())
        .ok_or_else(|| {
            ApiError::unauthenticated("the Authorization header must be Bearer <token>")
        })?;
    let credential = if crm_identity::tokens::is_api_key(token) {
        Credential::ApiKey(token.to_owned())
    } else {
        Credential::Token(state.keys.verify_access(token, state.clock.now())?)
    };
    Ok(Auth {
        credential,
        client: client_address(req),
    })
}

/// A JSON body, parsed with the path of any failing field, and its raw bytes.
#[derive(Debug)]
pub struct ApiJson<T> {
    /// The parsed body.
    pub value: T,
    /// The bytes as received (for idempotency hashing).
    pub raw: Bytes,
}

impl<T: DeserializeOwned + 'static> FromRequest for ApiJson<T> {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let content_type_ok = is_json(req);
        let declared_length = req
            .headers()
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<usize>().ok());
        let mut payload = payload.take();
        Box::pin(async move {
            if !content_type_ok {
                return Err(ApiError::unsupported_media_type(
                    "send the body as JSON with Content-Type: application/json",
                ));
            }
            if declared_length.is_some_and(|n| n > MAX_JSON_BODY) {
                return Err(ApiError::too_large(MAX_JSON_BODY));
            }
            let mut body = BytesMut::new();
            while let Some(chunk) = payload.next().await {
                let chunk = chunk.map_err(|e| {
                    ApiError::bad_request(format!("the body could not be read: {e}"))
                })?;
                if body.len() + chunk.len() > MAX_JSON_BODY {
                    return Err(ApiError::too_large(MAX_JSON_BODY));
                }
                body.extend_from_slice(&chunk);
            }
            let raw = body.freeze();
            let value = parse_json(&raw)?;
            Ok(ApiJson { value, raw })
        })
    }
}

fn is_json(req: &HttpRequest) -> bool {
    req.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            v.split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase()
        })
        .is_some_and(|mime| mime == "application/json" || mime.ends_with("+json"))
}

/// Parses JSON, answering a syntax error with 400 and a shape error with 422 naming the field.
/// Every request body of the API is an object: an array is not taken for one (serde would read
/// `[..]` as a struct's fields in order).
pub fn parse_json<T: DeserializeOwned>(raw: &[u8]) -> Result<T, ApiError> {
    if raw.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'[') {
        return Err(ApiError::validation(vec![FieldError::new(
            "body",
            "invalid_type",
            "the body must be a JSON object, not an array",
        )]));
    }
    if raw.windows(6).any(|w| w == b"\\u0000")
        && let Ok(tree) = serde_json::from_slice::<serde_json::Value>(raw)
        && let Some(field) = nul_in(&tree, String::new())
    {
        // PostgreSQL cannot store NUL in text, and no field of the API has a use for it.
        return Err(ApiError::validation(vec![FieldError::new(
            field.clone(),
            "invalid_character",
            format!("{field} holds a NUL character (\\u0000), which no text may"),
        )]));
    }
    let mut deserializer = serde_json::Deserializer::from_slice(raw);
    let (path, inner) = match serde_path_to_error::deserialize(&mut deserializer) {
        Ok(value) => {
            deserializer
                .end()
                .map_err(|e| ApiError::bad_request(format!("the body is not valid JSON: {e}")))?;
            return Ok(value);
        }
        Err(e) => (e.path().to_string(), e.into_inner()),
    };
    use serde_json::error::Category;
    if inner.classify() == Category::Data
        && let Ok(mut tree) = serde_json::from_slice::<serde_json::Value>(raw)
        && integral_floats_to_integers(&mut tree)
    {
        // JSON has one number type: `3.0` is the integer 3 (JSON Schema agrees), which serde
        // refuses for an integer field. Such a body is read again with integral numbers as
        // integers; only bodies that failed once pay for it.
        return serde_path_to_error::deserialize(tree).map_err(|e| {
            let path = e.path().to_string();
            ApiError::validation(vec![data_error(&path, &e.into_inner().to_string())])
        });
    }
    Err(match inner.classify() {
        Category::Data => ApiError::validation(vec![data_error(&path, &inner.to_string())]),
        Category::Syntax | Category::Eof | Category::Io => {
            ApiError::bad_request(format!("the body is not valid JSON: {inner}"))
        }
    })
}

/// The path of the first text (or key) holding a NUL character.
fn nul_in(value: &serde_json::Value, path: String) -> Option<String> {
    use serde_json::Value;
    let here = || {
        if path.is_empty() {
            "body".to_owned()
        } else {
            path.clone()
        }
    };
    match value {
        Value::String(s) if s.contains('\0') => Some(here()),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, v)| nul_in(v, format!("{}[{i}]", here()))),
        Value::Object(fields) => fields.iter().find_map(|(k, v)| {
            let child = if path.is_empty() {
                k.clone()
            } else {
                format!("{path}.{k}")
            };
            if k.contains('\0') {
                Some(child)
            } else {
                nul_in(v, child)
            }
        }),
        _ => None,
    }
}

/// Turns numbers such as `3.0` into integers; whether any changed.
fn integral_floats_to_integers(value: &mut serde_json::Value) -> bool {
    use serde_json::Value;
    match value {
        Value::Number(n) if n.is_f64() => match n.as_f64() {
            Some(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => {
                *value = Value::from(f as i64);
                true
            }
            _ => false,
        },
        Value::Array(items) => items
            .iter_mut()
            .fold(false, |changed, v| integral_floats_to_integers(v) | changed),
        Value::Object(fields) => fields
            .values_mut()
            .fold(false, |changed, v| integral_floats_to_integers(v) | changed),
        _ => false,
    }
}

fn data_error(path: &str, message: &str) -> FieldError {
    // serde reports "unknown field `x`, expected one of ..." and "missing field `x`" at the
    // object that holds the field; name the field itself.
    let message = message
        .split(" at line ")
        .next()
        .unwrap_or(message)
        .to_owned();
    let quoted = message.split('`').nth(1).map(str::to_owned);
    // serde_path_to_error already ends the path with an unknown field's name, not a missing one's.
    let join = |field: &str| {
        if path == "." || path.is_empty() {
            field.to_owned()
        } else if path == field || path.ends_with(&format!(".{field}")) {
            path.to_owned()
        } else {
            format!("{path}.{field}")
        }
    };
    if message.starts_with("unknown field")
        && let Some(field) = &quoted
    {
        return FieldError::new(
            join(field),
            "unknown_field",
            format!("{field} is not a field of this record"),
        );
    }
    if message.starts_with("missing field")
        && let Some(field) = &quoted
    {
        return FieldError::new(join(field), "required", format!("{field} is required"));
    }
    let field = if path == "." || path.is_empty() {
        "body".to_owned()
    } else {
        path.to_owned()
    };
    FieldError::new(field, "invalid_type", message)
}

/// The raw parameters of a collection query, parsed against a resource's spec by [`Self::parse`].
#[derive(Debug, Clone)]
pub struct ListParams(pub Vec<(String, String)>);

impl ListParams {
    /// Checks the parameters against a resource's list spec.
    pub fn parse(&self, spec: &ListSpec) -> Result<ListQuery, ApiError> {
        ListQuery::parse(&self.0, spec).map_err(ApiError::from)
    }
}

impl FromRequest for ListParams {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(
            serde_urlencoded::from_str::<Vec<(String, String)>>(req.query_string())
                .map(ListParams)
                .map_err(|e| ApiError::bad_request(format!("the query string is malformed: {e}"))),
        )
    }
}

/// The version an `If-Match` header requires (`None`: no header, or `*`).
#[derive(Debug, Clone, Copy)]
pub struct IfMatch(pub Option<i64>);

impl FromRequest for IfMatch {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let Some(value) = req.headers().get(header::IF_MATCH) else {
            return ready(Ok(IfMatch(None)));
        };
        let parsed = value.to_str().ok().map(str::trim).and_then(|v| {
            if v == "*" {
                return Some(None);
            }
            let unquoted = v
                .strip_prefix('"')
                .and_then(|v| v.strip_suffix('"'))
                .unwrap_or(v);
            unquoted.parse::<i64>().ok().filter(|n| *n > 0).map(Some)
        });
        ready(parsed.map(IfMatch).ok_or_else(|| {
            ApiError::bad_request("If-Match must be the record's ETag, such as \"3\"")
        }))
    }
}

/// The `Idempotency-Key` of a POST, if sent.
#[derive(Debug, Clone)]
pub struct IdempotencyKey(pub Option<String>);

/// The longest idempotency key accepted.
pub const MAX_IDEMPOTENCY_KEY: usize = 255;

impl FromRequest for IdempotencyKey {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let Some(value) = req.headers().get("idempotency-key") else {
            return ready(Ok(IdempotencyKey(None)));
        };
        let key = value
            .to_str()
            .ok()
            .map(str::trim)
            .filter(|k| !k.is_empty() && k.len() <= MAX_IDEMPOTENCY_KEY)
            .map(str::to_owned);
        ready(key.map(|k| IdempotencyKey(Some(k))).ok_or_else(|| {
            ApiError::bad_request(format!(
                "Idempotency-Key must be 1 to {MAX_IDEMPOTENCY_KEY} visible ASCII characters"
            ))
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Body {
        name: Option<String>,
        employees: Option<i64>,
    }

    fn err(json: &str) -> crate::error::Problem {
        parse_json::<Body>(json.as_bytes()).unwrap_err().problem()
    }

    #[test]
    fn syntax_errors_are_400_and_shape_errors_422_with_the_field() {
        assert_eq!(err("{\"name\": ").status, 400);
        let p = err(r#"{"employees": "many"}"#);
        assert_eq!(p.status, 422);
        assert_eq!(p.errors.as_ref().unwrap()[0].field, "employees");
        let p = err(r#"{"nmae": "x"}"#);
        assert_eq!(p.errors.as_ref().unwrap()[0].field, "nmae");
        assert_eq!(p.errors.as_ref().unwrap()[0].code, "unknown_field");
        assert!(parse_json::<Body>(br#"{"employees": 3.0}"#).is_ok_and(|b| b.employees == Some(3)));
        assert_eq!(err(r#"{"employees": 3.5}"#).status, 422);
        let p = err(r#"{"name": "a\u0000b"}"#);
        assert_eq!(p.status, 422);
        assert_eq!(p.errors.as_ref().unwrap()[0].field, "name");
        assert!(parse_json::<Body>(br#"{"name": "a\\u0000b"}"#).is_ok());
        let p = err("[null, null]");
        assert_eq!(p.status, 422);
        assert_eq!(p.errors.as_ref().unwrap()[0].field, "body");
        let p = err("\"just text\"");
        assert_eq!(p.errors.as_ref().unwrap()[0].field, "body");
        assert_eq!(err("{} {}").status, 400);
    }
}
