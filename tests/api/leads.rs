//! Leads and the picklists their choice fields take values from.

use chrono::Duration;
use crm_tests::org::{self, id_of};
use crm_tests::{Client, TestApp};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

async fn lead(client: &Client, body: Value) -> Value {
    client.create("/api/v1/leads", &body).await
}

fn values(page: &Value, field: &str) -> Vec<String> {
    page["data"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|r| r[field].as_str().unwrap_or_default().to_owned())
        .collect()
}

#[tokio::test]
async fn a_lead_is_created_with_its_qualification_and_every_bad_field_is_listed() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let created = admin
        .post(
            "/api/v1/leads",
            &json!({
                "subject": "500 licenses for the sales team",
                "first_name": "Ada", "last_name": "Lovelace", "company_name": "Contoso Ltd",
                "email": "ada@contoso.example", "phone": "+44 20 7946 0958",
                "source": "trade_show", "rating": "hot", "need": "must_have",
                "decision_timeline": "90_days", "budget_amount": "25000.50", "currency": "eur",
                "is_decision_maker": true, "employees": 250
            }),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let body = &created.body;
    assert_eq!(body["full_name"], "Ada Lovelace");
    assert_eq!(body["status"], "new");
    assert_eq!(body["budget_amount"], "25000.50");
    assert_eq!(body["currency"], "EUR");
    assert!(body["last_touched_at"].is_null());
    assert_eq!(body["status_changed_at"], body["created_at"]);
    assert!(
        created
            .header("location")
            .is_some_and(|l| l.ends_with(&id_of(body)))
    );

    let company_only = lead(&admin, json!({"company_name": "Fabrikam"})).await;
    assert_eq!(company_only["full_name"], "Fabrikam");

    let bad = admin
        .post(
            "/api/v1/leads",
            &json!({
                "first_name": "No Name", "email": "not-an-email", "rating": "scorching",
                "budget_amount": "100", "website": "ftp://x", "budget_amount_typo": 1
            }),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad.error_fields(), ["budget_amount_typo"]);
    let bad = admin
        .post(
            "/api/v1/leads",
            &json!({
                "first_name": "No Name", "email": "not-an-email", "rating": "scorching",
                "budget_amount": "100", "website": "ftp://x", "status": "qualified"
            }),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
    let mut fields = bad.error_fields();
    fields.sort();
    assert_eq!(
        fields,
        [
            "currency",
            "email",
            "last_name",
            "rating",
            "status",
            "website"
        ],
        "{}",
        bad.body
    );
    assert!(
        bad.body
            .to_string()
            .contains("rating must be one of hot, warm, cold")
    );
    let float = admin
        .post(
            "/api/v1/leads",
            &json!({"last_name": "X", "budget_amount": 100.5, "currency": "USD"}),
        )
        .await;
    assert_eq!(float.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(float.error_fields(), ["budget_amount"]);
}

#[tokio::test]
async fn a_lead_is_worked_disqualified_with_a_reason_and_reopened() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let created = lead(
        &admin,
        json!({"last_name": "Smith", "company_name": "Litware"}),
    )
    .await;
    let path = format!("/api/v1/leads/{}", id_of(&created));

    app.clock.advance(Duration::minutes(5));
    let contacted = admin.patch(&path, &json!({"status": "contacted"})).await;
    assert_eq!(contacted.status, StatusCode::OK, "{}", contacted.body);
    assert_eq!(contacted.body["status"], "contacted");
    assert!(contacted.body["last_touched_at"].is_string());
    assert_ne!(
        contacted.body["status_changed_at"],
        created["status_changed_at"]
    );

    // Qualifying and disqualifying are actions, not edits.
    let edit = admin.patch(&path, &json!({"status": "disqualified"})).await;
    assert_eq!(edit.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(edit.error_fields(), ["status"]);

    let disqualify = |body: Value| {
        let admin = admin.clone();
        let path = format!("{path}/disqualify");
        async move { admin.post(&path, &body).await }
    };
    let no_reason = disqualify(json!({})).await;
    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(no_reason.error_fields(), ["reason"]);
    let unknown = disqualify(json!({"reason": "bored"})).await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(unknown.body.to_string().contains("no_budget"));
    let stale = admin
        .send(
            Method::POST,
            &format!("{path}/disqualify"),
            Some(&json!({"reason": "no_budget"})),
            &[("if-match", "\"1\"")],
        )
        .await;
    assert_eq!(stale.status, StatusCode::PRECONDITION_FAILED);

    let done = disqualify(json!({"reason": "no_budget", "note": "Budget frozen until Q3"})).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    assert_eq!(done.body["status"], "disqualified");
    assert_eq!(done.body["disqualification_reason"], "no_budget");
    assert_eq!(done.body["disqualification_note"], "Budget frozen until Q3");

    // A closed lead is kept, and refuses what does not apply, naming its state.
    let again = disqualify(json!({"reason": "no_need"})).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert!(
        again.body["detail"]
            .as_str()
            .unwrap_or_default()
            .contains("disqualified")
    );
    let edit_closed = admin.patch(&path, &json!({"city": "Oslo"})).await;
    assert_eq!(edit_closed.status, StatusCode::CONFLICT);
    let listed = admin
        .get("/api/v1/leads?status=disqualified&count=true")
        .await;
    assert_eq!(listed.body["total"], 1);

    let reopened = admin.post(&format!("{path}/reopen"), &json!({})).await;
    assert_eq!(reopened.status, StatusCode::OK, "{}", reopened.body);
    assert_eq!(reopened.body["status"], "contacted");
    assert!(reopened.body["disqualification_reason"].is_null());
    let reopen_open = admin.post(&format!("{path}/reopen"), &json!({})).await;
    assert_eq!(reopen_open.status, StatusCode::CONFLICT);

    let history = admin.get(&format!("{path}/history")).await;
    let statuses: Vec<String> = history.body["data"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|c| {
            c["changes"]
                .as_array()?
                .iter()
                .find(|f| f["field"] == "status")
                .map(|f| f["new"].as_str().unwrap_or_default().to_owned())
        })
        .collect();
    assert_eq!(
        statuses,
        ["contacted", "disqualified", "contacted", "new"],
        "{}",
        history.body
    );
    let feed = admin.get("/api/v1/changes?entity=leads").await;
    assert_eq!(feed.status, StatusCode::OK);
    assert_eq!(feed.body["data"].as_array().map_or(0, Vec::len), 4);
}

#[tokio::test]
async fn work_lists_filter_by_status_rating_and_untouched_leads() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    for (name, rating) in [
        ("Hot One", "hot"),
        ("Warm One", "warm"),
        ("Cold One", "cold"),
    ] {
        lead(&admin, json!({"last_name": name, "rating": rating})).await;
    }
    let touched = lead(
        &admin,
        json!({"last_name": "Touched", "status": "contacted"}),
    )
    .await;
    assert!(touched["last_touched_at"].is_string());

    let hot = admin.get("/api/v1/leads?rating=hot").await;
    assert_eq!(values(&hot.body, "last_name"), ["Hot One"]);
    let open = admin
        .get("/api/v1/leads?status[in]=new,contacted&sort=full_name&count=true")
        .await;
    assert_eq!(open.body["total"], 4);
    assert_eq!(
        values(&open.body, "full_name"),
        ["Cold One", "Hot One", "Touched", "Warm One"]
    );
    let untouched = admin
        .get("/api/v1/leads?last_touched_at[null]=true&count=true")
        .await;
    assert_eq!(untouched.body["total"], 3);
    let found = admin.get("/api/v1/leads?q=warm").await;
    assert_eq!(values(&found.body, "last_name"), ["Warm One"]);
    let bad = admin.get("/api/v1/leads?status=open&temperature=hot").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert_eq!(bad.error_fields(), ["status", "temperature"]);
}

#[tokio::test]
async fn picklists_are_read_by_all_edited_by_administrators_and_retired_values_stay() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let ratings = admin
        .get("/api/v1/picklists?entity=leads&field=rating")
        .await;
    assert_eq!(ratings.status, StatusCode::OK);
    assert_eq!(values(&ratings.body, "value"), ["hot", "warm", "cold"]);
    assert_eq!(values(&ratings.body, "label"), ["Hot", "Warm", "Cold"]);

    let unit = org::root_unit(&admin).await;
    let salesperson = org::role(&admin, "Salesperson").await;
    org::user(&admin, "sam@example.com", &unit, None, &[salesperson]).await;
    let sam = org::sign_in(&app, "sam@example.com").await;
    let read = sam.get("/api/v1/picklists?entity=leads&field=source").await;
    assert_eq!(read.status, StatusCode::OK);
    assert!(values(&read.body, "value").contains(&"purchased_list".to_owned()));
    let refused = sam
        .post(
            "/api/v1/picklists",
            &json!({"entity": "leads", "field": "rating", "value": "lukewarm", "label": "Lukewarm"}),
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);

    let bad = admin
        .post(
            "/api/v1/picklists",
            &json!({"entity": "leads", "field": "temperature", "value": "Luke Warm", "label": " "}),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let mut fields = bad.error_fields();
    fields.sort();
    assert_eq!(fields, ["field", "label", "value"], "{}", bad.body);
    let added = admin
        .create(
            "/api/v1/picklists",
            &json!({"entity": "leads", "field": "rating", "value": "lukewarm", "label": "Lukewarm"}),
        )
        .await;
    assert_eq!(added["sort_order"], 40);
    let taken = admin
        .post(
            "/api/v1/picklists",
            &json!({"entity": "leads", "field": "rating", "value": "lukewarm", "label": "Again"}),
        )
        .await;
    assert_eq!(taken.status, StatusCode::CONFLICT);
    lead(&sam, json!({"last_name": "Luke", "rating": "lukewarm"})).await;

    // Retiring "cold": new writes refuse it, a lead that holds it keeps it and stays editable.
    let holder = lead(&sam, json!({"last_name": "Frost", "rating": "cold"})).await;
    let cold = ratings.body["data"]
        .as_array()
        .and_then(|rows| rows.iter().find(|r| r["value"] == "cold"))
        .map(id_of)
        .unwrap_or_default();
    let retired = admin
        .patch(
            &format!("/api/v1/picklists/{cold}"),
            &json!({"is_active": false}),
        )
        .await;
    assert_eq!(retired.status, StatusCode::OK, "{}", retired.body);
    assert_eq!(retired.body["is_active"], false);
    let active = sam
        .get("/api/v1/picklists?entity=leads&field=rating&is_active=true")
        .await;
    assert_eq!(values(&active.body, "value"), ["hot", "warm", "lukewarm"]);
    let refused = sam
        .post(
            "/api/v1/leads",
            &json!({"last_name": "Ice", "rating": "cold"}),
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.error_fields(), ["rating"]);
    let kept = sam
        .patch(
            &format!("/api/v1/leads/{}", id_of(&holder)),
            &json!({"city": "Tromsø"}),
        )
        .await;
    assert_eq!(kept.status, StatusCode::OK, "{}", kept.body);
    assert_eq!(kept.body["rating"], "cold");
    let history = admin.get("/api/v1/changes?entity=picklists").await;
    assert_eq!(
        history.status,
        StatusCode::BAD_REQUEST,
        "picklists are not in the sync feed"
    );
}
