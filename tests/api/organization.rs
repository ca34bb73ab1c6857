//! The organization: business units, users, teams, roles, assignment, API keys, the security log.

use crm_tests::org::{USER_PASSWORD, id_of, role, root_unit, sign_in, unit, user};
use crm_tests::{ADMIN_PASSWORD, TestApp};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

fn names(nodes: &Value) -> Vec<String> {
    nodes
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["name"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn business_units_form_a_tree_that_cannot_loop() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let root = root_unit(&admin).await;
    let sales = unit(&admin, "Sales", &root).await;
    let north = unit(&admin, "North", &sales).await;
    unit(&admin, "Service", &root).await;

    let tree = admin.get("/api/v1/business-units/tree").await;
    assert_eq!(tree.status, StatusCode::OK, "{}", tree.body);
    let top = &tree.body[0];
    assert_eq!(top["id"], root.as_str());
    assert_eq!(top["user_count"], 1);
    assert_eq!(names(&top["children"]), ["Sales", "Service"]);
    assert_eq!(names(&top["children"][0]["children"]), ["North"]);

    // Moving a unit under one of its own descendants would make a loop.
    let looped = admin
        .patch(
            &format!("/api/v1/business-units/{sales}"),
            &json!({ "parent_id": north }),
        )
        .await;
    assert_eq!(looped.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(looped.error_fields(), ["parent_id"]);
    let itself = admin
        .patch(
            &format!("/api/v1/business-units/{sales}"),
            &json!({ "parent_id": sales }),
        )
        .await;
    assert_eq!(itself.status, StatusCode::UNPROCESSABLE_ENTITY);

    // Rename and move.
    let moved = admin
        .patch(
            &format!("/api/v1/business-units/{north}"),
            &json!({ "name": "Nordics", "parent_id": root }),
        )
        .await;
    assert_eq!(moved.status, StatusCode::OK, "{}", moved.body);
    assert_eq!(moved.body["name"], "Nordics");
    assert_eq!(moved.body["parent_id"], root.as_str());
    let tree = admin.get("/api/v1/business-units/tree").await;
    assert_eq!(
        names(&tree.body[0]["children"]),
        ["Nordics", "Sales", "Service"]
    );

    // Two units of one parent cannot share a name.
    let twin = admin
        .post(
            "/api/v1/business-units",
            &json!({ "name": "Sales", "parent_id": root }),
        )
        .await;
    assert_eq!(twin.status, StatusCode::CONFLICT, "{}", twin.body);

    // The history of a unit shows the move.
    let history = admin
        .get(&format!("/api/v1/business-units/{north}/history"))
        .await;
    assert_eq!(history.status, StatusCode::OK);
    assert_eq!(history.body["data"][0]["operation"], "update");
}

#[tokio::test]
async fn a_unit_that_still_holds_users_or_records_cannot_be_removed() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let root = root_unit(&admin).await;
    let sales = unit(&admin, "Sales", &root).await;
    let north = unit(&admin, "North", &sales).await;
    let seller = user(&admin, "seller@example.com", &north, None, &[]).await;
    let account = id_of(
        &admin
            .create("/api/v1/accounts", &json!({"name": "Acme"}))
            .await,
    );
    let assigned = admin
        .post(
            &format!("/api/v1/accounts/{account}/assign"),
            &json!({ "owner_id": seller }),
        )
        .await;
    assert_eq!(assigned.status, StatusCode::OK);

    let with_children = admin
        .delete(&format!("/api/v1/business-units/{sales}"))
        .await;
    assert_eq!(with_children.status, StatusCode::CONFLICT);
    assert!(
        with_children.body["detail"]
            .as_str()
            .unwrap()
            .contains("unit"),
        "{}",
        with_children.body
    );

    let busy = admin
        .delete(&format!("/api/v1/business-units/{north}"))
        .await;
    assert_eq!(busy.status, StatusCode::CONFLICT);
    let detail = busy.body["detail"].as_str().unwrap();
    assert!(detail.contains("1 user"), "{detail}");
    assert!(detail.contains("1 account"), "{detail}");

    // Once the user and the account have moved away, the unit goes.
    let moved = admin
        .post(
            "/api/v1/users/reassign",
            &json!({ "user_ids": [seller], "business_unit_id": root }),
        )
        .await;
    assert_eq!(moved.status, StatusCode::OK, "{}", moved.body);
    let back = admin
        .post(
            &format!("/api/v1/accounts/{account}/assign"),
            &json!({ "owner_id": seller }),
        )
        .await;
    assert_eq!(back.body["business_unit_id"], root.as_str());
    let gone = admin
        .delete(&format!("/api/v1/business-units/{north}"))
        .await;
    assert_eq!(gone.status, StatusCode::NO_CONTENT, "{}", gone.body);
    let root_delete = admin
        .delete(&format!("/api/v1/business-units/{root}"))
        .await;
    assert_eq!(root_delete.status, StatusCode::CONFLICT);
}

#[tokio::test]
async fn users_are_readable_by_everyone_and_edit_only_their_own_details() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let root = root_unit(&admin).await;
    let salesperson = role(&admin, "Salesperson").await;
    let created = admin
        .create(
            "/api/v1/users",
            &json!({
                "email": "Ann@Example.com",
                "full_name": "Ann Seller",
                "job_title": "Account executive",
                "phone": "+1 555 0100",
                "mobile_phone": "+1 555 0101",
                "address_line1": "1 Main St",
                "city": "Springfield",
                "country": "US",
                "business_unit_id": root,
                "role_ids": [salesperson],
                "password": USER_PASSWORD,
            }),
        )
        .await;
    let ann = id_of(&created);
    assert_eq!(created["email"], "ann@example.com");
    assert_eq!(created["role_ids"], json!([salesperson]));
    assert!(created.get("password").is_none() && created.get("password_hash").is_none());
    let bob = user(
        &admin,
        "bob@example.com",
        &root,
        None,
        std::slice::from_ref(&salesperson),
    )
    .await;

    let as_ann = sign_in(&app, "ann@example.com").await;
    let listed = as_ann.get("/api/v1/users?q=bob").await;
    assert_eq!(listed.status, StatusCode::OK);
    assert_eq!(listed.body["data"][0]["id"], bob.as_str());

    let own = as_ann
        .patch(
            &format!("/api/v1/users/{ann}"),
            &json!({ "phone": "+1 555 0199", "mobile_phone": null, "city": "Shelbyville" }),
        )
        .await;
    assert_eq!(own.status, StatusCode::OK, "{}", own.body);
    assert_eq!(own.body["phone"], "+1 555 0199");
    assert!(own.body["mobile_phone"].is_null());

    for essential in [
        json!({ "role_ids": [] }),
        json!({ "job_title": "Sales director" }),
        json!({ "business_unit_id": root }),
        json!({ "is_active": false }),
        json!({ "email": "other@example.com" }),
    ] {
        let refused = as_ann
            .patch(&format!("/api/v1/users/{ann}"), &essential)
            .await;
        assert_eq!(
            refused.status,
            StatusCode::FORBIDDEN,
            "{essential}: {}",
            refused.body
        );
    }
    let others = as_ann
        .patch(
            &format!("/api/v1/users/{bob}"),
            &json!({ "job_title": "x" }),
        )
        .await;
    assert_eq!(others.status, StatusCode::FORBIDDEN);
    let create = as_ann
        .post(
            "/api/v1/users",
            &json!({ "email": "c@example.com", "full_name": "C", "password": USER_PASSWORD }),
        )
        .await;
    assert_eq!(create.status, StatusCode::FORBIDDEN);

    // Validation lists every failing field at once.
    let bad = admin
        .post(
            "/api/v1/users",
            &json!({ "email": "not an email", "password": "short", "manager_id": bob, "role_ids": ["01890000-0000-7000-8000-000000000000"] }),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let mut fields = bad.error_fields();
    fields.sort();
    assert_eq!(
        fields,
        [
            "business_unit_id",
            "email",
            "full_name",
            "password",
            "role_ids"
        ],
        "{}",
        bad.body
    );
    let taken = admin
        .post(
            "/api/v1/users",
            &json!({ "email": "ANN@example.com", "full_name": "Ann 2", "business_unit_id": root, "password": USER_PASSWORD }),
        )
        .await;
    assert!(
        taken.status == StatusCode::CONFLICT || taken.status == StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        taken.body
    );
}

#[tokio::test]
async fn a_disabled_user_cannot_sign_in_or_use_a_key_and_keeps_their_records() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let root = root_unit(&admin).await;
    let salesperson = role(&admin, "Salesperson").await;
    let ann = user(&admin, "ann@example.com", &root, None, &[salesperson]).await;
    let as_ann = sign_in(&app, "ann@example.com").await;
    let account = as_ann
        .create("/api/v1/accounts", &json!({"name": "Ann's"}))
        .await;
    let key = admin
        .create(
            "/api/v1/api-keys",
            &json!({ "name": "Ann's sync", "user_id": ann }),
        )
        .await;
    let with_key = app.anonymous().with_token(key["key"].as_str().unwrap());
    assert_eq!(with_key.get("/api/v1/me").await.status, StatusCode::OK);

    let disabled = admin
        .patch(
            &format!("/api/v1/users/{ann}"),
            &json!({ "is_active": false }),
        )
        .await;
    assert_eq!(disabled.status, StatusCode::OK, "{}", disabled.body);
    assert_eq!(disabled.body["is_active"], false);

    assert_eq!(
        app.login("ann@example.com", USER_PASSWORD).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        as_ann.get("/api/v1/me").await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        with_key.get("/api/v1/me").await.status,
        StatusCode::UNAUTHORIZED
    );
    let kept = admin
        .get(&format!("/api/v1/accounts/{}", id_of(&account)))
        .await;
    assert_eq!(kept.body["owner_id"], ann.as_str());

    let me = admin.get("/api/v1/me").await;
    let myself = admin
        .patch(
            &format!("/api/v1/users/{}", me.body["id"].as_str().unwrap()),
            &json!({ "is_active": false }),
        )
        .await;
    assert_eq!(myself.status, StatusCode::CONFLICT);

    let enabled = admin
        .patch(
            &format!("/api/v1/users/{ann}"),
            &json!({ "is_active": true }),
        )
        .await;
    assert_eq!(enabled.status, StatusCode::OK);
    assert_eq!(
        app.login("ann@example.com", USER_PASSWORD).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn reassigning_users_moves_all_of_them_or_none() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let root = root_unit(&admin).await;
    let sales = unit(&admin, "Sales", &root).await;
    let boss = user(&admin, "boss@example.com", &sales, None, &[]).await;
    let ann = user(&admin, "ann@example.com", &root, None, &[]).await;
    let bob = user(&admin, "bob@example.com", &root, Some(&ann), &[]).await;

    let moved = admin
        .post(
            "/api/v1/users/reassign",
            &json!({ "user_ids": [ann, bob], "manager_id": boss, "business_unit_id": sales }),
        )
        .await;
    assert_eq!(moved.status, StatusCode::OK, "{}", moved.body);
    for id in [&ann, &bob] {
        let u = admin.get(&format!("/api/v1/users/{id}")).await;
        assert_eq!(u.body["manager_id"], boss.as_str());
        assert_eq!(u.body["business_unit_id"], sales.as_str());
    }

    // A loop in the reporting line or an unknown user refuses the whole move.
    let looped = admin
        .post(
            "/api/v1/users/reassign",
            &json!({ "user_ids": [boss, bob], "manager_id": ann, "business_unit_id": root }),
        )
        .await;
    assert_eq!(
        looped.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        looped.body
    );
    let unknown = admin
        .post(
            "/api/v1/users/reassign",
            &json!({ "user_ids": [bob, "01890000-0000-7000-8000-000000000000"], "business_unit_id": root }),
        )
        .await;
    assert_eq!(
        unknown.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        unknown.body
    );
    let bob_now = admin.get(&format!("/api/v1/users/{bob}")).await;
    assert_eq!(bob_now.body["business_unit_id"], sales.as_str());
    assert_eq!(bob_now.body["manager_id"], boss.as_str());

    // Removing the manager.
    let freed = admin
        .post(
            "/api/v1/users/reassign",
            &json!({ "user_ids": [bob], "manager_id": null }),
        )
        .await;
    assert_eq!(freed.status, StatusCode::OK);
    let bob_now = admin.get(&format!("/api/v1/users/{bob}")).await;
    assert!(bob_now.body["manager_id"].is_null());
    assert_eq!(bob_now.body["business_unit_id"], sales.as_str());
}

#[tokio::test]
async fn a_line_manager_manages_the_users_of_their_own_unit_only() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let root = root_unit(&admin).await;
    let sales = unit(&admin, "Sales", &root).await;
    let service = unit(&admin, "Service", &root).await;
    let manager_role = role(&admin, "Sales Manager").await;
    user(&admin, "manager@example.com", &sales, None, &[manager_role]).await;
    let mine = user(&admin, "mine@example.com", &sales, None, &[]).await;
    let theirs = user(&admin, "theirs@example.com", &service, None, &[]).await;
    let manager = sign_in(&app, "manager@example.com").await;

    let ok = manager
        .patch(
            &format!("/api/v1/users/{mine}"),
            &json!({ "job_title": "Rep" }),
        )
        .await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    let refused = manager
        .patch(
            &format!("/api/v1/users/{theirs}"),
            &json!({ "job_title": "Rep" }),
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
    // Nor may they move their own people to a unit they do not manage.
    let away = manager
        .patch(
            &format!("/api/v1/users/{mine}"),
            &json!({ "business_unit_id": service }),
        )
        .await;
    assert_eq!(away.status, StatusCode::FORBIDDEN, "{}", away.body);
}

#[tokio::test]
async fn teams_own_records_and_give_their_roles_to_members() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let root = root_unit(&admin).await;
    let ann = user(&admin, "ann@example.com", &root, None, &[]).await;
    let as_ann = sign_in(&app, "ann@example.com").await;
    assert_eq!(
        as_ann
            .post("/api/v1/accounts", &json!({"name": "Nope"}))
            .await
            .status,
        StatusCode::FORBIDDEN
    );

    let salesperson = role(&admin, "Salesperson").await;
    let team = admin
        .create(
            "/api/v1/teams",
            &json!({ "name": "Key accounts", "business_unit_id": root, "role_ids": [salesperson] }),
        )
        .await;
    let team_id = id_of(&team);
    let added = admin
        .post(
            &format!("/api/v1/teams/{team_id}/members"),
            &json!({ "user_ids": [ann] }),
        )
        .await;
    assert_eq!(added.status, StatusCode::OK, "{}", added.body);
    assert_eq!(added.body["member_ids"], json!([ann]));

    // The team's role now works for Ann, on her next request.
    let created = as_ann
        .post("/api/v1/accounts", &json!({"name": "Yes"}))
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let me = as_ann.get("/api/v1/me").await;
    assert!(
        me.body["privileges"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["entity"] == "accounts" && p["action"] == "create")
    );

    // A record the team owns is Ann's to work on; once she leaves the team it is not.
    let shared = id_of(
        &admin
            .create("/api/v1/accounts", &json!({"name": "Team's"}))
            .await,
    );
    let assigned = admin
        .post(
            &format!("/api/v1/accounts/{shared}/assign"),
            &json!({ "owner_id": team_id }),
        )
        .await;
    assert_eq!(assigned.body["owner_id"], team_id.as_str());
    assert_eq!(
        as_ann
            .get(&format!("/api/v1/accounts/{shared}"))
            .await
            .status,
        StatusCode::OK
    );
    let removed = admin
        .delete(&format!("/api/v1/teams/{team_id}/members/{ann}"))
        .await;
    assert_eq!(removed.status, StatusCode::OK, "{}", removed.body);
    assert_eq!(
        as_ann
            .get(&format!("/api/v1/accounts/{shared}"))
            .await
            .status,
        StatusCode::FORBIDDEN,
        "without the team's role Ann reads no accounts at all"
    );

    // A team that owns records cannot be deleted.
    let busy = admin.delete(&format!("/api/v1/teams/{team_id}")).await;
    assert_eq!(busy.status, StatusCode::CONFLICT, "{}", busy.body);
}

#[tokio::test]
async fn default_roles_ship_and_no_one_grants_more_than_they_hold() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let roles = admin.get("/api/v1/roles?sort=name").await;
    assert_eq!(
        names(&roles.body["data"]),
        [
            "Customer Service Manager",
            "Customer Service Representative",
            "Marketing",
            "Read-only",
            "Sales Manager",
            "Salesperson",
            "System Administrator"
        ]
    );
    let salesperson = role(&admin, "Salesperson").await;
    let detail = admin.get(&format!("/api/v1/roles/{salesperson}")).await;
    assert!(
        detail.body["privileges"]
            .as_array()
            .unwrap()
            .contains(&json!({"entity": "accounts", "action": "read", "depth": "own"})),
        "{}",
        detail.body
    );

    // Unknown entities, actions and depths are refused with the failing entry named.
    let bad = admin
        .post(
            "/api/v1/roles",
            &json!({ "name": "Bad", "privileges": [
                {"entity": "accounts", "action": "read", "depth": "organization"},
                {"entity": "spaceships", "action": "read", "depth": "own"},
            ]}),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
    assert_eq!(bad.error_fields(), ["privileges[1]"]);
    let bad_depth = admin
        .post(
            "/api/v1/roles",
            &json!({ "name": "Bad", "privileges": [{"entity": "accounts", "action": "read", "depth": "galaxy"}]}),
        )
        .await;
    assert!(bad_depth.status.is_client_error(), "{}", bad_depth.body);

    // A role manager holding accounts at business-unit depth cannot hand out organization depth.
    let root = root_unit(&admin).await;
    let limited = admin
        .create(
            "/api/v1/roles",
            &json!({ "name": "Role keeper", "privileges": [
                {"entity": "roles", "action": "create", "depth": "organization"},
                {"entity": "roles", "action": "update", "depth": "organization"},
                {"entity": "roles", "action": "read", "depth": "organization"},
                {"entity": "accounts", "action": "read", "depth": "business_unit"},
            ]}),
        )
        .await;
    user(
        &admin,
        "keeper@example.com",
        &root,
        None,
        &[id_of(&limited)],
    )
    .await;
    let keeper = sign_in(&app, "keeper@example.com").await;
    let escalated = keeper
        .post(
            "/api/v1/roles",
            &json!({ "name": "Wider", "privileges": [{"entity": "accounts", "action": "read", "depth": "organization"}]}),
        )
        .await;
    assert_eq!(
        escalated.status,
        StatusCode::FORBIDDEN,
        "{}",
        escalated.body
    );
    let within = keeper
        .post(
            "/api/v1/roles",
            &json!({ "name": "Narrower", "privileges": [{"entity": "accounts", "action": "read", "depth": "own"}]}),
        )
        .await;
    assert_eq!(within.status, StatusCode::CREATED, "{}", within.body);

    // The System Administrator role cannot be changed or removed.
    let admin_role = role(&admin, "System Administrator").await;
    let changed = admin
        .patch(
            &format!("/api/v1/roles/{admin_role}"),
            &json!({ "privileges": [] }),
        )
        .await;
    assert!(changed.status.is_client_error(), "{}", changed.body);
    assert!(
        admin
            .delete(&format!("/api/v1/roles/{admin_role}"))
            .await
            .status
            .is_client_error()
    );

    // Changing a role is in the security log.
    let updated = admin
        .patch(
            &format!("/api/v1/roles/{}", id_of(&within.body)),
            &json!({ "privileges": [{"entity": "contacts", "action": "read", "depth": "own"}] }),
        )
        .await;
    assert_eq!(updated.status, StatusCode::OK, "{}", updated.body);
    let events = admin.get("/api/v1/security-events?kind=role_changed").await;
    assert_eq!(events.status, StatusCode::OK, "{}", events.body);
    assert!(events.body["data"].as_array().unwrap().len() >= 2);
}

#[tokio::test]
async fn owner_unit_and_audit_fields_cannot_be_written_through_patch() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let root = root_unit(&admin).await;
    let ann = user(&admin, "ann@example.com", &root, None, &[]).await;
    for path in ["accounts", "contacts"] {
        let body = if path == "accounts" {
            json!({"name": "Acme"})
        } else {
            json!({"last_name": "Smith"})
        };
        let record = admin.create(&format!("/api/v1/{path}"), &body).await;
        let id = id_of(&record);
        for field in [
            json!({"owner_id": ann}),
            json!({"business_unit_id": root}),
            json!({"created_by": ann}),
            json!({"created_at": "2020-01-01T00:00:00Z"}),
            json!({"version": 7}),
            json!({"id": "01890000-0000-7000-8000-000000000000"}),
        ] {
            let refused = admin.patch(&format!("/api/v1/{path}/{id}"), &field).await;
            assert_eq!(
                refused.status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "{path} {field}: {}",
                refused.body
            );
            let name = field.as_object().unwrap().keys().next().unwrap().clone();
            assert_eq!(refused.error_fields(), [name], "{}", refused.body);
        }
        let after = admin.get(&format!("/api/v1/{path}/{id}")).await;
        assert_eq!(after.body["version"], 1);
        assert_eq!(after.body["owner_id"], record["owner_id"]);
    }
}

#[tokio::test]
async fn assigning_moves_owner_and_unit_and_is_in_the_history() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let root = root_unit(&admin).await;
    let sales = unit(&admin, "Sales", &root).await;
    let ann = user(&admin, "ann@example.com", &sales, None, &[]).await;
    let account = admin
        .create("/api/v1/accounts", &json!({"name": "Acme"}))
        .await;
    let id = id_of(&account);

    let stale = admin
        .send(
            Method::POST,
            &format!("/api/v1/accounts/{id}/assign"),
            Some(&json!({ "owner_id": ann })),
            &[("if-match", "\"9\"")],
        )
        .await;
    assert_eq!(stale.status, StatusCode::PRECONDITION_FAILED);

    let assigned = admin
        .post(
            &format!("/api/v1/accounts/{id}/assign"),
            &json!({ "owner_id": ann }),
        )
        .await;
    assert_eq!(assigned.status, StatusCode::OK, "{}", assigned.body);
    assert_eq!(assigned.body["owner_id"], ann.as_str());
    assert_eq!(assigned.body["business_unit_id"], sales.as_str());
    assert_eq!(assigned.body["version"], 2);

    let history = admin.get(&format!("/api/v1/accounts/{id}/history")).await;
    let last = &history.body["data"][0];
    assert_eq!(last["operation"], "update");
    let changed = last["changes"].to_string();
    assert!(
        changed.contains("owner_id") && changed.contains(&ann),
        "{last}"
    );
    assert!(changed.contains("business_unit_id"), "{last}");

    for (owner, why) in [
        (json!("01890000-0000-7000-8000-000000000000"), "unknown"),
        (json!("nope"), "malformed"),
    ] {
        let refused = admin
            .post(
                &format!("/api/v1/accounts/{id}/assign"),
                &json!({ "owner_id": owner }),
            )
            .await;
        assert_eq!(
            refused.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{why}: {}",
            refused.body
        );
        assert_eq!(refused.error_fields(), ["owner_id"]);
    }
    let disabled = user(&admin, "gone@example.com", &root, None, &[]).await;
    admin
        .patch(
            &format!("/api/v1/users/{disabled}"),
            &json!({"is_active": false}),
        )
        .await;
    let to_disabled = admin
        .post(
            &format!("/api/v1/accounts/{id}/assign"),
            &json!({ "owner_id": disabled }),
        )
        .await;
    assert_eq!(to_disabled.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn api_keys_are_shown_once_stored_hashed_and_revoked_at_once() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let created = admin
        .create("/api/v1/api-keys", &json!({ "name": "ERP sync" }))
        .await;
    let key = created["key"].as_str().unwrap().to_owned();
    let prefix = created["prefix"].as_str().unwrap().to_owned();
    let secret = key
        .strip_prefix(&format!("crm_{prefix}_"))
        .unwrap_or_else(|| panic!("the key starts with its prefix: {created}"))
        .to_owned();
    assert!(secret.len() >= 36, "224 random bits: {created}");

    let integration = app.anonymous().with_token(&key);
    let me = integration.get("/api/v1/me").await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.body["email"], crm_tests::ADMIN_EMAIL);
    assert_eq!(
        integration
            .create("/api/v1/accounts", &json!({"name": "From the ERP"}))
            .await["created_by"],
        me.body["id"]
    );

    let listed = admin.get("/api/v1/api-keys").await;
    assert_eq!(listed.status, StatusCode::OK);
    let row = &listed.body["data"][0];
    assert_eq!(row["prefix"], prefix.as_str());
    assert!(row.get("key").is_none() && row.get("key_hash").is_none());
    assert!(!listed.body.to_string().contains(&secret));
    assert!(row["last_used_at"].is_string());

    // A wrong secret with a right prefix is refused, as is a key used with a typo.
    let typo = format!("{}x", &key[..key.len() - 1]);
    assert_eq!(
        app.anonymous()
            .with_token(&typo)
            .get("/api/v1/me")
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );

    let revoked = admin
        .delete(&format!("/api/v1/api-keys/{}", id_of(&created)))
        .await;
    assert_eq!(revoked.status, StatusCode::NO_CONTENT);
    assert_eq!(
        integration.get("/api/v1/me").await.status,
        StatusCode::UNAUTHORIZED
    );

    // Key management is recorded; the log never holds the key.
    let events = admin.get("/api/v1/security-events?limit=100").await;
    let kinds: Vec<&str> = events.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert!(
        kinds.contains(&"api_key_created") && kinds.contains(&"api_key_revoked"),
        "{kinds:?}"
    );
    assert!(!events.body.to_string().contains(&secret));
}

#[tokio::test]
async fn keys_at_own_depth_are_managed_by_their_user_only() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let root = root_unit(&admin).await;
    let integrator = admin
        .create(
            "/api/v1/roles",
            &json!({ "name": "Integrator", "privileges": [
                {"entity": "api-keys", "action": "create", "depth": "own"},
                {"entity": "api-keys", "action": "read", "depth": "own"},
                {"entity": "api-keys", "action": "delete", "depth": "own"},
            ]}),
        )
        .await;
    let salesperson = role(&admin, "Salesperson").await;
    let ann = user(
        &admin,
        "ann@example.com",
        &root,
        None,
        &[id_of(&integrator)],
    )
    .await;
    let bob = user(&admin, "bob@example.com", &root, None, &[salesperson]).await;
    let as_ann = sign_in(&app, "ann@example.com").await;
    let as_bob = sign_in(&app, "bob@example.com").await;
    let admin_key = admin
        .create("/api/v1/api-keys", &json!({"name": "admin's"}))
        .await;
    assert_eq!(
        as_bob
            .post("/api/v1/api-keys", &json!({"name": "x"}))
            .await
            .status,
        StatusCode::FORBIDDEN,
        "the default Salesperson role issues no keys"
    );

    let own = as_ann
        .post("/api/v1/api-keys", &json!({"name": "mine"}))
        .await;
    assert_eq!(own.status, StatusCode::CREATED, "{}", own.body);
    assert_eq!(own.body["user_id"], ann.as_str());
    let for_bob = as_ann
        .post(
            "/api/v1/api-keys",
            &json!({"name": "bob's", "user_id": bob}),
        )
        .await;
    assert!(for_bob.status == StatusCode::FORBIDDEN || for_bob.status == StatusCode::NOT_FOUND);
    let listed = as_ann.get("/api/v1/api-keys").await;
    assert_eq!(listed.body["data"].as_array().unwrap().len(), 1);
    let revoke_admins = as_ann
        .delete(&format!("/api/v1/api-keys/{}", id_of(&admin_key)))
        .await;
    assert_eq!(revoke_admins.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_security_log_records_sign_ins_for_administrators_without_secrets() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let root = root_unit(&admin).await;
    let salesperson = role(&admin, "Salesperson").await;
    let ann = user(&admin, "ann@example.com", &root, None, &[salesperson]).await;
    assert_eq!(
        app.login("ann@example.com", "a wrong password!")
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.login("nobody@example.com", "a wrong password!")
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    let as_ann = sign_in(&app, "ann@example.com").await;
    assert_eq!(
        as_ann.get("/api/v1/security-events").await.status,
        StatusCode::FORBIDDEN
    );
    admin
        .patch(
            &format!("/api/v1/users/{ann}"),
            &json!({"is_active": false}),
        )
        .await;

    let events = admin.get("/api/v1/security-events?limit=100").await;
    assert_eq!(events.status, StatusCode::OK, "{}", events.body);
    let rows = events.body["data"].as_array().unwrap();
    let of = |kind: &str| -> Vec<&Value> { rows.iter().filter(|e| e["kind"] == kind).collect() };
    assert_eq!(of("sign_in_failed").len(), 2);
    assert!(
        of("sign_in_failed")
            .iter()
            .any(|e| e["user_id"] == ann.as_str())
    );
    assert!(of("sign_in_failed").iter().any(|e| e["user_id"].is_null()));
    assert!(of("sign_in").iter().any(|e| e["user_id"] == ann.as_str()));
    assert_eq!(of("user_disabled").len(), 1);
    // Newest first.
    assert_eq!(rows[0]["kind"], "user_disabled");
    let text = events.body.to_string();
    for secret in [
        USER_PASSWORD,
        "a wrong password!",
        ADMIN_PASSWORD,
        "access_token",
    ] {
        assert!(!text.contains(secret), "the log holds {secret}");
    }

    let filtered = admin
        .get(&format!(
            "/api/v1/security-events?user_id={ann}&kind=sign_in"
        ))
        .await;
    assert_eq!(filtered.status, StatusCode::OK, "{}", filtered.body);
    assert!(
        filtered.body["data"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["kind"] == "sign_in" && e["user_id"] == ann.as_str())
    );
}

#[tokio::test]
async fn changing_my_password_signs_out_my_sessions() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let root = root_unit(&admin).await;
    user(&admin, "ann@example.com", &root, None, &[]).await;
    let login = app.login("ann@example.com", USER_PASSWORD).await;
    let refresh = login.body["refresh_token"].as_str().unwrap().to_owned();
    let as_ann = app
        .anonymous()
        .with_token(login.body["access_token"].as_str().unwrap());

    let wrong = as_ann
        .post(
            "/api/v1/me/password",
            &json!({"current_password": "not it at all", "new_password": "short"}),
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    let mut fields = wrong.error_fields();
    fields.sort();
    assert_eq!(fields, ["current_password", "new_password"]);

    let changed = as_ann
        .post(
            "/api/v1/me/password",
            &json!({"current_password": USER_PASSWORD, "new_password": "a brand new password"}),
        )
        .await;
    assert_eq!(changed.status, StatusCode::NO_CONTENT, "{}", changed.body);
    let refreshed = app
        .anonymous()
        .post("/api/v1/auth/refresh", &json!({"refresh_token": refresh}))
        .await;
    assert_eq!(refreshed.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        app.login("ann@example.com", USER_PASSWORD).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.login("ann@example.com", "a brand new password")
            .await
            .status,
        StatusCode::OK
    );
}
