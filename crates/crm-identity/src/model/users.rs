use crm_core::Timestamp;
use crm_core::changes::Recordable;
use crm_core::id::{BusinessUnitId, RoleId, TeamId, UserId};
use crm_core::list::{FieldKind, FieldSpec, ListSpec, Sort};
use crm_core::secret::Secret;
use crm_core::security::entities;
use crm_db::schema::users;
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A user of the CRM. User records are readable by every user.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Serialize, ToSchema)]
#[diesel(table_name = users)]
pub struct User {
    /// The user's id.
    pub id: UserId,
    /// The sign-in email (stored lower-case).
    pub email: String,
    /// The name shown everywhere.
    pub full_name: String,
    /// The job title.
    pub job_title: Option<String>,
    /// The work phone.
    pub phone: Option<String>,
    /// The mobile phone.
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
    /// The business unit the user belongs to.
    pub business_unit_id: BusinessUnitId,
    /// The user's manager.
    pub manager_id: Option<UserId>,
    /// A disabled user keeps owning records but can no longer sign in or use the API.
    pub is_active: bool,
    /// When the user last signed in.
    pub last_sign_in_at: Option<Timestamp>,
    /// When the record was created.
    pub created_at: Timestamp,
    /// When the record last changed.
    pub updated_at: Timestamp,
    /// Grows with every change; send it back in `If-Match`.
    pub version: i64,
}

impl Recordable for User {
    const ENTITY: &'static str = entities::USERS;
    fn record_id(&self) -> &str {
        self.id.as_str()
    }
    fn owner_id(&self) -> Option<&str> {
        Some(self.id.as_str())
    }
    fn business_unit_id(&self) -> Option<&str> {
        Some(self.business_unit_id.as_str())
    }
}

/// A user with the roles given to them and the teams they are in.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct UserDetail {
    /// The user.
    #[serde(flatten)]
    pub user: User,
    /// Roles given to the user directly (teams may give more).
    pub role_ids: Vec<RoleId>,
    /// Teams the user is in.
    pub team_ids: Vec<TeamId>,
}

/// A new user, created by someone who manages users in the target business unit.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewUser {
    /// The sign-in email.
    #[schema(required = true, example = "ada@contoso.example")]
    #[serde(default)]
    pub email: Option<String>,
    /// The name shown everywhere.
    #[schema(required = true, example = "Ada Lovelace")]
    #[serde(default)]
    pub full_name: Option<String>,
    /// The job title.
    #[serde(default)]
    pub job_title: Option<String>,
    /// The work phone.
    #[serde(default)]
    pub phone: Option<String>,
    /// The mobile phone.
    #[serde(default)]
    pub mobile_phone: Option<String>,
    /// Street address, first line.
    #[serde(default)]
    pub address_line1: Option<String>,
    /// Street address, second line.
    #[serde(default)]
    pub address_line2: Option<String>,
    /// City.
    #[serde(default)]
    pub city: Option<String>,
    /// State, province or region.
    #[serde(default)]
    pub region: Option<String>,
    /// Postal code.
    #[serde(default)]
    pub postal_code: Option<String>,
    /// Country.
    #[serde(default)]
    pub country: Option<String>,
    /// The business unit the user belongs to.
    #[schema(required = true)]
    #[serde(default)]
    pub business_unit_id: Option<BusinessUnitId>,
    /// The user's manager.
    #[serde(default)]
    pub manager_id: Option<UserId>,
    /// Roles to give the user.
    #[serde(default)]
    pub role_ids: Vec<RoleId>,
    /// The initial password (at least 10 characters).
    #[schema(required = true)]
    #[serde(default)]
    pub password: Option<Secret>,
}

crm_core::record_fields! {
    /// The fields of a user (the base a patch applies to).
    fields UserFields;
    /// The fields of a user to change. A user changes their own phones and address; everything
    /// else needs the privilege to update users in their business unit.
    patch UserPatch;
    {
        /// The sign-in email.
        email: String,
        /// The name shown everywhere.
        full_name: String,
        /// The job title.
        job_title: String,
        /// The work phone.
        phone: String,
        /// The mobile phone.
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
        /// The business unit the user belongs to.
        business_unit_id: BusinessUnitId,
        /// The user's manager.
        manager_id: UserId,
        /// `false` disables sign-in and API use; the user's records stay theirs.
        is_active: bool,
        /// The roles given to the user directly (replaces the current set).
        role_ids: Vec<RoleId>,
    }
}

impl UserPatch {
    /// Whether the patch touches only what a user may change about themselves.
    pub fn is_personal(&self) -> bool {
        self.email.is_none()
            && self.full_name.is_none()
            && self.job_title.is_none()
            && self.business_unit_id.is_none()
            && self.manager_id.is_none()
            && self.is_active.is_none()
            && self.role_ids.is_none()
    }
}

impl UserDetail {
    /// The writable fields as they are now.
    pub fn fields(&self) -> UserFields {
        let u = &self.user;
        UserFields {
            email: Some(u.email.clone()),
            full_name: Some(u.full_name.clone()),
            job_title: u.job_title.clone(),
            phone: u.phone.clone(),
            mobile_phone: u.mobile_phone.clone(),
            address_line1: u.address_line1.clone(),
            address_line2: u.address_line2.clone(),
            city: u.city.clone(),
            region: u.region.clone(),
            postal_code: u.postal_code.clone(),
            country: u.country.clone(),
            business_unit_id: Some(u.business_unit_id.clone()),
            manager_id: u.manager_id.clone(),
            is_active: Some(u.is_active),
            role_ids: Some(self.role_ids.clone()),
        }
    }
}

/// Validated user fields, ready to store.
#[derive(Debug, Clone, AsChangeset, Insertable)]
#[diesel(table_name = users, treat_none_as_null = true, treat_none_as_default_value = false)]
pub struct UserValues {
    pub(crate) email: String,
    pub(crate) full_name: String,
    pub(crate) job_title: Option<String>,
    pub(crate) phone: Option<String>,
    pub(crate) mobile_phone: Option<String>,
    pub(crate) address_line1: Option<String>,
    pub(crate) address_line2: Option<String>,
    pub(crate) city: Option<String>,
    pub(crate) region: Option<String>,
    pub(crate) postal_code: Option<String>,
    pub(crate) country: Option<String>,
    pub(crate) business_unit_id: BusinessUnitId,
    pub(crate) manager_id: Option<UserId>,
    pub(crate) is_active: bool,
}

/// Moves a set of users to a new manager and/or business unit at once (a re-organization).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReassignUsers {
    /// The users to move.
    pub user_ids: Vec<UserId>,
    /// Their new manager (`null` removes their manager); absent leaves managers as they are.
    #[serde(default, deserialize_with = "crm_core::patch::present")]
    #[schema(value_type = Option<UserId>)]
    pub manager_id: Option<Option<UserId>>,
    /// Their new business unit; absent leaves units as they are.
    #[serde(default)]
    pub business_unit_id: Option<BusinessUnitId>,
}

/// What user lists accept.
pub const USER_LIST: ListSpec = ListSpec {
    resource: "users",
    fields: &[
        FieldSpec::sortable("full_name", FieldKind::Text),
        FieldSpec::sortable("email", FieldKind::Text),
        FieldSpec::sortable("created_at", FieldKind::Timestamp),
        FieldSpec::filter("id", FieldKind::Id, false),
        FieldSpec::filter("business_unit_id", FieldKind::Id, false),
        FieldSpec::filter("manager_id", FieldKind::Id, true),
        FieldSpec::filter("is_active", FieldKind::Bool, false),
        FieldSpec::filter("job_title", FieldKind::Text, true),
    ],
    search_fields: &["full_name", "email", "job_title"],
    default_sort: Sort {
        field: "full_name",
        descending: false,
    },
};
