//! Users: who may log in, with which role, bound to which center.

use diesel::prelude::*;
use serde::Serialize;

use super::audit::{self, Entry};
use super::schema::users;
use super::{DbConn, StoreError, WriteCtx};
use crate::role::Role;

/// A stored user. The password hash never leaves the store layer in a response.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, Serialize)]
#[diesel(table_name = users)]
pub struct UserRow {
    /// Id.
    pub id: String,
    /// Login e-mail, lower-cased.
    pub email: String,
    /// argon2id PHC string.
    #[serde(skip)]
    pub password_hash: String,
    /// Role code.
    pub role: String,
    /// The center of a `center` user.
    pub center_id: Option<String>,
    /// Deactivated users cannot log in.
    pub active: bool,
    /// Created (UTC).
    #[serde(skip)]
    pub created_at: chrono::NaiveDateTime,
    /// Last changed (UTC).
    #[serde(skip)]
    pub updated_at: chrono::NaiveDateTime,
    /// Row version.
    pub version: i32,
}

impl UserRow {
    /// The role, parsed.
    pub fn role(&self) -> Result<Role, StoreError> {
        Role::parse(&self.role)
            .ok_or_else(|| StoreError::Corrupt(format!("unknown role {}", self.role)))
    }
}

/// A user to create; the caller hashes the password.
#[derive(Debug, Clone)]
pub struct NewUser {
    /// Login e-mail.
    pub email: String,
    /// argon2id PHC string.
    pub password_hash: String,
    /// Role.
    pub role: Role,
    /// Center id, required for and only for `center` users.
    pub center_id: Option<String>,
}

/// Normalises an e-mail address for storage and lookup.
pub fn normalise_email(email: &str) -> String {
    email.trim().to_lowercase()
}

/// Creates a user.
pub fn create(conn: &mut DbConn, ctx: &WriteCtx, new: NewUser) -> Result<UserRow, StoreError> {
    let mut errors = crate::ValidationErrors::new();
    let email = normalise_email(&new.email);
    let plausible = email.len() <= 254
        && email.contains('@')
        && !email.starts_with('@')
        && !email.ends_with('@');
    if !plausible {
        errors.push(crate::FieldError::new("email", "not an e-mail address"));
    }
    match (new.role, &new.center_id) {
        (Role::Center, None) => errors.push(crate::FieldError::new(
            "center",
            "a center user needs a center",
        )),
        (Role::Center, Some(_)) | (_, None) => {}
        (_, Some(_)) => errors.push(crate::FieldError::new(
            "center",
            "only center users belong to a center",
        )),
    }
    if !errors.is_empty() {
        return Err(errors.into());
    }
    let row = UserRow {
        id: super::new_id(),
        email,
        password_hash: new.password_hash,
        role: new.role.code().to_owned(),
        center_id: new.center_id,
        active: true,
        created_at: ctx.now,
        updated_at: ctx.now,
        version: 1,
    };
    diesel::insert_into(users::table)
        .values(&row)
        .execute(conn)?;
    audit::append(
        conn,
        ctx,
        Entry {
            entity: "user",
            entity_id: Some(row.id.clone()),
            action: "create",
            after: super::audit::json(&row),
            ..Entry::default()
        },
    )?;
    Ok(row)
}

/// A user by e-mail (any state).
pub fn by_email(conn: &mut DbConn, email: &str) -> Result<Option<UserRow>, StoreError> {
    Ok(users::table
        .filter(users::email.eq(normalise_email(email)))
        .select(UserRow::as_select())
        .first(conn)
        .optional()?)
}

/// A user by id.
pub fn get(conn: &mut DbConn, id: &str) -> Result<UserRow, StoreError> {
    Ok(users::table
        .find(id)
        .select(UserRow::as_select())
        .first(conn)?)
}

/// The user behind a token, in one query: `None` when the account is unknown or inactive, or the
/// token `jti` was revoked (logout), so both stop working at once.
pub fn active_session(
    conn: &mut DbConn,
    id: &str,
    jti: &str,
) -> Result<Option<UserRow>, StoreError> {
    use super::schema::revoked_tokens;
    let revoked = revoked_tokens::table.filter(revoked_tokens::jti.eq(jti));
    Ok(users::table
        .find(id)
        .filter(users::active.eq(true))
        .filter(diesel::dsl::not(diesel::dsl::exists(revoked)))
        .select(UserRow::as_select())
        .first(conn)
        .optional()?)
}

/// Activates or deactivates a user (deactivated users cannot log in; their tokens stop working).
/// Nobody deactivates their own account, and the last active admin stays active
/// ([`StoreError::Conflict`]): the active admins are locked first on PostgreSQL, so two admins
/// deactivating each other at once cannot both succeed.
pub fn set_active(
    conn: &mut DbConn,
    ctx: &WriteCtx,
    id: &str,
    active: bool,
    reason: &str,
) -> Result<UserRow, StoreError> {
    if !active {
        if id == ctx.actor.user_id {
            return Err(StoreError::Conflict(
                "you cannot deactivate your own account; ask another admin".into(),
            ));
        }
        let q = users::table
            .filter(users::role.eq(Role::Admin.code()))
            .filter(users::active.eq(true))
            .select(users::id)
            .order(users::id);
        let admins: Vec<String> = match conn {
            DbConn::Pg(pg) => q.for_update().load(pg)?,
            DbConn::Sqlite(lite) => q.load(lite)?,
        };
        if admins.len() <= 1 && admins.iter().any(|a| a == id) {
            return Err(StoreError::Conflict(
                "this is the last active admin; make another admin first".into(),
            ));
        }
    }
    let before = get(conn, id)?;
    diesel::update(users::table.find(id))
        .set((
            users::active.eq(active),
            users::updated_at.eq(ctx.now),
            users::version.eq(before.version + 1),
        ))
        .execute(conn)?;
    let after = get(conn, id)?;
    audit::append(
        conn,
        ctx,
        Entry {
            entity: "user",
            entity_id: Some(id.to_owned()),
            action: if active { "activate" } else { "deactivate" },
            reason: Some(reason.to_owned()),
            before: super::audit::json(&before),
            after: super::audit::json(&after),
            ..Entry::default()
        },
    )?;
    Ok(after)
}

/// Every user, by e-mail.
pub fn list(conn: &mut DbConn) -> Result<Vec<UserRow>, StoreError> {
    Ok(users::table
        .order(users::email)
        .select(UserRow::as_select())
        .load(conn)?)
}

/// Why a password is set, as the audit trail names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordChange {
    /// An admin set a new password for the user (`reset_password`).
    Reset,
    /// The user changed their own, giving the current one (`change_password`).
    Own,
}

/// Stores a new password hash (the caller validated and hashed the password; the user's own
/// change checked the current one) and audits it: the event says who and when, never a hash.
pub fn set_password(
    conn: &mut DbConn,
    ctx: &WriteCtx,
    id: &str,
    password_hash: &str,
    change: PasswordChange,
    reason: Option<&str>,
) -> Result<UserRow, StoreError> {
    let before = get(conn, id)?;
    diesel::update(users::table.find(id))
        .set((
            users::password_hash.eq(password_hash),
            users::updated_at.eq(ctx.now),
            users::version.eq(before.version + 1),
        ))
        .execute(conn)?;
    let after = get(conn, id)?;
    audit::append(
        conn,
        ctx,
        Entry {
            entity: "user",
            entity_id: Some(id.to_owned()),
            action: match change {
                PasswordChange::Reset => "reset_password",
                PasswordChange::Own => "change_password",
            },
            reason: reason.map(str::to_owned),
            before: super::audit::json(&before),
            after: super::audit::json(&after),
            ..Entry::default()
        },
    )?;
    Ok(after)
}

/// Gives a user another role, or moves a center user to another center: a `center` user needs
/// a center and nobody else has one ([`StoreError::Invalid`]). Nobody changes their own role,
/// and the last active admin stays an admin ([`StoreError::Conflict`]), as for [`set_active`].
/// The user's tokens carry the new role from their next request (the role is read from the
/// account, not the token).
pub fn set_access(
    conn: &mut DbConn,
    ctx: &WriteCtx,
    id: &str,
    role: Role,
    center_id: Option<String>,
    reason: &str,
) -> Result<UserRow, StoreError> {
    match (role, &center_id) {
        (Role::Center, None) => {
            return Err(crate::ValidationErrors(vec![crate::FieldError::new(
                "center",
                "a center user needs a center",
            )])
            .into());
        }
        (Role::Center, Some(_)) | (_, None) => {}
        (_, Some(_)) => {
            return Err(crate::ValidationErrors(vec![crate::FieldError::new(
                "center",
                "only center users belong to a center",
            )])
            .into());
        }
    }
    let before = get(conn, id)?;
    if before.role == Role::Admin.code() && role != Role::Admin {
        if id == ctx.actor.user_id {
            return Err(StoreError::Conflict(
                "you cannot take the admin role from your own account; ask another admin".into(),
            ));
        }
        let q = users::table
            .filter(users::role.eq(Role::Admin.code()))
            .filter(users::active.eq(true))
            .select(users::id)
            .order(users::id);
        let admins: Vec<String> = match conn {
            DbConn::Pg(pg) => q.for_update().load(pg)?,
            DbConn::Sqlite(lite) => q.load(lite)?,
        };
        if admins.len() <= 1 && admins.iter().any(|a| a == id) {
            return Err(StoreError::Conflict(
                "this is the last active admin; make another admin first".into(),
            ));
        }
    }
    diesel::update(users::table.find(id))
        .set((
            users::role.eq(role.code()),
            users::center_id.eq(&center_id),
            users::updated_at.eq(ctx.now),
            users::version.eq(before.version + 1),
        ))
        .execute(conn)?;
    let after = get(conn, id)?;
    audit::append(
        conn,
        ctx,
        Entry {
            entity: "user",
            entity_id: Some(id.to_owned()),
            action: "change_access",
            reason: Some(reason.to_owned()),
            before: super::audit::json(&before),
            after: super::audit::json(&after),
            ..Entry::default()
        },
    )?;
    Ok(after)
}
