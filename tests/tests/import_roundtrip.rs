//! Every kind of import file is stored as the API would store its rows, and read back.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use diesel::prelude::*;
use registry_core::store::schema::{audit_events, imports};
use registry_core::store::{Scope, adverse_events, audit, labs, patients, treatments, visits};
use registry_tests::api_test;
use registry_tests::import_files as files;

api_test!(every_kind_round_trips, |app| {
    let token = app.login("center-a@test").await;
    let post = |kind: &'static str, body: String| {
        let (app, token) = (&app, token.clone());
        async move {
            let r = app
                .post_csv(&format!("/api/v1/imports/{kind}"), &token, body)
                .await;
            assert_eq!(r.status, 200, "{kind}: {:#?}", r.body);
            assert_eq!(r.body["rows_failed"], 0, "{kind}: {:#?}", r.body);
            r.body
        }
    };
    assert_eq!(
        post("patients", files::patients("AAA", 4)).await["rows_created"],
        4
    );
    let t = format!(
        "{}AAA,P00000,baricitinib,AA,2016-01-01,,,4,mg,once_daily\n\
         AAA,P00001,dupilumab,AD,2016-02-01,2017-02-01,primary_inefficacy,300,mg,every_2_weeks\n",
        files::TREATMENTS
    );
    assert_eq!(post("treatments", t).await["rows_created"], 2);
    assert_eq!(
        post("visits", files::visits("AAA", 4, 3)).await["rows_created"],
        12
    );
    let l = format!(
        "{}AAA,P00000,2016-03-01,hb,8.0,g/dL,,\n\
         AAA,P00000,2016-03-01,hiv,negative,,,\n\
         AAA,P00001,2016-03-01,alat,135,U/L,45,\n",
        files::LABS
    );
    assert_eq!(post("labs", l).await["rows_created"], 3);
    let ae = format!(
        "{}AAA,P00000,2016-06-01,,herpes zoster,,2,no,possible,none,recovering,baricitinib\n",
        files::ADVERSE_EVENTS
    );
    assert_eq!(post("adverse-events", ae).await["rows_created"], 1);

    // Read back through the API: patients and their scored visits.
    let list = app.get("/api/v1/patients?limit=100", &token).await;
    let list = list.body["items"].as_array().cloned().unwrap();
    assert_eq!(list.len(), 4, "{list:#?}");
    let p0 = list.iter().find(|p| p["local_ref"] == "P00000").unwrap();
    let v = app
        .get(
            &format!("/api/v1/patients/{}/visits", p0["id"].as_str().unwrap()),
            &token,
        )
        .await;
    let visits_json = v.body["items"].as_array().cloned().unwrap();
    assert_eq!(visits_json.len(), 3, "{:#?}", v.body);
    // SALT 0,0,10,20 → 0 + 0 + 1.8 + 3.6 = 5.4 on day 0 of patient 0.
    assert_eq!(
        visits_json[0]["salt"]["total"], "5.4",
        "{:#?}",
        visits_json[0]
    );

    // And in the store: every row names its import, flags were raised as on entry.
    let mut conn = app.db.conn();
    let scope = Scope::Center(app.center_a.clone());
    let p0 = patients::by_local_ref(&mut conn, &app.center_a, "P00000")
        .unwrap()
        .unwrap();
    let p1 = patients::by_local_ref(&mut conn, &app.center_a, "P00001")
        .unwrap()
        .unwrap();
    let import_ids: Vec<String> = imports::table.select(imports::id).load(&mut conn).unwrap();
    assert_eq!(import_ids.len(), 5);
    assert!(import_ids.contains(p0.import_id.as_ref().unwrap()));
    let eps = treatments::for_patient(&mut conn, &scope, &p1.id).unwrap();
    assert_eq!(
        (eps[0].drug.as_str(), eps[0].episode_number),
        ("dupilumab", 1)
    );
    assert_eq!(eps[0].stop_reason.as_deref(), Some("primary_inefficacy"));
    assert!(import_ids.contains(eps[0].import_id.as_ref().unwrap()));
    let vs = visits::for_patient(&mut conn, &scope, &p1.id).unwrap();
    assert_eq!(vs.len(), 3);
    assert!(
        vs.iter()
            .all(|v| v.easi_total.is_some() && v.import_id.is_some())
    );
    let hb = labs::for_patient(&mut conn, &scope, &p0.id).unwrap();
    let hb = hb.iter().find(|l| l.analyte == "hb").unwrap();
    assert!(
        hb.canonical_value.starts_with("4.9648"),
        "{}",
        hb.canonical_value
    );
    assert!(!hb.flags().unwrap().is_empty(), "Hb 8.0 g/dL fires");
    let alat = labs::for_patient(&mut conn, &scope, &p1.id).unwrap();
    assert!(
        !alat[0].flags().unwrap().is_empty(),
        "ALAT 135 with ULN 45 fires"
    );
    let ae = adverse_events::for_patient(&mut conn, &scope, &p0.id).unwrap();
    assert_eq!(
        ae[0].episode_id.as_ref(),
        Some(&treatments::for_patient(&mut conn, &scope, &p0.id).unwrap()[0].id)
    );
    assert!(
        !ae[0].flags().unwrap().is_empty(),
        "herpes on a JAK inhibitor, no interruption"
    );

    // One audit event per import, with the file's SHA-256 and counts; the chain holds.
    let events: Vec<Option<String>> = audit_events::table
        .filter(audit_events::entity.eq("import"))
        .select(audit_events::after_json)
        .load(&mut conn)
        .unwrap();
    assert_eq!(events.len(), 5);
    let first: serde_json::Value = serde_json::from_str(events[0].as_deref().unwrap()).unwrap();
    assert_eq!(first["file_sha256"].as_str().unwrap().len(), 64);
    assert_eq!(first["rows_created"], 4);
    assert!(audit::verify(&mut conn).unwrap().is_intact());
});

api_test!(the_documented_example_files_import, |app| {
    let token = app.login("center-a@test").await;
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/examples");
    for kind in ["patients", "treatments", "visits", "labs", "adverse_events"] {
        let file = std::fs::read_to_string(format!("{dir}/{kind}.csv")).unwrap();
        // The examples are for center UMCU; the test server's center is AAA.
        let file = file.replace("UMCU,", "AAA,");
        let rows = file.lines().count() - 1;
        let r = app
            .post_csv(&format!("/api/v1/imports/{kind}"), &token, file.clone())
            .await;
        assert_eq!(r.status, 200, "{kind}: {:#?}", r.body);
        assert_eq!(r.body["rows_created"], rows, "{kind}: {:#?}", r.body);
        let again = app
            .post_csv(&format!("/api/v1/imports/{kind}"), &token, file)
            .await;
        assert_eq!(
            again.body["rows_skipped"], rows,
            "{kind}: {:#?}",
            again.body
        );
    }
});
