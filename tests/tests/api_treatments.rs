//! Treatments and alerts through the real server on both backends: licence warnings (the
//! CLINICAL.md start vectors), episode numbering and switches, stops, and the alerts a patient
//! raises (herpes on a JAK inhibitor without interruption, vaccination timing, eligibility).
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use registry_tests::api_test;
use reqwest::StatusCode;
use serde_json::{Value, json};

fn warning_codes(v: &Value) -> Vec<String> {
    v["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["code"].as_str().unwrap().to_owned())
        .collect()
}

api_test!(
    start_vectors_warn_below_the_licence_and_never_refuse,
    |app| {
        let a = app.login("center-a@test").await;
        // Born 2013-02: 11 y 364 d on 2025-02-27 (ages count from the last day of the birth month).
        let child = app.create_patient(&a, "UPA-11", "AD", "2013-02").await;
        let r = app
            .start_treatment(&a, &child, "upadacitinib", "2025-02-27")
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
        assert!(
            !warning_codes(&r.body).is_empty(),
            "upadacitinib at 11 y 364 d warns"
        );
        let teen = app.create_patient(&a, "LEB-13", "AD", "2011-06").await;
        let r = app
            .post(
                &format!("/api/v1/patients/{teen}/treatments"),
                &a,
                json!({"drug": "lebrikizumab", "start_date": "2025-03-01", "weight_kg": "39.5"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED);
        assert!(
            !warning_codes(&r.body).is_empty(),
            "lebrikizumab at 39.5 kg warns"
        );
        let aa17 = app.create_patient(&a, "BARI-AA-17", "AA", "2007-09").await;
        let r = app
            .start_treatment(&a, &aa17, "baricitinib", "2025-03-01")
            .await;
        assert!(
            !warning_codes(&r.body).is_empty(),
            "baricitinib for AA at 17 warns"
        );
        let ad17 = app.create_patient(&a, "BARI-AD-17", "AD", "2007-09").await;
        let r = app
            .start_treatment(&a, &ad17, "baricitinib", "2025-03-01")
            .await;
        assert!(
            warning_codes(&r.body).is_empty(),
            "baricitinib for AD at 17: no warning {:?}",
            r.body
        );
        let legacy = app
            .start_treatment(&a, &ad17, "L04AA44", "2025-06-01")
            .await;
        assert_eq!(
            legacy.body["drug"], "upadacitinib",
            "legacy ATC code maps to the current drug"
        );
    }
);

api_test!(
    episodes_are_numbered_per_drug_and_switches_classified,
    |app| {
        let a = app.login("center-a@test").await;
        let p = app.create_patient(&a, "SEQ", "AA", "1980-01").await;
        let first = app
            .start_treatment(&a, &p, "ciclosporin", "2023-01-01")
            .await;
        assert_eq!(first.body["transition"]["kind"], "first");
        let stop = app.patch(&format!("/api/v1/treatments/{}", first.body["id"].as_str().unwrap()), &a, "\"1\"",
        json!({"reason": "ended", "stop_date": "2023-06-30", "stop_reason": "primary_inefficacy"})).await;
        assert_eq!(stop.status, StatusCode::OK, "{:?}", stop.body);
        assert_eq!(stop.body["stop_reason"], "primary_inefficacy");
        let bari = app.post(&format!("/api/v1/patients/{p}/treatments"), &a, json!({"drug": "baricitinib", "start_date": "2023-08-01",
        "stop_date": "2024-02-01", "stop_reason": "secondary_loss_of_effect", "dose": {"amount": 4, "unit": "mg", "frequency": "once_daily"}})).await;
        assert_eq!(bari.status, StatusCode::CREATED, "{:?}", bari.body);
        assert_eq!(bari.body["transition"]["kind"], "switch_between_classes");
        assert_eq!(bari.body["dose"]["amount"], "4");
        let ritle = app
            .start_treatment(&a, &p, "ritlecitinib", "2024-03-01")
            .await;
        assert_eq!(ritle.body["transition"]["kind"], "switch_within_jak");
        assert_eq!(
            ritle.body["transition"]["selectivity"],
            "non_selective_to_selective"
        );
        assert_eq!(ritle.body["episode_number"], 1);
        let ritle_id = ritle.body["id"].as_str().unwrap();
        app.patch(
            &format!("/api/v1/treatments/{ritle_id}"),
            &a,
            "\"1\"",
            json!({"reason": "remission", "stop_date": "2024-09-01", "stop_reason": "remission"}),
        )
        .await;
        let again = app
            .start_treatment(&a, &p, "ritlecitinib", "2025-01-01")
            .await;
        assert_eq!(again.body["episode_number"], 2, "re-treatment counts up");
        assert_eq!(again.body["transition"]["kind"], "re_treatment");
        let bad = app.post(&format!("/api/v1/patients/{p}/treatments"), &a,
        json!({"drug": "unobtainium", "start_date": "2999-01-01", "stop_reason": "whim", "dose": {"amount": 0, "unit": "kg"}})).await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        let fields = bad.error_fields();
        for f in [
            "drug",
            "start_date",
            "stop_reason",
            "stop_date",
            "dose.unit",
            "dose.frequency",
        ] {
            assert!(fields.iter().any(|g| g == f), "{f} missing from {fields:?}");
        }
        let list = app
            .get(&format!("/api/v1/patients/{p}/treatments"), &a)
            .await;
        assert_eq!(
            list.body["items"].as_array().unwrap().len(),
            4,
            "the bad start stored nothing"
        );
        let early_stop = app
            .patch(
                &format!("/api/v1/treatments/{}", again.body["id"].as_str().unwrap()),
                &a,
                "\"1\"",
                json!({"reason": "typo", "stop_date": "2024-12-01", "stop_reason": "other"}),
            )
            .await;
        assert_eq!(early_stop.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(early_stop.error_fields(), ["stop_date"]);
    }
);

api_test!(
    herpes_on_a_jak_inhibitor_is_flagged_until_an_interruption_is_recorded,
    |app| {
        let a = app.login("center-a@test").await;
        let p = app.create_patient(&a, "ZOSTER", "AA", "1975-01").await;
        let t = app
            .start_treatment(&a, &p, "baricitinib", "2025-01-01")
            .await;
        let t_id = t.body["id"].as_str().unwrap().to_owned();
        let ae = app.post(&format!("/api/v1/patients/{p}/adverse-events"), &a, json!({"verbatim_term": "herpes zoster thoracic",
        "onset_date": "2025-03-01", "ctcae_grade": 2, "causality": "possible", "action": "none", "outcome": "recovering"})).await;
        assert_eq!(ae.status, StatusCode::CREATED, "{:?}", ae.body);
        assert_eq!(ae.body["episode_id"], t_id.as_str());
        assert!(
            ae.body["aesi_categories"]
                .as_array()
                .unwrap()
                .iter()
                .any(|c| c == "herpes_zoster")
        );
        assert_eq!(
            ae.body["flags"].as_array().unwrap().len(),
            1,
            "{:?}",
            ae.body
        );
        let alerts = app.get(&format!("/api/v1/patients/{p}/alerts"), &a).await;
        assert_eq!(alerts.body["adverse_events"].as_array().unwrap().len(), 1);
        let pause = app
            .post(
                &format!("/api/v1/treatments/{t_id}/interruptions"),
                &a,
                json!({"from": "2025-03-02", "to": "2025-03-20", "reason": "infection"}),
            )
            .await;
        assert_eq!(pause.status, StatusCode::CREATED, "{:?}", pause.body);
        let alerts = app.get(&format!("/api/v1/patients/{p}/alerts"), &a).await;
        assert_eq!(
            alerts.body["adverse_events"].as_array().unwrap().len(),
            0,
            "the interruption clears the alert"
        );
        let overlap = app
            .post(
                &format!("/api/v1/treatments/{t_id}/interruptions"),
                &a,
                json!({"from": "2025-03-10", "reason": "other"}),
            )
            .await;
        assert_eq!(overlap.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
);

api_test!(
    alerts_show_vaccination_timing_monitoring_and_eligibility,
    |app| {
        let a = app.login("center-a@test").await;
        let p = app.create_patient(&a, "ELIG", "AA", "1980-01").await;
        let v = app
            .post(
                &format!("/api/v1/patients/{p}/vaccinations"),
                &a,
                json!({"vaccine": "mmr", "date": "2025-01-10"}),
            )
            .await;
        assert_eq!(v.status, StatusCode::CREATED, "{:?}", v.body);
        let before = app.get(&format!("/api/v1/patients/{p}/alerts"), &a).await;
        let planned: Vec<&Value> = before.body["eligibility"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["planned"] == true)
            .collect();
        assert!(
            !planned.is_empty(),
            "with no JAK inhibitor yet, a start today is assessed"
        );
        assert_eq!(
            planned[0]["result"]["eligible"], false,
            "no SALT, no prior systemic therapy"
        );
        app.start_treatment(&a, &p, "ritlecitinib", "2025-02-01")
            .await;
        let after = app.get(&format!("/api/v1/patients/{p}/alerts"), &a).await;
        let findings = after.body["vaccinations"].as_array().unwrap();
        assert!(
            findings
                .iter()
                .any(|f| f["finding"]["severity"] == "violation"),
            "MMR 22 days before a JAK start: {findings:?}"
        );
        let monitoring = after.body["monitoring"].as_array().unwrap();
        assert!(
            monitoring.iter().any(|m| m["check"]["status"] == "overdue"),
            "intake labs were never done"
        );
        let missing = after.body["missing_data"].as_array().unwrap();
        assert_eq!(missing[0]["field"], "salt", "no baseline SALT");
    }
);

api_test!(
    coordinators_raise_data_queries_and_centers_answer_their_own,
    |app| {
        let a = app.login("center-a@test").await;
        let b = app.login("center-b@test").await;
        let coordinator = app.login("coordinator@test").await;
        let p = app.create_patient(&a, "DQ", "AA", "1980-01").await;
        let q = app.post("/api/v1/data-queries", &coordinator, json!({"center": "AAA", "patient_id": p, "entity": "patient",
        "entity_id": p, "field": "birth_month", "message": "Birth month 1980-01 but diagnosis at age 2? Please check."})).await;
        assert_eq!(q.status, StatusCode::CREATED, "{:?}", q.body);
        let path = format!("/api/v1/data-queries/{}", q.body["id"].as_str().unwrap());
        assert_eq!(
            app.get("/api/v1/data-queries", &b).await.body["items"]
                .as_array()
                .unwrap()
                .len(),
            0,
            "center B sees none"
        );
        assert_eq!(
            app.get("/api/v1/data-queries?status=open", &a).await.body["items"]
                .as_array()
                .unwrap()
                .len(),
            1
        );
        let other = app
            .send(
                reqwest::Method::POST,
                &format!("{path}/answer"),
                Some(&b),
                Some(json!({"answer": "?"})),
                &[("If-Match", "\"1\"")],
            )
            .await;
        assert_eq!(other.status, StatusCode::NOT_FOUND);
        let answered = app
            .send(
                reqwest::Method::POST,
                &format!("{path}/answer"),
                Some(&a),
                Some(json!({"answer": "Checked: correct"})),
                &[("If-Match", "\"1\"")],
            )
            .await;
        assert_eq!(answered.status, StatusCode::OK, "{:?}", answered.body);
        assert_eq!(answered.body["status"], "answered");
        let closed = app
            .send(
                reqwest::Method::POST,
                &format!("{path}/close"),
                Some(&coordinator),
                None,
                &[("If-Match", "\"2\"")],
            )
            .await;
        assert_eq!(closed.status, StatusCode::OK, "{:?}", closed.body);
        assert_eq!(closed.body["status"], "closed");
        let again = app
            .send(
                reqwest::Method::POST,
                &format!("{path}/answer"),
                Some(&a),
                Some(json!({"answer": "late"})),
                &[("If-Match", "\"3\"")],
            )
            .await;
        assert_eq!(
            again.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "a closed query takes no answer"
        );
    }
);
