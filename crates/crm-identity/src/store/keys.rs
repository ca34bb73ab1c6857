//! API keys.

use crm_core::Timestamp;
use crm_core::id::{ApiKeyId, UserId};
use crm_db::AnyConnection;
use crm_db::schema::{api_keys, users};
use diesel::prelude::*;

use crate::model::ApiKey;

crm_db::list_query! {
    /// A page of API keys (up to `limit + 1` rows) and the total.
    pub fn list_keys / key_sort_key (api_keys) -> ApiKey {
        id: api_keys::id,
        filters: {
            "created_at" => (api_keys::created_at, Timestamp),
            "user_id" => (api_keys::user_id, String),
            "revoked_at" => (api_keys::revoked_at.assume_not_null(), Timestamp),
        },
        sorts: {
            "created_at" => (api_keys::created_at, Timestamp, |r| r.created_at),
        },
        search: [api_keys::name, api_keys::prefix],
    }
}

/// A key with what its use needs: its hash, whether it is revoked, and its user's unit.
#[derive(Debug, Queryable)]
pub struct KeyCheck {
    /// The key's id.
    pub id: ApiKeyId,
    /// The user it acts as.
    pub user_id: UserId,
    /// The stored hash.
    pub key_hash: String,
    /// When it was revoked.
    pub revoked_at: Option<Timestamp>,
    /// When it was last used.
    pub last_used_at: Option<Timestamp>,
}

/// The key with a prefix, for authenticating with it.
pub fn by_prefix(conn: &mut AnyConnection, prefix: &str) -> QueryResult<Option<KeyCheck>> {
    api_keys::table
        .filter(api_keys::prefix.eq(prefix))
        .select((
            api_keys::id,
            api_keys::user_id,
            api_keys::key_hash,
            api_keys::revoked_at,
            api_keys::last_used_at,
        ))
        .first(conn)
        .optional()
}

/// A key by id, with the business unit of its user.
pub fn find_key(conn: &mut AnyConnection, id: &ApiKeyId) -> QueryResult<Option<(ApiKey, String)>> {
    api_keys::table
        .inner_join(users::table)
        .filter(api_keys::id.eq(id))
        .select((ApiKey::as_select(), users::business_unit_id))
        .first(conn)
        .optional()
}

/// A key about to be stored: only its prefix and hash, never the key.
#[derive(Insertable)]
#[diesel(table_name = api_keys)]
pub struct NewKeyRow<'a> {
    /// The key's id.
    pub id: &'a ApiKeyId,
    /// The user the key acts as.
    pub user_id: &'a UserId,
    /// What the key is for.
    pub name: &'a str,
    /// The public part shown in lists.
    pub prefix: &'a str,
    /// The SHA-256 of the key.
    pub key_hash: &'a str,
    /// Who created it.
    pub created_by: &'a str,
    /// When.
    pub created_at: Timestamp,
}

/// Inserts a key.
pub fn insert_key(conn: &mut AnyConnection, row: &NewKeyRow<'_>) -> QueryResult<ApiKey> {
    diesel::insert_into(api_keys::table)
        .values(row)
        .execute(conn)?;
    api_keys::table
        .find(row.id)
        .select(ApiKey::as_select())
        .first(conn)
}

/// Revokes a key (at once: the next request with it is refused).
pub fn revoke(conn: &mut AnyConnection, id: &ApiKeyId, now: Timestamp) -> QueryResult<()> {
    diesel::update(
        api_keys::table
            .filter(api_keys::id.eq(id))
            .filter(api_keys::revoked_at.is_null()),
    )
    .set(api_keys::revoked_at.eq(now))
    .execute(conn)
    .map(|_| ())
}

/// Records that a key was used.
pub fn touch(conn: &mut AnyConnection, id: &ApiKeyId, now: Timestamp) -> QueryResult<()> {
    diesel::update(api_keys::table.find(id))
        .set(api_keys::last_used_at.eq(now))
        .execute(conn)
        .map(|_| ())
}

/// The ids of the users in some business units (to list the keys a caller may see).
pub fn users_in_units(conn: &mut AnyConnection, units: &[String]) -> QueryResult<Vec<String>> {
    users::table
        .filter(users::business_unit_id.eq_any(units))
        .select(users::id)
        .load(conn)
}
