//! Users: created and managed by those with the privilege over their business unit; personal
//! details kept by the users themselves; moved between managers and units in bulk.

use std::collections::BTreeSet;

use crm_core::changes::{Change, Recordable};
use crm_core::id::{BusinessUnitId, RoleId, UserId};
use crm_core::list::{ListQuery, Page};
use crm_core::secret::Secret;
use crm_core::security::{AccessScope, Action, Ctx, entities};
use crm_core::validate::{Validator, clean, is_email};
use crm_core::{DomainError, DomainResult};
use crm_db::tree::{self, Hierarchy};
use crm_db::{AnyConnection, changes, lock_for_update, write_transaction};
use serde_json::json;

use crate::model::{
    NewUser, ReassignUsers, SecurityEventKind, User, UserDetail, UserFields, UserPatch, UserValues,
};
use crate::password;
use crate::service::{audit, auth, check_version, require_within, roles};
use crate::store::{self, units, users};

const USER: &str = "user";

impl Recordable for UserDetail {
    const ENTITY: &'static str = entities::USERS;
    fn record_id(&self) -> &str {
        self.user.record_id()
    }
    fn owner_id(&self) -> Option<&str> {
        self.user.owner_id()
    }
    fn business_unit_id(&self) -> Option<&str> {
        self.user.business_unit_id()
    }
}

/// A page of users (every user reads every user).
pub fn list_users(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    list: &ListQuery,
) -> DomainResult<Page<User>> {
    ctx.principal.require(entities::USERS, Action::Read)?;
    let (rows, total) = users::list_users(conn, Vec::new, list)?;
    Ok(Page::from_rows(rows, list, total, |r| {
        users::user_sort_key(r, list.sort.field)
    }))
}

fn detail(conn: &mut AnyConnection, user: User) -> DomainResult<UserDetail> {
    let role_ids = users::role_ids(conn, &user.id)?;
    let team_ids = users::team_ids(conn, &user.id)?;
    Ok(UserDetail {
        user,
        role_ids,
        team_ids,
    })
}

/// One user, with their roles and teams.
pub fn get_user(conn: &mut AnyConnection, ctx: &Ctx, id: &UserId) -> DomainResult<UserDetail> {
    ctx.principal.require(entities::USERS, Action::Read)?;
    let user = store::user(conn, id)?.ok_or(DomainError::not_found(USER))?;
    detail(conn, user)
}

/// The change history of a user.
pub fn user_history(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &UserId,
    list: &ListQuery,
) -> DomainResult<Page<Change>> {
    get_user(conn, ctx, id)?;
    Ok(changes::history(conn, entities::USERS, id.as_str(), list)?)
}

/// Checks the fields of a user; `this` is the user being changed (none for a creation).
fn user_values(
    conn: &mut AnyConnection,
    fields: UserFields,
    this: Option<&UserId>,
    v: &mut Validator,
) -> DomainResult<UserValues> {
    let email = clean(fields.email).map(|e| e.to_lowercase());
    v.required("email", email.as_deref());
    if let Some(email) = &email {
        if !is_email(email) {
            v.add(
                "email",
                "invalid_format",
                "email must be an email address such as name@example.com",
            );
        } else if users::id_by_email(conn, email)?.is_some_and(|owner| Some(&owner) != this) {
            v.conflict(format!("{email} is already the email of another user"));
        }
    }
    let full_name = clean(fields.full_name);
    v.required_max("full_name", full_name.as_deref(), 160);
    let job_title = v.text("job_title", fields.job_title, 100);
    let phone = v.text("phone", fields.phone, 40);
    v.phone("phone", phone.as_deref());
    let mobile_phone = v.text("mobile_phone", fields.mobile_phone, 40);
    v.phone("mobile_phone", mobile_phone.as_deref());
    let address_line1 = v.text("address_line1", fields.address_line1, 200);
    let address_line2 = v.text("address_line2", fields.address_line2, 200);
    let city = v.text("city", fields.city, 100);
    let region = v.text("region", fields.region, 100);
    let postal_code = v.text("postal_code", fields.postal_code, 20);
    let country = v.text("country", fields.country, 100);
    match &fields.business_unit_id {
        None => v.add(
            "business_unit_id",
            "required",
            "business_unit_id is required",
        ),
        Some(unit) if units::find_unit(conn, unit)?.is_none() => v.add(
            "business_unit_id",
            "not_found",
            "business_unit_id names no business unit",
        ),
        Some(_) => {}
    }
    if let Some(manager) = &fields.manager_id {
        check_manager(conn, v, "manager_id", manager, this)?;
    }
    Ok(UserValues {
        email: email.unwrap_or_default(),
        full_name: full_name.unwrap_or_default(),
        job_title,
        phone,
        mobile_phone,
        address_line1,
        address_line2,
        city,
        region,
        postal_code,
        country,
        business_unit_id: fields
            .business_unit_id
            .unwrap_or_else(|| BusinessUnitId::from_trusted(String::new())),
        manager_id: fields.manager_id,
        is_active: fields.is_active.unwrap_or(true),
    })
}

/// A manager must be an active user, and not the user or anyone below them (no cycles).
fn check_manager(
    conn: &mut AnyConnection,
    v: &mut Validator,
    field: &str,
    manager: &UserId,
    this: Option<&UserId>,
) -> DomainResult<()> {
    if this == Some(manager) {
        v.add(field, "cycle", "a user cannot be their own manager");
        return Ok(());
    }
    match store::user(conn, manager)? {
        None => v.add(field, "not_found", format!("{field} names no user")),
        Some(m) if !m.is_active => {
            v.add(field, "inactive", format!("{field} names a disabled user"))
        }
        Some(_) => {
            if let Some(this) = this
                && tree::below(conn, Hierarchy::Reports, this.as_str())?
                    .iter()
                    .any(|report| report == manager.as_str())
            {
                v.add(
                    field,
                    "cycle",
                    format!("{field} reports to this user; managers cannot form a circle"),
                );
            }
        }
    }
    Ok(())
}

/// Checks roles to give: they must exist, and the caller must hold at least as much as each
/// (only a system administrator gives the System Administrator role).
fn check_roles(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    v: &mut Validator,
    role_ids: &[RoleId],
) -> DomainResult<()> {
    let distinct: BTreeSet<&RoleId> = role_ids.iter().collect();
    let details = roles::details_of(
        conn,
        &distinct.iter().map(|r| (*r).clone()).collect::<Vec<_>>(),
    )?;
    if details.len() != distinct.len() {
        v.add(
            "role_ids",
            "not_found",
            "role_ids names a role that does not exist",
        );
        return Ok(());
    }
    for role in details {
        if role.role.is_system_admin && !ctx.principal.is_system_admin {
            return Err(DomainError::forbidden(
                "roles",
                "assign the System Administrator role",
            ));
        }
        if !ctx.principal.covers(&role.privileges) {
            return Err(DomainError::forbidden(
                "roles",
                format!(
                    "assign {}, whose privileges reach further than your own",
                    role.role.name
                ),
            ));
        }
    }
    Ok(())
}

/// Whether the caller may place a user in a unit (create there or move there).
fn require_unit(scope: &AccessScope, unit: &BusinessUnitId, action: Action) -> DomainResult<()> {
    require_within(scope, "", unit.as_str(), entities::USERS, action)
}

/// Creates a user in a business unit the caller manages.
pub fn create_user(conn: &mut AnyConnection, ctx: &Ctx, new: NewUser) -> DomainResult<UserDetail> {
    let scope = ctx.principal.require(entities::USERS, Action::Create)?;
    if let Some(unit) = &new.business_unit_id {
        require_unit(&scope, unit, Action::Create)?;
    }
    let password = new.password.clone();
    let role_ids = new.role_ids.clone();
    let fields = UserFields {
        email: new.email,
        full_name: new.full_name,
        job_title: new.job_title,
        phone: new.phone,
        mobile_phone: new.mobile_phone,
        address_line1: new.address_line1,
        address_line2: new.address_line2,
        city: new.city,
        region: new.region,
        postal_code: new.postal_code,
        country: new.country,
        business_unit_id: new.business_unit_id,
        manager_id: new.manager_id,
        is_active: Some(true),
        role_ids: Some(new.role_ids),
    };
    write_transaction(conn, |conn| {
        let mut v = Validator::new();
        let values = user_values(conn, fields, None, &mut v)?;
        match &password {
            None => v.add("password", "required", "password is required"),
            Some(p) => password::check(&mut v, "password", p.expose()),
        }
        check_roles(conn, ctx, &mut v, &role_ids)?;
        v.finish()?;
        let hash = password::hash(password.as_ref().map(Secret::expose).unwrap_or_default())?;
        let id = UserId::new();
        let user = users::insert_user(conn, &id, &values, &hash, Some(ctx.actor()), ctx.now)?;
        users::set_role_ids(conn, &id, &dedup(&role_ids))?;
        let created = detail(conn, user)?;
        changes::log(conn, Some(ctx.actor()), ctx.now, None, Some(&created))?;
        if !created.role_ids.is_empty() {
            audit::record_by(
                conn,
                ctx,
                SecurityEventKind::RolesAssigned,
                Some(id.as_str()),
                json!({ "role_ids": created.role_ids }),
            )?;
        }
        Ok(created)
    })
}

fn dedup(ids: &[RoleId]) -> Vec<RoleId> {
    ids.iter()
        .cloned()
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect()
}

/// Changes a user. The user changes their own phones and address; the rest needs the privilege
/// to update users reaching them (and, to move them, reaching the new unit).
pub fn update_user(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &UserId,
    patch: UserPatch,
    if_match: Option<i64>,
) -> DomainResult<UserDetail> {
    write_transaction(conn, |conn| {
        lock_for_update(conn, "users", id.as_str())?;
        let current = get_user(conn, ctx, id)?;
        let personal = patch.is_personal() && ctx.principal.user_id == *id;
        if !personal {
            let scope = ctx.principal.require(entities::USERS, Action::Update)?;
            require_within(
                &scope,
                id.as_str(),
                current.user.business_unit_id.as_str(),
                entities::USERS,
                Action::Update,
            )?;
            if let Some(Some(unit)) = &patch.business_unit_id
                && *unit != current.user.business_unit_id
            {
                require_unit(&scope, unit, Action::Update)?;
            }
        }
        if patch.is_active == Some(Some(false)) && ctx.principal.user_id == *id {
            return Err(DomainError::conflict(
                "you cannot disable yourself; ask another administrator",
            ));
        }
        check_version(if_match, current.user.version)?;
        let mut fields = current.fields();
        let roles_changed = patch.role_ids.is_some();
        patch.apply_to(&mut fields);
        if fields == current.fields() {
            return Ok(current);
        }
        let role_ids = dedup(fields.role_ids.clone().unwrap_or_default().as_slice());
        let mut v = Validator::new();
        let values = user_values(conn, fields, Some(id), &mut v)?;
        if roles_changed && role_ids != current.role_ids {
            check_roles(conn, ctx, &mut v, &role_ids)?;
        }
        v.finish()?;
        let user = users::update_user(
            conn,
            id,
            current.user.version,
            &values,
            ctx.actor(),
            ctx.now,
        )?
        .ok_or(DomainError::conflict(
            "the user changed while it was being saved; try again",
        ))?;
        if role_ids != current.role_ids {
            users::set_role_ids(conn, id, &role_ids)?;
            audit::record_by(
                conn,
                ctx,
                SecurityEventKind::RolesAssigned,
                Some(id.as_str()),
                json!({ "role_ids": role_ids }),
            )?;
        }
        if current.user.is_active != user.is_active {
            let kind = if user.is_active {
                SecurityEventKind::UserEnabled
            } else {
                store::revoke_user_tokens(conn, id, ctx.now)?;
                SecurityEventKind::UserDisabled
            };
            audit::record_by(conn, ctx, kind, Some(id.as_str()), json!({}))?;
        }
        let updated = detail(conn, user)?;
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

/// Moves users to a new manager and/or business unit in one transaction: all move, or none.
pub fn reassign(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    request: ReassignUsers,
) -> DomainResult<Vec<User>> {
    let scope = ctx.principal.require(entities::USERS, Action::Update)?;
    let mut v = Validator::new();
    if request.user_ids.is_empty() {
        v.add(
            "user_ids",
            "required",
            "user_ids must name at least one user",
        );
    }
    if request.manager_id.is_none() && request.business_unit_id.is_none() {
        v.add(
            "manager_id",
            "required",
            "give a manager_id, a business_unit_id, or both",
        );
    }
    v.finish()?;
    if let Some(unit) = &request.business_unit_id {
        require_unit(&scope, unit, Action::Update)?;
    }
    write_transaction(conn, |conn| {
        let mut v = Validator::new();
        if let Some(unit) = &request.business_unit_id
            && units::find_unit(conn, unit)?.is_none()
        {
            v.add(
                "business_unit_id",
                "not_found",
                "business_unit_id names no business unit",
            );
        }
        let ids: Vec<UserId> = request
            .user_ids
            .iter()
            .cloned()
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let found = users::users_by_ids(conn, &ids)?;
        if found.len() != ids.len() {
            v.add(
                "user_ids",
                "not_found",
                "user_ids names a user that does not exist",
            );
        }
        for user in &found {
            require_within(
                &scope,
                user.id.as_str(),
                user.business_unit_id.as_str(),
                entities::USERS,
                Action::Update,
            )?;
            if let Some(Some(manager)) = &request.manager_id {
                check_manager(conn, &mut v, "manager_id", manager, Some(&user.id))?;
            }
        }
        v.finish()?;
        let mut moved = Vec::with_capacity(found.len());
        for user in found {
            let before = detail(conn, user.clone())?;
            let mut fields = before.fields();
            if let Some(manager) = &request.manager_id {
                fields.manager_id = manager.clone();
            }
            if let Some(unit) = &request.business_unit_id {
                fields.business_unit_id = Some(unit.clone());
            }
            let mut v = Validator::new();
            let values = user_values(conn, fields, Some(&user.id), &mut v)?;
            v.finish()?;
            let updated =
                users::update_user(conn, &user.id, user.version, &values, ctx.actor(), ctx.now)?
                    .ok_or(DomainError::conflict(
                        "a user changed while the move was saved; try again",
                    ))?;
            let after = detail(conn, updated.clone())?;
            changes::log(
                conn,
                Some(ctx.actor()),
                ctx.now,
                Some(&before),
                Some(&after),
            )?;
            moved.push(updated);
        }
        Ok(moved)
    })
}

/// An administrator sets a user's password (their sessions are signed out).
pub fn reset_password(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: &UserId,
    new: &Secret,
) -> DomainResult<()> {
    let scope = ctx.principal.require(entities::USERS, Action::Update)?;
    let user = store::user(conn, id)?.ok_or(DomainError::not_found(USER))?;
    require_within(
        &scope,
        id.as_str(),
        user.business_unit_id.as_str(),
        entities::USERS,
        Action::Update,
    )?;
    if *id == ctx.principal.user_id {
        // Whoever holds a stolen session must not take the account over without the password.
        return Err(DomainError::Conflict {
            detail: "your own password is changed at /api/v1/me/password, which asks for the \
                     current one"
                .into(),
        });
    }
    let mut v = Validator::new();
    password::check(&mut v, "new_password", new.expose());
    v.finish()?;
    auth::set_password(conn, ctx, id, new)
}

/// The business unit of a new owner (an active user or a team), or a validation error on
/// `field` naming what was wrong.
pub fn require_owner_unit(
    conn: &mut AnyConnection,
    owner_id: &str,
    field: &str,
) -> DomainResult<BusinessUnitId> {
    owner_unit(conn, owner_id)?.ok_or_else(|| {
        DomainError::invalid(
            field,
            "not_found",
            format!("{field} names no active user or team"),
        )
    })
}

/// The business unit of an owner (an active user, or a team), for giving them a record.
pub fn owner_unit(
    conn: &mut AnyConnection,
    owner_id: &str,
) -> DomainResult<Option<BusinessUnitId>> {
    if let Ok(user_id) = UserId::parse(owner_id)
        && let Some(user) = store::user(conn, &user_id)?
    {
        return Ok(user.is_active.then_some(user.business_unit_id));
    }
    if let Ok(team_id) = crm_core::id::TeamId::parse(owner_id)
        && let Some(team) = store::teams::find_team(conn, &team_id)?
    {
        return Ok(Some(team.business_unit_id));
    }
    Ok(None)
}
