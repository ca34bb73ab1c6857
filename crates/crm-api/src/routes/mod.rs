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

use actix_web::dev::HttpServiceFactory;
use crm_accounts::model::CONTACT_LIST;
use crm_core::changes::HISTORY_LIST;
use utoipa_actix_web::OpenApiFactory;

crate::list_params!(ContactListParams, CONTACT_LIST);

/// Where the handlers are registered: the serving application, which only routes requests, or
/// the OpenAPI document, which also collects each handler's paths and schemas.
///
/// Every worker of the server builds its own application: registering there through
/// `utoipa_actix_web` would build the document's parts once per worker and throw them away
/// (some 15 MB of allocations each, which the allocator keeps as resident memory).
pub trait Routes {
    /// Registers one handler.
    fn service<F>(&mut self, factory: F) -> &mut Self
    where
        F: HttpServiceFactory + OpenApiFactory + 'static;

    /// Registers the handlers `register` registers.
    fn configure(&mut self, register: impl FnOnce(&mut Self)) -> &mut Self {
        register(self);
        self
    }
}

impl Routes for actix_web::web::ServiceConfig {
    fn service<F>(&mut self, factory: F) -> &mut Self
    where
        F: HttpServiceFactory + OpenApiFactory + 'static,
    {
        actix_web::web::ServiceConfig::service(self, factory)
    }
}

impl Routes for utoipa_actix_web::service_config::ServiceConfig<'_> {
    fn service<F>(&mut self, factory: F) -> &mut Self
    where
        F: HttpServiceFactory + OpenApiFactory + 'static,
    {
        utoipa_actix_web::service_config::ServiceConfig::service(self, factory)
    }
}
crate::list_params!(HistoryParams, HISTORY_LIST);

/// Registers every `/api/v1` route.
pub fn configure<C: Routes>(cfg: &mut C) {
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
