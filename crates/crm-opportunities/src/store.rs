//! Diesel queries for opportunities, their side lists, sales stages and competitors. No rules
//! here: the service decides who may run them.

use chrono::NaiveDate;
use crm_core::Timestamp;
use crm_core::id::{BusinessUnitId, CompetitorId, LeadId, OpportunityId, OwnerId};
use crm_core::security::AccessScope;
use crm_db::query::{self, BoxedCondition};
use crm_db::schema::{
    competitors, opportunities, opportunity_competitors, opportunity_key_people,
    opportunity_revenue_splits, sales_stages,
};
use crm_db::{AnyConnection, Native};
use diesel::prelude::*;

use crate::model::{
    Competitor, KeyPerson, OpportunityRow, OpportunityValues, RevenueShare, SalesStage,
};

crm_db::list_query! {
    /// A page of opportunities (up to `limit + 1` rows) under the given conditions, and the total.
    pub fn list_opportunities / opportunity_sort_key (opportunities) -> OpportunityRow {
        id: opportunities::id,
        filters: {
            "id" => (opportunities::id, String),
            "name" => (opportunities::name, String),
            "created_at" => (opportunities::created_at, Timestamp),
            "updated_at" => (opportunities::updated_at, Timestamp),
            "stage_changed_at" => (opportunities::stage_changed_at, Timestamp),
            "probability" => (opportunities::probability, i64),
            "status" => (opportunities::status, String),
            "stage" => (opportunities::stage, String),
            "account_id" => (opportunities::account_id.assume_not_null(), String),
            "contact_id" => (opportunities::contact_id.assume_not_null(), String),
            "estimated_close_date" => (opportunities::estimated_close_date.assume_not_null(), NaiveDate),
            "currency" => (opportunities::currency.assume_not_null(), String),
            "winning_competitor_id" => (opportunities::winning_competitor_id.assume_not_null(), String),
            "originating_lead_id" => (opportunities::originating_lead_id.assume_not_null(), String),
            "owner_id" => (opportunities::owner_id, String),
            "business_unit_id" => (opportunities::business_unit_id, String),
        },
        sorts: {
            "name" => (opportunities::name, Text, |r| r.name.clone()),
            "created_at" => (opportunities::created_at, Timestamp, |r| r.created_at),
            "updated_at" => (opportunities::updated_at, Timestamp, |r| r.updated_at),
            "stage_changed_at" => (opportunities::stage_changed_at, Timestamp, |r| r.stage_changed_at),
            "probability" => (opportunities::probability, Integer, |r| r.probability),
        },
        search: [opportunities::name],
    }
}

/// The caller's visibility over opportunities, as list conditions.
pub fn visible_opportunities(
    scope: &AccessScope,
) -> Vec<BoxedCondition<'static, opportunities::table>> {
    query::visible(
        scope,
        opportunities::owner_id,
        opportunities::business_unit_id,
    )
    .into_iter()
    .collect()
}

/// One opportunity within a scope.
pub fn find_opportunity(
    conn: &mut AnyConnection,
    scope: &AccessScope,
    id: &OpportunityId,
) -> QueryResult<Option<OpportunityRow>> {
    // All columns, in the order of the row's fields (as its insert's `RETURNING`), run on the
    // connection's own backend: prepared once per connection and found again by its type,
    // without writing its SQL out again (`crm_db::native`).
    let by_id = opportunities::table.filter(opportunities::id.eq(id));
    match query::visible_fixed(
        scope,
        opportunities::owner_id,
        opportunities::business_unit_id,
    ) {
        None => by_id.native_result(conn).optional(),
        Some(visible) => by_id.filter(visible).native_result(conn).optional(),
    }
}

/// The side lists of opportunities, in one query each (no query per opportunity).
pub type SideLists = (Vec<KeyPerson>, Vec<CompetitorId>, Vec<RevenueShare>);

/// The key people, competitors and revenue split of each opportunity, in order.
pub fn side_lists(
    conn: &mut AnyConnection,
    ids: &[OpportunityId],
) -> QueryResult<Vec<(OpportunityId, SideLists)>> {
    let people: Vec<(OpportunityId, crm_core::id::ContactId, Option<String>)> =
        opportunity_key_people::table
            .filter(opportunity_key_people::opportunity_id.eq_any(ids))
            .order((
                opportunity_key_people::opportunity_id,
                opportunity_key_people::position,
            ))
            .select((
                opportunity_key_people::opportunity_id,
                opportunity_key_people::contact_id,
                opportunity_key_people::role,
            ))
            .load(conn)?;
    let rivals: Vec<(OpportunityId, CompetitorId)> = opportunity_competitors::table
        .filter(opportunity_competitors::opportunity_id.eq_any(ids))
        .order((
            opportunity_competitors::opportunity_id,
            opportunity_competitors::position,
        ))
        .select((
            opportunity_competitors::opportunity_id,
            opportunity_competitors::competitor_id,
        ))
        .load(conn)?;
    let shares: Vec<(OpportunityId, crm_core::id::UserId, i64)> = opportunity_revenue_splits::table
        .filter(opportunity_revenue_splits::opportunity_id.eq_any(ids))
        .order((
            opportunity_revenue_splits::opportunity_id,
            opportunity_revenue_splits::position,
        ))
        .select((
            opportunity_revenue_splits::opportunity_id,
            opportunity_revenue_splits::user_id,
            opportunity_revenue_splits::share_percent,
        ))
        .load(conn)?;
    Ok(ids
        .iter()
        .map(|id| {
            let p = people
                .iter()
                .filter(|(o, _, _)| o == id)
                .map(|(_, c, role)| KeyPerson {
                    contact_id: c.clone(),
                    role: role.clone(),
                })
                .collect();
            let r = rivals
                .iter()
                .filter(|(o, _)| o == id)
                .map(|(_, c)| c.clone())
                .collect();
            let s = shares
                .iter()
                .filter(|(o, _, _)| o == id)
                .map(|(_, u, share)| RevenueShare {
                    user_id: u.clone(),
                    share_percent: *share,
                })
                .collect();
            (id.clone(), (p, r, s))
        })
        .collect())
}

/// Replaces the side lists of an opportunity.
pub fn set_side_lists(
    conn: &mut AnyConnection,
    id: &OpportunityId,
    (people, rivals, shares): &SideLists,
) -> QueryResult<()> {
    diesel::delete(
        opportunity_key_people::table.filter(opportunity_key_people::opportunity_id.eq(id)),
    )
    .execute(conn)?;
    diesel::delete(
        opportunity_competitors::table.filter(opportunity_competitors::opportunity_id.eq(id)),
    )
    .execute(conn)?;
    diesel::delete(
        opportunity_revenue_splits::table.filter(opportunity_revenue_splits::opportunity_id.eq(id)),
    )
    .execute(conn)?;
    for (position, person) in people.iter().enumerate() {
        diesel::insert_into(opportunity_key_people::table)
            .values((
                opportunity_key_people::opportunity_id.eq(id),
                opportunity_key_people::contact_id.eq(&person.contact_id),
                opportunity_key_people::role.eq(&person.role),
                opportunity_key_people::position.eq(position as i64),
            ))
            .execute(conn)?;
    }
    for (position, rival) in rivals.iter().enumerate() {
        diesel::insert_into(opportunity_competitors::table)
            .values((
                opportunity_competitors::opportunity_id.eq(id),
                opportunity_competitors::competitor_id.eq(rival),
                opportunity_competitors::position.eq(position as i64),
            ))
            .execute(conn)?;
    }
    for (position, share) in shares.iter().enumerate() {
        diesel::insert_into(opportunity_revenue_splits::table)
            .values((
                opportunity_revenue_splits::opportunity_id.eq(id),
                opportunity_revenue_splits::user_id.eq(&share.user_id),
                opportunity_revenue_splits::share_percent.eq(share.share_percent),
                opportunity_revenue_splits::position.eq(position as i64),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Inserts an opportunity (open).
#[allow(
    clippy::too_many_arguments,
    reason = "one insert with its bookkeeping columns"
)]
pub fn insert_opportunity(
    conn: &mut AnyConnection,
    id: &OpportunityId,
    values: &OpportunityValues,
    lead: Option<&LeadId>,
    owner: (&OwnerId, &BusinessUnitId),
    actor: &str,
    now: Timestamp,
) -> QueryResult<OpportunityRow> {
    diesel::insert_into(opportunities::table)
        .values((
            values.clone(),
            opportunities::id.eq(id),
            opportunities::status.eq("open"),
            opportunities::stage_changed_at.eq(now),
            opportunities::originating_lead_id.eq(lead),
            opportunities::owner_id.eq(owner.0),
            opportunities::business_unit_id.eq(owner.1),
            opportunities::created_by.eq(actor),
            opportunities::updated_by.eq(actor),
            opportunities::created_at.eq(now),
            opportunities::updated_at.eq(now),
            opportunities::version.eq(1),
        ))
        .returning(opportunities::all_columns)
        .native_result(conn)
}

/// What closing or reopening sets.
#[derive(Debug, Clone)]
pub struct Closing {
    /// `open`, `won` or `lost`.
    pub status: &'static str,
    /// The currency of the money fields.
    pub currency: Option<String>,
    /// The revenue won (minor units).
    pub actual_revenue: Option<i64>,
    /// The close date.
    pub actual_close_date: Option<NaiveDate>,
    /// Why it was lost.
    pub loss_reason: Option<String>,
    /// Who won it.
    pub winning_competitor_id: Option<CompetitorId>,
    /// When it was closed.
    pub closed_at: Option<Timestamp>,
}

/// Writes an opportunity's fields (and when its stage changed) if it is still at `version`.
pub fn update_opportunity(
    conn: &mut AnyConnection,
    id: &OpportunityId,
    version: i64,
    values: &OpportunityValues,
    stage_changed_at: Timestamp,
    actor: &str,
    now: Timestamp,
) -> QueryResult<Option<OpportunityRow>> {
    diesel::update(
        opportunities::table
            .filter(opportunities::id.eq(id))
            .filter(opportunities::version.eq(version)),
    )
    .set((
        values,
        opportunities::stage_changed_at.eq(stage_changed_at),
        opportunities::updated_by.eq(actor),
        opportunities::updated_at.eq(now),
        opportunities::version.eq(version + 1),
    ))
    .returning(opportunities::all_columns)
    .native_result(conn)
    .optional()
}

/// Closes or reopens an opportunity if it is still at `version`.
pub fn set_closing(
    conn: &mut AnyConnection,
    id: &OpportunityId,
    version: i64,
    closing: &Closing,
    actor: &str,
    now: Timestamp,
) -> QueryResult<Option<OpportunityRow>> {
    diesel::update(
        opportunities::table
            .filter(opportunities::id.eq(id))
            .filter(opportunities::version.eq(version)),
    )
    .set((
        opportunities::status.eq(closing.status),
        opportunities::currency.eq(&closing.currency),
        opportunities::actual_revenue.eq(closing.actual_revenue),
        opportunities::actual_close_date.eq(closing.actual_close_date),
        opportunities::loss_reason.eq(&closing.loss_reason),
        opportunities::winning_competitor_id.eq(&closing.winning_competitor_id),
        opportunities::closed_at.eq(closing.closed_at),
        opportunities::updated_by.eq(actor),
        opportunities::updated_at.eq(now),
        opportunities::version.eq(version + 1),
    ))
    .returning(opportunities::all_columns)
    .native_result(conn)
    .optional()
}

/// Gives an opportunity to another owner if still at `version`.
pub fn set_owner(
    conn: &mut AnyConnection,
    id: &OpportunityId,
    version: i64,
    owner: (&OwnerId, &BusinessUnitId),
    actor: &str,
    now: Timestamp,
) -> QueryResult<Option<OpportunityRow>> {
    diesel::update(
        opportunities::table
            .filter(opportunities::id.eq(id))
            .filter(opportunities::version.eq(version)),
    )
    .set((
        opportunities::owner_id.eq(owner.0),
        opportunities::business_unit_id.eq(owner.1),
        opportunities::updated_by.eq(actor),
        opportunities::updated_at.eq(now),
        opportunities::version.eq(version + 1),
    ))
    .returning(opportunities::all_columns)
    .native_result(conn)
    .optional()
}

/// Deletes an opportunity (its side lists go with it) if still at `version`.
pub fn delete_opportunity(
    conn: &mut AnyConnection,
    id: &OpportunityId,
    version: i64,
) -> QueryResult<bool> {
    set_side_lists(conn, id, &(Vec::new(), Vec::new(), Vec::new()))?;
    diesel::delete(
        opportunities::table
            .filter(opportunities::id.eq(id))
            .filter(opportunities::version.eq(version)),
    )
    .execute(conn)
    .map(|n| n == 1)
}

// ----- sales stages ---------------------------------------------------------------------------

crm_db::list_query! {
    /// A page of sales stages.
    pub fn list_stage_rows / stage_sort_key (sales_stages) -> SalesStage {
        id: sales_stages::id,
        filters: {
            "id" => (sales_stages::id, String),
            "value" => (sales_stages::value, String),
            "is_active" => (sales_stages::is_active, bool),
            "sort_order" => (sales_stages::sort_order, i64),
        },
        sorts: {
            "sort_order" => (sales_stages::sort_order, Integer, |r| r.sort_order),
        },
        search: [sales_stages::value, sales_stages::label],
    }
}

/// Every stage, in order.
pub fn all_stages(conn: &mut AnyConnection) -> QueryResult<Vec<SalesStage>> {
    sales_stages::table
        .order((sales_stages::sort_order, sales_stages::id))
        .select(SalesStage::as_select())
        .load(conn)
}

// ----- competitors ----------------------------------------------------------------------------

crm_db::list_query! {
    /// A page of competitors.
    pub fn list_competitor_rows / competitor_sort_key (competitors) -> Competitor {
        id: competitors::id,
        filters: {
            "id" => (competitors::id, String),
            "name" => (competitors::name, String),
            "created_at" => (competitors::created_at, Timestamp),
        },
        sorts: {
            "name" => (competitors::name, Text, |r| r.name.clone()),
            "created_at" => (competitors::created_at, Timestamp, |r| r.created_at),
        },
        search: [competitors::name],
    }
}

/// One competitor.
pub fn find_competitor(
    conn: &mut AnyConnection,
    id: &CompetitorId,
) -> QueryResult<Option<Competitor>> {
    competitors::table
        .filter(competitors::id.eq(id))
        .select(Competitor::as_select())
        .get_result(conn)
        .optional()
}
