//! Running blocking diesel work off the async executor.

use registry_core::store::{self, DbConn, Pool, WriteCtx};

use crate::error::ApiError;

/// The pool, shared by handlers; [`Db::run`] gives a closure a connection on a blocking thread.
#[derive(Clone)]
pub struct Db {
    pool: Pool,
}

impl Db {
    /// Wraps a pool.
    pub fn new(pool: Pool) -> Self {
        Self { pool }
    }

    /// The pool (for metrics and readiness).
    pub fn pool(&self) -> &Pool {
        &self.pool
    }

    /// Runs `f` with a pooled connection in `web::block`.
    pub async fn run<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        F: FnOnce(&mut DbConn) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        let pool = self.pool.clone();
        actix_web::web::block(move || {
            let mut conn = pool
                .get()
                .map_err(|e| ApiError::Unavailable(e.to_string()))?;
            f(&mut conn)
        })
        .await?
    }

    /// [`Db::run`] with a second connection when one is free at once (`None` otherwise: a busy
    /// pool is never waited on for it), for reads that can use two (a cohort read:
    /// `registry_core::store::cohort::read`).
    pub async fn run_with_helper<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        F: FnOnce(&mut DbConn, Option<&mut DbConn>) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        let pool = self.pool.clone();
        self.run(move |conn| {
            let mut helper = pool.try_get();
            f(conn, helper.as_deref_mut())
        })
        .await
    }

    /// [`Db::run`], waiting at most `wait` for a pooled connection (readiness must answer
    /// quickly, also when every connection is busy).
    pub async fn run_within<T, F>(&self, wait: std::time::Duration, f: F) -> Result<T, ApiError>
    where
        F: FnOnce(&mut DbConn) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        let pool = self.pool.clone();
        actix_web::web::block(move || {
            let mut conn = pool.get_timeout(wait).map_err(|_| {
                ApiError::Unavailable(format!(
                    "no database connection became free within {} s",
                    wait.as_secs()
                ))
            })?;
            f(&mut conn)
        })
        .await?
    }

    /// [`Db::run`] of one write transaction as `ctx`, its audit events appended at the commit
    /// ([`store::write_deferred`]): what a page's form does with the function its API handler
    /// calls.
    pub async fn write<T, F>(&self, ctx: WriteCtx, f: F) -> Result<T, ApiError>
    where
        F: FnOnce(&mut DbConn, &WriteCtx) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        self.run(move |conn| store::write_deferred(conn, &ctx, f))
            .await
    }
}
