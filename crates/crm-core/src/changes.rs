//! The change-log vocabulary: what a write changed, field by field.
//!
//! Every write appends one change (entity, record, operation, changed fields with old and new
//! values, actor, time) in the same transaction. Record history, the change feed, webhooks and
//! the audit trail all read it. The diff is computed here from the API representation of the
//! record before and after, so it speaks the API's field names and formats (money as strings).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use utoipa::ToSchema;

/// What a write did to a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Operation {
    /// The record was created.
    Create,
    /// Fields of the record changed.
    Update,
    /// The record was deleted.
    Delete,
}

impl Operation {
    /// The stored word.
    pub fn as_str(self) -> &'static str {
        match self {
            Operation::Create => "create",
            Operation::Update => "update",
            Operation::Delete => "delete",
        }
    }

    /// Parses the stored word.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "create" => Some(Operation::Create),
            "update" => Some(Operation::Update),
            "delete" => Some(Operation::Delete),
            _ => None,
        }
    }
}

/// One changed field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct FieldChange {
    /// The field's API name.
    pub field: String,
    /// The value before (`null` for a creation or an empty field).
    pub old: Value,
    /// The value after (`null` for a deletion or a cleared field).
    pub new: Value,
}

/// What a record's history accepts: pages by `seq`, newest first.
pub const HISTORY_LIST: crate::list::ListSpec = crate::list::ListSpec {
    resource: "history",
    fields: &[crate::list::FieldSpec::sort_only(
        "seq",
        crate::list::FieldKind::Integer,
    )],
    search_fields: &[],
    default_sort: crate::list::Sort {
        field: "seq",
        descending: true,
    },
};

/// One entry of the change log, as history and the change feed show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Change {
    /// The change's position in the log; grows with every write.
    pub seq: i64,
    /// The kind of record (`accounts`, `contacts`, ...).
    pub entity: String,
    /// The record's id.
    pub record_id: String,
    /// What the write did.
    pub operation: Operation,
    /// The changed fields with their old and new values.
    pub changes: Vec<FieldChange>,
    /// Who made the change (`null` for the system).
    pub actor_id: Option<String>,
    /// When.
    pub occurred_at: crate::time::Timestamp,
}

/// A record the change log can describe: its id and, for visibility, its owner and unit.
pub trait Recordable: Serialize {
    /// The resource path name (`accounts`).
    const ENTITY: &'static str;
    /// The record's id.
    fn record_id(&self) -> &str;
    /// The record's owner.
    fn owner_id(&self) -> Option<&str>;
    /// The record's business unit.
    fn business_unit_id(&self) -> Option<&str>;
}

/// Fields that change with every write and carry no information of their own.
const BOOKKEEPING: &[&str] = &[
    "id",
    "created_at",
    "updated_at",
    "version",
    "created_by",
    "updated_by",
];

/// The fields that differ between two API representations of a record. Either side may be
/// `None` (creation, deletion); nulls on both sides are not changes.
pub fn diff<T: Serialize>(old: Option<&T>, new: Option<&T>) -> Vec<FieldChange> {
    let as_map = |v: Option<&T>| -> Map<String, Value> {
        match v.and_then(|v| serde_json::to_value(v).ok()) {
            Some(Value::Object(map)) => map,
            _ => Map::new(),
        }
    };
    let old = as_map(old);
    let new = as_map(new);
    let mut fields: Vec<&String> = old.keys().chain(new.keys()).collect();
    fields.sort();
    fields.dedup();
    fields
        .into_iter()
        .filter(|f| !BOOKKEEPING.contains(&f.as_str()))
        .filter_map(|field| {
            let before = old.get(field).cloned().unwrap_or(Value::Null);
            let after = new.get(field).cloned().unwrap_or(Value::Null);
            (before != after).then(|| FieldChange {
                field: field.clone(),
                old: before,
                new: after,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(Serialize)]
    struct Rec {
        id: &'static str,
        version: i64,
        name: &'static str,
        city: Option<&'static str>,
    }

    #[test]
    fn an_update_lists_only_changed_fields() {
        let a = Rec {
            id: "1",
            version: 1,
            name: "Acme",
            city: None,
        };
        let b = Rec {
            id: "1",
            version: 2,
            name: "Acme Corp",
            city: None,
        };
        assert_eq!(
            diff(Some(&a), Some(&b)),
            vec![FieldChange {
                field: "name".into(),
                old: json!("Acme"),
                new: json!("Acme Corp")
            }]
        );
    }

    #[test]
    fn a_creation_lists_every_field_that_has_a_value() {
        let a = Rec {
            id: "1",
            version: 1,
            name: "Acme",
            city: Some("Oslo"),
        };
        let changes = diff(None, Some(&a));
        let fields: Vec<_> = changes.iter().map(|c| c.field.as_str()).collect();
        assert_eq!(fields, ["city", "name"]);
        assert!(changes.iter().all(|c| c.old.is_null()));
    }

    #[test]
    fn a_deletion_keeps_the_old_values() {
        let a = Rec {
            id: "1",
            version: 3,
            name: "Acme",
            city: None,
        };
        let changes = diff(Some(&a), None);
        assert_eq!(changes.len(), 1);
        assert_eq!(changes[0].old, json!("Acme"));
        assert!(changes[0].new.is_null());
    }
}
