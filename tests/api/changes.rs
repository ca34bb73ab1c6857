//! The change log: record history and the change feed.

use crm_tests::TestApp;
use crm_tests::org;
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn history_shows_each_change_with_old_and_new_values_newest_first() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let me = admin.get("/api/v1/me").await.body;
    let account = admin
        .create(
            "/api/v1/accounts",
            &json!({"name": "Litware", "city": "Oslo"}),
        )
        .await;
    let path = format!("/api/v1/accounts/{}", account["id"].as_str().unwrap());
    admin
        .patch(&path, &json!({"city": "Bergen", "industry": "Software"}))
        .await;
    admin.patch(&path, &json!({"name": "Litware Inc"})).await;

    let history = admin.get(&format!("{path}/history")).await;
    assert_eq!(history.status, StatusCode::OK);
    let entries = history.body["data"].as_array().unwrap();
    assert_eq!(entries.len(), 3);
    assert_eq!(
        entries[0]["changes"],
        json!([{"field": "name", "old": "Litware", "new": "Litware Inc"}])
    );
    assert_eq!(
        entries[1]["changes"],
        json!([{"field": "city", "old": "Oslo", "new": "Bergen"}, {"field": "industry", "old": null, "new": "Software"}])
    );
    assert_eq!(entries[2]["operation"], "create");
    assert!(
        entries[2]["changes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["field"] == "name" && c["new"] == "Litware")
    );
    assert!(
        entries
            .iter()
            .all(|e| e["actor_id"] == me["id"] && e["entity"] == "accounts")
    );
    assert!(entries[0]["seq"].as_i64() > entries[1]["seq"].as_i64());

    let paged = admin
        .get(&format!("{path}/history?limit=2&count=true"))
        .await
        .body;
    assert_eq!(paged["total"], 3);
    let cursor = paged["next_cursor"].as_str().unwrap();
    let rest = admin
        .get(&format!("{path}/history?limit=2&cursor={cursor}"))
        .await
        .body;
    assert_eq!(rest["data"].as_array().unwrap().len(), 1);
    assert_eq!(rest["data"][0]["operation"], "create");

    let filtered = admin.get(&format!("{path}/history?operation=create")).await;
    assert_eq!(
        filtered.status,
        StatusCode::BAD_REQUEST,
        "history takes no filters"
    );
}

#[tokio::test]
async fn contact_history_records_deletion_of_its_account_link() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let contact = admin
        .create("/api/v1/contacts", &json!({"last_name": "Logged"}))
        .await;
    let path = format!("/api/v1/contacts/{}", contact["id"].as_str().unwrap());
    admin
        .patch(&path, &json!({"email": "logged@example.com"}))
        .await;
    let history = admin.get(&format!("{path}/history")).await.body;
    assert_eq!(
        history["data"][0]["changes"],
        json!([{"field": "email", "old": null, "new": "logged@example.com"}])
    );
}

#[tokio::test]
async fn the_feed_lists_every_write_after_a_seq_in_order() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let start = admin.get("/api/v1/changes").await.body;
    let after = start["next_after"].as_i64().unwrap();
    assert!(
        after >= 2,
        "the first start logs the organization and the administrator"
    );

    let account = admin
        .create("/api/v1/accounts", &json!({"name": "Feed Co"}))
        .await;
    let path = format!("/api/v1/accounts/{}", account["id"].as_str().unwrap());
    admin.patch(&path, &json!({"city": "Oslo"})).await;
    admin
        .create("/api/v1/contacts", &json!({"last_name": "Feed"}))
        .await;
    admin.delete(&path).await;

    let feed = admin.get(&format!("/api/v1/changes?after={after}")).await;
    assert_eq!(feed.status, StatusCode::OK);
    let data = feed.body["data"].as_array().unwrap();
    let ops: Vec<_> = data
        .iter()
        .map(|c| {
            (
                c["entity"].as_str().unwrap(),
                c["operation"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        ops,
        [
            ("accounts", "create"),
            ("accounts", "update"),
            ("contacts", "create"),
            ("accounts", "delete")
        ]
    );
    let seqs: Vec<i64> = data.iter().map(|c| c["seq"].as_i64().unwrap()).collect();
    assert!(seqs.windows(2).all(|w| w[0] < w[1]));
    assert_eq!(feed.body["next_after"], *seqs.last().unwrap());
    assert_eq!(feed.body["has_more"], false);

    let page = admin
        .get(&format!("/api/v1/changes?after={after}&limit=2"))
        .await
        .body;
    assert_eq!(page["data"].as_array().unwrap().len(), 2);
    assert_eq!(page["has_more"], true);
    let only_contacts = admin
        .get(&format!("/api/v1/changes?after={after}&entity=contacts"))
        .await
        .body;
    assert_eq!(only_contacts["data"].as_array().unwrap().len(), 1);

    let empty = admin
        .get(&format!("/api/v1/changes?after={}", seqs.last().unwrap()))
        .await
        .body;
    assert_eq!(empty["data"], json!([]));
    assert_eq!(empty["next_after"], *seqs.last().unwrap());
}

#[tokio::test]
async fn the_feed_refuses_unknown_parameters() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let response = admin
        .get("/api/v1/changes?since=4&after=-1&entity=ships")
        .await;
    assert_eq!(response.status, StatusCode::BAD_REQUEST);
    assert_eq!(response.error_fields(), ["since", "after", "entity"]);
}

#[tokio::test]
async fn changes_are_written_in_the_same_transaction_as_the_record() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let before = admin.get("/api/v1/changes").await.body["next_after"]
        .as_i64()
        .unwrap();
    // A refused write leaves neither a record nor a change.
    let refused = admin.post("/api/v1/accounts", &json!({"name": ""})).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let after = admin
        .get(&format!("/api/v1/changes?after={before}"))
        .await
        .body;
    assert_eq!(after["data"], json!([]));
}

#[tokio::test]
async fn the_feed_shows_a_salesperson_only_the_changes_of_records_they_may_read() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let root = org::root_unit(&admin).await;
    let salesperson = org::role(&admin, "Salesperson").await;
    org::user(
        &admin,
        "ann@example.com",
        &root,
        None,
        std::slice::from_ref(&salesperson),
    )
    .await;
    org::user(&admin, "bob@example.com", &root, None, &[salesperson]).await;
    let ann = org::sign_in(&app, "ann@example.com").await;
    let bob = org::sign_in(&app, "bob@example.com").await;
    let start = admin.get("/api/v1/changes").await.body["next_after"]
        .as_i64()
        .unwrap();

    let mine = ann
        .create("/api/v1/accounts", &json!({"name": "Ann's"}))
        .await;
    bob.create("/api/v1/accounts", &json!({"name": "Bob's"}))
        .await;
    bob.create("/api/v1/contacts", &json!({"last_name": "Bob's"}))
        .await;
    ann.patch(
        &format!("/api/v1/accounts/{}", org::id_of(&mine)),
        &json!({"city": "Oslo"}),
    )
    .await;

    let feed = ann.get(&format!("/api/v1/changes?after={start}")).await;
    assert_eq!(feed.status, StatusCode::OK, "{}", feed.body);
    let records: Vec<&str> = feed.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["record_id"].as_str().unwrap())
        .collect();
    assert_eq!(records, [mine["id"].as_str().unwrap(); 2]);
    let everything = admin.get(&format!("/api/v1/changes?after={start}")).await;
    assert_eq!(everything.body["data"].as_array().unwrap().len(), 4);
}
