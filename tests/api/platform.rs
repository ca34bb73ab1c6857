//! What surrounds the API: health, the OpenAPI document, the docs UI, the web app, start-up.

use crm_tests::TestApp;
use reqwest::StatusCode;

#[tokio::test]
async fn health_and_readiness_need_no_credentials() {
    let app = TestApp::spawn().await;
    let anonymous = app.anonymous();
    assert_eq!(anonymous.get("/healthz").await.status, StatusCode::OK);
    let ready = anonymous.get("/readyz").await;
    assert_eq!(ready.status, StatusCode::OK);
    assert_eq!(ready.body["status"], "ok");
}

#[tokio::test]
async fn the_served_openapi_document_is_the_committed_one() {
    let app = TestApp::spawn().await;
    let response = reqwest::get(format!("{}/api/openapi.json", app.address))
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let served = response.text().await.unwrap();
    let committed =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../openapi/crm.json"))
            .expect("openapi/crm.json exists (make openapi)");
    assert!(
        served == committed,
        "openapi/crm.json differs from what the server serves: run `make openapi` and commit the result"
    );
}

#[tokio::test]
async fn every_operation_documents_its_errors_and_security() {
    let app = TestApp::spawn().await;
    let doc: serde_json::Value = app.anonymous().get("/api/openapi.json").await.body;
    assert_eq!(doc["openapi"], "3.1.0");
    let public = [
        "/api/v1/auth/login",
        "/api/v1/auth/refresh",
        "/api/v1/auth/logout",
        "/healthz",
        "/readyz",
    ];
    for (path, operations) in doc["paths"].as_object().unwrap() {
        for (method, operation) in operations.as_object().unwrap() {
            let id = operation["operationId"].as_str().unwrap_or_default();
            assert!(!id.is_empty(), "{method} {path} has an operation id");
            let responses = operation["responses"].as_object().unwrap();
            if !public.contains(&path.as_str()) {
                assert!(responses.contains_key("401"), "{id} documents 401");
                assert!(
                    operation["security"].is_array(),
                    "{id} documents its security"
                );
            }
            for (status, response) in responses {
                if status.starts_with('4') {
                    assert!(
                        response["content"]["application/problem+json"].is_object(),
                        "{id} {status} is a problem"
                    );
                }
            }
        }
    }
}

#[tokio::test]
async fn unknown_api_routes_are_problem_404s_and_other_paths_get_the_web_app() {
    let app = TestApp::spawn().await;
    let anonymous = app.anonymous();
    let missing = anonymous.get("/api/v1/no-such-thing").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(missing.content_type(), "application/problem+json");
    let page = reqwest::get(format!("{}/accounts/some-id", app.address))
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    assert!(
        page.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    assert!(page.headers().contains_key("content-security-policy"));
    assert_eq!(page.headers()["x-content-type-options"], "nosniff");
    let missing_asset = reqwest::get(format!("{}/assets/nope.js", app.address))
        .await
        .unwrap();
    assert_eq!(missing_asset.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_docs_ui_is_served_offline() {
    let app = TestApp::spawn().await;
    let redirect = app.anonymous().get("/api/docs").await;
    assert_eq!(redirect.status, StatusCode::PERMANENT_REDIRECT);
    let page = reqwest::get(format!("{}/api/docs/", app.address))
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    assert!(html.contains("swagger-ui"));
    assert!(
        !html.contains("https://"),
        "the docs UI loads nothing from the internet"
    );
}

#[tokio::test]
async fn a_wrong_database_url_fails_at_start_with_one_line_naming_it() {
    let dir = std::env::temp_dir().join(format!("crm-test-{}", uuid::Uuid::now_v7().simple()));
    for (url, expected) in [
        (
            "postgres://nobody@127.0.0.1:1/crm",
            "cannot connect to postgres://nobody@127.0.0.1:1/crm",
        ),
        ("mysql://root@localhost/crm", "\"mysql\" is not supported"),
        (
            "/proc/no-such-dir/crm.db",
            "cannot create the data directory",
        ),
    ] {
        let config = crm_server::Config {
            bind: "127.0.0.1:0".into(),
            database_url: Some(url.into()),
            data_dir: dir.clone(),
            admin_email: None,
            admin_password: None,
            organization_name: "x".into(),
            jwt_secret: None,
            pool_size: 1,
            workers: Some(1),
            request_timeout_seconds: 30,
            attachment_max_bytes: 1024 * 1024,
        };
        let error =
            match crm_server::start(&config, std::sync::Arc::new(crm_core::time::SystemClock)) {
                Ok(_) => panic!("{url} should not start"),
                Err(e) => format!("{e:#}"),
            };
        assert!(error.contains(expected), "{url}: {error}");
        assert!(!error.contains('\n'), "one line: {error}");
    }
    let _ = std::fs::remove_dir_all(dir);
}

/// A value a parameter's schema accepts.
fn sample(doc: &serde_json::Value, schema: &serde_json::Value) -> String {
    if let Some(reference) = schema["$ref"].as_str() {
        let name = reference.trim_start_matches("#/components/schemas/");
        return sample(doc, &doc["components"]["schemas"][name]);
    }
    if let Some(items) = schema.get("items") {
        return format!("{},{}", sample(doc, items), sample(doc, items));
    }
    if let Some(first) = schema["enum"].as_array().and_then(|e| e.first()) {
        return first
            .as_str()
            .map_or_else(|| first.to_string(), str::to_owned);
    }
    let kind = match &schema["type"] {
        serde_json::Value::Array(types) => types
            .iter()
            .find(|t| *t != "null")
            .and_then(|t| t.as_str())
            .unwrap_or("string")
            .to_owned(),
        other => other.as_str().unwrap_or("string").to_owned(),
    };
    match (kind.as_str(), schema["format"].as_str()) {
        ("integer", _) => "1".into(),
        ("boolean", _) => "true".into(),
        (_, Some("uuid")) => "0190b1d2-0000-7000-8000-000000000000".into(),
        (_, Some("date-time")) => "2026-01-01T00:00:00Z".into(),
        (_, Some("date")) => "2026-01-01".into(),
        _ => "x".into(),
    }
}

#[tokio::test]
async fn every_documented_filter_and_sort_of_every_collection_answers() {
    // A field a list spec offers but its store does not map was a 500 (found by the fuzzer).
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string("../openapi/crm.json").unwrap()).unwrap();
    let mut checked = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        let Some(get) = item.get("get") else { continue };
        if path.contains('{') || !path.starts_with("/api/v1/") {
            continue;
        }
        // Parameters a request needs anyway (a search's `q`) go with every one checked.
        let required: String = get["parameters"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|p| p["in"] == "query" && p["required"] == true)
            .map(|p| {
                format!(
                    "{}={}&",
                    p["name"].as_str().unwrap_or_default(),
                    sample(&doc, &p["schema"])
                )
            })
            .collect();
        for param in get["parameters"].as_array().into_iter().flatten() {
            let name = param["name"].as_str().unwrap_or_default();
            if param["in"] != "query" || name == "cursor" || param["required"] == true {
                continue;
            }
            let values: Vec<String> = if name == "sort" {
                param["schema"]["enum"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect()
            } else {
                vec![sample(&doc, &param["schema"])]
            };
            for value in values {
                let url = format!("{path}?{required}{name}={value}");
                let response = admin.get(&url).await;
                assert_eq!(response.status, StatusCode::OK, "{url}: {}", response.body);
                checked += 1;
            }
        }
    }
    assert!(checked > 100, "only {checked} parameters were checked");
}
