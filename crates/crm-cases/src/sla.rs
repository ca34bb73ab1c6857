//! Service-level policies: first-response and resolution targets by priority. A case follows
//! its contract's policy, else the default one; a priority without targets has no deadlines.

use crm_core::changes::Recordable;
use crm_core::error::check_version;
use crm_core::id::SlaPolicyId;
use crm_core::list::{ListQuery, Page};
use crm_core::security::{Action, Ctx, entities};
use crm_core::validate::{Validator, clean};
use crm_core::{DomainError, DomainResult};
use crm_db::{AnyConnection, changes, lock_for_update, write_transaction};

use crate::model::{
    CasePriority, SlaPolicy, SlaPolicyFields, SlaPolicyRow, SlaPolicyValues, SlaTarget,
};
use crate::sla_clock::Targets;
use crate::store;

const POLICY: &str = "service-level policy";
/// A year, in minutes: the longest target.
const MAX_TARGET_MINUTES: i64 = 525_600;

impl Recordable for SlaPolicy {
    const ENTITY: &'static str = entities::SLA_POLICIES;
    fn record_id(&self) -> &str {
        self.id.as_str()
    }
    fn owner_id(&self) -> Option<&str> {
        None
    }
    fn business_unit_id(&self) -> Option<&str> {
        None
    }
}

/// The targets of a policy for a priority.
pub fn targets(
    conn: &mut AnyConnection,
    policy: &SlaPolicyId,
    priority: CasePriority,
) -> DomainResult<Option<Targets>> {
    Ok(
        store::target(conn, policy, priority.as_str())?.map(|(first, resolution)| Targets {
            first_response_minutes: first,
            resolution_minutes: resolution,
        }),
    )
}

fn complete(conn: &mut AnyConnection, rows: Vec<SlaPolicyRow>) -> DomainResult<Vec<SlaPolicy>> {
    let ids: Vec<SlaPolicyId> = rows.iter().map(|r| r.id.clone()).collect();
    let targets = store::targets_of(conn, &ids)?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let mut of_row: Vec<SlaTarget> = targets
                .iter()
                .filter(|(p, ..)| *p == row.id)
                .filter_map(|(_, priority, first, resolution)| {
                    Some(SlaTarget {
                        priority: CasePriority::parse(priority)?,
                        first_response_minutes: *first,
                        resolution_minutes: *resolution,
                    })
                })
                .collect();
            of_row.sort_by_key(|t| {
                CasePriority::WORDS
                    .iter()
                    .position(|w| *w == t.priority.as_str())
            });
            SlaPolicy {
                targets: of_row,
                id: row.id,
                name: row.name,
                description: row.description,
                is_default: row.is_default,
                created_by: row.created_by,
                updated_by: row.updated_by,
                created_at: row.created_at,
                updated_at: row.updated_at,
                version: row.version,
            }
        })
        .collect())
}

/// A page of policies (everyone reads them).
pub fn list_policies(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    list: &ListQuery,
) -> DomainResult<Page<SlaPolicy>> {
    ctx.principal
        .require(entities::SLA_POLICIES, Action::Read)?;
    let (rows, total) = store::list_policies(conn, Vec::new, list)?;
    let Page {
        data,
        next_cursor,
        total,
    } = Page::from_rows(rows, list, total, |r| {
        store::policy_sort_key(r, list.sort.field)
    });
    Ok(Page {
        data: complete(conn, data)?,
        next_cursor,
        total,
    })
}

/// One policy.
pub fn get_policy(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &SlaPolicyId,
) -> DomainResult<SlaPolicy> {
    ctx.principal
        .require(entities::SLA_POLICIES, Action::Read)?;
    let row = store::find_policy(conn, id)?.ok_or(DomainError::not_found(POLICY))?;
    complete(conn, vec![row])?
        .pop()
        .ok_or(DomainError::not_found(POLICY))
}

fn policy_values(
    conn: &mut AnyConnection,
    fields: SlaPolicyFields,
    current: Option<&SlaPolicy>,
) -> DomainResult<(SlaPolicyValues, Vec<SlaTarget>)> {
    let mut v = Validator::new();
    let name = clean(fields.name).or_else(|| current.map(|c| c.name.clone()));
    v.required_max("name", name.as_deref(), 100);
    let description = match fields.description {
        Some(text) => v.text("description", Some(text), 2_000),
        None => current.and_then(|c| c.description.clone()),
    };
    let targets = fields
        .targets
        .unwrap_or_else(|| current.map(|c| c.targets.clone()).unwrap_or_default());
    for (i, t) in targets.iter().enumerate() {
        let field = |name: &str| format!("targets[{i}].{name}");
        v.range(
            &field("first_response_minutes"),
            Some(t.first_response_minutes),
            1,
            MAX_TARGET_MINUTES,
        );
        v.range(
            &field("resolution_minutes"),
            Some(t.resolution_minutes),
            1,
            MAX_TARGET_MINUTES,
        );
        if t.resolution_minutes < t.first_response_minutes {
            v.add(
                &field("resolution_minutes"),
                "before_first_response",
                "the resolution target cannot come before the first-response target",
            );
        }
        if targets[..i].iter().any(|o| o.priority == t.priority) {
            v.add(
                &field("priority"),
                "duplicate",
                format!("{} has targets already", t.priority.as_str()),
            );
        }
    }
    if let Some(name) = &name
        && !v.has("name")
        && store::policy_name_taken(conn, name, current.map(|c| &c.id))?
    {
        return Err(DomainError::conflict(format!(
            "a service-level policy named {name} exists already"
        )));
    }
    v.finish()?;
    Ok((
        SlaPolicyValues {
            name: name.unwrap_or_default(),
            description,
            is_default: fields
                .is_default
                .unwrap_or(current.is_some_and(|c| c.is_default)),
        },
        targets,
    ))
}

/// Creates a policy; a default one takes the place of the previous default.
pub fn create_policy(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    fields: SlaPolicyFields,
) -> DomainResult<SlaPolicy> {
    ctx.principal
        .require(entities::SLA_POLICIES, Action::Create)?;
    write_transaction(conn, |conn| {
        let (values, targets) = policy_values(conn, fields, None)?;
        let id = SlaPolicyId::new();
        store::save_policy(conn, &id, None, &values, &targets, ctx.actor(), ctx.now)?;
        let policy = get_policy(conn, ctx, &id)?;
        changes::log(conn, Some(ctx.actor()), ctx.now, None, Some(&policy))?;
        Ok(policy)
    })
}

/// Changes a policy: the fields sent (targets replace the list). Cases keep the deadlines they
/// were given; new cases, and cases whose priority changes, get the new targets.
pub fn update_policy(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &SlaPolicyId,
    fields: SlaPolicyFields,
    if_match: Option<i64>,
) -> DomainResult<SlaPolicy> {
    ctx.principal
        .require(entities::SLA_POLICIES, Action::Update)?;
    write_transaction(conn, |conn| {
        lock_for_update(conn, "sla_policies", id.as_str())?;
        let current = get_policy(conn, ctx, id)?;
        check_version(if_match, current.version)?;
        let (values, targets) = policy_values(conn, fields, Some(&current))?;
        store::save_policy(
            conn,
            id,
            Some(current.version),
            &values,
            &targets,
            ctx.actor(),
            ctx.now,
        )?
        .ok_or(DomainError::conflict(
            "the policy changed while it was being saved; try again",
        ))?;
        let updated = get_policy(conn, ctx, id)?;
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

/// Deletes a policy no case, contract or template follows.
pub fn delete_policy(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &SlaPolicyId,
    if_match: Option<i64>,
) -> DomainResult<()> {
    ctx.principal
        .require(entities::SLA_POLICIES, Action::Delete)?;
    write_transaction(conn, |conn| {
        lock_for_update(conn, "sla_policies", id.as_str())?;
        let current = get_policy(conn, ctx, id)?;
        check_version(if_match, current.version)?;
        crm_db::ownership::refuse_if_linked(conn, entities::SLA_POLICIES, id.as_str(), POLICY)?;
        if !store::delete_policy(conn, id, current.version)? {
            return Err(DomainError::conflict(
                "the policy changed while it was being deleted; try again",
            ));
        }
        changes::log(conn, Some(ctx.actor()), ctx.now, Some(&current), None)?;
        Ok(())
    })
}
