//! Teams: users of a business unit who own records together and share the roles given to the
//! team.

use std::collections::BTreeSet;

use crm_core::changes::Change;
use crm_core::id::{BusinessUnitId, RoleId, TeamId, UserId};
use crm_core::list::{ListQuery, Page};
use crm_core::security::{Action, Ctx, entities};
use crm_core::validate::{Validator, clean};
use crm_core::{DomainError, DomainResult};
use crm_db::{AnyConnection, changes, lock_for_update, ownership, write_transaction};
use serde_json::json;

use crate::model::{SecurityEventKind, Team, TeamDetail, TeamFields, TeamPatch};
use crate::service::{audit, check_version, require_within, roles};
use crate::store::{teams, units, users};

const TEAM: &str = "team";

impl crm_core::changes::Recordable for TeamDetail {
    const ENTITY: &'static str = entities::TEAMS;
    fn record_id(&self) -> &str {
        self.team.id.as_str()
    }
    fn owner_id(&self) -> Option<&str> {
        Some(self.team.id.as_str())
    }
    fn business_unit_id(&self) -> Option<&str> {
        Some(self.team.business_unit_id.as_str())
    }
}

/// A page of teams (every user reads the organization's teams).
pub fn list_teams(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    list: &ListQuery,
) -> DomainResult<Page<Team>> {
    ctx.principal.require(entities::TEAMS, Action::Read)?;
    let (rows, total) = teams::list_teams(conn, Vec::new, list)?;
    Ok(Page::from_rows(rows, list, total, |r| {
        teams::team_sort_key(r, list.sort.field)
    }))
}

fn detail(conn: &mut AnyConnection, team: Team) -> DomainResult<TeamDetail> {
    let member_ids = teams::member_ids(conn, &team.id)?;
    let role_ids = teams::role_ids(conn, &team.id)?;
    Ok(TeamDetail {
        team,
        member_ids,
        role_ids,
    })
}

/// One team with its members and roles.
pub fn get_team(conn: &mut AnyConnection, ctx: &Ctx, id: &TeamId) -> DomainResult<TeamDetail> {
    ctx.principal.require(entities::TEAMS, Action::Read)?;
    let team = teams::find_team(conn, id)?.ok_or(DomainError::not_found(TEAM))?;
    detail(conn, team)
}

/// The change history of a team.
pub fn team_history(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &TeamId,
    list: &ListQuery,
) -> DomainResult<Page<Change>> {
    get_team(conn, ctx, id)?;
    Ok(changes::history(conn, entities::TEAMS, id.as_str(), list)?)
}

struct TeamValues {
    name: String,
    description: Option<String>,
    unit: BusinessUnitId,
    role_ids: Vec<RoleId>,
}

fn team_values(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    fields: TeamFields,
    current_roles: &[RoleId],
) -> DomainResult<TeamValues> {
    let mut v = Validator::new();
    let name = clean(fields.name);
    v.required_max("name", name.as_deref(), 160);
    let description = v.text("description", fields.description, 1000);
    match &fields.business_unit_id {
        None => v.add(
            "business_unit_id",
            "required",
            "business_unit_id is required",
        ),
        Some(unit) if units::find_unit(conn, unit)?.is_none() => v.add(
            "business_unit_id",
            "not_found",
            "business_unit_id names no business unit",
        ),
        Some(_) => {}
    }
    let role_ids: Vec<RoleId> = fields
        .role_ids
        .unwrap_or_default()
        .into_iter()
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    if role_ids != current_roles {
        let details = roles::details_of(conn, &role_ids)?;
        if details.len() != role_ids.len() {
            v.add(
                "role_ids",
                "not_found",
                "role_ids names a role that does not exist",
            );
        }
        for role in details {
            if role.role.is_system_admin && !ctx.principal.is_system_admin {
                return Err(DomainError::forbidden(
                    "roles",
                    "give a team the System Administrator role",
                ));
            }
            if !ctx.principal.covers(&role.privileges) {
                return Err(DomainError::forbidden(
                    "roles",
                    format!(
                        "give {}, whose privileges reach further than your own",
                        role.role.name
                    ),
                ));
            }
        }
    }
    v.finish()?;
    Ok(TeamValues {
        name: name.unwrap_or_default(),
        description,
        unit: fields
            .business_unit_id
            .unwrap_or_else(|| BusinessUnitId::from_trusted(String::new())),
        role_ids,
    })
}

fn taken(e: diesel::result::Error) -> DomainError {
    match DomainError::from(e) {
        DomainError::Conflict { .. } => {
            DomainError::conflict("a team with this name already exists in the business unit")
        }
        other => other,
    }
}

/// Creates a team in a business unit the caller's depth reaches.
pub fn create_team(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    fields: TeamFields,
) -> DomainResult<TeamDetail> {
    let scope = ctx.principal.require(entities::TEAMS, Action::Create)?;
    write_transaction(conn, |conn| {
        let values = team_values(conn, ctx, fields, &[])?;
        require_within(
            &scope,
            "",
            values.unit.as_str(),
            entities::TEAMS,
            Action::Create,
        )?;
        let id = TeamId::new();
        let team = teams::insert_team(
            conn,
            &id,
            &values.name,
            values.description.as_deref(),
            &values.unit,
            ctx.actor(),
            ctx.now,
        )
        .map_err(taken)?;
        teams::set_role_ids(conn, &id, &values.role_ids)?;
        let created = detail(conn, team)?;
        changes::log(conn, Some(ctx.actor()), ctx.now, None, Some(&created))?;
        if !values.role_ids.is_empty() {
            audit::record_by(
                conn,
                ctx,
                SecurityEventKind::RolesAssigned,
                None,
                json!({ "team_id": id, "role_ids": values.role_ids }),
            )?;
        }
        Ok(created)
    })
}

fn change_team<F>(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &TeamId,
    if_match: Option<i64>,
    change: F,
) -> DomainResult<TeamDetail>
where
    F: FnOnce(&mut AnyConnection, &TeamDetail) -> DomainResult<Option<(TeamValues, Vec<UserId>)>>,
{
    let scope = ctx.principal.require(entities::TEAMS, Action::Update)?;
    write_transaction(conn, |conn| {
        lock_for_update(conn, "teams", id.as_str())?;
        let current = get_team(conn, ctx, id)?;
        require_within(
            &scope,
            id.as_str(),
            current.team.business_unit_id.as_str(),
            entities::TEAMS,
            Action::Update,
        )?;
        check_version(if_match, current.team.version)?;
        let Some((values, members)) = change(conn, &current)? else {
            return Ok(current);
        };
        if values.unit != current.team.business_unit_id {
            require_within(
                &scope,
                "",
                values.unit.as_str(),
                entities::TEAMS,
                Action::Update,
            )?;
        }
        let team = teams::update_team(
            conn,
            id,
            current.team.version,
            &values.name,
            values.description.as_deref(),
            &values.unit,
            ctx.actor(),
            ctx.now,
        )
        .map_err(taken)?
        .ok_or(DomainError::conflict(
            "the team changed while it was being saved; try again",
        ))?;
        if values.role_ids != current.role_ids {
            teams::set_role_ids(conn, id, &values.role_ids)?;
            audit::record_by(
                conn,
                ctx,
                SecurityEventKind::RolesAssigned,
                None,
                json!({ "team_id": id, "role_ids": values.role_ids }),
            )?;
        }
        if members != current.member_ids {
            let removed: Vec<&UserId> = current
                .member_ids
                .iter()
                .filter(|m| !members.contains(m))
                .collect();
            for m in removed {
                teams::remove_member(conn, id, m)?;
            }
            teams::add_members(conn, id, &members)?;
        }
        let updated = detail(conn, team)?;
        changes::log(
            conn,
            Some(ctx.actor()),
            ctx.now,
            Some(&current),
            Some(&updated),
        )?;
        Ok(updated)
    })
}

/// Renames a team, moves it to another unit, or replaces its roles.
pub fn update_team(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &TeamId,
    patch: TeamPatch,
    if_match: Option<i64>,
) -> DomainResult<TeamDetail> {
    change_team(conn, ctx, id, if_match, |conn, current| {
        let mut fields = current.fields();
        patch.apply_to(&mut fields);
        if fields == current.fields() {
            return Ok(None);
        }
        let values = team_values(conn, ctx, fields, &current.role_ids)?;
        Ok(Some((values, current.member_ids.clone())))
    })
}

fn same_values(current: &TeamDetail) -> TeamValues {
    TeamValues {
        name: current.team.name.clone(),
        description: current.team.description.clone(),
        unit: current.team.business_unit_id.clone(),
        role_ids: current.role_ids.clone(),
    }
}

/// Adds users to a team (those already in stay).
pub fn add_members(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &TeamId,
    user_ids: &[UserId],
) -> DomainResult<TeamDetail> {
    change_team(conn, ctx, id, None, |conn, current| {
        let wanted: BTreeSet<UserId> = user_ids.iter().cloned().collect();
        let found = users::users_by_ids(conn, &wanted.iter().cloned().collect::<Vec<_>>())?;
        let mut v = Validator::new();
        if wanted.is_empty() {
            v.add(
                "user_ids",
                "required",
                "user_ids must name at least one user",
            );
        } else if found.len() != wanted.len() {
            v.add(
                "user_ids",
                "not_found",
                "user_ids names a user that does not exist",
            );
        }
        v.finish()?;
        let mut members: BTreeSet<UserId> = current.member_ids.iter().cloned().collect();
        members.extend(wanted);
        let members: Vec<UserId> = members.into_iter().collect();
        if members == current.member_ids {
            return Ok(None);
        }
        Ok(Some((same_values(current), members)))
    })
}

/// Takes a user out of a team.
pub fn remove_member(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &TeamId,
    user_id: &UserId,
) -> DomainResult<TeamDetail> {
    change_team(conn, ctx, id, None, |_, current| {
        if !current.member_ids.contains(user_id) {
            return Err(DomainError::not_found("team member"));
        }
        let members = current
            .member_ids
            .iter()
            .filter(|m| *m != user_id)
            .cloned()
            .collect();
        Ok(Some((same_values(current), members)))
    })
}

/// Deletes a team that owns no records (its memberships and roles go with it).
pub fn delete_team(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &TeamId,
    if_match: Option<i64>,
) -> DomainResult<()> {
    let scope = ctx.principal.require(entities::TEAMS, Action::Delete)?;
    write_transaction(conn, |conn| {
        lock_for_update(conn, "teams", id.as_str())?;
        let current = get_team(conn, ctx, id)?;
        require_within(
            &scope,
            id.as_str(),
            current.team.business_unit_id.as_str(),
            entities::TEAMS,
            Action::Delete,
        )?;
        check_version(if_match, current.team.version)?;
        let owned: Vec<String> = ownership::records_owned_by(conn, id.as_str())?
            .into_iter()
            .map(|(what, n)| format!("{n} {what}"))
            .collect();
        if !owned.is_empty() {
            return Err(DomainError::conflict(format!(
                "{} still owns {}; assign them to someone else first",
                current.team.name,
                owned.join(", ")
            )));
        }
        if !teams::delete_team(conn, id, current.team.version)? {
            return Err(DomainError::conflict(
                "the team changed while it was being deleted; try again",
            ));
        }
        changes::log(conn, Some(ctx.actor()), ctx.now, Some(&current), None)?;
        Ok(())
    })
}
