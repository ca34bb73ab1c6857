//! Resolving an authenticated user to a [`Principal`]: their unit, teams, roles (their own and
//! their teams'), reports and the units below theirs. Done once per request, inside the request's unit of work.

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
