//! Owned records across every table, for rules that must not strand them: a business unit or a
//! team cannot be removed while records still belong to it.
//!
//! Each domain crate's owned table is listed in [`OWNED_TABLES`] (its resource name and table),
//! so crates that manage owners never need to know the crates that own records.

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};

use crate::conn::{AnyConnection, is_postgres};

/// Every table of owned records (with `owner_id` and `business_unit_id`), by resource name.
pub const OWNED_TABLES: &[(&str, &str)] = &[
    ("accounts", "accounts"),
    ("contacts", "contacts"),
    ("leads", "leads"),
    ("opportunities", "opportunities"),
    ("activities", "activities"),
    ("notes", "notes"),
    ("cases", "cases"),
    ("contracts", "contracts"),
    ("knowledge-articles", "knowledge_articles"),
];

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

fn count(conn: &mut AnyConnection, table: &str, column: &str, value: &str) -> QueryResult<i64> {
    let placeholder = if is_postgres(conn) { "$1" } else { "?" };
    let row: Count = diesel::sql_query(format!(
        "SELECT COUNT(*) AS n FROM {table} WHERE {column} = {placeholder}"
    ))
    .bind::<Text, _>(value)
    .get_result(conn)?;
    Ok(row.n)
}

/// How many records of each resource belong to a business unit (resources with none left out).
pub fn records_in_unit(
    conn: &mut AnyConnection,
    unit_id: &str,
) -> QueryResult<Vec<(&'static str, i64)>> {
    let mut counts = Vec::new();
    for (resource, table) in OWNED_TABLES {
        let n = count(conn, table, "business_unit_id", unit_id)?;
        if n > 0 {
            counts.push((*resource, n));
        }
    }
    Ok(counts)
}

/// How many records of each resource an owner (user or team) owns (resources with none left out).
pub fn records_owned_by(
    conn: &mut AnyConnection,
    owner_id: &str,
) -> QueryResult<Vec<(&'static str, i64)>> {
    let mut counts = Vec::new();
    for (resource, table) in OWNED_TABLES {
        let n = count(conn, table, "owner_id", owner_id)?;
        if n > 0 {
            counts.push((*resource, n));
        }
    }
    Ok(counts)
}

/// Columns of one resource's tables that point at records of another, as (the linking resource,
/// its table, the column, the resource pointed at). A record that others point at is not deleted
/// from under them: the deletion is refused and says what still points at it.
pub const LINKS: &[(&str, &str, &str, &str)] = &[
    ("opportunities", "opportunities", "account_id", "accounts"),
    ("opportunities", "opportunities", "contact_id", "contacts"),
    (
        "opportunities (as a key person)",
        "opportunity_key_people",
        "contact_id",
        "contacts",
    ),
    // What was logged on a record is its history: the record is not deleted from under it.
    ("activities", "activities", "regarding_id", "accounts"),
    ("activities", "activities", "regarding_id", "contacts"),
    ("activities", "activities", "regarding_id", "leads"),
    ("activities", "activities", "regarding_id", "opportunities"),
    ("notes", "notes", "regarding_id", "accounts"),
    ("notes", "notes", "regarding_id", "contacts"),
    ("notes", "notes", "regarding_id", "leads"),
    ("activities", "activities", "regarding_id", "cases"),
    ("notes", "notes", "regarding_id", "cases"),
    ("cases", "cases", "account_id", "accounts"),
    ("cases", "cases", "contact_id", "contacts"),
    ("cases", "cases", "queue_id", "queues"),
    ("cases", "cases", "contract_id", "contracts"),
    ("cases", "cases", "sla_policy_id", "sla-policies"),
    ("routing rules", "routing_rules", "queue_id", "queues"),
    ("contracts", "contracts", "account_id", "accounts"),
    ("contracts", "contracts", "contact_id", "contacts"),
    (
        "contracts",
        "contracts",
        "template_id",
        "contract-templates",
    ),
    ("contracts", "contracts", "sla_policy_id", "sla-policies"),
    (
        "contract templates",
        "contract_templates",
        "sla_policy_id",
        "sla-policies",
    ),
    ("notes", "notes", "regarding_id", "opportunities"),
    (
        "knowledge articles",
        "knowledge_articles",
        "template_id",
        "article-templates",
    ),
];

/// How many records of each resource point at a record of `target` (those with none left out).
pub fn records_linking(
    conn: &mut AnyConnection,
    target: &str,
    id: &str,
) -> QueryResult<Vec<(&'static str, i64)>> {
    let mut counts = Vec::new();
    for (resource, table, column, points_at) in LINKS {
        if *points_at != target {
            continue;
        }
        let n = count(conn, table, column, id)?;
        if n > 0 {
            counts.push((*resource, n));
        }
    }
    Ok(counts)
}

/// Refuses to delete a record other records still point at (opportunities of an account, a
/// contact who is a key person of a deal), naming them, so nothing is left pointing at nothing.
pub fn refuse_if_linked(
    conn: &mut AnyConnection,
    entity: &str,
    id: &str,
    what: &str,
) -> crm_core::DomainResult<()> {
    let links = records_linking(conn, entity, id)?;
    if links.is_empty() {
        return Ok(());
    }
    let named: Vec<String> = links
        .iter()
        .map(|(resource, n)| format!("{n} {resource}"))
        .collect();
    Err(crm_core::DomainError::conflict(format!(
        "the {what} cannot be deleted: {} still point at it; move or delete them first",
        named.join(", ")
    )))
}
