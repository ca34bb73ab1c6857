//! The knowledge base: templates, the approval workflow and its privilege, versions and their
//! comparison, comments, the sanitizer, ranked search kept exact by every change, and the
//! articles that answer cases.

use crm_tests::org::{self, id_of};
use crm_tests::{Client, TestApp};
use reqwest::StatusCode;
use serde_json::{Value, json};

fn path(article: &Value) -> String {
    format!("/api/v1/knowledge-articles/{}", id_of(article))
}

/// Writes, submits and approves an article; returns the published version.
async fn published(admin: &Client, body: Value) -> Value {
    let draft = admin.create("/api/v1/knowledge-articles", &body).await;
    let submitted = admin
        .post(&format!("{}/submit", path(&draft)), &json!({}))
        .await;
    assert_eq!(submitted.status, StatusCode::OK, "{}", submitted.body);
    let approved = admin
        .post(&format!("{}/approve", path(&draft)), &json!({}))
        .await;
    assert_eq!(approved.status, StatusCode::OK, "{}", approved.body);
    approved.body
}

/// The numbers of the articles a search finds, best first.
async fn found(client: &Client, q: &str) -> Vec<String> {
    let response = client
        .get(&format!("/api/v1/knowledge-articles/search?q={q}"))
        .await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    response.body["data"]
        .as_array()
        .map(|hits| {
            hits.iter()
                .map(|h| {
                    h["article"]["title"]
                        .as_str()
                        .unwrap_or_default()
                        .to_owned()
                })
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn an_article_is_written_from_a_template_submitted_rejected_and_approved() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;

    let bad = admin
        .post(
            "/api/v1/article-templates",
            &json!({"sections": [{"title": "Cause"}, {"title": "cause"}, {"title": ""}]}),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        bad.error_fields(),
        ["name", "sections[1].title", "sections[2].title"],
        "{}",
        bad.body
    );
    let template = admin
        .create(
            "/api/v1/article-templates",
            &json!({"name": "Known issue", "sections": [
                {"title": "Symptom", "instructions": "What the customer sees"},
                {"title": "Cause"},
                {"title": "Resolution"}
            ]}),
        )
        .await;

    let missing = admin
        .post("/api/v1/knowledge-articles", &json!({"keywords": ["x"]}))
        .await;
    assert_eq!(missing.error_fields(), ["title"]);
    let both = admin
        .post(
            "/api/v1/knowledge-articles",
            &json!({"title": "T", "body": "<p>x</p>", "sections": [], "subject": "astrology"}),
        )
        .await;
    assert_eq!(both.error_fields(), ["subject", "body"], "{}", both.body);

    let draft = admin
        .create(
            "/api/v1/knowledge-articles",
            &json!({"title": "Printer offline after update", "template_id": id_of(&template),
                    "keywords": ["printer", " Printer ", "firmware"]}),
        )
        .await;
    assert_eq!(draft["status"], "draft");
    assert_eq!(draft["number"], "KA-000001");
    assert_eq!(draft["version_number"], 1);
    assert_eq!(draft["keywords"], json!(["printer", "firmware"]));
    let headings: Vec<&str> = draft["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["title"].as_str().unwrap())
        .collect();
    assert_eq!(headings, ["Symptom", "Cause", "Resolution"]);

    // Nothing to approve yet, and no text to submit.
    let early = admin
        .post(&format!("{}/approve", path(&draft)), &json!({}))
        .await;
    assert_eq!(early.status, StatusCode::CONFLICT);
    assert!(
        early.body["detail"].as_str().unwrap().contains("draft"),
        "{}",
        early.body
    );
    let empty = admin
        .post(&format!("{}/submit", path(&draft)), &json!({}))
        .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(empty.error_fields(), ["sections"]);

    let written = admin
        .patch(
            &path(&draft),
            &json!({"sections": [
                {"title": "Symptom", "body": "<p>The printer shows <b>offline</b>.</p>"},
                {"title": "Resolution", "body": "<p>Reinstall the driver.</p>"}
            ]}),
        )
        .await;
    assert_eq!(written.status, StatusCode::OK, "{}", written.body);
    assert_eq!(
        written.body["body"],
        "<h2>Symptom</h2><p>The printer shows <b>offline</b>.</p><h2>Resolution</h2><p>Reinstall the driver.</p>"
    );

    let submitted = admin
        .post(&format!("{}/submit", path(&draft)), &json!({}))
        .await;
    assert_eq!(submitted.body["status"], "submitted");
    let unapproved = admin
        .get("/api/v1/knowledge-articles?status=submitted&count=true")
        .await;
    assert_eq!(unapproved.body["total"], 1);
    let locked = admin.patch(&path(&draft), &json!({"title": "X"})).await;
    assert_eq!(locked.status, StatusCode::CONFLICT);

    let no_reason = admin
        .post(&format!("{}/reject", path(&draft)), &json!({}))
        .await;
    assert_eq!(no_reason.error_fields(), ["reason"]);
    let rejected = admin
        .post(
            &format!("{}/reject", path(&draft)),
            &json!({"reason": "Name the firmware version."}),
        )
        .await;
    assert_eq!(rejected.body["status"], "draft");
    assert_eq!(
        rejected.body["rejection_reason"],
        "Name the firmware version."
    );

    admin
        .patch(
            &path(&draft),
            &json!({"title": "Printer offline after firmware 2.1"}),
        )
        .await;
    let resubmitted = admin
        .post(&format!("{}/submit", path(&draft)), &json!({}))
        .await;
    assert_eq!(resubmitted.body["rejection_reason"], Value::Null);
    let approved = admin
        .post(&format!("{}/approve", path(&draft)), &json!({}))
        .await;
    assert_eq!(approved.body["status"], "published");
    assert!(approved.body["published_at"].is_string());
    assert_eq!(
        found(&admin, "firmware").await,
        ["Printer offline after firmware 2.1"]
    );

    let deleted = admin.delete(&path(&draft)).await;
    assert_eq!(
        deleted.status,
        StatusCode::CONFLICT,
        "a published version stays"
    );
    let in_use = admin
        .delete(&format!("/api/v1/article-templates/{}", id_of(&template)))
        .await;
    assert_eq!(in_use.status, StatusCode::CONFLICT);

    let history = admin.get(&format!("{}/history", path(&draft))).await;
    let operations: Vec<&str> = history.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["operation"].as_str().unwrap())
        .collect();
    assert_eq!(operations.len(), 7, "{}", history.body);
}

#[tokio::test]
async fn editing_a_published_article_drafts_a_version_while_the_published_one_stays() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let v1 = published(
        &admin,
        json!({"title": "Reset a password", "body": "<p>Use the portal link.</p>", "keywords": ["login"]}),
    )
    .await;

    let edited = admin
        .patch(
            &path(&v1),
            &json!({"body": "<p>Use the self-service page.</p>", "keywords": ["login", "sso"]}),
        )
        .await;
    assert_eq!(edited.status, StatusCode::CREATED, "{}", edited.body);
    let v2 = edited.body.clone();
    assert_eq!(
        edited.header("location").map(str::to_owned),
        Some(format!("/api/v1/knowledge-articles/{}", id_of(&v2)))
    );
    assert_eq!(v2["version_number"], 2);
    assert_eq!(v2["status"], "draft");
    assert_eq!(v2["number"], v1["number"]);
    assert_eq!(v2["root_article_id"], v1["id"]);

    // The published version is unchanged and still found; a second draft is refused.
    let still = admin.get(&path(&v1)).await;
    assert_eq!(still.body["status"], "published");
    assert_eq!(still.body["is_latest_version"], false);
    assert_eq!(still.body["body"], "<p>Use the portal link.</p>");
    assert_eq!(found(&admin, "portal").await, ["Reset a password"]);
    assert!(found(&admin, "self").await.is_empty());
    let again = admin.patch(&path(&v1), &json!({"title": "Other"})).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert!(again.body["detail"].as_str().unwrap().contains("version 2"));

    let compared = admin
        .get(&format!("{}/compare?with={}", path(&v1), id_of(&v2)))
        .await;
    assert_eq!(compared.status, StatusCode::OK, "{}", compared.body);
    let fields: Vec<&str> = compared.body["differences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["keywords", "sections"]);
    let other = published(&admin, json!({"title": "Other", "body": "<p>x</p>"})).await;
    let across = admin
        .get(&format!("{}/compare?with={}", path(&v1), id_of(&other)))
        .await;
    assert_eq!(across.error_fields(), ["with"]);

    // Approving version 2 archives version 1 and the index follows.
    admin
        .post(&format!("{}/submit", path(&v2)), &json!({}))
        .await;
    admin
        .post(&format!("{}/approve", path(&v2)), &json!({}))
        .await;
    let v1_now = admin.get(&path(&v1)).await;
    assert_eq!(v1_now.body["status"], "archived");
    assert!(found(&admin, "portal").await.is_empty());
    assert_eq!(found(&admin, "self").await, ["Reset a password"]);
    let versions = admin
        .get(&format!("{}/versions?sort=-version_number", path(&v1)))
        .await;
    let numbers: Vec<i64> = versions.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["version_number"].as_i64().unwrap())
        .collect();
    assert_eq!(numbers, [2, 1]);

    // A third version drafted then deleted gives "latest" back to version 2.
    let v3 = admin
        .patch(&path(&v2), &json!({"title": "Reset a password (SSO)"}))
        .await
        .body;
    assert_eq!(v3["version_number"], 3);
    assert_eq!(
        admin.delete(&path(&v3)).await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(admin.get(&path(&v2)).await.body["is_latest_version"], true);
    let latest = admin
        .get(&format!(
            "/api/v1/knowledge-articles?is_latest_version=true&root_article_id={}",
            id_of(&v1)
        ))
        .await;
    assert_eq!(latest.body["data"][0]["id"], v2["id"]);

    // Archiving takes it out of search; it stays readable.
    let archived = admin
        .post(&format!("{}/archive", path(&v2)), &json!({}))
        .await;
    assert_eq!(archived.body["status"], "archived");
    assert!(found(&admin, "self").await.is_empty());
    assert_eq!(admin.get(&path(&v2)).await.status, StatusCode::OK);
}

#[tokio::test]
async fn rich_text_is_sanitized_and_snippets_are_escaped() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let article = published(
        &admin,
        json!({"title": "Safe <script>alert(1)</script> title", "sections": [{
            "title": "Steps",
            "body": "<p onclick=\"steal()\">Open <a href=\"javascript:alert(2)\">this</a> and <a href=\"https://help.example/x\">help</a>.</p><script>alert(3)</script><img src=x onerror=alert(4)><p>Type &lt;b&gt; then quantum.</p>"
        }]}),
    )
    .await;
    let body = article["body"].as_str().unwrap();
    for bad in [
        "script",
        "onclick",
        "javascript",
        "onerror",
        "alert(2)",
        "alert(3)",
        "alert(4)",
    ] {
        assert!(!body.contains(bad), "{bad} in {body}");
    }
    assert!(body.contains(r#"href="https://help.example/x""#), "{body}");
    assert!(body.contains("noopener"), "{body}");
    // The title is plain text, kept as written, and escaped wherever it is shown as HTML.
    assert_eq!(article["title"], "Safe <script>alert(1)</script> title");

    let search = admin
        .get("/api/v1/knowledge-articles/search?q=quantum")
        .await;
    let snippet = search.body["data"][0]["snippet"].as_str().unwrap();
    assert!(snippet.contains("<mark>quantum</mark>"), "{snippet}");
    assert!(snippet.contains("&lt;b&gt;"), "{snippet}");
    assert!(!snippet.contains("<b>"), "{snippet}");
}

#[tokio::test]
async fn search_ranks_title_and_keywords_above_the_body_with_stems_and_prefixes() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    published(
        &admin,
        json!({"title": "Billing questions", "body": "<p>When the router restarts, invoices are resent.</p>"}),
    )
    .await;
    published(
        &admin,
        json!({"title": "Router keeps restarting", "body": "<p>Update it.</p>"}),
    )
    .await;
    published(
        &admin,
        json!({"title": "Network basics", "keywords": ["router"], "body": "<p>Cables.</p>"}),
    )
    .await;
    let draft = admin
        .create(
            "/api/v1/knowledge-articles",
            &json!({"title": "Router draft", "body": "<p>router</p>"}),
        )
        .await;

    assert_eq!(
        found(&admin, "router").await,
        [
            "Router keeps restarting",
            "Network basics",
            "Billing questions"
        ],
        "title, then keyword, then body; the draft is not found"
    );
    // Stemming ("restarts" and "restarting" share "restart") and prefixes ("rout").
    assert_eq!(
        found(&admin, "restarts").await,
        ["Router keeps restarting", "Billing questions"]
    );
    assert_eq!(found(&admin, "rout").await.len(), 3);
    // Every word must match.
    assert_eq!(
        found(&admin, "router%20invoices").await,
        ["Billing questions"]
    );
    assert!(found(&admin, "zebra").await.is_empty());

    let hit = admin
        .get("/api/v1/knowledge-articles/search?q=invoices")
        .await;
    assert!(hit.body["data"][0]["score"].as_f64().unwrap() > 0.0);
    // Scores: 1 and above for a title or keyword match, below 1 for a body-only one.
    let scored = admin
        .get("/api/v1/knowledge-articles/search?q=router")
        .await;
    let scores: Vec<f64> = scored.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["score"].as_f64().unwrap())
        .collect();
    assert!(
        scores[0] >= scores[1] && scores[1] >= 1.0 && scores[2] < 1.0,
        "{scores:?}"
    );
    // Stop words are not searched: a search of one finds nothing (and is no error).
    assert!(found(&admin, "the").await.is_empty());
    assert_eq!(found(&admin, "the%20invoices").await, ["Billing questions"]);
    assert!(
        hit.body["data"][0]["snippet"]
            .as_str()
            .unwrap()
            .contains("<mark>invoices</mark>")
    );

    let page = admin
        .get("/api/v1/knowledge-articles/search?q=router&limit=2")
        .await;
    assert_eq!(page.body["data"].as_array().unwrap().len(), 2);
    let cursor = page.body["next_cursor"].as_str().unwrap().to_owned();
    let rest = admin
        .get(&format!(
            "/api/v1/knowledge-articles/search?q=router&limit=2&cursor={cursor}"
        ))
        .await;
    assert_eq!(
        rest.body["data"][0]["article"]["title"],
        "Billing questions"
    );
    assert_eq!(rest.body["next_cursor"], Value::Null);

    let empty = admin
        .get("/api/v1/knowledge-articles/search?q=%22%2A%20%3A")
        .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(empty.error_fields(), ["q"]);
    let unknown = admin
        .get("/api/v1/knowledge-articles/search?q=x&sort=title")
        .await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST);
    let limit = admin
        .get("/api/v1/knowledge-articles/search?q=x&limit=500")
        .await;
    assert_eq!(limit.error_fields(), ["limit"]);

    // Deleting the draft and publishing another keep the index exact.
    assert_eq!(
        admin.delete(&path(&draft)).await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(found(&admin, "router").await.len(), 3);
}

#[tokio::test]
async fn approving_needs_the_approve_privilege_and_readers_find_only_what_they_may_read() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let unit = org::root_unit(&admin).await;
    let csr = org::role(&admin, "Customer Service Representative").await;
    let manager = org::role(&admin, "Customer Service Manager").await;
    let sales = org::role(&admin, "Salesperson").await;
    org::user(&admin, "writer@example.com", &unit, None, &[csr]).await;
    org::user(&admin, "approver@example.com", &unit, None, &[manager]).await;
    org::user(&admin, "seller@example.com", &unit, None, &[sales]).await;
    let writer = org::sign_in(&app, "writer@example.com").await;
    let approver = org::sign_in(&app, "approver@example.com").await;
    let seller = org::sign_in(&app, "seller@example.com").await;

    let draft = writer
        .create(
            "/api/v1/knowledge-articles",
            &json!({"title": "VPN drops", "body": "<p>Renew the certificate.</p>"}),
        )
        .await;
    writer
        .post(&format!("{}/submit", path(&draft)), &json!({}))
        .await;
    let self_approval = writer
        .post(&format!("{}/approve", path(&draft)), &json!({}))
        .await;
    assert_eq!(self_approval.status, StatusCode::FORBIDDEN);
    let seller_write = seller
        .post("/api/v1/knowledge-articles", &json!({"title": "x"}))
        .await;
    assert_eq!(seller_write.status, StatusCode::FORBIDDEN);
    let seller_draft = seller.get(&path(&draft)).await;
    assert_eq!(
        seller_draft.status,
        StatusCode::OK,
        "everyone reads the knowledge base"
    );
    assert!(found(&seller, "certificate").await.is_empty());

    let actions = approver.get(&path(&draft)).await;
    assert!(
        actions
            .header("allowed-actions")
            .unwrap()
            .contains("approve")
    );
    let approved = approver
        .post(&format!("{}/approve", path(&draft)), &json!({}))
        .await;
    assert_eq!(approved.status, StatusCode::OK, "{}", approved.body);
    assert_eq!(found(&seller, "certificate").await, ["VPN drops"]);
    let templates = writer
        .post(
            "/api/v1/article-templates",
            &json!({"name": "Mine", "sections": [{"title": "A"}]}),
        )
        .await;
    assert_eq!(templates.status, StatusCode::FORBIDDEN);

    // A role that reads only its own articles finds only those.
    let own_reader = admin
        .create(
            "/api/v1/roles",
            &json!({"name": "Own knowledge", "privileges": [
                {"entity": "knowledge-articles", "action": "read", "depth": "own"},
                {"entity": "knowledge-articles", "action": "create", "depth": "own"}
            ]}),
        )
        .await;
    org::user(
        &admin,
        "own@example.com",
        &unit,
        None,
        &[id_of(&own_reader)],
    )
    .await;
    let own = org::sign_in(&app, "own@example.com").await;
    assert!(found(&own, "certificate").await.is_empty());
    assert_eq!(own.get(&path(&draft)).await.status, StatusCode::NOT_FOUND);

    // Comments: anyone who reads comments; the author or an editor deletes.
    let comment = seller
        .post(
            &format!("{}/comments", path(&draft)),
            &json!({"body": "Worked for Contoso."}),
        )
        .await;
    assert_eq!(comment.status, StatusCode::CREATED, "{}", comment.body);
    let blank = seller
        .post(&format!("{}/comments", path(&draft)), &json!({"body": " "}))
        .await;
    assert_eq!(blank.error_fields(), ["body"]);
    let listed = writer.get(&format!("{}/comments", path(&draft))).await;
    assert_eq!(listed.body["data"][0]["body"], "Worked for Contoso.");
    let comment_path = format!("{}/comments/{}", path(&draft), id_of(&comment.body));
    let other = app.anonymous();
    assert_eq!(
        other.delete(&comment_path).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        seller.delete(&comment_path).await.status,
        StatusCode::NO_CONTENT
    );
}

#[tokio::test]
async fn a_case_suggests_articles_and_linking_one_counts_as_a_use() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let account = admin
        .create("/api/v1/accounts", &json!({"name": "Contoso"}))
        .await;
    let printer = published(
        &admin,
        json!({"title": "Printer shows offline", "body": "<p>Reinstall the driver of the printer.</p>"}),
    )
    .await;
    let toner = published(
        &admin,
        json!({"title": "Toner streaks", "keywords": ["printer"], "body": "<p>Replace the toner.</p>"}),
    )
    .await;
    published(
        &admin,
        json!({"title": "Holiday calendar", "body": "<p>Days off.</p>"}),
    )
    .await;
    let case = admin
        .create(
            "/api/v1/cases",
            &json!({"title": "Our printer is offline", "description": "Since the driver update the printer is offline.", "account_id": id_of(&account)}),
        )
        .await;
    let case_path = format!("/api/v1/cases/{}", id_of(&case));

    let suggested = admin.get(&format!("{case_path}/suggested-articles")).await;
    assert_eq!(suggested.status, StatusCode::OK, "{}", suggested.body);
    let titles: Vec<&str> = suggested.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["article"]["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["Printer shows offline", "Toner streaks"]);

    let linked = admin
        .post(
            &format!("{case_path}/articles"),
            &json!({"article_id": id_of(&printer)}),
        )
        .await;
    assert_eq!(linked.status, StatusCode::CREATED, "{}", linked.body);
    assert_eq!(linked.body["article"]["use_count"], 1);
    let twice = admin
        .post(
            &format!("{case_path}/articles"),
            &json!({"article_id": id_of(&printer)}),
        )
        .await;
    assert_eq!(twice.status, StatusCode::CONFLICT);
    let draft = admin
        .create("/api/v1/knowledge-articles", &json!({"title": "Draft"}))
        .await;
    let unpublished = admin
        .post(
            &format!("{case_path}/articles"),
            &json!({"article_id": id_of(&draft)}),
        )
        .await;
    assert_eq!(unpublished.error_fields(), ["article_id"]);

    let links = admin.get(&format!("{case_path}/articles")).await;
    assert_eq!(links.body["data"][0]["article"]["id"], printer["id"]);
    let again = admin.get(&format!("{case_path}/suggested-articles")).await;
    assert_eq!(
        again.body["data"][0]["article"]["id"], toner["id"],
        "linked ones are left out"
    );
    let history = admin.get(&format!("{case_path}/history")).await;
    assert_eq!(
        history.body["data"][0]["changes"][0]["field"], "linked_articles",
        "{}",
        history.body
    );

    // The most used surface first.
    let most_used = admin
        .get("/api/v1/knowledge-articles?status=published&sort=-use_count&limit=1")
        .await;
    assert_eq!(most_used.body["data"][0]["id"], printer["id"]);

    // A new version keeps the uses; unlinking gives the use back.
    let v2 = admin
        .patch(
            &path(&printer),
            &json!({"title": "Printer shows offline (v2)"}),
        )
        .await
        .body;
    assert_eq!(v2["use_count"], 1);
    let unlinked = admin
        .delete(&format!("{case_path}/articles/{}", id_of(&v2)))
        .await;
    assert_eq!(unlinked.status, StatusCode::NO_CONTENT);
    assert_eq!(admin.get(&path(&printer)).await.body["use_count"], 0);
    assert_eq!(
        admin
            .delete(&format!("{case_path}/articles/{}", id_of(&v2)))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}
