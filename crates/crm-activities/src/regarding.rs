//! The records activities and notes regard: an account, contact, lead or opportunity the caller
//! can see. A record the caller may not read does not exist for them here either, so nothing can
//! be logged against it, and no template rendered from it.

use crm_core::id::{AccountId, CaseId, ContactId, LeadId, OpportunityId};
use crm_core::security::Ctx;
use crm_core::validate::Validator;
use crm_core::{DomainError, DomainResult, Timestamp};
use crm_db::AnyConnection;
use crm_db::schema::leads;
use diesel::prelude::*;

use crate::model::RegardingType;

/// The record as its API shows it, if the caller may read it.
pub fn load(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    kind: RegardingType,
    id: &str,
) -> DomainResult<serde_json::Value> {
    let missing = || DomainError::not_found(singular(kind));
    let json = |value: Result<serde_json::Value, serde_json::Error>| {
        value.map_err(|e| DomainError::Internal(format!("cannot show the record: {e}")))
    };
    match kind {
        RegardingType::Accounts => {
            let id = AccountId::parse(id).map_err(|_| missing())?;
            json(serde_json::to_value(crm_accounts::service::get_account(
                conn, ctx, &id,
            )?))
        }
        RegardingType::Contacts => {
            let id = ContactId::parse(id).map_err(|_| missing())?;
            json(serde_json::to_value(crm_accounts::service::get_contact(
                conn, ctx, &id,
            )?))
        }
        RegardingType::Leads => {
            let id = LeadId::parse(id).map_err(|_| missing())?;
            json(serde_json::to_value(crm_leads::service::get_lead(
                conn, ctx, &id,
            )?))
        }
        RegardingType::Opportunities => {
            let id = OpportunityId::parse(id).map_err(|_| missing())?;
            json(serde_json::to_value(
                crm_opportunities::service::get_opportunity(conn, ctx, &id)?,
            ))
        }
        RegardingType::Cases => {
            let id = CaseId::parse(id).map_err(|_| missing())?;
            json(serde_json::to_value(crm_cases::service::get_case(
                conn, ctx, &id,
            )?))
        }
    }
}

/// The word for one record of a kind, as errors name it.
pub fn singular(kind: RegardingType) -> &'static str {
    match kind {
        RegardingType::Accounts => "account",
        RegardingType::Contacts => "contact",
        RegardingType::Leads => "lead",
        RegardingType::Opportunities => "opportunity",
        RegardingType::Cases => "case",
    }
}

/// Checks a `regarding_type` / `regarding_id` pair: both or neither (unless `required`), a
/// well-formed id, a record the caller can see. Every problem goes to `v`. Returns the
/// canonical id. An id sent blank is not a UUID (422), not an absent one: "no record" is `null`.
pub fn check(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    v: &mut Validator,
    kind: Option<RegardingType>,
    id: Option<&str>,
    required: bool,
) -> DomainResult<Option<String>> {
    match (kind, id) {
        (None, None) => {
            if required {
                v.add("regarding_type", "required", "regarding_type is required");
                v.add("regarding_id", "required", "regarding_id is required");
            }
            Ok(None)
        }
        (Some(_), None) => {
            v.add(
                "regarding_id",
                "required",
                "regarding_id is required with regarding_type",
            );
            Ok(None)
        }
        (None, Some(id)) => {
            v.add(
                "regarding_type",
                "required",
                "regarding_type is required with regarding_id",
            );
            if crm_core::id::canonical_uuid(id).is_err() {
                v.add("regarding_id", "invalid", "regarding_id is not a UUID");
            }
            Ok(None)
        }
        (Some(kind), Some(id)) => {
            let Ok(canonical) = crm_core::id::canonical_uuid(id) else {
                v.add("regarding_id", "invalid", "regarding_id is not a UUID");
                return Ok(None);
            };
            match load(conn, ctx, kind, &canonical) {
                Ok(_) => Ok(Some(canonical)),
                // Not readable and not there are the same thing.
                Err(DomainError::NotFound { .. } | DomainError::Forbidden { .. }) => {
                    v.add(
                        "regarding_id",
                        "not_found",
                        format!("regarding_id names no {} you can see", singular(kind)),
                    );
                    Ok(None)
                }
                Err(e) => Err(e),
            }
        }
    }
}

/// Marks a lead as worked on now (an activity was logged or completed on it): the field the
/// "untouched leads" lists and alerts read. It is bookkeeping of the activity, not an edit of
/// the lead: the lead's version and change log are left alone.
pub fn touch_lead(conn: &mut AnyConnection, id: &str, now: Timestamp) -> DomainResult<()> {
    diesel::update(leads::table.filter(leads::id.eq(id)))
        .set(leads::last_touched_at.eq(Some(now)))
        .execute(conn)?;
    Ok(())
}
