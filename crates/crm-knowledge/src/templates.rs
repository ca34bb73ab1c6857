//! Article templates: the named sections articles are written in. Everyone reads them; the
//! knowledge base's managers keep them.

use crm_core::changes::Recordable;
use crm_core::error::check_version;
use crm_core::id::ArticleTemplateId;
use crm_core::list::{ListQuery, Page};
use crm_core::security::{Action, Ctx, entities};
use crm_core::validate::{Validator, clean};
use crm_core::{DomainError, DomainResult};
use crm_db::{AnyConnection, changes, lock_for_update, write_transaction};

use crate::model::{
    ArticleTemplate, ArticleTemplateFields, ArticleTemplateValues, TemplateSection,
};
use crate::store;

const TEMPLATE: &str = "article template";
/// The most sections a template (or an article) has.
pub const MAX_SECTIONS: usize = 20;

impl Recordable for ArticleTemplate {
    const ENTITY: &'static str = entities::ARTICLE_TEMPLATES;
    fn record_id(&self) -> &str {
        self.id.as_str()
    }
    fn owner_id(&self) -> Option<&str> {
        None
    }
    fn business_unit_id(&self) -> Option<&str> {
        None
    }
}

/// A page of templates.
pub fn list_templates(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    list: &ListQuery,
) -> DomainResult<Page<ArticleTemplate>> {
    ctx.principal
        .require(entities::ARTICLE_TEMPLATES, Action::Read)?;
    let (rows, total) = store::list_templates(conn, Vec::new, list)?;
    let page = Page::from_rows(rows, list, total, |r| {
        store::template_sort_key(r, list.sort.field)
    });
    Ok(Page {
        data: page.data.into_iter().map(ArticleTemplate::from).collect(),
        next_cursor: page.next_cursor,
        total: page.total,
    })
}

/// One template.
pub fn get_template(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &ArticleTemplateId,
) -> DomainResult<ArticleTemplate> {
    ctx.principal
        .require(entities::ARTICLE_TEMPLATES, Action::Read)?;
    store::find_template(conn, id)?
        .map(ArticleTemplate::from)
        .ok_or(DomainError::not_found(TEMPLATE))
}

/// Checks a template's sections: 1 to 20, each with a heading up to 100 characters (unique)
/// and instructions up to 500.
fn check_sections(v: &mut Validator, sections: &[TemplateSection]) -> Vec<TemplateSection> {
    if sections.is_empty() {
        v.add(
            "sections",
            "required",
            "a template has one section at least",
        );
    }
    if sections.len() > MAX_SECTIONS {
        v.add(
            "sections",
            "too_many",
            format!("a template has {MAX_SECTIONS} sections at most"),
        );
    }
    let mut seen: Vec<String> = Vec::new();
    let mut cleaned = Vec::with_capacity(sections.len());
    for (i, section) in sections.iter().enumerate() {
        let title = section.title.trim().to_owned();
        let field = format!("sections[{i}].title");
        v.required_max(&field, Some(title.as_str()).filter(|t| !t.is_empty()), 100);
        if !title.is_empty() && seen.iter().any(|s| s.eq_ignore_ascii_case(&title)) {
            v.add(
                &field,
                "duplicate",
                format!("two sections are headed {title}"),
            );
        }
        let instructions = v.text(
            &format!("sections[{i}].instructions"),
            section.instructions.clone(),
            500,
        );
        seen.push(title.clone());
        cleaned.push(TemplateSection {
            title,
            instructions,
        });
    }
    cleaned
}

fn template_values(
    conn: &mut AnyConnection,
    fields: ArticleTemplateFields,
    current: Option<&ArticleTemplate>,
) -> DomainResult<ArticleTemplateValues> {
    let mut v = Validator::new();
    let name = clean(fields.name).or_else(|| current.map(|c| c.name.clone()));
    v.required_max("name", name.as_deref(), 100);
    let description = match fields.description {
        Some(text) => v.text("description", Some(text), 2_000),
        None => current.and_then(|c| c.description.clone()),
    };
    let sections = match fields.sections {
        Some(sections) => check_sections(&mut v, &sections),
        None => match current {
            Some(c) => c.sections.clone(),
            None => check_sections(&mut v, &[]),
        },
    };
    if let Some(name) = &name
        && !v.has("name")
        && store::template_name_taken(conn, name, current.map(|c| &c.id))?
    {
        return Err(DomainError::conflict(format!(
            "an article template named {name} exists already"
        )));
    }
    v.finish()?;
    Ok(ArticleTemplateValues {
        name: name.unwrap_or_default(),
        description,
        sections: serde_json::to_string(&sections).unwrap_or_else(|_| "[]".to_owned()),
        is_active: fields
            .is_active
            .unwrap_or(current.is_none_or(|c| c.is_active)),
    })
}

/// Creates a template.
pub fn create_template(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    fields: ArticleTemplateFields,
) -> DomainResult<ArticleTemplate> {
    ctx.principal
        .require(entities::ARTICLE_TEMPLATES, Action::Create)?;
    write_transaction(conn, |conn| {
        let values = template_values(conn, fields, None)?;
        let id = ArticleTemplateId::new();
        let template: ArticleTemplate =
            store::insert_template(conn, &id, &values, ctx.actor(), ctx.now)?.into();
        changes::log(conn, Some(ctx.actor()), ctx.now, None, Some(&template))?;
        Ok(template)
    })
}

/// Changes a template: the fields sent. Articles written from it keep their sections.
pub fn update_template(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &ArticleTemplateId,
    fields: ArticleTemplateFields,
    if_match: Option<i64>,
) -> DomainResult<ArticleTemplate> {
    ctx.principal
        .require(entities::ARTICLE_TEMPLATES, Action::Update)?;
    write_transaction(conn, |conn| {
        lock_for_update(conn, "article_templates", id.as_str())?;
        let current = get_template(conn, ctx, id)?;
        check_version(if_match, current.version)?;
        let values = template_values(conn, fields, Some(&current))?;
        let updated: ArticleTemplate =
            store::update_template(conn, id, current.version, &values, ctx.actor(), ctx.now)?
                .ok_or(DomainError::conflict(
                    "the template changed while it was being saved; try again",
                ))?
                .into();
        changes::log(
            conn,
            Some(ctx.actor()),
            ctx.now,
            Some(&current),
            Some(&updated),
        )?;
        Ok(updated)
    })
}

/// Deletes a template no article was written from (retire it with `is_active: false` else).
pub fn delete_template(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &ArticleTemplateId,
    if_match: Option<i64>,
) -> DomainResult<()> {
    ctx.principal
        .require(entities::ARTICLE_TEMPLATES, Action::Delete)?;
    write_transaction(conn, |conn| {
        lock_for_update(conn, "article_templates", id.as_str())?;
        let current = get_template(conn, ctx, id)?;
        check_version(if_match, current.version)?;
        crm_db::ownership::refuse_if_linked(
            conn,
            entities::ARTICLE_TEMPLATES,
            id.as_str(),
            TEMPLATE,
        )?;
        if !store::delete_template(conn, id, current.version)? {
            return Err(DomainError::conflict(
                "the template changed while it was being deleted; try again",
            ));
        }
        changes::log(conn, Some(ctx.actor()), ctx.now, Some(&current), None)?;
        Ok(())
    })
}
