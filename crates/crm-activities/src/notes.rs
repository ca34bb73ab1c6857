//! The rules for notes and their attachments: privileges, validation, the change log. A note
//! regards a record the caller can see; its files follow its privileges (reading the note reads
//! them, changing it adds or removes them).

use crm_core::changes::{Change, Recordable};
use crm_core::error::check_version;
use crm_core::id::{AttachmentId, NoteId, OwnerId};
use crm_core::list::{ListQuery, Page};
use crm_core::security::{AccessScope, Action, Assignment, Ctx, entities};
use crm_core::validate::Validator;
use crm_core::{DomainError, DomainResult};
use crm_db::{AnyConnection, changes, lock_for_update, write_transaction};

use crate::model::{Attachment, Note, NoteFields, NotePatch, NoteRow, NoteValues};
use crate::regarding;
use crate::service::owner_unit;
use crate::store::{self, Stamp};

const NOTE: &str = "note";
const ATTACHMENT: &str = "attachment";

impl Recordable for Note {
    const ENTITY: &'static str = entities::NOTES;
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

/// Validates note fields, listing every failing field; the record it regards must be one the
/// caller can see, unless it is the one the note (`current`) is on already.
pub fn note_values(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    fields: NoteFields,
    current: Option<&Note>,
) -> DomainResult<NoteValues> {
    let mut v = Validator::new();
    let subject = v.text("subject", fields.subject, 200);
    let body = v.text("body", fields.body, 100_000);
    if subject.is_none() && body.is_none() && !v.has("subject") && !v.has("body") {
        v.add("body", "required", "a note needs a subject or a body");
    }
    let unchanged = current.is_some_and(|c| {
        fields.regarding_type == Some(c.regarding_type)
            && fields.regarding_id.as_deref() == Some(c.regarding_id.as_str())
    });
    let regarding_id = if unchanged {
        fields.regarding_id.clone()
    } else {
        regarding::check(
            conn,
            ctx,
            &mut v,
            fields.regarding_type,
            fields.regarding_id.as_deref(),
            true,
        )?
    };
    v.finish()?;
    Ok(NoteValues {
        subject,
        body,
        regarding_type: fields
            .regarding_type
            .map(|t| t.as_str().to_owned())
            .unwrap_or_default(),
        regarding_id: regarding_id.unwrap_or_default(),
    })
}

/// Notes with their attachments (one query for all of them).
pub fn with_attachments(conn: &mut AnyConnection, rows: Vec<NoteRow>) -> DomainResult<Vec<Note>> {
    let ids: Vec<NoteId> = rows.iter().map(|r| r.id.clone()).collect();
    let mut files = store::attachments_of(conn, &ids)?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let (mine, rest): (Vec<_>, Vec<_>) = files.drain(..).partition(|a| a.note_id == row.id);
            files = rest;
            row.with(mine)
        })
        .collect())
}

fn one(conn: &mut AnyConnection, row: NoteRow) -> DomainResult<Note> {
    with_attachments(conn, vec![row])?
        .pop()
        .ok_or(DomainError::not_found(NOTE))
}

/// A page of the notes the caller may read.
pub fn list_notes(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    list: &ListQuery,
) -> DomainResult<Page<Note>> {
    let scope = ctx.principal.require(entities::NOTES, Action::Read)?;
    let (rows, total) = store::list_notes(conn, || store::visible_notes(&scope), list)?;
    let page = Page::from_rows(rows, list, total, |r| {
        store::note_sort_key(r, list.sort.field)
    });
    let notes = with_attachments(conn, page.data)?;
    Ok(Page {
        data: notes,
        next_cursor: page.next_cursor,
        total: page.total,
    })
}

/// One note, if the caller may read it.
pub fn get_note(conn: &mut AnyConnection, ctx: &Ctx, id: &NoteId) -> DomainResult<Note> {
    let scope = ctx.principal.require(entities::NOTES, Action::Read)?;
    let row = store::find_note(conn, &scope, id)?.ok_or(DomainError::not_found(NOTE))?;
    one(conn, row)
}

/// Creates a note owned by the caller on a record they can see.
pub fn create_note(conn: &mut AnyConnection, ctx: &Ctx, fields: NoteFields) -> DomainResult<Note> {
    ctx.principal.require(entities::NOTES, Action::Create)?;
    write_transaction(conn, |conn| {
        let values = note_values(conn, ctx, fields, None)?;
        let owner = OwnerId::from(ctx.principal.user_id.clone());
        let row = store::insert_note(
            conn,
            &NoteId::new(),
            &values,
            &Stamp {
                owner: (&owner, &ctx.principal.business_unit_id),
                actor: ctx.actor(),
                now: ctx.now,
            },
        )?;
        let note = row.with(Vec::new());
        changes::log(conn, Some(ctx.actor()), ctx.now, None, Some(&note))?;
        Ok(note)
    })
}

fn require_in_scope(scope: &AccessScope, note: &Note, action: Action) -> DomainResult<()> {
    if scope.allows(note.owner_id.as_str(), note.business_unit_id.as_str()) {
        Ok(())
    } else {
        Err(DomainError::forbidden(entities::NOTES, action.as_str()))
    }
}

/// Reads, locks and checks a note for a change by the caller.
fn for_change(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &NoteId,
    action: Action,
) -> DomainResult<Note> {
    let read = ctx.principal.require(entities::NOTES, Action::Read)?;
    let act = ctx.principal.require(entities::NOTES, action)?;
    lock_for_update(conn, "notes", id.as_str())?;
    let row = store::find_note(conn, &read, id)?.ok_or(DomainError::not_found(NOTE))?;
    let current = one(conn, row)?;
    require_in_scope(&act, &current, action)?;
    Ok(current)
}

fn saved(row: Option<NoteRow>) -> DomainResult<NoteRow> {
    row.ok_or(DomainError::conflict(
        "the note changed while it was being saved; try again",
    ))
}

fn values_of(note: &Note) -> NoteValues {
    NoteValues {
        subject: note.subject.clone(),
        body: note.body.clone(),
        regarding_type: note.regarding_type.as_str().to_owned(),
        regarding_id: note.regarding_id.clone(),
    }
}

/// Changes the fields a patch sends.
pub fn update_note(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &NoteId,
    patch: NotePatch,
    if_match: Option<i64>,
) -> DomainResult<Note> {
    write_transaction(conn, |conn| {
        let current = for_change(conn, ctx, id, Action::Update)?;
        let mut fields = current.fields();
        patch.apply_to(&mut fields);
        if fields == current.fields() {
            check_version(if_match, current.version)?;
            return Ok(current);
        }
        let values = note_values(conn, ctx, fields, Some(&current))?;
        check_version(if_match, current.version)?;
        let row = saved(store::update_note(
            conn,
            id,
            current.version,
            &values,
            (&current.owner_id, &current.business_unit_id),
            ctx.actor(),
            ctx.now,
        )?)?;
        let updated = row.with(current.attachments.clone());
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

/// Gives a note to another owner; it moves to the owner's business unit.
pub fn assign_note(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &NoteId,
    assignment: Assignment,
    if_match: Option<i64>,
) -> DomainResult<Note> {
    write_transaction(conn, |conn| {
        let current = for_change(conn, ctx, id, Action::Assign)?;
        check_version(if_match, current.version)?;
        let unit = owner_unit(conn, &assignment.owner_id)?;
        if current.owner_id == assignment.owner_id && current.business_unit_id == unit {
            return Ok(current);
        }
        let row = saved(store::update_note(
            conn,
            id,
            current.version,
            &values_of(&current),
            (&assignment.owner_id, &unit),
            ctx.actor(),
            ctx.now,
        )?)?;
        let updated = row.with(current.attachments.clone());
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

/// Deletes a note with its attachments; returns the attachments whose files are to be removed
/// once the deletion is committed.
pub fn delete_note(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &NoteId,
    if_match: Option<i64>,
) -> DomainResult<Vec<AttachmentId>> {
    write_transaction(conn, |conn| {
        let current = for_change(conn, ctx, id, Action::Delete)?;
        check_version(if_match, current.version)?;
        if !store::delete_note(conn, id, current.version)? {
            return Err(DomainError::conflict(
                "the note changed while it was being deleted; try again",
            ));
        }
        changes::log(conn, Some(ctx.actor()), ctx.now, Some(&current), None)?;
        Ok(current.attachments.into_iter().map(|a| a.id).collect())
    })
}

/// The change history of a note the caller may read, newest first.
pub fn note_history(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &NoteId,
    list: &ListQuery,
) -> DomainResult<Page<Change>> {
    get_note(conn, ctx, id)?;
    Ok(changes::history(conn, entities::NOTES, id.as_str(), list)?)
}

/// Checks the caller may add files to a note, before its bytes are received.
pub fn check_can_attach(conn: &mut AnyConnection, ctx: &Ctx, id: &NoteId) -> DomainResult<()> {
    let read = ctx.principal.require(entities::NOTES, Action::Read)?;
    let act = ctx.principal.require(entities::NOTES, Action::Update)?;
    let row = store::find_note(conn, &read, id)?.ok_or(DomainError::not_found(NOTE))?;
    if act.allows(row.owner_id.as_str(), row.business_unit_id.as_str()) {
        Ok(())
    } else {
        Err(DomainError::forbidden(
            entities::NOTES,
            Action::Update.as_str(),
        ))
    }
}

/// A received file, about to be attached.
#[derive(Debug, Clone)]
pub struct NewAttachment {
    /// The id its bytes are stored under.
    pub id: AttachmentId,
    /// The file's name as uploaded.
    pub file_name: String,
    /// Its media type as uploaded.
    pub content_type: String,
    /// Its size.
    pub size_bytes: i64,
    /// Its SHA-256, hex.
    pub sha256: String,
}

/// Attaches received files to a note (its version moves on, and the change log shows the new
/// list of attachments). Returns the note.
pub fn attach(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &NoteId,
    files: Vec<NewAttachment>,
    if_match: Option<i64>,
) -> DomainResult<Note> {
    write_transaction(conn, |conn| {
        let current = for_change(conn, ctx, id, Action::Update)?;
        check_version(if_match, current.version)?;
        for file in &files {
            store::insert_attachment(
                conn,
                &Attachment {
                    id: file.id.clone(),
                    note_id: id.clone(),
                    file_name: file.file_name.clone(),
                    content_type: file.content_type.clone(),
                    size_bytes: file.size_bytes,
                    sha256: file.sha256.clone(),
                    created_by: Some(ctx.principal.user_id.clone()),
                    created_at: ctx.now,
                },
            )?;
        }
        let row = saved(store::bump_note(
            conn,
            id,
            current.version,
            ctx.actor(),
            ctx.now,
        )?)?;
        let updated = one(conn, row)?;
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

/// An attachment, if the caller may read its note.
pub fn get_attachment(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &AttachmentId,
) -> DomainResult<Attachment> {
    let scope = ctx.principal.require(entities::NOTES, Action::Read)?;
    let attachment = store::find_attachment(conn, id)?.ok_or(DomainError::not_found(ATTACHMENT))?;
    store::find_note(conn, &scope, &attachment.note_id)?
        .ok_or(DomainError::not_found(ATTACHMENT))?;
    Ok(attachment)
}

/// Removes an attachment from its note (the caller changes the note); its file is to be removed
/// once this is committed.
pub fn delete_attachment(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &AttachmentId,
) -> DomainResult<()> {
    write_transaction(conn, |conn| {
        let attachment = get_attachment(conn, ctx, id)?;
        let current = for_change(conn, ctx, &attachment.note_id, Action::Update)?;
        if !store::delete_attachment(conn, id)? {
            return Err(DomainError::not_found(ATTACHMENT));
        }
        let row = saved(store::bump_note(
            conn,
            &current.id,
            current.version,
            ctx.actor(),
            ctx.now,
        )?)?;
        let updated = one(conn, row)?;
        changes::log(
            conn,
            Some(ctx.actor()),
            ctx.now,
            Some(&current),
            Some(&updated),
        )?;
        Ok(())
    })
}
