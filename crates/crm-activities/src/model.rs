//! What activities, notes, attachments and email templates are, what is written to make or change
//! them, and what their lists accept.

use crm_core::Timestamp;
use crm_core::id::{
    ActivityId, AttachmentId, BusinessUnitId, EmailTemplateId, NoteId, OwnerId, UserId,
};
use crm_core::list::{FieldKind, FieldSpec, ListSpec, Sort};
use crm_core::record_fields;
use crm_core::security::entities;
use crm_db::schema::{activities, attachments, email_templates, notes};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crm_core::api_words as words;

words! {
    /// What kind of activity.
    ActivityType {
        /// Something to do, by a due date.
        Task => "task",
        /// A call with the customer, incoming or outgoing.
        PhoneCall => "phone_call",
        /// A meeting, from a start to an end.
        Appointment => "appointment",
        /// An email to or from the customer.
        Email => "email",
    }
}

words! {
    /// Where an activity is: `open -> completed | cancelled`.
    ActivityStatus {
        /// To be done.
        Open => "open",
        /// Done.
        Completed => "completed",
        /// Not done, and not to be.
        Cancelled => "cancelled",
    }
}

words! {
    /// How urgent an activity is.
    Priority {
        /// Can wait.
        Low => "low",
        /// The usual.
        Normal => "normal",
        /// First.
        High => "high",
    }
}

words! {
    /// Who started a call or an email.
    Direction {
        /// The customer.
        Incoming => "incoming",
        /// We did.
        Outgoing => "outgoing",
    }
}

words! {
    /// The kinds of record activities and notes regard (and that have a timeline).
    RegardingType {
        /// An account.
        Accounts => "accounts",
        /// A contact.
        Contacts => "contacts",
        /// A lead.
        Leads => "leads",
        /// An opportunity.
        Opportunities => "opportunities",
        /// A case.
        Cases => "cases",
    }
}

impl RegardingType {
    /// The entity whose privileges guard the record.
    pub fn entity(self) -> &'static str {
        match self {
            RegardingType::Accounts => entities::ACCOUNTS,
            RegardingType::Contacts => entities::CONTACTS,
            RegardingType::Leads => entities::LEADS,
            RegardingType::Opportunities => entities::OPPORTUNITIES,
            RegardingType::Cases => entities::CASES,
        }
    }
}

record_fields! {
    /// The writable fields of an activity: the body of a creation. `activity_type` and `subject`
    /// are required; an appointment needs `starts_at` and `ends_at`.
    fields ActivityFields;
    /// The fields of an open activity to change: absent fields stay as they are, `null` clears.
    /// Its type does not change; its status changes through `complete`, `cancel` and `reopen`.
    patch ActivityPatch;
    {
        /// `task`, `phone_call`, `appointment` or `email`.
        activity_type: ActivityType [required],
        /// What it is about ("Call back about the 500 licenses").
        #[schema(example = "Follow-up call about the proposal")]
        subject: String [required],
        /// Details, minutes of a meeting, the body of an email.
        description: String,
        /// `open` (default) or `completed` to log what already happened.
        status: ActivityStatus,
        /// `low`, `normal` (default) or `high`.
        priority: Priority,
        /// Calls and emails: `incoming` or `outgoing` (default).
        direction: Direction,
        /// The kind of record the activity regards; with `regarding_id`.
        regarding_type: RegardingType,
        /// The record the activity regards (an account, contact, lead or opportunity the caller
        /// can see).
        #[schema(format = Uuid)]
        regarding_id: String,
        /// When a task, call or email is due.
        due_at: Timestamp,
        /// When an appointment starts.
        starts_at: Timestamp,
        /// When an appointment ends (not before it starts).
        ends_at: Timestamp,
        /// How long it took or will take, in minutes, up to a week (an appointment's default: its
        /// length).
        #[schema(minimum = 0, maximum = 10080)]
        duration_minutes: i64,
        /// Where an appointment takes place.
        location: String,
        /// The number a call is made to or from.
        phone_number: String,
        /// An email's recipients, comma-separated addresses.
        to_address: String,
        /// The email template an email was written from.
        email_template_id: EmailTemplateId,
    }
}

/// Something done, or to be done, with a customer.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Activity {
    /// The activity's id.
    pub id: ActivityId,
    /// What kind of activity.
    pub activity_type: ActivityType,
    /// What it is about.
    pub subject: String,
    /// Details, minutes, the body of an email.
    pub description: Option<String>,
    /// Where it is in its life cycle.
    pub status: ActivityStatus,
    /// How urgent it is.
    pub priority: Priority,
    /// Calls and emails: who started it.
    pub direction: Option<Direction>,
    /// The kind of record it regards.
    pub regarding_type: Option<RegardingType>,
    /// The record it regards.
    #[schema(format = Uuid)]
    pub regarding_id: Option<String>,
    /// When it is due (tasks, calls, emails).
    pub due_at: Option<Timestamp>,
    /// When it starts (appointments).
    pub starts_at: Option<Timestamp>,
    /// When it ends (appointments).
    pub ends_at: Option<Timestamp>,
    /// When it is planned: the start of an appointment, else the due time, else its creation.
    /// Lists sort by it (a user's agenda).
    pub scheduled_at: Timestamp,
    /// How long it took or will take, in minutes.
    pub duration_minutes: Option<i64>,
    /// Where an appointment takes place.
    pub location: Option<String>,
    /// The number of a call.
    pub phone_number: Option<String>,
    /// An email's recipients.
    pub to_address: Option<String>,
    /// The template an email was written from.
    pub email_template_id: Option<EmailTemplateId>,
    /// When it was completed or cancelled.
    pub completed_at: Option<Timestamp>,
    /// Who owns it.
    pub owner_id: OwnerId,
    /// The owner's business unit when it was given to them.
    pub business_unit_id: BusinessUnitId,
    /// Who created it.
    pub created_by: Option<UserId>,
    /// Who last changed it.
    pub updated_by: Option<UserId>,
    /// When it was created.
    pub created_at: Timestamp,
    /// When it last changed.
    pub updated_at: Timestamp,
    /// Grows with every change; send it back in `If-Match`.
    pub version: i64,
}

/// An activity as stored.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = activities)]
pub struct ActivityRow {
    pub(crate) id: ActivityId,
    pub(crate) activity_type: String,
    pub(crate) subject: String,
    pub(crate) description: Option<String>,
    pub(crate) status: String,
    pub(crate) priority: String,
    pub(crate) direction: Option<String>,
    pub(crate) regarding_type: Option<String>,
    pub(crate) regarding_id: Option<String>,
    pub(crate) due_at: Option<Timestamp>,
    pub(crate) starts_at: Option<Timestamp>,
    pub(crate) ends_at: Option<Timestamp>,
    pub(crate) scheduled_at: Timestamp,
    pub(crate) duration_minutes: Option<i64>,
    pub(crate) location: Option<String>,
    pub(crate) phone_number: Option<String>,
    pub(crate) to_address: Option<String>,
    pub(crate) email_template_id: Option<EmailTemplateId>,
    pub(crate) completed_at: Option<Timestamp>,
    pub(crate) owner_id: OwnerId,
    pub(crate) business_unit_id: BusinessUnitId,
    pub(crate) created_by: Option<UserId>,
    pub(crate) updated_by: Option<UserId>,
    pub(crate) created_at: Timestamp,
    pub(crate) updated_at: Timestamp,
    pub(crate) version: i64,
}

impl From<ActivityRow> for Activity {
    fn from(row: ActivityRow) -> Self {
        Activity {
            id: row.id,
            activity_type: ActivityType::parse(&row.activity_type).unwrap_or(ActivityType::Task),
            subject: row.subject,
            description: row.description,
            status: ActivityStatus::parse(&row.status).unwrap_or(ActivityStatus::Open),
            priority: Priority::parse(&row.priority).unwrap_or(Priority::Normal),
            direction: row.direction.as_deref().and_then(Direction::parse),
            regarding_type: row.regarding_type.as_deref().and_then(RegardingType::parse),
            regarding_id: row.regarding_id,
            due_at: row.due_at,
            starts_at: row.starts_at,
            ends_at: row.ends_at,
            scheduled_at: row.scheduled_at,
            duration_minutes: row.duration_minutes,
            location: row.location,
            phone_number: row.phone_number,
            to_address: row.to_address,
            email_template_id: row.email_template_id,
            completed_at: row.completed_at,
            owner_id: row.owner_id,
            business_unit_id: row.business_unit_id,
            created_by: row.created_by,
            updated_by: row.updated_by,
            created_at: row.created_at,
            updated_at: row.updated_at,
            version: row.version,
        }
    }
}

impl Activity {
    /// The writable fields as they are now (the base a patch applies to).
    pub fn fields(&self) -> ActivityFields {
        ActivityFields {
            activity_type: Some(self.activity_type),
            subject: Some(self.subject.clone()),
            description: self.description.clone(),
            status: Some(self.status),
            priority: Some(self.priority),
            direction: self.direction,
            regarding_type: self.regarding_type,
            regarding_id: self.regarding_id.clone(),
            due_at: self.due_at,
            starts_at: self.starts_at,
            ends_at: self.ends_at,
            duration_minutes: self.duration_minutes,
            location: self.location.clone(),
            phone_number: self.phone_number.clone(),
            to_address: self.to_address.clone(),
            email_template_id: self.email_template_id.clone(),
        }
    }
}

/// Validated activity fields, ready to store.
#[derive(Debug, Clone, Insertable, AsChangeset)]
#[diesel(table_name = activities, treat_none_as_null = true, treat_none_as_default_value = false)]
pub struct ActivityValues {
    pub(crate) activity_type: String,
    pub(crate) subject: String,
    pub(crate) description: Option<String>,
    pub(crate) priority: String,
    pub(crate) direction: Option<String>,
    pub(crate) regarding_type: Option<String>,
    pub(crate) regarding_id: Option<String>,
    pub(crate) due_at: Option<Timestamp>,
    pub(crate) starts_at: Option<Timestamp>,
    pub(crate) ends_at: Option<Timestamp>,
    pub(crate) scheduled_at: Timestamp,
    pub(crate) duration_minutes: Option<i64>,
    pub(crate) location: Option<String>,
    pub(crate) phone_number: Option<String>,
    pub(crate) to_address: Option<String>,
    pub(crate) email_template_id: Option<EmailTemplateId>,
}

/// Closing an activity (`complete`): how long it took, and what came of it, both optional.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Completion {
    /// How long it took, in minutes, up to a week (kept as it was when absent).
    #[serde(default)]
    #[schema(minimum = 0, maximum = 10080)]
    pub duration_minutes: Option<i64>,
    /// What came of it, added to the description.
    #[serde(default)]
    pub outcome: Option<String>,
}

/// What activity lists accept.
pub const ACTIVITY_LIST: ListSpec = ListSpec {
    resource: "activities",
    fields: &[
        FieldSpec::sortable("created_at", FieldKind::Timestamp),
        FieldSpec::sortable("updated_at", FieldKind::Timestamp),
        FieldSpec::sortable("scheduled_at", FieldKind::Timestamp),
        FieldSpec::sortable("subject", FieldKind::Text),
        FieldSpec::filter("id", FieldKind::Id, false),
        FieldSpec::filter(
            "activity_type",
            FieldKind::Choice(ActivityType::WORDS),
            false,
        ),
        FieldSpec::filter("status", FieldKind::Choice(ActivityStatus::WORDS), false),
        FieldSpec::filter("priority", FieldKind::Choice(Priority::WORDS), false),
        FieldSpec::filter("direction", FieldKind::Choice(Direction::WORDS), true),
        FieldSpec::filter(
            "regarding_type",
            FieldKind::Choice(RegardingType::WORDS),
            true,
        ),
        FieldSpec::filter("regarding_id", FieldKind::Id, true),
        FieldSpec::filter("due_at", FieldKind::Timestamp, true),
        FieldSpec::filter("starts_at", FieldKind::Timestamp, true),
        FieldSpec::filter("completed_at", FieldKind::Timestamp, true),
        FieldSpec::filter("owner_id", FieldKind::Id, false),
        FieldSpec::filter("business_unit_id", FieldKind::Id, false),
    ],
    search_fields: &["subject"],
    default_sort: Sort::NEWEST_FIRST,
};

record_fields! {
    /// The writable fields of a note: the body of a creation. A note regards a record and has a
    /// `subject` or a `body`; files are attached to it afterwards.
    fields NoteFields;
    /// The fields of a note to change: absent fields stay as they are, `null` clears.
    patch NotePatch;
    {
        /// A title ("Meeting minutes").
        #[schema(example = "Price list sent")]
        subject: String,
        /// The text of the note (plain text).
        body: String,
        /// The kind of record the note is on.
        regarding_type: RegardingType [required],
        /// The record the note is on (one the caller can see).
        #[schema(format = Uuid)]
        regarding_id: String [required],
    }
}

/// A note on a record, with its attached files.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Note {
    /// The note's id.
    pub id: NoteId,
    /// A title.
    pub subject: Option<String>,
    /// The text.
    pub body: Option<String>,
    /// The kind of record it is on.
    pub regarding_type: RegardingType,
    /// The record it is on.
    #[schema(format = Uuid)]
    pub regarding_id: String,
    /// The files attached to it, oldest first.
    pub attachments: Vec<Attachment>,
    /// Who owns it.
    pub owner_id: OwnerId,
    /// The owner's business unit.
    pub business_unit_id: BusinessUnitId,
    /// Who created it.
    pub created_by: Option<UserId>,
    /// Who last changed it.
    pub updated_by: Option<UserId>,
    /// When it was created.
    pub created_at: Timestamp,
    /// When it last changed.
    pub updated_at: Timestamp,
    /// Grows with every change (attachments included); send it back in `If-Match`.
    pub version: i64,
}

/// A note as stored.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = notes)]
pub struct NoteRow {
    pub(crate) id: NoteId,
    pub(crate) subject: Option<String>,
    pub(crate) body: Option<String>,
    pub(crate) regarding_type: String,
    pub(crate) regarding_id: String,
    pub(crate) owner_id: OwnerId,
    pub(crate) business_unit_id: BusinessUnitId,
    pub(crate) created_by: Option<UserId>,
    pub(crate) updated_by: Option<UserId>,
    pub(crate) created_at: Timestamp,
    pub(crate) updated_at: Timestamp,
    pub(crate) version: i64,
}

impl NoteRow {
    /// The note with its attachments.
    pub fn with(self, attachments: Vec<Attachment>) -> Note {
        Note {
            id: self.id,
            subject: self.subject,
            body: self.body,
            regarding_type: RegardingType::parse(&self.regarding_type)
                .unwrap_or(RegardingType::Accounts),
            regarding_id: self.regarding_id,
            attachments,
            owner_id: self.owner_id,
            business_unit_id: self.business_unit_id,
            created_by: self.created_by,
            updated_by: self.updated_by,
            created_at: self.created_at,
            updated_at: self.updated_at,
            version: self.version,
        }
    }
}

impl Note {
    /// The writable fields as they are now.
    pub fn fields(&self) -> NoteFields {
        NoteFields {
            subject: self.subject.clone(),
            body: self.body.clone(),
            regarding_type: Some(self.regarding_type),
            regarding_id: Some(self.regarding_id.clone()),
        }
    }
}

/// Validated note fields, ready to store.
#[derive(Debug, Clone, Insertable, AsChangeset)]
#[diesel(table_name = notes, treat_none_as_null = true, treat_none_as_default_value = false)]
pub struct NoteValues {
    pub(crate) subject: Option<String>,
    pub(crate) body: Option<String>,
    pub(crate) regarding_type: String,
    pub(crate) regarding_id: String,
}

/// What note lists accept.
pub const NOTE_LIST: ListSpec = ListSpec {
    resource: "notes",
    fields: &[
        FieldSpec::sortable("created_at", FieldKind::Timestamp),
        FieldSpec::sortable("updated_at", FieldKind::Timestamp),
        FieldSpec::filter("id", FieldKind::Id, false),
        FieldSpec::filter(
            "regarding_type",
            FieldKind::Choice(RegardingType::WORDS),
            false,
        ),
        FieldSpec::filter("regarding_id", FieldKind::Id, false),
        FieldSpec::filter("owner_id", FieldKind::Id, false),
        FieldSpec::filter("business_unit_id", FieldKind::Id, false),
    ],
    search_fields: &["subject"],
    default_sort: Sort::NEWEST_FIRST,
};

/// A file attached to a note. Its bytes are at `GET /api/v1/attachments/{id}/content`.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema, Queryable, Selectable)]
#[diesel(table_name = attachments)]
pub struct Attachment {
    /// The attachment's id.
    pub id: AttachmentId,
    /// The note it is attached to.
    pub note_id: NoteId,
    /// The file's name as uploaded.
    pub file_name: String,
    /// Its media type as uploaded (`application/pdf`).
    pub content_type: String,
    /// Its size in bytes.
    pub size_bytes: i64,
    /// The SHA-256 of its bytes, hex.
    pub sha256: String,
    /// Who uploaded it.
    pub created_by: Option<UserId>,
    /// When it was uploaded.
    pub created_at: Timestamp,
}

record_fields! {
    /// The writable fields of an email template: the body of a creation. `subject` and `body`
    /// hold placeholders such as `{{first_name}}` or `{{user.full_name}}`, filled from a record
    /// of `entity` and from the sender.
    fields EmailTemplateFields;
    /// The fields of an email template to change: absent fields stay as they are.
    patch EmailTemplatePatch;
    {
        /// The template's name, unique ("Thank you for the meeting").
        #[schema(example = "Thank you for the meeting")]
        name: String [required],
        /// The kind of record it is written for: its fields are the placeholders.
        entity: RegardingType [required],
        /// The email's subject, with placeholders.
        #[schema(example = "Thank you, {{first_name}}")]
        subject: String [required],
        /// The email's text, with placeholders.
        #[schema(example = "Dear {{full_name}},\n\nthank you for meeting us.\n\n{{user.full_name}}")]
        body: String [required],
        /// What the template is for.
        description: String,
        /// Whether it is offered (default true); retired templates stay for the emails sent
        /// from them.
        is_active: bool,
    }
}

/// A reusable email with placeholders filled from a record.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct EmailTemplate {
    /// The template's id.
    pub id: EmailTemplateId,
    /// Its unique name.
    pub name: String,
    /// The kind of record it is written for.
    pub entity: RegardingType,
    /// The subject, with placeholders.
    pub subject: String,
    /// The text, with placeholders.
    pub body: String,
    /// What it is for.
    pub description: Option<String>,
    /// Whether it is offered.
    pub is_active: bool,
    /// The placeholders it uses, in order of first use.
    pub placeholders: Vec<String>,
    /// Who created it.
    pub created_by: Option<UserId>,
    /// Who last changed it.
    pub updated_by: Option<UserId>,
    /// When it was created.
    pub created_at: Timestamp,
    /// When it last changed.
    pub updated_at: Timestamp,
    /// Grows with every change; send it back in `If-Match`.
    pub version: i64,
}

/// An email template as stored.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = email_templates)]
pub struct EmailTemplateRow {
    pub(crate) id: EmailTemplateId,
    pub(crate) name: String,
    pub(crate) entity: String,
    pub(crate) subject: String,
    pub(crate) body: String,
    pub(crate) description: Option<String>,
    pub(crate) is_active: bool,
    pub(crate) created_by: Option<UserId>,
    pub(crate) updated_by: Option<UserId>,
    pub(crate) created_at: Timestamp,
    pub(crate) updated_at: Timestamp,
    pub(crate) version: i64,
}

impl From<EmailTemplateRow> for EmailTemplate {
    fn from(row: EmailTemplateRow) -> Self {
        let mut placeholders = crate::templates::placeholders(&row.subject).unwrap_or_default();
        for name in crate::templates::placeholders(&row.body).unwrap_or_default() {
            if !placeholders.contains(&name) {
                placeholders.push(name);
            }
        }
        EmailTemplate {
            id: row.id,
            name: row.name,
            entity: RegardingType::parse(&row.entity).unwrap_or(RegardingType::Contacts),
            subject: row.subject,
            body: row.body,
            description: row.description,
            is_active: row.is_active,
            placeholders,
            created_by: row.created_by,
            updated_by: row.updated_by,
            created_at: row.created_at,
            updated_at: row.updated_at,
            version: row.version,
        }
    }
}

impl EmailTemplate {
    /// The writable fields as they are now.
    pub fn fields(&self) -> EmailTemplateFields {
        EmailTemplateFields {
            name: Some(self.name.clone()),
            entity: Some(self.entity),
            subject: Some(self.subject.clone()),
            body: Some(self.body.clone()),
            description: self.description.clone(),
            is_active: Some(self.is_active),
        }
    }
}

/// Validated template fields, ready to store.
#[derive(Debug, Clone, Insertable, AsChangeset)]
#[diesel(table_name = email_templates, treat_none_as_null = true, treat_none_as_default_value = false)]
pub struct EmailTemplateValues {
    pub(crate) name: String,
    pub(crate) entity: String,
    pub(crate) subject: String,
    pub(crate) body: String,
    pub(crate) description: Option<String>,
    pub(crate) is_active: bool,
}

/// What email template lists accept.
pub const EMAIL_TEMPLATE_LIST: ListSpec = ListSpec {
    resource: "email-templates",
    fields: &[
        FieldSpec::sortable("name", FieldKind::Text),
        FieldSpec::sortable("created_at", FieldKind::Timestamp),
        FieldSpec::sortable("updated_at", FieldKind::Timestamp),
        FieldSpec::filter("id", FieldKind::Id, false),
        FieldSpec::filter("entity", FieldKind::Choice(RegardingType::WORDS), false),
        FieldSpec::filter("is_active", FieldKind::Bool, false),
    ],
    search_fields: &["name"],
    default_sort: Sort {
        field: "name",
        descending: false,
    },
};

/// The record a template is rendered against (`POST /email-templates/{id}/render`).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RenderRequest {
    /// The record's id; of the template's `entity`.
    #[schema(format = Uuid)]
    pub regarding_id: String,
}

/// A template filled from a record: ready to send, or to log as an email activity.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct RenderedEmail {
    /// The template.
    pub email_template_id: EmailTemplateId,
    /// The subject with its placeholders filled.
    pub subject: String,
    /// The text with its placeholders filled.
    pub body: String,
    /// The record's email address, where it has one: the recipient.
    pub to_address: Option<String>,
    /// Placeholders the record left empty (filled with nothing).
    pub empty_placeholders: Vec<String>,
}

words! {
    /// What a timeline entry is.
    TimelineKind {
        /// An activity regarding the record or a child.
        Activity => "activity",
        /// A note on the record or a child.
        Note => "note",
        /// A change of the record or a child (creation, field changes, stage changes).
        Change => "change",
    }
}

/// One entry of a record's timeline: exactly one of `activity`, `note` and `change` is set.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct TimelineEntry {
    /// What the entry is.
    pub kind: TimelineKind,
    /// When it happened (created, or changed): the timeline's order, newest first.
    pub at: Timestamp,
    /// The kind of record it belongs to: the record itself or one of its children.
    pub record_type: RegardingType,
    /// The record it belongs to.
    #[schema(format = Uuid)]
    pub record_id: String,
    /// The activity, for `activity` entries.
    pub activity: Option<Activity>,
    /// The note, for `note` entries.
    pub note: Option<Note>,
    /// The change, for `change` entries.
    pub change: Option<crm_core::changes::Change>,
}

/// What timelines accept: `kind[in]=activity,note` narrows them.
pub const TIMELINE_LIST: ListSpec = ListSpec {
    resource: "timeline",
    fields: &[
        FieldSpec::sort_only("at", FieldKind::Timestamp),
        FieldSpec::filter("kind", FieldKind::Choice(TimelineKind::WORDS), false),
    ],
    search_fields: &[],
    default_sort: Sort {
        field: "at",
        descending: true,
    },
};
