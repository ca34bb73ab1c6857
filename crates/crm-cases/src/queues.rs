//! Queues with their members and figures, and the routing rules that send incoming cases to
//! them. Both belong to the organization: everyone reads them; the service desk's managers
//! maintain them.

use crm_core::changes::Recordable;
use crm_core::error::check_version;
use crm_core::id::{QueueId, RoutingRuleId, UserId};
use crm_core::list::{ListQuery, Page};
use crm_core::security::{AccessScope, Action, Ctx, entities};
use crm_core::validate::{Validator, clean};
use crm_core::{DomainError, DomainResult};
use crm_db::{AnyConnection, changes, lock_for_update, write_transaction};
use crm_picklists::Choices;

use crate::model::{
    CaseValues, Queue, QueueFields, QueueFigures, QueueRow, QueueValues, RoutingConditions,
    RoutingRule, RoutingRuleFields, RoutingRuleValues,
};
use crate::store;

const QUEUE: &str = "queue";
const RULE: &str = "routing rule";

impl Recordable for Queue {
    const ENTITY: &'static str = entities::QUEUES;
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

impl Recordable for RoutingRule {
    const ENTITY: &'static str = entities::ROUTING_RULES;
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

impl RoutingConditions {
    /// Whether a case meets every condition given.
    pub fn matches(&self, case: &CaseValues) -> bool {
        let listed = |list: &[String], value: Option<&str>| {
            list.is_empty() || value.is_some_and(|v| list.iter().any(|l| l == v))
        };
        (self.priorities.is_empty() || self.priorities.iter().any(|p| p.as_str() == case.priority))
            && (self.origins.is_empty() || self.origins.iter().any(|o| o.as_str() == case.origin))
            && (self.account_ids.is_empty()
                || case
                    .account_id
                    .as_ref()
                    .is_some_and(|a| self.account_ids.contains(a)))
            && listed(&self.products, case.product.as_deref())
            && listed(&self.subjects, case.subject.as_deref())
            && self
                .title_contains
                .as_ref()
                .is_none_or(|text| case.title.to_lowercase().contains(&text.to_lowercase()))
    }
}

/// The first active rule (in order, with an active queue) a case meets.
pub fn first_match(
    conn: &mut AnyConnection,
    case: &CaseValues,
) -> DomainResult<Option<RoutingRule>> {
    Ok(store::active_rules(conn)?
        .into_iter()
        .map(RoutingRule::from)
        .find(|rule| rule.conditions.matches(case)))
}

// ----- queues ---------------------------------------------------------------------------------

/// Queues with their members and their figures over the cases the caller may read, each read
/// in one query for them all.
fn complete(conn: &mut AnyConnection, ctx: &Ctx, rows: Vec<QueueRow>) -> DomainResult<Vec<Queue>> {
    let ids: Vec<QueueId> = rows.iter().map(|r| r.id.clone()).collect();
    let members = store::members_of(conn, &ids)?;
    let figures = match ctx.principal.scope(entities::CASES, Action::Read) {
        Some(scope) => store::queue_figures(conn, &scope, &ids)?,
        None => Vec::new(),
    };
    Ok(rows
        .into_iter()
        .map(|row| Queue {
            member_ids: members
                .iter()
                .filter(|(q, _)| *q == row.id)
                .map(|(_, u)| u.clone())
                .collect(),
            figures: figures
                .iter()
                .find(|(q, _)| *q == row.id)
                .map(|(_, f)| f.clone())
                .unwrap_or_else(|| QueueFigures {
                    members: members.iter().filter(|(q, _)| *q == row.id).count() as i64,
                    ..QueueFigures::default()
                }),
            id: row.id,
            name: row.name,
            description: row.description,
            is_escalation: row.is_escalation,
            is_active: row.is_active,
            created_by: row.created_by,
            updated_by: row.updated_by,
            created_at: row.created_at,
            updated_at: row.updated_at,
            version: row.version,
        })
        .collect())
}

fn complete_queue(conn: &mut AnyConnection, ctx: &Ctx, row: QueueRow) -> DomainResult<Queue> {
    complete(conn, ctx, vec![row])?
        .pop()
        .ok_or_else(|| DomainError::Internal("a queue vanished while being shown".into()))
}

/// A page of queues (everyone reads them).
pub fn list_queues(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    list: &ListQuery,
) -> DomainResult<Page<Queue>> {
    ctx.principal.require(entities::QUEUES, Action::Read)?;
    let (rows, total) = store::list_queues(conn, Vec::new, list)?;
    let Page {
        data,
        next_cursor,
        total,
    } = Page::from_rows(rows, list, total, |r| {
        store::queue_sort_key(r, list.sort.field)
    });
    Ok(Page {
        data: complete(conn, ctx, data)?,
        next_cursor,
        total,
    })
}

/// One queue with its figures.
pub fn get_queue(conn: &mut AnyConnection, ctx: &Ctx, id: &QueueId) -> DomainResult<Queue> {
    ctx.principal.require(entities::QUEUES, Action::Read)?;
    let row = store::find_queue(conn, id)?.ok_or(DomainError::not_found(QUEUE))?;
    complete_queue(conn, ctx, row)
}

/// Validates queue fields over the current ones (`current` for a change).
fn queue_values(
    conn: &mut AnyConnection,
    fields: QueueFields,
    current: Option<&Queue>,
) -> DomainResult<(QueueValues, Vec<UserId>)> {
    let mut v = Validator::new();
    let name = clean(fields.name).or_else(|| current.map(|c| c.name.clone()));
    v.required_max("name", name.as_deref(), 100);
    let description = match fields.description {
        Some(text) => v.text("description", Some(text), 2_000),
        None => current.and_then(|c| c.description.clone()),
    };
    let mut members = fields
        .member_ids
        .unwrap_or_else(|| current.map(|c| c.member_ids.clone()).unwrap_or_default());
    members.sort();
    members.dedup();
    if members.len() > 1_000 {
        v.add(
            "member_ids",
            "too_many",
            "a queue has at most 1,000 members",
        );
    }
    let held = current.map(|c| c.member_ids.as_slice()).unwrap_or(&[]);
    for (i, user) in members.iter().enumerate() {
        if held.contains(user) {
            continue;
        }
        match crm_identity::store::user(conn, user)? {
            Some(u) if u.is_active => {}
            _ => v.add(
                &format!("member_ids[{i}]"),
                "not_found",
                "names no active user",
            ),
        }
    }
    if let Some(name) = &name
        && !v.has("name")
        && store::queue_name_taken(conn, name, current.map(|c| &c.id))?
    {
        return Err(DomainError::conflict(format!(
            "a queue named {name} exists already"
        )));
    }
    v.finish()?;
    Ok((
        QueueValues {
            name: name.unwrap_or_default(),
            description,
            is_escalation: fields
                .is_escalation
                .unwrap_or(current.is_some_and(|c| c.is_escalation)),
            is_active: fields
                .is_active
                .unwrap_or(current.is_none_or(|c| c.is_active)),
        },
        members,
    ))
}

/// Creates a queue.
pub fn create_queue(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    fields: QueueFields,
) -> DomainResult<Queue> {
    ctx.principal.require(entities::QUEUES, Action::Create)?;
    write_transaction(conn, |conn| {
        let (values, members) = queue_values(conn, fields, None)?;
        let id = QueueId::new();
        let row = store::insert_queue(conn, &id, &values, ctx.actor(), ctx.now)?;
        store::set_members(conn, &id, &members)?;
        let queue = complete_queue(conn, ctx, row)?;
        changes::log(conn, Some(ctx.actor()), ctx.now, None, Some(&queue))?;
        Ok(queue)
    })
}

/// Changes a queue: the fields sent (members replace the list).
pub fn update_queue(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &QueueId,
    fields: QueueFields,
    if_match: Option<i64>,
) -> DomainResult<Queue> {
    ctx.principal.require(entities::QUEUES, Action::Update)?;
    write_transaction(conn, |conn| {
        lock_for_update(conn, "queues", id.as_str())?;
        let current = get_queue(conn, ctx, id)?;
        check_version(if_match, current.version)?;
        let (values, members) = queue_values(conn, fields, Some(&current))?;
        let row = store::update_queue(conn, id, current.version, &values, ctx.actor(), ctx.now)?
            .ok_or(DomainError::conflict(
                "the queue changed while it was being saved; try again",
            ))?;
        store::set_members(conn, id, &members)?;
        let updated = complete_queue(conn, ctx, row)?;
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

/// Deletes a queue no case or rule points at.
pub fn delete_queue(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &QueueId,
    if_match: Option<i64>,
) -> DomainResult<()> {
    ctx.principal.require(entities::QUEUES, Action::Delete)?;
    write_transaction(conn, |conn| {
        lock_for_update(conn, "queues", id.as_str())?;
        let current = get_queue(conn, ctx, id)?;
        check_version(if_match, current.version)?;
        crm_db::ownership::refuse_if_linked(conn, entities::QUEUES, id.as_str(), QUEUE)?;
        if !store::delete_queue(conn, id, current.version)? {
            return Err(DomainError::conflict(
                "the queue changed while it was being deleted; try again",
            ));
        }
        changes::log(conn, Some(ctx.actor()), ctx.now, Some(&current), None)?;
        Ok(())
    })
}

// ----- routing rules --------------------------------------------------------------------------

/// A page of routing rules, in order (everyone reads them).
pub fn list_rules(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    list: &ListQuery,
) -> DomainResult<Page<RoutingRule>> {
    ctx.principal
        .require(entities::ROUTING_RULES, Action::Read)?;
    let (rows, total) = store::list_rules(conn, Vec::new, list)?;
    Ok(Page::from_rows(rows, list, total, |r| {
        store::rule_sort_key(r, list.sort.field)
    })
    .map(RoutingRule::from))
}

/// One routing rule.
pub fn get_rule(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &RoutingRuleId,
) -> DomainResult<RoutingRule> {
    ctx.principal
        .require(entities::ROUTING_RULES, Action::Read)?;
    store::find_rule(conn, id)?
        .map(RoutingRule::from)
        .ok_or(DomainError::not_found(RULE))
}

fn rule_values(
    conn: &mut AnyConnection,
    fields: RoutingRuleFields,
    current: Option<&RoutingRule>,
) -> DomainResult<RoutingRuleValues> {
    let mut v = Validator::new();
    let name = clean(fields.name).or_else(|| current.map(|c| c.name.clone()));
    v.required_max("name", name.as_deref(), 200);
    v.range("sort_order", fields.sort_order, 0, 1_000_000);
    let queue_id = fields
        .queue_id
        .or_else(|| current.map(|c| c.queue_id.clone()));
    match &queue_id {
        None => v.add(
            "queue_id",
            "required",
            "queue_id is required: where matching cases go",
        ),
        Some(queue) => match store::find_queue(conn, queue)? {
            Some(_) => {}
            None => v.add("queue_id", "not_found", "queue_id names no queue"),
        },
    }
    let mut conditions = fields
        .conditions
        .or_else(|| current.map(|c| c.conditions.clone()))
        .unwrap_or_default();
    conditions.title_contains = clean(conditions.title_contains);
    if conditions
        .title_contains
        .as_ref()
        .is_some_and(|t| t.chars().count() > 200)
    {
        v.add(
            "conditions.title_contains",
            "too_long",
            "conditions.title_contains must be at most 200 characters",
        );
    }
    let choices = Choices::load(conn, entities::CASES)?;
    for (field, list) in [
        ("products", &conditions.products),
        ("subjects", &conditions.subjects),
    ] {
        let picklist = &field[..field.len() - 1];
        for (i, value) in list.iter().enumerate() {
            choices.check(
                &mut v,
                picklist,
                &format!("conditions.{field}[{i}]"),
                Some(value),
                None,
            );
        }
    }
    for (i, account) in conditions.account_ids.iter().enumerate() {
        if crm_accounts::store::find_account(conn, &AccessScope::Organization, account)?.is_some() {
            continue;
        }
        v.add(
            &format!("conditions.account_ids[{i}]"),
            "not_found",
            "names no account",
        );
    }
    v.finish()?;
    let Some(queue_id) = queue_id else {
        return Err(DomainError::invalid(
            "queue_id",
            "required",
            "queue_id is required",
        ));
    };
    let sort_order = match fields.sort_order.or(current.map(|c| c.sort_order)) {
        Some(order) => order,
        None => store::last_rule_order(conn)?.map_or(10, |last| last + 10),
    };
    let conditions = serde_json::to_string(&conditions)
        .map_err(|e| DomainError::Internal(format!("cannot store the conditions: {e}")))?;
    Ok(RoutingRuleValues {
        name: name.unwrap_or_default(),
        sort_order,
        is_active: fields
            .is_active
            .unwrap_or(current.is_none_or(|c| c.is_active)),
        conditions,
        queue_id,
    })
}

/// Creates a routing rule (after the others unless a `sort_order` is given).
pub fn create_rule(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    fields: RoutingRuleFields,
) -> DomainResult<RoutingRule> {
    ctx.principal
        .require(entities::ROUTING_RULES, Action::Create)?;
    write_transaction(conn, |conn| {
        let values = rule_values(conn, fields, None)?;
        let id = RoutingRuleId::new();
        let rule = RoutingRule::from(store::insert_rule(
            conn,
            &id,
            &values,
            ctx.actor(),
            ctx.now,
        )?);
        changes::log(conn, Some(ctx.actor()), ctx.now, None, Some(&rule))?;
        Ok(rule)
    })
}

/// Changes a routing rule: the fields sent.
pub fn update_rule(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &RoutingRuleId,
    fields: RoutingRuleFields,
    if_match: Option<i64>,
) -> DomainResult<RoutingRule> {
    ctx.principal
        .require(entities::ROUTING_RULES, Action::Update)?;
    write_transaction(conn, |conn| {
        lock_for_update(conn, "routing_rules", id.as_str())?;
        let current = get_rule(conn, ctx, id)?;
        check_version(if_match, current.version)?;
        let values = rule_values(conn, fields, Some(&current))?;
        let rule = store::update_rule(conn, id, current.version, &values, ctx.actor(), ctx.now)?
            .map(RoutingRule::from)
            .ok_or(DomainError::conflict(
                "the rule changed while it was being saved; try again",
            ))?;
        changes::log(
            conn,
            Some(ctx.actor()),
            ctx.now,
            Some(&current),
            Some(&rule),
        )?;
        Ok(rule)
    })
}

/// Deletes a routing rule (the cases it routed keep their queue).
pub fn delete_rule(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &RoutingRuleId,
    if_match: Option<i64>,
) -> DomainResult<()> {
    ctx.principal
        .require(entities::ROUTING_RULES, Action::Delete)?;
    write_transaction(conn, |conn| {
        lock_for_update(conn, "routing_rules", id.as_str())?;
        let current = get_rule(conn, ctx, id)?;
        check_version(if_match, current.version)?;
        if !store::delete_rule(conn, id, current.version)? {
            return Err(DomainError::conflict(
                "the rule changed while it was being deleted; try again",
            ));
        }
        changes::log(conn, Some(ctx.actor()), ctx.now, Some(&current), None)?;
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CasePriority, Origin};
    use crm_core::id::{AccountId, BusinessUnitId, OwnerId};

    fn case(title: &str) -> CaseValues {
        CaseValues {
            title: title.into(),
            description: None,
            account_id: Some(AccountId::from_trusted(
                "019ad9a0-0000-7000-8000-0000000000aa".into(),
            )),
            contact_id: None,
            product: Some("printer".into()),
            subject: Some("technical".into()),
            case_type: None,
            origin: "email".into(),
            priority: "high".into(),
            severity: None,
            status: "new".into(),
            queue_id: None,
            worked_by_id: None,
            queued_at: None,
            routing_rule_id: None,
            contract_id: None,
            entitlement: "none".into(),
            drawn_down: None,
            sla_policy_id: None,
            first_response_due_at: None,
            resolve_by_at: None,
            first_responded_at: None,
            first_response_minutes: None,
            first_response_breached: false,
            resolution_breached: false,
            paused_at: None,
            paused_minutes: 0,
            resolution: None,
            resolved_at: None,
            resolution_minutes: None,
            cancelled_at: None,
            is_escalated: false,
            escalated_at: None,
            escalation_reason: None,
            reactivation_count: 0,
            owner_id: OwnerId::from_trusted("u".into()),
            business_unit_id: BusinessUnitId::from_trusted("b".into()),
        }
    }

    #[test]
    fn a_rule_without_conditions_takes_every_case() {
        assert!(RoutingConditions::default().matches(&case("Anything")));
    }

    #[test]
    fn every_condition_given_must_hold() {
        let rule = RoutingConditions {
            priorities: vec![CasePriority::High, CasePriority::Urgent],
            origins: vec![Origin::Email],
            products: vec!["printer".into()],
            title_contains: Some("JAM".into()),
            ..RoutingConditions::default()
        };
        assert!(rule.matches(&case("Paper jam on tray 2")));
        assert!(!rule.matches(&case("Toner is empty")));
        let mut low = case("Paper jam");
        low.priority = "low".into();
        assert!(!rule.matches(&low));
        let mut phone = case("Paper jam");
        phone.origin = "phone".into();
        assert!(!rule.matches(&phone));
        let mut other = case("Paper jam");
        other.product = None;
        assert!(!rule.matches(&other));
    }

    #[test]
    fn accounts_route_vip_customers() {
        let vip = AccountId::from_trusted("019ad9a0-0000-7000-8000-0000000000aa".into());
        let rule = RoutingConditions {
            account_ids: vec![vip],
            ..RoutingConditions::default()
        };
        assert!(rule.matches(&case("Anything")));
        let mut someone = case("Anything");
        someone.account_id = None;
        assert!(!rule.matches(&someone));
    }
}
