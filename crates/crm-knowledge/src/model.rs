//! What article templates, knowledge articles, their comments and search hits are, what is
//! written to create or change them, and what their lists accept.

use crm_core::Timestamp;
use crm_core::id::{
    ArticleCommentId, ArticleTemplateId, BusinessUnitId, CaseId, KnowledgeArticleId, OwnerId,
    UserId,
};
use crm_core::list::{FieldKind, FieldSpec, ListSpec, Sort};
use crm_core::record_fields;
use crm_db::schema::{article_templates, knowledge_article_comments, knowledge_articles};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::lifecycle::{ArticleStatus, Visibility};

// ----- templates ------------------------------------------------------------------------------

/// A section an article template asks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TemplateSection {
    /// Its heading ("Question", "Cause", "Resolution"), up to 100 characters.
    #[schema(example = "Resolution")]
    pub title: String,
    /// What the writer puts in it, up to 500 characters.
    #[serde(default)]
    pub instructions: Option<String>,
}

/// A new article template, or the fields of a changed one.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ArticleTemplateFields {
    /// Its name, unique ("How-to", "Known issue").
    #[serde(default)]
    #[schema(required = true, example = "Known issue")]
    pub name: Option<String>,
    /// What it is for.
    #[serde(default)]
    pub description: Option<String>,
    /// Its sections, in order (1 to 20, headings unique; replaces the list).
    #[serde(default)]
    #[schema(required = true)]
    pub sections: Option<Vec<TemplateSection>>,
    /// `false` retires it: no new articles are written from it.
    #[serde(default)]
    pub is_active: Option<bool>,
}

/// The sections that structure the articles written from it.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct ArticleTemplate {
    /// Its id.
    pub id: ArticleTemplateId,
    /// Its name.
    pub name: String,
    /// What it is for.
    pub description: Option<String>,
    /// Its sections, in order.
    pub sections: Vec<TemplateSection>,
    /// Whether articles may be written from it.
    pub is_active: bool,
    /// Who created it.
    pub created_by: Option<UserId>,
    /// Who last changed it.
    pub updated_by: Option<UserId>,
    /// When it was created.
    pub created_at: Timestamp,
    /// When it last changed.
    pub updated_at: Timestamp,
    /// Grows with every change; send it back in `If-Match`.
    pub version: i64,
}

/// A template as stored.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = article_templates)]
pub struct ArticleTemplateRow {
    pub(crate) id: ArticleTemplateId,
    pub(crate) name: String,
    pub(crate) description: Option<String>,
    pub(crate) sections: String,
    pub(crate) is_active: bool,
    pub(crate) created_by: Option<UserId>,
    pub(crate) updated_by: Option<UserId>,
    pub(crate) created_at: Timestamp,
    pub(crate) updated_at: Timestamp,
    pub(crate) version: i64,
}

impl From<ArticleTemplateRow> for ArticleTemplate {
    fn from(row: ArticleTemplateRow) -> Self {
        ArticleTemplate {
            sections: serde_json::from_str(&row.sections).unwrap_or_default(),
            id: row.id,
            name: row.name,
            description: row.description,
            is_active: row.is_active,
            created_by: row.created_by,
            updated_by: row.updated_by,
            created_at: row.created_at,
            updated_at: row.updated_at,
            version: row.version,
        }
    }
}

/// Validated template fields.
#[derive(Debug, Clone, PartialEq, Insertable, AsChangeset)]
#[diesel(table_name = article_templates, treat_none_as_null = true, treat_none_as_default_value = false)]
pub struct ArticleTemplateValues {
    pub(crate) name: String,
    pub(crate) description: Option<String>,
    pub(crate) sections: String,
    pub(crate) is_active: bool,
}

/// What template lists accept.
pub const ARTICLE_TEMPLATE_LIST: ListSpec = ListSpec {
    resource: "article-templates",
    fields: &[
        FieldSpec::sortable("name", FieldKind::Text),
        FieldSpec::sortable("created_at", FieldKind::Timestamp),
        FieldSpec::filter("id", FieldKind::Id, false),
        FieldSpec::filter("is_active", FieldKind::Bool, false),
    ],
    search_fields: &["name"],
    default_sort: Sort {
        field: "name",
        descending: false,
    },
};

// ----- articles -------------------------------------------------------------------------------

/// A section of an article: a heading and rich text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ArticleSection {
    /// Its heading (empty for an article without sections), up to 100 characters.
    #[serde(default)]
    #[schema(example = "Resolution")]
    pub title: String,
    /// Its rich text: HTML, sanitized when saved (no scripts, styles or event handlers; links
    /// to web, mail and phone addresses kept), up to 200,000 characters.
    #[serde(default)]
    #[schema(example = "<p>Turn the printer off and on again.</p>")]
    pub body: String,
}

record_fields! {
    /// The writable fields of an article: the body of a creation. `title` is required; the
    /// text is either `sections` (a template's, when `template_id` is given and `sections` is
    /// not) or `body` (one section without a heading), not both.
    fields KnowledgeArticleFields;
    /// The fields of an article to change. A draft changes in place; a published version
    /// stays as it is while its next version is drafted with the change.
    patch KnowledgeArticlePatch;
    {
        /// What it answers, up to 300 characters.
        #[schema(example = "The printer shows 'offline' after a firmware update")]
        title: String [required],
        /// Its subject, a value of the cases' `subject` picklist.
        subject: String,
        /// Words it should be found by (up to 30, each up to 50 characters).
        keywords: Vec<String>,
        /// Its text in sections.
        sections: Vec<ArticleSection>,
        /// Its text as one piece of HTML (sanitized), instead of `sections`.
        body: String,
        /// Who may read it: `internal` (default) or `public` (customers too).
        visibility: Visibility,
        /// The template it is written from (on creation).
        template_id: ArticleTemplateId,
    }
}

/// A version of a knowledge article.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct KnowledgeArticle {
    /// This version's id.
    pub id: KnowledgeArticleId,
    /// The article's number, the same for all its versions.
    #[schema(example = "KA-000042")]
    pub number: String,
    /// The id of the article's first version, which names the article as a whole.
    pub root_article_id: KnowledgeArticleId,
    /// 1 for the first version, then 2, 3...
    pub version_number: i64,
    /// Whether this is the newest version of the article.
    pub is_latest_version: bool,
    /// What it answers.
    pub title: String,
    /// Its subject.
    pub subject: Option<String>,
    /// Words it is found by.
    pub keywords: Vec<String>,
    /// Its text in sections (sanitized HTML).
    pub sections: Vec<ArticleSection>,
    /// The whole text as one piece of HTML: each section's heading (`<h2>`) and text.
    pub body: String,
    /// Who may read it.
    pub visibility: Visibility,
    /// Where the version is.
    pub status: ArticleStatus,
    /// The template it was written from.
    pub template_id: Option<ArticleTemplateId>,
    /// Why its last submission was rejected (cleared when it is submitted again).
    pub rejection_reason: Option<String>,
    /// When it was last submitted.
    pub submitted_at: Option<Timestamp>,
    /// Who submitted it.
    pub submitted_by: Option<UserId>,
    /// When it was published.
    pub published_at: Option<Timestamp>,
    /// Who approved it.
    pub published_by: Option<UserId>,
    /// When it left search.
    pub archived_at: Option<Timestamp>,
    /// How many cases the article (any version) was linked to.
    pub use_count: i64,
    /// Its owner: the writer of the version.
    pub owner_id: OwnerId,
    /// The owner's business unit.
    pub business_unit_id: BusinessUnitId,
    /// Who created it.
    pub created_by: Option<UserId>,
    /// Who last changed it.
    pub updated_by: Option<UserId>,
    /// When it was created.
    pub created_at: Timestamp,
    /// When it last changed.
    pub updated_at: Timestamp,
    /// Grows with every change; send it back in `If-Match`.
    pub version: i64,
}

impl KnowledgeArticle {
    /// The fields as written, for a change to start from.
    pub fn fields(&self) -> KnowledgeArticleFields {
        KnowledgeArticleFields {
            title: Some(self.title.clone()),
            subject: self.subject.clone(),
            keywords: Some(self.keywords.clone()),
            sections: Some(self.sections.clone()),
            body: None,
            visibility: Some(self.visibility),
            template_id: self.template_id.clone(),
        }
    }
}

/// The HTML of sections as one piece: each heading as `<h2>` (escaped), then its text.
pub fn joined_body(sections: &[ArticleSection]) -> String {
    let mut body = String::new();
    for section in sections {
        if !section.title.is_empty() {
            body.push_str("<h2>");
            body.push_str(&crate::sanitize::escape(&section.title));
            body.push_str("</h2>");
        }
        body.push_str(&section.body);
    }
    body
}

/// A version as stored.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = knowledge_articles)]
pub struct KnowledgeArticleRow {
    pub(crate) id: KnowledgeArticleId,
    pub(crate) number: String,
    pub(crate) root_article_id: KnowledgeArticleId,
    pub(crate) version_number: i64,
    pub(crate) is_latest_version: bool,
    pub(crate) title: String,
    pub(crate) subject: Option<String>,
    pub(crate) keywords: String,
    pub(crate) sections: String,
    pub(crate) visibility: String,
    pub(crate) status: String,
    pub(crate) template_id: Option<ArticleTemplateId>,
    pub(crate) rejection_reason: Option<String>,
    pub(crate) submitted_at: Option<Timestamp>,
    pub(crate) submitted_by: Option<UserId>,
    pub(crate) published_at: Option<Timestamp>,
    pub(crate) published_by: Option<UserId>,
    pub(crate) archived_at: Option<Timestamp>,
    pub(crate) use_count: i64,
    pub(crate) owner_id: OwnerId,
    pub(crate) business_unit_id: BusinessUnitId,
    pub(crate) created_by: Option<UserId>,
    pub(crate) updated_by: Option<UserId>,
    pub(crate) created_at: Timestamp,
    pub(crate) updated_at: Timestamp,
    pub(crate) version: i64,
}

impl KnowledgeArticleRow {
    /// The version's status.
    pub fn status(&self) -> ArticleStatus {
        ArticleStatus::parse(&self.status).unwrap_or(ArticleStatus::Draft)
    }
}

impl From<KnowledgeArticleRow> for KnowledgeArticle {
    fn from(row: KnowledgeArticleRow) -> Self {
        let sections: Vec<ArticleSection> = serde_json::from_str(&row.sections).unwrap_or_default();
        KnowledgeArticle {
            body: joined_body(&sections),
            sections,
            keywords: serde_json::from_str(&row.keywords).unwrap_or_default(),
            status: row.status(),
            visibility: Visibility::parse(&row.visibility).unwrap_or(Visibility::Internal),
            id: row.id,
            number: row.number,
            root_article_id: row.root_article_id,
            version_number: row.version_number,
            is_latest_version: row.is_latest_version,
            title: row.title,
            subject: row.subject,
            template_id: row.template_id,
            rejection_reason: row.rejection_reason,
            submitted_at: row.submitted_at,
            submitted_by: row.submitted_by,
            published_at: row.published_at,
            published_by: row.published_by,
            archived_at: row.archived_at,
            use_count: row.use_count,
            owner_id: row.owner_id,
            business_unit_id: row.business_unit_id,
            created_by: row.created_by,
            updated_by: row.updated_by,
            created_at: row.created_at,
            updated_at: row.updated_at,
            version: row.version,
        }
    }
}

/// The written content of a version, validated and sanitized.
#[derive(Debug, Clone, PartialEq, Insertable, AsChangeset)]
#[diesel(table_name = knowledge_articles, treat_none_as_null = true, treat_none_as_default_value = false)]
pub struct ArticleContent {
    pub(crate) title: String,
    pub(crate) subject: Option<String>,
    pub(crate) keywords: String,
    pub(crate) sections: String,
    pub(crate) visibility: String,
    pub(crate) template_id: Option<ArticleTemplateId>,
}

/// Where a version is in its life cycle.
#[derive(Debug, Clone, PartialEq, AsChangeset)]
#[diesel(table_name = knowledge_articles, treat_none_as_null = true)]
pub struct ArticleState {
    pub(crate) status: String,
    pub(crate) rejection_reason: Option<String>,
    pub(crate) submitted_at: Option<Timestamp>,
    pub(crate) submitted_by: Option<UserId>,
    pub(crate) published_at: Option<Timestamp>,
    pub(crate) published_by: Option<UserId>,
    pub(crate) archived_at: Option<Timestamp>,
}

impl ArticleState {
    /// The state of a stored version.
    pub fn of(row: &KnowledgeArticleRow) -> Self {
        ArticleState {
            status: row.status.clone(),
            rejection_reason: row.rejection_reason.clone(),
            submitted_at: row.submitted_at,
            submitted_by: row.submitted_by.clone(),
            published_at: row.published_at,
            published_by: row.published_by.clone(),
            archived_at: row.archived_at,
        }
    }
}

/// What article lists accept.
pub const KNOWLEDGE_ARTICLE_LIST: ListSpec = ListSpec {
    resource: "knowledge-articles",
    fields: &[
        FieldSpec::sortable("updated_at", FieldKind::Timestamp),
        FieldSpec::sortable("created_at", FieldKind::Timestamp),
        FieldSpec::sortable("title", FieldKind::Text),
        FieldSpec::sortable("number", FieldKind::Text),
        FieldSpec::sortable("use_count", FieldKind::Integer),
        FieldSpec::sortable("version_number", FieldKind::Integer),
        FieldSpec::filter("id", FieldKind::Id, false),
        FieldSpec::filter("root_article_id", FieldKind::Id, false),
        FieldSpec::filter("status", FieldKind::Text, false),
        FieldSpec::filter("visibility", FieldKind::Text, false),
        FieldSpec::filter("subject", FieldKind::Text, true),
        FieldSpec::filter("is_latest_version", FieldKind::Bool, false),
        FieldSpec::filter("template_id", FieldKind::Id, true),
        FieldSpec::filter("published_at", FieldKind::Timestamp, true),
        FieldSpec::filter("owner_id", FieldKind::Id, false),
        FieldSpec::filter("business_unit_id", FieldKind::Id, false),
    ],
    search_fields: &["title", "number"],
    default_sort: Sort {
        field: "updated_at",
        descending: true,
    },
};

// ----- actions, comparisons, comments, search --------------------------------------------------

/// Why a submitted version goes back to its author.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Rejection {
    /// What must change, up to 2,000 characters.
    #[serde(default)]
    #[schema(required = true, example = "Name the firmware version.")]
    pub reason: Option<String>,
}

/// A field that differs between two versions.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct VersionDifference {
    /// The field's API name (`title`, `keywords`, `sections`, `visibility`...).
    pub field: String,
    /// Its value in the version compared from.
    pub from: serde_json::Value,
    /// Its value in the version compared to.
    pub to: serde_json::Value,
}

/// Two versions of one article, and what differs between them.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct VersionComparison {
    /// The version compared from.
    pub from: KnowledgeArticle,
    /// The version compared to.
    pub to: KnowledgeArticle,
    /// The written fields that differ (bookkeeping and life-cycle fields left out).
    pub differences: Vec<VersionDifference>,
}

/// A new comment.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CommentFields {
    /// The comment (plain text, up to 4,000 characters).
    #[serde(default)]
    #[schema(required = true, example = "Step 3 also needs the admin password.")]
    pub body: Option<String>,
}

/// A comment on an article (kept across its versions).
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Serialize, ToSchema)]
#[diesel(table_name = knowledge_article_comments)]
pub struct ArticleComment {
    /// Its id.
    pub id: ArticleCommentId,
    /// The version it was written on.
    pub article_id: KnowledgeArticleId,
    /// The article it belongs to.
    pub root_article_id: KnowledgeArticleId,
    /// Who wrote it.
    pub author_id: UserId,
    /// The comment.
    pub body: String,
    /// When it was written.
    pub created_at: Timestamp,
}

/// What comment lists accept: oldest first by default.
pub const COMMENT_LIST: ListSpec = ListSpec {
    resource: "comments",
    fields: &[
        FieldSpec::sortable("created_at", FieldKind::Timestamp),
        FieldSpec::filter("author_id", FieldKind::Id, false),
        FieldSpec::filter("article_id", FieldKind::Id, false),
    ],
    search_fields: &["body"],
    default_sort: Sort {
        field: "created_at",
        descending: false,
    },
};

/// A published article that matches a search, with its score and a highlighted snippet.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct SearchHit {
    /// The published version.
    pub article: KnowledgeArticle,
    /// How well it matches (higher is better; title and keyword matches weigh more than the
    /// body's).
    pub score: f64,
    /// The passage of its text that matches best, as HTML: escaped text with each match in
    /// `<mark>`.
    #[schema(example = "Turn the <mark>printer</mark> off and on again")]
    pub snippet: String,
}

/// A page of search hits, best first.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct SearchResults {
    /// The hits.
    pub data: Vec<SearchHit>,
    /// The cursor of the next page, if there is one.
    pub next_cursor: Option<String>,
}

/// An article linked to a case.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct CaseArticle {
    /// The case.
    pub case_id: CaseId,
    /// The version linked.
    pub article: KnowledgeArticle,
    /// Who linked it.
    pub linked_by: UserId,
    /// When.
    pub linked_at: Timestamp,
}

/// The articles linked to a case, newest link first.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct CaseArticles {
    /// The links (at most 100 per case).
    pub data: Vec<CaseArticle>,
}

/// An article to link to a case.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CaseArticleLink {
    /// A published version of the article.
    #[serde(default)]
    #[schema(required = true)]
    pub article_id: Option<KnowledgeArticleId>,
}
