//! Email templates: a subject and a text with placeholders (`{{first_name}}`,
//! `{{user.full_name}}`) filled from a record and from the sender. Placeholders are checked when
//! a template is saved, so a template never promises a field its records do not have.

use crm_core::changes::Recordable;
use crm_core::error::check_version;
use crm_core::id::EmailTemplateId;
use crm_core::list::{ListQuery, Page};
use crm_core::security::{Action, Ctx, entities};
use crm_core::validate::Validator;
use crm_core::{DomainError, DomainResult};
use crm_db::{AnyConnection, changes, lock_for_update, write_transaction};

use crate::model::{
    EmailTemplate, EmailTemplateFields, EmailTemplatePatch, EmailTemplateValues, RegardingType,
    RenderRequest, RenderedEmail,
};
use crate::regarding;
use crate::store;

const TEMPLATE: &str = "email template";

impl Recordable for EmailTemplate {
    const ENTITY: &'static str = entities::EMAIL_TEMPLATES;
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

/// The sender's fields a template may use, as `{{user.<field>}}`.
pub const USER_FIELDS: &[&str] = &["full_name", "email", "job_title", "phone"];

/// The fields of each kind of record a template may use.
pub fn record_fields(kind: RegardingType) -> &'static [&'static str] {
    match kind {
        RegardingType::Accounts => &[
            "name",
            "account_number",
            "industry",
            "employees",
            "annual_revenue",
            "currency",
            "website",
            "email",
            "phone",
            "address_line1",
            "address_line2",
            "city",
            "region",
            "postal_code",
            "country",
        ],
        RegardingType::Contacts => &[
            "salutation",
            "first_name",
            "last_name",
            "full_name",
            "job_title",
            "department",
            "email",
            "phone",
            "mobile_phone",
            "address_line1",
            "address_line2",
            "city",
            "region",
            "postal_code",
            "country",
        ],
        RegardingType::Leads => &[
            "subject",
            "salutation",
            "first_name",
            "last_name",
            "full_name",
            "company_name",
            "job_title",
            "email",
            "phone",
            "mobile_phone",
            "website",
            "city",
            "region",
            "country",
            "industry",
        ],
        RegardingType::Opportunities => &[
            "name",
            "estimated_revenue",
            "currency",
            "estimated_close_date",
            "stage",
            "probability",
            "actual_revenue",
            "actual_close_date",
        ],
        RegardingType::Cases => &[
            "number",
            "title",
            "description",
            "priority",
            "status",
            "product",
            "subject",
            "resolution",
            "resolve_by_at",
        ],
    }
}

/// The placeholders of a text, in order of first use, or why the text is malformed.
pub fn placeholders(text: &str) -> Result<Vec<String>, String> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find("{{") {
        let after = &rest[open + 2..];
        let close = after
            .find("}}")
            .ok_or_else(|| "a placeholder opened with {{ is not closed with }}".to_owned())?;
        let name = after[..close].trim();
        let valid = !name.is_empty()
            && name.split('.').count() <= 2
            && name.split('.').all(|part| {
                !part.is_empty()
                    && part
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
            });
        if !valid {
            return Err(format!(
                "{{{{{name}}}}} is not a placeholder: write a field name such as {{{{first_name}}}}"
            ));
        }
        if !found.iter().any(|f| f == name) {
            found.push(name.to_owned());
        }
        rest = &after[close + 2..];
    }
    Ok(found)
}

/// Checks the placeholders of one text field of a template against what its records have.
fn check_placeholders(
    v: &mut Validator,
    field: &str,
    text: Option<&str>,
    kind: Option<RegardingType>,
) {
    let Some(text) = text else { return };
    match placeholders(text) {
        Err(message) => v.add(field, "invalid_placeholder", format!("{field}: {message}")),
        Ok(names) => {
            let Some(kind) = kind else { return };
            let unknown: Vec<String> = names
                .into_iter()
                .filter(|name| match name.split_once('.') {
                    Some(("user", f)) => !USER_FIELDS.contains(&f),
                    Some(_) => true,
                    None => !record_fields(kind).contains(&name.as_str()),
                })
                .collect();
            if !unknown.is_empty() {
                v.add(
                    field,
                    "unknown_placeholder",
                    format!(
                        "{field} uses {} that {} do not have; they have {} and user.{}",
                        unknown
                            .iter()
                            .map(|u| format!("{{{{{u}}}}}"))
                            .collect::<Vec<_>>()
                            .join(", "),
                        kind.as_str(),
                        record_fields(kind).join(", "),
                        USER_FIELDS.join(", user."),
                    ),
                );
            }
        }
    }
}

/// Validates template fields, listing every failing field.
pub fn template_values(fields: EmailTemplateFields) -> DomainResult<EmailTemplateValues> {
    let mut v = Validator::new();
    let name = v.text("name", fields.name, 200);
    if name.is_none() && !v.has("name") {
        v.add("name", "required", "name is required");
    }
    if fields.entity.is_none() {
        v.add(
            "entity",
            "required",
            "entity is required: accounts, contacts, leads or opportunities",
        );
    }
    let subject = v.text("subject", fields.subject, 400);
    if subject.is_none() && !v.has("subject") {
        v.add("subject", "required", "subject is required");
    }
    let body = v.text("body", fields.body, 100_000);
    if body.is_none() && !v.has("body") {
        v.add("body", "required", "body is required");
    }
    let description = v.text("description", fields.description, 2_000);
    check_placeholders(&mut v, "subject", subject.as_deref(), fields.entity);
    check_placeholders(&mut v, "body", body.as_deref(), fields.entity);
    v.finish()?;
    Ok(EmailTemplateValues {
        name: name.unwrap_or_default(),
        entity: fields
            .entity
            .map(|e| e.as_str().to_owned())
            .unwrap_or_default(),
        subject: subject.unwrap_or_default(),
        body: body.unwrap_or_default(),
        description,
        is_active: fields.is_active.unwrap_or(true),
    })
}

/// A page of email templates (everyone reads them).
pub fn list_templates(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    list: &ListQuery,
) -> DomainResult<Page<EmailTemplate>> {
    ctx.principal
        .require(entities::EMAIL_TEMPLATES, Action::Read)?;
    let (rows, total) = store::list_templates(conn, Vec::new, list)?;
    let page = Page::from_rows(rows, list, total, |r| {
        store::template_sort_key(r, list.sort.field)
    });
    Ok(page.map(EmailTemplate::from))
}

/// One email template.
pub fn get_template(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &EmailTemplateId,
) -> DomainResult<EmailTemplate> {
    ctx.principal
        .require(entities::EMAIL_TEMPLATES, Action::Read)?;
    store::find_template(conn, id)?
        .map(EmailTemplate::from)
        .ok_or(DomainError::not_found(TEMPLATE))
}

fn name_free(
    conn: &mut AnyConnection,
    values: &EmailTemplateValues,
    except: Option<&EmailTemplateId>,
) -> DomainResult<()> {
    if store::template_name_taken(conn, &values.name, except)? {
        return Err(DomainError::conflict(format!(
            "an email template named {:?} exists already",
            values.name
        )));
    }
    Ok(())
}

/// Creates an email template.
pub fn create_template(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    fields: EmailTemplateFields,
) -> DomainResult<EmailTemplate> {
    ctx.principal
        .require(entities::EMAIL_TEMPLATES, Action::Create)?;
    let values = template_values(fields)?;
    write_transaction(conn, |conn| {
        name_free(conn, &values, None)?;
        let row =
            store::insert_template(conn, &EmailTemplateId::new(), &values, ctx.actor(), ctx.now)?;
        let template = EmailTemplate::from(row);
        changes::log(conn, Some(ctx.actor()), ctx.now, None, Some(&template))?;
        Ok(template)
    })
}

/// Changes the fields a patch sends.
pub fn update_template(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &EmailTemplateId,
    patch: EmailTemplatePatch,
    if_match: Option<i64>,
) -> DomainResult<EmailTemplate> {
    ctx.principal
        .require(entities::EMAIL_TEMPLATES, Action::Update)?;
    write_transaction(conn, |conn| {
        lock_for_update(conn, "email_templates", id.as_str())?;
        let current = get_template(conn, ctx, id)?;
        let mut fields = current.fields();
        patch.apply_to(&mut fields);
        if fields == current.fields() {
            check_version(if_match, current.version)?;
            return Ok(current);
        }
        let values = template_values(fields)?;
        check_version(if_match, current.version)?;
        name_free(conn, &values, Some(id))?;
        let row = store::update_template(conn, id, current.version, &values, ctx.actor(), ctx.now)?
            .ok_or(DomainError::conflict(
                "the email template changed while it was being saved; try again",
            ))?;
        let updated = EmailTemplate::from(row);
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

/// Deletes a template; emails written from it keep its id.
pub fn delete_template(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &EmailTemplateId,
    if_match: Option<i64>,
) -> DomainResult<()> {
    ctx.principal
        .require(entities::EMAIL_TEMPLATES, Action::Delete)?;
    write_transaction(conn, |conn| {
        lock_for_update(conn, "email_templates", id.as_str())?;
        let current = get_template(conn, ctx, id)?;
        check_version(if_match, current.version)?;
        if !store::delete_template(conn, id, current.version)? {
            return Err(DomainError::conflict(
                "the email template changed while it was being deleted; try again",
            ));
        }
        changes::log(conn, Some(ctx.actor()), ctx.now, Some(&current), None)?;
        Ok(())
    })
}

/// The text of a field of a record as an email shows it; `None` when empty.
fn shown(value: Option<&serde_json::Value>) -> Option<String> {
    match value? {
        serde_json::Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        serde_json::Value::Bool(b) => Some(if *b { "yes" } else { "no" }.to_owned()),
        _ => None,
    }
}

/// Fills the placeholders of a text from a record and the sender; collects those left empty.
pub fn fill(
    text: &str,
    record: &serde_json::Value,
    user: &serde_json::Value,
    empty: &mut Vec<String>,
) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find("{{") {
        out.push_str(&rest[..open]);
        let after = &rest[open + 2..];
        let Some(close) = after.find("}}") else {
            out.push_str(&rest[open..]);
            return out;
        };
        let name = after[..close].trim();
        let value = match name.split_once('.') {
            Some(("user", field)) => shown(user.get(field)),
            Some(_) => None,
            None => shown(record.get(name)),
        };
        match value {
            Some(value) => out.push_str(&value),
            None => {
                if !empty.iter().any(|e| e == name) {
                    empty.push(name.to_owned());
                }
            }
        }
        rest = &after[close + 2..];
    }
    out.push_str(rest);
    out
}

/// Renders a template against a record of its entity that the caller can see, signed by the
/// caller.
pub fn render_template(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &EmailTemplateId,
    request: RenderRequest,
) -> DomainResult<RenderedEmail> {
    let template = get_template(conn, ctx, id)?;
    let canonical = crm_core::id::canonical_uuid(request.regarding_id.trim()).map_err(|_| {
        DomainError::invalid("regarding_id", "invalid", "regarding_id is not a UUID")
    })?;
    let record = match regarding::load(conn, ctx, template.entity, &canonical) {
        Err(DomainError::NotFound { .. } | DomainError::Forbidden { .. }) => {
            return Err(DomainError::invalid(
                "regarding_id",
                "not_found",
                format!(
                    "regarding_id names no {} you can see (the template is for {})",
                    regarding::singular(template.entity),
                    template.entity.as_str()
                ),
            ));
        }
        other => other?,
    };
    let user = crm_identity::service::users::get_user(conn, ctx, &ctx.principal.user_id)
        .ok()
        .and_then(|u| serde_json::to_value(u).ok())
        .unwrap_or(serde_json::Value::Null);
    let mut empty = Vec::new();
    let subject = fill(&template.subject, &record, &user, &mut empty);
    let body = fill(&template.body, &record, &user, &mut empty);
    Ok(RenderedEmail {
        email_template_id: template.id,
        subject,
        body,
        to_address: shown(record.get("email")),
        empty_placeholders: empty,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn placeholders_are_found_once_in_order() {
        assert_eq!(
            placeholders("Dear {{ first_name }}, {{user.full_name}} and {{first_name}}").unwrap(),
            ["first_name", "user.full_name"]
        );
        assert!(placeholders("no placeholders").unwrap().is_empty());
    }

    #[test]
    fn malformed_placeholders_are_refused() {
        assert!(placeholders("Dear {{first_name").is_err());
        assert!(placeholders("Dear {{}}").is_err());
        assert!(placeholders("Dear {{First Name}}").is_err());
        assert!(placeholders("Dear {{a.b.c}}").is_err());
    }

    #[test]
    fn a_template_may_only_use_fields_its_records_have() {
        let fields = |body: &str| EmailTemplateFields {
            name: Some("Thanks".into()),
            entity: Some(RegardingType::Contacts),
            subject: Some("Thank you, {{first_name}}".into()),
            body: Some(body.into()),
            ..Default::default()
        };
        assert!(template_values(fields("Hello {{full_name}}, {{user.full_name}}")).is_ok());
        let Err(DomainError::Validation(errors)) = template_values(fields("{{company_name}}"))
        else {
            panic!("expected a field error");
        };
        assert_eq!(errors[0].field, "body");
        assert!(errors[0].message.contains("{{company_name}}"));
        assert!(template_values(fields("{{account.name}}")).is_err());
        assert!(template_values(fields("{{user.password_hash}}")).is_err());
    }

    #[test]
    fn every_missing_required_field_is_listed() {
        let Err(DomainError::Validation(errors)) = template_values(EmailTemplateFields::default())
        else {
            panic!("expected field errors");
        };
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["name", "entity", "subject", "body"]);
    }

    #[test]
    fn filling_uses_the_record_and_the_sender_and_names_what_was_empty() {
        let record = json!({"first_name": "Ada", "employees": 12, "job_title": null});
        let user = json!({"full_name": "Grace Hopper"});
        let mut empty = Vec::new();
        let text = fill(
            "Dear {{first_name}} ({{job_title}}), {{employees}} people. {{user.full_name}}",
            &record,
            &user,
            &mut empty,
        );
        assert_eq!(text, "Dear Ada (), 12 people. Grace Hopper");
        assert_eq!(empty, ["job_title"]);
    }
}
