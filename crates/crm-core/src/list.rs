//! The collection contract, parsed: filters, sort, search, cursors and pages.
//!
//! Every list endpoint takes the same query (API.md, Collections). Each resource declares a
//! [`ListSpec`]: its filterable and sortable fields and their kinds. [`ListQuery::parse`] checks
//! a raw query string against it (an unknown field or operator is refused, never ignored) and
//! produces typed filters that crm-db turns into SQL. Cursors are keyset positions (the last
//! row's sort value and id), so pages stay stable while records are added.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;

use crate::error::{DomainError, FieldError};
use crate::id::canonical_uuid;
use crate::time::Timestamp;

/// The largest page a caller may ask for.
pub const MAX_LIMIT: i64 = 200;
/// The page size when none is asked for.
pub const DEFAULT_LIMIT: i64 = 50;
/// The longest search text accepted.
pub const MAX_SEARCH_LEN: usize = 200;

/// What kind of value a field holds, which decides the operators and value syntax it accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// Free text: `eq`, `in`, ranges (alphabetical).
    Text,
    /// A record id: `eq`, `in`.
    Id,
    /// An RFC 3339 date-time: `eq`, `in`, ranges.
    Timestamp,
    /// A `YYYY-MM-DD` date: `eq`, `in`, ranges.
    Date,
    /// `true` or `false`: `eq`.
    Bool,
    /// An integer: `eq`, `in`, ranges.
    Integer,
    /// One of a fixed set of words: `eq`, `in`.
    Choice(&'static [&'static str]),
}

impl FieldKind {
    /// The operators the kind accepts (besides `null` for nullable fields).
    pub fn operators(self) -> &'static [FilterOp] {
        use FilterOp::*;
        match self {
            FieldKind::Text | FieldKind::Timestamp | FieldKind::Date | FieldKind::Integer => {
                &[Eq, In, Gt, Gte, Lt, Lte]
            }
            FieldKind::Id | FieldKind::Choice(_) => &[Eq, In],
            FieldKind::Bool => &[Eq],
        }
    }

    /// How a value of this kind is written, for error messages and documentation.
    pub fn describe(self) -> String {
        match self {
            FieldKind::Text => "text".into(),
            FieldKind::Id => "a record id (UUID)".into(),
            FieldKind::Timestamp => "an RFC 3339 date-time such as 2026-11-22T09:30:00Z".into(),
            FieldKind::Date => "a date such as 2026-11-22".into(),
            FieldKind::Bool => "true or false".into(),
            FieldKind::Integer => "an integer".into(),
            FieldKind::Choice(words) => format!("one of {}", words.join(", ")),
        }
    }

    fn parse_value(self, text: &str) -> Option<FilterValue> {
        match self {
            FieldKind::Text => Some(FilterValue::Text(text.to_owned())),
            FieldKind::Id => canonical_uuid(text).ok().map(FilterValue::Text),
            FieldKind::Choice(words) => words
                .contains(&text)
                .then(|| FilterValue::Text(text.to_owned())),
            FieldKind::Timestamp => Timestamp::parse_rfc3339(text).map(FilterValue::Timestamp),
            FieldKind::Date => NaiveDate::parse_from_str(text, "%Y-%m-%d")
                .ok()
                .map(FilterValue::Date),
            FieldKind::Bool => match text {
                "true" => Some(FilterValue::Bool(true)),
                "false" => Some(FilterValue::Bool(false)),
                _ => None,
            },
            FieldKind::Integer => text.parse().ok().map(FilterValue::Integer),
        }
    }
}

/// A field of a resource as the collection contract sees it.
#[derive(Debug, Clone, Copy)]
pub struct FieldSpec {
    /// The API name.
    pub name: &'static str,
    /// Its kind.
    pub kind: FieldKind,
    /// Whether it can be empty (enables `[null]`).
    pub nullable: bool,
    /// Whether `sort=` accepts it (only non-nullable fields, so keyset cursors stay exact).
    pub sortable: bool,
    /// Whether filters accept it.
    pub filterable: bool,
}

impl FieldSpec {
    /// A filterable field.
    pub const fn filter(name: &'static str, kind: FieldKind, nullable: bool) -> Self {
        FieldSpec {
            name,
            kind,
            nullable,
            sortable: false,
            filterable: true,
        }
    }

    /// A filterable, sortable, non-nullable field.
    pub const fn sortable(name: &'static str, kind: FieldKind) -> Self {
        FieldSpec {
            name,
            kind,
            nullable: false,
            sortable: true,
            filterable: true,
        }
    }

    /// A field lists can be sorted by but not filtered on.
    pub const fn sort_only(name: &'static str, kind: FieldKind) -> Self {
        FieldSpec {
            name,
            kind,
            nullable: false,
            sortable: true,
            filterable: false,
        }
    }

    /// The operators this field accepts, `null` included when it is nullable.
    pub fn operators(&self) -> Vec<FilterOp> {
        let mut ops = self.kind.operators().to_vec();
        if self.nullable {
            ops.push(FilterOp::Null);
        }
        ops
    }
}

/// What a resource's collection accepts.
#[derive(Debug, Clone, Copy)]
pub struct ListSpec {
    /// The resource path name.
    pub resource: &'static str,
    /// Filterable (and possibly sortable) fields.
    pub fields: &'static [FieldSpec],
    /// The fields `q` searches, for documentation.
    pub search_fields: &'static [&'static str],
    /// The order when no `sort` is given.
    pub default_sort: Sort,
}

impl ListSpec {
    /// A field by name.
    pub fn field(&self, name: &str) -> Option<&'static FieldSpec> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// Every accepted `sort` value (`name`, `-name`, ...).
    pub fn sort_values(&self) -> Vec<String> {
        self.fields
            .iter()
            .filter(|f| f.sortable)
            .flat_map(|f| [f.name.to_owned(), format!("-{}", f.name)])
            .collect()
    }
}

/// A filter operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilterOp {
    /// `field=value`
    Eq,
    /// `field[in]=a,b`
    In,
    /// `field[gt]=`
    Gt,
    /// `field[gte]=`
    Gte,
    /// `field[lt]=`
    Lt,
    /// `field[lte]=`
    Lte,
    /// `field[null]=true|false`
    Null,
}

impl FilterOp {
    /// The word between brackets (`eq` has none).
    pub fn as_str(self) -> &'static str {
        match self {
            FilterOp::Eq => "eq",
            FilterOp::In => "in",
            FilterOp::Gt => "gt",
            FilterOp::Gte => "gte",
            FilterOp::Lt => "lt",
            FilterOp::Lte => "lte",
            FilterOp::Null => "null",
        }
    }

    fn parse(text: &str) -> Option<Self> {
        [
            FilterOp::Eq,
            FilterOp::In,
            FilterOp::Gt,
            FilterOp::Gte,
            FilterOp::Lt,
            FilterOp::Lte,
            FilterOp::Null,
        ]
        .into_iter()
        .find(|op| op.as_str() == text)
    }
}

/// A typed filter value.
#[derive(Debug, Clone, PartialEq)]
pub enum FilterValue {
    /// Text, ids and choices.
    Text(String),
    /// A date-time.
    Timestamp(Timestamp),
    /// A date.
    Date(NaiveDate),
    /// A boolean.
    Bool(bool),
    /// An integer.
    Integer(i64),
}

impl FilterValue {
    fn to_json(&self) -> Value {
        match self {
            FilterValue::Text(t) => Value::String(t.clone()),
            FilterValue::Timestamp(t) => Value::String(t.to_rfc3339()),
            FilterValue::Date(d) => Value::String(d.format("%Y-%m-%d").to_string()),
            FilterValue::Bool(b) => Value::Bool(*b),
            FilterValue::Integer(i) => Value::from(*i),
        }
    }
}

/// One condition on a field.
#[derive(Debug, Clone, PartialEq)]
pub enum Condition {
    /// Equal to.
    Eq(FilterValue),
    /// One of.
    In(Vec<FilterValue>),
    /// Greater than.
    Gt(FilterValue),
    /// Greater than or equal to.
    Gte(FilterValue),
    /// Less than.
    Lt(FilterValue),
    /// Less than or equal to.
    Lte(FilterValue),
    /// Empty (`true`) or not empty (`false`).
    Null(bool),
}

/// A parsed filter.
#[derive(Debug, Clone, PartialEq)]
pub struct Filter {
    /// The field's API name.
    pub field: &'static str,
    /// The condition.
    pub condition: Condition,
}

/// The order of a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sort {
    /// The field's API name.
    pub field: &'static str,
    /// Largest first.
    pub descending: bool,
}

impl Sort {
    /// Newest first: the default order of most lists.
    pub const NEWEST_FIRST: Sort = Sort {
        field: "created_at",
        descending: true,
    };

    /// The `sort=` form (`-created_at`).
    pub fn to_param(self) -> String {
        if self.descending {
            format!("-{}", self.field)
        } else {
            self.field.to_owned()
        }
    }
}

/// Where the next page starts: after the row with this sort value and id.
#[derive(Debug, Clone, PartialEq)]
pub struct After {
    /// The last row's value of the sort field.
    pub value: FilterValue,
    /// The last row's id (the tie-breaker).
    pub id: String,
}

/// A parsed collection query.
#[derive(Debug, Clone, PartialEq)]
pub struct ListQuery {
    /// Rows per page.
    pub limit: i64,
    /// The keyset position to continue after.
    pub after: Option<After>,
    /// The order.
    pub sort: Sort,
    /// Search text.
    pub q: Option<String>,
    /// Whether to count all matching rows.
    pub count: bool,
    /// Field filters (all must hold).
    pub filters: Vec<Filter>,
}

#[derive(Serialize, Deserialize)]
struct CursorBody {
    s: String,
    v: Value,
    id: String,
}

impl ListQuery {
    /// Parses raw query pairs against a resource's spec, listing every problem found.
    pub fn parse(pairs: &[(String, String)], spec: &ListSpec) -> Result<Self, DomainError> {
        let mut errors = Vec::new();
        let mut seen: Vec<&str> = Vec::new();
        let mut limit = DEFAULT_LIMIT;
        let mut cursor = None;
        let mut sort = spec.default_sort;
        let mut q = None;
        let mut count = false;
        let mut filters = Vec::new();

        for (key, value) in pairs {
            if seen.contains(&key.as_str()) {
                errors.push(FieldError::new(
                    key,
                    "repeated",
                    format!("{key} is given more than once"),
                ));
                continue;
            }
            seen.push(key);
            match key.as_str() {
                "limit" => match value.parse::<i64>() {
                    Ok(n) if (1..=MAX_LIMIT).contains(&n) => limit = n,
                    _ => errors.push(FieldError::new(
                        "limit",
                        "out_of_range",
                        format!("limit must be an integer from 1 to {MAX_LIMIT}"),
                    )),
                },
                // An empty cursor is the first page, as if none were sent.
                "cursor" => cursor = Some(value.clone()).filter(|v| !v.is_empty()),
                "sort" => {
                    let (descending, name) = match value.strip_prefix('-') {
                        Some(name) => (true, name),
                        None => (false, value.as_str()),
                    };
                    match spec.field(name).filter(|f| f.sortable) {
                        Some(field) => {
                            sort = Sort {
                                field: field.name,
                                descending,
                            }
                        }
                        None => errors.push(FieldError::new(
                            "sort",
                            "unknown_field",
                            format!(
                                "cannot sort {} by {value}; sort by one of: {}",
                                spec.resource,
                                spec.sort_values().join(", ")
                            ),
                        )),
                    }
                }
                "q" => {
                    let text = value.trim();
                    if spec.search_fields.is_empty() {
                        errors.push(FieldError::new(
                            "q",
                            "unknown_field",
                            format!("{} cannot be searched", spec.resource),
                        ));
                    } else if text.chars().count() > MAX_SEARCH_LEN {
                        errors.push(FieldError::new(
                            "q",
                            "too_long",
                            format!("q must be at most {MAX_SEARCH_LEN} characters"),
                        ));
                    } else if !text.is_empty() {
                        q = Some(text.to_owned());
                    }
                }
                "count" => match value.as_str() {
                    "true" => count = true,
                    "false" => count = false,
                    _ => errors.push(FieldError::new(
                        "count",
                        "invalid_format",
                        "count must be true or false",
                    )),
                },
                _ => match parse_filter(key, value, spec) {
                    Ok(filter) => filters.push(filter),
                    Err(error) => errors.push(error),
                },
            }
        }

        let after = match cursor {
            Some(text) => match decode_cursor(&text, sort, spec) {
                Some(after) => Some(after),
                None => {
                    errors.push(FieldError::new(
                        "cursor",
                        "invalid_cursor",
                        "cursor is not one this list returned for the same sort; \
                         start again without it",
                    ));
                    None
                }
            },
            None => None,
        };

        if errors.is_empty() {
            Ok(ListQuery {
                limit,
                after,
                sort,
                q,
                count,
                filters,
            })
        } else {
            Err(DomainError::InvalidQuery(errors))
        }
    }

    /// A query with defaults (first page, newest first, no filters).
    pub fn first_page() -> Self {
        ListQuery {
            limit: DEFAULT_LIMIT,
            after: None,
            sort: Sort::NEWEST_FIRST,
            q: None,
            count: false,
            filters: Vec::new(),
        }
    }

    /// The cursor that continues after a row with this sort value and id.
    pub fn cursor_after(&self, value: FilterValue, id: &str) -> String {
        let body = CursorBody {
            s: self.sort.to_param(),
            v: value.to_json(),
            id: id.to_owned(),
        };
        let json = serde_json::to_vec(&body).unwrap_or_default();
        URL_SAFE_NO_PAD.encode(json)
    }
}

fn parse_filter(key: &str, value: &str, spec: &ListSpec) -> Result<Filter, FieldError> {
    let (name, op_text) = match key.split_once('[') {
        Some((name, rest)) => match rest.strip_suffix(']') {
            Some(op) => (name, op),
            None => {
                return Err(FieldError::new(
                    key,
                    "invalid_format",
                    format!("{key} is not a filter; write field=value or field[op]=value"),
                ));
            }
        },
        None => (key, "eq"),
    };
    let Some(field) = spec.field(name).filter(|f| f.filterable) else {
        let names: Vec<&str> = spec
            .fields
            .iter()
            .filter(|f| f.filterable)
            .map(|f| f.name)
            .collect();
        if names.is_empty() {
            return Err(FieldError::new(
                key,
                "unknown_field",
                format!(
                    "{} cannot be filtered; {key} is not a parameter here",
                    spec.resource
                ),
            ));
        }
        return Err(FieldError::new(
            key,
            "unknown_field",
            format!(
                "{} cannot be filtered by {name}; filter by one of: {}",
                spec.resource,
                names.join(", ")
            ),
        ));
    };
    let allowed = field.operators();
    let op = FilterOp::parse(op_text).filter(|op| allowed.contains(op));
    let Some(op) = op else {
        let words: Vec<&str> = allowed.iter().map(|o| o.as_str()).collect();
        return Err(FieldError::new(
            key,
            "unknown_operator",
            format!(
                "{name} does not take the operator {op_text}; it takes: {}",
                words.join(", ")
            ),
        ));
    };
    let bad_value = || {
        FieldError::new(
            key,
            "invalid_format",
            format!("{key} must be {}", field.kind.describe()),
        )
    };
    let one = |text: &str| field.kind.parse_value(text).ok_or_else(bad_value);
    let condition = match op {
        FilterOp::Eq => Condition::Eq(one(value)?),
        FilterOp::Gt => Condition::Gt(one(value)?),
        FilterOp::Gte => Condition::Gte(one(value)?),
        FilterOp::Lt => Condition::Lt(one(value)?),
        FilterOp::Lte => Condition::Lte(one(value)?),
        FilterOp::In => {
            let values = value.split(',').map(one).collect::<Result<Vec<_>, _>>()?;
            if values.is_empty() || values.len() > MAX_LIMIT as usize {
                return Err(FieldError::new(
                    key,
                    "out_of_range",
                    format!("{key} takes 1 to {MAX_LIMIT} comma-separated values"),
                ));
            }
            Condition::In(values)
        }
        FilterOp::Null => match value {
            "true" => Condition::Null(true),
            "false" => Condition::Null(false),
            _ => {
                return Err(FieldError::new(
                    key,
                    "invalid_format",
                    format!("{key} must be true or false"),
                ));
            }
        },
    };
    Ok(Filter {
        field: field.name,
        condition,
    })
}

fn decode_cursor(text: &str, sort: Sort, spec: &ListSpec) -> Option<After> {
    let bytes = URL_SAFE_NO_PAD.decode(text).ok()?;
    let body: CursorBody = serde_json::from_slice(&bytes).ok()?;
    if body.s != sort.to_param() {
        return None;
    }
    let field = spec.field(sort.field)?;
    let value = match (&body.v, field.kind) {
        (Value::Number(n), FieldKind::Integer) => FilterValue::Integer(n.as_i64()?),
        (Value::Bool(b), FieldKind::Bool) => FilterValue::Bool(*b),
        (Value::String(s), kind) => kind.parse_value(s)?,
        _ => return None,
    };
    let id = canonical_uuid(&body.id).ok()?;
    Some(After { value, id })
}

/// A UUID-shaped tie-breaker for lists keyed by a unique sequence number (the change log, the
/// security log), whose keyset cursors need an id.
pub fn seq_cursor_id(seq: i64) -> String {
    format!(
        "00000000-0000-7000-8000-{:012x}",
        seq.max(0) as u64 & 0xffff_ffff_ffff
    )
}

/// One page of a collection, as every list endpoint returns it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Page<T> {
    /// The records of this page.
    pub data: Vec<T>,
    /// Pass as `cursor` to get the next page; `null` on the last page.
    pub next_cursor: Option<String>,
    /// All matching records, when `count=true` was asked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total: Option<i64>,
}

impl<T> Page<T> {
    /// Builds a page from up to `limit + 1` rows: the extra row only says that more exist.
    pub fn from_rows(
        mut rows: Vec<T>,
        query: &ListQuery,
        total: Option<i64>,
        key_of: impl Fn(&T) -> (FilterValue, String),
    ) -> Self {
        let more = rows.len() as i64 > query.limit;
        rows.truncate(query.limit.max(0) as usize);
        let next_cursor = if more {
            rows.last().map(|last| {
                let (value, id) = key_of(last);
                query.cursor_after(value, &id)
            })
        } else {
            None
        };
        Page {
            data: rows,
            next_cursor,
            total,
        }
    }

    /// Converts each record, keeping the paging.
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            data: self.data.into_iter().map(f).collect(),
            next_cursor: self.next_cursor,
            total: self.total,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: ListSpec = ListSpec {
        resource: "accounts",
        fields: &[
            FieldSpec::sortable("name", FieldKind::Text),
            FieldSpec::sortable("created_at", FieldKind::Timestamp),
            FieldSpec::filter("parent_account_id", FieldKind::Id, true),
            FieldSpec::filter("do_not_email", FieldKind::Bool, false),
            FieldSpec::filter("employees", FieldKind::Integer, true),
        ],
        search_fields: &["name"],
        default_sort: Sort::NEWEST_FIRST,
    };

    fn pairs(query: &str) -> Vec<(String, String)> {
        query
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|p| {
                let (k, v) = p.split_once('=').unwrap_or((p, ""));
                (k.to_owned(), v.to_owned())
            })
            .collect()
    }

    fn errors(query: &str) -> Vec<FieldError> {
        match ListQuery::parse(&pairs(query), &SPEC) {
            Err(DomainError::InvalidQuery(errors)) => errors,
            other => panic!("expected errors, got {other:?}"),
        }
    }

    #[test]
    fn defaults_are_fifty_newest_first() {
        let q = ListQuery::parse(&[], &SPEC).unwrap();
        assert_eq!(q.limit, 50);
        assert_eq!(q.sort.to_param(), "-created_at");
        assert!(!q.count && q.filters.is_empty() && q.after.is_none());
    }

    #[test]
    fn filters_parse_to_typed_conditions() {
        let q = ListQuery::parse(
            &pairs("name[in]=Acme,Globex&employees[gte]=10&do_not_email=true&parent_account_id[null]=true&sort=-name&count=true&q=%20ac%20"),
            &SPEC,
        )
        .unwrap();
        assert_eq!(q.sort.to_param(), "-name");
        assert!(q.count);
        assert_eq!(q.q.as_deref(), Some("%20ac%20"));
        assert_eq!(
            q.filters,
            vec![
                Filter {
                    field: "name",
                    condition: Condition::In(vec![
                        FilterValue::Text("Acme".into()),
                        FilterValue::Text("Globex".into())
                    ])
                },
                Filter {
                    field: "employees",
                    condition: Condition::Gte(FilterValue::Integer(10))
                },
                Filter {
                    field: "do_not_email",
                    condition: Condition::Eq(FilterValue::Bool(true))
                },
                Filter {
                    field: "parent_account_id",
                    condition: Condition::Null(true)
                },
            ]
        );
    }

    #[test]
    fn unknown_fields_operators_and_bad_values_are_all_reported() {
        let errs = errors("colour=red&name[like]=x&employees=many&limit=500&sort=website");
        let codes: Vec<_> = errs
            .iter()
            .map(|e| (e.field.as_str(), e.code.as_str()))
            .collect();
        assert_eq!(
            codes,
            [
                ("colour", "unknown_field"),
                ("name[like]", "unknown_operator"),
                ("employees", "invalid_format"),
                ("limit", "out_of_range"),
                ("sort", "unknown_field"),
            ]
        );
    }

    #[test]
    fn null_is_only_for_nullable_fields_and_ranges_not_for_ids() {
        assert_eq!(errors("name[null]=true")[0].code, "unknown_operator");
        assert_eq!(
            errors("parent_account_id[gt]=x")[0].code,
            "unknown_operator"
        );
        assert_eq!(errors("parent_account_id=x")[0].code, "invalid_format");
        assert_eq!(errors("limit=1&limit=2")[0].code, "repeated");
    }

    #[test]
    fn a_cursor_round_trips_and_is_bound_to_its_sort() {
        let q = ListQuery::parse(&pairs("sort=name"), &SPEC).unwrap();
        let id = crate::id::new_uuid_v7();
        let cursor = q.cursor_after(FilterValue::Text("Acme".into()), &id);
        let next = ListQuery::parse(&pairs(&format!("sort=name&cursor={cursor}")), &SPEC).unwrap();
        assert_eq!(
            next.after,
            Some(After {
                value: FilterValue::Text("Acme".into()),
                id
            })
        );
        assert_eq!(
            errors(&format!("sort=-name&cursor={cursor}"))[0].code,
            "invalid_cursor"
        );
        assert_eq!(errors("cursor=garbage")[0].code, "invalid_cursor");
    }

    #[test]
    fn sequence_cursor_ids_are_valid_uuids() {
        assert!(canonical_uuid(&seq_cursor_id(42)).is_ok());
        assert!(canonical_uuid(&seq_cursor_id(i64::MAX)).is_ok());
    }

    #[test]
    fn a_page_of_limit_plus_one_rows_has_a_next_cursor() {
        let mut q = ListQuery::first_page();
        q.limit = 2;
        let rows = vec![(1, "a"), (2, "b"), (3, "c")];
        let page = Page::from_rows(rows, &q, None, |r| (FilterValue::Integer(r.0), r.1.into()));
        assert_eq!(page.data.len(), 2);
        assert!(page.next_cursor.is_some());
        let last = Page::from_rows(vec![(1, "a")], &q, Some(1), |r| {
            (FilterValue::Integer(r.0), r.1.into())
        });
        assert!(last.next_cursor.is_none());
        assert_eq!(last.total, Some(1));
    }
}
