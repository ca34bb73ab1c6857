//! Signing in, tokens, the caller.

use chrono::Duration;
use crm_tests::{ADMIN_EMAIL, ADMIN_PASSWORD, TestApp};
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn the_administrator_signs_in_and_sees_their_privileges() {
    let app = TestApp::spawn().await;
    let login = app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await;
    assert_eq!(login.status, StatusCode::OK);
    assert_eq!(login.body["token_type"], "Bearer");
    assert_eq!(login.body["expires_in"], 900);
    assert!(
        login.body["refresh_token"]
            .as_str()
            .unwrap()
            .starts_with("crm_rt_")
    );

    let me = app.admin().await.get("/api/v1/me").await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.body["email"], ADMIN_EMAIL);
    assert_eq!(me.body["business_unit_name"], "Test Organization");
    assert!(me.body["last_sign_in_at"].is_string());
    let privileges = me.body["privileges"].as_array().unwrap();
    assert!(privileges.iter().any(|p| p["entity"] == "accounts"
        && p["action"] == "delete"
        && p["depth"] == "organization"));
}

#[tokio::test]
async fn emails_are_matched_without_regard_to_case() {
    let app = TestApp::spawn().await;
    let login = app.login("  Admin@Example.COM ", ADMIN_PASSWORD).await;
    assert_eq!(login.status, StatusCode::OK);
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_email_get_the_same_401() {
    let app = TestApp::spawn().await;
    let wrong = app.login(ADMIN_EMAIL, "not the password").await;
    let unknown = app.login("nobody@example.com", ADMIN_PASSWORD).await;
    for response in [&wrong, &unknown] {
        assert_eq!(response.status, StatusCode::UNAUTHORIZED);
        assert_eq!(response.content_type(), "application/problem+json");
        assert_eq!(response.header("www-authenticate"), Some("Bearer"));
    }
    assert_eq!(wrong.body["detail"], unknown.body["detail"]);
}

#[tokio::test]
async fn repeated_failed_sign_ins_are_refused_for_a_while() {
    let app = TestApp::spawn().await;
    for _ in 0..10 {
        assert_eq!(
            app.login(ADMIN_EMAIL, "guess").await.status,
            StatusCode::UNAUTHORIZED
        );
    }
    let blocked = app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await;
    assert_eq!(blocked.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(
        blocked
            .header("retry-after")
            .unwrap()
            .parse::<u64>()
            .unwrap()
            > 0
    );
    app.clock.advance(Duration::minutes(16));
    assert_eq!(
        app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn calls_without_a_valid_token_are_401() {
    let app = TestApp::spawn().await;
    let anonymous = app.anonymous();
    let none = anonymous.get("/api/v1/accounts").await;
    assert_eq!(none.status, StatusCode::UNAUTHORIZED);
    assert_eq!(none.header("www-authenticate"), Some("Bearer"));
    let forged = anonymous
        .with_token("eyJhbGciOiJIUzI1NiJ9.e30.bad")
        .get("/api/v1/me")
        .await;
    assert_eq!(forged.status, StatusCode::UNAUTHORIZED);
    let basic = anonymous
        .send(
            reqwest::Method::GET,
            "/api/v1/me",
            None,
            &[("authorization", "Basic YTpi")],
        )
        .await;
    assert_eq!(basic.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn access_tokens_expire_after_fifteen_minutes() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    assert_eq!(admin.get("/api/v1/me").await.status, StatusCode::OK);
    app.clock
        .advance(Duration::minutes(15) + Duration::seconds(1));
    let expired = admin.get("/api/v1/me").await;
    assert_eq!(expired.status, StatusCode::UNAUTHORIZED);
    assert!(expired.body["detail"].as_str().unwrap().contains("expired"));
}

#[tokio::test]
async fn refresh_tokens_rotate_and_a_reused_one_signs_the_session_out() {
    let app = TestApp::spawn().await;
    let first = app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await.body;
    let anonymous = app.anonymous();

    let second = anonymous
        .post(
            "/api/v1/auth/refresh",
            &json!({"refresh_token": first["refresh_token"]}),
        )
        .await;
    assert_eq!(second.status, StatusCode::OK);
    assert_ne!(second.body["refresh_token"], first["refresh_token"]);
    let me = anonymous
        .with_token(second.body["access_token"].as_str().unwrap())
        .get("/api/v1/me")
        .await;
    assert_eq!(me.status, StatusCode::OK);

    // The first token again: refused, and the whole family with it.
    let reuse = anonymous
        .post(
            "/api/v1/auth/refresh",
            &json!({"refresh_token": first["refresh_token"]}),
        )
        .await;
    assert_eq!(reuse.status, StatusCode::UNAUTHORIZED);
    let after_reuse = anonymous
        .post(
            "/api/v1/auth/refresh",
            &json!({"refresh_token": second.body["refresh_token"]}),
        )
        .await;
    assert_eq!(after_reuse.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn signing_out_revokes_the_refresh_token() {
    let app = TestApp::spawn().await;
    let tokens = app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await.body;
    let anonymous = app.anonymous();
    let body = json!({"refresh_token": tokens["refresh_token"]});
    assert_eq!(
        anonymous.post("/api/v1/auth/logout", &body).await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        anonymous.post("/api/v1/auth/logout", &body).await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        anonymous.post("/api/v1/auth/refresh", &body).await.status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn refresh_tokens_expire_after_thirty_days() {
    let app = TestApp::spawn().await;
    let tokens = app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await.body;
    app.clock.advance(Duration::days(31));
    let refreshed = app
        .anonymous()
        .post(
            "/api/v1/auth/refresh",
            &json!({"refresh_token": tokens["refresh_token"]}),
        )
        .await;
    assert_eq!(refreshed.status, StatusCode::UNAUTHORIZED);
}
