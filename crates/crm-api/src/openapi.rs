//! The OpenAPI document, assembled from the same registrations that build the routes.

use actix_web::App;
use utoipa::OpenApi;
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa_actix_web::AppExt;

use crate::error::Problem;
use crate::routes;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "CRM API",
        description = "The CRM's public REST API. The web app uses nothing else.\n\n\
            Sign in at `/api/v1/auth/login` and send `Authorization: Bearer <access_token>`. \
            Collections page with cursors (`limit`, `cursor`), sort with `sort=field` or `sort=-field`, \
            search with `q`, filter with `field=value` and `field[op]=value` (`in`, `gt`, `gte`, `lt`, `lte`, `null`); \
            an unknown filter is a 400. Every record has a `version`, returned as its `ETag`; send it back in \
            `If-Match` to refuse a stale write with 412. Errors are RFC 9457 problem details \
            (`application/problem+json`); a 422 lists every failing field. Money is a decimal string next to an \
            ISO 4217 `currency`; times are RFC 3339 in UTC."
    ),
    components(schemas(Problem, crm_core::FieldError)),
    modifiers(&BearerAuth),
    tags(
        (name = "auth", description = "Signing in and out, tokens, the caller."),
        (name = "accounts", description = "Companies, with child accounts under a parent."),
        (name = "contacts", description = "People, usually at an account."),
        (name = "changes", description = "The change feed: every write, in order."),
        (name = "organization", description = "Business units, users, teams, roles, API keys, the security log."),
        (name = "health", description = "Liveness and readiness."),
    )
)]
struct BaseDoc;

struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                Http::builder()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .build(),
            ),
        );
    }
}

/// The OpenAPI document of every route.
pub fn document() -> utoipa::openapi::OpenApi {
    let (_, doc) = App::new()
        .into_utoipa_app()
        .openapi(BaseDoc::openapi())
        .service(utoipa_actix_web::scope("/api/v1").configure(routes::configure))
        .configure(routes::health::configure)
        .split_for_parts();
    doc
}

/// The document as served at `/api/openapi.json` and committed as `openapi/crm.json`.
pub fn document_json() -> String {
    let mut json = document().to_pretty_json().unwrap_or_else(|e| {
        tracing::error!(error = %e, "the OpenAPI document does not serialize");
        String::from("{}")
    });
    json.push('\n');
    json
}
