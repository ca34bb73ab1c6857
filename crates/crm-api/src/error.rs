//! Errors as RFC 9457 problem details.
//!
//! Every error the API answers is `application/problem+json`. Domain errors map to their status;
//! anything unexpected is logged with its cause and answered with an opaque 500, so nothing
//! internal (SQL, paths, stack traces) ever reaches a client.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, ResponseError};
use crm_core::{DomainError, FieldError};
use serde::Serialize;
use utoipa::ToSchema;

/// An RFC 9457 problem detail.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Problem {
    /// A URI naming the kind of problem (`urn:crm:problem:not-found`).
    #[serde(rename = "type")]
    pub kind: String,
    /// A short summary of the kind of problem.
    pub title: String,
    /// The HTTP status.
    pub status: u16,
    /// What went wrong in this case, for people.
    pub detail: String,
    /// For validation problems: every failing field.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub errors: Option<Vec<FieldError>>,
}

/// An error answered as a problem detail.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    slug: &'static str,
    title: &'static str,
    detail: String,
    errors: Option<Vec<FieldError>>,
    /// A header the answer carries (`Retry-After`, `Allow`), boxed to keep errors small.
    header: Option<Box<(header::HeaderName, String)>>,
}

/// What handlers return.
pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    fn new(
        status: StatusCode,
        slug: &'static str,
        title: &'static str,
        detail: impl Into<String>,
    ) -> Self {
        ApiError {
            status,
            slug,
            title,
            detail: detail.into(),
            errors: None,
            header: None,
        }
    }

    /// 400: a malformed request.
    pub fn bad_request(detail: impl Into<String>) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "bad-request",
            "Bad request",
            detail,
        )
    }

    /// 400 with the failing query parameters listed.
    pub fn invalid_query(errors: Vec<FieldError>) -> Self {
        let mut e = Self::new(
            StatusCode::BAD_REQUEST,
            "invalid-query",
            "Invalid query parameters",
            summarize(&errors),
        );
        e.errors = Some(errors);
        e
    }

    /// 401: no or bad credentials.
    pub fn unauthenticated(detail: impl Into<String>) -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "unauthenticated",
            "Authentication required",
            detail,
        )
    }

    /// 404: no such record or route.
    pub fn not_found(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "not-found", "Not found", detail)
    }

    /// 405: the path exists but not with this method; `Allow` lists the methods it has.
    pub fn method_not_allowed(method: &str, path: &str, allowed: &[&str]) -> Self {
        let mut e = Self::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "method-not-allowed",
            "Method not allowed",
            format!(
                "{path} does not answer {method}; it answers {}",
                allowed.join(", ")
            ),
        );
        e.header = Some(Box::new((header::ALLOW, allowed.join(", "))));
        e
    }

    /// 409: conflicts with the current state.
    pub fn conflict(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, "conflict", "Conflict", detail)
    }

    /// 413: the body is larger than allowed.
    pub fn too_large(limit: usize) -> Self {
        Self::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload-too-large",
            "Payload too large",
            format!("the request body must be at most {limit} bytes"),
        )
    }

    /// 415: the body is not JSON.
    pub fn unsupported_media_type(detail: impl Into<String>) -> Self {
        Self::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported-media-type",
            "Unsupported media type",
            detail,
        )
    }

    /// 422 with every failing field.
    pub fn validation(errors: Vec<FieldError>) -> Self {
        let mut e = Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation-failed",
            "Validation failed",
            summarize(&errors),
        );
        e.errors = Some(errors);
        e
    }

    /// 429: too many attempts; retry after the given seconds.
    pub fn too_many_requests(detail: impl Into<String>, retry_after: u64) -> Self {
        let mut e = Self::new(
            StatusCode::TOO_MANY_REQUESTS,
            "rate-limited",
            "Too many requests",
            detail,
        );
        e.header = Some(Box::new((
            header::RETRY_AFTER,
            retry_after.max(1).to_string(),
        )));
        e
    }

    /// 503: the database is out of connections for now.
    pub fn unavailable(detail: impl Into<String>) -> Self {
        let mut e = Self::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "unavailable",
            "Service unavailable",
            detail,
        );
        e.header = Some(Box::new((header::RETRY_AFTER, "1".to_owned())));
        e
    }

    /// 500: logs the cause; the client learns nothing about it.
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        tracing::error!(error = %cause, "request failed");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "Internal server error",
            "the server could not complete the request; it has been logged",
        )
    }

    /// The status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The problem body.
    pub fn problem(&self) -> Problem {
        Problem {
            kind: format!("urn:crm:problem:{}", self.slug),
            title: self.title.to_owned(),
            status: self.status.as_u16(),
            detail: self.detail.clone(),
            errors: self.errors.clone(),
        }
    }
}

fn summarize(errors: &[FieldError]) -> String {
    match errors {
        [one] => one.message.clone(),
        many => {
            let fields: Vec<&str> = many.iter().map(|e| e.field.as_str()).collect();
            format!("{} fields are not valid: {}", many.len(), fields.join(", "))
        }
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.status.as_u16(), self.detail)
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.status
    }

    fn error_response(&self) -> HttpResponse {
        let mut response = HttpResponse::build(self.status);
        response.content_type("application/problem+json");
        if self.status == StatusCode::UNAUTHORIZED {
            response.insert_header((header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer")));
        }
        if let Some(extra) = &self.header {
            response.insert_header((extra.0.clone(), extra.1.clone()));
        }
        response.body(serde_json::to_string(&self.problem()).unwrap_or_default())
    }
}

impl From<DomainError> for ApiError {
    fn from(error: DomainError) -> Self {
        match error {
            DomainError::NotFound { entity } => ApiError::not_found(format!("{entity} not found")),
            DomainError::Forbidden { .. } => ApiError::new(
                StatusCode::FORBIDDEN,
                "forbidden",
                "Forbidden",
                error.to_string(),
            ),
            DomainError::Validation(errors) => ApiError::validation(errors),
            DomainError::InvalidQuery(errors) => ApiError::invalid_query(errors),
            DomainError::Conflict { detail } => ApiError::conflict(detail),
            DomainError::InvalidState { .. } => ApiError::new(
                StatusCode::CONFLICT,
                "invalid-state",
                "Not allowed in the current state",
                error.to_string(),
            ),
            DomainError::PreconditionFailed { .. } => ApiError::new(
                StatusCode::PRECONDITION_FAILED,
                "precondition-failed",
                "Precondition failed",
                error.to_string(),
            ),
            DomainError::Unauthenticated(detail) => ApiError::unauthenticated(detail),
            DomainError::BadRequest(detail) => ApiError::bad_request(detail),
            DomainError::Storage(e) => ApiError::internal(format!("storage: {e}")),
            DomainError::Internal(e) => ApiError::internal(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn storage_errors_never_reach_the_client() {
        let e = ApiError::from(DomainError::Storage(
            diesel::result::Error::QueryBuilderError("SELECT secret FROM /var/lib/crm".into()),
        ));
        assert_eq!(e.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let body = serde_json::to_string(&e.problem()).unwrap();
        assert!(!body.contains("SELECT") && !body.contains("/var/lib"));
    }

    #[test]
    fn validation_lists_every_field() {
        let e = ApiError::from(DomainError::Validation(vec![
            FieldError::new("name", "required", "name is required"),
            FieldError::new("email", "invalid_format", "email is not valid"),
        ]));
        let p = e.problem();
        assert_eq!(p.status, 422);
        assert_eq!(p.errors.unwrap().len(), 2);
        assert_eq!(p.detail, "2 fields are not valid: name, email");
    }
}
