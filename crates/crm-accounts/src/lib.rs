//! Accounts and contacts.
//!
//! Accounts are the companies the organization does business with, with child accounts under a
//! parent; contacts are the people, usually at an account. [`service`] holds the rules and is the
//! crate's API; [`store`] the queries; [`model`] what is read and written.

pub mod model;
pub mod service;
pub mod store;
