//! Diesel queries for cases, queues, routing rules, service-level policies, contract templates
//! and contracts. No rules here: the services decide who may run them.

use crm_core::Timestamp;
use crm_core::id::{
    CaseId, ContractId, ContractTemplateId, QueueId, RoutingRuleId, SlaPolicyId, UserId,
};
use crm_core::security::AccessScope;
use crm_db::query::{self, BoxedCondition};
use crm_db::schema::{
    activities, cases, contract_templates, contracts, queue_members, queues, routing_rules,
    sla_policies, sla_targets,
};
use crm_db::{AnyConnection, Native};
use diesel::prelude::*;

use crate::lifecycle::CaseStatus;
use crate::model::{
    CaseRow, CaseValues, ContractRow, ContractTemplate, ContractTemplateValues, ContractValues,
    QueueFigures, QueueRow, QueueValues, RoutingRuleRow, RoutingRuleValues, SlaPolicyRow,
    SlaPolicyValues, SlaTarget,
};

crm_db::list_query! {
    /// A page of cases (up to `limit + 1` rows) under the given conditions, and the total.
    pub fn list_cases / case_sort_key (cases) -> CaseRow {
        id: cases::id,
        filters: {
            "id" => (cases::id, String),
            "created_at" => (cases::created_at, Timestamp),
            "updated_at" => (cases::updated_at, Timestamp),
            "number" => (cases::number, String),
            "title" => (cases::title, String),
            "status" => (cases::status, String),
            "priority" => (cases::priority, String),
            "origin" => (cases::origin, String),
            "product" => (cases::product.assume_not_null(), String),
            "subject" => (cases::subject.assume_not_null(), String),
            "case_type" => (cases::case_type.assume_not_null(), String),
            "severity" => (cases::severity.assume_not_null(), String),
            "account_id" => (cases::account_id.assume_not_null(), String),
            "contact_id" => (cases::contact_id.assume_not_null(), String),
            "queue_id" => (cases::queue_id.assume_not_null(), String),
            "worked_by_id" => (cases::worked_by_id.assume_not_null(), String),
            "contract_id" => (cases::contract_id.assume_not_null(), String),
            "entitlement" => (cases::entitlement, String),
            "is_escalated" => (cases::is_escalated, bool),
            "first_response_due_at" => (cases::first_response_due_at.assume_not_null(), Timestamp),
            "resolve_by_at" => (cases::resolve_by_at.assume_not_null(), Timestamp),
            "first_responded_at" => (cases::first_responded_at.assume_not_null(), Timestamp),
            "resolved_at" => (cases::resolved_at.assume_not_null(), Timestamp),
            "owner_id" => (cases::owner_id, String),
            "business_unit_id" => (cases::business_unit_id, String),
        },
        sorts: {
            "created_at" => (cases::created_at, Timestamp, |r| r.created_at),
            "updated_at" => (cases::updated_at, Timestamp, |r| r.updated_at),
            "number" => (cases::number, Text, |r| r.number.clone()),
            "title" => (cases::title, Text, |r| r.title.clone()),
        },
        search: [cases::number, cases::title],
    }
}

crm_db::list_query! {
    /// A page of queues, and the total.
    pub fn list_queues / queue_sort_key (queues) -> QueueRow {
        id: queues::id,
        filters: {
            "id" => (queues::id, String),
            "name" => (queues::name, String),
            "created_at" => (queues::created_at, Timestamp),
            "is_active" => (queues::is_active, bool),
            "is_escalation" => (queues::is_escalation, bool),
        },
        sorts: {
            "name" => (queues::name, Text, |r| r.name.clone()),
            "created_at" => (queues::created_at, Timestamp, |r| r.created_at),
        },
        search: [queues::name],
    }
}

crm_db::list_query! {
    /// A page of routing rules, and the total.
    pub fn list_rules / rule_sort_key (routing_rules) -> RoutingRuleRow {
        id: routing_rules::id,
        filters: {
            "id" => (routing_rules::id, String),
            "sort_order" => (routing_rules::sort_order, i64),
            "created_at" => (routing_rules::created_at, Timestamp),
            "queue_id" => (routing_rules::queue_id, String),
            "is_active" => (routing_rules::is_active, bool),
        },
        sorts: {
            "sort_order" => (routing_rules::sort_order, Integer, |r| r.sort_order),
            "created_at" => (routing_rules::created_at, Timestamp, |r| r.created_at),
        },
        search: [routing_rules::name],
    }
}

crm_db::list_query! {
    /// A page of service-level policies, and the total.
    pub fn list_policies / policy_sort_key (sla_policies) -> SlaPolicyRow {
        id: sla_policies::id,
        filters: {
            "id" => (sla_policies::id, String),
            "name" => (sla_policies::name, String),
            "created_at" => (sla_policies::created_at, Timestamp),
            "is_default" => (sla_policies::is_default, bool),
        },
        sorts: {
            "name" => (sla_policies::name, Text, |r| r.name.clone()),
            "created_at" => (sla_policies::created_at, Timestamp, |r| r.created_at),
        },
        search: [sla_policies::name],
    }
}

crm_db::list_query! {
    /// A page of contract templates, and the total.
    pub fn list_templates / template_sort_key (contract_templates) -> ContractTemplate {
        id: contract_templates::id,
        filters: {
            "id" => (contract_templates::id, String),
            "name" => (contract_templates::name, String),
            "created_at" => (contract_templates::created_at, Timestamp),
            "is_active" => (contract_templates::is_active, bool),
        },
        sorts: {
            "name" => (contract_templates::name, Text, |r| r.name.clone()),
            "created_at" => (contract_templates::created_at, Timestamp, |r| r.created_at),
        },
        search: [contract_templates::name],
    }
}

crm_db::list_query! {
    /// A page of contracts, and the total. The `status` filter is the service's: it depends on
    /// the day.
    pub fn list_contracts / contract_sort_key (contracts) -> ContractRow {
        id: contracts::id,
        filters: {
            "id" => (contracts::id, String),
            "number" => (contracts::number, String),
            "name" => (contracts::name, String),
            "ends_on" => (contracts::ends_on, chrono::NaiveDate),
            "created_at" => (contracts::created_at, Timestamp),
            "updated_at" => (contracts::updated_at, Timestamp),
            "account_id" => (contracts::account_id.assume_not_null(), String),
            "contact_id" => (contracts::contact_id.assume_not_null(), String),
            "template_id" => (contracts::template_id.assume_not_null(), String),
            "starts_on" => (contracts::starts_on, chrono::NaiveDate),
            "owner_id" => (contracts::owner_id, String),
            "business_unit_id" => (contracts::business_unit_id, String),
        },
        sorts: {
            "created_at" => (contracts::created_at, Timestamp, |r| r.created_at),
            "updated_at" => (contracts::updated_at, Timestamp, |r| r.updated_at),
            "number" => (contracts::number, Text, |r| r.number.clone()),
            "name" => (contracts::name, Text, |r| r.name.clone()),
            "ends_on" => (contracts::ends_on, Date, |r| r.ends_on),
        },
        search: [contracts::number, contracts::name],
    }
}

// ----- cases ----------------------------------------------------------------------------------

/// The caller's visibility over cases, as list conditions.
pub fn visible_cases(scope: &AccessScope) -> Vec<BoxedCondition<'static, cases::table>> {
    query::visible(scope, cases::owner_id, cases::business_unit_id)
        .into_iter()
        .collect()
}

/// One case within a scope.
pub fn find_case(
    conn: &mut AnyConnection,
    scope: &AccessScope,
    id: &CaseId,
) -> QueryResult<Option<CaseRow>> {
    let mut q = cases::table
        .filter(cases::id.eq(id))
        .select(CaseRow::as_select())
        .into_boxed();
    for visible in visible_cases(scope) {
        q = q.filter(visible);
    }
    q.get_result(conn).optional()
}

/// One case, whoever may read it (for bookkeeping another record's rule does on it).
pub fn find_case_unscoped(conn: &mut AnyConnection, id: &str) -> QueryResult<Option<CaseRow>> {
    cases::table
        .filter(cases::id.eq(id))
        .select(CaseRow::as_select())
        .get_result(conn)
        .optional()
}

/// Inserts a case.
pub fn insert_case(
    conn: &mut AnyConnection,
    id: &CaseId,
    number: &str,
    values: &CaseValues,
    actor: &str,
    now: Timestamp,
) -> QueryResult<CaseRow> {
    diesel::insert_into(cases::table)
        .values((
            values.clone(),
            cases::id.eq(id),
            cases::number.eq(number),
            cases::created_by.eq(actor),
            cases::updated_by.eq(actor),
            cases::created_at.eq(now),
            cases::updated_at.eq(now),
            cases::version.eq(1),
        ))
        .returning(cases::all_columns)
        .native_result(conn)
}

/// Writes a case if it is still at `version`; `None` if another write came first.
pub fn update_case(
    conn: &mut AnyConnection,
    id: &CaseId,
    version: i64,
    values: &CaseValues,
    actor: &str,
    now: Timestamp,
) -> QueryResult<Option<CaseRow>> {
    diesel::update(
        cases::table
            .filter(cases::id.eq(id))
            .filter(cases::version.eq(version)),
    )
    .set((
        values,
        cases::updated_by.eq(actor),
        cases::updated_at.eq(now),
        cases::version.eq(version + 1),
    ))
    .returning(cases::all_columns)
    .native_result(conn)
    .optional()
}

/// Records a case's first response (bookkeeping: its version stays).
pub fn set_first_response(
    conn: &mut AnyConnection,
    id: &CaseId,
    at: Timestamp,
    minutes: i64,
    breached: bool,
) -> QueryResult<()> {
    diesel::update(
        cases::table
            .filter(cases::id.eq(id))
            .filter(cases::first_responded_at.is_null()),
    )
    .set((
        cases::first_responded_at.eq(Some(at)),
        cases::first_response_minutes.eq(Some(minutes)),
        cases::first_response_breached.eq(breached),
    ))
    .execute(conn)?;
    Ok(())
}

/// Deletes a case if it is still at `version`.
pub fn delete_case(conn: &mut AnyConnection, id: &CaseId, version: i64) -> QueryResult<bool> {
    diesel::delete(
        cases::table
            .filter(cases::id.eq(id))
            .filter(cases::version.eq(version)),
    )
    .execute(conn)
    .map(|n| n == 1)
}

/// The time spent on cases: the durations of their completed activities, summed per case.
pub fn time_spent(conn: &mut AnyConnection, ids: &[String]) -> QueryResult<Vec<(String, i64)>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let rows: Vec<(Option<String>, Option<i64>)> = activities::table
        .filter(activities::regarding_id.eq_any(ids))
        .filter(activities::regarding_type.eq("cases"))
        .filter(activities::status.eq("completed"))
        .filter(activities::duration_minutes.is_not_null())
        .select((activities::regarding_id, activities::duration_minutes))
        .load(conn)?;
    let mut spent: Vec<(String, i64)> = Vec::new();
    for (id, minutes) in rows {
        let (Some(id), Some(minutes)) = (id, minutes) else {
            continue;
        };
        match spent.iter_mut().find(|(case, _)| *case == id) {
            Some((_, total)) => *total += minutes,
            None => spent.push((id, minutes)),
        }
    }
    Ok(spent)
}

// ----- queues ---------------------------------------------------------------------------------

/// One queue.
pub fn find_queue(conn: &mut AnyConnection, id: &QueueId) -> QueryResult<Option<QueueRow>> {
    queues::table
        .filter(queues::id.eq(id))
        .select(QueueRow::as_select())
        .get_result(conn)
        .optional()
}

/// The first active escalation queue, by name.
pub fn escalation_queue(conn: &mut AnyConnection) -> QueryResult<Option<QueueRow>> {
    queues::table
        .filter(queues::is_escalation.eq(true))
        .filter(queues::is_active.eq(true))
        .order((queues::name, queues::id))
        .select(QueueRow::as_select())
        .first(conn)
        .optional()
}

/// Whether another queue has this name.
pub fn queue_name_taken(
    conn: &mut AnyConnection,
    name: &str,
    except: Option<&QueueId>,
) -> QueryResult<bool> {
    let mut q = queues::table
        .filter(queues::name.eq(name.to_owned()))
        .select(queues::id)
        .into_boxed();
    if let Some(except) = except {
        q = q.filter(queues::id.ne(except.clone()));
    }
    Ok(q.first::<QueueId>(conn).optional()?.is_some())
}

/// Inserts a queue.
pub fn insert_queue(
    conn: &mut AnyConnection,
    id: &QueueId,
    values: &QueueValues,
    actor: &str,
    now: Timestamp,
) -> QueryResult<QueueRow> {
    diesel::insert_into(queues::table)
        .values((
            values.clone(),
            queues::id.eq(id),
            queues::created_by.eq(actor),
            queues::updated_by.eq(actor),
            queues::created_at.eq(now),
            queues::updated_at.eq(now),
            queues::version.eq(1),
        ))
        .returning(queues::all_columns)
        .native_result(conn)
}

/// Writes a queue if it is still at `version`.
pub fn update_queue(
    conn: &mut AnyConnection,
    id: &QueueId,
    version: i64,
    values: &QueueValues,
    actor: &str,
    now: Timestamp,
) -> QueryResult<Option<QueueRow>> {
    diesel::update(
        queues::table
            .filter(queues::id.eq(id))
            .filter(queues::version.eq(version)),
    )
    .set((
        values,
        queues::updated_by.eq(actor),
        queues::updated_at.eq(now),
        queues::version.eq(version + 1),
    ))
    .returning(queues::all_columns)
    .native_result(conn)
    .optional()
}

/// Deletes a queue and its memberships if it is still at `version`.
pub fn delete_queue(conn: &mut AnyConnection, id: &QueueId, version: i64) -> QueryResult<bool> {
    diesel::delete(queue_members::table.filter(queue_members::queue_id.eq(id))).execute(conn)?;
    diesel::delete(
        queues::table
            .filter(queues::id.eq(id))
            .filter(queues::version.eq(version)),
    )
    .execute(conn)
    .map(|n| n == 1)
}

/// The members of queues, in one query.
pub fn members_of(
    conn: &mut AnyConnection,
    ids: &[QueueId],
) -> QueryResult<Vec<(QueueId, UserId)>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    queue_members::table
        .filter(queue_members::queue_id.eq_any(ids))
        .order((queue_members::queue_id, queue_members::user_id))
        .select((queue_members::queue_id, queue_members::user_id))
        .load(conn)
}

/// Whether a user works a queue.
pub fn is_member(conn: &mut AnyConnection, queue: &QueueId, user: &UserId) -> QueryResult<bool> {
    Ok(queue_members::table
        .filter(queue_members::queue_id.eq(queue))
        .filter(queue_members::user_id.eq(user))
        .count()
        .get_result::<i64>(conn)?
        > 0)
}

/// Replaces a queue's members.
pub fn set_members(conn: &mut AnyConnection, id: &QueueId, users: &[UserId]) -> QueryResult<()> {
    diesel::delete(queue_members::table.filter(queue_members::queue_id.eq(id))).execute(conn)?;
    for user in users {
        diesel::insert_into(queue_members::table)
            .values((
                queue_members::queue_id.eq(id),
                queue_members::user_id.eq(user),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Open cases of a queue by who works them: the queue, the worker, how many, the oldest entry.
type QueueGroup = (Option<QueueId>, Option<UserId>, i64, Option<Timestamp>);

/// The figures of queues over the cases in `scope`: open cases waiting (nobody took them) and
/// being worked, and since when the oldest has waited. One grouped query for all the queues.
pub fn queue_figures(
    conn: &mut AnyConnection,
    scope: &AccessScope,
    ids: &[QueueId],
) -> QueryResult<Vec<(QueueId, QueueFigures)>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let open: Vec<&str> = CaseStatus::OPEN.iter().map(|s| s.as_str()).collect();
    let mut q = cases::table
        .filter(cases::queue_id.assume_not_null().eq_any(ids.to_vec()))
        .filter(cases::status.eq_any(open))
        .group_by((cases::queue_id, cases::worked_by_id))
        .select((
            cases::queue_id,
            cases::worked_by_id,
            diesel::dsl::count_star(),
            diesel::dsl::min(cases::queued_at),
        ))
        .into_boxed();
    for visible in visible_cases(scope) {
        q = q.filter(visible);
    }
    let rows: Vec<QueueGroup> = q.load(conn)?;
    let members: Vec<(String, i64)> = queue_members::table
        .filter(queue_members::queue_id.eq_any(ids))
        .group_by(queue_members::queue_id)
        .select((queue_members::queue_id, diesel::dsl::count_star()))
        .load(conn)?;
    Ok(ids
        .iter()
        .map(|id| {
            let mut figures = QueueFigures {
                members: members
                    .iter()
                    .find(|(q, _)| q == id.as_str())
                    .map_or(0, |(_, n)| *n),
                ..QueueFigures::default()
            };
            for (queue, worker, n, oldest) in &rows {
                if queue.as_ref() != Some(id) {
                    continue;
                }
                if worker.is_none() {
                    figures.cases_waiting += *n;
                    figures.oldest_waiting_since = *oldest;
                } else {
                    figures.cases_being_worked += *n;
                }
            }
            (id.clone(), figures)
        })
        .collect())
}

// ----- routing rules --------------------------------------------------------------------------

/// One routing rule.
pub fn find_rule(
    conn: &mut AnyConnection,
    id: &RoutingRuleId,
) -> QueryResult<Option<RoutingRuleRow>> {
    routing_rules::table
        .filter(routing_rules::id.eq(id))
        .select(RoutingRuleRow::as_select())
        .get_result(conn)
        .optional()
}

/// The active rules whose queue is active, in order.
pub fn active_rules(conn: &mut AnyConnection) -> QueryResult<Vec<RoutingRuleRow>> {
    routing_rules::table
        .inner_join(queues::table.on(queues::id.eq(routing_rules::queue_id)))
        .filter(routing_rules::is_active.eq(true))
        .filter(queues::is_active.eq(true))
        .order((routing_rules::sort_order, routing_rules::id))
        .select(RoutingRuleRow::as_select())
        .load(conn)
}

/// The highest sort order of the rules.
pub fn last_rule_order(conn: &mut AnyConnection) -> QueryResult<Option<i64>> {
    routing_rules::table
        .select(diesel::dsl::max(routing_rules::sort_order))
        .get_result(conn)
}

/// Inserts a routing rule.
pub fn insert_rule(
    conn: &mut AnyConnection,
    id: &RoutingRuleId,
    values: &RoutingRuleValues,
    actor: &str,
    now: Timestamp,
) -> QueryResult<RoutingRuleRow> {
    diesel::insert_into(routing_rules::table)
        .values((
            values.clone(),
            routing_rules::id.eq(id),
            routing_rules::created_by.eq(actor),
            routing_rules::updated_by.eq(actor),
            routing_rules::created_at.eq(now),
            routing_rules::updated_at.eq(now),
            routing_rules::version.eq(1),
        ))
        .returning(routing_rules::all_columns)
        .native_result(conn)
}

/// Writes a routing rule if it is still at `version`.
pub fn update_rule(
    conn: &mut AnyConnection,
    id: &RoutingRuleId,
    version: i64,
    values: &RoutingRuleValues,
    actor: &str,
    now: Timestamp,
) -> QueryResult<Option<RoutingRuleRow>> {
    diesel::update(
        routing_rules::table
            .filter(routing_rules::id.eq(id))
            .filter(routing_rules::version.eq(version)),
    )
    .set((
        values,
        routing_rules::updated_by.eq(actor),
        routing_rules::updated_at.eq(now),
        routing_rules::version.eq(version + 1),
    ))
    .returning(routing_rules::all_columns)
    .native_result(conn)
    .optional()
}

/// Deletes a routing rule if it is still at `version`.
pub fn delete_rule(
    conn: &mut AnyConnection,
    id: &RoutingRuleId,
    version: i64,
) -> QueryResult<bool> {
    diesel::delete(
        routing_rules::table
            .filter(routing_rules::id.eq(id))
            .filter(routing_rules::version.eq(version)),
    )
    .execute(conn)
    .map(|n| n == 1)
}

// ----- service-level policies -----------------------------------------------------------------

/// One policy.
pub fn find_policy(
    conn: &mut AnyConnection,
    id: &SlaPolicyId,
) -> QueryResult<Option<SlaPolicyRow>> {
    sla_policies::table
        .filter(sla_policies::id.eq(id))
        .select(SlaPolicyRow::as_select())
        .get_result(conn)
        .optional()
}

/// The default policy, if one is.
pub fn default_policy(conn: &mut AnyConnection) -> QueryResult<Option<SlaPolicyId>> {
    sla_policies::table
        .filter(sla_policies::is_default.eq(true))
        .order(sla_policies::id)
        .select(sla_policies::id)
        .first(conn)
        .optional()
}

/// Whether another policy has this name.
pub fn policy_name_taken(
    conn: &mut AnyConnection,
    name: &str,
    except: Option<&SlaPolicyId>,
) -> QueryResult<bool> {
    let mut q = sla_policies::table
        .filter(sla_policies::name.eq(name.to_owned()))
        .select(sla_policies::id)
        .into_boxed();
    if let Some(except) = except {
        q = q.filter(sla_policies::id.ne(except.clone()));
    }
    Ok(q.first::<SlaPolicyId>(conn).optional()?.is_some())
}

/// The targets of policies, in one query.
pub fn targets_of(
    conn: &mut AnyConnection,
    ids: &[SlaPolicyId],
) -> QueryResult<Vec<(SlaPolicyId, String, i64, i64)>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    sla_targets::table
        .filter(sla_targets::policy_id.eq_any(ids))
        .select((
            sla_targets::policy_id,
            sla_targets::priority,
            sla_targets::first_response_minutes,
            sla_targets::resolution_minutes,
        ))
        .load(conn)
}

/// The targets of one policy for one priority.
pub fn target(
    conn: &mut AnyConnection,
    policy: &SlaPolicyId,
    priority: &str,
) -> QueryResult<Option<(i64, i64)>> {
    sla_targets::table
        .filter(sla_targets::policy_id.eq(policy))
        .filter(sla_targets::priority.eq(priority))
        .select((
            sla_targets::first_response_minutes,
            sla_targets::resolution_minutes,
        ))
        .get_result(conn)
        .optional()
}

/// Inserts or rewrites a policy with its targets; clears the other defaults when it is one.
pub fn save_policy(
    conn: &mut AnyConnection,
    id: &SlaPolicyId,
    current_version: Option<i64>,
    values: &SlaPolicyValues,
    targets: &[SlaTarget],
    actor: &str,
    now: Timestamp,
) -> QueryResult<Option<SlaPolicyRow>> {
    if values.is_default {
        diesel::update(
            sla_policies::table
                .filter(sla_policies::is_default.eq(true))
                .filter(sla_policies::id.ne(id)),
        )
        .set(sla_policies::is_default.eq(false))
        .execute(conn)?;
    }
    let row = match current_version {
        None => Some(
            diesel::insert_into(sla_policies::table)
                .values((
                    values.clone(),
                    sla_policies::id.eq(id),
                    sla_policies::created_by.eq(actor),
                    sla_policies::updated_by.eq(actor),
                    sla_policies::created_at.eq(now),
                    sla_policies::updated_at.eq(now),
                    sla_policies::version.eq(1),
                ))
                .returning(sla_policies::all_columns)
                .native_result(conn)?,
        ),
        Some(version) => diesel::update(
            sla_policies::table
                .filter(sla_policies::id.eq(id))
                .filter(sla_policies::version.eq(version)),
        )
        .set((
            values,
            sla_policies::updated_by.eq(actor),
            sla_policies::updated_at.eq(now),
            sla_policies::version.eq(version + 1),
        ))
        .returning(sla_policies::all_columns)
        .native_result(conn)
        .optional()?,
    };
    if row.is_some() {
        diesel::delete(sla_targets::table.filter(sla_targets::policy_id.eq(id))).execute(conn)?;
        for t in targets {
            diesel::insert_into(sla_targets::table)
                .values((
                    sla_targets::policy_id.eq(id),
                    sla_targets::priority.eq(t.priority.as_str()),
                    sla_targets::first_response_minutes.eq(t.first_response_minutes),
                    sla_targets::resolution_minutes.eq(t.resolution_minutes),
                ))
                .execute(conn)?;
        }
    }
    Ok(row)
}

/// Deletes a policy and its targets if it is still at `version`.
pub fn delete_policy(
    conn: &mut AnyConnection,
    id: &SlaPolicyId,
    version: i64,
) -> QueryResult<bool> {
    diesel::delete(sla_targets::table.filter(sla_targets::policy_id.eq(id))).execute(conn)?;
    diesel::delete(
        sla_policies::table
            .filter(sla_policies::id.eq(id))
            .filter(sla_policies::version.eq(version)),
    )
    .execute(conn)
    .map(|n| n == 1)
}

// ----- contract templates ---------------------------------------------------------------------

/// One contract template.
pub fn find_template(
    conn: &mut AnyConnection,
    id: &ContractTemplateId,
) -> QueryResult<Option<ContractTemplate>> {
    contract_templates::table
        .filter(contract_templates::id.eq(id))
        .select(ContractTemplate::as_select())
        .get_result(conn)
        .optional()
}

/// Whether another template has this name.
pub fn template_name_taken(
    conn: &mut AnyConnection,
    name: &str,
    except: Option<&ContractTemplateId>,
) -> QueryResult<bool> {
    let mut q = contract_templates::table
        .filter(contract_templates::name.eq(name.to_owned()))
        .select(contract_templates::id)
        .into_boxed();
    if let Some(except) = except {
        q = q.filter(contract_templates::id.ne(except.clone()));
    }
    Ok(q.first::<ContractTemplateId>(conn).optional()?.is_some())
}

/// Inserts a template.
pub fn insert_template(
    conn: &mut AnyConnection,
    id: &ContractTemplateId,
    values: &ContractTemplateValues,
    actor: &str,
    now: Timestamp,
) -> QueryResult<ContractTemplate> {
    diesel::insert_into(contract_templates::table)
        .values((
            values.clone(),
            contract_templates::id.eq(id),
            contract_templates::created_by.eq(actor),
            contract_templates::updated_by.eq(actor),
            contract_templates::created_at.eq(now),
            contract_templates::updated_at.eq(now),
            contract_templates::version.eq(1),
        ))
        .returning(contract_templates::all_columns)
        .native_result(conn)
}

/// Writes a template if it is still at `version`.
pub fn update_template(
    conn: &mut AnyConnection,
    id: &ContractTemplateId,
    version: i64,
    values: &ContractTemplateValues,
    actor: &str,
    now: Timestamp,
) -> QueryResult<Option<ContractTemplate>> {
    diesel::update(
        contract_templates::table
            .filter(contract_templates::id.eq(id))
            .filter(contract_templates::version.eq(version)),
    )
    .set((
        values,
        contract_templates::updated_by.eq(actor),
        contract_templates::updated_at.eq(now),
        contract_templates::version.eq(version + 1),
    ))
    .returning(contract_templates::all_columns)
    .native_result(conn)
    .optional()
}

/// Deletes a template if it is still at `version`.
pub fn delete_template(
    conn: &mut AnyConnection,
    id: &ContractTemplateId,
    version: i64,
) -> QueryResult<bool> {
    diesel::delete(
        contract_templates::table
            .filter(contract_templates::id.eq(id))
            .filter(contract_templates::version.eq(version)),
    )
    .execute(conn)
    .map(|n| n == 1)
}

// ----- contracts ------------------------------------------------------------------------------

/// The caller's visibility over contracts, as list conditions.
pub fn visible_contracts(scope: &AccessScope) -> Vec<BoxedCondition<'static, contracts::table>> {
    query::visible(scope, contracts::owner_id, contracts::business_unit_id)
        .into_iter()
        .collect()
}

/// One contract within a scope (`None`: anyone's).
pub fn find_contract(
    conn: &mut AnyConnection,
    scope: Option<&AccessScope>,
    id: &ContractId,
) -> QueryResult<Option<ContractRow>> {
    let mut q = contracts::table
        .filter(contracts::id.eq(id))
        .select(ContractRow::as_select())
        .into_boxed();
    if let Some(scope) = scope {
        for visible in visible_contracts(scope) {
            q = q.filter(visible);
        }
    }
    q.get_result(conn).optional()
}

/// The contracts of a customer (an account or a contact) in force on a day, ending soonest
/// first.
pub fn contracts_in_force(
    conn: &mut AnyConnection,
    account: Option<&str>,
    contact: Option<&str>,
    today: chrono::NaiveDate,
) -> QueryResult<Vec<ContractRow>> {
    let mut found = Vec::new();
    if let Some(account) = account {
        found.extend(
            contracts::table
                .filter(contracts::account_id.eq(account))
                .filter(contracts::status.eq("active"))
                .filter(contracts::ends_on.ge(today))
                .filter(contracts::starts_on.le(today))
                .select(ContractRow::as_select())
                .load(conn)?,
        );
    }
    if let Some(contact) = contact {
        let more: Vec<ContractRow> = contracts::table
            .filter(contracts::contact_id.eq(contact))
            .filter(contracts::status.eq("active"))
            .filter(contracts::ends_on.ge(today))
            .filter(contracts::starts_on.le(today))
            .select(ContractRow::as_select())
            .load(conn)?;
        for row in more {
            if !found.iter().any(|f: &ContractRow| f.id == row.id) {
                found.push(row);
            }
        }
    }
    found.sort_by(|a, b| (a.ends_on, a.id.as_str()).cmp(&(b.ends_on, b.id.as_str())));
    Ok(found)
}

/// Inserts a contract (a draft).
pub fn insert_contract(
    conn: &mut AnyConnection,
    id: &ContractId,
    number: &str,
    values: &ContractValues,
    owner: (&crm_core::id::OwnerId, &crm_core::id::BusinessUnitId),
    actor: &str,
    now: Timestamp,
) -> QueryResult<ContractRow> {
    diesel::insert_into(contracts::table)
        .values((
            values.clone(),
            contracts::id.eq(id),
            contracts::number.eq(number),
            contracts::status.eq("draft"),
            contracts::allotment_used.eq(0),
            contracts::owner_id.eq(owner.0),
            contracts::business_unit_id.eq(owner.1),
            contracts::created_by.eq(actor),
            contracts::updated_by.eq(actor),
            contracts::created_at.eq(now),
            contracts::updated_at.eq(now),
            contracts::version.eq(1),
        ))
        .returning(contracts::all_columns)
        .native_result(conn)
}

/// What a contract write changes besides its fields.
pub struct ContractState<'a> {
    /// Its stored status.
    pub status: &'a str,
    /// What its cases drew.
    pub allotment_used: i64,
    /// When it was activated.
    pub activated_at: Option<Timestamp>,
    /// When it was cancelled.
    pub cancelled_at: Option<Timestamp>,
    /// Its owner and their unit.
    pub owner: (&'a crm_core::id::OwnerId, &'a crm_core::id::BusinessUnitId),
}

/// Writes a contract if it is still at `version`.
pub fn update_contract(
    conn: &mut AnyConnection,
    id: &ContractId,
    version: i64,
    values: &ContractValues,
    state: &ContractState<'_>,
    actor: &str,
    now: Timestamp,
) -> QueryResult<Option<ContractRow>> {
    diesel::update(
        contracts::table
            .filter(contracts::id.eq(id))
            .filter(contracts::version.eq(version)),
    )
    .set((
        values,
        contracts::status.eq(state.status),
        contracts::allotment_used.eq(state.allotment_used),
        contracts::activated_at.eq(state.activated_at),
        contracts::cancelled_at.eq(state.cancelled_at),
        contracts::owner_id.eq(state.owner.0),
        contracts::business_unit_id.eq(state.owner.1),
        contracts::updated_by.eq(actor),
        contracts::updated_at.eq(now),
        contracts::version.eq(version + 1),
    ))
    .returning(contracts::all_columns)
    .native_result(conn)
    .optional()
}

/// Deletes a contract if it is still at `version`.
pub fn delete_contract(
    conn: &mut AnyConnection,
    id: &ContractId,
    version: i64,
) -> QueryResult<bool> {
    diesel::delete(
        contracts::table
            .filter(contracts::id.eq(id))
            .filter(contracts::version.eq(version)),
    )
    .execute(conn)
    .map(|n| n == 1)
}
