//! Leads: people and companies who showed interest, worked until they are qualified or
//! disqualified (DOMAIN.md section 2).
//!
//! [`service`] holds the rules and is the crate's API; [`store`] the queries; [`model`] what is
//! read and written; [`lifecycle`] the moves between statuses.

pub mod csv;
pub mod import;
pub mod lifecycle;
pub mod model;
pub mod service;
pub mod store;
