//! `/api/v1/email-templates`: reusable emails with placeholders filled from a record.

use actix_web::http::StatusCode;
use actix_web::web::{Data, Path};
use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post};
use crm_activities::model::{
    EMAIL_TEMPLATE_LIST, EmailTemplate, EmailTemplateFields, EmailTemplatePatch, RenderRequest,
    RenderedEmail,
};
use crm_activities::templates as service;
use crm_core::id::EmailTemplateId;
use crm_core::list::Page;

use crate::docs::{CreateErrors, DeleteErrors, ListErrors, ReadErrors, UpdateErrors};
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, Auth, IdempotencyKey, IfMatch, ListParams};
use crate::respond::{self, Created};
use crate::state::AppState;

crate::list_params!(EmailTemplateListParams, EMAIL_TEMPLATE_LIST);

impl Created for EmailTemplate {
    fn location(&self) -> String {
        format!("/api/v1/email-templates/{}", self.id)
    }
    fn version(&self) -> i64 {
        self.version
    }
}

fn template_id(raw: &str) -> ApiResult<EmailTemplateId> {
    EmailTemplateId::parse(raw).map_err(|_| ApiError::not_found("email template not found"))
}

/// List email templates
///
/// Everyone reads them; `entity=contacts&is_active=true` are those offered on a contact.
#[utoipa::path(
    tag = "email-templates",
    params(EmailTemplateListParams),
    responses((status = 200, description = "A page of templates.", body = Page<EmailTemplate>), ListErrors),
    security(("bearer" = []))
)]
#[get("/email-templates")]
async fn list_templates(
    state: Data<AppState>,
    auth: Auth,
    params: ListParams,
) -> ApiResult<HttpResponse> {
    let list = params.parse(&EMAIL_TEMPLATE_LIST)?;
    let page = state
        .run(auth, move |conn, ctx| {
            service::list_templates(conn, ctx, &list)
        })
        .await?;
    Ok(respond::page(&page))
}

/// Create an email template
///
/// `subject` and `body` may hold placeholders: `{{field}}` of a record of `entity` and
/// `{{user.full_name}}`, `{{user.email}}`, `{{user.job_title}}`, `{{user.phone}}` of the sender.
/// A placeholder the records do not have is refused (422, naming the fields they have).
#[utoipa::path(
    tag = "email-templates",
    request_body = EmailTemplateFields,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retried creation return the first response.")),
    responses(
        (status = 201, description = "Created.", body = EmailTemplate,
         headers(("Location" = String, description = "The template's URL."), ("ETag" = String, description = "Its version."))),
        CreateErrors
    ),
    security(("bearer" = []))
)]
#[post("/email-templates")]
async fn create_template(
    state: Data<AppState>,
    auth: Auth,
    req: HttpRequest,
    key: IdempotencyKey,
    body: ApiJson<EmailTemplateFields>,
) -> ApiResult<HttpResponse> {
    let fields = body.value;
    respond::create(&state, auth, &req, &body.raw, key, move |conn, ctx| {
        service::create_template(conn, ctx, fields)
    })
    .await
}

/// Get an email template
#[utoipa::path(
    tag = "email-templates",
    params(("id" = String, Path, format = Uuid, description = "The template's id.")),
    responses(
        (status = 200, description = "The template.", body = EmailTemplate, headers(("ETag" = String, description = "Its version."))),
        ReadErrors
    ),
    security(("bearer" = []))
)]
#[get("/email-templates/{id}")]
async fn get_template(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
) -> ApiResult<HttpResponse> {
    let id = template_id(&id)?;
    let template = state
        .run(auth, move |conn, ctx| service::get_template(conn, ctx, &id))
        .await?;
    Ok(respond::record(StatusCode::OK, &template, template.version))
}

/// Change an email template
#[utoipa::path(
    tag = "email-templates",
    request_body = EmailTemplatePatch,
    params(
        ("id" = String, Path, format = Uuid, description = "The template's id."),
        ("If-Match" = Option<String>, Header, description = "The ETag the change is based on."),
    ),
    responses(
        (status = 200, description = "The changed template.", body = EmailTemplate, headers(("ETag" = String, description = "Its new version."))),
        UpdateErrors
    ),
    security(("bearer" = []))
)]
#[patch("/email-templates/{id}")]
async fn update_template(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
    if_match: IfMatch,
    body: ApiJson<EmailTemplatePatch>,
) -> ApiResult<HttpResponse> {
    let id = template_id(&id)?;
    let patch = body.value;
    let template = state
        .run(auth, move |conn, ctx| {
            service::update_template(conn, ctx, &id, patch, if_match.0)
        })
        .await?;
    Ok(respond::record(StatusCode::OK, &template, template.version))
}

/// Delete an email template
///
/// Emails written from it keep its id. To stop offering it but keep it, send
/// `is_active: false` instead.
#[utoipa::path(
    tag = "email-templates",
    params(
        ("id" = String, Path, format = Uuid, description = "The template's id."),
        ("If-Match" = Option<String>, Header, description = "The ETag the deletion is based on."),
    ),
    responses((status = 204, description = "Deleted."), DeleteErrors),
    security(("bearer" = []))
)]
#[delete("/email-templates/{id}")]
async fn delete_template(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
    if_match: IfMatch,
) -> ApiResult<HttpResponse> {
    let id = template_id(&id)?;
    state
        .run(auth, move |conn, ctx| {
            service::delete_template(conn, ctx, &id, if_match.0)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Render an email template
///
/// Fills the template from a record of its `entity` that the caller can see, signed by the
/// caller: the email to send, or to log with `POST /activities` (`activity_type: email`,
/// `email_template_id`). Placeholders the record leaves empty are listed.
#[utoipa::path(
    tag = "email-templates",
    request_body = RenderRequest,
    params(("id" = String, Path, format = Uuid, description = "The template's id.")),
    responses(
        (status = 200, description = "The filled email.", body = RenderedEmail),
        UpdateErrors
    ),
    security(("bearer" = []))
)]
#[post("/email-templates/{id}/render")]
async fn render_template(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
    body: ApiJson<RenderRequest>,
) -> ApiResult<HttpResponse> {
    let id = template_id(&id)?;
    let request = body.value;
    let rendered = state
        .run(auth, move |conn, ctx| {
            service::render_template(conn, ctx, &id, request)
        })
        .await?;
    Ok(HttpResponse::Ok().json(rendered))
}

/// Registers the routes.
pub fn configure<C: super::Routes>(cfg: &mut C) {
    cfg.service(list_templates)
        .service(create_template)
        .service(get_template)
        .service(update_template)
        .service(delete_template)
        .service(render_template);
}
