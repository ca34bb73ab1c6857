//! Contacts: people at accounts, with consent flags.

use crm_tests::TestApp;
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn a_contact_at_an_account_is_listed_under_it() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let account = admin
        .create("/api/v1/accounts", &json!({"name": "Contoso"}))
        .await;
    let other = admin
        .create("/api/v1/accounts", &json!({"name": "Other"}))
        .await;
    let account_id = account["id"].as_str().unwrap();
    let ada = admin
        .create(
            "/api/v1/contacts",
            &json!({"first_name": "Ada", "last_name": "Lovelace", "email": "ada@contoso.example",
                    "account_id": account_id, "birthdate": "1990-12-10"}),
        )
        .await;
    assert_eq!(ada["full_name"], "Ada Lovelace");
    assert_eq!(ada["do_not_email"], false);
    assert_eq!(ada["birthdate"], "1990-12-10");
    admin
        .create(
            "/api/v1/contacts",
            &json!({"last_name": "Elsewhere", "account_id": other["id"]}),
        )
        .await;
    admin
        .create("/api/v1/contacts", &json!({"last_name": "Nowhere"}))
        .await;

    let listed = admin
        .get(&format!(
            "/api/v1/accounts/{account_id}/contacts?count=true"
        ))
        .await;
    assert_eq!(listed.status, StatusCode::OK);
    assert_eq!(listed.body["total"], 1);
    assert_eq!(listed.body["data"][0]["id"], ada["id"]);
    let filtered = admin
        .get(&format!("/api/v1/contacts?account_id={account_id}"))
        .await;
    assert_eq!(filtered.body["data"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn a_birthdate_before_1900_is_refused() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let response = admin
        .post(
            "/api/v1/contacts",
            &json!({"last_name": "Old", "birthdate": "1815-12-10"}),
        )
        .await;
    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(response.error_fields(), ["birthdate"]);
    let not_a_date = admin
        .post(
            "/api/v1/contacts",
            &json!({"last_name": "X", "birthdate": "10/12/1990"}),
        )
        .await;
    assert_eq!(not_a_date.error_fields(), ["birthdate"]);
}

#[tokio::test]
async fn contact_validation_lists_every_field() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let response = admin
        .post(
            "/api/v1/contacts",
            &json!({"first_name": "x".repeat(101), "email": "nope", "mobile_phone": "abc",
                    "account_id": "0192f6c4-7b1e-7c3a-9f0e-2d4b5a6c7d8e", "preferred_contact_method": "pigeon"}),
        )
        .await;
    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    // An unknown choice fails while parsing, before the field rules run.
    assert_eq!(response.error_fields(), ["preferred_contact_method"]);
    let response = admin
        .post(
            "/api/v1/contacts",
            &json!({"first_name": "x".repeat(101), "email": "nope", "mobile_phone": "abc",
                    "account_id": "0192f6c4-7b1e-7c3a-9f0e-2d4b5a6c7d8e"}),
        )
        .await;
    assert_eq!(
        response.error_fields(),
        [
            "first_name",
            "last_name",
            "email",
            "mobile_phone",
            "account_id"
        ]
    );
}

#[tokio::test]
async fn consent_flags_filter_and_can_be_changed() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let quiet = admin
        .create(
            "/api/v1/contacts",
            &json!({"last_name": "Quiet", "do_not_email": true, "do_not_bulk_email": true}),
        )
        .await;
    admin
        .create("/api/v1/contacts", &json!({"last_name": "Chatty"}))
        .await;
    let listed = admin.get("/api/v1/contacts?do_not_email=true").await;
    let found: Vec<_> = listed.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["last_name"].clone())
        .collect();
    assert_eq!(found, [json!("Quiet")]);
    let path = format!("/api/v1/contacts/{}", quiet["id"].as_str().unwrap());
    let changed = admin
        .patch(&path, &json!({"do_not_email": false, "first_name": "Very"}))
        .await;
    assert_eq!(changed.status, StatusCode::OK);
    assert_eq!(changed.body["do_not_email"], false);
    assert_eq!(changed.body["do_not_bulk_email"], true);
    assert_eq!(changed.body["full_name"], "Very Quiet");
}

#[tokio::test]
async fn contacts_sort_by_name_and_search_by_email_or_phone() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    admin
        .create(
            "/api/v1/contacts",
            &json!({"first_name": "Zoe", "last_name": "Adams", "phone": "+1 555 0100"}),
        )
        .await;
    admin
        .create(
            "/api/v1/contacts",
            &json!({"first_name": "Al", "last_name": "Zimmer", "email": "al@zimmer.example"}),
        )
        .await;
    let by_last = admin.get("/api/v1/contacts?sort=last_name").await;
    let order: Vec<_> = by_last.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["last_name"].clone())
        .collect();
    assert_eq!(order, [json!("Adams"), json!("Zimmer")]);
    let by_full = admin.get("/api/v1/contacts?sort=full_name").await;
    let order: Vec<_> = by_full.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["full_name"].clone())
        .collect();
    assert_eq!(order, [json!("Al Zimmer"), json!("Zoe Adams")]);
    let by_email = admin.get("/api/v1/contacts?q=ZIMMER.example").await;
    assert_eq!(by_email.body["data"].as_array().unwrap().len(), 1);
    let by_phone = admin.get("/api/v1/contacts?q=555%200100").await;
    assert_eq!(by_phone.body["data"][0]["last_name"], "Adams");
}

#[tokio::test]
async fn deleting_a_contact_clears_it_as_primary_contact() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let contact = admin
        .create("/api/v1/contacts", &json!({"last_name": "Primary"}))
        .await;
    let account = admin
        .create(
            "/api/v1/accounts",
            &json!({"name": "Acme", "primary_contact_id": contact["id"]}),
        )
        .await;
    assert_eq!(account["primary_contact_id"], contact["id"]);
    let deleted = admin
        .delete(&format!(
            "/api/v1/contacts/{}",
            contact["id"].as_str().unwrap()
        ))
        .await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    let account = admin
        .get(&format!(
            "/api/v1/accounts/{}",
            account["id"].as_str().unwrap()
        ))
        .await;
    assert_eq!(account.body["primary_contact_id"], json!(null));
}

#[tokio::test]
async fn contacts_have_external_ids_too() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let created = admin
        .put(
            "/api/v1/contacts/by-external-id/C-7",
            &json!({"last_name": "Sync"}),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED);
    let replaced = admin
        .put(
            "/api/v1/contacts/by-external-id/C-7",
            &json!({"last_name": "Synced", "email": "s@x.example"}),
        )
        .await;
    assert_eq!(replaced.status, StatusCode::OK);
    assert_eq!(replaced.body["id"], created.body["id"]);
    assert_eq!(replaced.body["email"], "s@x.example");
}
