//! Connections: one `MultiConnection` over SQLite and PostgreSQL, chosen by the URL's scheme.
//!
//! The derived `establish` would try each backend in turn and hide why PostgreSQL failed, so
//! [`Backend::from_url`] picks the variant and [`ConnectionManager`] establishes it directly: an
//! operator reads "cannot connect to PostgreSQL at …: connection refused".

use std::time::Duration;

use diesel::connection::{AnsiTransactionManager, SimpleConnection, TransactionManager};
use diesel::prelude::*;
use diesel::r2d2::R2D2Connection;
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

use super::StoreError;

const PG_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../migrations/postgresql");
const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../migrations/sqlite");

/// SQLite waits this long for the write lock before answering "database is locked".
const SQLITE_BUSY_TIMEOUT_MS: u32 = 30_000;

/// The write-ahead log is truncated to this size when a checkpoint has emptied it, so the disk a
/// large import's one transaction took is given back afterwards (docs/operations.md).
pub const SQLITE_WAL_SIZE_LIMIT: i64 = 64 * 1024 * 1024;

#[allow(missing_docs)] // the derive generates undocumented items (MultiBackend, …)
mod multi {
    /// A connection to either backend; every store function takes `&mut DbConn`.
    #[derive(diesel::MultiConnection)]
    pub enum DbConn {
        /// PostgreSQL (production).
        Pg(diesel::pg::PgConnection),
        /// SQLite (embedded default).
        Sqlite(diesel::sqlite::SqliteConnection),
    }
}
pub use multi::DbConn;

/// Decodes `$ty` from SQL type `$sql` on the derived backend by handing the value to the inner
/// backend's own decoding (the derived backend only knows diesel's own types).
macro_rules! from_inner_backend {
    ($($sql:ident => $ty:ty),+ $(,)?) => {$(
        impl diesel::deserialize::FromSql<diesel::sql_types::$sql, multi::MultiBackend> for $ty {
            fn from_sql(
                bytes: <multi::MultiBackend as diesel::backend::Backend>::RawValue<'_>,
            ) -> diesel::deserialize::Result<Self> {
                bytes.from_sql::<Self, diesel::sql_types::$sql>()
            }
        }
    )+};
}

// The cohort read's own types: short texts held inline (`CompactString`), record ids as their
// 16 bytes (`RecordId`), and the largest tables' dates without chrono's format parser on SQLite
// (`StoredDate`).
from_inner_backend!(
    Text => compact_str::CompactString,
    Text => super::ids::RecordId,
    Date => super::dates::StoredDate,
);

/// Which database a URL names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// `postgres://…` or `postgresql://…`.
    Postgres,
    /// `sqlite://path`, `sqlite:path` or `sqlite::memory:`.
    Sqlite,
}

impl Backend {
    /// The backend named by `url`'s scheme; any other scheme is an error, never a fallback.
    pub fn from_url(url: &str) -> Result<Self, StoreError> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Self::Postgres)
        } else if url.starts_with("sqlite:") {
            Ok(Self::Sqlite)
        } else {
            let scheme = url.split_once(':').map_or("(none)", |(s, _)| s);
            Err(StoreError::Config(format!(
                "DATABASE_URL has the unknown scheme '{scheme}': use sqlite://path/to/file.db or postgres://…"
            )))
        }
    }

    /// A human name for messages.
    pub fn name(self) -> &'static str {
        match self {
            Self::Postgres => "PostgreSQL",
            Self::Sqlite => "SQLite",
        }
    }
}

/// The SQLite file path (or `:memory:`) of a `sqlite:` URL.
fn sqlite_path(url: &str) -> &str {
    url.strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
        .unwrap_or(url)
}

/// Where a URL points, without credentials (for messages and logs).
pub fn redacted(url: &str) -> String {
    match Backend::from_url(url) {
        Ok(Backend::Sqlite) => sqlite_path(url).to_owned(),
        _ => {
            let rest = url.split_once("://").map_or(url, |(_, r)| r);
            let host = rest.rsplit_once('@').map_or(rest, |(_, h)| h);
            host.split(['?']).next().unwrap_or(host).to_owned()
        }
    }
}

/// Opens one connection, with the SQLite settings every connection needs.
pub fn establish(url: &str) -> Result<DbConn, StoreError> {
    let backend = Backend::from_url(url)?;
    let fail = |e: diesel::ConnectionError| {
        StoreError::Connect(format!(
            "cannot connect to {} at {}: {e}",
            backend.name(),
            redacted(url)
        ))
    };
    match backend {
        Backend::Postgres => Ok(DbConn::Pg(
            diesel::pg::PgConnection::establish(url).map_err(fail)?,
        )),
        Backend::Sqlite => {
            let mut conn =
                diesel::sqlite::SqliteConnection::establish(sqlite_path(url)).map_err(fail)?;
            conn.batch_execute(&format!(
                "PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS};
                 PRAGMA journal_mode = WAL;
                 PRAGMA synchronous = FULL;
                 PRAGMA foreign_keys = ON;
                 PRAGMA journal_size_limit = {SQLITE_WAL_SIZE_LIMIT};"
            ))?;
            Ok(DbConn::Sqlite(conn))
        }
    }
}

impl DbConn {
    /// The backend of this connection.
    pub fn backend(&self) -> Backend {
        match self {
            Self::Pg(_) => Backend::Postgres,
            Self::Sqlite(_) => Backend::Sqlite,
        }
    }

    /// Runs every pending migration of this backend.
    pub fn migrate(&mut self) -> Result<usize, StoreError> {
        let applied = match self {
            Self::Pg(c) => c.run_pending_migrations(PG_MIGRATIONS).map(|v| v.len()),
            Self::Sqlite(c) => c.run_pending_migrations(SQLITE_MIGRATIONS).map(|v| v.len()),
        };
        applied.map_err(|e| StoreError::Migration(e.to_string()))
    }

    /// Runs `f` in a write transaction: on SQLite `BEGIN IMMEDIATE`, so the write lock is taken
    /// up front (waiting up to the busy timeout) rather than failing half-way with "database is
    /// locked"; on PostgreSQL an ordinary transaction. Commits when `f` returns `Ok`.
    pub fn write<T, E>(&mut self, f: impl FnOnce(&mut DbConn) -> Result<T, E>) -> Result<T, E>
    where
        E: From<diesel::result::Error>,
    {
        match self {
            Self::Pg(_) => self.transaction(f),
            Self::Sqlite(inner) => {
                AnsiTransactionManager::begin_transaction_sql(inner, "BEGIN IMMEDIATE")?;
                match f(self) {
                    Ok(value) => {
                        if let Self::Sqlite(inner) = self {
                            AnsiTransactionManager::commit_transaction(inner)?;
                        }
                        Ok(value)
                    }
                    Err(e) => {
                        if let Self::Sqlite(inner) = self {
                            // The error of `f` is the one worth reporting.
                            let _ = AnsiTransactionManager::rollback_transaction(inner);
                        }
                        Err(e)
                    }
                }
            }
        }
    }

    /// Whether a write could start now, waiting at most `wait` for one: on SQLite, whose single
    /// write lock a stuck writer holds for everyone, it takes and releases the lock
    /// (`BEGIN IMMEDIATE`, `ROLLBACK`) with a busy timeout of `wait`; PostgreSQL has no such lock
    /// and only answers a query. `Err` when the lock could not be had in time.
    pub fn probe_writes(&mut self, wait: Duration) -> Result<(), StoreError> {
        match self {
            Self::Pg(inner) => Ok(inner.batch_execute("SELECT 1")?),
            Self::Sqlite(inner) => {
                let millis = wait.as_millis().min(u128::from(SQLITE_BUSY_TIMEOUT_MS));
                inner.batch_execute(&format!("PRAGMA busy_timeout = {millis}"))?;
                let probe = inner.batch_execute("BEGIN IMMEDIATE; ROLLBACK;");
                inner.batch_execute(&format!("PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}"))?;
                Ok(probe?)
            }
        }
    }

    /// Runs `f` in a read transaction that sees one consistent snapshot (REPEATABLE READ on
    /// PostgreSQL; a deferred transaction on SQLite, which reads one WAL snapshot).
    pub fn snapshot<T, E>(&mut self, f: impl FnOnce(&mut DbConn) -> Result<T, E>) -> Result<T, E>
    where
        E: From<diesel::result::Error>,
    {
        match self {
            Self::Pg(inner) => {
                AnsiTransactionManager::begin_transaction_sql(
                    inner,
                    "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
                )?;
                let result = f(self);
                if let Self::Pg(inner) = self {
                    let _ = AnsiTransactionManager::rollback_transaction(inner);
                }
                result
            }
            Self::Sqlite(_) => self.transaction(f),
        }
    }
}

/// What a second connection needs to read in the snapshot a first one's read transaction sees
/// ([`DbConn::share_snapshot`], [`DbConn::in_shared_snapshot`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SharedSnapshot {
    /// PostgreSQL: the snapshot exported by `pg_export_snapshot()`, imported exactly with
    /// `SET TRANSACTION SNAPSHOT`.
    Pg(String),
    /// SQLite has no snapshot to hand over through SQL: a second read transaction sees the same
    /// data when it reads the same database file and no write committed between the two
    /// transactions' first reads. Every write appends to the audit trail in its own transaction,
    /// so the trail's last event (`max(rowid)` of `audit_events`, never deleted) tells.
    Sqlite {
        /// The database file.
        file: String,
        /// The last audit event the first transaction sees (`None` before any).
        last_event: Option<i64>,
    },
}

#[derive(QueryableByName)]
struct Exported {
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Text>)]
    value: Option<String>,
}

#[derive(QueryableByName)]
struct Last {
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::BigInt>)]
    value: Option<i64>,
}

#[derive(QueryableByName)]
struct DatabaseFile {
    #[diesel(sql_type = diesel::sql_types::Text)]
    name: String,
    #[diesel(sql_type = diesel::sql_types::Text)]
    file: String,
}

/// The file of an SQLite connection's main database; `None` in memory (a second connection
/// would open another database).
fn sqlite_file(conn: &mut diesel::sqlite::SqliteConnection) -> Result<Option<String>, StoreError> {
    let files: Vec<DatabaseFile> = diesel::sql_query("PRAGMA database_list").load(conn)?;
    Ok(files
        .into_iter()
        .find(|f| f.name == "main")
        .map(|f| f.file)
        .filter(|f| !f.is_empty()))
}

/// The last audit event an SQLite read transaction sees; its first read, so it also fixes the
/// transaction's snapshot.
fn last_event(conn: &mut diesel::sqlite::SqliteConnection) -> Result<Option<i64>, StoreError> {
    let last: Last =
        diesel::sql_query("SELECT max(rowid) AS value FROM audit_events").get_result(conn)?;
    Ok(last.value)
}

impl DbConn {
    /// Inside [`DbConn::snapshot`]: what lets another connection read the same snapshot, or
    /// `None` when no other connection can (an SQLite database in memory, a PostgreSQL standby).
    /// This is the transaction's first read, which fixes its snapshot.
    pub fn share_snapshot(&mut self) -> Result<Option<SharedSnapshot>, StoreError> {
        match self {
            Self::Pg(inner) => {
                let id: Exported = diesel::sql_query(
                    "SELECT CASE WHEN pg_is_in_recovery() THEN NULL ELSE pg_export_snapshot() END AS value",
                )
                .get_result(inner)?;
                Ok(id.value.map(SharedSnapshot::Pg))
            }
            Self::Sqlite(inner) => {
                let last = last_event(inner)?;
                Ok(sqlite_file(inner)?.map(|file| SharedSnapshot::Sqlite {
                    file,
                    last_event: last,
                }))
            }
        }
    }

    /// Runs `f` in a read transaction that sees `shared`'s snapshot while the transaction that
    /// shared it is still open. `Ok(None)`, without running `f`, when this connection cannot see
    /// it: another backend or database file, or on SQLite a write committed since.
    pub fn in_shared_snapshot<T>(
        &mut self,
        shared: &SharedSnapshot,
        f: impl FnOnce(&mut DbConn) -> Result<T, StoreError>,
    ) -> Result<Option<T>, StoreError> {
        match (&mut *self, shared) {
            (Self::Pg(inner), SharedSnapshot::Pg(id)) => {
                AnsiTransactionManager::begin_transaction_sql(
                    inner,
                    "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
                )?;
                // The id is what `pg_export_snapshot()` returned (hex digits and dashes); bound
                // parameters are not accepted by SET TRANSACTION.
                let imported = if id.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-') {
                    inner
                        .batch_execute(&format!("SET TRANSACTION SNAPSHOT '{id}'"))
                        .map_err(StoreError::from)
                } else {
                    Err(StoreError::Corrupt(format!("snapshot id '{id}'")))
                };
                let result = match imported {
                    Ok(()) => f(self).map(Some),
                    Err(_) => Ok(None),
                };
                if let Self::Pg(inner) = self {
                    let _ = AnsiTransactionManager::rollback_transaction(inner);
                }
                result
            }
            (
                Self::Sqlite(inner),
                SharedSnapshot::Sqlite {
                    file,
                    last_event: last,
                },
            ) => {
                if sqlite_file(inner)?.as_ref() != Some(file) {
                    return Ok(None);
                }
                AnsiTransactionManager::begin_transaction_sql(inner, "BEGIN")?;
                let result = match last_event(inner) {
                    Ok(seen) if seen == *last => f(self).map(Some),
                    Ok(_) => Ok(None),
                    Err(e) => Err(e),
                };
                if let Self::Sqlite(inner) = self {
                    let _ = AnsiTransactionManager::rollback_transaction(inner);
                }
                result
            }
            _ => Ok(None),
        }
    }
}

/// r2d2 manager that establishes the backend the URL names.
#[derive(Debug, Clone)]
pub struct ConnectionManager {
    url: String,
}

impl ConnectionManager {
    /// A manager for `url`.
    pub fn new(url: impl Into<String>) -> Self {
        Self { url: url.into() }
    }
}

impl r2d2::ManageConnection for ConnectionManager {
    type Connection = DbConn;
    type Error = StoreError;

    fn connect(&self) -> Result<DbConn, StoreError> {
        establish(&self.url)
    }

    fn is_valid(&self, conn: &mut DbConn) -> Result<(), StoreError> {
        conn.ping().map_err(StoreError::from)
    }

    fn has_broken(&self, conn: &mut DbConn) -> bool {
        conn.is_broken()
    }
}

/// A pool of connections.
pub type Pool = r2d2::Pool<ConnectionManager>;
/// A connection checked out of the pool.
pub type PooledConn = r2d2::PooledConnection<ConnectionManager>;

/// Opens the database at `url`, runs pending migrations, then returns a pool of `size`.
pub fn connect(url: &str, size: u32) -> Result<Pool, StoreError> {
    let mut first = establish(url)?;
    first.migrate()?;
    drop(first);
    r2d2::Pool::builder()
        .max_size(size)
        .connection_timeout(Duration::from_secs(30))
        .build(ConnectionManager::new(url))
        .map_err(|e| StoreError::Connect(e.to_string()))
}
