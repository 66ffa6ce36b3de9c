//! Helpers shared by the end-to-end suites in `tests/tests/`.
//!
//! Every database suite runs on both backends: [`db_test!`] turns one test body into a `sqlite`
//! and a `postgres` test. Each test gets its own fresh database: a temporary SQLite file, or a
//! new PostgreSQL database created on the server named by `REGISTRY_TEST_POSTGRES_URL` and
//! dropped afterwards. Without that variable the PostgreSQL variants say so and return, except
//! under CI (the `CI` variable set): there they fail, so a CI that lost the variable cannot pass
//! without PostgreSQL. `.ci/run` always sets it.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

pub mod app;
pub mod fixtures;
pub mod import_files;
pub mod openapi;
pub mod release;
pub mod report_cohort;

use diesel::Connection;
use diesel::connection::SimpleConnection;
use registry_core::store::{self, Actor, DbConn, WriteCtx};

/// The environment variable naming a PostgreSQL server for the tests.
pub const POSTGRES_ENV: &str = "REGISTRY_TEST_POSTGRES_URL";

/// A fresh, migrated database for one test.
pub struct TestDb {
    pub url: String,
    pg: Option<(String, String)>,
    _dir: Option<tempfile::TempDir>,
}

impl TestDb {
    /// A new SQLite file in a temporary directory.
    pub fn sqlite() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("registry.db").display());
        let db = Self {
            url,
            pg: None,
            _dir: Some(dir),
        };
        db.conn().migrate().unwrap();
        db
    }

    /// A new PostgreSQL database, or `None` when no server is configured (outside CI; under CI
    /// a missing server is a failure).
    pub fn postgres() -> Option<Self> {
        let admin = postgres_server(
            std::env::var(POSTGRES_ENV).ok(),
            std::env::var_os("CI").is_some(),
        )
        .unwrap_or_else(|e| panic!("{e}"))?;
        let name = format!("registry_test_{}", uuid::Uuid::new_v4().simple());
        let mut conn = diesel::pg::PgConnection::establish(&admin)
            .unwrap_or_else(|e| panic!("{POSTGRES_ENV} is set but PostgreSQL is unreachable: {e}"));
        conn.batch_execute(&format!("CREATE DATABASE {name}"))
            .unwrap();
        let base = admin.rsplit_once('/').map_or(admin.as_str(), |(b, _)| b);
        // No TLS to the test server: a server of an ended test lives on in its worker threads
        // until the process exits, and its pool keeps reconnecting to the dropped database; a
        // TLS handshake under way while OpenSSL's exit handler frees its state crashed the
        // process after all its tests had passed.
        let url = format!("{base}/{name}?sslmode=disable");
        let db = Self {
            url,
            pg: Some((admin, name)),
            _dir: None,
        };
        db.conn().migrate().unwrap();
        Some(db)
    }

    /// Which backend this is, for messages.
    pub fn backend(&self) -> store::Backend {
        store::Backend::from_url(&self.url).unwrap()
    }

    /// A new connection.
    pub fn conn(&self) -> DbConn {
        store::establish(&self.url).unwrap()
    }

    /// A pool of `size` connections.
    pub fn pool(&self, size: u32) -> store::Pool {
        store::connect(&self.url, size).unwrap()
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some((admin, name)) = &self.pg
            && let Ok(mut conn) = diesel::pg::PgConnection::establish(admin)
        {
            let _ = conn.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
        }
    }
}

/// The PostgreSQL server the tests use: `url` (the value of [`POSTGRES_ENV`]) when set; when it
/// is not, `None` (the PostgreSQL variants are skipped), or an error when running under CI.
pub fn postgres_server(url: Option<String>, ci: bool) -> Result<Option<String>, String> {
    match url.filter(|s| !s.trim().is_empty()) {
        Some(url) => Ok(Some(url)),
        None if ci => Err(format!(
            "CI is set but {POSTGRES_ENV} is not: the PostgreSQL variants would pass without \
             running; set it to a PostgreSQL server (see .ci/run)"
        )),
        None => Ok(None),
    }
}

/// A write context for the system actor.
pub fn system_ctx() -> WriteCtx {
    WriteCtx::new(Actor::system())
}

/// Runs one test body on SQLite and on PostgreSQL: `db_test!(name, |db| { … })` makes the tests
/// `name::sqlite` and `name::postgres`, each with its own fresh [`TestDb`].
#[macro_export]
macro_rules! db_test {
    ($name:ident, |$db:ident| $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            #[test]
            fn sqlite() {
                let $db = $crate::TestDb::sqlite();
                $body
            }

            #[test]
            fn postgres() {
                let Some($db) = $crate::TestDb::postgres() else {
                    eprintln!(
                        "PostgreSQL variant not run: {} is not set",
                        $crate::POSTGRES_ENV
                    );
                    return;
                };
                $body
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn under_ci_a_missing_postgres_server_fails() {
        assert!(postgres_server(None, true).is_err());
        assert!(postgres_server(Some(String::new()), true).is_err());
        assert_eq!(postgres_server(None, false), Ok(None));
        let url = "postgres://postgres@127.0.0.1:5432/postgres".to_owned();
        assert_eq!(postgres_server(Some(url.clone()), true), Ok(Some(url)));
    }
}
