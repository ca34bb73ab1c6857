//! Diesel queries for article templates, knowledge articles, comments and case links. No rules
//! here: the services decide who may run them.

use crm_core::Timestamp;
use crm_core::id::{
    ArticleCommentId, ArticleTemplateId, BusinessUnitId, CaseId, KnowledgeArticleId, OwnerId,
    UserId,
};
use crm_core::security::AccessScope;
use crm_db::query::{self, BoxedCondition};
use crm_db::schema::{
    article_templates, case_articles, knowledge_article_comments, knowledge_articles,
};
use crm_db::{AnyConnection, Native};
use diesel::prelude::*;

use crate::model::{
    ArticleComment, ArticleContent, ArticleState, ArticleTemplateRow, ArticleTemplateValues,
    KnowledgeArticleRow,
};

crm_db::list_query! {
    /// A page of article templates, and the total.
    pub fn list_templates / template_sort_key (article_templates) -> ArticleTemplateRow {
        id: article_templates::id,
        filters: {
            "id" => (article_templates::id, String),
            "name" => (article_templates::name, String),
            "created_at" => (article_templates::created_at, Timestamp),
            "is_active" => (article_templates::is_active, bool),
        },
        sorts: {
            "name" => (article_templates::name, Text, |r| r.name.clone()),
            "created_at" => (article_templates::created_at, Timestamp, |r| r.created_at),
        },
        search: [article_templates::name],
    }
}

crm_db::list_query! {
    /// A page of article versions (up to `limit + 1` rows) under the given conditions, and the
    /// total.
    pub fn list_articles / article_sort_key (knowledge_articles) -> KnowledgeArticleRow {
        id: knowledge_articles::id,
        filters: {
            "id" => (knowledge_articles::id, String),
            "root_article_id" => (knowledge_articles::root_article_id, String),
            "created_at" => (knowledge_articles::created_at, Timestamp),
            "updated_at" => (knowledge_articles::updated_at, Timestamp),
            "title" => (knowledge_articles::title, String),
            "number" => (knowledge_articles::number, String),
            "use_count" => (knowledge_articles::use_count, i64),
            "version_number" => (knowledge_articles::version_number, i64),
            "status" => (knowledge_articles::status, String),
            "visibility" => (knowledge_articles::visibility, String),
            "subject" => (knowledge_articles::subject.assume_not_null(), String),
            "is_latest_version" => (knowledge_articles::is_latest_version, bool),
            "template_id" => (knowledge_articles::template_id.assume_not_null(), String),
            "published_at" => (knowledge_articles::published_at.assume_not_null(), Timestamp),
            "owner_id" => (knowledge_articles::owner_id, String),
            "business_unit_id" => (knowledge_articles::business_unit_id, String),
        },
        sorts: {
            "updated_at" => (knowledge_articles::updated_at, Timestamp, |r| r.updated_at),
            "created_at" => (knowledge_articles::created_at, Timestamp, |r| r.created_at),
            "title" => (knowledge_articles::title, Text, |r| r.title.clone()),
            "number" => (knowledge_articles::number, Text, |r| r.number.clone()),
            "use_count" => (knowledge_articles::use_count, Integer, |r| r.use_count),
            "version_number" => (knowledge_articles::version_number, Integer, |r| r.version_number),
        },
        search: [knowledge_articles::title, knowledge_articles::number],
    }
}

crm_db::list_query! {
    /// A page of comments, and the total.
    pub fn list_comments / comment_sort_key (knowledge_article_comments) -> ArticleComment {
        id: knowledge_article_comments::id,
        filters: {
            "created_at" => (knowledge_article_comments::created_at, Timestamp),
            "author_id" => (knowledge_article_comments::author_id, String),
            "article_id" => (knowledge_article_comments::article_id, String),
        },
        sorts: {
            "created_at" => (knowledge_article_comments::created_at, Timestamp, |r| r.created_at),
        },
        search: [knowledge_article_comments::body],
    }
}

// ----- templates ------------------------------------------------------------------------------

/// One template.
pub fn find_template(
    conn: &mut AnyConnection,
    id: &ArticleTemplateId,
) -> QueryResult<Option<ArticleTemplateRow>> {
    article_templates::table
        .filter(article_templates::id.eq(id))
        .select(ArticleTemplateRow::as_select())
        .get_result(conn)
        .optional()
}

/// Whether another template has this name.
pub fn template_name_taken(
    conn: &mut AnyConnection,
    name: &str,
    except: Option<&ArticleTemplateId>,
) -> QueryResult<bool> {
    let mut q = article_templates::table
        .filter(article_templates::name.eq(name.to_owned()))
        .select(article_templates::id)
        .into_boxed();
    if let Some(except) = except {
        q = q.filter(article_templates::id.ne(except.clone()));
    }
    Ok(q.first::<ArticleTemplateId>(conn).optional()?.is_some())
}

/// Inserts a template.
pub fn insert_template(
    conn: &mut AnyConnection,
    id: &ArticleTemplateId,
    values: &ArticleTemplateValues,
    actor: &str,
    now: Timestamp,
) -> QueryResult<ArticleTemplateRow> {
    diesel::insert_into(article_templates::table)
        .values((
            values.clone(),
            article_templates::id.eq(id),
            article_templates::created_by.eq(actor),
            article_templates::updated_by.eq(actor),
            article_templates::created_at.eq(now),
            article_templates::updated_at.eq(now),
            article_templates::version.eq(1),
        ))
        .returning(article_templates::all_columns)
        .native_result(conn)
}

/// Writes a template if it is still at `version`.
pub fn update_template(
    conn: &mut AnyConnection,
    id: &ArticleTemplateId,
    version: i64,
    values: &ArticleTemplateValues,
    actor: &str,
    now: Timestamp,
) -> QueryResult<Option<ArticleTemplateRow>> {
    diesel::update(
        article_templates::table
            .filter(article_templates::id.eq(id))
            .filter(article_templates::version.eq(version)),
    )
    .set((
        values,
        article_templates::updated_by.eq(actor),
        article_templates::updated_at.eq(now),
        article_templates::version.eq(version + 1),
    ))
    .returning(article_templates::all_columns)
    .native_result(conn)
    .optional()
}

/// Deletes a template if it is still at `version`.
pub fn delete_template(
    conn: &mut AnyConnection,
    id: &ArticleTemplateId,
    version: i64,
) -> QueryResult<bool> {
    let n = diesel::delete(
        article_templates::table
            .filter(article_templates::id.eq(id))
            .filter(article_templates::version.eq(version)),
    )
    .execute(conn)?;
    Ok(n == 1)
}

// ----- articles -------------------------------------------------------------------------------

/// The condition a scope puts on articles.
pub fn visible_articles(
    scope: &AccessScope,
) -> Vec<BoxedCondition<'static, knowledge_articles::table>> {
    query::visible(
        scope,
        knowledge_articles::owner_id,
        knowledge_articles::business_unit_id,
    )
    .into_iter()
    .collect()
}

/// One version within a scope.
pub fn find_article(
    conn: &mut AnyConnection,
    scope: &AccessScope,
    id: &KnowledgeArticleId,
) -> QueryResult<Option<KnowledgeArticleRow>> {
    let mut q = knowledge_articles::table
        .filter(knowledge_articles::id.eq(id))
        .select(KnowledgeArticleRow::as_select())
        .into_boxed();
    for visible in visible_articles(scope) {
        q = q.filter(visible);
    }
    q.get_result(conn).optional()
}

/// Versions by id within a scope (for search hits and links), in no order.
pub fn find_articles(
    conn: &mut AnyConnection,
    scope: &AccessScope,
    ids: &[String],
) -> QueryResult<Vec<KnowledgeArticleRow>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut q = knowledge_articles::table
        .filter(knowledge_articles::id.eq_any(ids.to_vec()))
        .select(KnowledgeArticleRow::as_select())
        .into_boxed();
    for visible in visible_articles(scope) {
        q = q.filter(visible);
    }
    q.load(conn)
}

/// The newest version of an article, whoever may read it.
pub fn latest_version(
    conn: &mut AnyConnection,
    root: &KnowledgeArticleId,
) -> QueryResult<Option<KnowledgeArticleRow>> {
    knowledge_articles::table
        .filter(knowledge_articles::root_article_id.eq(root))
        .order(knowledge_articles::version_number.desc())
        .select(KnowledgeArticleRow::as_select())
        .first(conn)
        .optional()
}

/// The published version of an article, if it has one, whoever may read it.
pub fn published_version(
    conn: &mut AnyConnection,
    root: &KnowledgeArticleId,
) -> QueryResult<Option<KnowledgeArticleRow>> {
    knowledge_articles::table
        .filter(knowledge_articles::root_article_id.eq(root))
        .filter(knowledge_articles::status.eq("published"))
        .select(KnowledgeArticleRow::as_select())
        .first(conn)
        .optional()
}

/// What a new version is made of beyond its content.
pub struct NewVersion<'a> {
    /// Its id.
    pub id: &'a KnowledgeArticleId,
    /// The article's number.
    pub number: &'a str,
    /// The article's first version.
    pub root: &'a KnowledgeArticleId,
    /// Its number among the versions.
    pub version_number: i64,
    /// Uses carried over from the article.
    pub use_count: i64,
    /// Its owner.
    pub owner: (&'a OwnerId, &'a BusinessUnitId),
}

/// Inserts a draft version (the newest of its article).
pub fn insert_article(
    conn: &mut AnyConnection,
    new: &NewVersion<'_>,
    content: &ArticleContent,
    actor: &str,
    now: Timestamp,
) -> QueryResult<KnowledgeArticleRow> {
    diesel::insert_into(knowledge_articles::table)
        .values((
            content.clone(),
            knowledge_articles::id.eq(new.id),
            knowledge_articles::number.eq(new.number),
            knowledge_articles::root_article_id.eq(new.root),
            knowledge_articles::version_number.eq(new.version_number),
            knowledge_articles::is_latest_version.eq(true),
            knowledge_articles::status.eq("draft"),
            knowledge_articles::use_count.eq(new.use_count),
            knowledge_articles::owner_id.eq(new.owner.0),
            knowledge_articles::business_unit_id.eq(new.owner.1),
            knowledge_articles::created_by.eq(actor),
            knowledge_articles::updated_by.eq(actor),
            knowledge_articles::created_at.eq(now),
            knowledge_articles::updated_at.eq(now),
            knowledge_articles::version.eq(1),
        ))
        .returning(knowledge_articles::all_columns)
        .native_result(conn)
}

/// What a write of a version changes.
pub struct Write<'a> {
    /// Its content, when it changes.
    pub content: Option<&'a ArticleContent>,
    /// Its life-cycle state.
    pub state: &'a ArticleState,
    /// Its owner.
    pub owner: (&'a OwnerId, &'a BusinessUnitId),
}

/// Writes a version if it is still at `version`; `None` if another write came first.
pub fn update_article(
    conn: &mut AnyConnection,
    id: &KnowledgeArticleId,
    version: i64,
    write: &Write<'_>,
    actor: &str,
    now: Timestamp,
) -> QueryResult<Option<KnowledgeArticleRow>> {
    let target = knowledge_articles::table
        .filter(knowledge_articles::id.eq(id))
        .filter(knowledge_articles::version.eq(version));
    let common = (
        write.state,
        knowledge_articles::owner_id.eq(write.owner.0),
        knowledge_articles::business_unit_id.eq(write.owner.1),
        knowledge_articles::updated_by.eq(actor),
        knowledge_articles::updated_at.eq(now),
        knowledge_articles::version.eq(version + 1),
    );
    match write.content {
        Some(content) => diesel::update(target)
            .set((content, common))
            .returning(knowledge_articles::all_columns)
            .native_result(conn)
            .optional(),
        None => diesel::update(target)
            .set(common)
            .returning(knowledge_articles::all_columns)
            .native_result(conn)
            .optional(),
    }
}

/// Marks which version of an article is the newest (bookkeeping: no version change).
pub fn set_latest(
    conn: &mut AnyConnection,
    id: &KnowledgeArticleId,
    latest: bool,
) -> QueryResult<()> {
    diesel::update(knowledge_articles::table.filter(knowledge_articles::id.eq(id)))
        .set(knowledge_articles::is_latest_version.eq(latest))
        .execute(conn)?;
    Ok(())
}

/// Deletes a version if it is still at `version`.
pub fn delete_article(
    conn: &mut AnyConnection,
    id: &KnowledgeArticleId,
    version: i64,
) -> QueryResult<bool> {
    let n = diesel::delete(
        knowledge_articles::table
            .filter(knowledge_articles::id.eq(id))
            .filter(knowledge_articles::version.eq(version)),
    )
    .execute(conn)?;
    Ok(n == 1)
}

/// Moves every version's count of uses by `delta` (bookkeeping: no version change).
pub fn count_use(
    conn: &mut AnyConnection,
    root: &KnowledgeArticleId,
    delta: i64,
) -> QueryResult<()> {
    diesel::update(knowledge_articles::table.filter(knowledge_articles::root_article_id.eq(root)))
        .set(knowledge_articles::use_count.eq(knowledge_articles::use_count + delta))
        .execute(conn)?;
    Ok(())
}

// ----- comments -------------------------------------------------------------------------------

/// Inserts a comment.
pub fn insert_comment(conn: &mut AnyConnection, comment: &ArticleComment) -> QueryResult<()> {
    diesel::insert_into(knowledge_article_comments::table)
        .values((
            knowledge_article_comments::id.eq(&comment.id),
            knowledge_article_comments::article_id.eq(&comment.article_id),
            knowledge_article_comments::root_article_id.eq(&comment.root_article_id),
            knowledge_article_comments::author_id.eq(&comment.author_id),
            knowledge_article_comments::body.eq(&comment.body),
            knowledge_article_comments::created_at.eq(comment.created_at),
        ))
        .execute(conn)?;
    Ok(())
}

/// One comment of an article.
pub fn find_comment(
    conn: &mut AnyConnection,
    root: &KnowledgeArticleId,
    id: &ArticleCommentId,
) -> QueryResult<Option<ArticleComment>> {
    knowledge_article_comments::table
        .filter(knowledge_article_comments::id.eq(id))
        .filter(knowledge_article_comments::root_article_id.eq(root))
        .select(ArticleComment::as_select())
        .get_result(conn)
        .optional()
}

/// Deletes a comment.
pub fn delete_comment(conn: &mut AnyConnection, id: &ArticleCommentId) -> QueryResult<()> {
    diesel::delete(knowledge_article_comments::table.filter(knowledge_article_comments::id.eq(id)))
        .execute(conn)?;
    Ok(())
}

/// The condition that keeps an article's comments.
pub fn comments_of(
    root: &KnowledgeArticleId,
) -> Vec<BoxedCondition<'static, knowledge_article_comments::table>> {
    vec![Box::new(
        knowledge_article_comments::root_article_id.eq(root.as_str().to_owned()),
    )]
}

// ----- case links -----------------------------------------------------------------------------

/// A case's links: (root, version linked, who, when), newest first.
pub fn links_of_case(
    conn: &mut AnyConnection,
    case: &CaseId,
) -> QueryResult<Vec<(KnowledgeArticleId, KnowledgeArticleId, UserId, Timestamp)>> {
    case_articles::table
        .filter(case_articles::case_id.eq(case))
        .order((
            case_articles::linked_at.desc(),
            case_articles::root_article_id,
        ))
        .select((
            case_articles::root_article_id,
            case_articles::article_id,
            case_articles::linked_by,
            case_articles::linked_at,
        ))
        .load(conn)
}

/// Whether a case already links an article.
pub fn is_linked(
    conn: &mut AnyConnection,
    case: &CaseId,
    root: &KnowledgeArticleId,
) -> QueryResult<bool> {
    Ok(case_articles::table
        .filter(case_articles::case_id.eq(case))
        .filter(case_articles::root_article_id.eq(root))
        .select(case_articles::case_id)
        .first::<CaseId>(conn)
        .optional()?
        .is_some())
}

/// Links an article to a case.
pub fn insert_link(
    conn: &mut AnyConnection,
    case: &CaseId,
    root: &KnowledgeArticleId,
    article: &KnowledgeArticleId,
    actor: &str,
    now: Timestamp,
) -> QueryResult<()> {
    diesel::insert_into(case_articles::table)
        .values((
            case_articles::case_id.eq(case),
            case_articles::root_article_id.eq(root),
            case_articles::article_id.eq(article),
            case_articles::linked_by.eq(actor),
            case_articles::linked_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// Removes a link; whether there was one.
pub fn delete_link(
    conn: &mut AnyConnection,
    case: &CaseId,
    root: &KnowledgeArticleId,
) -> QueryResult<bool> {
    let n = diesel::delete(
        case_articles::table
            .filter(case_articles::case_id.eq(case))
            .filter(case_articles::root_article_id.eq(root)),
    )
    .execute(conn)?;
    Ok(n == 1)
}

/// The articles a case links (roots), to leave out of its suggestions.
pub fn linked_roots(conn: &mut AnyConnection, case: &CaseId) -> QueryResult<Vec<String>> {
    case_articles::table
        .filter(case_articles::case_id.eq(case))
        .select(case_articles::root_article_id)
        .load(conn)
}
