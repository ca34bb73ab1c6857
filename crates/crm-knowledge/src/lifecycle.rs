//! The life cycle of a knowledge article version:
//! `draft -> submitted -> published -> archived`, with `reject` (a reason) and `withdraw`
//! taking a submitted version back to draft. Only a draft is edited in place; editing a
//! published version drafts the next version instead. Only a draft is deleted: what was
//! published stays, archived, so that the cases it answered keep their link.

use crm_core::api_words;
use crm_core::{DomainError, DomainResult};

api_words! {
    /// Where a version of an article is.
    ArticleStatus {
        /// Being written by its author.
        Draft => "draft",
        /// Waiting for approval (the "unapproved" folder).
        Submitted => "submitted",
        /// Approved: found by search and readable by everyone with the read privilege.
        Published => "published",
        /// Withdrawn from search, or replaced by a newer published version.
        Archived => "archived",
    }
}

api_words! {
    /// Who an article is for.
    Visibility {
        /// The organization's own users.
        Internal => "internal",
        /// Customers too (the self-service portal).
        Public => "public",
    }
}

const ARTICLE: &str = "knowledge article";

fn refused(from: ArticleStatus, action: &'static str) -> DomainError {
    DomainError::InvalidState {
        entity: ARTICLE,
        state: from.as_str().to_owned(),
        action,
    }
}

/// What a change of an article's fields does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit {
    /// The version itself changes.
    InPlace,
    /// The next version is drafted from it, with the change.
    NewVersion,
}

/// Changing the fields of a version in a status.
pub fn edit(from: ArticleStatus) -> DomainResult<Edit> {
    match from {
        ArticleStatus::Draft => Ok(Edit::InPlace),
        ArticleStatus::Published => Ok(Edit::NewVersion),
        ArticleStatus::Submitted | ArticleStatus::Archived => Err(refused(from, "change")),
    }
}

/// `submit`: a draft goes for approval.
pub fn submit(from: ArticleStatus) -> DomainResult<ArticleStatus> {
    match from {
        ArticleStatus::Draft => Ok(ArticleStatus::Submitted),
        _ => Err(refused(from, "submit")),
    }
}

/// `withdraw`: its author takes a submitted version back to change it.
pub fn withdraw(from: ArticleStatus) -> DomainResult<ArticleStatus> {
    match from {
        ArticleStatus::Submitted => Ok(ArticleStatus::Draft),
        _ => Err(refused(from, "withdraw")),
    }
}

/// `approve`: a submitted version is published.
pub fn approve(from: ArticleStatus) -> DomainResult<ArticleStatus> {
    match from {
        ArticleStatus::Submitted => Ok(ArticleStatus::Published),
        _ => Err(refused(from, "approve")),
    }
}

/// `reject`: a submitted version goes back to its author as a draft.
pub fn reject(from: ArticleStatus) -> DomainResult<ArticleStatus> {
    match from {
        ArticleStatus::Submitted => Ok(ArticleStatus::Draft),
        _ => Err(refused(from, "reject")),
    }
}

/// `archive`: a published version leaves search.
pub fn archive(from: ArticleStatus) -> DomainResult<ArticleStatus> {
    match from {
        ArticleStatus::Published => Ok(ArticleStatus::Archived),
        _ => Err(refused(from, "archive")),
    }
}

/// Deleting a version: drafts only.
pub fn delete(from: ArticleStatus) -> DomainResult<()> {
    match from {
        ArticleStatus::Draft => Ok(()),
        _ => Err(refused(from, "delete")),
    }
}

#[cfg(test)]
mod tests {
    use super::ArticleStatus::*;
    use super::*;

    const ALL: [ArticleStatus; 4] = [Draft, Submitted, Published, Archived];

    fn allowed(
        f: fn(ArticleStatus) -> DomainResult<ArticleStatus>,
    ) -> Vec<(ArticleStatus, ArticleStatus)> {
        ALL.iter()
            .filter_map(|from| f(*from).ok().map(|to| (*from, to)))
            .collect()
    }

    #[test]
    fn each_action_moves_from_exactly_one_status() {
        assert_eq!(allowed(submit), [(Draft, Submitted)]);
        assert_eq!(allowed(withdraw), [(Submitted, Draft)]);
        assert_eq!(allowed(approve), [(Submitted, Published)]);
        assert_eq!(allowed(reject), [(Submitted, Draft)]);
        assert_eq!(allowed(archive), [(Published, Archived)]);
    }

    #[test]
    fn a_refusal_names_the_status_and_the_action() {
        match approve(Draft) {
            Err(DomainError::InvalidState { state, action, .. }) => {
                assert_eq!(state, "draft");
                assert_eq!(action, "approve");
            }
            other => panic!("{other:?}"),
        }
        for from in [Draft, Published, Archived] {
            assert!(reject(from).is_err(), "{from:?}");
            assert!(withdraw(from).is_err(), "{from:?}");
        }
        for from in [Submitted, Published, Archived] {
            assert!(submit(from).is_err(), "{from:?}");
        }
        for from in [Draft, Submitted, Archived] {
            assert!(archive(from).is_err(), "{from:?}");
        }
    }

    #[test]
    fn drafts_change_in_place_published_versions_draft_the_next() {
        assert_eq!(edit(Draft).ok(), Some(Edit::InPlace));
        assert_eq!(edit(Published).ok(), Some(Edit::NewVersion));
        assert!(edit(Submitted).is_err());
        assert!(edit(Archived).is_err());
    }

    #[test]
    fn only_drafts_are_deleted() {
        assert!(delete(Draft).is_ok());
        for from in [Submitted, Published, Archived] {
            assert!(delete(from).is_err(), "{from:?}");
        }
    }
}
