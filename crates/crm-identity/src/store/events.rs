//! The security event log.

use crm_core::Timestamp;
use crm_core::list::{FilterValue, ListQuery};
use crm_db::AnyConnection;
use crm_db::listing::ListError;
use crm_db::schema::security_events;
use diesel::prelude::*;

use crate::model::{SecurityEvent, SecurityEventKind};

/// A stored security event.
#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = security_events)]
pub struct EventRow {
    seq: i64,
    kind: String,
    user_id: Option<String>,
    actor_id: Option<String>,
    ip: Option<String>,
    details: String,
    occurred_at: Timestamp,
}

impl EventRow {
    /// The event as the API shows it.
    pub fn into_event(self) -> SecurityEvent {
        SecurityEvent {
            seq: self.seq,
            kind: SecurityEventKind::parse(&self.kind).unwrap_or(SecurityEventKind::SignInFailed),
            user_id: self.user_id,
            actor_id: self.actor_id,
            ip: self.ip,
            details: serde_json::from_str(&self.details).unwrap_or_default(),
            occurred_at: self.occurred_at,
        }
    }

    /// The `seq`, for cursors.
    pub fn seq(&self) -> i64 {
        self.seq
    }
}

/// A page of events, newest first (or oldest first with `sort=seq`), filtered.
pub fn list_events(
    conn: &mut AnyConnection,
    list: &ListQuery,
) -> Result<(Vec<EventRow>, Option<i64>), ListError> {
    use crm_db::query::{BoxedCondition, condition};
    let conditions =
        || -> Result<Vec<BoxedCondition<'static, security_events::table>>, ListError> {
            let mut all = Vec::new();
            for f in &list.filters {
                let c = &f.condition;
                all.push(match f.field {
                    "kind" => condition::<_, _, String>(security_events::kind, c)?,
                    "user_id" => {
                        condition::<_, _, String>(security_events::user_id.assume_not_null(), c)?
                    }
                    "actor_id" => {
                        condition::<_, _, String>(security_events::actor_id.assume_not_null(), c)?
                    }
                    "occurred_at" => condition::<_, _, Timestamp>(security_events::occurred_at, c)?,
                    other => return Err(ListError::Unmapped(other)),
                });
            }
            Ok(all)
        };
    let total = if list.count {
        let mut count = security_events::table.count().into_boxed();
        for c in conditions()? {
            count = count.filter(c);
        }
        Some(count.get_result(conn)?)
    } else {
        None
    };
    let mut q = security_events::table
        .select(EventRow::as_select())
        .into_boxed();
    for c in conditions()? {
        q = q.filter(c);
    }
    if let Some(after) = &list.after
        && let FilterValue::Integer(seq) = after.value
    {
        q = if list.sort.descending {
            q.filter(security_events::seq.lt(seq))
        } else {
            q.filter(security_events::seq.gt(seq))
        };
    }
    q = if list.sort.descending {
        q.order(security_events::seq.desc())
    } else {
        q.order(security_events::seq.asc())
    };
    Ok((q.limit(list.limit + 1).load(conn)?, total))
}

/// Appends an event.
pub fn insert_event(
    conn: &mut AnyConnection,
    kind: SecurityEventKind,
    user_id: Option<&str>,
    actor_id: Option<&str>,
    ip: Option<&str>,
    details: &serde_json::Value,
    now: Timestamp,
) -> QueryResult<()> {
    diesel::insert_into(security_events::table)
        .values((
            security_events::kind.eq(kind.as_str()),
            security_events::user_id.eq(user_id),
            security_events::actor_id.eq(actor_id),
            security_events::ip.eq(ip),
            security_events::details.eq(details.to_string()),
            security_events::occurred_at.eq(now),
        ))
        .execute(conn)
        .map(|_| ())
}
