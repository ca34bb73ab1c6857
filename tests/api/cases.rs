//! Customer service: cases and their life cycle, numbering, routing, queues, contracts and their
//! allotment, service levels moved by the clock, escalation, time spent, and the service report.

use chrono::Duration;
use crm_tests::org::{self, id_of};
use crm_tests::{Client, TestApp};
use reqwest::StatusCode;
use serde_json::{Value, json};

async fn account(admin: &Client, name: &str) -> String {
    id_of(
        &admin
            .create("/api/v1/accounts", &json!({ "name": name }))
            .await,
    )
}

async fn open_case(admin: &Client, body: Value) -> Value {
    admin.create("/api/v1/cases", &body).await
}

/// A default policy: normal cases answered within an hour and resolved within 8 hours.
async fn standard_policy(admin: &Client) -> String {
    id_of(
        &admin
            .create(
                "/api/v1/sla-policies",
                &json!({"name": "Standard", "is_default": true, "targets": [
                    {"priority": "normal", "first_response_minutes": 60, "resolution_minutes": 480},
                    {"priority": "urgent", "first_response_minutes": 15, "resolution_minutes": 120}
                ]}),
            )
            .await,
    )
}

fn path(case: &Value) -> String {
    format!("/api/v1/cases/{}", id_of(case))
}

#[tokio::test]
async fn a_case_moves_through_its_life_cycle_and_each_wrong_move_is_refused() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let contoso = account(&admin, "Contoso").await;

    let missing = admin
        .post("/api/v1/cases", &json!({"priority": "high"}))
        .await;
    assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(missing.error_fields(), ["title", "account_id"]);
    let bad = admin
        .post(
            "/api/v1/cases",
            &json!({"title": "X", "account_id": contoso, "subject": "astrology", "status": "resolved"}),
        )
        .await;
    assert_eq!(bad.error_fields(), ["status", "subject"], "{}", bad.body);

    let case = open_case(
        &admin,
        json!({"title": "Invoice sent twice", "account_id": contoso, "subject": "billing",
               "case_type": "problem", "origin": "email"}),
    )
    .await;
    assert_eq!(case["status"], "new");
    assert_eq!(case["priority"], "normal");
    assert_eq!(case["entitlement"], "none");
    let number = case["number"].as_str().unwrap();
    assert!(number.starts_with("CAS-") && number.len() == 10, "{number}");
    let p = path(&case);

    let worked = admin.patch(&p, &json!({"status": "in_progress"})).await;
    assert_eq!(worked.body["status"], "in_progress", "{}", worked.body);
    for refused in ["new", "resolved", "cancelled"] {
        let r = admin.patch(&p, &json!({ "status": refused })).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
        assert_eq!(r.error_fields(), ["status"]);
    }
    let held = admin
        .patch(&p, &json!({"status": "waiting_for_customer"}))
        .await;
    assert_eq!(held.body["status"], "waiting_for_customer");
    assert!(held.body["paused_at"].is_string());

    let no_resolution = admin.post(&format!("{p}/resolve"), &json!({})).await;
    assert_eq!(no_resolution.error_fields(), ["resolution"]);
    let resolved = admin
        .post(
            &format!("{p}/resolve"),
            &json!({"resolution": "Credited the second invoice"}),
        )
        .await;
    assert_eq!(resolved.status, StatusCode::OK, "{}", resolved.body);
    assert_eq!(resolved.body["status"], "resolved");
    assert_eq!(resolved.body["paused_at"], Value::Null);
    assert!(resolved.body["resolved_at"].is_string());
    // The resolution answered the customer too.
    assert!(resolved.body["first_responded_at"].is_string());

    for (verb, body) in [
        ("resolve", json!({"resolution": "again"})),
        ("cancel", json!({})),
        ("escalate", json!({"reason": "too late"})),
        (
            "assign",
            json!({"user_id": id_of(&admin.get("/api/v1/me").await.body)}),
        ),
        ("route", json!({})),
    ] {
        let r = admin.post(&format!("{p}/{verb}"), &body).await;
        assert_eq!(r.status, StatusCode::CONFLICT, "{verb}: {}", r.body);
        assert!(
            r.body["detail"].as_str().unwrap().contains("resolved"),
            "{}",
            r.body
        );
    }
    let edit = admin.patch(&p, &json!({"title": "Changed"})).await;
    assert_eq!(edit.status, StatusCode::CONFLICT);

    let again = admin.post(&format!("{p}/reactivate"), &json!({})).await;
    assert_eq!(again.body["status"], "in_progress", "{}", again.body);
    assert_eq!(again.body["reactivation_count"], 1);
    assert_eq!(again.body["resolved_at"], Value::Null);
    let twice = admin.post(&format!("{p}/reactivate"), &json!({})).await;
    assert_eq!(twice.status, StatusCode::CONFLICT);

    let cancelled = admin
        .post(
            &format!("{p}/cancel"),
            &json!({"reason": "The customer paid"}),
        )
        .await;
    assert_eq!(cancelled.body["status"], "cancelled");
    assert_eq!(cancelled.body["resolution"], "The customer paid");
    let back = admin.post(&format!("{p}/reactivate"), &json!({})).await;
    assert_eq!(back.body["reactivation_count"], 2);

    let history = admin.get(&format!("{p}/history?limit=100")).await;
    let statuses: Vec<Value> = history.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .rev()
        .filter_map(|c| {
            c["changes"]
                .as_array()?
                .iter()
                .find(|f| f["field"] == "status")
                .map(|f| f["new"].clone())
        })
        .collect();
    assert_eq!(
        statuses,
        [
            json!("new"),
            json!("in_progress"),
            json!("waiting_for_customer"),
            json!("resolved"),
            json!("in_progress"),
            json!("cancelled"),
            json!("in_progress")
        ]
    );
}

#[tokio::test]
async fn case_numbers_stay_unique_under_concurrent_creation() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let contoso = account(&admin, "Contoso").await;
    let mut writers = Vec::new();
    for n in 0..24 {
        let client = admin.clone();
        let contoso = contoso.clone();
        writers.push(tokio::spawn(async move {
            let r = client
                .post(
                    "/api/v1/cases",
                    &json!({"title": format!("Case {n}"), "account_id": contoso}),
                )
                .await;
            assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
            r.body["number"].as_str().unwrap().to_owned()
        }));
    }
    let mut numbers = Vec::new();
    for w in writers {
        numbers.push(w.await.unwrap());
    }
    numbers.sort();
    let expected: Vec<String> = (1..=24).map(|n| format!("CAS-{n:06}")).collect();
    assert_eq!(numbers, expected);
}

#[tokio::test]
async fn routing_rules_send_new_cases_to_queues_in_order_and_on_demand() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let vip = account(&admin, "Fabrikam").await;
    let other = account(&admin, "Litware").await;
    let unit = org::root_unit(&admin).await;
    let agent = org::user(&admin, "agent@example.com", &unit, None, &[]).await;

    let escalations = admin
        .create(
            "/api/v1/queues",
            &json!({"name": "Escalations", "is_escalation": true}),
        )
        .await;
    let billing = admin
        .create(
            "/api/v1/queues",
            &json!({"name": "Billing", "member_ids": [agent]}),
        )
        .await;
    assert_eq!(billing["member_ids"], json!([agent]));
    let taken = admin
        .post("/api/v1/queues", &json!({"name": "Billing"}))
        .await;
    assert_eq!(taken.status, StatusCode::CONFLICT);
    let bad_member = admin
        .post("/api/v1/queues", &json!({"name": "X", "member_ids": [vip]}))
        .await;
    assert_eq!(bad_member.error_fields(), ["member_ids[0]"]);

    let bad_rule = admin
        .post(
            "/api/v1/routing-rules",
            &json!({"name": "?", "conditions": {"subjects": ["astrology"]}}),
        )
        .await;
    assert_eq!(
        bad_rule.error_fields(),
        ["queue_id", "conditions.subjects[0]"],
        "{}",
        bad_rule.body
    );
    // VIP customers first, then billing questions.
    let vip_rule = admin
        .create(
            "/api/v1/routing-rules",
            &json!({"name": "VIP to escalations", "conditions": {"account_ids": [vip]},
                    "queue_id": id_of(&escalations)}),
        )
        .await;
    let billing_rule = admin
        .create(
            "/api/v1/routing-rules",
            &json!({"name": "Billing", "conditions": {"subjects": ["billing"], "priorities": ["normal", "high"]},
                    "queue_id": id_of(&billing)}),
        )
        .await;
    assert!(billing_rule["sort_order"].as_i64() > vip_rule["sort_order"].as_i64());

    let from_vip = open_case(
        &admin,
        json!({"title": "Down", "account_id": vip, "subject": "billing"}),
    )
    .await;
    assert_eq!(from_vip["queue_id"], escalations["id"]);
    assert_eq!(from_vip["routing_rule_id"], vip_rule["id"]);
    let billing_case = open_case(
        &admin,
        json!({"title": "Invoice", "account_id": other, "subject": "billing"}),
    )
    .await;
    assert_eq!(billing_case["queue_id"], billing["id"]);
    let urgent = open_case(
        &admin,
        json!({"title": "Invoice", "account_id": other, "subject": "billing", "priority": "urgent"}),
    )
    .await;
    assert_eq!(urgent["queue_id"], Value::Null);
    // An explicit queue is not routed.
    let explicit = open_case(
        &admin,
        json!({"title": "Manual", "account_id": vip, "queue_id": id_of(&billing)}),
    )
    .await;
    assert_eq!(explicit["queue_id"], billing["id"]);
    assert_eq!(explicit["routing_rule_id"], Value::Null);

    let unrouted = admin
        .post(&format!("{}/route", path(&urgent)), &json!({}))
        .await;
    assert_eq!(unrouted.status, StatusCode::CONFLICT, "{}", unrouted.body);
    admin
        .create(
            "/api/v1/routing-rules",
            &json!({"name": "Everything else", "queue_id": id_of(&billing)}),
        )
        .await;
    let routed = admin
        .post(&format!("{}/route", path(&urgent)), &json!({}))
        .await;
    assert_eq!(routed.body["queue_id"], billing["id"], "{}", routed.body);

    // Three wait in Billing; the agent takes one.
    let queue = admin
        .get(&format!("/api/v1/queues/{}", id_of(&billing)))
        .await;
    assert_eq!(queue.body["figures"]["cases_waiting"], 3, "{}", queue.body);
    assert_eq!(queue.body["figures"]["cases_being_worked"], 0);
    assert_eq!(queue.body["figures"]["members"], 1);
    assert_eq!(
        queue.body["figures"]["oldest_waiting_since"],
        billing_case["queued_at"]
    );
    let taken = admin
        .post(
            &format!("{}/assign", path(&billing_case)),
            &json!({"user_id": agent}),
        )
        .await;
    assert_eq!(taken.body["owner_id"], agent.as_str(), "{}", taken.body);
    assert_eq!(taken.body["worked_by_id"], agent.as_str());
    assert_eq!(taken.body["queue_id"], billing["id"]);
    let queue = admin
        .get(&format!("/api/v1/queues/{}", id_of(&billing)))
        .await;
    assert_eq!(queue.body["figures"]["cases_waiting"], 2);
    assert_eq!(queue.body["figures"]["cases_being_worked"], 1);
    // Back to a queue: it waits again.
    let requeued = admin
        .post(
            &format!("{}/assign", path(&billing_case)),
            &json!({"queue_id": id_of(&escalations)}),
        )
        .await;
    assert_eq!(requeued.body["queue_id"], escalations["id"]);
    assert_eq!(requeued.body["worked_by_id"], Value::Null);
    let both = admin
        .post(
            &format!("{}/assign", path(&billing_case)),
            &json!({"user_id": agent, "queue_id": id_of(&billing)}),
        )
        .await;
    assert_eq!(both.status, StatusCode::UNPROCESSABLE_ENTITY);
    let queued_by_patch = admin
        .patch(&path(&billing_case), &json!({"queue_id": id_of(&billing)}))
        .await;
    assert_eq!(queued_by_patch.error_fields(), ["queue_id"]);

    // My queues: the cases of the queues a user is a member of.
    let mine = admin
        .get(&format!(
            "/api/v1/cases?queue_id[in]={}&count=true",
            id_of(&billing)
        ))
        .await;
    // The explicit one and the urgent one: the first went on to Escalations.
    assert_eq!(mine.body["total"], 2);
    // A queue cases are in is not deleted from under them.
    let busy = admin
        .delete(&format!("/api/v1/queues/{}", id_of(&billing)))
        .await;
    assert_eq!(busy.status, StatusCode::CONFLICT, "{}", busy.body);
}

#[tokio::test]
async fn a_contract_covers_cases_until_its_allotment_is_drawn_down_and_a_used_up_customer_is_flagged()
 {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let contoso = account(&admin, "Contoso").await;
    let other = account(&admin, "Litware").await;
    let policy = standard_policy(&admin).await;
    let premium = id_of(
        &admin
            .create(
                "/api/v1/sla-policies",
                &json!({"name": "Premium", "targets": [
                    {"priority": "normal", "first_response_minutes": 15, "resolution_minutes": 60}
                ]}),
            )
            .await,
    );
    let template = admin
        .create(
            "/api/v1/contract-templates",
            &json!({"name": "Two cases", "allotment_type": "cases", "allotment": 2,
                    "duration_days": 90, "sla_policy_id": premium}),
        )
        .await;
    let contract = admin
        .create(
            "/api/v1/contracts",
            &json!({"name": "Contoso support", "account_id": contoso,
                    "template_id": id_of(&template), "starts_on": "2026-12-01"}),
        )
        .await;
    assert_eq!(contract["status"], "draft");
    assert_eq!(contract["number"], "CNT-000001");
    assert_eq!(contract["ends_on"], "2027-02-28");
    assert_eq!(contract["allotment_total"], 2);
    assert_eq!(contract["sla_policy_id"], json!(premium));
    let cpath = format!("/api/v1/contracts/{}", id_of(&contract));

    // A draft covers nothing.
    let early = open_case(&admin, json!({"title": "Before", "account_id": contoso})).await;
    assert_eq!(early["entitlement"], "none");
    assert_eq!(early["sla_policy_id"], json!(policy));
    let named = admin
        .post(
            "/api/v1/cases",
            &json!({"title": "X", "account_id": contoso, "contract_id": id_of(&contract)}),
        )
        .await;
    assert_eq!(named.error_fields(), ["contract_id"], "{}", named.body);

    let active = admin.post(&format!("{cpath}/activate"), &json!({})).await;
    assert_eq!(active.body["status"], "active", "{}", active.body);
    let again = admin.post(&format!("{cpath}/activate"), &json!({})).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    let terms = admin.patch(&cpath, &json!({"allotment_total": 50})).await;
    assert_eq!(terms.status, StatusCode::CONFLICT);
    let renamed = admin.patch(&cpath, &json!({"name": "Contoso gold"})).await;
    assert_eq!(renamed.status, StatusCode::OK);
    let theirs = admin
        .post(
            "/api/v1/cases",
            &json!({"title": "X", "account_id": other, "contract_id": id_of(&contract)}),
        )
        .await;
    assert_eq!(theirs.error_fields(), ["contract_id"]);

    let first = open_case(&admin, json!({"title": "One", "account_id": contoso})).await;
    assert_eq!(first["entitlement"], "covered");
    assert_eq!(first["contract_id"], contract["id"]);
    // The contract's service levels: a first response within 15 minutes.
    assert_eq!(first["sla_policy_id"], json!(premium));
    let second = open_case(&admin, json!({"title": "Two", "account_id": contoso})).await;
    for case in [&first, &second] {
        let r = admin
            .post(
                &format!("{}/resolve", path(case)),
                &json!({"resolution": "Done"}),
            )
            .await;
        assert_eq!(r.body["drawn_down"], 1, "{}", r.body);
    }
    let drawn = admin.get(&cpath).await;
    assert_eq!(drawn.body["allotment_used"], 2);
    assert_eq!(drawn.body["allotment_remaining"], 0);

    // Used up: the next case is opened, flagged, not silently covered.
    let third = open_case(&admin, json!({"title": "Three", "account_id": contoso})).await;
    assert_eq!(third["entitlement"], "exhausted");
    assert_eq!(third["contract_id"], contract["id"]);
    let flagged = admin.get("/api/v1/cases?entitlement=exhausted").await;
    assert_eq!(flagged.body["data"].as_array().unwrap().len(), 1);

    // Reactivating gives the draw-down back.
    admin
        .post(&format!("{}/reactivate", path(&second)), &json!({}))
        .await;
    assert_eq!(admin.get(&cpath).await.body["allotment_used"], 1);
    let fourth = open_case(&admin, json!({"title": "Four", "account_id": contoso})).await;
    assert_eq!(fourth["entitlement"], "covered");
    // Served outside the contract: cleared, not found again.
    let outside = admin
        .patch(&path(&fourth), &json!({"contract_id": null}))
        .await;
    assert_eq!(outside.body["contract_id"], Value::Null, "{}", outside.body);
    assert_eq!(outside.body["entitlement"], "none");
    assert_eq!(outside.body["sla_policy_id"], json!(policy));

    // A contract's end: expired the day after its last day, in reads and in filters.
    let active_list = admin.get("/api/v1/contracts?status=active").await;
    assert_eq!(active_list.body["data"].as_array().unwrap().len(), 1);
    app.clock.advance(Duration::days(100));
    let admin = app.admin().await;
    assert_eq!(admin.get(&cpath).await.body["status"], "expired");
    assert_eq!(
        admin.get("/api/v1/contracts?status=active").await.body["data"],
        json!([])
    );
    let expired = admin
        .get("/api/v1/contracts?status[in]=expired,cancelled")
        .await;
    assert_eq!(expired.body["data"].as_array().unwrap().len(), 1);
    let late = open_case(&admin, json!({"title": "Late", "account_id": contoso})).await;
    assert_eq!(late["entitlement"], "none");
    let cancel = admin.post(&format!("{cpath}/cancel"), &json!({})).await;
    assert_eq!(cancel.status, StatusCode::CONFLICT);
    let no_status = admin.get("/api/v1/contracts?status=gone").await;
    assert_eq!(no_status.body["data"], json!([]));
    // Cases are served under it: it stays.
    assert_eq!(admin.delete(&cpath).await.status, StatusCode::CONFLICT);
}

#[tokio::test]
async fn a_minutes_contract_draws_the_time_spent_on_the_case() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let contoso = account(&admin, "Contoso").await;
    let contract = admin
        .create(
            "/api/v1/contracts",
            &json!({"name": "Ten hours", "account_id": contoso, "ends_on": "2027-12-31",
                    "allotment_type": "minutes", "allotment_total": 600}),
        )
        .await;
    let cpath = format!("/api/v1/contracts/{}", id_of(&contract));
    admin.post(&format!("{cpath}/activate"), &json!({})).await;
    let case = open_case(&admin, json!({"title": "Install", "account_id": contoso})).await;
    assert_eq!(case["entitlement"], "covered");
    for minutes in [30, 45] {
        admin
            .create(
                "/api/v1/activities",
                &json!({"activity_type": "phone_call", "subject": "Walkthrough", "status": "completed",
                        "duration_minutes": minutes, "regarding_type": "cases", "regarding_id": id_of(&case)}),
            )
            .await;
    }
    // An open task does not count yet.
    admin
        .create(
            "/api/v1/activities",
            &json!({"activity_type": "task", "subject": "Follow up", "duration_minutes": 20,
                    "regarding_type": "cases", "regarding_id": id_of(&case)}),
        )
        .await;
    let shown = admin.get(&path(&case)).await;
    assert_eq!(shown.body["time_spent_minutes"], 75);
    let listed = admin.get("/api/v1/cases").await;
    assert_eq!(listed.body["data"][0]["time_spent_minutes"], 75);
    let resolved = admin
        .post(
            &format!("{}/resolve", path(&case)),
            &json!({"resolution": "Installed"}),
        )
        .await;
    assert_eq!(resolved.body["drawn_down"], 75);
    let drawn = admin.get(&cpath).await;
    assert_eq!(drawn.body["allotment_used"], 75);
    assert_eq!(drawn.body["allotment_remaining"], 525);

    // The case's timeline: its calls, its task and its changes; the account's shows them too.
    let timeline = admin
        .get(&format!("{}/timeline?limit=50", path(&case)))
        .await;
    let kinds: Vec<&str> = timeline.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds.iter().filter(|k| **k == "activity").count(),
        3,
        "{kinds:?}"
    );
    assert!(kinds.contains(&"change"));
    let on_account = admin
        .get(&format!("/api/v1/accounts/{contoso}/timeline?limit=50"))
        .await;
    assert!(
        on_account.body["data"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["record_type"] == "cases" && e["kind"] == "change"),
        "{}",
        on_account.body
    );
    // A case with its history is not deleted from under it.
    assert_eq!(
        admin.delete(&path(&case)).await.status,
        StatusCode::CONFLICT
    );
}

#[tokio::test]
async fn service_levels_breach_when_the_clock_passes_the_deadline_and_time_on_hold_does_not_count()
{
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    standard_policy(&admin).await;
    let contoso = account(&admin, "Contoso").await;
    let case = open_case(
        &admin,
        json!({"title": "Printer jams", "account_id": contoso}),
    )
    .await;
    let created =
        chrono::DateTime::parse_from_rfc3339(case["created_at"].as_str().unwrap()).unwrap();
    let at = |minutes: i64| {
        (created + Duration::minutes(minutes))
            .with_timezone(&chrono::Utc)
            .to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
    };
    assert_eq!(case["first_response_due_at"], at(60));
    assert_eq!(case["resolve_by_at"], at(480));
    let p = path(&case);

    app.clock.advance(Duration::minutes(30));
    let admin = app.admin().await;
    admin.patch(&p, &json!({"status": "on_hold"})).await;
    app.clock.advance(Duration::minutes(120));
    let admin = app.admin().await;
    let paused = admin.get(&p).await;
    assert_eq!(
        paused.body["first_response_breached"], false,
        "on hold: the clock stands still"
    );
    // Breaching soon: nothing, while it is on hold and the deadline is in the future.
    let soon = admin
        .get(&format!(
            "/api/v1/cases?resolve_by_at[lte]={}&count=true",
            at(500).replace('+', "%2B")
        ))
        .await;
    assert_eq!(soon.body["total"], 1, "{}", soon.body);

    let resumed = admin.patch(&p, &json!({"status": "in_progress"})).await;
    assert_eq!(resumed.body["paused_minutes"], 120);
    assert_eq!(resumed.body["first_response_due_at"], at(180));
    assert_eq!(resumed.body["resolve_by_at"], at(600));
    app.clock.advance(Duration::minutes(31));
    let admin = app.admin().await;
    let late = admin.get(&p).await;
    assert_eq!(late.body["first_response_breached"], true, "{}", late.body);
    assert_eq!(late.body["resolution_breached"], false);

    // The first outgoing call answers the customer: late, 61 minutes on the clock.
    admin
        .create(
            "/api/v1/activities",
            &json!({"activity_type": "phone_call", "subject": "Called back", "status": "completed",
                    "duration_minutes": 10, "regarding_type": "cases", "regarding_id": id_of(&case)}),
        )
        .await;
    let answered = admin.get(&p).await;
    assert_eq!(
        answered.body["first_response_minutes"], 61,
        "{}",
        answered.body
    );
    assert_eq!(answered.body["first_response_breached"], true);

    // An urgent priority gives new, shorter deadlines; the resolution is then late.
    let urgent = admin.patch(&p, &json!({"priority": "urgent"})).await;
    assert_eq!(urgent.body["resolve_by_at"], at(240));
    assert_eq!(
        urgent.body["first_response_due_at"],
        at(180),
        "a given response keeps its deadline"
    );
    app.clock.advance(Duration::minutes(60));
    let admin = app.admin().await;
    let resolved = admin
        .post(
            &format!("{p}/resolve"),
            &json!({"resolution": "Replaced the roller"}),
        )
        .await;
    assert_eq!(resolved.body["resolution_minutes"], 121);
    assert_eq!(resolved.body["resolution_breached"], true);

    // The report sees the same.
    let report = admin.get("/api/v1/reports/service?group_by=owner").await;
    assert_eq!(report.status, StatusCode::OK, "{}", report.body);
    let row = &report.body["rows"][0];
    assert_eq!(row["label"], "Administrator", "{}", report.body);
    assert_eq!(row["cases_opened"], 1);
    assert_eq!(row["cases_resolved"], 1);
    assert_eq!(row["avg_first_response_minutes"], 61);
    assert_eq!(row["avg_resolution_minutes"], 121);
    assert_eq!(row["first_response_breaches"], 1);
    assert_eq!(row["resolution_breaches"], 1);
    assert_eq!(row["time_spent_minutes"], 10);
    assert_eq!(report.body["totals"], {
        let mut t = row.clone();
        t.as_object_mut().unwrap().remove("key");
        t.as_object_mut().unwrap().remove("label");
        t
    });
}

#[tokio::test]
async fn an_escalation_goes_to_the_queue_named_the_owners_manager_or_the_escalation_queue() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let unit = org::root_unit(&admin).await;
    let csr_role = org::role(&admin, "Customer Service Representative").await;
    let manager = org::user(
        &admin,
        "manager@example.com",
        &unit,
        None,
        std::slice::from_ref(&csr_role),
    )
    .await;
    let agent = org::user(
        &admin,
        "agent@example.com",
        &unit,
        Some(&manager),
        std::slice::from_ref(&csr_role),
    )
    .await;
    let loner = org::user(&admin, "loner@example.com", &unit, None, &[csr_role]).await;
    let contoso = account(&admin, "Contoso").await;

    let agent_client = org::sign_in(&app, "agent@example.com").await;
    let case = open_case(
        &agent_client,
        json!({"title": "Refund 800 EUR", "account_id": contoso}),
    )
    .await;
    let p = path(&case);
    let no_reason = agent_client
        .post(&format!("{p}/escalate"), &json!({}))
        .await;
    assert_eq!(no_reason.error_fields(), ["reason"]);
    let up = agent_client
        .post(
            &format!("{p}/escalate"),
            &json!({"reason": "A refund over 500 EUR needs a manager"}),
        )
        .await;
    assert_eq!(up.status, StatusCode::OK, "{}", up.body);
    assert_eq!(up.body["owner_id"], manager.as_str());
    assert_eq!(up.body["updated_by"], agent.as_str());
    assert_eq!(up.body["is_escalated"], true);
    assert_eq!(
        up.body["escalation_reason"],
        "A refund over 500 EUR needs a manager"
    );

    let loner_client = org::sign_in(&app, "loner@example.com").await;
    let orphan = open_case(
        &loner_client,
        json!({"title": "Upgrade", "account_id": contoso}),
    )
    .await;
    let nowhere = loner_client
        .post(
            &format!("{}/escalate", path(&orphan)),
            &json!({"reason": "Upgrade needs approval"}),
        )
        .await;
    assert_eq!(nowhere.status, StatusCode::CONFLICT, "{}", nowhere.body);
    let queue = admin
        .create(
            "/api/v1/queues",
            &json!({"name": "Escalations", "is_escalation": true}),
        )
        .await;
    let queued = loner_client
        .post(
            &format!("{}/escalate", path(&orphan)),
            &json!({"reason": "Upgrade needs approval"}),
        )
        .await;
    assert_eq!(queued.body["queue_id"], queue["id"], "{}", queued.body);
    assert_eq!(queued.body["owner_id"], loner.as_str());
    let escalated = admin
        .get("/api/v1/cases?is_escalated=true&count=true")
        .await;
    assert_eq!(escalated.body["total"], 2);
}

#[tokio::test]
async fn a_case_the_caller_may_not_read_does_not_exist_for_them() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let unit = org::root_unit(&admin).await;
    let salesperson = org::role(&admin, "Salesperson").await;
    org::user(&admin, "sam@example.com", &unit, None, &[salesperson]).await;
    let contoso = account(&admin, "Contoso").await;
    let case = open_case(&admin, json!({"title": "Private", "account_id": contoso})).await;
    let sam = org::sign_in(&app, "sam@example.com").await;
    assert_eq!(sam.get(&path(&case)).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        sam.get(&format!("{}/timeline", path(&case))).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(sam.get("/api/v1/cases").await.body["data"], json!([]));
    let logged = sam
        .post(
            "/api/v1/activities",
            &json!({"activity_type": "task", "subject": "Peek", "regarding_type": "cases",
                    "regarding_id": id_of(&case)}),
        )
        .await;
    assert_eq!(logged.error_fields(), ["regarding_id"]);
    // Nor can they open a case for a customer they cannot see.
    let foreign = sam
        .post(
            "/api/v1/cases",
            &json!({"title": "X", "account_id": contoso}),
        )
        .await;
    assert_eq!(foreign.error_fields(), ["account_id"]);
    // Queue figures count only what the caller may read.
    let q = admin
        .create("/api/v1/queues", &json!({"name": "General"}))
        .await;
    admin
        .post(
            &format!("{}/assign", path(&case)),
            &json!({"queue_id": id_of(&q)}),
        )
        .await;
    let seen = sam.get(&format!("/api/v1/queues/{}", id_of(&q))).await;
    assert_eq!(seen.body["figures"]["cases_waiting"], 0);
    assert_eq!(
        admin
            .get(&format!("/api/v1/queues/{}", id_of(&q)))
            .await
            .body["figures"]["cases_waiting"],
        1
    );
    // The report too.
    let report = sam.get("/api/v1/reports/service").await;
    assert_eq!(report.body["totals"]["cases_opened"], 0);
    // The account has a case: it is not deleted from under it.
    let gone = admin.delete(&format!("/api/v1/accounts/{contoso}")).await;
    assert_eq!(gone.status, StatusCode::CONFLICT);
}

#[tokio::test]
async fn the_service_report_groups_by_queue_product_and_period_and_refuses_bad_parameters() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let contoso = account(&admin, "Contoso").await;
    admin
        .create(
            "/api/v1/picklists",
            &json!({"entity": "cases", "field": "product", "value": "printer", "label": "Printer"}),
        )
        .await;
    let q = admin
        .create("/api/v1/queues", &json!({"name": "Hardware"}))
        .await;
    open_case(
        &admin,
        json!({"title": "Jam", "account_id": contoso, "product": "printer", "queue_id": id_of(&q)}),
    )
    .await;
    open_case(&admin, json!({"title": "Other", "account_id": contoso})).await;

    let by_queue = admin.get("/api/v1/reports/service?group_by=queue").await;
    let labels: Vec<&str> = by_queue.body["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["Hardware", "No queue"], "{}", by_queue.body);
    let by_product = admin.get("/api/v1/reports/service?group_by=product").await;
    let printer = by_product.body["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["key"] == "printer")
        .unwrap();
    assert_eq!(printer["label"], "Printer");
    let by_month = admin.get("/api/v1/reports/service?group_by=month").await;
    assert_eq!(by_month.body["rows"].as_array().unwrap().len(), 1);
    assert_eq!(by_month.body["rows"][0]["cases_opened"], 2);
    assert_eq!(by_month.body["rows"][0]["label"], "December 2026");
    let outside = admin
        .get("/api/v1/reports/service?from=2026-01-01&to=2026-01-31")
        .await;
    assert_eq!(outside.body["totals"]["cases_opened"], 0);

    let unknown_product = admin
        .post(
            "/api/v1/cases",
            &json!({"title": "X", "account_id": contoso, "product": "toaster"}),
        )
        .await;
    assert_eq!(unknown_product.error_fields(), ["product"]);
    for bad in ["group_by=color", "from=yesterday", "limit=5"] {
        let r = admin.get(&format!("/api/v1/reports/service?{bad}")).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{bad}: {}", r.body);
    }
    let backwards = admin
        .get("/api/v1/reports/service?from=2026-12-02&to=2026-12-01")
        .await;
    assert_eq!(backwards.error_fields(), ["to"]);
    let too_long = admin
        .get("/api/v1/reports/service?from=2025-01-01&to=2026-12-01")
        .await;
    assert_eq!(too_long.error_fields(), ["to"]);
}

#[tokio::test]
async fn a_queue_member_takes_a_case_from_the_queue_and_starting_work_takes_it_too() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let unit = org::root_unit(&admin).await;
    let csr = org::role(&admin, "Customer Service Representative").await;
    let grace = org::user(
        &admin,
        "grace@example.com",
        &unit,
        None,
        std::slice::from_ref(&csr),
    )
    .await;
    let henry = org::user(&admin, "henry@example.com", &unit, None, &[csr]).await;
    let contoso = account(&admin, "Contoso").await;
    let billing = admin
        .create(
            "/api/v1/queues",
            &json!({"name": "Billing", "member_ids": [grace]}),
        )
        .await;
    let case = open_case(
        &admin,
        json!({"title": "Invoice", "account_id": contoso, "queue_id": id_of(&billing)}),
    )
    .await;
    let other = open_case(
        &admin,
        json!({"title": "Refund", "account_id": contoso, "queue_id": id_of(&billing)}),
    )
    .await;

    // Henry is no member: assigning a case he does not own needs the assign privilege.
    let henry_client = org::sign_in(&app, "henry@example.com").await;
    let refused = henry_client
        .post(
            &format!("{}/assign", path(&case)),
            &json!({"user_id": henry}),
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
    // Grace works the queue: she takes it for herself.
    let grace_client = org::sign_in(&app, "grace@example.com").await;
    let taken = grace_client
        .post(
            &format!("{}/assign", path(&case)),
            &json!({"user_id": grace}),
        )
        .await;
    assert_eq!(taken.status, StatusCode::OK, "{}", taken.body);
    assert_eq!(taken.body["owner_id"], grace.as_str());
    assert_eq!(taken.body["worked_by_id"], grace.as_str());
    // But she does not hand the queue's cases to others.
    let handed = grace_client
        .post(
            &format!("{}/assign", path(&other)),
            &json!({"user_id": henry}),
        )
        .await;
    assert_eq!(handed.status, StatusCode::FORBIDDEN);

    // Starting work on a waiting case takes it from the queue.
    let started = admin
        .patch(&path(&other), &json!({"status": "in_progress"}))
        .await;
    assert_eq!(
        started.body["worked_by_id"],
        admin.get("/api/v1/me").await.body["id"]
    );
    let figures = admin
        .get(&format!("/api/v1/queues/{}", id_of(&billing)))
        .await;
    assert_eq!(figures.body["figures"]["cases_waiting"], 0);
    assert_eq!(figures.body["figures"]["cases_being_worked"], 2);
}

#[tokio::test]
async fn only_the_service_desks_managers_maintain_its_configuration_and_everyone_reads_it() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let unit = org::root_unit(&admin).await;
    let csr = org::role(&admin, "Customer Service Representative").await;
    let manager = org::role(&admin, "Customer Service Manager").await;
    org::user(&admin, "rep@example.com", &unit, None, &[csr]).await;
    org::user(&admin, "lead@example.com", &unit, None, &[manager]).await;
    let rep = org::sign_in(&app, "rep@example.com").await;
    let lead = org::sign_in(&app, "lead@example.com").await;
    let bodies = [
        ("/api/v1/queues", json!({"name": "Billing"})),
        ("/api/v1/sla-policies", json!({"name": "Standard"})),
        (
            "/api/v1/contract-templates",
            json!({"name": "Gold", "allotment_type": "cases", "allotment": 5}),
        ),
    ];
    for (path, body) in &bodies {
        let refused = rep.post(path, body).await;
        assert_eq!(
            refused.status,
            StatusCode::FORBIDDEN,
            "{path}: {}",
            refused.body
        );
        let made = lead.create(path, body).await;
        assert_eq!(
            rep.get(path).await.body["data"][0]["id"],
            made["id"],
            "{path}"
        );
    }
    let queue = rep.get("/api/v1/queues").await.body["data"][0]["id"].clone();
    let rule = json!({"name": "All", "queue_id": queue});
    assert_eq!(
        rep.post("/api/v1/routing-rules", &rule).await.status,
        StatusCode::FORBIDDEN
    );
    lead.create("/api/v1/routing-rules", &rule).await;
    assert_eq!(
        rep.get("/api/v1/routing-rules").await.body["data"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
}
