//! The two backends' migrated schemas have the same tables, columns and nullability; the
//! bundled SQLite is built with the options `.cargo/config.toml` gives.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::collections::BTreeSet;

use diesel::prelude::*;
use diesel::sql_types::{Bool, Text};
use registry_core::store::DbConn;
use registry_tests::TestDb;

#[derive(QueryableByName, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Column {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    column_name: String,
    #[diesel(sql_type = Bool)]
    not_null: bool,
}

fn columns(conn: &mut DbConn) -> BTreeSet<(String, String, bool)> {
    let rows: Vec<Column> = match conn {
        DbConn::Sqlite(c) => diesel::sql_query(
            "SELECT m.name AS table_name, p.name AS column_name, (p.\"notnull\" = 1 OR p.pk > 0) AS not_null
             FROM sqlite_master m JOIN pragma_table_info(m.name) p
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name <> '__diesel_schema_migrations'",
        )
        .load(c)
        .unwrap(),
        DbConn::Pg(c) => diesel::sql_query(
            "SELECT table_name::text AS table_name, column_name::text AS column_name, (is_nullable = 'NO') AS not_null
             FROM information_schema.columns
             WHERE table_schema = 'public' AND table_name <> '__diesel_schema_migrations'",
        )
        .load(c)
        .unwrap(),
    };
    rows.into_iter()
        .map(|c| (c.table_name, c.column_name, c.not_null))
        .collect()
}

#[test]
fn both_backends_have_the_same_tables_columns_and_nullability() {
    let sqlite = TestDb::sqlite();
    let Some(pg) = TestDb::postgres() else {
        eprintln!("not compared: {} is not set", registry_tests::POSTGRES_ENV);
        return;
    };
    let lite = columns(&mut sqlite.conn());
    let post = columns(&mut pg.conn());
    assert!(
        lite.len() > 100,
        "the schema was read ({} columns)",
        lite.len()
    );
    let only_lite: Vec<_> = lite.difference(&post).collect();
    let only_pg: Vec<_> = post.difference(&lite).collect();
    assert!(
        only_lite.is_empty() && only_pg.is_empty(),
        "only SQLite: {only_lite:?}\nonly PostgreSQL: {only_pg:?}"
    );
}

#[test]
fn the_diesel_schema_names_every_migrated_column() {
    let db = TestDb::sqlite();
    let migrated: BTreeSet<(String, String)> = columns(&mut db.conn())
        .into_iter()
        .map(|(t, c, _)| (t, c))
        .collect();
    let schema = include_str!("../../registry-core/src/store/schema.rs");
    let mut declared = BTreeSet::new();
    let mut table = String::new();
    for line in schema.lines().map(str::trim) {
        if let Some(rest) = line.strip_suffix('{').map(str::trim) {
            if let Some((name, _)) = rest.split_once(' ')
                && !name.contains("::")
            {
                table = name.to_owned();
            }
        } else if line.starts_with("diesel::") {
            continue;
        } else if let Some((col, _)) = line.split_once(" -> ") {
            declared.insert((table.clone(), col.to_owned()));
        }
    }
    let undeclared: Vec<_> = migrated.difference(&declared).collect();
    let unmigrated: Vec<_> = declared.difference(&migrated).collect();
    assert!(declared.len() > 100, "schema.rs was read");
    assert!(
        undeclared.is_empty() && unmigrated.is_empty(),
        "not in schema.rs: {undeclared:?}\nnot migrated: {unmigrated:?}"
    );
}

#[derive(QueryableByName)]
struct CompileOption {
    #[diesel(sql_type = Text)]
    compile_options: String,
}

/// The bundled SQLite is built as `.cargo/config.toml` asks: multi-thread mode (no mutex per
/// call on a connection), no memory statistics (no global mutex per allocation), and a page
/// cache per connection (no process-wide cache behind one mutex).
#[test]
fn the_bundled_sqlite_takes_no_mutex_per_call() {
    let db = TestDb::sqlite();
    let options: BTreeSet<String> = diesel::sql_query("PRAGMA compile_options")
        .load::<CompileOption>(&mut db.conn())
        .unwrap()
        .into_iter()
        .map(|o| o.compile_options)
        .collect();
    assert!(options.contains("THREADSAFE=2"), "{options:?}");
    assert!(options.contains("DEFAULT_MEMSTATUS=0"), "{options:?}");
    assert!(!options.contains("ENABLE_MEMORY_MANAGEMENT"), "{options:?}");
}
