//! `/api/v1/leads`: people and companies who showed interest, worked until qualified or
//! disqualified.

use actix_web::http::StatusCode;
use actix_web::web::{Data, Path};
use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post};
use crm_core::changes::{Change, HISTORY_LIST};
use crm_core::id::LeadId;
use crm_core::list::Page;
use crm_core::security::{Action, Assignment, entities};
use crm_leads::model::{
    Disqualification, LEAD_LIST, Lead, LeadFields, LeadPatch, Qualification, QualificationResult,
};
use crm_leads::service;

use crate::docs::{
    CreateErrors, DeleteErrors, ListErrors, ReadErrors, SubListErrors, UpdateErrors,
};
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, Auth, IdempotencyKey, IfMatch, ListParams};
use crate::respond::{self, Created};
use crate::routes::HistoryParams;
use crate::state::AppState;

crate::list_params!(LeadListParams, LEAD_LIST);

impl Created for Lead {
    fn location(&self) -> String {
        format!("/api/v1/leads/{}", self.id)
    }
    fn version(&self) -> i64 {
        self.version
    }
}

/// A lead id from the path; a malformed one names no lead.
fn lead_id(raw: &str) -> ApiResult<LeadId> {
    LeadId::parse(raw).map_err(|_| ApiError::not_found("lead not found"))
}

/// List leads
///
/// The leads the caller may read. The work lists: `status[in]=new,contacted`, `rating=hot`,
/// untouched ones with `last_touched_at[null]=true` or `last_touched_at[lt]=<a day ago>`.
#[utoipa::path(
    tag = "leads",
    params(LeadListParams),
    responses((status = 200, description = "A page of leads.", body = Page<Lead>), ListErrors),
    security(("bearer" = []))
)]
#[get("/leads")]
async fn list_leads(
    state: Data<AppState>,
    auth: Auth,
    params: ListParams,
) -> ApiResult<HttpResponse> {
    let list = params.parse(&LEAD_LIST)?;
    let page = state
        .run(auth, move |conn, ctx| service::list_leads(conn, ctx, &list))
        .await?;
    Ok(respond::page(&page))
}

/// Create a lead
///
/// The lead is owned by the caller and is `new` (or `contacted` when sent so). Choice fields
/// take values of their picklists (`GET /api/v1/picklists?entity=leads`). Send an
/// `Idempotency-Key` header to make a retry safe.
#[utoipa::path(
    tag = "leads",
    request_body = LeadFields,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retried creation return the first response.")),
    responses(
        (status = 201, description = "Created.", body = Lead,
         headers(("Location" = String, description = "The new lead's URL."), ("ETag" = String, description = "Its version."))),
        CreateErrors
    ),
    security(("bearer" = []))
)]
#[post("/leads")]
async fn create_lead(
    state: Data<AppState>,
    auth: Auth,
    req: HttpRequest,
    key: IdempotencyKey,
    body: ApiJson<LeadFields>,
) -> ApiResult<HttpResponse> {
    let fields = body.value;
    respond::create(&state, auth, &req, &body.raw, key, move |conn, ctx| {
        service::create_lead(conn, ctx, fields)
    })
    .await
}

/// Get a lead
#[utoipa::path(
    tag = "leads",
    params(("id" = String, Path, format = Uuid, description = "The lead's id.")),
    responses(
        (status = 200, description = "The lead.", body = Lead, headers(
            ("ETag" = String, description = "Its version."),
            ("Allowed-Actions" = String, description = "What the caller may do to it: update, delete, assign, share (comma-separated).")
        )),
        ReadErrors
    ),
    security(("bearer" = []))
)]
#[get("/leads/{id}")]
async fn get_lead(state: Data<AppState>, auth: Auth, id: Path<String>) -> ApiResult<HttpResponse> {
    let id = lead_id(&id)?;
    let (lead, actions) = state
        .run_read(auth, move |conn, ctx| {
            let lead = service::get_lead(conn, ctx, &id)?;
            let actions = ctx.principal.allowed(
                entities::LEADS,
                lead.owner_id.as_str(),
                lead.business_unit_id.as_str(),
                &Action::ON_RECORD,
            );
            Ok((lead, actions))
        })
        .await?;
    Ok(respond::with_allowed_actions(
        respond::record(StatusCode::OK, &lead, lead.version),
        &actions,
    ))
}

/// Change a lead
///
/// Changes the fields sent; `null` clears a field. `status` moves only between `new` and
/// `contacted`; a qualified or disqualified lead is reopened before it is changed (409). With
/// `If-Match`, a stale version is refused.
#[utoipa::path(
    tag = "leads",
    request_body = LeadPatch,
    params(
        ("id" = String, Path, format = Uuid, description = "The lead's id."),
        ("If-Match" = Option<String>, Header, description = "The ETag the change is based on."),
    ),
    responses(
        (status = 200, description = "The changed lead.", body = Lead, headers(("ETag" = String, description = "Its new version."))),
        UpdateErrors
    ),
    security(("bearer" = []))
)]
#[patch("/leads/{id}")]
async fn update_lead(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
    if_match: IfMatch,
    body: ApiJson<LeadPatch>,
) -> ApiResult<HttpResponse> {
    let id = lead_id(&id)?;
    let patch = body.value;
    let lead = state
        .run(auth, move |conn, ctx| {
            service::update_lead(conn, ctx, &id, patch, if_match.0)
        })
        .await?;
    Ok(respond::record(StatusCode::OK, &lead, lead.version))
}

/// Delete a lead
#[utoipa::path(
    tag = "leads",
    params(
        ("id" = String, Path, format = Uuid, description = "The lead's id."),
        ("If-Match" = Option<String>, Header, description = "The ETag the deletion is based on."),
    ),
    responses((status = 204, description = "Deleted."), DeleteErrors),
    security(("bearer" = []))
)]
#[delete("/leads/{id}")]
async fn delete_lead(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
    if_match: IfMatch,
) -> ApiResult<HttpResponse> {
    let id = lead_id(&id)?;
    state
        .run(auth, move |conn, ctx| {
            service::delete_lead(conn, ctx, &id, if_match.0)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Disqualify a lead
///
/// The lead is not pursued: `reason` (a value of the `leads.disqualification_reason` picklist)
/// is required, `note` optional. The lead is kept, for reporting on sources and prospecting. 409
/// unless the lead is `new` or `contacted`.
#[utoipa::path(
    tag = "leads",
    request_body = Disqualification,
    params(
        ("id" = String, Path, format = Uuid, description = "The lead's id."),
        ("If-Match" = Option<String>, Header, description = "The ETag the action is based on."),
    ),
    responses(
        (status = 200, description = "The disqualified lead.", body = Lead, headers(("ETag" = String, description = "Its new version."))),
        UpdateErrors
    ),
    security(("bearer" = []))
)]
#[post("/leads/{id}/disqualify")]
async fn disqualify_lead(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
    if_match: IfMatch,
    body: ApiJson<Disqualification>,
) -> ApiResult<HttpResponse> {
    let id = lead_id(&id)?;
    let body = body.value;
    let lead = state
        .run(auth, move |conn, ctx| {
            service::disqualify_lead(conn, ctx, &id, body, if_match.0)
        })
        .await?;
    Ok(respond::record(StatusCode::OK, &lead, lead.version))
}

/// Qualify a lead
///
/// Converts the lead in one transaction into any of an account (from its company), a contact
/// (from its person, at that account) and an opportunity (for both; its estimated revenue is the
/// lead's budget), or links an existing `account_id` / `contact_id`; they are linked back to the
/// lead, which becomes `qualified`. A lead is qualified once: 409 for a second qualification and
/// unless the lead is `new` or `contacted`.
#[utoipa::path(
    tag = "leads",
    request_body = Qualification,
    params(
        ("id" = String, Path, format = Uuid, description = "The lead's id."),
        ("If-Match" = Option<String>, Header, description = "The ETag the action is based on."),
    ),
    responses(
        (status = 200, description = "The qualified lead and what it became.", body = QualificationResult),
        UpdateErrors
    ),
    security(("bearer" = []))
)]
#[post("/leads/{id}/qualify")]
async fn qualify_lead(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
    if_match: IfMatch,
    body: ApiJson<Qualification>,
) -> ApiResult<HttpResponse> {
    let id = lead_id(&id)?;
    let body = body.value;
    let result = state
        .run(auth, move |conn, ctx| {
            service::qualify_lead(conn, ctx, &id, body, if_match.0)
        })
        .await?;
    Ok(respond::record(
        StatusCode::OK,
        &result,
        result.lead.version,
    ))
}

/// Reopen a lead
///
/// A qualified or disqualified lead goes back to work (`contacted`); its disqualification reason
/// is cleared (the history keeps it). 409 for a lead being worked.
#[utoipa::path(
    tag = "leads",
    params(
        ("id" = String, Path, format = Uuid, description = "The lead's id."),
        ("If-Match" = Option<String>, Header, description = "The ETag the action is based on."),
    ),
    responses(
        (status = 200, description = "The reopened lead.", body = Lead, headers(("ETag" = String, description = "Its new version."))),
        UpdateErrors
    ),
    security(("bearer" = []))
)]
#[post("/leads/{id}/reopen")]
async fn reopen_lead(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
    if_match: IfMatch,
) -> ApiResult<HttpResponse> {
    let id = lead_id(&id)?;
    let lead = state
        .run(auth, move |conn, ctx| {
            service::reopen_lead(conn, ctx, &id, if_match.0)
        })
        .await?;
    Ok(respond::record(StatusCode::OK, &lead, lead.version))
}

/// Assign a lead
///
/// Gives the lead to another owner (an active user or a team); it moves to the owner's business
/// unit. Needs the assign privilege reaching the lead. Recorded in its history.
#[utoipa::path(
    tag = "leads",
    request_body = Assignment,
    params(
        ("id" = String, Path, format = Uuid, description = "The lead's id."),
        ("If-Match" = Option<String>, Header, description = "The ETag the assignment is based on."),
    ),
    responses(
        (status = 200, description = "The lead with its new owner.", body = Lead, headers(("ETag" = String, description = "Its new version."))),
        UpdateErrors
    ),
    security(("bearer" = []))
)]
#[post("/leads/{id}/assign")]
async fn assign_lead(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
    if_match: IfMatch,
    body: ApiJson<Assignment>,
) -> ApiResult<HttpResponse> {
    let id = lead_id(&id)?;
    let assignment = body.value;
    let lead = state
        .run(auth, move |conn, ctx| {
            service::assign_lead(conn, ctx, &id, assignment, if_match.0)
        })
        .await?;
    Ok(respond::record(StatusCode::OK, &lead, lead.version))
}

/// A lead's history
///
/// Every change of the lead, newest first: fields with old and new values, who, when.
#[utoipa::path(
    tag = "leads",
    params(("id" = String, Path, format = Uuid, description = "The lead's id."), HistoryParams),
    responses((status = 200, description = "A page of changes.", body = Page<Change>), SubListErrors),
    security(("bearer" = []))
)]
#[get("/leads/{id}/history")]
async fn lead_history(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
    params: ListParams,
) -> ApiResult<HttpResponse> {
    let id = lead_id(&id)?;
    let list = params.parse(&HISTORY_LIST)?;
    let page = state
        .run(auth, move |conn, ctx| {
            service::lead_history(conn, ctx, &id, &list)
        })
        .await?;
    Ok(respond::page(&page))
}

/// Registers the routes.
pub fn configure<C: super::Routes>(cfg: &mut C) {
    cfg.service(list_leads)
        .service(import_leads)
        .service(list_import_batches)
        .service(get_import_batch)
        .service(create_lead)
        .service(get_lead)
        .service(update_lead)
        .service(delete_lead)
        .service(disqualify_lead)
        .service(qualify_lead)
        .service(reopen_lead)
        .service(assign_lead)
        .service(lead_history);
}

/// The path of the lead import (it gets a longer time than other requests).
pub const IMPORT_PATH: &str = "/api/v1/leads/import";

/// The largest lead file accepted.
pub const MAX_IMPORT_BYTES: u64 = 512 * 1024 * 1024;

/// The parameters of an import.
#[derive(Debug, Default)]
struct ImportParams {
    source: Option<String>,
    columns: Option<Vec<String>>,
}

fn import_params(params: &ListParams) -> ApiResult<ImportParams> {
    let mut out = ImportParams::default();
    let mut errors = Vec::new();
    for (key, value) in &params.0 {
        match key.as_str() {
            "source" => out.source = Some(value.clone()),
            "columns" => out.columns = Some(value.split(',').map(str::to_owned).collect()),
            other => errors.push(crm_core::FieldError::new(
                other,
                "unknown_field",
                format!("{other} is not a parameter of an import; use source, columns"),
            )),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(ApiError::invalid_query(errors))
    }
}

fn is_csv(req: &HttpRequest) -> bool {
    req.headers()
        .get(actix_web::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            v.split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase()
        })
        .is_some_and(|mime| mime == "text/csv" || mime == "application/csv")
}

/// Import a lead list
///
/// A CSV file (`Content-Type: text/csv`, UTF-8, comma-separated, quoted fields may hold commas,
/// quotes and line breaks) whose header row names lead fields: `first_name`, `last_name`,
/// `company_name`, `email`, `phone`, ... (common names such as `First Name`, `Company`,
/// `E-mail`, `ZIP` are understood), or `columns=first_name,,email` naming each column instead
/// (an empty name skips one). `source` names the list, kept on the batch. The file is read as it
/// arrives, of any size up to 512 MiB. Each bad line is reported with its number and every
/// failing field while the good lines are created, all at once when the file is complete (an
/// import is entirely there or not at all). Lines whose email another lead, contact or line has
/// are created and flagged. The leads belong to the caller, are `new`, and carry the batch's id.
#[utoipa::path(
    tag = "leads",
    request_body(content = String, content_type = "text/csv", description = "The lead list, header row first."),
    params(
        ("source" = Option<String>, Query, max_length = 200, pattern = r"^[^\x00]*$", description = "The list the file came from (a purchased list, a trade show)."),
        ("columns" = Option<String>, Query, pattern = r"^[^\x00]*$", description = "The field of each column, comma-separated, instead of the header's names."),
    ),
    responses(
        (status = 200, description = "What was imported, and every line that was not.", body = crm_leads::import::ImportReport),
        CreateErrors
    ),
    security(("bearer" = []))
)]
#[post("/leads/import")]
async fn import_leads(
    state: Data<AppState>,
    auth: Auth,
    req: HttpRequest,
    params: ListParams,
    mut payload: actix_web::web::Payload,
) -> ApiResult<HttpResponse> {
    use crm_leads::csv::{CsvStream, Record};
    use crm_leads::import::{self, Import};
    use futures_util::StreamExt;

    if !is_csv(&req) {
        return Err(ApiError::unsupported_media_type(
            "send the lead list as CSV with Content-Type: text/csv",
        ));
    }
    let params = import_params(&params)?;
    let declared = req
        .headers()
        .get(actix_web::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_IMPORT_BYTES) {
        return Err(ApiError::too_large(MAX_IMPORT_BYTES as usize));
    }
    let (source, columns) = (params.source, params.columns);
    let mut import = state
        .run(auth.clone(), move |conn, ctx| {
            Import::start(conn, ctx, source, columns)
        })
        .await?;
    let batch = import.batch_id().clone();
    let discard = |state: Data<AppState>, auth: Auth, batch: crm_core::id::ImportBatchId| async move {
        let _ = state
            .run(auth, move |conn, ctx| {
                import::discard(conn, &batch, ctx.now)
            })
            .await;
    };

    let mut csv = CsvStream::default();
    let mut received: u64 = 0;
    let mut records: Vec<Record> = Vec::new();
    let mut ended = false;
    while !ended {
        match payload.next().await {
            Some(Ok(chunk)) => {
                received += chunk.len() as u64;
                if received > MAX_IMPORT_BYTES {
                    discard(state.clone(), auth.clone(), batch).await;
                    return Err(ApiError::too_large(MAX_IMPORT_BYTES as usize));
                }
                csv.feed(&chunk, |r| records.push(r));
            }
            Some(Err(e)) => {
                discard(state.clone(), auth.clone(), batch).await;
                return Err(ApiError::bad_request(format!(
                    "the file could not be read: {e}"
                )));
            }
            None => {
                csv.feed(&[], |r| records.push(r));
                ended = true;
            }
        }
        for record in records.drain(..) {
            let full = match import.push(record) {
                Ok(full) => full,
                Err(e) => {
                    discard(state.clone(), auth.clone(), batch).await;
                    return Err(e.into());
                }
            };
            if full {
                let staged = state
                    .run(auth.clone(), move |conn, ctx| {
                        let outcome = import.stage(conn, ctx);
                        Ok((import, outcome))
                    })
                    .await;
                match staged {
                    Ok((back, Ok(()))) => import = back,
                    Ok((_, Err(e))) => {
                        discard(state.clone(), auth.clone(), batch).await;
                        return Err(e.into());
                    }
                    Err(e) => {
                        discard(state.clone(), auth.clone(), batch).await;
                        return Err(e);
                    }
                }
            }
        }
    }
    let published = state
        .run(auth.clone(), move |conn, ctx| import.publish(conn, ctx))
        .await;
    match published {
        Ok(report) => Ok(HttpResponse::Ok().json(report)),
        Err(e) => {
            discard(state.clone(), auth, batch).await;
            Err(e)
        }
    }
}

crate::list_params!(ImportBatchListParams, crm_leads::import::IMPORT_BATCH_LIST);

/// List import batches
///
/// The imports of lead lists by the people whose leads the caller may read: source, lines,
/// created, rejected, duplicates. A batch's leads are listed with
/// `GET /api/v1/leads?import_batch_id=<id>`.
#[utoipa::path(
    tag = "leads",
    params(ImportBatchListParams),
    responses((status = 200, description = "A page of import batches.", body = Page<crm_leads::import::ImportBatch>), ListErrors),
    security(("bearer" = []))
)]
#[get("/import-batches")]
async fn list_import_batches(
    state: Data<AppState>,
    auth: Auth,
    params: ListParams,
) -> ApiResult<HttpResponse> {
    let list = params.parse(&crm_leads::import::IMPORT_BATCH_LIST)?;
    let page = state
        .run(auth, move |conn, ctx| {
            crm_leads::import::list_batches(conn, ctx, &list)
        })
        .await?;
    Ok(respond::page(&page))
}

/// Get an import batch
#[utoipa::path(
    tag = "leads",
    params(("id" = String, Path, format = Uuid, description = "The batch's id.")),
    responses((status = 200, description = "The batch.", body = crm_leads::import::ImportBatch), ReadErrors),
    security(("bearer" = []))
)]
#[get("/import-batches/{id}")]
async fn get_import_batch(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
) -> ApiResult<HttpResponse> {
    let id = crm_core::id::ImportBatchId::parse(&id)
        .map_err(|_| ApiError::not_found("import batch not found"))?;
    let batch = state
        .run(auth, move |conn, ctx| {
            crm_leads::import::get_batch(conn, ctx, &id)
        })
        .await?;
    Ok(HttpResponse::Ok().json(batch))
}
