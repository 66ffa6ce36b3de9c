//! Login, tokens, throttling, deactivation, through the real server on both backends.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use registry_tests::api_test;
use reqwest::{Method, StatusCode};
use serde_json::json;

api_test!(login_gives_a_bearer_token_that_works, |app| {
    let token = app.login("center-a@test").await;
    let r = app.get("/api/v1/patients", &token).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let r = app
        .request(Method::GET, "/api/v1/patients", None, None)
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        r.header("content-type").as_deref(),
        Some("application/problem+json")
    );
});

api_test!(wrong_password_and_unknown_account_look_the_same, |app| {
    let wrong = app
        .request(
            Method::POST,
            "/api/v1/auth/login",
            None,
            Some(json!({"email": "center-a@test", "password": "nope nope nope"})),
        )
        .await;
    let unknown = app
        .request(
            Method::POST,
            "/api/v1/auth/login",
            None,
            Some(json!({"email": "nobody@test", "password": "nope nope nope"})),
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert_eq!(unknown.status, StatusCode::UNAUTHORIZED);
    assert_eq!(wrong.body["detail"], unknown.body["detail"]);
});

api_test!(login_is_throttled_per_account_with_retry_after, |app| {
    for _ in 0..5 {
        let r = app
            .request(
                Method::POST,
                "/api/v1/auth/login",
                None,
                Some(json!({"email": "researcher@test", "password": "wrong password!"})),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    }
    // Even the right password is refused while throttled.
    let r = app
        .request(
            Method::POST,
            "/api/v1/auth/login",
            None,
            Some(json!({"email": "researcher@test", "password": registry_tests::app::PASSWORD})),
        )
        .await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    let retry: u64 = r.header("retry-after").unwrap().parse().unwrap();
    assert!(retry > 0 && retry <= 900, "{retry}");
});

api_test!(logout_revokes_the_token, |app| {
    let token = app.login("coordinator@test").await;
    assert_eq!(
        app.get("/api/v1/patients", &token).await.status,
        StatusCode::OK
    );
    let r = app
        .request(Method::POST, "/api/v1/auth/logout", Some(&token), None)
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    assert_eq!(
        app.get("/api/v1/patients", &token).await.status,
        StatusCode::UNAUTHORIZED
    );
});

api_test!(tampered_and_foreign_tokens_are_refused, |app| {
    let token = app.login("center-a@test").await;
    let mut parts: Vec<String> = token.split('.').map(str::to_owned).collect();
    // Flip one character of the signature.
    let sig = parts[2].clone();
    let flipped = if sig.ends_with('A') { "B" } else { "A" };
    parts[2] = format!("{}{flipped}", &sig[..sig.len() - 1]);
    let tampered = parts.join(".");
    assert_eq!(
        app.get("/api/v1/patients", &tampered).await.status,
        StatusCode::UNAUTHORIZED
    );
    // A token signed with another key.
    let other = registry_api::auth::jwt::Keys::new(
        b"another key that is long enough........",
        std::time::Duration::from_secs(60),
    );
    let (foreign, _) = other.issue("x", "admin", None).unwrap();
    assert_eq!(
        app.get("/api/v1/patients", &foreign).await.status,
        StatusCode::UNAUTHORIZED
    );
});

#[test]
fn expired_tokens_are_refused() {
    let keys = registry_api::auth::jwt::Keys::new(
        b"0123456789abcdef0123456789abcdef",
        std::time::Duration::from_secs(60),
    );
    let now = chrono::Utc::now().timestamp();
    let (expired, _) = keys
        .issue_at("u", "center", None, now - 120, now - 60)
        .unwrap();
    assert!(keys.check(&expired).is_err());
    let (fresh, _) = keys.issue_at("u", "center", None, now, now + 60).unwrap();
    assert_eq!(keys.check(&fresh).unwrap().sub, "u");
}

api_test!(
    deactivated_users_cannot_log_in_and_their_tokens_stop,
    |app| {
        let admin = app.login("admin@test").await;
        let token = app.login("center-b@test").await;
        let mut conn = app.db.conn();
        let user = registry_core::store::users::by_email(&mut conn, "center-b@test")
            .unwrap()
            .unwrap();
        let r = app
            .post(
                &format!("/api/v1/users/{}/deactivate", user.id),
                &admin,
                json!({"reason": "left the hospital"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
        assert_eq!(
            app.get("/api/v1/patients", &token).await.status,
            StatusCode::UNAUTHORIZED
        );
        let r = app
            .request(
                Method::POST,
                "/api/v1/auth/login",
                None,
                Some(json!({"email": "center-b@test", "password": registry_tests::app::PASSWORD})),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    }
);
