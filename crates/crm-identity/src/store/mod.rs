//! Diesel queries for the organization and credentials. No rules here.

pub mod events;
pub mod keys;
pub mod roles;
pub mod teams;
pub mod units;
pub mod users;

use crm_core::Timestamp;
use crm_core::id::{BusinessUnitId, RoleId, TeamId, UserId};
use crm_db::AnyConnection;
use crm_db::schema::roles as role_table;
use crm_db::schema::users as user_table;
use crm_db::schema::{
    business_units, refresh_tokens, role_privileges, team_members, team_roles, user_roles,
};
use diesel::prelude::*;

use crate::model::{BusinessUnit, User};

/// A user with the secret needed to sign them in.
#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = user_table)]
pub struct Credentials {
    /// The user.
    #[diesel(embed)]
    pub user: User,
    /// The argon2id hash (none for users who cannot sign in with a password).
    pub password_hash: Option<String>,
}

/// A user and their password hash, by sign-in email (lower-case).
pub fn credentials_by_email(
    conn: &mut AnyConnection,
    email: &str,
) -> QueryResult<Option<Credentials>> {
    user_table::table
        .filter(user_table::email.eq(email))
        .select(Credentials::as_select())
        .first(conn)
        .optional()
}

/// A user by id.
pub fn user(conn: &mut AnyConnection, id: &UserId) -> QueryResult<Option<User>> {
    user_table::table
        .find(id)
        .select(User::as_select())
        .first(conn)
        .optional()
}

/// A business unit by id.
pub fn business_unit(
    conn: &mut AnyConnection,
    id: &BusinessUnitId,
) -> QueryResult<Option<BusinessUnit>> {
    business_units::table
        .find(id)
        .select(BusinessUnit::as_select())
        .first(conn)
        .optional()
}

/// The teams a user is in.
pub fn team_ids_of(conn: &mut AnyConnection, user_id: &UserId) -> QueryResult<Vec<TeamId>> {
    team_members::table
        .filter(team_members::user_id.eq(user_id))
        .select(team_members::team_id)
        .load(conn)
}

/// Revokes every refresh token of a user (disabled, or their password changed).
pub fn revoke_user_tokens(
    conn: &mut AnyConnection,
    user_id: &UserId,
    now: Timestamp,
) -> QueryResult<()> {
    diesel::update(
        refresh_tokens::table
            .filter(refresh_tokens::user_id.eq(user_id))
            .filter(refresh_tokens::revoked_at.is_null()),
    )
    .set(refresh_tokens::revoked_at.eq(now))
    .execute(conn)
    .map(|_| ())
}

/// A user's password hash.
pub fn password_hash_of(conn: &mut AnyConnection, user_id: &UserId) -> QueryResult<Option<String>> {
    user_table::table
        .find(user_id)
        .select(user_table::password_hash)
        .first::<Option<String>>(conn)
        .optional()
        .map(Option::flatten)
}

/// Sets a user's password hash.
pub fn set_password(conn: &mut AnyConnection, user_id: &UserId, hash: &str) -> QueryResult<()> {
    diesel::update(user_table::table.find(user_id))
        .set(user_table::password_hash.eq(hash))
        .execute(conn)
        .map(|_| ())
}

/// How many users exist.
pub fn count_users(conn: &mut AnyConnection) -> QueryResult<i64> {
    user_table::table.count().get_result(conn)
}

/// Records a successful sign-in.
pub fn touch_sign_in(conn: &mut AnyConnection, id: &UserId, now: Timestamp) -> QueryResult<()> {
    diesel::update(user_table::table.find(id))
        .set(user_table::last_sign_in_at.eq(now))
        .execute(conn)
        .map(|_| ())
}

/// A privilege as stored (words, parsed by the caller).
#[derive(Debug, Queryable)]
pub struct PrivilegeRow {
    /// The entity.
    pub entity: String,
    /// The action word.
    pub action: String,
    /// The depth word.
    pub depth: String,
}

/// The roles of a user, given directly or through their teams: whether any grants system
/// administration, and the privileges of all.
pub fn role_grants(
    conn: &mut AnyConnection,
    user_id: &UserId,
    team_ids: &[TeamId],
) -> QueryResult<(bool, Vec<PrivilegeRow>)> {
    let mut role_ids: Vec<(RoleId, bool)> = user_roles::table
        .inner_join(role_table::table)
        .filter(user_roles::user_id.eq(user_id))
        .select((role_table::id, role_table::is_system_admin))
        .load(conn)?;
    if !team_ids.is_empty() {
        role_ids.extend(
            team_roles::table
                .inner_join(role_table::table)
                .filter(team_roles::team_id.eq_any(team_ids))
                .select((role_table::id, role_table::is_system_admin))
                .load::<(RoleId, bool)>(conn)?,
        );
    }
    let is_admin = role_ids.iter().any(|(_, admin)| *admin);
    if is_admin || role_ids.is_empty() {
        return Ok((is_admin, Vec::new()));
    }
    let ids: Vec<RoleId> = role_ids.into_iter().map(|(id, _)| id).collect();
    let privileges = role_privileges::table
        .filter(role_privileges::role_id.eq_any(ids))
        .select((
            role_privileges::entity,
            role_privileges::action,
            role_privileges::depth,
        ))
        .load(conn)?;
    Ok((false, privileges))
}

/// A stored refresh token.
#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = refresh_tokens)]
pub struct RefreshTokenRow {
    /// Its id.
    pub id: String,
    /// Whose it is.
    pub user_id: UserId,
    /// The rotation family it belongs to.
    pub family_id: String,
    /// When it expires.
    pub expires_at: Timestamp,
    /// When it was exchanged (a second use is a reuse).
    pub used_at: Option<Timestamp>,
    /// When it was revoked.
    pub revoked_at: Option<Timestamp>,
}

/// A refresh token by its hash.
pub fn refresh_token_by_hash(
    conn: &mut AnyConnection,
    hash: &str,
) -> QueryResult<Option<RefreshTokenRow>> {
    refresh_tokens::table
        .filter(refresh_tokens::token_hash.eq(hash))
        .select(RefreshTokenRow::as_select())
        .first(conn)
        .optional()
}

/// Stores a new refresh token.
pub fn insert_refresh_token(
    conn: &mut AnyConnection,
    user_id: &UserId,
    family_id: &str,
    hash: &str,
    expires_at: Timestamp,
    now: Timestamp,
) -> QueryResult<()> {
    diesel::insert_into(refresh_tokens::table)
        .values((
            refresh_tokens::id.eq(crm_core::id::new_uuid_v7()),
            refresh_tokens::user_id.eq(user_id),
            refresh_tokens::family_id.eq(family_id),
            refresh_tokens::token_hash.eq(hash),
            refresh_tokens::expires_at.eq(expires_at),
            refresh_tokens::created_at.eq(now),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Marks a refresh token used; `false` if it was already used (a concurrent exchange won).
pub fn mark_refresh_token_used(
    conn: &mut AnyConnection,
    id: &str,
    now: Timestamp,
) -> QueryResult<bool> {
    diesel::update(
        refresh_tokens::table
            .filter(refresh_tokens::id.eq(id))
            .filter(refresh_tokens::used_at.is_null()),
    )
    .set(refresh_tokens::used_at.eq(now))
    .execute(conn)
    .map(|n| n == 1)
}

/// Revokes every token of a family.
pub fn revoke_family(conn: &mut AnyConnection, family_id: &str, now: Timestamp) -> QueryResult<()> {
    diesel::update(
        refresh_tokens::table
            .filter(refresh_tokens::family_id.eq(family_id))
            .filter(refresh_tokens::revoked_at.is_null()),
    )
    .set(refresh_tokens::revoked_at.eq(now))
    .execute(conn)
    .map(|_| ())
}
