//! The service desk's configuration: `/api/v1/queues`, `/api/v1/routing-rules`,
//! `/api/v1/sla-policies` and `/api/v1/contract-templates`.

use actix_web::http::StatusCode;
use actix_web::web::{Data, Path};
use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post};
use crm_cases::model::{
    CONTRACT_TEMPLATE_LIST, ContractTemplate, ContractTemplateFields, QUEUE_LIST, Queue,
    QueueFields, ROUTING_RULE_LIST, RoutingRule, RoutingRuleFields, SLA_POLICY_LIST, SlaPolicy,
    SlaPolicyFields,
};
use crm_cases::{contracts, queues, sla};
use crm_core::id::{ContractTemplateId, QueueId, RoutingRuleId, SlaPolicyId};
use crm_core::list::Page;

use crate::docs::{CreateErrors, DeleteErrors, ListErrors, ReadErrors, UpdateErrors};
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, Auth, IdempotencyKey, IfMatch, ListParams};
use crate::respond::{self, Created};
use crate::state::AppState;

crate::list_params!(QueueListParams, QUEUE_LIST);
crate::list_params!(RoutingRuleListParams, ROUTING_RULE_LIST);
crate::list_params!(SlaPolicyListParams, SLA_POLICY_LIST);
crate::list_params!(ContractTemplateListParams, CONTRACT_TEMPLATE_LIST);

impl Created for Queue {
    fn location(&self) -> String {
        format!("/api/v1/queues/{}", self.id)
    }
    fn version(&self) -> i64 {
        self.version
    }
}

impl Created for RoutingRule {
    fn location(&self) -> String {
        format!("/api/v1/routing-rules/{}", self.id)
    }
    fn version(&self) -> i64 {
        self.version
    }
}

impl Created for SlaPolicy {
    fn location(&self) -> String {
        format!("/api/v1/sla-policies/{}", self.id)
    }
    fn version(&self) -> i64 {
        self.version
    }
}

impl Created for ContractTemplate {
    fn location(&self) -> String {
        format!("/api/v1/contract-templates/{}", self.id)
    }
    fn version(&self) -> i64 {
        self.version
    }
}

fn queue_id(raw: &str) -> ApiResult<QueueId> {
    QueueId::parse(raw).map_err(|_| ApiError::not_found("queue not found"))
}

fn rule_id(raw: &str) -> ApiResult<RoutingRuleId> {
    RoutingRuleId::parse(raw).map_err(|_| ApiError::not_found("routing rule not found"))
}

fn policy_id(raw: &str) -> ApiResult<SlaPolicyId> {
    SlaPolicyId::parse(raw).map_err(|_| ApiError::not_found("service-level policy not found"))
}

fn template_id(raw: &str) -> ApiResult<ContractTemplateId> {
    ContractTemplateId::parse(raw).map_err(|_| ApiError::not_found("contract template not found"))
}

/// List queues
///
/// Everyone reads them, each with its members and its figures (cases waiting, being worked, the
/// oldest waiting) over the cases the caller may read.
#[utoipa::path(
    tag = "queues",
    params(QueueListParams),
    responses((status = 200, description = "A page of queues.", body = Page<Queue>), ListErrors),
    security(("bearer" = []))
)]
#[get("/queues")]
async fn list_queues(
    state: Data<AppState>,
    auth: Auth,
    params: ListParams,
) -> ApiResult<HttpResponse> {
    let list = params.parse(&QUEUE_LIST)?;
    let page = state
        .run(auth, move |conn, ctx| queues::list_queues(conn, ctx, &list))
        .await?;
    Ok(respond::page(&page))
}

/// Create a queue
#[utoipa::path(
    tag = "queues",
    request_body = QueueFields,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retried creation return the first response.")),
    responses(
        (status = 201, description = "Created.", body = Queue,
         headers(("Location" = String, description = "The new record's URL."), ("ETag" = String, description = "Its version."))),
        CreateErrors
    ),
    security(("bearer" = []))
)]
#[post("/queues")]
async fn create_queue(
    state: Data<AppState>,
    auth: Auth,
    req: HttpRequest,
    key: IdempotencyKey,
    body: ApiJson<QueueFields>,
) -> ApiResult<HttpResponse> {
    let fields = body.value;
    respond::create(&state, auth, &req, &body.raw, key, move |conn, ctx| {
        queues::create_queue(conn, ctx, fields)
    })
    .await
}

/// Get a queue
#[utoipa::path(
    tag = "queues",
    params(("id" = String, Path, format = Uuid, description = "The queue's id.")),
    responses((status = 200, description = "The queue.", body = Queue, headers(("ETag" = String, description = "Its version."))), ReadErrors),
    security(("bearer" = []))
)]
#[get("/queues/{id}")]
async fn get_queue(state: Data<AppState>, auth: Auth, id: Path<String>) -> ApiResult<HttpResponse> {
    let id = queue_id(&id)?;
    let record = state
        .run(auth, move |conn, ctx| queues::get_queue(conn, ctx, &id))
        .await?;
    Ok(respond::record(StatusCode::OK, &record, record.version))
}

/// Change a queue
///
/// Changes the fields sent; `member_ids` replaces the members.
#[utoipa::path(
    tag = "queues",
    request_body = QueueFields,
    params(("id" = String, Path, format = Uuid, description = "The queue's id."), ("If-Match" = Option<String>, Header, description = "The ETag the change is based on.")),
    responses(
        (status = 200, description = "The changed queue.", body = Queue, headers(("ETag" = String, description = "Its new version."))),
        UpdateErrors
    ),
    security(("bearer" = []))
)]
#[patch("/queues/{id}")]
async fn update_queue(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
    if_match: IfMatch,
    body: ApiJson<QueueFields>,
) -> ApiResult<HttpResponse> {
    let id = queue_id(&id)?;
    let body = body.value;
    let record = state
        .run(auth, move |conn, ctx| {
            queues::update_queue(conn, ctx, &id, body, if_match.0)
        })
        .await?;
    Ok(respond::record(StatusCode::OK, &record, record.version))
}

/// Delete a queue
///
/// Refused (409) while cases or routing rules point at it: retire it with `is_active: false`.
#[utoipa::path(
    tag = "queues",
    params(("id" = String, Path, format = Uuid, description = "The queue's id."), ("If-Match" = Option<String>, Header, description = "The ETag the change is based on.")),
    responses((status = 204, description = "Deleted."), DeleteErrors),
    security(("bearer" = []))
)]
#[delete("/queues/{id}")]
async fn delete_queue(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
    if_match: IfMatch,
) -> ApiResult<HttpResponse> {
    let id = queue_id(&id)?;
    state
        .run(auth, move |conn, ctx| {
            queues::delete_queue(conn, ctx, &id, if_match.0)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// List routing rules
///
/// In order (`sort_order`): a new case without a queue goes to the queue of the first active rule
/// it meets.
#[utoipa::path(
    tag = "queues",
    params(RoutingRuleListParams),
    responses((status = 200, description = "A page of routing rules.", body = Page<RoutingRule>), ListErrors),
    security(("bearer" = []))
)]
#[get("/routing-rules")]
async fn list_routing_rules(
    state: Data<AppState>,
    auth: Auth,
    params: ListParams,
) -> ApiResult<HttpResponse> {
    let list = params.parse(&ROUTING_RULE_LIST)?;
    let page = state
        .run(auth, move |conn, ctx| queues::list_rules(conn, ctx, &list))
        .await?;
    Ok(respond::page(&page))
}

/// Create a routing rule
///
/// Conditions on priority, origin, account, product, subject and title; every condition given must
/// hold. A rule without conditions takes every case (a catch-all, last).
#[utoipa::path(
    tag = "queues",
    request_body = RoutingRuleFields,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retried creation return the first response.")),
    responses(
        (status = 201, description = "Created.", body = RoutingRule,
         headers(("Location" = String, description = "The new record's URL."), ("ETag" = String, description = "Its version."))),
        CreateErrors
    ),
    security(("bearer" = []))
)]
#[post("/routing-rules")]
async fn create_routing_rule(
    state: Data<AppState>,
    auth: Auth,
    req: HttpRequest,
    key: IdempotencyKey,
    body: ApiJson<RoutingRuleFields>,
) -> ApiResult<HttpResponse> {
    let fields = body.value;
    respond::create(&state, auth, &req, &body.raw, key, move |conn, ctx| {
        queues::create_rule(conn, ctx, fields)
    })
    .await
}

/// Get a routing rule
#[utoipa::path(
    tag = "queues",
    params(("id" = String, Path, format = Uuid, description = "The routing rule's id.")),
    responses((status = 200, description = "The routing rule.", body = RoutingRule, headers(("ETag" = String, description = "Its version."))), ReadErrors),
    security(("bearer" = []))
)]
#[get("/routing-rules/{id}")]
async fn get_routing_rule(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
) -> ApiResult<HttpResponse> {
    let id = rule_id(&id)?;
    let record = state
        .run(auth, move |conn, ctx| queues::get_rule(conn, ctx, &id))
        .await?;
    Ok(respond::record(StatusCode::OK, &record, record.version))
}

/// Change a routing rule
#[utoipa::path(
    tag = "queues",
    request_body = RoutingRuleFields,
    params(("id" = String, Path, format = Uuid, description = "The routing rule's id."), ("If-Match" = Option<String>, Header, description = "The ETag the change is based on.")),
    responses(
        (status = 200, description = "The changed routing rule.", body = RoutingRule, headers(("ETag" = String, description = "Its new version."))),
        UpdateErrors
    ),
    security(("bearer" = []))
)]
#[patch("/routing-rules/{id}")]
async fn update_routing_rule(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
    if_match: IfMatch,
    body: ApiJson<RoutingRuleFields>,
) -> ApiResult<HttpResponse> {
    let id = rule_id(&id)?;
    let body = body.value;
    let record = state
        .run(auth, move |conn, ctx| {
            queues::update_rule(conn, ctx, &id, body, if_match.0)
        })
        .await?;
    Ok(respond::record(StatusCode::OK, &record, record.version))
}

/// Delete a routing rule
#[utoipa::path(
    tag = "queues",
    params(("id" = String, Path, format = Uuid, description = "The routing rule's id."), ("If-Match" = Option<String>, Header, description = "The ETag the change is based on.")),
    responses((status = 204, description = "Deleted."), DeleteErrors),
    security(("bearer" = []))
)]
#[delete("/routing-rules/{id}")]
async fn delete_routing_rule(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
    if_match: IfMatch,
) -> ApiResult<HttpResponse> {
    let id = rule_id(&id)?;
    state
        .run(auth, move |conn, ctx| {
            queues::delete_rule(conn, ctx, &id, if_match.0)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// List service-level policies
#[utoipa::path(
    tag = "service-levels",
    params(SlaPolicyListParams),
    responses((status = 200, description = "A page of service-level policies.", body = Page<SlaPolicy>), ListErrors),
    security(("bearer" = []))
)]
#[get("/sla-policies")]
async fn list_sla_policies(
    state: Data<AppState>,
    auth: Auth,
    params: ListParams,
) -> ApiResult<HttpResponse> {
    let list = params.parse(&SLA_POLICY_LIST)?;
    let page = state
        .run(auth, move |conn, ctx| sla::list_policies(conn, ctx, &list))
        .await?;
    Ok(respond::page(&page))
}

/// Create a service-level policy
///
/// First-response and resolution targets in minutes, by priority. `is_default: true` makes it the
/// policy of cases without a contract policy (the previous default stops being one).
#[utoipa::path(
    tag = "service-levels",
    request_body = SlaPolicyFields,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retried creation return the first response.")),
    responses(
        (status = 201, description = "Created.", body = SlaPolicy,
         headers(("Location" = String, description = "The new record's URL."), ("ETag" = String, description = "Its version."))),
        CreateErrors
    ),
    security(("bearer" = []))
)]
#[post("/sla-policies")]
async fn create_sla_policy(
    state: Data<AppState>,
    auth: Auth,
    req: HttpRequest,
    key: IdempotencyKey,
    body: ApiJson<SlaPolicyFields>,
) -> ApiResult<HttpResponse> {
    let fields = body.value;
    respond::create(&state, auth, &req, &body.raw, key, move |conn, ctx| {
        sla::create_policy(conn, ctx, fields)
    })
    .await
}

/// Get a service-level policy
#[utoipa::path(
    tag = "service-levels",
    params(("id" = String, Path, format = Uuid, description = "The service-level policy's id.")),
    responses((status = 200, description = "The service-level policy.", body = SlaPolicy, headers(("ETag" = String, description = "Its version."))), ReadErrors),
    security(("bearer" = []))
)]
#[get("/sla-policies/{id}")]
async fn get_sla_policy(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
) -> ApiResult<HttpResponse> {
    let id = policy_id(&id)?;
    let record = state
        .run(auth, move |conn, ctx| sla::get_policy(conn, ctx, &id))
        .await?;
    Ok(respond::record(StatusCode::OK, &record, record.version))
}

/// Change a service-level policy
///
/// Changes the fields sent; `targets` replaces the targets. Cases keep the deadlines they were
/// given; new cases, and cases whose priority changes, get the new targets.
#[utoipa::path(
    tag = "service-levels",
    request_body = SlaPolicyFields,
    params(("id" = String, Path, format = Uuid, description = "The service-level policy's id."), ("If-Match" = Option<String>, Header, description = "The ETag the change is based on.")),
    responses(
        (status = 200, description = "The changed service-level policy.", body = SlaPolicy, headers(("ETag" = String, description = "Its new version."))),
        UpdateErrors
    ),
    security(("bearer" = []))
)]
#[patch("/sla-policies/{id}")]
async fn update_sla_policy(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
    if_match: IfMatch,
    body: ApiJson<SlaPolicyFields>,
) -> ApiResult<HttpResponse> {
    let id = policy_id(&id)?;
    let body = body.value;
    let record = state
        .run(auth, move |conn, ctx| {
            sla::update_policy(conn, ctx, &id, body, if_match.0)
        })
        .await?;
    Ok(respond::record(StatusCode::OK, &record, record.version))
}

/// Delete a service-level policy
#[utoipa::path(
    tag = "service-levels",
    params(("id" = String, Path, format = Uuid, description = "The service-level policy's id."), ("If-Match" = Option<String>, Header, description = "The ETag the change is based on.")),
    responses((status = 204, description = "Deleted."), DeleteErrors),
    security(("bearer" = []))
)]
#[delete("/sla-policies/{id}")]
async fn delete_sla_policy(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
    if_match: IfMatch,
) -> ApiResult<HttpResponse> {
    let id = policy_id(&id)?;
    state
        .run(auth, move |conn, ctx| {
            sla::delete_policy(conn, ctx, &id, if_match.0)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// List contract templates
#[utoipa::path(
    tag = "contracts",
    params(ContractTemplateListParams),
    responses((status = 200, description = "A page of contract templates.", body = Page<ContractTemplate>), ListErrors),
    security(("bearer" = []))
)]
#[get("/contract-templates")]
async fn list_contract_templates(
    state: Data<AppState>,
    auth: Auth,
    params: ListParams,
) -> ApiResult<HttpResponse> {
    let list = params.parse(&CONTRACT_TEMPLATE_LIST)?;
    let page = state
        .run(auth, move |conn, ctx| {
            contracts::list_templates(conn, ctx, &list)
        })
        .await?;
    Ok(respond::page(&page))
}

/// Create a contract template
///
/// A service plan: an allotment of cases or minutes, a length in days, the service levels
/// promised.
#[utoipa::path(
    tag = "contracts",
    request_body = ContractTemplateFields,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retried creation return the first response.")),
    responses(
        (status = 201, description = "Created.", body = ContractTemplate,
         headers(("Location" = String, description = "The new record's URL."), ("ETag" = String, description = "Its version."))),
        CreateErrors
    ),
    security(("bearer" = []))
)]
#[post("/contract-templates")]
async fn create_contract_template(
    state: Data<AppState>,
    auth: Auth,
    req: HttpRequest,
    key: IdempotencyKey,
    body: ApiJson<ContractTemplateFields>,
) -> ApiResult<HttpResponse> {
    let fields = body.value;
    respond::create(&state, auth, &req, &body.raw, key, move |conn, ctx| {
        contracts::create_template(conn, ctx, fields)
    })
    .await
}

/// Get a contract template
#[utoipa::path(
    tag = "contracts",
    params(("id" = String, Path, format = Uuid, description = "The contract template's id.")),
    responses((status = 200, description = "The contract template.", body = ContractTemplate, headers(("ETag" = String, description = "Its version."))), ReadErrors),
    security(("bearer" = []))
)]
#[get("/contract-templates/{id}")]
async fn get_contract_template(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
) -> ApiResult<HttpResponse> {
    let id = template_id(&id)?;
    let record = state
        .run(auth, move |conn, ctx| {
            contracts::get_template(conn, ctx, &id)
        })
        .await?;
    Ok(respond::record(StatusCode::OK, &record, record.version))
}

/// Change a contract template
#[utoipa::path(
    tag = "contracts",
    request_body = ContractTemplateFields,
    params(("id" = String, Path, format = Uuid, description = "The contract template's id."), ("If-Match" = Option<String>, Header, description = "The ETag the change is based on.")),
    responses(
        (status = 200, description = "The changed contract template.", body = ContractTemplate, headers(("ETag" = String, description = "Its new version."))),
        UpdateErrors
    ),
    security(("bearer" = []))
)]
#[patch("/contract-templates/{id}")]
async fn update_contract_template(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
    if_match: IfMatch,
    body: ApiJson<ContractTemplateFields>,
) -> ApiResult<HttpResponse> {
    let id = template_id(&id)?;
    let body = body.value;
    let record = state
        .run(auth, move |conn, ctx| {
            contracts::update_template(conn, ctx, &id, body, if_match.0)
        })
        .await?;
    Ok(respond::record(StatusCode::OK, &record, record.version))
}

/// Delete a contract template
#[utoipa::path(
    tag = "contracts",
    params(("id" = String, Path, format = Uuid, description = "The contract template's id."), ("If-Match" = Option<String>, Header, description = "The ETag the change is based on.")),
    responses((status = 204, description = "Deleted."), DeleteErrors),
    security(("bearer" = []))
)]
#[delete("/contract-templates/{id}")]
async fn delete_contract_template(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
    if_match: IfMatch,
) -> ApiResult<HttpResponse> {
    let id = template_id(&id)?;
    state
        .run(auth, move |conn, ctx| {
            contracts::delete_template(conn, ctx, &id, if_match.0)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Registers the routes.
pub fn configure<C: super::Routes>(cfg: &mut C) {
    cfg.service(list_queues)
        .service(create_queue)
        .service(get_queue)
        .service(update_queue)
        .service(delete_queue)
        .service(list_routing_rules)
        .service(create_routing_rule)
        .service(get_routing_rule)
        .service(update_routing_rule)
        .service(delete_routing_rule)
        .service(list_sla_policies)
        .service(create_sla_policy)
        .service(get_sla_policy)
        .service(update_sla_policy)
        .service(delete_sla_policy)
        .service(list_contract_templates)
        .service(create_contract_template)
        .service(get_contract_template)
        .service(update_contract_template)
        .service(delete_contract_template);
}
