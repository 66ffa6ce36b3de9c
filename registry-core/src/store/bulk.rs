//! Many new rows in few statements, for imports: PostgreSQL's binary `COPY` (through
//! `diesel::copy_from`, no bind parameters at all), and on SQLite multi-row `INSERT`s sized to
//! stay under its limit of 32,766 bind parameters per statement. The rows are written as they
//! are: the caller has checked them (scope, identity, rules) and audits them (see
//! [`super::imports`]).

use diesel::prelude::*;

use super::schema::visits;
use super::visits::VisitRow;
use super::{DbConn, StoreError};

/// The most bind parameters one SQLite statement may carry.
pub const SQLITE_MAX_PARAMS: usize = 32_766;
/// The most bind parameters one PostgreSQL statement may carry.
pub const PG_MAX_PARAMS: usize = 65_535;

/// Columns of `visits` (bind parameters per row of a multi-row `INSERT`).
const VISIT_COLUMNS: usize = 38;

/// Rows per multi-row `INSERT` for a table of `columns` columns on SQLite.
pub const fn sqlite_rows_per_insert(columns: usize) -> usize {
    SQLITE_MAX_PARAMS / columns
}

/// Inserts new visits; returns how many were written.
pub fn insert_visits(conn: &mut DbConn, rows: &[VisitRow]) -> Result<usize, StoreError> {
    if rows.is_empty() {
        return Ok(0);
    }
    match conn {
        DbConn::Pg(pg) => Ok(diesel::copy_from(visits::table)
            .from_insertable(rows)
            .execute(pg)?),
        DbConn::Sqlite(lite) => {
            let mut written = 0;
            for chunk in rows.chunks(sqlite_rows_per_insert(VISIT_COLUMNS)) {
                written += diesel::insert_into(visits::table)
                    .values(chunk)
                    .execute(lite)?;
            }
            Ok(written)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_sqlite_insert_stays_under_the_parameter_limit() {
        let rows = sqlite_rows_per_insert(VISIT_COLUMNS);
        assert!(rows * VISIT_COLUMNS <= SQLITE_MAX_PARAMS);
        assert!((rows + 1) * VISIT_COLUMNS > SQLITE_MAX_PARAMS);
    }
}
