//! A small cohort with known gaps for the report suites, entered through the API relative to
//! today: every report must find exactly these gaps.
//!
//! Center AAA:
//! - `MISSED` (AD, dupilumab from day −200): visits on days 0, 28 and 120 — window W8 missed.
//! - `QUIET` (AA, methotrexate from day −800): visits on days −7, 28, 84, 168, 252 and 364, none
//!   since — window W78 missed and no visit for more than 12 months.
//! - `PLATELETS` (AA, ritlecitinib from day −20): baseline with the whole intake panel on day
//!   −5, then platelets 40 ×10⁹/L on day 14 — an open platelet flag.
//! - `HERPES` (AD, upadacitinib from day −25): baseline with the intake panel on day −3, herpes
//!   zoster on day 10 without an interruption.
//! - `EARLY` (AD, dupilumab from day −10): a visit 50 days before the start, baseline on day −2
//!   — a visit more than 30 days before the first treatment start.
//!
//! Center BBB:
//! - `OTHER` (AD, dupilumab from day −100): visits on days 0 and 28 — window W8 missed.

use chrono::{NaiveDate, TimeDelta};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::app::TestApp;

/// Today (the reports' default data cut: today's date in UTC).
pub fn today() -> NaiveDate {
    registry_core::time::current_date()
}

/// `today + days`, as `YYYY-MM-DD`.
pub fn day(days: i64) -> String {
    (today() + TimeDelta::days(days)).to_string()
}

/// The patients' ids, by local reference.
pub struct Cohort {
    pub missed: String,
    pub quiet: String,
    pub platelets: String,
    pub herpes: String,
    pub early: String,
    pub other: String,
    /// The herpes zoster event.
    pub herpes_event: String,
    /// The platelet result of day 14.
    pub platelet_lab: String,
    /// The visit 50 days before `EARLY`'s start.
    pub early_visit: String,
}

/// A visit with every field AD requires.
pub fn ad_visit(date: &str) -> Value {
    json!({"visit_date": date, "easi": {"total": 20}, "pp_nrs": 6, "viga": 3,
           "poem": {"total": 15}, "dlqi": {"total": 10}})
}

fn intake_panel() -> Value {
    json!([
        {"analyte": "hb", "value": 8.5, "unit": "mmol/L"},
        {"analyte": "leukocytes", "value": 6, "unit": "10^9/L"},
        {"analyte": "lymphocytes", "value": 2, "unit": "10^9/L"},
        {"analyte": "neutrophils", "value": 4, "unit": "10^9/L"},
        {"analyte": "platelets", "value": 250, "unit": "10^9/L"},
        {"analyte": "alat", "value": 30, "unit": "U/L", "upper_limit": 45},
        {"analyte": "creatinine", "value": 80, "unit": "umol/L"},
        {"analyte": "cholesterol_total", "value": 5.0, "unit": "mmol/L"},
        {"analyte": "hdl", "value": 1.5, "unit": "mmol/L"},
        {"analyte": "ldl", "value": 3.0, "unit": "mmol/L"},
        {"analyte": "triglycerides", "value": 1.2, "unit": "mmol/L"},
        {"analyte": "hiv", "result": "negative"},
        {"analyte": "hbv", "result": "negative"},
        {"analyte": "hcv", "result": "negative"},
        {"analyte": "tb_screening", "result": "negative"}
    ])
}

async fn patient(
    app: &TestApp,
    token: &str,
    local_ref: &str,
    diagnosis: &str,
    born: &str,
    drug: &str,
    start: i64,
) -> String {
    let p = app.create_patient(token, local_ref, diagnosis, born).await;
    let t = app.start_treatment(token, &p, drug, &day(start)).await;
    assert_eq!(t.status, StatusCode::CREATED, "{local_ref}: {:?}", t.body);
    p
}

async fn visit(app: &TestApp, token: &str, patient: &str, body: Value) -> String {
    let r = app.post_visit(token, patient, body).await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    r.body["id"].as_str().unwrap().to_owned()
}

/// Enters the cohort.
pub async fn enter(app: &TestApp) -> Cohort {
    let a = app.login("center-a@test").await;
    let b = app.login("center-b@test").await;

    let missed = patient(app, &a, "MISSED", "AD", "1985-01", "dupilumab", -200).await;
    for d in [-200, -172, -80] {
        visit(app, &a, &missed, ad_visit(&day(d))).await;
    }

    let quiet = patient(app, &a, "QUIET", "AA", "1980-05", "methotrexate", -800).await;
    for (d, salt) in [
        (-807, 60),
        (-772, 55),
        (-716, 50),
        (-632, 40),
        (-548, 35),
        (-436, 30),
    ] {
        visit(
            app,
            &a,
            &quiet,
            json!({"visit_date": day(d), "salt": {"total": salt}}),
        )
        .await;
    }

    let platelets = patient(app, &a, "PLATELETS", "AA", "1990-03", "ritlecitinib", -20).await;
    visit(
        app,
        &a,
        &platelets,
        json!({"visit_date": day(-25), "salt": {"total": 80}, "labs": intake_panel()}),
    )
    .await;
    let lab = app
        .post(
            &format!("/api/v1/patients/{platelets}/labs"),
            &a,
            json!({"analyte": "platelets", "date": day(-6), "value": 40, "unit": "10^9/L"}),
        )
        .await;
    assert_eq!(lab.status, StatusCode::CREATED, "{:?}", lab.body);
    let platelet_lab = lab.body["id"].as_str().unwrap().to_owned();

    let herpes = patient(app, &a, "HERPES", "AD", "1992-07", "upadacitinib", -25).await;
    let mut baseline = ad_visit(&day(-28));
    baseline["labs"] = intake_panel();
    visit(app, &a, &herpes, baseline).await;
    let ae = app
        .post(
            &format!("/api/v1/patients/{herpes}/adverse-events"),
            &a,
            json!({"verbatim_term": "herpes zoster", "onset_date": day(-15), "ctcae_grade": 2,
                   "causality": "possible", "action": "none", "outcome": "recovering"}),
        )
        .await;
    assert_eq!(ae.status, StatusCode::CREATED, "{:?}", ae.body);
    let herpes_event = ae.body["id"].as_str().unwrap().to_owned();

    let early = patient(app, &a, "EARLY", "AD", "1988-02", "dupilumab", -10).await;
    let early_visit = visit(app, &a, &early, ad_visit(&day(-60))).await;
    visit(app, &a, &early, ad_visit(&day(-12))).await;

    let other = patient(app, &b, "OTHER", "AD", "1970-09", "dupilumab", -100).await;
    for d in [-100, -72] {
        visit(app, &b, &other, ad_visit(&day(d))).await;
    }

    Cohort {
        missed,
        quiet,
        platelets,
        herpes,
        early,
        other,
        herpes_event,
        platelet_lab,
        early_visit,
    }
}
