//! Password hashing with argon2id (PHC strings carry their own salt and parameters).

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use crm_core::validate::Validator;
use crm_core::{DomainError, DomainResult};

/// The shortest password accepted.
pub const MIN_LEN: usize = 10;
/// The longest password accepted (argon2 would take any length; a bound keeps requests cheap).
pub const MAX_LEN: usize = 256;

/// A hash verified when the user does not exist, so a sign-in for an unknown email costs the same
/// time as one for a known email and timing does not reveal who has an account.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$Wc0Wl6Ff0bmqZKxRz4p3zRk8JYAyTj9bq4y0T9H6XGo";

/// Checks a new password's length, adding an error for `field`.
pub fn check(v: &mut Validator, field: &str, password: &str) {
    let len = password.chars().count();
    if len < MIN_LEN {
        v.add(
            field,
            "too_short",
            format!("{field} must be at least {MIN_LEN} characters"),
        );
    } else if len > MAX_LEN {
        v.add(
            field,
            "too_long",
            format!("{field} must be at most {MAX_LEN} characters"),
        );
    }
}

/// Hashes a password (argon2id, random salt).
pub fn hash(password: &str) -> DomainResult<String> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| DomainError::Internal(format!("password hashing failed: {e}")))
}

/// Whether a password matches a stored hash. With no stored hash, a dummy one is verified so the
/// answer takes the same time.
pub fn verify(password: &str, stored: Option<&str>) -> bool {
    let Ok(parsed) = PasswordHash::new(stored.unwrap_or(DUMMY_HASH)) else {
        return false;
    };
    let ok = Argon2::default()
        .verify_password(password.as_bytes(), &parsed)
        .is_ok();
    ok && stored.is_some()
}

/// A random password for a first administrator when none is configured.
pub fn generate() -> DomainResult<String> {
    const ALPHABET: &[u8] = b"abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut bytes = [0u8; 20];
    getrandom::fill(&mut bytes)
        .map_err(|e| DomainError::Internal(format!("no randomness available: {e}")))?;
    Ok(bytes
        .iter()
        .map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char)
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_verifies_its_password_only() {
        let stored = hash("correct horse battery").unwrap();
        assert!(stored.starts_with("$argon2id$"));
        assert!(verify("correct horse battery", Some(&stored)));
        assert!(!verify("wrong horse battery", Some(&stored)));
    }

    #[test]
    fn the_dummy_hash_is_a_real_argon2id_hash() {
        assert!(PasswordHash::new(DUMMY_HASH).is_ok());
    }

    #[test]
    fn an_unknown_user_never_verifies() {
        assert!(!verify("anything", None));
        assert!(!verify("anything", Some("not a hash")));
    }

    #[test]
    fn short_passwords_are_refused() {
        let mut v = Validator::new();
        check(&mut v, "password", "short");
        assert!(v.finish().is_err());
        let generated = generate().unwrap();
        let mut v = Validator::new();
        check(&mut v, "password", &generated);
        assert!(v.finish().is_ok());
    }
}
