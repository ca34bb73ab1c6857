//! The knowledge base: `/api/v1/article-templates`, `/api/v1/knowledge-articles` (versions,
//! approval, comments, search) and the articles of a case (`/api/v1/cases/{id}/articles`,
//! `/api/v1/cases/{id}/suggested-articles`).

use actix_web::http::StatusCode;
use actix_web::web::{Data, Path};
use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post};
use crm_core::changes::{Change, HISTORY_LIST};
use crm_core::id::{ArticleCommentId, ArticleTemplateId, CaseId, KnowledgeArticleId};
use crm_core::list::Page;
use crm_core::security::{Action, Assignment, entities};
use crm_knowledge::lifecycle::Visibility;
use crm_knowledge::model::{
    ARTICLE_TEMPLATE_LIST, ArticleComment, ArticleTemplate, ArticleTemplateFields, COMMENT_LIST,
    CaseArticle, CaseArticleLink, CaseArticles, CommentFields, KNOWLEDGE_ARTICLE_LIST,
    KnowledgeArticle, KnowledgeArticleFields, KnowledgeArticlePatch, Rejection, SearchResults,
    VersionComparison,
};
use crm_knowledge::service::{self, SearchRequest};
use crm_knowledge::templates;

use crate::docs::{
    CreateErrors, DeleteErrors, ListErrors, ReadErrors, ReportErrors, SubListErrors, UpdateErrors,
};
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, Auth, IdempotencyKey, IfMatch, ListParams};
use crate::respond::{self, Created};
use crate::routes::HistoryParams;
use crate::state::AppState;

crate::list_params!(ArticleTemplateListParams, ARTICLE_TEMPLATE_LIST);
crate::list_params!(KnowledgeArticleListParams, KNOWLEDGE_ARTICLE_LIST);
crate::list_params!(CommentListParams, COMMENT_LIST);

impl Created for ArticleTemplate {
    fn location(&self) -> String {
        format!("/api/v1/article-templates/{}", self.id)
    }
    fn version(&self) -> i64 {
        self.version
    }
}

impl Created for KnowledgeArticle {
    fn location(&self) -> String {
        format!("/api/v1/knowledge-articles/{}", self.id)
    }
    fn version(&self) -> i64 {
        self.version
    }
}

fn template_id(raw: &str) -> ApiResult<ArticleTemplateId> {
    ArticleTemplateId::parse(raw).map_err(|_| ApiError::not_found("article template not found"))
}

fn article_id(raw: &str) -> ApiResult<KnowledgeArticleId> {
    KnowledgeArticleId::parse(raw).map_err(|_| ApiError::not_found("knowledge article not found"))
}

fn case_id(raw: &str) -> ApiResult<CaseId> {
    CaseId::parse(raw).map_err(|_| ApiError::not_found("case not found"))
}

// ----- templates ------------------------------------------------------------------------------

/// List article templates
///
/// Everyone reads them.
#[utoipa::path(
    tag = "knowledge",
    params(ArticleTemplateListParams),
    responses((status = 200, description = "A page of templates.", body = Page<ArticleTemplate>), ListErrors),
    security(("bearer" = []))
)]
#[get("/article-templates")]
async fn list_article_templates(
    state: Data<AppState>,
    auth: Auth,
    params: ListParams,
) -> ApiResult<HttpResponse> {
    let list = params.parse(&ARTICLE_TEMPLATE_LIST)?;
    let page = state
        .run(auth, move |conn, ctx| {
            templates::list_templates(conn, ctx, &list)
        })
        .await?;
    Ok(respond::page(&page))
}

/// Create an article template
#[utoipa::path(
    tag = "knowledge",
    request_body = ArticleTemplateFields,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retried creation return the first response.")),
    responses(
        (status = 201, description = "Created.", body = ArticleTemplate,
         headers(("Location" = String, description = "The new record's URL."), ("ETag" = String, description = "Its version."))),
        CreateErrors
    ),
    security(("bearer" = []))
)]
#[post("/article-templates")]
async fn create_article_template(
    state: Data<AppState>,
    auth: Auth,
    req: HttpRequest,
    key: IdempotencyKey,
    body: ApiJson<ArticleTemplateFields>,
) -> ApiResult<HttpResponse> {
    let fields = body.value;
    respond::create(&state, auth, &req, &body.raw, key, move |conn, ctx| {
        templates::create_template(conn, ctx, fields)
    })
    .await
}

/// Get an article template
#[utoipa::path(
    tag = "knowledge",
    params(("id" = String, Path, format = Uuid, description = "The template's id.")),
    responses((status = 200, description = "The template.", body = ArticleTemplate, headers(("ETag" = String, description = "Its version."))), ReadErrors),
    security(("bearer" = []))
)]
#[get("/article-templates/{id}")]
async fn get_article_template(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
) -> ApiResult<HttpResponse> {
    let id = template_id(&id)?;
    let record = state
        .run(auth, move |conn, ctx| {
            templates::get_template(conn, ctx, &id)
        })
        .await?;
    Ok(respond::record(StatusCode::OK, &record, record.version))
}

/// Change an article template
///
/// Changes the fields sent; `sections` replaces the list. Articles written from it keep theirs.
#[utoipa::path(
    tag = "knowledge",
    request_body = ArticleTemplateFields,
    params(("id" = String, Path, format = Uuid, description = "The template's id."), ("If-Match" = Option<String>, Header, description = "The ETag the change is based on.")),
    responses(
        (status = 200, description = "The changed template.", body = ArticleTemplate, headers(("ETag" = String, description = "Its new version."))),
        UpdateErrors
    ),
    security(("bearer" = []))
)]
#[patch("/article-templates/{id}")]
async fn update_article_template(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
    if_match: IfMatch,
    body: ApiJson<ArticleTemplateFields>,
) -> ApiResult<HttpResponse> {
    let id = template_id(&id)?;
    let body = body.value;
    let record = state
        .run(auth, move |conn, ctx| {
            templates::update_template(conn, ctx, &id, body, if_match.0)
        })
        .await?;
    Ok(respond::record(StatusCode::OK, &record, record.version))
}

/// Delete an article template
///
/// Refused (409) once articles were written from it: retire it with `is_active: false`.
#[utoipa::path(
    tag = "knowledge",
    params(("id" = String, Path, format = Uuid, description = "The template's id."), ("If-Match" = Option<String>, Header, description = "The ETag the change is based on.")),
    responses((status = 204, description = "Deleted."), DeleteErrors),
    security(("bearer" = []))
)]
#[delete("/article-templates/{id}")]
async fn delete_article_template(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
    if_match: IfMatch,
) -> ApiResult<HttpResponse> {
    let id = template_id(&id)?;
    state
        .run(auth, move |conn, ctx| {
            templates::delete_template(conn, ctx, &id, if_match.0)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

// ----- articles -------------------------------------------------------------------------------

/// List knowledge articles
///
/// The versions the caller may read: `is_latest_version=true` gives one row per article,
/// `status=submitted` the unapproved folder, `sort=-use_count` the most used.
#[utoipa::path(
    tag = "knowledge",
    params(KnowledgeArticleListParams),
    responses((status = 200, description = "A page of article versions.", body = Page<KnowledgeArticle>), ListErrors),
    security(("bearer" = []))
)]
#[get("/knowledge-articles")]
async fn list_articles(
    state: Data<AppState>,
    auth: Auth,
    params: ListParams,
) -> ApiResult<HttpResponse> {
    let list = params.parse(&KNOWLEDGE_ARTICLE_LIST)?;
    let page = state
        .run(auth, move |conn, ctx| {
            service::list_articles(conn, ctx, &list)
        })
        .await?;
    Ok(respond::page(&page))
}

/// Write a knowledge article
///
/// A draft (version 1), owned by the caller. With a `template_id` and no text, it has the
/// template's sections, empty. Rich text is sanitized.
#[utoipa::path(
    tag = "knowledge",
    request_body = KnowledgeArticleFields,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retried creation return the first response.")),
    responses(
        (status = 201, description = "Created.", body = KnowledgeArticle,
         headers(("Location" = String, description = "The new record's URL."), ("ETag" = String, description = "Its version."))),
        CreateErrors
    ),
    security(("bearer" = []))
)]
#[post("/knowledge-articles")]
async fn create_article(
    state: Data<AppState>,
    auth: Auth,
    req: HttpRequest,
    key: IdempotencyKey,
    body: ApiJson<KnowledgeArticleFields>,
) -> ApiResult<HttpResponse> {
    let fields = body.value;
    respond::create(&state, auth, &req, &body.raw, key, move |conn, ctx| {
        service::create_article(conn, ctx, fields)
    })
    .await
}

/// What a search accepts (documented here, read by [`search_request`]).
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[expect(
    dead_code,
    reason = "the parameters' documentation; search_request reads them"
)]
struct SearchQuery {
    /// The words looked for; each must match (as a prefix of a stemmed word).
    q: String,
    /// Only `internal` or `public` articles.
    visibility: Option<Visibility>,
    /// Only articles of this subject.
    subject: Option<String>,
    /// The most hits (1 to 50, default 10).
    limit: Option<i64>,
    /// Where the page starts: the `next_cursor` of the page before.
    cursor: Option<String>,
}

fn search_request(params: &ListParams) -> ApiResult<SearchRequest> {
    let mut request = SearchRequest::default();
    for (name, value) in &params.0 {
        match name.as_str() {
            "q" => request.q = value.clone(),
            "visibility" => {
                request.visibility = Some(Visibility::parse(value).ok_or_else(|| {
                    ApiError::bad_request(format!(
                        "visibility must be one of {}",
                        Visibility::WORDS.join(", ")
                    ))
                })?);
            }
            "subject" => request.subject = Some(value.clone()),
            "limit" => {
                request.limit = Some(value.parse().map_err(|_| {
                    ApiError::bad_request("limit must be a whole number from 1 to 50")
                })?);
            }
            "cursor" => request.cursor = Some(value.clone()),
            other => {
                return Err(ApiError::bad_request(format!(
                    "{other} is not a parameter of the search; use q, visibility, subject, limit, cursor"
                )));
            }
        }
    }
    Ok(request)
}

/// Search the knowledge base
///
/// Published articles the caller may read that hold every word of `q`, best first: a match in
/// the title weighs most, then one in the keywords, then one in the body. Words are stemmed and
/// matched as prefixes, so `print` finds "printers" and "printing". Each hit has a snippet of
/// its text with the matches in `<mark>` (escaped HTML). Scores are 1 and above for a match in
/// the title or keywords, below 1 for a body-only one. Stop words ("the", "and") are not
/// searched; matches of words found in more than 5,000 articles are ranked among the 5,000
/// newest of them. 422 without a word to look for.
#[utoipa::path(
    tag = "knowledge",
    params(SearchQuery),
    responses((status = 200, description = "The hits, best first.", body = SearchResults), ReportErrors),
    security(("bearer" = []))
)]
#[get("/knowledge-articles/search")]
async fn search_articles(
    state: Data<AppState>,
    auth: Auth,
    params: ListParams,
) -> ApiResult<HttpResponse> {
    let request = search_request(&params)?;
    let results = state
        .run(auth, move |conn, ctx| {
            service::search_articles(conn, ctx, &request)
        })
        .await?;
    Ok(HttpResponse::Ok().json(results))
}

/// Get a knowledge article version
#[utoipa::path(
    tag = "knowledge",
    params(("id" = String, Path, format = Uuid, description = "The version's id.")),
    responses(
        (status = 200, description = "The version.", body = KnowledgeArticle, headers(
            ("ETag" = String, description = "Its version."),
            ("Allowed-Actions" = String, description = "What the caller may do to it: update, delete, assign, share, approve (comma-separated).")
        )),
        ReadErrors
    ),
    security(("bearer" = []))
)]
#[get("/knowledge-articles/{id}")]
async fn get_article(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
) -> ApiResult<HttpResponse> {
    let id = article_id(&id)?;
    let (record, actions) = state
        .run_read(auth, move |conn, ctx| {
            let record = service::get_article(conn, ctx, &id)?;
            let actions = ctx.principal.allowed(
                entities::KNOWLEDGE_ARTICLES,
                record.owner_id.as_str(),
                record.business_unit_id.as_str(),
                &[
                    Action::Update,
                    Action::Delete,
                    Action::Assign,
                    Action::Share,
                    Action::Approve,
                ],
            );
            Ok((record, actions))
        })
        .await?;
    Ok(respond::with_allowed_actions(
        respond::record(StatusCode::OK, &record, record.version),
        &actions,
    ))
}

/// Change a knowledge article
///
/// A draft changes in place (200). A published version stays as it is, readable and found,
/// while its next version is drafted with the change and owned by the caller (201, with the
/// new version's `Location`); 409 when a next version is already being written, or for a
/// submitted or archived version.
#[utoipa::path(
    tag = "knowledge",
    request_body = KnowledgeArticlePatch,
    params(("id" = String, Path, format = Uuid, description = "The version's id."), ("If-Match" = Option<String>, Header, description = "The ETag the change is based on.")),
    responses(
        (status = 200, description = "The changed draft.", body = KnowledgeArticle, headers(("ETag" = String, description = "Its new version."))),
        (status = 201, description = "The next version, drafted from the published one.", body = KnowledgeArticle,
         headers(("Location" = String, description = "The new version's URL."), ("ETag" = String, description = "Its version."))),
        UpdateErrors
    ),
    security(("bearer" = []))
)]
#[patch("/knowledge-articles/{id}")]
async fn update_article(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
    if_match: IfMatch,
    body: ApiJson<KnowledgeArticlePatch>,
) -> ApiResult<HttpResponse> {
    let id = article_id(&id)?;
    let body = body.value;
    let edited = state
        .run(auth, move |conn, ctx| {
            service::update_article(conn, ctx, &id, body, if_match.0)
        })
        .await?;
    let record = edited.article;
    Ok(if edited.new_version {
        respond::created(&record.location(), &record, record.version)
    } else {
        respond::record(StatusCode::OK, &record, record.version)
    })
}

/// Delete a draft
///
/// Only a draft is deleted (409 otherwise: archive a published version instead).
#[utoipa::path(
    tag = "knowledge",
    params(("id" = String, Path, format = Uuid, description = "The version's id."), ("If-Match" = Option<String>, Header, description = "The ETag the change is based on.")),
    responses((status = 204, description = "Deleted."), DeleteErrors),
    security(("bearer" = []))
)]
#[delete("/knowledge-articles/{id}")]
async fn delete_article(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
    if_match: IfMatch,
) -> ApiResult<HttpResponse> {
    let id = article_id(&id)?;
    state
        .run(auth, move |conn, ctx| {
            service::delete_article(conn, ctx, &id, if_match.0)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

macro_rules! article_action {
    ($(#[$meta:meta])* $name:ident, $path:literal, $service:path, $description:literal) => {
        $(#[$meta])*
        #[utoipa::path(
            tag = "knowledge",
            params(("id" = String, Path, format = Uuid, description = "The version's id."), ("If-Match" = Option<String>, Header, description = "The ETag the change is based on.")),
            responses(
                (status = 200, description = $description, body = KnowledgeArticle, headers(("ETag" = String, description = "Its new version."))),
                UpdateErrors
            ),
            security(("bearer" = []))
        )]
        #[post($path)]
        async fn $name(
            state: Data<AppState>,
            auth: Auth,
            id: Path<String>,
            if_match: IfMatch,
        ) -> ApiResult<HttpResponse> {
            let id = article_id(&id)?;
            let record = state
                .run(auth, move |conn, ctx| $service(conn, ctx, &id, if_match.0))
                .await?;
            Ok(respond::record(StatusCode::OK, &record, record.version))
        }
    };
}

article_action!(
    /// Submit a draft for approval
    ///
    /// It goes to the unapproved folder; 422 while it has no text, 409 unless it is a draft.
    submit_article,
    "/knowledge-articles/{id}/submit",
    service::submit_article,
    "The submitted version."
);
article_action!(
    /// Withdraw a submitted version
    ///
    /// Back to draft, to change it; 409 unless it is submitted.
    withdraw_article,
    "/knowledge-articles/{id}/withdraw",
    service::withdraw_article,
    "The draft."
);
article_action!(
    /// Approve a submitted version
    ///
    /// Needs the approve privilege. It is published and found by search from now on; the
    /// version published before it is archived. 409 unless it is submitted.
    approve_article,
    "/knowledge-articles/{id}/approve",
    service::approve_article,
    "The published version."
);
article_action!(
    /// Archive a published version
    ///
    /// Needs the approve privilege. It leaves search and stays readable; 409 unless it is
    /// published.
    archive_article,
    "/knowledge-articles/{id}/archive",
    service::archive_article,
    "The archived version."
);

/// Reject a submitted version
///
/// Needs the approve privilege. It goes back to its author as a draft with the reason
/// (required); 409 unless it is submitted.
#[utoipa::path(
    tag = "knowledge",
    request_body = Rejection,
    params(("id" = String, Path, format = Uuid, description = "The version's id."), ("If-Match" = Option<String>, Header, description = "The ETag the change is based on.")),
    responses(
        (status = 200, description = "The draft, with the reason.", body = KnowledgeArticle, headers(("ETag" = String, description = "Its new version."))),
        UpdateErrors
    ),
    security(("bearer" = []))
)]
#[post("/knowledge-articles/{id}/reject")]
async fn reject_article(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
    if_match: IfMatch,
    body: ApiJson<Rejection>,
) -> ApiResult<HttpResponse> {
    let id = article_id(&id)?;
    let body = body.value;
    let record = state
        .run(auth, move |conn, ctx| {
            service::reject_article(conn, ctx, &id, body, if_match.0)
        })
        .await?;
    Ok(respond::record(StatusCode::OK, &record, record.version))
}

/// Assign a knowledge article version
///
/// Gives it to another owner (an active user or a team); it moves to the owner's business unit.
#[utoipa::path(
    tag = "knowledge",
    request_body = Assignment,
    params(("id" = String, Path, format = Uuid, description = "The version's id."), ("If-Match" = Option<String>, Header, description = "The ETag the change is based on.")),
    responses(
        (status = 200, description = "The version with its new owner.", body = KnowledgeArticle, headers(("ETag" = String, description = "Its new version."))),
        UpdateErrors
    ),
    security(("bearer" = []))
)]
#[post("/knowledge-articles/{id}/assign")]
async fn assign_article(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
    if_match: IfMatch,
    body: ApiJson<Assignment>,
) -> ApiResult<HttpResponse> {
    let id = article_id(&id)?;
    let body = body.value;
    let record = state
        .run(auth, move |conn, ctx| {
            service::assign_article(conn, ctx, &id, body, if_match.0)
        })
        .await?;
    Ok(respond::record(StatusCode::OK, &record, record.version))
}

/// A knowledge article version's history
#[utoipa::path(
    tag = "knowledge",
    params(("id" = String, Path, format = Uuid, description = "The version's id."), HistoryParams),
    responses((status = 200, description = "A page of changes.", body = Page<Change>), SubListErrors),
    security(("bearer" = []))
)]
#[get("/knowledge-articles/{id}/history")]
async fn article_history(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
    params: ListParams,
) -> ApiResult<HttpResponse> {
    let id = article_id(&id)?;
    let list = params.parse(&HISTORY_LIST)?;
    let page = state
        .run(auth, move |conn, ctx| {
            service::article_history(conn, ctx, &id, &list)
        })
        .await?;
    Ok(respond::page(&page))
}

/// The versions of an article
///
/// Every version of the article this version belongs to that the caller may read
/// (`sort=-version_number` for the newest first).
#[utoipa::path(
    tag = "knowledge",
    params(("id" = String, Path, format = Uuid, description = "Any version's id."), KnowledgeArticleListParams),
    responses((status = 200, description = "A page of versions.", body = Page<KnowledgeArticle>), SubListErrors),
    security(("bearer" = []))
)]
#[get("/knowledge-articles/{id}/versions")]
async fn list_versions(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
    params: ListParams,
) -> ApiResult<HttpResponse> {
    let id = article_id(&id)?;
    let list = params.parse(&KNOWLEDGE_ARTICLE_LIST)?;
    let page = state
        .run(auth, move |conn, ctx| {
            service::list_versions(conn, ctx, &id, &list)
        })
        .await?;
    Ok(respond::page(&page))
}

/// What a comparison names (documented here, read by [`compare_versions`]).
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[expect(
    dead_code,
    reason = "the parameter's documentation; compare_versions reads it"
)]
struct CompareQuery {
    /// The other version of the same article.
    #[param(format = Uuid)]
    with: String,
}

/// Compare two versions
///
/// What differs in the written fields (title, subject, keywords, sections, visibility) between
/// this version and `with`, another version of the same article (422 otherwise).
#[utoipa::path(
    tag = "knowledge",
    params(("id" = String, Path, format = Uuid, description = "The version compared from."), CompareQuery),
    responses((status = 200, description = "The two versions and their differences.", body = VersionComparison), ReportErrors, ReadErrors),
    security(("bearer" = []))
)]
#[get("/knowledge-articles/{id}/compare")]
async fn compare_versions(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
    params: ListParams,
) -> ApiResult<HttpResponse> {
    let id = article_id(&id)?;
    let mut with = None;
    for (name, value) in &params.0 {
        match name.as_str() {
            "with" => with = Some(value.clone()),
            other => {
                return Err(ApiError::bad_request(format!(
                    "{other} is not a parameter of a comparison; use with"
                )));
            }
        }
    }
    let with =
        with.ok_or_else(|| ApiError::bad_request("with names the version to compare with"))?;
    let with = KnowledgeArticleId::parse(&with)
        .map_err(|_| ApiError::bad_request("with must be a version's id"))?;
    let comparison = state
        .run(auth, move |conn, ctx| {
            service::compare_versions(conn, ctx, &id, &with)
        })
        .await?;
    Ok(HttpResponse::Ok().json(comparison))
}

/// An article's comments
///
/// The comments on every version of the article, oldest first.
#[utoipa::path(
    tag = "knowledge",
    params(("id" = String, Path, format = Uuid, description = "Any version's id."), CommentListParams),
    responses((status = 200, description = "A page of comments.", body = Page<ArticleComment>), SubListErrors),
    security(("bearer" = []))
)]
#[get("/knowledge-articles/{id}/comments")]
async fn list_comments(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
    params: ListParams,
) -> ApiResult<HttpResponse> {
    let id = article_id(&id)?;
    let list = params.parse(&COMMENT_LIST)?;
    let page = state
        .run(auth, move |conn, ctx| {
            service::list_comments(conn, ctx, &id, &list)
        })
        .await?;
    Ok(respond::page(&page))
}

/// Comment on an article
///
/// Whoever may read the article may comment on it.
#[utoipa::path(
    tag = "knowledge",
    request_body = CommentFields,
    params(("id" = String, Path, format = Uuid, description = "The version commented on.")),
    responses((status = 201, description = "The comment.", body = ArticleComment), CreateErrors, ReadErrors),
    security(("bearer" = []))
)]
#[post("/knowledge-articles/{id}/comments")]
async fn add_comment(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
    body: ApiJson<CommentFields>,
) -> ApiResult<HttpResponse> {
    let id = article_id(&id)?;
    let body = body.value;
    let comment = state
        .run(auth, move |conn, ctx| {
            service::add_comment(conn, ctx, &id, body)
        })
        .await?;
    Ok(HttpResponse::Created().json(comment))
}

/// Delete a comment
///
/// Its author, or whoever may change the version it was written on.
#[utoipa::path(
    tag = "knowledge",
    params(
        ("id" = String, Path, format = Uuid, description = "Any version's id."),
        ("comment_id" = String, Path, format = Uuid, description = "The comment's id.")
    ),
    responses((status = 204, description = "Deleted."), ReadErrors),
    security(("bearer" = []))
)]
#[delete("/knowledge-articles/{id}/comments/{comment_id}")]
async fn delete_comment(
    state: Data<AppState>,
    auth: Auth,
    path: Path<(String, String)>,
) -> ApiResult<HttpResponse> {
    let (id, comment) = path.into_inner();
    let id = article_id(&id)?;
    let comment =
        ArticleCommentId::parse(&comment).map_err(|_| ApiError::not_found("comment not found"))?;
    state
        .run(auth, move |conn, ctx| {
            service::delete_comment(conn, ctx, &id, &comment)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

// ----- the articles of a case -----------------------------------------------------------------

/// Articles suggested for a case
///
/// The published articles that best match the case's title and description (any word counts;
/// articles used on more cases rank higher; those already linked are left out).
#[utoipa::path(
    tag = "knowledge",
    params(
        ("id" = String, Path, format = Uuid, description = "The case's id."),
        ("limit" = Option<i64>, Query, minimum = 1, maximum = 20, description = "The most suggestions (default 5).")
    ),
    responses((status = 200, description = "The suggestions, best first.", body = SearchResults), ReportErrors, ReadErrors),
    security(("bearer" = []))
)]
#[get("/cases/{id}/suggested-articles")]
async fn suggested_articles(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
    params: ListParams,
) -> ApiResult<HttpResponse> {
    let id = case_id(&id)?;
    let mut limit = None;
    for (name, value) in &params.0 {
        match name.as_str() {
            "limit" => {
                limit = Some(value.parse::<i64>().map_err(|_| {
                    ApiError::bad_request("limit must be a whole number from 1 to 20")
                })?);
            }
            other => {
                return Err(ApiError::bad_request(format!(
                    "{other} is not a parameter of the suggestions; use limit"
                )));
            }
        }
    }
    let results = state
        .run(auth, move |conn, ctx| {
            service::suggested_articles(conn, ctx, &id, limit)
        })
        .await?;
    Ok(HttpResponse::Ok().json(results))
}

/// The articles linked to a case
#[utoipa::path(
    tag = "knowledge",
    params(("id" = String, Path, format = Uuid, description = "The case's id.")),
    responses((status = 200, description = "The links, newest first.", body = CaseArticles), ReadErrors),
    security(("bearer" = []))
)]
#[get("/cases/{id}/articles")]
async fn list_case_articles(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
) -> ApiResult<HttpResponse> {
    let id = case_id(&id)?;
    let links = state
        .run(auth, move |conn, ctx| {
            service::list_case_articles(conn, ctx, &id)
        })
        .await?;
    Ok(HttpResponse::Ok().json(links))
}

/// Link an article to a case
///
/// A published article answers the case (the caller changes the case); it counts as a use of
/// the article and is in the case's history. 409 when it is linked already.
#[utoipa::path(
    tag = "knowledge",
    request_body = CaseArticleLink,
    params(("id" = String, Path, format = Uuid, description = "The case's id.")),
    responses((status = 201, description = "The link.", body = CaseArticle), CreateErrors, ReadErrors),
    security(("bearer" = []))
)]
#[post("/cases/{id}/articles")]
async fn link_article(
    state: Data<AppState>,
    auth: Auth,
    id: Path<String>,
    body: ApiJson<CaseArticleLink>,
) -> ApiResult<HttpResponse> {
    let id = case_id(&id)?;
    let article = body.value.article_id;
    let link = state
        .run(auth, move |conn, ctx| {
            service::link_article(conn, ctx, &id, article)
        })
        .await?;
    Ok(HttpResponse::Created().json(link))
}

/// Unlink an article from a case
///
/// The use it counted goes.
#[utoipa::path(
    tag = "knowledge",
    params(
        ("id" = String, Path, format = Uuid, description = "The case's id."),
        ("article_id" = String, Path, format = Uuid, description = "Any version of the linked article.")
    ),
    responses((status = 204, description = "Unlinked."), DeleteErrors),
    security(("bearer" = []))
)]
#[delete("/cases/{id}/articles/{article_id}")]
async fn unlink_article(
    state: Data<AppState>,
    auth: Auth,
    path: Path<(String, String)>,
) -> ApiResult<HttpResponse> {
    let (id, article) = path.into_inner();
    let id = case_id(&id)?;
    let article = article_id(&article)?;
    state
        .run(auth, move |conn, ctx| {
            service::unlink_article(conn, ctx, &id, &article)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Registers the routes (the search before `{id}`).
pub fn configure<C: super::Routes>(cfg: &mut C) {
    cfg.service(list_article_templates)
        .service(create_article_template)
        .service(get_article_template)
        .service(update_article_template)
        .service(delete_article_template)
        .service(search_articles)
        .service(list_articles)
        .service(create_article)
        .service(get_article)
        .service(update_article)
        .service(delete_article)
        .service(submit_article)
        .service(withdraw_article)
        .service(approve_article)
        .service(reject_article)
        .service(archive_article)
        .service(assign_article)
        .service(article_history)
        .service(list_versions)
        .service(compare_versions)
        .service(list_comments)
        .service(add_comment)
        .service(delete_comment)
        .service(suggested_articles)
        .service(list_case_articles)
        .service(link_article)
        .service(unlink_article);
}
