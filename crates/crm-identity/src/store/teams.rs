//! Teams, their members and roles.

use crm_core::Timestamp;
use crm_core::id::{BusinessUnitId, RoleId, TeamId, UserId};
use crm_db::AnyConnection;
use crm_db::schema::{team_members, team_roles, teams};
use diesel::prelude::*;

use crate::model::Team;

crm_db::list_query! {
    /// A page of teams (up to `limit + 1` rows) and the total.
    pub fn list_teams / team_sort_key (teams) -> Team {
        id: teams::id,
        filters: {
            "id" => (teams::id, String),
            "name" => (teams::name, String),
            "created_at" => (teams::created_at, Timestamp),
            "business_unit_id" => (teams::business_unit_id, String),
        },
        sorts: {
            "name" => (teams::name, Text, |r| r.name.clone()),
            "created_at" => (teams::created_at, Timestamp, |r| r.created_at),
        },
        search: [teams::name],
    }
}

/// A team by id.
pub fn find_team(conn: &mut AnyConnection, id: &TeamId) -> QueryResult<Option<Team>> {
    teams::table
        .find(id)
        .select(Team::as_select())
        .first(conn)
        .optional()
}

/// Inserts a team.
pub fn insert_team(
    conn: &mut AnyConnection,
    id: &TeamId,
    name: &str,
    description: Option<&str>,
    unit: &BusinessUnitId,
    actor: &str,
    now: Timestamp,
) -> QueryResult<Team> {
    diesel::insert_into(teams::table)
        .values((
            teams::id.eq(id),
            teams::name.eq(name),
            teams::description.eq(description),
            teams::business_unit_id.eq(unit),
            teams::created_by.eq(actor),
            teams::updated_by.eq(actor),
            teams::created_at.eq(now),
            teams::updated_at.eq(now),
            teams::version.eq(1),
        ))
        .execute(conn)?;
    teams::table.find(id).select(Team::as_select()).first(conn)
}

/// Changes a team if still at `version`.
#[expect(
    clippy::too_many_arguments,
    reason = "one column per argument, all required"
)]
pub fn update_team(
    conn: &mut AnyConnection,
    id: &TeamId,
    version: i64,
    name: &str,
    description: Option<&str>,
    unit: &BusinessUnitId,
    actor: &str,
    now: Timestamp,
) -> QueryResult<Option<Team>> {
    let n = diesel::update(
        teams::table
            .filter(teams::id.eq(id))
            .filter(teams::version.eq(version)),
    )
    .set((
        teams::name.eq(name),
        teams::description.eq(description),
        teams::business_unit_id.eq(unit),
        teams::updated_by.eq(actor),
        teams::updated_at.eq(now),
        teams::version.eq(version + 1),
    ))
    .execute(conn)?;
    if n == 0 {
        return Ok(None);
    }
    find_team(conn, id)
}

/// Deletes a team (its memberships and role grants go with it).
pub fn delete_team(conn: &mut AnyConnection, id: &TeamId, version: i64) -> QueryResult<bool> {
    diesel::delete(
        teams::table
            .filter(teams::id.eq(id))
            .filter(teams::version.eq(version)),
    )
    .execute(conn)
    .map(|n| n == 1)
}

/// A team's members.
pub fn member_ids(conn: &mut AnyConnection, id: &TeamId) -> QueryResult<Vec<UserId>> {
    team_members::table
        .filter(team_members::team_id.eq(id))
        .select(team_members::user_id)
        .order(team_members::user_id)
        .load(conn)
}

/// Adds members (those already in are left as they are).
pub fn add_members(conn: &mut AnyConnection, id: &TeamId, user_ids: &[UserId]) -> QueryResult<()> {
    let current = member_ids(conn, id)?;
    let rows: Vec<_> = user_ids
        .iter()
        .filter(|u| !current.contains(u))
        .map(|u| (team_members::team_id.eq(id), team_members::user_id.eq(u)))
        .collect();
    for row in rows {
        diesel::insert_into(team_members::table)
            .values(row)
            .execute(conn)?;
    }
    Ok(())
}

/// Removes a member; `false` if they were not in the team.
pub fn remove_member(conn: &mut AnyConnection, id: &TeamId, user_id: &UserId) -> QueryResult<bool> {
    diesel::delete(
        team_members::table
            .filter(team_members::team_id.eq(id))
            .filter(team_members::user_id.eq(user_id)),
    )
    .execute(conn)
    .map(|n| n == 1)
}

/// A team's roles.
pub fn role_ids(conn: &mut AnyConnection, id: &TeamId) -> QueryResult<Vec<RoleId>> {
    team_roles::table
        .filter(team_roles::team_id.eq(id))
        .select(team_roles::role_id)
        .order(team_roles::role_id)
        .load(conn)
}

/// Replaces a team's roles.
pub fn set_role_ids(conn: &mut AnyConnection, id: &TeamId, role_ids: &[RoleId]) -> QueryResult<()> {
    diesel::delete(team_roles::table.filter(team_roles::team_id.eq(id))).execute(conn)?;
    let rows: Vec<_> = role_ids
        .iter()
        .map(|r| (team_roles::team_id.eq(id), team_roles::role_id.eq(r)))
        .collect();
    for row in rows {
        diesel::insert_into(team_roles::table)
            .values(row)
            .execute(conn)?;
    }
    Ok(())
}
