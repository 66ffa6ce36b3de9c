//! Bulk imports: one `imports` row per import that stored something, which every row it created
//! or updated names in its `import_id`, and one audit event for the import as a whole.
//!
//! **Audit.** Rows *created* by an import get no audit event of their own: the import's event
//! (who, when, which file by SHA-256, how many rows of which kind, created, updated, skipped,
//! failed) covers them, and each row names the import in `import_id`, so "where did this row come
//! from" is answered by `row → imports → audit event`. A created row is exactly what the file
//! said (nothing about it is "before"), so a per-row event would repeat the row and cost as much
//! as the row itself, halving the import rate for no information. Rows an import *changes*
//! (`on_conflict=update`) are edits of existing records and get their own event with before,
//! after and the reason, as every edit does.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use super::audit::{self, Entry};
use super::schema::imports;
use super::{DbConn, StoreError, WriteCtx};

/// A stored import.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, Serialize)]
#[diesel(table_name = imports)]
pub struct ImportRow {
    /// Id (also the `import_id` of every row it stored).
    pub id: String,
    /// The center imported into.
    pub center_id: String,
    /// What kind of rows (`visits`, `patients`, …).
    pub kind: String,
    /// SHA-256 of the file as received (hex).
    pub file_sha256: String,
    /// `all-or-nothing` or `valid-rows`.
    pub mode: String,
    /// Data rows in the file.
    pub rows_total: i64,
    /// Rows stored as new records.
    pub rows_created: i64,
    /// Stored records changed (`on_conflict=update`).
    pub rows_updated: i64,
    /// Rows already stored identically.
    pub rows_skipped: i64,
    /// Rows refused (errors and unresolved conflicts).
    pub rows_failed: i64,
    /// The actor (user id, or `system` for the command line).
    pub created_by: String,
    /// When (UTC).
    pub created_at: NaiveDateTime,
}

/// What an import did, row by row, as counted at its end.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ImportCounts {
    /// Data rows read.
    pub total: i64,
    /// New records.
    pub created: i64,
    /// Records changed.
    pub updated: i64,
    /// Rows already stored identically.
    pub skipped: i64,
    /// Rows refused.
    pub failed: i64,
}

/// Starts an import in the caller's transaction: stores its row (counts zero) so the rows it
/// writes can name it. `ctx.import_id` must be the new import's id.
pub fn begin(
    conn: &mut DbConn,
    ctx: &WriteCtx,
    center_id: &str,
    kind: &str,
    mode: &str,
) -> Result<ImportRow, StoreError> {
    let id = ctx
        .import_id
        .clone()
        .ok_or_else(|| StoreError::Config("an import needs WriteCtx::import_id".into()))?;
    let row = ImportRow {
        id,
        center_id: center_id.to_owned(),
        kind: kind.to_owned(),
        file_sha256: String::new(),
        mode: mode.to_owned(),
        rows_total: 0,
        rows_created: 0,
        rows_updated: 0,
        rows_skipped: 0,
        rows_failed: 0,
        created_by: ctx.actor.user_id.clone(),
        created_at: ctx.now,
    };
    diesel::insert_into(imports::table)
        .values(&row)
        .execute(conn)?;
    Ok(row)
}

/// Finishes an import: records the file's SHA-256 and the counts, and appends the import's one
/// audit event (to the center's chain) in the same transaction.
pub fn finish(
    conn: &mut DbConn,
    ctx: &WriteCtx,
    mut row: ImportRow,
    file_sha256: &str,
    counts: ImportCounts,
) -> Result<ImportRow, StoreError> {
    row.file_sha256 = file_sha256.to_owned();
    row.rows_total = counts.total;
    row.rows_created = counts.created;
    row.rows_updated = counts.updated;
    row.rows_skipped = counts.skipped;
    row.rows_failed = counts.failed;
    diesel::update(imports::table.find(&row.id))
        .set((
            imports::file_sha256.eq(&row.file_sha256),
            imports::rows_total.eq(row.rows_total),
            imports::rows_created.eq(row.rows_created),
            imports::rows_updated.eq(row.rows_updated),
            imports::rows_skipped.eq(row.rows_skipped),
            imports::rows_failed.eq(row.rows_failed),
        ))
        .execute(conn)?;
    audit::append(
        conn,
        ctx,
        Entry {
            entity: "import",
            entity_id: Some(row.id.clone()),
            action: "import",
            center_id: Some(row.center_id.clone()),
            after: super::audit::json(&row),
            ..Default::default()
        },
    )?;
    Ok(row)
}

/// The imports of a center, newest first.
pub fn for_center(conn: &mut DbConn, center_id: &str) -> Result<Vec<ImportRow>, StoreError> {
    Ok(imports::table
        .filter(imports::center_id.eq(center_id))
        .order((imports::created_at.desc(), imports::id.desc()))
        .select(ImportRow::as_select())
        .load(conn)?)
}
