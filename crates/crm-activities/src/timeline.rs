//! The timeline of a record: its activities, notes and changes, and those of its children (an
//! account's contacts, opportunities and cases, a contact's opportunities and cases), newest
//! first (or oldest first with `sort=at`), paged like any list.
//!
//! The three sources are read newest first, each up to a page, and merged. The order is
//! (`at`, keyset id) descending, where an activity's or note's keyset id is its UUIDv7 and a
//! change's is the UUID-shaped form of its sequence number, which sorts below every real UUIDv7:
//! one total order, so a cursor continues exactly where the page ended. Every entry is filtered
//! by the caller's own read scope over its kind, in the query.

use crm_core::list::{Condition, FilterValue, ListQuery, Page, seq_cursor_id};
use crm_core::security::{Action, Ctx, entities};
use crm_core::{DomainError, DomainResult, Timestamp};
use crm_db::AnyConnection;
use crm_db::changes;
use crm_db::query::BoxedCondition;
use crm_db::schema::{activities, cases, changes as changes_table, contacts, notes, opportunities};
use diesel::prelude::*;

use crate::model::{Activity, ActivityRow, NoteRow, RegardingType, TimelineEntry, TimelineKind};
use crate::regarding;
use crate::{notes as note_rules, store};

/// The most children of each kind whose entries a timeline merges (the newest ones): an account
/// with more contacts still shows its own entries and those of its 2,000 newest contacts.
const MAX_CHILDREN: i64 = 2_000;

/// The record and the children whose entries its timeline shows: an account's contacts and
/// opportunities, a contact's opportunities. Read first, each through its own index, so that the
/// entries are then found by explicit ids (an `IN` over a subquery let the planner scan the whole
/// change log instead).
struct Members {
    kind: RegardingType,
    id: String,
    contacts: Vec<String>,
    opportunities: Vec<String>,
    cases: Vec<String>,
}

impl Members {
    fn load(conn: &mut AnyConnection, kind: RegardingType, id: &str) -> DomainResult<Members> {
        let contacts = match kind {
            RegardingType::Accounts => contacts::table
                .filter(contacts::account_id.eq(id.to_owned()))
                .order((contacts::created_at.desc(), contacts::id.desc()))
                .limit(MAX_CHILDREN)
                .select(contacts::id)
                .load(conn)?,
            _ => Vec::new(),
        };
        let opportunities = match kind {
            RegardingType::Accounts => opportunities::table
                .filter(opportunities::account_id.eq(id.to_owned()))
                .order((opportunities::created_at.desc(), opportunities::id.desc()))
                .limit(MAX_CHILDREN)
                .select(opportunities::id)
                .load(conn)?,
            RegardingType::Contacts => opportunities::table
                .filter(opportunities::contact_id.eq(id.to_owned()))
                .order((opportunities::created_at.desc(), opportunities::id.desc()))
                .limit(MAX_CHILDREN)
                .select(opportunities::id)
                .load(conn)?,
            _ => Vec::new(),
        };
        let cases = match kind {
            RegardingType::Accounts => cases::table
                .filter(cases::account_id.eq(id.to_owned()))
                .order((cases::created_at.desc(), cases::id.desc()))
                .limit(MAX_CHILDREN)
                .select(cases::id)
                .load(conn)?,
            RegardingType::Contacts => cases::table
                .filter(cases::contact_id.eq(id.to_owned()))
                .order((cases::created_at.desc(), cases::id.desc()))
                .limit(MAX_CHILDREN)
                .select(cases::id)
                .load(conn)?,
            _ => Vec::new(),
        };
        Ok(Members {
            kind,
            id: id.to_owned(),
            contacts,
            opportunities,
            cases,
        })
    }

    /// Every member's id: the record's own and its children's.
    fn all_ids(&self) -> Vec<String> {
        let mut ids = Vec::with_capacity(
            1 + self.contacts.len() + self.opportunities.len() + self.cases.len(),
        );
        ids.push(self.id.clone());
        ids.extend(self.contacts.iter().cloned());
        ids.extend(self.opportunities.iter().cloned());
        ids.extend(self.cases.iter().cloned());
        ids
    }
}

/// Activities regarding the record or its children.
fn activities_of(members: &Members) -> BoxedCondition<'static, activities::table> {
    Box::new(
        activities::regarding_id
            .assume_not_null()
            .eq_any(members.all_ids()),
    )
}

/// Notes on the record or its children.
fn notes_of(members: &Members) -> BoxedCondition<'static, notes::table> {
    Box::new(notes::regarding_id.eq_any(members.all_ids()))
}

/// Changes of the record and of its children, each kind within the caller's read scope over it
/// (`None` when the caller reads none of them).
fn changes_of(
    ctx: &Ctx,
    members: &Members,
) -> Option<BoxedCondition<'static, changes_table::table>> {
    let visible = |entity: &'static str| {
        ctx.principal
            .scope(entity, Action::Read)
            .map(|scope| changes::of_entity_visible(entity, &scope))
    };
    let mut parts: Vec<BoxedCondition<'static, changes_table::table>> = Vec::new();
    let groups = [
        (members.kind.entity(), vec![members.id.clone()]),
        (entities::CONTACTS, members.contacts.clone()),
        (entities::OPPORTUNITIES, members.opportunities.clone()),
        (entities::CASES, members.cases.clone()),
    ];
    for (entity, ids) in groups {
        if ids.is_empty() {
            continue;
        }
        if let Some(v) = visible(entity) {
            parts.push(Box::new(changes_table::record_id.eq_any(ids).and(v)));
        }
    }
    crm_db::query::any_of(parts)
}

/// The sequence number a change's keyset id stands for; `None` for a real UUID (an activity's
/// or a note's), which sorts above every change's.
fn seq_of(keyset_id: &str) -> Option<i64> {
    let prefix = "00000000-0000-7000-8000-";
    keyset_id
        .strip_prefix(prefix)
        .and_then(|hex| i64::from_str_radix(hex, 16).ok())
}

/// Which kinds of entry the list asks for (`kind=` / `kind[in]=`); all when not filtered.
fn kinds_asked(list: &ListQuery) -> Vec<TimelineKind> {
    let all = vec![
        TimelineKind::Activity,
        TimelineKind::Note,
        TimelineKind::Change,
    ];
    let words = |values: &[FilterValue]| -> Vec<TimelineKind> {
        values
            .iter()
            .filter_map(|v| match v {
                FilterValue::Text(t) => TimelineKind::parse(t),
                _ => None,
            })
            .collect()
    };
    list.filters
        .iter()
        .filter(|f| f.field == "kind")
        .fold(all, |kinds, f| {
            let allowed = match &f.condition {
                Condition::Eq(v) => words(std::slice::from_ref(v)),
                Condition::In(vs) => words(vs),
                _ => kinds.clone(),
            };
            kinds.into_iter().filter(|k| allowed.contains(k)).collect()
        })
}

/// One entry with the key the timeline is ordered by.
struct Keyed {
    at: Timestamp,
    key: String,
    entry: TimelineEntry,
}

fn activity_entry(activity: Activity) -> Keyed {
    let record_type = activity.regarding_type.unwrap_or(RegardingType::Accounts);
    Keyed {
        at: activity.created_at,
        key: activity.id.as_str().to_owned(),
        entry: TimelineEntry {
            kind: TimelineKind::Activity,
            at: activity.created_at,
            record_type,
            record_id: activity.regarding_id.clone().unwrap_or_default(),
            activity: Some(activity),
            note: None,
            change: None,
        },
    }
}

/// The timeline of a record the caller can see (404 otherwise), newest first unless `sort=at`.
pub fn timeline(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    kind: RegardingType,
    id: &str,
    list: &ListQuery,
) -> DomainResult<Page<TimelineEntry>> {
    regarding::load(conn, ctx, kind, id).map_err(|e| match e {
        DomainError::Forbidden { .. } => DomainError::not_found(regarding::singular(kind)),
        other => other,
    })?;
    let members = Members::load(conn, kind, id)?;
    let kinds = kinds_asked(list);
    let before = list.after.as_ref().and_then(|after| match &after.value {
        FilterValue::Timestamp(at) => Some((*at, after.id.clone())),
        _ => None,
    });
    let take = list.limit + 1;
    let descending = list.sort.descending;
    let mut merged: Vec<Keyed> = Vec::new();
    let mut total = 0i64;

    if kinds.contains(&TimelineKind::Activity)
        && let Some(scope) = ctx.principal.scope(entities::ACTIVITIES, Action::Read)
    {
        let condition = || {
            let mut all = vec![activities_of(&members)];
            all.extend(store::visible_activities(&scope));
            all
        };
        let mut q = activities::table
            .select(ActivityRow::as_select())
            .into_boxed();
        for c in condition() {
            q = q.filter(c);
        }
        q = match (&before, descending) {
            (None, _) => q,
            (Some((at, key)), true) => q.filter(
                activities::created_at.lt(*at).or(activities::created_at
                    .eq(*at)
                    .and(activities::id.lt(key.clone()))),
            ),
            (Some((at, key)), false) => q.filter(
                activities::created_at.gt(*at).or(activities::created_at
                    .eq(*at)
                    .and(activities::id.gt(key.clone()))),
            ),
        };
        q = if descending {
            q.order((activities::created_at.desc(), activities::id.desc()))
        } else {
            q.order((activities::created_at.asc(), activities::id.asc()))
        };
        let rows = q.limit(take).load(conn)?;
        merged.extend(rows.into_iter().map(|r| activity_entry(Activity::from(r))));
        if list.count {
            let mut c = activities::table.count().into_boxed();
            for cond in condition() {
                c = c.filter(cond);
            }
            total += c.get_result::<i64>(conn)?;
        }
    }

    if kinds.contains(&TimelineKind::Note)
        && let Some(scope) = ctx.principal.scope(entities::NOTES, Action::Read)
    {
        let condition = || {
            let mut all = vec![notes_of(&members)];
            all.extend(store::visible_notes(&scope));
            all
        };
        let mut q = notes::table.select(NoteRow::as_select()).into_boxed();
        for c in condition() {
            q = q.filter(c);
        }
        q = match (&before, descending) {
            (None, _) => q,
            (Some((at, key)), true) => q.filter(
                notes::created_at
                    .lt(*at)
                    .or(notes::created_at.eq(*at).and(notes::id.lt(key.clone()))),
            ),
            (Some((at, key)), false) => q.filter(
                notes::created_at
                    .gt(*at)
                    .or(notes::created_at.eq(*at).and(notes::id.gt(key.clone()))),
            ),
        };
        q = if descending {
            q.order((notes::created_at.desc(), notes::id.desc()))
        } else {
            q.order((notes::created_at.asc(), notes::id.asc()))
        };
        let rows = q.limit(take).load(conn)?;
        for note in note_rules::with_attachments(conn, rows)? {
            merged.push(Keyed {
                at: note.created_at,
                key: note.id.as_str().to_owned(),
                entry: TimelineEntry {
                    kind: TimelineKind::Note,
                    at: note.created_at,
                    record_type: note.regarding_type,
                    record_id: note.regarding_id.clone(),
                    activity: None,
                    note: Some(note),
                    change: None,
                },
            });
        }
        if list.count {
            let mut c = notes::table.count().into_boxed();
            for cond in condition() {
                c = c.filter(cond);
            }
            total += c.get_result::<i64>(conn)?;
        }
    }

    if kinds.contains(&TimelineKind::Change) && changes_of(ctx, &members).is_some() {
        let position = before.as_ref().map(|(at, key)| (*at, seq_of(key)));
        let found = changes::by_time(
            conn,
            changes_of(ctx, &members).ok_or(DomainError::not_found("timeline"))?,
            position,
            descending,
            take,
        )?;
        for change in found {
            let record_type = RegardingType::parse(&change.entity).unwrap_or(kind);
            merged.push(Keyed {
                at: change.occurred_at,
                key: seq_cursor_id(change.seq),
                entry: TimelineEntry {
                    kind: TimelineKind::Change,
                    at: change.occurred_at,
                    record_type,
                    record_id: change.record_id.clone(),
                    activity: None,
                    note: None,
                    change: Some(change),
                },
            });
        }
        if list.count {
            total += changes::count(
                conn,
                changes_of(ctx, &members).ok_or(DomainError::not_found("timeline"))?,
            )?;
        }
    }

    merged.sort_by(|a, b| {
        let order = (a.at, &a.key).cmp(&(b.at, &b.key));
        if descending { order.reverse() } else { order }
    });
    merged.truncate(take as usize);
    let page = Page::from_rows(merged, list, list.count.then_some(total), |k| {
        (FilterValue::Timestamp(k.at), k.key.clone())
    });
    Ok(page.map(|k| k.entry))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_keyset_id_gives_back_its_sequence_number() {
        assert_eq!(seq_of(&seq_cursor_id(42)), Some(42));
        assert_eq!(seq_of("0190f5a2-7b3c-7d4e-8f00-123456789abc"), None);
    }

    #[test]
    fn change_keyset_ids_sort_below_real_ids() {
        assert!(seq_cursor_id(i64::MAX).as_str() < "0190f5a2-7b3c-7d4e-8f00-123456789abc");
    }
}
