//! Fixed queries run on the connection's own backend.
//!
//! diesel's `MultiConnection`, which [`AnyConnection`] is, wraps every query it runs in a type
//! that writes out the statement's whole SQL text in each of the passes diesel makes over a query
//! to run it: to ask whether the statement may be cached, to collect its bind values, and (for a
//! query without a type of its own) to look it up in the statement cache. It does so even when
//! the statement was prepared long ago. `perf` of the server showed that as 13% of the CPU of a
//! read of one contact by id, and as 12% of a contact's creation, inside the write lock.
//!
//! The same query run on the `SqliteConnection` or `PgConnection` inside is looked up in the cache
//! by its type and writes its SQL only when it is prepared. [`Native`] does that: one query
//! expression, type-checked for both backends, run on whichever the connection is. It is for
//! queries written with diesel's DSL and not boxed (a boxed query is typed for the
//! `MultiBackend` and runs through [`AnyConnection`] as before). Transactions are the inner
//! connection's either way, so a query run natively inside a transaction is part of it.

use diesel::pg::PgConnection;
use diesel::query_dsl::methods::{ExecuteDsl, LoadQuery};
use diesel::sqlite::SqliteConnection;
use diesel::{QueryResult, RunQueryDsl};

use crate::conn::AnyConnection;

/// Runs a query on the connection's own backend (see the [module](self) documentation).
pub trait Native: RunQueryDsl<SqliteConnection> + RunQueryDsl<PgConnection> + Sized {
    /// [`RunQueryDsl::get_result`] on the connection's own backend.
    fn native_result<'query, U>(self, conn: &mut AnyConnection) -> QueryResult<U>
    where
        Self: LoadQuery<'query, SqliteConnection, U> + LoadQuery<'query, PgConnection, U>,
    {
        match conn {
            AnyConnection::Sqlite(c) => RunQueryDsl::<SqliteConnection>::get_result(self, c),
            AnyConnection::Postgresql(c) => RunQueryDsl::<PgConnection>::get_result(self, c),
        }
    }

    /// [`RunQueryDsl::load`] on the connection's own backend.
    fn native_load<'query, U>(self, conn: &mut AnyConnection) -> QueryResult<Vec<U>>
    where
        Self: LoadQuery<'query, SqliteConnection, U> + LoadQuery<'query, PgConnection, U>,
    {
        match conn {
            AnyConnection::Sqlite(c) => RunQueryDsl::<SqliteConnection>::load(self, c),
            AnyConnection::Postgresql(c) => RunQueryDsl::<PgConnection>::load(self, c),
        }
    }

    /// [`RunQueryDsl::execute`] on the connection's own backend.
    fn native_execute(self, conn: &mut AnyConnection) -> QueryResult<usize>
    where
        Self: ExecuteDsl<SqliteConnection> + ExecuteDsl<PgConnection>,
    {
        match conn {
            AnyConnection::Sqlite(c) => RunQueryDsl::<SqliteConnection>::execute(self, c),
            AnyConnection::Postgresql(c) => RunQueryDsl::<PgConnection>::execute(self, c),
        }
    }
}

impl<T> Native for T where T: RunQueryDsl<SqliteConnection> + RunQueryDsl<PgConnection> {}

#[cfg(test)]
mod tests {
    use diesel::connection::SimpleConnection;
    use diesel::prelude::*;

    use super::*;

    diesel::table! {
        items (id) {
            id -> Text,
            name -> Text,
            at -> Timestamp,
        }
    }

    fn conn() -> AnyConnection {
        let mut conn = AnyConnection::Sqlite(
            SqliteConnection::establish(":memory:").expect("an in-memory database"),
        );
        conn.batch_execute(
            "CREATE TABLE items (id TEXT PRIMARY KEY, name TEXT NOT NULL, at TIMESTAMP NOT NULL)",
        )
        .expect("the table");
        conn
    }

    fn at(text: &str) -> chrono::NaiveDateTime {
        chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S%.f").expect("a time")
    }

    #[test]
    fn native_and_generic_runs_read_and_write_the_same_rows() {
        let mut conn = conn();
        let when = at("2026-12-07 10:11:12.123456");
        let inserted = diesel::insert_into(items::table)
            .values((items::id.eq("a"), items::name.eq("Ann"), items::at.eq(when)))
            .native_execute(&mut conn)
            .expect("the native insert");
        assert_eq!(inserted, 1);
        diesel::insert_into(items::table)
            .values((items::id.eq("b"), items::name.eq("Bob"), items::at.eq(when)))
            .execute(&mut conn)
            .expect("the generic insert");

        let native: (String, String, chrono::NaiveDateTime) = items::table
            .filter(items::id.eq("b"))
            .native_result(&mut conn)
            .expect("the native read");
        let generic: (String, String, chrono::NaiveDateTime) = items::table
            .filter(items::id.eq("a"))
            .get_result(&mut conn)
            .expect("the generic read");
        assert_eq!(native, ("b".to_owned(), "Bob".to_owned(), when));
        assert_eq!(generic, ("a".to_owned(), "Ann".to_owned(), when));

        let names: Vec<String> = items::table
            .select(items::name)
            .order(items::id)
            .native_load(&mut conn)
            .expect("the native list");
        assert_eq!(names, ["Ann", "Bob"]);

        let missing = items::table
            .filter(items::id.eq("c"))
            .native_result::<(String, String, chrono::NaiveDateTime)>(&mut conn)
            .optional()
            .expect("a read that finds nothing");
        assert_eq!(missing, None);
    }

    #[test]
    fn a_native_write_is_part_of_the_transaction_around_it() {
        let mut conn = conn();
        let when = at("2026-12-07 10:11:12");
        let outcome: QueryResult<()> = conn.transaction(|c| {
            diesel::insert_into(items::table)
                .values((items::id.eq("a"), items::name.eq("Ann"), items::at.eq(when)))
                .native_execute(c)?;
            Err(diesel::result::Error::RollbackTransaction)
        });
        assert!(outcome.is_err());
        let count: i64 = items::table
            .count()
            .native_result(&mut conn)
            .expect("a count");
        assert_eq!(
            count, 0,
            "the rolled back transaction took the native insert with it"
        );
    }
}
