//! Row locks for read-check-write sequences.

use diesel::prelude::*;
use diesel::sql_types::Text;

use crate::conn::AnyConnection;

/// Locks a row until the transaction ends, so a record read, checked and written in one
/// transaction cannot change in between. PostgreSQL takes `FOR UPDATE`; SQLite needs nothing
/// because a write transaction (`BEGIN IMMEDIATE`) already holds the database's write lock.
/// `table` must be a table name from the schema, never input.
pub fn lock_for_update(conn: &mut AnyConnection, table: &'static str, id: &str) -> QueryResult<()> {
    if let AnyConnection::Postgresql(_) = conn {
        diesel::sql_query(format!("SELECT 1 FROM {table} WHERE id = $1 FOR UPDATE"))
            .bind::<Text, _>(id)
            .execute(conn)?;
    }
    Ok(())
}
