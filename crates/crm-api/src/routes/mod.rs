//! One module per resource; each registers its routes (and so its OpenAPI paths) in `configure`.

pub mod accounts;
pub mod auth;
pub mod changes;
pub mod contacts;
pub mod health;

use crm_accounts::model::CONTACT_LIST;
use crm_core::changes::HISTORY_LIST;

crate::list_params!(ContactListParams, CONTACT_LIST);
crate::list_params!(HistoryParams, HISTORY_LIST);

/// Registers every `/api/v1` route.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.configure(auth::configure)
        .configure(accounts::configure)
        .configure(contacts::configure)
        .configure(changes::configure);
}
