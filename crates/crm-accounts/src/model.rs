//! Accounts and contacts as the API reads and writes them.

use chrono::NaiveDate;
use crm_core::Timestamp;
use crm_core::id::{AccountId, BusinessUnitId, ContactId, OwnerId, UserId};
use crm_core::list::{FieldKind, FieldSpec, ListSpec, Sort};
use crm_core::money::format_amount;
use crm_core::record_fields;
use crm_db::schema::{accounts, contacts};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// What the organization is to this company.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RelationshipType {
    /// Buys from us.
    Customer,
    /// May buy from us.
    Prospect,
    /// Works with us.
    Partner,
    /// Resells our products.
    Reseller,
    /// Sells to us.
    Vendor,
    /// Competes with us.
    Competitor,
    /// Anything else.
    Other,
}

impl RelationshipType {
    /// Every value, as stored.
    pub const WORDS: &'static [&'static str] = &[
        "customer",
        "prospect",
        "partner",
        "reseller",
        "vendor",
        "competitor",
        "other",
    ];

    /// The stored word.
    pub fn as_str(self) -> &'static str {
        match self {
            RelationshipType::Customer => "customer",
            RelationshipType::Prospect => "prospect",
            RelationshipType::Partner => "partner",
            RelationshipType::Reseller => "reseller",
            RelationshipType::Vendor => "vendor",
            RelationshipType::Competitor => "competitor",
            RelationshipType::Other => "other",
        }
    }

    /// Parses the stored word.
    pub fn parse(text: &str) -> Option<Self> {
        use RelationshipType::*;
        [
            Customer, Prospect, Partner, Reseller, Vendor, Competitor, Other,
        ]
        .into_iter()
        .find(|r| r.as_str() == text)
    }
}

/// How a contact prefers to be reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ContactMethod {
    /// No preference.
    Any,
    /// By email.
    Email,
    /// By phone.
    Phone,
    /// By post.
    Mail,
}

impl ContactMethod {
    /// Every value, as stored.
    pub const WORDS: &'static [&'static str] = &["any", "email", "phone", "mail"];

    /// The stored word.
    pub fn as_str(self) -> &'static str {
        match self {
            ContactMethod::Any => "any",
            ContactMethod::Email => "email",
            ContactMethod::Phone => "phone",
            ContactMethod::Mail => "mail",
        }
    }

    /// Parses the stored word.
    pub fn parse(text: &str) -> Option<Self> {
        use ContactMethod::*;
        [Any, Email, Phone, Mail]
            .into_iter()
            .find(|m| m.as_str() == text)
    }
}

record_fields! {
    /// The writable fields of an account: the body of a creation (`name` is required) and of a
    /// by-external-id `PUT` (which replaces them all).
    fields AccountFields;
    /// The fields of an account to change: absent fields stay as they are, `null` clears.
    patch AccountPatch;
    {
        /// The company's name.
        #[schema(example = "Contoso Ltd")]
        name: String [required],
        /// The organization's own number for the account.
        account_number: String,
        /// What the organization is to this company.
        relationship_type: RelationshipType,
        /// The industry the company works in.
        industry: String,
        /// Number of employees.
        employees: i64,
        /// Yearly revenue as a decimal string, in `currency`.
        #[schema(example = "12500000.00")]
        annual_revenue: String,
        /// ISO 4217 code of the account's money fields; required with `annual_revenue`.
        #[schema(example = "USD")]
        currency: String,
        /// The company's website (http or https).
        website: String,
        /// The company's main email address.
        email: String,
        /// The main phone number.
        phone: String,
        /// The fax number.
        fax: String,
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
        /// Free notes.
        description: String,
        /// The parent account (this account is one of its child accounts).
        parent_account_id: AccountId,
        /// The main person to talk to.
        primary_contact_id: ContactId,
        /// The id of this account in an external system (ERP, accounting); unique.
        external_id: String,
    }
}

/// A company the organization does business with.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Account {
    /// The account's id.
    pub id: AccountId,
    /// The company's name.
    pub name: String,
    /// The organization's own number for the account.
    pub account_number: Option<String>,
    /// What the organization is to this company.
    pub relationship_type: Option<RelationshipType>,
    /// The industry the company works in.
    pub industry: Option<String>,
    /// Number of employees.
    pub employees: Option<i64>,
    /// Yearly revenue as a decimal string, in `currency`.
    pub annual_revenue: Option<String>,
    /// ISO 4217 code of the account's money fields.
    pub currency: Option<String>,
    /// The company's website.
    pub website: Option<String>,
    /// The company's main email address.
    pub email: Option<String>,
    /// The main phone number.
    pub phone: Option<String>,
    /// The fax number.
    pub fax: Option<String>,
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
    /// Free notes.
    pub description: Option<String>,
    /// The parent account.
    pub parent_account_id: Option<AccountId>,
    /// The main person to talk to.
    pub primary_contact_id: Option<ContactId>,
    /// The id of this account in an external system.
    pub external_id: Option<String>,
    /// Who owns the account.
    pub owner_id: OwnerId,
    /// The owner's business unit when the account was given to them.
    pub business_unit_id: BusinessUnitId,
    /// Who created the account.
    pub created_by: Option<UserId>,
    /// Who last changed the account.
    pub updated_by: Option<UserId>,
    /// When the account was created.
    pub created_at: Timestamp,
    /// When the account last changed.
    pub updated_at: Timestamp,
    /// Grows with every change; send it back in `If-Match`.
    pub version: i64,
}

/// An account as stored (money in minor units).
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = accounts)]
pub struct AccountRow {
    pub(crate) id: AccountId,
    pub(crate) name: String,
    pub(crate) account_number: Option<String>,
    pub(crate) relationship_type: Option<String>,
    pub(crate) industry: Option<String>,
    pub(crate) employees: Option<i64>,
    pub(crate) annual_revenue: Option<i64>,
    pub(crate) currency: Option<String>,
    pub(crate) website: Option<String>,
    pub(crate) email: Option<String>,
    pub(crate) phone: Option<String>,
    pub(crate) fax: Option<String>,
    pub(crate) address_line1: Option<String>,
    pub(crate) address_line2: Option<String>,
    pub(crate) city: Option<String>,
    pub(crate) region: Option<String>,
    pub(crate) postal_code: Option<String>,
    pub(crate) country: Option<String>,
    pub(crate) description: Option<String>,
    pub(crate) parent_account_id: Option<AccountId>,
    pub(crate) primary_contact_id: Option<ContactId>,
    pub(crate) external_id: Option<String>,
    pub(crate) owner_id: OwnerId,
    pub(crate) business_unit_id: BusinessUnitId,
    pub(crate) created_by: Option<UserId>,
    pub(crate) updated_by: Option<UserId>,
    pub(crate) created_at: Timestamp,
    pub(crate) updated_at: Timestamp,
    pub(crate) version: i64,
}

impl From<AccountRow> for Account {
    fn from(row: AccountRow) -> Self {
        let annual_revenue = match (row.annual_revenue, row.currency.as_deref()) {
            (Some(minor), Some(currency)) => Some(format_amount(minor, currency)),
            _ => None,
        };
        Account {
            id: row.id,
            name: row.name,
            account_number: row.account_number,
            relationship_type: row
                .relationship_type
                .as_deref()
                .and_then(RelationshipType::parse),
            industry: row.industry,
            employees: row.employees,
            annual_revenue,
            currency: row.currency,
            website: row.website,
            email: row.email,
            phone: row.phone,
            fax: row.fax,
            address_line1: row.address_line1,
            address_line2: row.address_line2,
            city: row.city,
            region: row.region,
            postal_code: row.postal_code,
            country: row.country,
            description: row.description,
            parent_account_id: row.parent_account_id,
            primary_contact_id: row.primary_contact_id,
            external_id: row.external_id,
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

impl Account {
    /// The writable fields as they are now (the base a patch applies to).
    pub fn fields(&self) -> AccountFields {
        AccountFields {
            name: Some(self.name.clone()),
            account_number: self.account_number.clone(),
            relationship_type: self.relationship_type,
            industry: self.industry.clone(),
            employees: self.employees,
            annual_revenue: self.annual_revenue.clone(),
            currency: self.currency.clone(),
            website: self.website.clone(),
            email: self.email.clone(),
            phone: self.phone.clone(),
            fax: self.fax.clone(),
            address_line1: self.address_line1.clone(),
            address_line2: self.address_line2.clone(),
            city: self.city.clone(),
            region: self.region.clone(),
            postal_code: self.postal_code.clone(),
            country: self.country.clone(),
            description: self.description.clone(),
            parent_account_id: self.parent_account_id.clone(),
            primary_contact_id: self.primary_contact_id.clone(),
            external_id: self.external_id.clone(),
        }
    }
}

/// Validated account fields, ready to store.
#[derive(Debug, Clone, Insertable, AsChangeset)]
#[diesel(table_name = accounts, treat_none_as_null = true, treat_none_as_default_value = false)]
pub struct AccountValues {
    pub(crate) name: String,
    pub(crate) account_number: Option<String>,
    pub(crate) relationship_type: Option<String>,
    pub(crate) industry: Option<String>,
    pub(crate) employees: Option<i64>,
    pub(crate) annual_revenue: Option<i64>,
    pub(crate) currency: Option<String>,
    pub(crate) website: Option<String>,
    pub(crate) email: Option<String>,
    pub(crate) phone: Option<String>,
    pub(crate) fax: Option<String>,
    pub(crate) address_line1: Option<String>,
    pub(crate) address_line2: Option<String>,
    pub(crate) city: Option<String>,
    pub(crate) region: Option<String>,
    pub(crate) postal_code: Option<String>,
    pub(crate) country: Option<String>,
    pub(crate) description: Option<String>,
    pub(crate) parent_account_id: Option<AccountId>,
    pub(crate) primary_contact_id: Option<ContactId>,
    pub(crate) external_id: Option<String>,
}

/// What account lists accept.
pub const ACCOUNT_LIST: ListSpec = ListSpec {
    resource: "accounts",
    fields: &[
        FieldSpec::sortable("name", FieldKind::Text),
        FieldSpec::sortable("created_at", FieldKind::Timestamp),
        FieldSpec::sortable("updated_at", FieldKind::Timestamp),
        FieldSpec::filter("id", FieldKind::Id, false),
        FieldSpec::filter("account_number", FieldKind::Text, true),
        FieldSpec::filter(
            "relationship_type",
            FieldKind::Choice(RelationshipType::WORDS),
            true,
        ),
        FieldSpec::filter("industry", FieldKind::Text, true),
        FieldSpec::filter("employees", FieldKind::Integer, true),
        FieldSpec::filter("currency", FieldKind::Text, true),
        FieldSpec::filter("email", FieldKind::Text, true),
        FieldSpec::filter("city", FieldKind::Text, true),
        FieldSpec::filter("region", FieldKind::Text, true),
        FieldSpec::filter("country", FieldKind::Text, true),
        FieldSpec::filter("parent_account_id", FieldKind::Id, true),
        FieldSpec::filter("primary_contact_id", FieldKind::Id, true),
        FieldSpec::filter("external_id", FieldKind::Text, true),
        FieldSpec::filter("owner_id", FieldKind::Id, false),
        FieldSpec::filter("business_unit_id", FieldKind::Id, false),
    ],
    search_fields: &["name", "account_number", "email", "city"],
    default_sort: Sort::NEWEST_FIRST,
};

record_fields! {
    /// The writable fields of a contact: the body of a creation (`last_name` is required) and of
    /// a by-external-id `PUT` (which replaces them all).
    fields ContactFields;
    /// The fields of a contact to change: absent fields stay as they are, `null` clears.
    patch ContactPatch;
    {
        /// Mr., Ms., Dr., ...
        salutation: String,
        /// Given name.
        #[schema(example = "Ada")]
        first_name: String,
        /// Family name.
        #[schema(example = "Lovelace")]
        last_name: String [required],
        /// Job title.
        job_title: String,
        /// Department.
        department: String,
        /// Email address.
        #[schema(example = "ada@contoso.example")]
        email: String,
        /// Business phone.
        phone: String,
        /// Mobile phone.
        mobile_phone: String,
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
        /// Date of birth (`YYYY-MM-DD`).
        birthdate: NaiveDate,
        /// Free notes.
        description: String,
        /// How the contact prefers to be reached.
        preferred_contact_method: ContactMethod,
        /// The contact does not want emails.
        do_not_email: bool,
        /// The contact does not want phone calls.
        do_not_phone: bool,
        /// The contact does not want marketing (bulk) emails.
        do_not_bulk_email: bool,
        /// The account the contact works at.
        account_id: AccountId,
        /// The id of this contact in an external system; unique.
        external_id: String,
    }
}

/// A person, usually at an account.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema, Queryable, Selectable)]
#[diesel(table_name = contacts)]
pub struct Contact {
    /// The contact's id.
    pub id: ContactId,
    /// Mr., Ms., Dr., ...
    pub salutation: Option<String>,
    /// Given name.
    pub first_name: Option<String>,
    /// Family name.
    pub last_name: String,
    /// Given and family name, as shown in lists.
    pub full_name: String,
    /// Job title.
    pub job_title: Option<String>,
    /// Department.
    pub department: Option<String>,
    /// Email address.
    pub email: Option<String>,
    /// Business phone.
    pub phone: Option<String>,
    /// Mobile phone.
    pub mobile_phone: Option<String>,
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
    /// Date of birth.
    pub birthdate: Option<NaiveDate>,
    /// Free notes.
    pub description: Option<String>,
    /// How the contact prefers to be reached.
    #[diesel(deserialize_as = ContactMethodColumn)]
    pub preferred_contact_method: Option<ContactMethod>,
    /// The contact does not want emails.
    pub do_not_email: bool,
    /// The contact does not want phone calls.
    pub do_not_phone: bool,
    /// The contact does not want marketing (bulk) emails.
    pub do_not_bulk_email: bool,
    /// The account the contact works at.
    pub account_id: Option<AccountId>,
    /// The id of this contact in an external system.
    pub external_id: Option<String>,
    /// Who owns the contact.
    pub owner_id: OwnerId,
    /// The owner's business unit when the contact was given to them.
    pub business_unit_id: BusinessUnitId,
    /// Who created the contact.
    pub created_by: Option<UserId>,
    /// Who last changed the contact.
    pub updated_by: Option<UserId>,
    /// When the contact was created.
    pub created_at: Timestamp,
    /// When the contact last changed.
    pub updated_at: Timestamp,
    /// Grows with every change; send it back in `If-Match`.
    pub version: i64,
}

/// Reads the stored contact-method word (unknown words read as no preference).
#[derive(Debug)]
pub struct ContactMethodColumn(Option<String>);

impl<DB> Queryable<diesel::sql_types::Nullable<diesel::sql_types::Text>, DB> for ContactMethodColumn
where
    DB: diesel::backend::Backend,
    Option<String>:
        diesel::deserialize::FromSql<diesel::sql_types::Nullable<diesel::sql_types::Text>, DB>,
{
    type Row = Option<String>;

    fn build(row: Option<String>) -> diesel::deserialize::Result<Self> {
        Ok(ContactMethodColumn(row))
    }
}

impl From<ContactMethodColumn> for Option<ContactMethod> {
    fn from(column: ContactMethodColumn) -> Self {
        column.0.as_deref().and_then(ContactMethod::parse)
    }
}

impl Contact {
    /// The writable fields as they are now (the base a patch applies to).
    pub fn fields(&self) -> ContactFields {
        ContactFields {
            salutation: self.salutation.clone(),
            first_name: self.first_name.clone(),
            last_name: Some(self.last_name.clone()),
            job_title: self.job_title.clone(),
            department: self.department.clone(),
            email: self.email.clone(),
            phone: self.phone.clone(),
            mobile_phone: self.mobile_phone.clone(),
            address_line1: self.address_line1.clone(),
            address_line2: self.address_line2.clone(),
            city: self.city.clone(),
            region: self.region.clone(),
            postal_code: self.postal_code.clone(),
            country: self.country.clone(),
            birthdate: self.birthdate,
            description: self.description.clone(),
            preferred_contact_method: self.preferred_contact_method,
            do_not_email: Some(self.do_not_email),
            do_not_phone: Some(self.do_not_phone),
            do_not_bulk_email: Some(self.do_not_bulk_email),
            account_id: self.account_id.clone(),
            external_id: self.external_id.clone(),
        }
    }
}

/// Validated contact fields, ready to store.
#[derive(Debug, Clone, Insertable, AsChangeset)]
#[diesel(table_name = contacts, treat_none_as_null = true, treat_none_as_default_value = false)]
pub struct ContactValues {
    pub(crate) salutation: Option<String>,
    pub(crate) first_name: Option<String>,
    pub(crate) last_name: String,
    pub(crate) full_name: String,
    pub(crate) job_title: Option<String>,
    pub(crate) department: Option<String>,
    pub(crate) email: Option<String>,
    pub(crate) phone: Option<String>,
    pub(crate) mobile_phone: Option<String>,
    pub(crate) address_line1: Option<String>,
    pub(crate) address_line2: Option<String>,
    pub(crate) city: Option<String>,
    pub(crate) region: Option<String>,
    pub(crate) postal_code: Option<String>,
    pub(crate) country: Option<String>,
    pub(crate) birthdate: Option<NaiveDate>,
    pub(crate) description: Option<String>,
    pub(crate) preferred_contact_method: Option<String>,
    pub(crate) do_not_email: bool,
    pub(crate) do_not_phone: bool,
    pub(crate) do_not_bulk_email: bool,
    pub(crate) account_id: Option<AccountId>,
    pub(crate) external_id: Option<String>,
}

/// What contact lists accept.
pub const CONTACT_LIST: ListSpec = ListSpec {
    resource: "contacts",
    fields: &[
        FieldSpec::sortable("last_name", FieldKind::Text),
        FieldSpec::sortable("full_name", FieldKind::Text),
        FieldSpec::sortable("created_at", FieldKind::Timestamp),
        FieldSpec::sortable("updated_at", FieldKind::Timestamp),
        FieldSpec::filter("id", FieldKind::Id, false),
        FieldSpec::filter("first_name", FieldKind::Text, true),
        FieldSpec::filter("email", FieldKind::Text, true),
        FieldSpec::filter("job_title", FieldKind::Text, true),
        FieldSpec::filter("city", FieldKind::Text, true),
        FieldSpec::filter("country", FieldKind::Text, true),
        FieldSpec::filter("birthdate", FieldKind::Date, true),
        FieldSpec::filter(
            "preferred_contact_method",
            FieldKind::Choice(ContactMethod::WORDS),
            true,
        ),
        FieldSpec::filter("do_not_email", FieldKind::Bool, false),
        FieldSpec::filter("do_not_phone", FieldKind::Bool, false),
        FieldSpec::filter("do_not_bulk_email", FieldKind::Bool, false),
        FieldSpec::filter("account_id", FieldKind::Id, true),
        FieldSpec::filter("external_id", FieldKind::Text, true),
        FieldSpec::filter("owner_id", FieldKind::Id, false),
        FieldSpec::filter("business_unit_id", FieldKind::Id, false),
    ],
    search_fields: &["full_name", "email", "phone", "mobile_phone"],
    default_sort: Sort::NEWEST_FIRST,
};
