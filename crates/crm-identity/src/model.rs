//! What the identity crate reads and returns.

use crm_core::Timestamp;
use crm_core::id::{BusinessUnitId, RoleId, UserId};
use crm_core::security::Privilege;
use crm_db::schema::{business_units, roles, users};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A user of the CRM. User records are readable by every user.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Serialize, ToSchema)]
#[diesel(table_name = users)]
pub struct User {
    /// The user's id.
    pub id: UserId,
    /// The sign-in email (stored lower-case).
    pub email: String,
    /// The name shown everywhere.
    pub full_name: String,
    /// The job title.
    pub job_title: Option<String>,
    /// The work phone.
    pub phone: Option<String>,
    /// The mobile phone.
    pub mobile_phone: Option<String>,
    /// The business unit the user belongs to.
    pub business_unit_id: BusinessUnitId,
    /// The user's manager.
    pub manager_id: Option<UserId>,
    /// A disabled user keeps owning records but can no longer sign in or use the API.
    pub is_active: bool,
    /// When the user last signed in.
    pub last_sign_in_at: Option<Timestamp>,
    /// When the record was created.
    pub created_at: Timestamp,
    /// When the record last changed.
    pub updated_at: Timestamp,
    /// Grows with every change; send it back in `If-Match`.
    pub version: i64,
}

/// A business unit: the organization itself (no parent) or a unit below it.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Serialize, ToSchema)]
#[diesel(table_name = business_units)]
pub struct BusinessUnit {
    /// The unit's id.
    pub id: BusinessUnitId,
    /// Its name.
    pub name: String,
    /// The unit above it; `null` for the organization.
    pub parent_id: Option<BusinessUnitId>,
    /// When the record was created.
    pub created_at: Timestamp,
    /// When the record last changed.
    pub updated_at: Timestamp,
    /// Grows with every change.
    pub version: i64,
}

/// A security role (its privileges are listed separately).
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Serialize, ToSchema)]
#[diesel(table_name = roles)]
pub struct Role {
    /// The role's id.
    pub id: RoleId,
    /// Its name.
    pub name: String,
    /// What the role is for.
    pub description: Option<String>,
    /// The business unit the role belongs to.
    pub business_unit_id: BusinessUnitId,
    /// Whether the role grants every privilege organization-wide.
    pub is_system_admin: bool,
    /// When the record was created.
    pub created_at: Timestamp,
    /// When the record last changed.
    pub updated_at: Timestamp,
    /// Grows with every change.
    pub version: i64,
}

/// The caller: their user record and effective privileges.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Me {
    /// The caller's user record.
    #[serde(flatten)]
    pub user: User,
    /// The name of the caller's business unit.
    pub business_unit_name: String,
    /// The union of the privileges of the caller's roles (the deepest per entity and action).
    pub privileges: Vec<Privilege>,
}

/// Credentials for signing in.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    /// The user's email.
    pub email: String,
    /// The user's password.
    pub password: String,
}

/// A refresh token to exchange or revoke.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RefreshRequest {
    /// The refresh token from the last sign-in or refresh.
    pub refresh_token: String,
}

/// A new pair of tokens.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TokenPair {
    /// Send as `Authorization: Bearer <access_token>`.
    pub access_token: String,
    /// Exchange at `/api/v1/auth/refresh` for a new pair; usable once.
    pub refresh_token: String,
    /// Always `Bearer`.
    #[schema(example = "Bearer")]
    pub token_type: &'static str,
    /// Seconds until the access token expires.
    pub expires_in: i64,
}
