//! The reports on a small cohort with known gaps (`registry_tests::report_cohort`): each report
//! finds exactly them, and entering what is missing clears it. Both backends, the real server.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::collections::BTreeSet;

use chrono::Months;
use reqwest::StatusCode;
use serde_json::{Value, json};

use registry_tests::api_test;
use registry_tests::app::TestApp;
use registry_tests::report_cohort::{Cohort, ad_visit, day, enter, today};

async fn report(app: &TestApp, token: &str, kind: &str) -> Value {
    let r = app.get(&format!("/api/v1/reports/{kind}"), token).await;
    assert_eq!(r.status, StatusCode::OK, "{kind}: {:?}", r.body);
    r.body
}

fn rows<'a>(body: &'a Value, table: &str) -> &'a Vec<Value> {
    body[table].as_array().unwrap()
}

fn s(v: &Value) -> String {
    v.as_str().unwrap_or_default().to_owned()
}

/// A completeness row: center, diagnosis, drug, window, item, expected, recorded, missing with a
/// reason, missing.
type Gap = (String, String, String, String, String, u64, u64, u64, u64);

/// Completeness rows with something missing: (center, diagnosis, drug, window, item, expected,
/// recorded, missing with a reason, missing).
fn gaps(body: &Value) -> BTreeSet<Gap> {
    rows(body, "rows")
        .iter()
        .filter(|r| {
            r["missing"].as_u64().unwrap() > 0 || r["missing_with_reason"].as_u64().unwrap() > 0
        })
        .map(|r| {
            (
                s(&r["center"]),
                s(&r["diagnosis"]),
                s(&r["drug"]),
                s(&r["window"]),
                s(&r["item"]),
                r["expected"].as_u64().unwrap(),
                r["recorded"].as_u64().unwrap(),
                r["missing_with_reason"].as_u64().unwrap(),
                r["missing"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn gap(
    c: &str,
    dx: &str,
    drug: &str,
    w: &str,
    item: &str,
    (e, r, m_r, m): (u64, u64, u64, u64),
) -> Gap {
    (
        c.into(),
        dx.into(),
        drug.into(),
        w.into(),
        item.into(),
        e,
        r,
        m_r,
        m,
    )
}

const AD_ITEMS: [&str; 6] = ["visit", "easi", "pp_nrs", "viga", "poem", "qol"];

/// (patient, kind, item, days overdue)
fn overdue_rows(body: &Value) -> BTreeSet<(String, String, String, i64)> {
    rows(body, "rows")
        .iter()
        .map(|r| {
            (
                s(&r["patient"]),
                s(&r["kind"]),
                s(&r["item"]),
                r["days_overdue"].as_i64().unwrap(),
            )
        })
        .collect()
}

fn quiet_days() -> i64 {
    let last = today() - chrono::TimeDelta::days(436);
    (today() - last.checked_add_months(Months::new(12)).unwrap()).num_days()
}

api_test!(each_report_finds_exactly_the_known_gaps, |app| {
    let c: Cohort = enter(&app).await;
    let coord = app.login("coordinator@test").await;

    // Completeness: W8 of MISSED and of OTHER, W78 of QUIET; every intake lab of the two JAK
    // episodes done.
    let body = report(&app, &coord, "completeness").await;
    let mut expected = BTreeSet::new();
    for item in AD_ITEMS {
        expected.insert(gap("AAA", "AD", "dupilumab", "W8", item, (1, 0, 0, 1)));
        expected.insert(gap("BBB", "AD", "dupilumab", "W8", item, (1, 0, 0, 1)));
    }
    for item in ["visit", "salt"] {
        expected.insert(gap("AAA", "AA", "methotrexate", "W78", item, (1, 0, 0, 1)));
    }
    assert_eq!(gaps(&body), expected);
    let labs: Vec<&Value> = rows(&body, "rows")
        .iter()
        .filter(|r| r["kind"] == "lab")
        .collect();
    assert_eq!(
        labs.len(),
        14,
        "7 intake checks of 2 JAK episodes: {labs:?}"
    );
    assert!(
        labs.iter()
            .all(|r| r["window"] == "intake" && r["expected"] == 1 && r["recorded"] == 1)
    );
    let w4 = rows(&body, "rows")
        .iter()
        .find(|r| {
            r["center"] == "AAA"
                && r["drug"] == "dupilumab"
                && r["window"] == "W4"
                && r["item"] == "visit"
        })
        .unwrap();
    assert_eq!(
        (w4["expected"].as_u64(), w4["recorded"].as_u64()),
        (Some(1), Some(1))
    );
    let trend: u64 = rows(&body, "trend")
        .iter()
        .map(|r| r["expected_visits"].as_u64().unwrap())
        .sum();
    let visits: u64 = rows(&body, "rows")
        .iter()
        .filter(|r| r["kind"] == "visit")
        .map(|r| r["expected"].as_u64().unwrap())
        .sum();
    assert_eq!(trend, visits, "the trend counts the same nominal visits");
    assert_eq!(
        visits,
        3 + 6 + 2,
        "MISSED W4–W16, QUIET W4–W78, OTHER W4–W8"
    );

    // Overdue: the three missed windows, QUIET gone quiet; no lab overdue.
    let body = report(&app, &coord, "overdue").await;
    let expected = BTreeSet::from([
        (
            c.missed.clone(),
            "missed_window".into(),
            "W8".into(),
            200 - 83,
        ),
        (
            c.quiet.clone(),
            "missed_window".into(),
            "W78".into(),
            800 - 636,
        ),
        (
            c.quiet.clone(),
            "no_visit_12_months".into(),
            "last_visit".into(),
            quiet_days(),
        ),
        (
            c.other.clone(),
            "missed_window".into(),
            "W8".into(),
            100 - 83,
        ),
    ]);
    assert_eq!(overdue_rows(&body), expected);

    // Safety: the platelet flag and the herpes without interruption.
    let body = report(&app, &coord, "safety").await;
    let signals: BTreeSet<(String, String, String, String)> = rows(&body, "signals")
        .iter()
        .map(|r| {
            (
                s(&r["patient"]),
                s(&r["kind"]),
                s(&r["rule"]),
                s(&r["entity_id"]),
            )
        })
        .collect();
    assert_eq!(
        signals,
        BTreeSet::from([
            (
                c.platelets.clone(),
                "lab_flag".into(),
                "lab.platelets_low".into(),
                c.platelet_lab.clone()
            ),
            (
                c.herpes.clone(),
                "herpes_without_interruption".into(),
                "adverse_event.herpes_on_jak_without_interruption".into(),
                c.herpes_event.clone()
            ),
        ])
    );
    let zoster: Vec<&Value> = rows(&body, "aesi_incidence")
        .iter()
        .filter(|r| r["events"].as_u64().unwrap() > 0)
        .collect();
    assert_eq!(zoster.len(), 1, "{zoster:?}");
    let z = zoster[0];
    assert_eq!(
        (s(&z["drug"]), s(&z["category"]), z["patients"].as_u64()),
        ("upadacitinib".into(), "herpes_zoster".into(), Some(1))
    );
    // One event in 25 days: 100 × 365.25 / 25 per 100 patient-years.
    assert_eq!(z["patient_years"].as_f64(), Some(0.07));
    assert_eq!(z["rate_per_100py"].as_f64(), Some(1461.0));

    // Data quality: the visit 50 days before EARLY's start, with its data query.
    let body = report(&app, &coord, "data-quality").await;
    let found: Vec<(String, String, String)> = rows(&body, "rows")
        .iter()
        .map(|r| (s(&r["patient"]), s(&r["rule"]), s(&r["entity_id"])))
        .collect();
    assert_eq!(
        found,
        [(
            c.early.clone(),
            "date.visit_before_first_treatment".to_owned(),
            c.early_visit.clone()
        )]
    );
    let query = &rows(&body, "rows")[0]["data_query"];
    assert_eq!(query["href"], "/api/v1/data-queries");
    let raised = app
        .post("/api/v1/data-queries", &coord, query["body"].clone())
        .await;
    assert_eq!(
        raised.status,
        StatusCode::CREATED,
        "the row's data query can be raised as it is: {:?}",
        raised.body
    );
    assert_eq!(raised.body["entity_id"], c.early_visit.as_str());

    // Entering the missing W8 visit of MISSED (POEM not done) clears it; a platelet result back
    // above 100 closes the flag; an interruption covering the herpes closes that signal.
    let a = app.login("center-a@test").await;
    let mut w8 = ad_visit(&day(-144));
    w8.as_object_mut().unwrap().remove("poem");
    w8["missing"] = json!({"poem": "not_done"});
    let r = app.post_visit(&a, &c.missed, w8).await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    assert_eq!(r.body["missing"], json!({"poem": "not_done"}));
    let body = report(&app, &coord, "completeness").await;
    let mut expected = BTreeSet::from([gap("AAA", "AD", "dupilumab", "W8", "poem", (1, 0, 1, 0))]);
    for item in AD_ITEMS {
        expected.insert(gap("BBB", "AD", "dupilumab", "W8", item, (1, 0, 0, 1)));
    }
    for item in ["visit", "salt"] {
        expected.insert(gap("AAA", "AA", "methotrexate", "W78", item, (1, 0, 0, 1)));
    }
    assert_eq!(
        gaps(&body),
        expected,
        "POEM recorded as not done counts as resolved"
    );
    let body = report(&app, &coord, "overdue").await;
    assert!(
        !overdue_rows(&body).iter().any(|r| r.0 == c.missed),
        "the W8 visit of MISSED is no longer overdue"
    );
    assert_eq!(overdue_rows(&body).len(), 3);

    let lab = app
        .post(
            &format!("/api/v1/patients/{}/labs", c.platelets),
            &a,
            json!({"analyte": "platelets", "date": day(-1), "value": 150, "unit": "10^9/L"}),
        )
        .await;
    assert_eq!(lab.status, StatusCode::CREATED);
    let treatments = app
        .get(&format!("/api/v1/patients/{}/treatments", c.herpes), &a)
        .await;
    let t = s(&treatments.body["items"][0]["id"]);
    let pause = app
        .post(
            &format!("/api/v1/treatments/{t}/interruptions"),
            &a,
            json!({"from": day(-14), "to": day(-5), "reason": "infection"}),
        )
        .await;
    assert_eq!(pause.status, StatusCode::CREATED, "{:?}", pause.body);
    let body = report(&app, &coord, "safety").await;
    assert_eq!(rows(&body, "signals").len(), 0, "{:?}", body["signals"]);
});

api_test!(
    a_legacy_total_and_an_implausible_value_are_data_quality_findings,
    |app| {
        use registry_core::store::visits::{self, VisitRow};
        let a = app.login("center-a@test").await;
        let p = app.create_patient(&a, "LEGACY", "AA", "1980-01").await;
        let t = app.start_treatment(&a, &p, "methotrexate", &day(-3)).await;
        assert_eq!(t.status, StatusCode::CREATED);
        let r = app
            .post_visit(
                &a,
                &p,
                json!({"visit_date": day(-3), "salt": {"total": 40}, "weight_kg": 390}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
        let heavy = s(&r.body["id"]);
        // A row written before the rules checked totals against views: views give 52, total 60.
        let mut conn = app.db.conn();
        let ctx = registry_tests::system_ctx();
        let mut row = VisitRow::new(
            &ctx,
            &app.center_a,
            &p,
            today() - chrono::TimeDelta::days(2),
        );
        (row.salt_top, row.salt_back, row.salt_right, row.salt_left) = (
            Some("100".into()),
            Some("50".into()),
            Some("0".into()),
            Some("0".into()),
        );
        row.salt_total = Some("60".into());
        let legacy = conn.write(|tx| visits::create(tx, &ctx, row)).unwrap().id;

        let coord = app.login("coordinator@test").await;
        let body = report(&app, &coord, "data-quality").await;
        let found: BTreeSet<(String, String, String, String)> = rows(&body, "rows")
            .iter()
            .map(|r| {
                (
                    s(&r["rule"]),
                    s(&r["entity_id"]),
                    s(&r["field"]),
                    s(&r["value"]),
                )
            })
            .collect();
        assert_eq!(
            found,
            BTreeSet::from([
                (
                    "range.weight_kg".into(),
                    heavy,
                    "weight_kg".into(),
                    "390".into()
                ),
                (
                    "total.disagrees".into(),
                    legacy,
                    "salt.total".into(),
                    "60".into()
                ),
            ])
        );
    }
);

api_test!(
    a_serious_event_open_without_an_update_for_30_days_is_a_safety_signal,
    |app| {
        use registry_core::adverse_event::AdverseEvent;
        use registry_core::store::adverse_events::{self, AdverseEventRow};
        let a = app.login("center-a@test").await;
        let p = app.create_patient(&a, "SAE", "AD", "1980-01").await;
        let t = app.start_treatment(&a, &p, "dupilumab", &day(-90)).await;
        assert_eq!(t.status, StatusCode::CREATED);
        let r = app.post_visit(&a, &p, ad_visit(&day(-90))).await;
        assert_eq!(r.status, StatusCode::CREATED);
        let sae = |onset: i64, outcome: &str| {
            let mut input = registry_tests::fixtures::adverse_event_input("pneumonia", &day(onset));
            input.seriousness_criteria = vec!["hospitalisation".into()];
            input.outcome = Some(outcome.into());
            AdverseEvent::parse(&input).unwrap()
        };
        // Entered 40 and 20 days ago (the time of the write is the last update), and one recovered.
        let mut conn = app.db.conn();
        let mut ids = Vec::new();
        let mut updated = Vec::new();
        for (ago, onset, outcome) in [
            (40, -45, "not_recovered"),
            (20, -25, "recovering"),
            (40, -50, "recovered"),
        ] {
            let mut ctx = registry_tests::system_ctx();
            ctx.now -= chrono::TimeDelta::days(ago);
            updated.push(ctx.now.date());
            let row = AdverseEventRow::from_event(
                &ctx,
                &app.center_a,
                &p,
                None,
                None,
                &sae(onset, outcome),
                &[],
            )
            .unwrap();
            ids.push(
                conn.write(|tx| adverse_events::create(tx, &ctx, row))
                    .unwrap()
                    .id,
            );
        }
        let coord = app.login("coordinator@test").await;
        let body = report(&app, &coord, "safety").await;
        let found: Vec<(String, String, String, i64)> = rows(&body, "signals")
            .iter()
            .map(|r| {
                (
                    s(&r["kind"]),
                    s(&r["rule"]),
                    s(&r["entity_id"]),
                    r["days_open"].as_i64().unwrap(),
                )
            })
            .collect();
        // Days from the last update to the data cut (today, as entry counts it: UTC + 14 h).
        let days_open = (today() - updated[0]).num_days();
        assert!((40..=41).contains(&days_open));
        assert_eq!(
            found,
            [(
                "open_sae".into(),
                "sae.no_update_30_days".into(),
                ids[0].clone(),
                days_open
            )]
        );
        let pneumonia: Vec<&Value> = rows(&body, "aesi_incidence")
            .iter()
            .filter(|r| r["events"].as_u64().unwrap() > 0)
            .collect();
        assert_eq!(
            pneumonia.len(),
            1,
            "serious infections on dupilumab: {pneumonia:?}"
        );
        assert_eq!(
            (
                s(&pneumonia[0]["category"]),
                pneumonia[0]["events"].as_u64()
            ),
            ("serious_or_opportunistic_infection".into(), Some(3))
        );
    }
);

api_test!(
    a_lab_flag_is_open_since_the_first_result_of_its_run_and_a_normal_result_closes_it,
    |app| {
        let a = app.login("center-a@test").await;
        let coord = app.login("coordinator@test").await;
        let p = app.create_patient(&a, "RUN", "AA", "1980-01").await;
        let t = app.start_treatment(&a, &p, "baricitinib", &day(-60)).await;
        assert_eq!(t.status, StatusCode::CREATED, "{:?}", t.body);
        let labs = format!("/api/v1/patients/{p}/labs");
        let mut ids = Vec::new();
        // ALAT ≥ 3 × ULN three times running, after one normal result: open since the first of
        // the run. Hb below 5.0 once, then normal: closed.
        for (d, analyte, value, unit) in [
            (-50, "alat", "30", "U/L"),
            (-40, "alat", "150", "U/L"),
            (-30, "alat", "200", "U/L"),
            (-20, "alat", "140", "U/L"),
            (-35, "hb", "4.5", "mmol/L"),
            (-15, "hb", "7.5", "mmol/L"),
        ] {
            let mut body = json!({"analyte": analyte, "sample_date": day(d), "value": value,
                "unit": unit});
            if analyte == "alat" {
                body["upper_limit"] = json!(45);
            }
            let r = app.post(&labs, &a, body).await;
            assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
            ids.push(r.body["id"].as_str().unwrap().to_owned());
        }
        let body = report(&app, &coord, "safety").await;
        let mine: Vec<&Value> = rows(&body, "signals")
            .iter()
            .filter(|r| r["patient"] == p.as_str() && r["kind"] == "lab_flag")
            .collect();
        assert_eq!(mine.len(), 1, "{mine:?}");
        let flag = mine[0];
        assert_eq!(flag["rule"], "lab.alat_high");
        assert_eq!(
            s(&flag["entity_id"]),
            ids[3],
            "the latest result carries it"
        );
        assert_eq!(s(&flag["date"]), day(-20));
        assert_eq!(s(&flag["open_since"]), day(-40));
        assert_eq!(flag["days_open"], 40);
    }
);
