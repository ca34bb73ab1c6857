//! Diesel queries for accounts and contacts. No rules here: the service decides who may run them.

use crm_core::Timestamp;
use crm_core::id::{AccountId, BusinessUnitId, ContactId, OwnerId};
use crm_core::list::{Filter, FilterValue, ListQuery};
use crm_core::security::AccessScope;
use crm_db::AnyConnection;
use crm_db::query::{self, BoxedCondition, KindMismatch};
use crm_db::schema::{accounts, contacts};
use diesel::prelude::*;

use crate::model::{AccountRow, AccountValues, Contact, ContactValues};

/// A list query failed: storage, or a filter the store does not know (a programming error).
#[derive(Debug)]
pub enum ListError {
    /// The database failed.
    Storage(diesel::result::Error),
    /// A filter named a field this store does not map.
    UnmappedField(&'static str),
}

impl From<diesel::result::Error> for ListError {
    fn from(e: diesel::result::Error) -> Self {
        ListError::Storage(e)
    }
}

impl From<KindMismatch> for ListError {
    fn from(_: KindMismatch) -> Self {
        ListError::UnmappedField("(value kind)")
    }
}

// ----- accounts -------------------------------------------------------------------------------

type AccountCondition = BoxedCondition<'static, accounts::table>;

// Nullable columns are compared through `assume_not_null()`: the SQL is the same (`col = ?`,
// `col IS NULL`) and a NULL never matches a comparison, but the condition types as `Bool`.
fn account_filter(filter: &Filter) -> Result<AccountCondition, ListError> {
    use accounts as a;
    let c = &filter.condition;
    Ok(match filter.field {
        "id" => query::condition::<_, _, String>(a::id, c)?,
        "name" => query::condition::<_, _, String>(a::name, c)?,
        "created_at" => query::condition::<_, _, Timestamp>(a::created_at, c)?,
        "updated_at" => query::condition::<_, _, Timestamp>(a::updated_at, c)?,
        "account_number" => {
            query::condition::<_, _, String>(a::account_number.assume_not_null(), c)?
        }
        "relationship_type" => {
            query::condition::<_, _, String>(a::relationship_type.assume_not_null(), c)?
        }
        "industry" => query::condition::<_, _, String>(a::industry.assume_not_null(), c)?,
        "employees" => query::condition::<_, _, i64>(a::employees.assume_not_null(), c)?,
        "currency" => query::condition::<_, _, String>(a::currency.assume_not_null(), c)?,
        "email" => query::condition::<_, _, String>(a::email.assume_not_null(), c)?,
        "city" => query::condition::<_, _, String>(a::city.assume_not_null(), c)?,
        "region" => query::condition::<_, _, String>(a::region.assume_not_null(), c)?,
        "country" => query::condition::<_, _, String>(a::country.assume_not_null(), c)?,
        "parent_account_id" => {
            query::condition::<_, _, String>(a::parent_account_id.assume_not_null(), c)?
        }
        "primary_contact_id" => {
            query::condition::<_, _, String>(a::primary_contact_id.assume_not_null(), c)?
        }
        "external_id" => query::condition::<_, _, String>(a::external_id.assume_not_null(), c)?,
        "owner_id" => query::condition::<_, _, String>(a::owner_id, c)?,
        "business_unit_id" => query::condition::<_, _, String>(a::business_unit_id, c)?,
        other => return Err(ListError::UnmappedField(other)),
    })
}

fn account_search(q: &str) -> AccountCondition {
    let pattern = query::like_pattern(q);
    let conditions: Vec<AccountCondition> = vec![
        query::contains(accounts::name, &pattern),
        query::contains_nullable(accounts::account_number, &pattern),
        query::contains_nullable(accounts::email, &pattern),
        query::contains_nullable(accounts::city, &pattern),
    ];
    query::any_of(conditions)
        .unwrap_or_else(|| Box::new(diesel::dsl::sql::<diesel::sql_types::Bool>("1=1")))
}

/// The conditions every account query of a list shares (visibility, filters, search).
fn account_conditions(
    scope: &AccessScope,
    list: &ListQuery,
) -> Result<Vec<AccountCondition>, ListError> {
    let mut conditions = Vec::new();
    if let Some(visible) = query::visible(scope, accounts::owner_id, accounts::business_unit_id) {
        conditions.push(visible);
    }
    for filter in &list.filters {
        conditions.push(account_filter(filter)?);
    }
    if let Some(q) = &list.q {
        conditions.push(account_search(q));
    }
    Ok(conditions)
}

/// A page of accounts (up to `limit + 1` rows) and, when asked, the total.
pub fn list_accounts(
    conn: &mut AnyConnection,
    scope: &AccessScope,
    list: &ListQuery,
) -> Result<(Vec<AccountRow>, Option<i64>), ListError> {
    let total = if list.count {
        let mut count = accounts::table.count().into_boxed();
        for condition in account_conditions(scope, list)? {
            count = count.filter(condition);
        }
        Some(count.get_result(conn)?)
    } else {
        None
    };

    let mut q = accounts::table.select(AccountRow::as_select()).into_boxed();
    for condition in account_conditions(scope, list)? {
        q = q.filter(condition);
    }
    let sort = list.sort;
    if let Some(after) = &list.after {
        let id = after.id.clone();
        let condition: AccountCondition = match (sort.field, &after.value) {
            ("name", FilterValue::Text(v)) => {
                query::after(accounts::name, accounts::id, sort, v.clone(), id)
            }
            ("created_at", FilterValue::Timestamp(v)) => {
                query::after(accounts::created_at, accounts::id, sort, *v, id)
            }
            ("updated_at", FilterValue::Timestamp(v)) => {
                query::after(accounts::updated_at, accounts::id, sort, *v, id)
            }
            _ => return Err(ListError::UnmappedField(sort.field)),
        };
        q = q.filter(condition);
    }
    q = match sort.field {
        "name" => query::order(q, accounts::name, accounts::id, sort),
        "created_at" => query::order(q, accounts::created_at, accounts::id, sort),
        "updated_at" => query::order(q, accounts::updated_at, accounts::id, sort),
        other => return Err(ListError::UnmappedField(other)),
    };
    let rows = q.limit(list.limit + 1).load(conn)?;
    Ok((rows, total))
}

/// The keyset position of an account row for a sort field.
pub fn account_sort_key(row: &AccountRow, field: &str) -> (FilterValue, String) {
    let value = match field {
        "name" => FilterValue::Text(row.name.clone()),
        "updated_at" => FilterValue::Timestamp(row.updated_at),
        _ => FilterValue::Timestamp(row.created_at),
    };
    (value, row.id.to_string())
}

/// One account within a scope.
pub fn find_account(
    conn: &mut AnyConnection,
    scope: &AccessScope,
    id: &AccountId,
) -> QueryResult<Option<AccountRow>> {
    let mut q = accounts::table
        .filter(accounts::id.eq(id))
        .select(AccountRow::as_select())
        .into_boxed();
    if let Some(visible) = query::visible(scope, accounts::owner_id, accounts::business_unit_id) {
        q = q.filter(visible);
    }
    q.first(conn).optional()
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
        .get_result(conn)
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
    .get_result(conn)
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

type ContactCondition = BoxedCondition<'static, contacts::table>;

fn contact_filter(filter: &Filter) -> Result<ContactCondition, ListError> {
    use contacts as c;
    let cond = &filter.condition;
    Ok(match filter.field {
        "id" => query::condition::<_, _, String>(c::id, cond)?,
        "last_name" => query::condition::<_, _, String>(c::last_name, cond)?,
        "full_name" => query::condition::<_, _, String>(c::full_name, cond)?,
        "created_at" => query::condition::<_, _, Timestamp>(c::created_at, cond)?,
        "updated_at" => query::condition::<_, _, Timestamp>(c::updated_at, cond)?,
        "first_name" => query::condition::<_, _, String>(c::first_name.assume_not_null(), cond)?,
        "email" => query::condition::<_, _, String>(c::email.assume_not_null(), cond)?,
        "job_title" => query::condition::<_, _, String>(c::job_title.assume_not_null(), cond)?,
        "city" => query::condition::<_, _, String>(c::city.assume_not_null(), cond)?,
        "country" => query::condition::<_, _, String>(c::country.assume_not_null(), cond)?,
        "birthdate" => {
            query::condition::<_, _, chrono::NaiveDate>(c::birthdate.assume_not_null(), cond)?
        }
        "preferred_contact_method" => {
            query::condition::<_, _, String>(c::preferred_contact_method.assume_not_null(), cond)?
        }
        "do_not_email" => query::condition::<_, _, bool>(c::do_not_email, cond)?,
        "do_not_phone" => query::condition::<_, _, bool>(c::do_not_phone, cond)?,
        "do_not_bulk_email" => query::condition::<_, _, bool>(c::do_not_bulk_email, cond)?,
        "account_id" => query::condition::<_, _, String>(c::account_id.assume_not_null(), cond)?,
        "external_id" => query::condition::<_, _, String>(c::external_id.assume_not_null(), cond)?,
        "owner_id" => query::condition::<_, _, String>(c::owner_id, cond)?,
        "business_unit_id" => query::condition::<_, _, String>(c::business_unit_id, cond)?,
        other => return Err(ListError::UnmappedField(other)),
    })
}

fn contact_search(q: &str) -> ContactCondition {
    let pattern = query::like_pattern(q);
    let conditions: Vec<ContactCondition> = vec![
        query::contains(contacts::full_name, &pattern),
        query::contains_nullable(contacts::email, &pattern),
        query::contains_nullable(contacts::phone, &pattern),
        query::contains_nullable(contacts::mobile_phone, &pattern),
    ];
    query::any_of(conditions)
        .unwrap_or_else(|| Box::new(diesel::dsl::sql::<diesel::sql_types::Bool>("1=1")))
}

fn contact_conditions(
    scope: &AccessScope,
    list: &ListQuery,
    of_account: Option<&AccountId>,
) -> Result<Vec<ContactCondition>, ListError> {
    let mut conditions: Vec<ContactCondition> = Vec::new();
    if let Some(visible) = query::visible(scope, contacts::owner_id, contacts::business_unit_id) {
        conditions.push(visible);
    }
    if let Some(account) = of_account {
        conditions.push(Box::new(
            contacts::account_id.assume_not_null().eq(account.clone()),
        ));
    }
    for filter in &list.filters {
        conditions.push(contact_filter(filter)?);
    }
    if let Some(q) = &list.q {
        conditions.push(contact_search(q));
    }
    Ok(conditions)
}

/// A page of contacts (up to `limit + 1` rows), optionally of one account, and the total.
pub fn list_contacts(
    conn: &mut AnyConnection,
    scope: &AccessScope,
    list: &ListQuery,
    of_account: Option<&AccountId>,
) -> Result<(Vec<Contact>, Option<i64>), ListError> {
    let total = if list.count {
        let mut count = contacts::table.count().into_boxed();
        for condition in contact_conditions(scope, list, of_account)? {
            count = count.filter(condition);
        }
        Some(count.get_result(conn)?)
    } else {
        None
    };
    let mut q = contacts::table.select(Contact::as_select()).into_boxed();
    for condition in contact_conditions(scope, list, of_account)? {
        q = q.filter(condition);
    }
    let sort = list.sort;
    if let Some(after) = &list.after {
        let id = after.id.clone();
        let condition: ContactCondition = match (sort.field, &after.value) {
            ("last_name", FilterValue::Text(v)) => {
                query::after(contacts::last_name, contacts::id, sort, v.clone(), id)
            }
            ("full_name", FilterValue::Text(v)) => {
                query::after(contacts::full_name, contacts::id, sort, v.clone(), id)
            }
            ("created_at", FilterValue::Timestamp(v)) => {
                query::after(contacts::created_at, contacts::id, sort, *v, id)
            }
            ("updated_at", FilterValue::Timestamp(v)) => {
                query::after(contacts::updated_at, contacts::id, sort, *v, id)
            }
            _ => return Err(ListError::UnmappedField(sort.field)),
        };
        q = q.filter(condition);
    }
    q = match sort.field {
        "last_name" => query::order(q, contacts::last_name, contacts::id, sort),
        "full_name" => query::order(q, contacts::full_name, contacts::id, sort),
        "created_at" => query::order(q, contacts::created_at, contacts::id, sort),
        "updated_at" => query::order(q, contacts::updated_at, contacts::id, sort),
        other => return Err(ListError::UnmappedField(other)),
    };
    let rows = q.limit(list.limit + 1).load(conn)?;
    Ok((rows, total))
}

/// The keyset position of a contact for a sort field.
pub fn contact_sort_key(row: &Contact, field: &str) -> (FilterValue, String) {
    let value = match field {
        "last_name" => FilterValue::Text(row.last_name.clone()),
        "full_name" => FilterValue::Text(row.full_name.clone()),
        "updated_at" => FilterValue::Timestamp(row.updated_at),
        _ => FilterValue::Timestamp(row.created_at),
    };
    (value, row.id.to_string())
}

/// One contact within a scope.
pub fn find_contact(
    conn: &mut AnyConnection,
    scope: &AccessScope,
    id: &ContactId,
) -> QueryResult<Option<Contact>> {
    let mut q = contacts::table
        .filter(contacts::id.eq(id))
        .select(Contact::as_select())
        .into_boxed();
    if let Some(visible) = query::visible(scope, contacts::owner_id, contacts::business_unit_id) {
        q = q.filter(visible);
    }
    q.first(conn).optional()
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
        .get_result(conn)
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
    .get_result(conn)
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
