//! Roles: named sets of privileges. A role never reaches further than the privileges of the one
//! who writes it, and the System Administrator role is fixed.

use std::collections::BTreeSet;

use crm_core::changes::Change;
use crm_core::id::RoleId;
use crm_core::list::{ListQuery, Page};
use crm_core::security::{Action, Ctx, Privilege, entities};
use crm_core::validate::{Validator, clean};
use crm_core::{DomainError, DomainResult};
use crm_db::{AnyConnection, changes, lock_for_update, write_transaction};
use serde_json::json;

use crate::model::{Role, RoleDetail, RoleFields, RolePatch, SecurityEventKind};
use crate::service::{audit, check_version, require_within};
use crate::store::roles;

const ROLE: &str = "role";

/// A page of roles.
pub fn list_roles(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    list: &ListQuery,
) -> DomainResult<Page<Role>> {
    ctx.principal.require(entities::ROLES, Action::Read)?;
    let (rows, total) = roles::list_roles(conn, Vec::new, list)?;
    Ok(Page::from_rows(rows, list, total, |r| {
        roles::role_sort_key(r, list.sort.field)
    }))
}

/// Roles with their privileges (for checking what a grant hands out).
pub fn details_of(conn: &mut AnyConnection, ids: &[RoleId]) -> DomainResult<Vec<RoleDetail>> {
    let found = roles::roles_by_ids(conn, ids)?;
    let privileges = roles::privileges_of(conn, ids)?;
    Ok(found
        .into_iter()
        .map(|role| RoleDetail {
            privileges: privileges
                .iter()
                .filter(|(r, _)| *r == role.id)
                .map(|(_, p)| p.clone())
                .collect(),
            role,
        })
        .collect())
}

/// One role with its privileges.
pub fn get_role(conn: &mut AnyConnection, ctx: &Ctx, id: &RoleId) -> DomainResult<RoleDetail> {
    ctx.principal.require(entities::ROLES, Action::Read)?;
    details_of(conn, std::slice::from_ref(id))?
        .pop()
        .ok_or(DomainError::not_found(ROLE))
}

/// The change history of a role.
pub fn role_history(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &RoleId,
    list: &ListQuery,
) -> DomainResult<Page<Change>> {
    get_role(conn, ctx, id)?;
    Ok(changes::history(conn, entities::ROLES, id.as_str(), list)?)
}

/// Checks a role's name and privileges, listing every problem: unknown entities or actions, an
/// entity and action given twice.
fn role_values(v: &mut Validator, fields: RoleFields) -> (String, Option<String>, Vec<Privilege>) {
    let name = clean(fields.name);
    v.required_max("name", name.as_deref(), 100);
    let description = v.text("description", fields.description, 1000);
    let privileges = fields.privileges.unwrap_or_default();
    let mut seen = BTreeSet::new();
    for (i, p) in privileges.iter().enumerate() {
        let field = format!("privileges[{i}]");
        if !entities::ALL.contains(&p.entity.as_str()) {
            v.add(
                &field,
                "unknown_entity",
                format!(
                    "{} is not an entity with privileges; use one of {}",
                    p.entity,
                    entities::ALL.join(", ")
                ),
            );
        } else if !entities::actions(&p.entity).contains(&p.action) {
            v.add(
                &field,
                "unknown_action",
                format!("{} has no {} privilege", p.entity, p.action.as_str()),
            );
        }
        if !seen.insert((p.entity.clone(), p.action)) {
            v.add(
                &field,
                "repeated",
                format!("{} {} is given twice", p.entity, p.action.as_str()),
            );
        }
    }
    (name.unwrap_or_default(), description, privileges)
}

fn escalation(ctx: &Ctx, privileges: &[Privilege]) -> DomainResult<()> {
    if ctx.principal.covers(privileges) {
        Ok(())
    } else {
        Err(DomainError::forbidden(
            "roles",
            "give privileges that reach further than your own",
        ))
    }
}

fn taken(e: diesel::result::Error) -> DomainError {
    match DomainError::from(e) {
        DomainError::Conflict { .. } => {
            DomainError::conflict("a role with this name already exists")
        }
        other => other,
    }
}

/// Creates a role in the caller's business unit.
pub fn create_role(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    fields: RoleFields,
) -> DomainResult<RoleDetail> {
    ctx.principal.require(entities::ROLES, Action::Create)?;
    let mut v = Validator::new();
    let (name, description, privileges) = role_values(&mut v, fields);
    v.finish()?;
    escalation(ctx, &privileges)?;
    write_transaction(conn, |conn| {
        let id = RoleId::new();
        let unit = &ctx.principal.business_unit_id;
        let role = roles::insert_role(
            conn,
            &roles::NewRoleRow {
                id: &id,
                name: &name,
                description: description.as_deref(),
                business_unit_id: unit,
                is_system_admin: false,
                created_by: Some(ctx.actor()),
                updated_by: Some(ctx.actor()),
                created_at: ctx.now,
                updated_at: ctx.now,
                version: 1,
            },
        )
        .map_err(taken)?;
        roles::set_privileges(conn, &id, &privileges)?;
        let created = get_role(conn, ctx, &role.id)?;
        changes::log(conn, Some(ctx.actor()), ctx.now, None, Some(&created))?;
        audit::record_by(
            conn,
            ctx,
            SecurityEventKind::RoleChanged,
            None,
            json!({ "role_id": id, "name": name, "change": "created" }),
        )?;
        Ok(created)
    })
}

/// Renames a role or replaces its privileges.
pub fn update_role(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &RoleId,
    patch: RolePatch,
    if_match: Option<i64>,
) -> DomainResult<RoleDetail> {
    let scope = ctx.principal.require(entities::ROLES, Action::Update)?;
    write_transaction(conn, |conn| {
        lock_for_update(conn, "roles", id.as_str())?;
        let current = get_role(conn, ctx, id)?;
        require_within(
            &scope,
            "",
            current.role.business_unit_id.as_str(),
            entities::ROLES,
            Action::Update,
        )?;
        if current.role.is_system_admin {
            return Err(DomainError::conflict(
                "the System Administrator role has every privilege and cannot be changed",
            ));
        }
        check_version(if_match, current.role.version)?;
        let mut fields = current.fields();
        patch.apply_to(&mut fields);
        if fields == current.fields() {
            return Ok(current);
        }
        let mut v = Validator::new();
        let (name, description, privileges) = role_values(&mut v, fields);
        v.finish()?;
        escalation(ctx, &privileges)?;
        roles::update_role(
            conn,
            id,
            current.role.version,
            &name,
            description.as_deref(),
            ctx.actor(),
            ctx.now,
        )
        .map_err(taken)?
        .ok_or(DomainError::conflict(
            "the role changed while it was being saved; try again",
        ))?;
        roles::set_privileges(conn, id, &privileges)?;
        let updated = get_role(conn, ctx, id)?;
        changes::log(
            conn,
            Some(ctx.actor()),
            ctx.now,
            Some(&current),
            Some(&updated),
        )?;
        if updated.privileges != current.privileges {
            audit::record_by(
                conn,
                ctx,
                SecurityEventKind::RoleChanged,
                None,
                json!({ "role_id": id, "name": updated.role.name, "change": "privileges", "privileges": updated.privileges }),
            )?;
        }
        Ok(updated)
    })
}

/// Deletes a role nobody holds any more.
pub fn delete_role(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &RoleId,
    if_match: Option<i64>,
) -> DomainResult<()> {
    let scope = ctx.principal.require(entities::ROLES, Action::Delete)?;
    write_transaction(conn, |conn| {
        lock_for_update(conn, "roles", id.as_str())?;
        let current = get_role(conn, ctx, id)?;
        require_within(
            &scope,
            "",
            current.role.business_unit_id.as_str(),
            entities::ROLES,
            Action::Delete,
        )?;
        if current.role.is_system_admin {
            return Err(DomainError::conflict(
                "the System Administrator role cannot be deleted",
            ));
        }
        check_version(if_match, current.role.version)?;
        let (users, teams) = roles::holders(conn, id)?;
        if users + teams > 0 {
            return Err(DomainError::conflict(format!(
                "{} is still given to {users} user(s) and {teams} team(s); take it from them first",
                current.role.name
            )));
        }
        if !roles::delete_role(conn, id, current.role.version)? {
            return Err(DomainError::conflict(
                "the role changed while it was being deleted; try again",
            ));
        }
        changes::log(conn, Some(ctx.actor()), ctx.now, Some(&current), None)?;
        audit::record_by(
            conn,
            ctx,
            SecurityEventKind::RoleChanged,
            None,
            json!({ "role_id": id, "name": current.role.name, "change": "deleted" }),
        )?;
        Ok(())
    })
}
