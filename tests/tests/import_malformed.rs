//! Malformed files are answered 400 (not a file of this kind) or 422 (bad rows, by line), never
//! with a panic or a 500, and store nothing.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use registry_core::store::patients;
use registry_tests::api_test;
use registry_tests::import_files as files;

const ROW: &str = "AAA,P1,female,1990-03,AD,,,yes,2024-01-10\n";

api_test!(malformed_files_are_clean_client_errors, |app| {
    let token = app.login("center-a@test").await;
    let post = |body: Vec<u8>, path: &'static str| {
        let (app, token) = (&app, token.clone());
        async move { app.post_csv(path, &token, body).await }
    };
    let patients_path = "/api/v1/imports/patients";

    // Not a file of this kind: 400, naming the header's problem.
    for body in [
        Vec::new(),
        b"\n\n".to_vec(),
        b"center,patient\nAAA,P1\n".to_vec(),
        files::visits_header().into_bytes(),
        b"center,center,patient,sex,birth_month,diagnosis,aa_subtype,episode_start,consent_research,consent_date\n".to_vec(),
        vec![0xff, 0xfe, b'x', b'\n'],
    ] {
        let r = post(body.clone(), patients_path).await;
        assert_eq!(r.status, 400, "{:?}: {:#?}", String::from_utf8_lossy(&body), r.body);
        assert_eq!(r.body["status"], 400);
    }

    // Bad rows: 422, each by line.
    let ragged = format!("{}{ROW}AAA,P2,female\n", files::PATIENTS);
    let r = post(ragged.into_bytes(), patients_path).await;
    assert_eq!(r.status, 422, "{:#?}", r.body);
    assert_eq!(r.error_fields(), vec!["line 3: "]);

    let mut bad_utf8 = format!("{}{ROW}", files::PATIENTS).into_bytes();
    bad_utf8.extend_from_slice(b"AAA,P\xff2,female,1990-03,AD,,,yes,2024-01-10\n");
    let r = post(bad_utf8, patients_path).await;
    assert_eq!(r.status, 422, "{:#?}", r.body);
    assert_eq!(r.body["rows"][0]["line"], 3);
    assert!(
        r.body["rows"][0]["message"]
            .as_str()
            .unwrap()
            .contains("UTF-8")
    );

    // An unterminated quote runs to the end of the file: one ragged record.
    let open_quote = format!(
        "{}{ROW}AAA,\"P2,female,1990-03,AD,,,yes,2024-01-10\n{ROW}",
        files::PATIENTS
    );
    let r = post(open_quote.into_bytes(), patients_path).await;
    assert_eq!(r.status, 422, "{:#?}", r.body);
    assert_eq!(r.body["rows"][0]["line"], 3);

    // A huge field (2 MiB) is read past, reported, and the rows after it are still checked.
    let huge = format!(
        "{}AAA,\"{}\",female,1990-03,AD,,,yes,2024-01-10\nAAA,P3,female,1990-13,AD,,,yes,2024-01-10\n",
        files::PATIENTS,
        "x".repeat(2 << 20)
    );
    let r = post(huge.into_bytes(), patients_path).await;
    assert_eq!(r.status, 422, "{:#?}", r.body["rows"]);
    assert_eq!(r.error_fields(), vec!["line 2: ", "line 3: birth_month"]);

    // Quoted cells with commas, quotes and newlines are read as spreadsheets write them.
    let quoted = format!(
        "{}AAA,\"P,\"\"1\"\"\",female,1990-03,AD,,,yes,2024-01-10\r\n\"AAA\",\"P\n2\",male,1991-04,AD,,,no,\r\n",
        files::PATIENTS
    );
    let r = post(quoted.into_bytes(), patients_path).await;
    assert_eq!(
        r.status, 422,
        "a newline is not allowed in a local reference: {:#?}",
        r.body
    );
    assert_eq!(
        r.error_fields(),
        vec!["line 3: patient"],
        "{:#?}",
        r.body["rows"]
    );
    let quoted = format!(
        "{}AAA,\"P,\"\"1\"\"\",female,1990-03,AD,,,yes,2024-01-10\r\n",
        files::PATIENTS
    );
    let r = post(quoted.into_bytes(), patients_path).await;
    assert_eq!(r.status, 200, "{:#?}", r.body);
    let mut conn = app.db.conn();
    assert!(
        patients::by_local_ref(&mut conn, &app.center_a, "P,\"1\"")
            .unwrap()
            .is_some()
    );

    // Without a token: 401; the endpoint and its answers are in the OpenAPI document.
    let r = app
        .request(reqwest::Method::POST, patients_path, None, None)
        .await;
    assert_eq!(r.status, 401);
    let doc = app
        .request(reqwest::Method::GET, "/openapi.json", None, None)
        .await;
    assert!(
        doc.body["paths"]["/api/v1/imports/{kind}"]["post"].is_object(),
        "{:#?}",
        doc.body["paths"]
    );
    assert!(doc.body["components"]["schemas"]["ImportProblem"].is_object());

    // Wrong kind, mode or conflict handling.
    assert_eq!(
        post(ROW.into(), "/api/v1/imports/vaccinations")
            .await
            .status,
        404
    );
    let r = post(ROW.into(), "/api/v1/imports/patients?mode=some").await;
    assert_eq!(
        (r.status.as_u16(), r.error_fields()),
        (422, vec!["mode".to_owned()])
    );
    let r = post(ROW.into(), "/api/v1/imports/patients?on_conflict=merge").await;
    assert_eq!(
        (r.status.as_u16(), r.error_fields()),
        (422, vec!["on_conflict".to_owned()])
    );

    // Of all these files only the one valid file stored anything: its one patient.
    let stored = patients::in_center(&mut conn, &app.center_a).unwrap();
    assert_eq!(stored.len(), 1);
    assert!(
        patients::by_local_ref(&mut conn, &app.center_a, "P1")
            .unwrap()
            .is_none()
    );
});
