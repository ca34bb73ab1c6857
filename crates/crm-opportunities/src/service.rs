//! The rules for opportunities, sales stages and competitors: privileges, validation, the life
//! cycle, the change log (a stage change is a field change in it).

use std::collections::HashSet;

use crm_core::changes::{Change, Recordable};
use crm_core::error::check_version;
use crm_core::id::{
    BusinessUnitId, CompetitorId, LeadId, OpportunityId, OwnerId, SalesStageId, UserId,
};
use crm_core::list::{ListQuery, Page};
use crm_core::money::{check_currency, format_amount, parse_amount};
use crm_core::security::{AccessScope, Action, Assignment, Ctx, entities};
use crm_core::validate::{Validator, clean};
use crm_core::{DomainError, DomainResult};
use crm_db::schema::{competitors, opportunities, sales_stages};
use crm_db::{AnyConnection, changes, lock_for_update, write_transaction};
use diesel::prelude::*;

use crate::lifecycle::{self, OpportunityStatus};
use crate::model::{
    Competitor, CompetitorFields, CompetitorPatch, KeyPerson, Loss, NewSalesStage, Opportunity,
    OpportunityFields, OpportunityPatch, OpportunityRow, OpportunityValues, RevenueShare,
    SalesStage, SalesStagePatch, Win,
};
use crate::store::{self, Closing, SideLists};

const OPPORTUNITY: &str = "opportunity";

impl Recordable for Opportunity {
    const ENTITY: &'static str = entities::OPPORTUNITIES;
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

impl Recordable for Competitor {
    const ENTITY: &'static str = entities::COMPETITORS;
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

impl Recordable for SalesStage {
    const ENTITY: &'static str = entities::SALES_STAGES;
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

fn money(minor: Option<i64>, currency: Option<&str>) -> Option<String> {
    match (minor, currency) {
        (Some(minor), Some(currency)) => Some(format_amount(minor, currency)),
        _ => None,
    }
}

fn with_lists(
    row: OpportunityRow,
    (key_people, competitor_ids, revenue_split): SideLists,
) -> Opportunity {
    Opportunity {
        estimated_revenue: money(row.estimated_revenue, row.currency.as_deref()),
        actual_revenue: money(row.actual_revenue, row.currency.as_deref()),
        id: row.id,
        name: row.name,
        account_id: row.account_id,
        contact_id: row.contact_id,
        description: row.description,
        currency: row.currency,
        estimated_close_date: row.estimated_close_date,
        stage: row.stage,
        probability: row.probability,
        status: OpportunityStatus::parse(&row.status).unwrap_or(OpportunityStatus::Open),
        actual_close_date: row.actual_close_date,
        loss_reason: row.loss_reason,
        winning_competitor_id: row.winning_competitor_id,
        stage_changed_at: row.stage_changed_at,
        closed_at: row.closed_at,
        originating_lead_id: row.originating_lead_id,
        key_people,
        competitor_ids,
        revenue_split,
        owner_id: row.owner_id,
        business_unit_id: row.business_unit_id,
        created_by: row.created_by,
        updated_by: row.updated_by,
        created_at: row.created_at,
        updated_at: row.updated_at,
        version: row.version,
    }
}

/// Rows with their side lists, read in one query per list for the whole page.
fn complete(conn: &mut AnyConnection, rows: Vec<OpportunityRow>) -> DomainResult<Vec<Opportunity>> {
    let ids: Vec<OpportunityId> = rows.iter().map(|r| r.id.clone()).collect();
    let mut lists = store::side_lists(conn, &ids)?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let side = lists
                .iter_mut()
                .find(|(id, _)| *id == row.id)
                .map(|(_, l)| std::mem::take(l))
                .unwrap_or_default();
            with_lists(row, side)
        })
        .collect())
}

// ----- sales stages ---------------------------------------------------------------------------

/// The stages of the sales process, in order (everyone reads them).
pub fn list_stages(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    list: &ListQuery,
) -> DomainResult<Page<SalesStage>> {
    ctx.principal
        .require(entities::SALES_STAGES, Action::Read)?;
    let (rows, total) = store::list_stage_rows(conn, Vec::new, list)?;
    Ok(Page::from_rows(rows, list, total, |r| {
        store::stage_sort_key(r, list.sort.field)
    }))
}

fn is_value_word(value: &str) -> bool {
    !value.is_empty()
        && value.len() <= 50
        && value
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// Adds a stage to the sales process.
pub fn create_stage(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    new: NewSalesStage,
) -> DomainResult<SalesStage> {
    ctx.principal
        .require(entities::SALES_STAGES, Action::Create)?;
    let mut v = Validator::new();
    let value = clean(new.value);
    let label = clean(new.label);
    v.required("value", value.as_deref());
    if value.as_deref().is_some_and(|x| !is_value_word(x)) {
        v.add(
            "value",
            "invalid_format",
            "value must be 1 to 50 lower-case letters, digits or _ (such as demo)",
        );
    }
    v.required_max("label", label.as_deref(), 100);
    if new.default_probability.is_none() {
        v.add(
            "default_probability",
            "required",
            "default_probability is required",
        );
    }
    v.range("default_probability", new.default_probability, 0, 100);
    v.range("sort_order", new.sort_order, 0, 1_000_000);
    v.finish()?;
    write_transaction(conn, |conn| {
        let value = value.unwrap_or_default();
        let taken = sales_stages::table
            .filter(sales_stages::value.eq(&value))
            .count()
            .get_result::<i64>(conn)?
            > 0;
        if taken {
            return Err(DomainError::conflict(format!(
                "the stage {value} exists already"
            )));
        }
        let sort_order = match new.sort_order {
            Some(order) => order,
            None => {
                sales_stages::table
                    .select(diesel::dsl::max(sales_stages::sort_order))
                    .get_result::<Option<i64>>(conn)?
                    .unwrap_or(0)
                    + 10
            }
        };
        let stage = SalesStage {
            id: SalesStageId::new(),
            value,
            label: label.unwrap_or_default(),
            sort_order,
            default_probability: new.default_probability.unwrap_or(0),
            is_active: true,
            created_at: ctx.now,
            updated_at: ctx.now,
            version: 1,
        };
        diesel::insert_into(sales_stages::table)
            .values((
                sales_stages::id.eq(&stage.id),
                sales_stages::value.eq(&stage.value),
                sales_stages::label.eq(&stage.label),
                sales_stages::sort_order.eq(stage.sort_order),
                sales_stages::default_probability.eq(stage.default_probability),
                sales_stages::is_active.eq(stage.is_active),
                sales_stages::created_at.eq(stage.created_at),
                sales_stages::updated_at.eq(stage.updated_at),
                sales_stages::version.eq(stage.version),
            ))
            .execute(conn)?;
        changes::log(conn, Some(ctx.actor()), ctx.now, None, Some(&stage))?;
        Ok(stage)
    })
}

/// Changes a stage's label, order, default probability or active flag.
pub fn update_stage(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &SalesStageId,
    patch: SalesStagePatch,
    if_match: Option<i64>,
) -> DomainResult<SalesStage> {
    ctx.principal
        .require(entities::SALES_STAGES, Action::Update)?;
    let mut v = Validator::new();
    // Sent as null, the label is cleared, which a stage cannot be: refused as required.
    let label = patch.label.map(clean);
    if let Some(label) = &label {
        v.required_max("label", label.as_deref(), 100);
    }
    if patch.default_probability == Some(None) {
        v.add(
            "default_probability",
            "required",
            "default_probability cannot be cleared",
        );
    }
    let default_probability = patch.default_probability.flatten();
    v.range("default_probability", default_probability, 0, 100);
    v.range("sort_order", patch.sort_order, 0, 1_000_000);
    v.finish()?;
    write_transaction(conn, |conn| {
        lock_for_update(conn, "sales_stages", id.as_str())?;
        let current = sales_stages::table
            .filter(sales_stages::id.eq(id))
            .select(SalesStage::as_select())
            .get_result(conn)
            .optional()?
            .ok_or(DomainError::not_found("sales stage"))?;
        check_version(if_match, current.version)?;
        let updated = SalesStage {
            label: label.flatten().unwrap_or_else(|| current.label.clone()),
            sort_order: patch.sort_order.unwrap_or(current.sort_order),
            default_probability: default_probability.unwrap_or(current.default_probability),
            is_active: patch.is_active.unwrap_or(current.is_active),
            updated_at: ctx.now,
            version: current.version + 1,
            ..current.clone()
        };
        let same = (
            &updated.label,
            updated.sort_order,
            updated.default_probability,
            updated.is_active,
        ) == (
            &current.label,
            current.sort_order,
            current.default_probability,
            current.is_active,
        );
        if same {
            return Ok(current);
        }
        if !updated.is_active {
            let active = sales_stages::table
                .filter(sales_stages::is_active.eq(true))
                .filter(sales_stages::id.ne(id))
                .count()
                .get_result::<i64>(conn)?;
            if active == 0 {
                return Err(DomainError::conflict(
                    "the sales process needs one active stage",
                ));
            }
        }
        diesel::update(sales_stages::table.filter(sales_stages::id.eq(id)))
            .set((
                sales_stages::label.eq(&updated.label),
                sales_stages::sort_order.eq(updated.sort_order),
                sales_stages::default_probability.eq(updated.default_probability),
                sales_stages::is_active.eq(updated.is_active),
                sales_stages::updated_at.eq(updated.updated_at),
                sales_stages::version.eq(updated.version),
            ))
            .execute(conn)?;
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

// ----- competitors ----------------------------------------------------------------------------

/// A page of competitors (everyone reads them).
pub fn list_competitors(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    list: &ListQuery,
) -> DomainResult<Page<Competitor>> {
    ctx.principal.require(entities::COMPETITORS, Action::Read)?;
    let (rows, total) = store::list_competitor_rows(conn, Vec::new, list)?;
    Ok(Page::from_rows(rows, list, total, |r| {
        store::competitor_sort_key(r, list.sort.field)
    }))
}

/// One competitor.
pub fn get_competitor(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &CompetitorId,
) -> DomainResult<Competitor> {
    ctx.principal.require(entities::COMPETITORS, Action::Read)?;
    store::find_competitor(conn, id)?.ok_or(DomainError::not_found("competitor"))
}

struct CompetitorValues {
    name: String,
    website: Option<String>,
    strengths: Option<String>,
    weaknesses: Option<String>,
}

fn competitor_values(
    conn: &mut AnyConnection,
    fields: CompetitorFields,
    this: Option<&CompetitorId>,
) -> DomainResult<CompetitorValues> {
    let mut v = Validator::new();
    let name = clean(fields.name);
    v.required_max("name", name.as_deref(), 160);
    let website = v.text("website", fields.website, 200);
    v.url("website", website.as_deref());
    let strengths = v.text("strengths", fields.strengths, 5_000);
    let weaknesses = v.text("weaknesses", fields.weaknesses, 5_000);
    if let Some(name) = &name {
        let lowered = name.to_lowercase();
        let taken: Vec<(CompetitorId, String)> = competitors::table
            .select((competitors::id, competitors::name))
            .load(conn)?;
        if taken
            .iter()
            .any(|(id, n)| n.to_lowercase() == lowered && Some(id) != this)
        {
            v.conflict(format!("a competitor named {name} exists already"));
        }
    }
    v.finish()?;
    Ok(CompetitorValues {
        name: name.unwrap_or_default(),
        website,
        strengths,
        weaknesses,
    })
}

/// Records a competitor.
pub fn create_competitor(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    fields: CompetitorFields,
) -> DomainResult<Competitor> {
    ctx.principal
        .require(entities::COMPETITORS, Action::Create)?;
    write_transaction(conn, |conn| {
        let values = competitor_values(conn, fields, None)?;
        let competitor = Competitor {
            id: CompetitorId::new(),
            name: values.name,
            website: values.website,
            strengths: values.strengths,
            weaknesses: values.weaknesses,
            created_by: Some(ctx.principal.user_id.clone()),
            updated_by: Some(ctx.principal.user_id.clone()),
            created_at: ctx.now,
            updated_at: ctx.now,
            version: 1,
        };
        diesel::insert_into(competitors::table)
            .values((
                competitors::id.eq(&competitor.id),
                competitors::name.eq(&competitor.name),
                competitors::website.eq(&competitor.website),
                competitors::strengths.eq(&competitor.strengths),
                competitors::weaknesses.eq(&competitor.weaknesses),
                competitors::created_by.eq(ctx.actor()),
                competitors::updated_by.eq(ctx.actor()),
                competitors::created_at.eq(ctx.now),
                competitors::updated_at.eq(ctx.now),
                competitors::version.eq(1),
            ))
            .execute(conn)?;
        changes::log(conn, Some(ctx.actor()), ctx.now, None, Some(&competitor))?;
        Ok(competitor)
    })
}

/// Changes a competitor.
pub fn update_competitor(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &CompetitorId,
    patch: CompetitorPatch,
    if_match: Option<i64>,
) -> DomainResult<Competitor> {
    ctx.principal
        .require(entities::COMPETITORS, Action::Update)?;
    write_transaction(conn, |conn| {
        lock_for_update(conn, "competitors", id.as_str())?;
        let current =
            store::find_competitor(conn, id)?.ok_or(DomainError::not_found("competitor"))?;
        let mut fields = current.fields();
        patch.apply_to(&mut fields);
        if fields == current.fields() {
            check_version(if_match, current.version)?;
            return Ok(current);
        }
        let values = competitor_values(conn, fields, Some(id))?;
        check_version(if_match, current.version)?;
        let updated = Competitor {
            name: values.name,
            website: values.website,
            strengths: values.strengths,
            weaknesses: values.weaknesses,
            updated_by: Some(ctx.principal.user_id.clone()),
            updated_at: ctx.now,
            version: current.version + 1,
            ..current.clone()
        };
        diesel::update(competitors::table.filter(competitors::id.eq(id)))
            .set((
                competitors::name.eq(&updated.name),
                competitors::website.eq(&updated.website),
                competitors::strengths.eq(&updated.strengths),
                competitors::weaknesses.eq(&updated.weaknesses),
                competitors::updated_by.eq(ctx.actor()),
                competitors::updated_at.eq(ctx.now),
                competitors::version.eq(updated.version),
            ))
            .execute(conn)?;
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

/// Deletes a competitor no lost opportunity names as its winner (deals that met it forget it).
pub fn delete_competitor(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &CompetitorId,
    if_match: Option<i64>,
) -> DomainResult<()> {
    ctx.principal
        .require(entities::COMPETITORS, Action::Delete)?;
    write_transaction(conn, |conn| {
        let current =
            store::find_competitor(conn, id)?.ok_or(DomainError::not_found("competitor"))?;
        check_version(if_match, current.version)?;
        let won = opportunities::table
            .filter(opportunities::winning_competitor_id.eq(id))
            .count()
            .get_result::<i64>(conn)?;
        if won > 0 {
            return Err(DomainError::conflict(format!(
                "{} won {won} opportunities; their loss records keep it",
                current.name
            )));
        }
        diesel::delete(
            crm_db::schema::opportunity_competitors::table
                .filter(crm_db::schema::opportunity_competitors::competitor_id.eq(id)),
        )
        .execute(conn)?;
        diesel::delete(competitors::table.filter(competitors::id.eq(id))).execute(conn)?;
        changes::log(conn, Some(ctx.actor()), ctx.now, Some(&current), None)?;
        Ok(())
    })
}

// ----- opportunities --------------------------------------------------------------------------

/// A page of the opportunities the caller may read, with their side lists.
pub fn list_opportunities(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    list: &ListQuery,
) -> DomainResult<Page<Opportunity>> {
    let scope = ctx
        .principal
        .require(entities::OPPORTUNITIES, Action::Read)?;
    let (rows, total) =
        store::list_opportunities(conn, || store::visible_opportunities(&scope), list)?;
    let page = Page::from_rows(rows, list, total, |r| {
        store::opportunity_sort_key(r, list.sort.field)
    });
    let next_cursor = page.next_cursor.clone();
    let total = page.total;
    let data = complete(conn, page.data)?;
    Ok(Page {
        data,
        next_cursor,
        total,
    })
}

/// One opportunity, if the caller may read it.
pub fn get_opportunity(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &OpportunityId,
) -> DomainResult<Opportunity> {
    let scope = ctx
        .principal
        .require(entities::OPPORTUNITIES, Action::Read)?;
    read(conn, &scope, id)
}

fn read(
    conn: &mut AnyConnection,
    scope: &AccessScope,
    id: &OpportunityId,
) -> DomainResult<Opportunity> {
    let row =
        store::find_opportunity(conn, scope, id)?.ok_or(DomainError::not_found(OPPORTUNITY))?;
    Ok(complete(conn, vec![row])?.remove(0))
}

/// Validates fields into values and side lists, listing every failing field. `current` is the
/// opportunity being changed (a stage it holds stays valid after being retired);
/// `probability_sent` says whether the caller chose the probability (otherwise a new stage
/// brings its own).
fn opportunity_values(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    fields: OpportunityFields,
    current: Option<&Opportunity>,
    probability_sent: bool,
) -> DomainResult<(OpportunityValues, SideLists)> {
    let mut v = Validator::new();
    let name = clean(fields.name);
    v.required_max("name", name.as_deref(), 200);
    let description = v.text("description", fields.description, 10_000);

    if let Some(account) = &fields.account_id
        && current.and_then(|c| c.account_id.as_ref()) != Some(account)
        && crm_accounts::service::get_account(conn, ctx, account).is_err()
    {
        v.add(
            "account_id",
            "not_found",
            "account_id names no account you can see",
        );
    }
    if let Some(contact) = &fields.contact_id
        && current.and_then(|c| c.contact_id.as_ref()) != Some(contact)
        && crm_accounts::service::get_contact(conn, ctx, contact).is_err()
    {
        v.add(
            "contact_id",
            "not_found",
            "contact_id names no contact you can see",
        );
    }

    let (estimated_revenue, currency) = v.money(
        "estimated_revenue",
        fields.estimated_revenue,
        fields.currency,
    );

    let stages = store::all_stages(conn)?;
    let active: Vec<&SalesStage> = stages.iter().filter(|s| s.is_active).collect();
    let stage_value = clean(fields.stage).or_else(|| active.first().map(|s| s.value.clone()));
    let stage = stage_value.as_deref().and_then(|value| {
        stages.iter().find(|s| {
            s.value == value && (s.is_active || current.is_some_and(|c| c.stage == value))
        })
    });
    if stage.is_none() {
        let words: Vec<&str> = active.iter().map(|s| s.value.as_str()).collect();
        v.add(
            "stage",
            "invalid_value",
            format!("stage must be one of {}", words.join(", ")),
        );
    }
    let stage_changed = current.is_none_or(|c| Some(c.stage.as_str()) != stage_value.as_deref());
    let probability = match (fields.probability, stage) {
        (Some(p), _) if probability_sent || !stage_changed => p,
        (_, Some(stage)) => stage.default_probability,
        (Some(p), None) => p,
        (None, None) => 0,
    };
    v.range("probability", Some(probability), 0, 100);

    let key_people = fields.key_people.unwrap_or_default();
    let mut seen = HashSet::new();
    for (i, person) in key_people.iter().enumerate() {
        let field = format!("key_people[{i}]");
        if !seen.insert(person.contact_id.clone()) {
            v.add(
                &field,
                "repeated",
                "a contact is listed once among the key people",
            );
        } else if crm_accounts::service::get_contact(conn, ctx, &person.contact_id).is_err() {
            v.add(
                &field,
                "not_found",
                "contact_id names no contact you can see",
            );
        }
        v.max_len(&format!("{field}.role"), person.role.as_deref(), 100);
    }
    let competitor_ids = fields.competitor_ids.unwrap_or_default();
    let mut seen = HashSet::new();
    for (i, id) in competitor_ids.iter().enumerate() {
        let field = format!("competitor_ids[{i}]");
        if !seen.insert(id.clone()) {
            v.add(&field, "repeated", "a competitor is listed once");
        } else if store::find_competitor(conn, id)?.is_none() {
            v.add(&field, "not_found", "names no competitor");
        }
    }
    let revenue_split = fields.revenue_split.unwrap_or_default();
    check_split(conn, &mut v, &revenue_split)?;
    v.finish()?;
    Ok((
        OpportunityValues {
            name: name.unwrap_or_default(),
            account_id: fields.account_id,
            contact_id: fields.contact_id,
            description,
            estimated_revenue,
            currency,
            estimated_close_date: fields.estimated_close_date,
            stage: stage_value.unwrap_or_default(),
            probability,
        },
        (key_people, competitor_ids, revenue_split),
    ))
}

/// The shares of a revenue split: active sales people, once each, 1 to 100 percent, adding up to
/// 100.
fn check_split(
    conn: &mut AnyConnection,
    v: &mut Validator,
    split: &[RevenueShare],
) -> DomainResult<()> {
    let mut seen: HashSet<UserId> = HashSet::new();
    for (i, share) in split.iter().enumerate() {
        let field = format!("revenue_split[{i}]");
        if !seen.insert(share.user_id.clone()) {
            v.add(&field, "repeated", "a sales person has one share");
        } else if crm_identity::service::users::owner_unit(conn, share.user_id.as_str())?.is_none()
        {
            v.add(&field, "not_found", "user_id names no active user");
        }
        if !(1..=100).contains(&share.share_percent) {
            v.add(
                &format!("{field}.share_percent"),
                "out_of_range",
                "share_percent must be 1 to 100",
            );
        }
    }
    let total: i64 = split.iter().map(|s| s.share_percent).sum();
    if !split.is_empty() && total != 100 {
        v.add(
            "revenue_split",
            "sum",
            format!("the shares add up to {total}, not 100"),
        );
    }
    Ok(())
}

/// Creates an opportunity owned by the caller (in its stage's probability unless given).
pub fn create_opportunity(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    fields: OpportunityFields,
) -> DomainResult<Opportunity> {
    create(conn, ctx, fields, None)
}

/// Creates the opportunity a lead is qualified into (called by the lead's qualification, in its
/// transaction).
pub fn create_for_lead(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    fields: OpportunityFields,
    lead: &LeadId,
) -> DomainResult<Opportunity> {
    create(conn, ctx, fields, Some(lead))
}

fn create(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    fields: OpportunityFields,
    lead: Option<&LeadId>,
) -> DomainResult<Opportunity> {
    ctx.principal
        .require(entities::OPPORTUNITIES, Action::Create)?;
    let probability_sent = fields.probability.is_some();
    write_transaction(conn, |conn| {
        let (values, lists) = opportunity_values(conn, ctx, fields, None, probability_sent)?;
        let id = OpportunityId::new();
        let owner = OwnerId::from(ctx.principal.user_id.clone());
        let row = store::insert_opportunity(
            conn,
            &id,
            &values,
            lead,
            (&owner, &ctx.principal.business_unit_id),
            ctx.actor(),
            ctx.now,
        )?;
        store::set_side_lists(conn, &id, &lists)?;
        let opportunity = with_lists(row, lists);
        changes::log(conn, Some(ctx.actor()), ctx.now, None, Some(&opportunity))?;
        Ok(opportunity)
    })
}

fn for_change(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &OpportunityId,
    action: Action,
) -> DomainResult<Opportunity> {
    let read_scope = ctx
        .principal
        .require(entities::OPPORTUNITIES, Action::Read)?;
    let act = ctx.principal.require(entities::OPPORTUNITIES, action)?;
    lock_for_update(conn, "opportunities", id.as_str())?;
    let current = read(conn, &read_scope, id)?;
    if !act.allows(current.owner_id.as_str(), current.business_unit_id.as_str()) {
        return Err(DomainError::forbidden(
            entities::OPPORTUNITIES,
            action.as_str(),
        ));
    }
    Ok(current)
}

fn logged(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    before: &Opportunity,
    row: Option<OpportunityRow>,
    lists: SideLists,
) -> DomainResult<Opportunity> {
    let row = row.ok_or(DomainError::conflict(
        "the opportunity changed while it was being saved; try again",
    ))?;
    let after = with_lists(row, lists);
    changes::log(conn, Some(ctx.actor()), ctx.now, Some(before), Some(&after))?;
    Ok(after)
}

/// Changes the fields a patch sends; a new stage brings its default probability unless one is
/// sent.
pub fn update_opportunity(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &OpportunityId,
    patch: OpportunityPatch,
    if_match: Option<i64>,
) -> DomainResult<Opportunity> {
    let probability_sent = patch.probability.is_some();
    write_transaction(conn, |conn| {
        let current = for_change(conn, ctx, id, Action::Update)?;
        lifecycle::edit(current.status)?;
        let mut fields = current.fields();
        patch.apply_to(&mut fields);
        if fields == current.fields() {
            check_version(if_match, current.version)?;
            return Ok(current);
        }
        let (values, lists) =
            opportunity_values(conn, ctx, fields, Some(&current), probability_sent)?;
        check_version(if_match, current.version)?;
        let stage_changed_at = if values.stage == current.stage {
            current.stage_changed_at
        } else {
            ctx.now
        };
        let row = store::update_opportunity(
            conn,
            id,
            current.version,
            &values,
            stage_changed_at,
            ctx.actor(),
            ctx.now,
        )?;
        store::set_side_lists(conn, id, &lists)?;
        logged(conn, ctx, &current, row, lists)
    })
}

/// Closes an open opportunity as won.
pub fn win_opportunity(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &OpportunityId,
    win: Win,
    if_match: Option<i64>,
) -> DomainResult<Opportunity> {
    write_transaction(conn, |conn| {
        let current = for_change(conn, ctx, id, Action::Update)?;
        let status = lifecycle::win(current.status)?;
        let mut v = Validator::new();
        let given = clean(win.currency).map(|c| c.to_ascii_uppercase());
        if let Some(code) = &given {
            if let Err(e) = check_currency(code) {
                v.add("currency", "invalid_value", format!("currency: {e}"));
            } else if current.currency.as_ref().is_some_and(|c| c != code) {
                v.add(
                    "currency",
                    "mismatch",
                    "the opportunity's money is in its own currency; send the revenue in it",
                );
            }
        }
        let currency = current.currency.clone().or(given);
        let actual_revenue = match clean(win.actual_revenue) {
            None => current
                .estimated_revenue
                .as_deref()
                .zip(current.currency.as_deref())
                .and_then(|(a, c)| parse_amount(a, c).ok()),
            Some(amount) => match currency.as_deref() {
                None => {
                    v.add(
                        "currency",
                        "required",
                        "currency is required with actual_revenue (the opportunity has none)",
                    );
                    None
                }
                Some(code) => match parse_amount(&amount, code) {
                    Ok(minor) if minor >= 0 => Some(minor),
                    Ok(_) => {
                        v.add(
                            "actual_revenue",
                            "out_of_range",
                            "actual_revenue cannot be negative",
                        );
                        None
                    }
                    Err(e) => {
                        v.add(
                            "actual_revenue",
                            "invalid_format",
                            format!("actual_revenue: {e}"),
                        );
                        None
                    }
                },
            },
        };
        v.finish()?;
        check_version(if_match, current.version)?;
        let closing = Closing {
            currency,
            status: status.as_str(),
            actual_revenue,
            actual_close_date: Some(
                win.actual_close_date
                    .unwrap_or_else(|| ctx.now.naive().date()),
            ),
            loss_reason: None,
            winning_competitor_id: None,
            closed_at: Some(ctx.now),
        };
        let row = store::set_closing(conn, id, current.version, &closing, ctx.actor(), ctx.now)?;
        let lists = (
            current.key_people.clone(),
            current.competitor_ids.clone(),
            current.revenue_split.clone(),
        );
        logged(conn, ctx, &current, row, lists)
    })
}

/// Closes an open opportunity as lost: the reason is required (the lesson learned), the winning
/// competitor optional.
pub fn lose_opportunity(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &OpportunityId,
    loss: Loss,
    if_match: Option<i64>,
) -> DomainResult<Opportunity> {
    write_transaction(conn, |conn| {
        let current = for_change(conn, ctx, id, Action::Update)?;
        let status = lifecycle::lose(current.status)?;
        let mut v = Validator::new();
        let reason = clean(loss.reason);
        v.required("reason", reason.as_deref());
        v.max_len("reason", reason.as_deref(), 2_000);
        if let Some(competitor) = &loss.competitor_id
            && store::find_competitor(conn, competitor)?.is_none()
        {
            v.add(
                "competitor_id",
                "not_found",
                "competitor_id names no competitor",
            );
        }
        v.finish()?;
        check_version(if_match, current.version)?;
        let closing = Closing {
            currency: current.currency.clone(),
            status: status.as_str(),
            actual_revenue: None,
            actual_close_date: Some(
                loss.actual_close_date
                    .unwrap_or_else(|| ctx.now.naive().date()),
            ),
            loss_reason: reason,
            winning_competitor_id: loss.competitor_id,
            closed_at: Some(ctx.now),
        };
        let row = store::set_closing(conn, id, current.version, &closing, ctx.actor(), ctx.now)?;
        let lists = (
            current.key_people.clone(),
            current.competitor_ids.clone(),
            current.revenue_split.clone(),
        );
        logged(conn, ctx, &current, row, lists)
    })
}

/// Reopens a won or lost opportunity: it is open again, its closing cleared (the history keeps
/// it).
pub fn reopen_opportunity(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &OpportunityId,
    if_match: Option<i64>,
) -> DomainResult<Opportunity> {
    write_transaction(conn, |conn| {
        let current = for_change(conn, ctx, id, Action::Update)?;
        let status = lifecycle::reopen(current.status)?;
        check_version(if_match, current.version)?;
        let closing = Closing {
            currency: current.currency.clone(),
            status: status.as_str(),
            actual_revenue: None,
            actual_close_date: None,
            loss_reason: None,
            winning_competitor_id: None,
            closed_at: None,
        };
        let row = store::set_closing(conn, id, current.version, &closing, ctx.actor(), ctx.now)?;
        let lists = (
            current.key_people.clone(),
            current.competitor_ids.clone(),
            current.revenue_split.clone(),
        );
        logged(conn, ctx, &current, row, lists)
    })
}

/// Deletes an opportunity.
pub fn delete_opportunity(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &OpportunityId,
    if_match: Option<i64>,
) -> DomainResult<()> {
    write_transaction(conn, |conn| {
        let current = for_change(conn, ctx, id, Action::Delete)?;
        check_version(if_match, current.version)?;
        crm_db::ownership::refuse_if_linked(
            conn,
            entities::OPPORTUNITIES,
            id.as_str(),
            "opportunity",
        )?;
        if !store::delete_opportunity(conn, id, current.version)? {
            return Err(DomainError::conflict(
                "the opportunity changed while it was being deleted; try again",
            ));
        }
        changes::log(conn, Some(ctx.actor()), ctx.now, Some(&current), None)?;
        Ok(())
    })
}

/// Gives an opportunity to another owner; it moves to the owner's business unit.
pub fn assign_opportunity(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &OpportunityId,
    assignment: Assignment,
    if_match: Option<i64>,
) -> DomainResult<Opportunity> {
    write_transaction(conn, |conn| {
        let current = for_change(conn, ctx, id, Action::Assign)?;
        check_version(if_match, current.version)?;
        let unit: BusinessUnitId = crm_identity::service::users::require_owner_unit(
            conn,
            assignment.owner_id.as_str(),
            "owner_id",
        )?;
        if current.owner_id == assignment.owner_id && current.business_unit_id == unit {
            return Ok(current);
        }
        let row = store::set_owner(
            conn,
            id,
            current.version,
            (&assignment.owner_id, &unit),
            ctx.actor(),
            ctx.now,
        )?;
        let lists = (
            current.key_people.clone(),
            current.competitor_ids.clone(),
            current.revenue_split.clone(),
        );
        logged(conn, ctx, &current, row, lists)
    })
}

/// The change history of an opportunity the caller may read, newest first.
pub fn opportunity_history(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &OpportunityId,
    list: &ListQuery,
) -> DomainResult<Page<Change>> {
    get_opportunity(conn, ctx, id)?;
    Ok(changes::history(
        conn,
        entities::OPPORTUNITIES,
        id.as_str(),
        list,
    )?)
}

/// Key people for a new opportunity, from the contact it is for.
pub fn key_person(contact: &crm_core::id::ContactId) -> KeyPerson {
    KeyPerson {
        contact_id: contact.clone(),
        role: None,
    }
}
