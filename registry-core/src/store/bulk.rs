//! Many new rows in few statements, for imports: PostgreSQL's binary `COPY` (through
//! `diesel::copy_from`, no bind parameters at all), and on SQLite one prepared `INSERT` run per
//! row (see [`super::batch`]). The rows are
//! written as they are: the caller has checked them (scope, identity, rules) and audits them (see
//! [`super::imports`]).

use super::schema::visits;
use super::visits::VisitRow;
use super::{DbConn, StoreError};

/// Inserts new visits; returns how many were written.
pub fn insert_visits(conn: &mut DbConn, rows: &[VisitRow]) -> Result<usize, StoreError> {
    Ok(super::batch::insert_rows!(conn, visits::table, rows)?)
}
