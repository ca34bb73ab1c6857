//! The security event log: who signed in, who failed, keys, roles, disabled users.

use crm_core::list::{FilterValue, ListQuery, Page, seq_cursor_id};
use crm_core::security::{Action, Ctx, entities};
use crm_core::{DomainResult, Timestamp};
use crm_db::AnyConnection;
use serde_json::Value;

use crate::model::{SecurityEvent, SecurityEventKind};
use crate::store::events;

/// Appends an event in the caller's transaction. `details` must never hold a secret.
pub fn record(
    conn: &mut AnyConnection,
    kind: SecurityEventKind,
    user_id: Option<&str>,
    actor_id: Option<&str>,
    ip: Option<&str>,
    details: Value,
    now: Timestamp,
) -> DomainResult<()> {
    Ok(events::insert_event(
        conn, kind, user_id, actor_id, ip, &details, now,
    )?)
}

/// Appends an event caused by the caller.
pub fn record_by(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    kind: SecurityEventKind,
    user_id: Option<&str>,
    details: Value,
) -> DomainResult<()> {
    record(
        conn,
        kind,
        user_id,
        Some(ctx.actor()),
        ctx.client.as_deref(),
        details,
        ctx.now,
    )
}

/// A page of the security log (administrators).
pub fn list(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    list: &ListQuery,
) -> DomainResult<Page<SecurityEvent>> {
    ctx.principal
        .require(entities::SECURITY_EVENTS, Action::Read)?;
    let (rows, total) = events::list_events(conn, list)?;
    let page = Page::from_rows(rows, list, total, |r| {
        (FilterValue::Integer(r.seq()), seq_cursor_id(r.seq()))
    });
    Ok(page.map(events::EventRow::into_event))
}
