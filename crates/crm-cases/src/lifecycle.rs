//! The life cycles of cases and contracts.
//!
//! A case: `new -> in_progress -> on_hold | waiting_for_customer -> resolved | cancelled`. While
//! open it moves freely among `in_progress`, `on_hold` and `waiting_for_customer` (never back to
//! `new`); `resolve` and `cancel` close it from any open status; `reactivate` brings a resolved
//! or cancelled case back to `in_progress`.
//!
//! A contract: `draft -> active -> expired | cancelled`; it expires by itself when its coverage
//! ends, so `expired` is what an active contract past its end date is.

use chrono::NaiveDate;
use crm_core::api_words;
use crm_core::{DomainError, DomainResult};

api_words! {
    /// Where a case is.
    CaseStatus {
        /// Just opened; nobody has worked it yet.
        New => "new",
        /// Being worked.
        InProgress => "in_progress",
        /// Set aside (the service-level clock stops).
        OnHold => "on_hold",
        /// Waiting for the customer to answer (the service-level clock stops).
        WaitingForCustomer => "waiting_for_customer",
        /// Solved, with its resolution.
        Resolved => "resolved",
        /// Closed without a resolution.
        Cancelled => "cancelled",
    }
}

impl CaseStatus {
    /// The statuses of a case still to be solved.
    pub const OPEN: [CaseStatus; 4] = [
        CaseStatus::New,
        CaseStatus::InProgress,
        CaseStatus::OnHold,
        CaseStatus::WaitingForCustomer,
    ];

    /// Whether the case is still to be solved.
    pub fn is_open(self) -> bool {
        Self::OPEN.contains(&self)
    }

    /// Whether the service-level clock stops in this status.
    pub fn pauses_clock(self) -> bool {
        matches!(self, CaseStatus::OnHold | CaseStatus::WaitingForCustomer)
    }
}

api_words! {
    /// Where a contract is.
    ContractStatus {
        /// Being written; it covers nothing yet.
        Draft => "draft",
        /// In force between its coverage dates.
        Active => "active",
        /// Its coverage has ended.
        Expired => "expired",
        /// Ended early.
        Cancelled => "cancelled",
    }
}

const CASE: &str = "case";
const CONTRACT: &str = "contract";

fn case_refused(from: CaseStatus, action: &'static str) -> DomainError {
    DomainError::InvalidState {
        entity: CASE,
        state: from.as_str().to_owned(),
        action,
    }
}

fn contract_refused(from: ContractStatus, action: &'static str) -> DomainError {
    DomainError::InvalidState {
        entity: CONTRACT,
        state: from.as_str().to_owned(),
        action,
    }
}

/// Editing a case's fields: only while it is open.
pub fn edit(from: CaseStatus) -> DomainResult<()> {
    if from.is_open() {
        Ok(())
    } else {
        Err(case_refused(from, "change"))
    }
}

/// What a field edit of `status` may do: move an open case to another open status, never back
/// to `new`. `Ok(None)` is a refusal that belongs to the field (the status is reached through an
/// action, or is `new`), for the caller to report with the other field errors.
pub fn set_status(from: CaseStatus, to: CaseStatus) -> DomainResult<Option<CaseStatus>> {
    edit(from)?;
    if from == to {
        return Ok(Some(to));
    }
    match to {
        CaseStatus::InProgress | CaseStatus::OnHold | CaseStatus::WaitingForCustomer => {
            Ok(Some(to))
        }
        CaseStatus::New | CaseStatus::Resolved | CaseStatus::Cancelled => Ok(None),
    }
}

/// Routing, assigning or escalating: only an open case.
pub fn work(from: CaseStatus, action: &'static str) -> DomainResult<()> {
    if from.is_open() {
        Ok(())
    } else {
        Err(case_refused(from, action))
    }
}

/// Resolving: an open case.
pub fn resolve(from: CaseStatus) -> DomainResult<CaseStatus> {
    work(from, "resolve").map(|()| CaseStatus::Resolved)
}

/// Cancelling: an open case.
pub fn cancel(from: CaseStatus) -> DomainResult<CaseStatus> {
    work(from, "cancel").map(|()| CaseStatus::Cancelled)
}

/// Reactivating: a resolved or cancelled case goes back to work.
pub fn reactivate(from: CaseStatus) -> DomainResult<CaseStatus> {
    match from {
        CaseStatus::Resolved | CaseStatus::Cancelled => Ok(CaseStatus::InProgress),
        open => Err(case_refused(open, "reactivate")),
    }
}

/// What a contract is on a day: an active contract whose coverage has ended is expired.
pub fn contract_status(
    stored: ContractStatus,
    ends_on: NaiveDate,
    today: NaiveDate,
) -> ContractStatus {
    match stored {
        ContractStatus::Active if ends_on < today => ContractStatus::Expired,
        other => other,
    }
}

/// Changing a contract's terms (customer, dates, allotment): only a draft.
pub fn edit_terms(status: ContractStatus) -> DomainResult<()> {
    match status {
        ContractStatus::Draft => Ok(()),
        other => Err(contract_refused(other, "change its terms")),
    }
}

/// Activating: a draft whose coverage has not already ended.
pub fn activate(status: ContractStatus) -> DomainResult<ContractStatus> {
    match status {
        ContractStatus::Draft => Ok(ContractStatus::Active),
        other => Err(contract_refused(other, "activate")),
    }
}

/// Cancelling: a draft or an active contract.
pub fn cancel_contract(status: ContractStatus) -> DomainResult<ContractStatus> {
    match status {
        ContractStatus::Draft | ContractStatus::Active => Ok(ContractStatus::Cancelled),
        other => Err(contract_refused(other, "cancel")),
    }
}

#[cfg(test)]
mod tests {
    use super::CaseStatus::*;
    use super::*;

    fn refused<T: std::fmt::Debug>(r: DomainResult<T>) -> bool {
        matches!(r, Err(DomainError::InvalidState { .. }))
    }

    #[test]
    fn an_open_case_moves_among_the_open_statuses_but_not_back_to_new() {
        for from in CaseStatus::OPEN {
            assert!(edit(from).is_ok());
            for to in [InProgress, OnHold, WaitingForCustomer] {
                assert_eq!(
                    set_status(from, to).unwrap(),
                    Some(to),
                    "{from:?} -> {to:?}"
                );
            }
            assert_eq!(set_status(from, Resolved).unwrap(), None);
            assert_eq!(set_status(from, Cancelled).unwrap(), None);
        }
        assert_eq!(set_status(New, New).unwrap(), Some(New));
        assert_eq!(set_status(InProgress, New).unwrap(), None);
        assert_eq!(set_status(OnHold, New).unwrap(), None);
    }

    #[test]
    fn a_closed_case_is_not_edited_worked_resolved_or_cancelled() {
        for closed in [Resolved, Cancelled] {
            assert!(refused(edit(closed)));
            assert!(refused(set_status(closed, InProgress)));
            assert!(refused(work(closed, "assign")));
            assert!(refused(resolve(closed)));
            assert!(refused(cancel(closed)));
        }
    }

    #[test]
    fn every_open_case_is_resolved_or_cancelled() {
        for open in CaseStatus::OPEN {
            assert_eq!(resolve(open).unwrap(), Resolved);
            assert_eq!(cancel(open).unwrap(), Cancelled);
            assert!(work(open, "escalate").is_ok());
        }
    }

    #[test]
    fn only_a_closed_case_is_reactivated_and_it_goes_back_to_work() {
        assert_eq!(reactivate(Resolved).unwrap(), InProgress);
        assert_eq!(reactivate(Cancelled).unwrap(), InProgress);
        for open in CaseStatus::OPEN {
            assert!(refused(reactivate(open)));
        }
    }

    #[test]
    fn the_clock_stops_on_hold_and_while_waiting_for_the_customer() {
        assert!(OnHold.pauses_clock());
        assert!(WaitingForCustomer.pauses_clock());
        assert!(!New.pauses_clock());
        assert!(!InProgress.pauses_clock());
    }

    #[test]
    fn contracts_go_from_draft_to_active_to_expired_or_cancelled() {
        use ContractStatus as C;
        let day = |d| NaiveDate::from_ymd_opt(2026, 12, d).unwrap();
        assert_eq!(activate(C::Draft).unwrap(), C::Active);
        for other in [C::Active, C::Expired, C::Cancelled] {
            assert!(refused(activate(other)));
            assert!(refused(edit_terms(other)));
        }
        assert!(edit_terms(C::Draft).is_ok());
        assert_eq!(cancel_contract(C::Draft).unwrap(), C::Cancelled);
        assert_eq!(cancel_contract(C::Active).unwrap(), C::Cancelled);
        assert!(refused(cancel_contract(C::Expired)));
        assert!(refused(cancel_contract(C::Cancelled)));
        // Active through its last day, expired the day after.
        assert_eq!(contract_status(C::Active, day(10), day(10)), C::Active);
        assert_eq!(contract_status(C::Active, day(10), day(11)), C::Expired);
        assert_eq!(contract_status(C::Draft, day(10), day(11)), C::Draft);
        assert_eq!(
            contract_status(C::Cancelled, day(10), day(11)),
            C::Cancelled
        );
    }
}
