//! Diesel queries for accounts and contacts. No rules here: the service decides who may run them.

use crm_core::Timestamp;
use crm_core::id::{AccountId, BusinessUnitId, ContactId, OwnerId};
use crm_core::security::AccessScope;
use crm_db::query::{self, BoxedCondition};
use crm_db::schema::{accounts, contacts};
use crm_db::{AnyConnection, Native};
use diesel::prelude::*;

use crate::model::{AccountRow, AccountValues, Contact, ContactValues};

// ----- accounts -------------------------------------------------------------------------------

crm_db::list_query! {
    /// A page of accounts (up to `limit + 1` rows) under the given conditions, and the total.
    pub fn list_accounts / account_sort_key (accounts) -> AccountRow {
        id: accounts::id,
        filters: {
            "id" => (accounts::id, String),
            "name" => (accounts::name, String),
            "created_at" => (accounts::created_at, Timestamp),
            "updated_at" => (accounts::updated_at, Timestamp),
            "account_number" => (accounts::account_number.assume_not_null(), String),
            "relationship_type" => (accounts::relationship_type.assume_not_null(), String),
            "industry" => (accounts::industry.assume_not_null(), String),
            "employees" => (accounts::employees.assume_not_null(), i64),
            "currency" => (accounts::currency.assume_not_null(), String),
            "email" => (accounts::email.assume_not_null(), String),
            "city" => (accounts::city.assume_not_null(), String),
            "region" => (accounts::region.assume_not_null(), String),
            "country" => (accounts::country.assume_not_null(), String),
            "parent_account_id" => (accounts::parent_account_id.assume_not_null(), String),
            "primary_contact_id" => (accounts::primary_contact_id.assume_not_null(), String),
            "external_id" => (accounts::external_id.assume_not_null(), String),
            "owner_id" => (accounts::owner_id, String),
            "business_unit_id" => (accounts::business_unit_id, String),
        },
        sorts: {
            "name" => (accounts::name, Text, |r| r.name.clone()),
            "created_at" => (accounts::created_at, Timestamp, |r| r.created_at),
            "updated_at" => (accounts::updated_at, Timestamp, |r| r.updated_at),
        },
        search: [
            accounts::name,
            accounts::account_number.assume_not_null(),
            accounts::email.assume_not_null(),
            accounts::city.assume_not_null(),
        ],
    }
}

/// The caller's visibility over accounts, as list conditions.
pub fn visible_accounts(scope: &AccessScope) -> Vec<BoxedCondition<'static, accounts::table>> {
    query::visible(scope, accounts::owner_id, accounts::business_unit_id)
        .into_iter()
        .collect()
}

/// One account within a scope.
pub fn find_account(
    conn: &mut AnyConnection,
    scope: &AccessScope,
    id: &AccountId,
) -> QueryResult<Option<AccountRow>> {
    // All columns, in the order of the row's fields (as its insert's `RETURNING`), run on the
    // connection's own backend: prepared once per connection and found again by its type,
    // without writing its SQL out again (`crm_db::native`).
    let by_id = accounts::table.filter(accounts::id.eq(id));
    match query::visible_fixed(scope, accounts::owner_id, accounts::business_unit_id) {
        None => by_id.native_result(conn).optional(),
        Some(visible) => by_id.filter(visible).native_result(conn).optional(),
    }
}

/// The id of the account with an external id, if any (regardless of visibility).
pub fn account_id_by_external_id(
    conn: &mut AnyConnection,
    external_id: &str,
) -> QueryResult<Option<AccountId>> {
    accounts::table
        .filter(accounts::external_id.eq(external_id))
        .select(accounts::id)
        .first(conn)
        .optional()
}

/// Inserts an account.
pub fn insert_account(
    conn: &mut AnyConnection,
    id: &AccountId,
    values: &AccountValues,
    owner: (&OwnerId, &BusinessUnitId),
    actor: &str,
    now: Timestamp,
) -> QueryResult<AccountRow> {
    diesel::insert_into(accounts::table)
        .values((
            values.clone(),
            accounts::id.eq(id),
            accounts::owner_id.eq(owner.0),
            accounts::business_unit_id.eq(owner.1),
            accounts::created_by.eq(actor),
            accounts::updated_by.eq(actor),
            accounts::created_at.eq(now),
            accounts::updated_at.eq(now),
            accounts::version.eq(1),
        ))
        .returning(accounts::all_columns)
        .native_result(conn)
}

/// Writes an account's fields if it is still at `version`; `None` if another write came first.
pub fn update_account(
    conn: &mut AnyConnection,
    id: &AccountId,
    version: i64,
    values: &AccountValues,
    actor: &str,
    now: Timestamp,
) -> QueryResult<Option<AccountRow>> {
    diesel::update(
        accounts::table
            .filter(accounts::id.eq(id))
            .filter(accounts::version.eq(version)),
    )
    .set((
        values,
        accounts::updated_by.eq(actor),
        accounts::updated_at.eq(now),
        accounts::version.eq(version + 1),
    ))
    .returning(accounts::all_columns)
    .native_result(conn)
    .optional()
}

/// Deletes an account if it is still at `version`.
pub fn delete_account(conn: &mut AnyConnection, id: &AccountId, version: i64) -> QueryResult<bool> {
    diesel::delete(
        accounts::table
            .filter(accounts::id.eq(id))
            .filter(accounts::version.eq(version)),
    )
    .execute(conn)
    .map(|n| n == 1)
}

/// Accounts whose given link column points at `target` (to unlink them before it goes).
pub fn accounts_linked_to(
    conn: &mut AnyConnection,
    parent: Option<&AccountId>,
    primary_contact: Option<&ContactId>,
) -> QueryResult<Vec<AccountRow>> {
    let mut q = accounts::table.select(AccountRow::as_select()).into_boxed();
    if let Some(parent) = parent {
        q = q.filter(accounts::parent_account_id.eq(parent));
    }
    if let Some(contact) = primary_contact {
        q = q.filter(accounts::primary_contact_id.eq(contact));
    }
    q.load(conn)
}

/// Clears links of accounts to a parent account or a primary contact being deleted.
pub fn unlink_accounts(
    conn: &mut AnyConnection,
    parent: Option<&AccountId>,
    primary_contact: Option<&ContactId>,
    actor: &str,
    now: Timestamp,
) -> QueryResult<()> {
    if let Some(parent) = parent {
        diesel::update(accounts::table.filter(accounts::parent_account_id.eq(parent)))
            .set((
                accounts::parent_account_id.eq(None::<AccountId>),
                accounts::updated_by.eq(actor),
                accounts::updated_at.eq(now),
                accounts::version.eq(accounts::version + 1),
            ))
            .execute(conn)?;
    }
    if let Some(contact) = primary_contact {
        diesel::update(accounts::table.filter(accounts::primary_contact_id.eq(contact)))
            .set((
                accounts::primary_contact_id.eq(None::<ContactId>),
                accounts::updated_by.eq(actor),
                accounts::updated_at.eq(now),
                accounts::version.eq(accounts::version + 1),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Accounts by id, regardless of visibility (to re-read rows a write changed).
pub fn accounts_by_ids(
    conn: &mut AnyConnection,
    ids: &[AccountId],
) -> QueryResult<Vec<AccountRow>> {
    accounts::table
        .filter(accounts::id.eq_any(ids))
        .select(AccountRow::as_select())
        .load(conn)
}

// ----- contacts -------------------------------------------------------------------------------

crm_db::list_query! {
    /// A page of contacts (up to `limit + 1` rows) under the given conditions, and the total.
    pub fn list_contacts / contact_sort_key (contacts) -> Contact {
        id: contacts::id,
        filters: {
            "id" => (contacts::id, String),
            "last_name" => (contacts::last_name, String),
            "full_name" => (contacts::full_name, String),
            "created_at" => (contacts::created_at, Timestamp),
            "updated_at" => (contacts::updated_at, Timestamp),
            "first_name" => (contacts::first_name.assume_not_null(), String),
            "email" => (contacts::email.assume_not_null(), String),
            "job_title" => (contacts::job_title.assume_not_null(), String),
            "city" => (contacts::city.assume_not_null(), String),
            "country" => (contacts::country.assume_not_null(), String),
            "birthdate" => (contacts::birthdate.assume_not_null(), chrono::NaiveDate),
            "preferred_contact_method" => (contacts::preferred_contact_method.assume_not_null(), String),
            "do_not_email" => (contacts::do_not_email, bool),
            "do_not_phone" => (contacts::do_not_phone, bool),
            "do_not_bulk_email" => (contacts::do_not_bulk_email, bool),
            "account_id" => (contacts::account_id.assume_not_null(), String),
            "external_id" => (contacts::external_id.assume_not_null(), String),
            "owner_id" => (contacts::owner_id, String),
            "business_unit_id" => (contacts::business_unit_id, String),
        },
        sorts: {
            "last_name" => (contacts::last_name, Text, |r| r.last_name.clone()),
            "full_name" => (contacts::full_name, Text, |r| r.full_name.clone()),
            "created_at" => (contacts::created_at, Timestamp, |r| r.created_at),
            "updated_at" => (contacts::updated_at, Timestamp, |r| r.updated_at),
        },
        search: [
            contacts::full_name,
            contacts::email.assume_not_null(),
            contacts::phone.assume_not_null(),
            contacts::mobile_phone.assume_not_null(),
        ],
    }
}

/// The caller's visibility over contacts (and, optionally, only those of one account).
pub fn visible_contacts(
    scope: &AccessScope,
    of_account: Option<&AccountId>,
) -> Vec<BoxedCondition<'static, contacts::table>> {
    let mut conditions: Vec<BoxedCondition<'static, contacts::table>> =
        query::visible(scope, contacts::owner_id, contacts::business_unit_id)
            .into_iter()
            .collect();
    if let Some(account) = of_account {
        conditions.push(Box::new(
            contacts::account_id.assume_not_null().eq(account.clone()),
        ));
    }
    conditions
}

/// One contact within a scope.
pub fn find_contact(
    conn: &mut AnyConnection,
    scope: &AccessScope,
    id: &ContactId,
) -> QueryResult<Option<Contact>> {
    // All columns, in the order of the row's fields (as its insert's `RETURNING`), run on the
    // connection's own backend: prepared once per connection and found again by its type,
    // without writing its SQL out again (`crm_db::native`).
    let by_id = contacts::table.filter(contacts::id.eq(id));
    match query::visible_fixed(scope, contacts::owner_id, contacts::business_unit_id) {
        None => by_id.native_result(conn).optional(),
        Some(visible) => by_id.filter(visible).native_result(conn).optional(),
    }
}

/// The id of the contact with an external id, if any (regardless of visibility).
pub fn contact_id_by_external_id(
    conn: &mut AnyConnection,
    external_id: &str,
) -> QueryResult<Option<ContactId>> {
    contacts::table
        .filter(contacts::external_id.eq(external_id))
        .select(contacts::id)
        .first(conn)
        .optional()
}

/// Inserts a contact.
pub fn insert_contact(
    conn: &mut AnyConnection,
    id: &ContactId,
    values: &ContactValues,
    owner: (&OwnerId, &BusinessUnitId),
    actor: &str,
    now: Timestamp,
) -> QueryResult<Contact> {
    diesel::insert_into(contacts::table)
        .values((
            values.clone(),
            contacts::id.eq(id),
            contacts::owner_id.eq(owner.0),
            contacts::business_unit_id.eq(owner.1),
            contacts::created_by.eq(actor),
            contacts::updated_by.eq(actor),
            contacts::created_at.eq(now),
            contacts::updated_at.eq(now),
            contacts::version.eq(1),
        ))
        .returning(contacts::all_columns)
        .native_result(conn)
}

/// Writes a contact's fields if it is still at `version`; `None` if another write came first.
pub fn update_contact(
    conn: &mut AnyConnection,
    id: &ContactId,
    version: i64,
    values: &ContactValues,
    actor: &str,
    now: Timestamp,
) -> QueryResult<Option<Contact>> {
    diesel::update(
        contacts::table
            .filter(contacts::id.eq(id))
            .filter(contacts::version.eq(version)),
    )
    .set((
        values,
        contacts::updated_by.eq(actor),
        contacts::updated_at.eq(now),
        contacts::version.eq(version + 1),
    ))
    .returning(contacts::all_columns)
    .native_result(conn)
    .optional()
}

/// Deletes a contact if it is still at `version`.
pub fn delete_contact(conn: &mut AnyConnection, id: &ContactId, version: i64) -> QueryResult<bool> {
    diesel::delete(
        contacts::table
            .filter(contacts::id.eq(id))
            .filter(contacts::version.eq(version)),
    )
    .execute(conn)
    .map(|n| n == 1)
}

/// Contacts of an account, regardless of visibility (to unlink them before it goes).
pub fn contacts_of_account(
    conn: &mut AnyConnection,
    account: &AccountId,
) -> QueryResult<Vec<Contact>> {
    contacts::table
        .filter(contacts::account_id.eq(account))
        .select(Contact::as_select())
        .load(conn)
}

/// Detaches every contact from an account being deleted.
pub fn unlink_contacts(
    conn: &mut AnyConnection,
    account: &AccountId,
    actor: &str,
    now: Timestamp,
) -> QueryResult<()> {
    diesel::update(contacts::table.filter(contacts::account_id.eq(account)))
        .set((
            contacts::account_id.eq(None::<AccountId>),
            contacts::updated_by.eq(actor),
            contacts::updated_at.eq(now),
            contacts::version.eq(contacts::version + 1),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Contacts by id, regardless of visibility.
pub fn contacts_by_ids(conn: &mut AnyConnection, ids: &[ContactId]) -> QueryResult<Vec<Contact>> {
    contacts::table
        .filter(contacts::id.eq_any(ids))
        .select(Contact::as_select())
        .load(conn)
}

/// Gives an account to another owner (and their business unit) if still at `version`.
pub fn set_account_owner(
    conn: &mut AnyConnection,
    id: &AccountId,
    version: i64,
    owner: (&OwnerId, &BusinessUnitId),
    actor: &str,
    now: Timestamp,
) -> QueryResult<Option<AccountRow>> {
    diesel::update(
        accounts::table
            .filter(accounts::id.eq(id))
            .filter(accounts::version.eq(version)),
    )
    .set((
        accounts::owner_id.eq(owner.0),
        accounts::business_unit_id.eq(owner.1),
        accounts::updated_by.eq(actor),
        accounts::updated_at.eq(now),
        accounts::version.eq(version + 1),
    ))
    .returning(accounts::all_columns)
    .native_result(conn)
    .optional()
}

/// Gives a contact to another owner (and their business unit) if still at `version`.
pub fn set_contact_owner(
    conn: &mut AnyConnection,
    id: &ContactId,
    version: i64,
    owner: (&OwnerId, &BusinessUnitId),
    actor: &str,
    now: Timestamp,
) -> QueryResult<Option<Contact>> {
    diesel::update(
        contacts::table
            .filter(contacts::id.eq(id))
            .filter(contacts::version.eq(version)),
    )
    .set((
        contacts::owner_id.eq(owner.0),
        contacts::business_unit_id.eq(owner.1),
        contacts::updated_by.eq(actor),
        contacts::updated_at.eq(now),
        contacts::version.eq(version + 1),
    ))
    .returning(contacts::all_columns)
    .native_result(conn)
    .optional()
}
