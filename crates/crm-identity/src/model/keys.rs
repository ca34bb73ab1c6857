use crm_core::Timestamp;
use crm_core::id::{ApiKeyId, UserId};
use crm_core::list::{FieldKind, FieldSpec, ListSpec, Sort};
use crm_db::schema::api_keys;
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// An API key, as listed: never the key itself, only its prefix.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Serialize, ToSchema)]
#[diesel(table_name = api_keys)]
pub struct ApiKey {
    /// The key's id.
    pub id: ApiKeyId,
    /// The user the key acts as (with that user's roles).
    pub user_id: UserId,
    /// What the key is for ("ERP sync").
    pub name: String,
    /// The first characters of the key, to recognize it.
    pub prefix: String,
    /// When the key was last used.
    pub last_used_at: Option<Timestamp>,
    /// When the key was revoked; a revoked key is refused.
    pub revoked_at: Option<Timestamp>,
    /// When the key was created.
    pub created_at: Timestamp,
}

/// A new API key.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewApiKey {
    /// What the key is for.
    #[schema(example = "ERP sync")]
    #[serde(default)]
    pub name: Option<String>,
    /// The user the key acts as (an integration user); the caller when absent.
    #[serde(default)]
    pub user_id: Option<UserId>,
}

/// A created API key: the only time the key is shown.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CreatedApiKey {
    /// The key's record.
    #[serde(flatten)]
    pub api_key: ApiKey,
    /// Send as `Authorization: Bearer <key>`. Shown once: only a hash is kept.
    pub key: String,
}

/// What API key lists accept.
pub const API_KEY_LIST: ListSpec = ListSpec {
    resource: "api-keys",
    fields: &[
        FieldSpec::sortable("created_at", FieldKind::Timestamp),
        FieldSpec::filter("user_id", FieldKind::Id, false),
        FieldSpec::filter("revoked_at", FieldKind::Timestamp, true),
    ],
    search_fields: &["name", "prefix"],
    default_sort: Sort::NEWEST_FIRST,
};
