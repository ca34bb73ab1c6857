//! Opportunities through the sales process, and leads qualified into them.

use crm_tests::TestApp;
use crm_tests::org::{self, id_of};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

fn ids(page: &Value) -> Vec<String> {
    page["data"]
        .as_array()
        .into_iter()
        .flatten()
        .map(id_of)
        .collect()
}

#[tokio::test]
async fn qualifying_makes_an_account_a_contact_and_an_opportunity_once() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let lead = admin
        .create(
            "/api/v1/leads",
            &json!({
                "subject": "500 licenses", "first_name": "Ada", "last_name": "Lovelace",
                "company_name": "Contoso Ltd", "email": "ada@contoso.example", "city": "London",
                "budget_amount": "125000.00", "currency": "GBP"
            }),
        )
        .await;
    let path = format!("/api/v1/leads/{}", id_of(&lead));
    let nothing = admin.post(&format!("{path}/qualify"), &json!({})).await;
    assert_eq!(nothing.status, StatusCode::UNPROCESSABLE_ENTITY);

    let qualified = admin
        .post(
            &format!("{path}/qualify"),
            &json!({"create_account": true, "create_contact": true, "create_opportunity": true}),
        )
        .await;
    assert_eq!(qualified.status, StatusCode::OK, "{}", qualified.body);
    let result = &qualified.body;
    assert_eq!(result["lead"]["status"], "qualified");
    let account_id = result["account_id"].as_str().unwrap_or_default();
    let contact_id = result["contact_id"].as_str().unwrap_or_default();
    let opportunity_id = result["opportunity_id"].as_str().unwrap_or_default();
    assert_eq!(result["lead"]["qualified_account_id"], account_id);
    assert_eq!(result["lead"]["qualified_opportunity_id"], opportunity_id);

    let account = admin.get(&format!("/api/v1/accounts/{account_id}")).await;
    assert_eq!(account.body["name"], "Contoso Ltd");
    assert_eq!(account.body["city"], "London");
    let contact = admin.get(&format!("/api/v1/contacts/{contact_id}")).await;
    assert_eq!(contact.body["account_id"], account_id);
    assert_eq!(contact.body["email"], "ada@contoso.example");
    let opportunity = admin
        .get(&format!("/api/v1/opportunities/{opportunity_id}"))
        .await;
    assert_eq!(opportunity.body["name"], "500 licenses");
    assert_eq!(opportunity.body["account_id"], account_id);
    assert_eq!(opportunity.body["estimated_revenue"], "125000.00");
    assert_eq!(opportunity.body["currency"], "GBP");
    assert_eq!(opportunity.body["stage"], "prospecting");
    assert_eq!(opportunity.body["probability"], 10);
    assert_eq!(opportunity.body["originating_lead_id"], id_of(&lead));
    assert_eq!(opportunity.body["key_people"][0]["contact_id"], contact_id);

    let again = admin
        .post(&format!("{path}/qualify"), &json!({"create_account": true}))
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert!(
        again.body["detail"]
            .as_str()
            .unwrap_or_default()
            .contains("qualified")
    );
    let accounts = admin.get("/api/v1/accounts?count=true").await;
    assert_eq!(accounts.body["total"], 1);

    // A lead can also link what exists.
    let other = admin
        .create("/api/v1/leads", &json!({"last_name": "Babbage"}))
        .await;
    let linked = admin
        .post(
            &format!("/api/v1/leads/{}/qualify", id_of(&other)),
            &json!({"account_id": account_id, "create_contact": true}),
        )
        .await;
    assert_eq!(linked.status, StatusCode::OK, "{}", linked.body);
    assert_eq!(linked.body["account_id"], account_id);
    assert!(linked.body["opportunity_id"].is_null());
}

#[tokio::test]
async fn a_qualification_that_fails_half_way_leaves_nothing_behind() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let unit = org::root_unit(&admin).await;
    // May make accounts and contacts, not opportunities.
    let role = admin
        .create(
            "/api/v1/roles",
            &json!({"name": "No deals", "privileges": [
                {"entity": "leads", "action": "read", "depth": "own"},
                {"entity": "leads", "action": "create", "depth": "own"},
                {"entity": "leads", "action": "update", "depth": "own"},
                {"entity": "accounts", "action": "read", "depth": "own"},
                {"entity": "accounts", "action": "create", "depth": "own"},
                {"entity": "contacts", "action": "read", "depth": "own"},
                {"entity": "contacts", "action": "create", "depth": "own"},
                {"entity": "opportunities", "action": "read", "depth": "own"}
            ]}),
        )
        .await;
    org::user(&admin, "nd@example.com", &unit, None, &[id_of(&role)]).await;
    let user = org::sign_in(&app, "nd@example.com").await;
    let lead = user
        .create(
            "/api/v1/leads",
            &json!({"last_name": "Half", "company_name": "Halfway Inc"}),
        )
        .await;
    let refused = user
        .post(
            &format!("/api/v1/leads/{}/qualify", id_of(&lead)),
            &json!({"create_account": true, "create_contact": true, "create_opportunity": true}),
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
    // The account and contact made before the refusal were rolled back with it.
    assert_eq!(
        admin.get("/api/v1/accounts?count=true").await.body["total"],
        0
    );
    assert_eq!(
        admin.get("/api/v1/contacts?count=true").await.body["total"],
        0
    );
    let still = user.get(&format!("/api/v1/leads/{}", id_of(&lead))).await;
    assert_eq!(still.body["status"], "new");
}

#[tokio::test]
async fn of_two_qualifications_at_once_exactly_one_wins() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    for round in 0..4 {
        let lead = admin
            .create(
                "/api/v1/leads",
                &json!({"last_name": format!("Race {round}"), "company_name": format!("Race {round} Ltd")}),
            )
            .await;
        let path = format!("/api/v1/leads/{}/qualify", id_of(&lead));
        let qualify = || {
            let admin = admin.clone();
            let path = path.clone();
            tokio::spawn(async move {
                admin
                    .post(
                        &path,
                        &json!({"create_account": true, "create_opportunity": true}),
                    )
                    .await
            })
        };
        let (a, b) = tokio::join!(qualify(), qualify());
        let mut statuses = [a.expect("a").status, b.expect("b").status];
        statuses.sort();
        assert_eq!(
            statuses,
            [StatusCode::OK, StatusCode::CONFLICT],
            "round {round}"
        );
    }
    assert_eq!(
        admin.get("/api/v1/accounts?count=true").await.body["total"],
        4
    );
    assert_eq!(
        admin.get("/api/v1/opportunities?count=true").await.body["total"],
        4
    );
}

#[tokio::test]
async fn an_opportunity_moves_through_the_stages_to_a_win_or_a_loss_and_back() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let me = admin.get("/api/v1/me").await;
    let me_id = id_of(&me.body);
    let unit = org::root_unit(&admin).await;
    let sales = org::role(&admin, "Salesperson").await;
    let partner = org::user(&admin, "pat@example.com", &unit, None, &[sales]).await;
    let rival = admin
        .create(
            "/api/v1/competitors",
            &json!({"name": "Adventure Works", "strengths": "Price"}),
        )
        .await;
    let same = admin
        .post("/api/v1/competitors", &json!({"name": "adventure works"}))
        .await;
    assert_eq!(same.status, StatusCode::CONFLICT);
    let contact = admin
        .create("/api/v1/contacts", &json!({"last_name": "Buyer"}))
        .await;

    let bad = admin
        .post(
            "/api/v1/opportunities",
            &json!({
                "name": "", "estimated_revenue": 100.5, "stage": "dreaming", "probability": 120,
                "revenue_split": [{"user_id": me_id, "share_percent": 60}, {"user_id": partner, "share_percent": 30}]
            }),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        bad.error_fields(),
        ["estimated_revenue"],
        "floats are refused first"
    );
    let bad = admin
        .post(
            "/api/v1/opportunities",
            &json!({
                "name": "", "estimated_revenue": "100.5", "stage": "dreaming", "probability": 120,
                "revenue_split": [{"user_id": me_id, "share_percent": 60}, {"user_id": partner, "share_percent": 30}]
            }),
        )
        .await;
    let mut fields = bad.error_fields();
    fields.sort();
    assert_eq!(
        fields,
        ["currency", "name", "probability", "revenue_split", "stage"],
        "{}",
        bad.body
    );

    let created = admin
        .create(
            "/api/v1/opportunities",
            &json!({
                "name": "Fleet renewal", "estimated_revenue": "80000", "currency": "EUR",
                "estimated_close_date": "2027-03-31",
                "key_people": [{"contact_id": id_of(&contact), "role": "decision maker"}],
                "competitor_ids": [id_of(&rival)],
                "revenue_split": [{"user_id": me_id, "share_percent": 70}, {"user_id": partner, "share_percent": 30}]
            }),
        )
        .await;
    assert_eq!(created["stage"], "prospecting");
    assert_eq!(created["probability"], 10);
    assert_eq!(created["estimated_revenue"], "80000.00");
    assert_eq!(created["revenue_split"][1]["share_percent"], 30);
    let path = format!("/api/v1/opportunities/{}", id_of(&created));

    let proposal = admin.patch(&path, &json!({"stage": "proposal"})).await;
    assert_eq!(proposal.status, StatusCode::OK, "{}", proposal.body);
    assert_eq!(proposal.body["probability"], 50, "the stage's default");
    let chosen = admin
        .patch(&path, &json!({"stage": "negotiation", "probability": 65}))
        .await;
    assert_eq!(chosen.body["probability"], 65);
    let history = admin.get(&format!("{path}/history")).await;
    let stages: Vec<String> = history.body["data"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|c| {
            c["changes"]
                .as_array()?
                .iter()
                .find(|f| f["field"] == "stage")
                .map(|f| f["new"].as_str().unwrap_or_default().to_owned())
        })
        .collect();
    assert_eq!(stages, ["negotiation", "proposal", "prospecting"]);
    let board = admin
        .get("/api/v1/opportunities?status=open&stage=negotiation")
        .await;
    assert_eq!(ids(&board.body), [id_of(&created)]);

    let no_reason = admin.post(&format!("{path}/lose"), &json!({})).await;
    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(no_reason.error_fields(), ["reason"]);
    let lost = admin
        .post(
            &format!("{path}/lose"),
            &json!({"reason": "Their price was 20% lower", "competitor_id": id_of(&rival)}),
        )
        .await;
    assert_eq!(lost.status, StatusCode::OK, "{}", lost.body);
    assert_eq!(lost.body["status"], "lost");
    assert_eq!(lost.body["winning_competitor_id"], id_of(&rival));
    for (verb, body) in [("lose", json!({"reason": "x"})), ("win", json!({}))] {
        let refused = admin.post(&format!("{path}/{verb}"), &body).await;
        assert_eq!(refused.status, StatusCode::CONFLICT, "{verb}");
        assert!(
            refused.body["detail"]
                .as_str()
                .unwrap_or_default()
                .contains("lost")
        );
    }
    assert_eq!(
        admin.patch(&path, &json!({"name": "x"})).await.status,
        StatusCode::CONFLICT
    );
    let kept = admin
        .send(
            Method::DELETE,
            &format!("/api/v1/competitors/{}", id_of(&rival)),
            None,
            &[],
        )
        .await;
    assert_eq!(kept.status, StatusCode::CONFLICT, "it won a deal");

    let reopened = admin.post(&format!("{path}/reopen"), &json!({})).await;
    assert_eq!(reopened.body["status"], "open");
    assert!(reopened.body["loss_reason"].is_null());
    let won = admin
        .post(
            &format!("{path}/win"),
            &json!({"actual_revenue": "78500.00", "actual_close_date": "2027-02-14"}),
        )
        .await;
    assert_eq!(won.status, StatusCode::OK, "{}", won.body);
    assert_eq!(won.body["status"], "won");
    assert_eq!(won.body["actual_revenue"], "78500.00");
    assert_eq!(won.body["actual_close_date"], "2027-02-14");
    let float = admin.post(&format!("{path}/reopen"), &json!({})).await;
    assert_eq!(float.status, StatusCode::OK);
    let float = admin
        .post(&format!("{path}/win"), &json!({"actual_revenue": 78500.5}))
        .await;
    assert_eq!(float.status, StatusCode::UNPROCESSABLE_ENTITY);
    let other_currency = admin
        .post(
            &format!("{path}/win"),
            &json!({"actual_revenue": "100", "currency": "USD"}),
        )
        .await;
    assert_eq!(other_currency.error_fields(), ["currency"]);

    // A deal without a currency takes the one its revenue is won in.
    let bare = admin
        .create("/api/v1/opportunities", &json!({"name": "No money yet"}))
        .await;
    let bare_path = format!("/api/v1/opportunities/{}", id_of(&bare));
    let missing = admin
        .post(
            &format!("{bare_path}/win"),
            &json!({"actual_revenue": "900"}),
        )
        .await;
    assert_eq!(missing.error_fields(), ["currency"]);
    let won = admin
        .post(
            &format!("{bare_path}/win"),
            &json!({"actual_revenue": "900", "currency": "jpy"}),
        )
        .await;
    assert_eq!(won.status, StatusCode::OK, "{}", won.body);
    assert_eq!(won.body["currency"], "JPY");
    assert_eq!(won.body["actual_revenue"], "900");
}

#[tokio::test]
async fn the_sales_process_is_configured_by_administrators() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let stages = admin.get("/api/v1/sales-stages").await;
    let values: Vec<&str> = stages.body["data"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|s| s["value"].as_str())
        .collect();
    assert_eq!(
        values,
        ["prospecting", "qualification", "proposal", "negotiation"]
    );
    let demo = admin
        .create(
            "/api/v1/sales-stages",
            &json!({"value": "demo", "label": "Demo", "sort_order": 25, "default_probability": 35}),
        )
        .await;
    let opp = admin
        .create(
            "/api/v1/opportunities",
            &json!({"name": "Demo deal", "stage": "demo"}),
        )
        .await;
    assert_eq!(opp["probability"], 35);
    let retired = admin
        .patch(
            &format!("/api/v1/sales-stages/{}", id_of(&demo)),
            &json!({"is_active": false}),
        )
        .await;
    assert_eq!(retired.status, StatusCode::OK);
    // A label and a default probability are changed, never cleared: null is refused like blank.
    let cleared = admin
        .patch(
            &format!("/api/v1/sales-stages/{}", id_of(&demo)),
            &json!({"label": null, "default_probability": null, "sort_order": 0}),
        )
        .await;
    assert_eq!(
        cleared.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        cleared.body
    );
    assert_eq!(cleared.error_fields(), ["label", "default_probability"]);
    let refused = admin
        .post(
            "/api/v1/opportunities",
            &json!({"name": "Another", "stage": "demo"}),
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let kept = admin
        .patch(
            &format!("/api/v1/opportunities/{}", id_of(&opp)),
            &json!({"description": "still in demo"}),
        )
        .await;
    assert_eq!(kept.status, StatusCode::OK, "{}", kept.body);

    let unit = org::root_unit(&admin).await;
    let sales = org::role(&admin, "Salesperson").await;
    org::user(&admin, "sam@example.com", &unit, None, &[sales]).await;
    let sam = org::sign_in(&app, "sam@example.com").await;
    assert_eq!(sam.get("/api/v1/sales-stages").await.status, StatusCode::OK);
    let denied = sam
        .post(
            "/api/v1/sales-stages",
            &json!({"value": "x", "label": "X", "default_probability": 1}),
        )
        .await;
    assert_eq!(denied.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn an_account_or_contact_of_a_deal_is_not_deleted_from_under_it() {
    // A 500 before (a foreign key failed), found by the fuzzer.
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let account = admin
        .create("/api/v1/accounts", &json!({"name": "Kept Ltd"}))
        .await;
    let contact = admin
        .create("/api/v1/contacts", &json!({"last_name": "Kept"}))
        .await;
    let other = admin
        .create("/api/v1/contacts", &json!({"last_name": "Key"}))
        .await;
    let deal = admin
        .create(
            "/api/v1/opportunities",
            &json!({"name": "Deal", "account_id": id_of(&account), "contact_id": id_of(&contact),
                    "key_people": [{"contact_id": id_of(&other)}]}),
        )
        .await;
    for path in [
        format!("/api/v1/accounts/{}", id_of(&account)),
        format!("/api/v1/contacts/{}", id_of(&contact)),
        format!("/api/v1/contacts/{}", id_of(&other)),
    ] {
        let refused = admin.delete(&path).await;
        assert_eq!(
            refused.status,
            StatusCode::CONFLICT,
            "{path}: {}",
            refused.body
        );
        assert!(
            refused.body["detail"]
                .as_str()
                .unwrap_or_default()
                .contains("opportunities"),
            "{}",
            refused.body
        );
    }
    let gone = admin
        .delete(&format!("/api/v1/opportunities/{}", id_of(&deal)))
        .await;
    assert_eq!(gone.status, StatusCode::NO_CONTENT);
    let now = admin
        .delete(&format!("/api/v1/accounts/{}", id_of(&account)))
        .await;
    assert_eq!(now.status, StatusCode::NO_CONTENT);
}
