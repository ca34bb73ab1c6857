//! The organization and who may do what in it.
//!
//! Business units, users, teams and roles; password hashing (argon2id); access tokens (short-lived
//! HS256 JWTs), rotating refresh tokens and API keys; resolving a caller to a
//! [`crm_core::security::Principal`]; the security event log; and creating the organization, its
//! default roles and its administrator on first start. The HTTP layer only calls [`service`]
//! functions.

pub mod bootstrap;
pub mod defaults;
pub mod model;
pub mod password;
pub mod principal;
pub mod service;
pub mod store;
pub mod tokens;
