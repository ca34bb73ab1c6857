use crm_core::Timestamp;
use crm_core::changes::Recordable;
use crm_core::id::{BusinessUnitId, RoleId, TeamId, UserId};
use crm_core::list::{FieldKind, FieldSpec, ListSpec, Sort};
use crm_core::security::entities;
use crm_db::schema::teams;
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A team: users inside a business unit who can own records together and hold roles.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Serialize, ToSchema)]
#[diesel(table_name = teams)]
pub struct Team {
    /// The team's id (also the `owner_id` of the records it owns).
    pub id: TeamId,
    /// Its name, unique in its business unit.
    pub name: String,
    /// What the team is for.
    pub description: Option<String>,
    /// The business unit the team belongs to (and its records with it).
    pub business_unit_id: BusinessUnitId,
    /// When the record was created.
    pub created_at: Timestamp,
    /// When the record last changed.
    pub updated_at: Timestamp,
    /// Grows with every change; send it back in `If-Match`.
    pub version: i64,
}

impl Recordable for Team {
    const ENTITY: &'static str = entities::TEAMS;
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

/// A team with its members and roles.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TeamDetail {
    /// The team.
    #[serde(flatten)]
    pub team: Team,
    /// Its members.
    pub member_ids: Vec<UserId>,
    /// Roles every member gets through the team.
    pub role_ids: Vec<RoleId>,
}

crm_core::record_fields! {
    /// A new team.
    fields TeamFields;
    /// The fields of a team to change.
    patch TeamPatch;
    {
        /// Its name, unique in its business unit.
        #[schema(example = "Key accounts Europe")]
        name: String [required],
        /// What the team is for.
        description: String,
        /// The business unit the team belongs to.
        business_unit_id: BusinessUnitId [required],
        /// Roles every member gets through the team (replaces the current set).
        role_ids: Vec<RoleId>,
    }
}

impl TeamDetail {
    /// The writable fields as they are now.
    pub fn fields(&self) -> TeamFields {
        TeamFields {
            name: Some(self.team.name.clone()),
            description: self.team.description.clone(),
            business_unit_id: Some(self.team.business_unit_id.clone()),
            role_ids: Some(self.role_ids.clone()),
        }
    }
}

/// Users to add to a team.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TeamMembers {
    /// The users.
    pub user_ids: Vec<UserId>,
}

/// What team lists accept.
pub const TEAM_LIST: ListSpec = ListSpec {
    resource: "teams",
    fields: &[
        FieldSpec::sortable("name", FieldKind::Text),
        FieldSpec::sortable("created_at", FieldKind::Timestamp),
        FieldSpec::filter("id", FieldKind::Id, false),
        FieldSpec::filter("business_unit_id", FieldKind::Id, false),
    ],
    search_fields: &["name"],
    default_sort: Sort {
        field: "name",
        descending: false,
    },
};
