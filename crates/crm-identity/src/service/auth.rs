//! Signing in and out, refreshing tokens, passwords, API keys as credentials, the caller.

use chrono::Duration;
use crm_core::id::UserId;
use crm_core::secret::Secret;
use crm_core::security::{Ctx, Principal};
use crm_core::validate::Validator;
use crm_core::{DomainError, DomainResult, Timestamp};
use crm_db::{AnyConnection, write_transaction};
use serde_json::json;

use crate::model::{Me, SecurityEventKind, TokenPair};
use crate::password;
use crate::service::audit;
use crate::store::{self, keys};
use crate::tokens::{self, ACCESS_TOKEN_SECONDS, REFRESH_TOKEN_DAYS, TokenKeys};

const BAD_CREDENTIALS: &str = "the email or password is not correct";
const BAD_REFRESH: &str = "the refresh token is not valid; sign in again";
const BAD_KEY: &str = "the API key is not valid";

/// Checks an email and password and issues a token pair.
///
/// The password is verified even for an unknown email, so the answer's timing does not reveal who
/// has an account. A disabled user is told so only after giving the right password. Both
/// outcomes are written to the security log.
pub fn login(
    conn: &mut AnyConnection,
    keys: &TokenKeys,
    email: &str,
    password: &Secret,
    client: Option<&str>,
    now: Timestamp,
) -> DomainResult<TokenPair> {
    let email = email.trim().to_lowercase();
    let credentials = store::credentials_by_email(conn, &email)?;
    let hash = credentials
        .as_ref()
        .and_then(|c| c.password_hash.as_deref());
    let verified = password::verify(password.expose(), hash);
    let refusal = match &credentials {
        _ if !verified => Some(BAD_CREDENTIALS),
        Some(c) if !c.user.is_active => Some("this user is disabled; ask an administrator"),
        None => Some(BAD_CREDENTIALS),
        Some(_) => None,
    };
    let user_id = credentials.as_ref().map(|c| c.user.id.to_string());
    write_transaction(conn, |conn| {
        if let Some(reason) = refusal {
            audit::record(
                conn,
                SecurityEventKind::SignInFailed,
                user_id.as_deref(),
                None,
                client,
                json!({ "email": email, "reason": if reason == BAD_CREDENTIALS { "bad_credentials" } else { "disabled" } }),
                now,
            )?;
            return Ok(Err(DomainError::Unauthenticated(reason.into())));
        }
        let Some(credentials) = &credentials else {
            return Ok(Err(DomainError::Unauthenticated(BAD_CREDENTIALS.into())));
        };
        let user = &credentials.user;
        store::touch_sign_in(conn, &user.id, now)?;
        audit::record(
            conn,
            SecurityEventKind::SignIn,
            Some(user.id.as_str()),
            None,
            client,
            json!({ "method": "password" }),
            now,
        )?;
        issue_pair(conn, keys, &user.id, &crm_core::id::new_uuid_v7(), now).map(Ok)
    })?
}

fn issue_pair(
    conn: &mut AnyConnection,
    keys: &TokenKeys,
    user_id: &UserId,
    family_id: &str,
    now: Timestamp,
) -> DomainResult<TokenPair> {
    let (refresh_token, hash) = tokens::new_refresh_token()?;
    let expires_at = now.plus(Duration::days(REFRESH_TOKEN_DAYS));
    store::insert_refresh_token(conn, user_id, family_id, &hash, expires_at, now)?;
    Ok(TokenPair {
        access_token: keys.issue_access(user_id, now)?,
        refresh_token,
        token_type: "Bearer",
        expires_in: ACCESS_TOKEN_SECONDS,
    })
}

/// Exchanges a refresh token for a new pair. Each refresh token works once: presenting a used
/// one again means it was stolen or replayed, and the whole family is revoked (and logged).
pub fn refresh(
    conn: &mut AnyConnection,
    keys: &TokenKeys,
    refresh_token: &Secret,
    client: Option<&str>,
    now: Timestamp,
) -> DomainResult<TokenPair> {
    let hash = tokens::hash_refresh_token(refresh_token.expose());
    write_transaction(conn, |conn| -> DomainResult<DomainResult<TokenPair>> {
        let Some(row) = store::refresh_token_by_hash(conn, &hash)? else {
            return Ok(Err(DomainError::Unauthenticated(BAD_REFRESH.into())));
        };
        if row.revoked_at.is_some() || row.expires_at <= now {
            return Ok(Err(DomainError::Unauthenticated(BAD_REFRESH.into())));
        }
        if row.used_at.is_some() || !store::mark_refresh_token_used(conn, &row.id, now)? {
            // Reuse: revoke the family, and keep that revocation even though the call fails.
            store::revoke_family(conn, &row.family_id, now)?;
            audit::record(
                conn,
                SecurityEventKind::RefreshTokenReused,
                Some(row.user_id.as_str()),
                None,
                client,
                json!({ "family": row.family_id }),
                now,
            )?;
            return Ok(Err(DomainError::Unauthenticated(
                "this refresh token was already used; every session started from it is now signed out".into(),
            )));
        }
        let active = store::user(conn, &row.user_id)?.is_some_and(|u| u.is_active);
        if !active {
            store::revoke_family(conn, &row.family_id, now)?;
            return Ok(Err(DomainError::Unauthenticated(
                "this user does not exist or is disabled".into(),
            )));
        }
        issue_pair(conn, keys, &row.user_id, &row.family_id, now).map(Ok)
    })?
}

/// Revokes a refresh token (and the tokens rotated from the same sign-in). Unknown tokens are
/// ignored: signing out twice is not an error.
pub fn logout(
    conn: &mut AnyConnection,
    refresh_token: &Secret,
    now: Timestamp,
) -> DomainResult<()> {
    let hash = tokens::hash_refresh_token(refresh_token.expose());
    write_transaction(conn, |conn| {
        if let Some(row) = store::refresh_token_by_hash(conn, &hash)? {
            store::revoke_family(conn, &row.family_id, now)?;
        }
        Ok(())
    })
}

/// The user an API key acts as, if the key is valid and not revoked. The key's last use is
/// recorded at most once a minute, so a busy integration does not turn every read into a write.
pub fn authenticate_api_key(
    conn: &mut AnyConnection,
    key: &str,
    now: Timestamp,
) -> DomainResult<UserId> {
    let prefix =
        tokens::api_key_prefix(key).ok_or_else(|| DomainError::Unauthenticated(BAD_KEY.into()))?;
    let check = keys::by_prefix(conn, prefix)?
        .ok_or_else(|| DomainError::Unauthenticated(BAD_KEY.into()))?;
    if !tokens::hash_matches(&tokens::hash_api_key(key), &check.key_hash) {
        return Err(DomainError::Unauthenticated(BAD_KEY.into()));
    }
    if check.revoked_at.is_some() {
        return Err(DomainError::Unauthenticated(
            "this API key was revoked".into(),
        ));
    }
    let stale = check
        .last_used_at
        .is_none_or(|used| used.plus(Duration::seconds(60)) < now);
    if stale {
        keys::touch(conn, &check.id, now)?;
    }
    Ok(check.user_id)
}

/// The caller changes their own password; every session they have is signed out.
pub fn change_password(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    current: &Secret,
    new: &Secret,
) -> DomainResult<()> {
    let user_id = ctx.principal.user_id.clone();
    let stored = store::password_hash_of(conn, &user_id)?;
    let mut v = Validator::new();
    if !password::verify(current.expose(), stored.as_deref()) {
        v.add(
            "current_password",
            "incorrect",
            "current_password is not your password",
        );
    }
    password::check(&mut v, "new_password", new.expose());
    v.finish()?;
    set_password(conn, ctx, &user_id, new)
}

/// Sets a user's password and signs out their sessions (the caller's checks are done).
pub(crate) fn set_password(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    user_id: &UserId,
    new: &Secret,
) -> DomainResult<()> {
    let hash = password::hash(new.expose())?;
    write_transaction(conn, |conn| {
        store::set_password(conn, user_id, &hash)?;
        store::revoke_user_tokens(conn, user_id, ctx.now)?;
        audit::record_by(
            conn,
            ctx,
            SecurityEventKind::PasswordChanged,
            Some(user_id.as_str()),
            json!({ "by": if ctx.principal.user_id == *user_id { "self" } else { "administrator" } }),
        )
    })
}

/// The caller's user record, teams and effective privileges.
pub fn me(conn: &mut AnyConnection, principal: &Principal) -> DomainResult<Me> {
    let user = store::user(conn, &principal.user_id)?.ok_or(DomainError::not_found("user"))?;
    let unit = store::business_unit(conn, &user.business_unit_id)?
        .ok_or(DomainError::not_found("business unit"))?;
    Ok(Me {
        user,
        business_unit_name: unit.name,
        team_ids: principal
            .team_ids
            .iter()
            .map(|t| crm_core::id::TeamId::from_trusted(t.clone()))
            .collect(),
        privileges: principal.privileges(),
    })
}
