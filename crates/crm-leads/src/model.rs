//! What a lead is, what is written to create or change one, and what lead lists accept.

use crm_core::Timestamp;
use crm_core::id::{
    AccountId, BusinessUnitId, ContactId, ImportBatchId, LeadId, OpportunityId, OwnerId, UserId,
};
use crm_core::list::{FieldKind, FieldSpec, ListSpec, Sort};
use crm_core::money::format_amount;
use crm_core::record_fields;
use crm_db::schema::leads;
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Where a lead is in its life cycle: `new -> contacted -> qualified | disqualified`; a qualified
/// or disqualified lead can be reopened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum LeadStatus {
    /// Not worked yet.
    New,
    /// Someone has been in touch.
    Contacted,
    /// Converted into an account, a contact and/or an opportunity.
    Qualified,
    /// Not pursued, with a reason; kept for reporting.
    Disqualified,
}

impl LeadStatus {
    /// The API words.
    pub const WORDS: &'static [&'static str] = &["new", "contacted", "qualified", "disqualified"];

    /// The API word.
    pub fn as_str(self) -> &'static str {
        match self {
            LeadStatus::New => "new",
            LeadStatus::Contacted => "contacted",
            LeadStatus::Qualified => "qualified",
            LeadStatus::Disqualified => "disqualified",
        }
    }

    /// Parses the API word.
    pub fn parse(text: &str) -> Option<Self> {
        use LeadStatus::*;
        [New, Contacted, Qualified, Disqualified]
            .into_iter()
            .find(|s| s.as_str() == text)
    }

    /// Whether the lead is still being worked (new or contacted).
    pub fn is_open(self) -> bool {
        matches!(self, LeadStatus::New | LeadStatus::Contacted)
    }
}

record_fields! {
    /// The writable fields of a lead: the body of a creation. A lead needs a name or a company:
    /// `last_name` or `company_name`.
    fields LeadFields;
    /// The fields of a lead to change: absent fields stay as they are, `null` clears. `status`
    /// moves only between `new` and `contacted` here; qualifying, disqualifying and reopening
    /// are actions.
    patch LeadPatch;
    {
        /// What the lead is about ("Interested in 500 licenses").
        #[schema(example = "500 licenses for the sales team")]
        subject: String,
        /// Mr., Ms., Dr., ...
        salutation: String,
        /// Given name.
        #[schema(example = "Ada")]
        first_name: String,
        /// Family name.
        #[schema(example = "Lovelace")]
        last_name: String,
        /// The company the person works for, or the company that is the lead.
        #[schema(example = "Contoso Ltd")]
        company_name: String,
        /// Job title.
        job_title: String,
        /// Email address.
        #[schema(example = "ada@contoso.example")]
        email: String,
        /// Business phone.
        phone: String,
        /// Mobile phone.
        mobile_phone: String,
        /// The company's website (http or https).
        website: String,
        /// Street address, first line.
        address_line1: String,
        /// Street address, second line.
        address_line2: String,
        /// City.
        city: String,
        /// State, province or region.
        region: String,
        /// Postal code.
        postal_code: String,
        /// Country.
        country: String,
        /// The industry the company works in.
        industry: String,
        /// Number of employees of the company.
        employees: i64,
        /// Where the lead came from: a value of the `leads.source` picklist (`web`, `trade_show`, `purchased_list`, ...).
        source: String,
        /// How promising the lead is: a value of the `leads.rating` picklist (`hot`, `warm`, `cold`).
        rating: String,
        /// How much they need it: a value of the `leads.need` picklist (`must_have`, ...).
        need: String,
        /// When they will decide: a value of the `leads.decision_timeline` picklist (`30_days`, `90_days`, `6_months`, `12_months`).
        decision_timeline: String,
        /// The budget they have, as a decimal string in `currency`.
        #[schema(example = "25000.00")]
        budget_amount: String,
        /// ISO 4217 code of `budget_amount`; required with it.
        #[schema(example = "EUR")]
        currency: String,
        /// Whether the person decides the purchase (the "authority" of the qualification).
        is_decision_maker: bool,
        /// Free notes.
        description: String,
        /// `new` or `contacted` (qualifying and disqualifying are actions).
        status: LeadStatus,
    }
}

/// A person or company who showed interest, not yet qualified.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Lead {
    /// The lead's id.
    pub id: LeadId,
    /// What the lead is about ("Interested in 500 licenses").
    pub subject: Option<String>,
    /// Mr., Ms., Dr., ...
    pub salutation: Option<String>,
    /// Given name.
    pub first_name: Option<String>,
    /// Family name.
    pub last_name: Option<String>,
    /// The name shown in lists: first and last name, or the company when there is no name.
    pub full_name: String,
    /// The company the person works for, or the company that is the lead.
    pub company_name: Option<String>,
    /// Job title.
    pub job_title: Option<String>,
    /// Email address.
    pub email: Option<String>,
    /// Business phone.
    pub phone: Option<String>,
    /// Mobile phone.
    pub mobile_phone: Option<String>,
    /// The company's website (http or https).
    pub website: Option<String>,
    /// Street address, first line.
    pub address_line1: Option<String>,
    /// Street address, second line.
    pub address_line2: Option<String>,
    /// City.
    pub city: Option<String>,
    /// State, province or region.
    pub region: Option<String>,
    /// Postal code.
    pub postal_code: Option<String>,
    /// Country.
    pub country: Option<String>,
    /// The industry the company works in.
    pub industry: Option<String>,
    /// Number of employees of the company.
    pub employees: Option<i64>,
    /// Where the lead came from: a value of the `leads.source` picklist (`web`, `trade_show`, `purchased_list`, ...).
    pub source: Option<String>,
    /// How promising the lead is: a value of the `leads.rating` picklist (`hot`, `warm`, `cold`).
    pub rating: Option<String>,
    /// How much they need it: a value of the `leads.need` picklist (`must_have`, ...).
    pub need: Option<String>,
    /// When they will decide: a value of the `leads.decision_timeline` picklist (`30_days`, `90_days`, `6_months`, `12_months`).
    pub decision_timeline: Option<String>,
    /// The budget they have, as a decimal string in `currency`.
    pub budget_amount: Option<String>,
    /// ISO 4217 code of `budget_amount`.
    pub currency: Option<String>,
    /// Whether the person decides the purchase.
    pub is_decision_maker: Option<bool>,
    /// Free notes.
    pub description: Option<String>,
    /// Where the lead is in its life cycle.
    pub status: LeadStatus,
    /// Why it was disqualified: a value of the `leads.disqualification_reason` picklist.
    pub disqualification_reason: Option<String>,
    /// What the person who disqualified it wrote.
    pub disqualification_note: Option<String>,
    /// When `status` last changed.
    pub status_changed_at: Timestamp,
    /// When someone last worked on it (a status change; activities will move it too). `null`:
    /// untouched since it was created.
    pub last_touched_at: Option<Timestamp>,
    /// The import the lead came in with (`POST /leads/import`), whose `source` names the list.
    pub import_batch_id: Option<ImportBatchId>,
    /// The account qualifying it created or linked.
    pub qualified_account_id: Option<AccountId>,
    /// The contact qualifying it created or linked.
    pub qualified_contact_id: Option<ContactId>,
    /// The opportunity qualifying it created.
    pub qualified_opportunity_id: Option<OpportunityId>,
    /// Who owns the lead.
    pub owner_id: OwnerId,
    /// The owner's business unit when the lead was given to them.
    pub business_unit_id: BusinessUnitId,
    /// Who created the lead.
    pub created_by: Option<UserId>,
    /// Who last changed the lead.
    pub updated_by: Option<UserId>,
    /// When the lead was created.
    pub created_at: Timestamp,
    /// When the lead last changed.
    pub updated_at: Timestamp,
    /// Grows with every change; send it back in `If-Match`.
    pub version: i64,
}

/// A lead as stored (money in minor units).
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = leads)]
pub struct LeadRow {
    pub(crate) id: LeadId,
    pub(crate) subject: Option<String>,
    pub(crate) salutation: Option<String>,
    pub(crate) first_name: Option<String>,
    pub(crate) last_name: Option<String>,
    pub(crate) full_name: String,
    pub(crate) company_name: Option<String>,
    pub(crate) job_title: Option<String>,
    pub(crate) email: Option<String>,
    pub(crate) phone: Option<String>,
    pub(crate) mobile_phone: Option<String>,
    pub(crate) website: Option<String>,
    pub(crate) address_line1: Option<String>,
    pub(crate) address_line2: Option<String>,
    pub(crate) city: Option<String>,
    pub(crate) region: Option<String>,
    pub(crate) postal_code: Option<String>,
    pub(crate) country: Option<String>,
    pub(crate) industry: Option<String>,
    pub(crate) employees: Option<i64>,
    pub(crate) source: Option<String>,
    pub(crate) rating: Option<String>,
    pub(crate) budget_amount: Option<i64>,
    pub(crate) currency: Option<String>,
    pub(crate) is_decision_maker: Option<bool>,
    pub(crate) need: Option<String>,
    pub(crate) decision_timeline: Option<String>,
    pub(crate) description: Option<String>,
    pub(crate) status: String,
    pub(crate) disqualification_reason: Option<String>,
    pub(crate) disqualification_note: Option<String>,
    pub(crate) status_changed_at: Timestamp,
    pub(crate) last_touched_at: Option<Timestamp>,
    pub(crate) import_batch_id: Option<ImportBatchId>,
    pub(crate) qualified_account_id: Option<AccountId>,
    pub(crate) qualified_contact_id: Option<ContactId>,
    pub(crate) qualified_opportunity_id: Option<OpportunityId>,
    pub(crate) owner_id: OwnerId,
    pub(crate) business_unit_id: BusinessUnitId,
    pub(crate) created_by: Option<UserId>,
    pub(crate) updated_by: Option<UserId>,
    pub(crate) created_at: Timestamp,
    pub(crate) updated_at: Timestamp,
    pub(crate) version: i64,
}

impl From<LeadRow> for Lead {
    fn from(row: LeadRow) -> Self {
        let budget_amount = match (row.budget_amount, row.currency.as_deref()) {
            (Some(minor), Some(currency)) => Some(format_amount(minor, currency)),
            _ => None,
        };
        Lead {
            id: row.id,
            subject: row.subject,
            salutation: row.salutation,
            first_name: row.first_name,
            last_name: row.last_name,
            full_name: row.full_name,
            company_name: row.company_name,
            job_title: row.job_title,
            email: row.email,
            phone: row.phone,
            mobile_phone: row.mobile_phone,
            website: row.website,
            address_line1: row.address_line1,
            address_line2: row.address_line2,
            city: row.city,
            region: row.region,
            postal_code: row.postal_code,
            country: row.country,
            industry: row.industry,
            employees: row.employees,
            source: row.source,
            rating: row.rating,
            budget_amount,
            currency: row.currency,
            is_decision_maker: row.is_decision_maker,
            need: row.need,
            decision_timeline: row.decision_timeline,
            description: row.description,
            status: LeadStatus::parse(&row.status).unwrap_or(LeadStatus::New),
            disqualification_reason: row.disqualification_reason,
            disqualification_note: row.disqualification_note,
            status_changed_at: row.status_changed_at,
            last_touched_at: row.last_touched_at,
            import_batch_id: row.import_batch_id,
            qualified_account_id: row.qualified_account_id,
            qualified_contact_id: row.qualified_contact_id,
            qualified_opportunity_id: row.qualified_opportunity_id,
            owner_id: row.owner_id,
            business_unit_id: row.business_unit_id,
            created_by: row.created_by,
            updated_by: row.updated_by,
            created_at: row.created_at,
            updated_at: row.updated_at,
            version: row.version,
        }
    }
}

impl Lead {
    /// The writable fields as they are now (the base a patch applies to).
    pub fn fields(&self) -> LeadFields {
        LeadFields {
            subject: self.subject.clone(),
            salutation: self.salutation.clone(),
            first_name: self.first_name.clone(),
            last_name: self.last_name.clone(),
            company_name: self.company_name.clone(),
            job_title: self.job_title.clone(),
            email: self.email.clone(),
            phone: self.phone.clone(),
            mobile_phone: self.mobile_phone.clone(),
            website: self.website.clone(),
            address_line1: self.address_line1.clone(),
            address_line2: self.address_line2.clone(),
            city: self.city.clone(),
            region: self.region.clone(),
            postal_code: self.postal_code.clone(),
            country: self.country.clone(),
            industry: self.industry.clone(),
            employees: self.employees,
            source: self.source.clone(),
            rating: self.rating.clone(),
            need: self.need.clone(),
            decision_timeline: self.decision_timeline.clone(),
            budget_amount: self.budget_amount.clone(),
            currency: self.currency.clone(),
            is_decision_maker: self.is_decision_maker,
            description: self.description.clone(),
            status: Some(self.status),
        }
    }
}

/// Validated lead fields, ready to store.
#[derive(Debug, Clone, Insertable, AsChangeset)]
#[diesel(table_name = leads, treat_none_as_null = true, treat_none_as_default_value = false)]
pub struct LeadValues {
    pub(crate) subject: Option<String>,
    pub(crate) salutation: Option<String>,
    pub(crate) first_name: Option<String>,
    pub(crate) last_name: Option<String>,
    pub(crate) full_name: String,
    pub(crate) company_name: Option<String>,
    pub(crate) job_title: Option<String>,
    pub(crate) email: Option<String>,
    pub(crate) phone: Option<String>,
    pub(crate) mobile_phone: Option<String>,
    pub(crate) website: Option<String>,
    pub(crate) address_line1: Option<String>,
    pub(crate) address_line2: Option<String>,
    pub(crate) city: Option<String>,
    pub(crate) region: Option<String>,
    pub(crate) postal_code: Option<String>,
    pub(crate) country: Option<String>,
    pub(crate) industry: Option<String>,
    pub(crate) employees: Option<i64>,
    pub(crate) source: Option<String>,
    pub(crate) rating: Option<String>,
    pub(crate) need: Option<String>,
    pub(crate) decision_timeline: Option<String>,
    pub(crate) budget_amount: Option<i64>,
    pub(crate) currency: Option<String>,
    pub(crate) is_decision_maker: Option<bool>,
    pub(crate) description: Option<String>,
}

/// What a lead becomes (`POST /leads/{id}/qualify`): any of a new account (from its company), a
/// new contact (from its person), a new opportunity; or it links an existing account or contact.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Qualification {
    /// Make an account of the lead's company.
    #[serde(default)]
    pub create_account: bool,
    /// Make a contact of the lead's person (at the account made or linked).
    #[serde(default)]
    pub create_contact: bool,
    /// Make an opportunity (for the account and contact made or linked).
    #[serde(default)]
    pub create_opportunity: bool,
    /// Link this existing account instead of making one.
    #[serde(default)]
    pub account_id: Option<AccountId>,
    /// Link this existing contact instead of making one.
    #[serde(default)]
    pub contact_id: Option<ContactId>,
    /// The new opportunity's name (default: the lead's subject, else its company or name).
    #[serde(default)]
    pub opportunity_name: Option<String>,
    /// When the new opportunity is expected to close.
    #[serde(default)]
    pub estimated_close_date: Option<chrono::NaiveDate>,
}

/// What qualifying made of the lead.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct QualificationResult {
    /// The qualified lead.
    pub lead: Lead,
    /// The account made or linked.
    pub account_id: Option<AccountId>,
    /// The contact made or linked.
    pub contact_id: Option<ContactId>,
    /// The opportunity made.
    pub opportunity_id: Option<OpportunityId>,
}

/// Why a lead is not pursued (`POST /leads/{id}/disqualify`).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Disqualification {
    /// A value of the `leads.disqualification_reason` picklist (`no_budget`, `no_need`, ...).
    #[serde(default)]
    #[schema(required = true, example = "no_budget")]
    pub reason: Option<String>,
    /// What else to remember about it.
    #[serde(default)]
    pub note: Option<String>,
}

/// What lead lists accept.
pub const LEAD_LIST: ListSpec = ListSpec {
    resource: "leads",
    fields: &[
        FieldSpec::sortable("full_name", FieldKind::Text),
        FieldSpec::sortable("created_at", FieldKind::Timestamp),
        FieldSpec::sortable("updated_at", FieldKind::Timestamp),
        FieldSpec::sortable("status_changed_at", FieldKind::Timestamp),
        FieldSpec::filter("id", FieldKind::Id, false),
        FieldSpec::filter("status", FieldKind::Choice(LeadStatus::WORDS), false),
        FieldSpec::filter("rating", FieldKind::Text, true),
        FieldSpec::filter("source", FieldKind::Text, true),
        FieldSpec::filter("need", FieldKind::Text, true),
        FieldSpec::filter("decision_timeline", FieldKind::Text, true),
        FieldSpec::filter("disqualification_reason", FieldKind::Text, true),
        FieldSpec::filter("company_name", FieldKind::Text, true),
        FieldSpec::filter("email", FieldKind::Text, true),
        FieldSpec::filter("industry", FieldKind::Text, true),
        FieldSpec::filter("city", FieldKind::Text, true),
        FieldSpec::filter("country", FieldKind::Text, true),
        FieldSpec::filter("last_touched_at", FieldKind::Timestamp, true),
        FieldSpec::filter("import_batch_id", FieldKind::Id, true),
        FieldSpec::filter("owner_id", FieldKind::Id, false),
        FieldSpec::filter("business_unit_id", FieldKind::Id, false),
    ],
    search_fields: &["full_name", "company_name", "email", "phone"],
    default_sort: Sort::NEWEST_FIRST,
};
