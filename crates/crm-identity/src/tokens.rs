//! Access tokens (HS256 JWTs, minutes) and refresh tokens (random, rotating, stored hashed).
//!
//! Expiry is checked against the [`crm_core::Clock`], not the system time, so tests can move
//! time; the JWT library's own expiry check is off for that reason.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use crm_core::id::UserId;
use crm_core::{DomainError, DomainResult, Timestamp};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// How long an access token lives.
pub const ACCESS_TOKEN_SECONDS: i64 = 15 * 60;
/// How long a refresh token lives without being used.
pub const REFRESH_TOKEN_DAYS: i64 = 30;
/// Refresh tokens start with this, so they are recognizable in logs and secret scanners.
pub const REFRESH_TOKEN_PREFIX: &str = "crm_rt_";

/// The key that signs and checks access tokens.
#[derive(Clone)]
pub struct TokenKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
}

impl std::fmt::Debug for TokenKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TokenKeys(..)")
    }
}

#[derive(Debug, Serialize, Deserialize)]
struct Claims {
    sub: String,
    iat: i64,
    exp: i64,
    typ: String,
}

impl TokenKeys {
    /// Keys from a secret of at least 32 bytes.
    pub fn from_secret(secret: &[u8]) -> DomainResult<Self> {
        if secret.len() < 32 {
            return Err(DomainError::Internal(
                "the JWT secret must be at least 32 bytes".into(),
            ));
        }
        Ok(TokenKeys {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
        })
    }

    /// A signed access token for a user, valid from `now` for [`ACCESS_TOKEN_SECONDS`].
    pub fn issue_access(&self, user_id: &UserId, now: Timestamp) -> DomainResult<String> {
        let claims = Claims {
            sub: user_id.to_string(),
            iat: now.unix_seconds(),
            exp: now.unix_seconds() + ACCESS_TOKEN_SECONDS,
            typ: "access".into(),
        };
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .map_err(|e| DomainError::Internal(format!("cannot sign an access token: {e}")))
    }

    /// The user an access token was issued to, if its signature holds and it has not expired.
    pub fn verify_access(&self, token: &str, now: Timestamp) -> DomainResult<UserId> {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.validate_exp = false;
        validation.required_spec_claims = ["exp".to_owned(), "sub".to_owned()].into();
        let data = jsonwebtoken::decode::<Claims>(token, &self.decoding, &validation)
            .map_err(|_| DomainError::Unauthenticated("the access token is not valid".into()))?;
        if data.claims.typ != "access" {
            return Err(DomainError::Unauthenticated(
                "the access token is not valid".into(),
            ));
        }
        if data.claims.exp <= now.unix_seconds() {
            return Err(DomainError::Unauthenticated(
                "the access token has expired; refresh it or sign in again".into(),
            ));
        }
        UserId::parse(&data.claims.sub)
            .map_err(|_| DomainError::Unauthenticated("the access token is not valid".into()))
    }
}

/// A new random secret of 32 bytes (for the JWT key when none is configured).
pub fn random_secret() -> DomainResult<[u8; 32]> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)
        .map_err(|e| DomainError::Internal(format!("no randomness available: {e}")))?;
    Ok(bytes)
}

/// A new refresh token (what the client keeps) and its hash (what the database keeps).
pub fn new_refresh_token() -> DomainResult<(String, String)> {
    let token = format!(
        "{REFRESH_TOKEN_PREFIX}{}",
        URL_SAFE_NO_PAD.encode(random_secret()?)
    );
    let hash = hash_refresh_token(&token);
    Ok((token, hash))
}

/// The stored form of a refresh token.
pub fn hash_refresh_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    fn keys() -> TokenKeys {
        TokenKeys::from_secret(&[7u8; 32]).unwrap()
    }

    fn t0() -> Timestamp {
        Timestamp::parse_rfc3339("2026-11-23T10:00:00Z").unwrap()
    }

    #[test]
    fn an_access_token_names_its_user_until_it_expires() {
        let user = UserId::new();
        let token = keys().issue_access(&user, t0()).unwrap();
        assert_eq!(keys().verify_access(&token, t0()).unwrap(), user);
        let later = t0().plus(Duration::seconds(ACCESS_TOKEN_SECONDS - 1));
        assert!(keys().verify_access(&token, later).is_ok());
        let expired = t0().plus(Duration::seconds(ACCESS_TOKEN_SECONDS));
        assert!(matches!(
            keys().verify_access(&token, expired),
            Err(DomainError::Unauthenticated(m)) if m.contains("expired")
        ));
    }

    #[test]
    fn a_token_signed_with_another_key_is_refused() {
        let other = TokenKeys::from_secret(&[8u8; 32]).unwrap();
        let token = other.issue_access(&UserId::new(), t0()).unwrap();
        assert!(keys().verify_access(&token, t0()).is_err());
        assert!(keys().verify_access("not.a.jwt", t0()).is_err());
    }

    #[test]
    fn short_secrets_are_refused() {
        assert!(TokenKeys::from_secret(b"short").is_err());
    }

    #[test]
    fn refresh_tokens_are_random_and_stored_hashed() {
        let (a, hash_a) = new_refresh_token().unwrap();
        let (b, _) = new_refresh_token().unwrap();
        assert_ne!(a, b);
        assert!(a.starts_with(REFRESH_TOKEN_PREFIX));
        assert_eq!(hash_refresh_token(&a), hash_a);
        assert!(!hash_a.contains(&a));
    }
}
