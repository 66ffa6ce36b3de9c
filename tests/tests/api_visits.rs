//! Visits through the real server on both backends: every CLINICAL.md instrument and response
//! vector posted as a visit and read back scored; bad visits listed by JSON path and storing
//! nothing; one visit per date; edits re-score; idempotent replay.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use registry_tests::api_test;
use registry_tests::app::TestApp;
use reqwest::StatusCode;
use serde_json::{Value, json};

fn region(e: f64, i: f64, x: f64, l: f64, area: u8) -> Value {
    json!({"erythema": e, "induration": i, "excoriation": x, "lichenification": l, "area_score": area})
}

fn easi(h: Value, u: Value, t: Value, l: Value) -> Value {
    json!({"regions": {"head_neck": h, "upper_limbs": u, "trunk": t, "lower_limbs": l}})
}

/// Posts `body` as a visit and checks the GET returns the same scored visit.
async fn scored(app: &TestApp, token: &str, patient: &str, body: Value) -> Value {
    let r = app.post_visit(token, patient, body.clone()).await;
    assert_eq!(r.status, StatusCode::CREATED, "{body}: {:?}", r.body);
    let read = app
        .get(r.header("location").as_deref().unwrap(), token)
        .await;
    assert_eq!(read.status, StatusCode::OK);
    assert_eq!(read.body, r.body, "read back as created");
    r.body
}

api_test!(
    easi_vectors_are_scored_with_the_age_on_the_visit_date,
    |app| {
        let a = app.login("center-a@test").await;
        let max = || region(3.0, 3.0, 3.0, 3.0, 6);
        let zero = || region(0.0, 0.0, 0.0, 0.0, 0);
        let b = || {
            easi(
                region(2.0, 1.0, 1.0, 0.0, 2),
                region(2.0, 2.0, 1.0, 1.0, 3),
                region(1.0, 1.0, 1.0, 0.0, 2),
                region(2.0, 2.0, 2.0, 1.0, 4),
            )
        };
        // (case, age on 2025-06-15, EASI, expected total, display)
        let cases = [
            ("A", 30, easi(max(), max(), max(), max()), "72", "72.0"),
            ("B", 34, b(), "17.4", "17.4"),
            ("C", 5, b(), "15.4", "15.4"),
            (
                "D",
                40,
                easi(
                    region(1.5, 0.0, 0.0, 0.0, 1),
                    region(2.5, 1.5, 1.0, 0.0, 2),
                    zero(),
                    region(1.0, 1.0, 0.0, 0.0, 1),
                ),
                "2.95",
                "3.0",
            ),
            ("E7", 7, easi(max(), zero(), zero(), zero()), "14.4", "14.4"),
            ("E8", 8, easi(max(), zero(), zero(), zero()), "7.2", "7.2"),
            ("F", 3, easi(max(), max(), max(), max()), "72", "72.0"),
        ];
        for (case, age, easi, total, display) in cases {
            let patient = app
                .create_patient(
                    &a,
                    &format!("EASI-{case}"),
                    "AD",
                    &format!("{}-01", 2025 - age),
                )
                .await;
            let v = scored(
                &app,
                &a,
                &patient,
                json!({"visit_date": "2025-06-15", "easi": easi}),
            )
            .await;
            assert_eq!(v["computed"]["age_years"], age, "case {case}");
            assert_eq!(v["computed"]["easi"]["total"], total, "case {case}");
            assert_eq!(v["computed"]["easi"]["display"], display, "case {case}");
            assert_eq!(v["easi"]["total"], total, "case {case}");
        }
    }
);

api_test!(salt_vectors_are_scored_with_severity, |app| {
    let a = app.login("center-a@test").await;
    let patient = app.create_patient(&a, "SALT", "AA", "1980-05").await;
    let cases = [
        ([100.0, 100.0, 100.0, 100.0], "100", 4, true),
        ([100.0, 50.0, 0.0, 0.0], "52", 3, true),
        ([80.0, 100.0, 60.0, 40.0], "74", 3, true),
        ([25.0, 10.0, 0.0, 0.0], "12.4", 1, false),
        ([12.5, 0.0, 5.0, 5.0], "6.8", 1, false),
        ([20.0, 20.0, 20.0, 20.0], "20", 1, false),
    ];
    for (i, (views, total, iga, severe)) in cases.into_iter().enumerate() {
        let body = json!({"visit_date": format!("2025-0{}-01", i + 1),
            "salt": {"top": views[0], "back": views[1], "right": views[2], "left": views[3]}});
        let v = scored(&app, &a, &patient, body).await;
        assert_eq!(v["computed"]["salt"]["total"], total, "{views:?}");
        assert_eq!(v["computed"]["salt"]["aa_iga_grade"], iga, "{views:?}");
        assert_eq!(v["computed"]["salt"]["severe"], severe, "{views:?}");
    }
    let last = app
        .get(&format!("/api/v1/patients/{patient}/visits"), &a)
        .await;
    assert_eq!(
        last.body["items"][5]["computed"]["salt"]["le_20"], true,
        "20.0 counts as ≤ 20"
    );
});

/// A patient on `drug` from 2025-01-01 with a baseline visit on day −10 and a visit on day 90;
/// returns the responses of the second.
async fn responses(
    app: &TestApp,
    token: &str,
    n: usize,
    diagnosis: &str,
    drug: &str,
    baseline: Value,
    now: Value,
) -> Value {
    let patient = app
        .create_patient(token, &format!("R-{n}"), diagnosis, "1985-02")
        .await;
    let t = app
        .start_treatment(token, &patient, drug, "2025-01-01")
        .await;
    assert_eq!(t.status, StatusCode::CREATED, "{:?}", t.body);
    let mut b = baseline;
    b["visit_date"] = json!("2024-12-22");
    let base = app.post_visit(token, &patient, b).await;
    assert_eq!(base.status, StatusCode::CREATED, "{:?}", base.body);
    assert!(
        base.body["responses"].is_null(),
        "a baseline visit has no responses"
    );
    let mut n = now;
    n["visit_date"] = json!("2025-04-01");
    let v = app.post_visit(token, &patient, n).await;
    assert_eq!(v.status, StatusCode::CREATED, "{:?}", v.body);
    assert_eq!(v.body["episode"]["study_day"], 90);
    assert_eq!(
        v.body["episode"]["nominal_week"],
        if diagnosis == "AA" { 12 } else { 16 }
    );
    v.body["responses"].clone()
}

api_test!(salt_responses_against_the_episode_baseline, |app| {
    let a = app.login("center-a@test").await;
    let cases = [
        (
            "80",
            "40",
            &[
                ("salt_50", "responder"),
                ("salt_75", "non_responder"),
                ("salt_le_20", "non_responder"),
            ][..],
        ),
        (
            "80",
            "20",
            &[
                ("salt_75", "responder"),
                ("salt_le_20", "responder"),
                ("salt_90", "non_responder"),
            ],
        ),
        (
            "80",
            "8",
            &[("salt_90", "responder"), ("salt_le_10", "responder")],
        ),
        (
            "95",
            "23.75",
            &[("salt_75", "responder"), ("salt_le_20", "non_responder")],
        ),
        ("95", "24", &[("salt_75", "non_responder")]),
        (
            "0",
            "0",
            &[
                ("salt_30", "not_evaluable"),
                ("salt_50", "not_evaluable"),
                ("salt_le_20", "responder"),
            ],
        ),
    ];
    for (n, (b, now, expected)) in cases.into_iter().enumerate() {
        let r = responses(
            &app,
            &a,
            n,
            "AA",
            "baricitinib",
            json!({"salt": {"total": b}}),
            json!({"salt": {"total": now}}),
        )
        .await;
        for (outcome, value) in expected {
            assert_eq!(r[outcome], *value, "{b} → {now}: {outcome}");
        }
    }
});

api_test!(ad_responses_pp_nrs4_viga_and_easi75, |app| {
    let a = app.login("center-a@test").await;
    let pp = [
        (8, 4, "responder"),
        (7, 4, "non_responder"),
        (4, 0, "responder"),
        (3, 0, "not_evaluable"),
    ];
    for (n, (b, now, expected)) in pp.into_iter().enumerate() {
        let r = responses(
            &app,
            &a,
            n,
            "AD",
            "dupilumab",
            json!({"pp_nrs": b}),
            json!({"pp_nrs": now}),
        )
        .await;
        assert_eq!(r["pp_nrs_4"], expected, "PP-NRS {b} → {now}");
    }
    let viga = [
        (3, 1, "responder"),
        (4, 1, "responder"),
        (2, 0, "responder"),
        (2, 1, "non_responder"),
        (3, 2, "non_responder"),
    ];
    for (n, (b, now, expected)) in viga.into_iter().enumerate() {
        let r = responses(
            &app,
            &a,
            10 + n,
            "AD",
            "dupilumab",
            json!({"viga": b}),
            json!({"viga": now}),
        )
        .await;
        assert_eq!(r["viga_ad_0_1"], expected, "vIGA {b} → {now}");
    }
    let r = responses(
        &app,
        &a,
        20,
        "AD",
        "dupilumab",
        json!({"easi": {"total": "17.4"}}),
        json!({"easi": {"total": "4.35"}}),
    )
    .await;
    assert_eq!(r["easi_75"], "responder", "17.4 → 4.35 is exactly EASI-75");
    assert_eq!(r["easi_90"], "non_responder");
    assert_eq!(r["easi_le_7"], "responder");
});

api_test!(questionnaires_score_with_the_missing_item_rule, |app| {
    let a = app.login("center-a@test").await;
    let patient = app.create_patient(&a, "PRO", "AD", "1990-01").await;
    let v = scored(&app, &a, &patient, json!({"visit_date": "2025-02-01",
        "poem": {"items": [4, 4, 4, 4, 4, null, 4]}, "dlqi": {"items": [3, 3, null, null, 3, 3, 3, 3, 3, 3]}})).await;
    assert_eq!(
        v["computed"]["poem"]["total"], 24,
        "one missing POEM item scores 0"
    );
    assert_eq!(v["computed"]["poem"]["band"], "severe");
    assert!(
        v["computed"]["dlqi"]["total"].is_null(),
        "two missing DLQI items: not scored"
    );
});

api_test!(bad_visits_list_every_bad_field_and_store_nothing, |app| {
    let a = app.login("center-a@test").await;
    let patient = app.create_patient(&a, "BAD", "AD", "1990-01").await;
    let cases: Vec<(Value, StatusCode, Vec<&str>)> = vec![
        (
            json!({"visit_date": "2025-02-01", "easi": easi(region(0.5, 0.0, 0.0, 0.0, 1), region(3.5, 0.0, 0.0, 0.0, 1), region(0.0, 0.0, 0.0, 0.0, 7), json!({"erythema": 1, "induration": 1, "excoriation": 1, "lichenification": 1, "area_score": 2.5}))}),
            StatusCode::UNPROCESSABLE_ENTITY,
            vec![
                "easi.regions.head_neck.erythema",
                "easi.regions.upper_limbs.erythema",
                "easi.regions.trunk.area_score",
                "easi.regions.lower_limbs.area_score",
            ],
        ),
        (
            json!({"visit_date": "2025-02-01", "easi": {"regions": {"head_neck": {"erythema": 1, "induration": 1, "excoriation": 1, "lichenification": 1, "area_pct": 101}, "upper_limbs": region(0.0, 0.0, 0.0, 0.0, 0), "trunk": region(0.0, 0.0, 0.0, 0.0, 0), "lower_limbs": region(0.0, 0.0, 0.0, 0.0, 0)}}}),
            StatusCode::UNPROCESSABLE_ENTITY,
            vec!["easi.regions.head_neck.area_pct"],
        ),
        (
            json!({"visit_date": "2025-02-01", "salt": {"top": 100, "back": 50, "right": 0, "left": 0, "total": 50}}),
            StatusCode::UNPROCESSABLE_ENTITY,
            vec!["salt.total"],
        ),
        (
            json!({"visit_date": "2025-02-01", "pp_nrs": 11, "viga": 5}),
            StatusCode::UNPROCESSABLE_ENTITY,
            vec!["pp_nrs", "viga"],
        ),
        (
            json!({"visit_date": "2025-02-01", "pp_nrs": "seven"}),
            StatusCode::UNPROCESSABLE_ENTITY,
            vec!["pp_nrs"],
        ),
        (
            json!({"visit_date": "2025-02-01", "labs": [{"analyte": "hb", "value": 8, "unit": "mg/furlong"}]}),
            StatusCode::UNPROCESSABLE_ENTITY,
            vec!["labs[0].unit"],
        ),
        (
            json!({"visit_date": "2025-02-01", "labs": [{"analyte": "unobtainium", "value": 8, "unit": "g/dL"}]}),
            StatusCode::UNPROCESSABLE_ENTITY,
            vec!["labs[0].analyte"],
        ),
        (
            json!({"visit_date": "2999-01-01", "pp_nrs": 3}),
            StatusCode::UNPROCESSABLE_ENTITY,
            vec!["visit_date"],
        ),
        (
            json!({"visit_date": "1989-12-31", "pp_nrs": 3}),
            StatusCode::UNPROCESSABLE_ENTITY,
            vec!["visit_date"],
        ),
        (
            json!({"visit_date": "2025-02-01", "pp_nrs": 3, "mood": "good"}),
            StatusCode::UNPROCESSABLE_ENTITY,
            vec!["mood"],
        ),
        (
            json!({"visit_date": "2025-02-01", "salt": {"top": 10, "crown": 5}}),
            StatusCode::UNPROCESSABLE_ENTITY,
            vec!["salt.crown"],
        ),
        (
            json!({"visit_date": "2025-02-01", "pp_nrs": "seven", "viga": [1], "mood": "good", "salt": {"crown": 1},
                   "labs": [{"analyte": "hb", "value": "x"}, {"analyte": "hb", "unit": 5}]}),
            StatusCode::UNPROCESSABLE_ENTITY,
            vec![
                "pp_nrs",
                "viga",
                "mood",
                "salt.crown",
                "labs[0].value",
                "labs[1].unit",
            ],
        ),
        (
            json!({"visit_date": "2025-02-01", "adverse_events": [{"verbatim_term": "zoster", "onset_date": "2025-01-20", "ctcae_grade": 5, "causality": "possible", "action": "none", "outcome": "recovered"}]}),
            StatusCode::UNPROCESSABLE_ENTITY,
            vec!["adverse_events[0].outcome"],
        ),
    ];
    let audit_before = app.audit_count();
    for (body, status, fields) in cases {
        let r = app.post_visit(&a, &patient, body.clone()).await;
        assert_eq!(r.status, status, "{body}: {:?}", r.body);
        let got = r.error_fields();
        for f in &fields {
            assert!(
                got.iter().any(|g| g == f),
                "{body}: {f} missing from {got:?}"
            );
        }
        assert_eq!(
            r.header("content-type").as_deref(),
            Some("application/problem+json")
        );
    }
    let malformed = app
        .send(
            reqwest::Method::POST,
            &format!("/api/v1/patients/{patient}/visits"),
            Some(&a),
            None,
            &[("content-type", "application/json")],
        )
        .await;
    assert_eq!(malformed.status, StatusCode::BAD_REQUEST);
    let list = app
        .get(&format!("/api/v1/patients/{patient}/visits"), &a)
        .await;
    assert_eq!(
        list.body["items"].as_array().unwrap().len(),
        0,
        "nothing was stored"
    );
    let labs = app
        .get(&format!("/api/v1/patients/{patient}/labs"), &a)
        .await;
    assert_eq!(
        labs.body["items"].as_array().unwrap().len(),
        0,
        "no lab stored"
    );
    assert_eq!(
        app.audit_count(),
        audit_before,
        "no audit event for refused input"
    );
});

api_test!(inline_labs_are_flagged_and_one_visit_per_date, |app| {
    let a = app.login("center-a@test").await;
    let patient = app.create_patient(&a, "LAB", "AA", "1980-01").await;
    app.start_treatment(&a, &patient, "ritlecitinib", "2025-01-01")
        .await;
    let body = json!({"visit_date": "2025-02-01", "labs": [
        {"analyte": "hb", "value": "8.0", "unit": "g/dL"},
        {"analyte": "hb", "value": "8.1", "unit": "g/dL", "date": "2025-01-31"},
        {"analyte": "alat", "value": 135, "unit": "U/L", "upper_limit": 45}]});
    let v = app.post_visit(&a, &patient, body.clone()).await;
    assert_eq!(v.status, StatusCode::CREATED, "{:?}", v.body);
    let labs = v.body["labs"].as_array().unwrap();
    assert_eq!(labs[0]["canonical_value"], "4.9648");
    assert_eq!(labs[0]["flags"][0]["rule"], "lab.hb_low");
    assert_eq!(labs[1]["canonical_value"], "5.02686");
    assert_eq!(
        labs[1]["flags"].as_array().unwrap().len(),
        0,
        "8.1 g/dL does not fire"
    );
    assert_eq!(labs[2]["flags"][0]["rule"], "lab.alat_high");
    let again = app
        .post_visit(
            &a,
            &patient,
            json!({"visit_date": "2025-02-01", "pp_nrs": 2}),
        )
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    let alerts = app
        .get(&format!("/api/v1/patients/{patient}/alerts"), &a)
        .await;
    assert_eq!(alerts.status, StatusCode::OK, "{:?}", alerts.body);
    let rules: Vec<&str> = alerts.body["lab_flags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["flag"]["rule"].as_str().unwrap())
        .collect();
    assert_eq!(rules, ["lab.hb_low", "lab.alat_high"]);
});

api_test!(visit_edits_rescore_need_if_match_and_reason, |app| {
    let a = app.login("center-a@test").await;
    let patient = app.create_patient(&a, "EDIT", "AA", "1980-01").await;
    let v = app
        .post_visit(
            &a,
            &patient,
            json!({"visit_date": "2025-02-01", "salt": {"total": 60}}),
        )
        .await;
    let path = v.header("location").unwrap();
    let no_reason = app
        .patch(&path, &a, "\"1\"", json!({"salt": {"total": 40}}))
        .await;
    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    let ok = app.patch(&path, &a, "\"1\"", json!({"reason": "transcription error", "salt": {"top": 50, "back": 50, "right": 50, "left": 50}})).await;
    assert_eq!(ok.status, StatusCode::OK, "{:?}", ok.body);
    assert_eq!(ok.body["computed"]["salt"]["total"], "50");
    assert_eq!(ok.body["salt"]["top"], "50");
    assert_eq!(ok.header("etag").as_deref(), Some("\"2\""));
    let stale = app
        .patch(&path, &a, "\"1\"", json!({"reason": "again", "pp_nrs": 3}))
        .await;
    assert_eq!(stale.status, StatusCode::PRECONDITION_FAILED);
    assert_eq!(
        app.get(&path, &a).await.body["computed"]["salt"]["total"],
        "50",
        "the stale edit changed nothing"
    );
    let bad = app
        .patch(
            &path,
            &a,
            "\"2\"",
            json!({"reason": "x", "salt": {"total": 101}}),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad.error_fields(), ["salt.total"]);
    let del = app
        .delete(&format!("{path}?reason=entered%20twice"), &a, "\"2\"")
        .await;
    assert_eq!(del.status, StatusCode::NO_CONTENT);
    assert_eq!(app.get(&path, &a).await.status, StatusCode::NOT_FOUND);
    let audit = app
        .get(
            &format!(
                "/api/v1/audit?entity=visit&entity_id={}",
                ok.body["id"].as_str().unwrap()
            ),
            &app.login("admin@test").await,
        )
        .await;
    let actions: Vec<&str> = audit.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["create", "update", "delete"]);
});

api_test!(idempotent_visit_replay_creates_nothing_new, |app| {
    let a = app.login("center-a@test").await;
    let patient = app.create_patient(&a, "IDEM", "AD", "1990-01").await;
    let path = format!("/api/v1/patients/{patient}/visits");
    let body = json!({"visit_date": "2025-03-01", "pp_nrs": 6});
    let key = [("Idempotency-Key", "visit-0001")];
    let first = app
        .send(
            reqwest::Method::POST,
            &path,
            Some(&a),
            Some(body.clone()),
            &key,
        )
        .await;
    assert_eq!(first.status, StatusCode::CREATED);
    let replay = app
        .send(reqwest::Method::POST, &path, Some(&a), Some(body), &key)
        .await;
    assert_eq!(replay.status, StatusCode::CREATED);
    assert_eq!(replay.body["id"], first.body["id"]);
    assert_eq!(
        replay.header("idempotent-replayed").as_deref(),
        Some("true")
    );
    let other = app
        .send(
            reqwest::Method::POST,
            &path,
            Some(&a),
            Some(json!({"visit_date": "2025-03-02", "pp_nrs": 6})),
            &key,
        )
        .await;
    assert_eq!(other.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(other.error_fields(), ["Idempotency-Key"]);
    let list = app.get(&path, &a).await;
    assert_eq!(list.body["items"].as_array().unwrap().len(), 1);
});

api_test!(
    concurrent_visits_with_lab_panels_all_land_and_the_trail_stays_intact,
    |app| {
        // Each visit with its lab panel writes a dozen audit events in as many chains of the
        // center; concurrent entries of one center must neither deadlock nor fail.
        let a = app.login("center-a@test").await;
        let mut patients = Vec::new();
        for i in 0..8 {
            let p = app
                .create_patient(&a, &format!("PANEL{i}"), "AA", "1980-01")
                .await;
            app.start_treatment(&a, &p, "baricitinib", "2025-01-01")
                .await;
            patients.push(p);
        }
        let before = app.audit_count();
        let app = std::sync::Arc::new(app);
        let mut tasks = Vec::new();
        for p in patients {
            let (app, a) = (app.clone(), a.clone());
            tasks.push(tokio::spawn(async move {
                let mut statuses = Vec::new();
                for week in 1..=5u32 {
                    let day = 7 * week;
                    let labs = json!([
                        {"analyte": "hb", "value": "13.5", "unit": "g/dL"},
                        {"analyte": "alat", "value": 30, "unit": "U/L", "upper_limit": 45},
                        {"analyte": "ck", "value": 120, "unit": "U/L", "upper_limit": 200},
                        {"analyte": "creatinine", "value": 80, "unit": "umol/L"},
                        {"analyte": "leukocytes", "value": "6.1", "unit": "10^9/L"},
                        {"analyte": "lymphocytes", "value": "1.9", "unit": "10^9/L"},
                        {"analyte": "neutrophils", "value": "3.5", "unit": "10^9/L"},
                        {"analyte": "platelets", "value": 250, "unit": "10^9/L"}
                    ]);
                    let date = chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap()
                        + chrono::Days::new(u64::from(day));
                    let r = app
                        .post_visit(&a, &p, json!({"visit_date": date, "labs": labs}))
                        .await;
                    statuses.push((r.status, r.body));
                }
                statuses
            }));
        }
        let mut created = 0;
        for task in tasks {
            for (status, body) in task.await.unwrap() {
                assert_eq!(status, StatusCode::CREATED, "{body}");
                created += 1;
            }
        }
        assert_eq!(created, 40);
        assert_eq!(
            app.audit_count() - before,
            40 * 9,
            "a visit and 8 labs each"
        );
        let v = app.verify_audit();
        assert!(v.is_intact(), "{v:?}");
    }
);

api_test!(
    a_preview_scores_a_visit_as_recorded_and_stores_nothing,
    |app| {
        let a = app.login("center-a@test").await;
        let p = app.create_patient(&a, "PRE-1", "AA", "1980-01").await;
        let started = app
            .start_treatment(&a, &p, "baricitinib", "2025-01-06")
            .await;
        assert_eq!(started.status, StatusCode::CREATED, "{:?}", started.body);
        let baseline = json!({"visit_date": "2025-01-06", "salt": {"top": 100, "back": 50, "right": 0, "left": 0}});
        assert_eq!(
            app.post_visit(&a, &p, baseline).await.status,
            StatusCode::CREATED
        );
        let week13 = json!({"visit_date": "2025-04-07", "salt": {"top": 25, "back": 10, "right": 0, "left": 0}, "wig": false});
        let preview = format!("/api/v1/patients/{p}/visits/preview");

        let audit_before = app.audit_count();
        let previewed = app.post(&preview, &a, week13.clone()).await;
        assert_eq!(previewed.status, StatusCode::OK, "{:?}", previewed.body);
        assert_eq!(app.audit_count(), audit_before, "a preview is not audited");
        let listed = app.get(&format!("/api/v1/patients/{p}/visits"), &a).await;
        assert_eq!(
            listed.body["items"].as_array().unwrap().len(),
            1,
            "nothing stored"
        );
        assert_eq!(previewed.body["computed"]["salt"]["display"], "12.4");
        assert_eq!(previewed.body["responses"]["salt_le_20"], "responder");
        assert_eq!(previewed.body["responses"]["salt_improvement_pct"], "76.15");

        // The recorded visit's view says the same, field for field (but its id and times).
        let created = app.post_visit(&a, &p, week13.clone()).await;
        assert_eq!(created.status, StatusCode::CREATED);
        for key in [
            "computed",
            "episode",
            "responses",
            "warnings",
            "salt",
            "missing",
            "labs",
        ] {
            assert_eq!(previewed.body[key], created.body[key], "{key}");
        }

        // Bad input: the same problem document as recording, field by field; a taken date is 409.
        let bad = json!({"visit_date": "2025-05-05", "salt": {"top": 150, "back": 0, "right": 0, "left": 0}});
        let refused = app.post(&preview, &a, bad.clone()).await;
        let recorded = app.post_visit(&a, &p, bad).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(refused.error_fields(), ["salt.top"]);
        assert_eq!(refused.body["errors"], recorded.body["errors"]);
        let again = json!({"visit_date": "2025-04-07", "salt": {"total": 10}});
        let taken = app.post(&preview, &a, again).await;
        assert_eq!(taken.status, StatusCode::CONFLICT);

        // Another center's patient is not found; other roles may not.
        let b = app.login("center-b@test").await;
        let hidden = app
            .post(&preview, &b, json!({"visit_date": "2025-05-05"}))
            .await;
        assert_eq!(hidden.status, StatusCode::NOT_FOUND);
        let c = app.login("coordinator@test").await;
        let refused = app
            .post(&preview, &c, json!({"visit_date": "2025-05-05"}))
            .await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
        assert_eq!(
            app.get(&format!("/api/v1/patients/{p}/visits"), &a)
                .await
                .body["items"]
                .as_array()
                .unwrap()
                .len(),
            2
        );
    }
);
