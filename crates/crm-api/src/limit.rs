//! Sign-in attempt limits: a password cannot be guessed faster than a few tries a minute.
//!
//! Failed attempts are counted per email and per client address in a fixed window, in memory
//! (each server counts its own; behind several servers the limit is per server). An address gets
//! a higher limit than an email, because many people may sign in from behind one proxy. A success
//! clears the email's count.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use chrono::Duration;
use crm_core::Timestamp;

/// Failed attempts allowed per email in a window.
pub const MAX_FAILURES_PER_EMAIL: u32 = 10;
/// Failed attempts allowed per client address in a window.
pub const MAX_FAILURES_PER_ADDRESS: u32 = 50;
/// The window's length.
pub const WINDOW_SECONDS: i64 = 15 * 60;
/// Keys kept before old windows are pruned.
const PRUNE_AT: usize = 10_000;

/// Counts failed sign-ins.
#[derive(Debug, Default)]
pub struct LoginLimiter {
    failures: Mutex<HashMap<String, (u32, Timestamp)>>,
}

impl LoginLimiter {
    /// Seconds to wait if any key is at its limit, else `None`. Keys are `(key, limit)`.
    pub fn blocked(&self, keys: &[(String, u32)], now: Timestamp) -> Option<u64> {
        let failures = self.failures.lock().unwrap_or_else(PoisonError::into_inner);
        keys.iter()
            .filter_map(|(key, limit)| failures.get(key).map(|f| (*f, *limit)))
            .filter(|((count, start), limit)| *count >= *limit && now < window_end(*start))
            .map(|((_, start), _)| {
                (window_end(start).unix_seconds() - now.unix_seconds()).max(1) as u64
            })
            .max()
    }

    /// Counts a failed attempt for each key.
    pub fn failed(&self, keys: &[(String, u32)], now: Timestamp) {
        let mut failures = self.failures.lock().unwrap_or_else(PoisonError::into_inner);
        if failures.len() > PRUNE_AT {
            failures.retain(|_, (_, start)| now < window_end(*start));
        }
        for (key, _) in keys {
            let entry = failures.entry(key.clone()).or_insert((0, now));
            if now >= window_end(entry.1) {
                *entry = (0, now);
            }
            entry.0 += 1;
        }
    }

    /// Clears a key after a success.
    pub fn succeeded(&self, key: &str) {
        self.failures
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(key);
    }
}

fn window_end(start: Timestamp) -> Timestamp {
    start.plus(Duration::seconds(WINDOW_SECONDS))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_eleventh_failure_in_a_window_is_blocked_until_it_ends() {
        let limiter = LoginLimiter::default();
        let t0 = Timestamp::parse_rfc3339("2026-11-23T10:00:00Z").unwrap();
        let keys = vec![("email:a@b.c".to_owned(), MAX_FAILURES_PER_EMAIL)];
        for _ in 0..MAX_FAILURES_PER_EMAIL {
            assert_eq!(limiter.blocked(&keys, t0), None);
            limiter.failed(&keys, t0);
        }
        assert_eq!(limiter.blocked(&keys, t0), Some(WINDOW_SECONDS as u64));
        let later = t0.plus(Duration::seconds(WINDOW_SECONDS));
        assert_eq!(limiter.blocked(&keys, later), None);
        limiter.failed(&keys, later);
        assert_eq!(limiter.blocked(&keys, later), None);
    }

    #[test]
    fn an_address_has_a_higher_limit_than_an_email() {
        let limiter = LoginLimiter::default();
        let t0 = Timestamp::parse_rfc3339("2026-11-23T10:00:00Z").unwrap();
        let address = ("ip:10.0.0.1".to_owned(), MAX_FAILURES_PER_ADDRESS);
        for i in 0..MAX_FAILURES_PER_EMAIL {
            let email = (format!("email:user{i}@b.c"), MAX_FAILURES_PER_EMAIL);
            limiter.failed(&[email, address.clone()], t0);
        }
        assert_eq!(limiter.blocked(std::slice::from_ref(&address), t0), None);
        for _ in MAX_FAILURES_PER_EMAIL..MAX_FAILURES_PER_ADDRESS {
            limiter.failed(std::slice::from_ref(&address), t0);
        }
        assert!(limiter.blocked(&[address], t0).is_some());
    }

    #[test]
    fn a_success_clears_the_count() {
        let limiter = LoginLimiter::default();
        let t0 = Timestamp::parse_rfc3339("2026-11-23T10:00:00Z").unwrap();
        let keys = vec![("email:a@b.c".to_owned(), MAX_FAILURES_PER_EMAIL)];
        for _ in 0..MAX_FAILURES_PER_EMAIL {
            limiter.failed(&keys, t0);
        }
        limiter.succeeded("email:a@b.c");
        assert_eq!(limiter.blocked(&keys, t0), None);
    }
}
