//! Customer service (DOMAIN.md section 5): cases with their life cycle, assignment to users and
//! queues, escalation and resolution; queues with members and the rules that route incoming cases
//! to them; service-level policies whose deadlines every case carries; contract templates and
//! contracts whose allotment resolved cases draw down; and the service report.
//!
//! [`service`] holds the rules for cases and is the crate's API, with [`queues`], [`contracts`],
//! [`sla`] and [`report`] for the rest; [`store`] holds the queries; [`model`] what is read and
//! written; [`lifecycle`] the moves between statuses.

pub mod contracts;
pub mod lifecycle;
pub mod model;
pub mod queues;
pub mod report;
pub mod service;
pub mod sla;
pub mod sla_clock;
pub mod store;
