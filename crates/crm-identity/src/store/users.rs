//! Users and the roles given to them.

use crm_core::Timestamp;
use crm_core::id::{RoleId, TeamId, UserId};
use crm_db::AnyConnection;
use crm_db::schema::{team_members, user_roles, users};
use diesel::prelude::*;

use crate::model::{User, UserValues};

crm_db::list_query! {
    /// A page of users (up to `limit + 1` rows) and the total.
    pub fn list_users / user_sort_key (users) -> User {
        id: users::id,
        filters: {
            "id" => (users::id, String),
            "full_name" => (users::full_name, String),
            "email" => (users::email, String),
            "created_at" => (users::created_at, Timestamp),
            "business_unit_id" => (users::business_unit_id, String),
            "manager_id" => (users::manager_id.assume_not_null(), String),
            "is_active" => (users::is_active, bool),
            "job_title" => (users::job_title.assume_not_null(), String),
        },
        sorts: {
            "full_name" => (users::full_name, Text, |r| r.full_name.clone()),
            "email" => (users::email, Text, |r| r.email.clone()),
            "created_at" => (users::created_at, Timestamp, |r| r.created_at),
        },
        search: [users::full_name, users::email, users::job_title.assume_not_null()],
    }
}

/// Users by id.
pub fn users_by_ids(conn: &mut AnyConnection, ids: &[UserId]) -> QueryResult<Vec<User>> {
    users::table
        .filter(users::id.eq_any(ids))
        .select(User::as_select())
        .load(conn)
}

/// The user with an email (lower-case), if any.
pub fn id_by_email(conn: &mut AnyConnection, email: &str) -> QueryResult<Option<UserId>> {
    users::table
        .filter(users::email.eq(email))
        .select(users::id)
        .first(conn)
        .optional()
}

/// Inserts a user.
pub fn insert_user(
    conn: &mut AnyConnection,
    id: &UserId,
    values: &UserValues,
    password_hash: &str,
    actor: Option<&str>,
    now: Timestamp,
) -> QueryResult<User> {
    diesel::insert_into(users::table)
        .values((
            values.clone(),
            users::id.eq(id),
            users::password_hash.eq(password_hash),
            users::created_by.eq(actor),
            users::updated_by.eq(actor),
            users::created_at.eq(now),
            users::updated_at.eq(now),
            users::version.eq(1),
        ))
        .execute(conn)?;
    users::table.find(id).select(User::as_select()).first(conn)
}

/// Writes a user's fields if still at `version`; `None` if another write came first.
pub fn update_user(
    conn: &mut AnyConnection,
    id: &UserId,
    version: i64,
    values: &UserValues,
    actor: &str,
    now: Timestamp,
) -> QueryResult<Option<User>> {
    let n = diesel::update(
        users::table
            .filter(users::id.eq(id))
            .filter(users::version.eq(version)),
    )
    .set((
        values,
        users::updated_by.eq(actor),
        users::updated_at.eq(now),
        users::version.eq(version + 1),
    ))
    .execute(conn)?;
    if n == 0 {
        return Ok(None);
    }
    users::table
        .find(id)
        .select(User::as_select())
        .first(conn)
        .map(Some)
}

/// The roles given to a user directly.
pub fn role_ids(conn: &mut AnyConnection, user_id: &UserId) -> QueryResult<Vec<RoleId>> {
    user_roles::table
        .filter(user_roles::user_id.eq(user_id))
        .select(user_roles::role_id)
        .order(user_roles::role_id)
        .load(conn)
}

/// Replaces the roles given to a user directly.
pub fn set_role_ids(
    conn: &mut AnyConnection,
    user_id: &UserId,
    role_ids: &[RoleId],
) -> QueryResult<()> {
    diesel::delete(user_roles::table.filter(user_roles::user_id.eq(user_id))).execute(conn)?;
    let rows: Vec<_> = role_ids
        .iter()
        .map(|r| (user_roles::user_id.eq(user_id), user_roles::role_id.eq(r)))
        .collect();
    // One statement per row: batch inserts are not available across both backends.
    for row in rows {
        diesel::insert_into(user_roles::table)
            .values(row)
            .execute(conn)?;
    }
    Ok(())
}

/// The teams a user is in.
pub fn team_ids(conn: &mut AnyConnection, user_id: &UserId) -> QueryResult<Vec<TeamId>> {
    team_members::table
        .filter(team_members::user_id.eq(user_id))
        .select(team_members::team_id)
        .order(team_members::team_id)
        .load(conn)
}
