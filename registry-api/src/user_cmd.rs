//! `registry user …`: the users administration of the API (`/api/v1/users`) on the command
//! line, for the operator on the server. Changes are audited with the `system` actor. Passwords
//! are read from standard input, never from the command line.

use std::io::Read;

use clap::Subcommand;
use registry_core::role::Role;
use registry_core::store::users::{self, PasswordChange, UserRow};
use registry_core::store::{self, Actor, DbConn, StoreError, WriteCtx, centers};

use crate::auth::password;
use crate::error::ApiError;

/// An error of a command, whose `Display` is a sentence for the operator.
pub type AnyError = Box<dyn std::error::Error>;

/// What to do with users.
#[derive(Subcommand)]
pub enum UserCommand {
    /// Adds a user; the password is read from standard input.
    Add {
        /// Login e-mail.
        #[arg(long)]
        email: String,
        /// admin, coordinator, center or researcher.
        #[arg(long)]
        role: String,
        /// Center code (center users only).
        #[arg(long)]
        center: Option<String>,
        /// Read the password from standard input (required: passwords never go on the command line).
        #[arg(long)]
        password_stdin: bool,
    },
    /// Lists every user: e-mail, role, center, active or not.
    List,
    /// Deactivates a user: no login, and their tokens stop working.
    Deactivate {
        /// Login e-mail.
        #[arg(long)]
        email: String,
        /// Why (kept in the audit trail).
        #[arg(long)]
        reason: String,
    },
    /// Reactivates a deactivated user.
    Reactivate {
        /// Login e-mail.
        #[arg(long)]
        email: String,
        /// Why (kept in the audit trail).
        #[arg(long)]
        reason: String,
    },
    /// Sets a new password, read from standard input.
    ResetPassword {
        /// Login e-mail.
        #[arg(long)]
        email: String,
        /// Why (kept in the audit trail).
        #[arg(long)]
        reason: String,
        /// Read the password from standard input (required).
        #[arg(long)]
        password_stdin: bool,
    },
    /// Gives a user another role or center.
    SetAccess {
        /// Login e-mail.
        #[arg(long)]
        email: String,
        /// admin, coordinator, center or researcher.
        #[arg(long)]
        role: String,
        /// Center code (center users only).
        #[arg(long)]
        center: Option<String>,
        /// Why (kept in the audit trail).
        #[arg(long)]
        reason: String,
    },
}

/// Runs one user command on `database_url`, reading a password from `stdin` and printing what
/// it did on standard output.
pub fn run(command: UserCommand, database_url: &str, stdin: &mut dyn Read) -> Result<(), AnyError> {
    let mut conn = store::establish(database_url)?;
    conn.migrate()?;
    let ctx = WriteCtx::new(Actor::system());
    match command {
        UserCommand::Add {
            email,
            role,
            center,
            password_stdin,
        } => {
            let role = parse_role(&role)?;
            let hash = new_password_hash(password_stdin, stdin)?;
            let user = conn.write(|tx| {
                let center_id = center_id(tx, center.as_deref())?;
                users::create(
                    tx,
                    &ctx,
                    users::NewUser {
                        email: email.clone(),
                        password_hash: hash,
                        role,
                        center_id,
                    },
                )
                .map_err(|e| match e {
                    StoreError::Conflict(_) => {
                        format!("a user with the e-mail {email} exists already").into()
                    }
                    other => in_words(other),
                })
            })?;
            println!("user {} added ({})", user.email, user.role);
        }
        UserCommand::List => {
            let codes: std::collections::HashMap<String, String> = centers::list(&mut conn)?
                .into_iter()
                .map(|c| (c.id, c.code))
                .collect();
            for u in users::list(&mut conn)? {
                let center = u
                    .center_id
                    .as_ref()
                    .and_then(|id| codes.get(id))
                    .map_or("-", String::as_str);
                let state = if u.active { "active" } else { "inactive" };
                println!("{:<40} {:<12} {:<8} {state}", u.email, u.role, center);
            }
        }
        UserCommand::Deactivate { email, reason } => {
            let user = conn.write(|tx| {
                let id = user_id(tx, &email)?;
                users::set_active(tx, &ctx, &id, false, &reason).map_err(in_words)
            })?;
            println!("user {} deactivated", user.email);
        }
        UserCommand::Reactivate { email, reason } => {
            let user = conn.write(|tx| {
                let id = user_id(tx, &email)?;
                users::set_active(tx, &ctx, &id, true, &reason).map_err(in_words)
            })?;
            println!("user {} reactivated", user.email);
        }
        UserCommand::ResetPassword {
            email,
            reason,
            password_stdin,
        } => {
            let hash = new_password_hash(password_stdin, stdin)?;
            let user = conn.write(|tx| {
                let id = user_id(tx, &email)?;
                users::set_password(tx, &ctx, &id, &hash, PasswordChange::Reset, Some(&reason))
                    .map_err(in_words)
            })?;
            println!("password of {} reset", user.email);
        }
        UserCommand::SetAccess {
            email,
            role,
            center,
            reason,
        } => {
            let role = parse_role(&role)?;
            let user: UserRow = conn.write(|tx| {
                let id = user_id(tx, &email)?;
                let center_id = center_id(tx, center.as_deref())?;
                users::set_access(tx, &ctx, &id, role, center_id, &reason).map_err(in_words)
            })?;
            println!("user {} is now {}", user.email, user.role);
        }
    }
    Ok(())
}

/// Reads, checks and hashes a new password from standard input.
fn new_password_hash(password_stdin: bool, stdin: &mut dyn Read) -> Result<String, AnyError> {
    if !password_stdin {
        return Err("give --password-stdin and the password on standard input".into());
    }
    let mut pw = String::new();
    stdin.read_to_string(&mut pw)?;
    let pw = pw.trim_end_matches(['\n', '\r']);
    password::validate_new(pw).map_err(api_in_words)?;
    password::hash(pw).map_err(api_in_words)
}

fn parse_role(role: &str) -> Result<Role, AnyError> {
    Role::parse(role).ok_or_else(|| {
        format!("{role} is not a role: give admin, coordinator, center or researcher").into()
    })
}

/// The id of the user with `email`, or an error naming the e-mail.
fn user_id(conn: &mut DbConn, email: &str) -> Result<String, AnyError> {
    users::by_email(conn, email)
        .map_err(in_words)?
        .map(|u| u.id)
        .ok_or_else(|| format!("no user has the e-mail {email}").into())
}

/// The id of the center with `code`, or an error naming the code.
fn center_id(conn: &mut DbConn, code: Option<&str>) -> Result<Option<String>, AnyError> {
    let Some(code) = code else {
        return Ok(None);
    };
    match centers::by_code(conn, code) {
        Ok(c) => Ok(Some(c.id)),
        Err(StoreError::NotFound) => Err(format!("no center has the code {code}").into()),
        Err(e) => Err(in_words(e)),
    }
}

/// A store error as a sentence for the operator.
pub fn in_words(e: StoreError) -> AnyError {
    match e {
        StoreError::Invalid(errors) => errors
            .0
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("; ")
            .into(),
        StoreError::Conflict(m) => m.into(),
        other => other.into(),
    }
}

/// An error of the API crate (a password rule, a hash failure) as a sentence.
pub fn api_in_words(e: ApiError) -> AnyError {
    match e {
        ApiError::Invalid(errors) => errors
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("; ")
            .into(),
        ApiError::Internal(m) => m.into(),
        other => other.to_string().into(),
    }
}
