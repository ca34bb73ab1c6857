//! The rules of the organization and of identity. Handlers and other crates call only these.

pub mod audit;
pub mod auth;
pub mod keys;
pub mod roles;
pub mod teams;
pub mod units;
pub mod users;

use crm_core::DomainError;
pub(crate) use crm_core::error::check_version;
use crm_core::security::{AccessScope, Action};

/// Whether a scope reaches a record with this owner and unit; 403 if not.
pub(crate) fn require_within(
    scope: &AccessScope,
    owner_id: &str,
    unit_id: &str,
    entity: &str,
    action: Action,
) -> Result<(), DomainError> {
    if scope.allows(owner_id, unit_id) {
        Ok(())
    } else {
        Err(DomainError::forbidden(entity, action.as_str()))
    }
}
