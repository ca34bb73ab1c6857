//! Domain services on a real database (SQLite or PostgreSQL), for rules that need several
//! principals before the API can create users: the visibility filter in SQL.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test helpers fail the test by panicking"
)]

mod visibility;
