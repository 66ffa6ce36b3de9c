//! A large visit file with one bad row: by default nothing is stored and the row is named; in
//! `valid-rows` mode every other row is. The file has 50,000 rows (500 patients × 100 visits,
//! about 4 MB): the shape of a center's backfill, sized so a debug build checks it in seconds.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use diesel::prelude::*;
use registry_core::store::schema::imports;
use registry_core::store::{Scope, audit, visits};
use registry_tests::api_test;
use registry_tests::import_files as files;

const PATIENTS: usize = 500;
const PER_PATIENT: usize = 100;
/// The bad row: index 37,122 of the data rows (patient 122, an AA patient), line 37,124.
const BAD_INDEX: usize = 37_122;

fn file_with_one_bad_row() -> String {
    let mut s = files::visits_header();
    for k in 0..PATIENTS * PER_PATIENT {
        let (day, i) = (k / PATIENTS, k % PATIENTS);
        let row = files::visit("AAA", i, day * 14);
        if k == BAD_INDEX {
            // SALT top view 150 %: a percentage above 100.
            let mut cells: Vec<&str> = row.trim_end().split(',').collect();
            cells[4] = "150";
            s.push_str(&cells.join(","));
            s.push('\n');
        } else {
            s.push_str(&row);
        }
    }
    s
}

api_test!(one_bad_row_rejects_the_file_and_is_named, |app| {
    let token = app.login("center-a@test").await;
    let r = app
        .post_csv(
            "/api/v1/imports/patients",
            &token,
            files::patients("AAA", PATIENTS),
        )
        .await;
    assert_eq!(r.status, 200, "{:#?}", r.body);
    let file = file_with_one_bad_row();
    assert!(file.len() > 1 << 20, "larger than the JSON body limit");

    let r = app
        .post_csv("/api/v1/imports/visits", &token, file.clone())
        .await;
    assert_eq!(r.status, 422, "{:#?}", r.body["detail"]);
    let line = (BAD_INDEX + 2) as u64;
    assert_eq!(
        r.body["rows"].as_array().unwrap().len(),
        1,
        "{:#?}",
        r.body["rows"]
    );
    assert_eq!(r.body["rows"][0]["line"], line);
    assert_eq!(r.body["rows"][0]["column"], "salt_top");
    assert_eq!(r.error_fields(), vec![format!("line {line}: salt_top")]);
    assert_eq!(r.body["report"]["rows_total"], PATIENTS * PER_PATIENT);
    let mut conn = app.db.conn();
    let scope = Scope::Center(app.center_a.clone());
    assert_eq!(
        visits::count(&mut conn, &scope).unwrap(),
        0,
        "nothing stored"
    );
    let n: i64 = imports::table.count().get_result(&mut conn).unwrap();
    assert_eq!(n, 1, "only the patients' import");

    let r = app
        .post_csv("/api/v1/imports/visits?mode=valid-rows", &token, file)
        .await;
    assert_eq!(r.status, 200, "{:#?}", r.body["errors"]);
    assert_eq!(r.body["rows_created"], PATIENTS * PER_PATIENT - 1);
    assert_eq!(r.body["rows_failed"], 1);
    assert_eq!(r.body["errors"][0]["line"], line);
    let stored = visits::count(&mut conn, &scope).unwrap();
    assert_eq!(stored, (PATIENTS * PER_PATIENT - 1) as i64);
    assert!(audit::verify(&mut conn).unwrap().is_intact());
});
