//! Editable picklists: the choices of fields such as a lead's `rating`, `source`, `need`,
//! `decision_timeline` or `disqualification_reason`.
//!
//! A picklist is identified by `(entity, field)`; its values have a stable `value` (what records
//! store and the API sends), a `label` for people, an order, and an active flag. Values are never
//! deleted, because records keep them: an administrator deactivates a value, after which new
//! writes refuse it while records that hold it keep it. Domain crates validate their fields with
//! [`check_choice`]; the API lists and edits values through [`list_values`], [`create_value`] and
//! [`update_value`].

use crm_core::changes::Recordable;
use crm_core::id::PicklistValueId;
use crm_core::list::{FieldKind, FieldSpec, ListQuery, ListSpec, Page, Sort};
use crm_core::security::{Action, Ctx, entities};
use crm_core::validate::{Validator, clean};
use crm_core::{DomainError, DomainResult, Timestamp};
use crm_db::schema::picklist_values;
use crm_db::{AnyConnection, changes, lock_for_update, write_transaction};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The fields that take their values from a picklist, as `(entity, field)`.
pub const PICKLIST_FIELDS: &[(&str, &str)] = &[
    (entities::LEADS, "source"),
    (entities::LEADS, "rating"),
    (entities::LEADS, "need"),
    (entities::LEADS, "decision_timeline"),
    (entities::LEADS, "disqualification_reason"),
    (entities::CASES, "product"),
    (entities::CASES, "subject"),
    (entities::CASES, "case_type"),
    (entities::CASES, "severity"),
];

/// The longest value and label.
const MAX_VALUE_LEN: usize = 50;
const MAX_LABEL_LEN: usize = 100;

/// One choice of a picklist.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Serialize, ToSchema)]
#[diesel(table_name = picklist_values)]
pub struct PicklistValue {
    /// Its id.
    pub id: PicklistValueId,
    /// The entity whose field this is a choice of (`leads`).
    pub entity: String,
    /// The field (`rating`).
    pub field: String,
    /// What records store and the API sends (`hot`); never changes.
    pub value: String,
    /// What people see (`Hot`).
    pub label: String,
    /// Where it is shown among the others (ascending).
    pub sort_order: i64,
    /// Whether new writes may choose it; inactive values stay on the records that hold them.
    pub is_active: bool,
    /// When it was created.
    pub created_at: Timestamp,
    /// When it last changed.
    pub updated_at: Timestamp,
    /// Grows with every change; send it back in `If-Match`.
    pub version: i64,
}

impl Recordable for PicklistValue {
    const ENTITY: &'static str = entities::PICKLISTS;
    fn record_id(&self) -> &str {
        self.id.as_str()
    }
    fn owner_id(&self) -> Option<&str> {
        None
    }
    fn business_unit_id(&self) -> Option<&str> {
        None
    }
}

/// A new choice.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewPicklistValue {
    /// The entity (`leads`).
    #[serde(default)]
    #[schema(required = true, example = "leads")]
    pub entity: Option<String>,
    /// The field (`rating`); one of the fields that have a picklist.
    #[serde(default)]
    #[schema(required = true, example = "rating")]
    pub field: Option<String>,
    /// Lower-case letters, digits and `_`, unique in the picklist (`lukewarm`).
    #[serde(default)]
    #[schema(required = true, example = "lukewarm", pattern = "^[a-z0-9_]{1,50}$")]
    pub value: Option<String>,
    /// What people see (`Lukewarm`).
    #[serde(default)]
    #[schema(required = true, example = "Lukewarm")]
    pub label: Option<String>,
    /// Where it is shown (default: after the others).
    #[serde(default)]
    #[schema(minimum = 0, maximum = 1_000_000)]
    pub sort_order: Option<i64>,
    /// Whether it can be chosen (default true).
    #[serde(default)]
    pub is_active: Option<bool>,
}

/// A change to a choice (its `value` never changes: records hold it).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PicklistValuePatch {
    /// What people see. It cannot be cleared: `null` is refused like a blank label.
    #[serde(default, deserialize_with = "crm_core::patch::present")]
    #[schema(value_type = Option<String>)]
    pub label: Option<Option<String>>,
    /// Where it is shown.
    #[serde(default)]
    #[schema(minimum = 0, maximum = 1_000_000)]
    pub sort_order: Option<i64>,
    /// `false` retires the value: new writes refuse it, records keep it.
    #[serde(default)]
    pub is_active: Option<bool>,
}

/// What picklist lists accept.
pub const PICKLIST_LIST: ListSpec = ListSpec {
    resource: "picklists",
    fields: &[
        FieldSpec::sortable("sort_order", FieldKind::Integer),
        FieldSpec::sortable("label", FieldKind::Text),
        FieldSpec::sortable("created_at", FieldKind::Timestamp),
        FieldSpec::filter("entity", FieldKind::Text, false),
        FieldSpec::filter("field", FieldKind::Text, false),
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

crm_db::list_query! {
    /// A page of picklist values.
    pub fn list_rows / value_sort_key (picklist_values) -> PicklistValue {
        id: picklist_values::id,
        filters: {
            "id" => (picklist_values::id, String),
            "entity" => (picklist_values::entity, String),
            "field" => (picklist_values::field, String),
            "value" => (picklist_values::value, String),
            "is_active" => (picklist_values::is_active, bool),
            "sort_order" => (picklist_values::sort_order, i64),
            "label" => (picklist_values::label, String),
            "created_at" => (picklist_values::created_at, Timestamp),
        },
        sorts: {
            "sort_order" => (picklist_values::sort_order, Integer, |r| r.sort_order),
            "label" => (picklist_values::label, Text, |r| r.label.clone()),
            "created_at" => (picklist_values::created_at, Timestamp, |r| r.created_at),
        },
        search: [picklist_values::value, picklist_values::label],
    }
}

const VALUE: &str = "picklist value";

/// A page of picklist values (everyone reads them: forms show their choices).
pub fn list_values(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    list: &ListQuery,
) -> DomainResult<Page<PicklistValue>> {
    ctx.principal.require(entities::PICKLISTS, Action::Read)?;
    let (rows, total) = list_rows(conn, Vec::new, list)?;
    Ok(Page::from_rows(rows, list, total, |r| {
        value_sort_key(r, list.sort.field)
    }))
}

/// One picklist value.
pub fn get_value(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &PicklistValueId,
) -> DomainResult<PicklistValue> {
    ctx.principal.require(entities::PICKLISTS, Action::Read)?;
    find(conn, id)?.ok_or(DomainError::not_found(VALUE))
}

fn find(conn: &mut AnyConnection, id: &PicklistValueId) -> QueryResult<Option<PicklistValue>> {
    picklist_values::table
        .filter(picklist_values::id.eq(id))
        .select(PicklistValue::as_select())
        .get_result(conn)
        .optional()
}

fn is_value_word(value: &str) -> bool {
    !value.is_empty()
        && value.len() <= MAX_VALUE_LEN
        && value
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// Adds a choice to a picklist.
pub fn create_value(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    new: NewPicklistValue,
) -> DomainResult<PicklistValue> {
    ctx.principal.require(entities::PICKLISTS, Action::Create)?;
    let mut v = Validator::new();
    let entity = clean(new.entity);
    let field = clean(new.field);
    let value = clean(new.value);
    let label = clean(new.label);
    v.required("entity", entity.as_deref());
    v.required("field", field.as_deref());
    v.required("value", value.as_deref());
    v.required_max("label", label.as_deref(), MAX_LABEL_LEN);
    if let (Some(entity), Some(field)) = (&entity, &field)
        && !PICKLIST_FIELDS.contains(&(entity.as_str(), field.as_str()))
    {
        let known: Vec<String> = PICKLIST_FIELDS
            .iter()
            .map(|(e, f)| format!("{e}.{f}"))
            .collect();
        v.add(
            "field",
            "unknown_picklist",
            format!(
                "{entity}.{field} has no picklist; these do: {}",
                known.join(", ")
            ),
        );
    }
    if let Some(value) = &value
        && !is_value_word(value)
    {
        v.add(
            "value",
            "invalid_format",
            format!(
                "value must be 1 to {MAX_VALUE_LEN} lower-case letters, digits or _ (such as lukewarm)"
            ),
        );
    }
    v.range("sort_order", new.sort_order, 0, 1_000_000);
    v.finish()?;
    let (entity, field, value, label) = (
        entity.unwrap_or_default(),
        field.unwrap_or_default(),
        value.unwrap_or_default(),
        label.unwrap_or_default(),
    );
    write_transaction(conn, |conn| {
        let taken = picklist_values::table
            .filter(picklist_values::entity.eq(&entity))
            .filter(picklist_values::field.eq(&field))
            .filter(picklist_values::value.eq(&value))
            .count()
            .get_result::<i64>(conn)?
            > 0;
        if taken {
            return Err(DomainError::conflict(format!(
                "{entity}.{field} already has the value {value}"
            )));
        }
        let sort_order = match new.sort_order {
            Some(order) => order,
            None => {
                picklist_values::table
                    .filter(picklist_values::entity.eq(&entity))
                    .filter(picklist_values::field.eq(&field))
                    .select(diesel::dsl::max(picklist_values::sort_order))
                    .get_result::<Option<i64>>(conn)?
                    .unwrap_or(0)
                    + 10
            }
        };
        let row = PicklistValue {
            id: PicklistValueId::new(),
            entity: entity.clone(),
            field: field.clone(),
            value: value.clone(),
            label: label.clone(),
            sort_order,
            is_active: new.is_active.unwrap_or(true),
            created_at: ctx.now,
            updated_at: ctx.now,
            version: 1,
        };
        diesel::insert_into(picklist_values::table)
            .values((
                picklist_values::id.eq(&row.id),
                picklist_values::entity.eq(&row.entity),
                picklist_values::field.eq(&row.field),
                picklist_values::value.eq(&row.value),
                picklist_values::label.eq(&row.label),
                picklist_values::sort_order.eq(row.sort_order),
                picklist_values::is_active.eq(row.is_active),
                picklist_values::created_at.eq(row.created_at),
                picklist_values::updated_at.eq(row.updated_at),
                picklist_values::version.eq(row.version),
            ))
            .execute(conn)?;
        changes::log(conn, Some(ctx.actor()), ctx.now, None, Some(&row))?;
        Ok(row)
    })
}

/// Changes a choice's label, order or active flag.
pub fn update_value(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &PicklistValueId,
    patch: PicklistValuePatch,
    if_match: Option<i64>,
) -> DomainResult<PicklistValue> {
    ctx.principal.require(entities::PICKLISTS, Action::Update)?;
    let mut v = Validator::new();
    let label = match patch.label {
        // Sent as null, the label is cleared, which a choice cannot be: refused as required.
        Some(label) => {
            let label = clean(label);
            v.required_max("label", label.as_deref(), MAX_LABEL_LEN);
            label
        }
        None => None,
    };
    v.range("sort_order", patch.sort_order, 0, 1_000_000);
    v.finish()?;
    write_transaction(conn, |conn| {
        lock_for_update(conn, "picklist_values", id.as_str())?;
        let current = find(conn, id)?.ok_or(DomainError::not_found(VALUE))?;
        crm_core::error::check_version(if_match, current.version)?;
        let updated = PicklistValue {
            label: label.unwrap_or_else(|| current.label.clone()),
            sort_order: patch.sort_order.unwrap_or(current.sort_order),
            is_active: patch.is_active.unwrap_or(current.is_active),
            updated_at: ctx.now,
            version: current.version + 1,
            ..current.clone()
        };
        if (&updated.label, updated.sort_order, updated.is_active)
            == (&current.label, current.sort_order, current.is_active)
        {
            return Ok(current);
        }
        diesel::update(picklist_values::table.filter(picklist_values::id.eq(id)))
            .set((
                picklist_values::label.eq(&updated.label),
                picklist_values::sort_order.eq(updated.sort_order),
                picklist_values::is_active.eq(updated.is_active),
                picklist_values::updated_at.eq(updated.updated_at),
                picklist_values::version.eq(updated.version),
            ))
            .execute(conn)?;
        changes::log(
            conn,
            Some(ctx.actor()),
            ctx.now,
            Some(&current),
            Some(&updated),
        )?;
        Ok(updated)
    })
}

/// The active values of a picklist, in order (for messages and imports).
pub fn active_values(
    conn: &mut AnyConnection,
    entity: &str,
    field: &str,
) -> QueryResult<Vec<String>> {
    picklist_values::table
        .filter(picklist_values::entity.eq(entity))
        .filter(picklist_values::field.eq(field))
        .filter(picklist_values::is_active.eq(true))
        .order((picklist_values::sort_order, picklist_values::id))
        .select(picklist_values::value)
        .load(conn)
}

/// The active values of every picklist of an entity, read once for a write (or a whole import)
/// and checked in memory.
#[derive(Debug, Clone, Default)]
pub struct Choices {
    values: Vec<(String, Vec<String>)>,
}

impl Choices {
    /// Reads the active values of the entity's picklists, in order.
    pub fn load(conn: &mut AnyConnection, entity: &str) -> QueryResult<Choices> {
        let rows: Vec<(String, String)> = picklist_values::table
            .filter(picklist_values::entity.eq(entity))
            .filter(picklist_values::is_active.eq(true))
            .order((
                picklist_values::field,
                picklist_values::sort_order,
                picklist_values::id,
            ))
            .select((picklist_values::field, picklist_values::value))
            .load(conn)?;
        let mut values: Vec<(String, Vec<String>)> = Vec::new();
        for (field, value) in rows {
            match values.last_mut() {
                Some((last, list)) if *last == field => list.push(value),
                _ => values.push((field, vec![value])),
            }
        }
        Ok(Choices { values })
    }

    /// The active values of a field's picklist.
    pub fn of(&self, field: &str) -> &[String] {
        self.values
            .iter()
            .find(|(f, _)| f == field)
            .map_or(&[], |(_, v)| v.as_slice())
    }

    /// Checks a choice field: `value` must be an active value of its picklist, unless it is the
    /// value the record already holds (`current`), which stays valid after being retired.
    /// Errors are reported under `name` (the field as the request calls it).
    pub fn check(
        &self,
        v: &mut Validator,
        field: &str,
        name: &str,
        value: Option<&str>,
        current: Option<&str>,
    ) {
        let Some(value) = value else {
            return;
        };
        if current == Some(value) {
            return;
        }
        let values = self.of(field);
        if values.is_empty() {
            v.add(
                name,
                "invalid_value",
                format!(
                    "{name} has no values to choose from yet: an administrator adds them to its picklist"
                ),
            );
        } else if !values.iter().any(|a| a == value) {
            v.add(
                name,
                "invalid_value",
                format!("{name} must be one of {}", values.join(", ")),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_choice_is_an_active_value_or_the_one_the_record_holds() {
        let choices = Choices {
            values: vec![("rating".into(), vec!["hot".into(), "warm".into()])],
        };
        let mut v = Validator::new();
        choices.check(&mut v, "rating", "rating", Some("hot"), None);
        choices.check(&mut v, "rating", "rating", None, None);
        choices.check(&mut v, "rating", "rating", Some("cold"), Some("cold"));
        assert!(v.finish().is_ok());
        let mut v = Validator::new();
        choices.check(&mut v, "rating", "rating", Some("cold"), Some("hot"));
        choices.check(&mut v, "need", "need", Some("x"), None);
        let Err(DomainError::Validation(errors)) = v.finish() else {
            panic!("two choices are not valid");
        };
        assert_eq!(errors[0].message, "rating must be one of hot, warm");
        assert_eq!(errors[1].field, "need");
    }

    #[test]
    fn values_are_lower_case_words() {
        assert!(is_value_word("lukewarm"));
        assert!(is_value_word("30_days"));
        assert!(!is_value_word(""));
        assert!(!is_value_word("Hot"));
        assert!(!is_value_word("very hot"));
        assert!(!is_value_word(&"a".repeat(MAX_VALUE_LEN + 1)));
    }

    #[test]
    fn every_picklist_field_belongs_to_an_entity_with_privileges() {
        for (entity, _) in PICKLIST_FIELDS {
            assert!(entities::ALL.contains(entity), "{entity}");
        }
    }
}
