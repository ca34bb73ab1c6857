//! `/api/v1/notes`: notes on records, and `/api/v1/attachments`: the files attached to them
//! (multipart upload with a size limit, download with the type they were uploaded with).

use std::io::Read;
use std::sync::Arc;

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::web::{self, Bytes, Data, Path};
use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post};
use crm_activities::files::{FileError, FileStore};
use crm_activities::model::{Attachment, NOTE_LIST, Note, NoteFields, NotePatch};
use crm_activities::notes::{self as service, NewAttachment};
use crm_core::changes::{Change, HISTORY_LIST};
use crm_core::error::FieldError;
use crm_core::id::{AttachmentId, NoteId};
use crm_core::list::Page;
use crm_core::security::{Action, Assignment, entities};
use futures_util::StreamExt;
use serde::Deserialize;
use utoipa::ToSchema;

use crate::docs::{
    CreateErrors, DeleteErrors, ListErrors, ReadErrors, SubListErrors, UpdateErrors,
};
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, Auth, IdempotencyKey, IfMatch, ListParams};
use crate::respond::{self, Created};
use crate::routes::HistoryParams;
use crate::state::AppState;

crate::list_params!(NoteListParams, NOTE_LIST);

/// The most files one upload attaches.
const MAX_FILES_PER_UPLOAD: usize = 20;

impl Created for Note {
    fn location(&self) -> String {
        format!("/api/v1/notes/{}", self.id)
    }
    fn version(&self) -> i64 {
        self.version
    }
}

fn note_id(raw: &str) -> ApiResult<NoteId> {
    NoteId::parse(raw).map_err(|_| ApiError::not_found("note not found"))
}

fn attachment_id(raw: &str) -> ApiResult<AttachmentId> {
    AttachmentId::parse(raw).map_err(|_| ApiError::not_found("attachment not found"))
}

/// List notes
///
/// The notes the caller may read, newest first; `regarding_id=<id>` gives a record's.
#[utoipa::path(
    tag = "notes",
    params(NoteListParams),
    responses((status = 200, description = "A page of notes.", body = Page<Note>), ListErrors),
    security(("bearer" = []))
)]
#[get("/notes")]
async fn list_notes(
    state: Data<AppState>,
    auth: Auth,
    params: ListParams,
) -> ApiResult<HttpResponse> {
    let list = params.parse(&NOTE_LIST)?;
    let page = state
        .run(auth, move |conn, ctx| service::list_notes(conn, ctx, &list))
        .await?;
    Ok(respond::page(&page))
}

/// Create a note
///
/// On a record the caller can see, owned by the caller. Attach files to it with
/// `POST /notes/{id}/attachments`.
#[utoipa::path(
    tag = "notes",
    request_body = NoteFields,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retried creation return the first response.")),
    responses(
        (status = 201, description = "Created.", body = Note,
         headers(("Location" = String, description = "The new note's URL."), ("ETag" = String, description = "Its version."))),
        CreateErrors
    ),
    security(("bearer" = []))
)]
#[post("/notes")]
async fn create_note(
    state: Data<AppState>,
    auth: Auth,
    req: HttpRequest,
    key: IdempotencyKey,
    body: ApiJson<NoteFields>,
) -> ApiResult<HttpResponse> {
    let fields = body.value;
    respond::create(&state, auth, &req, &body.raw, key, move |conn, ctx| {
        service::create_note(conn, ctx, fields)
    })
    .await
}

/// Get a note
#[utoipa::path(
    tag = "notes",
    params(("id" = String, Path, format = Uuid, description = "The note's id.")),
    responses(
        (status = 200, description = "The note with its attachments.", body = Note, headers(
            ("ETag" = String, description = "Its version."),
            ("Allowed-Actions" = String, description = "What the caller may do to it: update, delete, assign, share (comma-separated).")
        )),
        ReadErrors
    ),
    security(("bearer" = []))
)]
#[get("/notes/{id}")]
async fn get_note(state: Data<AppState>, auth: Auth, id: Path<String>) -> ApiResult<HttpResponse> {
    let id = note_id(&id)?;
    let (note, actions) = state
        .run_read(auth, move |conn, ctx| {
            let note = service::get_note(conn, ctx, &id)?;
            let actions = ctx.principal.allowed(
                entities::NOTES,
                note.owner_id.as_str(),
                note.business_unit_id.as_str(),
                &Action::ON_RECORD,
            );
            Ok((note, actions))
        })
        .await?;
    Ok(respond::with_allowed_actions(
        respond::record(StatusCode::OK, &note, note.version),
        &actions,
    ))
}

/// Change a note
#[utoipa::path(
    tag = "notes",
    request_body = NotePatch,
    params(
        ("id" = String, Path, format = Uuid, description = "The note's id."),
        ("If-Match" = Option<String>, Header, description = "The ETag the change is based on."),
    ),
    responses(
        (status = 200, description = "The changed note.", body = Note, headers(("ETag" = String, description = "Its new version."))),
        UpdateErrors
    ),
    security(("bearer" = []))
)]
#[patch("/notes/{id}")]
async fn update_note(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
    if_match: IfMatch,
    body: ApiJson<NotePatch>,
) -> ApiResult<HttpResponse> {
    let id = note_id(&id)?;
    let patch = body.value;
    let note = state
        .run(auth, move |conn, ctx| {
            service::update_note(conn, ctx, &id, patch, if_match.0)
        })
        .await?;
    Ok(respond::record(StatusCode::OK, &note, note.version))
}

/// Removes files whose records are gone (or were never written); a failure is logged, not
/// returned: the database no longer points at them.
async fn remove_files(files: Arc<FileStore>, ids: Vec<AttachmentId>) {
    if ids.is_empty() {
        return;
    }
    let result = web::block(move || {
        for id in &ids {
            if let Err(e) = files.remove(id) {
                tracing::warn!("cannot remove the file of attachment {id}: {e}");
            }
        }
    })
    .await;
    if let Err(e) = result {
        tracing::warn!("cannot remove attachment files: {e}");
    }
}

/// Delete a note
///
/// With its attachments.
#[utoipa::path(
    tag = "notes",
    params(
        ("id" = String, Path, format = Uuid, description = "The note's id."),
        ("If-Match" = Option<String>, Header, description = "The ETag the deletion is based on."),
    ),
    responses((status = 204, description = "Deleted."), DeleteErrors),
    security(("bearer" = []))
)]
#[delete("/notes/{id}")]
async fn delete_note(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
    if_match: IfMatch,
) -> ApiResult<HttpResponse> {
    let id = note_id(&id)?;
    let removed = state
        .run(auth, move |conn, ctx| {
            service::delete_note(conn, ctx, &id, if_match.0)
        })
        .await?;
    remove_files(Arc::clone(&state.files), removed).await;
    Ok(HttpResponse::NoContent().finish())
}

/// Assign a note
#[utoipa::path(
    tag = "notes",
    request_body = Assignment,
    params(
        ("id" = String, Path, format = Uuid, description = "The note's id."),
        ("If-Match" = Option<String>, Header, description = "The ETag the assignment is based on."),
    ),
    responses(
        (status = 200, description = "The note with its new owner.", body = Note, headers(("ETag" = String, description = "Its new version."))),
        UpdateErrors
    ),
    security(("bearer" = []))
)]
#[post("/notes/{id}/assign")]
async fn assign_note(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
    if_match: IfMatch,
    body: ApiJson<Assignment>,
) -> ApiResult<HttpResponse> {
    let id = note_id(&id)?;
    let assignment = body.value;
    let note = state
        .run(auth, move |conn, ctx| {
            service::assign_note(conn, ctx, &id, assignment, if_match.0)
        })
        .await?;
    Ok(respond::record(StatusCode::OK, &note, note.version))
}

/// A note's history
#[utoipa::path(
    tag = "notes",
    params(("id" = String, Path, format = Uuid, description = "The note's id."), HistoryParams),
    responses((status = 200, description = "A page of changes.", body = Page<Change>), SubListErrors),
    security(("bearer" = []))
)]
#[get("/notes/{id}/history")]
async fn note_history(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
    params: ListParams,
) -> ApiResult<HttpResponse> {
    let id = note_id(&id)?;
    let list = params.parse(&HISTORY_LIST)?;
    let page = state
        .run(auth, move |conn, ctx| {
            service::note_history(conn, ctx, &id, &list)
        })
        .await?;
    Ok(respond::page(&page))
}

/// The body of an upload: one or more parts named `file`, each with a file name.
#[derive(Debug, Deserialize, ToSchema)]
#[allow(
    dead_code,
    reason = "it only describes the multipart body in the document"
)]
struct AttachmentUpload {
    /// A file; send the part several times to attach several files at once (up to 20).
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
}

/// A file name as kept: its last path segment, without control characters, at most 255 bytes.
fn clean_file_name(raw: &str) -> Option<String> {
    let last = raw.rsplit(['/', '\\']).next().unwrap_or(raw);
    let mut name: String = last.chars().filter(|c| !c.is_control()).collect();
    while name.len() > 255 {
        name.pop();
    }
    let name = name.trim().to_owned();
    (!name.is_empty() && name != "." && name != "..").then_some(name)
}

/// A media type as kept: `type/subtype` in lower case, else `application/octet-stream`.
fn clean_content_type(mime: Option<&mime::Mime>) -> String {
    mime.map(|m| m.essence_str().to_ascii_lowercase())
        .filter(|m| m.len() <= 100)
        .unwrap_or_else(|| "application/octet-stream".to_owned())
}

fn upload_error(field: &str, code: &str, message: impl Into<String>) -> ApiError {
    ApiError::validation(vec![FieldError::new(field, code, message)])
}

fn file_error(e: FileError) -> ApiError {
    match e {
        FileError::TooLarge { max_bytes } => ApiError::too_large(max_bytes as usize),
        FileError::Io(e) => ApiError::internal(format!("cannot store the file: {e}")),
    }
}

/// Files written for this upload, removed unless the upload is recorded.
struct Written {
    files: Arc<FileStore>,
    ids: Vec<AttachmentId>,
}

impl Drop for Written {
    fn drop(&mut self) {
        for id in &self.ids {
            let _ = self.files.remove(id);
        }
    }
}

/// Attach files to a note
///
/// A `multipart/form-data` body with one or more parts named `file`. Each file streams to disk
/// (never held in memory whole), is refused beyond the size limit (413; `CRM_ATTACHMENT_MAX_BYTES`,
/// 25 MiB by default), and is kept with its name, media type, size and SHA-256. The caller
/// changes the note; its version moves on.
#[utoipa::path(
    tag = "notes",
    request_body(content = AttachmentUpload, content_type = "multipart/form-data"),
    params(
        ("id" = String, Path, format = Uuid, description = "The note's id."),
        ("If-Match" = Option<String>, Header, description = "The ETag the upload is based on."),
    ),
    responses(
        (status = 201, description = "The note with its attachments.", body = Note, headers(("ETag" = String, description = "Its new version."))),
        UpdateErrors
    ),
    security(("bearer" = []))
)]
#[post("/notes/{id}/attachments")]
async fn upload_attachments(
    state: Data<AppState>,
    auth: Auth,
    req: HttpRequest,
    id: Path<String>,
    if_match: IfMatch,
    payload: web::Payload,
) -> ApiResult<HttpResponse> {
    let id = note_id(&id)?;
    let is_multipart = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.to_ascii_lowercase().starts_with("multipart/form-data"));
    if !is_multipart {
        return Err(ApiError::unsupported_media_type(
            "send the files as multipart/form-data, in parts named file",
        ));
    }
    {
        let id = id.clone();
        state
            .run(auth.clone(), move |conn, ctx| {
                service::check_can_attach(conn, ctx, &id)
            })
            .await?;
    }
    let files = Arc::clone(&state.files);
    let mut written = Written {
        files: Arc::clone(&files),
        ids: Vec::new(),
    };
    let mut received: Vec<NewAttachment> = Vec::new();
    let mut multipart = actix_multipart::Multipart::new(req.headers(), payload);
    while let Some(part) = multipart.next().await {
        let mut part = part
            .map_err(|e| ApiError::bad_request(format!("the multipart body is malformed: {e}")))?;
        let disposition = part.content_disposition().cloned();
        let name = disposition
            .as_ref()
            .and_then(|d| d.get_name())
            .unwrap_or("");
        if name != "file" {
            return Err(upload_error(
                name,
                "unknown_part",
                "only parts named file are taken",
            ));
        }
        let Some(file_name) = disposition
            .as_ref()
            .and_then(|d| d.get_filename())
            .and_then(clean_file_name)
        else {
            return Err(upload_error(
                "file",
                "required",
                "each file needs a file name",
            ));
        };
        if received.len() == MAX_FILES_PER_UPLOAD {
            return Err(upload_error(
                "file",
                "too_many",
                format!("at most {MAX_FILES_PER_UPLOAD} files per upload"),
            ));
        }
        let content_type = clean_content_type(part.content_type());
        let attachment = AttachmentId::new();
        let mut incoming = files.begin(&attachment).map_err(file_error)?;
        while let Some(chunk) = part.next().await {
            let chunk = chunk.map_err(|e| {
                ApiError::bad_request(format!("the multipart body is malformed: {e}"))
            })?;
            incoming.write(&chunk).map_err(file_error)?;
        }
        // Syncing to disk blocks: on the blocking pool, not on the server's worker.
        let stored = web::block(move || incoming.finish())
            .await
            .map_err(ApiError::internal)?
            .map_err(file_error)?;
        written.ids.push(attachment.clone());
        received.push(NewAttachment {
            id: attachment,
            file_name,
            content_type,
            size_bytes: stored.size as i64,
            sha256: stored.sha256,
        });
    }
    if received.is_empty() {
        return Err(upload_error(
            "file",
            "required",
            "send at least one part named file",
        ));
    }
    let note = state
        .run(auth, move |conn, ctx| {
            service::attach(conn, ctx, &id, received, if_match.0)
        })
        .await?;
    // Recorded: the files stay.
    written.ids.clear();
    Ok(respond::record(StatusCode::CREATED, &note, note.version))
}

/// Get an attachment
///
/// What the file is; its bytes are at `/content`.
#[utoipa::path(
    tag = "notes",
    params(("id" = String, Path, format = Uuid, description = "The attachment's id.")),
    responses((status = 200, description = "The attachment.", body = Attachment), ReadErrors),
    security(("bearer" = []))
)]
#[get("/attachments/{id}")]
async fn get_attachment(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
) -> ApiResult<HttpResponse> {
    let id = attachment_id(&id)?;
    let attachment = state
        .run(auth, move |conn, ctx| {
            service::get_attachment(conn, ctx, &id)
        })
        .await?;
    Ok(HttpResponse::Ok().json(attachment))
}

/// `attachment; filename="..."` with an ASCII fallback and the UTF-8 name (RFC 6266).
fn disposition(file_name: &str) -> String {
    let ascii: String = file_name
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded: String = file_name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

/// Download an attachment
///
/// The file's bytes with the media type it was uploaded with, as a download (never rendered in
/// the app's origin).
#[utoipa::path(
    tag = "notes",
    params(("id" = String, Path, format = Uuid, description = "The attachment's id.")),
    responses(
        (status = 200, description = "The file, with the media type it was uploaded with.", content_type = "*/*", body = Vec<u8>, headers(
            ("Content-Disposition" = String, description = "attachment, with the file's name."),
            ("ETag" = String, description = "The file's SHA-256.")
        )),
        ReadErrors
    ),
    security(("bearer" = []))
)]
#[get("/attachments/{id}/content")]
async fn download_attachment(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
) -> ApiResult<HttpResponse> {
    let id = attachment_id(&id)?;
    let attachment = state
        .run(auth, move |conn, ctx| {
            service::get_attachment(conn, ctx, &id)
        })
        .await?;
    let path = state.files.path(&attachment.id);
    let file = web::block(move || std::fs::File::open(path))
        .await
        .map_err(ApiError::internal)?
        .map_err(|e| ApiError::internal(format!("the attachment's file cannot be read: {e}")))?;
    // 64 KiB at a time, read on the blocking pool.
    let chunks = futures_util::stream::unfold(Some(file), |file| async move {
        let mut file = file?;
        let read = web::block(move || {
            let mut buffer = vec![0u8; 64 * 1024];
            let n = file.read(&mut buffer)?;
            buffer.truncate(n);
            Ok::<_, std::io::Error>((buffer, file))
        })
        .await;
        match read {
            Ok(Ok((buffer, _))) if buffer.is_empty() => None,
            Ok(Ok((buffer, file))) => {
                Some((Ok::<_, std::io::Error>(Bytes::from(buffer)), Some(file)))
            }
            Ok(Err(e)) => Some((Err(e), None)),
            Err(e) => Some((Err(std::io::Error::other(e.to_string())), None)),
        }
    });
    let mut response = HttpResponse::Ok();
    response
        .insert_header((header::CONTENT_TYPE, attachment.content_type.as_str()))
        .insert_header((
            header::CONTENT_DISPOSITION,
            disposition(&attachment.file_name),
        ))
        .insert_header((header::ETAG, format!("\"{}\"", attachment.sha256)))
        .insert_header((header::CACHE_CONTROL, "private, no-cache"))
        .insert_header((
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("sandbox; default-src 'none'"),
        ));
    Ok(response
        .no_chunking(attachment.size_bytes.max(0) as u64)
        .streaming(chunks))
}

/// Remove an attachment
///
/// The caller changes its note; the note's version moves on.
#[utoipa::path(
    tag = "notes",
    params(("id" = String, Path, format = Uuid, description = "The attachment's id.")),
    responses((status = 204, description = "Removed."), DeleteErrors),
    security(("bearer" = []))
)]
#[delete("/attachments/{id}")]
async fn delete_attachment(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
) -> ApiResult<HttpResponse> {
    let id = attachment_id(&id)?;
    let removed = id.clone();
    state
        .run(auth, move |conn, ctx| {
            service::delete_attachment(conn, ctx, &id)
        })
        .await?;
    remove_files(Arc::clone(&state.files), vec![removed]).await;
    Ok(HttpResponse::NoContent().finish())
}

/// Registers the routes.
pub fn configure<C: super::Routes>(cfg: &mut C) {
    cfg.service(list_notes)
        .service(create_note)
        .service(get_note)
        .service(update_note)
        .service(delete_note)
        .service(assign_note)
        .service(note_history)
        .service(upload_attachments)
        .service(get_attachment)
        .service(download_attachment)
        .service(delete_attachment);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_name_keeps_only_its_last_segment() {
        assert_eq!(
            clean_file_name("C:\\docs\\offer.pdf").as_deref(),
            Some("offer.pdf")
        );
        assert_eq!(
            clean_file_name("../../etc/passwd").as_deref(),
            Some("passwd")
        );
        assert_eq!(clean_file_name("a\u{0}b.txt").as_deref(), Some("ab.txt"));
        assert_eq!(clean_file_name(".."), None);
        assert_eq!(clean_file_name("  "), None);
    }

    #[test]
    fn the_download_names_the_file_safely() {
        assert_eq!(
            disposition("Angebot \"neu\" ä.pdf"),
            "attachment; filename=\"Angebot _neu_ _.pdf\"; filename*=UTF-8''Angebot%20%22neu%22%20%C3%A4.pdf"
        );
    }
}
