//! The knowledge base (DOMAIN.md section 6).
//!
//! Articles are written in sections (from an [`model::ArticleTemplate`] or free), sanitized on the
//! way in ([`sanitize`]), and go `draft -> submitted -> published -> archived`
//! ([`lifecycle`]); a user with the approve privilege publishes or rejects what was submitted.
//! Every version of an article is a record of its own sharing the article's number: editing a
//! published article drafts its next version while the published one stays readable. Published
//! versions are indexed for ranked full-text search ([`crm_db::fulltext`]); a case suggests the
//! articles that match it, and each article linked to a case counts as a use.

pub mod lifecycle;
pub mod model;
pub mod sanitize;
pub mod service;
pub mod store;
pub mod templates;
