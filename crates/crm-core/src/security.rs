//! Who is calling and what they may do: the [`Principal`], privileges and access depths.
//!
//! A privilege is (entity, action, depth), as in Dynamics. The depth says which records of the
//! entity the action reaches: `own` (owned by the user, a team the user is in, or anyone who
//! reports to the user), `business_unit` (plus the user's unit), `business_unit_tree` (plus every
//! unit below it), `organization` (everything). A user's rights are the union of their roles.
//!
//! Services ask the principal for an [`AccessScope`]; crm-db turns the scope into a SQL filter on
//! `owner_id` / `business_unit_id`, so lists, counts and single reads all filter in the query.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::error::{DomainError, DomainResult};
use crate::id::{BusinessUnitId, UserId};

/// The resources that carry privileges, by their API path name.
pub mod entities {
    /// Companies.
    pub const ACCOUNTS: &str = "accounts";
    /// People at companies.
    pub const CONTACTS: &str = "contacts";
    /// Users of the CRM.
    pub const USERS: &str = "users";
    /// The organization tree.
    pub const BUSINESS_UNITS: &str = "business-units";
    /// Security roles.
    pub const ROLES: &str = "roles";
    /// Teams of users.
    pub const TEAMS: &str = "teams";
    /// Keys integrations authenticate with.
    pub const API_KEYS: &str = "api-keys";
    /// The security event log.
    pub const SECURITY_EVENTS: &str = "security-events";
    /// People and companies who showed interest, not yet qualified.
    pub const LEADS: &str = "leads";
    /// The editable lists of choices of fields (ratings, reasons, sources).
    pub const PICKLISTS: &str = "picklists";
    /// Potential sales.
    pub const OPPORTUNITIES: &str = "opportunities";
    /// The stages of the sales process.
    pub const SALES_STAGES: &str = "sales-stages";
    /// Companies met as rivals in deals.
    pub const COMPETITORS: &str = "competitors";
    /// Tasks, phone calls, appointments and emails.
    pub const ACTIVITIES: &str = "activities";
    /// Notes on records, with their attached files.
    pub const NOTES: &str = "notes";
    /// Reusable emails with placeholders.
    pub const EMAIL_TEMPLATES: &str = "email-templates";
    /// Customers' requests for service.
    pub const CASES: &str = "cases";
    /// Queues that cases wait in.
    pub const QUEUES: &str = "queues";
    /// Rules that send incoming cases to queues.
    pub const ROUTING_RULES: &str = "routing-rules";
    /// Service-level policies.
    pub const SLA_POLICIES: &str = "sla-policies";
    /// Service plans contracts are made from.
    pub const CONTRACT_TEMPLATES: &str = "contract-templates";
    /// Customers' service contracts.
    pub const CONTRACTS: &str = "contracts";
    /// Templates that give knowledge articles their sections.
    pub const ARTICLE_TEMPLATES: &str = "article-templates";
    /// Knowledge articles (`approve` publishes them).
    pub const KNOWLEDGE_ARTICLES: &str = "knowledge-articles";

    /// Every entity that has privileges; a system administrator holds all of them.
    pub const ALL: &[&str] = &[
        ACCOUNTS,
        ACTIVITIES,
        API_KEYS,
        ARTICLE_TEMPLATES,
        BUSINESS_UNITS,
        CASES,
        CONTACTS,
        CONTRACT_TEMPLATES,
        CONTRACTS,
        COMPETITORS,
        EMAIL_TEMPLATES,
        KNOWLEDGE_ARTICLES,
        LEADS,
        NOTES,
        OPPORTUNITIES,
        PICKLISTS,
        QUEUES,
        ROLES,
        ROUTING_RULES,
        SALES_STAGES,
        SECURITY_EVENTS,
        SLA_POLICIES,
        TEAMS,
        USERS,
    ];

    /// Entities every signed-in user reads, whatever their roles: the organization's structure
    /// and its people are visible to all (DOMAIN.md section 1).
    /// Picklists too: every form shows their choices; and email templates, which anyone
    /// writing to a customer uses.
    /// The service desk's configuration (queues, routing rules, service levels, contract
    /// templates) too: every agent works with it.
    pub const READABLE_BY_ALL: &[&str] = &[
        ARTICLE_TEMPLATES,
        BUSINESS_UNITS,
        COMPETITORS,
        CONTRACT_TEMPLATES,
        EMAIL_TEMPLATES,
        PICKLISTS,
        QUEUES,
        ROUTING_RULES,
        SALES_STAGES,
        SLA_POLICIES,
        TEAMS,
        USERS,
    ];

    /// The actions that make sense for an entity (`approve` only where an entity has one).
    pub fn actions(entity: &str) -> &'static [super::Action] {
        use super::Action::*;
        match entity {
            SECURITY_EVENTS => &[Read],
            API_KEYS => &[Create, Read, Delete],
            // Picklist values are retired, never deleted: records hold them.
            PICKLISTS | SALES_STAGES => &[Create, Read, Update],
            // Templates and the service desk's configuration belong to the organization: nobody
            // owns, assigns or shares them.
            EMAIL_TEMPLATES | QUEUES | ROUTING_RULES | SLA_POLICIES | CONTRACT_TEMPLATES
            | ARTICLE_TEMPLATES => &[Create, Read, Update, Delete],
            // Publishing knowledge is its own privilege.
            KNOWLEDGE_ARTICLES => &[Create, Read, Update, Delete, Assign, Share, Approve],
            _ => &[Create, Read, Update, Delete, Assign, Share],
        }
    }
}

/// What a privilege allows doing.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Create records.
    Create,
    /// Read records.
    Read,
    /// Change records.
    Update,
    /// Delete records.
    Delete,
    /// Give records to another owner.
    Assign,
    /// Share records with users or teams outside one's depth.
    Share,
    /// Approve (knowledge articles).
    Approve,
}

impl Action {
    /// What can be done to an existing owned record, beyond reading it.
    pub const ON_RECORD: [Action; 4] = [
        Action::Update,
        Action::Delete,
        Action::Assign,
        Action::Share,
    ];

    /// Every action.
    pub const ALL: [Action; 7] = [
        Action::Create,
        Action::Read,
        Action::Update,
        Action::Delete,
        Action::Assign,
        Action::Share,
        Action::Approve,
    ];

    /// The API word for the action.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Create => "create",
            Action::Read => "read",
            Action::Update => "update",
            Action::Delete => "delete",
            Action::Assign => "assign",
            Action::Share => "share",
            Action::Approve => "approve",
        }
    }

    /// Parses the API word.
    pub fn parse(text: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.as_str() == text)
    }
}

/// How far a privilege reaches, from nothing to the whole organization.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Depth {
    /// No records.
    None,
    /// Records owned by the user, their teams, or the people who report to them.
    Own,
    /// Plus the records of the user's business unit.
    BusinessUnit,
    /// Plus the records of every unit below the user's.
    BusinessUnitTree,
    /// Every record.
    Organization,
}

impl Depth {
    /// The API word for the depth.
    pub fn as_str(self) -> &'static str {
        match self {
            Depth::None => "none",
            Depth::Own => "own",
            Depth::BusinessUnit => "business_unit",
            Depth::BusinessUnitTree => "business_unit_tree",
            Depth::Organization => "organization",
        }
    }

    /// Parses the API word.
    pub fn parse(text: &str) -> Option<Depth> {
        [
            Depth::None,
            Depth::Own,
            Depth::BusinessUnit,
            Depth::BusinessUnitTree,
            Depth::Organization,
        ]
        .into_iter()
        .find(|d| d.as_str() == text)
    }
}

/// One privilege: an action on an entity, to a depth.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Privilege {
    /// The resource path name (`accounts`, `leads`, ...).
    #[schema(schema_with = entity_name_schema)]
    pub entity: String,
    /// The action.
    pub action: Action,
    /// How far it reaches.
    pub depth: Depth,
}

/// The schema of an entity name: one of [`entities::ALL`].
fn entity_name_schema() -> utoipa::openapi::Object {
    utoipa::openapi::ObjectBuilder::new()
        .schema_type(utoipa::openapi::schema::Type::String)
        .enum_values(Some(entities::ALL.iter().copied()))
        .description(Some("The resource path name (`accounts`, `leads`, ...)."))
        .build()
}

/// The records an action reaches, ready to become a SQL filter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AccessScope {
    /// Every record.
    Organization,
    /// Records whose owner is one of `owner_ids`, or whose business unit is one of
    /// `business_unit_ids`.
    Restricted {
        /// The user, their teams and everyone who reports to them.
        owner_ids: Vec<String>,
        /// The units the depth reaches (empty for `own`).
        business_unit_ids: Vec<String>,
    },
}

impl AccessScope {
    /// Whether a record with this owner and unit is in scope (for records already loaded).
    pub fn allows(&self, owner_id: &str, business_unit_id: &str) -> bool {
        match self {
            AccessScope::Organization => true,
            AccessScope::Restricted {
                owner_ids,
                business_unit_ids,
            } => {
                owner_ids.iter().any(|o| o == owner_id)
                    || business_unit_ids.iter().any(|b| b == business_unit_id)
            }
        }
    }
}

/// The authenticated caller, with everything needed to decide what they may do.
#[derive(Debug, Clone)]
pub struct Principal {
    /// The user.
    pub user_id: UserId,
    /// The user's business unit.
    pub business_unit_id: BusinessUnitId,
    /// Whether the user holds the System Administrator role (every privilege, organization-wide).
    pub is_system_admin: bool,
    /// The teams the user is in (they own records the user may reach at `own` depth).
    pub team_ids: Vec<String>,
    /// Everyone who reports to the user, directly or not.
    pub report_ids: Vec<UserId>,
    /// The user's unit and every unit below it.
    pub unit_tree_ids: Vec<BusinessUnitId>,
    privileges: BTreeMap<(String, Action), Depth>,
}

impl Principal {
    /// A principal for a user, with the union of the given privileges (the deepest wins).
    pub fn new(
        user_id: UserId,
        business_unit_id: BusinessUnitId,
        is_system_admin: bool,
        privileges: impl IntoIterator<Item = Privilege>,
    ) -> Self {
        let mut map = BTreeMap::new();
        for p in privileges {
            let depth = map.entry((p.entity, p.action)).or_insert(Depth::None);
            *depth = (*depth).max(p.depth);
        }
        Principal {
            unit_tree_ids: vec![business_unit_id.clone()],
            user_id,
            business_unit_id,
            is_system_admin,
            team_ids: Vec::new(),
            report_ids: Vec::new(),
            privileges: map,
        }
    }

    /// The depth of an action on an entity.
    pub fn depth(&self, entity: &str, action: Action) -> Depth {
        if self.is_system_admin
            || (action == Action::Read && entities::READABLE_BY_ALL.contains(&entity))
        {
            return Depth::Organization;
        }
        self.privileges
            .get(&(entity.to_owned(), action))
            .copied()
            .unwrap_or(Depth::None)
    }

    /// Whether the caller holds the action on the entity at any depth.
    pub fn has(&self, entity: &str, action: Action) -> bool {
        self.depth(entity, action) > Depth::None
    }

    /// The records an action reaches, or `None` without the privilege.
    pub fn scope(&self, entity: &str, action: Action) -> Option<AccessScope> {
        let depth = self.depth(entity, action);
        let owners = || {
            let mut owners = Vec::with_capacity(1 + self.team_ids.len() + self.report_ids.len());
            owners.push(self.user_id.as_str().to_owned());
            owners.extend(self.team_ids.iter().cloned());
            owners.extend(self.report_ids.iter().map(|r| r.as_str().to_owned()));
            owners
        };
        match depth {
            Depth::None => None,
            Depth::Organization => Some(AccessScope::Organization),
            Depth::Own => Some(AccessScope::Restricted {
                owner_ids: owners(),
                business_unit_ids: Vec::new(),
            }),
            Depth::BusinessUnit => Some(AccessScope::Restricted {
                owner_ids: owners(),
                business_unit_ids: vec![self.business_unit_id.as_str().to_owned()],
            }),
            Depth::BusinessUnitTree => Some(AccessScope::Restricted {
                owner_ids: owners(),
                business_unit_ids: self
                    .unit_tree_ids
                    .iter()
                    .map(|u| u.as_str().to_owned())
                    .collect(),
            }),
        }
    }

    /// The scope of an action, or 403 without the privilege.
    pub fn require(&self, entity: &str, action: Action) -> DomainResult<AccessScope> {
        self.scope(entity, action)
            .ok_or_else(|| DomainError::forbidden(entity, action.as_str()))
    }

    /// The effective privileges: every entity and action that reaches anything, at its depth.
    pub fn privileges(&self) -> Vec<Privilege> {
        entities::ALL
            .iter()
            .flat_map(|entity| {
                entities::actions(entity).iter().filter_map(move |action| {
                    let depth = self.depth(entity, *action);
                    (depth > Depth::None).then(|| Privilege {
                        entity: (*entity).to_owned(),
                        action: *action,
                        depth,
                    })
                })
            })
            .collect()
    }

    /// Whether every privilege given reaches no further than the caller's own: a role the caller
    /// could not have made cannot be handed out by them (no escalation through role management).
    pub fn covers(&self, privileges: &[Privilege]) -> bool {
        privileges
            .iter()
            .all(|p| self.depth(&p.entity, p.action) >= p.depth)
    }

    /// The actions among `actions` the caller may take on a record with this owner and unit.
    pub fn allowed(
        &self,
        entity: &str,
        owner_id: &str,
        business_unit_id: &str,
        actions: &[Action],
    ) -> Vec<Action> {
        actions
            .iter()
            .copied()
            .filter(|action| {
                self.scope(entity, *action)
                    .is_some_and(|scope| scope.allows(owner_id, business_unit_id))
            })
            .collect()
    }
}

/// Gives a record to another owner (`POST /<resource>/{id}/assign`).
#[derive(Debug, Clone, serde::Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Assignment {
    /// The new owner: an active user or a team. The record moves to the owner's business unit.
    pub owner_id: crate::id::OwnerId,
}

/// Who is acting and when: what every service call receives.
#[derive(Debug, Clone)]
pub struct Ctx {
    /// The caller (shared: principals are cached between requests).
    pub principal: std::sync::Arc<Principal>,
    /// The time of the request, read once from the clock so one unit of work has one time.
    pub now: crate::time::Timestamp,
    /// The client's network address, for the security log.
    pub client: Option<String>,
}

impl Ctx {
    /// The acting user's id as text, for `created_by` and the change log.
    pub fn actor(&self) -> &str {
        self.principal.user_id.as_str()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user_with(privileges: &[(&str, Action, Depth)]) -> Principal {
        let mut p = Principal::new(
            UserId::new(),
            BusinessUnitId::new(),
            false,
            privileges.iter().map(|(e, a, d)| Privilege {
                entity: (*e).into(),
                action: *a,
                depth: *d,
            }),
        );
        p.report_ids = vec![UserId::new()];
        p
    }

    #[test]
    fn the_deepest_privilege_of_all_roles_wins() {
        let p = user_with(&[
            ("accounts", Action::Read, Depth::Own),
            ("accounts", Action::Read, Depth::BusinessUnit),
            ("accounts", Action::Read, Depth::Own),
        ]);
        assert_eq!(p.depth("accounts", Action::Read), Depth::BusinessUnit);
        assert_eq!(p.depth("accounts", Action::Delete), Depth::None);
    }

    #[test]
    fn without_a_privilege_the_action_is_forbidden() {
        let p = user_with(&[("accounts", Action::Read, Depth::Own)]);
        assert!(matches!(
            p.require("accounts", Action::Delete),
            Err(DomainError::Forbidden { .. })
        ));
        assert!(p.require("accounts", Action::Read).is_ok());
    }

    #[test]
    fn own_depth_reaches_own_and_reports_records_only() {
        let p = user_with(&[("contacts", Action::Read, Depth::Own)]);
        let scope = p.scope("contacts", Action::Read).unwrap();
        let other_unit = BusinessUnitId::new();
        assert!(scope.allows(p.user_id.as_str(), other_unit.as_str()));
        assert!(scope.allows(p.report_ids[0].as_str(), other_unit.as_str()));
        assert!(!scope.allows(UserId::new().as_str(), p.business_unit_id.as_str()));
    }

    #[test]
    fn business_unit_depth_adds_the_users_unit() {
        let p = user_with(&[("contacts", Action::Read, Depth::BusinessUnit)]);
        let scope = p.scope("contacts", Action::Read).unwrap();
        assert!(scope.allows(UserId::new().as_str(), p.business_unit_id.as_str()));
        assert!(!scope.allows(UserId::new().as_str(), BusinessUnitId::new().as_str()));
    }

    #[test]
    fn business_unit_tree_depth_adds_units_below() {
        let mut p = user_with(&[("contacts", Action::Read, Depth::BusinessUnitTree)]);
        let child = BusinessUnitId::new();
        p.unit_tree_ids.push(child.clone());
        let scope = p.scope("contacts", Action::Read).unwrap();
        assert!(scope.allows(UserId::new().as_str(), child.as_str()));
        assert!(!scope.allows(UserId::new().as_str(), BusinessUnitId::new().as_str()));
    }

    #[test]
    fn a_system_administrator_reaches_everything() {
        let p = Principal::new(UserId::new(), BusinessUnitId::new(), true, []);
        assert_eq!(
            p.scope("accounts", Action::Delete),
            Some(AccessScope::Organization)
        );
        let all = p.privileges();
        assert!(all.iter().all(|p| p.depth == Depth::Organization));
        assert!(
            all.iter()
                .any(|p| p.entity == "contacts" && p.action == Action::Assign)
        );
    }

    #[test]
    fn everyone_reads_the_organization_and_its_people() {
        let p = user_with(&[]);
        for entity in entities::READABLE_BY_ALL {
            assert_eq!(p.depth(entity, Action::Read), Depth::Organization);
            assert_eq!(p.depth(entity, Action::Update), Depth::None);
        }
        assert_eq!(p.depth("roles", Action::Read), Depth::None);
    }

    #[test]
    fn a_role_may_only_be_handed_out_by_someone_who_holds_as_much() {
        let p = user_with(&[("accounts", Action::Read, Depth::BusinessUnit)]);
        let within = Privilege {
            entity: "accounts".into(),
            action: Action::Read,
            depth: Depth::Own,
        };
        let beyond = Privilege {
            entity: "accounts".into(),
            action: Action::Read,
            depth: Depth::Organization,
        };
        let other = Privilege {
            entity: "contacts".into(),
            action: Action::Delete,
            depth: Depth::Own,
        };
        assert!(p.covers(std::slice::from_ref(&within)));
        assert!(!p.covers(&[within, beyond]));
        assert!(!p.covers(&[other]));
    }

    #[test]
    fn allowed_actions_follow_each_actions_own_depth() {
        let p = user_with(&[
            ("accounts", Action::Read, Depth::Organization),
            ("accounts", Action::Update, Depth::Own),
            ("accounts", Action::Delete, Depth::None),
        ]);
        let mine = p.user_id.as_str().to_owned();
        let unit = p.business_unit_id.as_str().to_owned();
        let all = [Action::Update, Action::Delete];
        assert_eq!(
            p.allowed("accounts", &mine, &unit, &all),
            vec![Action::Update]
        );
        assert_eq!(
            p.allowed("accounts", "someone-else", "other-unit", &all),
            vec![]
        );
    }

    #[test]
    fn words_round_trip() {
        for d in [
            "none",
            "own",
            "business_unit",
            "business_unit_tree",
            "organization",
        ] {
            assert_eq!(Depth::parse(d).unwrap().as_str(), d);
        }
        for a in Action::ALL {
            assert_eq!(Action::parse(a.as_str()), Some(a));
        }
        assert_eq!(Depth::parse("everything"), None);
    }
}
