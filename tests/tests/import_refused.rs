//! A refused import writes nothing at all: every row is checked before the first is written, so
//! on PostgreSQL a bad last line leaves no dead rows behind (they would stay in the table until
//! VACUUM), and on both backends nothing is stored.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use diesel::prelude::*;
use registry_tests::api_test;
use registry_tests::import_files as files;
use reqwest::StatusCode;

/// Bytes PostgreSQL holds for `table` (dead rows included); `None` on SQLite.
fn pg_relation_size(url: &str, table: &str) -> Option<i64> {
    if !url.starts_with("postgres") {
        return None;
    }
    let mut pg = diesel::pg::PgConnection::establish(url).unwrap();
    Some(
        diesel::select(diesel::dsl::sql::<diesel::sql_types::BigInt>(&format!(
            "pg_relation_size('{table}')"
        )))
        .get_result(&mut pg)
        .unwrap(),
    )
}

api_test!(a_file_refused_at_its_last_line_writes_no_row, |app| {
    let a = app.login("center-a@test").await;
    for table in ["patients", "imports"] {
        assert_eq!(pg_relation_size(&app.db.url, table).unwrap_or(0), 0);
    }
    // 2,500 good patients (more than two batches), then one with a month that does not exist.
    let mut file = files::patients("AAA", 2_500);
    file.push_str("AAA,BAD-1,female,1990-13,AD,,,yes,2024-01-10\n");
    let r = app
        .post_csv("/api/v1/imports/patients", &a, file.into_bytes())
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{:?}", r.body);
    assert_eq!(r.error_fields(), vec!["line 2502: birth_month"]);
    let listed = app.get("/api/v1/patients", &a).await;
    assert_eq!(listed.body["items"].as_array().map(Vec::len), Some(0));
    // Not one row was written and rolled back: the tables hold no page.
    for table in ["patients", "imports"] {
        assert_eq!(
            pg_relation_size(&app.db.url, table).unwrap_or(0),
            0,
            "{table} holds dead rows"
        );
    }
    // The same file without its bad line is stored whole.
    let r = app
        .post_csv(
            "/api/v1/imports/patients",
            &a,
            files::patients("AAA", 2_500).into_bytes(),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["rows_created"], 2_500);
});
