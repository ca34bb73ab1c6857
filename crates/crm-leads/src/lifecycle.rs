//! A lead's life cycle: `new -> contacted -> qualified | disqualified`, and back to work with
//! `reopen`. Each move is allowed or refused here, so the service and its tests share one rule.

use crm_core::{DomainError, DomainResult};

use crate::model::LeadStatus;

const LEAD: &str = "lead";

fn refused(from: LeadStatus, action: &'static str) -> DomainError {
    DomainError::InvalidState {
        entity: LEAD,
        state: from.as_str().to_owned(),
        action,
    }
}

/// A change of the lead's fields (a PATCH): only a lead being worked can be edited; a qualified
/// or disqualified one is reopened first. The status moves only between `new` and `contacted`.
pub fn edit(from: LeadStatus, to: LeadStatus) -> DomainResult<LeadStatus> {
    if !from.is_open() {
        return Err(refused(from, "change"));
    }
    match to {
        LeadStatus::New | LeadStatus::Contacted => Ok(to),
        LeadStatus::Qualified | LeadStatus::Disqualified => Err(DomainError::invalid(
            "status",
            "use_action",
            format!(
                "status becomes {} through POST /leads/{{id}}/{}",
                to.as_str(),
                if to == LeadStatus::Qualified {
                    "qualify"
                } else {
                    "disqualify"
                }
            ),
        )),
    }
}

/// Disqualifying: only a lead being worked.
pub fn disqualify(from: LeadStatus) -> DomainResult<LeadStatus> {
    if from.is_open() {
        Ok(LeadStatus::Disqualified)
    } else {
        Err(refused(from, "disqualify"))
    }
}

/// Qualifying: only a lead being worked, and only once.
pub fn qualify(from: LeadStatus) -> DomainResult<LeadStatus> {
    if from.is_open() {
        Ok(LeadStatus::Qualified)
    } else {
        Err(refused(from, "qualify"))
    }
}

/// Reopening: a qualified or disqualified lead goes back to work (it has been worked, so it is
/// `contacted`).
pub fn reopen(from: LeadStatus) -> DomainResult<LeadStatus> {
    if from.is_open() {
        Err(refused(from, "reopen"))
    } else {
        Ok(LeadStatus::Contacted)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use LeadStatus::*;

    const ALL: [LeadStatus; 4] = [New, Contacted, Qualified, Disqualified];

    fn is_state_error(result: DomainResult<LeadStatus>) -> bool {
        matches!(result, Err(DomainError::InvalidState { .. }))
    }

    #[test]
    fn an_open_lead_moves_between_new_and_contacted_by_editing() {
        assert_eq!(edit(New, Contacted).unwrap(), Contacted);
        assert_eq!(edit(Contacted, New).unwrap(), New);
        assert_eq!(edit(New, New).unwrap(), New);
        assert_eq!(edit(Contacted, Contacted).unwrap(), Contacted);
    }

    #[test]
    fn editing_never_qualifies_or_disqualifies() {
        for from in [New, Contacted] {
            for to in [Qualified, Disqualified] {
                assert!(matches!(edit(from, to), Err(DomainError::Validation(_))));
            }
        }
    }

    #[test]
    fn a_closed_lead_is_not_edited_until_reopened() {
        for from in [Qualified, Disqualified] {
            for to in ALL {
                assert!(is_state_error(edit(from, to)), "{from:?} -> {to:?}");
            }
        }
    }

    #[test]
    fn only_an_open_lead_is_disqualified_or_qualified() {
        assert_eq!(disqualify(New).unwrap(), Disqualified);
        assert_eq!(disqualify(Contacted).unwrap(), Disqualified);
        assert!(is_state_error(disqualify(Qualified)));
        assert!(is_state_error(disqualify(Disqualified)));
        assert_eq!(qualify(New).unwrap(), Qualified);
        assert_eq!(qualify(Contacted).unwrap(), Qualified);
        assert!(is_state_error(qualify(Qualified)));
        assert!(is_state_error(qualify(Disqualified)));
    }

    #[test]
    fn only_a_closed_lead_is_reopened_and_it_returns_to_work() {
        assert_eq!(reopen(Qualified).unwrap(), Contacted);
        assert_eq!(reopen(Disqualified).unwrap(), Contacted);
        assert!(is_state_error(reopen(New)));
        assert!(is_state_error(reopen(Contacted)));
    }
}
