//! An activity's life cycle: `open -> completed | cancelled`, and `reopen` back to `open`. A
//! closed activity is history: it is not edited until it is reopened.

use crm_core::{DomainError, DomainResult};

use crate::model::ActivityStatus;

const ACTIVITY: &str = "activity";

fn refused(from: ActivityStatus, action: &'static str) -> DomainError {
    DomainError::InvalidState {
        entity: ACTIVITY,
        state: from.as_str().to_owned(),
        action,
    }
}

/// The status a new activity may start in: `open`, or `completed` to log what already happened
/// (a call that took place).
pub fn create(requested: ActivityStatus) -> DomainResult<ActivityStatus> {
    match requested {
        ActivityStatus::Open | ActivityStatus::Completed => Ok(requested),
        ActivityStatus::Cancelled => Err(DomainError::invalid(
            "status",
            "invalid_state",
            "an activity starts open or completed; cancel it with the cancel action",
        )),
    }
}

/// Editing the fields: only while open.
pub fn edit(from: ActivityStatus) -> DomainResult<()> {
    match from {
        ActivityStatus::Open => Ok(()),
        closed => Err(refused(closed, "change")),
    }
}

/// Completing: only an open activity.
pub fn complete(from: ActivityStatus) -> DomainResult<ActivityStatus> {
    match from {
        ActivityStatus::Open => Ok(ActivityStatus::Completed),
        closed => Err(refused(closed, "complete")),
    }
}

/// Cancelling: only an open activity.
pub fn cancel(from: ActivityStatus) -> DomainResult<ActivityStatus> {
    match from {
        ActivityStatus::Open => Ok(ActivityStatus::Cancelled),
        closed => Err(refused(closed, "cancel")),
    }
}

/// Reopening: only a completed or cancelled activity.
pub fn reopen(from: ActivityStatus) -> DomainResult<ActivityStatus> {
    match from {
        ActivityStatus::Completed | ActivityStatus::Cancelled => Ok(ActivityStatus::Open),
        open => Err(refused(open, "reopen")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ActivityStatus::*;

    fn is_state_error(r: DomainResult<ActivityStatus>) -> bool {
        matches!(r, Err(DomainError::InvalidState { .. }))
    }

    #[test]
    fn a_new_activity_is_open_or_already_completed() {
        assert_eq!(create(Open).unwrap(), Open);
        assert_eq!(create(Completed).unwrap(), Completed);
        assert!(matches!(create(Cancelled), Err(DomainError::Validation(_))));
    }

    #[test]
    fn only_an_open_activity_is_edited() {
        assert!(edit(Open).is_ok());
        assert!(matches!(
            edit(Completed),
            Err(DomainError::InvalidState { .. })
        ));
        assert!(matches!(
            edit(Cancelled),
            Err(DomainError::InvalidState { .. })
        ));
    }

    #[test]
    fn an_open_activity_is_completed_or_cancelled_once() {
        assert_eq!(complete(Open).unwrap(), Completed);
        assert_eq!(cancel(Open).unwrap(), Cancelled);
        for closed in [Completed, Cancelled] {
            assert!(is_state_error(complete(closed)));
            assert!(is_state_error(cancel(closed)));
        }
    }

    #[test]
    fn a_closed_activity_is_reopened_an_open_one_is_not() {
        assert_eq!(reopen(Completed).unwrap(), Open);
        assert_eq!(reopen(Cancelled).unwrap(), Open);
        assert!(is_state_error(reopen(Open)));
    }

    #[test]
    fn the_refusal_names_the_state() {
        let Err(DomainError::InvalidState { state, action, .. }) = complete(Cancelled) else {
            panic!("expected a state error");
        };
        assert_eq!((state.as_str(), action), ("cancelled", "complete"));
    }
}
