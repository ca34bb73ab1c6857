//! One list query for every resource: visibility and other fixed conditions, the caller's
//! filters and search, the count, keyset pages in a stable order.
//!
//! A store declares its columns once with [`list_query!`](crate::list_query) and gets a `list`
//! function and the cursor key of a row. Nullable columns are given as `col.assume_not_null()`:
//! the SQL is the same (`col = ?`, `col IS NULL`, `lower(col) LIKE ?`) and a NULL never matches a
//! comparison, but conditions then type as `Bool`.

use crm_core::DomainError;

use crate::query::KindMismatch;

/// A list query failed: storage, or a filter or sort the store does not map (a programming
/// error: the resource's list spec and its store disagree).
#[derive(Debug)]
pub enum ListError {
    /// The database failed.
    Storage(diesel::result::Error),
    /// A field of the list spec has no column in the store.
    Unmapped(&'static str),
}

impl From<diesel::result::Error> for ListError {
    fn from(e: diesel::result::Error) -> Self {
        ListError::Storage(e)
    }
}

impl From<KindMismatch> for ListError {
    fn from(_: KindMismatch) -> Self {
        ListError::Unmapped("(a filter value of another kind than its column)")
    }
}

impl From<ListError> for DomainError {
    fn from(e: ListError) -> Self {
        match e {
            ListError::Storage(e) => DomainError::from(e),
            ListError::Unmapped(field) => {
                DomainError::Internal(format!("list field {field} has no column"))
            }
        }
    }
}

/// Declares the list query of a table.
///
/// ```text
/// list_query! {
///     /// Accounts, a page at a time.
///     pub fn list_accounts / account_sort_key (accounts) -> AccountRow {
///         id: accounts::id,
///         filters: {
///             "name" => (accounts::name, String),
///             "city" => (accounts::city.assume_not_null(), String),
///         },
///         sorts: {
///             "name" => (accounts::name, Text, |r| r.name.clone()),
///             "created_at" => (accounts::created_at, Timestamp, |r| r.created_at),
///         },
///         search: [accounts::name, accounts::city.assume_not_null()],
///     }
/// }
/// ```
/// generates `list_accounts(conn, conditions, &ListQuery) -> Result<(rows, total), ListError>`
/// (at most `limit + 1` rows, the extra one only says that more exist) and
/// `account_sort_key(&row, field) -> (FilterValue, id)` for cursors. `conditions` are fixed
/// conditions the caller adds (visibility, "of this account").
#[macro_export]
macro_rules! list_query {
    (
        $(#[$meta:meta])*
        pub fn $list:ident / $key:ident ($table:ident) -> $row:ty {
            id: $id:expr,
            filters: { $($fname:literal => ($fcol:expr, $fty:ty)),* $(,)? },
            sorts: { $($sname:literal => ($scol:expr, $skind:ident, |$srow:ident| $sval:expr)),* $(,)? },
            search: [$($search:expr),* $(,)?] $(,)?
        }
    ) => {
        $(#[$meta])*
        pub fn $list(
            conn: &mut $crate::AnyConnection,
            conditions: impl Fn() -> Vec<$crate::query::BoxedCondition<'static, $table::table>>,
            list: &crm_core::list::ListQuery,
        ) -> Result<(Vec<$row>, Option<i64>), $crate::listing::ListError> {
            use diesel::prelude::*;

            let all = || -> Result<Vec<$crate::query::BoxedCondition<'static, $table::table>>, $crate::listing::ListError> {
                let mut all = conditions();
                for filter in &list.filters {
                    let condition = match filter.field {
                        $($fname => $crate::query::condition::<_, _, $fty>($fcol, &filter.condition)?,)*
                        other => return Err($crate::listing::ListError::Unmapped(other)),
                    };
                    all.push(condition);
                }
                if let Some(q) = &list.q {
                    let pattern = $crate::query::like_pattern(q);
                    let any = $crate::query::any_of(vec![$($crate::query::contains($search, &pattern)),*]);
                    if let Some(any) = any {
                        all.push(any);
                    }
                }
                Ok(all)
            };

            let total = if list.count {
                let mut count = $table::table.count().into_boxed();
                for condition in all()? {
                    count = count.filter(condition);
                }
                Some(count.get_result(conn)?)
            } else {
                None
            };

            let mut q = $table::table.select(<$row>::as_select()).into_boxed();
            for condition in all()? {
                q = q.filter(condition);
            }
            let sort = list.sort;
            if let Some(after) = &list.after {
                let last_id = after.id.clone();
                let condition = match (sort.field, &after.value) {
                    $(
                        ($sname, $crate::__sort_value_pattern!($skind, v)) => {
                            $crate::query::after($scol, $id, sort, v.clone(), last_id)
                        }
                    )*
                    _ => return Err($crate::listing::ListError::Unmapped(sort.field)),
                };
                q = q.filter(condition);
            }
            q = match sort.field {
                $($sname => $crate::query::order(q, $scol, $id, sort),)*
                other => return Err($crate::listing::ListError::Unmapped(other)),
            };
            let rows = q.limit(list.limit + 1).load(conn)?;
            Ok((rows, total))
        }

        /// The keyset position of a row for a sort field (for the next page's cursor).
        pub fn $key(row: &$row, field: &str) -> (crm_core::list::FilterValue, String) {
            #[allow(unused_variables)]
            let value = match field {
                $($sname => { let $srow = row; $crate::__sort_value!($skind, $sval) })*
                _ => crm_core::list::FilterValue::Text(String::new()),
            };
            (value, row.id.to_string())
        }
    };
}

/// The `FilterValue` pattern of a sort column kind (macro plumbing).
#[doc(hidden)]
#[macro_export]
macro_rules! __sort_value_pattern {
    (Text, $v:ident) => {
        crm_core::list::FilterValue::Text($v)
    };
    (Timestamp, $v:ident) => {
        crm_core::list::FilterValue::Timestamp($v)
    };
    (Integer, $v:ident) => {
        crm_core::list::FilterValue::Integer($v)
    };
    (Date, $v:ident) => {
        crm_core::list::FilterValue::Date($v)
    };
}

/// The `FilterValue` of a row's sort value (macro plumbing).
#[doc(hidden)]
#[macro_export]
macro_rules! __sort_value {
    (Text, $e:expr) => {
        crm_core::list::FilterValue::Text($e)
    };
    (Timestamp, $e:expr) => {
        crm_core::list::FilterValue::Timestamp($e)
    };
    (Integer, $e:expr) => {
        crm_core::list::FilterValue::Integer($e)
    };
    (Date, $e:expr) => {
        crm_core::list::FilterValue::Date($e)
    };
}
