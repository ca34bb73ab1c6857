//! Building an organization through the API: units, users, roles, signed-in clients.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::{Client, TestApp};

/// The password every user made by these helpers has.
pub const USER_PASSWORD: &str = "a user password 1";

/// The id of a created record.
pub fn id_of(record: &Value) -> String {
    record["id"]
        .as_str()
        .expect("the record has an id")
        .to_owned()
}

/// The root business unit (the organization).
pub async fn root_unit(admin: &Client) -> String {
    let me = admin.get("/api/v1/me").await;
    me.body["business_unit_id"]
        .as_str()
        .expect("the caller has a unit")
        .to_owned()
}

/// Creates a business unit under `parent`.
pub async fn unit(admin: &Client, name: &str, parent: &str) -> String {
    id_of(
        &admin
            .create(
                "/api/v1/business-units",
                &json!({ "name": name, "parent_id": parent }),
            )
            .await,
    )
}

/// Creates a user with [`USER_PASSWORD`].
pub async fn user(
    admin: &Client,
    email: &str,
    unit: &str,
    manager: Option<&str>,
    roles: &[String],
) -> String {
    id_of(
        &admin
            .create(
                "/api/v1/users",
                &json!({
                    "email": email,
                    "full_name": email.split('@').next().unwrap_or(email),
                    "business_unit_id": unit,
                    "manager_id": manager,
                    "role_ids": roles,
                    "password": USER_PASSWORD,
                }),
            )
            .await,
    )
}

/// The id of a role by its name.
pub async fn role(admin: &Client, name: &str) -> String {
    let roles = admin.get("/api/v1/roles?limit=100").await;
    roles.body["data"]
        .as_array()
        .and_then(|rows| rows.iter().find(|r| r["name"] == name))
        .and_then(|r| r["id"].as_str())
        .unwrap_or_else(|| panic!("no role named {name}: {}", roles.body))
        .to_owned()
}

/// A client signed in as a user made by [`user`].
pub async fn sign_in(app: &TestApp, email: &str) -> Client {
    let login = app.login(email, USER_PASSWORD).await;
    assert_eq!(
        login.status,
        StatusCode::OK,
        "sign-in of {email}: {}",
        login.body
    );
    app.anonymous().with_token(
        login.body["access_token"]
            .as_str()
            .expect("an access token"),
    )
}
