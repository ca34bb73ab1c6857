//! Roles and their privileges.

use crm_core::Timestamp;
use crm_core::id::{BusinessUnitId, RoleId};
use crm_core::security::{Action, Depth, Privilege};
use crm_db::AnyConnection;
use crm_db::schema::{role_privileges, roles, team_roles, user_roles};
use diesel::prelude::*;

use crate::model::Role;

crm_db::list_query! {
    /// A page of roles (up to `limit + 1` rows) and the total.
    pub fn list_roles / role_sort_key (roles) -> Role {
        id: roles::id,
        filters: {
            "id" => (roles::id, String),
            "name" => (roles::name, String),
            "created_at" => (roles::created_at, Timestamp),
            "is_system_admin" => (roles::is_system_admin, bool),
        },
        sorts: {
            "name" => (roles::name, Text, |r| r.name.clone()),
            "created_at" => (roles::created_at, Timestamp, |r| r.created_at),
        },
        search: [roles::name],
    }
}

/// A role by id.
pub fn find_role(conn: &mut AnyConnection, id: &RoleId) -> QueryResult<Option<Role>> {
    roles::table
        .find(id)
        .select(Role::as_select())
        .first(conn)
        .optional()
}

/// Roles by id.
pub fn roles_by_ids(conn: &mut AnyConnection, ids: &[RoleId]) -> QueryResult<Vec<Role>> {
    roles::table
        .filter(roles::id.eq_any(ids))
        .select(Role::as_select())
        .load(conn)
}

/// The privileges of some roles, each with its role.
pub fn privileges_of(
    conn: &mut AnyConnection,
    ids: &[RoleId],
) -> QueryResult<Vec<(RoleId, Privilege)>> {
    let rows: Vec<(RoleId, String, String, String)> = role_privileges::table
        .filter(role_privileges::role_id.eq_any(ids))
        .select((
            role_privileges::role_id,
            role_privileges::entity,
            role_privileges::action,
            role_privileges::depth,
        ))
        .order((role_privileges::entity, role_privileges::action))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(role, entity, action, depth)| {
            Some((
                role,
                Privilege {
                    entity,
                    action: Action::parse(&action)?,
                    depth: Depth::parse(&depth)?,
                },
            ))
        })
        .collect())
}

/// A role about to be stored.
#[derive(Insertable)]
#[diesel(table_name = roles)]
pub struct NewRoleRow<'a> {
    /// The role's id.
    pub id: &'a RoleId,
    /// Its unique name.
    pub name: &'a str,
    /// What it is for.
    pub description: Option<&'a str>,
    /// The unit it belongs to.
    pub business_unit_id: &'a BusinessUnitId,
    /// Whether it grants everything.
    pub is_system_admin: bool,
    /// Who created it (none for the roles shipped on first start).
    pub created_by: Option<&'a str>,
    /// Who last changed it.
    pub updated_by: Option<&'a str>,
    /// When.
    pub created_at: Timestamp,
    /// When.
    pub updated_at: Timestamp,
    /// Always 1.
    pub version: i64,
}

/// Inserts a role (its privileges are set by [`set_privileges`]).
pub fn insert_role(conn: &mut AnyConnection, row: &NewRoleRow<'_>) -> QueryResult<Role> {
    diesel::insert_into(roles::table)
        .values(row)
        .execute(conn)?;
    roles::table
        .find(row.id)
        .select(Role::as_select())
        .first(conn)
}

/// Renames a role if still at `version`.
pub fn update_role(
    conn: &mut AnyConnection,
    id: &RoleId,
    version: i64,
    name: &str,
    description: Option<&str>,
    actor: &str,
    now: Timestamp,
) -> QueryResult<Option<Role>> {
    let n = diesel::update(
        roles::table
            .filter(roles::id.eq(id))
            .filter(roles::version.eq(version)),
    )
    .set((
        roles::name.eq(name),
        roles::description.eq(description),
        roles::updated_by.eq(actor),
        roles::updated_at.eq(now),
        roles::version.eq(version + 1),
    ))
    .execute(conn)?;
    if n == 0 {
        return Ok(None);
    }
    find_role(conn, id)
}

/// Replaces a role's privileges (those reaching nothing are not stored).
pub fn set_privileges(
    conn: &mut AnyConnection,
    id: &RoleId,
    privileges: &[Privilege],
) -> QueryResult<()> {
    diesel::delete(role_privileges::table.filter(role_privileges::role_id.eq(id))).execute(conn)?;
    let rows: Vec<_> = privileges
        .iter()
        .filter(|p| p.depth > Depth::None)
        .map(|p| {
            (
                role_privileges::role_id.eq(id),
                role_privileges::entity.eq(p.entity.as_str()),
                role_privileges::action.eq(p.action.as_str()),
                role_privileges::depth.eq(p.depth.as_str()),
            )
        })
        .collect();
    // One statement per row: batch inserts are not available across both backends.
    for row in rows {
        diesel::insert_into(role_privileges::table)
            .values(row)
            .execute(conn)?;
    }
    Ok(())
}

/// Deletes a role if still at `version`.
pub fn delete_role(conn: &mut AnyConnection, id: &RoleId, version: i64) -> QueryResult<bool> {
    diesel::delete(
        roles::table
            .filter(roles::id.eq(id))
            .filter(roles::version.eq(version)),
    )
    .execute(conn)
    .map(|n| n == 1)
}

/// How many users and teams hold a role.
pub fn holders(conn: &mut AnyConnection, id: &RoleId) -> QueryResult<(i64, i64)> {
    let users: i64 = user_roles::table
        .filter(user_roles::role_id.eq(id))
        .count()
        .get_result(conn)?;
    let teams: i64 = team_roles::table
        .filter(team_roles::role_id.eq(id))
        .count()
        .get_result(conn)?;
    Ok((users, teams))
}
