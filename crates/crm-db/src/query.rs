//! Collection queries built once: visibility, field filters, text search and keyset pages.
//!
//! Each resource's store maps its API field names to columns and calls these helpers, which
//! return boxed conditions for diesel's boxed queries. The bounds are stated on the resulting
//! expression types, so any column of a fitting SQL type works and the check happens at the call.

use crm_core::list::{Condition, FilterValue, Sort};
use crm_core::security::AccessScope;
use diesel::dsl;
use diesel::expression::BoxableExpression;
use diesel::prelude::*;
use diesel::sql_types::{Bool, Text};

use crate::conn::MultiBackend;

/// A boxed SQL condition on the query source `QS`.
pub type BoxedCondition<'a, QS> = Box<dyn BoxableExpression<QS, MultiBackend, SqlType = Bool> + 'a>;

diesel::define_sql_function! {
    /// SQL `lower(text)`.
    fn lower(x: Text) -> Text;
}

diesel::define_sql_function! {
    /// SQL `lower(text)` on a nullable column.
    #[sql_name = "lower"]
    fn lower_nullable(x: diesel::sql_types::Nullable<Text>) -> diesel::sql_types::Nullable<Text>;
}

/// The rows an access scope reaches, as a condition on the record's owner and business unit;
/// `None` when it reaches every row.
pub fn visible<'a, QS, O, U>(
    scope: &AccessScope,
    owner: O,
    unit: U,
) -> Option<BoxedCondition<'a, QS>>
where
    O: ExpressionMethods + Expression<SqlType = Text> + 'a,
    U: ExpressionMethods + Expression<SqlType = Text> + 'a,
    dsl::EqAny<O, Vec<String>>: BoxableExpression<QS, MultiBackend, SqlType = Bool> + 'a,
    dsl::Or<dsl::EqAny<O, Vec<String>>, dsl::EqAny<U, Vec<String>>>:
        BoxableExpression<QS, MultiBackend, SqlType = Bool> + 'a,
{
    match scope {
        AccessScope::Organization => None,
        AccessScope::Restricted {
            owner_ids,
            business_unit_ids,
        } => {
            if business_unit_ids.is_empty() {
                Some(Box::new(owner.eq_any(owner_ids.clone())))
            } else {
                Some(Box::new(
                    owner
                        .eq_any(owner_ids.clone())
                        .or(unit.eq_any(business_unit_ids.clone())),
                ))
            }
        }
    }
}

/// The condition [`visible_fixed`] returns.
pub type FixedVisibility<O, U> = dsl::Or<dsl::EqAny<O, Vec<String>>, dsl::EqAny<U, Vec<String>>>;

/// The condition of [`visible`] as a fixed (not boxed) expression, for a query run with
/// [`Native`](crate::Native): `owner IN (..) OR unit IN (..)`, `None` when the scope reaches every
/// row. An empty list of units matches no row, so the condition is then the owners' alone.
pub fn visible_fixed<O, U>(scope: &AccessScope, owner: O, unit: U) -> Option<FixedVisibility<O, U>>
where
    O: ExpressionMethods + Expression<SqlType = Text>,
    U: ExpressionMethods + Expression<SqlType = Text>,
{
    match scope {
        AccessScope::Organization => None,
        AccessScope::Restricted {
            owner_ids,
            business_unit_ids,
        } => Some(
            owner
                .eq_any(owner_ids.clone())
                .or(unit.eq_any(business_unit_ids.clone())),
        ),
    }
}

/// Converts a parsed filter value into the column's Rust type.
pub trait FromFilterValue: Sized {
    /// `None` when the value is of another kind (the spec and the store disagree).
    fn from_filter_value(value: &FilterValue) -> Option<Self>;
}

impl FromFilterValue for String {
    fn from_filter_value(value: &FilterValue) -> Option<Self> {
        match value {
            FilterValue::Text(t) => Some(t.clone()),
            _ => None,
        }
    }
}

impl FromFilterValue for i64 {
    fn from_filter_value(value: &FilterValue) -> Option<Self> {
        match value {
            FilterValue::Integer(i) => Some(*i),
            _ => None,
        }
    }
}

impl FromFilterValue for bool {
    fn from_filter_value(value: &FilterValue) -> Option<Self> {
        match value {
            FilterValue::Bool(b) => Some(*b),
            _ => None,
        }
    }
}

impl FromFilterValue for crm_core::Timestamp {
    fn from_filter_value(value: &FilterValue) -> Option<Self> {
        match value {
            FilterValue::Timestamp(t) => Some(*t),
            _ => None,
        }
    }
}

impl FromFilterValue for chrono::NaiveDate {
    fn from_filter_value(value: &FilterValue) -> Option<Self> {
        match value {
            FilterValue::Date(d) => Some(*d),
            _ => None,
        }
    }
}

/// A value of the wrong kind reached a column: the resource's spec and its store disagree.
#[derive(Debug, thiserror::Error)]
#[error("filter value of the wrong kind for its column")]
pub struct KindMismatch;

fn value<V: FromFilterValue>(v: &FilterValue) -> Result<V, KindMismatch> {
    V::from_filter_value(v).ok_or(KindMismatch)
}

/// The SQL condition for one filter on a column holding values of Rust type `V`.
pub fn condition<'a, QS, C, V>(
    column: C,
    condition: &Condition,
) -> Result<BoxedCondition<'a, QS>, KindMismatch>
where
    C: ExpressionMethods + 'a,
    V: FromFilterValue + 'a,
    dsl::Eq<C, V>: BoxableExpression<QS, MultiBackend, SqlType = Bool> + 'a,
    dsl::EqAny<C, Vec<V>>: BoxableExpression<QS, MultiBackend, SqlType = Bool> + 'a,
    dsl::Gt<C, V>: BoxableExpression<QS, MultiBackend, SqlType = Bool> + 'a,
    dsl::GtEq<C, V>: BoxableExpression<QS, MultiBackend, SqlType = Bool> + 'a,
    dsl::Lt<C, V>: BoxableExpression<QS, MultiBackend, SqlType = Bool> + 'a,
    dsl::LtEq<C, V>: BoxableExpression<QS, MultiBackend, SqlType = Bool> + 'a,
    dsl::IsNull<C>: BoxableExpression<QS, MultiBackend, SqlType = Bool> + 'a,
    dsl::IsNotNull<C>: BoxableExpression<QS, MultiBackend, SqlType = Bool> + 'a,
    V: diesel::expression::AsExpression<C::SqlType>,
    C::SqlType: diesel::sql_types::SqlType,
{
    Ok(match condition {
        Condition::Eq(v) => Box::new(column.eq(value::<V>(v)?)),
        Condition::In(vs) => {
            Box::new(column.eq_any(vs.iter().map(value::<V>).collect::<Result<Vec<V>, _>>()?))
        }
        Condition::Gt(v) => Box::new(column.gt(value::<V>(v)?)),
        Condition::Gte(v) => Box::new(column.ge(value::<V>(v)?)),
        Condition::Lt(v) => Box::new(column.lt(value::<V>(v)?)),
        Condition::Lte(v) => Box::new(column.le(value::<V>(v)?)),
        Condition::Null(true) => Box::new(column.is_null()),
        Condition::Null(false) => Box::new(column.is_not_null()),
    })
}

/// Escapes `%`, `_` and the escape character itself for a `LIKE ... ESCAPE '\'` pattern.
pub fn like_pattern(text: &str) -> String {
    let mut pattern = String::with_capacity(text.len() + 2);
    pattern.push('%');
    for c in text.to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

/// Case-insensitive "contains" on a text column: `lower(col) LIKE '%text%' ESCAPE '\'`.
pub fn contains<'a, QS, C>(column: C, pattern: &str) -> BoxedCondition<'a, QS>
where
    C: Expression<SqlType = Text> + 'a,
    dsl::Escape<dsl::Like<lower<C>, String>>:
        BoxableExpression<QS, MultiBackend, SqlType = Bool> + 'a,
{
    Box::new(lower(column).like(pattern.to_owned()).escape('\\'))
}

/// Case-insensitive "contains" on a nullable text column.
pub fn contains_nullable<'a, QS, C>(column: C, pattern: &str) -> BoxedCondition<'a, QS>
where
    C: Expression<SqlType = diesel::sql_types::Nullable<Text>> + 'a,
    dsl::Escape<dsl::Like<lower_nullable<C>, String>>:
        BoxableExpression<QS, MultiBackend, SqlType = diesel::sql_types::Nullable<Bool>> + 'a,
    diesel::dsl::AssumeNotNull<dsl::Escape<dsl::Like<lower_nullable<C>, String>>>:
        BoxableExpression<QS, MultiBackend, SqlType = Bool> + 'a,
{
    Box::new(
        lower_nullable(column)
            .like(pattern.to_owned())
            .escape('\\')
            .assume_not_null(),
    )
}

/// ORs conditions together (`None` for an empty list).
pub fn any_of<'a, QS: 'a>(
    conditions: Vec<BoxedCondition<'a, QS>>,
) -> Option<BoxedCondition<'a, QS>> {
    conditions.into_iter().reduce(|acc, c| Box::new(acc.or(c)))
}

/// The keyset condition that continues a page after the row (`value`, `id`) in `sort` order:
/// `col >= v AND (col > v OR id > last_id)` ascending, mirrored descending. The redundant first
/// term lets both databases start the index range at `v` instead of filtering from the start.
pub fn after<'a, QS, C, I, V>(
    column: C,
    id: I,
    sort: Sort,
    value: V,
    last_id: String,
) -> BoxedCondition<'a, QS>
where
    QS: 'a,
    C: ExpressionMethods + Copy + 'a,
    I: ExpressionMethods + 'a,
    V: Clone + 'a,
    dsl::Gt<C, V>: BoxableExpression<QS, MultiBackend, SqlType = Bool> + 'a,
    dsl::GtEq<C, V>: BoxableExpression<QS, MultiBackend, SqlType = Bool> + 'a,
    dsl::Lt<C, V>: BoxableExpression<QS, MultiBackend, SqlType = Bool> + 'a,
    dsl::LtEq<C, V>: BoxableExpression<QS, MultiBackend, SqlType = Bool> + 'a,
    dsl::Gt<I, String>: BoxableExpression<QS, MultiBackend, SqlType = Bool> + 'a,
    dsl::Lt<I, String>: BoxableExpression<QS, MultiBackend, SqlType = Bool> + 'a,
    V: diesel::expression::AsExpression<C::SqlType>,
    C::SqlType: diesel::sql_types::SqlType,
    String: diesel::expression::AsExpression<I::SqlType>,
    I::SqlType: diesel::sql_types::SqlType,
{
    let (bound, strictly, tie): (
        BoxedCondition<'a, QS>,
        BoxedCondition<'a, QS>,
        BoxedCondition<'a, QS>,
    ) = if sort.descending {
        (
            Box::new(column.le(value.clone())),
            Box::new(column.lt(value)),
            Box::new(id.lt(last_id)),
        )
    } else {
        (
            Box::new(column.ge(value.clone())),
            Box::new(column.gt(value)),
            Box::new(id.gt(last_id)),
        )
    };
    Box::new(bound.and(strictly.or(tie)))
}

/// Orders a query by a sort field with the id as tie-breaker, so keyset pages are exact.
pub fn order<Q, C, I>(query: Q, column: C, id: I, sort: Sort) -> Q
where
    C: ExpressionMethods,
    I: ExpressionMethods,
    Q: diesel::query_dsl::methods::OrderDsl<(dsl::Asc<C>, dsl::Asc<I>), Output = Q>
        + diesel::query_dsl::methods::OrderDsl<(dsl::Desc<C>, dsl::Desc<I>), Output = Q>,
{
    if sort.descending {
        diesel::query_dsl::methods::OrderDsl::order(query, (column.desc(), id.desc()))
    } else {
        diesel::query_dsl::methods::OrderDsl::order(query, (column.asc(), id.asc()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_patterns_escape_wildcards_and_ignore_case() {
        assert_eq!(like_pattern("Ac%me_"), "%ac\\%me\\_%");
        assert_eq!(like_pattern("a\\b"), "%a\\\\b%");
    }
}
