//! Contract templates (service plans) and customers' contracts: an allotment of cases or
//! minutes, coverage dates, the service levels promised, and the life cycle
//! `draft -> active -> expired | cancelled`. What a customer is entitled to when a case is
//! opened, and the draw-down when it is resolved, are decided here.

use chrono::{Duration, NaiveDate};
use crm_core::changes::{Change, Recordable};
use crm_core::error::check_version;
use crm_core::id::{ContractId, ContractTemplateId, OwnerId, SlaPolicyId};
use crm_core::list::{Condition, FilterValue, ListQuery, Page};
use crm_core::security::{AccessScope, Action, Assignment, Ctx, entities};
use crm_core::validate::{Validator, clean};
use crm_core::{DomainError, DomainResult};
use crm_db::numbers::{format_number, next_number};
use crm_db::query::BoxedCondition;
use crm_db::schema::contracts;
use crm_db::{AnyConnection, changes, lock_for_update, write_transaction};
use diesel::prelude::*;

use crate::lifecycle::{self, ContractStatus};
use crate::model::{
    AllotmentType, Contract, ContractFields, ContractPatch, ContractRow, ContractTemplate,
    ContractTemplateFields, ContractTemplateValues, ContractValues, Entitlement,
};
use crate::store::{self, ContractState};

const CONTRACT: &str = "contract";
const TEMPLATE: &str = "contract template";
/// The largest allotment.
const MAX_ALLOTMENT: i64 = 1_000_000;
/// The longest coverage, in days (ten years).
const MAX_DAYS: i64 = 3_660;

impl Recordable for Contract {
    const ENTITY: &'static str = entities::CONTRACTS;
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

impl Recordable for ContractTemplate {
    const ENTITY: &'static str = entities::CONTRACT_TEMPLATES;
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

fn today(ctx: &Ctx) -> NaiveDate {
    ctx.now.to_utc().date_naive()
}

// ----- templates ------------------------------------------------------------------------------

/// A page of contract templates (everyone reads them).
pub fn list_templates(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    list: &ListQuery,
) -> DomainResult<Page<ContractTemplate>> {
    ctx.principal
        .require(entities::CONTRACT_TEMPLATES, Action::Read)?;
    let (rows, total) = store::list_templates(conn, Vec::new, list)?;
    Ok(Page::from_rows(rows, list, total, |r| {
        store::template_sort_key(r, list.sort.field)
    }))
}

/// One contract template.
pub fn get_template(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &ContractTemplateId,
) -> DomainResult<ContractTemplate> {
    ctx.principal
        .require(entities::CONTRACT_TEMPLATES, Action::Read)?;
    store::find_template(conn, id)?.ok_or(DomainError::not_found(TEMPLATE))
}

fn policy_exists(
    conn: &mut AnyConnection,
    v: &mut Validator,
    id: Option<&SlaPolicyId>,
) -> DomainResult<()> {
    if let Some(id) = id
        && store::find_policy(conn, id)?.is_none()
    {
        v.add(
            "sla_policy_id",
            "not_found",
            "sla_policy_id names no service-level policy",
        );
    }
    Ok(())
}

fn template_values(
    conn: &mut AnyConnection,
    fields: ContractTemplateFields,
    current: Option<&ContractTemplate>,
) -> DomainResult<ContractTemplateValues> {
    let mut v = Validator::new();
    let name = clean(fields.name).or_else(|| current.map(|c| c.name.clone()));
    v.required_max("name", name.as_deref(), 100);
    let description = match fields.description {
        Some(text) => v.text("description", Some(text), 2_000),
        None => current.and_then(|c| c.description.clone()),
    };
    let allotment_type = fields
        .allotment_type
        .or_else(|| current.and_then(|c| AllotmentType::parse(&c.allotment_type)));
    if allotment_type.is_none() {
        v.add(
            "allotment_type",
            "required",
            "allotment_type is required: cases or minutes",
        );
    }
    let allotment = fields.allotment.or(current.map(|c| c.allotment));
    if allotment.is_none() {
        v.add("allotment", "required", "allotment is required");
    }
    v.range("allotment", allotment, 1, MAX_ALLOTMENT);
    let duration_days = fields
        .duration_days
        .or(current.map(|c| c.duration_days))
        .unwrap_or(365);
    v.range("duration_days", Some(duration_days), 1, MAX_DAYS);
    let sla_policy_id = fields
        .sla_policy_id
        .or_else(|| current.and_then(|c| c.sla_policy_id.clone()));
    policy_exists(conn, &mut v, sla_policy_id.as_ref())?;
    if let Some(name) = &name
        && !v.has("name")
        && store::template_name_taken(conn, name, current.map(|c| &c.id))?
    {
        return Err(DomainError::conflict(format!(
            "a contract template named {name} exists already"
        )));
    }
    v.finish()?;
    Ok(ContractTemplateValues {
        name: name.unwrap_or_default(),
        description,
        allotment_type: allotment_type
            .unwrap_or(AllotmentType::Cases)
            .as_str()
            .to_owned(),
        allotment: allotment.unwrap_or(1),
        duration_days,
        sla_policy_id,
        is_active: fields
            .is_active
            .unwrap_or(current.is_none_or(|c| c.is_active)),
    })
}

/// Creates a contract template.
pub fn create_template(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    fields: ContractTemplateFields,
) -> DomainResult<ContractTemplate> {
    ctx.principal
        .require(entities::CONTRACT_TEMPLATES, Action::Create)?;
    write_transaction(conn, |conn| {
        let values = template_values(conn, fields, None)?;
        let id = ContractTemplateId::new();
        let template = store::insert_template(conn, &id, &values, ctx.actor(), ctx.now)?;
        changes::log(conn, Some(ctx.actor()), ctx.now, None, Some(&template))?;
        Ok(template)
    })
}

/// Changes a template: the fields sent. Contracts made from it keep their terms.
pub fn update_template(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &ContractTemplateId,
    fields: ContractTemplateFields,
    if_match: Option<i64>,
) -> DomainResult<ContractTemplate> {
    ctx.principal
        .require(entities::CONTRACT_TEMPLATES, Action::Update)?;
    write_transaction(conn, |conn| {
        lock_for_update(conn, "contract_templates", id.as_str())?;
        let current = get_template(conn, ctx, id)?;
        check_version(if_match, current.version)?;
        let values = template_values(conn, fields, Some(&current))?;
        let updated =
            store::update_template(conn, id, current.version, &values, ctx.actor(), ctx.now)?
                .ok_or(DomainError::conflict(
                    "the template changed while it was being saved; try again",
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

/// Deletes a template no contract was made from.
pub fn delete_template(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &ContractTemplateId,
    if_match: Option<i64>,
) -> DomainResult<()> {
    ctx.principal
        .require(entities::CONTRACT_TEMPLATES, Action::Delete)?;
    write_transaction(conn, |conn| {
        lock_for_update(conn, "contract_templates", id.as_str())?;
        let current = get_template(conn, ctx, id)?;
        check_version(if_match, current.version)?;
        crm_db::ownership::refuse_if_linked(
            conn,
            entities::CONTRACT_TEMPLATES,
            id.as_str(),
            TEMPLATE,
        )?;
        if !store::delete_template(conn, id, current.version)? {
            return Err(DomainError::conflict(
                "the template changed while it was being deleted; try again",
            ));
        }
        changes::log(conn, Some(ctx.actor()), ctx.now, Some(&current), None)?;
        Ok(())
    })
}

// ----- contracts ------------------------------------------------------------------------------

/// The SQL condition for a contract status on a day: `active` is in force today, `expired`
/// includes active contracts whose last day has passed.
fn status_condition(word: &str, today: NaiveDate) -> BoxedCondition<'static, contracts::table> {
    match ContractStatus::parse(word) {
        Some(ContractStatus::Active) => Box::new(
            contracts::status
                .eq("active")
                .and(contracts::ends_on.ge(today)),
        ),
        Some(ContractStatus::Expired) => Box::new(
            contracts::status.eq("expired").or(contracts::status
                .eq("active")
                .and(contracts::ends_on.lt(today))),
        ),
        Some(other) => Box::new(contracts::status.eq(other.as_str())),
        None => Box::new(contracts::status.eq(word.to_owned())),
    }
}

/// The `status` filter of a contract list, as SQL conditions for the day.
fn status_filter(
    condition: &Condition,
    today: NaiveDate,
) -> DomainResult<Vec<BoxedCondition<'static, contracts::table>>> {
    // A word that is no status matches nothing, as in every other list.
    let words = |values: &[FilterValue]| -> DomainResult<Vec<String>> {
        values
            .iter()
            .map(|value| match value {
                FilterValue::Text(word) => Ok(word.clone()),
                _ => Err(DomainError::BadRequest(format!(
                    "status must be one of {}",
                    ContractStatus::WORDS.join(", ")
                ))),
            })
            .collect()
    };
    let listed = match condition {
        Condition::Eq(value) => words(std::slice::from_ref(value))?,
        Condition::In(values) => words(values)?,
        Condition::Null(true) => {
            return Ok(vec![Box::new(contracts::status.ne(contracts::status))]);
        }
        Condition::Null(false) => return Ok(Vec::new()),
        // Comparisons read the stored word, as in every other list.
        other => {
            let compared = crm_db::query::condition::<_, _, String>(contracts::status, other)
                .map_err(|e| DomainError::BadRequest(e.to_string()))?;
            return Ok(vec![compared]);
        }
    };
    let any = crm_db::query::any_of(listed.iter().map(|w| status_condition(w, today)).collect());
    Ok(any.into_iter().collect())
}

/// A page of the contracts the caller may read.
pub fn list_contracts(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    list: &ListQuery,
) -> DomainResult<Page<Contract>> {
    let scope = ctx.principal.require(entities::CONTRACTS, Action::Read)?;
    let today = today(ctx);
    let mut rest = list.clone();
    let mut by_status = Vec::new();
    rest.filters.retain(|f| {
        if f.field == "status" {
            by_status.push(f.condition.clone());
            false
        } else {
            true
        }
    });
    // Checked once here, so the closure below cannot fail.
    for condition in &by_status {
        status_filter(condition, today)?;
    }
    let conditions = || {
        let mut all = store::visible_contracts(&scope);
        for condition in &by_status {
            all.extend(status_filter(condition, today).unwrap_or_default());
        }
        all
    };
    let (rows, total) = store::list_contracts(conn, conditions, &rest)?;
    Ok(Page::from_rows(rows, list, total, |r| {
        store::contract_sort_key(r, list.sort.field)
    })
    .map(|row| row.on(today)))
}

/// One contract, if the caller may read it.
pub fn get_contract(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &ContractId,
) -> DomainResult<Contract> {
    let scope = ctx.principal.require(entities::CONTRACTS, Action::Read)?;
    store::find_contract(conn, Some(&scope), id)?
        .map(|row| row.on(today(ctx)))
        .ok_or(DomainError::not_found(CONTRACT))
}

/// Validates contract fields, the template filling what the body leaves out. A reference the
/// contract already holds is not checked again.
fn contract_values(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    fields: &ContractFields,
    current: Option<&Contract>,
) -> DomainResult<ContractValues> {
    let mut v = Validator::new();
    let name = clean(fields.name.clone());
    v.required_max("name", name.as_deref(), 200);
    let description = v.text("description", fields.description.clone(), 10_000);
    if fields.account_id.is_none() && fields.contact_id.is_none() {
        v.add(
            "account_id",
            "required",
            "a contract needs a customer: account_id or contact_id",
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
    let template = match &fields.template_id {
        Some(id) if current.and_then(|c| c.template_id.as_ref()) == Some(id) => {
            store::find_template(conn, id)?
        }
        Some(id) => match store::find_template(conn, id)? {
            Some(t) if t.is_active => Some(t),
            Some(_) => {
                v.add(
                    "template_id",
                    "inactive",
                    "template_id names a retired template",
                );
                None
            }
            None => {
                v.add(
                    "template_id",
                    "not_found",
                    "template_id names no contract template",
                );
                None
            }
        },
        None => None,
    };
    let starts_on = fields.starts_on.unwrap_or_else(|| today(ctx));
    let ends_on = fields.ends_on.or_else(|| {
        template
            .as_ref()
            .map(|t| starts_on + Duration::days(t.duration_days - 1))
    });
    match ends_on {
        None => v.add(
            "ends_on",
            "required",
            "ends_on is required without a template that gives the length",
        ),
        Some(end) if end < starts_on => v.add(
            "ends_on",
            "before_start",
            "ends_on cannot be before starts_on",
        ),
        Some(end) if (end - starts_on).num_days() >= MAX_DAYS => v.add(
            "ends_on",
            "too_long",
            "a contract covers at most 3,660 days",
        ),
        Some(_) => {}
    }
    let allotment_type = fields.allotment_type.or_else(|| {
        template
            .as_ref()
            .and_then(|t| AllotmentType::parse(&t.allotment_type))
    });
    if allotment_type.is_none() {
        v.add(
            "allotment_type",
            "required",
            "allotment_type is required without a template: cases or minutes",
        );
    }
    let allotment_total = fields
        .allotment_total
        .or_else(|| template.as_ref().map(|t| t.allotment));
    if allotment_total.is_none() {
        v.add(
            "allotment_total",
            "required",
            "allotment_total is required without a template",
        );
    }
    v.range("allotment_total", allotment_total, 1, MAX_ALLOTMENT);
    let sla_policy_id = fields
        .sla_policy_id
        .clone()
        .or_else(|| template.as_ref().and_then(|t| t.sla_policy_id.clone()));
    if current.and_then(|c| c.sla_policy_id.as_ref()) != sla_policy_id.as_ref() {
        policy_exists(conn, &mut v, sla_policy_id.as_ref())?;
    }
    v.finish()?;
    Ok(ContractValues {
        name: name.unwrap_or_default(),
        description,
        template_id: fields.template_id.clone(),
        account_id: fields.account_id.clone(),
        contact_id: fields.contact_id.clone(),
        starts_on,
        ends_on: ends_on.unwrap_or(starts_on),
        allotment_type: allotment_type
            .unwrap_or(AllotmentType::Cases)
            .as_str()
            .to_owned(),
        allotment_total: allotment_total.unwrap_or(1),
        sla_policy_id,
    })
}

/// Creates a draft contract owned by the caller, with its number.
pub fn create_contract(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    fields: ContractFields,
) -> DomainResult<Contract> {
    ctx.principal.require(entities::CONTRACTS, Action::Create)?;
    write_transaction(conn, |conn| {
        let values = contract_values(conn, ctx, &fields, None)?;
        let number = format_number("CNT", next_number(conn, entities::CONTRACTS)?);
        let id = ContractId::new();
        let owner = OwnerId::from(ctx.principal.user_id.clone());
        let row = store::insert_contract(
            conn,
            &id,
            &number,
            &values,
            (&owner, &ctx.principal.business_unit_id),
            ctx.actor(),
            ctx.now,
        )?;
        let contract = row.on(today(ctx));
        changes::log(conn, Some(ctx.actor()), ctx.now, None, Some(&contract))?;
        Ok(contract)
    })
}

fn require_in_scope(scope: &AccessScope, contract: &Contract, action: Action) -> DomainResult<()> {
    if scope.allows(
        contract.owner_id.as_str(),
        contract.business_unit_id.as_str(),
    ) {
        Ok(())
    } else {
        Err(DomainError::forbidden(entities::CONTRACTS, action.as_str()))
    }
}

fn for_change(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &ContractId,
    action: Action,
) -> DomainResult<(Contract, ContractRow)> {
    let read = ctx.principal.require(entities::CONTRACTS, Action::Read)?;
    let act = ctx.principal.require(entities::CONTRACTS, action)?;
    lock_for_update(conn, "contracts", id.as_str())?;
    let row =
        store::find_contract(conn, Some(&read), id)?.ok_or(DomainError::not_found(CONTRACT))?;
    let current = row.clone().on(today(ctx));
    require_in_scope(&act, &current, action)?;
    Ok((current, row))
}

/// Writes a contract's new values and state, with the change-log entry.
fn rewrite(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    current: &Contract,
    values: &ContractValues,
    state: &ContractState<'_>,
) -> DomainResult<Contract> {
    let row = store::update_contract(
        conn,
        &current.id,
        current.version,
        values,
        state,
        ctx.actor(),
        ctx.now,
    )?
    .ok_or(DomainError::conflict(
        "the contract changed while it was being saved; try again",
    ))?;
    let updated = row.on(today(ctx));
    changes::log(
        conn,
        Some(ctx.actor()),
        ctx.now,
        Some(current),
        Some(&updated),
    )?;
    Ok(updated)
}

fn values_of(row: &ContractRow) -> ContractValues {
    ContractValues {
        name: row.name.clone(),
        description: row.description.clone(),
        template_id: row.template_id.clone(),
        account_id: row.account_id.clone(),
        contact_id: row.contact_id.clone(),
        starts_on: row.starts_on,
        ends_on: row.ends_on,
        allotment_type: row.allotment_type.clone(),
        allotment_total: row.allotment_total,
        sla_policy_id: row.sla_policy_id.clone(),
    }
}

fn state_of(row: &ContractRow) -> ContractState<'_> {
    ContractState {
        status: &row.status,
        allotment_used: row.allotment_used,
        activated_at: row.activated_at,
        cancelled_at: row.cancelled_at,
        owner: (&row.owner_id, &row.business_unit_id),
    }
}

/// Changes a contract: its name and description always, its terms while it is a draft.
pub fn update_contract(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &ContractId,
    patch: ContractPatch,
    if_match: Option<i64>,
) -> DomainResult<Contract> {
    write_transaction(conn, |conn| {
        let (current, row) = for_change(conn, ctx, id, Action::Update)?;
        let before = current.fields();
        let mut fields = before.clone();
        patch.apply_to(&mut fields);
        if fields == before {
            check_version(if_match, current.version)?;
            return Ok(current);
        }
        let terms = |f: &ContractFields| {
            (
                f.template_id.clone(),
                f.account_id.clone(),
                f.contact_id.clone(),
                f.starts_on,
                f.ends_on,
                f.allotment_type,
                f.allotment_total,
                f.sla_policy_id.clone(),
            )
        };
        if terms(&fields) != terms(&before) {
            lifecycle::edit_terms(current.status)?;
        }
        let values = contract_values(conn, ctx, &fields, Some(&current))?;
        check_version(if_match, current.version)?;
        rewrite(conn, ctx, &current, &values, &state_of(&row))
    })
}

/// Activates a draft contract whose coverage has not ended.
pub fn activate_contract(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &ContractId,
    if_match: Option<i64>,
) -> DomainResult<Contract> {
    write_transaction(conn, |conn| {
        let (current, row) = for_change(conn, ctx, id, Action::Update)?;
        let to = lifecycle::activate(current.status)?;
        if current.ends_on < today(ctx) {
            return Err(DomainError::conflict(format!(
                "the contract's coverage ended on {}: change ends_on before activating it",
                current.ends_on
            )));
        }
        check_version(if_match, current.version)?;
        let mut state = state_of(&row);
        state.status = to.as_str();
        state.activated_at = Some(ctx.now);
        rewrite(conn, ctx, &current, &values_of(&row), &state)
    })
}

/// Cancels a draft or active contract: it covers no new case.
pub fn cancel_contract(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &ContractId,
    if_match: Option<i64>,
) -> DomainResult<Contract> {
    write_transaction(conn, |conn| {
        let (current, row) = for_change(conn, ctx, id, Action::Update)?;
        let to = lifecycle::cancel_contract(current.status)?;
        check_version(if_match, current.version)?;
        let mut state = state_of(&row);
        state.status = to.as_str();
        state.cancelled_at = Some(ctx.now);
        rewrite(conn, ctx, &current, &values_of(&row), &state)
    })
}

/// Gives a contract to another owner; it moves to the owner's business unit.
pub fn assign_contract(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &ContractId,
    assignment: Assignment,
    if_match: Option<i64>,
) -> DomainResult<Contract> {
    write_transaction(conn, |conn| {
        let (current, row) = for_change(conn, ctx, id, Action::Assign)?;
        check_version(if_match, current.version)?;
        let unit = crm_identity::service::users::require_owner_unit(
            conn,
            assignment.owner_id.as_str(),
            "owner_id",
        )?;
        if current.owner_id == assignment.owner_id && current.business_unit_id == unit {
            return Ok(current);
        }
        let mut state = state_of(&row);
        state.owner = (&assignment.owner_id, &unit);
        rewrite(conn, ctx, &current, &values_of(&row), &state)
    })
}

/// Deletes a contract no case is served under.
pub fn delete_contract(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &ContractId,
    if_match: Option<i64>,
) -> DomainResult<()> {
    write_transaction(conn, |conn| {
        let (current, _) = for_change(conn, ctx, id, Action::Delete)?;
        check_version(if_match, current.version)?;
        crm_db::ownership::refuse_if_linked(conn, entities::CONTRACTS, id.as_str(), CONTRACT)?;
        if !store::delete_contract(conn, id, current.version)? {
            return Err(DomainError::conflict(
                "the contract changed while it was being deleted; try again",
            ));
        }
        changes::log(conn, Some(ctx.actor()), ctx.now, Some(&current), None)?;
        Ok(())
    })
}

/// The change history of a contract the caller may read, newest first.
pub fn contract_history(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &ContractId,
    list: &ListQuery,
) -> DomainResult<Page<Change>> {
    get_contract(conn, ctx, id)?;
    Ok(changes::history(
        conn,
        entities::CONTRACTS,
        id.as_str(),
        list,
    )?)
}

// ----- entitlement and draw-down --------------------------------------------------------------

/// What a customer is entitled to for a new case.
#[derive(Debug, Clone, PartialEq)]
pub struct Entitled {
    /// The contract the case is served under.
    pub contract_id: Option<ContractId>,
    /// Covered, exhausted (flagged) or none.
    pub entitlement: Entitlement,
    /// The contract's service levels.
    pub sla_policy_id: Option<SlaPolicyId>,
}

/// The entitlement of a customer today: under the contract named (which must be theirs, in
/// force, and readable by the caller), else under the customer's contract in force with
/// allotment left that ends soonest. A customer whose contracts are used up is `exhausted`.
pub fn entitlement(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    account: Option<&str>,
    contact: Option<&str>,
    explicit: Option<&ContractId>,
) -> DomainResult<Entitled> {
    let today = today(ctx);
    let judged = |row: &ContractRow| Entitled {
        contract_id: Some(row.id.clone()),
        entitlement: if row.allotment_total - row.allotment_used > 0 {
            Entitlement::Covered
        } else {
            Entitlement::Exhausted
        },
        sla_policy_id: row.sla_policy_id.clone(),
    };
    if let Some(id) = explicit {
        let scope = ctx.principal.scope(entities::CONTRACTS, Action::Read);
        let row = match scope {
            Some(scope) => store::find_contract(conn, Some(&scope), id)?,
            None => None,
        };
        let Some(row) = row else {
            return Err(DomainError::invalid(
                "contract_id",
                "not_found",
                "contract_id names no contract you can see",
            ));
        };
        let theirs = (account.is_some() && row.account_id.as_ref().map(|a| a.as_str()) == account)
            || (contact.is_some() && row.contact_id.as_ref().map(|c| c.as_str()) == contact);
        if !theirs {
            return Err(DomainError::invalid(
                "contract_id",
                "other_customer",
                "contract_id names a contract of another customer",
            ));
        }
        let status = row.clone().on(today).status;
        if status != ContractStatus::Active || row.starts_on > today {
            return Err(DomainError::invalid(
                "contract_id",
                "not_in_force",
                format!(
                    "contract_id names a contract not in force today (it is {}, {} to {})",
                    status.as_str(),
                    row.starts_on,
                    row.ends_on
                ),
            ));
        }
        return Ok(judged(&row));
    }
    let in_force = store::contracts_in_force(conn, account, contact, today)?;
    let chosen = in_force
        .iter()
        .find(|c| c.allotment_total - c.allotment_used > 0)
        .or(in_force.first());
    Ok(chosen.map(judged).unwrap_or(Entitled {
        contract_id: None,
        entitlement: Entitlement::None,
        sla_policy_id: None,
    }))
}

/// Draws a resolved case from its contract: one case, or the minutes spent on it. A cancelled
/// contract is not drawn. Returns what was drawn.
pub fn draw_down(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &ContractId,
    minutes_spent: i64,
) -> DomainResult<Option<i64>> {
    lock_for_update(conn, "contracts", id.as_str())?;
    let Some(row) = store::find_contract(conn, None, id)? else {
        return Ok(None);
    };
    if row.status == ContractStatus::Cancelled.as_str() {
        return Ok(None);
    }
    let amount = match AllotmentType::parse(&row.allotment_type) {
        Some(AllotmentType::Minutes) => minutes_spent,
        _ => 1,
    };
    move_allotment(conn, ctx, &row, amount)?;
    Ok(Some(amount))
}

/// Gives back what a reactivated (or deleted) case drew.
pub fn give_back(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &ContractId,
    amount: i64,
) -> DomainResult<()> {
    lock_for_update(conn, "contracts", id.as_str())?;
    if let Some(row) = store::find_contract(conn, None, id)? {
        move_allotment(conn, ctx, &row, -amount)?;
    }
    Ok(())
}

fn move_allotment(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    row: &ContractRow,
    by: i64,
) -> DomainResult<()> {
    if by == 0 {
        return Ok(());
    }
    let current = row.clone().on(today(ctx));
    let mut state = state_of(row);
    state.allotment_used = (row.allotment_used + by).max(0);
    rewrite(conn, ctx, &current, &values_of(row), &state)?;
    Ok(())
}
