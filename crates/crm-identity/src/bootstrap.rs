//! First start: on a database without users, create the organization (the root business unit),
//! the System Administrator role and the administrator.

use crm_core::changes::{Operation, diff};
use crm_core::id::{BusinessUnitId, RoleId, UserId};
use crm_core::security::entities;
use crm_core::validate::{Validator, is_email};
use crm_core::{DomainResult, Timestamp};
use crm_db::changes::{self, NewChange};
use crm_db::schema::{business_units, roles, user_roles, users};
use crm_db::{AnyConnection, write_transaction};
use diesel::prelude::*;

use crate::password;
use crate::store;

/// What the first start was told.
#[derive(Debug, Clone)]
pub struct FirstStart {
    /// The organization's name.
    pub organization_name: String,
    /// The administrator's email (`CRM_ADMIN_EMAIL`).
    pub admin_email: String,
    /// The administrator's password (`CRM_ADMIN_PASSWORD`); generated when absent.
    pub admin_password: Option<String>,
}

/// What the first start created.
#[derive(Debug, Clone)]
pub struct Created {
    /// The administrator's email.
    pub admin_email: String,
    /// The password, when it was generated (to be printed once).
    pub generated_password: Option<String>,
}

/// Creates the organization and its administrator if the database has no user yet.
pub fn ensure_organization(
    conn: &mut AnyConnection,
    first: &FirstStart,
    now: Timestamp,
) -> DomainResult<Option<Created>> {
    let email = first.admin_email.trim().to_lowercase();
    let mut v = Validator::new();
    if !is_email(&email) {
        v.add(
            "CRM_ADMIN_EMAIL",
            "invalid_format",
            "CRM_ADMIN_EMAIL must be an email address",
        );
    }
    if let Some(pw) = &first.admin_password {
        password::check(&mut v, "CRM_ADMIN_PASSWORD", pw);
    }
    v.required_max("CRM_ORGANIZATION_NAME", Some(&first.organization_name), 160);

    write_transaction(conn, |conn| {
        if store::count_users(conn)? > 0 {
            return Ok(None);
        }
        v.finish()?;
        let (password, generated) = match &first.admin_password {
            Some(pw) => (pw.clone(), None),
            None => {
                let pw = password::generate()?;
                (pw.clone(), Some(pw))
            }
        };
        let hash = password::hash(&password)?;

        let unit_id = BusinessUnitId::new();
        diesel::insert_into(business_units::table)
            .values((
                business_units::id.eq(&unit_id),
                business_units::name.eq(first.organization_name.trim()),
                business_units::created_at.eq(now),
                business_units::updated_at.eq(now),
            ))
            .execute(conn)?;
        let role_id = RoleId::new();
        diesel::insert_into(roles::table)
            .values((
                roles::id.eq(&role_id),
                roles::name.eq("System Administrator"),
                roles::description.eq("Every privilege on every record, organization-wide."),
                roles::business_unit_id.eq(&unit_id),
                roles::is_system_admin.eq(true),
                roles::created_at.eq(now),
                roles::updated_at.eq(now),
            ))
            .execute(conn)?;
        let user_id = UserId::new();
        diesel::insert_into(users::table)
            .values((
                users::id.eq(&user_id),
                users::email.eq(&email),
                users::full_name.eq("Administrator"),
                users::business_unit_id.eq(&unit_id),
                users::is_active.eq(true),
                users::password_hash.eq(&hash),
                users::created_at.eq(now),
                users::updated_at.eq(now),
            ))
            .execute(conn)?;
        diesel::insert_into(user_roles::table)
            .values((
                user_roles::user_id.eq(&user_id),
                user_roles::role_id.eq(&role_id),
            ))
            .execute(conn)?;

        let unit = store::business_unit(conn, &unit_id)?;
        let user = store::user(conn, &user_id)?;
        for (entity, id, fields) in [
            (
                entities::BUSINESS_UNITS,
                unit_id.as_str(),
                diff(None, unit.as_ref()),
            ),
            (entities::USERS, user_id.as_str(), diff(None, user.as_ref())),
        ] {
            changes::append(
                conn,
                NewChange {
                    entity,
                    record_id: id,
                    operation: Operation::Create,
                    fields,
                    actor_id: None,
                    owner_id: None,
                    business_unit_id: Some(unit_id.as_str()),
                    occurred_at: now,
                },
            )?;
        }
        Ok(Some(Created {
            admin_email: email.clone(),
            generated_password: generated,
        }))
    })
}
