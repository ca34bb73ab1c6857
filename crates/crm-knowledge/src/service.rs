//! Knowledge articles: writing, the approval workflow, versions, comments, search, and the
//! articles that answer cases.
//!
//! Each function checks the caller's privilege (`approve` publishes and rejects), filters by
//! their read scope in SQL (an article outside it does not exist for them), validates the whole
//! input at once, and writes the change log in the same transaction. The search index holds
//! exactly the published versions: it is written in the transaction that publishes, archives
//! or deletes one.

use std::collections::HashMap;

use crm_core::changes::Recordable;
use crm_core::error::check_version;
use crm_core::id::{ArticleCommentId, BusinessUnitId, CaseId, KnowledgeArticleId, OwnerId};
use crm_core::list::{ListQuery, Page};
use crm_core::security::{AccessScope, Action, Assignment, Ctx, entities};
use crm_core::validate::{Validator, clean};
use crm_core::{DomainError, DomainResult};
use crm_db::fulltext::{self, Document};
use crm_db::{AnyConnection, changes, lock_for_update, write_transaction};
use crm_picklists::Choices;
use serde::Serialize;

use crate::lifecycle::{self, ArticleStatus, Edit, Visibility};
use crate::model::{
    ArticleComment, ArticleContent, ArticleSection, ArticleState, CaseArticle, CaseArticles,
    CommentFields, KnowledgeArticle, KnowledgeArticleFields, KnowledgeArticlePatch,
    KnowledgeArticleRow, Rejection, SearchHit, SearchResults, VersionComparison, VersionDifference,
};
use crate::sanitize;
use crate::store::{self, NewVersion, Write};
use crate::templates::MAX_SECTIONS;

const ARTICLE: &str = "knowledge article";
const COMMENT: &str = "comment";
const MAX_TITLE: usize = 300;
const MAX_SECTION_BODY: usize = 200_000;
const MAX_KEYWORDS: usize = 30;
const MAX_KEYWORD: usize = 50;
/// The most articles linked to one case.
pub const MAX_LINKS: usize = 100;
/// The most hits a search page has.
pub const MAX_SEARCH_LIMIT: i64 = 50;
/// How far search pages go.
const MAX_SEARCH_OFFSET: i64 = 1_000;

impl Recordable for KnowledgeArticle {
    const ENTITY: &'static str = entities::KNOWLEDGE_ARTICLES;
    fn record_id(&self) -> &str {
        self.id.as_str()
    }
    fn owner_id(&self) -> Option<&str> {
        Some(self.owner_id.as_str())
    }
    fn business_unit_id(&self) -> Option<&str> {
        Some(self.business_unit_id.as_str())
    }
}

fn read_scope(ctx: &Ctx) -> DomainResult<AccessScope> {
    ctx.principal
        .require(entities::KNOWLEDGE_ARTICLES, Action::Read)
}

/// A page of article versions the caller may read (`is_latest_version=true` for one row per
/// article, `status=submitted` for the unapproved folder).
pub fn list_articles(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    list: &ListQuery,
) -> DomainResult<Page<KnowledgeArticle>> {
    let scope = read_scope(ctx)?;
    let (rows, total) = store::list_articles(conn, || store::visible_articles(&scope), list)?;
    Ok(into_page(rows, list, total))
}

fn into_page(
    rows: Vec<KnowledgeArticleRow>,
    list: &ListQuery,
    total: Option<i64>,
) -> Page<KnowledgeArticle> {
    let page = Page::from_rows(rows, list, total, |r| {
        store::article_sort_key(r, list.sort.field)
    });
    Page {
        data: page.data.into_iter().map(KnowledgeArticle::from).collect(),
        next_cursor: page.next_cursor,
        total: page.total,
    }
}

fn read_row(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &KnowledgeArticleId,
) -> DomainResult<KnowledgeArticleRow> {
    let scope = read_scope(ctx)?;
    store::find_article(conn, &scope, id)?.ok_or(DomainError::not_found(ARTICLE))
}

/// One version, if the caller may read it.
pub fn get_article(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &KnowledgeArticleId,
) -> DomainResult<KnowledgeArticle> {
    Ok(read_row(conn, ctx, id)?.into())
}

/// Reads, locks and checks a version for an action of the caller.
fn for_change(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &KnowledgeArticleId,
    action: Action,
) -> DomainResult<KnowledgeArticleRow> {
    let read = read_scope(ctx)?;
    let act = ctx
        .principal
        .require(entities::KNOWLEDGE_ARTICLES, action)?;
    lock_for_update(conn, "knowledge_articles", id.as_str())?;
    let row = store::find_article(conn, &read, id)?.ok_or(DomainError::not_found(ARTICLE))?;
    if !act.allows(row.owner_id.as_str(), row.business_unit_id.as_str()) {
        return Err(DomainError::forbidden(
            entities::KNOWLEDGE_ARTICLES,
            action.as_str(),
        ));
    }
    Ok(row)
}

// ----- content --------------------------------------------------------------------------------

fn check_keywords(v: &mut Validator, keywords: Vec<String>) -> Vec<String> {
    let mut kept: Vec<String> = Vec::new();
    for (i, keyword) in keywords.into_iter().enumerate() {
        let keyword = keyword.split_whitespace().collect::<Vec<_>>().join(" ");
        if keyword.is_empty() {
            continue;
        }
        if keyword.chars().count() > MAX_KEYWORD {
            v.add(
                &format!("keywords[{i}]"),
                "too_long",
                format!("a keyword has {MAX_KEYWORD} characters at most"),
            );
        }
        if !kept
            .iter()
            .any(|k| k.to_lowercase() == keyword.to_lowercase())
        {
            kept.push(keyword);
        }
    }
    if kept.len() > MAX_KEYWORDS {
        v.add(
            "keywords",
            "too_many",
            format!("an article has {MAX_KEYWORDS} keywords at most"),
        );
    }
    kept
}

fn check_sections(v: &mut Validator, sections: Vec<ArticleSection>) -> Vec<ArticleSection> {
    if sections.len() > MAX_SECTIONS {
        v.add(
            "sections",
            "too_many",
            format!("an article has {MAX_SECTIONS} sections at most"),
        );
    }
    sections
        .into_iter()
        .enumerate()
        .map(|(i, section)| {
            let title = section.title.trim().to_owned();
            if title.chars().count() > 100 {
                v.add(
                    &format!("sections[{i}].title"),
                    "too_long",
                    "a section heading has 100 characters at most",
                );
            }
            if section.body.len() > MAX_SECTION_BODY {
                v.add(
                    &format!("sections[{i}].body"),
                    "too_long",
                    format!("a section has {MAX_SECTION_BODY} characters at most"),
                );
            }
            ArticleSection {
                title,
                body: sanitize::clean_html(&section.body),
            }
        })
        .collect()
}

/// Validates and sanitizes what an article is written of. `current` is the version a change
/// starts from (its values stand for the fields not sent).
fn content(
    conn: &mut AnyConnection,
    fields: KnowledgeArticleFields,
    current: Option<&KnowledgeArticle>,
) -> DomainResult<ArticleContent> {
    let mut v = Validator::new();
    let title = clean(fields.title);
    v.required_max("title", title.as_deref(), MAX_TITLE);
    let subject = clean(fields.subject);
    let choices = Choices::load(conn, entities::CASES)?;
    choices.check(
        &mut v,
        "subject",
        "subject",
        subject.as_deref(),
        current.and_then(|c| c.subject.as_deref()),
    );
    let keywords = check_keywords(&mut v, fields.keywords.unwrap_or_default());
    let template_id = match current {
        Some(c) => {
            if fields.template_id != c.template_id {
                v.add(
                    "template_id",
                    "read_only",
                    "the template of an article is chosen when it is created",
                );
            }
            c.template_id.clone()
        }
        None => fields.template_id,
    };
    let template = match (&template_id, current) {
        (Some(id), None) => match store::find_template(conn, id)? {
            Some(t) if t.is_active => Some(crate::model::ArticleTemplate::from(t)),
            Some(_) => {
                v.add(
                    "template_id",
                    "inactive",
                    "the template is retired: choose another",
                );
                None
            }
            None => {
                v.add(
                    "template_id",
                    "not_found",
                    "template_id names no article template",
                );
                None
            }
        },
        _ => None,
    };
    let sections = match (fields.sections, fields.body) {
        (Some(_), Some(_)) => {
            v.add("body", "conflict", "send sections or body, not both");
            Vec::new()
        }
        (Some(sections), None) => check_sections(&mut v, sections),
        (None, Some(body)) => check_sections(
            &mut v,
            vec![ArticleSection {
                title: String::new(),
                body,
            }],
        ),
        (None, None) => match template {
            Some(t) => t
                .sections
                .into_iter()
                .map(|s| ArticleSection {
                    title: s.title,
                    body: String::new(),
                })
                .collect(),
            None => Vec::new(),
        },
    };
    v.finish()?;
    Ok(ArticleContent {
        title: title.unwrap_or_default(),
        subject,
        keywords: serde_json::to_string(&keywords).unwrap_or_else(|_| "[]".to_owned()),
        sections: serde_json::to_string(&sections).unwrap_or_else(|_| "[]".to_owned()),
        visibility: fields
            .visibility
            .unwrap_or(Visibility::Internal)
            .as_str()
            .to_owned(),
        template_id,
    })
}

/// The index document of a published version.
fn index(conn: &mut AnyConnection, article: &KnowledgeArticle) -> DomainResult<()> {
    let body = sanitize::strip_markers(&sanitize::to_text(&article.body));
    let keywords = article.keywords.join(" ");
    fulltext::index(
        conn,
        &Document {
            id: article.id.as_str(),
            title: &article.title,
            keywords: &keywords,
            body: &body,
        },
    )?;
    Ok(())
}

// ----- writing --------------------------------------------------------------------------------

/// Creates an article as a draft (version 1), owned by the caller.
pub fn create_article(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    fields: KnowledgeArticleFields,
) -> DomainResult<KnowledgeArticle> {
    ctx.principal
        .require(entities::KNOWLEDGE_ARTICLES, Action::Create)?;
    write_transaction(conn, |conn| {
        let content = content(conn, fields, None)?;
        let id = KnowledgeArticleId::new();
        let number = crm_db::numbers::format_number(
            "KA",
            crm_db::numbers::next_number(conn, entities::KNOWLEDGE_ARTICLES)?,
        );
        let owner = OwnerId::from(ctx.principal.user_id.clone());
        let row = store::insert_article(
            conn,
            &NewVersion {
                id: &id,
                number: &number,
                root: &id,
                version_number: 1,
                use_count: 0,
                owner: (&owner, &ctx.principal.business_unit_id),
            },
            &content,
            ctx.actor(),
            ctx.now,
        )?;
        let article = KnowledgeArticle::from(row);
        changes::log(conn, Some(ctx.actor()), ctx.now, None, Some(&article))?;
        Ok(article)
    })
}

/// Writes a version's new state (and content) with the change-log entry.
fn rewrite(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    current: KnowledgeArticleRow,
    content: Option<&ArticleContent>,
    state: &ArticleState,
    owner: Option<(&OwnerId, &BusinessUnitId)>,
) -> DomainResult<KnowledgeArticle> {
    let id = current.id.clone();
    let version = current.version;
    let (owner_id, unit) = (current.owner_id.clone(), current.business_unit_id.clone());
    let before = KnowledgeArticle::from(current);
    let row = store::update_article(
        conn,
        &id,
        version,
        &Write {
            content,
            state,
            owner: owner.unwrap_or((&owner_id, &unit)),
        },
        ctx.actor(),
        ctx.now,
    )?
    .ok_or(DomainError::conflict(
        "the article changed while it was being saved; try again",
    ))?;
    let after = KnowledgeArticle::from(row);
    changes::log(
        conn,
        Some(ctx.actor()),
        ctx.now,
        Some(&before),
        Some(&after),
    )?;
    Ok(after)
}

/// What a change of an article did.
pub struct Edited {
    /// The version changed, or the version drafted.
    pub article: KnowledgeArticle,
    /// Whether a new version was drafted (the published one stays as it was).
    pub new_version: bool,
}

/// Changes an article: a draft in place; a published version by drafting its next version
/// with the change (owned by the caller), while the published one stays readable and found.
pub fn update_article(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &KnowledgeArticleId,
    patch: KnowledgeArticlePatch,
    if_match: Option<i64>,
) -> DomainResult<Edited> {
    write_transaction(conn, |conn| {
        let current = for_change(conn, ctx, id, Action::Update)?;
        check_version(if_match, current.version)?;
        let edit = lifecycle::edit(current.status())?;
        let shown = KnowledgeArticle::from(current.clone());
        let mut fields = shown.fields();
        if patch.sections.is_some() || patch.body.is_some() {
            fields.sections = None;
        }
        patch.apply_to(&mut fields);
        match edit {
            Edit::InPlace => {
                let content = content(conn, fields, Some(&shown))?;
                let state = ArticleState::of(&current);
                let article = rewrite(conn, ctx, current, Some(&content), &state, None)?;
                Ok(Edited {
                    article,
                    new_version: false,
                })
            }
            Edit::NewVersion => {
                ctx.principal
                    .require(entities::KNOWLEDGE_ARTICLES, Action::Create)?;
                let latest = store::latest_version(conn, &current.root_article_id)?
                    .ok_or(DomainError::not_found(ARTICLE))?;
                if latest.id != current.id {
                    return Err(DomainError::conflict(format!(
                        "version {} of this article is being written ({}): change that one",
                        latest.version_number, latest.status
                    )));
                }
                let content = content(conn, fields, Some(&shown))?;
                let id = KnowledgeArticleId::new();
                let owner = OwnerId::from(ctx.principal.user_id.clone());
                let row = store::insert_article(
                    conn,
                    &NewVersion {
                        id: &id,
                        number: &current.number,
                        root: &current.root_article_id,
                        version_number: current.version_number + 1,
                        use_count: current.use_count,
                        owner: (&owner, &ctx.principal.business_unit_id),
                    },
                    &content,
                    ctx.actor(),
                    ctx.now,
                )?;
                store::set_latest(conn, &current.id, false)?;
                let article = KnowledgeArticle::from(row);
                changes::log(conn, Some(ctx.actor()), ctx.now, None, Some(&article))?;
                Ok(Edited {
                    article,
                    new_version: true,
                })
            }
        }
    })
}

/// Sends a draft for approval: it needs a title and some text.
pub fn submit_article(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &KnowledgeArticleId,
    if_match: Option<i64>,
) -> DomainResult<KnowledgeArticle> {
    write_transaction(conn, |conn| {
        let current = for_change(conn, ctx, id, Action::Update)?;
        check_version(if_match, current.version)?;
        let to = lifecycle::submit(current.status())?;
        let shown = KnowledgeArticle::from(current.clone());
        if !shown
            .sections
            .iter()
            .any(|s| sanitize::has_content(&s.body))
        {
            return Err(DomainError::invalid(
                "sections",
                "required",
                "write the article's text before submitting it",
            ));
        }
        let mut state = ArticleState::of(&current);
        state.status = to.as_str().to_owned();
        state.rejection_reason = None;
        state.submitted_at = Some(ctx.now);
        state.submitted_by = Some(ctx.principal.user_id.clone());
        rewrite(conn, ctx, current, None, &state, None)
    })
}

/// Takes a submitted version back to draft, to change it.
pub fn withdraw_article(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &KnowledgeArticleId,
    if_match: Option<i64>,
) -> DomainResult<KnowledgeArticle> {
    write_transaction(conn, |conn| {
        let current = for_change(conn, ctx, id, Action::Update)?;
        check_version(if_match, current.version)?;
        let to = lifecycle::withdraw(current.status())?;
        let mut state = ArticleState::of(&current);
        state.status = to.as_str().to_owned();
        rewrite(conn, ctx, current, None, &state, None)
    })
}

/// Publishes a submitted version (the approve privilege): it is found by search from now on,
/// and the version published before it is archived.
pub fn approve_article(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &KnowledgeArticleId,
    if_match: Option<i64>,
) -> DomainResult<KnowledgeArticle> {
    write_transaction(conn, |conn| {
        let current = for_change(conn, ctx, id, Action::Approve)?;
        check_version(if_match, current.version)?;
        let to = lifecycle::approve(current.status())?;
        if let Some(previous) = store::published_version(conn, &current.root_article_id)?
            && previous.id != current.id
        {
            lock_for_update(conn, "knowledge_articles", previous.id.as_str())?;
            let mut state = ArticleState::of(&previous);
            state.status = ArticleStatus::Archived.as_str().to_owned();
            state.archived_at = Some(ctx.now);
            let previous_id = previous.id.clone();
            rewrite(conn, ctx, previous, None, &state, None)?;
            fulltext::unindex(conn, previous_id.as_str())?;
        }
        let mut state = ArticleState::of(&current);
        state.status = to.as_str().to_owned();
        state.published_at = Some(ctx.now);
        state.published_by = Some(ctx.principal.user_id.clone());
        state.archived_at = None;
        let published = rewrite(conn, ctx, current, None, &state, None)?;
        index(conn, &published)?;
        Ok(published)
    })
}

/// Sends a submitted version back to its author as a draft, with the reason (the approve
/// privilege).
pub fn reject_article(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &KnowledgeArticleId,
    rejection: Rejection,
    if_match: Option<i64>,
) -> DomainResult<KnowledgeArticle> {
    let mut v = Validator::new();
    let reason = clean(rejection.reason);
    v.required_max("reason", reason.as_deref(), 2_000);
    v.finish()?;
    write_transaction(conn, |conn| {
        let current = for_change(conn, ctx, id, Action::Approve)?;
        check_version(if_match, current.version)?;
        let to = lifecycle::reject(current.status())?;
        let mut state = ArticleState::of(&current);
        state.status = to.as_str().to_owned();
        state.rejection_reason = reason.clone();
        rewrite(conn, ctx, current, None, &state, None)
    })
}

/// Takes a published version out of search (the approve privilege); it stays readable.
pub fn archive_article(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &KnowledgeArticleId,
    if_match: Option<i64>,
) -> DomainResult<KnowledgeArticle> {
    write_transaction(conn, |conn| {
        let current = for_change(conn, ctx, id, Action::Approve)?;
        check_version(if_match, current.version)?;
        let to = lifecycle::archive(current.status())?;
        let mut state = ArticleState::of(&current);
        state.status = to.as_str().to_owned();
        state.archived_at = Some(ctx.now);
        let archived = rewrite(conn, ctx, current, None, &state, None)?;
        fulltext::unindex(conn, archived.id.as_str())?;
        Ok(archived)
    })
}

/// Gives a version to another owner (an active user or a team).
pub fn assign_article(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &KnowledgeArticleId,
    assignment: Assignment,
    if_match: Option<i64>,
) -> DomainResult<KnowledgeArticle> {
    write_transaction(conn, |conn| {
        let current = for_change(conn, ctx, id, Action::Assign)?;
        check_version(if_match, current.version)?;
        let unit = crm_identity::service::users::require_owner_unit(
            conn,
            assignment.owner_id.as_str(),
            "owner_id",
        )?;
        if current.owner_id == assignment.owner_id && current.business_unit_id == unit {
            return Ok(current.into());
        }
        let state = ArticleState::of(&current);
        rewrite(
            conn,
            ctx,
            current,
            None,
            &state,
            Some((&assignment.owner_id, &unit)),
        )
    })
}

/// Deletes a draft version (what was published stays, archived); the version before it becomes
/// the article's newest again.
pub fn delete_article(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &KnowledgeArticleId,
    if_match: Option<i64>,
) -> DomainResult<()> {
    write_transaction(conn, |conn| {
        let current = for_change(conn, ctx, id, Action::Delete)?;
        check_version(if_match, current.version)?;
        lifecycle::delete(current.status())?;
        let root = current.root_article_id.clone();
        let was_latest = current.is_latest_version;
        let before = KnowledgeArticle::from(current);
        if !store::delete_article(conn, id, before.version)? {
            return Err(DomainError::conflict(
                "the article changed while it was being deleted; try again",
            ));
        }
        if was_latest && let Some(previous) = store::latest_version(conn, &root)? {
            store::set_latest(conn, &previous.id, true)?;
        }
        changes::log(conn, Some(ctx.actor()), ctx.now, Some(&before), None)?;
        Ok(())
    })
}

/// A version's history.
pub fn article_history(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &KnowledgeArticleId,
    list: &ListQuery,
) -> DomainResult<Page<crm_core::changes::Change>> {
    read_row(conn, ctx, id)?;
    Ok(changes::history(
        conn,
        entities::KNOWLEDGE_ARTICLES,
        id.as_str(),
        list,
    )?)
}

// ----- versions -------------------------------------------------------------------------------

/// The versions of the article a version belongs to (newest first by default:
/// `sort=-version_number`), those the caller may read.
pub fn list_versions(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &KnowledgeArticleId,
    list: &ListQuery,
) -> DomainResult<Page<KnowledgeArticle>> {
    let row = read_row(conn, ctx, id)?;
    let scope = read_scope(ctx)?;
    let root = row.root_article_id.as_str().to_owned();
    let (rows, total) = store::list_articles(
        conn,
        || {
            let mut conditions = store::visible_articles(&scope);
            conditions.push(Box::new(diesel::ExpressionMethods::eq(
                crm_db::schema::knowledge_articles::root_article_id,
                root.clone(),
            )));
            conditions
        },
        list,
    )?;
    Ok(into_page(rows, list, total))
}

/// The fields compared between versions: what their writers wrote.
const COMPARED: [&str; 6] = [
    "title",
    "subject",
    "keywords",
    "sections",
    "visibility",
    "template_id",
];

/// Compares two versions of one article.
pub fn compare_versions(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &KnowledgeArticleId,
    other: &KnowledgeArticleId,
) -> DomainResult<VersionComparison> {
    let from = read_row(conn, ctx, id)?;
    let scope = read_scope(ctx)?;
    let to = store::find_article(conn, &scope, other)?.ok_or_else(|| {
        DomainError::invalid(
            "with",
            "not_found",
            "with names no version the caller may read",
        )
    })?;
    if to.root_article_id != from.root_article_id {
        return Err(DomainError::invalid(
            "with",
            "other_article",
            "with names a version of another article",
        ));
    }
    let (from, to) = (KnowledgeArticle::from(from), KnowledgeArticle::from(to));
    let as_map = |a: &KnowledgeArticle| match serde_json::to_value(a) {
        Ok(serde_json::Value::Object(map)) => map,
        _ => serde_json::Map::new(),
    };
    let (a, b) = (as_map(&from), as_map(&to));
    let differences = COMPARED
        .iter()
        .filter_map(|field| {
            let old = a.get(*field).cloned().unwrap_or(serde_json::Value::Null);
            let new = b.get(*field).cloned().unwrap_or(serde_json::Value::Null);
            (old != new).then(|| VersionDifference {
                field: (*field).to_owned(),
                from: old,
                to: new,
            })
        })
        .collect();
    Ok(VersionComparison {
        from,
        to,
        differences,
    })
}

// ----- comments -------------------------------------------------------------------------------

/// The comments of the article a version belongs to (all its versions), oldest first.
pub fn list_comments(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &KnowledgeArticleId,
    list: &ListQuery,
) -> DomainResult<Page<ArticleComment>> {
    let row = read_row(conn, ctx, id)?;
    let root = row.root_article_id;
    let (rows, total) = store::list_comments(conn, || store::comments_of(&root), list)?;
    Ok(Page::from_rows(rows, list, total, |r| {
        store::comment_sort_key(r, list.sort.field)
    }))
}

/// Comments on an article: whoever may read it may comment.
pub fn add_comment(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &KnowledgeArticleId,
    fields: CommentFields,
) -> DomainResult<ArticleComment> {
    let mut v = Validator::new();
    let body = clean(fields.body);
    v.required_max("body", body.as_deref(), 4_000);
    v.finish()?;
    write_transaction(conn, |conn| {
        let row = read_row(conn, ctx, id)?;
        let comment = ArticleComment {
            id: ArticleCommentId::new(),
            article_id: row.id,
            root_article_id: row.root_article_id,
            author_id: ctx.principal.user_id.clone(),
            body: body.clone().unwrap_or_default(),
            created_at: ctx.now,
        };
        store::insert_comment(conn, &comment)?;
        Ok(comment)
    })
}

/// Deletes a comment: its author, or whoever may change the version it was written on.
pub fn delete_comment(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &KnowledgeArticleId,
    comment_id: &ArticleCommentId,
) -> DomainResult<()> {
    write_transaction(conn, |conn| {
        let row = read_row(conn, ctx, id)?;
        let comment = store::find_comment(conn, &row.root_article_id, comment_id)?
            .ok_or(DomainError::not_found(COMMENT))?;
        if comment.author_id != ctx.principal.user_id {
            for_change(conn, ctx, &comment.article_id, Action::Update)?;
        }
        store::delete_comment(conn, comment_id)?;
        Ok(())
    })
}

// ----- search ---------------------------------------------------------------------------------

/// What a search asks.
#[derive(Debug, Clone, Default)]
pub struct SearchRequest {
    /// The words looked for.
    pub q: String,
    /// Only articles of this visibility.
    pub visibility: Option<Visibility>,
    /// Only articles of this subject.
    pub subject: Option<String>,
    /// The most hits (1 to 50, default 10).
    pub limit: Option<i64>,
    /// Where the page starts (the `next_cursor` of the page before).
    pub cursor: Option<String>,
}

/// Published articles the caller may read that hold every word of `q` (each a prefix of a
/// stemmed word), best first: title and keyword matches above body-only ones.
pub fn search_articles(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    request: &SearchRequest,
) -> DomainResult<SearchResults> {
    let scope = read_scope(ctx)?;
    let mut v = Validator::new();
    let terms = fulltext::terms(&request.q);
    if terms.is_empty() {
        v.add("q", "required", "q needs a word to look for");
    }
    let limit = request.limit.unwrap_or(10);
    v.range("limit", Some(limit), 1, MAX_SEARCH_LIMIT);
    let offset = match request.cursor.as_deref().filter(|c| !c.is_empty()) {
        None => 0,
        Some(cursor) => match cursor.parse::<i64>() {
            Ok(n) if (0..=MAX_SEARCH_OFFSET).contains(&n) => n,
            _ => {
                v.add("cursor", "invalid", "cursor is not one this search gave");
                0
            }
        },
    };
    v.finish()?;
    // Stop words are not searched (as PostgreSQL's English configuration drops them).
    let terms: Vec<String> = terms
        .into_iter()
        .filter(|t| !STOP_WORDS.contains(&t.as_str()))
        .collect();
    let query = |title_and_keywords: bool, limit: i64| fulltext::Query {
        terms: &terms,
        match_all: true,
        title_and_keywords,
        scope: &scope,
        visibility: request.visibility.map(Visibility::as_str),
        subject: request.subject.as_deref(),
        limit,
        offset: 0,
    };
    // Two tiers: matches in the title or keywords first, ranked among themselves (a cheap query:
    // titles and keywords are short); then, when they do not fill the page, the other matches.
    // Scores: 1 and above in the first tier, below 1 in the second.
    let wanted = offset + limit + 1;
    let squash = |score: f64| score.max(0.0) / (1.0 + score.max(0.0));
    let mut hits: Vec<fulltext::Hit> = fulltext::search(conn, &query(true, wanted))?
        .into_iter()
        .map(|mut h| {
            h.score = 1.0 + squash(h.score);
            h
        })
        .collect();
    if (hits.len() as i64) < wanted {
        let first: std::collections::HashSet<String> = hits.iter().map(|h| h.id.clone()).collect();
        let rest = fulltext::search(conn, &query(false, wanted + first.len() as i64))?;
        hits.extend(
            rest.into_iter()
                .filter(|h| !first.contains(&h.id))
                .map(|mut h| {
                    h.score = squash(h.score);
                    h
                }),
        );
    }
    let hits: Vec<fulltext::Hit> = hits.into_iter().skip(offset as usize).collect();
    let more = hits.len() as i64 > limit;
    let hits: Vec<fulltext::Hit> = hits.into_iter().take(limit as usize).collect();
    let data = with_articles(conn, &scope, hits, &terms)?;
    Ok(SearchResults {
        data,
        next_cursor: (more && offset + limit <= MAX_SEARCH_OFFSET)
            .then(|| (offset + limit).to_string()),
    })
}

/// Hits with their published versions and snippets, in the hits' order.
fn with_articles(
    conn: &mut AnyConnection,
    scope: &AccessScope,
    hits: Vec<fulltext::Hit>,
    terms: &[String],
) -> DomainResult<Vec<SearchHit>> {
    let ids: Vec<String> = hits.iter().map(|h| h.id.clone()).collect();
    let mut rows: HashMap<String, KnowledgeArticleRow> = store::find_articles(conn, scope, &ids)?
        .into_iter()
        .map(|r| (r.id.as_str().to_owned(), r))
        .collect();
    Ok(hits
        .into_iter()
        .filter_map(|hit| {
            let row = rows.remove(&hit.id)?;
            (row.status() == ArticleStatus::Published).then(|| {
                let article = KnowledgeArticle::from(row);
                // The snippet comes from the sections' text, without their headings.
                let bodies: Vec<&str> = article.sections.iter().map(|s| s.body.as_str()).collect();
                let text = sanitize::strip_markers(&sanitize::to_text(&bodies.join(" ")));
                SearchHit {
                    snippet: sanitize::highlight(&snippet(&text, terms, 30)),
                    score: hit.score,
                    article,
                }
            })
        })
        .collect())
}

/// Whether a word of the text matches a term: the term is a prefix of it, or it is a shorter
/// form of the term (a stem: "printers" finds "printer").
fn matches(word: &str, terms: &[String]) -> bool {
    let word = word.to_lowercase();
    terms.iter().any(|t| {
        word.starts_with(t.as_str())
            || (word.chars().count() >= 4
                && t.starts_with(word.as_str())
                && t.chars().count() - word.chars().count() <= 3)
    })
}

/// A passage of about `words` words around the first match, with each matching word between
/// [`sanitize::MARK_START`] and [`sanitize::MARK_END`]; the text's start when nothing matches.
pub fn snippet(text: &str, terms: &[String], words: usize) -> String {
    let all: Vec<&str> = text.split_whitespace().collect();
    let core = |w: &str| -> String { w.chars().filter(|c| c.is_alphanumeric()).collect() };
    let first = all.iter().position(|w| matches(&core(w), terms));
    let start = first.map_or(0, |i| i.saturating_sub(words / 3));
    let end = (start + words).min(all.len());
    let mut out = String::new();
    if start > 0 {
        out.push_str("… ");
    }
    for (i, word) in all[start..end].iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let c = core(word);
        match word.find(char::is_alphanumeric) {
            Some(first) if matches(&c, terms) => {
                // Marks around the word itself, punctuation outside.
                let last = word
                    .char_indices()
                    .rev()
                    .find(|(_, ch)| ch.is_alphanumeric())
                    .map(|(i, ch)| i + ch.len_utf8())
                    .unwrap_or(word.len());
                out.push_str(&word[..first]);
                out.push(sanitize::MARK_START);
                out.push_str(&word[first..last]);
                out.push(sanitize::MARK_END);
                out.push_str(&word[last..]);
            }
            _ => out.push_str(word),
        }
    }
    if end < all.len() {
        out.push_str(" …");
    }
    out
}

/// Words too common to tell articles apart, left out of a case's suggestions.
const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "can", "cannot", "do", "does", "for",
    "from", "has", "have", "he", "her", "his", "how", "i", "in", "is", "it", "its", "my", "no",
    "not", "of", "on", "or", "our", "she", "so", "that", "the", "their", "them", "there", "they",
    "this", "to", "us", "was", "we", "were", "what", "when", "which", "who", "why", "will", "with",
    "you", "your",
];

/// The published articles that best answer a case, from its title and description: any word
/// counts, more uses rank higher, articles already linked are left out.
pub fn suggested_articles(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    case_id: &CaseId,
    limit: Option<i64>,
) -> DomainResult<SearchResults> {
    let limit = limit.unwrap_or(5);
    let mut v = Validator::new();
    v.range("limit", Some(limit), 1, 20);
    v.finish()?;
    let case = crm_cases::service::get_case(conn, ctx, case_id)?;
    let scope = read_scope(ctx)?;
    let text = format!(
        "{} {}",
        case.title,
        case.description.as_deref().unwrap_or_default()
    );
    let terms: Vec<String> = fulltext::terms(&text)
        .into_iter()
        .filter(|t| t.chars().count() > 1 && !STOP_WORDS.contains(&t.as_str()))
        .collect();
    let linked = store::linked_roots(conn, case_id)?;
    let hits = fulltext::search(
        conn,
        &fulltext::Query {
            terms: &terms,
            match_all: false,
            title_and_keywords: false,
            scope: &scope,
            visibility: None,
            subject: None,
            limit: 3 * limit + linked.len() as i64,
            offset: 0,
        },
    )?;
    let mut data: Vec<SearchHit> = with_articles(conn, &scope, hits, &terms)?
        .into_iter()
        .filter(|h| !linked.contains(&h.article.root_article_id.as_str().to_owned()))
        .map(|mut h| {
            h.score *= 1.0 + 0.25 * (1.0 + h.article.use_count as f64).ln();
            h
        })
        .collect();
    data.sort_by(|a, b| b.score.total_cmp(&a.score));
    data.truncate(limit as usize);
    Ok(SearchResults {
        data,
        next_cursor: None,
    })
}

// ----- the articles that answer a case --------------------------------------------------------

/// The case's links as its history records them.
#[derive(Serialize)]
struct CaseLinks {
    #[serde(skip)]
    case_id: String,
    #[serde(skip)]
    owner_id: String,
    #[serde(skip)]
    business_unit_id: String,
    /// The numbers of the articles linked.
    linked_articles: Vec<String>,
}

impl Recordable for CaseLinks {
    const ENTITY: &'static str = entities::CASES;
    fn record_id(&self) -> &str {
        &self.case_id
    }
    fn owner_id(&self) -> Option<&str> {
        Some(&self.owner_id)
    }
    fn business_unit_id(&self) -> Option<&str> {
        Some(&self.business_unit_id)
    }
}

fn case_links(conn: &mut AnyConnection, case: &crm_cases::model::Case) -> DomainResult<CaseLinks> {
    let links = store::links_of_case(conn, &case.id)?;
    let ids: Vec<String> = links.iter().map(|l| l.1.as_str().to_owned()).collect();
    let mut numbers: Vec<String> = store::find_articles(conn, &AccessScope::Organization, &ids)?
        .into_iter()
        .map(|r| r.number)
        .collect();
    numbers.sort();
    Ok(CaseLinks {
        case_id: case.id.as_str().to_owned(),
        owner_id: case.owner_id.as_str().to_owned(),
        business_unit_id: case.business_unit_id.as_str().to_owned(),
        linked_articles: numbers,
    })
}

/// The articles linked to a case the caller may read (those they may read).
pub fn list_case_articles(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    case_id: &CaseId,
) -> DomainResult<CaseArticles> {
    crm_cases::service::get_case(conn, ctx, case_id)?;
    let scope = read_scope(ctx)?;
    let links = store::links_of_case(conn, case_id)?;
    let ids: Vec<String> = links.iter().map(|l| l.1.as_str().to_owned()).collect();
    let mut rows: HashMap<String, KnowledgeArticleRow> = store::find_articles(conn, &scope, &ids)?
        .into_iter()
        .map(|r| (r.id.as_str().to_owned(), r))
        .collect();
    Ok(CaseArticles {
        data: links
            .into_iter()
            .filter_map(|(_, article, linked_by, linked_at)| {
                rows.remove(article.as_str()).map(|row| CaseArticle {
                    case_id: case_id.clone(),
                    article: row.into(),
                    linked_by,
                    linked_at,
                })
            })
            .collect(),
    })
}

/// Links a published article to a case the caller works on; it counts as a use of the article.
pub fn link_article(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    case_id: &CaseId,
    article_id: Option<KnowledgeArticleId>,
) -> DomainResult<CaseArticle> {
    let Some(article_id) = article_id else {
        return Err(DomainError::invalid(
            "article_id",
            "required",
            "article_id names the article to link",
        ));
    };
    write_transaction(conn, |conn| {
        let case = crm_cases::service::case_for_work(conn, ctx, case_id)?;
        let scope = read_scope(ctx)?;
        let row = store::find_article(conn, &scope, &article_id)?.ok_or_else(|| {
            DomainError::invalid(
                "article_id",
                "not_found",
                "article_id names no article the caller may read",
            )
        })?;
        if row.status() != ArticleStatus::Published {
            return Err(DomainError::invalid(
                "article_id",
                "not_published",
                format!(
                    "only a published article answers a case; this one is {}",
                    row.status
                ),
            ));
        }
        if store::is_linked(conn, case_id, &row.root_article_id)? {
            return Err(DomainError::conflict(format!(
                "{} is linked to this case already",
                row.number
            )));
        }
        let before = case_links(conn, &case)?;
        if before.linked_articles.len() >= MAX_LINKS {
            return Err(DomainError::invalid(
                "article_id",
                "too_many",
                format!("a case links {MAX_LINKS} articles at most"),
            ));
        }
        store::insert_link(
            conn,
            case_id,
            &row.root_article_id,
            &row.id,
            ctx.actor(),
            ctx.now,
        )?;
        store::count_use(conn, &row.root_article_id, 1)?;
        let after = case_links(conn, &case)?;
        changes::log(
            conn,
            Some(ctx.actor()),
            ctx.now,
            Some(&before),
            Some(&after),
        )?;
        let article =
            store::find_article(conn, &scope, &row.id)?.ok_or(DomainError::not_found(ARTICLE))?;
        Ok(CaseArticle {
            case_id: case_id.clone(),
            article: article.into(),
            linked_by: ctx.principal.user_id.clone(),
            linked_at: ctx.now,
        })
    })
}

/// Removes an article (named by any of its versions) from a case the caller works on; the use
/// it counted goes.
pub fn unlink_article(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    case_id: &CaseId,
    article_id: &KnowledgeArticleId,
) -> DomainResult<()> {
    write_transaction(conn, |conn| {
        let case = crm_cases::service::case_for_work(conn, ctx, case_id)?;
        let row = read_row(conn, ctx, article_id)?;
        let before = case_links(conn, &case)?;
        if !store::delete_link(conn, case_id, &row.root_article_id)? {
            return Err(DomainError::not_found("article link"));
        }
        store::count_use(conn, &row.root_article_id, -1)?;
        let after = case_links(conn, &case)?;
        changes::log(
            conn,
            Some(ctx.actor()),
            ctx.now,
            Some(&before),
            Some(&after),
        )?;
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(words: &[&str]) -> Vec<String> {
        words.iter().map(|w| (*w).to_owned()).collect()
    }

    #[test]
    fn a_snippet_marks_the_words_that_match_around_the_first() {
        let text = "Before anything else. Turn the printer off, wait, and turn the printers on.";
        let s = snippet(text, &terms(&["print"]), 6);
        assert_eq!(s, "… Turn the \u{E000}printer\u{E001} off, wait, and …");
        let s = snippet(text, &terms(&["printers"]), 40);
        assert!(s.contains("\u{E000}printer\u{E001} off"), "{s}");
        assert!(s.contains("\u{E000}printers\u{E001} on."), "{s}");
        let s = snippet("(Printer), ok", &terms(&["printer"]), 5);
        assert_eq!(s, "(\u{E000}Printer\u{E001}), ok");
    }

    #[test]
    fn without_a_match_the_snippet_is_the_start() {
        assert_eq!(snippet("one two three", &terms(&["zebra"]), 2), "one two …");
        assert_eq!(snippet("", &terms(&["zebra"]), 2), "");
    }
}
