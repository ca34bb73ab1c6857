//! The service report: per CSR (owner), queue, product, case type or period, the cases opened
//! and resolved, the average times to first response and to resolution, the breaches, the
//! reactivations and the time spent, over the cases the caller may read.
//!
//! The cases opened in the period are read once, through the creation index, as narrow rows,
//! and aggregated here: one pass, the same on both databases.

use std::collections::BTreeMap;

use chrono::{Datelike, Duration, NaiveDate};
use crm_core::security::{Action, Ctx, entities};
use crm_core::{DomainError, DomainResult, Timestamp};
use crm_db::AnyConnection;
use crm_db::schema::{activities, cases, picklist_values, queues, teams, users};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::lifecycle::CaseStatus;
use crate::sla_clock::SlaClock;
use crate::store;

/// The longest period a report covers, in days.
const MAX_DAYS: i64 = 366;

crm_core::api_words! {
    /// What the report's rows are.
    GroupBy {
        /// The CSR who owns the cases.
        Owner => "owner",
        /// The queue.
        Queue => "queue",
        /// The product.
        Product => "product",
        /// The case type.
        CaseType => "case_type",
        /// The day the cases were opened.
        Day => "day",
        /// The week (from Monday) the cases were opened.
        Week => "week",
        /// The month the cases were opened.
        Month => "month",
    }
}

/// The report's parameters.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ServiceReportQuery {
    /// What the rows are: `owner` (default), `queue`, `product`, `case_type`, `day`, `week` or
    /// `month`.
    pub group_by: Option<GroupBy>,
    /// The first day of the period (default: 30 days before `to`).
    pub from: Option<NaiveDate>,
    /// The last day of the period (default: today); at most 366 days after `from`.
    pub to: Option<NaiveDate>,
}

/// The figures of a group of cases.
#[derive(Debug, Clone, Default, PartialEq, Serialize, ToSchema)]
pub struct ServiceFigures {
    /// Cases opened in the period.
    pub cases_opened: i64,
    /// Of those, the cases resolved (handled).
    pub cases_resolved: i64,
    /// Of those, the cases still open.
    pub cases_open: i64,
    /// The average minutes to the first response, over the cases that had one.
    pub avg_first_response_minutes: Option<i64>,
    /// The average minutes to the resolution, over the resolved cases.
    pub avg_resolution_minutes: Option<i64>,
    /// Cases whose first response came, or is coming, too late.
    pub first_response_breaches: i64,
    /// Cases whose resolution came, or is coming, too late.
    pub resolution_breaches: i64,
    /// Reactivations of the cases.
    pub reactivations: i64,
    /// Minutes spent on the cases (their completed activities).
    pub time_spent_minutes: i64,
}

/// One row of the report.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct ServiceReportRow {
    /// The group: a user or team id, a queue id, a product or case type value, or a period's
    /// first day; `null` for cases without one (no queue, no product).
    pub key: Option<String>,
    /// What people read: a name, a label, the period.
    pub label: String,
    /// The figures.
    #[serde(flatten)]
    pub figures: ServiceFigures,
}

/// The service report.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct ServiceReport {
    /// What the rows are.
    pub group_by: GroupBy,
    /// The first day of the period.
    pub from: NaiveDate,
    /// The last day of the period.
    pub to: NaiveDate,
    /// The rows, by key (periods in order).
    pub rows: Vec<ServiceReportRow>,
    /// Every case of the period together.
    pub totals: ServiceFigures,
}

#[derive(Debug, Clone, Queryable)]
struct Fact {
    id: String,
    owner_id: String,
    queue_id: Option<String>,
    product: Option<String>,
    case_type: Option<String>,
    status: String,
    created_at: Timestamp,
    first_response_due_at: Option<Timestamp>,
    resolve_by_at: Option<Timestamp>,
    first_responded_at: Option<Timestamp>,
    paused_at: Option<Timestamp>,
    paused_minutes: i64,
    first_response_minutes: Option<i64>,
    resolution_minutes: Option<i64>,
    first_response_breached: bool,
    resolution_breached: bool,
    reactivation_count: i64,
}

/// Sums and counts of a group, before the averages.
#[derive(Debug, Default)]
struct Tally {
    figures: ServiceFigures,
    first_sum: i64,
    first_n: i64,
    resolution_sum: i64,
    resolution_n: i64,
}

impl Tally {
    fn add(&mut self, fact: &Fact, spent: i64, now: Timestamp) {
        let f = &mut self.figures;
        f.cases_opened += 1;
        let status = CaseStatus::parse(&fact.status).unwrap_or(CaseStatus::New);
        if status == CaseStatus::Resolved {
            f.cases_resolved += 1;
        }
        if status.is_open() {
            f.cases_open += 1;
        }
        let clock = SlaClock {
            created_at: fact.created_at,
            first_response_due_at: fact.first_response_due_at,
            resolve_by_at: fact.resolve_by_at,
            first_responded_at: fact.first_responded_at,
            paused_at: fact.paused_at,
            paused_minutes: fact.paused_minutes,
        };
        if fact.first_response_breached || (status.is_open() && clock.first_response_overdue(now)) {
            f.first_response_breaches += 1;
        }
        if fact.resolution_breached || (status.is_open() && clock.resolution_overdue(now)) {
            f.resolution_breaches += 1;
        }
        f.reactivations += fact.reactivation_count;
        f.time_spent_minutes += spent;
        if let Some(m) = fact.first_response_minutes {
            self.first_sum += m;
            self.first_n += 1;
        }
        if let (CaseStatus::Resolved, Some(m)) = (status, fact.resolution_minutes) {
            self.resolution_sum += m;
            self.resolution_n += 1;
        }
    }

    fn finish(mut self) -> ServiceFigures {
        let avg = |sum: i64, n: i64| (n > 0).then(|| (sum as f64 / n as f64).round() as i64);
        self.figures.avg_first_response_minutes = avg(self.first_sum, self.first_n);
        self.figures.avg_resolution_minutes = avg(self.resolution_sum, self.resolution_n);
        self.figures
    }
}

/// The first day of the period a day falls in.
fn period_start(group_by: GroupBy, day: NaiveDate) -> NaiveDate {
    match group_by {
        GroupBy::Week => day - Duration::days(i64::from(day.weekday().num_days_from_monday())),
        GroupBy::Month => day.with_day(1).unwrap_or(day),
        _ => day,
    }
}

fn key_of(group_by: GroupBy, fact: &Fact) -> Option<String> {
    match group_by {
        GroupBy::Owner => Some(fact.owner_id.clone()),
        GroupBy::Queue => fact.queue_id.clone(),
        GroupBy::Product => fact.product.clone(),
        GroupBy::CaseType => fact.case_type.clone(),
        GroupBy::Day | GroupBy::Week | GroupBy::Month => Some(
            period_start(group_by, fact.created_at.to_utc().date_naive())
                .format("%Y-%m-%d")
                .to_string(),
        ),
    }
}

/// The report over the cases the caller may read that were opened in the period.
pub fn service_report(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    query: &ServiceReportQuery,
) -> DomainResult<ServiceReport> {
    let scope = ctx.principal.require(entities::CASES, Action::Read)?;
    let group_by = query.group_by.unwrap_or(GroupBy::Owner);
    let to = query.to.unwrap_or_else(|| ctx.now.to_utc().date_naive());
    let from = query.from.unwrap_or(to - Duration::days(30));
    if to < from {
        return Err(DomainError::invalid(
            "to",
            "before_start",
            "to cannot be before from",
        ));
    }
    if (to - from).num_days() >= MAX_DAYS {
        return Err(DomainError::invalid(
            "to",
            "too_long",
            "a report covers at most 366 days",
        ));
    }
    let start = Timestamp::from_naive_utc(from.and_time(chrono::NaiveTime::MIN));
    let end = Timestamp::from_naive_utc((to + Duration::days(1)).and_time(chrono::NaiveTime::MIN));
    let mut q = cases::table
        .filter(cases::created_at.ge(start))
        .filter(cases::created_at.lt(end))
        .select((
            cases::id,
            cases::owner_id,
            cases::queue_id,
            cases::product,
            cases::case_type,
            cases::status,
            cases::created_at,
            cases::first_response_due_at,
            cases::resolve_by_at,
            cases::first_responded_at,
            cases::paused_at,
            cases::paused_minutes,
            cases::first_response_minutes,
            cases::resolution_minutes,
            cases::first_response_breached,
            cases::resolution_breached,
            cases::reactivation_count,
        ))
        .into_boxed();
    for visible in store::visible_cases(&scope) {
        q = q.filter(visible);
    }
    let facts: Vec<Fact> = q.load(conn)?;

    // Time spent, per case of the period, in one query.
    let mut spent: BTreeMap<String, i64> = BTreeMap::new();
    if !facts.is_empty() {
        let rows: Vec<(Option<String>, Option<i64>)> = activities::table
            .filter(activities::regarding_type.eq("cases"))
            .filter(activities::status.eq("completed"))
            .filter(activities::duration_minutes.is_not_null())
            .filter(
                activities::regarding_id.assume_not_null().eq_any(
                    cases::table
                        .filter(cases::created_at.ge(start))
                        .filter(cases::created_at.lt(end))
                        .select(cases::id),
                ),
            )
            .select((activities::regarding_id, activities::duration_minutes))
            .load(conn)?;
        for (id, minutes) in rows {
            if let (Some(id), Some(minutes)) = (id, minutes) {
                *spent.entry(id).or_default() += minutes;
            }
        }
    }

    let mut groups: BTreeMap<Option<String>, Tally> = BTreeMap::new();
    let mut totals = Tally::default();
    for fact in &facts {
        let minutes = spent.get(&fact.id).copied().unwrap_or(0);
        groups
            .entry(key_of(group_by, fact))
            .or_default()
            .add(fact, minutes, ctx.now);
        totals.add(fact, minutes, ctx.now);
    }
    let keys: Vec<String> = groups.keys().flatten().cloned().collect();
    let labels = labels(conn, group_by, &keys)?;
    let mut rows: Vec<ServiceReportRow> = groups
        .into_iter()
        .map(|(key, tally)| ServiceReportRow {
            label: match &key {
                Some(k) => labels.get(k).cloned().unwrap_or_else(|| k.clone()),
                None => match group_by {
                    GroupBy::Queue => "No queue".to_owned(),
                    GroupBy::Product => "No product".to_owned(),
                    GroupBy::CaseType => "No case type".to_owned(),
                    _ => "None".to_owned(),
                },
            },
            key,
            figures: tally.finish(),
        })
        .collect();
    if matches!(
        group_by,
        GroupBy::Owner | GroupBy::Queue | GroupBy::Product | GroupBy::CaseType
    ) {
        rows.sort_by(|a, b| {
            b.figures
                .cases_opened
                .cmp(&a.figures.cases_opened)
                .then(a.label.cmp(&b.label))
        });
    }
    Ok(ServiceReport {
        group_by,
        from,
        to,
        rows,
        totals: totals.finish(),
    })
}

/// What people read for the keys of a grouping.
fn labels(
    conn: &mut AnyConnection,
    group_by: GroupBy,
    keys: &[String],
) -> DomainResult<BTreeMap<String, String>> {
    let pairs: Vec<(String, String)> = match group_by {
        GroupBy::Owner => {
            let mut named: Vec<(String, String)> = users::table
                .filter(users::id.eq_any(keys))
                .select((users::id, users::full_name))
                .load(conn)?;
            named.extend(
                teams::table
                    .filter(teams::id.eq_any(keys))
                    .select((teams::id, teams::name))
                    .load::<(String, String)>(conn)?,
            );
            named
        }
        GroupBy::Queue => queues::table
            .filter(queues::id.eq_any(keys))
            .select((queues::id, queues::name))
            .load(conn)?,
        GroupBy::Product | GroupBy::CaseType => picklist_values::table
            .filter(picklist_values::entity.eq(entities::CASES))
            .filter(picklist_values::field.eq(group_by.as_str()))
            .filter(picklist_values::value.eq_any(keys))
            .select((picklist_values::value, picklist_values::label))
            .load(conn)?,
        GroupBy::Day | GroupBy::Week | GroupBy::Month => keys
            .iter()
            .map(|k| {
                let label = NaiveDate::parse_from_str(k, "%Y-%m-%d").map_or_else(
                    |_| k.clone(),
                    |d| match group_by {
                        GroupBy::Month => d.format("%B %Y").to_string(),
                        GroupBy::Week => format!("Week of {}", d.format("%Y-%m-%d")),
                        _ => d.format("%Y-%m-%d").to_string(),
                    },
                );
                (k.clone(), label)
            })
            .collect(),
    };
    Ok(pairs.into_iter().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_start_on_their_first_day() {
        let d = NaiveDate::from_ymd_opt(2026, 12, 3).unwrap(); // a Thursday
        assert_eq!(period_start(GroupBy::Day, d), d);
        assert_eq!(
            period_start(GroupBy::Week, d),
            NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()
        );
        assert_eq!(
            period_start(GroupBy::Month, d),
            NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()
        );
    }
}
