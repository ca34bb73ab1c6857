//! The change log: appended in the write's transaction, read as record history and as the feed.
//!
//! On PostgreSQL, sequence numbers are handed out when rows are inserted but become visible when
//! transactions commit, which may be in another order: a feed reader that saw seq 11 could miss a
//! seq 10 committed a moment later. Appending therefore takes a transaction-scoped advisory lock,
//! so changes commit in sequence order and `after=<seq>` never skips one. SQLite has one writer
//! at a time and needs nothing.

use crm_core::Timestamp;
use crm_core::changes::{Change, FieldChange, Operation, Recordable, diff};
use crm_core::list::{FilterValue, ListQuery, Page, seq_cursor_id};
use crm_core::security::AccessScope;
use diesel::prelude::*;

use crate::conn::{AnyConnection, is_postgres};
use crate::native::Native;
use crate::query::{self, BoxedCondition};
use crate::schema::changes;

/// The advisory lock key that orders change-log appends on PostgreSQL.
const CHANGE_LOG_LOCK: i64 = 0x0000_4352_4d4c_4f47; // "CRMLOG"

/// A change about to be appended.
#[derive(Debug, Clone)]
pub struct NewChange<'a> {
    /// The kind of record.
    pub entity: &'a str,
    /// The record's id.
    pub record_id: &'a str,
    /// What the write did.
    pub operation: Operation,
    /// The changed fields.
    pub fields: Vec<FieldChange>,
    /// Who did it.
    pub actor_id: Option<&'a str>,
    /// The record's owner after the write (before it, for a deletion).
    pub owner_id: Option<&'a str>,
    /// The record's business unit after the write (before it, for a deletion).
    pub business_unit_id: Option<&'a str>,
    /// When.
    pub occurred_at: Timestamp,
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = changes)]
struct ChangeRow {
    seq: i64,
    entity: String,
    record_id: String,
    operation: String,
    fields: String,
    actor_id: Option<String>,
    occurred_at: Timestamp,
}

impl ChangeRow {
    fn into_change(self) -> Change {
        Change {
            seq: self.seq,
            operation: Operation::parse(&self.operation).unwrap_or(Operation::Update),
            changes: serde_json::from_str(&self.fields).unwrap_or_default(),
            entity: self.entity,
            record_id: self.record_id,
            actor_id: self.actor_id,
            occurred_at: self.occurred_at,
        }
    }
}

/// Takes the lock that orders change-log appends until the caller's transaction ends (PostgreSQL;
/// SQLite's single writer orders them already). Call it before inserting into `changes` other
/// than through [`append`] (a bulk insert).
pub fn lock_for_append(conn: &mut AnyConnection) -> QueryResult<()> {
    if is_postgres(conn) {
        diesel::sql_query(format!("SELECT pg_advisory_xact_lock({CHANGE_LOG_LOCK})"))
            .execute(conn)?;
    }
    Ok(())
}

/// Appends a change in the caller's transaction. An update that changed nothing is not logged.
pub fn append(conn: &mut AnyConnection, change: NewChange<'_>) -> QueryResult<()> {
    if change.fields.is_empty() && change.operation == Operation::Update {
        return Ok(());
    }
    lock_for_append(conn)?;
    let fields = serde_json::to_string(&change.fields)
        .map_err(|e| diesel::result::Error::SerializationError(Box::new(e)))?;
    diesel::insert_into(changes::table)
        .values((
            changes::entity.eq(change.entity),
            changes::record_id.eq(change.record_id),
            changes::operation.eq(change.operation.as_str()),
            changes::fields.eq(fields),
            changes::actor_id.eq(change.actor_id),
            changes::owner_id.eq(change.owner_id),
            changes::business_unit_id.eq(change.business_unit_id),
            changes::occurred_at.eq(change.occurred_at),
        ))
        .native_execute(conn)?;
    Ok(())
}

/// Logs a write of a record in the caller's transaction: a creation (`before` is `None`), an
/// update, or a deletion (`after` is `None`), with the fields that differ.
pub fn log<T: Recordable>(
    conn: &mut AnyConnection,
    actor_id: Option<&str>,
    now: Timestamp,
    before: Option<&T>,
    after: Option<&T>,
) -> QueryResult<()> {
    let (operation, record) = match (before, after) {
        (None, Some(a)) => (Operation::Create, a),
        (Some(_), Some(a)) => (Operation::Update, a),
        (Some(b), None) => (Operation::Delete, b),
        (None, None) => return Ok(()),
    };
    append(
        conn,
        NewChange {
            entity: T::ENTITY,
            record_id: record.record_id(),
            operation,
            fields: diff(before, after),
            actor_id,
            owner_id: record.owner_id(),
            business_unit_id: record.business_unit_id(),
            occurred_at: now,
        },
    )
}

/// The history of one record, newest first, paged by the collection contract (sort by `seq`).
pub fn history(
    conn: &mut AnyConnection,
    entity: &str,
    record_id: &str,
    list: &ListQuery,
) -> QueryResult<Page<Change>> {
    let mut q = changes::table
        .filter(changes::entity.eq(entity.to_owned()))
        .filter(changes::record_id.eq(record_id.to_owned()))
        .select(ChangeRow::as_select())
        .into_boxed();
    if let Some(after) = &list.after
        && let FilterValue::Integer(seq) = after.value
    {
        q = if list.sort.descending {
            q.filter(changes::seq.lt(seq))
        } else {
            q.filter(changes::seq.gt(seq))
        };
    }
    q = if list.sort.descending {
        q.order(changes::seq.desc())
    } else {
        q.order(changes::seq.asc())
    };
    let total = if list.count {
        Some(
            changes::table
                .filter(changes::entity.eq(entity.to_owned()))
                .filter(changes::record_id.eq(record_id.to_owned()))
                .count()
                .get_result(conn)?,
        )
    } else {
        None
    };
    let rows = q.limit(list.limit + 1).load(conn)?;
    let page = Page::from_rows(rows, list, total, |r: &ChangeRow| {
        (FilterValue::Integer(r.seq), seq_cursor_id(r.seq))
    });
    Ok(page.map(ChangeRow::into_change))
}

/// One page of the change feed: the changes after `after` that the reader may see, oldest first.
///
/// `scopes` holds, per entity, the reader's read scope; changes of other entities are left out.
pub fn feed(
    conn: &mut AnyConnection,
    after: i64,
    limit: i64,
    scopes: &[(&'static str, AccessScope)],
) -> QueryResult<Vec<Change>> {
    let per_entity: Vec<BoxedCondition<'static, changes::table>> = scopes
        .iter()
        .map(|(entity, scope)| of_entity_visible(entity, scope))
        .collect();
    let Some(visible) = query::any_of(per_entity) else {
        return Ok(Vec::new());
    };
    let rows = changes::table
        .filter(changes::seq.gt(after))
        .filter(visible)
        .order(changes::seq.asc())
        .limit(limit)
        .select(ChangeRow::as_select())
        .load(conn)?;
    Ok(rows.into_iter().map(ChangeRow::into_change).collect())
}

/// The changes of one entity that a reader with this read scope may see.
pub fn of_entity_visible(
    entity: &'static str,
    scope: &AccessScope,
) -> BoxedCondition<'static, changes::table> {
    let of_entity = changes::entity.eq(entity);
    match scope {
        AccessScope::Organization => Box::new(of_entity) as BoxedCondition<'static, _>,
        AccessScope::Restricted {
            owner_ids,
            business_unit_ids,
        } => Box::new(
            of_entity.and(
                changes::owner_id
                    .assume_not_null()
                    .eq_any(owner_ids.clone())
                    .or(changes::business_unit_id
                        .assume_not_null()
                        .eq_any(business_unit_ids.clone())),
            ),
        ),
    }
}

/// Changes under `condition` (a timeline's records, with what the reader may see) ordered by
/// (`occurred_at`, `seq`), newest first when `descending`, continuing after the keyset position
/// when given: up to `limit` rows. The position's `seq` is `None` when the page ended on an entry
/// that is not a change: such entries sort above every change of the same instant.
pub fn by_time(
    conn: &mut AnyConnection,
    condition: BoxedCondition<'static, changes::table>,
    after: Option<(Timestamp, Option<i64>)>,
    descending: bool,
    limit: i64,
) -> QueryResult<Vec<Change>> {
    let mut q = changes::table
        .filter(condition)
        .select(ChangeRow::as_select())
        .into_boxed();
    q = match (after, descending) {
        (None, _) => q,
        // The changes of that instant come after it, newest first; before it, oldest first.
        (Some((at, None)), true) => q.filter(changes::occurred_at.le(at)),
        (Some((at, None)), false) => q.filter(changes::occurred_at.gt(at)),
        (Some((at, Some(seq))), true) => q.filter(
            changes::occurred_at
                .lt(at)
                .or(changes::occurred_at.eq(at).and(changes::seq.lt(seq))),
        ),
        (Some((at, Some(seq))), false) => q.filter(
            changes::occurred_at
                .gt(at)
                .or(changes::occurred_at.eq(at).and(changes::seq.gt(seq))),
        ),
    };
    q = if descending {
        q.order((changes::occurred_at.desc(), changes::seq.desc()))
    } else {
        q.order((changes::occurred_at.asc(), changes::seq.asc()))
    };
    let rows = q.limit(limit).load(conn)?;
    Ok(rows.into_iter().map(ChangeRow::into_change).collect())
}

/// How many changes hold under `condition`.
pub fn count(
    conn: &mut AnyConnection,
    condition: BoxedCondition<'static, changes::table>,
) -> QueryResult<i64> {
    changes::table.filter(condition).count().get_result(conn)
}
