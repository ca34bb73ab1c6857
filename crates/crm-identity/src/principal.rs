//! Resolving an authenticated user to a [`Principal`]: their unit, teams, roles (their own and
//! their teams'), reports and the units below theirs. Done once per request, inside the request's unit of work.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, PoisonError, RwLock};

use chrono::Duration;
use crm_core::Timestamp;
use crm_core::id::{BusinessUnitId, UserId};
use crm_core::security::{Action, Depth, Principal, Privilege};
use crm_core::{DomainError, DomainResult};
use crm_db::AnyConnection;
use crm_db::tree::{self, Hierarchy};

use crate::store;

/// The principal of an active user; a disabled or deleted user is refused with 401.
pub fn load(conn: &mut AnyConnection, user_id: &UserId) -> DomainResult<Principal> {
    let user = store::user(conn, user_id)?
        .filter(|u| u.is_active)
        .ok_or_else(|| {
            DomainError::Unauthenticated("this user does not exist or is disabled".into())
        })?;
    let team_ids = store::team_ids_of(conn, user_id)?;
    let (is_admin, grants) = store::role_grants(conn, user_id, &team_ids)?;
    let privileges: Vec<Privilege> = grants
        .into_iter()
        .filter_map(|row| {
            Some(Privilege {
                action: Action::parse(&row.action)?,
                depth: Depth::parse(&row.depth)?,
                entity: row.entity,
            })
        })
        .collect();
    let needs_tree = privileges
        .iter()
        .any(|p| p.depth == Depth::BusinessUnitTree);
    let mut principal = Principal::new(user.id, user.business_unit_id, is_admin, privileges);
    principal.team_ids = team_ids.into_iter().map(|t| t.into_string()).collect();
    if is_admin {
        // Organization depth everywhere: neither reports nor units are ever consulted.
        return Ok(principal);
    }
    principal.report_ids = tree::below(conn, Hierarchy::Reports, principal.user_id.as_str())?
        .into_iter()
        .map(UserId::from_trusted)
        .collect();
    if needs_tree {
        let below = tree::below(
            conn,
            Hierarchy::BusinessUnits,
            principal.business_unit_id.as_str(),
        )?;
        principal
            .unit_tree_ids
            .extend(below.into_iter().map(BusinessUnitId::from_trusted));
    }
    Ok(principal)
}

/// Principals loaded by recent requests, so that a request does not pay again for the caller's
/// roles, teams, reports and units (several queries) when nothing about them has changed.
///
/// Any write to the organization (users, teams, roles, business units, API keys) calls
/// [`PrincipalCache::invalidate`], which empties the cache at once: a disabled user, a revoked
/// key or a removed role takes effect on the next request. An entry also expires after a short
/// time, which bounds how long another server on the same PostgreSQL database may act on a
/// principal this server changed.
pub struct PrincipalCache {
    generation: AtomicU64,
    entries: RwLock<HashMap<String, CachedPrincipal>>,
    ttl: Duration,
    capacity: usize,
}

struct CachedPrincipal {
    generation: u64,
    loaded_at: Timestamp,
    principal: Arc<Principal>,
}

impl PrincipalCache {
    /// A cache whose entries live for `ttl` and that holds at most `capacity` callers.
    pub fn new(ttl: Duration, capacity: usize) -> Self {
        PrincipalCache {
            generation: AtomicU64::new(0),
            entries: RwLock::new(HashMap::new()),
            ttl,
            capacity,
        }
    }

    /// The current generation: read it before loading a principal and give it to
    /// [`PrincipalCache::put`], so that a principal loaded while the organization changed is not
    /// kept.
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::Acquire)
    }

    /// The principal cached under `key`, if it is of the current generation and fresh at `now`.
    pub fn get(&self, key: &str, now: Timestamp) -> Option<Arc<Principal>> {
        let generation = self.generation();
        let entries = self.entries.read().unwrap_or_else(PoisonError::into_inner);
        entries
            .get(key)
            .filter(|e| e.generation == generation && now < e.loaded_at.plus(self.ttl))
            .map(|e| Arc::clone(&e.principal))
    }

    /// Keeps a principal loaded at `now` from the organization as of `generation`.
    pub fn put(&self, key: String, generation: u64, now: Timestamp, principal: Arc<Principal>) {
        if generation != self.generation() {
            return;
        }
        let mut entries = self.entries.write().unwrap_or_else(PoisonError::into_inner);
        if entries.len() >= self.capacity {
            entries.clear();
        }
        entries.insert(
            key,
            CachedPrincipal {
                generation,
                loaded_at: now,
                principal,
            },
        );
    }

    /// Forgets every principal: called after any change to the organization.
    pub fn invalidate(&self) {
        self.generation.fetch_add(1, Ordering::AcqRel);
        self.entries
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crm_core::security::Privilege;

    fn principal() -> Arc<Principal> {
        Arc::new(Principal::new(
            UserId::new(),
            BusinessUnitId::new(),
            false,
            Vec::<Privilege>::new(),
        ))
    }

    fn t0() -> Timestamp {
        Timestamp::parse_rfc3339("2026-11-23T10:00:00Z").unwrap()
    }

    #[test]
    fn a_cached_principal_is_served_until_it_expires() {
        let cache = PrincipalCache::new(Duration::seconds(10), 10);
        let p = principal();
        cache.put("u".into(), cache.generation(), t0(), Arc::clone(&p));
        let hit = cache.get("u", t0().plus(Duration::seconds(9))).unwrap();
        assert!(Arc::ptr_eq(&hit, &p));
        assert!(cache.get("u", t0().plus(Duration::seconds(10))).is_none());
        assert!(cache.get("other", t0()).is_none());
    }

    #[test]
    fn invalidating_forgets_everything_and_refuses_principals_loaded_before() {
        let cache = PrincipalCache::new(Duration::seconds(10), 10);
        let before = cache.generation();
        cache.put("u".into(), before, t0(), principal());
        cache.invalidate();
        assert!(cache.get("u", t0()).is_none());
        // A load that started before the change finishes after it: not kept.
        cache.put("v".into(), before, t0(), principal());
        assert!(cache.get("v", t0()).is_none());
    }

    #[test]
    fn a_full_cache_starts_over() {
        let cache = PrincipalCache::new(Duration::seconds(10), 2);
        for key in ["a", "b", "c"] {
            cache.put(key.into(), cache.generation(), t0(), principal());
        }
        assert!(cache.get("a", t0()).is_none());
        assert!(cache.get("c", t0()).is_some());
    }
}
