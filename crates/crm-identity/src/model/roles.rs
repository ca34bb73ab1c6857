use crm_core::Timestamp;
use crm_core::changes::Recordable;
use crm_core::id::{BusinessUnitId, RoleId};
use crm_core::list::{FieldKind, FieldSpec, ListSpec, Sort};
use crm_core::security::{Privilege, entities};
use crm_db::schema::roles;
use diesel::prelude::*;
use serde::Serialize;
use utoipa::ToSchema;

/// A security role: a named set of privileges given to users and teams.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Serialize, ToSchema)]
#[diesel(table_name = roles)]
pub struct Role {
    /// The role's id.
    pub id: RoleId,
    /// Its name, unique in its business unit.
    pub name: String,
    /// What the role is for.
    pub description: Option<String>,
    /// The business unit the role belongs to.
    pub business_unit_id: BusinessUnitId,
    /// Whether the role grants every privilege organization-wide (System Administrator).
    pub is_system_admin: bool,
    /// When the record was created.
    pub created_at: Timestamp,
    /// When the record last changed.
    pub updated_at: Timestamp,
    /// Grows with every change; send it back in `If-Match`.
    pub version: i64,
}

/// A role with its privileges.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct RoleDetail {
    /// The role.
    #[serde(flatten)]
    pub role: Role,
    /// Its privileges, by entity and action (a System Administrator's are implicit: all of them).
    pub privileges: Vec<Privilege>,
}

impl Recordable for RoleDetail {
    const ENTITY: &'static str = entities::ROLES;
    fn record_id(&self) -> &str {
        self.role.id.as_str()
    }
    fn owner_id(&self) -> Option<&str> {
        None
    }
    fn business_unit_id(&self) -> Option<&str> {
        Some(self.role.business_unit_id.as_str())
    }
}

crm_core::record_fields! {
    /// A new role.
    fields RoleFields;
    /// The fields of a role to change; `privileges` replaces the whole set.
    patch RolePatch;
    {
        /// Its name, unique in its business unit.
        #[schema(example = "Key Account Manager")]
        name: String [required],
        /// What the role is for.
        description: String,
        /// What the role allows: one entry per entity and action that reaches anything.
        privileges: Vec<Privilege>,
    }
}

impl RoleDetail {
    /// The writable fields as they are now.
    pub fn fields(&self) -> RoleFields {
        RoleFields {
            name: Some(self.role.name.clone()),
            description: self.role.description.clone(),
            privileges: Some(self.privileges.clone()),
        }
    }
}

/// What role lists accept.
pub const ROLE_LIST: ListSpec = ListSpec {
    resource: "roles",
    fields: &[
        FieldSpec::sortable("name", FieldKind::Text),
        FieldSpec::sortable("created_at", FieldKind::Timestamp),
        FieldSpec::filter("id", FieldKind::Id, false),
        FieldSpec::filter("is_system_admin", FieldKind::Bool, false),
    ],
    search_fields: &["name"],
    default_sort: Sort {
        field: "name",
        descending: false,
    },
};
