//! `/api/v1/changes`: the change feed that sync scripts poll.

use actix_web::web::Data;
use actix_web::{HttpResponse, get};
use crm_core::FieldError;
use crm_core::changes::Change;
use crm_core::list::MAX_LIMIT;
use crm_core::security::{AccessScope, Action, entities};
use serde::Serialize;
use utoipa::ToSchema;

use crate::docs::ListErrors;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Auth, ListParams};
use crate::state::AppState;

/// The entities in the feed. Users and business units are readable by every user.
const FEED_ENTITIES: &[&str] = &[
    entities::ACCOUNTS,
    entities::CONTACTS,
    entities::LEADS,
    entities::OPPORTUNITIES,
    entities::ACTIVITIES,
    entities::NOTES,
    entities::CASES,
    entities::CONTRACTS,
    entities::USERS,
    entities::BUSINESS_UNITS,
];

/// The values `entity=` takes, for the document (they are [`FEED_ENTITIES`]).
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum FeedEntity {
    /// Accounts.
    Accounts,
    /// Contacts.
    Contacts,
    /// Leads.
    Leads,
    /// Opportunities.
    Opportunities,
    /// Activities.
    Activities,
    /// Notes.
    Notes,
    /// Cases.
    Cases,
    /// Contracts.
    Contracts,
    /// Users.
    Users,
    /// Business units.
    BusinessUnits,
}

/// A page of the change feed.
#[derive(Debug, Serialize, ToSchema)]
pub struct ChangeFeed {
    /// The changes after `after`, oldest first, that the caller may read.
    pub data: Vec<Change>,
    /// Pass as `after` in the next poll: the last change's `seq` (or `after` itself when there
    /// was none).
    pub next_after: i64,
    /// Whether more changes are waiting.
    pub has_more: bool,
}

#[derive(Debug)]
struct FeedQuery {
    after: i64,
    limit: i64,
    entity: Option<&'static str>,
}

fn parse(params: &ListParams) -> Result<FeedQuery, ApiError> {
    let mut query = FeedQuery {
        after: 0,
        limit: 100,
        entity: None,
    };
    let mut errors = Vec::new();
    for (key, value) in &params.0 {
        match key.as_str() {
            "after" => match value.parse::<i64>() {
                Ok(n) if n >= 0 => query.after = n,
                _ => errors.push(FieldError::new(
                    "after",
                    "invalid_format",
                    "after must be a change seq (an integer, 0 or more)",
                )),
            },
            "limit" => match value.parse::<i64>() {
                Ok(n) if (1..=MAX_LIMIT).contains(&n) => query.limit = n,
                _ => errors.push(FieldError::new(
                    "limit",
                    "out_of_range",
                    format!("limit must be an integer from 1 to {MAX_LIMIT}"),
                )),
            },
            "entity" => match FEED_ENTITIES.iter().find(|e| **e == value.as_str()) {
                Some(entity) => query.entity = Some(entity),
                None => errors.push(FieldError::new(
                    "entity",
                    "invalid_value",
                    format!("entity must be one of {}", FEED_ENTITIES.join(", ")),
                )),
            },
            other => errors.push(FieldError::new(
                other,
                "unknown_field",
                format!("{other} is not a parameter of the change feed; use after, limit, entity"),
            )),
        }
    }
    if errors.is_empty() {
        Ok(query)
    } else {
        Err(ApiError::invalid_query(errors))
    }
}

/// The change feed
///
/// Every change after `after` (a `seq`), oldest first, that the caller may read: entity, record,
/// operation, changed fields with old and new values, actor, time. Poll with the returned
/// `next_after`. Changes become visible in `seq` order, so none is ever skipped.
#[utoipa::path(
    tag = "changes",
    params(
        ("after" = Option<i64>, Query, minimum = 0, description = "Return changes after this seq (default 0)."),
        ("limit" = Option<i64>, Query, minimum = 1, maximum = 200, description = "At most this many (default 100)."),
        ("entity" = Option<FeedEntity>, Query, description = "Only changes of this entity (accounts, contacts, leads, opportunities, activities, notes, users, business-units)."),
    ),
    responses((status = 200, description = "A page of changes.", body = ChangeFeed), ListErrors),
    security(("bearer" = []))
)]
#[get("/changes")]
async fn list_changes(
    state: Data<AppState>,
    auth: Auth,
    params: ListParams,
) -> ApiResult<HttpResponse> {
    let query = parse(&params)?;
    let feed = state
        .run(auth, move |conn, ctx| {
            let scopes: Vec<(&'static str, AccessScope)> = FEED_ENTITIES
                .iter()
                .filter(|e| query.entity.is_none_or(|only| only == **e))
                .filter_map(|e| {
                    let scope = if *e == entities::USERS || *e == entities::BUSINESS_UNITS {
                        Some(AccessScope::Organization)
                    } else {
                        ctx.principal.scope(e, Action::Read)
                    };
                    scope.map(|s| (*e, s))
                })
                .collect();
            let mut data = crm_db::changes::feed(conn, query.after, query.limit + 1, &scopes)?;
            let has_more = data.len() as i64 > query.limit;
            data.truncate(query.limit as usize);
            let next_after = data.last().map_or(query.after, |c| c.seq);
            Ok(ChangeFeed {
                data,
                next_after,
                has_more,
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(feed))
}

/// Registers the routes.
pub fn configure<C: super::Routes>(cfg: &mut C) {
    cfg.service(list_changes);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_documented_entities_are_the_feed_entities() {
        let documented: Vec<String> = [
            FeedEntity::Accounts,
            FeedEntity::Contacts,
            FeedEntity::Leads,
            FeedEntity::Opportunities,
            FeedEntity::Activities,
            FeedEntity::Notes,
            FeedEntity::Cases,
            FeedEntity::Contracts,
            FeedEntity::Users,
            FeedEntity::BusinessUnits,
        ]
        .iter()
        .map(|e| {
            serde_json::to_value(e)
                .unwrap()
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
        assert_eq!(documented, FEED_ENTITIES);
    }
}
