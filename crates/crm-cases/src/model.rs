//! What cases, queues, routing rules, service-level policies, contract templates and contracts
//! are, what is written to create or change them, and what their lists accept.

use chrono::NaiveDate;
use crm_core::Timestamp;
use crm_core::api_words;
use crm_core::id::{
    AccountId, BusinessUnitId, CaseId, ContactId, ContractId, ContractTemplateId, OwnerId, QueueId,
    RoutingRuleId, SlaPolicyId, UserId,
};
use crm_core::list::{FieldKind, FieldSpec, ListSpec, Sort};
use crm_core::record_fields;
use crm_db::schema::{cases, contract_templates, contracts, queues, routing_rules, sla_policies};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::lifecycle::{CaseStatus, ContractStatus};

api_words! {
    /// How a case reached us.
    Origin {
        /// A call.
        Phone => "phone",
        /// An email.
        Email => "email",
        /// The web site's form.
        Web => "web",
        /// The customer portal.
        Portal => "portal",
    }
}

api_words! {
    /// How urgent a case is; service-level targets are set by priority.
    CasePriority {
        /// Can wait.
        Low => "low",
        /// The usual.
        Normal => "normal",
        /// Sooner than the others.
        High => "high",
        /// At once.
        Urgent => "urgent",
    }
}

api_words! {
    /// What the customer is entitled to for a case, checked when it is opened.
    Entitlement {
        /// Under a contract with allotment left.
        Covered => "covered",
        /// The customer's contract has no allotment left: the case is flagged for a decision.
        Exhausted => "exhausted",
        /// No active contract covers the customer.
        None => "none",
    }
}

api_words! {
    /// What a contract's allotment counts.
    AllotmentType {
        /// A number of cases.
        Cases => "cases",
        /// Minutes of work (the time spent on resolved cases).
        Minutes => "minutes",
    }
}

// ----- cases ----------------------------------------------------------------------------------

record_fields! {
    /// The writable fields of a case: the body of a creation. `title` is required, and an
    /// `account_id` or a `contact_id` (the customer). Without `queue_id` the routing rules choose
    /// the queue; without `contract_id` the customer's active contract is found.
    fields CaseFields;
    /// The fields of an open case to change: absent fields stay as they are, `null` clears.
    /// `status` moves among the open statuses; closing, reactivating and queueing are actions.
    patch CasePatch;
    {
        /// What the customer needs ("Printer jams on every page").
        #[schema(example = "Invoice sent twice")]
        title: String [required],
        /// The customer's words, the details.
        description: String,
        /// The customer company.
        account_id: AccountId,
        /// The customer person.
        contact_id: ContactId,
        /// The product concerned: a value of the `cases` `product` picklist.
        product: String,
        /// What it is about: a value of the `cases` `subject` picklist.
        #[schema(example = "billing")]
        subject: String,
        /// Question, problem, request, complaint: a value of the `cases` `case_type` picklist.
        #[schema(example = "problem")]
        case_type: String,
        /// `phone` (default), `email`, `web` or `portal`.
        origin: Origin,
        /// `low`, `normal` (default), `high` or `urgent`: it sets the service-level targets.
        priority: CasePriority,
        /// How bad it is: a value of the `cases` `severity` picklist.
        severity: String,
        /// `new` on creation (default); then `in_progress`, `on_hold` or
        /// `waiting_for_customer`.
        status: CaseStatus,
        /// The queue it waits in (on creation only; then through `assign`).
        queue_id: QueueId,
        /// The contract it is served under: an active contract of the customer.
        contract_id: ContractId,
    }
}

/// A customer's request for service.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Case {
    /// Its id.
    pub id: CaseId,
    /// Its human-readable number (`CAS-000123`), unique.
    #[schema(example = "CAS-000123")]
    pub number: String,
    /// What the customer needs.
    pub title: String,
    /// The details.
    pub description: Option<String>,
    /// The customer company.
    pub account_id: Option<AccountId>,
    /// The customer person.
    pub contact_id: Option<ContactId>,
    /// The product concerned.
    pub product: Option<String>,
    /// What it is about.
    pub subject: Option<String>,
    /// Question, problem, request, complaint.
    pub case_type: Option<String>,
    /// How it reached us.
    pub origin: Origin,
    /// How urgent it is.
    pub priority: CasePriority,
    /// How bad it is.
    pub severity: Option<String>,
    /// Where it is in its life cycle.
    pub status: CaseStatus,
    /// The queue it is in.
    pub queue_id: Option<QueueId>,
    /// Who took it from its queue (it is "being worked"); none while it waits.
    pub worked_by_id: Option<UserId>,
    /// When it entered its queue.
    pub queued_at: Option<Timestamp>,
    /// The routing rule that chose its queue.
    pub routing_rule_id: Option<RoutingRuleId>,
    /// The contract it is served under.
    pub contract_id: Option<ContractId>,
    /// What the customer was entitled to when it was opened.
    pub entitlement: Entitlement,
    /// What its resolution drew from the contract (cases or minutes).
    pub drawn_down: Option<i64>,
    /// The service-level policy its deadlines come from.
    pub sla_policy_id: Option<SlaPolicyId>,
    /// The first response is due by then.
    pub first_response_due_at: Option<Timestamp>,
    /// It is to be resolved by then.
    pub resolve_by_at: Option<Timestamp>,
    /// When the customer first heard from us: a completed outgoing call or email, a meeting, or
    /// the resolution.
    pub first_responded_at: Option<Timestamp>,
    /// Minutes to the first response, pauses left out.
    pub first_response_minutes: Option<i64>,
    /// Whether the first response came, or is coming, too late (as of now).
    pub first_response_breached: bool,
    /// Whether the resolution came, or is coming, too late (as of now).
    pub resolution_breached: bool,
    /// Since when the service-level clock has stopped (on hold, waiting for the customer).
    pub paused_at: Option<Timestamp>,
    /// Whole minutes the clock stood still, pauses that ended.
    pub paused_minutes: i64,
    /// How it was solved.
    pub resolution: Option<String>,
    /// When it was resolved.
    pub resolved_at: Option<Timestamp>,
    /// Minutes to the resolution, pauses left out.
    pub resolution_minutes: Option<i64>,
    /// When it was cancelled.
    pub cancelled_at: Option<Timestamp>,
    /// Whether it was escalated.
    pub is_escalated: bool,
    /// When it was last escalated.
    pub escalated_at: Option<Timestamp>,
    /// Why it was escalated.
    pub escalation_reason: Option<String>,
    /// How many times it was reactivated.
    pub reactivation_count: i64,
    /// The time spent on it: the sum of the durations of its completed activities, in minutes.
    pub time_spent_minutes: i64,
    /// Who owns it.
    pub owner_id: OwnerId,
    /// The owner's business unit when it was given to them.
    pub business_unit_id: BusinessUnitId,
    /// Who created it.
    pub created_by: Option<UserId>,
    /// Who last changed it.
    pub updated_by: Option<UserId>,
    /// When it was opened.
    pub created_at: Timestamp,
    /// When it last changed.
    pub updated_at: Timestamp,
    /// Grows with every change; send it back in `If-Match`.
    pub version: i64,
}

/// A case as stored.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = cases)]
pub struct CaseRow {
    pub(crate) id: CaseId,
    pub(crate) number: String,
    pub(crate) title: String,
    pub(crate) description: Option<String>,
    pub(crate) account_id: Option<AccountId>,
    pub(crate) contact_id: Option<ContactId>,
    pub(crate) product: Option<String>,
    pub(crate) subject: Option<String>,
    pub(crate) case_type: Option<String>,
    pub(crate) origin: String,
    pub(crate) priority: String,
    pub(crate) severity: Option<String>,
    pub(crate) status: String,
    pub(crate) queue_id: Option<QueueId>,
    pub(crate) worked_by_id: Option<UserId>,
    pub(crate) queued_at: Option<Timestamp>,
    pub(crate) routing_rule_id: Option<RoutingRuleId>,
    pub(crate) contract_id: Option<ContractId>,
    pub(crate) entitlement: String,
    pub(crate) drawn_down: Option<i64>,
    pub(crate) sla_policy_id: Option<SlaPolicyId>,
    pub(crate) first_response_due_at: Option<Timestamp>,
    pub(crate) resolve_by_at: Option<Timestamp>,
    pub(crate) first_responded_at: Option<Timestamp>,
    pub(crate) first_response_minutes: Option<i64>,
    pub(crate) first_response_breached: bool,
    pub(crate) resolution_breached: bool,
    pub(crate) paused_at: Option<Timestamp>,
    pub(crate) paused_minutes: i64,
    pub(crate) resolution: Option<String>,
    pub(crate) resolved_at: Option<Timestamp>,
    pub(crate) resolution_minutes: Option<i64>,
    pub(crate) cancelled_at: Option<Timestamp>,
    pub(crate) is_escalated: bool,
    pub(crate) escalated_at: Option<Timestamp>,
    pub(crate) escalation_reason: Option<String>,
    pub(crate) reactivation_count: i64,
    pub(crate) owner_id: OwnerId,
    pub(crate) business_unit_id: BusinessUnitId,
    pub(crate) created_by: Option<UserId>,
    pub(crate) updated_by: Option<UserId>,
    pub(crate) created_at: Timestamp,
    pub(crate) updated_at: Timestamp,
    pub(crate) version: i64,
}

/// Everything of a case that is written, as stored: the validated fields and the state the
/// rules keep (queue, contract, deadlines, resolution, escalation).
#[derive(Debug, Clone, PartialEq, Insertable, AsChangeset)]
#[diesel(table_name = cases, treat_none_as_null = true, treat_none_as_default_value = false)]
pub struct CaseValues {
    pub(crate) title: String,
    pub(crate) description: Option<String>,
    pub(crate) account_id: Option<AccountId>,
    pub(crate) contact_id: Option<ContactId>,
    pub(crate) product: Option<String>,
    pub(crate) subject: Option<String>,
    pub(crate) case_type: Option<String>,
    pub(crate) origin: String,
    pub(crate) priority: String,
    pub(crate) severity: Option<String>,
    pub(crate) status: String,
    pub(crate) queue_id: Option<QueueId>,
    pub(crate) worked_by_id: Option<UserId>,
    pub(crate) queued_at: Option<Timestamp>,
    pub(crate) routing_rule_id: Option<RoutingRuleId>,
    pub(crate) contract_id: Option<ContractId>,
    pub(crate) entitlement: String,
    pub(crate) drawn_down: Option<i64>,
    pub(crate) sla_policy_id: Option<SlaPolicyId>,
    pub(crate) first_response_due_at: Option<Timestamp>,
    pub(crate) resolve_by_at: Option<Timestamp>,
    pub(crate) first_responded_at: Option<Timestamp>,
    pub(crate) first_response_minutes: Option<i64>,
    pub(crate) first_response_breached: bool,
    pub(crate) resolution_breached: bool,
    pub(crate) paused_at: Option<Timestamp>,
    pub(crate) paused_minutes: i64,
    pub(crate) resolution: Option<String>,
    pub(crate) resolved_at: Option<Timestamp>,
    pub(crate) resolution_minutes: Option<i64>,
    pub(crate) cancelled_at: Option<Timestamp>,
    pub(crate) is_escalated: bool,
    pub(crate) escalated_at: Option<Timestamp>,
    pub(crate) escalation_reason: Option<String>,
    pub(crate) reactivation_count: i64,
    pub(crate) owner_id: OwnerId,
    pub(crate) business_unit_id: BusinessUnitId,
}

impl CaseRow {
    /// The stored values, to change some and write them back.
    pub(crate) fn values(&self) -> CaseValues {
        CaseValues {
            title: self.title.clone(),
            description: self.description.clone(),
            account_id: self.account_id.clone(),
            contact_id: self.contact_id.clone(),
            product: self.product.clone(),
            subject: self.subject.clone(),
            case_type: self.case_type.clone(),
            origin: self.origin.clone(),
            priority: self.priority.clone(),
            severity: self.severity.clone(),
            status: self.status.clone(),
            queue_id: self.queue_id.clone(),
            worked_by_id: self.worked_by_id.clone(),
            queued_at: self.queued_at,
            routing_rule_id: self.routing_rule_id.clone(),
            contract_id: self.contract_id.clone(),
            entitlement: self.entitlement.clone(),
            drawn_down: self.drawn_down,
            sla_policy_id: self.sla_policy_id.clone(),
            first_response_due_at: self.first_response_due_at,
            resolve_by_at: self.resolve_by_at,
            first_responded_at: self.first_responded_at,
            first_response_minutes: self.first_response_minutes,
            first_response_breached: self.first_response_breached,
            resolution_breached: self.resolution_breached,
            paused_at: self.paused_at,
            paused_minutes: self.paused_minutes,
            resolution: self.resolution.clone(),
            resolved_at: self.resolved_at,
            resolution_minutes: self.resolution_minutes,
            cancelled_at: self.cancelled_at,
            is_escalated: self.is_escalated,
            escalated_at: self.escalated_at,
            escalation_reason: self.escalation_reason.clone(),
            reactivation_count: self.reactivation_count,
            owner_id: self.owner_id.clone(),
            business_unit_id: self.business_unit_id.clone(),
        }
    }
}

impl Case {
    /// The writable fields as they are now (the base a patch applies to).
    pub fn fields(&self) -> CaseFields {
        CaseFields {
            title: Some(self.title.clone()),
            description: self.description.clone(),
            account_id: self.account_id.clone(),
            contact_id: self.contact_id.clone(),
            product: self.product.clone(),
            subject: self.subject.clone(),
            case_type: self.case_type.clone(),
            origin: Some(self.origin),
            priority: Some(self.priority),
            severity: self.severity.clone(),
            status: Some(self.status),
            queue_id: self.queue_id.clone(),
            contract_id: self.contract_id.clone(),
        }
    }
}

/// `assign`: to a user (or team) with `user_id` / `owner_id`, or to a queue with `queue_id`.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CaseAssignment {
    /// The user who takes the case; in a queue, they work it from there.
    #[serde(default)]
    pub user_id: Option<UserId>,
    /// A user or team to own the case (the same as `user_id`, for any owned record).
    #[serde(default)]
    pub owner_id: Option<OwnerId>,
    /// The queue the case goes to wait in.
    #[serde(default)]
    pub queue_id: Option<QueueId>,
}

/// `escalate`: why, and where to (a queue; without one, the owner's manager, else the
/// escalation queue).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Escalation {
    /// Why the front line cannot decide ("refund over 500 EUR needs a manager").
    #[serde(default)]
    #[schema(required = true)]
    pub reason: Option<String>,
    /// The queue to escalate to.
    #[serde(default)]
    pub queue_id: Option<QueueId>,
}

/// `resolve`: how the case was solved.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Resolution {
    /// How it was solved.
    #[serde(default)]
    #[schema(required = true)]
    pub resolution: Option<String>,
}

/// `cancel`: why, optionally.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Cancellation {
    /// Why the case is closed without a resolution.
    #[serde(default)]
    pub reason: Option<String>,
}

/// What case lists accept.
pub const CASE_LIST: ListSpec = ListSpec {
    resource: "cases",
    fields: &[
        FieldSpec::sortable("created_at", FieldKind::Timestamp),
        FieldSpec::sortable("updated_at", FieldKind::Timestamp),
        FieldSpec::sortable("number", FieldKind::Text),
        FieldSpec::sortable("title", FieldKind::Text),
        FieldSpec::filter("id", FieldKind::Id, false),
        FieldSpec::filter("status", FieldKind::Text, false),
        FieldSpec::filter("priority", FieldKind::Text, false),
        FieldSpec::filter("origin", FieldKind::Text, false),
        FieldSpec::filter("product", FieldKind::Text, true),
        FieldSpec::filter("subject", FieldKind::Text, true),
        FieldSpec::filter("case_type", FieldKind::Text, true),
        FieldSpec::filter("severity", FieldKind::Text, true),
        FieldSpec::filter("account_id", FieldKind::Id, true),
        FieldSpec::filter("contact_id", FieldKind::Id, true),
        FieldSpec::filter("queue_id", FieldKind::Id, true),
        FieldSpec::filter("worked_by_id", FieldKind::Id, true),
        FieldSpec::filter("contract_id", FieldKind::Id, true),
        FieldSpec::filter("entitlement", FieldKind::Text, false),
        FieldSpec::filter("is_escalated", FieldKind::Bool, false),
        FieldSpec::filter("first_response_due_at", FieldKind::Timestamp, true),
        FieldSpec::filter("resolve_by_at", FieldKind::Timestamp, true),
        FieldSpec::filter("first_responded_at", FieldKind::Timestamp, true),
        FieldSpec::filter("resolved_at", FieldKind::Timestamp, true),
        FieldSpec::filter("owner_id", FieldKind::Id, false),
        FieldSpec::filter("business_unit_id", FieldKind::Id, false),
    ],
    search_fields: &["number", "title"],
    default_sort: Sort {
        field: "created_at",
        descending: true,
    },
};

// ----- queues ---------------------------------------------------------------------------------

/// A new queue, or the whole of a changed one.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct QueueFields {
    /// Its name, unique ("Printers", "Billing", "Escalations").
    #[serde(default)]
    #[schema(required = true, example = "Billing")]
    pub name: Option<String>,
    /// What it takes.
    #[serde(default)]
    pub description: Option<String>,
    /// Whether escalated cases go to it when the owner has no manager.
    #[serde(default)]
    pub is_escalation: Option<bool>,
    /// `false` retires it: nothing new is routed or assigned to it.
    #[serde(default)]
    pub is_active: Option<bool>,
    /// The users who work it (replaces the list).
    #[serde(default)]
    pub member_ids: Option<Vec<UserId>>,
}

/// How a queue is doing, counted over the cases the caller may read.
#[derive(Debug, Clone, Default, PartialEq, Serialize, ToSchema)]
pub struct QueueFigures {
    /// Open cases in it that nobody has taken.
    pub cases_waiting: i64,
    /// Open cases in it that a member works.
    pub cases_being_worked: i64,
    /// The users who work it.
    pub members: i64,
    /// When the case that has waited longest entered it.
    pub oldest_waiting_since: Option<Timestamp>,
}

/// A queue cases wait in until someone works them.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Queue {
    /// Its id.
    pub id: QueueId,
    /// Its name.
    pub name: String,
    /// What it takes.
    pub description: Option<String>,
    /// Whether escalations go to it.
    pub is_escalation: bool,
    /// Whether cases may be routed or assigned to it.
    pub is_active: bool,
    /// The users who work it.
    pub member_ids: Vec<UserId>,
    /// Its figures, now.
    pub figures: QueueFigures,
    /// Who created it.
    pub created_by: Option<UserId>,
    /// Who last changed it.
    pub updated_by: Option<UserId>,
    /// When it was created.
    pub created_at: Timestamp,
    /// When it last changed.
    pub updated_at: Timestamp,
    /// Grows with every change; send it back in `If-Match`.
    pub version: i64,
}

/// A queue as stored.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = queues)]
pub struct QueueRow {
    pub(crate) id: QueueId,
    pub(crate) name: String,
    pub(crate) description: Option<String>,
    pub(crate) is_escalation: bool,
    pub(crate) is_active: bool,
    pub(crate) created_by: Option<UserId>,
    pub(crate) updated_by: Option<UserId>,
    pub(crate) created_at: Timestamp,
    pub(crate) updated_at: Timestamp,
    pub(crate) version: i64,
}

/// Validated queue fields.
#[derive(Debug, Clone, PartialEq, Insertable, AsChangeset)]
#[diesel(table_name = queues, treat_none_as_null = true, treat_none_as_default_value = false)]
pub struct QueueValues {
    pub(crate) name: String,
    pub(crate) description: Option<String>,
    pub(crate) is_escalation: bool,
    pub(crate) is_active: bool,
}

/// What queue lists accept.
pub const QUEUE_LIST: ListSpec = ListSpec {
    resource: "queues",
    fields: &[
        FieldSpec::sortable("name", FieldKind::Text),
        FieldSpec::sortable("created_at", FieldKind::Timestamp),
        FieldSpec::filter("id", FieldKind::Id, false),
        FieldSpec::filter("is_active", FieldKind::Bool, false),
        FieldSpec::filter("is_escalation", FieldKind::Bool, false),
    ],
    search_fields: &["name"],
    default_sort: Sort {
        field: "name",
        descending: false,
    },
};

// ----- routing rules --------------------------------------------------------------------------

/// What a case must be for a rule to send it to its queue: every condition given must hold (a
/// list holds when the case's value is in it); a rule with none takes every case.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RoutingConditions {
    /// The case's priority is one of these.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub priorities: Vec<CasePriority>,
    /// The case came in through one of these.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub origins: Vec<Origin>,
    /// The case's account is one of these (VIP customers).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub account_ids: Vec<AccountId>,
    /// The case's product is one of these.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub products: Vec<String>,
    /// The case's subject is one of these.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub subjects: Vec<String>,
    /// The case's title contains this text (ignoring case).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title_contains: Option<String>,
}

/// A new routing rule, or the whole of a changed one.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RoutingRuleFields {
    /// What it is for ("VIP customers to Escalations").
    #[serde(default)]
    #[schema(required = true)]
    pub name: Option<String>,
    /// Where it comes among the rules: the first that matches wins (default: after the others).
    #[serde(default)]
    #[schema(minimum = 0, maximum = 1_000_000)]
    pub sort_order: Option<i64>,
    /// `false` sets it aside.
    #[serde(default)]
    pub is_active: Option<bool>,
    /// What a case must be.
    #[serde(default)]
    pub conditions: Option<RoutingConditions>,
    /// The queue matching cases go to.
    #[serde(default)]
    #[schema(required = true)]
    pub queue_id: Option<QueueId>,
}

/// A rule that sends incoming cases to a queue.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct RoutingRule {
    /// Its id.
    pub id: RoutingRuleId,
    /// What it is for.
    pub name: String,
    /// Where it comes among the rules (ascending).
    pub sort_order: i64,
    /// Whether it is applied.
    pub is_active: bool,
    /// What a case must be.
    pub conditions: RoutingConditions,
    /// The queue matching cases go to.
    pub queue_id: QueueId,
    /// Who created it.
    pub created_by: Option<UserId>,
    /// Who last changed it.
    pub updated_by: Option<UserId>,
    /// When it was created.
    pub created_at: Timestamp,
    /// When it last changed.
    pub updated_at: Timestamp,
    /// Grows with every change; send it back in `If-Match`.
    pub version: i64,
}

/// A routing rule as stored.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = routing_rules)]
pub struct RoutingRuleRow {
    pub(crate) id: RoutingRuleId,
    pub(crate) name: String,
    pub(crate) sort_order: i64,
    pub(crate) is_active: bool,
    pub(crate) conditions: String,
    pub(crate) queue_id: QueueId,
    pub(crate) created_by: Option<UserId>,
    pub(crate) updated_by: Option<UserId>,
    pub(crate) created_at: Timestamp,
    pub(crate) updated_at: Timestamp,
    pub(crate) version: i64,
}

impl From<RoutingRuleRow> for RoutingRule {
    fn from(row: RoutingRuleRow) -> Self {
        RoutingRule {
            conditions: serde_json::from_str(&row.conditions).unwrap_or_default(),
            id: row.id,
            name: row.name,
            sort_order: row.sort_order,
            is_active: row.is_active,
            queue_id: row.queue_id,
            created_by: row.created_by,
            updated_by: row.updated_by,
            created_at: row.created_at,
            updated_at: row.updated_at,
            version: row.version,
        }
    }
}

/// Validated routing rule fields.
#[derive(Debug, Clone, PartialEq, Insertable, AsChangeset)]
#[diesel(table_name = routing_rules)]
pub struct RoutingRuleValues {
    pub(crate) name: String,
    pub(crate) sort_order: i64,
    pub(crate) is_active: bool,
    pub(crate) conditions: String,
    pub(crate) queue_id: QueueId,
}

/// What routing rule lists accept.
pub const ROUTING_RULE_LIST: ListSpec = ListSpec {
    resource: "routing-rules",
    fields: &[
        FieldSpec::sortable("sort_order", FieldKind::Integer),
        FieldSpec::sortable("created_at", FieldKind::Timestamp),
        FieldSpec::filter("id", FieldKind::Id, false),
        FieldSpec::filter("queue_id", FieldKind::Id, false),
        FieldSpec::filter("is_active", FieldKind::Bool, false),
    ],
    search_fields: &["name"],
    default_sort: Sort {
        field: "sort_order",
        descending: false,
    },
};

// ----- service-level policies -----------------------------------------------------------------

/// The targets of a policy for one priority.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SlaTarget {
    /// The priority the targets are for.
    pub priority: CasePriority,
    /// Minutes from the opening to the first response (1 to a year).
    #[schema(minimum = 1, maximum = 525_600)]
    pub first_response_minutes: i64,
    /// Minutes from the opening to the resolution (1 to a year, not before the first response).
    #[schema(minimum = 1, maximum = 525_600)]
    pub resolution_minutes: i64,
}

/// A new service-level policy, or the whole of a changed one.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SlaPolicyFields {
    /// Its name, unique ("Standard", "Premium").
    #[serde(default)]
    #[schema(required = true, example = "Standard")]
    pub name: Option<String>,
    /// What it promises.
    #[serde(default)]
    pub description: Option<String>,
    /// Whether cases without a contract policy follow it (one policy at most is the default).
    #[serde(default)]
    pub is_default: Option<bool>,
    /// Its targets, one per priority at most (replaces the list); a priority without one has no
    /// deadlines.
    #[serde(default)]
    pub targets: Option<Vec<SlaTarget>>,
}

/// Service-level targets by priority.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct SlaPolicy {
    /// Its id.
    pub id: SlaPolicyId,
    /// Its name.
    pub name: String,
    /// What it promises.
    pub description: Option<String>,
    /// Whether cases without a contract policy follow it.
    pub is_default: bool,
    /// Its targets, by priority.
    pub targets: Vec<SlaTarget>,
    /// Who created it.
    pub created_by: Option<UserId>,
    /// Who last changed it.
    pub updated_by: Option<UserId>,
    /// When it was created.
    pub created_at: Timestamp,
    /// When it last changed.
    pub updated_at: Timestamp,
    /// Grows with every change; send it back in `If-Match`.
    pub version: i64,
}

/// A policy as stored.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = sla_policies)]
pub struct SlaPolicyRow {
    pub(crate) id: SlaPolicyId,
    pub(crate) name: String,
    pub(crate) description: Option<String>,
    pub(crate) is_default: bool,
    pub(crate) created_by: Option<UserId>,
    pub(crate) updated_by: Option<UserId>,
    pub(crate) created_at: Timestamp,
    pub(crate) updated_at: Timestamp,
    pub(crate) version: i64,
}

/// Validated policy fields.
#[derive(Debug, Clone, PartialEq, Insertable, AsChangeset)]
#[diesel(table_name = sla_policies, treat_none_as_null = true, treat_none_as_default_value = false)]
pub struct SlaPolicyValues {
    pub(crate) name: String,
    pub(crate) description: Option<String>,
    pub(crate) is_default: bool,
}

/// What policy lists accept.
pub const SLA_POLICY_LIST: ListSpec = ListSpec {
    resource: "sla-policies",
    fields: &[
        FieldSpec::sortable("name", FieldKind::Text),
        FieldSpec::sortable("created_at", FieldKind::Timestamp),
        FieldSpec::filter("id", FieldKind::Id, false),
        FieldSpec::filter("is_default", FieldKind::Bool, false),
    ],
    search_fields: &["name"],
    default_sort: Sort {
        field: "name",
        descending: false,
    },
};

// ----- contract templates ---------------------------------------------------------------------

/// A new contract template, or the whole of a changed one.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ContractTemplateFields {
    /// Its name, unique ("Gold support").
    #[serde(default)]
    #[schema(required = true, example = "Gold support")]
    pub name: Option<String>,
    /// What the plan gives.
    #[serde(default)]
    pub description: Option<String>,
    /// What the allotment counts: `cases` or `minutes`.
    #[serde(default)]
    #[schema(required = true)]
    pub allotment_type: Option<AllotmentType>,
    /// How many cases or minutes a contract gives (1 to 1,000,000).
    #[serde(default)]
    #[schema(required = true, minimum = 1, maximum = 1_000_000)]
    pub allotment: Option<i64>,
    /// How many days a contract covers (1 to 3,660; default 365).
    #[serde(default)]
    #[schema(minimum = 1, maximum = 3660)]
    pub duration_days: Option<i64>,
    /// The service levels its contracts promise.
    #[serde(default)]
    pub sla_policy_id: Option<SlaPolicyId>,
    /// `false` retires it: no new contracts are made from it.
    #[serde(default)]
    pub is_active: Option<bool>,
}

/// A service plan contracts are made from.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Serialize, ToSchema)]
#[diesel(table_name = contract_templates)]
pub struct ContractTemplate {
    /// Its id.
    pub id: ContractTemplateId,
    /// Its name.
    pub name: String,
    /// What the plan gives.
    pub description: Option<String>,
    /// What the allotment counts.
    #[schema(value_type = AllotmentType)]
    pub allotment_type: String,
    /// How many cases or minutes a contract gives.
    pub allotment: i64,
    /// How many days a contract covers.
    pub duration_days: i64,
    /// The service levels its contracts promise.
    pub sla_policy_id: Option<SlaPolicyId>,
    /// Whether contracts may be made from it.
    pub is_active: bool,
    /// Who created it.
    pub created_by: Option<UserId>,
    /// Who last changed it.
    pub updated_by: Option<UserId>,
    /// When it was created.
    pub created_at: Timestamp,
    /// When it last changed.
    pub updated_at: Timestamp,
    /// Grows with every change; send it back in `If-Match`.
    pub version: i64,
}

/// Validated template fields.
#[derive(Debug, Clone, PartialEq, Insertable, AsChangeset)]
#[diesel(table_name = contract_templates, treat_none_as_null = true, treat_none_as_default_value = false)]
pub struct ContractTemplateValues {
    pub(crate) name: String,
    pub(crate) description: Option<String>,
    pub(crate) allotment_type: String,
    pub(crate) allotment: i64,
    pub(crate) duration_days: i64,
    pub(crate) sla_policy_id: Option<SlaPolicyId>,
    pub(crate) is_active: bool,
}

/// What template lists accept.
pub const CONTRACT_TEMPLATE_LIST: ListSpec = ListSpec {
    resource: "contract-templates",
    fields: &[
        FieldSpec::sortable("name", FieldKind::Text),
        FieldSpec::sortable("created_at", FieldKind::Timestamp),
        FieldSpec::filter("id", FieldKind::Id, false),
        FieldSpec::filter("is_active", FieldKind::Bool, false),
    ],
    search_fields: &["name"],
    default_sort: Sort {
        field: "name",
        descending: false,
    },
};

// ----- contracts ------------------------------------------------------------------------------

record_fields! {
    /// The writable fields of a contract: the body of a creation. `name` and a customer
    /// (`account_id` or `contact_id`) are required; a `template_id` gives the allotment, the
    /// length and the service levels, which the body may override.
    fields ContractFields;
    /// The fields of a contract to change: its terms while it is a draft, its name and
    /// description always.
    patch ContractPatch;
    {
        /// What it is ("Contoso gold support 2027").
        #[schema(example = "Contoso gold support 2027")]
        name: String [required],
        /// Notes.
        description: String,
        /// The plan it is made from.
        template_id: ContractTemplateId,
        /// The customer company.
        account_id: AccountId,
        /// The customer person.
        contact_id: ContactId,
        /// The first day it covers (default: today).
        starts_on: NaiveDate,
        /// The last day it covers (default: from the template's length).
        ends_on: NaiveDate,
        /// What the allotment counts (default: the template's).
        allotment_type: AllotmentType,
        /// How many cases or minutes it gives (default: the template's).
        #[schema(minimum = 1, maximum = 1_000_000)]
        allotment_total: i64,
        /// The service levels it promises (default: the template's).
        sla_policy_id: SlaPolicyId,
    }
}

/// A customer's service contract.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Contract {
    /// Its id.
    pub id: ContractId,
    /// Its human-readable number (`CNT-000045`).
    #[schema(example = "CNT-000045")]
    pub number: String,
    /// What it is.
    pub name: String,
    /// Notes.
    pub description: Option<String>,
    /// The plan it was made from.
    pub template_id: Option<ContractTemplateId>,
    /// The customer company.
    pub account_id: Option<AccountId>,
    /// The customer person.
    pub contact_id: Option<ContactId>,
    /// The first day it covers.
    pub starts_on: NaiveDate,
    /// The last day it covers.
    pub ends_on: NaiveDate,
    /// What the allotment counts.
    pub allotment_type: AllotmentType,
    /// How many cases or minutes it gives.
    pub allotment_total: i64,
    /// How many its resolved cases drew.
    pub allotment_used: i64,
    /// What is left (negative when overdrawn).
    pub allotment_remaining: i64,
    /// The service levels it promises.
    pub sla_policy_id: Option<SlaPolicyId>,
    /// Where it is: an active contract whose last day has passed is `expired`.
    pub status: ContractStatus,
    /// When it was activated.
    pub activated_at: Option<Timestamp>,
    /// When it was cancelled.
    pub cancelled_at: Option<Timestamp>,
    /// Who owns it.
    pub owner_id: OwnerId,
    /// The owner's business unit when it was given to them.
    pub business_unit_id: BusinessUnitId,
    /// Who created it.
    pub created_by: Option<UserId>,
    /// Who last changed it.
    pub updated_by: Option<UserId>,
    /// When it was created.
    pub created_at: Timestamp,
    /// When it last changed.
    pub updated_at: Timestamp,
    /// Grows with every change; send it back in `If-Match`.
    pub version: i64,
}

/// A contract as stored.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = contracts)]
pub struct ContractRow {
    pub(crate) id: ContractId,
    pub(crate) number: String,
    pub(crate) name: String,
    pub(crate) description: Option<String>,
    pub(crate) template_id: Option<ContractTemplateId>,
    pub(crate) account_id: Option<AccountId>,
    pub(crate) contact_id: Option<ContactId>,
    pub(crate) starts_on: NaiveDate,
    pub(crate) ends_on: NaiveDate,
    pub(crate) allotment_type: String,
    pub(crate) allotment_total: i64,
    pub(crate) allotment_used: i64,
    pub(crate) sla_policy_id: Option<SlaPolicyId>,
    pub(crate) status: String,
    pub(crate) activated_at: Option<Timestamp>,
    pub(crate) cancelled_at: Option<Timestamp>,
    pub(crate) owner_id: OwnerId,
    pub(crate) business_unit_id: BusinessUnitId,
    pub(crate) created_by: Option<UserId>,
    pub(crate) updated_by: Option<UserId>,
    pub(crate) created_at: Timestamp,
    pub(crate) updated_at: Timestamp,
    pub(crate) version: i64,
}

impl ContractRow {
    /// The contract as the API shows it on `today`.
    pub fn on(self, today: NaiveDate) -> Contract {
        let stored = ContractStatus::parse(&self.status).unwrap_or(ContractStatus::Draft);
        Contract {
            status: crate::lifecycle::contract_status(stored, self.ends_on, today),
            allotment_remaining: self.allotment_total - self.allotment_used,
            allotment_type: AllotmentType::parse(&self.allotment_type)
                .unwrap_or(AllotmentType::Cases),
            id: self.id,
            number: self.number,
            name: self.name,
            description: self.description,
            template_id: self.template_id,
            account_id: self.account_id,
            contact_id: self.contact_id,
            starts_on: self.starts_on,
            ends_on: self.ends_on,
            allotment_total: self.allotment_total,
            allotment_used: self.allotment_used,
            sla_policy_id: self.sla_policy_id,
            activated_at: self.activated_at,
            cancelled_at: self.cancelled_at,
            owner_id: self.owner_id,
            business_unit_id: self.business_unit_id,
            created_by: self.created_by,
            updated_by: self.updated_by,
            created_at: self.created_at,
            updated_at: self.updated_at,
            version: self.version,
        }
    }
}

impl Contract {
    /// The writable fields as they are now (the base a patch applies to).
    pub fn fields(&self) -> ContractFields {
        ContractFields {
            name: Some(self.name.clone()),
            description: self.description.clone(),
            template_id: self.template_id.clone(),
            account_id: self.account_id.clone(),
            contact_id: self.contact_id.clone(),
            starts_on: Some(self.starts_on),
            ends_on: Some(self.ends_on),
            allotment_type: Some(self.allotment_type),
            allotment_total: Some(self.allotment_total),
            sla_policy_id: self.sla_policy_id.clone(),
        }
    }
}

/// Validated contract fields.
#[derive(Debug, Clone, PartialEq, Insertable, AsChangeset)]
#[diesel(table_name = contracts, treat_none_as_null = true, treat_none_as_default_value = false)]
pub struct ContractValues {
    pub(crate) name: String,
    pub(crate) description: Option<String>,
    pub(crate) template_id: Option<ContractTemplateId>,
    pub(crate) account_id: Option<AccountId>,
    pub(crate) contact_id: Option<ContactId>,
    pub(crate) starts_on: NaiveDate,
    pub(crate) ends_on: NaiveDate,
    pub(crate) allotment_type: String,
    pub(crate) allotment_total: i64,
    pub(crate) sla_policy_id: Option<SlaPolicyId>,
}

/// What contract lists accept. `status=active` finds contracts in force today and
/// `status=expired` those whose coverage has ended.
pub const CONTRACT_LIST: ListSpec = ListSpec {
    resource: "contracts",
    fields: &[
        FieldSpec::sortable("created_at", FieldKind::Timestamp),
        FieldSpec::sortable("updated_at", FieldKind::Timestamp),
        FieldSpec::sortable("number", FieldKind::Text),
        FieldSpec::sortable("name", FieldKind::Text),
        FieldSpec::sortable("ends_on", FieldKind::Date),
        FieldSpec::filter("id", FieldKind::Id, false),
        FieldSpec::filter("status", FieldKind::Text, false),
        FieldSpec::filter("account_id", FieldKind::Id, true),
        FieldSpec::filter("contact_id", FieldKind::Id, true),
        FieldSpec::filter("template_id", FieldKind::Id, true),
        FieldSpec::filter("starts_on", FieldKind::Date, false),
        FieldSpec::filter("owner_id", FieldKind::Id, false),
        FieldSpec::filter("business_unit_id", FieldKind::Id, false),
    ],
    search_fields: &["number", "name"],
    default_sort: Sort {
        field: "created_at",
        descending: true,
    },
};
