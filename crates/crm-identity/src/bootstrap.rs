//! First start: on a database without users, create the organization (the root business unit),
//! the default roles and the administrator.

use crm_core::id::{BusinessUnitId, RoleId, UserId};
use crm_core::validate::{Validator, is_email};
use crm_core::{DomainResult, Timestamp};
use crm_db::{AnyConnection, changes, write_transaction};

use crate::defaults;
use crate::model::{UserDetail, UserValues};
use crate::password;
use crate::store::{self, roles, units, users};

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

/// Creates the organization, its default roles and its administrator if the database has no
/// user yet.
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

        let unit = units::insert_unit(
            conn,
            &BusinessUnitId::new(),
            first.organization_name.trim(),
            None,
            None,
            now,
        )?;
        changes::log(conn, None, now, None, Some(&unit))?;
        let mut admin_role = None;
        for role in defaults::roles() {
            let id = RoleId::new();
            roles::insert_role(
                conn,
                &roles::NewRoleRow {
                    id: &id,
                    name: role.name,
                    description: Some(role.description),
                    business_unit_id: &unit.id,
                    is_system_admin: role.is_system_admin,
                    created_by: None,
                    updated_by: None,
                    created_at: now,
                    updated_at: now,
                    version: 1,
                },
            )?;
            roles::set_privileges(conn, &id, &role.privileges)?;
            if role.is_system_admin {
                admin_role = Some(id);
            }
        }
        let values = UserValues {
            email: email.clone(),
            full_name: "Administrator".into(),
            job_title: None,
            phone: None,
            mobile_phone: None,
            address_line1: None,
            address_line2: None,
            city: None,
            region: None,
            postal_code: None,
            country: None,
            business_unit_id: unit.id.clone(),
            manager_id: None,
            is_active: true,
        };
        let user_id = UserId::new();
        let user = users::insert_user(conn, &user_id, &values, &hash, None, now)?;
        let role_ids: Vec<RoleId> = admin_role.into_iter().collect();
        users::set_role_ids(conn, &user_id, &role_ids)?;
        let created = UserDetail {
            user,
            role_ids,
            team_ids: Vec::new(),
        };
        changes::log(conn, None, now, None, Some(&created))?;
        Ok(Some(Created {
            admin_email: email.clone(),
            generated_password: generated,
        }))
    })
}
