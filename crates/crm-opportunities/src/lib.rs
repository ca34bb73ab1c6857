//! Opportunities: potential sales moving through a configurable sales process (`sales-stages`)
//! to a win or a loss with its lesson, with the competitors met, the key people of the deal and
//! the revenue credit split among sales people (DOMAIN.md section 2).
//!
//! [`service`] holds the rules and is the crate's API; [`store`] the queries; [`model`] what is
//! read and written; [`lifecycle`] the moves between statuses.

pub mod lifecycle;
pub mod model;
pub mod service;
pub mod store;
