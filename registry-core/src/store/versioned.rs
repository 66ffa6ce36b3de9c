//! The shared life cycle of a clinical record: read in scope, edit against the version the caller
//! read, soft-delete with a reason, and audit each step. [`clinical_record!`] writes these
//! functions for one table, so every clinical table behaves identically.

/// Generates, inside a resource module, for `$table` with row type `$Row` (which has `id`,
/// `center_id`, `version`, `updated_at`, `updated_by`, `deleted_at`, `deleted_by` and
/// `delete_reason` fields and derives `Selectable`, `AsChangeset` and `Serialize`):
/// - `get(conn, scope, id)`: the row in scope, not deleted;
/// - `save_edit(conn, ctx, before, after, reason)`: writes `after` where the stored version is
///   still `before.version` (else [`StaleVersion`](super::StoreError::StaleVersion)) and audits;
/// - `delete(conn, ctx, scope, id, deletion)`: soft deletion, audited with its reason;
/// - `insert_audited(conn, ctx, rows)`: new rows in bulk, each with its create event;
/// - `audit_rows` and `stored_ids`: the rows as the record check of `audit verify` reads them.
#[macro_export]
macro_rules! clinical_record {
    ($table:ident, $Row:ty, $entity:literal) => {
        /// The record in `scope` (deleted ones and other centers' are not found).
        pub fn get(
            conn: &mut $crate::store::DbConn,
            scope: &$crate::store::Scope,
            id: &str,
        ) -> Result<$Row, $crate::store::StoreError> {
            use diesel::prelude::*;
            // Not boxed, so diesel caches the prepared statement of each variant.
            let q = $table::table
                .filter($table::id.eq(id))
                .filter($table::deleted_at.is_null())
                .select(<$Row>::as_select());
            let row = match scope {
                $crate::store::Scope::Center(center) => {
                    q.filter($table::center_id.eq(center)).first(conn)?
                }
                $crate::store::Scope::All => q.first(conn)?,
            };
            Ok(row)
        }

        /// Writes `after` (an edited copy of `before`) if nobody changed the record since
        /// `before` was read; bumps the version and audits before and after with `reason`.
        pub fn save_edit(
            conn: &mut $crate::store::DbConn,
            ctx: &$crate::store::WriteCtx,
            before: &$Row,
            mut after: $Row,
            reason: &str,
        ) -> Result<$Row, $crate::store::StoreError> {
            after.version = before.version + 1;
            after.updated_at = ctx.now;
            after.updated_by = ctx.actor.user_id.clone();
            write_version(conn, &after, before.version)?;
            $crate::store::audit::append(
                conn,
                ctx,
                $crate::store::audit::Entry {
                    entity: $entity,
                    entity_id: Some(after.id.clone()),
                    action: if after.deleted_at.is_some() {
                        "delete"
                    } else {
                        "update"
                    },
                    center_id: Some(after.center_id.clone()),
                    reason: Some(reason.to_owned()),
                    before: $crate::store::audit::json(before),
                    after: if after.deleted_at.is_some() {
                        None
                    } else {
                        $crate::store::audit::json(&after)
                    },
                },
            )?;
            Ok(after)
        }

        /// Soft-deletes the record: it leaves every read but stays in the table and the audit trail.
        pub fn delete(
            conn: &mut $crate::store::DbConn,
            ctx: &$crate::store::WriteCtx,
            scope: &$crate::store::Scope,
            id: &str,
            deletion: &$crate::store::Deletion,
        ) -> Result<(), $crate::store::StoreError> {
            let before = get(conn, scope, id)?;
            if before.version != deletion.expected_version {
                return Err($crate::store::StoreError::StaleVersion {
                    current: before.version,
                });
            }
            let mut after = before.clone();
            after.deleted_at = Some(ctx.now);
            after.deleted_by = Some(ctx.actor.user_id.clone());
            after.delete_reason = Some(deletion.reason.clone());
            save_edit(conn, ctx, &before, after, &deletion.reason)?;
            Ok(())
        }

        fn write_version(
            conn: &mut $crate::store::DbConn,
            row: &$Row,
            expected: i32,
        ) -> Result<(), $crate::store::StoreError> {
            use diesel::prelude::*;
            let n = diesel::update(
                $table::table
                    .filter($table::id.eq(&row.id))
                    .filter($table::version.eq(expected)),
            )
            .set(row)
            .execute(conn)?;
            if n == 1 {
                Ok(())
            } else {
                Err($crate::store::StoreError::StaleVersion {
                    current: expected + 1,
                })
            }
        }

        /// Stores new rows (checked by the caller: references, rules) in bulk and records the
        /// creation of each in the audit trail, as `create` would one by one: PostgreSQL's
        /// `COPY`, one prepared `INSERT` per row on SQLite, and the audit events appended
        /// together.
        #[allow(dead_code)]
        pub(crate) fn insert_audited(
            conn: &mut $crate::store::DbConn,
            ctx: &$crate::store::WriteCtx,
            rows: &[$Row],
        ) -> Result<(), $crate::store::StoreError> {
            if rows.is_empty() {
                return Ok(());
            }
            $crate::store::batch::insert_rows!(conn, $table::table, rows)?;
            let entries = $crate::store::batch::par_map(rows, |row| $crate::store::audit::Entry {
                entity: $entity,
                entity_id: Some(row.id.clone()),
                action: "create",
                center_id: Some(row.center_id.clone()),
                after: $crate::store::audit::json(row),
                ..Default::default()
            });
            $crate::store::audit::append_many(conn, ctx, entries)?;
            Ok(())
        }

        /// Up to `limit` rows (deleted ones too) with an id after `after`, by id, each with its
        /// JSON as the audit trail stores a record: the record check of
        /// [`audit::verify`]($crate::store::audit::verify).
        pub(crate) fn audit_rows(
            conn: &mut $crate::store::DbConn,
            after: &str,
            limit: i64,
        ) -> Result<Vec<(String, Option<String>)>, $crate::store::StoreError> {
            use diesel::prelude::*;
            let rows: Vec<$Row> = $table::table
                .filter($table::id.gt(after))
                .order($table::id)
                .limit(limit)
                .select(<$Row>::as_select())
                .load(conn)?;
            Ok(rows
                .iter()
                .map(|r| (r.id.clone(), $crate::store::audit::json(r)))
                .collect())
        }

        /// Which of `ids` have a row (deleted or not).
        pub(crate) fn stored_ids(
            conn: &mut $crate::store::DbConn,
            ids: &[String],
        ) -> Result<Vec<String>, $crate::store::StoreError> {
            use diesel::prelude::*;
            Ok($table::table
                .filter($table::id.eq_any(ids))
                .select($table::id)
                .load(conn)?)
        }

        /// Records the creation of `row` in the audit trail.
        #[allow(dead_code)]
        fn audit_create(
            conn: &mut $crate::store::DbConn,
            ctx: &$crate::store::WriteCtx,
            row: &$Row,
        ) -> Result<(), $crate::store::StoreError> {
            $crate::store::audit::append(
                conn,
                ctx,
                $crate::store::audit::Entry {
                    entity: $entity,
                    entity_id: Some(row.id.clone()),
                    action: "create",
                    center_id: Some(row.center_id.clone()),
                    after: $crate::store::audit::json(row),
                    ..Default::default()
                },
            )?;
            Ok(())
        }
    };
}
