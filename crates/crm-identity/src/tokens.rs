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

/// The `iss` of every access token.
pub const ISSUER: &str = "crm";
/// The `aud` of every access token.
pub const AUDIENCE: &str = "crm-api";
/// API keys start with this.
pub const API_KEY_PREFIX: &str = "crm_";

#[derive(Debug, Serialize, Deserialize)]
struct Claims {
    sub: String,
    iss: String,
    aud: String,
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
            iss: ISSUER.into(),
            aud: AUDIENCE.into(),
            iat: now.unix_seconds(),
            exp: now.unix_seconds() + ACCESS_TOKEN_SECONDS,
            typ: "access".into(),
        };
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .map_err(|e| DomainError::Internal(format!("cannot sign an access token: {e}")))
    }

    /// The user an access token was issued to, if its signature holds and it has not expired.
    pub fn verify_access(&self, token: &str, now: Timestamp) -> DomainResult<UserId> {
        // The algorithm is pinned: a token claiming another (`none`, RS256 with our secret as a
        // public key) is refused. Expiry is checked below against the Clock.
        let mut validation = Validation::new(Algorithm::HS256);
        validation.validate_exp = false;
        validation.set_issuer(&[ISSUER]);
        validation.set_audience(&[AUDIENCE]);
        validation.required_spec_claims = ["exp", "sub", "iss", "aud"].map(str::to_owned).into();
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

/// A new API key: the key (shown once), its prefix (to find it and show it) and its hash.
pub fn new_api_key() -> DomainResult<(String, String, String)> {
    let random = random_secret()?;
    let prefix: String = hex::encode(&random[..4]);
    let key = format!(
        "{API_KEY_PREFIX}{prefix}_{}",
        URL_SAFE_NO_PAD.encode(&random[4..])
    );
    let hash = hash_api_key(&key);
    Ok((key, prefix, hash))
}

/// The prefix of something shaped like an API key (`crm_<prefix>_<secret>`).
pub fn api_key_prefix(key: &str) -> Option<&str> {
    let rest = key.strip_prefix(API_KEY_PREFIX)?;
    let (prefix, secret) = rest.split_once('_')?;
    (prefix.len() == 8 && !secret.is_empty()).then_some(prefix)
}

/// Whether a bearer credential is an API key rather than an access token.
pub fn is_api_key(credential: &str) -> bool {
    credential.starts_with(API_KEY_PREFIX)
}

/// The stored form of an API key.
pub fn hash_api_key(key: &str) -> String {
    hex::encode(Sha256::digest(key.as_bytes()))
}

/// Compares two hashes in constant time.
pub fn hash_matches(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
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
    fn an_unsigned_token_is_refused() {
        let claims = serde_json::json!({
            "sub": UserId::new().to_string(), "iss": ISSUER, "aud": AUDIENCE,
            "iat": t0().unix_seconds(), "exp": t0().unix_seconds() + 60, "typ": "access",
        });
        let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#);
        let body = URL_SAFE_NO_PAD.encode(claims.to_string());
        for token in [format!("{header}.{body}."), format!("{header}.{body}")] {
            assert!(keys().verify_access(&token, t0()).is_err(), "{token}");
        }
    }

    #[test]
    fn short_secrets_are_refused() {
        assert!(TokenKeys::from_secret(b"short").is_err());
    }

    #[test]
    fn a_token_for_another_audience_or_issuer_is_refused() {
        let k = keys();
        let claims = Claims {
            sub: UserId::new().to_string(),
            iss: "someone-else".into(),
            aud: AUDIENCE.into(),
            iat: t0().unix_seconds(),
            exp: t0().unix_seconds() + 60,
            typ: "access".into(),
        };
        let token =
            jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &k.encoding).unwrap();
        assert!(k.verify_access(&token, t0()).is_err());
        let claims = Claims {
            iss: ISSUER.into(),
            aud: "other-api".into(),
            ..claims
        };
        let token =
            jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &k.encoding).unwrap();
        assert!(k.verify_access(&token, t0()).is_err());
        let claims = Claims {
            aud: AUDIENCE.into(),
            ..claims
        };
        let token =
            jsonwebtoken::encode(&Header::new(Algorithm::HS512), &claims, &k.encoding).unwrap();
        assert!(
            k.verify_access(&token, t0()).is_err(),
            "only HS256 is accepted"
        );
    }

    #[test]
    fn api_keys_have_a_findable_prefix_and_are_stored_hashed() {
        let (key, prefix, hash) = new_api_key().unwrap();
        assert!(is_api_key(&key));
        assert_eq!(api_key_prefix(&key), Some(prefix.as_str()));
        assert!(hash_matches(&hash_api_key(&key), &hash));
        assert!(!hash_matches(&hash_api_key(&format!("{key}x")), &hash));
        assert_eq!(api_key_prefix("crm_short_x"), None);
        assert_eq!(api_key_prefix("eyJhbGciOi"), None);
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
