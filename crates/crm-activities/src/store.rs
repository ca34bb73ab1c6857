//! Diesel queries for activities, notes, attachments and email templates. No rules here: the
//! services decide who may run them.

use crm_core::Timestamp;
use crm_core::id::{ActivityId, AttachmentId, BusinessUnitId, EmailTemplateId, NoteId, OwnerId};
use crm_core::security::AccessScope;
use crm_db::query::{self, BoxedCondition};
use crm_db::schema::{activities, attachments, email_templates, notes};
use crm_db::{AnyConnection, Native};
use diesel::prelude::*;

use crate::model::{
    ActivityRow, ActivityValues, Attachment, EmailTemplateRow, EmailTemplateValues, NoteRow,
    NoteValues,
};

crm_db::list_query! {
    /// A page of activities (up to `limit + 1` rows) under the given conditions, and the total.
    pub fn list_activities / activity_sort_key (activities) -> ActivityRow {
        id: activities::id,
        filters: {
            "id" => (activities::id, String),
            "created_at" => (activities::created_at, Timestamp),
            "updated_at" => (activities::updated_at, Timestamp),
            "scheduled_at" => (activities::scheduled_at, Timestamp),
            "subject" => (activities::subject, String),
            "activity_type" => (activities::activity_type, String),
            "status" => (activities::status, String),
            "priority" => (activities::priority, String),
            "direction" => (activities::direction.assume_not_null(), String),
            "regarding_type" => (activities::regarding_type.assume_not_null(), String),
            "regarding_id" => (activities::regarding_id.assume_not_null(), String),
            "due_at" => (activities::due_at.assume_not_null(), Timestamp),
            "starts_at" => (activities::starts_at.assume_not_null(), Timestamp),
            "completed_at" => (activities::completed_at.assume_not_null(), Timestamp),
            "owner_id" => (activities::owner_id, String),
            "business_unit_id" => (activities::business_unit_id, String),
        },
        sorts: {
            "created_at" => (activities::created_at, Timestamp, |r| r.created_at),
            "updated_at" => (activities::updated_at, Timestamp, |r| r.updated_at),
            "scheduled_at" => (activities::scheduled_at, Timestamp, |r| r.scheduled_at),
            "subject" => (activities::subject, Text, |r| r.subject.clone()),
        },
        search: [activities::subject],
    }
}

crm_db::list_query! {
    /// A page of notes (up to `limit + 1` rows) under the given conditions, and the total.
    pub fn list_notes / note_sort_key (notes) -> NoteRow {
        id: notes::id,
        filters: {
            "id" => (notes::id, String),
            "created_at" => (notes::created_at, Timestamp),
            "updated_at" => (notes::updated_at, Timestamp),
            "regarding_type" => (notes::regarding_type, String),
            "regarding_id" => (notes::regarding_id, String),
            "owner_id" => (notes::owner_id, String),
            "business_unit_id" => (notes::business_unit_id, String),
        },
        sorts: {
            "created_at" => (notes::created_at, Timestamp, |r| r.created_at),
            "updated_at" => (notes::updated_at, Timestamp, |r| r.updated_at),
        },
        search: [notes::subject.assume_not_null()],
    }
}

crm_db::list_query! {
    /// A page of email templates (up to `limit + 1` rows), and the total.
    pub fn list_templates / template_sort_key (email_templates) -> EmailTemplateRow {
        id: email_templates::id,
        filters: {
            "id" => (email_templates::id, String),
            "name" => (email_templates::name, String),
            "created_at" => (email_templates::created_at, Timestamp),
            "updated_at" => (email_templates::updated_at, Timestamp),
            "entity" => (email_templates::entity, String),
            "is_active" => (email_templates::is_active, bool),
        },
        sorts: {
            "name" => (email_templates::name, Text, |r| r.name.clone()),
            "created_at" => (email_templates::created_at, Timestamp, |r| r.created_at),
            "updated_at" => (email_templates::updated_at, Timestamp, |r| r.updated_at),
        },
        search: [email_templates::name],
    }
}

/// The caller's visibility over activities, as list conditions.
pub fn visible_activities(scope: &AccessScope) -> Vec<BoxedCondition<'static, activities::table>> {
    query::visible(scope, activities::owner_id, activities::business_unit_id)
        .into_iter()
        .collect()
}

/// The caller's visibility over notes, as list conditions.
pub fn visible_notes(scope: &AccessScope) -> Vec<BoxedCondition<'static, notes::table>> {
    query::visible(scope, notes::owner_id, notes::business_unit_id)
        .into_iter()
        .collect()
}

/// One activity within a scope.
pub fn find_activity(
    conn: &mut AnyConnection,
    scope: &AccessScope,
    id: &ActivityId,
) -> QueryResult<Option<ActivityRow>> {
    let mut q = activities::table
        .filter(activities::id.eq(id))
        .select(ActivityRow::as_select())
        .into_boxed();
    for visible in visible_activities(scope) {
        q = q.filter(visible);
    }
    q.get_result(conn).optional()
}

/// One note within a scope.
pub fn find_note(
    conn: &mut AnyConnection,
    scope: &AccessScope,
    id: &NoteId,
) -> QueryResult<Option<NoteRow>> {
    let mut q = notes::table
        .filter(notes::id.eq(id))
        .select(NoteRow::as_select())
        .into_boxed();
    for visible in visible_notes(scope) {
        q = q.filter(visible);
    }
    q.get_result(conn).optional()
}

/// Who owns a new record and when it is written.
pub struct Stamp<'a> {
    /// The owner and their business unit.
    pub owner: (&'a OwnerId, &'a BusinessUnitId),
    /// Who writes.
    pub actor: &'a str,
    /// When.
    pub now: Timestamp,
}

/// Inserts an activity with its status.
pub fn insert_activity(
    conn: &mut AnyConnection,
    id: &ActivityId,
    values: &ActivityValues,
    (status, completed_at): (&str, Option<Timestamp>),
    stamp: &Stamp<'_>,
) -> QueryResult<ActivityRow> {
    diesel::insert_into(activities::table)
        .values((
            values.clone(),
            activities::id.eq(id),
            activities::status.eq(status),
            activities::completed_at.eq(completed_at),
            activities::owner_id.eq(stamp.owner.0),
            activities::business_unit_id.eq(stamp.owner.1),
            activities::created_by.eq(stamp.actor),
            activities::updated_by.eq(stamp.actor),
            activities::created_at.eq(stamp.now),
            activities::updated_at.eq(stamp.now),
            activities::version.eq(1),
        ))
        .returning(activities::all_columns)
        .native_result(conn)
}

/// Writes an activity's fields and status if it is still at `version`; `None` if another write
/// came first.
pub fn update_activity(
    conn: &mut AnyConnection,
    id: &ActivityId,
    version: i64,
    values: &ActivityValues,
    (status, completed_at): (&str, Option<Timestamp>),
    actor: &str,
    now: Timestamp,
) -> QueryResult<Option<ActivityRow>> {
    diesel::update(
        activities::table
            .filter(activities::id.eq(id))
            .filter(activities::version.eq(version)),
    )
    .set((
        values,
        activities::status.eq(status),
        activities::completed_at.eq(completed_at),
        activities::updated_by.eq(actor),
        activities::updated_at.eq(now),
        activities::version.eq(version + 1),
    ))
    .returning(activities::all_columns)
    .native_result(conn)
    .optional()
}

/// Gives an activity to another owner if still at `version`.
pub fn set_activity_owner(
    conn: &mut AnyConnection,
    id: &ActivityId,
    version: i64,
    owner: (&OwnerId, &BusinessUnitId),
    actor: &str,
    now: Timestamp,
) -> QueryResult<Option<ActivityRow>> {
    diesel::update(
        activities::table
            .filter(activities::id.eq(id))
            .filter(activities::version.eq(version)),
    )
    .set((
        activities::owner_id.eq(owner.0),
        activities::business_unit_id.eq(owner.1),
        activities::updated_by.eq(actor),
        activities::updated_at.eq(now),
        activities::version.eq(version + 1),
    ))
    .returning(activities::all_columns)
    .native_result(conn)
    .optional()
}

/// Deletes an activity if it is still at `version`.
pub fn delete_activity(
    conn: &mut AnyConnection,
    id: &ActivityId,
    version: i64,
) -> QueryResult<bool> {
    diesel::delete(
        activities::table
            .filter(activities::id.eq(id))
            .filter(activities::version.eq(version)),
    )
    .execute(conn)
    .map(|n| n == 1)
}

/// Inserts a note.
pub fn insert_note(
    conn: &mut AnyConnection,
    id: &NoteId,
    values: &NoteValues,
    stamp: &Stamp<'_>,
) -> QueryResult<NoteRow> {
    diesel::insert_into(notes::table)
        .values((
            values.clone(),
            notes::id.eq(id),
            notes::owner_id.eq(stamp.owner.0),
            notes::business_unit_id.eq(stamp.owner.1),
            notes::created_by.eq(stamp.actor),
            notes::updated_by.eq(stamp.actor),
            notes::created_at.eq(stamp.now),
            notes::updated_at.eq(stamp.now),
            notes::version.eq(1),
        ))
        .returning(notes::all_columns)
        .native_result(conn)
}

/// Writes a note's fields (and, with `owner`, its owner) if it is still at `version`.
pub fn update_note(
    conn: &mut AnyConnection,
    id: &NoteId,
    version: i64,
    values: &NoteValues,
    owner: (&OwnerId, &BusinessUnitId),
    actor: &str,
    now: Timestamp,
) -> QueryResult<Option<NoteRow>> {
    diesel::update(
        notes::table
            .filter(notes::id.eq(id))
            .filter(notes::version.eq(version)),
    )
    .set((
        values,
        notes::owner_id.eq(owner.0),
        notes::business_unit_id.eq(owner.1),
        notes::updated_by.eq(actor),
        notes::updated_at.eq(now),
        notes::version.eq(version + 1),
    ))
    .returning(notes::all_columns)
    .native_result(conn)
    .optional()
}

/// Deletes a note and its attachment rows if it is still at `version`.
pub fn delete_note(conn: &mut AnyConnection, id: &NoteId, version: i64) -> QueryResult<bool> {
    diesel::delete(attachments::table.filter(attachments::note_id.eq(id))).execute(conn)?;
    diesel::delete(
        notes::table
            .filter(notes::id.eq(id))
            .filter(notes::version.eq(version)),
    )
    .execute(conn)
    .map(|n| n == 1)
}

/// The attachments of notes, oldest first, in one query.
pub fn attachments_of(
    conn: &mut AnyConnection,
    note_ids: &[NoteId],
) -> QueryResult<Vec<Attachment>> {
    if note_ids.is_empty() {
        return Ok(Vec::new());
    }
    attachments::table
        .filter(attachments::note_id.eq_any(note_ids))
        .order((attachments::created_at, attachments::id))
        .select(Attachment::as_select())
        .load(conn)
}

/// One attachment.
pub fn find_attachment(
    conn: &mut AnyConnection,
    id: &AttachmentId,
) -> QueryResult<Option<Attachment>> {
    attachments::table
        .filter(attachments::id.eq(id))
        .select(Attachment::as_select())
        .get_result(conn)
        .optional()
}

/// Records an attachment.
pub fn insert_attachment(conn: &mut AnyConnection, attachment: &Attachment) -> QueryResult<()> {
    diesel::insert_into(attachments::table)
        .values((
            attachments::id.eq(&attachment.id),
            attachments::note_id.eq(&attachment.note_id),
            attachments::file_name.eq(&attachment.file_name),
            attachments::content_type.eq(&attachment.content_type),
            attachments::size_bytes.eq(attachment.size_bytes),
            attachments::sha256.eq(&attachment.sha256),
            attachments::created_by.eq(&attachment.created_by),
            attachments::created_at.eq(attachment.created_at),
        ))
        .execute(conn)?;
    Ok(())
}

/// Removes an attachment's row.
pub fn delete_attachment(conn: &mut AnyConnection, id: &AttachmentId) -> QueryResult<bool> {
    diesel::delete(attachments::table.filter(attachments::id.eq(id)))
        .execute(conn)
        .map(|n| n == 1)
}

/// Moves a note's version on (its attachments changed) if it is still at `version`.
pub fn bump_note(
    conn: &mut AnyConnection,
    id: &NoteId,
    version: i64,
    actor: &str,
    now: Timestamp,
) -> QueryResult<Option<NoteRow>> {
    diesel::update(
        notes::table
            .filter(notes::id.eq(id))
            .filter(notes::version.eq(version)),
    )
    .set((
        notes::updated_by.eq(actor),
        notes::updated_at.eq(now),
        notes::version.eq(version + 1),
    ))
    .returning(notes::all_columns)
    .native_result(conn)
    .optional()
}

/// One email template.
pub fn find_template(
    conn: &mut AnyConnection,
    id: &EmailTemplateId,
) -> QueryResult<Option<EmailTemplateRow>> {
    email_templates::table
        .filter(email_templates::id.eq(id))
        .select(EmailTemplateRow::as_select())
        .get_result(conn)
        .optional()
}

/// Whether another template has this name.
pub fn template_name_taken(
    conn: &mut AnyConnection,
    name: &str,
    except: Option<&EmailTemplateId>,
) -> QueryResult<bool> {
    let mut q = email_templates::table
        .filter(email_templates::name.eq(name.to_owned()))
        .select(email_templates::id)
        .into_boxed();
    if let Some(except) = except {
        q = q.filter(email_templates::id.ne(except.clone()));
    }
    Ok(q.first::<EmailTemplateId>(conn).optional()?.is_some())
}

/// Inserts an email template.
pub fn insert_template(
    conn: &mut AnyConnection,
    id: &EmailTemplateId,
    values: &EmailTemplateValues,
    actor: &str,
    now: Timestamp,
) -> QueryResult<EmailTemplateRow> {
    diesel::insert_into(email_templates::table)
        .values((
            values.clone(),
            email_templates::id.eq(id),
            email_templates::created_by.eq(actor),
            email_templates::updated_by.eq(actor),
            email_templates::created_at.eq(now),
            email_templates::updated_at.eq(now),
            email_templates::version.eq(1),
        ))
        .returning(email_templates::all_columns)
        .native_result(conn)
}

/// Writes a template's fields if it is still at `version`.
pub fn update_template(
    conn: &mut AnyConnection,
    id: &EmailTemplateId,
    version: i64,
    values: &EmailTemplateValues,
    actor: &str,
    now: Timestamp,
) -> QueryResult<Option<EmailTemplateRow>> {
    diesel::update(
        email_templates::table
            .filter(email_templates::id.eq(id))
            .filter(email_templates::version.eq(version)),
    )
    .set((
        values,
        email_templates::updated_by.eq(actor),
        email_templates::updated_at.eq(now),
        email_templates::version.eq(version + 1),
    ))
    .returning(email_templates::all_columns)
    .native_result(conn)
    .optional()
}

/// Deletes a template if it is still at `version`; emails written from it keep its id.
pub fn delete_template(
    conn: &mut AnyConnection,
    id: &EmailTemplateId,
    version: i64,
) -> QueryResult<bool> {
    diesel::delete(
        email_templates::table
            .filter(email_templates::id.eq(id))
            .filter(email_templates::version.eq(version)),
    )
    .execute(conn)
    .map(|n| n == 1)
}
