//! Signing in and out, refreshing tokens, and the caller's own record.

use chrono::Duration;
use crm_core::id::UserId;
use crm_core::security::Principal;
use crm_core::{DomainError, DomainResult, Timestamp};
use crm_db::{AnyConnection, write_transaction};

use crate::model::{Me, TokenPair};
use crate::password;
use crate::store;
use crate::tokens::{self, ACCESS_TOKEN_SECONDS, REFRESH_TOKEN_DAYS, TokenKeys};

const BAD_CREDENTIALS: &str = "the email or password is not correct";
const BAD_REFRESH: &str = "the refresh token is not valid; sign in again";

/// Checks an email and password and issues a token pair.
///
/// The password is verified even for an unknown email, so the answer's timing does not reveal who
/// has an account. A disabled user is told so only after giving the right password.
pub fn login(
    conn: &mut AnyConnection,
    keys: &TokenKeys,
    email: &str,
    password: &str,
    now: Timestamp,
) -> DomainResult<TokenPair> {
    let email = email.trim().to_lowercase();
    let credentials = store::credentials_by_email(conn, &email)?;
    let hash = credentials
        .as_ref()
        .and_then(|c| c.password_hash.as_deref());
    if !password::verify(password, hash) {
        return Err(DomainError::Unauthenticated(BAD_CREDENTIALS.into()));
    }
    let Some(credentials) = credentials else {
        return Err(DomainError::Unauthenticated(BAD_CREDENTIALS.into()));
    };
    let user = credentials.user;
    if !user.is_active {
        return Err(DomainError::Unauthenticated(
            "this user is disabled; ask an administrator".into(),
        ));
    }
    write_transaction(conn, |conn| {
        store::touch_sign_in(conn, &user.id, now)?;
        issue_pair(conn, keys, &user.id, &crm_core::id::new_uuid_v7(), now)
    })
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
/// one again means it was stolen or replayed, and the whole family is revoked.
pub fn refresh(
    conn: &mut AnyConnection,
    keys: &TokenKeys,
    refresh_token: &str,
    now: Timestamp,
) -> DomainResult<TokenPair> {
    let hash = tokens::hash_refresh_token(refresh_token);
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
pub fn logout(conn: &mut AnyConnection, refresh_token: &str, now: Timestamp) -> DomainResult<()> {
    let hash = tokens::hash_refresh_token(refresh_token);
    write_transaction(conn, |conn| {
        if let Some(row) = store::refresh_token_by_hash(conn, &hash)? {
            store::revoke_family(conn, &row.family_id, now)?;
        }
        Ok(())
    })
}

/// The caller's user record and effective privileges.
pub fn me(conn: &mut AnyConnection, principal: &Principal) -> DomainResult<Me> {
    let user = store::user(conn, &principal.user_id)?.ok_or(DomainError::not_found("user"))?;
    let unit = store::business_unit(conn, &user.business_unit_id)?
        .ok_or(DomainError::not_found("business unit"))?;
    Ok(Me {
        user,
        business_unit_name: unit.name,
        privileges: principal.privileges(),
    })
}
