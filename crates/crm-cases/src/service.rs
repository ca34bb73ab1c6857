//! The rules for cases: privileges, validation, routing on creation, entitlement under a
//! contract, service-level deadlines, the life cycle with its actions, and the change log.
//!
//! Every function checks the caller's privilege for its action, reads through the caller's
//! visibility scope (a case outside it does not exist for them), validates the whole input at
//! once, writes in one transaction together with the change-log entry, and honours `If-Match`.

use crm_core::changes::{Change, Recordable};
use crm_core::error::{both, check_version};
use crm_core::id::{CaseId, OwnerId, QueueId, SlaPolicyId, UserId};
use crm_core::list::{ListQuery, Page};
use crm_core::security::{AccessScope, Action, Ctx, entities};
use crm_core::validate::{Validator, clean};
use crm_core::{DomainError, DomainResult, Timestamp};
use crm_db::numbers::{format_number, next_number};
use crm_db::{AnyConnection, changes, lock_for_update, write_transaction};
use crm_picklists::Choices;

use crate::contracts;
use crate::lifecycle::{self, CaseStatus};
use crate::model::{
    Cancellation, Case, CaseAssignment, CaseFields, CasePatch, CasePriority, CaseRow, CaseValues,
    Entitlement, Escalation, Origin, Resolution,
};
use crate::queues;
use crate::sla;
use crate::sla_clock::SlaClock;
use crate::store;

const CASE: &str = "case";
/// The longest title.
const MAX_TITLE: usize = 200;
/// The longest description, resolution or reason.
const MAX_TEXT: usize = 100_000;

impl Recordable for Case {
    const ENTITY: &'static str = entities::CASES;
    fn record_id(&self) -> &str {
        self.id.as_str()
    }
    fn owner_id(&self) -> Option<&str> {
        Some(self.owner_id.as_str())
    }
    fn business_unit_id(&self) -> Option<&str> {
        Some(self.business_unit_id.as_str())
    }
}

/// The service-level clock of a stored case.
pub(crate) fn clock_of(row: &CaseRow) -> SlaClock {
    SlaClock {
        created_at: row.created_at,
        first_response_due_at: row.first_response_due_at,
        resolve_by_at: row.resolve_by_at,
        first_responded_at: row.first_responded_at,
        paused_at: row.paused_at,
        paused_minutes: row.paused_minutes,
    }
}

/// Writes a clock back into the values.
fn set_clock(values: &mut CaseValues, clock: &SlaClock) {
    values.first_response_due_at = clock.first_response_due_at;
    values.resolve_by_at = clock.resolve_by_at;
    values.first_responded_at = clock.first_responded_at;
    values.paused_at = clock.paused_at;
    values.paused_minutes = clock.paused_minutes;
}

/// A stored case as the API shows it at `now`, with the time spent on it.
fn shown(row: CaseRow, time_spent_minutes: i64, now: Timestamp) -> Case {
    let status = CaseStatus::parse(&row.status).unwrap_or(CaseStatus::New);
    let clock = clock_of(&row);
    let open = status.is_open();
    Case {
        first_response_breached: row.first_response_breached
            || (open && clock.first_response_overdue(now)),
        resolution_breached: row.resolution_breached || (open && clock.resolution_overdue(now)),
        status,
        origin: Origin::parse(&row.origin).unwrap_or(Origin::Phone),
        priority: CasePriority::parse(&row.priority).unwrap_or(CasePriority::Normal),
        entitlement: Entitlement::parse(&row.entitlement).unwrap_or(Entitlement::None),
        time_spent_minutes,
        id: row.id,
        number: row.number,
        title: row.title,
        description: row.description,
        account_id: row.account_id,
        contact_id: row.contact_id,
        product: row.product,
        subject: row.subject,
        case_type: row.case_type,
        severity: row.severity,
        queue_id: row.queue_id,
        worked_by_id: row.worked_by_id,
        queued_at: row.queued_at,
        routing_rule_id: row.routing_rule_id,
        contract_id: row.contract_id,
        drawn_down: row.drawn_down,
        sla_policy_id: row.sla_policy_id,
        first_response_due_at: row.first_response_due_at,
        resolve_by_at: row.resolve_by_at,
        first_responded_at: row.first_responded_at,
        first_response_minutes: row.first_response_minutes,
        paused_at: row.paused_at,
        paused_minutes: row.paused_minutes,
        resolution: row.resolution,
        resolved_at: row.resolved_at,
        resolution_minutes: row.resolution_minutes,
        cancelled_at: row.cancelled_at,
        is_escalated: row.is_escalated,
        escalated_at: row.escalated_at,
        escalation_reason: row.escalation_reason,
        reactivation_count: row.reactivation_count,
        owner_id: row.owner_id,
        business_unit_id: row.business_unit_id,
        created_by: row.created_by,
        updated_by: row.updated_by,
        created_at: row.created_at,
        updated_at: row.updated_at,
        version: row.version,
    }
}

/// Rows as the API shows them, with the time spent on each read in one query for them all.
fn complete(
    conn: &mut AnyConnection,
    rows: Vec<CaseRow>,
    now: Timestamp,
) -> DomainResult<Vec<Case>> {
    let ids: Vec<String> = rows.iter().map(|r| r.id.as_str().to_owned()).collect();
    let spent = store::time_spent(conn, &ids)?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let minutes = spent
                .iter()
                .find(|(id, _)| id == row.id.as_str())
                .map_or(0, |(_, m)| *m);
            shown(row, minutes, now)
        })
        .collect())
}

fn complete_one(conn: &mut AnyConnection, row: CaseRow, now: Timestamp) -> DomainResult<Case> {
    complete(conn, vec![row], now)?
        .pop()
        .ok_or_else(|| DomainError::Internal("a case vanished while being shown".into()))
}

/// A page of the cases the caller may read.
pub fn list_cases(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    list: &ListQuery,
) -> DomainResult<Page<Case>> {
    let scope = ctx.principal.require(entities::CASES, Action::Read)?;
    let (rows, total) = store::list_cases(conn, || store::visible_cases(&scope), list)?;
    let page = Page::from_rows(rows, list, total, |r| {
        store::case_sort_key(r, list.sort.field)
    });
    let Page {
        data,
        next_cursor,
        total,
    } = page;
    Ok(Page {
        data: complete(conn, data, ctx.now)?,
        next_cursor,
        total,
    })
}

/// One case, if the caller may read it.
pub fn get_case(conn: &mut AnyConnection, ctx: &Ctx, id: &CaseId) -> DomainResult<Case> {
    let row = read_row(conn, ctx, id)?;
    complete_one(conn, row, ctx.now)
}

fn read_row(conn: &mut AnyConnection, ctx: &Ctx, id: &CaseId) -> DomainResult<CaseRow> {
    let scope = ctx.principal.require(entities::CASES, Action::Read)?;
    store::find_case(conn, &scope, id)?.ok_or(DomainError::not_found(CASE))
}

/// The fields of a case as validated.
struct Checked {
    title: String,
    description: Option<String>,
    product: Option<String>,
    subject: Option<String>,
    case_type: Option<String>,
    severity: Option<String>,
    origin: Origin,
    priority: CasePriority,
}

/// Validates the writable fields, listing every failing one. A reference the case already holds
/// (`current`) is not checked again: its record may have moved out of the caller's sight.
fn check_fields(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    fields: &CaseFields,
    current: Option<&CaseRow>,
) -> DomainResult<Checked> {
    let mut v = Validator::new();
    let title = clean(fields.title.clone());
    v.required_max("title", title.as_deref(), MAX_TITLE);
    let description = v.text("description", fields.description.clone(), MAX_TEXT);
    if fields.account_id.is_none() && fields.contact_id.is_none() {
        v.add(
            "account_id",
            "required",
            "a case needs a customer: account_id or contact_id",
        );
    }
    if let Some(account) = &fields.account_id
        && current.and_then(|c| c.account_id.as_ref()) != Some(account)
        && crm_accounts::service::get_account(conn, ctx, account).is_err()
    {
        v.add(
            "account_id",
            "not_found",
            "account_id names no account you can see",
        );
    }
    if let Some(contact) = &fields.contact_id
        && current.and_then(|c| c.contact_id.as_ref()) != Some(contact)
        && crm_accounts::service::get_contact(conn, ctx, contact).is_err()
    {
        v.add(
            "contact_id",
            "not_found",
            "contact_id names no contact you can see",
        );
    }
    let choices = Choices::load(conn, entities::CASES)?;
    let choice = |v: &mut Validator, field: &str, value: &Option<String>, held: Option<&str>| {
        let value = clean(value.clone());
        choices.check(v, field, field, value.as_deref(), held);
        value
    };
    let product = choice(
        &mut v,
        "product",
        &fields.product,
        current.and_then(|c| c.product.as_deref()),
    );
    let subject = choice(
        &mut v,
        "subject",
        &fields.subject,
        current.and_then(|c| c.subject.as_deref()),
    );
    let case_type = choice(
        &mut v,
        "case_type",
        &fields.case_type,
        current.and_then(|c| c.case_type.as_deref()),
    );
    let severity = choice(
        &mut v,
        "severity",
        &fields.severity,
        current.and_then(|c| c.severity.as_deref()),
    );
    v.finish()?;
    Ok(Checked {
        title: title.unwrap_or_default(),
        description,
        product,
        subject,
        case_type,
        severity,
        origin: fields.origin.unwrap_or(Origin::Phone),
        priority: fields.priority.unwrap_or(CasePriority::Normal),
    })
}

/// An active queue named in a body, or a field error.
fn active_queue(conn: &mut AnyConnection, field: &str, id: &QueueId) -> DomainResult<QueueId> {
    match store::find_queue(conn, id)? {
        Some(queue) if queue.is_active => Ok(queue.id),
        Some(_) => Err(DomainError::invalid(
            field,
            "inactive",
            format!("{field} names a retired queue"),
        )),
        None => Err(DomainError::invalid(
            field,
            "not_found",
            format!("{field} names no queue"),
        )),
    }
}

/// The deadlines' targets for a policy and a priority.
fn targets(
    conn: &mut AnyConnection,
    policy: Option<&SlaPolicyId>,
    priority: CasePriority,
) -> DomainResult<Option<crate::sla_clock::Targets>> {
    match policy {
        Some(policy) => sla::targets(conn, policy, priority),
        None => Ok(None),
    }
}

/// The policy a case follows: its contract's, else the default.
fn policy_for(
    conn: &mut AnyConnection,
    contract_policy: Option<SlaPolicyId>,
) -> DomainResult<Option<SlaPolicyId>> {
    match contract_policy {
        Some(policy) => Ok(Some(policy)),
        None => Ok(store::default_policy(conn)?),
    }
}

/// Opens a case owned by the caller. Without a queue the routing rules choose one; without a
/// contract the customer's contract in force is found, and a customer whose allotment is used
/// up is flagged `exhausted`. The deadlines come from the contract's policy or the default.
pub fn create_case(conn: &mut AnyConnection, ctx: &Ctx, fields: CaseFields) -> DomainResult<Case> {
    ctx.principal.require(entities::CASES, Action::Create)?;
    write_transaction(conn, |conn| {
        let mut v = Validator::new();
        if fields.status.is_some_and(|s| s != CaseStatus::New) {
            v.add(
                "status",
                "invalid_value",
                "a case is opened as new; it moves on once opened",
            );
        }
        let queue = match &fields.queue_id {
            Some(id) => match active_queue(conn, "queue_id", id) {
                Ok(queue) => Some(queue),
                Err(DomainError::Validation(errors)) => {
                    for e in errors {
                        v.add(&e.field, &e.code, e.message);
                    }
                    None
                }
                Err(e) => return Err(e),
            },
            None => None,
        };
        let checked = check_fields(conn, ctx, &fields, None);
        let entitled = contracts::entitlement(
            conn,
            ctx,
            fields.account_id.as_ref().map(|a| a.as_str()),
            fields.contact_id.as_ref().map(|c| c.as_str()),
            fields.contract_id.as_ref(),
        );
        let (((), checked), entitled) = both(both(v.finish(), checked), entitled)?;
        let policy = policy_for(conn, entitled.sla_policy_id.clone())?;
        let clock = SlaClock::start(ctx.now, targets(conn, policy.as_ref(), checked.priority)?);
        let owner = OwnerId::from(ctx.principal.user_id.clone());
        let mut values = CaseValues {
            title: checked.title,
            description: checked.description,
            account_id: fields.account_id.clone(),
            contact_id: fields.contact_id.clone(),
            product: checked.product,
            subject: checked.subject,
            case_type: checked.case_type,
            origin: checked.origin.as_str().to_owned(),
            priority: checked.priority.as_str().to_owned(),
            severity: checked.severity,
            status: CaseStatus::New.as_str().to_owned(),
            queued_at: queue.as_ref().map(|_| ctx.now),
            queue_id: queue,
            worked_by_id: None,
            routing_rule_id: None,
            contract_id: entitled.contract_id,
            entitlement: entitled.entitlement.as_str().to_owned(),
            drawn_down: None,
            sla_policy_id: policy,
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
            owner_id: owner,
            business_unit_id: ctx.principal.business_unit_id.clone(),
        };
        set_clock(&mut values, &clock);
        if values.queue_id.is_none()
            && let Some(rule) = queues::first_match(conn, &values)?
        {
            values.queue_id = Some(rule.queue_id);
            values.routing_rule_id = Some(rule.id);
            values.queued_at = Some(ctx.now);
        }
        let number = format_number("CAS", next_number(conn, entities::CASES)?);
        let id = CaseId::new();
        let row = store::insert_case(conn, &id, &number, &values, ctx.actor(), ctx.now)?;
        let case = complete_one(conn, row, ctx.now)?;
        changes::log(conn, Some(ctx.actor()), ctx.now, None, Some(&case))?;
        Ok(case)
    })
}

fn require_in_scope(scope: &AccessScope, row: &CaseRow, action: Action) -> DomainResult<()> {
    if scope.allows(row.owner_id.as_str(), row.business_unit_id.as_str()) {
        Ok(())
    } else {
        Err(DomainError::forbidden(entities::CASES, action.as_str()))
    }
}

/// Reads, locks and checks a case for a change by the caller.
fn for_change(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &CaseId,
    action: Action,
) -> DomainResult<CaseRow> {
    let read = ctx.principal.require(entities::CASES, Action::Read)?;
    let act = ctx.principal.require(entities::CASES, action)?;
    lock_for_update(conn, "cases", id.as_str())?;
    let current = store::find_case(conn, &read, id)?.ok_or(DomainError::not_found(CASE))?;
    require_in_scope(&act, &current, action)?;
    Ok(current)
}

/// A case the caller works on: one they may read and change, locked for the caller's
/// transaction (for what other modules attach to it, like the articles that answer it).
pub fn case_for_work(conn: &mut AnyConnection, ctx: &Ctx, id: &CaseId) -> DomainResult<Case> {
    let row = for_change(conn, ctx, id, Action::Update)?;
    complete_one(conn, row, ctx.now)
}

/// Writes new values with the change-log entry.
fn rewrite(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    current: CaseRow,
    values: &CaseValues,
) -> DomainResult<Case> {
    let id = current.id.clone();
    let version = current.version;
    let before = complete_one(conn, current, ctx.now)?;
    let row = store::update_case(conn, &id, version, values, ctx.actor(), ctx.now)?.ok_or(
        DomainError::conflict("the case changed while it was being saved; try again"),
    )?;
    let after = complete_one(conn, row, ctx.now)?;
    changes::log(
        conn,
        Some(ctx.actor()),
        ctx.now,
        Some(&before),
        Some(&after),
    )?;
    Ok(after)
}

/// Moves the clock for a status change: it stops on hold and while waiting for the customer.
fn move_clock(values: &mut CaseValues, clock: &mut SlaClock, to: CaseStatus, now: Timestamp) {
    if to.pauses_clock() {
        clock.pause(now);
    } else {
        clock.resume(now);
    }
    values.status = to.as_str().to_owned();
    set_clock(values, clock);
}

/// Changes the fields a patch sends, while the case is open. `status` moves among the open
/// statuses (the clock stops on hold); a new priority or contract gives new deadlines.
pub fn update_case(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &CaseId,
    patch: CasePatch,
    if_match: Option<i64>,
) -> DomainResult<Case> {
    write_transaction(conn, |conn| {
        let current = for_change(conn, ctx, id, Action::Update)?;
        let shown_now = shown(current.clone(), 0, ctx.now);
        let before = shown_now.fields();
        let mut fields = before.clone();
        patch.apply_to(&mut fields);
        if fields == before {
            check_version(if_match, current.version)?;
            return complete_one(conn, current, ctx.now);
        }
        lifecycle::edit(shown_now.status)?;
        let mut v = Validator::new();
        if fields.queue_id != before.queue_id {
            v.add(
                "queue_id",
                "immutable",
                "a case changes queue through the assign action",
            );
        }
        let to = fields.status.unwrap_or(shown_now.status);
        if lifecycle::set_status(shown_now.status, to)?.is_none() {
            let message = match to {
                CaseStatus::New => "a case that was worked does not go back to new".to_owned(),
                CaseStatus::Resolved => "a case is resolved through the resolve action".to_owned(),
                _ => format!("a case is {} through the cancel action", to.as_str()),
            };
            v.add("status", "invalid_transition", message);
        }
        let customer_changed =
            fields.account_id != before.account_id || fields.contact_id != before.contact_id;
        let contract_changed = fields.contract_id != before.contract_id;
        let entitled = if contract_changed && fields.contract_id.is_none() {
            // Cleared: the case is served outside any contract.
            Ok(Some(contracts::Entitled {
                contract_id: None,
                entitlement: Entitlement::None,
                sla_policy_id: None,
            }))
        } else if contract_changed || customer_changed {
            let explicit = if contract_changed {
                fields.contract_id.as_ref()
            } else {
                None
            };
            contracts::entitlement(
                conn,
                ctx,
                fields.account_id.as_ref().map(|a| a.as_str()),
                fields.contact_id.as_ref().map(|c| c.as_str()),
                explicit,
            )
            .map(Some)
        } else {
            Ok(None)
        };
        let checked = check_fields(conn, ctx, &fields, Some(&current));
        let (((), checked), entitled) = both(both(v.finish(), checked), entitled)?;
        check_version(if_match, current.version)?;

        let mut values = current.values();
        values.title = checked.title;
        values.description = checked.description;
        values.account_id = fields.account_id.clone();
        values.contact_id = fields.contact_id.clone();
        values.product = checked.product;
        values.subject = checked.subject;
        values.case_type = checked.case_type;
        values.severity = checked.severity;
        values.origin = checked.origin.as_str().to_owned();
        values.priority = checked.priority.as_str().to_owned();
        let mut clock = clock_of(&current);
        let mut retarget = checked.priority != shown_now.priority;
        if let Some(entitled) = entitled {
            values.contract_id = entitled.contract_id;
            values.entitlement = entitled.entitlement.as_str().to_owned();
            let policy = policy_for(conn, entitled.sla_policy_id)?;
            retarget |= policy != values.sla_policy_id;
            values.sla_policy_id = policy;
        }
        if retarget {
            clock.retarget(targets(
                conn,
                values.sla_policy_id.as_ref(),
                checked.priority,
            )?);
        }
        move_clock(&mut values, &mut clock, to, ctx.now);
        // Starting work on a case that waits in a queue takes it from there.
        if to == CaseStatus::InProgress
            && shown_now.status != CaseStatus::InProgress
            && values.queue_id.is_some()
            && values.worked_by_id.is_none()
        {
            values.worked_by_id = Some(ctx.principal.user_id.clone());
        }
        rewrite(conn, ctx, current, &values)
    })
}

/// Whether the caller takes a case for themself from a queue they are a member of: a queue's
/// members work its cases, so that needs the privilege to change the case, not to assign it.
fn takes_from_own_queue(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &CaseId,
    assignment: &CaseAssignment,
) -> DomainResult<bool> {
    let me = ctx.principal.user_id.as_str();
    let to_me = assignment.queue_id.is_none()
        && match (&assignment.user_id, &assignment.owner_id) {
            (Some(user), None) => user.as_str() == me,
            (None, Some(owner)) => owner.as_str() == me,
            _ => false,
        };
    if !to_me {
        return Ok(false);
    }
    let Some(scope) = ctx.principal.scope(entities::CASES, Action::Read) else {
        return Ok(false);
    };
    let Some(row) = store::find_case(conn, &scope, id)? else {
        return Ok(false);
    };
    match &row.queue_id {
        Some(queue) => Ok(store::is_member(conn, queue, &ctx.principal.user_id)?),
        None => Ok(false),
    }
}

/// Gives a case to a user or team (who works it from its queue, if it is in one), or puts it in
/// a queue to wait until someone takes it. A queue's member takes one of its cases for themself
/// with the privilege to change it.
pub fn assign_case(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &CaseId,
    assignment: CaseAssignment,
    if_match: Option<i64>,
) -> DomainResult<Case> {
    write_transaction(conn, |conn| {
        let action = if takes_from_own_queue(conn, ctx, id, &assignment)? {
            Action::Update
        } else {
            Action::Assign
        };
        let current = for_change(conn, ctx, id, action)?;
        let status = CaseStatus::parse(&current.status).unwrap_or(CaseStatus::New);
        lifecycle::work(status, "assign")?;
        let owner = match (&assignment.user_id, &assignment.owner_id) {
            (Some(user), None) => Some(OwnerId::from(user.clone())),
            (None, Some(owner)) => Some(owner.clone()),
            (None, None) => None,
            (Some(_), Some(_)) => {
                return Err(DomainError::invalid(
                    "owner_id",
                    "conflict",
                    "send user_id or owner_id, not both",
                ));
            }
        };
        let mut values = current.values();
        match (owner, &assignment.queue_id) {
            (Some(owner), None) => {
                let field = if assignment.user_id.is_some() {
                    "user_id"
                } else {
                    "owner_id"
                };
                let unit =
                    crm_identity::service::users::require_owner_unit(conn, owner.as_str(), field)?;
                check_version(if_match, current.version)?;
                // A user takes the case from its queue; a team owns it and it keeps waiting.
                if values.queue_id.is_some() {
                    values.worked_by_id = match UserId::parse(owner.as_str()) {
                        Ok(user) if crm_identity::store::user(conn, &user)?.is_some() => Some(user),
                        _ => None,
                    };
                }
                values.owner_id = owner;
                values.business_unit_id = unit;
            }
            (None, Some(queue)) => {
                let queue = active_queue(conn, "queue_id", queue)?;
                check_version(if_match, current.version)?;
                if values.queue_id.as_ref() != Some(&queue) || values.worked_by_id.is_some() {
                    values.queue_id = Some(queue);
                    values.worked_by_id = None;
                    values.queued_at = Some(ctx.now);
                    values.routing_rule_id = None;
                }
            }
            (None, None) => {
                return Err(DomainError::invalid(
                    "user_id",
                    "required",
                    "name the user_id (or owner_id) who takes the case, or the queue_id it goes to",
                ));
            }
            (Some(_), Some(_)) => {
                return Err(DomainError::invalid(
                    "queue_id",
                    "conflict",
                    "a case goes to a user or to a queue, not both at once",
                ));
            }
        }
        if values == current.values() {
            return complete_one(conn, current, ctx.now);
        }
        rewrite(conn, ctx, current, &values)
    })
}

/// Escalates an open case: to the queue named, else to the owner's manager, else to the
/// escalation queue. The reason is recorded.
pub fn escalate_case(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &CaseId,
    body: Escalation,
    if_match: Option<i64>,
) -> DomainResult<Case> {
    write_transaction(conn, |conn| {
        let current = for_change(conn, ctx, id, Action::Update)?;
        let status = CaseStatus::parse(&current.status).unwrap_or(CaseStatus::New);
        lifecycle::work(status, "escalate")?;
        let mut v = Validator::new();
        let reason = clean(body.reason);
        v.required_max("reason", reason.as_deref(), MAX_TEXT);
        let queue = body
            .queue_id
            .as_ref()
            .map(|queue| active_queue(conn, "queue_id", queue))
            .transpose();
        let ((), queue) = both(v.finish(), queue)?;
        check_version(if_match, current.version)?;
        let mut values = current.values();
        let manager = match UserId::parse(current.owner_id.as_str()) {
            Ok(owner) => crm_identity::store::user(conn, &owner)?
                .and_then(|u| u.manager_id)
                .and_then(|m| crm_identity::store::user(conn, &m).ok().flatten())
                .filter(|m| m.is_active),
            Err(_) => None,
        };
        match (queue, manager) {
            (Some(queue), _) => to_queue(&mut values, queue, ctx.now),
            (None, Some(manager)) => {
                values.owner_id = OwnerId::from(manager.id.clone());
                values.business_unit_id = manager.business_unit_id.clone();
                if values.queue_id.is_some() {
                    values.worked_by_id = Some(manager.id);
                }
            }
            (None, None) => match store::escalation_queue(conn)? {
                Some(queue) => to_queue(&mut values, queue.id, ctx.now),
                None => {
                    return Err(DomainError::conflict(
                        "the case's owner has no manager and there is no escalation queue: name the queue_id to escalate to",
                    ));
                }
            },
        }
        values.is_escalated = true;
        values.escalated_at = Some(ctx.now);
        values.escalation_reason = reason;
        rewrite(conn, ctx, current, &values)
    })
}

fn to_queue(values: &mut CaseValues, queue: QueueId, now: Timestamp) {
    values.queue_id = Some(queue);
    values.worked_by_id = None;
    values.queued_at = Some(now);
    values.routing_rule_id = None;
}

/// Resolves an open case with its resolution: the clock stops, the first response is counted if
/// none was given, the resolution time and breach are recorded, and the contract is drawn down
/// (one case, or the minutes spent).
pub fn resolve_case(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &CaseId,
    body: Resolution,
    if_match: Option<i64>,
) -> DomainResult<Case> {
    write_transaction(conn, |conn| {
        let current = for_change(conn, ctx, id, Action::Update)?;
        let status = CaseStatus::parse(&current.status).unwrap_or(CaseStatus::New);
        let to = lifecycle::resolve(status)?;
        let mut v = Validator::new();
        let resolution = clean(body.resolution);
        v.required_max("resolution", resolution.as_deref(), MAX_TEXT);
        v.finish()?;
        check_version(if_match, current.version)?;
        let mut values = current.values();
        let mut clock = clock_of(&current);
        clock.resume(ctx.now);
        if let Some(first) = clock.respond(ctx.now) {
            values.first_response_minutes = Some(first.minutes);
            values.first_response_breached = first.breached;
        }
        let measured = clock.resolve(ctx.now);
        values.resolution_minutes = Some(measured.minutes);
        values.resolution_breached = measured.breached;
        values.resolution = resolution;
        values.resolved_at = Some(ctx.now);
        values.status = to.as_str().to_owned();
        set_clock(&mut values, &clock);
        if let Some(contract) = values.contract_id.clone() {
            let spent = store::time_spent(conn, &[current.id.as_str().to_owned()])?
                .first()
                .map_or(0, |(_, m)| *m);
            values.drawn_down = contracts::draw_down(conn, ctx, &contract, spent)?;
        }
        rewrite(conn, ctx, current, &values)
    })
}

/// Cancels an open case; the reason, if given, is kept as its resolution.
pub fn cancel_case(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &CaseId,
    body: Cancellation,
    if_match: Option<i64>,
) -> DomainResult<Case> {
    write_transaction(conn, |conn| {
        let current = for_change(conn, ctx, id, Action::Update)?;
        let status = CaseStatus::parse(&current.status).unwrap_or(CaseStatus::New);
        let to = lifecycle::cancel(status)?;
        let mut v = Validator::new();
        let reason = v.text("reason", body.reason, MAX_TEXT);
        v.finish()?;
        check_version(if_match, current.version)?;
        let mut values = current.values();
        let mut clock = clock_of(&current);
        clock.resume(ctx.now);
        set_clock(&mut values, &clock);
        values.status = to.as_str().to_owned();
        values.cancelled_at = Some(ctx.now);
        values.resolution = reason;
        rewrite(conn, ctx, current, &values)
    })
}

/// Reactivates a resolved or cancelled case: back to work, its draw-down given back to the
/// contract (a new resolution draws again), its reactivations counted.
pub fn reactivate_case(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &CaseId,
    if_match: Option<i64>,
) -> DomainResult<Case> {
    write_transaction(conn, |conn| {
        let current = for_change(conn, ctx, id, Action::Update)?;
        let status = CaseStatus::parse(&current.status).unwrap_or(CaseStatus::New);
        let to = lifecycle::reactivate(status)?;
        check_version(if_match, current.version)?;
        let mut values = current.values();
        if let (Some(contract), Some(drawn)) = (values.contract_id.clone(), values.drawn_down) {
            contracts::give_back(conn, ctx, &contract, drawn)?;
        }
        values.status = to.as_str().to_owned();
        values.drawn_down = None;
        values.resolution = None;
        values.resolved_at = None;
        values.resolution_minutes = None;
        values.resolution_breached = false;
        values.cancelled_at = None;
        values.reactivation_count += 1;
        rewrite(conn, ctx, current, &values)
    })
}

/// Applies the routing rules to an open case now: the first that matches sends it to its queue.
/// A case no rule matches stays where it is (409).
pub fn route_case(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &CaseId,
    if_match: Option<i64>,
) -> DomainResult<Case> {
    write_transaction(conn, |conn| {
        let current = for_change(conn, ctx, id, Action::Assign)?;
        let status = CaseStatus::parse(&current.status).unwrap_or(CaseStatus::New);
        lifecycle::work(status, "route")?;
        check_version(if_match, current.version)?;
        let mut values = current.values();
        let Some(rule) = queues::first_match(conn, &values)? else {
            return Err(DomainError::conflict(
                "no active routing rule matches the case; it stays where it is",
            ));
        };
        if values.queue_id.as_ref() == Some(&rule.queue_id) {
            values.routing_rule_id = Some(rule.id);
        } else {
            to_queue(&mut values, rule.queue_id, ctx.now);
            values.routing_rule_id = Some(rule.id);
        }
        if values == current.values() {
            return complete_one(conn, current, ctx.now);
        }
        rewrite(conn, ctx, current, &values)
    })
}

/// Deletes a case (its activities and notes must go first: they are its history).
pub fn delete_case(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &CaseId,
    if_match: Option<i64>,
) -> DomainResult<()> {
    write_transaction(conn, |conn| {
        let current = for_change(conn, ctx, id, Action::Delete)?;
        check_version(if_match, current.version)?;
        crm_db::ownership::refuse_if_linked(conn, entities::CASES, current.id.as_str(), CASE)?;
        if let (Some(contract), Some(drawn)) = (current.contract_id.clone(), current.drawn_down) {
            contracts::give_back(conn, ctx, &contract, drawn)?;
        }
        let before = complete_one(conn, current.clone(), ctx.now)?;
        if !store::delete_case(conn, id, current.version)? {
            return Err(DomainError::conflict(
                "the case changed while it was being deleted; try again",
            ));
        }
        changes::log(conn, Some(ctx.actor()), ctx.now, Some(&before), None)?;
        Ok(())
    })
}

/// The change history of a case the caller may read, newest first.
pub fn case_history(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &CaseId,
    list: &ListQuery,
) -> DomainResult<Page<Change>> {
    read_row(conn, ctx, id)?;
    Ok(changes::history(conn, entities::CASES, id.as_str(), list)?)
}

/// Records that the customer heard from us now (a call or email went out, a meeting was held),
/// if it is the case's first response: bookkeeping of the activity, like a lead's
/// `last_touched_at`, so the case's version and change log are left alone.
pub fn record_first_response(
    conn: &mut AnyConnection,
    case_id: &str,
    now: Timestamp,
) -> DomainResult<()> {
    let Some(row) = store::find_case_unscoped(conn, case_id)? else {
        return Ok(());
    };
    let open = CaseStatus::parse(&row.status).is_some_and(CaseStatus::is_open);
    if !open || row.first_responded_at.is_some() {
        return Ok(());
    }
    let mut clock = clock_of(&row);
    if let Some(first) = clock.respond(now) {
        store::set_first_response(conn, &row.id, now, first.minutes, first.breached)?;
    }
    Ok(())
}

/// Whether the caller may read the case (for records that regard one).
pub fn can_read(conn: &mut AnyConnection, ctx: &Ctx, id: &str) -> DomainResult<bool> {
    let Ok(id) = CaseId::parse(id) else {
        return Ok(false);
    };
    match read_row(conn, ctx, &id) {
        Ok(_) => Ok(true),
        Err(DomainError::NotFound { .. } | DomainError::Forbidden { .. }) => Ok(false),
        Err(e) => Err(e),
    }
}
