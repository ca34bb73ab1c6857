//! Business units: the organization's tree. Units are created under, renamed, moved within and
//! removed from the part of the tree the caller's depth reaches; never into a cycle, and never
//! while anything still belongs to them.

use std::collections::HashMap;

use crm_core::changes::Change;
use crm_core::id::BusinessUnitId;
use crm_core::list::{ListQuery, Page};
use crm_core::security::{Action, Ctx, entities};
use crm_core::validate::{Validator, clean};
use crm_core::{DomainError, DomainResult};
use crm_db::tree::{self, Hierarchy};
use crm_db::{AnyConnection, changes, lock_for_update, ownership, write_transaction};

use crate::model::{BusinessUnit, BusinessUnitFields, BusinessUnitNode, BusinessUnitPatch};
use crate::service::{check_version, require_within};
use crate::store::units;

const UNIT: &str = "business unit";

/// A page of business units (every user reads the organization's structure).
pub fn list_units(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    list: &ListQuery,
) -> DomainResult<Page<BusinessUnit>> {
    ctx.principal
        .require(entities::BUSINESS_UNITS, Action::Read)?;
    let (rows, total) = units::list_units(conn, Vec::new, list)?;
    Ok(Page::from_rows(rows, list, total, |r| {
        units::unit_sort_key(r, list.sort.field)
    }))
}

/// The whole organization as a tree, each unit with its user count.
pub fn unit_tree(conn: &mut AnyConnection, ctx: &Ctx) -> DomainResult<Vec<BusinessUnitNode>> {
    ctx.principal
        .require(entities::BUSINESS_UNITS, Action::Read)?;
    let all = units::all_units(conn)?;
    let counts: HashMap<BusinessUnitId, i64> = units::user_counts(conn)?.into_iter().collect();
    let mut by_parent: HashMap<Option<BusinessUnitId>, Vec<BusinessUnit>> = HashMap::new();
    for unit in all {
        by_parent
            .entry(unit.parent_id.clone())
            .or_default()
            .push(unit);
    }
    fn build(
        parent: Option<BusinessUnitId>,
        by_parent: &mut HashMap<Option<BusinessUnitId>, Vec<BusinessUnit>>,
        counts: &HashMap<BusinessUnitId, i64>,
        depth: usize,
    ) -> Vec<BusinessUnitNode> {
        // A cycle cannot be stored, but a bound keeps a corrupted tree from looping.
        if depth > 64 {
            return Vec::new();
        }
        let children = by_parent.remove(&parent).unwrap_or_default();
        children
            .into_iter()
            .map(|unit| BusinessUnitNode {
                user_count: counts.get(&unit.id).copied().unwrap_or(0),
                children: build(Some(unit.id.clone()), by_parent, counts, depth + 1),
                unit,
            })
            .collect()
    }
    Ok(build(None, &mut by_parent, &counts, 0))
}

/// One business unit.
pub fn get_unit(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &BusinessUnitId,
) -> DomainResult<BusinessUnit> {
    ctx.principal
        .require(entities::BUSINESS_UNITS, Action::Read)?;
    units::find_unit(conn, id)?.ok_or(DomainError::not_found(UNIT))
}

/// The change history of a business unit.
pub fn unit_history(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &BusinessUnitId,
    list: &ListQuery,
) -> DomainResult<Page<Change>> {
    get_unit(conn, ctx, id)?;
    Ok(changes::history(
        conn,
        entities::BUSINESS_UNITS,
        id.as_str(),
        list,
    )?)
}

fn check_name(v: &mut Validator, name: Option<String>) -> String {
    let name = clean(name);
    v.required_max("name", name.as_deref(), 160);
    name.unwrap_or_default()
}

/// Creates a unit under one the caller's depth reaches.
pub fn create_unit(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    fields: BusinessUnitFields,
) -> DomainResult<BusinessUnit> {
    let scope = ctx
        .principal
        .require(entities::BUSINESS_UNITS, Action::Create)?;
    write_transaction(conn, |conn| {
        let mut v = Validator::new();
        let name = check_name(&mut v, fields.name);
        let parent = match &fields.parent_id {
            None => {
                v.add(
                    "parent_id",
                    "required",
                    "parent_id is required: a unit sits under another",
                );
                None
            }
            Some(parent) => {
                if units::find_unit(conn, parent)?.is_none() {
                    v.add("parent_id", "not_found", "parent_id names no business unit");
                }
                Some(parent.clone())
            }
        };
        v.finish()?;
        let parent = parent.unwrap_or_else(|| BusinessUnitId::from_trusted(String::new()));
        require_within(
            &scope,
            "",
            parent.as_str(),
            entities::BUSINESS_UNITS,
            Action::Create,
        )?;
        let unit = units::insert_unit(
            conn,
            &BusinessUnitId::new(),
            &name,
            Some(&parent),
            Some(ctx.actor()),
            ctx.now,
        )
        .map_err(taken)?;
        changes::log(conn, Some(ctx.actor()), ctx.now, None, Some(&unit))?;
        Ok(unit)
    })
}

fn taken(e: diesel::result::Error) -> DomainError {
    match DomainError::from(e) {
        DomainError::Conflict { .. } => {
            DomainError::conflict("a unit with this name already sits under the same parent")
        }
        other => other,
    }
}

/// Renames a unit or moves it under another. The organization itself never moves; no unit moves
/// under itself or a unit below it.
pub fn update_unit(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &BusinessUnitId,
    patch: BusinessUnitPatch,
    if_match: Option<i64>,
) -> DomainResult<BusinessUnit> {
    let scope = ctx
        .principal
        .require(entities::BUSINESS_UNITS, Action::Update)?;
    write_transaction(conn, |conn| {
        lock_for_update(conn, "business_units", id.as_str())?;
        let current = units::find_unit(conn, id)?.ok_or(DomainError::not_found(UNIT))?;
        require_within(
            &scope,
            "",
            id.as_str(),
            entities::BUSINESS_UNITS,
            Action::Update,
        )?;
        check_version(if_match, current.version)?;
        let mut v = Validator::new();
        let name = match patch.name {
            Some(name) => check_name(&mut v, name),
            None => current.name.clone(),
        };
        let parent_id = match patch.parent_id {
            None => current.parent_id.clone(),
            Some(None) => {
                if current.parent_id.is_some() {
                    v.add(
                        "parent_id",
                        "required",
                        "parent_id is required: only the organization has no parent",
                    );
                }
                None
            }
            Some(Some(parent)) => {
                if current.parent_id.is_none() {
                    v.add(
                        "parent_id",
                        "root",
                        "the organization is the top of the tree; it cannot move under a unit",
                    );
                } else if parent == *id
                    || tree::below(conn, Hierarchy::BusinessUnits, id.as_str())?
                        .iter()
                        .any(|u| u == parent.as_str())
                {
                    v.add(
                        "parent_id",
                        "cycle",
                        "a unit cannot move under itself or a unit below it",
                    );
                } else if units::find_unit(conn, &parent)?.is_none() {
                    v.add("parent_id", "not_found", "parent_id names no business unit");
                } else if current.parent_id.as_ref() != Some(&parent) {
                    require_within(
                        &scope,
                        "",
                        parent.as_str(),
                        entities::BUSINESS_UNITS,
                        Action::Update,
                    )?;
                }
                Some(parent)
            }
        };
        v.finish()?;
        if name == current.name && parent_id == current.parent_id {
            return Ok(current);
        }
        let updated = units::update_unit(
            conn,
            id,
            current.version,
            &name,
            parent_id.as_ref(),
            ctx.actor(),
            ctx.now,
        )
        .map_err(taken)?
        .ok_or(DomainError::conflict(
            "the unit changed while it was being saved; try again",
        ))?;
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

/// Removes an empty unit; a unit that still has units, users, teams, roles or records is a 409
/// that says what is left.
pub fn delete_unit(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &BusinessUnitId,
    if_match: Option<i64>,
) -> DomainResult<()> {
    let scope = ctx
        .principal
        .require(entities::BUSINESS_UNITS, Action::Delete)?;
    write_transaction(conn, |conn| {
        lock_for_update(conn, "business_units", id.as_str())?;
        let current = units::find_unit(conn, id)?.ok_or(DomainError::not_found(UNIT))?;
        require_within(
            &scope,
            "",
            id.as_str(),
            entities::BUSINESS_UNITS,
            Action::Delete,
        )?;
        check_version(if_match, current.version)?;
        if current.parent_id.is_none() {
            return Err(DomainError::conflict(
                "the organization itself cannot be removed",
            ));
        }
        let mut left: Vec<String> = units::dependents(conn, id)?
            .into_iter()
            .filter(|(_, n)| *n > 0)
            .map(|(what, n)| format!("{n} {what}"))
            .collect();
        left.extend(
            ownership::records_in_unit(conn, id.as_str())?
                .into_iter()
                .map(|(what, n)| format!("{n} {what}")),
        );
        if !left.is_empty() {
            return Err(DomainError::conflict(format!(
                "{} still has {}; move them to another unit first",
                current.name,
                left.join(", ")
            )));
        }
        if !units::delete_unit(conn, id, current.version)? {
            return Err(DomainError::conflict(
                "the unit changed while it was being removed; try again",
            ));
        }
        changes::log(conn, Some(ctx.actor()), ctx.now, Some(&current), None)?;
        Ok(())
    })
}
