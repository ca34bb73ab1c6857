//! An opportunity's life cycle: `open -> won | lost`, and `reopen` back to `open`. Stage changes
//! happen while it is open.

use crm_core::{DomainError, DomainResult};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Where an opportunity is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum OpportunityStatus {
    /// Being worked: it moves through the stages.
    Open,
    /// Closed as a sale.
    Won,
    /// Closed without a sale, with the reason (the lesson learned).
    Lost,
}

impl OpportunityStatus {
    /// The API words.
    pub const WORDS: &'static [&'static str] = &["open", "won", "lost"];

    /// The API word.
    pub fn as_str(self) -> &'static str {
        match self {
            OpportunityStatus::Open => "open",
            OpportunityStatus::Won => "won",
            OpportunityStatus::Lost => "lost",
        }
    }

    /// Parses the API word.
    pub fn parse(text: &str) -> Option<Self> {
        use OpportunityStatus::*;
        [Open, Won, Lost].into_iter().find(|s| s.as_str() == text)
    }
}

const OPPORTUNITY: &str = "opportunity";

fn refused(from: OpportunityStatus, action: &'static str) -> DomainError {
    DomainError::InvalidState {
        entity: OPPORTUNITY,
        state: from.as_str().to_owned(),
        action,
    }
}

/// Editing (fields, stage): only while open.
pub fn edit(from: OpportunityStatus) -> DomainResult<()> {
    match from {
        OpportunityStatus::Open => Ok(()),
        closed => Err(refused(closed, "change")),
    }
}

/// Winning: only an open opportunity.
pub fn win(from: OpportunityStatus) -> DomainResult<OpportunityStatus> {
    match from {
        OpportunityStatus::Open => Ok(OpportunityStatus::Won),
        closed => Err(refused(closed, "win")),
    }
}

/// Losing: only an open opportunity.
pub fn lose(from: OpportunityStatus) -> DomainResult<OpportunityStatus> {
    match from {
        OpportunityStatus::Open => Ok(OpportunityStatus::Lost),
        closed => Err(refused(closed, "lose")),
    }
}

/// Reopening: only a closed opportunity.
pub fn reopen(from: OpportunityStatus) -> DomainResult<OpportunityStatus> {
    match from {
        OpportunityStatus::Open => Err(refused(from, "reopen")),
        _ => Ok(OpportunityStatus::Open),
    }
}

#[cfg(test)]
mod tests {
    use super::OpportunityStatus::*;
    use super::*;

    fn refused_state(r: DomainResult<OpportunityStatus>) -> bool {
        matches!(r, Err(DomainError::InvalidState { .. }))
    }

    #[test]
    fn an_open_opportunity_is_edited_won_or_lost() {
        assert!(edit(Open).is_ok());
        assert_eq!(win(Open).unwrap(), Won);
        assert_eq!(lose(Open).unwrap(), Lost);
    }

    #[test]
    fn a_closed_opportunity_is_not_edited_won_or_lost_again() {
        for closed in [Won, Lost] {
            assert!(matches!(
                edit(closed),
                Err(DomainError::InvalidState { .. })
            ));
            assert!(refused_state(win(closed)));
            assert!(refused_state(lose(closed)));
        }
    }

    #[test]
    fn only_a_closed_opportunity_is_reopened() {
        assert_eq!(reopen(Won).unwrap(), Open);
        assert_eq!(reopen(Lost).unwrap(), Open);
        assert!(refused_state(reopen(Open)));
    }
}
