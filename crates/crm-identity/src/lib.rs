//! The organization and who may do what in it.
//!
//! Business units, users and roles; password hashing (argon2id); access tokens (short-lived
//! HS256 JWTs) and rotating refresh tokens; resolving a caller to a [`crm_core::security::Principal`];
//! and creating the organization and its administrator on first start. The HTTP layer only calls
//! [`service`] functions.

pub mod bootstrap;
pub mod model;
pub mod password;
pub mod principal;
pub mod service;
pub mod store;
pub mod tokens;
