//! Importing a lead list from CSV (`POST /api/v1/leads/import`).
//!
//! The file streams through: [`Import`] takes its records as they arrive, checks the header once,
//! and every [`STAGE_ROWS`] lines validates them (each bad line is reported with its number and
//! every failing field), flags duplicates of existing leads and contacts and of earlier lines (by
//! email, whatever its case), and writes the good ones to staging tables in a short transaction.
//! When the whole file has been read, [`Import::publish`] moves the staged leads and their
//! change-log entries into place in one transaction: a batch is all there or not at all, and a
//! batch left half-received by a stopped server is discarded ([`discard_stale`]).

use std::collections::{HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};

use crm_core::changes::diff;
use crm_core::id::{BusinessUnitId, ImportBatchId, LeadId, OwnerId};
use crm_core::list::{FieldKind, FieldSpec, ListQuery, ListSpec, Page, Sort};
use crm_core::security::{Action, Ctx, entities};
use crm_core::{DomainError, DomainResult, FieldError, Timestamp};
use crm_db::conn::is_postgres;
use crm_db::schema::{change_import_rows, contacts, import_batches, lead_import_rows, leads};
use crm_db::{AnyConnection, changes, write_transaction};
use crm_picklists::Choices;
use diesel::prelude::*;
use diesel::sql_types::{Nullable, Text};
use serde::Serialize;
use utoipa::ToSchema;

use crate::csv::Record;
use crate::model::{Lead, LeadFields, LeadRow, LeadStatus};
use crate::service::lead_values;

/// Lines validated and staged together.
pub const STAGE_ROWS: usize = 1_000;
/// The most rejected lines and duplicates listed in a report (all are counted).
pub const MAX_LISTED: usize = 1_000;
/// A batch still receiving after this long was left by a server that stopped.
const STALE_AFTER_MINUTES: i64 = 60;

diesel::define_sql_function! {
    /// SQL `lower(text)`.
    fn lower(x: Nullable<Text>) -> Nullable<Text>;
}

/// A lead field a CSV column can fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Text(&'static str),
    Employees,
    DecisionMaker,
}

/// The columns a header may name: the field names, and the names spreadsheets use for them.
const COLUMNS: &[(&str, Column)] = &[
    ("subject", Column::Text("subject")),
    ("topic", Column::Text("subject")),
    ("salutation", Column::Text("salutation")),
    ("first_name", Column::Text("first_name")),
    ("firstname", Column::Text("first_name")),
    ("given_name", Column::Text("first_name")),
    ("last_name", Column::Text("last_name")),
    ("lastname", Column::Text("last_name")),
    ("surname", Column::Text("last_name")),
    ("family_name", Column::Text("last_name")),
    ("company_name", Column::Text("company_name")),
    ("company", Column::Text("company_name")),
    ("organization", Column::Text("company_name")),
    ("job_title", Column::Text("job_title")),
    ("title", Column::Text("job_title")),
    ("email", Column::Text("email")),
    ("e_mail", Column::Text("email")),
    ("email_address", Column::Text("email")),
    ("phone", Column::Text("phone")),
    ("business_phone", Column::Text("phone")),
    ("telephone", Column::Text("phone")),
    ("mobile_phone", Column::Text("mobile_phone")),
    ("mobile", Column::Text("mobile_phone")),
    ("cell", Column::Text("mobile_phone")),
    ("website", Column::Text("website")),
    ("web_site", Column::Text("website")),
    ("address_line1", Column::Text("address_line1")),
    ("street", Column::Text("address_line1")),
    ("address", Column::Text("address_line1")),
    ("address_line2", Column::Text("address_line2")),
    ("city", Column::Text("city")),
    ("region", Column::Text("region")),
    ("state", Column::Text("region")),
    ("province", Column::Text("region")),
    ("postal_code", Column::Text("postal_code")),
    ("zip", Column::Text("postal_code")),
    ("zip_code", Column::Text("postal_code")),
    ("postcode", Column::Text("postal_code")),
    ("country", Column::Text("country")),
    ("industry", Column::Text("industry")),
    ("employees", Column::Employees),
    ("source", Column::Text("source")),
    ("lead_source", Column::Text("source")),
    ("rating", Column::Text("rating")),
    ("need", Column::Text("need")),
    ("decision_timeline", Column::Text("decision_timeline")),
    ("timeline", Column::Text("decision_timeline")),
    ("budget_amount", Column::Text("budget_amount")),
    ("budget", Column::Text("budget_amount")),
    ("currency", Column::Text("currency")),
    ("is_decision_maker", Column::DecisionMaker),
    ("decision_maker", Column::DecisionMaker),
    ("description", Column::Text("description")),
    ("notes", Column::Text("description")),
];

/// `First Name`, `first-name` and `FIRST_NAME` all name `first_name`.
fn normalize(name: &str) -> String {
    name.trim()
        .to_lowercase()
        .chars()
        .map(|c| {
            if c == ' ' || c == '-' || c == '.' {
                '_'
            } else {
                c
            }
        })
        .collect()
}

fn column(name: &str) -> Option<Column> {
    let name = normalize(name);
    COLUMNS.iter().find(|(n, _)| *n == name).map(|(_, c)| *c)
}

/// The field names a column may take, for messages.
fn field_names() -> String {
    let mut names: Vec<&str> = COLUMNS
        .iter()
        .map(|(_, c)| match c {
            Column::Text(f) => *f,
            Column::Employees => "employees",
            Column::DecisionMaker => "is_decision_maker",
        })
        .collect();
    names.dedup();
    names.join(", ")
}

/// Maps the header (or the `columns` given instead) to lead fields; every unknown or repeated
/// column is reported.
fn map_header(names: &[String]) -> DomainResult<Vec<Option<Column>>> {
    let mut errors = Vec::new();
    let mut map = Vec::with_capacity(names.len());
    for (i, name) in names.iter().enumerate() {
        if name.trim().is_empty() {
            map.push(None);
            continue;
        }
        match column(name) {
            Some(c) if map.contains(&Some(c)) => errors.push(FieldError::new(
                format!("header[{i}]"),
                "repeated",
                format!("{name} names a field that an earlier column fills already"),
            )),
            Some(c) => map.push(Some(c)),
            None => errors.push(FieldError::new(
                format!("header[{i}]"),
                "unknown_field",
                format!(
                    "{name} is not a lead field; name columns after one of: {}",
                    field_names()
                ),
            )),
        }
    }
    if !map.iter().any(|c| {
        matches!(
            c,
            Some(Column::Text("last_name")) | Some(Column::Text("company_name"))
        )
    }) && errors.is_empty()
    {
        errors.push(FieldError::new(
            "header",
            "required",
            "the file needs a last_name or a company_name column",
        ));
    }
    if errors.is_empty() {
        Ok(map)
    } else {
        Err(DomainError::Validation(errors))
    }
}

fn parse_bool(text: &str) -> Option<bool> {
    match text.trim().to_lowercase().as_str() {
        "true" | "yes" | "y" | "1" | "x" => Some(true),
        "false" | "no" | "n" | "0" => Some(false),
        _ => None,
    }
}

/// A CSV line as lead fields with the errors of the values that could not be read (those are
/// left empty, so the fields' own checks still run), or why the line cannot be read at all.
fn to_fields(
    map: &[Option<Column>],
    values: Vec<String>,
) -> Result<(LeadFields, Vec<FieldError>), Vec<FieldError>> {
    let mut fields = LeadFields::default();
    let mut errors = Vec::new();
    if values.len() > map.len() {
        errors.push(FieldError::new(
            "line",
            "wrong_field_count",
            format!(
                "the line has {} fields; the header has {}",
                values.len(),
                map.len()
            ),
        ));
        return Err(errors);
    }
    for (column, value) in map.iter().zip(values) {
        let Some(column) = column else { continue };
        if value.trim().is_empty() {
            continue;
        }
        match column {
            Column::Employees => match value.trim().replace([',', ' '], "").parse::<i64>() {
                Ok(n) => fields.employees = Some(n),
                Err(_) => errors.push(FieldError::new(
                    "employees",
                    "invalid_format",
                    "employees must be a whole number",
                )),
            },
            Column::DecisionMaker => match parse_bool(&value) {
                Some(b) => fields.is_decision_maker = Some(b),
                None => errors.push(FieldError::new(
                    "is_decision_maker",
                    "invalid_format",
                    "is_decision_maker must be yes or no",
                )),
            },
            Column::Text(name) => {
                let slot = match *name {
                    "subject" => &mut fields.subject,
                    "salutation" => &mut fields.salutation,
                    "first_name" => &mut fields.first_name,
                    "last_name" => &mut fields.last_name,
                    "company_name" => &mut fields.company_name,
                    "job_title" => &mut fields.job_title,
                    "email" => &mut fields.email,
                    "phone" => &mut fields.phone,
                    "mobile_phone" => &mut fields.mobile_phone,
                    "website" => &mut fields.website,
                    "address_line1" => &mut fields.address_line1,
                    "address_line2" => &mut fields.address_line2,
                    "city" => &mut fields.city,
                    "region" => &mut fields.region,
                    "postal_code" => &mut fields.postal_code,
                    "country" => &mut fields.country,
                    "industry" => &mut fields.industry,
                    "source" => &mut fields.source,
                    "rating" => &mut fields.rating,
                    "need" => &mut fields.need,
                    "decision_timeline" => &mut fields.decision_timeline,
                    "budget_amount" => &mut fields.budget_amount,
                    "currency" => &mut fields.currency,
                    _ => &mut fields.description,
                };
                *slot = Some(value);
            }
        }
    }
    Ok((fields, errors))
}

/// A line that was not imported.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RejectedLine {
    /// Its line in the file (the header is line 1).
    pub line: u64,
    /// Every reason, by field.
    pub errors: Vec<FieldError>,
}

/// A record the imported lead has the same email as.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DuplicateOf {
    /// `leads` or `contacts`; `lines` for an earlier line of the same file.
    pub entity: String,
    /// The record's id (for an earlier line: its line number).
    pub id: String,
}

/// An imported line whose email another lead, contact or line already has. It is imported: a
/// person can be worth a second look; the report says so, so it can be merged or removed.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DuplicateLine {
    /// Its line in the file.
    pub line: u64,
    /// The email they share.
    pub email: String,
    /// What has it already.
    pub of: Vec<DuplicateOf>,
}

/// What an import did.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ImportReport {
    /// The batch the leads came in with (their `import_batch_id`).
    pub batch_id: ImportBatchId,
    /// The list the file came from, as given in `source`.
    pub source: Option<String>,
    /// Lines read, the header not counted.
    pub lines: u64,
    /// Leads created.
    pub created: u64,
    /// Lines not imported.
    pub rejected_count: u64,
    /// The rejected lines with their errors (the first 1,000).
    pub rejected: Vec<RejectedLine>,
    /// Imported lines that have an email another lead, contact or line has.
    pub duplicate_count: u64,
    /// Those lines (the first 1,000).
    pub duplicates: Vec<DuplicateLine>,
}

/// A recorded import.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Serialize, ToSchema)]
#[diesel(table_name = import_batches)]
pub struct ImportBatch {
    /// Its id.
    pub id: ImportBatchId,
    /// What was imported (`leads`).
    pub entity: String,
    /// The list the file came from.
    pub source: Option<String>,
    /// `receiving`, `completed`, or `failed` (nothing of it was kept).
    pub status: String,
    /// Lines read, the header not counted.
    pub total_lines: i64,
    /// Records created.
    pub created_count: i64,
    /// Lines not imported.
    pub rejected_count: i64,
    /// Imported lines with an email another record had.
    pub duplicate_count: i64,
    /// Who imported it.
    pub owner_id: OwnerId,
    /// Their business unit.
    pub business_unit_id: BusinessUnitId,
    /// Who imported it.
    pub created_by: Option<String>,
    /// When it started.
    pub created_at: Timestamp,
    /// When it last moved.
    pub updated_at: Timestamp,
    /// When it was complete.
    pub completed_at: Option<Timestamp>,
}

/// What import-batch lists accept.
pub const IMPORT_BATCH_LIST: ListSpec = ListSpec {
    resource: "import-batches",
    fields: &[
        FieldSpec::sortable("created_at", FieldKind::Timestamp),
        FieldSpec::filter("id", FieldKind::Id, false),
        FieldSpec::filter("source", FieldKind::Text, true),
        FieldSpec::filter(
            "status",
            FieldKind::Choice(&["receiving", "completed", "failed"]),
            false,
        ),
        FieldSpec::filter("owner_id", FieldKind::Id, false),
    ],
    search_fields: &["source"],
    default_sort: Sort::NEWEST_FIRST,
};

crm_db::list_query! {
    /// A page of import batches.
    pub fn list_batch_rows / batch_sort_key (import_batches) -> ImportBatch {
        id: import_batches::id,
        filters: {
            "id" => (import_batches::id, String),
            "created_at" => (import_batches::created_at, Timestamp),
            "source" => (import_batches::source.assume_not_null(), String),
            "status" => (import_batches::status, String),
            "owner_id" => (import_batches::owner_id, String),
        },
        sorts: {
            "created_at" => (import_batches::created_at, Timestamp, |r| r.created_at),
        },
        search: [import_batches::source.assume_not_null()],
    }
}

/// The import batches of the leads the caller may read (by who imported them).
pub fn list_batches(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    list: &ListQuery,
) -> DomainResult<Page<ImportBatch>> {
    let scope = ctx.principal.require(entities::LEADS, Action::Read)?;
    let (rows, total) = list_batch_rows(
        conn,
        || {
            crm_db::query::visible(
                &scope,
                import_batches::owner_id,
                import_batches::business_unit_id,
            )
            .into_iter()
            .collect()
        },
        list,
    )?;
    Ok(Page::from_rows(rows, list, total, |r| {
        batch_sort_key(r, list.sort.field)
    }))
}

/// One import batch.
pub fn get_batch(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &ImportBatchId,
) -> DomainResult<ImportBatch> {
    let scope = ctx.principal.require(entities::LEADS, Action::Read)?;
    let batch = import_batches::table
        .filter(import_batches::id.eq(id))
        .select(ImportBatch::as_select())
        .get_result(conn)
        .optional()?
        .filter(|b| scope.allows(b.owner_id.as_str(), b.business_unit_id.as_str()))
        .ok_or(DomainError::not_found("import batch"))?;
    Ok(batch)
}

/// Staged rows: a lead with the batch and line it came from.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = lead_import_rows, treat_none_as_default_value = false)]
struct StagedLead {
    batch_id: ImportBatchId,
    line: i64,
    id: LeadId,
    subject: Option<String>,
    salutation: Option<String>,
    first_name: Option<String>,
    last_name: Option<String>,
    full_name: String,
    company_name: Option<String>,
    job_title: Option<String>,
    email: Option<String>,
    phone: Option<String>,
    mobile_phone: Option<String>,
    website: Option<String>,
    address_line1: Option<String>,
    address_line2: Option<String>,
    city: Option<String>,
    region: Option<String>,
    postal_code: Option<String>,
    country: Option<String>,
    industry: Option<String>,
    employees: Option<i64>,
    source: Option<String>,
    rating: Option<String>,
    budget_amount: Option<i64>,
    currency: Option<String>,
    is_decision_maker: Option<bool>,
    need: Option<String>,
    decision_timeline: Option<String>,
    description: Option<String>,
    status: String,
    disqualification_reason: Option<String>,
    disqualification_note: Option<String>,
    status_changed_at: Timestamp,
    last_touched_at: Option<Timestamp>,
    import_batch_id: Option<ImportBatchId>,
    qualified_account_id: Option<String>,
    qualified_contact_id: Option<String>,
    qualified_opportunity_id: Option<String>,
    owner_id: OwnerId,
    business_unit_id: BusinessUnitId,
    created_by: Option<String>,
    updated_by: Option<String>,
    created_at: Timestamp,
    updated_at: Timestamp,
    version: i64,
    /// The email as the import compares it (lowercased).
    email_key: Option<String>,
}

/// The columns `leads` and `lead_import_rows` share, in one order.
const LEAD_COLUMNS: &str = "id, subject, salutation, first_name, last_name, full_name, \
    company_name, job_title, email, phone, mobile_phone, website, address_line1, address_line2, \
    city, region, postal_code, country, industry, employees, source, rating, budget_amount, \
    currency, is_decision_maker, need, decision_timeline, description, status, \
    disqualification_reason, disqualification_note, status_changed_at, last_touched_at, \
    import_batch_id, qualified_account_id, qualified_contact_id, qualified_opportunity_id, \
    owner_id, business_unit_id, created_by, updated_by, created_at, updated_at, version";

/// An import being received.
pub struct Import {
    batch: ImportBatch,
    columns: Option<Vec<String>>,
    map: Option<Vec<Option<Column>>>,
    choices: Choices,
    pending: Vec<Record>,
    /// A 32-bit hash of each (lowercased) email staged so far: 4 bytes a line (10.5 MB for a
    /// file of a million, 16 MB while the set grows), where keeping the emails or their first
    /// lines would take far more. A hash met again is looked up in the staging table (indexed by
    /// email), which also tells a collision from a duplicate: over a million distinct emails some
    /// hundred collide, each one more indexed lookup.
    seen: HashSet<u32>,
    report: ImportReport,
}

fn email_key(lowered: &str) -> u32 {
    let mut hasher = DefaultHasher::new();
    lowered.hash(&mut hasher);
    // The high half; the set hashes it again, with its own random keys.
    (hasher.finish() >> 32) as u32
}

impl Import {
    /// Starts a batch for the caller (who needs the leads create privilege). `columns` names the
    /// field of each column in order (an empty name skips one) instead of the header.
    pub fn start(
        conn: &mut AnyConnection,
        ctx: &Ctx,
        source: Option<String>,
        columns: Option<Vec<String>>,
    ) -> DomainResult<Import> {
        ctx.principal.require(entities::LEADS, Action::Create)?;
        let source = crm_core::validate::clean(source);
        if source.as_ref().is_some_and(|s| s.chars().count() > 200) {
            return Err(DomainError::invalid(
                "source",
                "too_long",
                "source must be at most 200 characters",
            ));
        }
        // Given column names are checked before anything is read.
        if let Some(columns) = &columns {
            map_header(columns)?;
        }
        discard_stale(conn, ctx.now)?;
        let batch = ImportBatch {
            id: ImportBatchId::new(),
            entity: entities::LEADS.to_owned(),
            source,
            status: "receiving".to_owned(),
            total_lines: 0,
            created_count: 0,
            rejected_count: 0,
            duplicate_count: 0,
            owner_id: OwnerId::from(ctx.principal.user_id.clone()),
            business_unit_id: ctx.principal.business_unit_id.clone(),
            created_by: Some(ctx.actor().to_owned()),
            created_at: ctx.now,
            updated_at: ctx.now,
            completed_at: None,
        };
        let choices = Choices::load(conn, entities::LEADS)?;
        write_transaction(conn, |conn| {
            diesel::insert_into(import_batches::table)
                .values((
                    import_batches::id.eq(&batch.id),
                    import_batches::entity.eq(&batch.entity),
                    import_batches::source.eq(&batch.source),
                    import_batches::status.eq(&batch.status),
                    import_batches::owner_id.eq(&batch.owner_id),
                    import_batches::business_unit_id.eq(&batch.business_unit_id),
                    import_batches::created_by.eq(&batch.created_by),
                    import_batches::created_at.eq(batch.created_at),
                    import_batches::updated_at.eq(batch.updated_at),
                ))
                .execute(conn)
        })?;
        Ok(Import {
            report: ImportReport {
                batch_id: batch.id.clone(),
                source: batch.source.clone(),
                lines: 0,
                created: 0,
                rejected_count: 0,
                rejected: Vec::new(),
                duplicate_count: 0,
                duplicates: Vec::new(),
            },
            batch,
            map: None,
            columns,
            choices,
            pending: Vec::new(),
            seen: HashSet::new(),
        })
    }

    /// The batch's id.
    pub fn batch_id(&self) -> &ImportBatchId {
        &self.batch.id
    }

    /// Takes a record of the file; the first is the header. Returns whether enough lines are
    /// waiting to be staged.
    pub fn push(&mut self, record: Record) -> DomainResult<bool> {
        if self.map.is_none() {
            let header = record.fields.map_err(|e| {
                DomainError::invalid("header", "invalid_format", format!("the header: {e}"))
            })?;
            self.map = Some(match &self.columns {
                // The given names replace the header's; the header line is not data.
                Some(columns) => map_header(columns)?,
                None => map_header(&header)?,
            });
            return Ok(false);
        }
        if record
            .fields
            .as_ref()
            .is_ok_and(|f| f.iter().all(|v| v.trim().is_empty()))
        {
            return Ok(false);
        }
        self.pending.push(record);
        Ok(self.pending.len() >= STAGE_ROWS)
    }

    /// Whether the header has been read.
    pub fn has_header(&self) -> bool {
        self.map.is_some()
    }

    /// Validates the waiting lines and stages the good ones, in one short transaction.
    pub fn stage(&mut self, conn: &mut AnyConnection, ctx: &Ctx) -> DomainResult<()> {
        let records = std::mem::take(&mut self.pending);
        let Some(map) = self.map.clone() else {
            return Ok(());
        };
        let mut staged: Vec<StagedLead> = Vec::with_capacity(records.len());
        let mut staged_fields: Vec<String> = Vec::with_capacity(records.len());
        let mut emails: Vec<(u64, String)> = Vec::new();
        for record in records {
            self.report.lines += 1;
            let line = record.line;
            let checked = record
                .fields
                .map_err(|e| vec![FieldError::new("line", "invalid_format", e)])
                .and_then(|values| to_fields(&map, values))
                .and_then(
                    |(fields, mut unread)| match lead_values(fields, None, &self.choices) {
                        Ok(values) if unread.is_empty() => Ok(values),
                        Ok(_) => Err(unread),
                        Err(DomainError::Validation(errors)) => {
                            unread.extend(errors);
                            Err(unread)
                        }
                        Err(other) => {
                            Err(vec![FieldError::new("line", "invalid", other.to_string())])
                        }
                    },
                );
            let values = match checked {
                Ok(values) => values,
                Err(errors) => {
                    self.report.rejected_count += 1;
                    if self.report.rejected.len() < MAX_LISTED {
                        self.report.rejected.push(RejectedLine { line, errors });
                    }
                    continue;
                }
            };
            let row = LeadRow {
                id: LeadId::new(),
                subject: values.subject,
                salutation: values.salutation,
                first_name: values.first_name,
                last_name: values.last_name,
                full_name: values.full_name,
                company_name: values.company_name,
                job_title: values.job_title,
                email: values.email,
                phone: values.phone,
                mobile_phone: values.mobile_phone,
                website: values.website,
                address_line1: values.address_line1,
                address_line2: values.address_line2,
                city: values.city,
                region: values.region,
                postal_code: values.postal_code,
                country: values.country,
                industry: values.industry,
                employees: values.employees,
                source: values.source,
                rating: values.rating,
                budget_amount: values.budget_amount,
                currency: values.currency,
                is_decision_maker: values.is_decision_maker,
                need: values.need,
                decision_timeline: values.decision_timeline,
                description: values.description,
                status: LeadStatus::New.as_str().to_owned(),
                disqualification_reason: None,
                disqualification_note: None,
                status_changed_at: self.batch.created_at,
                last_touched_at: None,
                import_batch_id: Some(self.batch.id.clone()),
                qualified_account_id: None,
                qualified_contact_id: None,
                qualified_opportunity_id: None,
                owner_id: self.batch.owner_id.clone(),
                business_unit_id: self.batch.business_unit_id.clone(),
                created_by: Some(ctx.principal.user_id.clone()),
                updated_by: Some(ctx.principal.user_id.clone()),
                created_at: self.batch.created_at,
                updated_at: self.batch.created_at,
                version: 1,
            };
            if let Some(email) = &row.email {
                emails.push((line, email.clone()));
            }
            let staged_row = staged_from(&row, &self.batch.id, line);
            let lead = Lead::from(row);
            let fields = serde_json::to_string(&diff(None, Some(&lead)))
                .map_err(|e| DomainError::Internal(e.to_string()))?;
            staged.push(staged_row);
            staged_fields.push(fields);
        }
        self.flag_duplicates(conn, &emails)?;
        let created = staged.len() as u64;
        let change_rows: Vec<_> = staged
            .iter()
            .zip(&staged_fields)
            .map(|(l, fields)| {
                (
                    change_import_rows::batch_id.eq(&l.batch_id),
                    change_import_rows::line.eq(l.line),
                    change_import_rows::record_id.eq(&l.id),
                    change_import_rows::fields.eq(fields),
                )
            })
            .collect();
        write_transaction(conn, |conn| {
            match conn {
                // COPY in PostgreSQL's binary format: no statement to parse and no parameters
                // to bind for each of a stage's 48,000 values.
                AnyConnection::Postgresql(c) => {
                    diesel::copy_from(lead_import_rows::table)
                        .from_insertable(&staged)
                        .execute(c)?;
                    diesel::copy_from(change_import_rows::table)
                        .from_insertable(&change_rows)
                        .execute(c)?;
                }
                // As many rows per statement as SQLite takes parameters for (32,766).
                AnyConnection::Sqlite(c) => {
                    for (leads, changes) in staged.chunks(600).zip(change_rows.chunks(600)) {
                        diesel::insert_into(lead_import_rows::table)
                            .values(leads)
                            .execute(c)?;
                        diesel::insert_into(change_import_rows::table)
                            .values(changes)
                            .execute(c)?;
                    }
                }
            }
            diesel::update(import_batches::table.filter(import_batches::id.eq(&self.batch.id)))
                .set(import_batches::updated_at.eq(ctx.now))
                .execute(conn)?;
            Ok::<_, DomainError>(())
        })?;
        self.report.created += created;
        Ok(())
    }

    fn flag_duplicates(
        &mut self,
        conn: &mut AnyConnection,
        emails: &[(u64, String)],
    ) -> DomainResult<()> {
        if emails.is_empty() {
            return Ok(());
        }
        let lowered: Vec<String> = emails.iter().map(|(_, e)| e.to_lowercase()).collect();
        let mut existing: HashMap<String, Vec<DuplicateOf>> = HashMap::new();
        for chunk in lowered.chunks(500) {
            let lead_hits: Vec<(String, Option<String>)> = leads::table
                .filter(lower(leads::email).eq_any(chunk))
                .select((leads::id, leads::email))
                .load(conn)?;
            let contact_hits: Vec<(String, Option<String>)> = contacts::table
                .filter(lower(contacts::email).eq_any(chunk))
                .select((contacts::id, contacts::email))
                .load(conn)?;
            for (entity, hits) in [("leads", lead_hits), ("contacts", contact_hits)] {
                for (id, email) in hits {
                    existing
                        .entry(email.unwrap_or_default().to_lowercase())
                        .or_default()
                        .push(DuplicateOf {
                            entity: entity.to_owned(),
                            id,
                        });
                }
            }
        }
        // The first line of each email in this stage, and in earlier ones for the emails whose
        // hash was staged before.
        let mut first_here: HashMap<&str, u64> = HashMap::new();
        for ((line, _), key) in emails.iter().zip(&lowered) {
            first_here.entry(key.as_str()).or_insert(*line);
        }
        let mut again: Vec<&str> = first_here
            .keys()
            .copied()
            .filter(|key| self.seen.contains(&email_key(key)))
            .collect();
        again.sort_unstable();
        let mut first_before: HashMap<String, u64> = HashMap::new();
        for chunk in again.chunks(500) {
            let hits: Vec<(Option<String>, i64)> = lead_import_rows::table
                .filter(lead_import_rows::batch_id.eq(&self.batch.id))
                .filter(lead_import_rows::email_key.eq_any(chunk))
                .select((lead_import_rows::email_key, lead_import_rows::line))
                .load(conn)?;
            for (email, line) in hits {
                let (Some(email), Ok(line)) = (email, u64::try_from(line)) else {
                    continue;
                };
                let first = first_before.entry(email).or_insert(line);
                *first = (*first).min(line);
            }
        }
        for ((line, email), key) in emails.iter().zip(&lowered) {
            let mut of = existing.get(key).cloned().unwrap_or_default();
            let first = first_before.get(key).copied().or_else(|| {
                first_here
                    .get(key.as_str())
                    .copied()
                    .filter(|first| first < line)
            });
            if let Some(first) = first {
                of.push(DuplicateOf {
                    entity: "lines".to_owned(),
                    id: first.to_string(),
                });
            }
            if !of.is_empty() {
                self.report.duplicate_count += 1;
                if self.report.duplicates.len() < MAX_LISTED {
                    self.report.duplicates.push(DuplicateLine {
                        line: *line,
                        email: email.clone(),
                        of,
                    });
                }
            }
        }
        self.seen
            .extend(first_here.keys().map(|key| email_key(key)));
        Ok(())
    }

    /// Stages what is left and moves the batch into place in one transaction.
    pub fn publish(mut self, conn: &mut AnyConnection, ctx: &Ctx) -> DomainResult<ImportReport> {
        if self.map.is_none() {
            discard(conn, &self.batch.id, ctx.now)?;
            return Err(DomainError::invalid(
                "header",
                "required",
                "the file is empty: its first line names the columns",
            ));
        }
        self.stage(conn, ctx)?;
        let report = self.report;
        let batch = self.batch;
        write_transaction(conn, |conn| {
            let pg = is_postgres(conn);
            let p = |n: usize| if pg { format!("${n}") } else { "?".to_owned() };
            diesel::sql_query(format!(
                "INSERT INTO leads ({LEAD_COLUMNS}) SELECT {LEAD_COLUMNS} FROM lead_import_rows \
                 WHERE batch_id = {} ORDER BY line",
                p(1)
            ))
            .bind::<Text, _>(batch.id.as_str())
            .execute(conn)?;
            changes::lock_for_append(conn)?;
            diesel::sql_query(format!(
                "INSERT INTO changes (entity, record_id, operation, fields, actor_id, owner_id, \
                 business_unit_id, occurred_at) SELECT 'leads', record_id, 'create', fields, {}, {}, \
                 {}, {} FROM change_import_rows WHERE batch_id = {} ORDER BY line",
                p(1),
                p(2),
                p(3),
                p(4),
                p(5)
            ))
            .bind::<Text, _>(ctx.actor())
            .bind::<Text, _>(batch.owner_id.as_str())
            .bind::<Text, _>(batch.business_unit_id.as_str())
            .bind::<diesel::sql_types::Timestamp, _>(ctx.now)
            .bind::<Text, _>(batch.id.as_str())
            .execute(conn)?;
            delete_staged(conn, &batch.id)?;
            diesel::update(import_batches::table.filter(import_batches::id.eq(&batch.id)))
                .set((
                    import_batches::status.eq("completed"),
                    import_batches::total_lines.eq(report.lines as i64),
                    import_batches::created_count.eq(report.created as i64),
                    import_batches::rejected_count.eq(report.rejected_count as i64),
                    import_batches::duplicate_count.eq(report.duplicate_count as i64),
                    import_batches::updated_at.eq(ctx.now),
                    import_batches::completed_at.eq(Some(ctx.now)),
                ))
                .execute(conn)?;
            Ok::<_, DomainError>(())
        })?;
        if is_postgres(conn) && report.created >= ANALYZE_AFTER {
            // Fresh statistics, so that lookups by email (the next import's duplicate check)
            // use the index instead of scanning the rows just added.
            diesel::sql_query("ANALYZE leads").execute(conn)?;
        }
        Ok(report)
    }
}

/// An import that creates this many leads refreshes PostgreSQL's statistics of the table.
const ANALYZE_AFTER: u64 = 1_000;

fn staged_from(row: &LeadRow, batch: &ImportBatchId, line: u64) -> StagedLead {
    StagedLead {
        batch_id: batch.clone(),
        line: line as i64,
        id: row.id.clone(),
        subject: row.subject.clone(),
        salutation: row.salutation.clone(),
        first_name: row.first_name.clone(),
        last_name: row.last_name.clone(),
        full_name: row.full_name.clone(),
        company_name: row.company_name.clone(),
        job_title: row.job_title.clone(),
        email: row.email.clone(),
        phone: row.phone.clone(),
        mobile_phone: row.mobile_phone.clone(),
        website: row.website.clone(),
        address_line1: row.address_line1.clone(),
        address_line2: row.address_line2.clone(),
        city: row.city.clone(),
        region: row.region.clone(),
        postal_code: row.postal_code.clone(),
        country: row.country.clone(),
        industry: row.industry.clone(),
        employees: row.employees,
        source: row.source.clone(),
        rating: row.rating.clone(),
        budget_amount: row.budget_amount,
        currency: row.currency.clone(),
        is_decision_maker: row.is_decision_maker,
        need: row.need.clone(),
        decision_timeline: row.decision_timeline.clone(),
        description: row.description.clone(),
        status: row.status.clone(),
        disqualification_reason: None,
        disqualification_note: None,
        status_changed_at: row.status_changed_at,
        last_touched_at: None,
        import_batch_id: row.import_batch_id.clone(),
        qualified_account_id: None,
        qualified_contact_id: None,
        qualified_opportunity_id: None,
        owner_id: row.owner_id.clone(),
        business_unit_id: row.business_unit_id.clone(),
        created_by: row.created_by.as_ref().map(|u| u.as_str().to_owned()),
        updated_by: row.updated_by.as_ref().map(|u| u.as_str().to_owned()),
        created_at: row.created_at,
        updated_at: row.updated_at,
        version: row.version,
        email_key: row.email.as_deref().map(str::to_lowercase),
    }
}

fn delete_staged(conn: &mut AnyConnection, batch: &ImportBatchId) -> QueryResult<()> {
    diesel::delete(lead_import_rows::table.filter(lead_import_rows::batch_id.eq(batch)))
        .execute(conn)?;
    diesel::delete(change_import_rows::table.filter(change_import_rows::batch_id.eq(batch)))
        .execute(conn)?;
    Ok(())
}

/// Drops what a batch staged and marks it failed (the file was refused or the request ended).
pub fn discard(
    conn: &mut AnyConnection,
    batch: &ImportBatchId,
    now: Timestamp,
) -> DomainResult<()> {
    write_transaction(conn, |conn| {
        delete_staged(conn, batch)?;
        diesel::update(
            import_batches::table
                .filter(import_batches::id.eq(batch))
                .filter(import_batches::status.eq("receiving")),
        )
        .set((
            import_batches::status.eq("failed"),
            import_batches::updated_at.eq(now),
        ))
        .execute(conn)?;
        Ok(())
    })
}

/// Discards batches that stopped receiving long ago: their server stopped mid-file.
pub fn discard_stale(conn: &mut AnyConnection, now: Timestamp) -> DomainResult<()> {
    let cutoff = now.plus(-chrono::Duration::minutes(STALE_AFTER_MINUTES));
    let stale: Vec<ImportBatchId> = import_batches::table
        .filter(import_batches::status.eq("receiving"))
        .filter(import_batches::updated_at.lt(cutoff))
        .select(import_batches::id)
        .load(conn)?;
    for batch in stale {
        discard(conn, &batch, now)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_map_by_name_or_alias_and_every_bad_column_is_listed() {
        let names = |n: &[&str]| n.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        let map = map_header(&names(&["First Name", "Last-Name", "E-Mail", "", "ZIP"])).unwrap();
        assert_eq!(
            map,
            [
                Some(Column::Text("first_name")),
                Some(Column::Text("last_name")),
                Some(Column::Text("email")),
                None,
                Some(Column::Text("postal_code")),
            ]
        );
        let Err(DomainError::Validation(errors)) =
            map_header(&names(&["company", "shoe size", "organization"]))
        else {
            panic!("two bad columns");
        };
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["header[1]", "header[2]"]);
        assert!(map_header(&names(&["email"])).is_err(), "a name is needed");
    }

    #[test]
    fn a_line_becomes_fields_and_its_bad_values_are_listed() {
        let map =
            map_header(&["last_name", "employees", "decision_maker"].map(str::to_owned)).unwrap();
        let (fields, unread) =
            to_fields(&map, vec!["Hopper".into(), "1,200".into(), "yes".into()]).unwrap();
        assert!(unread.is_empty());
        assert_eq!(fields.last_name.as_deref(), Some("Hopper"));
        assert_eq!(fields.employees, Some(1200));
        assert_eq!(fields.is_decision_maker, Some(true));
        let (_, unread) =
            to_fields(&map, vec!["X".into(), "many".into(), "perhaps".into()]).unwrap();
        assert_eq!(unread.len(), 2);
        let errors = to_fields(
            &map,
            vec!["a".into(), "1".into(), "no".into(), "extra".into()],
        )
        .unwrap_err();
        assert_eq!(errors[0].code, "wrong_field_count");
        // A short line leaves the missing columns empty.
        assert!(to_fields(&map, vec!["Short".into()]).is_ok());
    }
}
