//! The collection contract: cursor pages, sort, search, filters, counts.

use std::collections::HashSet;

use crm_tests::{Client, TestApp};
use reqwest::StatusCode;
use serde_json::{Value, json};

async fn names(client: &Client, path: &str) -> (Vec<String>, Value) {
    let response = client.get(path).await;
    assert_eq!(
        response.status,
        StatusCode::OK,
        "GET {path}: {}",
        response.body
    );
    let names = response.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["name"].as_str().unwrap().to_owned())
        .collect();
    (names, response.body)
}

#[tokio::test]
async fn cursor_pages_stay_stable_while_records_are_added() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    for i in 0..7 {
        admin
            .create(
                "/api/v1/accounts",
                &json!({"name": format!("Original {i}")}),
            )
            .await;
    }
    let mut seen = Vec::new();
    let mut path = "/api/v1/accounts?limit=3".to_owned();
    let mut added = 0;
    loop {
        let (page, body) = names(&admin, &path).await;
        seen.extend(page);
        // New records arrive between pages; newest-first paging must neither repeat nor skip.
        admin
            .create(
                "/api/v1/accounts",
                &json!({"name": format!("Added {added}")}),
            )
            .await;
        added += 1;
        match body["next_cursor"].as_str() {
            Some(cursor) => path = format!("/api/v1/accounts?limit=3&cursor={cursor}"),
            None => break,
        }
    }
    let expected: Vec<String> = (0..7).rev().map(|i| format!("Original {i}")).collect();
    assert_eq!(seen, expected);
}

#[tokio::test]
async fn sorting_by_name_pages_in_order_both_ways() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    // Duplicate names make the id tie-breaker matter.
    for name in [
        "delta", "alpha", "charlie", "bravo", "alpha", "echo", "charlie",
    ] {
        admin
            .create("/api/v1/accounts", &json!({"name": name}))
            .await;
    }
    for (sort, expected) in [
        (
            "name",
            vec![
                "alpha", "alpha", "bravo", "charlie", "charlie", "delta", "echo",
            ],
        ),
        (
            "-name",
            vec![
                "echo", "delta", "charlie", "charlie", "bravo", "alpha", "alpha",
            ],
        ),
    ] {
        let mut all = Vec::new();
        let mut ids = HashSet::new();
        let mut path = format!("/api/v1/accounts?sort={sort}&limit=2");
        loop {
            let (page, body) = names(&admin, &path).await;
            for record in body["data"].as_array().unwrap() {
                assert!(
                    ids.insert(record["id"].as_str().unwrap().to_owned()),
                    "a record came twice"
                );
            }
            all.extend(page);
            match body["next_cursor"].as_str() {
                Some(cursor) => {
                    path = format!("/api/v1/accounts?sort={sort}&limit=2&cursor={cursor}")
                }
                None => break,
            }
        }
        assert_eq!(all, expected, "sort={sort}");
    }
}

#[tokio::test]
async fn a_cursor_only_continues_the_sort_it_came_from() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    for name in ["a", "b", "c"] {
        admin
            .create("/api/v1/accounts", &json!({"name": name}))
            .await;
    }
    let (_, body) = names(&admin, "/api/v1/accounts?sort=name&limit=1").await;
    let cursor = body["next_cursor"].as_str().unwrap();
    let wrong = admin
        .get(&format!("/api/v1/accounts?sort=-name&cursor={cursor}"))
        .await;
    assert_eq!(wrong.status, StatusCode::BAD_REQUEST);
    assert_eq!(wrong.error_fields(), ["cursor"]);
    let garbage = admin.get("/api/v1/accounts?cursor=bm90IGEgY3Vyc29y").await;
    assert_eq!(garbage.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn q_searches_the_main_text_fields_without_regard_to_case() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    admin
        .create(
            "/api/v1/accounts",
            &json!({"name": "Contoso Pharmaceuticals"}),
        )
        .await;
    admin
        .create(
            "/api/v1/accounts",
            &json!({"name": "Fabrikam", "city": "Contoocook"}),
        )
        .await;
    admin
        .create(
            "/api/v1/accounts",
            &json!({"name": "Northwind", "email": "sales@northwind.example"}),
        )
        .await;
    admin
        .create("/api/v1/accounts", &json!({"name": "100% Organic"}))
        .await;
    let (mut found, _) = names(&admin, "/api/v1/accounts?q=CONTO").await;
    found.sort();
    assert_eq!(found, ["Contoso Pharmaceuticals", "Fabrikam"]);
    let (found, _) = names(&admin, "/api/v1/accounts?q=northwind.example").await;
    assert_eq!(found, ["Northwind"]);
    let (found, _) = names(&admin, "/api/v1/accounts?q=100%25").await;
    assert_eq!(found, ["100% Organic"], "% is a character, not a wildcard");
    let (found, _) = names(&admin, "/api/v1/accounts?q=%25").await;
    assert_eq!(found, ["100% Organic"]);
}

#[tokio::test]
async fn filters_use_every_operator() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    admin
        .create(
            "/api/v1/accounts",
            &json!({"name": "Small", "employees": 5, "relationship_type": "prospect"}),
        )
        .await;
    let medium = admin
        .create(
            "/api/v1/accounts",
            &json!({"name": "Medium", "employees": 50, "relationship_type": "customer"}),
        )
        .await;
    admin
        .create(
            "/api/v1/accounts",
            &json!({"name": "Large", "employees": 5000, "relationship_type": "customer"}),
        )
        .await;
    admin
        .create("/api/v1/accounts", &json!({"name": "Unknown"}))
        .await;

    let check = |query: &'static str, expected: &'static [&'static str]| {
        let admin = admin.clone();
        async move {
            let (mut found, _) = names(&admin, &format!("/api/v1/accounts?{query}")).await;
            found.sort();
            let mut expected: Vec<String> = expected.iter().map(|s| (*s).to_owned()).collect();
            expected.sort();
            assert_eq!(found, expected, "{query}");
        }
    };
    check("relationship_type=customer", &["Medium", "Large"]).await;
    check(
        "relationship_type[in]=customer,prospect",
        &["Small", "Medium", "Large"],
    )
    .await;
    check("employees[gte]=50", &["Medium", "Large"]).await;
    check("employees[gt]=50", &["Large"]).await;
    check("employees[lte]=50", &["Small", "Medium"]).await;
    check("employees[lt]=50", &["Small"]).await;
    check("employees[null]=true", &["Unknown"]).await;
    check(
        "employees[null]=false&employees[lt]=1000",
        &["Small", "Medium"],
    )
    .await;
    check("name[in]=Small,Large", &["Small", "Large"]).await;
    let created_at = medium["created_at"].as_str().unwrap();
    let encoded = created_at.replace(':', "%3A");
    let (found, _) = names(
        &admin,
        &format!("/api/v1/accounts?created_at[gte]={encoded}&sort=created_at"),
    )
    .await;
    assert_eq!(found, ["Medium", "Large", "Unknown"]);
}

#[tokio::test]
async fn unknown_filters_and_bad_values_are_400_listing_each() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let response = admin
        .get("/api/v1/accounts?colour=red&name[like]=x&employees=many&created_at[gte]=yesterday&relationship_type=friend&limit=500&sort=colour&count=maybe")
        .await;
    assert_eq!(response.status, StatusCode::BAD_REQUEST);
    assert_eq!(response.content_type(), "application/problem+json");
    assert_eq!(
        response.error_fields(),
        [
            "colour",
            "name[like]",
            "employees",
            "created_at[gte]",
            "relationship_type",
            "limit",
            "sort",
            "count"
        ]
    );
}

#[tokio::test]
async fn count_adds_the_total_and_limit_pages() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    for i in 0..5 {
        admin
            .create(
                "/api/v1/accounts",
                &json!({"name": format!("N{i}"), "city": if i < 3 { "Oslo" } else { "Rome" }}),
            )
            .await;
    }
    let (page, body) = names(&admin, "/api/v1/accounts?city=Oslo&count=true&limit=2").await;
    assert_eq!(page.len(), 2);
    assert_eq!(body["total"], 3);
    assert!(body["next_cursor"].is_string());
    let (_, body) = names(&admin, "/api/v1/accounts").await;
    assert!(body.get("total").is_none(), "total only when asked");
    assert_eq!(body["next_cursor"], json!(null));
    for bad in ["limit=0", "limit=201", "limit=x"] {
        assert_eq!(
            admin.get(&format!("/api/v1/accounts?{bad}")).await.status,
            StatusCode::BAD_REQUEST,
            "{bad}"
        );
    }
    assert_eq!(
        admin.get("/api/v1/accounts?limit=200").await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn records_can_be_fetched_by_a_list_of_ids_in_one_request() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let a = admin
        .create("/api/v1/accounts", &json!({"name": "A"}))
        .await;
    let b = admin
        .create("/api/v1/accounts", &json!({"name": "B"}))
        .await;
    admin
        .create("/api/v1/accounts", &json!({"name": "C"}))
        .await;
    let ids = format!(
        "{},{}",
        a["id"].as_str().unwrap(),
        b["id"].as_str().unwrap()
    );
    let (mut found, _) = names(&admin, &format!("/api/v1/accounts?id[in]={ids}")).await;
    found.sort();
    assert_eq!(found, ["A", "B"]);
    let bad = admin.get("/api/v1/accounts?id[in]=x,y").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
}
