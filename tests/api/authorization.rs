//! The authorization matrix: for every record entity × action × depth × relation between the
//! caller and the record, the answer the rules of DOMAIN.md give, generated from those rules rather
//! than listed by hand, and checked against the running server.
//!
//! The organization built for it:
//!
//! ```text
//! root ─┬─ Sales (the callers, a colleague, the team that owns records)
//!       │    └─ North (someone in a child unit)
//!       └─ Other (someone far away; the teammate; the callers' reports, two levels down)
//! ```
//!
//! A caller holds, for the entity under test, `update`, `delete` and `assign` at one depth and
//! `read` either at the same depth or organization-wide (so that an action outside its depth on a
//! record the caller can see is told apart from a record the caller cannot see at all).

use std::collections::BTreeSet;

use crm_tests::org::{USER_PASSWORD, root_unit, unit, user};
use crm_tests::{Client, TestApp};
use reqwest::StatusCode;
use serde_json::{Value, json};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Depth {
    None,
    Own,
    BusinessUnit,
    BusinessUnitTree,
    Organization,
}

const DEPTHS: [Depth; 5] = [
    Depth::None,
    Depth::Own,
    Depth::BusinessUnit,
    Depth::BusinessUnitTree,
    Depth::Organization,
];

impl Depth {
    fn wire(self) -> &'static str {
        match self {
            Depth::None => "none",
            Depth::Own => "own",
            Depth::BusinessUnit => "business_unit",
            Depth::BusinessUnitTree => "business_unit_tree",
            Depth::Organization => "organization",
        }
    }
}

/// Who owns the record, seen from the caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Relation {
    /// The caller.
    Own,
    /// A team the caller is a member of.
    Team,
    /// A member of the caller's team, working in another unit.
    Teammate,
    /// Someone else in the caller's unit.
    SameUnit,
    /// Someone in a unit below the caller's.
    ChildUnit,
    /// Someone in an unrelated unit.
    OtherUnit,
    /// Someone who reports to the caller indirectly, in an unrelated unit.
    Report,
}

const RELATIONS: [Relation; 7] = [
    Relation::Own,
    Relation::Team,
    Relation::Teammate,
    Relation::SameUnit,
    Relation::ChildUnit,
    Relation::OtherUnit,
    Relation::Report,
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Act {
    Read,
    Update,
    Delete,
    Assign,
}

const ACTS: [Act; 4] = [Act::Read, Act::Update, Act::Delete, Act::Assign];

impl Act {
    fn wire(self) -> &'static str {
        match self {
            Act::Read => "read",
            Act::Update => "update",
            Act::Delete => "delete",
            Act::Assign => "assign",
        }
    }
}

/// The rule: the least depth at which a record in this relation is reached. Records of the
/// caller, of the caller's teams and of everyone reporting to the caller are reached at `own`;
/// the unit's at `business_unit`; the units below at `business_unit_tree`; the rest only
/// organization-wide.
fn least_depth(relation: Relation) -> Depth {
    match relation {
        Relation::Own | Relation::Team | Relation::Report => Depth::Own,
        Relation::SameUnit => Depth::BusinessUnit,
        Relation::ChildUnit => Depth::BusinessUnitTree,
        Relation::Teammate | Relation::OtherUnit => Depth::Organization,
    }
}

fn reaches(depth: Depth, relation: Relation) -> bool {
    depth != Depth::None && depth >= least_depth(relation)
}

/// A caller's grants for the entity under test.
#[derive(Debug, Clone, Copy)]
struct Grants {
    read: Depth,
    write: Depth,
}

impl Grants {
    fn depth(self, act: Act) -> Depth {
        match act {
            Act::Read => self.read,
            _ => self.write,
        }
    }
}

/// The expected status of an action: no privilege is 403; a record the caller cannot read does
/// not exist for them (404); a record they can read but not act on at that depth is 403.
fn expected(grants: Grants, act: Act, relation: Relation) -> StatusCode {
    if grants.depth(act) == Depth::None {
        return StatusCode::FORBIDDEN;
    }
    if !reaches(grants.read, relation) {
        return StatusCode::NOT_FOUND;
    }
    if !reaches(grants.depth(act), relation) {
        return StatusCode::FORBIDDEN;
    }
    match act {
        Act::Delete => StatusCode::NO_CONTENT,
        _ => StatusCode::OK,
    }
}

/// Every combination of grants the matrix covers.
fn all_grants() -> Vec<Grants> {
    let mut grants = Vec::new();
    for write in DEPTHS {
        grants.push(Grants { read: write, write });
        if write != Depth::Organization {
            grants.push(Grants {
                read: Depth::Organization,
                write,
            });
        }
    }
    grants
}

struct Entity {
    path: &'static str,
    body: fn(&str) -> Value,
    patch: fn(&str) -> Value,
    /// Whether a record names a customer (an account the administrator creates once).
    customer: bool,
}

const ACCOUNTS: Entity = Entity {
    path: "accounts",
    body: |name| json!({ "name": name }),
    patch: |name| json!({ "name": format!("{name} (changed)") }),
    customer: false,
};

const CONTACTS: Entity = Entity {
    path: "contacts",
    body: |name| json!({ "first_name": "Matrix", "last_name": name }),
    patch: |name| json!({ "last_name": format!("{name} (changed)") }),
    customer: false,
};

const LEADS: Entity = Entity {
    path: "leads",
    body: |name| json!({ "company_name": "Matrix Ltd", "last_name": name }),
    patch: |name| json!({ "last_name": format!("{name} (changed)") }),
    customer: false,
};

const OPPORTUNITIES: Entity = Entity {
    path: "opportunities",
    body: |name| json!({ "name": name }),
    patch: |name| json!({ "name": format!("{name} (changed)") }),
    customer: false,
};

const CASES: Entity = Entity {
    path: "cases",
    body: |name| json!({ "title": name }),
    patch: |name| json!({ "title": format!("{name} (changed)") }),
    customer: true,
};

const CONTRACTS: Entity = Entity {
    path: "contracts",
    body: |name| json!({ "name": name, "ends_on": "2027-12-31", "allotment_type": "cases", "allotment_total": 10 }),
    patch: |name| json!({ "name": format!("{name} (changed)") }),
    customer: true,
};

const ACTIVITIES: Entity = Entity {
    path: "activities",
    body: |name| json!({ "activity_type": "task", "subject": name }),
    patch: |name| json!({ "subject": format!("{name} (changed)") }),
    customer: false,
};

const KNOWLEDGE_ARTICLES: Entity = Entity {
    path: "knowledge-articles",
    body: |name| json!({ "title": name, "body": "<p>text</p>" }),
    patch: |name| json!({ "title": format!("{name} (changed)") }),
    customer: false,
};

struct Caller {
    grants: Grants,
    id: String,
    client: Client,
    /// The indirect report whose records the caller reaches.
    report: String,
}

struct World {
    admin: Client,
    callers: Vec<Caller>,
    team: String,
    teammate: String,
    colleague: String,
    child: String,
    far: String,
    /// The account records name when the entity needs a customer.
    customer: Option<String>,
}

impl World {
    fn owner(&self, caller: &Caller, relation: Relation) -> String {
        match relation {
            Relation::Own => caller.id.clone(),
            Relation::Team => self.team.clone(),
            Relation::Teammate => self.teammate.clone(),
            Relation::SameUnit => self.colleague.clone(),
            Relation::ChildUnit => self.child.clone(),
            Relation::OtherUnit => self.far.clone(),
            Relation::Report => caller.report.clone(),
        }
    }

    /// A record created by the administrator and assigned to the owner the relation names.
    async fn record(
        &self,
        entity: &Entity,
        caller: &Caller,
        relation: Relation,
        name: &str,
    ) -> String {
        let mut body = (entity.body)(name);
        if let Some(account) = &self.customer {
            body["account_id"] = json!(account);
        }
        let created = self
            .admin
            .create(&format!("/api/v1/{}", entity.path), &body)
            .await;
        let id = created["id"].as_str().unwrap().to_owned();
        let owner = self.owner(caller, relation);
        let assigned = self
            .admin
            .post(
                &format!("/api/v1/{}/{id}/assign", entity.path),
                &json!({ "owner_id": owner }),
            )
            .await;
        assert_eq!(assigned.status, StatusCode::OK, "assign: {}", assigned.body);
        assert_eq!(assigned.body["owner_id"], owner.as_str());
        id
    }
}

async fn world(app: &TestApp, entity: &Entity) -> World {
    let admin = app.admin().await;
    let root = root_unit(&admin).await;
    let sales = unit(&admin, "Sales", &root).await;
    let north = unit(&admin, "North", &sales).await;
    let other = unit(&admin, "Other", &root).await;

    let colleague = user(&admin, "colleague@example.com", &sales, None, &[]).await;
    let child = user(&admin, "child@example.com", &north, None, &[]).await;
    let far = user(&admin, "far@example.com", &other, None, &[]).await;
    let teammate = user(&admin, "teammate@example.com", &other, None, &[]).await;

    let mut callers = Vec::new();
    for (n, grants) in all_grants().into_iter().enumerate() {
        let mut privileges = Vec::new();
        for act in ACTS {
            let depth = grants.depth(act);
            if depth != Depth::None {
                privileges.push(json!({
                    "entity": entity.path, "action": act.wire(), "depth": depth.wire(),
                }));
            }
        }
        let role = admin
            .create(
                "/api/v1/roles",
                &json!({ "name": format!("Matrix {n}"), "privileges": privileges }),
            )
            .await["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let email = format!("caller{n}@example.com");
        let id = user(&admin, &email, &sales, None, &[role]).await;
        let middle = user(
            &admin,
            &format!("middle{n}@example.com"),
            &other,
            Some(&id),
            &[],
        )
        .await;
        let report = user(
            &admin,
            &format!("report{n}@example.com"),
            &other,
            Some(&middle),
            &[],
        )
        .await;
        let login = app.login(&email, USER_PASSWORD).await;
        assert_eq!(login.status, StatusCode::OK, "{}", login.body);
        let client = admin.with_token(login.body["access_token"].as_str().unwrap());
        callers.push(Caller {
            grants,
            id,
            client,
            report,
        });
    }

    let mut members: Vec<&str> = callers.iter().map(|c| c.id.as_str()).collect();
    members.push(&teammate);
    let team = admin
        .create(
            "/api/v1/teams",
            &json!({ "name": "Sales team", "business_unit_id": sales }),
        )
        .await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let added = admin
        .post(
            &format!("/api/v1/teams/{team}/members"),
            &json!({ "user_ids": members }),
        )
        .await;
    assert_eq!(added.status, StatusCode::OK, "{}", added.body);

    let customer = if entity.customer {
        let account = admin
            .create("/api/v1/accounts", &json!({ "name": "Matrix customer" }))
            .await;
        Some(account["id"].as_str().unwrap().to_owned())
    } else {
        None
    };
    World {
        admin,
        callers,
        team,
        teammate,
        colleague,
        child,
        far,
        customer,
    }
}

/// Runs every case for one entity and reports all mismatches at once.
async fn run_matrix(entity: Entity) {
    let app = TestApp::spawn().await;
    let world = world(&app, &entity).await;
    let mut mismatches = Vec::new();
    let mut cases = 0;

    for (n, caller) in world.callers.iter().enumerate() {
        // Reads: the single record, its history, the Allowed-Actions header, and the list.
        let mut readable = BTreeSet::new();
        let mut ids = Vec::new();
        for relation in RELATIONS {
            let name = format!("r{n}q {relation:?}");
            let id = world.record(&entity, caller, relation, &name).await;
            ids.push((relation, id));
        }
        for (relation, id) in &ids {
            cases += 1;
            let want = expected(caller.grants, Act::Read, *relation);
            let got = caller
                .client
                .get(&format!("/api/v1/{}/{id}", entity.path))
                .await;
            let history = caller
                .client
                .get(&format!("/api/v1/{}/{id}/history", entity.path))
                .await;
            if got.status != want || history.status != want {
                mismatches.push(format!(
                    "{} read {:?} {relation:?}: want {want}, got {} (history {})",
                    entity.path, caller.grants, got.status, history.status
                ));
            }
            if got.status == StatusCode::OK {
                readable.insert(*relation);
                let allowed: BTreeSet<String> = got
                    .header("allowed-actions")
                    .unwrap_or_default()
                    .split(',')
                    .map(|a| a.trim().to_owned())
                    .filter(|a| !a.is_empty())
                    .collect();
                let want_allowed: BTreeSet<String> = [Act::Update, Act::Delete, Act::Assign]
                    .into_iter()
                    .filter(|act| reaches(caller.grants.depth(*act), *relation))
                    .map(|act| act.wire().to_owned())
                    .collect();
                if allowed != want_allowed {
                    mismatches.push(format!(
                        "{} Allowed-Actions {:?} {relation:?}: want {want_allowed:?}, got {allowed:?}",
                        entity.path, caller.grants
                    ));
                }
            }
        }
        let list = caller
            .client
            .get(&format!(
                "/api/v1/{}?q=r{n}q&count=true&limit=100",
                entity.path
            ))
            .await;
        if caller.grants.read == Depth::None {
            if list.status != StatusCode::FORBIDDEN {
                mismatches.push(format!(
                    "{} list {:?}: want 403, got {}",
                    entity.path, caller.grants, list.status
                ));
            }
        } else {
            let listed: BTreeSet<String> = list.body["data"]
                .as_array()
                .map(|rows| {
                    rows.iter()
                        .map(|r| r["id"].as_str().unwrap_or_default().to_owned())
                        .collect()
                })
                .unwrap_or_default();
            let want: BTreeSet<String> = ids
                .iter()
                .filter(|(relation, _)| reaches(caller.grants.read, *relation))
                .map(|(_, id)| id.clone())
                .collect();
            if listed != want || list.body["total"] != json!(want.len()) {
                mismatches.push(format!(
                    "{} list {:?}: want {} records, got {} (total {})",
                    entity.path,
                    caller.grants,
                    want.len(),
                    listed.len(),
                    list.body["total"]
                ));
            }
        }

        // Writes, each on a record of its own.
        for act in [Act::Update, Act::Delete, Act::Assign] {
            for relation in RELATIONS {
                cases += 1;
                let name = format!("w{n} {} {relation:?}", act.wire());
                let id = world.record(&entity, caller, relation, &name).await;
                let path = format!("/api/v1/{}/{id}", entity.path);
                let got = match act {
                    Act::Update => caller.client.patch(&path, &(entity.patch)(&name)).await,
                    Act::Delete => caller.client.delete(&path).await,
                    Act::Assign => {
                        caller
                            .client
                            .post(&format!("{path}/assign"), &json!({ "owner_id": caller.id }))
                            .await
                    }
                    Act::Read => unreachable!("reads are checked above"),
                };
                let want = expected(caller.grants, act, relation);
                if got.status != want {
                    mismatches.push(format!(
                        "{} {} {:?} {relation:?}: want {want}, got {} {}",
                        entity.path,
                        act.wire(),
                        caller.grants,
                        got.status,
                        got.body["detail"]
                    ));
                }
                // A refused action changes nothing.
                if !want.is_success() {
                    let after = world.admin.get(&path).await;
                    if after.status != StatusCode::OK
                        || after.body["owner_id"] != json!(world.owner(caller, relation))
                        || after.body["version"] != json!(2)
                    {
                        mismatches.push(format!(
                            "{} {} {:?} {relation:?}: refused but the record changed: {}",
                            entity.path,
                            act.wire(),
                            caller.grants,
                            after.body
                        ));
                    }
                }
            }
        }
    }
    assert!(
        mismatches.is_empty(),
        "{} of {cases} cases differ from the rules:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
    assert_eq!(cases, all_grants().len() * RELATIONS.len() * ACTS.len());
}

#[tokio::test]
async fn accounts_follow_the_authorization_matrix() {
    run_matrix(ACCOUNTS).await;
}

#[tokio::test]
async fn contacts_follow_the_authorization_matrix() {
    run_matrix(CONTACTS).await;
}

#[tokio::test]
async fn leads_follow_the_authorization_matrix() {
    run_matrix(LEADS).await;
}

#[tokio::test]
async fn opportunities_follow_the_authorization_matrix() {
    run_matrix(OPPORTUNITIES).await;
}

#[tokio::test]
async fn activities_follow_the_authorization_matrix() {
    run_matrix(ACTIVITIES).await;
}

#[tokio::test]
async fn cases_follow_the_authorization_matrix() {
    run_matrix(CASES).await;
}

#[tokio::test]
async fn contracts_follow_the_authorization_matrix() {
    run_matrix(CONTRACTS).await;
}

#[tokio::test]
async fn knowledge_articles_follow_the_authorization_matrix() {
    run_matrix(KNOWLEDGE_ARTICLES).await;
}

#[test]
fn the_rules_reach_further_with_each_depth() {
    // The generated expectations are themselves consistent: a deeper grant never reaches less.
    for relation in RELATIONS {
        let reached: Vec<bool> = DEPTHS.iter().map(|d| reaches(*d, relation)).collect();
        assert!(
            reached.windows(2).all(|w| w[0] <= w[1]),
            "{relation:?}: {reached:?}"
        );
        assert!(reaches(Depth::Organization, relation));
        assert!(!reaches(Depth::None, relation));
    }
}
