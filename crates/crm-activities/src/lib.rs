//! What is done with customers, logged against the record it regards: activities (tasks, phone
//! calls, appointments, emails), notes with their file attachments, email templates with
//! placeholders, and the timeline that merges them with a record's changes (DOMAIN.md section 3).

pub mod files;
pub mod lifecycle;
pub mod model;
pub mod notes;
pub mod regarding;
pub mod service;
pub mod store;
pub mod templates;
pub mod timeline;
