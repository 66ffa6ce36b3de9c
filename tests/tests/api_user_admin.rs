//! Users administration, on the API (admin) and the command line: list, deactivate, reactivate,
//! reset a password, change role or center; a user changes their own password. Every change is
//! in the audit trail, never with a password or its hash, and the command line answers in words.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use diesel::prelude::*;
use registry_api::user_cmd::{UserCommand, run};
use registry_core::store::schema::audit_events;
use registry_tests::app::{PASSWORD, Reply, TestApp};
use registry_tests::{api_test, db_test};
use reqwest::{Method, StatusCode};
use serde_json::json;

/// The audit actions and JSON of a user's events, oldest first.
fn user_events(app: &TestApp, id: &str) -> Vec<(String, String)> {
    let mut conn = app.db.conn();
    audit_events::table
        .filter(audit_events::entity.eq("user"))
        .filter(audit_events::entity_id.eq(id))
        .order((audit_events::occurred_at, audit_events::seq))
        .select((
            audit_events::action,
            audit_events::before_json,
            audit_events::after_json,
        ))
        .load::<(String, Option<String>, Option<String>)>(&mut conn)
        .unwrap()
        .into_iter()
        .map(|(a, b, c)| (a, format!("{b:?}{c:?}")))
        .collect()
}

async fn login_with(app: &TestApp, email: &str, password: &str) -> Reply {
    app.request(
        Method::POST,
        "/api/v1/auth/login",
        None,
        Some(json!({"email": email, "password": password})),
    )
    .await
}

api_test!(an_admin_manages_users, |app| {
    let admin = app.login("admin@test").await;
    let a = app.login("center-a@test").await;

    let list = app.get("/api/v1/users", &admin).await;
    assert_eq!(list.status, StatusCode::OK, "{:?}", list.body);
    let items = list.body["items"].as_array().unwrap();
    let emails: Vec<&str> = items.iter().map(|u| u["email"].as_str().unwrap()).collect();
    assert_eq!(
        emails,
        [
            "admin@test",
            "center-a@test",
            "center-b@test",
            "coordinator@test",
            "researcher@test"
        ]
    );
    assert!(!list.body.to_string().contains("argon2"), "no hash leaves");
    assert_eq!(
        app.get("/api/v1/users", &a).await.status,
        StatusCode::FORBIDDEN
    );
    let id_of = |email: &str| {
        items.iter().find(|u| u["email"] == email).unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let b_id = id_of("center-b@test");
    let admin_id = id_of("admin@test");

    // Deactivate, then reactivate: the user logs in again.
    let r = app
        .post(
            &format!("/api/v1/users/{b_id}/deactivate"),
            &admin,
            json!({"reason": "left"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(
        login_with(&app, "center-b@test", PASSWORD).await.status,
        StatusCode::UNAUTHORIZED
    );
    let r = app
        .post(
            &format!("/api/v1/users/{b_id}/reactivate"),
            &admin,
            json!({}),
        )
        .await;
    assert_eq!(r.error_fields(), ["reason"], "a reason is required");
    let r = app
        .post(
            &format!("/api/v1/users/{b_id}/reactivate"),
            &admin,
            json!({"reason": "back"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["active"], true);
    let before_reset = login_with(&app, "center-b@test", PASSWORD).await;
    assert_eq!(before_reset.status, StatusCode::OK);
    let before_reset = before_reset.body["access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        app.get("/api/v1/patients", &before_reset).await.status,
        StatusCode::OK
    );

    // A password reset: the rule holds, the new password works, the old one no longer.
    let reset = format!("/api/v1/users/{b_id}/password");
    let r = app
        .post(
            &reset,
            &admin,
            json!({"password": "short", "reason": "forgot"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.error_fields(), ["password"]);
    let r = app
        .post(
            &reset,
            &admin,
            json!({"password": "a brand new passphrase", "reason": "forgot"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let ended = app.get("/api/v1/patients", &before_reset).await;
    assert_eq!(
        ended.status,
        StatusCode::UNAUTHORIZED,
        "the old session ended"
    );
    assert!(
        ended.body["detail"]
            .as_str()
            .unwrap()
            .contains("password was changed")
    );
    assert_eq!(
        login_with(&app, "center-b@test", PASSWORD).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        login_with(&app, "center-b@test", "a brand new passphrase")
            .await
            .status,
        StatusCode::OK
    );

    // Another center: center B's user now reads center A's patients.
    let patient = app.create_patient(&a, "U-1", "AD", "1990-03").await;
    let access = format!("/api/v1/users/{b_id}/access");
    let r = app
        .post(
            &access,
            &admin,
            json!({"role": "researcher", "center": "AAA", "reason": "x"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{:?}", r.body);
    assert_eq!(r.error_fields(), ["center"]);
    let r = app
        .post(
            &access,
            &admin,
            json!({"role": "center", "center": "NOPE", "reason": "x"}),
        )
        .await;
    assert_eq!(r.error_fields(), ["center"]);
    let r = app
        .post(
            &access,
            &admin,
            json!({"role": "center", "center": "AAA", "reason": "moved to center A"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["center_id"], app.center_a.as_str());
    let b = login_with(&app, "center-b@test", "a brand new passphrase").await;
    let b = b.body["access_token"].as_str().unwrap();
    assert_eq!(
        app.get(&format!("/api/v1/patients/{patient}"), b)
            .await
            .status,
        StatusCode::OK
    );

    // The admin cannot demote themselves (nor the last admin).
    let r = app
        .post(
            &format!("/api/v1/users/{admin_id}/access"),
            &admin,
            json!({"role": "coordinator", "reason": "x"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{:?}", r.body);

    let unknown = "0190f0f0-0000-7000-8000-000000000000";
    let r = app
        .post(
            &format!("/api/v1/users/{unknown}/reactivate"),
            &admin,
            json!({"reason": "x"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(r.body["detail"].as_str().unwrap().contains("no user"));

    let events = user_events(&app, &b_id);
    let actions: Vec<&str> = events.iter().map(|(a, _)| a.as_str()).collect();
    for action in ["deactivate", "activate", "reset_password", "change_access"] {
        assert!(actions.contains(&action), "{action} in {actions:?}");
    }
    assert!(
        events
            .iter()
            .all(|(_, json)| !json.contains("argon2") && !json.contains("brand new")),
        "no password or hash in the trail"
    );
    assert!(app.verify_audit().is_intact());
});

api_test!(a_user_changes_their_own_password, |app| {
    let a = app.login("center-a@test").await;
    let change =
        |current: &str, new: &str| json!({"current_password": current, "new_password": new});
    let r = app
        .post(
            "/api/v1/auth/password",
            &a,
            change("not my password", "another long passphrase"),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{:?}", r.body);
    assert_eq!(r.error_fields(), ["current_password"]);
    let r = app
        .post("/api/v1/auth/password", &a, change(PASSWORD, "short"))
        .await;
    assert_eq!(r.error_fields(), ["new_password"]);
    let r = app
        .post(
            "/api/v1/auth/password",
            &a,
            change(PASSWORD, "another long passphrase"),
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{:?}", r.body);
    assert_eq!(
        app.get("/api/v1/patients", &a).await.status,
        StatusCode::UNAUTHORIZED,
        "the session of the old password ended"
    );
    assert_eq!(
        login_with(&app, "center-a@test", PASSWORD).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        login_with(&app, "center-a@test", "another long passphrase")
            .await
            .status,
        StatusCode::OK
    );
    let anonymous = app
        .request(
            Method::POST,
            "/api/v1/auth/password",
            None,
            Some(change(PASSWORD, "another long passphrase")),
        )
        .await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);

    let admin = app.login("admin@test").await;
    let users = app.get("/api/v1/users", &admin).await;
    let id = users.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["email"] == "center-a@test")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let events = user_events(&app, &id);
    assert!(
        events.iter().any(|(a, _)| a == "change_password"),
        "{events:?}"
    );
    assert!(app.verify_audit().is_intact());
});

/// Runs a `registry user …` command with `stdin`, returning its error in words.
fn user_cmd(url: &str, command: UserCommand, stdin: &str) -> Result<(), String> {
    run(command, url, &mut stdin.as_bytes()).map_err(|e| e.to_string())
}

db_test!(the_command_line_manages_users_in_words, |db| {
    let mut conn = db.conn();
    conn.write(|tx| {
        registry_core::store::centers::create(tx, &registry_tests::system_ctx(), "AAA", "A")
    })
    .unwrap();
    let add = |email: &str, role: &str, center: Option<&str>| UserCommand::Add {
        email: email.into(),
        role: role.into(),
        center: center.map(str::to_owned),
        password_stdin: true,
    };
    let short = user_cmd(&db.url, add("x@test", "admin", None), "short\n").unwrap_err();
    assert_eq!(short, "password: a password has 12 to 256 characters");
    let no_center = user_cmd(
        &db.url,
        add("x@test", "center", None),
        "long enough password\n",
    )
    .unwrap_err();
    assert_eq!(no_center, "center: a center user needs a center");
    let bad_center = user_cmd(
        &db.url,
        add("x@test", "center", Some("ZZZ")),
        "long enough password\n",
    )
    .unwrap_err();
    assert_eq!(bad_center, "no center has the code ZZZ");
    let bad_role =
        user_cmd(&db.url, add("x@test", "boss", None), "long enough password").unwrap_err();
    assert!(bad_role.contains("boss is not a role"), "{bad_role}");

    user_cmd(
        &db.url,
        add("x@test", "center", Some("AAA")),
        "long enough password",
    )
    .unwrap();
    user_cmd(
        &db.url,
        add("root@test", "admin", None),
        "long enough password",
    )
    .unwrap();
    let twice = user_cmd(
        &db.url,
        add("X@test", "admin", None),
        "long enough password",
    )
    .unwrap_err();
    assert_eq!(twice, "a user with the e-mail X@test exists already");

    let unknown = user_cmd(
        &db.url,
        UserCommand::Deactivate {
            email: "nobody@test".into(),
            reason: "x".into(),
        },
        "",
    )
    .unwrap_err();
    assert_eq!(unknown, "no user has the e-mail nobody@test");
    user_cmd(
        &db.url,
        UserCommand::Deactivate {
            email: "x@test".into(),
            reason: "left".into(),
        },
        "",
    )
    .unwrap();
    user_cmd(
        &db.url,
        UserCommand::Reactivate {
            email: "x@test".into(),
            reason: "back".into(),
        },
        "",
    )
    .unwrap();
    let short = user_cmd(
        &db.url,
        UserCommand::ResetPassword {
            email: "x@test".into(),
            reason: "forgot".into(),
            password_stdin: true,
        },
        "short",
    )
    .unwrap_err();
    assert_eq!(short, "password: a password has 12 to 256 characters");
    user_cmd(
        &db.url,
        UserCommand::ResetPassword {
            email: "x@test".into(),
            reason: "forgot".into(),
            password_stdin: true,
        },
        "a new long passphrase",
    )
    .unwrap();
    let researcher_in_center = user_cmd(
        &db.url,
        UserCommand::SetAccess {
            email: "x@test".into(),
            role: "researcher".into(),
            center: Some("AAA".into()),
            reason: "x".into(),
        },
        "",
    )
    .unwrap_err();
    assert_eq!(
        researcher_in_center,
        "center: only center users belong to a center"
    );
    user_cmd(
        &db.url,
        UserCommand::SetAccess {
            email: "x@test".into(),
            role: "researcher".into(),
            center: None,
            reason: "new job".into(),
        },
        "",
    )
    .unwrap();
    let last_admin = user_cmd(
        &db.url,
        UserCommand::SetAccess {
            email: "root@test".into(),
            role: "coordinator".into(),
            center: None,
            reason: "x".into(),
        },
        "",
    )
    .unwrap_err();
    assert_eq!(
        last_admin,
        "this is the last active admin; make another admin first"
    );
    user_cmd(&db.url, UserCommand::List, "").unwrap();

    let x = registry_core::store::users::by_email(&mut conn, "x@test")
        .unwrap()
        .unwrap();
    assert_eq!((x.role.as_str(), x.active), ("researcher", true));
    let actions: Vec<String> = audit_events::table
        .filter(audit_events::entity.eq("user"))
        .filter(audit_events::entity_id.eq(&x.id))
        .order(audit_events::seq)
        .select(audit_events::action)
        .load(&mut conn)
        .unwrap();
    assert_eq!(
        actions,
        [
            "create",
            "deactivate",
            "activate",
            "reset_password",
            "change_access"
        ]
    );
    assert!(
        registry_core::store::audit::verify(&mut conn)
            .unwrap()
            .is_intact()
    );
});

api_test!(the_user_endpoints_are_documented_with_examples, |app| {
    let doc = app.request(Method::GET, "/openapi.json", None, None).await;
    assert_eq!(doc.status, StatusCode::OK);
    let paths = &doc.body["paths"];
    for (path, method, body) in [
        ("/api/v1/users", "get", None),
        (
            "/api/v1/users/{id}/reactivate",
            "post",
            Some("ReactivateRequest"),
        ),
        (
            "/api/v1/users/{id}/password",
            "post",
            Some("PasswordResetRequest"),
        ),
        ("/api/v1/users/{id}/access", "post", Some("AccessRequest")),
        ("/api/v1/auth/password", "post", Some("OwnPasswordRequest")),
    ] {
        let op = &paths[path][method];
        assert!(op.is_object(), "{method} {path} is documented");
        assert!(
            !op["security"].as_array().unwrap().is_empty(),
            "{path} needs a token"
        );
        if let Some(schema) = body {
            assert_eq!(
                op["requestBody"]["content"]["application/json"]["schema"]["$ref"],
                format!("#/components/schemas/{schema}"),
                "{path}"
            );
            let example = &doc.body["components"]["schemas"][schema]["example"];
            assert!(example.is_object(), "{schema} has an example");
        }
    }
    let view = &doc.body["components"]["schemas"]["UserView"];
    assert!(view["example"].is_object() && view["properties"]["email"].is_object());
    assert_eq!(
        paths["/api/v1/users"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
            ["$ref"],
        "#/components/schemas/UserList"
    );
});
