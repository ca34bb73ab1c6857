use crm_core::secret::Secret;
use crm_core::security::Privilege;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::User;

/// The caller: their user record and effective privileges.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Me {
    /// The caller's user record.
    #[serde(flatten)]
    pub user: User,
    /// The name of the caller's business unit.
    pub business_unit_name: String,
    /// The teams the caller is in.
    pub team_ids: Vec<crm_core::id::TeamId>,
    /// The union of the privileges of the caller's roles and their teams' roles (the deepest per
    /// entity and action).
    pub privileges: Vec<Privilege>,
}

/// Credentials for signing in.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    /// The user's email.
    pub email: String,
    /// The user's password.
    pub password: Secret,
}

/// A refresh token to exchange or revoke.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RefreshRequest {
    /// The refresh token from the last sign-in or refresh.
    pub refresh_token: Secret,
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

/// The caller changes their own password.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordChange {
    /// The password in use now.
    pub current_password: Secret,
    /// The new password (at least 10 characters).
    pub new_password: Secret,
}

/// An administrator sets a user's password.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordReset {
    /// The new password (at least 10 characters).
    pub new_password: Secret,
}
