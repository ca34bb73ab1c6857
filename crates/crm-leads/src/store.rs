//! Diesel queries for leads. No rules here: the service decides who may run them.

use crm_core::Timestamp;
use crm_core::id::{BusinessUnitId, LeadId, OwnerId};
use crm_core::security::AccessScope;
use crm_db::query::{self, BoxedCondition};
use crm_db::schema::leads;
use crm_db::{AnyConnection, Native};
use diesel::prelude::*;

use crate::model::{LeadRow, LeadValues};

crm_db::list_query! {
    /// A page of leads (up to `limit + 1` rows) under the given conditions, and the total.
    pub fn list_leads / lead_sort_key (leads) -> LeadRow {
        id: leads::id,
        filters: {
            "id" => (leads::id, String),
            "full_name" => (leads::full_name, String),
            "created_at" => (leads::created_at, Timestamp),
            "updated_at" => (leads::updated_at, Timestamp),
            "status_changed_at" => (leads::status_changed_at, Timestamp),
            "status" => (leads::status, String),
            "rating" => (leads::rating.assume_not_null(), String),
            "source" => (leads::source.assume_not_null(), String),
            "need" => (leads::need.assume_not_null(), String),
            "decision_timeline" => (leads::decision_timeline.assume_not_null(), String),
            "disqualification_reason" => (leads::disqualification_reason.assume_not_null(), String),
            "company_name" => (leads::company_name.assume_not_null(), String),
            "email" => (leads::email.assume_not_null(), String),
            "industry" => (leads::industry.assume_not_null(), String),
            "city" => (leads::city.assume_not_null(), String),
            "country" => (leads::country.assume_not_null(), String),
            "last_touched_at" => (leads::last_touched_at.assume_not_null(), Timestamp),
            "import_batch_id" => (leads::import_batch_id.assume_not_null(), String),
            "owner_id" => (leads::owner_id, String),
            "business_unit_id" => (leads::business_unit_id, String),
        },
        sorts: {
            "full_name" => (leads::full_name, Text, |r| r.full_name.clone()),
            "created_at" => (leads::created_at, Timestamp, |r| r.created_at),
            "updated_at" => (leads::updated_at, Timestamp, |r| r.updated_at),
            "status_changed_at" => (leads::status_changed_at, Timestamp, |r| r.status_changed_at),
        },
        search: [
            leads::full_name,
            leads::company_name.assume_not_null(),
            leads::email.assume_not_null(),
            leads::phone.assume_not_null(),
        ],
    }
}

/// The caller's visibility over leads, as list conditions.
pub fn visible_leads(scope: &AccessScope) -> Vec<BoxedCondition<'static, leads::table>> {
    query::visible(scope, leads::owner_id, leads::business_unit_id)
        .into_iter()
        .collect()
}

/// One lead within a scope.
pub fn find_lead(
    conn: &mut AnyConnection,
    scope: &AccessScope,
    id: &LeadId,
) -> QueryResult<Option<LeadRow>> {
    // All columns, in the order of the row's fields (as its insert's `RETURNING`), run on the
    // connection's own backend: prepared once per connection and found again by its type,
    // without writing its SQL out again (`crm_db::native`).
    let by_id = leads::table.filter(leads::id.eq(id));
    match query::visible_fixed(scope, leads::owner_id, leads::business_unit_id) {
        None => by_id.native_result(conn).optional(),
        Some(visible) => by_id.filter(visible).native_result(conn).optional(),
    }
}

/// Inserts a lead with its status and when it was last worked on.
pub fn insert_lead(
    conn: &mut AnyConnection,
    id: &LeadId,
    values: &LeadValues,
    (status, touched): (&str, Option<Timestamp>),
    owner: (&OwnerId, &BusinessUnitId),
    actor: &str,
    now: Timestamp,
) -> QueryResult<LeadRow> {
    diesel::insert_into(leads::table)
        .values((
            values.clone(),
            leads::id.eq(id),
            leads::status.eq(status),
            leads::last_touched_at.eq(touched),
            leads::status_changed_at.eq(now),
            leads::owner_id.eq(owner.0),
            leads::business_unit_id.eq(owner.1),
            leads::created_by.eq(actor),
            leads::updated_by.eq(actor),
            leads::created_at.eq(now),
            leads::updated_at.eq(now),
            leads::version.eq(1),
        ))
        .returning(leads::all_columns)
        .native_result(conn)
}

/// What a write sets besides the fields: the status and what goes with it.
#[derive(Debug, Clone)]
pub struct StatusChange<'a> {
    /// The new status.
    pub status: &'a str,
    /// The disqualification reason and note (cleared otherwise).
    pub disqualification: (Option<&'a str>, Option<&'a str>),
    /// When the status changed.
    pub changed_at: Timestamp,
    /// When the lead was last worked on.
    pub touched_at: Option<Timestamp>,
}

/// Writes a lead's fields and status if it is still at `version`; `None` if another write came
/// first.
pub fn update_lead(
    conn: &mut AnyConnection,
    id: &LeadId,
    version: i64,
    values: &LeadValues,
    status: &StatusChange<'_>,
    actor: &str,
    now: Timestamp,
) -> QueryResult<Option<LeadRow>> {
    diesel::update(
        leads::table
            .filter(leads::id.eq(id))
            .filter(leads::version.eq(version)),
    )
    .set((
        values,
        leads::status.eq(status.status),
        leads::disqualification_reason.eq(status.disqualification.0),
        leads::disqualification_note.eq(status.disqualification.1),
        leads::status_changed_at.eq(status.changed_at),
        leads::last_touched_at.eq(status.touched_at),
        leads::updated_by.eq(actor),
        leads::updated_at.eq(now),
        leads::version.eq(version + 1),
    ))
    .returning(leads::all_columns)
    .native_result(conn)
    .optional()
}

/// What qualifying a lead links it to.
pub type Qualified<'a> = (
    Option<&'a crm_core::id::AccountId>,
    Option<&'a crm_core::id::ContactId>,
    Option<&'a crm_core::id::OpportunityId>,
);

/// Marks a lead qualified with what it became, if it is still at `version`.
pub fn set_qualified(
    conn: &mut AnyConnection,
    id: &LeadId,
    version: i64,
    (account, contact, opportunity): Qualified<'_>,
    actor: &str,
    now: Timestamp,
) -> QueryResult<Option<LeadRow>> {
    diesel::update(
        leads::table
            .filter(leads::id.eq(id))
            .filter(leads::version.eq(version)),
    )
    .set((
        leads::status.eq("qualified"),
        leads::status_changed_at.eq(now),
        leads::last_touched_at.eq(Some(now)),
        leads::qualified_account_id.eq(account),
        leads::qualified_contact_id.eq(contact),
        leads::qualified_opportunity_id.eq(opportunity),
        leads::updated_by.eq(actor),
        leads::updated_at.eq(now),
        leads::version.eq(version + 1),
    ))
    .returning(leads::all_columns)
    .native_result(conn)
    .optional()
}

/// Gives a lead to another owner (and their business unit) if still at `version`.
pub fn set_lead_owner(
    conn: &mut AnyConnection,
    id: &LeadId,
    version: i64,
    owner: (&OwnerId, &BusinessUnitId),
    actor: &str,
    now: Timestamp,
) -> QueryResult<Option<LeadRow>> {
    diesel::update(
        leads::table
            .filter(leads::id.eq(id))
            .filter(leads::version.eq(version)),
    )
    .set((
        leads::owner_id.eq(owner.0),
        leads::business_unit_id.eq(owner.1),
        leads::updated_by.eq(actor),
        leads::updated_at.eq(now),
        leads::version.eq(version + 1),
    ))
    .returning(leads::all_columns)
    .native_result(conn)
    .optional()
}

/// Deletes a lead if it is still at `version`.
pub fn delete_lead(conn: &mut AnyConnection, id: &LeadId, version: i64) -> QueryResult<bool> {
    diesel::delete(
        leads::table
            .filter(leads::id.eq(id))
            .filter(leads::version.eq(version)),
    )
    .execute(conn)
    .map(|n| n == 1)
}
