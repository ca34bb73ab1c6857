//! API keys: how integrations authenticate. A key acts as a user, with that user's roles; it is
//! shown once, stored hashed, listed by prefix, and revoked at once.

use crm_core::id::ApiKeyId;
use crm_core::list::{ListQuery, Page};
use crm_core::security::{AccessScope, Action, Ctx, entities};
use crm_core::validate::{Validator, clean};
use crm_core::{DomainError, DomainResult};
use crm_db::query::BoxedCondition;
use crm_db::schema::api_keys;
use crm_db::{AnyConnection, write_transaction};
use diesel::prelude::*;
use serde_json::json;

use crate::model::{ApiKey, CreatedApiKey, NewApiKey, SecurityEventKind};
use crate::service::{audit, require_within};
use crate::store::{self, keys};
use crate::tokens;

const KEY: &str = "API key";

/// The users whose keys a caller may see (`None`: everyone's): their own and their reports',
/// plus those of users in the units their depth reaches.
fn visible_users(
    conn: &mut AnyConnection,
    scope: &AccessScope,
) -> DomainResult<Option<Vec<String>>> {
    Ok(match scope {
        AccessScope::Organization => None,
        AccessScope::Restricted {
            owner_ids,
            business_unit_ids,
        } => {
            let mut users = owner_ids.clone();
            users.extend(keys::users_in_units(conn, business_unit_ids)?);
            Some(users)
        }
    })
}

/// A page of the API keys the caller may see.
pub fn list_keys(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    list: &ListQuery,
) -> DomainResult<Page<ApiKey>> {
    let scope = ctx.principal.require(entities::API_KEYS, Action::Read)?;
    let users = visible_users(conn, &scope)?;
    let (rows, total) = keys::list_keys(
        conn,
        || {
            users
                .iter()
                .map(|u| {
                    Box::new(api_keys::user_id.eq_any(u.clone()))
                        as BoxedCondition<'static, api_keys::table>
                })
                .collect()
        },
        list,
    )?;
    Ok(Page::from_rows(rows, list, total, |r| {
        keys::key_sort_key(r, list.sort.field)
    }))
}

/// Creates a key acting as the caller, or as another user the caller's depth reaches (an
/// integration user). The key is in this answer only.
pub fn create_key(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    new: NewApiKey,
) -> DomainResult<CreatedApiKey> {
    let scope = ctx.principal.require(entities::API_KEYS, Action::Create)?;
    let mut v = Validator::new();
    let name = clean(new.name);
    v.required_max("name", name.as_deref(), 100);
    v.finish()?;
    let user_id = new.user_id.unwrap_or_else(|| ctx.principal.user_id.clone());
    write_transaction(conn, |conn| {
        let user = store::user(conn, &user_id)?
            .filter(|u| u.is_active)
            .ok_or_else(|| {
                DomainError::invalid("user_id", "not_found", "user_id names no active user")
            })?;
        require_within(
            &scope,
            user.id.as_str(),
            user.business_unit_id.as_str(),
            entities::API_KEYS,
            Action::Create,
        )?;
        let (key, prefix, hash) = tokens::new_api_key()?;
        let id = ApiKeyId::new();
        let api_key = keys::insert_key(
            conn,
            &keys::NewKeyRow {
                id: &id,
                user_id: &user.id,
                name: name.as_deref().unwrap_or_default(),
                prefix: &prefix,
                key_hash: &hash,
                created_by: ctx.actor(),
                created_at: ctx.now,
            },
        )?;
        audit::record_by(
            conn,
            ctx,
            SecurityEventKind::ApiKeyCreated,
            Some(user.id.as_str()),
            json!({ "api_key_id": id, "prefix": prefix, "name": api_key.name }),
        )?;
        Ok(CreatedApiKey { api_key, key })
    })
}

/// Revokes a key; the next request with it is refused.
pub fn revoke_key(conn: &mut AnyConnection, ctx: &Ctx, id: &ApiKeyId) -> DomainResult<()> {
    let read = ctx.principal.require(entities::API_KEYS, Action::Read)?;
    let delete = ctx.principal.require(entities::API_KEYS, Action::Delete)?;
    write_transaction(conn, |conn| {
        let (key, unit) = keys::find_key(conn, id)?.ok_or(DomainError::not_found(KEY))?;
        if !read.allows(key.user_id.as_str(), &unit) {
            return Err(DomainError::not_found(KEY));
        }
        require_within(
            &delete,
            key.user_id.as_str(),
            &unit,
            entities::API_KEYS,
            Action::Delete,
        )?;
        if key.revoked_at.is_some() {
            return Ok(());
        }
        keys::revoke(conn, id, ctx.now)?;
        audit::record_by(
            conn,
            ctx,
            SecurityEventKind::ApiKeyRevoked,
            Some(key.user_id.as_str()),
            json!({ "api_key_id": id, "prefix": key.prefix }),
        )
    })
}
