//! Activities, notes with attachments, email templates, and the timeline of a record.

use chrono::Duration;
use crm_tests::org::{self, id_of};
use crm_tests::{Client, TestApp};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

async fn account_with_children(admin: &Client) -> (String, String, String) {
    let account = id_of(
        &admin
            .create("/api/v1/accounts", &json!({"name": "Contoso"}))
            .await,
    );
    let contact = id_of(
        &admin
            .create(
                "/api/v1/contacts",
                &json!({"first_name": "Ada", "last_name": "Lovelace", "job_title": null,
                        "email": "ada@contoso.example", "account_id": account}),
            )
            .await,
    );
    let opportunity = id_of(
        &admin
            .create(
                "/api/v1/opportunities",
                &json!({"name": "500 licenses", "account_id": account, "contact_id": contact}),
            )
            .await,
    );
    (account, contact, opportunity)
}

fn kinds(page: &Value) -> Vec<(String, String)> {
    page["data"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|e| {
            (
                e["kind"].as_str().unwrap_or_default().to_owned(),
                e["record_type"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

#[tokio::test]
async fn an_activity_is_open_then_completed_cancelled_or_reopened_and_refused_otherwise() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let task = admin
        .create(
            "/api/v1/activities",
            &json!({"activity_type": "task", "subject": "Send the price list",
                    "due_at": "2026-12-24T09:00:00Z", "priority": "high"}),
        )
        .await;
    assert_eq!(task["status"], "open");
    assert_eq!(task["scheduled_at"], "2026-12-24T09:00:00Z");
    assert_eq!(task["completed_at"], Value::Null);
    let path = format!("/api/v1/activities/{}", id_of(&task));

    let moved = admin.patch(&path, &json!({"status": "completed"})).await;
    assert_eq!(moved.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(moved.error_fields(), ["status"]);
    let retyped = admin.patch(&path, &json!({"activity_type": "email"})).await;
    assert_eq!(retyped.error_fields(), ["activity_type"]);

    let done = admin
        .post(
            &format!("{path}/complete"),
            &json!({"duration_minutes": 20, "outcome": "Sent by mail"}),
        )
        .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    assert_eq!(done.body["status"], "completed");
    assert_eq!(done.body["duration_minutes"], 20);
    assert_eq!(done.body["description"], "Sent by mail");
    assert!(done.body["completed_at"].is_string());

    for verb in ["complete", "cancel"] {
        let again = admin.post(&format!("{path}/{verb}"), &json!({})).await;
        assert_eq!(again.status, StatusCode::CONFLICT, "{verb}");
        assert!(
            again.body["detail"]
                .as_str()
                .unwrap_or_default()
                .contains("completed")
        );
    }
    let edit_closed = admin.patch(&path, &json!({"subject": "Changed"})).await;
    assert_eq!(edit_closed.status, StatusCode::CONFLICT);

    let reopened = admin.post(&format!("{path}/reopen"), &json!({})).await;
    assert_eq!(reopened.body["status"], "open");
    assert_eq!(reopened.body["completed_at"], Value::Null);
    let reopen_open = admin.post(&format!("{path}/reopen"), &json!({})).await;
    assert_eq!(reopen_open.status, StatusCode::CONFLICT);
    let cancelled = admin.post(&format!("{path}/cancel"), &json!({})).await;
    assert_eq!(cancelled.body["status"], "cancelled");

    let history = admin.get(&format!("{path}/history")).await;
    let statuses: Vec<&str> = history.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| {
            c["changes"]
                .as_array()?
                .iter()
                .find(|f| f["field"] == "status")?["new"]
                .as_str()
        })
        .collect();
    assert_eq!(statuses, ["cancelled", "open", "completed", "open"]);

    let logged = admin
        .create(
            "/api/v1/activities",
            &json!({"activity_type": "phone_call", "subject": "Call", "status": "completed"}),
        )
        .await;
    assert_eq!(logged["status"], "completed");
    assert_eq!(logged["direction"], "outgoing");
    let cancelled_at_birth = admin
        .post(
            "/api/v1/activities",
            &json!({"activity_type": "task", "subject": "x", "status": "cancelled"}),
        )
        .await;
    assert_eq!(cancelled_at_birth.error_fields(), ["status"]);
}

#[tokio::test]
async fn every_failing_field_of_an_activity_is_listed() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let bad = admin
        .post(
            "/api/v1/activities",
            &json!({"activity_type": "appointment", "subject": " ", "direction": "incoming",
                    "to_address": "not an address", "duration_minutes": -5,
                    "regarding_type": "leads"}),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let mut fields = bad.error_fields();
    fields.sort();
    assert_eq!(
        fields,
        [
            "direction",
            "duration_minutes",
            "ends_at",
            "regarding_id",
            "starts_at",
            "subject",
            "to_address",
            "to_address"
        ]
    );

    let backwards = admin
        .post(
            "/api/v1/activities",
            &json!({"activity_type": "appointment", "subject": "Demo",
                    "starts_at": "2026-12-02T10:00:00Z", "ends_at": "2026-12-02T09:00:00Z"}),
        )
        .await;
    assert_eq!(backwards.error_fields(), ["ends_at"]);

    let meeting = admin
        .create(
            "/api/v1/activities",
            &json!({"activity_type": "appointment", "subject": "Demo", "location": "Room 1",
                    "starts_at": "2026-12-02T10:00:00Z", "ends_at": "2026-12-02T11:30:00Z"}),
        )
        .await;
    assert_eq!(meeting["duration_minutes"], 90);
    assert_eq!(meeting["scheduled_at"], "2026-12-02T10:00:00Z");
    assert_eq!(meeting["direction"], Value::Null);

    let unknown = admin
        .post(
            "/api/v1/activities",
            &json!({"activity_type": "task", "subject": "x", "regarding_type": "accounts",
                    "regarding_id": "01936a60-0000-7000-8000-000000000000"}),
        )
        .await;
    assert_eq!(unknown.error_fields(), ["regarding_id"]);

    // A blank id is not a UUID, whether or not the kind is sent: "no record" is null.
    for body in [
        json!({"activity_type": "task", "subject": "x", "regarding_id": ""}),
        json!({"activity_type": "task", "subject": "x", "regarding_type": "accounts",
               "regarding_id": " "}),
    ] {
        let blank = admin.post("/api/v1/activities", &body).await;
        assert_eq!(blank.status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert!(
            blank.error_fields().contains(&"regarding_id".to_owned()),
            "{body}: {:?}",
            blank.error_fields()
        );
    }
    let note = admin
        .post(
            "/api/v1/notes",
            &json!({"body": "x", "regarding_type": "accounts", "regarding_id": ""}),
        )
        .await;
    assert_eq!(note.error_fields(), ["regarding_id"]);
}

#[tokio::test]
async fn activities_on_a_lead_mark_it_worked_on_without_changing_its_version() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let lead = admin
        .create(
            "/api/v1/leads",
            &json!({"last_name": "Hopper", "company_name": "Navy"}),
        )
        .await;
    assert_eq!(lead["last_touched_at"], Value::Null);
    let path = format!("/api/v1/leads/{}", id_of(&lead));

    app.clock.advance(Duration::hours(2));
    // Access tokens do not outlive the clock's jump: sign in again.
    let admin = app.admin().await;
    let call = admin
        .create(
            "/api/v1/activities",
            &json!({"activity_type": "phone_call", "subject": "First call", "status": "completed",
                    "regarding_type": "leads", "regarding_id": id_of(&lead)}),
        )
        .await;
    let touched = admin.get(&path).await;
    assert_eq!(touched.body["last_touched_at"], call["created_at"]);
    assert_eq!(touched.body["version"], lead["version"]);

    let untouched_for_a_day = admin
        .get("/api/v1/leads?last_touched_at[null]=true&count=true")
        .await;
    assert_eq!(untouched_for_a_day.body["total"], 0);

    app.clock.advance(Duration::days(2));
    let admin = app.admin().await;
    let task = admin
        .create(
            "/api/v1/activities",
            &json!({"activity_type": "task", "subject": "Send a proposal",
                    "regarding_type": "leads", "regarding_id": id_of(&lead)}),
        )
        .await;
    app.clock.advance(Duration::minutes(1));
    let done = admin
        .post(
            &format!("/api/v1/activities/{}/complete", id_of(&task)),
            &json!({}),
        )
        .await;
    let after = admin.get(&path).await;
    assert_eq!(after.body["last_touched_at"], done.body["completed_at"]);
}

#[tokio::test]
async fn nothing_is_logged_on_a_record_the_caller_cannot_see() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let root = org::root_unit(&admin).await;
    let salesperson = org::role(&admin, "Salesperson").await;
    org::user(&admin, "sam@example.com", &root, None, &[salesperson]).await;
    let sam = org::sign_in(&app, "sam@example.com").await;

    let (account, _, _) = account_with_children(&admin).await;
    let hidden = sam
        .post(
            "/api/v1/activities",
            &json!({"activity_type": "task", "subject": "x",
                    "regarding_type": "accounts", "regarding_id": account}),
        )
        .await;
    assert_eq!(hidden.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(hidden.error_fields(), ["regarding_id"]);
    let note = sam
        .post(
            "/api/v1/notes",
            &json!({"body": "x", "regarding_type": "accounts", "regarding_id": account}),
        )
        .await;
    assert_eq!(note.error_fields(), ["regarding_id"]);
    let timeline = sam
        .get(&format!("/api/v1/accounts/{account}/timeline"))
        .await;
    assert_eq!(timeline.status, StatusCode::NOT_FOUND);

    // The administrator's note on the account is not Sam's to read, even by its id.
    let admins = admin
        .create(
            "/api/v1/notes",
            &json!({"body": "Confidential", "regarding_type": "accounts", "regarding_id": account}),
        )
        .await;
    let read = sam.get(&format!("/api/v1/notes/{}", id_of(&admins))).await;
    assert_eq!(read.status, StatusCode::NOT_FOUND);
    let listed = sam.get("/api/v1/notes?count=true").await;
    assert_eq!(listed.body["total"], 0);

    // Sam's own account takes Sam's activities; templates are read by everyone, made by few.
    let own = id_of(
        &sam.create("/api/v1/accounts", &json!({"name": "Sam's"}))
            .await,
    );
    let mine = sam
        .create(
            "/api/v1/activities",
            &json!({"activity_type": "task", "subject": "Mine",
                    "regarding_type": "accounts", "regarding_id": own}),
        )
        .await;
    // The account moves out of Sam's sight; Sam's task on it stays Sam's to work on.
    let admin_id = admin.get("/api/v1/me").await.body["id"].clone();
    let moved = admin
        .post(
            &format!("/api/v1/accounts/{own}/assign"),
            &json!({"owner_id": admin_id}),
        )
        .await;
    assert_eq!(moved.status, StatusCode::OK, "{}", moved.body);
    let edited = sam
        .patch(
            &format!("/api/v1/activities/{}", id_of(&mine)),
            &json!({"subject": "Mine, still"}),
        )
        .await;
    assert_eq!(edited.status, StatusCode::OK, "{}", edited.body);
    let elsewhere = sam
        .patch(
            &format!("/api/v1/activities/{}", id_of(&mine)),
            &json!({"regarding_id": account}),
        )
        .await;
    assert_eq!(elsewhere.error_fields(), ["regarding_id"]);
    let templates = sam.get("/api/v1/email-templates").await;
    assert_eq!(templates.status, StatusCode::OK);
    let make = sam
        .post(
            "/api/v1/email-templates",
            &json!({"name": "x", "entity": "contacts", "subject": "x", "body": "x"}),
        )
        .await;
    assert_eq!(make.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn an_account_timeline_merges_its_own_and_its_childrens_entries_newest_first() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let (account, contact, opportunity) = account_with_children(&admin).await;
    app.clock.advance(Duration::minutes(1));
    admin
        .create(
            "/api/v1/activities",
            &json!({"activity_type": "phone_call", "subject": "Call Ada", "status": "completed",
                    "regarding_type": "contacts", "regarding_id": contact}),
        )
        .await;
    app.clock.advance(Duration::minutes(1));
    admin
        .create(
            "/api/v1/notes",
            &json!({"subject": "Visit", "body": "Met the board",
                    "regarding_type": "accounts", "regarding_id": account}),
        )
        .await;
    app.clock.advance(Duration::minutes(1));
    let moved = admin
        .patch(
            &format!("/api/v1/opportunities/{opportunity}"),
            &json!({"stage": "proposal"}),
        )
        .await;
    assert_eq!(moved.status, StatusCode::OK, "{}", moved.body);

    let whole = admin
        .get(&format!("/api/v1/accounts/{account}/timeline?count=true"))
        .await;
    assert_eq!(whole.status, StatusCode::OK, "{}", whole.body);
    assert_eq!(
        kinds(&whole.body),
        [
            ("change".into(), "opportunities".into()),
            ("note".into(), "accounts".into()),
            ("activity".into(), "contacts".into()),
            ("change".into(), "opportunities".into()),
            ("change".into(), "contacts".into()),
            ("change".into(), "accounts".into()),
        ]
    );
    assert_eq!(whole.body["total"], 6);
    let stage = &whole.body["data"][0]["change"]["changes"];
    assert!(
        stage
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["field"] == "stage" && f["new"] == "proposal"),
        "{stage}"
    );
    let times: Vec<&str> = whole.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["at"].as_str().unwrap())
        .collect();
    let mut sorted = times.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(times, sorted);

    // Paged two at a time, every entry comes exactly once, in the same order.
    let mut paged = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let url = match &cursor {
            Some(c) => format!("/api/v1/accounts/{account}/timeline?limit=2&cursor={c}"),
            None => format!("/api/v1/accounts/{account}/timeline?limit=2"),
        };
        let page = admin.get(&url).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        paged.extend(kinds(&page.body));
        match page.body["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => break,
        }
    }
    assert_eq!(paged, kinds(&whole.body));

    // Oldest first, paged, is the same story told the other way.
    let mut oldest_first = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let url = match &cursor {
            Some(c) => format!("/api/v1/accounts/{account}/timeline?sort=at&limit=4&cursor={c}"),
            None => format!("/api/v1/accounts/{account}/timeline?sort=at&limit=4"),
        };
        let page = admin.get(&url).await;
        oldest_first.extend(kinds(&page.body));
        match page.body["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => break,
        }
    }
    let mut reversed = kinds(&whole.body);
    reversed.reverse();
    assert_eq!(oldest_first, reversed);

    let only_work = admin
        .get(&format!(
            "/api/v1/accounts/{account}/timeline?kind[in]=activity,note"
        ))
        .await;
    assert_eq!(
        kinds(&only_work.body),
        [
            ("note".into(), "accounts".into()),
            ("activity".into(), "contacts".into())
        ]
    );
    // A contact's timeline has its own call and its opportunity, not the account's note.
    let contact_timeline = admin
        .get(&format!("/api/v1/contacts/{contact}/timeline"))
        .await;
    assert_eq!(
        kinds(&contact_timeline.body),
        [
            ("change".into(), "opportunities".into()),
            ("activity".into(), "contacts".into()),
            ("change".into(), "opportunities".into()),
            ("change".into(), "contacts".into()),
        ]
    );
    let bad = admin
        .get(&format!("/api/v1/accounts/{account}/timeline?kind=call"))
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    let missing = admin
        .get("/api/v1/leads/01936a60-0000-7000-8000-000000000000/timeline")
        .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);

    // What was logged on the account keeps it from being deleted.
    let delete = admin.delete(&format!("/api/v1/accounts/{account}")).await;
    assert_eq!(delete.status, StatusCode::CONFLICT);
    assert!(
        delete.body["detail"]
            .as_str()
            .unwrap_or_default()
            .contains("notes")
    );
}

fn multipart(parts: &[(&str, Option<&str>, &str, &[u8])]) -> (String, Vec<u8>) {
    let boundary = "crm-test-boundary-7MA4YWxkTrZu0gW";
    let mut body = Vec::new();
    for (name, file_name, content_type, bytes) in parts {
        body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
        let disposition = match file_name {
            Some(f) => {
                format!("Content-Disposition: form-data; name=\"{name}\"; filename=\"{f}\"\r\n")
            }
            None => format!("Content-Disposition: form-data; name=\"{name}\"\r\n"),
        };
        body.extend_from_slice(disposition.as_bytes());
        body.extend_from_slice(format!("Content-Type: {content_type}\r\n\r\n").as_bytes());
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

fn stored_files(app: &TestApp) -> usize {
    std::fs::read_dir(app.data_dir().join("attachments"))
        .map(|d| d.count())
        .unwrap_or(0)
}

#[tokio::test]
async fn files_attach_to_notes_stream_to_disk_and_come_back_as_uploaded() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let (account, _, _) = account_with_children(&admin).await;
    let note = admin
        .create(
            "/api/v1/notes",
            &json!({"subject": "Product sheets", "regarding_type": "accounts", "regarding_id": account}),
        )
        .await;
    let uploads = format!("/api/v1/notes/{}/attachments", id_of(&note));
    let (content_type, body) = multipart(&[
        (
            "file",
            Some("sheet.txt"),
            "text/plain",
            b"Widgets, 12 EUR each",
        ),
        (
            "file",
            Some("../../etc/logo.png"),
            "image/png",
            &[0x89, b'P', b'N', b'G', 0, 1, 2],
        ),
    ]);
    let uploaded = admin
        .send_raw(Method::POST, &uploads, &content_type, body)
        .await;
    assert_eq!(uploaded.status, StatusCode::CREATED, "{}", uploaded.body);
    assert_eq!(uploaded.body["version"], 2);
    let files = uploaded.body["attachments"].as_array().unwrap().clone();
    assert_eq!(files.len(), 2);
    assert_eq!(files[0]["file_name"], "sheet.txt");
    assert_eq!(files[0]["size_bytes"], 20);
    assert_eq!(files[1]["file_name"], "logo.png");
    assert_eq!(files[1]["content_type"], "image/png");
    assert_eq!(stored_files(&app), 2);

    let text = admin
        .get(&format!("/api/v1/attachments/{}/content", id_of(&files[0])))
        .await;
    assert_eq!(text.status, StatusCode::OK);
    assert_eq!(text.content_type(), "text/plain");
    assert_eq!(text.body, "Widgets, 12 EUR each");
    assert_eq!(
        text.header("content-disposition"),
        Some("attachment; filename=\"sheet.txt\"; filename*=UTF-8''sheet.txt")
    );
    assert!(
        text.header("content-security-policy")
            .unwrap_or_default()
            .contains("sandbox")
    );

    // Not multipart, no file name, an unknown part, too large: refused, and nothing is kept.
    let json_body = admin.post(&uploads, &json!({"file": "x"})).await;
    assert_eq!(json_body.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let (ct, body) = multipart(&[("file", None, "text/plain", b"x")]);
    let nameless = admin.send_raw(Method::POST, &uploads, &ct, body).await;
    assert_eq!(nameless.error_fields(), ["file"]);
    let (ct, body) = multipart(&[("other", Some("a.txt"), "text/plain", b"x")]);
    let other = admin.send_raw(Method::POST, &uploads, &ct, body).await;
    assert_eq!(other.status, StatusCode::UNPROCESSABLE_ENTITY);
    let big = vec![b'x'; 1024 * 1024 + 1];
    let (ct, body) = multipart(&[
        ("file", Some("fine.txt"), "text/plain", b"fine"),
        ("file", Some("big.bin"), "application/octet-stream", &big),
    ]);
    let too_large = admin.send_raw(Method::POST, &uploads, &ct, body).await;
    assert_eq!(too_large.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(
        too_large
            .content_type()
            .starts_with("application/problem+json")
    );
    assert_eq!(stored_files(&app), 2);
    let unchanged = admin.get(&format!("/api/v1/notes/{}", id_of(&note))).await;
    assert_eq!(unchanged.body["attachments"].as_array().unwrap().len(), 2);

    // Removing one attachment, then the note, removes their files.
    let removed = admin
        .delete(&format!("/api/v1/attachments/{}", id_of(&files[1])))
        .await;
    assert_eq!(removed.status, StatusCode::NO_CONTENT);
    let gone = admin
        .get(&format!("/api/v1/attachments/{}/content", id_of(&files[1])))
        .await;
    assert_eq!(gone.status, StatusCode::NOT_FOUND);
    assert_eq!(stored_files(&app), 1);
    let deleted = admin
        .delete(&format!("/api/v1/notes/{}", id_of(&note)))
        .await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    assert_eq!(stored_files(&app), 0);
    let orphan = admin
        .get(&format!("/api/v1/attachments/{}", id_of(&files[0])))
        .await;
    assert_eq!(orphan.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn an_email_template_is_filled_from_a_record_and_the_email_is_logged() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let (_, contact, opportunity) = account_with_children(&admin).await;
    let unknown = admin
        .post(
            "/api/v1/email-templates",
            &json!({"name": "Thanks", "entity": "contacts", "subject": "Hi {{company_name}}",
                    "body": "Dear {{first_name"}),
        )
        .await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(unknown.error_fields(), ["subject", "body"]);
    let template = admin
        .create(
            "/api/v1/email-templates",
            &json!({"name": "Thank you for the meeting", "entity": "contacts",
                    "subject": "Thank you, {{first_name}}",
                    "body": "Dear {{full_name}} ({{job_title}}),\n\nthank you.\n\n{{user.full_name}}"}),
        )
        .await;
    assert_eq!(
        template["placeholders"],
        json!(["first_name", "full_name", "job_title", "user.full_name"])
    );
    let twin = admin
        .post(
            "/api/v1/email-templates",
            &json!({"name": "Thank you for the meeting", "entity": "leads", "subject": "x", "body": "x"}),
        )
        .await;
    assert_eq!(twin.status, StatusCode::CONFLICT);

    let render = format!("/api/v1/email-templates/{}/render", id_of(&template));
    let rendered = admin.post(&render, &json!({"regarding_id": contact})).await;
    assert_eq!(rendered.status, StatusCode::OK, "{}", rendered.body);
    assert_eq!(rendered.body["subject"], "Thank you, Ada");
    assert_eq!(
        rendered.body["body"],
        "Dear Ada Lovelace (),\n\nthank you.\n\nAdministrator"
    );
    assert_eq!(rendered.body["to_address"], "ada@contoso.example");
    assert_eq!(rendered.body["empty_placeholders"], json!(["job_title"]));
    let wrong_kind = admin
        .post(&render, &json!({"regarding_id": opportunity}))
        .await;
    assert_eq!(wrong_kind.error_fields(), ["regarding_id"]);

    let email = admin
        .create(
            "/api/v1/activities",
            &json!({"activity_type": "email", "status": "completed",
                    "subject": rendered.body["subject"], "description": rendered.body["body"],
                    "to_address": rendered.body["to_address"], "email_template_id": id_of(&template),
                    "regarding_type": "contacts", "regarding_id": contact}),
        )
        .await;
    assert_eq!(email["email_template_id"], id_of(&template));
    let sent = admin
        .get(&format!(
            "/api/v1/activities?regarding_id={contact}&activity_type=email&count=true"
        ))
        .await;
    assert_eq!(sent.body["total"], 1);

    let retired = admin
        .patch(
            &format!("/api/v1/email-templates/{}", id_of(&template)),
            &json!({"is_active": false}),
        )
        .await;
    assert_eq!(retired.body["is_active"], false);
    let offered = admin
        .get("/api/v1/email-templates?entity=contacts&is_active=true&count=true")
        .await;
    assert_eq!(offered.body["total"], 0);
}
