//! Accounts: the single-record contract, validation, links and external ids.

use crm_tests::TestApp;
use reqwest::{Method, StatusCode};
use serde_json::json;

#[tokio::test]
async fn creating_an_account_answers_201_with_location_etag_and_the_record() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let created = admin
        .post(
            "/api/v1/accounts",
            &json!({
                "name": "  Contoso Ltd ",
                "relationship_type": "customer",
                "annual_revenue": "12500000.5",
                "currency": "usd",
                "employees": 250,
                "website": "https://contoso.example",
                "city": "Oslo"
            }),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED);
    let body = &created.body;
    let id = body["id"].as_str().unwrap();
    assert_eq!(
        created.header("location"),
        Some(format!("/api/v1/accounts/{id}").as_str())
    );
    assert_eq!(created.header("etag"), Some("\"1\""));
    assert_eq!(body["name"], "Contoso Ltd");
    assert_eq!(body["annual_revenue"], "12500000.50");
    assert_eq!(body["currency"], "USD");
    assert_eq!(body["version"], 1);
    assert_eq!(uuid::Uuid::parse_str(id).unwrap().get_version_num(), 7);
    let me = admin.get("/api/v1/me").await.body;
    assert_eq!(body["owner_id"], me["id"]);
    assert_eq!(body["business_unit_id"], me["business_unit_id"]);
    assert!(body["created_at"].as_str().unwrap().ends_with('Z'));

    let fetched = admin.get(created.header("location").unwrap()).await;
    assert_eq!(fetched.status, StatusCode::OK);
    assert_eq!(fetched.header("etag"), Some("\"1\""));
    assert_eq!(&fetched.body, body);
}

#[tokio::test]
async fn every_failing_field_is_listed_in_one_422() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let response = admin
        .post(
            "/api/v1/accounts",
            &json!({
                "name": "   ",
                "email": "not-an-email",
                "website": "contoso.example",
                "employees": -3,
                "annual_revenue": "1.234",
                "currency": "USD",
                "phone": "call me",
                "parent_account_id": "0192f6c4-7b1e-7c3a-9f0e-2d4b5a6c7d8e"
            }),
        )
        .await;
    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(response.content_type(), "application/problem+json");
    assert_eq!(
        response.error_fields(),
        [
            "name",
            "website",
            "email",
            "phone",
            "employees",
            "annual_revenue",
            "parent_account_id"
        ]
    );
    assert_eq!(response.body["errors"][0]["code"], "required");
    assert_eq!(response.body["status"], 422);
}

#[tokio::test]
async fn money_needs_a_currency_and_is_never_a_float() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let no_currency = admin
        .post(
            "/api/v1/accounts",
            &json!({"name": "A", "annual_revenue": "10"}),
        )
        .await;
    assert_eq!(no_currency.error_fields(), ["currency"]);
    let float = admin
        .post(
            "/api/v1/accounts",
            &json!({"name": "A", "annual_revenue": 10.5, "currency": "EUR"}),
        )
        .await;
    assert_eq!(float.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(float.error_fields(), ["annual_revenue"]);
    let unknown = admin
        .post(
            "/api/v1/accounts",
            &json!({"name": "A", "annual_revenue": "10", "currency": "XYZ"}),
        )
        .await;
    assert_eq!(unknown.error_fields(), ["currency"]);
    let yen = admin
        .create(
            "/api/v1/accounts",
            &json!({"name": "A", "annual_revenue": "1000", "currency": "JPY"}),
        )
        .await;
    assert_eq!(yen["annual_revenue"], "1000");
}

#[tokio::test]
async fn bodies_that_are_not_json_or_not_this_shape_are_refused_clearly() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let malformed = admin
        .send_raw(
            Method::POST,
            "/api/v1/accounts",
            "application/json",
            b"{\"name\": ".to_vec(),
        )
        .await;
    assert_eq!(malformed.status, StatusCode::BAD_REQUEST);
    assert_eq!(malformed.content_type(), "application/problem+json");
    let form = admin
        .send_raw(
            Method::POST,
            "/api/v1/accounts",
            "application/x-www-form-urlencoded",
            b"name=x".to_vec(),
        )
        .await;
    assert_eq!(form.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let typo = admin
        .post("/api/v1/accounts", &json!({"nmae": "Contoso"}))
        .await;
    assert_eq!(typo.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(typo.error_fields(), ["nmae"]);
    let wrong_type = admin
        .post(
            "/api/v1/accounts",
            &json!({"name": "A", "employees": "many"}),
        )
        .await;
    assert_eq!(wrong_type.error_fields(), ["employees"]);
    let huge = admin
        .send_raw(
            Method::POST,
            "/api/v1/accounts",
            "application/json",
            vec![b' '; 2 * 1024 * 1024],
        )
        .await;
    assert_eq!(huge.status, StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn unknown_and_malformed_ids_are_404() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    for path in [
        "/api/v1/accounts/0192f6c4-7b1e-7c3a-9f0e-2d4b5a6c7d8e",
        "/api/v1/accounts/not-an-id",
        "/api/v1/accounts/0192f6c4-7b1e-7c3a-9f0e-2d4b5a6c7d8e/history",
        "/api/v1/accounts/0192f6c4-7b1e-7c3a-9f0e-2d4b5a6c7d8e/contacts",
    ] {
        let response = admin.get(path).await;
        assert_eq!(response.status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(response.content_type(), "application/problem+json");
    }
    let patch = admin
        .patch(
            "/api/v1/accounts/0192f6c4-7b1e-7c3a-9f0e-2d4b5a6c7d8e",
            &json!({"name": "x"}),
        )
        .await;
    assert_eq!(patch.status, StatusCode::NOT_FOUND);
    let delete = admin
        .delete("/api/v1/accounts/0192f6c4-7b1e-7c3a-9f0e-2d4b5a6c7d8e")
        .await;
    assert_eq!(delete.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_patch_changes_only_the_fields_sent_and_null_clears() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let account = admin
        .create(
            "/api/v1/accounts",
            &json!({"name": "Fabrikam", "city": "Lyon", "industry": "Retail"}),
        )
        .await;
    let path = format!("/api/v1/accounts/{}", account["id"].as_str().unwrap());
    let changed = admin
        .patch(&path, &json!({"city": null, "phone": "+33 4 72 00 00 00"}))
        .await;
    assert_eq!(changed.status, StatusCode::OK);
    assert_eq!(changed.header("etag"), Some("\"2\""));
    assert_eq!(changed.body["city"], json!(null));
    assert_eq!(changed.body["industry"], "Retail");
    assert_eq!(changed.body["phone"], "+33 4 72 00 00 00");
    assert_eq!(changed.body["version"], 2);

    let required = admin.patch(&path, &json!({"name": null})).await;
    assert_eq!(required.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(required.error_fields(), ["name"]);

    let unchanged = admin.patch(&path, &json!({"industry": "Retail"})).await;
    assert_eq!(
        unchanged.body["version"], 2,
        "a patch that changes nothing writes nothing"
    );
}

#[tokio::test]
async fn a_stale_if_match_is_refused_with_412() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let account = admin
        .create("/api/v1/accounts", &json!({"name": "Northwind"}))
        .await;
    let path = format!("/api/v1/accounts/{}", account["id"].as_str().unwrap());
    let first = admin
        .send(
            Method::PATCH,
            &path,
            Some(&json!({"city": "Paris"})),
            &[("if-match", "\"1\"")],
        )
        .await;
    assert_eq!(first.status, StatusCode::OK);
    let stale = admin
        .send(
            Method::PATCH,
            &path,
            Some(&json!({"city": "Rome"})),
            &[("if-match", "\"1\"")],
        )
        .await;
    assert_eq!(stale.status, StatusCode::PRECONDITION_FAILED);
    assert_eq!(stale.content_type(), "application/problem+json");
    let bad = admin
        .send(
            Method::PATCH,
            &path,
            Some(&json!({"city": "Rome"})),
            &[("if-match", "yesterday")],
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    let stale_delete = admin
        .send(Method::DELETE, &path, None, &[("if-match", "\"1\"")])
        .await;
    assert_eq!(stale_delete.status, StatusCode::PRECONDITION_FAILED);
    let any = admin
        .send(
            Method::PATCH,
            &path,
            Some(&json!({"city": "Rome"})),
            &[("if-match", "*")],
        )
        .await;
    assert_eq!(any.status, StatusCode::OK);
    assert_eq!(admin.get(&path).await.body["city"], "Rome");
}

#[tokio::test]
async fn child_accounts_are_listed_under_their_parent_and_cycles_are_refused() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let parent = admin
        .create("/api/v1/accounts", &json!({"name": "Contoso Group"}))
        .await;
    let parent_id = parent["id"].as_str().unwrap();
    let child = admin
        .create(
            "/api/v1/accounts",
            &json!({"name": "Contoso Nordics", "parent_account_id": parent_id}),
        )
        .await;
    let grandchild = admin
        .create(
            "/api/v1/accounts",
            &json!({"name": "Contoso Oslo", "parent_account_id": child["id"]}),
        )
        .await;
    admin
        .create("/api/v1/accounts", &json!({"name": "Unrelated"}))
        .await;

    let children = admin
        .get(&format!("/api/v1/accounts?parent_account_id={parent_id}"))
        .await;
    let names: Vec<_> = children.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["name"].clone())
        .collect();
    assert_eq!(names, [json!("Contoso Nordics")]);

    let own = admin
        .patch(
            &format!("/api/v1/accounts/{parent_id}"),
            &json!({"parent_account_id": parent_id}),
        )
        .await;
    assert_eq!(own.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(own.body["errors"][0]["code"], "cycle");
    let cycle = admin
        .patch(
            &format!("/api/v1/accounts/{parent_id}"),
            &json!({"parent_account_id": grandchild["id"]}),
        )
        .await;
    assert_eq!(cycle.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(cycle.body["errors"][0]["code"], "cycle");
}

#[tokio::test]
async fn deleting_an_account_keeps_its_children_and_contacts_detached() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let parent = admin
        .create("/api/v1/accounts", &json!({"name": "Old Parent"}))
        .await;
    let parent_id = parent["id"].as_str().unwrap();
    let child = admin
        .create(
            "/api/v1/accounts",
            &json!({"name": "Child", "parent_account_id": parent_id}),
        )
        .await;
    let contact = admin
        .create(
            "/api/v1/contacts",
            &json!({"last_name": "Doe", "account_id": parent_id}),
        )
        .await;
    admin
        .patch(
            &format!("/api/v1/accounts/{parent_id}"),
            &json!({"primary_contact_id": contact["id"]}),
        )
        .await;

    let deleted = admin.delete(&format!("/api/v1/accounts/{parent_id}")).await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    assert_eq!(deleted.body, json!(null));
    assert_eq!(
        admin
            .get(&format!("/api/v1/accounts/{parent_id}"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );

    let child_path = format!("/api/v1/accounts/{}", child["id"].as_str().unwrap());
    let child_now = admin.get(&child_path).await.body;
    assert_eq!(child_now["parent_account_id"], json!(null));
    assert_eq!(child_now["version"], 2);
    let contact_path = format!("/api/v1/contacts/{}", contact["id"].as_str().unwrap());
    assert_eq!(
        admin.get(&contact_path).await.body["account_id"],
        json!(null)
    );

    let history = admin.get(&format!("{child_path}/history")).await.body;
    let latest = &history["data"][0];
    assert_eq!(latest["operation"], "update");
    assert_eq!(
        latest["changes"],
        json!([{"field": "parent_account_id", "old": parent_id, "new": null}])
    );
}

#[tokio::test]
async fn a_put_by_external_id_creates_then_replaces() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let path = "/api/v1/accounts/by-external-id/ERP-0042";
    let created = admin
        .put(
            path,
            &json!({"name": "Tailspin", "city": "Denver", "industry": "Aviation"}),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED);
    assert_eq!(created.body["external_id"], "ERP-0042");
    let location = created.header("location").unwrap().to_owned();

    let replaced = admin
        .put(path, &json!({"name": "Tailspin Toys", "city": "Boulder"}))
        .await;
    assert_eq!(replaced.status, StatusCode::OK);
    assert_eq!(replaced.body["id"], created.body["id"]);
    assert_eq!(replaced.body["name"], "Tailspin Toys");
    assert_eq!(
        replaced.body["industry"],
        json!(null),
        "a PUT replaces every writable field"
    );
    assert_eq!(replaced.body["version"], 2);

    let again = admin
        .put(path, &json!({"name": "Tailspin Toys", "city": "Boulder"}))
        .await;
    assert_eq!(
        again.body["version"], 2,
        "the same PUT twice changes nothing"
    );
    assert_eq!(admin.get(&location).await.body["name"], "Tailspin Toys");

    let mismatch = admin
        .put(path, &json!({"name": "X", "external_id": "ERP-9"}))
        .await;
    assert_eq!(mismatch.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(mismatch.error_fields(), ["external_id"]);

    let listed = admin
        .get("/api/v1/accounts?external_id=ERP-0042&count=true")
        .await;
    assert_eq!(listed.body["total"], 1);
}

#[tokio::test]
async fn an_external_id_belongs_to_one_account() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    admin
        .create(
            "/api/v1/accounts",
            &json!({"name": "A", "external_id": "X-1"}),
        )
        .await;
    let taken = admin
        .post(
            "/api/v1/accounts",
            &json!({"name": "B", "external_id": "X-1"}),
        )
        .await;
    assert_eq!(taken.status, StatusCode::CONFLICT);
    assert_eq!(taken.content_type(), "application/problem+json");
    assert!(
        taken.body["detail"]
            .as_str()
            .unwrap()
            .contains("external_id")
    );
    assert!(
        !taken.body.to_string().contains("UNIQUE"),
        "no SQL in errors: {}",
        taken.body
    );
}

#[tokio::test]
async fn a_retried_post_with_the_same_idempotency_key_creates_once() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let body = json!({"name": "Once Only"});
    let key = [("idempotency-key", "7d9c1f0e-retry")];
    let first = admin
        .send(Method::POST, "/api/v1/accounts", Some(&body), &key)
        .await;
    let second = admin
        .send(Method::POST, "/api/v1/accounts", Some(&body), &key)
        .await;
    assert_eq!(first.status, StatusCode::CREATED);
    assert_eq!(second.status, StatusCode::CREATED);
    assert_eq!(second.body, first.body);
    assert_eq!(second.header("location"), first.header("location"));
    assert_eq!(second.header("idempotent-replayed"), Some("true"));
    let count = admin
        .get("/api/v1/accounts?name=Once%20Only&count=true")
        .await;
    assert_eq!(count.body["total"], 1);

    let other = admin
        .send(
            Method::POST,
            "/api/v1/accounts",
            Some(&json!({"name": "Something Else"})),
            &key,
        )
        .await;
    assert_eq!(other.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(other.error_fields(), ["Idempotency-Key"]);
}
