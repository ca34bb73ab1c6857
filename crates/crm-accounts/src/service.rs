//! The rules for accounts and contacts: privileges, validation, links, the change log.
//!
//! Every function checks the caller's privilege for its action, reads through the caller's
//! visibility scope (a record outside it does not exist for them), validates the whole input at
//! once, writes in one transaction together with the change-log entry, and honours `If-Match`.

use crm_core::changes::{Change, Recordable};
use crm_core::error::check_version;
use crm_core::id::{AccountId, BusinessUnitId, ContactId, OwnerId};
use crm_core::list::{ListQuery, Page};

use crm_core::security::{AccessScope, Action, Assignment, Ctx, entities};
use crm_core::validate::{Validator, clean};
use crm_core::{DomainError, DomainResult};
use crm_db::tree::{self, Hierarchy};
use crm_db::{AnyConnection, changes, lock_for_update, write_transaction};

use crate::model::{
    Account, AccountFields, AccountPatch, AccountValues, Contact, ContactFields, ContactPatch,
    ContactValues,
};
use crate::store;

const ACCOUNT: &str = "account";
const CONTACT: &str = "contact";
/// The longest external id accepted.
pub const MAX_EXTERNAL_ID_LEN: usize = 100;

impl Recordable for Account {
    const ENTITY: &'static str = entities::ACCOUNTS;
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

impl Recordable for Contact {
    const ENTITY: &'static str = entities::CONTACTS;
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

/// The scopes a change of an existing record needs: read (else it does not exist for the
/// caller) and the action's own (else 403).
fn scopes(ctx: &Ctx, entity: &str, action: Action) -> DomainResult<(AccessScope, AccessScope)> {
    let read = ctx.principal.require(entity, Action::Read)?;
    let act = ctx.principal.require(entity, action)?;
    Ok((read, act))
}

fn require_in_scope(
    scope: &AccessScope,
    record: &impl Recordable,
    entity: &str,
    action: Action,
) -> DomainResult<()> {
    let allowed = scope.allows(
        record.owner_id().unwrap_or_default(),
        record.business_unit_id().unwrap_or_default(),
    );
    if allowed {
        Ok(())
    } else {
        Err(DomainError::forbidden(entity, action.as_str()))
    }
}

fn check_external_id(v: &mut Validator, value: Option<&str>) {
    v.max_len("external_id", value, MAX_EXTERNAL_ID_LEN);
    if value.is_some_and(|x| x.contains('/')) {
        v.add(
            "external_id",
            "invalid_format",
            "external_id must not contain '/'",
        );
    }
}

// ----- accounts -------------------------------------------------------------------------------

/// A page of the accounts the caller may read.
pub fn list_accounts(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    list: &ListQuery,
) -> DomainResult<Page<Account>> {
    let scope = ctx.principal.require(entities::ACCOUNTS, Action::Read)?;
    let (rows, total) = store::list_accounts(conn, || store::visible_accounts(&scope), list)?;
    let page = Page::from_rows(rows, list, total, |r| {
        store::account_sort_key(r, list.sort.field)
    });
    Ok(page.map(Account::from))
}

/// One account, if the caller may read it.
pub fn get_account(conn: &mut AnyConnection, ctx: &Ctx, id: &AccountId) -> DomainResult<Account> {
    let scope = ctx.principal.require(entities::ACCOUNTS, Action::Read)?;
    store::find_account(conn, &scope, id)?
        .map(Account::from)
        .ok_or(DomainError::not_found(ACCOUNT))
}

/// Validates account fields into storable values, listing every failing field.
/// `this` is the account being changed (none for a creation), for the parent-cycle check.
fn account_values(
    conn: &mut AnyConnection,
    read: &AccessScope,
    contacts_read: Option<&AccessScope>,
    fields: AccountFields,
    this: Option<&AccountId>,
) -> DomainResult<AccountValues> {
    let mut v = Validator::new();
    let name = clean(fields.name);
    v.required_max("name", name.as_deref(), 160);
    let account_number = v.text("account_number", fields.account_number, 40);
    let industry = v.text("industry", fields.industry, 100);
    let website = v.text("website", fields.website, 200);
    v.url("website", website.as_deref());
    let email = v.text("email", fields.email, 254);
    v.email("email", email.as_deref());
    let phone = v.text("phone", fields.phone, 40);
    v.phone("phone", phone.as_deref());
    let fax = v.text("fax", fields.fax, 40);
    v.phone("fax", fax.as_deref());
    let address_line1 = v.text("address_line1", fields.address_line1, 200);
    let address_line2 = v.text("address_line2", fields.address_line2, 200);
    let city = v.text("city", fields.city, 100);
    let region = v.text("region", fields.region, 100);
    let postal_code = v.text("postal_code", fields.postal_code, 20);
    let country = v.text("country", fields.country, 100);
    let description = v.text("description", fields.description, 10_000);
    let external_id = clean(fields.external_id);
    check_external_id(&mut v, external_id.as_deref());
    v.range("employees", fields.employees, 0, 10_000_000);

    let (annual_revenue, currency) =
        v.money("annual_revenue", fields.annual_revenue, fields.currency);

    if let Some(parent) = &fields.parent_account_id {
        if this == Some(parent) {
            v.add(
                "parent_account_id",
                "cycle",
                "an account cannot be its own parent",
            );
        } else if store::find_account(conn, read, parent)?.is_none() {
            v.add(
                "parent_account_id",
                "not_found",
                "parent_account_id names no account you can see",
            );
        } else if let Some(this) = this
            && tree::above(conn, Hierarchy::Accounts, parent.as_str())?
                .iter()
                .any(|ancestor| ancestor == this.as_str())
        {
            v.add(
                "parent_account_id",
                "cycle",
                "parent_account_id is one of this account's own child accounts",
            );
        }
    }
    if let Some(contact) = &fields.primary_contact_id {
        let visible = match contacts_read {
            Some(scope) => store::find_contact(conn, scope, contact)?.is_some(),
            None => false,
        };
        if !visible {
            v.add(
                "primary_contact_id",
                "not_found",
                "primary_contact_id names no contact you can see",
            );
        }
    }
    v.finish()?;
    Ok(AccountValues {
        name: name.unwrap_or_default(),
        account_number,
        relationship_type: fields.relationship_type.map(|r| r.as_str().to_owned()),
        industry,
        employees: fields.employees,
        annual_revenue,
        currency,
        website,
        email,
        phone,
        fax,
        address_line1,
        address_line2,
        city,
        region,
        postal_code,
        country,
        description,
        parent_account_id: fields.parent_account_id,
        primary_contact_id: fields.primary_contact_id,
        external_id,
    })
}

/// Creates an account owned by the caller.
pub fn create_account(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    fields: AccountFields,
) -> DomainResult<Account> {
    ctx.principal.require(entities::ACCOUNTS, Action::Create)?;
    let read = ctx.principal.require(entities::ACCOUNTS, Action::Read)?;
    let contacts_read = ctx.principal.scope(entities::CONTACTS, Action::Read);
    write_transaction(conn, |conn| {
        let values = account_values(conn, &read, contacts_read.as_ref(), fields, None)?;
        insert_account(conn, ctx, &values)
    })
}

fn insert_account(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    values: &AccountValues,
) -> DomainResult<Account> {
    let id = AccountId::new();
    let owner = OwnerId::from(ctx.principal.user_id.clone());
    let row = store::insert_account(
        conn,
        &id,
        values,
        (&owner, &ctx.principal.business_unit_id),
        ctx.actor(),
        ctx.now,
    )?;
    let account = Account::from(row);
    changes::log(conn, Some(ctx.actor()), ctx.now, None, Some(&account))?;
    Ok(account)
}

/// Changes the fields a patch sends.
pub fn update_account(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &AccountId,
    patch: AccountPatch,
    if_match: Option<i64>,
) -> DomainResult<Account> {
    write_transaction(conn, |conn| {
        change_account(conn, ctx, id, if_match, |current| {
            let mut fields = current.fields();
            patch.apply_to(&mut fields);
            fields
        })
    })
}

/// Reads, checks and rewrites an account with the fields `change` derives from the current ones.
fn change_account(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &AccountId,
    if_match: Option<i64>,
    change: impl FnOnce(&Account) -> AccountFields,
) -> DomainResult<Account> {
    let (read, update) = scopes(ctx, entities::ACCOUNTS, Action::Update)?;
    let contacts_read = ctx.principal.scope(entities::CONTACTS, Action::Read);
    lock_for_update(conn, "accounts", id.as_str())?;
    let current = store::find_account(conn, &read, id)?
        .map(Account::from)
        .ok_or(DomainError::not_found(ACCOUNT))?;
    require_in_scope(&update, &current, entities::ACCOUNTS, Action::Update)?;
    let fields = change(&current);
    if fields == current.fields() {
        check_version(if_match, current.version)?;
        return Ok(current);
    }
    // The input is checked first: a bad value is reported as such even with a stale version.
    let values = account_values(conn, &read, contacts_read.as_ref(), fields, Some(id))?;
    check_version(if_match, current.version)?;
    let row = store::update_account(conn, id, current.version, &values, ctx.actor(), ctx.now)?
        .ok_or(DomainError::conflict(
            "the account changed while it was being saved; try again",
        ))?;
    let updated = Account::from(row);
    changes::log(
        conn,
        Some(ctx.actor()),
        ctx.now,
        Some(&current),
        Some(&updated),
    )?;
    Ok(updated)
}

/// Creates or replaces the account with an external id (the sync scripts' idempotent write).
/// Returns the account and whether it was created.
pub fn put_account_by_external_id(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    external_id: &str,
    mut fields: AccountFields,
    if_match: Option<i64>,
) -> DomainResult<(Account, bool)> {
    let external_id = check_path_external_id(external_id, fields.external_id.as_deref())?;
    fields.external_id = Some(external_id.clone());
    write_transaction(conn, |conn| {
        match store::account_id_by_external_id(conn, &external_id)? {
            Some(id) => change_account(conn, ctx, &id, if_match, |_| fields).map(|a| (a, false)),
            None => {
                if let Some(expected) = if_match {
                    return Err(DomainError::PreconditionFailed {
                        expected,
                        current: 0,
                    });
                }
                ctx.principal.require(entities::ACCOUNTS, Action::Create)?;
                let read = ctx.principal.require(entities::ACCOUNTS, Action::Read)?;
                let contacts_read = ctx.principal.scope(entities::CONTACTS, Action::Read);
                let values = account_values(conn, &read, contacts_read.as_ref(), fields, None)?;
                insert_account(conn, ctx, &values).map(|a| (a, true))
            }
        }
    })
}

fn check_path_external_id(path: &str, body: Option<&str>) -> DomainResult<String> {
    let path = path.trim();
    let mut v = Validator::new();
    v.required("external_id", Some(path));
    check_external_id(&mut v, Some(path));
    if let Some(body) = body
        && body.trim() != path
    {
        v.add(
            "external_id",
            "mismatch",
            "external_id in the body must match the one in the path",
        );
    }
    v.finish()?;
    Ok(path.to_owned())
}

/// Deletes an account. Its child accounts and its contacts stay, detached from it; each detached
/// record's change is logged.
pub fn delete_account(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &AccountId,
    if_match: Option<i64>,
) -> DomainResult<()> {
    let (read, delete) = scopes(ctx, entities::ACCOUNTS, Action::Delete)?;
    write_transaction(conn, |conn| {
        lock_for_update(conn, "accounts", id.as_str())?;
        let current = store::find_account(conn, &read, id)?
            .map(Account::from)
            .ok_or(DomainError::not_found(ACCOUNT))?;
        require_in_scope(&delete, &current, entities::ACCOUNTS, Action::Delete)?;
        check_version(if_match, current.version)?;
        crm_db::ownership::refuse_if_linked(conn, entities::ACCOUNTS, id.as_str(), "account")?;

        let children: Vec<Account> = store::accounts_linked_to(conn, Some(id), None)?
            .into_iter()
            .map(Account::from)
            .collect();
        let contacts = store::contacts_of_account(conn, id)?;
        store::unlink_accounts(conn, Some(id), None, ctx.actor(), ctx.now)?;
        store::unlink_contacts(conn, id, ctx.actor(), ctx.now)?;
        for child in &children {
            let mut after = child.clone();
            after.parent_account_id = None;
            changes::log(conn, Some(ctx.actor()), ctx.now, Some(child), Some(&after))?;
        }
        for contact in &contacts {
            let mut after = contact.clone();
            after.account_id = None;
            changes::log(
                conn,
                Some(ctx.actor()),
                ctx.now,
                Some(contact),
                Some(&after),
            )?;
        }
        if !store::delete_account(conn, id, current.version)? {
            return Err(DomainError::conflict(
                "the account changed while it was being deleted; try again",
            ));
        }
        changes::log(conn, Some(ctx.actor()), ctx.now, Some(&current), None)?;
        Ok(())
    })
}

/// Checks a new owner (an active user or a team) and finds their business unit.
fn new_owner(conn: &mut AnyConnection, assignment: &Assignment) -> DomainResult<BusinessUnitId> {
    crm_identity::service::users::require_owner_unit(conn, assignment.owner_id.as_str(), "owner_id")
}

/// Gives an account to another owner; it moves to the owner's business unit. Needs the assign
/// privilege reaching the account (wherever the new owner is).
pub fn assign_account(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &AccountId,
    assignment: Assignment,
    if_match: Option<i64>,
) -> DomainResult<Account> {
    let (read, assign) = scopes(ctx, entities::ACCOUNTS, Action::Assign)?;
    write_transaction(conn, |conn| {
        lock_for_update(conn, "accounts", id.as_str())?;
        let current = store::find_account(conn, &read, id)?
            .map(Account::from)
            .ok_or(DomainError::not_found(ACCOUNT))?;
        require_in_scope(&assign, &current, entities::ACCOUNTS, Action::Assign)?;
        check_version(if_match, current.version)?;
        let unit = new_owner(conn, &assignment)?;
        if current.owner_id == assignment.owner_id && current.business_unit_id == unit {
            return Ok(current);
        }
        let row = store::set_account_owner(
            conn,
            id,
            current.version,
            (&assignment.owner_id, &unit),
            ctx.actor(),
            ctx.now,
        )?
        .ok_or(DomainError::conflict(
            "the account changed while it was being assigned; try again",
        ))?;
        let updated = Account::from(row);
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

/// The change history of an account the caller may read, newest first.
pub fn account_history(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &AccountId,
    list: &ListQuery,
) -> DomainResult<Page<Change>> {
    get_account(conn, ctx, id)?;
    Ok(changes::history(
        conn,
        entities::ACCOUNTS,
        id.as_str(),
        list,
    )?)
}

// ----- contacts -------------------------------------------------------------------------------

/// A page of the contacts the caller may read, optionally only those of one account (which must
/// itself be readable).
pub fn list_contacts(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    list: &ListQuery,
    of_account: Option<&AccountId>,
) -> DomainResult<Page<Contact>> {
    let scope = ctx.principal.require(entities::CONTACTS, Action::Read)?;
    if let Some(account) = of_account {
        get_account(conn, ctx, account)?;
    }
    let (rows, total) =
        store::list_contacts(conn, || store::visible_contacts(&scope, of_account), list)?;
    Ok(Page::from_rows(rows, list, total, |r| {
        store::contact_sort_key(r, list.sort.field)
    }))
}

/// One contact, if the caller may read it.
pub fn get_contact(conn: &mut AnyConnection, ctx: &Ctx, id: &ContactId) -> DomainResult<Contact> {
    let scope = ctx.principal.require(entities::CONTACTS, Action::Read)?;
    store::find_contact(conn, &scope, id)?.ok_or(DomainError::not_found(CONTACT))
}

fn contact_values(
    conn: &mut AnyConnection,
    accounts_read: Option<&AccessScope>,
    fields: ContactFields,
) -> DomainResult<ContactValues> {
    let mut v = Validator::new();
    let salutation = v.text("salutation", fields.salutation, 20);
    let first_name = v.text("first_name", fields.first_name, 100);
    let last_name = clean(fields.last_name);
    v.required_max("last_name", last_name.as_deref(), 100);
    let job_title = v.text("job_title", fields.job_title, 100);
    let department = v.text("department", fields.department, 100);
    let email = v.text("email", fields.email, 254);
    v.email("email", email.as_deref());
    let phone = v.text("phone", fields.phone, 40);
    v.phone("phone", phone.as_deref());
    let mobile_phone = v.text("mobile_phone", fields.mobile_phone, 40);
    v.phone("mobile_phone", mobile_phone.as_deref());
    let address_line1 = v.text("address_line1", fields.address_line1, 200);
    let address_line2 = v.text("address_line2", fields.address_line2, 200);
    let city = v.text("city", fields.city, 100);
    let region = v.text("region", fields.region, 100);
    let postal_code = v.text("postal_code", fields.postal_code, 20);
    let country = v.text("country", fields.country, 100);
    let description = v.text("description", fields.description, 10_000);
    let external_id = clean(fields.external_id);
    check_external_id(&mut v, external_id.as_deref());
    if let Some(birthdate) = fields.birthdate
        && chrono::NaiveDate::from_ymd_opt(1900, 1, 1).is_none_or(|min| birthdate < min)
    {
        v.add(
            "birthdate",
            "out_of_range",
            "birthdate must be after 1900-01-01",
        );
    }
    if let Some(account) = &fields.account_id {
        let visible = match accounts_read {
            Some(scope) => store::find_account(conn, scope, account)?.is_some(),
            None => false,
        };
        if !visible {
            v.add(
                "account_id",
                "not_found",
                "account_id names no account you can see",
            );
        }
    }
    v.finish()?;
    let last_name = last_name.unwrap_or_default();
    let full_name = match &first_name {
        Some(first) => format!("{first} {last_name}"),
        None => last_name.clone(),
    };
    Ok(ContactValues {
        salutation,
        first_name,
        last_name,
        full_name,
        job_title,
        department,
        email,
        phone,
        mobile_phone,
        address_line1,
        address_line2,
        city,
        region,
        postal_code,
        country,
        birthdate: fields.birthdate,
        description,
        preferred_contact_method: fields
            .preferred_contact_method
            .map(|m| m.as_str().to_owned()),
        do_not_email: fields.do_not_email.unwrap_or(false),
        do_not_phone: fields.do_not_phone.unwrap_or(false),
        do_not_bulk_email: fields.do_not_bulk_email.unwrap_or(false),
        account_id: fields.account_id,
        external_id,
    })
}

/// Creates a contact owned by the caller.
pub fn create_contact(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    fields: ContactFields,
) -> DomainResult<Contact> {
    ctx.principal.require(entities::CONTACTS, Action::Create)?;
    let accounts_read = ctx.principal.scope(entities::ACCOUNTS, Action::Read);
    write_transaction(conn, |conn| {
        let values = contact_values(conn, accounts_read.as_ref(), fields)?;
        insert_contact(conn, ctx, &values)
    })
}

fn insert_contact(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    values: &ContactValues,
) -> DomainResult<Contact> {
    let id = ContactId::new();
    let owner = OwnerId::from(ctx.principal.user_id.clone());
    let contact = store::insert_contact(
        conn,
        &id,
        values,
        (&owner, &ctx.principal.business_unit_id),
        ctx.actor(),
        ctx.now,
    )?;
    changes::log(conn, Some(ctx.actor()), ctx.now, None, Some(&contact))?;
    Ok(contact)
}

/// Changes the fields a patch sends.
pub fn update_contact(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &ContactId,
    patch: ContactPatch,
    if_match: Option<i64>,
) -> DomainResult<Contact> {
    write_transaction(conn, |conn| {
        change_contact(conn, ctx, id, if_match, |current| {
            let mut fields = current.fields();
            patch.apply_to(&mut fields);
            fields
        })
    })
}

fn change_contact(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &ContactId,
    if_match: Option<i64>,
    change: impl FnOnce(&Contact) -> ContactFields,
) -> DomainResult<Contact> {
    let (read, update) = scopes(ctx, entities::CONTACTS, Action::Update)?;
    let accounts_read = ctx.principal.scope(entities::ACCOUNTS, Action::Read);
    lock_for_update(conn, "contacts", id.as_str())?;
    let current = store::find_contact(conn, &read, id)?.ok_or(DomainError::not_found(CONTACT))?;
    require_in_scope(&update, &current, entities::CONTACTS, Action::Update)?;
    let fields = change(&current);
    if fields == current.fields() {
        check_version(if_match, current.version)?;
        return Ok(current);
    }
    // The input is checked first: a bad value is reported as such even with a stale version.
    let values = contact_values(conn, accounts_read.as_ref(), fields)?;
    check_version(if_match, current.version)?;
    let updated = store::update_contact(conn, id, current.version, &values, ctx.actor(), ctx.now)?
        .ok_or(DomainError::conflict(
            "the contact changed while it was being saved; try again",
        ))?;
    changes::log(
        conn,
        Some(ctx.actor()),
        ctx.now,
        Some(&current),
        Some(&updated),
    )?;
    Ok(updated)
}

/// Creates or replaces the contact with an external id. Returns it and whether it was created.
pub fn put_contact_by_external_id(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    external_id: &str,
    mut fields: ContactFields,
    if_match: Option<i64>,
) -> DomainResult<(Contact, bool)> {
    let external_id = check_path_external_id(external_id, fields.external_id.as_deref())?;
    fields.external_id = Some(external_id.clone());
    write_transaction(conn, |conn| {
        match store::contact_id_by_external_id(conn, &external_id)? {
            Some(id) => change_contact(conn, ctx, &id, if_match, |_| fields).map(|c| (c, false)),
            None => {
                if let Some(expected) = if_match {
                    return Err(DomainError::PreconditionFailed {
                        expected,
                        current: 0,
                    });
                }
                ctx.principal.require(entities::CONTACTS, Action::Create)?;
                let accounts_read = ctx.principal.scope(entities::ACCOUNTS, Action::Read);
                let values = contact_values(conn, accounts_read.as_ref(), fields)?;
                insert_contact(conn, ctx, &values).map(|c| (c, true))
            }
        }
    })
}

/// Deletes a contact; accounts that had it as primary contact keep existing without one.
pub fn delete_contact(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &ContactId,
    if_match: Option<i64>,
) -> DomainResult<()> {
    let (read, delete) = scopes(ctx, entities::CONTACTS, Action::Delete)?;
    write_transaction(conn, |conn| {
        lock_for_update(conn, "contacts", id.as_str())?;
        let current =
            store::find_contact(conn, &read, id)?.ok_or(DomainError::not_found(CONTACT))?;
        require_in_scope(&delete, &current, entities::CONTACTS, Action::Delete)?;
        check_version(if_match, current.version)?;
        crm_db::ownership::refuse_if_linked(conn, entities::CONTACTS, id.as_str(), "contact")?;
        let linked: Vec<Account> = store::accounts_linked_to(conn, None, Some(id))?
            .into_iter()
            .map(Account::from)
            .collect();
        store::unlink_accounts(conn, None, Some(id), ctx.actor(), ctx.now)?;
        for account in &linked {
            let mut after = account.clone();
            after.primary_contact_id = None;
            changes::log(
                conn,
                Some(ctx.actor()),
                ctx.now,
                Some(account),
                Some(&after),
            )?;
        }
        if !store::delete_contact(conn, id, current.version)? {
            return Err(DomainError::conflict(
                "the contact changed while it was being deleted; try again",
            ));
        }
        changes::log(conn, Some(ctx.actor()), ctx.now, Some(&current), None)?;
        Ok(())
    })
}

/// Gives a contact to another owner; it moves to the owner's business unit.
pub fn assign_contact(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &ContactId,
    assignment: Assignment,
    if_match: Option<i64>,
) -> DomainResult<Contact> {
    let (read, assign) = scopes(ctx, entities::CONTACTS, Action::Assign)?;
    write_transaction(conn, |conn| {
        lock_for_update(conn, "contacts", id.as_str())?;
        let current =
            store::find_contact(conn, &read, id)?.ok_or(DomainError::not_found(CONTACT))?;
        require_in_scope(&assign, &current, entities::CONTACTS, Action::Assign)?;
        check_version(if_match, current.version)?;
        let unit = new_owner(conn, &assignment)?;
        if current.owner_id == assignment.owner_id && current.business_unit_id == unit {
            return Ok(current);
        }
        let updated = store::set_contact_owner(
            conn,
            id,
            current.version,
            (&assignment.owner_id, &unit),
            ctx.actor(),
            ctx.now,
        )?
        .ok_or(DomainError::conflict(
            "the contact changed while it was being assigned; try again",
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

/// The change history of a contact the caller may read, newest first.
pub fn contact_history(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &ContactId,
    list: &ListQuery,
) -> DomainResult<Page<Change>> {
    get_contact(conn, ctx, id)?;
    Ok(changes::history(
        conn,
        entities::CONTACTS,
        id.as_str(),
        list,
    )?)
}
