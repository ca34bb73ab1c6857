//! The rules for activities: privileges, validation by type, the life cycle, the change log, and
//! the lead's `last_touched_at` moved by what is logged on it.
//!
//! Every function checks the caller's privilege for its action, reads through the caller's
//! visibility scope (an activity outside it does not exist for them), validates the whole input
//! at once, writes in one transaction together with the change-log entry, and honours `If-Match`.

use crm_core::changes::{Change, Recordable};
use crm_core::error::{both, check_version};
use crm_core::id::{ActivityId, BusinessUnitId, OwnerId};
use crm_core::list::{ListQuery, Page};
use crm_core::security::{AccessScope, Action, Assignment, Ctx, entities};
use crm_core::validate::{Validator, clean, is_email};
use crm_core::{DomainError, DomainResult};
use crm_db::{AnyConnection, changes, lock_for_update, write_transaction};

use crate::lifecycle;
use crate::model::{
    Activity, ActivityFields, ActivityPatch, ActivityStatus, ActivityType, ActivityValues,
    Completion, Direction, Priority, RegardingType,
};
use crate::regarding;
use crate::store::{self, Stamp};

const ACTIVITY: &str = "activity";

/// The longest an activity may last: a week, in minutes.
const MAX_DURATION_MINUTES: i64 = 7 * 24 * 60;

impl Recordable for Activity {
    const ENTITY: &'static str = entities::ACTIVITIES;
    fn record_id(&self) -> &str {
        self.id.as_str()
    }
    fn owner_id(&self) -> Option<&str> {
        Some(self.owner_id.as_str())
    }
    fn business_unit_id(&self) -> Option<&str> {
        Some(self.business_unit_id.as_str())
    }
}

/// Validates activity fields into storable values, listing every failing field: what each type
/// takes (a start and an end for appointments, a direction for calls and emails), and that the
/// record it regards is one the caller can see. `current` is the activity being changed: a
/// reference it already holds is not checked again (its record may have moved out of the
/// caller's sight, its template may be gone), and its creation is the planned time of an activity
/// with no date (for a new one, now).
pub fn activity_values(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    fields: ActivityFields,
    current: Option<&Activity>,
) -> DomainResult<ActivityValues> {
    let created_at = current.map_or(ctx.now, |c| c.created_at);
    let mut v = Validator::new();
    let kind = fields.activity_type;
    if kind.is_none() {
        v.add(
            "activity_type",
            "required",
            "activity_type is required: task, phone_call, appointment or email",
        );
    }
    let subject = v.text("subject", fields.subject, 200);
    if subject.is_none() && !v.has("subject") {
        v.add("subject", "required", "subject is required");
    }
    let description = v.text("description", fields.description, 100_000);
    let location = v.text("location", fields.location, 200);
    let phone_number = v.text("phone_number", fields.phone_number, 40);
    v.phone("phone_number", phone_number.as_deref());
    let to_address = v.text("to_address", fields.to_address, 2_000);
    if let Some(to) = &to_address
        && to.split(',').map(str::trim).any(|a| !is_email(a))
    {
        v.add(
            "to_address",
            "invalid_format",
            "to_address must be email addresses separated by commas",
        );
    }
    v.range(
        "duration_minutes",
        fields.duration_minutes,
        0,
        MAX_DURATION_MINUTES,
    );

    let only_for = |v: &mut Validator, field: &str, present: bool, kinds: &[ActivityType]| {
        if present && kind.is_some_and(|k| !kinds.contains(&k)) {
            let names: Vec<&str> = kinds.iter().map(|k| k.as_str()).collect();
            v.add(
                field,
                "not_applicable",
                format!("{field} is only for {}", names.join(" and ")),
            );
        }
    };
    use ActivityType::*;
    only_for(
        &mut v,
        "direction",
        fields.direction.is_some(),
        &[PhoneCall, Email],
    );
    only_for(&mut v, "location", location.is_some(), &[Appointment]);
    only_for(&mut v, "phone_number", phone_number.is_some(), &[PhoneCall]);
    only_for(&mut v, "to_address", to_address.is_some(), &[Email]);
    only_for(
        &mut v,
        "email_template_id",
        fields.email_template_id.is_some(),
        &[Email],
    );
    if kind == Some(Appointment) {
        if fields.starts_at.is_none() {
            v.add("starts_at", "required", "an appointment needs starts_at");
        }
        if fields.ends_at.is_none() {
            v.add("ends_at", "required", "an appointment needs ends_at");
        }
    }
    if let (Some(start), Some(end)) = (fields.starts_at, fields.ends_at)
        && end < start
    {
        v.add(
            "ends_at",
            "before_start",
            "ends_at cannot be before starts_at",
        );
    }
    if let Some(template) = &fields.email_template_id
        && current.and_then(|c| c.email_template_id.as_ref()) != Some(template)
        && store::find_template(conn, template)?.is_none()
    {
        v.add(
            "email_template_id",
            "not_found",
            "email_template_id names no email template",
        );
    }
    let held = current.and_then(|c| Some((c.regarding_type?, c.regarding_id.as_deref()?)));
    let regarding_id = match (fields.regarding_type, fields.regarding_id.as_deref(), held) {
        (Some(kind), Some(id), Some((held_kind, held_id)))
            if kind == held_kind && id == held_id =>
        {
            Some(id.to_owned())
        }
        (kind, id, _) => regarding::check(conn, ctx, &mut v, kind, id, false)?,
    };
    v.finish()?;

    let kind = kind.unwrap_or(Task);
    // An appointment lasts from its start to its end unless a duration is given.
    let duration_minutes =
        fields
            .duration_minutes
            .or_else(|| match (kind, fields.starts_at, fields.ends_at) {
                (Appointment, Some(start), Some(end)) => {
                    Some((end.to_utc() - start.to_utc()).num_minutes())
                }
                _ => None,
            });
    let direction = match kind {
        PhoneCall | Email => Some(fields.direction.unwrap_or(Direction::Outgoing)),
        _ => None,
    };
    let scheduled_at = match kind {
        Appointment => fields.starts_at,
        _ => fields.due_at.or(fields.starts_at),
    }
    .unwrap_or(created_at);
    Ok(ActivityValues {
        activity_type: kind.as_str().to_owned(),
        subject: subject.unwrap_or_default(),
        description,
        priority: fields
            .priority
            .unwrap_or(Priority::Normal)
            .as_str()
            .to_owned(),
        direction: direction.map(|d| d.as_str().to_owned()),
        regarding_type: regarding_id
            .as_ref()
            .and(fields.regarding_type)
            .map(|t| t.as_str().to_owned()),
        regarding_id,
        due_at: fields.due_at,
        starts_at: fields.starts_at,
        ends_at: fields.ends_at,
        scheduled_at,
        duration_minutes,
        location,
        phone_number,
        to_address,
        email_template_id: fields.email_template_id,
    })
}

/// What a logged activity means for the record it regards: a lead is worked on now; a case has
/// its first response when a call or email goes out to the customer or a meeting is held.
fn touch(conn: &mut AnyConnection, ctx: &Ctx, activity: &Activity) -> DomainResult<()> {
    let Some(id) = &activity.regarding_id else {
        return Ok(());
    };
    match activity.regarding_type {
        Some(RegardingType::Leads) => regarding::touch_lead(conn, id, ctx.now)?,
        Some(RegardingType::Cases) if reaches_the_customer(activity) => {
            crm_cases::service::record_first_response(conn, id, ctx.now)?;
        }
        _ => {}
    }
    Ok(())
}

/// Whether a completed activity is a response to the customer: an outgoing call or email, or a
/// meeting.
fn reaches_the_customer(activity: &Activity) -> bool {
    activity.status == ActivityStatus::Completed
        && match activity.activity_type {
            ActivityType::PhoneCall | ActivityType::Email => {
                activity.direction != Some(Direction::Incoming)
            }
            ActivityType::Appointment => true,
            ActivityType::Task => false,
        }
}

/// A page of the activities the caller may read.
pub fn list_activities(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    list: &ListQuery,
) -> DomainResult<Page<Activity>> {
    let scope = ctx.principal.require(entities::ACTIVITIES, Action::Read)?;
    let (rows, total) = store::list_activities(conn, || store::visible_activities(&scope), list)?;
    let page = Page::from_rows(rows, list, total, |r| {
        store::activity_sort_key(r, list.sort.field)
    });
    Ok(page.map(Activity::from))
}

/// One activity, if the caller may read it.
pub fn get_activity(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &ActivityId,
) -> DomainResult<Activity> {
    let scope = ctx.principal.require(entities::ACTIVITIES, Action::Read)?;
    store::find_activity(conn, &scope, id)?
        .map(Activity::from)
        .ok_or(DomainError::not_found(ACTIVITY))
}

/// Creates an activity owned by the caller: `open`, or `completed` to log what already
/// happened. Logging one on a lead marks the lead worked on.
pub fn create_activity(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    fields: ActivityFields,
) -> DomainResult<Activity> {
    ctx.principal
        .require(entities::ACTIVITIES, Action::Create)?;
    write_transaction(conn, |conn| {
        let status = lifecycle::create(fields.status.unwrap_or(ActivityStatus::Open));
        let values = activity_values(conn, ctx, fields, None);
        let (status, values) = both(status, values)?;
        let id = ActivityId::new();
        let owner = OwnerId::from(ctx.principal.user_id.clone());
        let completed_at = (status == ActivityStatus::Completed).then_some(ctx.now);
        let row = store::insert_activity(
            conn,
            &id,
            &values,
            (status.as_str(), completed_at),
            &Stamp {
                owner: (&owner, &ctx.principal.business_unit_id),
                actor: ctx.actor(),
                now: ctx.now,
            },
        )?;
        let activity = Activity::from(row);
        changes::log(conn, Some(ctx.actor()), ctx.now, None, Some(&activity))?;
        touch(conn, ctx, &activity)?;
        Ok(activity)
    })
}

fn require_in_scope(scope: &AccessScope, activity: &Activity, action: Action) -> DomainResult<()> {
    if scope.allows(
        activity.owner_id.as_str(),
        activity.business_unit_id.as_str(),
    ) {
        Ok(())
    } else {
        Err(DomainError::forbidden(
            entities::ACTIVITIES,
            action.as_str(),
        ))
    }
}

/// Reads, locks and checks an activity for a change by the caller.
fn for_change(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &ActivityId,
    action: Action,
) -> DomainResult<Activity> {
    let read = ctx.principal.require(entities::ACTIVITIES, Action::Read)?;
    let act = ctx.principal.require(entities::ACTIVITIES, action)?;
    lock_for_update(conn, "activities", id.as_str())?;
    let current = store::find_activity(conn, &read, id)?
        .map(Activity::from)
        .ok_or(DomainError::not_found(ACTIVITY))?;
    require_in_scope(&act, &current, action)?;
    Ok(current)
}

/// Writes new values and status, with the change-log entry.
fn rewrite(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    current: &Activity,
    values: &ActivityValues,
    status: ActivityStatus,
) -> DomainResult<Activity> {
    let completed_at = match status {
        ActivityStatus::Open => None,
        _ if status == current.status => current.completed_at,
        _ => Some(ctx.now),
    };
    let row = store::update_activity(
        conn,
        &current.id,
        current.version,
        values,
        (status.as_str(), completed_at),
        ctx.actor(),
        ctx.now,
    )?
    .ok_or(DomainError::conflict(
        "the activity changed while it was being saved; try again",
    ))?;
    let updated = Activity::from(row);
    changes::log(
        conn,
        Some(ctx.actor()),
        ctx.now,
        Some(current),
        Some(&updated),
    )?;
    Ok(updated)
}

/// The stored values of an activity as it is (for a status change that edits nothing else).
fn values_of(activity: &Activity) -> ActivityValues {
    ActivityValues {
        activity_type: activity.activity_type.as_str().to_owned(),
        subject: activity.subject.clone(),
        description: activity.description.clone(),
        priority: activity.priority.as_str().to_owned(),
        direction: activity.direction.map(|d| d.as_str().to_owned()),
        regarding_type: activity.regarding_type.map(|t| t.as_str().to_owned()),
        regarding_id: activity.regarding_id.clone(),
        due_at: activity.due_at,
        starts_at: activity.starts_at,
        ends_at: activity.ends_at,
        scheduled_at: activity.scheduled_at,
        duration_minutes: activity.duration_minutes,
        location: activity.location.clone(),
        phone_number: activity.phone_number.clone(),
        to_address: activity.to_address.clone(),
        email_template_id: activity.email_template_id.clone(),
    }
}

/// Changes the fields a patch sends, while the activity is open. Its type stays; its status
/// changes through the actions.
pub fn update_activity(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &ActivityId,
    patch: ActivityPatch,
    if_match: Option<i64>,
) -> DomainResult<Activity> {
    write_transaction(conn, |conn| {
        let current = for_change(conn, ctx, id, Action::Update)?;
        let mut fields = current.fields();
        patch.apply_to(&mut fields);
        if fields == current.fields() {
            check_version(if_match, current.version)?;
            return Ok(current);
        }
        lifecycle::edit(current.status)?;
        let mut v = Validator::new();
        if fields.activity_type != Some(current.activity_type) {
            v.add(
                "activity_type",
                "immutable",
                "an activity keeps its type: create another one",
            );
        }
        if fields.status != Some(current.status) {
            v.add(
                "status",
                "immutable",
                "status changes through the complete, cancel and reopen actions",
            );
        }
        let checks = v.finish();
        let values = activity_values(conn, ctx, fields, Some(&current));
        let ((), values) = both(checks, values)?;
        check_version(if_match, current.version)?;
        rewrite(conn, ctx, &current, &values, current.status)
    })
}

/// Completes an open activity, with how long it took and what came of it. Completing one on a
/// lead marks the lead worked on.
pub fn complete_activity(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &ActivityId,
    body: Completion,
    if_match: Option<i64>,
) -> DomainResult<Activity> {
    write_transaction(conn, |conn| {
        let current = for_change(conn, ctx, id, Action::Update)?;
        let status = lifecycle::complete(current.status)?;
        let mut v = Validator::new();
        v.range(
            "duration_minutes",
            body.duration_minutes,
            0,
            MAX_DURATION_MINUTES,
        );
        let outcome = v.text("outcome", clean(body.outcome), 10_000);
        v.finish()?;
        check_version(if_match, current.version)?;
        let mut values = values_of(&current);
        if body.duration_minutes.is_some() {
            values.duration_minutes = body.duration_minutes;
        }
        if let Some(outcome) = outcome {
            values.description = Some(match values.description {
                Some(text) => format!("{text}\n\n{outcome}"),
                None => outcome,
            });
        }
        let updated = rewrite(conn, ctx, &current, &values, status)?;
        touch(conn, ctx, &updated)?;
        Ok(updated)
    })
}

/// Cancels an open activity.
pub fn cancel_activity(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &ActivityId,
    if_match: Option<i64>,
) -> DomainResult<Activity> {
    write_transaction(conn, |conn| {
        let current = for_change(conn, ctx, id, Action::Update)?;
        let status = lifecycle::cancel(current.status)?;
        check_version(if_match, current.version)?;
        rewrite(conn, ctx, &current, &values_of(&current), status)
    })
}

/// Reopens a completed or cancelled activity.
pub fn reopen_activity(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &ActivityId,
    if_match: Option<i64>,
) -> DomainResult<Activity> {
    write_transaction(conn, |conn| {
        let current = for_change(conn, ctx, id, Action::Update)?;
        let status = lifecycle::reopen(current.status)?;
        check_version(if_match, current.version)?;
        rewrite(conn, ctx, &current, &values_of(&current), status)
    })
}

/// Deletes an activity.
pub fn delete_activity(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &ActivityId,
    if_match: Option<i64>,
) -> DomainResult<()> {
    write_transaction(conn, |conn| {
        let current = for_change(conn, ctx, id, Action::Delete)?;
        check_version(if_match, current.version)?;
        if !store::delete_activity(conn, id, current.version)? {
            return Err(DomainError::conflict(
                "the activity changed while it was being deleted; try again",
            ));
        }
        changes::log(conn, Some(ctx.actor()), ctx.now, Some(&current), None)?;
        Ok(())
    })
}

/// The business unit of a new owner (an active user or a team), or a field error.
pub fn owner_unit(conn: &mut AnyConnection, owner: &OwnerId) -> DomainResult<BusinessUnitId> {
    crm_identity::service::users::require_owner_unit(conn, owner.as_str(), "owner_id")
}

/// Gives an activity to another owner; it moves to the owner's business unit.
pub fn assign_activity(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &ActivityId,
    assignment: Assignment,
    if_match: Option<i64>,
) -> DomainResult<Activity> {
    write_transaction(conn, |conn| {
        let current = for_change(conn, ctx, id, Action::Assign)?;
        check_version(if_match, current.version)?;
        let unit = owner_unit(conn, &assignment.owner_id)?;
        if current.owner_id == assignment.owner_id && current.business_unit_id == unit {
            return Ok(current);
        }
        let row = store::set_activity_owner(
            conn,
            id,
            current.version,
            (&assignment.owner_id, &unit),
            ctx.actor(),
            ctx.now,
        )?
        .ok_or(DomainError::conflict(
            "the activity changed while it was being assigned; try again",
        ))?;
        let updated = Activity::from(row);
        changes::log(
            conn,
            Some(ctx.actor()),
            ctx.now,
            Some(&current),
            Some(&updated),
        )?;
        Ok(updated)
    })
}

/// The change history of an activity the caller may read, newest first.
pub fn activity_history(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &ActivityId,
    list: &ListQuery,
) -> DomainResult<Page<Change>> {
    get_activity(conn, ctx, id)?;
    Ok(changes::history(
        conn,
        entities::ACTIVITIES,
        id.as_str(),
        list,
    )?)
}
