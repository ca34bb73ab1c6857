//! What opportunities, sales stages and competitors are, what is written to create or change
//! them, and what their lists accept.

use chrono::NaiveDate;
use crm_core::Timestamp;
use crm_core::id::{
    AccountId, BusinessUnitId, CompetitorId, ContactId, LeadId, OpportunityId, OwnerId,
    SalesStageId, UserId,
};
use crm_core::list::{FieldKind, FieldSpec, ListSpec, Sort};
use crm_core::record_fields;
use crm_db::schema::{competitors, opportunities, sales_stages};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::lifecycle::OpportunityStatus;

// ----- sales stages ---------------------------------------------------------------------------

/// A stage of the sales process, with the probability an opportunity gets on entering it.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Serialize, ToSchema)]
#[diesel(table_name = sales_stages)]
pub struct SalesStage {
    /// Its id.
    pub id: SalesStageId,
    /// What opportunities store in `stage` (`proposal`); never changes.
    pub value: String,
    /// What people see (`Proposal`).
    pub label: String,
    /// Where it comes in the process (ascending).
    pub sort_order: i64,
    /// The probability (0 to 100) an opportunity gets when it enters the stage.
    pub default_probability: i64,
    /// Whether opportunities may enter it; a retired stage stays on those that hold it.
    pub is_active: bool,
    /// When it was created.
    pub created_at: Timestamp,
    /// When it last changed.
    pub updated_at: Timestamp,
    /// Grows with every change.
    pub version: i64,
}

/// A new stage.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewSalesStage {
    /// Lower-case letters, digits and `_` (`demo`).
    #[serde(default)]
    #[schema(required = true, example = "demo", pattern = "^[a-z0-9_]{1,50}$")]
    pub value: Option<String>,
    /// What people see (`Demo`).
    #[serde(default)]
    #[schema(required = true, example = "Demo")]
    pub label: Option<String>,
    /// Where it comes (default: after the others).
    #[serde(default)]
    #[schema(minimum = 0, maximum = 1_000_000)]
    pub sort_order: Option<i64>,
    /// 0 to 100.
    #[serde(default)]
    #[schema(required = true, minimum = 0, maximum = 100)]
    pub default_probability: Option<i64>,
}

/// A change to a stage (its `value` never changes: opportunities hold it).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SalesStagePatch {
    /// What people see. It cannot be cleared: `null` is refused like a blank label.
    #[serde(default, deserialize_with = "crm_core::patch::present")]
    #[schema(value_type = Option<String>)]
    pub label: Option<Option<String>>,
    /// Where it comes.
    #[serde(default)]
    #[schema(minimum = 0, maximum = 1_000_000)]
    pub sort_order: Option<i64>,
    /// 0 to 100. It cannot be cleared: `null` is refused.
    #[serde(default, deserialize_with = "crm_core::patch::present")]
    #[schema(value_type = Option<i64>, minimum = 0, maximum = 100)]
    pub default_probability: Option<Option<i64>>,
    /// `false` retires the stage.
    #[serde(default)]
    pub is_active: Option<bool>,
}

/// What stage lists accept.
pub const SALES_STAGE_LIST: ListSpec = ListSpec {
    resource: "sales-stages",
    fields: &[
        FieldSpec::sortable("sort_order", FieldKind::Integer),
        FieldSpec::filter("value", FieldKind::Text, false),
        FieldSpec::filter("is_active", FieldKind::Bool, false),
        FieldSpec::filter("id", FieldKind::Id, false),
    ],
    search_fields: &["value", "label"],
    default_sort: Sort {
        field: "sort_order",
        descending: false,
    },
};

// ----- competitors ----------------------------------------------------------------------------

record_fields! {
    /// The writable fields of a competitor (`name` is required).
    fields CompetitorFields;
    /// The fields of a competitor to change.
    patch CompetitorPatch;
    {
        /// The company's name, unique.
        #[schema(example = "Adventure Works")]
        name: String [required],
        /// Its website.
        website: String,
        /// Where it beats us.
        strengths: String,
        /// Where we beat it.
        weaknesses: String,
    }
}

/// A company met as a rival in deals.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Serialize, ToSchema)]
#[diesel(table_name = competitors)]
pub struct Competitor {
    /// Its id.
    pub id: CompetitorId,
    /// The company's name.
    pub name: String,
    /// Its website.
    pub website: Option<String>,
    /// Where it beats us.
    pub strengths: Option<String>,
    /// Where we beat it.
    pub weaknesses: Option<String>,
    /// Who created it.
    pub created_by: Option<UserId>,
    /// Who last changed it.
    pub updated_by: Option<UserId>,
    /// When it was created.
    pub created_at: Timestamp,
    /// When it last changed.
    pub updated_at: Timestamp,
    /// Grows with every change.
    pub version: i64,
}

impl Competitor {
    /// The writable fields as they are now.
    pub fn fields(&self) -> CompetitorFields {
        CompetitorFields {
            name: Some(self.name.clone()),
            website: self.website.clone(),
            strengths: self.strengths.clone(),
            weaknesses: self.weaknesses.clone(),
        }
    }
}

/// What competitor lists accept.
pub const COMPETITOR_LIST: ListSpec = ListSpec {
    resource: "competitors",
    fields: &[
        FieldSpec::sortable("name", FieldKind::Text),
        FieldSpec::sortable("created_at", FieldKind::Timestamp),
        FieldSpec::filter("id", FieldKind::Id, false),
    ],
    search_fields: &["name"],
    default_sort: Sort {
        field: "name",
        descending: false,
    },
};

// ----- opportunities --------------------------------------------------------------------------

/// A person who matters in a deal, and their part in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct KeyPerson {
    /// The contact.
    pub contact_id: ContactId,
    /// Their part: decision maker, influencer, technical buyer, ...
    #[serde(default)]
    pub role: Option<String>,
}

/// A sales person's share of the revenue credit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RevenueShare {
    /// The sales person.
    pub user_id: UserId,
    /// Their share, in whole percent; the shares of an opportunity add up to 100.
    #[schema(minimum = 1, maximum = 100)]
    pub share_percent: i64,
}

record_fields! {
    /// The writable fields of an opportunity (`name` is required; `stage` defaults to the first
    /// stage of the process and `probability` to the stage's).
    fields OpportunityFields;
    /// The fields of an opportunity to change: absent fields stay as they are, `null` clears.
    /// A stage change without `probability` takes the new stage's default probability.
    patch OpportunityPatch;
    {
        /// What the deal is.
        #[schema(example = "500 licenses for Contoso")]
        name: String [required],
        /// The customer company.
        account_id: AccountId,
        /// The customer person.
        contact_id: ContactId,
        /// Free notes.
        description: String,
        /// The revenue expected, as a decimal string in `currency`.
        #[schema(example = "125000.00")]
        estimated_revenue: String,
        /// ISO 4217 code of the money fields; required with an amount.
        #[schema(example = "EUR")]
        currency: String,
        /// When it is expected to close (`YYYY-MM-DD`).
        estimated_close_date: NaiveDate,
        /// The stage of the sales process: a `value` of `GET /api/v1/sales-stages`.
        #[schema(example = "proposal")]
        stage: String,
        /// The chance of winning, 0 to 100.
        #[schema(minimum = 0, maximum = 100)]
        probability: i64,
        /// The people who matter in the deal (replaces the list).
        key_people: Vec<KeyPerson>,
        /// The competitors met in the deal (replaces the list).
        competitor_ids: Vec<CompetitorId>,
        /// How the revenue credit is split among sales people (replaces the split; the shares
        /// add up to 100; empty: all to the owner).
        revenue_split: Vec<RevenueShare>,
    }
}

/// A potential sale.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Opportunity {
    /// Its id.
    pub id: OpportunityId,
    /// What the deal is.
    pub name: String,
    /// The customer company.
    pub account_id: Option<AccountId>,
    /// The customer person.
    pub contact_id: Option<ContactId>,
    /// Free notes.
    pub description: Option<String>,
    /// The revenue expected, as a decimal string in `currency`.
    pub estimated_revenue: Option<String>,
    /// ISO 4217 code of the money fields.
    pub currency: Option<String>,
    /// When it is expected to close.
    pub estimated_close_date: Option<NaiveDate>,
    /// The stage of the sales process.
    pub stage: String,
    /// The chance of winning, 0 to 100.
    pub probability: i64,
    /// `open`, `won` or `lost`.
    pub status: OpportunityStatus,
    /// The revenue won, as a decimal string in `currency`.
    pub actual_revenue: Option<String>,
    /// When it was won or lost.
    pub actual_close_date: Option<NaiveDate>,
    /// Why it was lost: the lesson learned.
    pub loss_reason: Option<String>,
    /// The competitor who won it.
    pub winning_competitor_id: Option<CompetitorId>,
    /// When the stage last changed.
    pub stage_changed_at: Timestamp,
    /// When it was closed.
    pub closed_at: Option<Timestamp>,
    /// The lead it was qualified from.
    pub originating_lead_id: Option<LeadId>,
    /// The people who matter in the deal.
    pub key_people: Vec<KeyPerson>,
    /// The competitors met in the deal.
    pub competitor_ids: Vec<CompetitorId>,
    /// How the revenue credit is split (empty: all to the owner).
    pub revenue_split: Vec<RevenueShare>,
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

impl Opportunity {
    /// The writable fields as they are now.
    pub fn fields(&self) -> OpportunityFields {
        OpportunityFields {
            name: Some(self.name.clone()),
            account_id: self.account_id.clone(),
            contact_id: self.contact_id.clone(),
            description: self.description.clone(),
            estimated_revenue: self.estimated_revenue.clone(),
            currency: self.currency.clone(),
            estimated_close_date: self.estimated_close_date,
            stage: Some(self.stage.clone()),
            probability: Some(self.probability),
            key_people: Some(self.key_people.clone()),
            competitor_ids: Some(self.competitor_ids.clone()),
            revenue_split: Some(self.revenue_split.clone()),
        }
    }
}

/// An opportunity as stored (money in minor units).
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = opportunities)]
pub struct OpportunityRow {
    pub(crate) id: OpportunityId,
    pub(crate) name: String,
    pub(crate) account_id: Option<AccountId>,
    pub(crate) contact_id: Option<ContactId>,
    pub(crate) description: Option<String>,
    pub(crate) estimated_revenue: Option<i64>,
    pub(crate) currency: Option<String>,
    pub(crate) estimated_close_date: Option<NaiveDate>,
    pub(crate) stage: String,
    pub(crate) probability: i64,
    pub(crate) status: String,
    pub(crate) actual_revenue: Option<i64>,
    pub(crate) actual_close_date: Option<NaiveDate>,
    pub(crate) loss_reason: Option<String>,
    pub(crate) winning_competitor_id: Option<CompetitorId>,
    pub(crate) stage_changed_at: Timestamp,
    pub(crate) closed_at: Option<Timestamp>,
    pub(crate) originating_lead_id: Option<LeadId>,
    pub(crate) owner_id: OwnerId,
    pub(crate) business_unit_id: BusinessUnitId,
    pub(crate) created_by: Option<UserId>,
    pub(crate) updated_by: Option<UserId>,
    pub(crate) created_at: Timestamp,
    pub(crate) updated_at: Timestamp,
    pub(crate) version: i64,
}

/// Validated opportunity fields, ready to store.
#[derive(Debug, Clone, Insertable, AsChangeset)]
#[diesel(table_name = opportunities, treat_none_as_null = true, treat_none_as_default_value = false)]
pub struct OpportunityValues {
    pub(crate) name: String,
    pub(crate) account_id: Option<AccountId>,
    pub(crate) contact_id: Option<ContactId>,
    pub(crate) description: Option<String>,
    pub(crate) estimated_revenue: Option<i64>,
    pub(crate) currency: Option<String>,
    pub(crate) estimated_close_date: Option<NaiveDate>,
    pub(crate) stage: String,
    pub(crate) probability: i64,
}

/// Closing as a sale (`POST /opportunities/{id}/win`).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Win {
    /// The revenue won, as a decimal string in the opportunity's currency (default: the
    /// estimated revenue).
    #[serde(default)]
    #[schema(example = "118000.00")]
    pub actual_revenue: Option<String>,
    /// When it was won (default: today).
    #[serde(default)]
    pub actual_close_date: Option<NaiveDate>,
    /// ISO 4217 code of `actual_revenue`, when the opportunity has no currency yet (it then
    /// takes this one).
    #[serde(default)]
    #[schema(example = "EUR")]
    pub currency: Option<String>,
}

/// Closing without a sale (`POST /opportunities/{id}/lose`).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Loss {
    /// Why it was lost: the lesson learned.
    #[serde(default)]
    #[schema(required = true, example = "Their price was 20% lower")]
    pub reason: Option<String>,
    /// The competitor who won it.
    #[serde(default)]
    pub competitor_id: Option<CompetitorId>,
    /// When it was lost (default: today).
    #[serde(default)]
    pub actual_close_date: Option<NaiveDate>,
}

/// What opportunity lists accept.
pub const OPPORTUNITY_LIST: ListSpec = ListSpec {
    resource: "opportunities",
    fields: &[
        FieldSpec::sortable("name", FieldKind::Text),
        FieldSpec::sortable("created_at", FieldKind::Timestamp),
        FieldSpec::sortable("updated_at", FieldKind::Timestamp),
        FieldSpec::sortable("stage_changed_at", FieldKind::Timestamp),
        FieldSpec::sortable("probability", FieldKind::Integer),
        FieldSpec::filter("id", FieldKind::Id, false),
        FieldSpec::filter("status", FieldKind::Choice(OpportunityStatus::WORDS), false),
        FieldSpec::filter("stage", FieldKind::Text, false),
        FieldSpec::filter("account_id", FieldKind::Id, true),
        FieldSpec::filter("contact_id", FieldKind::Id, true),
        FieldSpec::filter("estimated_close_date", FieldKind::Date, true),
        FieldSpec::filter("currency", FieldKind::Text, true),
        FieldSpec::filter("winning_competitor_id", FieldKind::Id, true),
        FieldSpec::filter("originating_lead_id", FieldKind::Id, true),
        FieldSpec::filter("owner_id", FieldKind::Id, false),
        FieldSpec::filter("business_unit_id", FieldKind::Id, false),
    ],
    search_fields: &["name"],
    default_sort: Sort::NEWEST_FIRST,
};
