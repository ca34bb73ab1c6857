//! The domain error: what can go wrong in a rule, in words the API turns into problem details.
//!
//! Three tiers, as in crates.io: stores return diesel's `QueryResult`; services return
//! [`DomainResult`], whose variants say what the caller did wrong (or that storage failed);
//! the HTTP layer maps each variant to a status and an RFC 9457 body. Storage failures carry the
//! underlying error for the log, never for the response.

use serde::Serialize;
use utoipa::ToSchema;

/// The result of a service call.
pub type DomainResult<T> = Result<T, DomainError>;

/// One failing field of a request, as listed in a 422 response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct FieldError {
    /// The field's name in the request body (`email`, `address.city`), or the query parameter.
    pub field: String,
    /// A stable machine-readable code: `required`, `too_long`, `invalid_format`, `not_found`, ...
    pub code: String,
    /// A sentence for people.
    pub message: String,
}

impl FieldError {
    /// A field error with its code and message.
    pub fn new(
        field: impl Into<String>,
        code: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        FieldError {
            field: field.into(),
            code: code.into(),
            message: message.into(),
        }
    }
}

/// Everything a rule can refuse, and storage failing underneath it.
#[derive(Debug, thiserror::Error)]
pub enum DomainError {
    /// No such record, or one the caller may not read: the two are indistinguishable on purpose.
    #[error("{entity} not found")]
    NotFound {
        /// The kind of record, in the API's words (`account`).
        entity: &'static str,
    },
    /// Authenticated, but without the privilege for this action on this kind of record.
    #[error("you do not have the privilege to {action} {entity}")]
    Forbidden {
        /// The resource (`accounts`).
        entity: String,
        /// The action (`create`, `update`, ...).
        action: String,
    },
    /// Validation failed; every failing field is listed.
    #[error("validation failed for {} field(s)", .0.len())]
    Validation(Vec<FieldError>),
    /// A unique value is already taken, or the write conflicts with the current data.
    #[error("{detail}")]
    Conflict {
        /// What conflicts, for people.
        detail: String,
    },
    /// The action does not apply in the record's current state.
    #[error("cannot {action} a {entity} that is {state}")]
    InvalidState {
        /// The kind of record.
        entity: &'static str,
        /// Its current state.
        state: String,
        /// The refused action.
        action: &'static str,
    },
    /// An `If-Match` precondition named a version that is no longer current.
    #[error("the record has changed: version {current} is current, not {expected}")]
    PreconditionFailed {
        /// The version the caller expected.
        expected: i64,
        /// The version the record has now.
        current: i64,
    },
    /// Missing, wrong or expired credentials.
    #[error("{0}")]
    Unauthenticated(String),
    /// A malformed request that is not about a body field.
    #[error("{0}")]
    BadRequest(String),
    /// Query parameters that cannot be used (an unknown filter, a bad cursor); all are listed.
    #[error("invalid query parameter(s)")]
    InvalidQuery(Vec<FieldError>),
    /// The database failed underneath the rule.
    #[error("storage error: {0}")]
    Storage(#[source] diesel::result::Error),
    /// An unexpected failure that is not the caller's fault.
    #[error("internal error: {0}")]
    Internal(String),
}

impl DomainError {
    /// The record does not exist for this caller.
    pub fn not_found(entity: &'static str) -> Self {
        DomainError::NotFound { entity }
    }

    /// The caller lacks the privilege for `action` on `entity`.
    pub fn forbidden(entity: impl Into<String>, action: impl Into<String>) -> Self {
        DomainError::Forbidden {
            entity: entity.into(),
            action: action.into(),
        }
    }

    /// A single failing field.
    pub fn invalid(field: &str, code: &str, message: impl Into<String>) -> Self {
        DomainError::Validation(vec![FieldError::new(field, code, message)])
    }

    /// A conflict described for people.
    pub fn conflict(detail: impl Into<String>) -> Self {
        DomainError::Conflict {
            detail: detail.into(),
        }
    }
}

impl From<diesel::result::Error> for DomainError {
    fn from(error: diesel::result::Error) -> Self {
        use diesel::result::{DatabaseErrorKind, Error};
        match error {
            Error::NotFound => DomainError::NotFound { entity: "record" },
            Error::DatabaseError(DatabaseErrorKind::UniqueViolation, info) => {
                DomainError::Conflict {
                    detail: unique_violation_detail(info.message(), info.constraint_name()),
                }
            }
            other => DomainError::Storage(other),
        }
    }
}

/// Names the taken value without exposing SQL: SQLite says `UNIQUE constraint failed:
/// accounts.external_id`, PostgreSQL names the index (`ux_accounts_external_id`).
fn unique_violation_detail(message: &str, constraint: Option<&str>) -> String {
    let column = match constraint {
        Some(index) => index.rsplit_once("__").map(|(_, c)| c.to_owned()),
        None => message
            .strip_prefix("UNIQUE constraint failed: ")
            .and_then(|cols| cols.split(',').next())
            .and_then(|col| col.trim().rsplit_once('.'))
            .map(|(_, c)| c.to_owned()),
    };
    match column {
        Some(column) => format!("{column} is already used by another record"),
        None => "a value that must be unique is already used by another record".to_owned(),
    }
}

/// Refuses a write whose `If-Match` names another version than the record's current one.
pub fn check_version(expected: Option<i64>, current: i64) -> DomainResult<()> {
    match expected {
        Some(expected) if expected != current => {
            Err(DomainError::PreconditionFailed { expected, current })
        }
        _ => Ok(()),
    }
}

/// Both results, or every field error of either (so a request learns all its faults at once).
pub fn both<A, B>(a: DomainResult<A>, b: DomainResult<B>) -> DomainResult<(A, B)> {
    match (a, b) {
        (Ok(a), Ok(b)) => Ok((a, b)),
        (Err(DomainError::Validation(mut first)), Err(DomainError::Validation(second))) => {
            first.extend(second);
            Err(DomainError::Validation(first))
        }
        (Err(e), _) | (_, Err(e)) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unique_violations_name_the_column_on_both_backends() {
        assert_eq!(
            unique_violation_detail("UNIQUE constraint failed: accounts.external_id", None),
            "external_id is already used by another record"
        );
        assert_eq!(
            unique_violation_detail("duplicate key value", Some("ux_accounts__external_id")),
            "external_id is already used by another record"
        );
        assert_eq!(
            unique_violation_detail("duplicate key value", Some("weird")),
            "a value that must be unique is already used by another record"
        );
    }
}
