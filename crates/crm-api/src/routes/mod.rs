//! One module per resource; each registers its routes (and so its OpenAPI paths) in `configure`.

pub mod accounts;
pub mod activities;
pub mod api_keys;
pub mod auth;
pub mod business_units;
pub mod cases;
pub mod changes;
pub mod contacts;
pub mod contracts;
pub mod email_templates;
pub mod health;
pub mod knowledge;
pub mod leads;
pub mod notes;
pub mod opportunities;
pub mod picklists;
pub mod reports;
pub mod roles;
pub mod security_events;
pub mod service_desk;
pub mod teams;
pub mod users;

use crm_accounts::model::CONTACT_LIST;
use crm_core::changes::HISTORY_LIST;

crate::list_params!(ContactListParams, CONTACT_LIST);
crate::list_params!(HistoryParams, HISTORY_LIST);

/// Registers every `/api/v1` route.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.configure(auth::configure)
        .configure(accounts::configure)
        .configure(contacts::configure)
        .configure(leads::configure)
        .configure(opportunities::configure)
        .configure(activities::configure)
        .configure(notes::configure)
        .configure(cases::configure)
        .configure(service_desk::configure)
        .configure(contracts::configure)
        .configure(knowledge::configure)
        .configure(reports::configure)
        .configure(email_templates::configure)
        .configure(picklists::configure)
        .configure(changes::configure)
        .configure(business_units::configure)
        .configure(users::configure)
        .configure(teams::configure)
        .configure(roles::configure)
        .configure(api_keys::configure)
        .configure(security_events::configure);
}
