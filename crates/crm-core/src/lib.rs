//! The shared kernel of the CRM.
//!
//! Everything every other crate agrees on lives here, and nothing that does I/O: typed record
//! ids, timestamps and the [`time::Clock`], money, the domain error with its field-level
//! validation errors, the security vocabulary ([`security::Principal`], privileges and depths),
//! the change-log vocabulary, and the parsing of the collection contract (filters, sort, cursors).
//! Diesel appears only for its type traits, so typed ids and timestamps can be stored directly.

// Lets `record_fields!` name this crate as `crm_core` inside serde attributes, here too.
extern crate self as crm_core;

pub mod changes;
pub mod error;
pub mod id;
pub mod list;
pub mod money;
pub mod patch;
pub mod secret;
pub mod security;
pub mod time;
pub mod validate;
pub mod words;

pub use error::{DomainError, DomainResult, FieldError};
pub use time::{Clock, Timestamp};
