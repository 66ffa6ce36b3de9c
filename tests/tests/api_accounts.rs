//! Accounts under attack and in admin hands: a login flood against some accounts never stops
//! another account's correct login, the client's address counts only where a trusted proxy names
//! it, failed logins are audited per account, and no admin can lock the registry out of itself.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use diesel::prelude::*;
use registry_core::store::schema::audit_events;
use registry_tests::api_test;
use registry_tests::app::{PASSWORD, TestApp};
use reqwest::{Method, StatusCode};
use serde_json::json;

/// A login attempt, optionally through a proxy naming the client in `X-Forwarded-For`.
async fn attempt(
    app: &TestApp,
    email: &str,
    password: &str,
    forwarded_for: Option<&str>,
) -> StatusCode {
    let headers: Vec<(&str, &str)> = forwarded_for
        .map(|f| vec![("X-Forwarded-For", f)])
        .unwrap_or_default();
    app.send(
        Method::POST,
        "/api/v1/auth/login",
        None,
        Some(json!({"email": email, "password": password})),
        &headers,
    )
    .await
    .status
}

api_test!(
    a_flood_against_some_accounts_never_stops_another_login,
    |app| {
        // Forty wrong passwords from one address (every client behind a proxy shares one), against
        // a real account and against made-up ones, also claiming other addresses no proxy vouches for.
        for i in 0..40 {
            let email = if i % 2 == 0 {
                "researcher@test".to_owned()
            } else {
                format!("nobody-{i}@test")
            };
            let status = attempt(&app, &email, "wrong password!", Some("203.0.113.9")).await;
            assert!(
                status == StatusCode::UNAUTHORIZED || status == StatusCode::TOO_MANY_REQUESTS,
                "{status}"
            );
        }
        // The flooded account is throttled, even with its right password …
        assert_eq!(
            attempt(&app, "researcher@test", PASSWORD, None).await,
            StatusCode::TOO_MANY_REQUESTS
        );
        // … every other account logs in at once.
        for email in ["center-a@test", "coordinator@test", "admin@test"] {
            assert_eq!(attempt(&app, email, PASSWORD, None).await, StatusCode::OK);
        }
    }
);

api_test!(
    behind_a_trusted_proxy_the_client_address_is_limited_too,
    settings = |s| {
        s.trusted_proxies = vec!["127.0.0.1".parse().unwrap()];
    },
    |app| {
        // One client behind the proxy tries twenty accounts once each (5 × 4 per address).
        for i in 0..20 {
            let status = attempt(
                &app,
                &format!("nobody-{i}@test"),
                "wrong password!",
                Some("198.51.100.7, 203.0.113.5"),
            )
            .await;
            assert_eq!(status, StatusCode::UNAUTHORIZED, "attempt {i}");
        }
        // That client is stopped, whatever account it names; the left-most entry it made up
        // does not help it.
        assert_eq!(
            attempt(&app, "center-a@test", PASSWORD, Some("203.0.113.5")).await,
            StatusCode::TOO_MANY_REQUESTS
        );
        assert_eq!(
            attempt(
                &app,
                "center-a@test",
                PASSWORD,
                Some("10.9.9.9, 203.0.113.5")
            )
            .await,
            StatusCode::TOO_MANY_REQUESTS
        );
        // Another client behind the same proxy logs in.
        assert_eq!(
            attempt(&app, "center-a@test", PASSWORD, Some("203.0.113.6")).await,
            StatusCode::OK
        );
    }
);

api_test!(
    failed_logins_are_audited_per_account_without_the_password,
    |app| {
        let secret = "a wrong password 7f3a9c";
        for _ in 0..3 {
            assert_eq!(
                attempt(&app, "center-a@test", secret, None).await,
                StatusCode::UNAUTHORIZED
            );
        }
        assert_eq!(
            attempt(&app, "nobody@test", secret, None).await,
            StatusCode::UNAUTHORIZED
        );
        let user_id: String = {
            use registry_core::store::schema::users;
            users::table
                .filter(users::email.eq("center-a@test"))
                .select(users::id)
                .first(&mut app.db.conn())
                .unwrap()
        };
        type Event = (
            Option<String>,
            Option<String>,
            Option<String>,
            Option<String>,
        );
        let events: Vec<Event> = audit_events::table
            .filter(audit_events::action.eq("login_failed"))
            .select((
                audit_events::entity_id,
                audit_events::reason,
                audit_events::before_json,
                audit_events::after_json,
            ))
            .load(&mut app.db.conn())
            .unwrap();
        let of_account = events
            .iter()
            .filter(|e| e.0.as_deref() == Some(user_id.as_str()))
            .count();
        assert_eq!(of_account, 3, "{events:?}");
        assert_eq!(events.iter().filter(|e| e.0.is_none()).count(), 1);
        for (_, reason, before, after) in &events {
            for text in [reason, before, after].into_iter().flatten() {
                assert!(!text.contains(secret), "{text}");
                assert!(!text.contains("nobody@test"), "{text}");
            }
        }
        let verified = app.verify_audit();
        assert!(verified.is_intact(), "{verified:?}");
    }
);

api_test!(no_admin_locks_the_registry_out_of_itself, |app| {
    let admin = app.login("admin@test").await;
    let me: String = {
        use registry_core::store::schema::users;
        users::table
            .filter(users::email.eq("admin@test"))
            .select(users::id)
            .first(&mut app.db.conn())
            .unwrap()
    };
    let deactivate = |id: String, token: String| {
        let app = &app;
        async move {
            app.post(
                &format!("/api/v1/users/{id}/deactivate"),
                &token,
                json!({"reason": "leaving"}),
            )
            .await
        }
    };
    // Not their own account.
    let r = deactivate(me.clone(), admin.clone()).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{:?}", r.body);
    assert_eq!(r.body["status"], 409);
    assert_eq!(
        app.get("/api/v1/centers", &admin).await.status,
        StatusCode::OK
    );
    // Not the last admin, whoever asks (here the system, as the command line does).
    let ctx = registry_tests::system_ctx();
    let refused = app
        .db
        .conn()
        .write(|tx| registry_core::store::users::set_active(tx, &ctx, &me, false, "cleanup"));
    assert!(
        matches!(refused, Err(registry_core::store::StoreError::Conflict(_))),
        "{refused:?}"
    );
    // With a second admin, one admin may deactivate the other.
    let second = app
        .post(
            "/api/v1/users",
            &admin,
            json!({"email": "admin2@test", "password": "a long enough password", "role": "admin"}),
        )
        .await;
    assert_eq!(second.status, StatusCode::CREATED, "{:?}", second.body);
    let second_id = second.body["id"].as_str().unwrap().to_owned();
    let r = deactivate(second_id, admin.clone()).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["active"], false);
});
