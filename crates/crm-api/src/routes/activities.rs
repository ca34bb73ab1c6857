//! `/api/v1/activities`: tasks, phone calls, appointments and emails, regarding a record; and
//! the timelines of records (`/api/v1/<accounts|contacts|leads|opportunities>/{id}/timeline`).

use actix_web::http::StatusCode;
use actix_web::web::{Data, Path};
use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post};
use crm_activities::model::{
    ACTIVITY_LIST, Activity, ActivityFields, ActivityPatch, Completion, RegardingType,
    TIMELINE_LIST, TimelineEntry,
};
use crm_activities::{service, timeline};
use crm_core::changes::{Change, HISTORY_LIST};
use crm_core::id::ActivityId;
use crm_core::list::Page;
use crm_core::security::{Action, Assignment, entities};

use crate::docs::{
    CreateErrors, DeleteErrors, ListErrors, ReadErrors, SubListErrors, UpdateErrors,
};
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, Auth, IdempotencyKey, IfMatch, ListParams};
use crate::respond::{self, Created};
use crate::routes::HistoryParams;
use crate::state::AppState;

crate::list_params!(ActivityListParams, ACTIVITY_LIST);
crate::list_params!(TimelineParams, TIMELINE_LIST);

impl Created for Activity {
    fn location(&self) -> String {
        format!("/api/v1/activities/{}", self.id)
    }
    fn version(&self) -> i64 {
        self.version
    }
}

/// An activity id from the path; a malformed one names no activity.
fn activity_id(raw: &str) -> ApiResult<ActivityId> {
    ActivityId::parse(raw).map_err(|_| ApiError::not_found("activity not found"))
}

/// List activities
///
/// The activities the caller may read. A user's agenda: `owner_id=<me>&status=open&sort=scheduled_at`;
/// what was done on a record: `regarding_id=<id>` (its timeline also shows its children's).
#[utoipa::path(
    tag = "activities",
    params(ActivityListParams),
    responses((status = 200, description = "A page of activities.", body = Page<Activity>), ListErrors),
    security(("bearer" = []))
)]
#[get("/activities")]
async fn list_activities(
    state: Data<AppState>,
    auth: Auth,
    params: ListParams,
) -> ApiResult<HttpResponse> {
    let list = params.parse(&ACTIVITY_LIST)?;
    let page = state
        .run(auth, move |conn, ctx| {
            service::list_activities(conn, ctx, &list)
        })
        .await?;
    Ok(respond::page(&page))
}

/// Create an activity
///
/// A task, phone call, appointment or email, owned by the caller, regarding a record they can
/// see. `status: completed` logs what already happened (a call that took place). An activity on
/// a lead marks the lead worked on (`last_touched_at`). Send an `Idempotency-Key` header to
/// make a retry safe.
#[utoipa::path(
    tag = "activities",
    request_body = ActivityFields,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retried creation return the first response.")),
    responses(
        (status = 201, description = "Created.", body = Activity,
         headers(("Location" = String, description = "The new activity's URL."), ("ETag" = String, description = "Its version."))),
        CreateErrors
    ),
    security(("bearer" = []))
)]
#[post("/activities")]
async fn create_activity(
    state: Data<AppState>,
    auth: Auth,
    req: HttpRequest,
    key: IdempotencyKey,
    body: ApiJson<ActivityFields>,
) -> ApiResult<HttpResponse> {
    let fields = body.value;
    respond::create(&state, auth, &req, &body.raw, key, move |conn, ctx| {
        service::create_activity(conn, ctx, fields)
    })
    .await
}

/// Get an activity
#[utoipa::path(
    tag = "activities",
    params(("id" = String, Path, format = Uuid, description = "The activity's id.")),
    responses(
        (status = 200, description = "The activity.", body = Activity, headers(
            ("ETag" = String, description = "Its version."),
            ("Allowed-Actions" = String, description = "What the caller may do to it: update, delete, assign, share (comma-separated).")
        )),
        ReadErrors
    ),
    security(("bearer" = []))
)]
#[get("/activities/{id}")]
async fn get_activity(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
) -> ApiResult<HttpResponse> {
    let id = activity_id(&id)?;
    let (activity, actions) = state
        .run_read(auth, move |conn, ctx| {
            let activity = service::get_activity(conn, ctx, &id)?;
            let actions = ctx.principal.allowed(
                entities::ACTIVITIES,
                activity.owner_id.as_str(),
                activity.business_unit_id.as_str(),
                &Action::ON_RECORD,
            );
            Ok((activity, actions))
        })
        .await?;
    Ok(respond::with_allowed_actions(
        respond::record(StatusCode::OK, &activity, activity.version),
        &actions,
    ))
}

/// Change an activity
///
/// Changes the fields sent of an open activity; `null` clears a field. Its type stays, and its
/// status changes through `complete`, `cancel` and `reopen`: a closed activity is refused (409)
/// until it is reopened. With `If-Match`, a stale version is refused.
#[utoipa::path(
    tag = "activities",
    request_body = ActivityPatch,
    params(
        ("id" = String, Path, format = Uuid, description = "The activity's id."),
        ("If-Match" = Option<String>, Header, description = "The ETag the change is based on."),
    ),
    responses(
        (status = 200, description = "The changed activity.", body = Activity, headers(("ETag" = String, description = "Its new version."))),
        UpdateErrors
    ),
    security(("bearer" = []))
)]
#[patch("/activities/{id}")]
async fn update_activity(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
    if_match: IfMatch,
    body: ApiJson<ActivityPatch>,
) -> ApiResult<HttpResponse> {
    let id = activity_id(&id)?;
    let patch = body.value;
    let activity = state
        .run(auth, move |conn, ctx| {
            service::update_activity(conn, ctx, &id, patch, if_match.0)
        })
        .await?;
    Ok(respond::record(StatusCode::OK, &activity, activity.version))
}

/// Delete an activity
#[utoipa::path(
    tag = "activities",
    params(
        ("id" = String, Path, format = Uuid, description = "The activity's id."),
        ("If-Match" = Option<String>, Header, description = "The ETag the deletion is based on."),
    ),
    responses((status = 204, description = "Deleted."), DeleteErrors),
    security(("bearer" = []))
)]
#[delete("/activities/{id}")]
async fn delete_activity(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
    if_match: IfMatch,
) -> ApiResult<HttpResponse> {
    let id = activity_id(&id)?;
    state
        .run(auth, move |conn, ctx| {
            service::delete_activity(conn, ctx, &id, if_match.0)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Complete an activity
///
/// Marks an open activity done, optionally with how long it took (`duration_minutes`) and what
/// came of it (`outcome`, added to the description). On a lead it marks the lead worked on. 409
/// unless it is open.
#[utoipa::path(
    tag = "activities",
    request_body = Completion,
    params(
        ("id" = String, Path, format = Uuid, description = "The activity's id."),
        ("If-Match" = Option<String>, Header, description = "The ETag the action is based on."),
    ),
    responses(
        (status = 200, description = "The completed activity.", body = Activity, headers(("ETag" = String, description = "Its new version."))),
        UpdateErrors
    ),
    security(("bearer" = []))
)]
#[post("/activities/{id}/complete")]
async fn complete_activity(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
    if_match: IfMatch,
    body: ApiJson<Completion>,
) -> ApiResult<HttpResponse> {
    let id = activity_id(&id)?;
    let completion = body.value;
    let activity = state
        .run(auth, move |conn, ctx| {
            service::complete_activity(conn, ctx, &id, completion, if_match.0)
        })
        .await?;
    Ok(respond::record(StatusCode::OK, &activity, activity.version))
}

/// Cancel an activity
///
/// An open activity will not be done. 409 unless it is open.
#[utoipa::path(
    tag = "activities",
    params(
        ("id" = String, Path, format = Uuid, description = "The activity's id."),
        ("If-Match" = Option<String>, Header, description = "The ETag the action is based on."),
    ),
    responses(
        (status = 200, description = "The cancelled activity.", body = Activity, headers(("ETag" = String, description = "Its new version."))),
        UpdateErrors
    ),
    security(("bearer" = []))
)]
#[post("/activities/{id}/cancel")]
async fn cancel_activity(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
    if_match: IfMatch,
) -> ApiResult<HttpResponse> {
    let id = activity_id(&id)?;
    let activity = state
        .run(auth, move |conn, ctx| {
            service::cancel_activity(conn, ctx, &id, if_match.0)
        })
        .await?;
    Ok(respond::record(StatusCode::OK, &activity, activity.version))
}

/// Reopen an activity
///
/// A completed or cancelled activity is open again. 409 for an open one.
#[utoipa::path(
    tag = "activities",
    params(
        ("id" = String, Path, format = Uuid, description = "The activity's id."),
        ("If-Match" = Option<String>, Header, description = "The ETag the action is based on."),
    ),
    responses(
        (status = 200, description = "The reopened activity.", body = Activity, headers(("ETag" = String, description = "Its new version."))),
        UpdateErrors
    ),
    security(("bearer" = []))
)]
#[post("/activities/{id}/reopen")]
async fn reopen_activity(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
    if_match: IfMatch,
) -> ApiResult<HttpResponse> {
    let id = activity_id(&id)?;
    let activity = state
        .run(auth, move |conn, ctx| {
            service::reopen_activity(conn, ctx, &id, if_match.0)
        })
        .await?;
    Ok(respond::record(StatusCode::OK, &activity, activity.version))
}

/// Assign an activity
///
/// Gives it to another owner (an active user or a team); it moves to the owner's business unit.
#[utoipa::path(
    tag = "activities",
    request_body = Assignment,
    params(
        ("id" = String, Path, format = Uuid, description = "The activity's id."),
        ("If-Match" = Option<String>, Header, description = "The ETag the assignment is based on."),
    ),
    responses(
        (status = 200, description = "The activity with its new owner.", body = Activity, headers(("ETag" = String, description = "Its new version."))),
        UpdateErrors
    ),
    security(("bearer" = []))
)]
#[post("/activities/{id}/assign")]
async fn assign_activity(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
    if_match: IfMatch,
    body: ApiJson<Assignment>,
) -> ApiResult<HttpResponse> {
    let id = activity_id(&id)?;
    let assignment = body.value;
    let activity = state
        .run(auth, move |conn, ctx| {
            service::assign_activity(conn, ctx, &id, assignment, if_match.0)
        })
        .await?;
    Ok(respond::record(StatusCode::OK, &activity, activity.version))
}

/// An activity's history
#[utoipa::path(
    tag = "activities",
    params(("id" = String, Path, format = Uuid, description = "The activity's id."), HistoryParams),
    responses((status = 200, description = "A page of changes.", body = Page<Change>), SubListErrors),
    security(("bearer" = []))
)]
#[get("/activities/{id}/history")]
async fn activity_history(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
    params: ListParams,
) -> ApiResult<HttpResponse> {
    let id = activity_id(&id)?;
    let list = params.parse(&HISTORY_LIST)?;
    let page = state
        .run(auth, move |conn, ctx| {
            service::activity_history(conn, ctx, &id, &list)
        })
        .await?;
    Ok(respond::page(&page))
}

/// Reads a timeline for a record from the path.
async fn timeline_of(
    state: Data<AppState>,
    auth: Auth,
    kind: RegardingType,
    raw_id: &str,
    params: ListParams,
) -> ApiResult<HttpResponse> {
    let id = crm_core::id::canonical_uuid(raw_id).map_err(|_| {
        ApiError::not_found(format!(
            "{} not found",
            crm_activities::regarding::singular(kind)
        ))
    })?;
    let list = params.parse(&TIMELINE_LIST)?;
    let page = state
        .run(auth, move |conn, ctx| {
            timeline::timeline(conn, ctx, kind, &id, &list)
        })
        .await?;
    Ok(respond::page(&page))
}

/// An account's timeline
///
/// Newest first: the activities, notes and changes of the account and of its contacts,
/// opportunities and cases (a contact's calls, an opportunity's stage changes, a case's
/// resolution), each as far as the caller may read them; the 2,000 newest of each kind of child
/// are merged. `kind[in]=activity,note` narrows it.
#[utoipa::path(
    tag = "activities",
    params(("id" = String, Path, format = Uuid, description = "The account's id."), TimelineParams),
    responses((status = 200, description = "A page of the timeline.", body = Page<TimelineEntry>), SubListErrors),
    security(("bearer" = []))
)]
#[get("/accounts/{id}/timeline")]
async fn account_timeline(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
    params: ListParams,
) -> ApiResult<HttpResponse> {
    timeline_of(state, auth, RegardingType::Accounts, &id, params).await
}

/// A contact's timeline
///
/// Newest first: the activities, notes and changes of the contact and of the opportunities and
/// cases it is the contact of.
#[utoipa::path(
    tag = "activities",
    params(("id" = String, Path, format = Uuid, description = "The contact's id."), TimelineParams),
    responses((status = 200, description = "A page of the timeline.", body = Page<TimelineEntry>), SubListErrors),
    security(("bearer" = []))
)]
#[get("/contacts/{id}/timeline")]
async fn contact_timeline(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
    params: ListParams,
) -> ApiResult<HttpResponse> {
    timeline_of(state, auth, RegardingType::Contacts, &id, params).await
}

/// A lead's timeline
///
/// Newest first: the activities, notes and changes (status changes included) of the lead.
#[utoipa::path(
    tag = "activities",
    params(("id" = String, Path, format = Uuid, description = "The lead's id."), TimelineParams),
    responses((status = 200, description = "A page of the timeline.", body = Page<TimelineEntry>), SubListErrors),
    security(("bearer" = []))
)]
#[get("/leads/{id}/timeline")]
async fn lead_timeline(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
    params: ListParams,
) -> ApiResult<HttpResponse> {
    timeline_of(state, auth, RegardingType::Leads, &id, params).await
}

/// An opportunity's timeline
///
/// Newest first: the activities, notes and changes (stage changes, closing) of the opportunity.
#[utoipa::path(
    tag = "activities",
    params(("id" = String, Path, format = Uuid, description = "The opportunity's id."), TimelineParams),
    responses((status = 200, description = "A page of the timeline.", body = Page<TimelineEntry>), SubListErrors),
    security(("bearer" = []))
)]
#[get("/opportunities/{id}/timeline")]
async fn opportunity_timeline(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
    params: ListParams,
) -> ApiResult<HttpResponse> {
    timeline_of(state, auth, RegardingType::Opportunities, &id, params).await
}

/// A case's timeline
///
/// Newest first: the activities (calls, emails, meetings, tasks), notes and changes (status
/// moves, assignment, escalation, resolution) of the case.
#[utoipa::path(
    tag = "cases",
    params(("id" = String, Path, format = Uuid, description = "The case's id."), TimelineParams),
    responses((status = 200, description = "A page of the timeline.", body = Page<TimelineEntry>), SubListErrors),
    security(("bearer" = []))
)]
#[get("/cases/{id}/timeline")]
async fn case_timeline(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
    params: ListParams,
) -> ApiResult<HttpResponse> {
    timeline_of(state, auth, RegardingType::Cases, &id, params).await
}

/// Registers the routes.
pub fn configure<C: super::Routes>(cfg: &mut C) {
    cfg.service(list_activities)
        .service(create_activity)
        .service(get_activity)
        .service(update_activity)
        .service(delete_activity)
        .service(complete_activity)
        .service(cancel_activity)
        .service(reopen_activity)
        .service(assign_activity)
        .service(activity_history)
        .service(account_timeline)
        .service(contact_timeline)
        .service(lead_timeline)
        .service(opportunity_timeline)
        .service(case_timeline);
}
