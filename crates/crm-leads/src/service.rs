//! The rules for leads: privileges, validation against the picklists, the life cycle, the change
//! log.
//!
//! Every function checks the caller's privilege for its action, reads through the caller's
//! visibility scope (a lead outside it does not exist for them), validates the whole input at
//! once, writes in one transaction together with the change-log entry, and honours `If-Match`.
//! A status change marks the lead as worked on (`last_touched_at`).

use crm_core::changes::{Change, Recordable};
use crm_core::error::{both, check_version};
use crm_core::id::{BusinessUnitId, LeadId, OwnerId};
use crm_core::list::{ListQuery, Page};

use crm_core::security::{AccessScope, Action, Assignment, Ctx, entities};
use crm_core::validate::{Validator, clean};
use crm_core::{DomainError, DomainResult};
use crm_db::{AnyConnection, changes, lock_for_update, write_transaction};
use crm_picklists::Choices;

use crate::lifecycle;
use crate::model::{
    Disqualification, Lead, LeadFields, LeadPatch, LeadStatus, LeadValues, Qualification,
    QualificationResult,
};
use crate::store::{self, StatusChange};

const LEAD: &str = "lead";

impl Recordable for Lead {
    const ENTITY: &'static str = entities::LEADS;
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

fn require_in_scope(scope: &AccessScope, lead: &Lead, action: Action) -> DomainResult<()> {
    if scope.allows(lead.owner_id.as_str(), lead.business_unit_id.as_str()) {
        Ok(())
    } else {
        Err(DomainError::forbidden(entities::LEADS, action.as_str()))
    }
}

/// The name a list shows: first and last name, else the company.
fn display_name(first: Option<&str>, last: Option<&str>, company: Option<&str>) -> String {
    let person = [first, last]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    if person.is_empty() {
        company.unwrap_or_default().to_owned()
    } else {
        person
    }
}

/// Validates lead fields into storable values, listing every failing field. `current` is the
/// lead being changed: a choice it already holds stays valid after its value is retired.
pub fn lead_values(
    fields: LeadFields,
    current: Option<&Lead>,
    choices: &Choices,
) -> DomainResult<LeadValues> {
    let mut v = Validator::new();
    let subject = v.text("subject", fields.subject, 200);
    let salutation = v.text("salutation", fields.salutation, 20);
    let first_name = v.text("first_name", fields.first_name, 100);
    let last_name = v.text("last_name", fields.last_name, 100);
    let company_name = v.text("company_name", fields.company_name, 160);
    if last_name.is_none() && company_name.is_none() && !v.has("last_name") {
        v.add(
            "last_name",
            "required",
            "a lead needs a last_name or a company_name",
        );
    }
    let job_title = v.text("job_title", fields.job_title, 100);
    let email = v.text("email", fields.email, 254);
    v.email("email", email.as_deref());
    let phone = v.text("phone", fields.phone, 40);
    v.phone("phone", phone.as_deref());
    let mobile_phone = v.text("mobile_phone", fields.mobile_phone, 40);
    v.phone("mobile_phone", mobile_phone.as_deref());
    let website = v.text("website", fields.website, 200);
    v.url("website", website.as_deref());
    let address_line1 = v.text("address_line1", fields.address_line1, 200);
    let address_line2 = v.text("address_line2", fields.address_line2, 200);
    let city = v.text("city", fields.city, 100);
    let region = v.text("region", fields.region, 100);
    let postal_code = v.text("postal_code", fields.postal_code, 20);
    let country = v.text("country", fields.country, 100);
    let industry = v.text("industry", fields.industry, 100);
    let description = v.text("description", fields.description, 10_000);
    v.range("employees", fields.employees, 0, 10_000_000);

    let source = clean(fields.source);
    let rating = clean(fields.rating);
    let need = clean(fields.need);
    let decision_timeline = clean(fields.decision_timeline);
    let fields_and_choices = [
        (
            "source",
            source.as_deref(),
            current.and_then(|c| c.source.as_deref()),
        ),
        (
            "rating",
            rating.as_deref(),
            current.and_then(|c| c.rating.as_deref()),
        ),
        (
            "need",
            need.as_deref(),
            current.and_then(|c| c.need.as_deref()),
        ),
        (
            "decision_timeline",
            decision_timeline.as_deref(),
            current.and_then(|c| c.decision_timeline.as_deref()),
        ),
    ];
    for (field, value, held) in fields_and_choices {
        choices.check(&mut v, field, field, value, held);
    }

    let (budget_amount, currency) = v.money("budget_amount", fields.budget_amount, fields.currency);
    v.finish()?;
    let full_name = display_name(
        first_name.as_deref(),
        last_name.as_deref(),
        company_name.as_deref(),
    );
    Ok(LeadValues {
        subject,
        salutation,
        first_name,
        last_name,
        full_name,
        company_name,
        job_title,
        email,
        phone,
        mobile_phone,
        website,
        address_line1,
        address_line2,
        city,
        region,
        postal_code,
        country,
        industry,
        employees: fields.employees,
        source,
        rating,
        need,
        decision_timeline,
        budget_amount,
        currency,
        is_decision_maker: fields.is_decision_maker,
        description,
    })
}

/// A page of the leads the caller may read.
pub fn list_leads(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    list: &ListQuery,
) -> DomainResult<Page<Lead>> {
    let scope = ctx.principal.require(entities::LEADS, Action::Read)?;
    let (rows, total) = store::list_leads(conn, || store::visible_leads(&scope), list)?;
    let page = Page::from_rows(rows, list, total, |r| {
        store::lead_sort_key(r, list.sort.field)
    });
    Ok(page.map(Lead::from))
}

/// One lead, if the caller may read it.
pub fn get_lead(conn: &mut AnyConnection, ctx: &Ctx, id: &LeadId) -> DomainResult<Lead> {
    let scope = ctx.principal.require(entities::LEADS, Action::Read)?;
    store::find_lead(conn, &scope, id)?
        .map(Lead::from)
        .ok_or(DomainError::not_found(LEAD))
}

/// Creates a lead owned by the caller, `new` unless `contacted` is sent.
pub fn create_lead(conn: &mut AnyConnection, ctx: &Ctx, fields: LeadFields) -> DomainResult<Lead> {
    ctx.principal.require(entities::LEADS, Action::Create)?;
    write_transaction(conn, |conn| {
        let status = lifecycle::edit(LeadStatus::New, fields.status.unwrap_or(LeadStatus::New));
        let (status, values) = both(
            status,
            lead_values(fields, None, &Choices::load(conn, entities::LEADS)?),
        )?;
        let id = LeadId::new();
        let owner = OwnerId::from(ctx.principal.user_id.clone());
        // A lead created as contacted has been worked on already.
        let touched = (status == LeadStatus::Contacted).then_some(ctx.now);
        let row = store::insert_lead(
            conn,
            &id,
            &values,
            (status.as_str(), touched),
            (&owner, &ctx.principal.business_unit_id),
            ctx.actor(),
            ctx.now,
        )?;
        let lead = Lead::from(row);
        changes::log(conn, Some(ctx.actor()), ctx.now, None, Some(&lead))?;
        Ok(lead)
    })
}

/// Reads, locks and checks a lead for a change by the caller.
fn for_change(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &LeadId,
    action: Action,
) -> DomainResult<Lead> {
    let read = ctx.principal.require(entities::LEADS, Action::Read)?;
    let act = ctx.principal.require(entities::LEADS, action)?;
    lock_for_update(conn, "leads", id.as_str())?;
    let current = store::find_lead(conn, &read, id)?
        .map(Lead::from)
        .ok_or(DomainError::not_found(LEAD))?;
    require_in_scope(&act, &current, action)?;
    Ok(current)
}

/// Writes new values and status, with the change-log entry.
fn rewrite(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    current: &Lead,
    values: &LeadValues,
    status: LeadStatus,
    disqualification: (Option<&str>, Option<&str>),
) -> DomainResult<Lead> {
    let moved = status != current.status;
    let change = StatusChange {
        status: status.as_str(),
        disqualification,
        changed_at: if moved {
            ctx.now
        } else {
            current.status_changed_at
        },
        touched_at: if moved {
            Some(ctx.now)
        } else {
            current.last_touched_at
        },
    };
    let row = store::update_lead(
        conn,
        &current.id,
        current.version,
        values,
        &change,
        ctx.actor(),
        ctx.now,
    )?
    .ok_or(DomainError::conflict(
        "the lead changed while it was being saved; try again",
    ))?;
    let updated = Lead::from(row);
    changes::log(
        conn,
        Some(ctx.actor()),
        ctx.now,
        Some(current),
        Some(&updated),
    )?;
    Ok(updated)
}

/// Changes the fields a patch sends (and the status, between `new` and `contacted`).
pub fn update_lead(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &LeadId,
    patch: LeadPatch,
    if_match: Option<i64>,
) -> DomainResult<Lead> {
    write_transaction(conn, |conn| {
        let current = for_change(conn, ctx, id, Action::Update)?;
        let mut fields = current.fields();
        patch.apply_to(&mut fields);
        if fields == current.fields() {
            check_version(if_match, current.version)?;
            return Ok(current);
        }
        let status = lifecycle::edit(current.status, fields.status.unwrap_or(current.status));
        if let Err(e @ DomainError::InvalidState { .. }) = status {
            return Err(e);
        }
        let (status, values) = both(
            status,
            lead_values(
                fields,
                Some(&current),
                &Choices::load(conn, entities::LEADS)?,
            ),
        )?;
        check_version(if_match, current.version)?;
        rewrite(conn, ctx, &current, &values, status, (None, None))
    })
}

/// Disqualifies a lead being worked: a reason from the picklist is required; the lead is kept.
pub fn disqualify_lead(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &LeadId,
    body: Disqualification,
    if_match: Option<i64>,
) -> DomainResult<Lead> {
    let reason = clean(body.reason);
    write_transaction(conn, |conn| {
        let current = for_change(conn, ctx, id, Action::Update)?;
        let status = lifecycle::disqualify(current.status)?;
        let mut v = Validator::new();
        let note = v.text("note", body.note, 2_000);
        match reason.as_deref() {
            None => v.add(
                "reason",
                "required",
                "reason is required: why is the lead not pursued?",
            ),
            Some(reason) => Choices::load(conn, entities::LEADS)?.check(
                &mut v,
                "disqualification_reason",
                "reason",
                Some(reason),
                None,
            ),
        }
        v.finish()?;
        check_version(if_match, current.version)?;
        let values = lead_values(current.fields(), Some(&current), &Choices::default())?;
        rewrite(
            conn,
            ctx,
            &current,
            &values,
            status,
            (reason.as_deref(), note.as_deref()),
        )
    })
}

/// Qualifies a lead being worked, in one transaction: makes any of an account (from its
/// company), a contact (from its person, at that account) and an opportunity (for both), or links
/// an existing account or contact, and links them back to the lead. A lead is qualified once:
/// a second qualification is refused with 409, also when two arrive at the same moment.
pub fn qualify_lead(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &LeadId,
    q: Qualification,
    if_match: Option<i64>,
) -> DomainResult<QualificationResult> {
    write_transaction(conn, |conn| {
        let current = for_change(conn, ctx, id, Action::Update)?;
        lifecycle::qualify(current.status)?;
        let mut v = Validator::new();
        if !(q.create_account
            || q.create_contact
            || q.create_opportunity
            || q.account_id.is_some()
            || q.contact_id.is_some())
        {
            v.add(
                "create_account",
                "required",
                "choose what the lead becomes: create_account, create_contact, \
                 create_opportunity, or an existing account_id or contact_id",
            );
        }
        if q.create_account && q.account_id.is_some() {
            v.add(
                "account_id",
                "conflict",
                "give account_id or create_account, not both",
            );
        }
        if q.create_contact && q.contact_id.is_some() {
            v.add(
                "contact_id",
                "conflict",
                "give contact_id or create_contact, not both",
            );
        }
        if q.create_account && current.company_name.is_none() {
            v.add(
                "create_account",
                "no_company",
                "the lead has no company_name to make an account of",
            );
        }
        if q.create_contact && current.last_name.is_none() {
            v.add(
                "create_contact",
                "no_name",
                "the lead has no last_name to make a contact of",
            );
        }
        if let Some(account) = &q.account_id
            && crm_accounts::service::get_account(conn, ctx, account).is_err()
        {
            v.add(
                "account_id",
                "not_found",
                "account_id names no account you can see",
            );
        }
        if let Some(contact) = &q.contact_id
            && crm_accounts::service::get_contact(conn, ctx, contact).is_err()
        {
            v.add(
                "contact_id",
                "not_found",
                "contact_id names no contact you can see",
            );
        }
        let opportunity_name = v.text("opportunity_name", q.opportunity_name.clone(), 200);
        v.finish()?;
        check_version(if_match, current.version)?;

        let account_id = match (&q.account_id, q.create_account) {
            (Some(id), _) => Some(id.clone()),
            (None, true) => Some(
                crm_accounts::service::create_account(
                    conn,
                    ctx,
                    crm_accounts::model::AccountFields {
                        name: current.company_name.clone(),
                        industry: current.industry.clone(),
                        employees: current.employees,
                        website: current.website.clone(),
                        phone: current.phone.clone(),
                        address_line1: current.address_line1.clone(),
                        address_line2: current.address_line2.clone(),
                        city: current.city.clone(),
                        region: current.region.clone(),
                        postal_code: current.postal_code.clone(),
                        country: current.country.clone(),
                        ..Default::default()
                    },
                )
                .map_err(|e| prefixed("account", e))?
                .id,
            ),
            (None, false) => None,
        };
        let contact_id = match (&q.contact_id, q.create_contact) {
            (Some(id), _) => Some(id.clone()),
            (None, true) => Some(
                crm_accounts::service::create_contact(
                    conn,
                    ctx,
                    crm_accounts::model::ContactFields {
                        salutation: current.salutation.clone(),
                        first_name: current.first_name.clone(),
                        last_name: current.last_name.clone(),
                        job_title: current.job_title.clone(),
                        email: current.email.clone(),
                        phone: current.phone.clone(),
                        mobile_phone: current.mobile_phone.clone(),
                        address_line1: current.address_line1.clone(),
                        address_line2: current.address_line2.clone(),
                        city: current.city.clone(),
                        region: current.region.clone(),
                        postal_code: current.postal_code.clone(),
                        country: current.country.clone(),
                        account_id: account_id.clone(),
                        ..Default::default()
                    },
                )
                .map_err(|e| prefixed("contact", e))?
                .id,
            ),
            (None, false) => None,
        };
        let opportunity_id = if q.create_opportunity {
            let name = opportunity_name
                .or_else(|| current.subject.clone())
                .unwrap_or_else(|| current.full_name.clone());
            let fields = crm_opportunities::model::OpportunityFields {
                name: Some(name),
                account_id: account_id.clone(),
                contact_id: contact_id.clone(),
                estimated_revenue: current.budget_amount.clone(),
                currency: current.currency.clone(),
                estimated_close_date: q.estimated_close_date,
                key_people: Some(
                    contact_id
                        .iter()
                        .map(crm_opportunities::service::key_person)
                        .collect(),
                ),
                ..Default::default()
            };
            Some(
                crm_opportunities::service::create_for_lead(conn, ctx, fields, id)
                    .map_err(|e| prefixed("opportunity", e))?
                    .id,
            )
        } else {
            None
        };
        let row = store::set_qualified(
            conn,
            id,
            current.version,
            (
                account_id.as_ref(),
                contact_id.as_ref(),
                opportunity_id.as_ref(),
            ),
            ctx.actor(),
            ctx.now,
        )?
        .ok_or(DomainError::conflict(
            "the lead changed while it was being qualified; try again",
        ))?;
        let lead = Lead::from(row);
        changes::log(
            conn,
            Some(ctx.actor()),
            ctx.now,
            Some(&current),
            Some(&lead),
        )?;
        Ok(QualificationResult {
            lead,
            account_id,
            contact_id,
            opportunity_id,
        })
    })
}

/// An error of a record made while qualifying, its fields named under that record
/// (`contact.email`).
fn prefixed(record: &str, error: DomainError) -> DomainError {
    match error {
        DomainError::Validation(errors) => DomainError::Validation(
            errors
                .into_iter()
                .map(|mut e| {
                    e.field = format!("{record}.{}", e.field);
                    e
                })
                .collect(),
        ),
        other => other,
    }
}

/// Returns a qualified or disqualified lead to work (`contacted`); the reason is cleared.
pub fn reopen_lead(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &LeadId,
    if_match: Option<i64>,
) -> DomainResult<Lead> {
    write_transaction(conn, |conn| {
        let current = for_change(conn, ctx, id, Action::Update)?;
        let status = lifecycle::reopen(current.status)?;
        check_version(if_match, current.version)?;
        let values = lead_values(current.fields(), Some(&current), &Choices::default())?;
        rewrite(conn, ctx, &current, &values, status, (None, None))
    })
}

/// Deletes a lead.
pub fn delete_lead(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &LeadId,
    if_match: Option<i64>,
) -> DomainResult<()> {
    write_transaction(conn, |conn| {
        let current = for_change(conn, ctx, id, Action::Delete)?;
        check_version(if_match, current.version)?;
        crm_db::ownership::refuse_if_linked(conn, entities::LEADS, id.as_str(), "lead")?;
        if !store::delete_lead(conn, id, current.version)? {
            return Err(DomainError::conflict(
                "the lead changed while it was being deleted; try again",
            ));
        }
        changes::log(conn, Some(ctx.actor()), ctx.now, Some(&current), None)?;
        Ok(())
    })
}

/// Gives a lead to another owner; it moves to the owner's business unit.
pub fn assign_lead(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &LeadId,
    assignment: Assignment,
    if_match: Option<i64>,
) -> DomainResult<Lead> {
    write_transaction(conn, |conn| {
        let current = for_change(conn, ctx, id, Action::Assign)?;
        check_version(if_match, current.version)?;
        let unit: BusinessUnitId = crm_identity::service::users::require_owner_unit(
            conn,
            assignment.owner_id.as_str(),
            "owner_id",
        )?;
        if current.owner_id == assignment.owner_id && current.business_unit_id == unit {
            return Ok(current);
        }
        let row = store::set_lead_owner(
            conn,
            id,
            current.version,
            (&assignment.owner_id, &unit),
            ctx.actor(),
            ctx.now,
        )?
        .ok_or(DomainError::conflict(
            "the lead changed while it was being assigned; try again",
        ))?;
        let updated = Lead::from(row);
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

/// The change history of a lead the caller may read, newest first.
pub fn lead_history(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &LeadId,
    list: &ListQuery,
) -> DomainResult<Page<Change>> {
    get_lead(conn, ctx, id)?;
    Ok(changes::history(conn, entities::LEADS, id.as_str(), list)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_name_is_the_person_or_else_the_company() {
        assert_eq!(
            display_name(Some("Ada"), Some("Lovelace"), Some("Contoso")),
            "Ada Lovelace"
        );
        assert_eq!(display_name(None, Some("Lovelace"), None), "Lovelace");
        assert_eq!(display_name(None, None, Some("Contoso")), "Contoso");
    }
}
