//! Persistence on SQLite and PostgreSQL (feature `store`).
//!
//! - [`conn`]: the `MultiConnection`, pool, migrations, write and snapshot transactions.
//! - [`schema`]: the one diesel schema both backends share.
//! - [`audit`]: the hash-chained audit trail every write appends to in its own transaction.
//! - one module per resource: row types, insert and change forms, and queries as functions taking
//!   `&mut DbConn`, scoped by [`Scope`] in SQL:
//!   - [`centers`], [`users`], [`patients`], [`visits`];
//!   - [`treatments`]: treatment episodes with their dose changes and interruptions;
//!   - [`labs`], [`adverse_events`], [`vaccinations`], [`comorbidities`];
//!   - [`data_queries`]: questions from coordinators to centers (open → answered → closed);
//!   - [`idempotency`], [`tokens`]: replayable responses and revoked tokens;
//!   - [`imports`]: bulk imports, with [`bulk`] inserts (`COPY` on PostgreSQL).
//!   - [`exports`]: release jobs (queued, running, done, failed, deleted, expired).
//! - [`cohort`]: every record of a filtered cohort, read in sets inside one snapshot (releases,
//!   reports).
//! - [`batch`]: statement sizes for the batched writes of bulk loaders (`create_many`).
//! - [`versioned`]: the shared life cycle of a clinical record (read, edit, soft delete, audit).
//!
//! Write functions expect to run inside [`DbConn::write`], so the change, its audit event and
//! anything else the caller stores (an idempotency record) commit together or not at all.

pub mod adverse_events;
pub mod audit;
pub mod batch;
pub mod bulk;
pub mod centers;
pub mod cohort;
pub mod comorbidities;
pub mod conn;
pub mod data_queries;
pub mod dates;
pub mod exports;
pub mod idempotency;
pub mod ids;
pub mod imports;
pub mod labs;
pub mod patients;
mod refs;
pub mod schema;
pub mod tokens;
pub mod treatments;
pub mod users;
pub mod vaccinations;
pub mod versioned;
pub mod visit_form;
pub mod visits;

use chrono::{NaiveDateTime, SubsecRound, Utc};

pub use conn::{Backend, DbConn, Pool, PooledConn, connect, establish};
pub use ids::new_id;

use crate::role::Role;

/// Why a store call failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The configuration names no usable database.
    #[error("{0}")]
    Config(String),
    /// The database could not be reached.
    #[error("{0}")]
    Connect(String),
    /// A migration failed.
    #[error("migration failed: {0}")]
    Migration(String),
    /// No such record in the caller's scope (also for another center's record).
    #[error("not found")]
    NotFound,
    /// The record changed since the caller read it (`If-Match` carried an older version).
    #[error("the record was changed by someone else (current version {current})")]
    StaleVersion {
        /// The version now stored.
        current: i32,
    },
    /// A uniqueness rule refused the write (same local reference, same visit date, …).
    #[error("conflict: {0}")]
    Conflict(String),
    /// The input broke a domain rule.
    #[error("invalid input: {0}")]
    Invalid(crate::ValidationErrors),
    /// Any other database error.
    #[error("database error: {0}")]
    Database(diesel::result::Error),
    /// Stored data could not be read back (corrupt JSON in a column, unknown code).
    #[error("stored data is unreadable: {0}")]
    Corrupt(String),
    /// A computation was handed a cohort read without a table it needs
    /// ([`cohort::Tables`]): a fault of the caller, not of the data.
    #[error("the cohort was read without {0}")]
    Unread(String),
}

impl From<diesel::result::Error> for StoreError {
    fn from(e: diesel::result::Error) -> Self {
        use diesel::result::{DatabaseErrorKind, Error};
        match e {
            Error::NotFound => Self::NotFound,
            Error::DatabaseError(DatabaseErrorKind::UniqueViolation, info) => {
                Self::Conflict(info.message().to_owned())
            }
            other => Self::Database(other),
        }
    }
}

impl From<crate::ValidationErrors> for StoreError {
    fn from(e: crate::ValidationErrors) -> Self {
        Self::Invalid(e)
    }
}

/// Which rows a caller may touch: everything, or one center's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// Every center (coordinator, admin).
    All,
    /// Only this center's rows (a `center` user).
    Center(String),
}

/// The user on whose behalf a write is made, as recorded in the audit trail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// The user's id (or `system` for the command line and the demo generator).
    pub user_id: String,
    /// The user's role.
    pub role: Role,
    /// The center a `center` user is bound to.
    pub center_id: Option<String>,
}

impl Actor {
    /// The actor for work the registry does itself (migrations, demo data, CLI imports).
    pub fn system() -> Self {
        Self {
            user_id: "system".into(),
            role: Role::Admin,
            center_id: None,
        }
    }

    /// The rows this actor may see: its own center for a `center` user, all otherwise.
    pub fn scope(&self) -> Scope {
        match (&self.role, &self.center_id) {
            (Role::Center, Some(c)) => Scope::Center(c.clone()),
            _ => Scope::All,
        }
    }
}

/// Runs `f` in one write transaction ([`DbConn::write`]) whose audit events are held back and
/// appended together just before the commit ([`audit::flush`]): the chain heads are locked for
/// the shortest time and always in the same order, so concurrent transactions that write several
/// records each (a visit with its labs) never deadlock on them. `f` gets the deferring context
/// and must write through it.
pub fn write_deferred<T, E>(
    conn: &mut DbConn,
    ctx: &WriteCtx,
    f: impl FnOnce(&mut DbConn, &WriteCtx) -> Result<T, E>,
) -> Result<T, E>
where
    E: From<diesel::result::Error> + From<StoreError>,
{
    let mut deferring = ctx.clone();
    deferring.pending = Some(std::sync::Arc::default());
    conn.write(|tx| {
        let value = f(tx, &deferring)?;
        audit::flush(tx, &deferring)?;
        Ok(value)
    })
}

/// Everything a write records about who, when and why.
#[derive(Debug, Clone)]
pub struct WriteCtx {
    /// Who writes.
    pub actor: Actor,
    /// The HTTP request id, for the audit trail.
    pub request_id: Option<String>,
    /// The time of the write (UTC, microseconds, so both backends store it identically).
    pub now: NaiveDateTime,
    /// The import the written rows came from, if any.
    pub import_id: Option<String>,
    /// Audit entries held back until the end of the transaction ([`write_deferred`]).
    pub(crate) pending: Option<std::sync::Arc<audit::Pending>>,
}

impl WriteCtx {
    /// A context for `actor` at the current time.
    pub fn new(actor: Actor) -> Self {
        Self {
            actor,
            request_id: None,
            now: now(),
            import_id: None,
            pending: None,
        }
    }

    /// The same context with a request id.
    #[must_use]
    pub fn with_request_id(mut self, id: impl Into<String>) -> Self {
        self.request_id = Some(id.into());
        self
    }
}

/// Encodes a value for a JSON text column (flags, warnings, code lists).
pub(crate) fn to_json<T: serde::Serialize + ?Sized>(value: &T) -> Result<String, StoreError> {
    serde_json::to_string(value)
        .map_err(|e| StoreError::Corrupt(format!("cannot encode JSON: {e}")))
}

/// Reads a JSON text column back; unreadable JSON is [`StoreError::Corrupt`].
pub(crate) fn from_json<T: serde::de::DeserializeOwned>(
    column: &str,
    text: &str,
) -> Result<T, StoreError> {
    serde_json::from_str(text).map_err(|e| StoreError::Corrupt(format!("{column}: {e}")))
}

/// The current UTC time truncated to microseconds (PostgreSQL's precision).
pub fn now() -> NaiveDateTime {
    Utc::now().naive_utc().trunc_subsecs(6)
}

/// A deletion: when nothing clinical is hard-deleted, the reason is kept.
#[derive(Debug, Clone)]
pub struct Deletion {
    /// The version the caller read (`If-Match`).
    pub expected_version: i32,
    /// Why the record is deleted.
    pub reason: String,
}
