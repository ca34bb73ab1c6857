//! Hierarchies walked in SQL: the business units below a unit, the people below a manager.

use diesel::prelude::*;
use diesel::sql_types::Text;

use crate::conn::{AnyConnection, is_postgres};

/// A self-referencing hierarchy.
#[derive(Debug, Clone, Copy)]
pub enum Hierarchy {
    /// Business units by `parent_id`.
    BusinessUnits,
    /// Users by `manager_id`: everyone who reports to someone, directly or not.
    Reports,
    /// Accounts by `parent_account_id`.
    Accounts,
}

impl Hierarchy {
    fn table_and_parent(self) -> (&'static str, &'static str) {
        match self {
            Hierarchy::BusinessUnits => ("business_units", "parent_id"),
            Hierarchy::Reports => ("users", "manager_id"),
            Hierarchy::Accounts => ("accounts", "parent_account_id"),
        }
    }
}

#[derive(QueryableByName)]
struct IdRow {
    #[diesel(sql_type = Text)]
    id: String,
}

/// The ids below `root` in a hierarchy, at any depth (not `root` itself). `UNION` rather than
/// `UNION ALL` stops at a cycle instead of looping.
pub fn below(
    conn: &mut AnyConnection,
    hierarchy: Hierarchy,
    root: &str,
) -> QueryResult<Vec<String>> {
    let (table, parent) = hierarchy.table_and_parent();
    let placeholder = if is_postgres(conn) { "$1" } else { "?" };
    let sql = format!(
        "WITH RECURSIVE below(id) AS (\
             SELECT id FROM {table} WHERE {parent} = {placeholder} \
             UNION SELECT t.id FROM {table} t JOIN below b ON t.{parent} = b.id\
         ) SELECT id FROM below"
    );
    let rows: Vec<IdRow> = diesel::sql_query(sql).bind::<Text, _>(root).load(conn)?;
    Ok(rows.into_iter().map(|r| r.id).collect())
}

/// The ids above `start` in a hierarchy (its parent, the parent's parent, ...), not `start`
/// itself. Stops at a cycle.
pub fn above(
    conn: &mut AnyConnection,
    hierarchy: Hierarchy,
    start: &str,
) -> QueryResult<Vec<String>> {
    let (table, parent) = hierarchy.table_and_parent();
    let placeholder = if is_postgres(conn) { "$1" } else { "?" };
    let sql = format!(
        "WITH RECURSIVE above(id) AS (\
             SELECT {parent} FROM {table} WHERE id = {placeholder} AND {parent} IS NOT NULL \
             UNION SELECT t.{parent} FROM {table} t JOIN above a ON t.id = a.id \
             WHERE t.{parent} IS NOT NULL\
         ) SELECT id FROM above"
    );
    let rows: Vec<IdRow> = diesel::sql_query(sql).bind::<Text, _>(start).load(conn)?;
    Ok(rows.into_iter().map(|r| r.id).collect())
}
