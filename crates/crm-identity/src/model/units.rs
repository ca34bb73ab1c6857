use crm_core::Timestamp;
use crm_core::changes::Recordable;
use crm_core::id::BusinessUnitId;
use crm_core::list::{FieldKind, FieldSpec, ListSpec, Sort};
use crm_core::security::entities;
use crm_db::schema::business_units;
use diesel::prelude::*;
use serde::Serialize;
use utoipa::ToSchema;

/// A business unit: the organization itself (no parent) or a unit below it.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Serialize, ToSchema)]
#[diesel(table_name = business_units)]
pub struct BusinessUnit {
    /// The unit's id.
    pub id: BusinessUnitId,
    /// Its name.
    pub name: String,
    /// The unit above it; `null` for the organization.
    pub parent_id: Option<BusinessUnitId>,
    /// When the record was created.
    pub created_at: Timestamp,
    /// When the record last changed.
    pub updated_at: Timestamp,
    /// Grows with every change; send it back in `If-Match`.
    pub version: i64,
}

impl Recordable for BusinessUnit {
    const ENTITY: &'static str = entities::BUSINESS_UNITS;
    fn record_id(&self) -> &str {
        self.id.as_str()
    }
    fn owner_id(&self) -> Option<&str> {
        None
    }
    fn business_unit_id(&self) -> Option<&str> {
        Some(self.id.as_str())
    }
}

crm_core::record_fields! {
    /// A new business unit: its name and the unit it sits under.
    fields BusinessUnitFields;
    /// Rename a unit or move it under another (never under itself or a unit below it).
    patch BusinessUnitPatch;
    {
        /// Its name, unique among its siblings.
        #[schema(example = "Sales Europe")]
        name: String [required],
        /// The unit above it.
        parent_id: BusinessUnitId [required],
    }
}

/// A unit with the units below it, for showing the organization as a tree.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct BusinessUnitNode {
    /// The unit.
    #[serde(flatten)]
    pub unit: BusinessUnit,
    /// How many users are in it (not counting units below).
    pub user_count: i64,
    /// The units directly below it, by name.
    #[schema(no_recursion)]
    pub children: Vec<BusinessUnitNode>,
}

/// What business unit lists accept.
pub const BUSINESS_UNIT_LIST: ListSpec = ListSpec {
    resource: "business-units",
    fields: &[
        FieldSpec::sortable("name", FieldKind::Text),
        FieldSpec::sortable("created_at", FieldKind::Timestamp),
        FieldSpec::filter("id", FieldKind::Id, false),
        FieldSpec::filter("parent_id", FieldKind::Id, true),
    ],
    search_fields: &["name"],
    default_sort: Sort {
        field: "name",
        descending: false,
    },
};
