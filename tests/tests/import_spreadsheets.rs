//! CSV files as spreadsheets write them: `;` separators with a byte-order mark and CRLF line
//! ends, any subset of a kind's optional columns, unknown columns named, cells and dates that
//! say what is wrong in line order, a record given twice named with its first line, and a
//! template per kind that imports as it is.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use registry_tests::api_test;
use registry_tests::app::TestApp;

const PATIENTS: &str = "center,patient,sex,birth_month,diagnosis,aa_subtype,episode_start,consent_research,consent_date\n";

/// The `message`s of a refused import's `rows` at `line` (all lines when `None`).
fn messages(body: &serde_json::Value) -> Vec<(u64, String, String)> {
    body["rows"]
        .as_array()
        .unwrap_or(&Vec::new())
        .iter()
        .map(|e| {
            (
                e["line"].as_u64().unwrap(),
                e["column"].as_str().unwrap().to_owned(),
                e["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

async fn template(app: &TestApp, token: &str, kind: &str) -> (u16, String, String) {
    let resp = app
        .client
        .get(format!("{}/api/v1/imports/{kind}/template", app.base))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    let status = resp.status().as_u16();
    let content_type = resp
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (status, content_type, resp.text().await.unwrap())
}

api_test!(every_template_imports_as_it_is, |app| {
    let token = app.login("center-a@test").await;
    for kind in ["patients", "treatments", "visits", "labs", "adverse_events"] {
        let (status, content_type, text) = template(&app, &token, kind).await;
        assert_eq!(status, 200, "{kind}: {text}");
        assert!(content_type.starts_with("text/csv"), "{content_type}");
        assert_eq!(text.lines().count(), 2, "{text}");
        assert!(
            text.lines().nth(1).unwrap().starts_with("AAA,EXAMPLE-1,"),
            "{text}"
        );
        let r = app
            .post_csv(&format!("/api/v1/imports/{kind}"), &token, text.clone())
            .await;
        assert_eq!(r.status, 200, "{kind}: {text}\n{:#?}", r.body);
        assert_eq!(r.body["rows_created"], 1, "{kind}: {:#?}", r.body);
    }
    let (status, _, _) = template(&app, &token, "vaccinations").await;
    assert_eq!(status, 404);
    // A coordinator (no center) gets the template too, for the center code `CENTER`.
    let coordinator = app.login("coordinator@test").await;
    let (status, _, text) = template(&app, &coordinator, "labs").await;
    assert_eq!(status, 200);
    assert!(text.contains("\r\nCENTER,EXAMPLE-1,"), "{text}");
});

api_test!(
    semicolons_a_bom_and_crlf_are_read_as_excel_writes_them,
    |app| {
        let token = app.login("center-a@test").await;
        let file = "\u{feff}center;patient;sex;birth_month;diagnosis;consent_research;consent_date\r\n\
                AAA;S1;female;1990-03;AD;yes;2024-01-10\r\n\
                AAA;\"S;2\";male;1985-11;AD;no;\r\n";
        let r = app.post_csv("/api/v1/imports/patients", &token, file).await;
        assert_eq!(r.status, 200, "{:#?}", r.body);
        assert_eq!(r.body["rows_created"], 2, "{:#?}", r.body);
        let found = app.get("/api/v1/patients?limit=100", &token).await;
        let refs: Vec<&str> = found.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|p| p["local_ref"].as_str())
            .collect();
        assert!(refs.contains(&"S;2"), "{refs:?}");

        // What cannot be read is named: lines ending in CR alone, UTF-16 text, another separator.
        for (body, says) in [
        (
            b"center,patient,sex\rAAA,X,female\r".to_vec(),
            "carriage return",
        ),
        (vec![0xFF, 0xFE, b'c', 0, b'\n', 0], "UTF-16"),
        (
            b"center|patient|sex|birth_month|diagnosis|consent_research\nAAA|X|female|1990-01|AD|no\n"
                .to_vec(),
            "read as the one column",
        ),
    ] {
        let r = app.post_csv("/api/v1/imports/patients", &token, body).await;
        assert_eq!(r.status, 400, "{:#?}", r.body);
        let text = r.body["errors"].to_string();
        assert!(text.contains(says), "{says}: {text}");
    }
    }
);

api_test!(
    optional_columns_may_be_left_out_and_unknown_ones_are_named,
    |app| {
        let token = app.login("center-a@test").await;
        let patients =
            format!("{PATIENTS}AAA,V1,female,1990-03,AA,patchy,2023-01-01,yes,2024-01-10\n");
        let r = app
            .post_csv("/api/v1/imports/patients", &token, patients)
            .await;
        assert_eq!(r.status, 200, "{:#?}", r.body);

        // A center recording SALT only sends four columns.
        let visits = "center,patient,visit_date,salt_total\nAAA,V1,2024-03-01,40\n";
        let r = app.post_csv("/api/v1/imports/visits", &token, visits).await;
        assert_eq!(r.status, 200, "{:#?}", r.body);
        assert_eq!(r.body["rows_created"], 1, "{:#?}", r.body);

        // A column the kind does not know refuses the file, by name.
        let visits = "center,patient,visit_date,salt_total,salt_totl\nAAA,V1,2024-04-01,40,41\n";
        let r = app.post_csv("/api/v1/imports/visits", &token, visits).await;
        assert_eq!(r.status, 400, "{:#?}", r.body);
        let text = r.body["errors"].to_string();
        assert!(text.contains("unknown column(s) salt_totl"), "{text}");

        // A required column left out is named too.
        let r = app
            .post_csv(
                "/api/v1/imports/labs",
                &token,
                "center,patient,analyte,value\nAAA,V1,hb,8\n",
            )
            .await;
        assert_eq!(r.status, 400, "{:#?}", r.body);
        assert!(
            r.body["errors"].to_string().contains("sample_date"),
            "{:#?}",
            r.body
        );
    }
);

api_test!(bad_cells_say_what_is_wrong_in_line_order, |app| {
    let token = app.login("center-a@test").await;
    let file = format!(
        "{PATIENTS}\
         AAA,D1,female,1990-03,AD,,,yes,2024-01-10\n\
         AAA,D2,,1990-03,AD,,,yes,2024-01-10\n\
         AAA,D1,female,1990-03,AD,,,yes,2024-01-10\n\
         AAA,D3,female,1990-03\n\
         AAA,D4,female,1990-03,AD,,,yes,2023-02-30\n"
    );
    let r = app.post_csv("/api/v1/imports/patients", &token, file).await;
    assert_eq!(r.status, 422, "{:#?}", r.body);
    let rows = messages(&r.body);
    let lines: Vec<u64> = rows.iter().map(|r| r.0).collect();
    assert_eq!(lines, vec![3, 4, 5, 6], "{rows:#?}");
    assert_eq!(rows[0].1, "sex");
    assert!(rows[0].2.starts_with("the cell is empty"), "{rows:#?}");
    assert_eq!(rows[1].1, "patient");
    assert!(
        rows[1].2.contains("patient D1 is already on line 2"),
        "{rows:#?}"
    );
    assert!(
        rows[2].2.contains("cells where the header has"),
        "{rows:#?}"
    );
    assert_eq!(rows[3].1, "consent_date");
    assert!(
        rows[3].2.contains("February 2023 has 28 days, not 30"),
        "{rows:#?}"
    );

    // Across batches (1,000 rows each) too, and in valid-rows mode the first is stored.
    let mut file = String::from(PATIENTS);
    for i in 0..1_200 {
        file.push_str(&format!("AAA,B{i},female,1990-03,AD,,,no,\n"));
    }
    file.push_str("AAA,B7,female,1990-03,AD,,,no,\n");
    let r = app
        .post_csv("/api/v1/imports/patients?mode=valid-rows", &token, file)
        .await;
    assert_eq!(r.status, 200, "{:#?}", r.body);
    assert_eq!(r.body["rows_created"], 1_200, "{:#?}", r.body);
    assert_eq!(
        r.body["errors"][0]["line"], 1_202,
        "{:#?}",
        r.body["errors"]
    );
    assert!(
        r.body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("already on line 9"),
        "{:#?}",
        r.body["errors"]
    );
});

api_test!(
    a_conflict_shows_the_stored_value_next_to_the_file_s,
    |app| {
        let token = app.login("center-a@test").await;
        let patients =
            format!("{PATIENTS}AAA,C1,female,1990-03,AA,patchy,2023-01-01,yes,2024-01-10\n");
        let r = app
            .post_csv("/api/v1/imports/patients", &token, patients)
            .await;
        assert_eq!(r.status, 200, "{:#?}", r.body);
        let visits = "center,patient,visit_date,salt_total,wig\nAAA,C1,2024-03-01,40,no\n";
        let r = app.post_csv("/api/v1/imports/visits", &token, visits).await;
        assert_eq!(r.status, 200, "{:#?}", r.body);

        let patients =
            format!("{PATIENTS}AAA,C1,male,1990-03,AA,patchy,2023-01-01,yes,2024-01-10\n");
        let r = app
            .post_csv("/api/v1/imports/patients", &token, patients)
            .await;
        assert_eq!(r.status, 409, "{:#?}", r.body);
        assert_eq!(
            r.body["conflicts"][0]["values"],
            serde_json::json!([{"column": "sex", "stored": "female", "file": "male"}]),
            "{:#?}",
            r.body
        );

        let visits = "center,patient,visit_date,salt_total,wig\nAAA,C1,2024-03-01,55,\n";
        let r = app.post_csv("/api/v1/imports/visits", &token, visits).await;
        assert_eq!(r.status, 409, "{:#?}", r.body);
        let values = &r.body["conflicts"][0]["values"];
        assert_eq!(values[0]["column"], "salt_total", "{values:#?}");
        assert_eq!(values[0]["stored"], "40", "{values:#?}");
        assert_eq!(values[0]["file"], "55", "{values:#?}");
        assert_eq!(
            values[1],
            serde_json::json!({"column": "wig", "stored": "no", "file": ""}),
            "{values:#?}"
        );
    }
);

api_test!(
    a_qualitative_lab_result_has_the_api_name_and_the_former_column_still_reads,
    |app| {
        let token = app.login("center-a@test").await;
        let patients = format!("{PATIENTS}AAA,Q1,female,1990-03,AD,,,yes,2024-01-10\n");
        let r = app
            .post_csv("/api/v1/imports/patients", &token, patients)
            .await;
        assert_eq!(r.status, 200, "{:#?}", r.body);

        // Only qualitative tests: `result`, no `value` column at all.
        let only = "center,patient,sample_date,analyte,result\n\
                    AAA,Q1,2024-02-01,hiv,negative\n";
        let r = app.post_csv("/api/v1/imports/labs", &token, only).await;
        assert_eq!(r.status, 200, "{:#?}", r.body);
        assert_eq!(r.body["rows_created"], 1, "{:#?}", r.body);

        // Both kinds in one file; a file written before `result` existed keeps `value`.
        let both = "center,patient,sample_date,analyte,value,unit,result\n\
                    AAA,Q1,2024-02-01,hb,8.0,mmol/L,\n\
                    AAA,Q1,2024-02-01,hbv,,,positive\n\
                    AAA,Q1,2024-02-01,hcv,negative,,\n";
        let r = app.post_csv("/api/v1/imports/labs", &token, both).await;
        assert_eq!(r.status, 200, "{:#?}", r.body);
        assert_eq!(r.body["rows_created"], 3, "{:#?}", r.body);

        let id = app.get("/api/v1/patients?local_ref=Q1", &token).await.body["items"][0]["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let labs = app
            .get(&format!("/api/v1/patients/{id}/labs"), &token)
            .await;
        let stored: Vec<(String, String)> = labs.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| {
                (
                    l["analyte"].as_str().unwrap().to_owned(),
                    l["result"].as_str().unwrap_or("").to_owned(),
                )
            })
            .collect();
        for (analyte, result) in [
            ("hiv", "negative"),
            ("hbv", "positive"),
            ("hcv", "negative"),
        ] {
            assert!(
                stored.contains(&(analyte.to_owned(), result.to_owned())),
                "{analyte}: {stored:?}"
            );
        }

        // A bad result is named in the column it was read from.
        let bad = "center,patient,sample_date,analyte,value,result\n\
                   AAA,Q1,2024-03-01,hiv,,maybe\n\
                   AAA,Q1,2024-03-01,hbv,maybe,\n\
                   AAA,Q1,2024-03-01,hcv,,\n";
        let r = app.post_csv("/api/v1/imports/labs", &token, bad).await;
        assert_eq!(r.status, 422, "{:#?}", r.body);
        let columns: Vec<(u64, String)> = messages(&r.body)
            .into_iter()
            .map(|(line, column, _)| (line, column))
            .collect();
        assert_eq!(
            columns,
            [
                (2, "result".to_owned()),
                (3, "value".to_owned()),
                (4, "value".to_owned())
            ],
            "{:#?}",
            r.body
        );
    }
);
