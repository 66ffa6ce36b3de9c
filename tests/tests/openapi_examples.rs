//! The OpenAPI document as a client meets it: every JSON request body has a schema and an
//! example, every example is accepted by the real server with the documented success status,
//! and every answer validates against the documented response schema, strictly (a field the
//! server sends but the schema does not name fails, as does a missing required one).
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::collections::{BTreeMap, HashMap};

use registry_tests::api_test;
use registry_tests::app::{PASSWORD, Reply, TestApp};
use registry_tests::openapi::{strict, violations};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

/// One operation with a JSON request body.
struct Operation {
    method: String,
    path: String,
    example: Value,
    success: String,
    schema: Option<Value>,
    if_match: bool,
}

/// Every operation of the document that takes a JSON body; fails for one without an example.
fn operations_with_bodies(doc: &Value) -> Vec<Operation> {
    let mut out = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let Some(media) = op.pointer("/requestBody/content/application~1json") else {
                continue;
            };
            assert!(
                media.get("schema").is_some(),
                "{method} {path}: the JSON body has no schema"
            );
            let schema_ref = media.pointer("/schema/$ref").and_then(Value::as_str);
            assert_ne!(
                media["schema"],
                json!({"type": "object"}),
                "{method} {path}: the body is only `object`"
            );
            let example = media
                .get("example")
                .cloned()
                .unwrap_or_else(|| panic!("{method} {path} ({schema_ref:?}): no example"));
            let responses = op["responses"].as_object().unwrap();
            let successes: Vec<&String> = responses.keys().filter(|s| s.starts_with('2')).collect();
            assert_eq!(
                successes.len(),
                1,
                "{method} {path}: one documented success, not {successes:?}"
            );
            let success = successes[0].clone();
            let schema = responses[&success]
                .pointer("/content/application~1json/schema")
                .cloned();
            let if_match = op["parameters"]
                .as_array()
                .is_some_and(|ps| ps.iter().any(|p| p["name"] == "If-Match"));
            out.push(Operation {
                method: method.clone(),
                path: path.clone(),
                example,
                success,
                schema,
                if_match,
            });
        }
    }
    out
}

/// The role that performs an operation in the walkthrough.
fn caller(method: &str, path: &str) -> Option<&'static str> {
    let rest = path.trim_start_matches("/api/v1");
    if rest == "/auth/login" {
        None
    } else if rest.starts_with("/centers") || rest.starts_with("/users") {
        Some("admin@test")
    } else if rest.starts_with("/exports") || rest.starts_with("/analyses") {
        Some("researcher@test")
    } else if (rest == "/data-queries" && method == "post") || rest.ends_with("/close") {
        Some("coordinator@test")
    } else {
        Some("center-a@test")
    }
}

/// The collection a path's `{id}` belongs to (`/api/v1/patients/{id}/visits` → `patients`).
fn owner(path: &str) -> Option<&str> {
    let segments: Vec<&str> = path.split('/').collect();
    let i = segments.iter().position(|s| s.starts_with('{'))?;
    segments.get(i.checked_sub(1)?).copied()
}

/// The collection a POST to `path` creates a record in, when it does (`…/visits` → `visits`).
fn created_in(path: &str) -> Option<&str> {
    let last = path.rsplit('/').next()?;
    (!last.starts_with('{')).then_some(last)
}

/// The example with the test's own values where a deployment's are needed: the center codes
/// of the test registry and the seeded login.
fn localised(path: &str, example: &Value) -> Value {
    let mut body = example.clone();
    if let Some(obj) = body.as_object_mut() {
        if obj.get("center").is_some_and(Value::is_string) {
            obj.insert("center".into(), json!("AAA"));
        }
        if path.ends_with("/auth/login") {
            obj.insert("email".into(), json!("admin@test"));
            obj.insert("password".into(), json!(PASSWORD));
        }
    }
    body
}

/// The order of the walkthrough: records before the records that hang on them.
fn rank(op: &Operation) -> (usize, usize, String) {
    const ORDER: [&str; 9] = [
        "/centers",
        "/users",
        "/auth",
        "/patients",
        "/treatments",
        "/visits",
        "/data-queries",
        "/exports",
        "/",
    ];
    let rest = op.path.trim_start_matches("/api/v1");
    // Changing one's own password ends the caller's sessions: last of all.
    if rest == "/auth/password" {
        return (2, 0, op.path.clone());
    }
    let group = ORDER
        .iter()
        .position(|p| rest.starts_with(p))
        .unwrap_or(ORDER.len());
    // Creations first within a group, edits (which may stop an episode or deactivate a user)
    // after everything that uses the record.
    let edit = usize::from(op.method != "post" || op.if_match || op.path.ends_with("/deactivate"));
    (edit, group, op.path.clone())
}

async fn send(
    app: &TestApp,
    op: &Operation,
    path: &str,
    token: Option<&str>,
    etag: Option<&str>,
) -> Reply {
    let method = Method::from_bytes(op.method.to_uppercase().as_bytes()).unwrap();
    let mut headers = Vec::new();
    if let Some(e) = etag {
        headers.push(("If-Match", e));
    }
    app.send(
        method,
        path,
        token,
        Some(localised(&op.path, &op.example)),
        &headers,
    )
    .await
}

api_test!(every_documented_example_is_accepted_as_documented, |app| {
    let doc = app
        .request(Method::GET, "/openapi.json", None, None)
        .await
        .body;
    let mut components = doc["components"].clone();
    strict(&mut components);
    let mut operations = operations_with_bodies(&doc);
    assert!(operations.len() >= 15, "{} bodies", operations.len());
    operations.sort_by_key(rank);

    let mut tokens: HashMap<&str, String> = HashMap::new();
    for email in [
        "admin@test",
        "coordinator@test",
        "center-a@test",
        "researcher@test",
    ] {
        tokens.insert(email, app.login(email).await);
    }
    // The id and the ETag of the record each collection's example created.
    let mut ids: BTreeMap<String, String> = BTreeMap::new();
    let mut etags: BTreeMap<String, String> = BTreeMap::new();
    let mut failures = Vec::new();
    for op in &operations {
        let mut path = op.path.clone();
        let collection = owner(&op.path).map(str::to_owned);
        if let Some(c) = &collection {
            let id = ids.get(c).unwrap_or_else(|| {
                panic!(
                    "{} {}: no example created a record of {c}",
                    op.method, op.path
                )
            });
            path = path.replace("{id}", id);
        }
        let token = caller(&op.method, &op.path).map(|e| tokens[e].as_str());
        let mut etag = None;
        if op.if_match {
            let c = collection.as_deref().unwrap();
            // The version as a client reads it: a GET of the record where there is one.
            let record = format!("/api/v1/{c}/{}", ids[c]);
            let read = app.get(&record, token.unwrap()).await;
            etag = if read.status == StatusCode::OK {
                read.header("etag")
            } else {
                etags.get(c).cloned()
            };
        }
        let reply = send(&app, op, &path, token, etag.as_deref()).await;
        let label = format!("{} {}", op.method.to_uppercase(), op.path);
        if reply.status.as_str() != op.success {
            failures.push(format!(
                "{label}: the example was answered {} instead of {}: {}",
                reply.status, op.success, reply.body
            ));
            continue;
        }
        match &op.schema {
            Some(schema) => {
                for v in violations(&components, schema, &reply.body) {
                    failures.push(format!("{label}: the answer does not fit its schema: {v}"));
                }
            }
            None if reply.status != StatusCode::NO_CONTENT => {
                failures.push(format!("{label}: {} has no documented schema", op.success));
            }
            None => {}
        }
        if op.method == "post"
            && let (Some(c), Some(id)) = (created_in(&op.path), reply.body["id"].as_str())
        {
            ids.entry(c.to_owned()).or_insert_with(|| id.to_owned());
            if let Some(e) = reply.header("etag") {
                etags.entry(c.to_owned()).or_insert(e);
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
});

api_test!(a_refused_example_fails_the_walkthrough, |app| {
    // The check above can fail: an example the server refuses is reported with its answer.
    let token = app.login("center-a@test").await;
    let p = app.create_patient(&token, "EX-1", "AA", "1980-01").await;
    let refused = app
        .post(
            &format!("/api/v1/patients/{p}/vaccinations"),
            &token,
            json!({"vaccine": "zoster_recombinant", "dose_number": 1, "date": "2024-11-20"}),
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.error_fields(), ["vaccine"]);
    let doc = app
        .request(Method::GET, "/openapi.json", None, None)
        .await
        .body;
    let mut components = doc["components"].clone();
    strict(&mut components);
    // A body with a field the schema does not name, or without a required one, does not fit.
    let lab = json!({"$ref": "#/components/schemas/LabView"});
    assert!(!violations(&components, &lab, &json!({"id": "x"})).is_empty());
    // The refusal itself is the documented problem document.
    let problem = json!({"$ref": "#/components/schemas/Problem"});
    let wrong = violations(&components, &problem, &refused.body);
    assert!(wrong.is_empty(), "{wrong:?}");
});

api_test!(errors_are_documented_as_problem_documents, |app| {
    let doc = app
        .request(Method::GET, "/openapi.json", None, None)
        .await
        .body;
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let responses = op["responses"].as_object().unwrap();
            for (status, response) in responses {
                if status.starts_with(['4', '5']) {
                    assert!(
                        response
                            .pointer("/content/application~1problem+json/schema")
                            .is_some(),
                        "{method} {path} {status}: not a problem document"
                    );
                    assert!(
                        response.pointer("/content/application~1json").is_none(),
                        "{method} {path} {status}: an error as application/json"
                    );
                }
            }
            assert!(responses.contains_key("400"), "{method} {path}: 400");
            let secured = op["security"].as_array().is_some_and(|s| !s.is_empty());
            if secured {
                assert!(responses.contains_key("401"), "{method} {path}: 401");
            }
            if path.contains('{') {
                assert!(responses.contains_key("404"), "{method} {path}: 404");
            }
            if op.get("requestBody").is_some() {
                for s in ["413", "422"] {
                    assert!(responses.contains_key(s), "{method} {path}: {s}");
                }
            }
        }
    }
    let problem = &doc["components"]["schemas"]["Problem"];
    assert_eq!(problem["example"]["status"], 422, "{problem}");
    assert_eq!(
        doc.pointer("/paths/~1api~1v1~1auth~1login/post/responses/429/content/application~1problem+json/schema/$ref"),
        Some(&json!("#/components/schemas/Problem"))
    );
});

/// The header line of an import template.
async fn template_columns(app: &TestApp, token: &str, kind: &str) -> Vec<String> {
    let text = app
        .client
        .get(format!("{}/api/v1/imports/{kind}/template", app.base))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let header = text.lines().next().unwrap();
    header.split(',').map(str::to_owned).collect()
}

api_test!(a_field_has_one_name_in_the_api_and_the_import, |app| {
    let doc = app
        .request(Method::GET, "/openapi.json", None, None)
        .await
        .body;
    let properties = |schema: &str| -> Vec<String> {
        doc["components"]["schemas"][schema]["properties"]
            .as_object()
            .unwrap_or_else(|| panic!("{schema}"))
            .keys()
            .cloned()
            .collect()
    };
    let token = app.login("center-a@test").await;
    // `center` and `patient` name the record's place (the URL in the API); an adverse event's
    // `drug` picks the episode.
    let cases = [
        ("labs", "LabRequest", vec!["center", "patient"]),
        (
            "adverse_events",
            "AdverseEventRequest",
            vec!["center", "patient", "drug"],
        ),
        ("patients", "PatientRequest", vec!["center", "patient"]),
    ];
    for (kind, schema, own) in cases {
        let api = properties(schema);
        for column in template_columns(&app, &token, kind).await {
            let column = column.trim().to_owned();
            let flat_consent = column.starts_with("consent_");
            assert!(
                api.contains(&column) || own.contains(&column.as_str()) || flat_consent,
                "{kind}: column {column} is not a field of {schema} ({api:?})"
            );
        }
    }
    for (old, new) in [
        ("uln", "upper_limit"),
        ("lln", "lower_limit"),
        ("term", "verbatim_term"),
        ("grade", "ctcae_grade"),
    ] {
        let lab = template_columns(&app, &token, "labs").await;
        let ae = template_columns(&app, &token, "adverse_events").await;
        assert!(
            !lab.contains(&old.to_owned()) && !ae.contains(&old.to_owned()),
            "{old}"
        );
        assert!(
            lab.contains(&new.to_owned()) || ae.contains(&new.to_owned()),
            "{new}"
        );
    }

    // The former spelling of the API is still read, and answered with the current one.
    let p = app.create_patient(&token, "NAMES-1", "AD", "1990-03").await;
    let old = app
        .post(
            &format!("/api/v1/patients/{p}/labs"),
            &token,
            json!({"analyte": "hb", "date": "2025-02-01", "value": 8.1, "unit": "mmol/L"}),
        )
        .await;
    assert_eq!(old.status, StatusCode::CREATED, "{}", old.body);
    assert_eq!(old.body["sample_date"], "2025-02-01");
    assert!(old.body.get("date").is_none(), "{}", old.body);
    let both = app
        .post(
            &format!("/api/v1/patients/{p}/labs"),
            &token,
            json!({"analyte": "hb", "date": "2025-02-02", "sample_date": "2025-02-02", "value": 8.1, "unit": "mmol/L"}),
        )
        .await;
    assert_eq!(
        both.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        both.body
    );
    // A file with the former column names imports as before.
    let file = "center,patient,sample_date,analyte,value,unit,uln\nAAA,NAMES-1,2025-02-03,alat,30,U/L,45\n";
    let imported = app.post_csv("/api/v1/imports/labs", &token, file).await;
    assert_eq!(imported.status, StatusCode::OK, "{}", imported.body);
    assert_eq!(imported.body["rows_created"], 1);
    let labs = app.get(&format!("/api/v1/patients/{p}/labs"), &token).await;
    let alat = labs.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["analyte"] == "alat")
        .unwrap();
    assert_eq!(alat["upper_limit"], "45");
});

api_test!(alerts_of_every_kind_fit_their_schema, |app| {
    let a = app.login("center-a@test").await;
    let created = |r: Reply| assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    // On baricitinib: MMR 22 days before the start, herpes zoster without an interruption,
    // platelets below 50, intake labs never done, no baseline SALT.
    let on_jak = app.create_patient(&a, "ALERTS-1", "AA", "1980-01").await;
    let vaccinations = format!("/api/v1/patients/{on_jak}/vaccinations");
    created(
        app.post(
            &vaccinations,
            &a,
            json!({"vaccine": "mmr", "date": "2025-01-10"}),
        )
        .await,
    );
    created(
        app.start_treatment(&a, &on_jak, "baricitinib", "2025-02-01")
            .await,
    );
    let events = format!("/api/v1/patients/{on_jak}/adverse-events");
    created(
        app.post(
            &events,
            &a,
            json!({"verbatim_term": "herpes zoster thoracic", "onset_date": "2025-03-01",
        "ctcae_grade": 2, "causality": "possible", "action": "none", "outcome": "recovering"}),
        )
        .await,
    );
    let labs = format!("/api/v1/patients/{on_jak}/labs");
    created(
        app.post(
            &labs,
            &a,
            json!({"analyte": "platelets", "sample_date": "2025-02-15", "value": 40,
        "unit": "×10⁹/L"}),
        )
        .await,
    );
    // A child with SALT 30 and no JAK inhibitor: a start today is assessed, and the criteria it
    // does not meet carry their values.
    let child = app.create_patient(&a, "ALERTS-2", "AA", "2012-01").await;
    created(
        app.post_visit(
            &a,
            &child,
            json!({"visit_date": "2025-03-03",
            "salt": {"top": 30, "back": 30, "right": 30, "left": 30}}),
        )
        .await,
    );

    let doc = app
        .request(Method::GET, "/openapi.json", None, None)
        .await
        .body;
    assert_eq!(
        doc.pointer(
            "/paths/~1api~1v1~1patients~1{id}~1alerts/get/responses/200/content/application~1json/schema/$ref"
        ),
        Some(&json!("#/components/schemas/AlertsView"))
    );
    let mut components = doc["components"].clone();
    strict(&mut components);
    let schema = json!({"$ref": "#/components/schemas/AlertsView"});
    let every_kind = [
        "lab_flags",
        "vaccinations",
        "adverse_events",
        "monitoring",
        "eligibility",
        "missing_data",
    ];
    for (patient, kinds) in [(&on_jak, &every_kind[..]), (&child, &["eligibility"][..])] {
        let alerts = app
            .get(&format!("/api/v1/patients/{patient}/alerts"), &a)
            .await;
        assert_eq!(alerts.status, StatusCode::OK, "{:?}", alerts.body);
        for kind in kinds {
            assert!(
                alerts.body[kind].as_array().is_some_and(|k| !k.is_empty()),
                "{kind}: {:?}",
                alerts.body
            );
        }
        let wrong = violations(&components, &schema, &alerts.body);
        assert!(wrong.is_empty(), "{wrong:?}\n{:#}", alerts.body);
        if patient == &child {
            let unmet: Vec<&Value> = alerts.body["eligibility"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|e| e["planned"] == true && e["drug"] == "baricitinib")
                .flat_map(|e| e["result"]["unmet"].as_array().unwrap())
                .collect();
            let by_code = |code: &str| unmet.iter().find(|u| u["criterion"] == code).copied();
            let salt = by_code("salt_below_50").unwrap()["salt"].as_str().unwrap();
            assert_eq!(salt.parse::<f64>().unwrap(), 30.0, "{unmet:?}");
            assert!(
                by_code("below_minimum_age").unwrap()["min_age"]["years"].is_u64(),
                "{unmet:?}"
            );
        }
    }
    // The check can fail: an entry the schema does not describe is caught.
    let mut extended = app
        .get(&format!("/api/v1/patients/{on_jak}/alerts"), &a)
        .await
        .body;
    extended["lab_flags"][0]["flag"]["note"] = json!("not documented");
    assert!(!violations(&components, &schema, &extended).is_empty());
});
