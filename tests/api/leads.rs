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
    let cleared = admin
        .patch(
            &format!("/api/v1/picklists/{cold}"),
            &json!({"label": null}),
        )
        .await;
    assert_eq!(
        cleared.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        cleared.body
    );
    assert_eq!(cleared.error_fields(), ["label"]);
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

#[tokio::test]
async fn duplicates_are_found_across_the_stages_of_a_long_list_whatever_the_letter_case() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    // More lines than one stage validates at a time, so a line meets its first in the staging
    // table, not only among the lines read with it.
    let mut csv = String::from("last_name,email\n");
    csv.push_str("Öberg,Åsa.Öberg@Example.com\n");
    for n in 0..2_500 {
        csv.push_str(&format!("Filler,filler.{n}@example.com\n"));
    }
    csv.push_str("Oberg,åsa.öberg@example.COM\n");
    csv.push_str("Filler,FILLER.7@example.com\n");
    let response = admin
        .send_raw(
            Method::POST,
            "/api/v1/leads/import",
            "text/csv",
            csv.into_bytes(),
        )
        .await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    let report = &response.body;
    assert_eq!(report["created"], 2_503, "{report}");
    assert_eq!(report["duplicate_count"], 2, "{report}");
    let duplicates = report["duplicates"].as_array().cloned().unwrap_or_default();
    assert_eq!(duplicates[0]["line"], 2_503);
    assert_eq!(duplicates[0]["of"], json!([{"entity": "lines", "id": "2"}]));
    assert_eq!(duplicates[1]["line"], 2_504);
    assert_eq!(
        duplicates[1]["of"],
        json!([{"entity": "lines", "id": "10"}])
    );
}

#[tokio::test]
async fn a_lead_list_imports_with_its_bad_lines_and_duplicates_reported() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    admin
        .create(
            "/api/v1/contacts",
            &json!({"last_name": "Known", "email": "Known@Fabrikam.example"}),
        )
        .await;
    let csv = "First Name,Last Name,Company,E-mail,Rating,Employees,Notes\r\n\
        Ada,Lovelace,Contoso,ada@contoso.example,hot,250,\"Met at the fair, \"\"very\"\" keen\nCall back in May\"\r\n\
        Bad,Email,Litware,not-an-email,warm,10,\r\n\
        ,,,,,,\r\n\
        Worse,,,worse@x.example,scorching,many,\r\n\
        Kim,Known,Fabrikam,known@fabrikam.example,,,\r\n\
        Ada,Again,Contoso,ADA@contoso.example,cold,,\r\n\
        Only,Company,Northwind,,,,\r\n";
    let response = admin
        .send_raw(
            Method::POST,
            "/api/v1/leads/import?source=Trade%20fair%202026",
            "text/csv; charset=utf-8",
            csv.as_bytes().to_vec(),
        )
        .await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    let report = &response.body;
    assert_eq!(report["lines"], 6, "the empty line is skipped: {report}");
    assert_eq!(report["created"], 4);
    assert_eq!(report["rejected_count"], 2);
    let rejected = report["rejected"].as_array().cloned().unwrap_or_default();
    assert_eq!(rejected[0]["line"], 4);
    assert_eq!(rejected[0]["errors"][0]["field"], "email");
    assert_eq!(rejected[1]["line"], 6);
    let mut fields: Vec<String> = rejected[1]["errors"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|e| e["field"].as_str().unwrap_or_default().to_owned())
        .collect();
    fields.sort();
    assert_eq!(fields, ["employees", "last_name", "rating"], "{report}");
    assert_eq!(report["duplicate_count"], 2);
    let duplicates = report["duplicates"].as_array().cloned().unwrap_or_default();
    assert_eq!(duplicates[0]["line"], 7);
    assert_eq!(duplicates[0]["of"][0]["entity"], "contacts");
    assert_eq!(duplicates[1]["line"], 8);
    assert_eq!(duplicates[1]["of"][0]["entity"], "lines");
    assert_eq!(duplicates[1]["of"][0]["id"], "2");

    let batch = report["batch_id"].as_str().unwrap_or_default();
    let leads = admin
        .get(&format!(
            "/api/v1/leads?import_batch_id={batch}&sort=full_name&count=true"
        ))
        .await;
    assert_eq!(leads.body["total"], 4);
    assert_eq!(
        values(&leads.body, "full_name"),
        ["Ada Again", "Ada Lovelace", "Kim Known", "Only Company"]
    );
    let ada = leads.body["data"][1].clone();
    assert_eq!(ada["status"], "new");
    assert_eq!(
        ada["description"],
        "Met at the fair, \"very\" keen\nCall back in May"
    );
    assert_eq!(ada["employees"], 250);
    let history = admin
        .get(&format!("/api/v1/leads/{}/history", id_of(&ada)))
        .await;
    assert_eq!(history.body["data"][0]["operation"], "create");
    let recorded = admin.get(&format!("/api/v1/import-batches/{batch}")).await;
    assert_eq!(recorded.status, StatusCode::OK);
    assert_eq!(recorded.body["status"], "completed");
    assert_eq!(recorded.body["source"], "Trade fair 2026");
    assert_eq!(recorded.body["created_count"], 4);
    assert_eq!(recorded.body["rejected_count"], 2);
    let batches = admin
        .get("/api/v1/import-batches?source=Trade%20fair%202026")
        .await;
    assert_eq!(values(&batches.body, "id"), [batch]);
}

#[tokio::test]
async fn an_import_with_a_bad_header_or_type_creates_nothing() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let bad = admin
        .send_raw(
            Method::POST,
            "/api/v1/leads/import",
            "text/csv",
            b"last_name,shoe size,hat\nHopper,9,no\n".to_vec(),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
    assert_eq!(bad.error_fields(), ["header[1]", "header[2]"]);
    let json = admin
        .send_raw(
            Method::POST,
            "/api/v1/leads/import",
            "application/json",
            b"{}".to_vec(),
        )
        .await;
    assert_eq!(json.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let unknown = admin
        .send_raw(
            Method::POST,
            "/api/v1/leads/import?sauce=x",
            "text/csv",
            b"last_name\nX\n".to_vec(),
        )
        .await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST);
    let empty = admin
        .send_raw(Method::POST, "/api/v1/leads/import", "text/csv", Vec::new())
        .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    let none = admin.get("/api/v1/leads?count=true").await;
    assert_eq!(none.body["total"], 0);
    let failed = admin
        .get("/api/v1/import-batches?status=failed&count=true")
        .await;
    assert_eq!(failed.body["total"], 2, "{}", failed.body);
    let receiving = admin
        .get("/api/v1/import-batches?status=receiving&count=true")
        .await;
    assert_eq!(receiving.body["total"], 0);

    // Columns named in the request instead of the header.
    let named = admin
        .send_raw(
            Method::POST,
            "/api/v1/leads/import?columns=last_name,,email",
            "text/csv",
            b"Surname,Ignored,Mail\nHopper,x,grace@navy.example\n".to_vec(),
        )
        .await;
    assert_eq!(named.status, StatusCode::OK, "{}", named.body);
    assert_eq!(named.body["created"], 1);
    let grace = admin.get("/api/v1/leads?email=grace@navy.example").await;
    assert_eq!(values(&grace.body, "last_name"), ["Hopper"]);
}

#[tokio::test]
async fn twenty_thousand_lines_import_in_one_call() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let mut csv = String::from("first_name,last_name,company,email,city,rating\n");
    for n in 0..20_000 {
        csv.push_str(&format!(
            "Person{n},Surname{n},Company {},person{n}@example.com,City {},{}\n",
            n % 500,
            n % 50,
            ["hot", "warm", "cold"][n % 3]
        ));
    }
    let response = admin
        .send_raw(
            Method::POST,
            "/api/v1/leads/import?source=bulk",
            "text/csv",
            csv.into_bytes(),
        )
        .await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    assert_eq!(response.body["created"], 20_000);
    assert_eq!(response.body["rejected_count"], 0);
    let count = admin.get("/api/v1/leads?count=true&limit=1").await;
    assert_eq!(count.body["total"], 20_000);
    let feed = admin
        .get("/api/v1/changes?entity=leads&limit=200&after=0")
        .await;
    assert_eq!(feed.body["data"].as_array().map_or(0, Vec::len), 200);
}
