//! Business units.

use crm_core::Timestamp;
use crm_core::id::BusinessUnitId;
use crm_db::AnyConnection;
use crm_db::schema::{business_units, roles, teams, users};
use diesel::prelude::*;

use crate::model::BusinessUnit;

crm_db::list_query! {
    /// A page of business units (up to `limit + 1` rows) and the total.
    pub fn list_units / unit_sort_key (business_units) -> BusinessUnit {
        id: business_units::id,
        filters: {
            "id" => (business_units::id, String),
            "name" => (business_units::name, String),
            "created_at" => (business_units::created_at, Timestamp),
            "parent_id" => (business_units::parent_id.assume_not_null(), String),
        },
        sorts: {
            "name" => (business_units::name, Text, |r| r.name.clone()),
            "created_at" => (business_units::created_at, Timestamp, |r| r.created_at),
        },
        search: [business_units::name],
    }
}

/// Every unit (an organization has tens or hundreds, read whole to draw the tree).
pub fn all_units(conn: &mut AnyConnection) -> QueryResult<Vec<BusinessUnit>> {
    business_units::table
        .select(BusinessUnit::as_select())
        .order((business_units::name, business_units::id))
        .load(conn)
}

/// How many users each unit has.
pub fn user_counts(conn: &mut AnyConnection) -> QueryResult<Vec<(BusinessUnitId, i64)>> {
    users::table
        .group_by(users::business_unit_id)
        .select((users::business_unit_id, diesel::dsl::count_star()))
        .load(conn)
}

/// A unit by id.
pub fn find_unit(
    conn: &mut AnyConnection,
    id: &BusinessUnitId,
) -> QueryResult<Option<BusinessUnit>> {
    business_units::table
        .find(id)
        .select(BusinessUnit::as_select())
        .first(conn)
        .optional()
}

/// The organization (the unit without a parent).
pub fn root_unit(conn: &mut AnyConnection) -> QueryResult<BusinessUnit> {
    business_units::table
        .filter(business_units::parent_id.is_null())
        .select(BusinessUnit::as_select())
        .first(conn)
}

/// Inserts a unit.
pub fn insert_unit(
    conn: &mut AnyConnection,
    id: &BusinessUnitId,
    name: &str,
    parent_id: Option<&BusinessUnitId>,
    actor: Option<&str>,
    now: Timestamp,
) -> QueryResult<BusinessUnit> {
    diesel::insert_into(business_units::table)
        .values((
            business_units::id.eq(id),
            business_units::name.eq(name),
            business_units::parent_id.eq(parent_id),
            business_units::created_by.eq(actor),
            business_units::updated_by.eq(actor),
            business_units::created_at.eq(now),
            business_units::updated_at.eq(now),
            business_units::version.eq(1),
        ))
        .execute(conn)?;
    business_units::table
        .find(id)
        .select(BusinessUnit::as_select())
        .first(conn)
}

/// Renames or moves a unit if still at `version`.
pub fn update_unit(
    conn: &mut AnyConnection,
    id: &BusinessUnitId,
    version: i64,
    name: &str,
    parent_id: Option<&BusinessUnitId>,
    actor: &str,
    now: Timestamp,
) -> QueryResult<Option<BusinessUnit>> {
    let n = diesel::update(
        business_units::table
            .filter(business_units::id.eq(id))
            .filter(business_units::version.eq(version)),
    )
    .set((
        business_units::name.eq(name),
        business_units::parent_id.eq(parent_id),
        business_units::updated_by.eq(actor),
        business_units::updated_at.eq(now),
        business_units::version.eq(version + 1),
    ))
    .execute(conn)?;
    if n == 0 {
        return Ok(None);
    }
    find_unit(conn, id)
}

/// Deletes a unit if still at `version`.
pub fn delete_unit(
    conn: &mut AnyConnection,
    id: &BusinessUnitId,
    version: i64,
) -> QueryResult<bool> {
    diesel::delete(
        business_units::table
            .filter(business_units::id.eq(id))
            .filter(business_units::version.eq(version)),
    )
    .execute(conn)
    .map(|n| n == 1)
}

/// What still belongs to a unit: child units, users, teams, roles.
pub fn dependents(
    conn: &mut AnyConnection,
    id: &BusinessUnitId,
) -> QueryResult<Vec<(&'static str, i64)>> {
    let children: i64 = business_units::table
        .filter(business_units::parent_id.eq(id))
        .count()
        .get_result(conn)?;
    let users: i64 = users::table
        .filter(users::business_unit_id.eq(id))
        .count()
        .get_result(conn)?;
    let teams: i64 = teams::table
        .filter(teams::business_unit_id.eq(id))
        .count()
        .get_result(conn)?;
    let roles: i64 = roles::table
        .filter(roles::business_unit_id.eq(id))
        .count()
        .get_result(conn)?;
    Ok(vec![
        ("child units", children),
        ("users", users),
        ("teams", teams),
        ("roles", roles),
    ])
}
