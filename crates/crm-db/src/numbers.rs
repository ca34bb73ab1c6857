//! Human-readable record numbers (`CAS-000123`): one counter row per kind in `record_numbers`,
//! moved on inside the transaction that creates the record. On PostgreSQL the row lock makes a
//! concurrent creation wait for the first to commit; on SQLite writers are serialized. Either
//! way no two records get the same number, and a rolled-back creation gives its number back.

use diesel::prelude::*;

use crate::AnyConnection;
use crate::schema::record_numbers;

/// The next number of a kind (`cases`, `contracts`), taken in the caller's transaction.
pub fn next_number(conn: &mut AnyConnection, kind: &str) -> QueryResult<i64> {
    diesel::update(record_numbers::table.filter(record_numbers::name.eq(kind)))
        .set(record_numbers::last_value.eq(record_numbers::last_value + 1))
        .returning(record_numbers::last_value)
        .get_result(conn)
}

/// A number as people read it: the prefix and at least six digits (`CAS-000123`).
pub fn format_number(prefix: &str, number: i64) -> String {
    format!("{prefix}-{number:06}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_have_six_digits_at_least() {
        assert_eq!(format_number("CAS", 123), "CAS-000123");
        assert_eq!(format_number("CNT", 1_234_567), "CNT-1234567");
    }
}
