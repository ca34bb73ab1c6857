use crm_core::Timestamp;
use crm_core::list::{FieldKind, FieldSpec, ListSpec, Sort};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;

/// What happened, in the security log.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SecurityEventKind {
    /// A user signed in.
    SignIn,
    /// A sign-in was refused.
    SignInFailed,
    /// A refresh token was presented again: its whole family was revoked.
    RefreshTokenReused,
    /// A user changed their password, or an administrator set it.
    PasswordChanged,
    /// An API key was created.
    ApiKeyCreated,
    /// An API key was revoked.
    ApiKeyRevoked,
    /// A role was created, or its privileges changed, or it was deleted.
    RoleChanged,
    /// The roles of a user or a team changed.
    RolesAssigned,
    /// A user was disabled.
    UserDisabled,
    /// A user was enabled again.
    UserEnabled,
}

impl SecurityEventKind {
    /// Every kind.
    pub const WORDS: &'static [&'static str] = &[
        "sign_in",
        "sign_in_failed",
        "refresh_token_reused",
        "password_changed",
        "api_key_created",
        "api_key_revoked",
        "role_changed",
        "roles_assigned",
        "user_disabled",
        "user_enabled",
    ];

    /// The stored word.
    pub fn as_str(self) -> &'static str {
        use SecurityEventKind::*;
        match self {
            SignIn => "sign_in",
            SignInFailed => "sign_in_failed",
            RefreshTokenReused => "refresh_token_reused",
            PasswordChanged => "password_changed",
            ApiKeyCreated => "api_key_created",
            ApiKeyRevoked => "api_key_revoked",
            RoleChanged => "role_changed",
            RolesAssigned => "roles_assigned",
            UserDisabled => "user_disabled",
            UserEnabled => "user_enabled",
        }
    }

    /// Parses the stored word.
    pub fn parse(text: &str) -> Option<Self> {
        use SecurityEventKind::*;
        [
            SignIn,
            SignInFailed,
            RefreshTokenReused,
            PasswordChanged,
            ApiKeyCreated,
            ApiKeyRevoked,
            RoleChanged,
            RolesAssigned,
            UserDisabled,
            UserEnabled,
        ]
        .into_iter()
        .find(|k| k.as_str() == text)
    }
}

/// One entry of the security log. It never holds a secret.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SecurityEvent {
    /// Its position in the log.
    pub seq: i64,
    /// What happened.
    pub kind: SecurityEventKind,
    /// The user it happened to (`null` for a sign-in with an unknown email).
    pub user_id: Option<String>,
    /// Who did it (`null` when it was the user themselves signing in, or the system).
    pub actor_id: Option<String>,
    /// The client's network address.
    pub ip: Option<String>,
    /// Particulars: the email tried, the key's prefix, the role's changes...
    pub details: Value,
    /// When.
    pub occurred_at: Timestamp,
}

/// What security log lists accept.
pub const SECURITY_EVENT_LIST: ListSpec = ListSpec {
    resource: "security-events",
    fields: &[
        FieldSpec::sort_only("seq", FieldKind::Integer),
        FieldSpec::filter("kind", FieldKind::Choice(SecurityEventKind::WORDS), false),
        FieldSpec::filter("user_id", FieldKind::Id, true),
        FieldSpec::filter("actor_id", FieldKind::Id, true),
        FieldSpec::filter("occurred_at", FieldKind::Timestamp, false),
    ],
    search_fields: &[],
    default_sort: Sort {
        field: "seq",
        descending: true,
    },
};
