//! The API driven over HTTP, on SQLite or PostgreSQL (see the harness in `src/lib.rs`).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test helpers fail the test by panicking"
)]

mod accounts;
mod activities;
mod auth;
mod authorization;
mod cases;
mod changes;
mod collections;
mod contacts;
mod durability;
mod hardening;
mod knowledge;
mod leads;
mod opportunities;
mod organization;
mod platform;
