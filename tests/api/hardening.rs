//! Hardening: wrong methods, limits, bodies, cross-origin requests, security headers, errors that
//! leak nothing, concurrent writes with `If-Match` and `Idempotency-Key`.

use std::time::Duration;

use crm_tests::org::{self, id_of};
use crm_tests::{Response, TestApp};
use reqwest::{Method, StatusCode};
use serde_json::json;

#[tokio::test]
async fn a_known_path_with_a_wrong_method_is_405_with_allow() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let cases = [
        (Method::PATCH, "/api/v1/accounts", "GET, POST"),
        (
            Method::POST,
            "/api/v1/accounts/0190b1d2-0000-7000-8000-000000000000",
            "GET, PATCH, DELETE",
        ),
        // A literal segment is not taken for an id.
        (Method::PATCH, "/api/v1/business-units/tree", "GET"),
        (Method::PATCH, "/api/v1/users/reassign", "POST"),
        (Method::DELETE, "/healthz", "GET"),
        (Method::TRACE, "/api/v1/me", "GET"),
    ];
    for (method, path, allow) in cases {
        let response = admin.send(method.clone(), path, None, &[]).await;
        assert_eq!(
            response.status,
            StatusCode::METHOD_NOT_ALLOWED,
            "{method} {path}"
        );
        assert_eq!(response.header("allow"), Some(allow), "{method} {path}");
        assert_eq!(response.content_type(), "application/problem+json");
    }
    // Unknown paths stay 404.
    let missing = admin
        .send(Method::PATCH, "/api/v1/nothing", None, &[])
        .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn bodies_are_limited_objects_and_integral_numbers_are_integers() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let huge = format!("{{\"name\": \"{}\"}}", "x".repeat(crm_api_body_limit() + 1));
    let too_large = admin
        .send_raw(
            Method::POST,
            "/api/v1/accounts",
            "application/json",
            huge.into_bytes(),
        )
        .await;
    assert_eq!(too_large.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(too_large.content_type(), "application/problem+json");

    let array = admin
        .send_raw(
            Method::POST,
            "/api/v1/accounts",
            "application/json",
            b"[\"Acme\"]".to_vec(),
        )
        .await;
    assert_eq!(array.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(array.error_fields(), ["body"]);

    let integral = admin
        .post(
            "/api/v1/accounts",
            &json!({"name": "Acme", "employees": 250.0}),
        )
        .await;
    assert_eq!(integral.status, StatusCode::CREATED, "{}", integral.body);
    assert_eq!(integral.body["employees"], 250);
    let fraction = admin
        .post(
            "/api/v1/accounts",
            &json!({"name": "Acme", "employees": 2.5}),
        )
        .await;
    assert_eq!(fraction.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(fraction.error_fields(), ["employees"]);
}

/// The JSON body limit the server documents (1 MiB).
fn crm_api_body_limit() -> usize {
    1024 * 1024
}

#[tokio::test]
async fn limit_is_capped_and_an_empty_cursor_is_the_first_page() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let over = admin.get("/api/v1/accounts?limit=201").await;
    assert_eq!(over.status, StatusCode::BAD_REQUEST);
    assert_eq!(over.error_fields(), ["limit"]);
    let first = admin.get("/api/v1/accounts?limit=200&cursor=").await;
    assert_eq!(first.status, StatusCode::OK);
    let listed = admin
        .get("/api/v1/accounts?id[in]=0190b1d2-0000-7000-8000-000000000000,0190b1d2-0000-7000-8000-000000000001")
        .await;
    assert_eq!(listed.status, StatusCode::OK);
}

#[tokio::test]
async fn other_origins_get_no_cors_grant_and_the_web_app_has_its_security_headers() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let cross = admin
        .send(
            Method::GET,
            "/api/v1/me",
            None,
            &[("origin", "https://evil.example")],
        )
        .await;
    assert_eq!(cross.status, StatusCode::OK);
    assert!(cross.header("access-control-allow-origin").is_none());
    assert!(cross.header("access-control-allow-credentials").is_none());
    let preflight = app
        .anonymous()
        .send(
            Method::OPTIONS,
            "/api/v1/accounts",
            None,
            &[
                ("origin", "https://evil.example"),
                ("access-control-request-method", "POST"),
            ],
        )
        .await;
    assert!(preflight.header("access-control-allow-origin").is_none());
    assert_eq!(preflight.status, StatusCode::METHOD_NOT_ALLOWED);

    for path in ["/", "/accounts/some-id"] {
        let page = app.anonymous().get(path).await;
        assert_eq!(page.status, StatusCode::OK);
        let csp = page.header("content-security-policy").unwrap_or_default();
        assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
        assert!(csp.contains("default-src 'self'"), "{csp}");
        assert!(!csp.contains("unsafe-eval"), "{csp}");
        assert_eq!(page.header("x-content-type-options"), Some("nosniff"));
        assert_eq!(page.header("x-frame-options"), Some("DENY"));
        assert_eq!(page.header("referrer-policy"), Some("no-referrer"));
    }
}

/// What an error body must never show: SQL, file paths, source locations, internals.
const LEAKS: &[&str] = &[
    "SELECT",
    "INSERT",
    "UPDATE ",
    "DELETE FROM",
    "sqlite",
    "postgres",
    "diesel",
    "syntax error",
    "/tmp/",
    "/home/",
    "/root/",
    "/work/",
    ".rs:",
    "src/",
    "panicked",
    "backtrace",
    "thread '",
    "r2d2",
    "actix",
];

fn assert_leaks_nothing(what: &str, response: &Response) {
    let body = response.body.to_string();
    for leak in LEAKS {
        assert!(
            !body.to_lowercase().contains(&leak.to_lowercase()),
            "{what} answered {} with {leak:?} in it: {body}",
            response.status
        );
    }
    if response.status.is_client_error() || response.status.is_server_error() {
        assert_eq!(
            response.content_type(),
            "application/problem+json",
            "{what}"
        );
    }
}

#[tokio::test]
async fn errors_carry_no_sql_paths_or_stack_traces() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let injection = "x' OR 1=1; DROP TABLE accounts; --";
    let gets = [
        format!("/api/v1/accounts?name={injection}"),
        format!("/api/v1/accounts?q={injection}"),
        "/api/v1/accounts?sort=name;DROP".into(),
        "/api/v1/accounts?name[like]=x".into(),
        "/api/v1/accounts?employees[gt]=99999999999999999999".into(),
        "/api/v1/accounts?created_at[gte]=yesterday".into(),
        "/api/v1/accounts?cursor=eyJub3QiOiJhIGN1cnNvciJ9".into(),
        "/api/v1/accounts?cursor=%FF%FE".into(),
        "/api/v1/accounts/../../etc/passwd".into(),
        "/api/v1/accounts/%00".into(),
        "/api/v1/accounts/0190b1d2-0000-7000-8000-000000000000/history?after=x".into(),
        "/api/v1/changes?after=-1&entity=secrets".into(),
        "/api/v1/nothing/here".into(),
        "/assets/../../Cargo.toml".into(),
    ];
    for path in &gets {
        let response = admin.get(path).await;
        assert_leaks_nothing(path, &response);
    }
    let bodies: [(&str, &[u8]); 8] = [
        ("/api/v1/accounts", b"{\"name\": "),
        ("/api/v1/accounts", b"{\"name\": \"\\ud800\"}"),
        ("/api/v1/accounts", b"{\"name\": 1e999}"),
        (
            "/api/v1/accounts",
            b"{\"name\": \"Acme\", \"annual_revenue\": 12.5}",
        ),
        (
            "/api/v1/accounts",
            b"{\"name\": \"Acme\", \"parent_account_id\": \"'; --\"}",
        ),
        (
            "/api/v1/contacts",
            b"{\"last_name\": \"x\", \"birthdate\": \"1899-13-45\"}",
        ),
        (
            "/api/v1/users/reassign",
            b"{\"user_ids\": [\"not-a-uuid\"]}",
        ),
        (
            "/api/v1/auth/login",
            b"{\"email\": {\"$ne\": null}, \"password\": []}",
        ),
    ];
    for (path, body) in bodies {
        let response = admin
            .send_raw(Method::POST, path, "application/json", body.to_vec())
            .await;
        assert!(
            response.status.is_client_error(),
            "{path}: {}",
            response.status
        );
        assert_leaks_nothing(path, &response);
    }
    let wrong_type = admin
        .send_raw(
            Method::POST,
            "/api/v1/accounts",
            "text/xml",
            b"<a/>".to_vec(),
        )
        .await;
    assert_eq!(wrong_type.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_leaks_nothing("text/xml body", &wrong_type);
}

#[tokio::test]
async fn of_two_patches_with_the_same_if_match_exactly_one_succeeds() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    for round in 0..5 {
        let account = admin
            .create(
                "/api/v1/accounts",
                &json!({"name": format!("Race {round}")}),
            )
            .await;
        let path = format!("/api/v1/accounts/{}", id_of(&account));
        let version = format!("\"{}\"", account["version"]);
        let patch = |city: &'static str| {
            let admin = admin.clone();
            let path = path.clone();
            let version = version.clone();
            tokio::spawn(async move {
                admin
                    .send(
                        Method::PATCH,
                        &path,
                        Some(&json!({ "city": city })),
                        &[("if-match", version.as_str())],
                    )
                    .await
            })
        };
        let (a, b) = tokio::join!(patch("Oslo"), patch("Lima"));
        let (a, b) = (a.expect("a request"), b.expect("a request"));
        let mut statuses = [a.status, b.status];
        statuses.sort();
        assert_eq!(
            statuses,
            [StatusCode::OK, StatusCode::PRECONDITION_FAILED],
            "round {round}: {} / {}",
            a.body,
            b.body
        );
        let winner = if a.status == StatusCode::OK { &a } else { &b };
        let now = admin.get(&path).await;
        assert_eq!(now.body["city"], winner.body["city"]);
        assert_eq!(
            now.body["version"],
            account["version"].as_i64().unwrap_or(0) + 1
        );
    }
}

#[tokio::test]
async fn an_idempotency_key_in_flight_is_409_reused_with_another_body_422_and_per_caller() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let body = json!({"name": "Exactly Once"});
    let key = [("idempotency-key", "erp-batch-7-line-1")];

    // The first request waits on a lock held outside the server; its retry arrives meanwhile.
    let lock = app.hold_write_lock("accounts");
    let first = {
        let admin = admin.clone();
        let body = body.clone();
        tokio::spawn(async move {
            admin
                .send(Method::POST, "/api/v1/accounts", Some(&body), &key)
                .await
        })
    };
    tokio::time::sleep(Duration::from_millis(400)).await;
    let retry = admin
        .send(Method::POST, "/api/v1/accounts", Some(&body), &key)
        .await;
    assert_eq!(retry.status, StatusCode::CONFLICT, "{}", retry.body);
    assert!(
        retry.body["detail"]
            .as_str()
            .unwrap_or_default()
            .contains("still being processed")
    );
    lock.release();
    let first = first.await.expect("the first request");
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.body);

    let replay = admin
        .send(Method::POST, "/api/v1/accounts", Some(&body), &key)
        .await;
    assert_eq!(replay.status, StatusCode::CREATED);
    assert_eq!(replay.body["id"], first.body["id"]);
    assert_eq!(replay.header("idempotent-replayed"), Some("true"));

    let other_body = admin
        .send(
            Method::POST,
            "/api/v1/accounts",
            Some(&json!({"name": "Something Else"})),
            &key,
        )
        .await;
    assert_eq!(other_body.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(other_body.error_fields(), ["Idempotency-Key"]);

    // Another caller's key of the same text is theirs: it creates their own record.
    let unit = org::root_unit(&admin).await;
    let salesperson = org::role(&admin, "Salesperson").await;
    org::user(&admin, "sam@example.com", &unit, None, &[salesperson]).await;
    let sam = org::sign_in(&app, "sam@example.com").await;
    let theirs = sam
        .send(Method::POST, "/api/v1/accounts", Some(&body), &key)
        .await;
    assert_eq!(theirs.status, StatusCode::CREATED, "{}", theirs.body);
    assert_ne!(theirs.body["id"], first.body["id"]);
    assert!(theirs.header("idempotent-replayed").is_none());
    let count = admin
        .get("/api/v1/accounts?name=Exactly%20Once&count=true")
        .await;
    assert_eq!(count.body["total"], 2);
}

#[tokio::test]
async fn nobody_sets_their_own_password_without_the_current_one() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let me = admin.get("/api/v1/me").await;
    let response = admin
        .post(
            &format!("/api/v1/users/{}/password", id_of(&me.body)),
            &json!({"new_password": "a brand new password"}),
        )
        .await;
    assert_eq!(response.status, StatusCode::CONFLICT, "{}", response.body);
    assert!(
        response.body["detail"]
            .as_str()
            .unwrap_or_default()
            .contains("/api/v1/me/password")
    );
    let still = app
        .login(crm_tests::ADMIN_EMAIL, crm_tests::ADMIN_PASSWORD)
        .await;
    assert_eq!(still.status, StatusCode::OK);
}

#[tokio::test]
async fn a_nul_character_is_refused_wherever_it_is_sent() {
    // PostgreSQL cannot store NUL in text; it must never reach it (a 500 there before).
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    for path in [
        "/api/v1/accounts?name=a%00b",
        "/api/v1/contacts?q=%00",
        "/api/v1/users?email[in]=a@b.c,%00",
    ] {
        let response = admin.get(path).await;
        assert_eq!(response.status, StatusCode::BAD_REQUEST, "{path}");
        assert_leaks_nothing(path, &response);
    }
    let put = admin
        .put(
            "/api/v1/accounts/by-external-id/erp-%00",
            &json!({"name": "Acme"}),
        )
        .await;
    assert_eq!(put.status, StatusCode::BAD_REQUEST);
    let body = admin
        .send_raw(
            Method::POST,
            "/api/v1/accounts",
            "application/json",
            br#"{"name": "Acme", "city": "Os\u0000lo"}"#.to_vec(),
        )
        .await;
    assert_eq!(body.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body.error_fields(), ["city"]);
    let fine = admin
        .post("/api/v1/accounts", &json!({"name": "Acme \\u0000 Ltd"}))
        .await;
    assert_eq!(fine.status, StatusCode::CREATED);
    assert_eq!(fine.body["name"], "Acme \\u0000 Ltd");
}
