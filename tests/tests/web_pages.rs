//! The web pages end to end: Debian's headless Chromium, driven through chromedriver
//! (WebDriver), against the real server on SQLite. A center user signs in, registers a patient,
//! starts a treatment and enters two visits, seeing the registry's live SALT total and the
//! response against baseline; a bad value is shown at its field and nothing is stored; another
//! center's patient is not reachable by URL; sign-out ends the session. Lab results (with their
//! flags), adverse events and vaccinations are added through their forms, a bad unit refused at
//! its field; a visit is edited and deleted, each only with a reason the audit trail keeps, and
//! an edit made by someone else in between is not overwritten. An expired session signs in
//! again and returns to the page asked for (never to another site); an active session is
//! renewed past half its lifetime, and sign-out still revokes it. A coordinator sees a new
//! patient counted in completeness, downloads the API's CSV, raises a data query from a
//! data-quality line, the center answers it and the coordinator closes it. A researcher releases
//! a cohort, watches it finish, downloads the API's zip and sees the API's curve plot. An admin
//! creates a center and a user and deactivates and reactivates the user with a reason. Without a
//! browser: a form POST without the session's CSRF token is refused, the pages carry a
//! Content-Security-Policy without inline code, and each role's pages refuse the other roles as
//! the API does.
//!
//! Chromium and chromedriver are installed by `.ci/run`; with `CI` set their absence fails the
//! browser tests.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::key::Key;
use fantoccini::{Client, ClientBuilder, Locator};
use registry_tests::TestDb;
use registry_tests::app::{PASSWORD, TestApp};
use reqwest::StatusCode;
use serde_json::json;

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// How long a page or an answer may take to appear.
const PATIENCE: Duration = Duration::from_secs(15);

/// chromedriver on a free port, killed when dropped.
struct Driver {
    child: Child,
    port: u16,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Driver {
    /// Starts chromedriver, or `None` when the browser is not installed (a failure under CI).
    fn start() -> Option<Self> {
        if !(Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists()) {
            assert!(
                std::env::var_os("CI").is_none(),
                "chromium and chromedriver are not installed (.ci/run installs chromium and \
                 chromium-driver)"
            );
            eprintln!("not run: chromium or chromedriver is not installed");
            return None;
        }
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let driver = Self { child, port };
        // Waits for the condition "chromedriver accepts connections", within PATIENCE.
        let until = Instant::now() + PATIENCE;
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                Instant::now() < until,
                "chromedriver did not start listening"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        Some(driver)
    }

    /// A headless Chromium session.
    async fn browser(&self) -> Client {
        let mut caps = serde_json::Map::new();
        caps.insert(
            "goog:chromeOptions".into(),
            json!({"binary": CHROMIUM, "args": ["--headless=new", "--no-sandbox",
                "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1000"]}),
        );
        ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{}", self.port))
            .await
            .expect("a WebDriver session")
    }
}

/// Waits until the element at `css` shows `expected` (its text), failing after PATIENCE with
/// what it showed last.
async fn wait_text(c: &Client, css: &str, expected: &str) {
    let until = Instant::now() + PATIENCE;
    let mut last = String::new();
    loop {
        if let Ok(e) = c.find(Locator::Css(css)).await {
            last = e.text().await.unwrap_or_default();
            if last.trim() == expected {
                return;
            }
        }
        assert!(
            Instant::now() < until,
            "{css} shows {last:?}, not {expected:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Waits for the element at `css` to be there.
async fn element(c: &Client, css: &str) -> fantoccini::elements::Element {
    c.wait()
        .at_most(PATIENCE)
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css} did not appear: {e}"))
}

async fn type_into(c: &Client, css: &str, text: &str) {
    element(c, css).await.send_keys(text).await.unwrap();
}

async fn choose(c: &Client, css: &str, value: &str) {
    element(c, css).await.select_by_value(value).await.unwrap();
}

/// Clicks `css` and waits for the page to change (the old `body` is gone).
async fn submit(c: &Client, css: &str) {
    let body = c.find(Locator::Css("body")).await.unwrap();
    element(c, css).await.click().await.unwrap();
    let until = Instant::now() + PATIENCE;
    while body.tag_name().await.is_ok() {
        assert!(Instant::now() < until, "no new page after clicking {css}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Saves a screenshot of the page as `NAME.png` in the directory `REGISTRY_WEB_SCREENSHOTS`
/// names, when it names one (to look at the pages; the assertions do not depend on it).
async fn shot(c: &Client, name: &str) {
    if let Some(dir) = std::env::var_os("REGISTRY_WEB_SCREENSHOTS") {
        let png = c.screenshot().await.unwrap();
        std::fs::write(Path::new(&dir).join(format!("{name}.png")), png).unwrap();
    }
}

/// Signs in with the keyboard only: the e-mail, Tab to the password, Enter.
async fn sign_in(app: &TestApp, c: &Client, email: &str) {
    c.goto(&format!("{}/login", app.base)).await.unwrap();
    let tab: char = Key::Tab.into();
    let enter: char = Key::Enter.into();
    type_into(c, "#f-email", &format!("{email}{tab}")).await;
    let focused = c.active_element().await.unwrap();
    assert_eq!(
        focused.attr("id").await.unwrap().as_deref(),
        Some("f-password")
    );
    let body = c.find(Locator::Css("body")).await.unwrap();
    focused
        .send_keys(&format!("{PASSWORD}{enter}"))
        .await
        .unwrap();
    let until = Instant::now() + PATIENCE;
    while body.tag_name().await.is_ok() {
        assert!(Instant::now() < until, "Enter did not sign in");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The id in the current URL `/patients/{id}`.
async fn patient_id_in_url(c: &Client) -> String {
    let url = c.current_url().await.unwrap();
    let path = url.path().to_owned();
    path.strip_prefix("/patients/")
        .unwrap_or_else(|| panic!("not a patient record: {path}"))
        .to_owned()
}

async fn register_via_api(app: &TestApp, email: &str, local_ref: &str) -> String {
    let token = app.login(email).await;
    let r = app
        .post(
            "/api/v1/patients",
            &token,
            json!({"local_ref": local_ref, "sex": "female", "birth_month": "1980-01",
                "diagnosis": "AA", "aa_subtype": "patchy", "aa_episode_start": "2024-06-01",
                "consent": {"research": true, "date": "2025-01-02"}}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    r.body["id"].as_str().unwrap().to_owned()
}

async fn enter_visit(c: &Client, date: &str, salt: [&str; 4]) {
    type_into(c, "#f-visit_date", date).await;
    for (field, value) in ["top", "back", "right", "left"].iter().zip(salt) {
        type_into(c, &format!("#f-salt-{field}"), value).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_center_user_enters_a_patient_a_treatment_and_two_visits_with_live_scores() {
    let Some(driver) = Driver::start() else {
        return;
    };
    let app = TestApp::spawn(TestDb::sqlite()).await;
    let c = driver.browser().await;
    sign_in(&app, &c, "center-a@test").await;
    // A center user starts at the patient list.
    element(&c, "#new-patient").await;
    assert_eq!(c.current_url().await.unwrap().path(), "/patients");

    submit(&c, "#new-patient").await;
    type_into(&c, "#f-local_ref", "WEB-001").await;
    choose(&c, "#f-sex", "female").await;
    type_into(&c, "#f-birth_month", "1980-01").await;
    choose(&c, "#f-diagnosis", "AA").await;
    choose(&c, "#f-aa_subtype", "patchy").await;
    type_into(&c, "#f-aa_episode_start", "2024-06-01").await;
    element(&c, "#f-consent-research")
        .await
        .click()
        .await
        .unwrap();
    type_into(&c, "#f-consent-date", "2025-01-02").await;
    submit(&c, "#save").await;
    wait_text(&c, "#patient-ref", "WEB-001").await;
    let patient = patient_id_in_url(&c).await;

    submit(&c, "#new-treatment").await;
    choose(&c, "#f-drug", "baricitinib").await;
    type_into(&c, "#f-start_date", "2025-01-06").await;
    type_into(&c, "#f-dose-amount", "4").await;
    choose(&c, "#f-dose-unit", "mg").await;
    choose(&c, "#f-dose-frequency", "once_daily").await;
    submit(&c, "#save").await;
    wait_text(&c, "#treatments tbody td:first-child", "baricitinib").await;

    // The baseline visit: the registry's SALT total and band appear as the views are typed.
    submit(&c, "#new-visit").await;
    enter_visit(&c, "2025-01-06", ["100", "50", "0", "0"]).await;
    wait_text(&c, "#live-score [data-score='salt-total']", "52.0").await;
    wait_text(
        &c,
        "#live-score [data-score='salt-band']",
        "3 – severe · severe AA (SALT ≥ 50)",
    )
    .await;
    submit(&c, "#save").await;
    wait_text(&c, "#visit-2025-01-06 [data-score='salt-total']", "52.0").await;

    // Week 13: the response against that baseline appears before saving, as saved.
    submit(&c, "#new-visit").await;
    enter_visit(&c, "2025-04-07", ["25", "10", "0", "0"]).await;
    wait_text(&c, "#live-score [data-score='salt-total']", "12.4").await;
    wait_text(&c, "#live-score [data-response='salt_le_20']", "responder").await;
    wait_text(&c, "#live-score [data-response='salt_75']", "responder").await;
    wait_text(&c, "#live-score [data-response='salt_90']", "non-responder").await;
    wait_text(&c, "#live-score [data-response='improvement']", "76.15 %").await;
    shot(&c, "visit-form-live").await;
    submit(&c, "#save").await;
    wait_text(
        &c,
        "#visit-2025-04-07 [data-response='salt_le_20']",
        "responder",
    )
    .await;

    // What the pages show is what the API stores and answers.
    let token = app.login("center-a@test").await;
    let visits = app
        .get(&format!("/api/v1/patients/{patient}/visits"), &token)
        .await;
    let items = visits.body["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(items[1]["computed"]["salt"]["display"], "12.4");
    assert_eq!(items[1]["responses"]["salt_le_20"], "responder");

    // In Dutch, the same record in Dutch dermatology's words.
    c.goto(&format!("{}/patients/{patient}?lang=nl", app.base))
        .await
        .unwrap();
    wait_text(
        &c,
        "#visit-2025-04-07 [data-response='salt_90']",
        "non-responder",
    )
    .await;
    wait_text(&c, "#h-visits", "Consulten").await;
    shot(&c, "patient-record-nl").await;

    // Sign-out revokes the session's token: the pages and the API refuse it.
    let session = c.get_named_cookie("registry_session").await.unwrap();
    let stolen = session.value().to_owned();
    submit(&c, "#sign-out").await;
    element(&c, "#f-email").await;
    c.goto(&format!("{}/patients/{patient}", app.base))
        .await
        .unwrap();
    element(&c, "#f-email").await;
    assert_eq!(c.current_url().await.unwrap().path(), "/login");
    let r = app.get("/api/v1/patients", &stolen).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let replay = app
        .client
        .get(format!("{}/patients", app.base))
        .header("Cookie", format!("registry_session={stolen}"))
        .send()
        .await
        .unwrap();
    assert_eq!(replay.status(), StatusCode::OK);
    assert!(replay.url().path().ends_with("/login"), "{}", replay.url());
    c.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bad_value_is_shown_at_its_field_and_nothing_is_stored() {
    let Some(driver) = Driver::start() else {
        return;
    };
    let app = TestApp::spawn(TestDb::sqlite()).await;
    let patient = register_via_api(&app, "center-a@test", "WEB-002").await;
    let c = driver.browser().await;
    sign_in(&app, &c, "center-a@test").await;
    c.goto(&format!("{}/patients/{patient}/visits/new", app.base))
        .await
        .unwrap();
    enter_visit(&c, "2025-02-03", ["150", "0", "0", "0"]).await;
    submit(&c, "#save").await;
    let input = element(&c, "#f-salt-top").await;
    assert_eq!(
        input.attr("aria-invalid").await.unwrap().as_deref(),
        Some("true")
    );
    assert_eq!(
        input.attr("aria-describedby").await.unwrap().as_deref(),
        Some("e-salt-top")
    );
    let message = element(&c, "#e-salt-top").await.text().await.unwrap();
    shot(&c, "visit-form-refused").await;
    assert!(!message.trim().is_empty());
    // The message is the API's own for the same field.
    let token = app.login("center-a@test").await;
    let refused = app
        .post(
            &format!("/api/v1/patients/{patient}/visits"),
            &token,
            json!({"visit_date": "2025-02-03", "salt": {"top": 150, "back": 0, "right": 0, "left": 0}}),
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.error_fields(), ["salt.top"]);
    assert_eq!(refused.body["errors"][0]["message"], message.trim());
    // The refused form's language link leads to the empty form, in Dutch.
    let dutch = element(&c, "a[lang=nl]").await.attr("href").await.unwrap();
    assert_eq!(
        dutch.as_deref(),
        Some(format!("/patients/{patient}/visits/new?lang=nl").as_str())
    );
    // The typed values are kept; nothing was stored.
    assert_eq!(input.prop("value").await.unwrap().as_deref(), Some("150"));
    let visits = app
        .get(&format!("/api/v1/patients/{patient}/visits"), &token)
        .await;
    assert_eq!(visits.body["items"], json!([]));
    c.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_centers_patient_is_not_reachable_by_url() {
    let Some(driver) = Driver::start() else {
        return;
    };
    let app = TestApp::spawn(TestDb::sqlite()).await;
    let theirs = register_via_api(&app, "center-b@test", "B-001").await;
    let c = driver.browser().await;
    sign_in(&app, &c, "center-a@test").await;
    for path in [
        format!("/patients/{theirs}"),
        format!("/patients/{theirs}/visits/new"),
        format!("/patients/{theirs}/treatments/new"),
    ] {
        c.goto(&format!("{}{path}", app.base)).await.unwrap();
        wait_text(&c, "h1", "Not found · Niet gevonden").await;
        let source = c.source().await.unwrap();
        assert!(
            !source.contains("B-001"),
            "{path} shows the other center's patient"
        );
    }
    // Not in the list either.
    c.goto(&format!("{}/patients", app.base)).await.unwrap();
    element(&c, "#new-patient").await;
    assert!(!c.source().await.unwrap().contains("B-001"));
    c.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_ad_visit_scores_easi_live_from_the_regions() {
    let Some(driver) = Driver::start() else {
        return;
    };
    let app = TestApp::spawn(TestDb::sqlite()).await;
    let token = app.login("center-a@test").await;
    let patient = app.create_patient(&token, "AD-001", "AD", "1990-05").await;
    let started = app
        .start_treatment(&token, &patient, "dupilumab", "2025-01-06")
        .await;
    assert_eq!(started.status, StatusCode::CREATED, "{:?}", started.body);
    let c = driver.browser().await;
    sign_in(&app, &c, "center-a@test").await;
    c.goto(&format!("{}/patients/{patient}/visits/new", app.base))
        .await
        .unwrap();
    type_into(&c, "#f-visit_date", "2025-01-06").await;
    // CLINICAL.md's EASI vector B (age 34): 17.4, moderate.
    let regions = [
        ("head_neck", ["2", "1", "1", "0"], "20"),
        ("upper_limbs", ["2", "2", "1", "1"], "40"),
        ("trunk", ["1", "1", "1", "0"], "20"),
        ("lower_limbs", ["2", "2", "2", "1"], "60"),
    ];
    for (region, signs, area) in regions {
        for (sign, value) in ["erythema", "induration", "excoriation", "lichenification"]
            .iter()
            .zip(signs)
        {
            choose(&c, &format!("#f-easi-regions-{region}-{sign}"), value).await;
        }
        type_into(&c, &format!("#f-easi-regions-{region}-area_pct"), area).await;
    }
    wait_text(&c, "#live-score [data-score='easi-total']", "17.4").await;
    wait_text(&c, "#live-score [data-score='easi-band']", "moderate").await;
    shot(&c, "visit-form-easi").await;
    submit(&c, "#save").await;
    wait_text(&c, "#visit-2025-01-06 [data-score='easi-total']", "17.4").await;
    // The edit form shows every region as stored; saved unchanged with a reason, the visit
    // scores the same in its new version.
    submit(&c, "#edit-visit-2025-01-06").await;
    for (region, signs, area) in regions {
        let shown = element(&c, &format!("#f-easi-regions-{region}-erythema"))
            .await
            .prop("value")
            .await
            .unwrap();
        assert_eq!(shown.as_deref(), Some(signs[0]), "{region}");
        let shown = element(&c, &format!("#f-easi-regions-{region}-area_pct"))
            .await
            .prop("value")
            .await
            .unwrap();
        assert_eq!(shown.as_deref(), Some(area), "{region}");
    }
    type_into(&c, "#f-reason", "checked again").await;
    submit(&c, "#save").await;
    wait_text(&c, "#visit-2025-01-06 [data-score='easi-total']", "17.4").await;
    let visits = app
        .get(&format!("/api/v1/patients/{patient}/visits"), &token)
        .await;
    assert_eq!(visits.body["items"][0]["version"], 2);
    // Readable on a tablet: the record and the form fit its width, nothing scrolls sideways.
    c.set_window_size(768, 1024).await.unwrap();
    for path in [
        format!("/patients/{patient}"),
        format!("/patients/{patient}/visits/new"),
    ] {
        c.goto(&format!("{}{path}", app.base)).await.unwrap();
        element(&c, "main h1").await;
        let fits = c
            .execute(
                "return document.documentElement.scrollWidth <= document.documentElement.clientWidth;",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(fits, json!(true), "{path} is wider than a tablet");
        shot(
            &c,
            if path.ends_with("/new") {
                "tablet-visit-form"
            } else {
                "tablet-record"
            },
        )
        .await;
    }
    let visits = app
        .get(&format!("/api/v1/patients/{patient}/visits"), &token)
        .await;
    assert_eq!(
        visits.body["items"][0]["computed"]["easi"]["display"],
        "17.4"
    );
    c.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_patient_list_searches_filters_and_pages_as_the_api() {
    let Some(driver) = Driver::start() else {
        return;
    };
    let app = TestApp::spawn(TestDb::sqlite()).await;
    let token = app.login("center-a@test").await;
    for i in 0..26 {
        app.create_patient(&token, &format!("L-{i:02}"), "AA", "1980-01")
            .await;
    }
    app.create_patient(&token, "L-AD", "AD", "1980-01").await;
    let c = driver.browser().await;
    sign_in(&app, &c, "center-a@test").await;
    let rows = |c: &Client| {
        let c = c.clone();
        async move {
            c.find_all(Locator::Css("table.list tbody tr"))
                .await
                .unwrap()
                .len()
        }
    };
    // A page of 25, oldest first, and the next page through the API's cursor.
    element(&c, "table.list").await;
    shot(&c, "patient-list").await;
    assert_eq!(rows(&c).await, 25);
    submit(&c, "a[rel=next]").await;
    wait_text(&c, "table.list tbody tr:first-child td:first-child", "L-25").await;
    assert_eq!(rows(&c).await, 2);
    // By local reference: at most one.
    c.goto(&format!("{}/patients", app.base)).await.unwrap();
    type_into(&c, "#q-local-ref", "L-07").await;
    submit(&c, "form.search button").await;
    wait_text(&c, "table.list tbody tr td:first-child", "L-07").await;
    assert_eq!(rows(&c).await, 1);
    // By diagnosis.
    c.goto(&format!("{}/patients", app.base)).await.unwrap();
    choose(&c, "#q-diagnosis", "AD").await;
    submit(&c, "form.search button").await;
    wait_text(&c, "table.list tbody tr td:first-child", "L-AD").await;
    assert_eq!(rows(&c).await, 1);
    // Switching the language keeps the search.
    submit(&c, "a[lang=nl]").await;
    wait_text(&c, "main h1", "Patiënten").await;
    wait_text(&c, "table.list tbody tr td:first-child", "L-AD").await;
    assert_eq!(rows(&c).await, 1);
    c.close().await.unwrap();
}

// Without a browser: the server's side of the CSRF rule and the headers.

/// The `name=value` of a `Set-Cookie` named `name`.
fn cookie(r: &reqwest::Response, name: &str) -> Option<String> {
    r.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&format!("{name}=")))
        .map(|v| v.split(';').next().unwrap().to_owned())
}

/// The value of the hidden `csrf` field of a page.
fn csrf_in(html: &str) -> String {
    let at = html.find("name=\"csrf\" value=\"").unwrap() + "name=\"csrf\" value=\"".len();
    html[at..].split('"').next().unwrap().to_owned()
}

/// Signs in through the form with a client that does not follow redirects: the session cookie
/// and a page's CSRF token.
async fn form_session(app: &TestApp, client: &reqwest::Client) -> (String, String) {
    let session = form_sign_in(app, client, "center-a@test", "/patients").await;
    let page = client
        .get(format!("{}/patients/new", app.base))
        .header("Cookie", &session)
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    (session, csrf_in(&page.text().await.unwrap()))
}

/// Signs `email` in through the form; the session cookie. The answer sends the role to `start`.
async fn form_sign_in(app: &TestApp, client: &reqwest::Client, email: &str, start: &str) -> String {
    let form = client
        .get(format!("{}/login", app.base))
        .send()
        .await
        .unwrap();
    let login_cookie = cookie(&form, "registry_login").unwrap();
    let token = csrf_in(&form.text().await.unwrap());
    let signed = client
        .post(format!("{}/login", app.base))
        .header("Cookie", &login_cookie)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(format!(
            "csrf={token}&email={}&password={}",
            email.replace('@', "%40"),
            PASSWORD.replace(' ', "+")
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(signed.status(), StatusCode::SEE_OTHER);
    assert_eq!(signed.headers()["location"], start);
    let session = cookie(&signed, "registry_session").unwrap();
    let set = signed
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .find(|v| v.starts_with("registry_session="))
        .unwrap();
    assert!(
        set.contains("HttpOnly") && set.contains("SameSite=Strict"),
        "{set}"
    );
    assert!(
        !set.contains("Secure"),
        "plain HTTP without REGISTRY_PUBLIC_URL: {set}"
    );
    session
}

fn no_redirects() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_form_post_without_the_sessions_csrf_token_is_refused() {
    let app = TestApp::spawn(TestDb::sqlite()).await;
    let client = no_redirects();
    // The sign-in form itself: without its token, no sign-in.
    let bare = client
        .post(format!("{}/login", app.base))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(format!(
            "email=center-a%40test&password={}",
            PASSWORD.replace(' ', "+")
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(bare.status(), StatusCode::FORBIDDEN);
    assert!(cookie(&bare, "registry_session").is_none());

    let (session, csrf) = form_session(&app, &client).await;
    let patient = "local_ref=CSRF-1&sex=female&birth_month=1980-01&diagnosis=AA&aa_subtype=patchy&consent.research=yes&consent.date=2025-01-02";
    for body in [
        patient.to_owned(),
        format!("{patient}&csrf=00"),
        format!("{patient}&csrf={}", "ab".repeat(32)),
    ] {
        let refused = client
            .post(format!("{}/patients", app.base))
            .header("Cookie", &session)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    }
    let token = app.login("center-a@test").await;
    assert_eq!(
        app.get("/api/v1/patients", &token).await.body["items"],
        json!([])
    );
    // With the token the same form is stored.
    let stored = client
        .post(format!("{}/patients", app.base))
        .header("Cookie", &session)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(format!("{patient}&csrf={csrf}"))
        .send()
        .await
        .unwrap();
    assert_eq!(stored.status(), StatusCode::SEE_OTHER);
    let items = app.get("/api/v1/patients", &token).await.body["items"].clone();
    assert_eq!(items.as_array().unwrap().len(), 1);
    // With the token, another center's patient is still not found, and nothing is stored.
    let theirs = register_via_api(&app, "center-b@test", "B-CSRF").await;
    let hidden = client
        .post(format!("{}/patients/{theirs}/visits", app.base))
        .header("Cookie", &session)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(format!("csrf={csrf}&visit_date=2025-02-03&salt.top=10"))
        .send()
        .await
        .unwrap();
    assert_eq!(hidden.status(), StatusCode::NOT_FOUND);
    let b = app.login("center-b@test").await;
    let visits = app
        .get(&format!("/api/v1/patients/{theirs}/visits"), &b)
        .await;
    assert_eq!(visits.body["items"], json!([]));
    // Sign-out needs it too.
    let out = client
        .post(format!("{}/logout", app.base))
        .header("Cookie", &session)
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), StatusCode::FORBIDDEN);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_carry_a_content_security_policy_without_inline_code() {
    let app = TestApp::spawn(TestDb::sqlite()).await;
    let client = no_redirects();
    for path in ["/login", "/static/registry.css", "/static/registry.js"] {
        let r = client
            .get(format!("{}{path}", app.base))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{path}");
        let csp = r.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(
            csp.contains("script-src 'self'") && csp.contains("style-src 'self'"),
            "{csp}"
        );
        assert!(
            !csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"),
            "{csp}"
        );
        assert_eq!(r.headers()["x-content-type-options"], "nosniff");
        if path == "/login" {
            let html = r.text().await.unwrap();
            assert!(
                !html.contains("<script>") && !html.contains("style="),
                "inline code"
            );
            assert!(html.contains("<label for=\"f-email\">"));
        }
    }
    // A path no page has: a page to a browser, a problem document to an API client.
    let r = client
        .get(format!("{}/no-such-page", app.base))
        .header("Accept", "text/html,application/xhtml+xml")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    assert!(r.headers().contains_key("content-security-policy"));
    let r = client
        .get(format!("{}/no-such-page", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert_eq!(r.headers()["content-type"], "application/problem+json");
    // Without a session a page sends the visitor to sign in, and back to it afterwards.
    let r = client
        .get(format!("{}/patients", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()["location"], "/login?next=%2Fpatients");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_coordinator_reads_patients_pseudonymously_and_enters_nothing() {
    let app = TestApp::spawn(TestDb::sqlite()).await;
    let patient = register_via_api(&app, "center-a@test", "SECRET-REF").await;
    let center = app.login("center-a@test").await;
    let visit = app
        .post_visit(
            &center,
            &patient,
            json!({"visit_date": "2025-02-03", "salt": {"total": "50"}}),
        )
        .await;
    assert_eq!(visit.status, StatusCode::CREATED, "{:?}", visit.body);
    let visit = visit.body["id"].as_str().unwrap().to_owned();
    let lab = app
        .post(
            &format!("/api/v1/patients/{patient}/labs"),
            &center,
            json!({"analyte": "hb", "sample_date": "2025-02-03", "value": "8.4", "unit": "mmol/L"}),
        )
        .await;
    assert_eq!(lab.status, StatusCode::CREATED, "{:?}", lab.body);
    let lab = lab.body["id"].as_str().unwrap().to_owned();
    let client = no_redirects();
    let session = form_sign_in(&app, &client, "coordinator@test", "/start").await;
    let get = |path: String| {
        let (client, session) = (client.clone(), session.clone());
        async move {
            let r = client
                .get(path)
                .header("Cookie", session)
                .send()
                .await
                .unwrap();
            (r.status(), r.text().await.unwrap())
        }
    };
    let (status, start) = get(format!("{}/start", app.base)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(start.contains("href=\"/patients\""), "{start}");
    for path in ["/patients".to_owned(), format!("/patients/{patient}")] {
        let (status, html) = get(format!("{}{path}", app.base)).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert!(html.contains(&patient), "{path} names the patient by id");
        assert!(
            !html.contains("SECRET-REF"),
            "{path} shows the local reference"
        );
        for entry in [
            "/visits/new",
            "/labs/new",
            "/adverse-events/new",
            "/vaccinations/new",
            "/edit",
            "/delete",
        ] {
            assert!(!html.contains(entry), "{path} offers {entry}");
        }
    }
    for path in [
        "/patients/new".to_owned(),
        format!("/patients/{patient}/visits/new"),
        format!("/patients/{patient}/visits/{visit}/edit"),
        format!("/patients/{patient}/visits/{visit}/delete"),
        format!("/patients/{patient}/labs/{lab}/delete"),
    ] {
        let (status, _) = get(format!("{}{path}", app.base)).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{path}");
    }
    // A form the coordinator's session could sign is refused all the same; nothing changes.
    let (_, start) = get(format!("{}/start", app.base)).await;
    let csrf = csrf_in(&start);
    for (path, body) in [
        (
            format!("/patients/{patient}/visits/{visit}/delete"),
            "version=1&reason=x",
        ),
        (
            format!("/patients/{patient}/labs/{lab}/delete"),
            "version=1&reason=x",
        ),
        (
            format!("/patients/{patient}/labs"),
            "analyte=hb&sample_date=2025-02-04&value=8&unit=mmol%2FL",
        ),
    ] {
        let r = client
            .post(format!("{}{path}", app.base))
            .header("Cookie", &session)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body(format!("csrf={csrf}&{body}"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{path}");
    }
    assert_eq!(
        app.get(&format!("/api/v1/patients/{patient}/visits"), &center)
            .await
            .body["items"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        app.get(&format!("/api/v1/patients/{patient}/labs"), &center)
            .await
            .body["items"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    // A researcher reads no patient-level page at all.
    let researcher = form_sign_in(&app, &client, "researcher@test", "/start").await;
    let r = client
        .get(format!("{}/patients/{patient}", app.base))
        .header("Cookie", researcher)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_session_cookie_is_secure_behind_https() {
    let app = TestApp::spawn_with(TestDb::sqlite(), |s| {
        s.public_url = Some("https://registry.example.org".into());
    })
    .await;
    let client = no_redirects();
    let form = client
        .get(format!("{}/login", app.base))
        .send()
        .await
        .unwrap();
    let set = form.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(
        set.starts_with("registry_login=") && set.contains("Secure"),
        "{set}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sign_in_form_shares_the_apis_login_throttle() {
    let app = TestApp::spawn(TestDb::sqlite()).await;
    // Failures through the API count for the form: one throttle, one password check.
    for _ in 0..5 {
        let r = app
            .request(
                reqwest::Method::POST,
                "/api/v1/auth/login",
                None,
                Some(json!({"email": "center-a@test", "password": "wrong"})),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    }
    let client = no_redirects();
    let form = client
        .get(format!("{}/login", app.base))
        .send()
        .await
        .unwrap();
    let login_cookie = cookie(&form, "registry_login").unwrap();
    let token = csrf_in(&form.text().await.unwrap());
    let blocked = client
        .post(format!("{}/login", app.base))
        .header("Cookie", &login_cookie)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(format!(
            "csrf={token}&email=center-a%40test&password={}",
            PASSWORD.replace(' ', "+")
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(blocked.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(blocked.headers().contains_key("retry-after"));
    assert!(cookie(&blocked, "registry_session").is_none());
    // A wrong password through the form is the API's 401, shown on the form.
    let wrong = client
        .post(format!("{}/login", app.base))
        .header("Cookie", &login_cookie)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(format!("csrf={token}&email=center-b%40test&password=wrong"))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    assert!(
        wrong
            .text()
            .await
            .unwrap()
            .contains("Wrong e-mail address or password.")
    );
}

// The coordinator's pages.

/// The browser's session cookie, for fetching what a link downloads.
async fn browser_session(c: &Client) -> String {
    let session = c.get_named_cookie("registry_session").await.unwrap();
    format!("registry_session={}", session.value())
}

/// The `expected` and `recorded` the API's completeness report counts for `center`'s nominal
/// `window` visits.
async fn visit_counts(app: &TestApp, token: &str, center: &str, window: &str) -> (u64, u64) {
    let r = app
        .get(
            &format!("/api/v1/reports/completeness?center={center}"),
            token,
        )
        .await;
    let row = r.body["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|row| row["window"] == window && row["kind"] == "visit")
        .unwrap_or_else(|| panic!("no {window} visit row: {}", r.body));
    (
        row["expected"].as_u64().unwrap(),
        row["recorded"].as_u64().unwrap(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_coordinator_reads_reports_and_csv_and_a_data_query_is_raised_answered_closed() {
    use registry_tests::report_cohort::{ad_visit, day, enter};
    let Some(driver) = Driver::start() else {
        return;
    };
    let app = TestApp::spawn(TestDb::sqlite()).await;
    let cohort = enter(&app).await;
    let coordinator = app.login("coordinator@test").await;
    let c = driver.browser().await;
    sign_in(&app, &c, "coordinator@test").await;
    submit(&c, "#reports").await;
    assert_eq!(
        c.current_url().await.unwrap().path(),
        "/reports/completeness"
    );

    // Center BBB's week-8 visits, as the page counts them: the API's numbers.
    type_into(&c, "#r-center", "BBB").await;
    choose(&c, "#r-drug", "dupilumab").await;
    submit(&c, "#r-apply").await;
    let (expected, recorded) = visit_counts(&app, &coordinator, "BBB", "W8").await;
    let w8 = "#completeness tr[data-center='BBB'][data-window='W8'][data-kind='visit']";
    wait_text(&c, &format!("{w8} td.expected"), &expected.to_string()).await;
    wait_text(&c, &format!("{w8} td.recorded"), &recorded.to_string()).await;
    element(&c, &format!("{w8} meter")).await;

    // A patient entered now, with a week-8 visit, is counted when the page is read again.
    let b = app.login("center-b@test").await;
    let new = app.create_patient(&b, "NEW", "AD", "1975-04").await;
    let t = app.start_treatment(&b, &new, "dupilumab", &day(-100)).await;
    assert_eq!(t.status, StatusCode::CREATED, "{:?}", t.body);
    for d in [-100, -44] {
        let v = app.post_visit(&b, &new, ad_visit(&day(d))).await;
        assert_eq!(v.status, StatusCode::CREATED, "{:?}", v.body);
    }
    assert_eq!(
        visit_counts(&app, &coordinator, "BBB", "W8").await,
        (expected + 1, recorded + 1)
    );
    c.refresh().await.unwrap();
    wait_text(
        &c,
        &format!("{w8} td.expected"),
        &(expected + 1).to_string(),
    )
    .await;
    wait_text(
        &c,
        &format!("{w8} td.recorded"),
        &(recorded + 1).to_string(),
    )
    .await;
    shot(&c, "report-completeness").await;

    // The CSV link answers what the API answers with Accept: text/csv.
    let href = element(&c, "#csv-rows")
        .await
        .attr("href")
        .await
        .unwrap()
        .unwrap();
    let session = browser_session(&c).await;
    let csv = app
        .client
        .get(format!("{}{href}", app.base))
        .header("Cookie", &session)
        .send()
        .await
        .unwrap();
    assert_eq!(csv.status(), StatusCode::OK);
    assert_eq!(csv.headers()["cache-control"], "no-store");
    assert!(
        csv.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let page_csv = csv.text().await.unwrap();
    let api_csv = app
        .client
        .get(format!(
            "{}/api/v1/reports/completeness?center=BBB&drug=dupilumab",
            app.base
        ))
        .bearer_auth(&coordinator)
        .header("Accept", "text/csv")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page_csv.starts_with("center,diagnosis,drug,window"),
        "{page_csv}"
    );
    assert_eq!(page_csv, api_csv);

    // A data-quality line: its record links to the read-only record page, and it raises the
    // data query it carries.
    c.goto(&format!("{}/reports/data-quality?center=AAA", app.base))
        .await
        .unwrap();
    let line = "#data-quality tbody tr:first-child";
    let link = element(&c, &format!("{line} a[href^='/patients/']")).await;
    assert_eq!(
        link.attr("href").await.unwrap().unwrap(),
        format!("/patients/{}", cohort.early)
    );
    shot(&c, "report-data-quality").await;
    submit(&c, &format!("{line} button[id^='raise-']")).await;
    assert_eq!(c.current_url().await.unwrap().path(), "/data-queries");
    let queries = app.get("/api/v1/data-queries", &coordinator).await;
    let items = queries.body["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{}", queries.body);
    let id = items[0]["id"].as_str().unwrap().to_owned();
    assert_eq!(items[0]["patient_id"], cohort.early.as_str());
    assert_eq!(items[0]["status"], "open");
    wait_text(&c, &format!("#query-{id} td.status"), "open").await;
    shot(&c, "data-queries").await;

    // The center answers it on its own data-query page (an empty answer is refused).
    submit(&c, "#sign-out").await;
    sign_in(&app, &c, "center-a@test").await;
    submit(&c, "#data-queries").await;
    submit(&c, &format!("#send-{id}")).await;
    element(&c, ".summary").await;
    wait_text(&c, &format!("#query-{id} td.status"), "open").await;
    type_into(&c, &format!("#answer-{id}"), "checked against the chart").await;
    submit(&c, &format!("#send-{id}")).await;
    wait_text(&c, &format!("#query-{id} td.status"), "answered").await;
    submit(&c, "#sign-out").await;
    sign_in(&app, &c, "coordinator@test").await;
    c.goto(&format!("{}/data-queries", app.base)).await.unwrap();
    wait_text(
        &c,
        &format!("#query-{id} td:nth-child(5)"),
        "checked against the chart",
    )
    .await;

    // Closed at the version the page showed; the API then answers it closed.
    submit(&c, &format!("#close-{id}")).await;
    wait_text(&c, &format!("#query-{id} td.status"), "closed").await;
    let queries = app.get("/api/v1/data-queries", &coordinator).await;
    assert_eq!(queries.body["items"][0]["status"], "closed");

    // In Dutch.
    c.goto(&format!("{}/data-queries?lang=nl", app.base))
        .await
        .unwrap();
    wait_text(&c, &format!("#query-{id} td.status"), "gesloten").await;
    wait_text(&c, "h1", "Dataverzoeken").await;
    c.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_report_pages_refuse_what_the_api_refuses() {
    let app = TestApp::spawn(TestDb::sqlite()).await;
    let client = no_redirects();
    let get = |path: &str, session: &str| {
        let (client, url, session) = (
            client.clone(),
            format!("{}{path}", app.base),
            session.to_owned(),
        );
        async move {
            client
                .get(url)
                .header("Cookie", session)
                .send()
                .await
                .unwrap()
                .status()
        }
    };
    // A researcher reads no report and no data query.
    let researcher = form_sign_in(&app, &client, "researcher@test", "/start").await;
    for path in [
        "/reports",
        "/reports/completeness",
        "/reports/safety/csv",
        "/data-queries",
    ] {
        assert_eq!(
            get(path, &researcher).await,
            StatusCode::FORBIDDEN,
            "{path}"
        );
    }
    // A center user reads its own center's reports, not another's, and raises no query.
    let (center, csrf) = form_session(&app, &client).await;
    assert_eq!(get("/reports/overdue", &center).await, StatusCode::OK);
    assert_eq!(
        get("/reports/overdue?center=BBB", &center).await,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        get("/reports/overdue/csv?center=BBB", &center).await,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        get("/reports/nonsense", &center).await,
        StatusCode::NOT_FOUND
    );
    let raise = client
        .post(format!("{}/data-queries", app.base))
        .header("Cookie", &center)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(format!(
            "csrf={csrf}&center=AAA&entity=visit&message=please+check"
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(raise.status(), StatusCode::FORBIDDEN);
    // A coordinator's raise without the session's token is refused.
    let coordinator = form_sign_in(&app, &client, "coordinator@test", "/start").await;
    let forged = client
        .post(format!("{}/data-queries", app.base))
        .header("Cookie", &coordinator)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body("center=AAA&entity=visit&message=please+check")
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    // An unknown center is shown as the API's field error.
    assert_eq!(
        get("/reports/completeness?center=NOPE", &coordinator).await,
        StatusCode::OK
    );
}

// The researcher's pages.

/// Waits up to `within` until the element at `css` has `data-status` `expected` (a page that
/// reloads itself: each reading is of the page then shown).
async fn wait_status(c: &Client, css: &str, expected: &str, within: Duration) {
    let until = Instant::now() + within;
    let mut last = None;
    loop {
        if let Ok(e) = c.find(Locator::Css(css)).await {
            last = e.attr("data-status").await.ok().flatten();
            if last.as_deref() == Some(expected) {
                return;
            }
        }
        assert!(
            Instant::now() < until,
            "{css} is {last:?}, not {expected:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_researcher_releases_a_cohort_downloads_it_and_sees_a_response_curve() {
    use std::io::Read;
    let Some(driver) = Driver::start() else {
        return;
    };
    let app = TestApp::spawn(TestDb::sqlite()).await;
    registry_api::demo::generate(
        &mut app.db.conn(),
        &registry_api::demo::Config {
            patients: 60,
            centers: 3,
            seed: 21,
            until: chrono::NaiveDate::from_ymd_opt(2026, 6, 30).unwrap(),
        },
        &mut |_, _| {},
    )
    .unwrap();
    let c = driver.browser().await;
    sign_in(&app, &c, "researcher@test").await;
    submit(&c, "#releases").await;

    // A refused cohort is shown at its fields, and nothing is queued.
    type_into(&c, "#f-cohort-centers", "NOPE").await;
    let k = element(&c, "#f-k").await;
    k.clear().await.unwrap();
    k.send_keys("1").await.unwrap();
    submit(&c, "#start-release").await;
    element(&c, "#form-errors").await;
    element(&c, "#e-k").await;
    // With k right, the unknown center (kept in its field) is named.
    let k = element(&c, "#f-k").await;
    k.clear().await.unwrap();
    k.send_keys("2").await.unwrap();
    submit(&c, "#start-release").await;
    element(&c, "#e-cohort-centers").await;
    let researcher = app.login("researcher@test").await;
    let jobs = app.get("/api/v1/exports", &researcher).await;
    assert_eq!(jobs.body["items"], json!([]));

    // AA patients on any drug, k = 2.
    let centers = element(&c, "#f-cohort-centers").await;
    centers.clear().await.unwrap();
    choose(&c, "#f-cohort-diagnosis", "AA").await;
    submit(&c, "#start-release").await;
    let path = c.current_url().await.unwrap().path().to_owned();
    let id = path.strip_prefix("/releases/").unwrap().to_owned();
    // The page reads itself again until the worker is done.
    wait_status(&c, "#job-status", "done", Duration::from_secs(180)).await;
    wait_text(&c, "#job-percent", "100 %").await;
    shot(&c, "release-done").await;
    let job = app.get(&format!("/api/v1/exports/{id}"), &researcher).await;
    assert_eq!(job.body["status"], "done");
    assert_eq!(job.body["cohort"], json!({"diagnosis": "AA"}));
    assert_eq!(job.body["k"], 2);

    // The download link answers the API's zip, with its manifest.
    let href = element(&c, "#download")
        .await
        .attr("href")
        .await
        .unwrap()
        .unwrap();
    let session = browser_session(&c).await;
    let zip = app
        .client
        .get(format!("{}{href}", app.base))
        .header("Cookie", &session)
        .send()
        .await
        .unwrap();
    assert_eq!(zip.status(), StatusCode::OK);
    assert_eq!(zip.headers()["content-type"], "application/zip");
    assert_eq!(zip.headers()["cache-control"], "no-store");
    let bytes = zip.bytes().await.unwrap().to_vec();
    assert!(bytes.starts_with(b"PK"));
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes.clone())).unwrap();
    let mut manifest = String::new();
    archive
        .by_name("manifest.json")
        .unwrap()
        .read_to_string(&mut manifest)
        .unwrap();
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&manifest).unwrap(),
        job.body["manifest"]
    );
    let api_zip = app
        .client
        .get(format!("{}/api/v1/exports/{id}/download", app.base))
        .bearer_auth(&researcher)
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert_eq!(bytes, api_zip.to_vec());

    // A response curve the API has rows for, drawn on the page as the API's SVG.
    let mut found = None;
    'outcomes: for outcome in ["salt_le20", "salt50", "salt_le10"] {
        let r = app
            .get(
                &format!("/api/v1/analyses/response?outcome={outcome}"),
                &researcher,
            )
            .await;
        for curve in r.body["curves"].as_array().unwrap() {
            if !curve["rows"].as_array().unwrap().is_empty() {
                found = Some((outcome, curve["drug"].as_str().unwrap().to_owned()));
                break 'outcomes;
            }
        }
    }
    let (outcome, drug) = found.expect("a curve with rows in the demo cohort");
    c.goto(&format!("{}/releases", app.base)).await.unwrap();
    submit(&c, "#analyses").await;
    choose(&c, "#a-outcome", outcome).await;
    choose(&c, "#a-drug", &drug).await;
    submit(&c, "#a-show").await;
    let img = format!("#curve-{drug} img.plot");
    element(&c, &img).await;
    // The browser drew it (CSP: images from the registry itself).
    let until = Instant::now() + PATIENCE;
    loop {
        let width = c
            .execute(
                "const i = document.querySelector(arguments[0]); return i.complete ? i.naturalWidth : 0;",
                vec![json!(img)],
            )
            .await
            .unwrap();
        if width.as_u64().unwrap_or(0) > 0 {
            break;
        }
        assert!(Instant::now() < until, "the plot was not drawn");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    shot(&c, "response-curve").await;
    let src = element(&c, &img).await.attr("src").await.unwrap().unwrap();
    let page_svg = app
        .client
        .get(format!("{}{src}", app.base))
        .header("Cookie", &session)
        .send()
        .await
        .unwrap();
    assert_eq!(page_svg.headers()["content-type"], "image/svg+xml");
    let page_svg = page_svg.text().await.unwrap();
    let api_svg = app
        .client
        .get(format!(
            "{}/api/v1/analyses/response?outcome={outcome}&drug={drug}",
            app.base
        ))
        .bearer_auth(&researcher)
        .header("Accept", "image/svg+xml")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page_svg.starts_with("<svg"));
    assert_eq!(page_svg, api_svg);

    // A researcher never reaches a patient page.
    c.goto(&format!("{}/patients", app.base)).await.unwrap();
    wait_text(&c, "h1", "Not allowed · Niet toegestaan").await;
    c.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_release_pages_are_the_researchers_own() {
    let app = TestApp::spawn(TestDb::sqlite()).await;
    let client = no_redirects();
    let status = |path: &str, session: &str| {
        let (client, url, session) = (
            client.clone(),
            format!("{}{path}", app.base),
            session.to_owned(),
        );
        async move {
            client
                .get(url)
                .header("Cookie", session)
                .send()
                .await
                .unwrap()
                .status()
        }
    };
    let researcher = app.login("researcher@test").await;
    let r = app
        .post(
            "/api/v1/exports",
            &researcher,
            json!({"cohort": {}, "k": 2}),
        )
        .await;
    assert_eq!(r.status, StatusCode::ACCEPTED, "{:?}", r.body);
    let job = r.body["id"].as_str().unwrap().to_owned();
    let center = form_sign_in(&app, &client, "center-a@test", "/patients").await;
    let coordinator = form_sign_in(&app, &client, "coordinator@test", "/start").await;
    for session in [&center, &coordinator] {
        for path in ["/releases".to_owned(), format!("/releases/{job}")] {
            assert_eq!(
                status(&path, session).await,
                StatusCode::FORBIDDEN,
                "{path}"
            );
        }
    }
    // The center user reads no curve either; the coordinator does, as the API allows.
    assert_eq!(
        status("/analyses?outcome=salt_le20", &center).await,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        status("/analyses?outcome=salt_le20", &coordinator).await,
        StatusCode::OK
    );
    // The owner reads the job page; an unknown job is not found.
    let mine = form_sign_in(&app, &client, "researcher@test", "/start").await;
    assert_eq!(
        status(&format!("/releases/{job}"), &mine).await,
        StatusCode::OK
    );
    assert_eq!(status("/releases/nope", &mine).await, StatusCode::NOT_FOUND);
}

// The administrator's pages.

/// The status of signing `email` in through the API with `password`.
async fn api_login(app: &TestApp, email: &str, password: &str) -> StatusCode {
    app.request(
        reqwest::Method::POST,
        "/api/v1/auth/login",
        None,
        Some(json!({"email": email, "password": password})),
    )
    .await
    .status
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_admin_creates_a_center_and_a_user_and_deactivates_the_user_with_a_reason() {
    let Some(driver) = Driver::start() else {
        return;
    };
    let app = TestApp::spawn(TestDb::sqlite()).await;
    let c = driver.browser().await;
    sign_in(&app, &c, "admin@test").await;
    submit(&c, "#centers").await;

    // A center; a second with the same code is the API's 409, shown at the code.
    type_into(&c, "#f-code", "WEB").await;
    type_into(&c, "#f-name", "Web Center").await;
    submit(&c, "#create-center").await;
    wait_text(&c, "#center-WEB td:nth-child(2)", "Web Center").await;
    type_into(&c, "#f-code", "WEB").await;
    type_into(&c, "#f-name", "Again").await;
    submit(&c, "#create-center").await;
    element(&c, "#e-code").await;
    let admin = app.login("admin@test").await;
    let centers = app.get("/api/v1/centers", &admin).await;
    let web: Vec<_> = centers.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["code"] == "WEB")
        .collect();
    assert_eq!(web.len(), 1);
    assert_eq!(web[0]["name"], "Web Center");

    // A user of that center: a short password is refused at its field, then the user is made.
    submit(&c, "#admin-users").await;
    type_into(&c, "#f-email", "nurse@web.example").await;
    type_into(&c, "#f-password", "short").await;
    choose(&c, "#f-role", "center").await;
    choose(&c, "#f-center", "WEB").await;
    submit(&c, "#create-user").await;
    element(&c, "#e-password").await;
    let password = "a long enough passphrase";
    type_into(&c, "#f-password", password).await;
    submit(&c, "#create-user").await;
    let row = "#users tr[data-email='nurse@web.example']";
    wait_text(&c, &format!("{row} td:nth-child(3)"), "WEB").await;
    shot(&c, "admin-users").await;
    assert_eq!(
        api_login(&app, "nurse@web.example", password).await,
        StatusCode::OK
    );
    let id = element(&c, row)
        .await
        .attr("id")
        .await
        .unwrap()
        .unwrap()
        .strip_prefix("user-")
        .unwrap()
        .to_owned();

    // Deactivation needs a reason (the API's 422, above the list); with one, no more sign-in.
    submit(&c, &format!("#deactivate-{id}")).await;
    element(&c, "#form-errors").await;
    wait_text(&c, &format!("{row} td.active"), "yes").await;
    type_into(&c, &format!("#reason-{id}"), "left the center").await;
    submit(&c, &format!("#deactivate-{id}")).await;
    wait_text(&c, &format!("{row} td.active"), "no").await;
    assert_eq!(
        api_login(&app, "nurse@web.example", password).await,
        StatusCode::UNAUTHORIZED
    );
    let users = app.get("/api/v1/users", &admin).await;
    let nurse = users.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["email"] == "nurse@web.example")
        .unwrap()
        .clone();
    assert_eq!(nurse["active"], false);

    // Reactivated, with a reason, in Dutch.
    c.goto(&format!("{}/admin/users?lang=nl", app.base))
        .await
        .unwrap();
    wait_text(&c, &format!("{row} td.active"), "nee").await;
    type_into(&c, &format!("#reason-{id}"), "terug van verlof").await;
    submit(&c, &format!("#reactivate-{id}")).await;
    wait_text(&c, &format!("{row} td.active"), "ja").await;
    assert_eq!(
        api_login(&app, "nurse@web.example", password).await,
        StatusCode::OK
    );
    c.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_an_admin_reaches_the_admin_pages() {
    let app = TestApp::spawn(TestDb::sqlite()).await;
    let client = no_redirects();
    let (center, csrf) = form_session(&app, &client).await;
    let coordinator = form_sign_in(&app, &client, "coordinator@test", "/start").await;
    let researcher = form_sign_in(&app, &client, "researcher@test", "/start").await;
    for session in [&center, &coordinator, &researcher] {
        for path in ["/admin/centers", "/admin/users"] {
            let r = client
                .get(format!("{}{path}", app.base))
                .header("Cookie", session.as_str())
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), StatusCode::FORBIDDEN, "{path}");
        }
    }
    // A center user's valid form token does not make it an admin.
    let post = client
        .post(format!("{}/admin/centers", app.base))
        .header("Cookie", &center)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(format!("csrf={csrf}&code=EVIL&name=Evil"))
        .send()
        .await
        .unwrap();
    assert_eq!(post.status(), StatusCode::FORBIDDEN);
    let admin = app.login("admin@test").await;
    let centers = app.get("/api/v1/centers", &admin).await;
    assert!(!centers.body.to_string().contains("EVIL"));
}

/// The `name="…"` attribute of a start tag (its text up to `>`), if it has one.
fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let at = tag.find(&key)? + key.len();
    tag[at..].split('"').next()
}

/// Every visible `<input>` and every `<select>` of `html` has a `<label for>` naming its id;
/// how many there are.
fn every_field_labelled(html: &str, path: &str) -> usize {
    let mut fields = 0;
    for kind in ["<input ", "<select "] {
        for piece in html.split(kind).skip(1) {
            let tag = format!(" {}", piece.split('>').next().unwrap());
            let tag = tag.as_str();
            if attr(tag, "type") == Some("hidden") {
                continue;
            }
            let id = attr(tag, "id").unwrap_or_else(|| panic!("{path}: a field without id: {tag}"));
            assert!(
                html.contains(&format!("<label for=\"{id}\">")),
                "{path}: no label for {id}"
            );
            fields += 1;
        }
    }
    fields
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_roles_pages_label_their_fields_and_run_no_inline_code() {
    use registry_tests::report_cohort::enter;
    let app = TestApp::spawn(TestDb::sqlite()).await;
    enter(&app).await;
    let coordinator = app.login("coordinator@test").await;
    let r = app.get("/api/v1/reports/data-quality", &coordinator).await;
    let body = r.body["rows"][0]["data_query"]["body"].clone();
    let raised = app.post("/api/v1/data-queries", &coordinator, body).await;
    assert_eq!(raised.status, StatusCode::CREATED, "{:?}", raised.body);
    let researcher = app.login("researcher@test").await;
    let job = app
        .post(
            "/api/v1/exports",
            &researcher,
            json!({"cohort": {}, "k": 2}),
        )
        .await;
    let job = job.body["id"].as_str().unwrap().to_owned();
    // A center-A patient with a visit and a lab result, for the record's forms.
    let center = app.login("center-a@test").await;
    let patient = register_via_api(&app, "center-a@test", "FORMS-1").await;
    let visit = app
        .post_visit(
            &center,
            &patient,
            json!({"visit_date": "2025-02-03", "salt": {"top": "50", "back": "0", "right": "0", "left": "0"}}),
        )
        .await;
    let visit = visit.body["id"].as_str().unwrap().to_owned();
    let lab = app
        .post(
            &format!("/api/v1/patients/{patient}/labs"),
            &center,
            json!({"analyte": "hb", "sample_date": "2025-02-03", "value": "8.4", "unit": "mmol/L"}),
        )
        .await;
    let lab = lab.body["id"].as_str().unwrap().to_owned();
    let client = no_redirects();
    let mut fields = 0;
    let pages: [(&str, &str, Vec<String>); 4] = [
        (
            "coordinator@test",
            "/start",
            [
                "/start",
                "/reports/completeness",
                "/reports/overdue",
                "/reports/safety",
                "/reports/data-quality",
                "/data-queries",
                "/analyses?outcome=salt_le20",
            ]
            .map(str::to_owned)
            .to_vec(),
        ),
        (
            "center-a@test",
            "/patients",
            vec![
                "/patients".to_owned(),
                "/reports/completeness".to_owned(),
                "/data-queries".to_owned(),
                format!("/patients/{patient}"),
                format!("/patients/{patient}/labs/new"),
                format!("/patients/{patient}/adverse-events/new?lang=nl"),
                format!("/patients/{patient}/vaccinations/new"),
                format!("/patients/{patient}/visits/{visit}/edit"),
                format!("/patients/{patient}/visits/{visit}/delete"),
                format!("/patients/{patient}/labs/{lab}/delete?lang=en"),
            ],
        ),
        (
            "researcher@test",
            "/start",
            vec![
                "/start".to_owned(),
                "/releases".to_owned(),
                format!("/releases/{job}"),
                "/analyses?outcome=salt_le20&lang=nl".to_owned(),
            ],
        ),
        (
            "admin@test",
            "/start",
            ["/start", "/admin/centers", "/admin/users?lang=nl"]
                .map(str::to_owned)
                .to_vec(),
        ),
    ];
    for (email, start, paths) in pages {
        let session = form_sign_in(&app, &client, email, start).await;
        for path in paths {
            let r = client
                .get(format!("{}{path}", app.base))
                .header("Cookie", &session)
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), StatusCode::OK, "{email} {path}");
            let csp = r.headers()["content-security-policy"].to_str().unwrap();
            assert!(!csp.contains("unsafe-inline"), "{path}: {csp}");
            let html = r.text().await.unwrap();
            assert!(
                !html.contains("<script>") && !html.contains(" style="),
                "{path}: inline code"
            );
            fields += every_field_labelled(&html, &path);
        }
    }
    assert!(fields > 40, "{fields} fields checked");
}

// The record's entries, the visit's edit and deletion, and the session's renewal.

/// Opens the patient's record and follows the link `css` to its form.
async fn open_from_record(app: &TestApp, c: &Client, patient: &str, css: &str) {
    c.goto(&format!("{}/patients/{patient}", app.base))
        .await
        .unwrap();
    submit(c, css).await;
}

/// The items of a patient's `kind` (`labs`, `visits`, …) as the API lists them.
async fn api_items(
    app: &TestApp,
    token: &str,
    patient: &str,
    kind: &str,
) -> Vec<serde_json::Value> {
    app.get(&format!("/api/v1/patients/{patient}/{kind}"), token)
        .await
        .body["items"]
        .as_array()
        .unwrap()
        .clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lab_result_is_added_with_its_flag_and_a_bad_unit_is_refused_at_its_field() {
    let Some(driver) = Driver::start() else {
        return;
    };
    let app = TestApp::spawn(TestDb::sqlite()).await;
    let patient = register_via_api(&app, "center-a@test", "LAB-001").await;
    let token = app.login("center-a@test").await;
    let c = driver.browser().await;
    sign_in(&app, &c, "center-a@test").await;

    // A platelet count of 40 ×10⁹/L: stored, and shown with the API's flag.
    open_from_record(&app, &c, &patient, "#new-lab").await;
    choose(&c, "#f-analyte", "platelets").await;
    type_into(&c, "#f-sample_date", "2025-03-03").await;
    type_into(&c, "#f-value", "40").await;
    type_into(&c, "#f-unit", "10^9/L").await;
    submit(&c, "#save").await;
    element(&c, "#labs tr[data-analyte='platelets']").await;
    let labs = api_items(&app, &token, &patient, "labs").await;
    assert_eq!(labs.len(), 1);
    let flags = labs[0]["flags"].as_array().unwrap();
    assert_eq!(flags.len(), 1, "{flags:?}");
    assert_eq!(flags[0]["rule"], "lab.platelets_low");
    let threshold = flags[0]["threshold"].as_str().unwrap();
    let shown = element(&c, "#labs tr[data-analyte='platelets'] td.flags")
        .await
        .text()
        .await
        .unwrap();
    assert!(shown.contains(threshold), "{shown:?} lacks {threshold:?}");
    shot(&c, "record-lab-flag").await;
    // In Dutch, the guideline's own words.
    c.goto(&format!("{}/patients/{patient}?lang=nl", app.base))
        .await
        .unwrap();
    let shown = element(&c, "#labs tr[data-analyte='platelets'] td.flags")
        .await
        .text()
        .await
        .unwrap();
    assert!(shown.starts_with("Trombocyten <50 x 10⁹/L."), "{shown:?}");
    assert!(shown.contains(threshold), "{shown:?} lacks {threshold:?}");
    wait_text(
        &c,
        "#labs tr[data-analyte='platelets'] td:nth-child(2)",
        "trombocyten",
    )
    .await;
    c.goto(&format!("{}/patients/{patient}?lang=en", app.base))
        .await
        .unwrap();
    element(&c, "#new-lab").await;

    // An unknown unit: the API's message at the unit field, the typed values kept, nothing stored.
    open_from_record(&app, &c, &patient, "#new-lab").await;
    choose(&c, "#f-analyte", "platelets").await;
    type_into(&c, "#f-sample_date", "2025-03-10").await;
    type_into(&c, "#f-value", "120").await;
    type_into(&c, "#f-unit", "furlongs").await;
    submit(&c, "#save").await;
    let unit = element(&c, "#f-unit").await;
    assert_eq!(
        unit.attr("aria-invalid").await.unwrap().as_deref(),
        Some("true")
    );
    assert_eq!(
        unit.attr("aria-describedby").await.unwrap().as_deref(),
        Some("e-unit")
    );
    assert_eq!(
        unit.prop("value").await.unwrap().as_deref(),
        Some("furlongs")
    );
    let message = element(&c, "#e-unit").await.text().await.unwrap();
    let refused = app
        .post(
            &format!("/api/v1/patients/{patient}/labs"),
            &token,
            json!({"analyte": "platelets", "sample_date": "2025-03-10", "value": "120", "unit": "furlongs"}),
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.error_fields(), ["unit"]);
    assert_eq!(refused.body["errors"][0]["message"], message.trim());
    assert_eq!(api_items(&app, &token, &patient, "labs").await.len(), 1);

    // The result entered in error is deleted, only with a reason, which the audit trail keeps.
    c.goto(&format!("{}/patients/{patient}", app.base))
        .await
        .unwrap();
    submit(&c, "#labs tr[data-analyte='platelets'] a.delete").await;
    submit(&c, "#confirm-delete").await;
    element(&c, "#e-reason").await;
    assert_eq!(api_items(&app, &token, &patient, "labs").await.len(), 1);
    type_into(&c, "#f-reason", "another patient's sample").await;
    submit(&c, "#confirm-delete").await;
    element(&c, "#h-labs").await;
    assert!(c.find(Locator::Css("#labs")).await.is_err());
    assert!(api_items(&app, &token, &patient, "labs").await.is_empty());
    let admin = app.login("admin@test").await;
    let lab_id = labs[0]["id"].as_str().unwrap();
    let trail = app
        .get(
            &format!("/api/v1/audit?entity=lab_result&entity_id={lab_id}"),
            &admin,
        )
        .await;
    assert!(
        trail.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["action"] == "delete" && e["reason"] == "another patient's sample"),
        "{:?}",
        trail.body
    );
    c.close().await.unwrap();

    // The API's DELETE is the same deletion: If-Match and a reason required.
    let lab = app
        .post(
            &format!("/api/v1/patients/{patient}/labs"),
            &token,
            json!({"analyte": "hb", "sample_date": "2025-03-10", "value": "8.4", "unit": "mmol/L"}),
        )
        .await;
    assert_eq!(lab.status, StatusCode::CREATED, "{:?}", lab.body);
    let path = format!("/api/v1/labs/{}", lab.body["id"].as_str().unwrap());
    let r = app
        .request(reqwest::Method::DELETE, &path, Some(&token), None)
        .await;
    assert_eq!(r.status, StatusCode::PRECONDITION_REQUIRED);
    assert_eq!(
        app.delete(&path, &token, "\"1\"").await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        app.delete(&format!("{path}?reason=duplicate"), &token, "\"1\"")
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    assert!(api_items(&app, &token, &patient, "labs").await.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_adverse_event_and_a_vaccination_added_through_their_forms_appear_on_the_record() {
    let Some(driver) = Driver::start() else {
        return;
    };
    let app = TestApp::spawn(TestDb::sqlite()).await;
    let patient = register_via_api(&app, "center-a@test", "AE-001").await;
    let token = app.login("center-a@test").await;
    let started = app
        .start_treatment(&token, &patient, "baricitinib", "2025-01-06")
        .await;
    assert_eq!(started.status, StatusCode::CREATED, "{:?}", started.body);
    let c = driver.browser().await;
    sign_in(&app, &c, "center-a@test").await;

    // Herpes zoster on a JAK inhibitor, the drug not interrupted, a hospital stay: serious,
    // and flagged as the API flags it.
    open_from_record(&app, &c, &patient, "#new-adverse-event").await;
    type_into(&c, "#f-verbatim_term", "herpes zoster").await;
    type_into(&c, "#f-onset_date", "2025-03-10").await;
    choose(&c, "#f-ctcae_grade", "3").await;
    element(&c, "#f-seriousness_criteria-hospitalisation")
        .await
        .click()
        .await
        .unwrap();
    choose(&c, "#f-causality", "possible").await;
    choose(&c, "#f-action", "none").await;
    choose(&c, "#f-outcome", "recovering").await;
    submit(&c, "#save").await;
    wait_text(
        &c,
        "#adverse-events tbody tr td:nth-child(2)",
        "herpes zoster",
    )
    .await;
    wait_text(&c, "#adverse-events tbody tr td:nth-child(4)", "yes").await;
    let events = api_items(&app, &token, &patient, "adverse-events").await;
    assert_eq!(events.len(), 1);
    assert_eq!(events[0]["ctcae_grade"], 3);
    assert_eq!(events[0]["serious"], true);
    assert_eq!(
        events[0]["seriousness_criteria"],
        json!(["hospitalisation"])
    );
    assert!(
        !events[0]["flags"].as_array().unwrap().is_empty(),
        "{:?}",
        events[0]
    );
    let flags = element(&c, "#adverse-events tbody tr td.flags")
        .await
        .text()
        .await
        .unwrap();
    assert!(!flags.trim().is_empty());

    // A vaccination, in Dutch.
    c.goto(&format!(
        "{}/patients/{patient}/vaccinations/new?lang=nl",
        app.base
    ))
    .await
    .unwrap();
    wait_text(&c, "h1", "Vaccinatie toevoegen").await;
    choose(&c, "#f-vaccine", "influenza").await;
    type_into(&c, "#f-dose_number", "1").await;
    type_into(&c, "#f-date", "2025-02-01").await;
    submit(&c, "#save").await;
    wait_text(
        &c,
        "#vaccinations tr[data-vaccine='influenza'] td:nth-child(2)",
        "influenza (griep)",
    )
    .await;
    let given = api_items(&app, &token, &patient, "vaccinations").await;
    assert_eq!(given.len(), 1);
    assert_eq!(given[0]["dose_number"], 1);
    assert_eq!(given[0]["date"], "2025-02-01");
    // Dates as Dutch writes them (the API keeps ISO 8601).
    let shown = element(
        &c,
        "#vaccinations tr[data-vaccine='influenza'] td:nth-child(1)",
    )
    .await
    .text()
    .await
    .unwrap();
    assert_eq!(shown.trim(), "01-02-2025");
    shot(&c, "record-entries-nl").await;

    // An unknown vaccine date is refused at its field; nothing more is stored.
    c.goto(&format!("{}/patients/{patient}/vaccinations/new", app.base))
        .await
        .unwrap();
    choose(&c, "#f-vaccine", "mmr").await;
    type_into(&c, "#f-date", "2025-02-31").await;
    submit(&c, "#save").await;
    element(&c, "#e-date").await;
    assert_eq!(
        api_items(&app, &token, &patient, "vaccinations")
            .await
            .len(),
        1
    );

    // A coordinator reads the record but gets no entry form.
    let client = no_redirects();
    let coordinator = form_sign_in(&app, &client, "coordinator@test", "/start").await;
    for path in ["labs/new", "adverse-events/new", "vaccinations/new"] {
        let r = client
            .get(format!("{}/patients/{patient}/{path}", app.base))
            .header("Cookie", &coordinator)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{path}");
    }
    c.close().await.unwrap();
}

/// The audit events of a visit, as an administrator reads them.
async fn visit_audit(app: &TestApp, visit: &str) -> Vec<serde_json::Value> {
    let admin = app.login("admin@test").await;
    let r = app
        .get(
            &format!("/api/v1/audit?entity=visit&entity_id={visit}&limit=100"),
            &admin,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    r.body["items"].as_array().unwrap().clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_visit_is_edited_and_deleted_through_the_page_each_with_a_reason() {
    let Some(driver) = Driver::start() else {
        return;
    };
    let app = TestApp::spawn(TestDb::sqlite()).await;
    let patient = register_via_api(&app, "center-a@test", "EDIT-001").await;
    let token = app.login("center-a@test").await;
    let visit = app
        .post_visit(
            &token,
            &patient,
            json!({"visit_date": "2025-02-03", "salt": {"top": "50", "back": "0", "right": "0", "left": "0"}}),
        )
        .await;
    assert_eq!(visit.status, StatusCode::CREATED, "{:?}", visit.body);
    let visit_id = visit.body["id"].as_str().unwrap().to_owned();
    let c = driver.browser().await;
    sign_in(&app, &c, "center-a@test").await;

    // The form shows the stored visit; without a reason nothing changes.
    open_from_record(&app, &c, &patient, "#edit-visit-2025-02-03").await;
    let top = element(&c, "#f-salt-top").await;
    assert_eq!(top.prop("value").await.unwrap().as_deref(), Some("50"));
    top.clear().await.unwrap();
    top.send_keys("20").await.unwrap();
    submit(&c, "#save").await;
    let reason = element(&c, "#f-reason").await;
    assert_eq!(
        reason.attr("aria-describedby").await.unwrap().as_deref(),
        Some("e-reason")
    );
    let message = element(&c, "#e-reason").await.text().await.unwrap();
    let refused = app
        .patch(
            &format!("/api/v1/visits/{visit_id}"),
            &token,
            "\"1\"",
            json!({"salt": {"top": "20"}}),
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.error_fields(), ["reason"]);
    assert_eq!(refused.body["errors"][0]["message"], message.trim());
    let stored = app.get(&format!("/api/v1/visits/{visit_id}"), &token).await;
    assert_eq!(stored.body["version"], 1);
    assert_eq!(stored.body["computed"]["salt"]["display"], "20.0");

    // With a reason the visit is scored again, and the audit trail keeps the reason.
    assert_eq!(
        element(&c, "#f-salt-top")
            .await
            .prop("value")
            .await
            .unwrap()
            .as_deref(),
        Some("20")
    );
    type_into(&c, "#f-reason", "top view misread").await;
    submit(&c, "#save").await;
    wait_text(&c, "#visit-2025-02-03 [data-score='salt-total']", "8.0").await;
    let trail = visit_audit(&app, &visit_id).await;
    assert!(
        trail
            .iter()
            .any(|e| e["action"] == "update" && e["reason"] == "top view misread"),
        "{trail:?}"
    );

    // Someone else's change after the form was opened is not overwritten.
    open_from_record(&app, &c, &patient, "#edit-visit-2025-02-03").await;
    let theirs = app
        .patch(
            &format!("/api/v1/visits/{visit_id}"),
            &token,
            "\"2\"",
            json!({"salt": {"top": "30", "back": "0", "right": "0", "left": "0"}, "reason": "second look"}),
        )
        .await;
    assert_eq!(theirs.status, StatusCode::OK, "{:?}", theirs.body);
    let top = element(&c, "#f-salt-top").await;
    top.clear().await.unwrap();
    top.send_keys("90").await.unwrap();
    type_into(&c, "#f-reason", "my own change").await;
    submit(&c, "#save").await;
    let summary = element(&c, "#form-errors").await.text().await.unwrap();
    assert!(
        summary.contains("Someone else changed this record"),
        "{summary}"
    );
    element(&c, "#reload").await;
    let stored = app.get(&format!("/api/v1/visits/{visit_id}"), &token).await;
    assert_eq!(stored.body["version"], 3);
    assert_eq!(stored.body["computed"]["salt"]["display"], "12.0");

    // A deletion confirmed after someone else's change is refused too.
    open_from_record(&app, &c, &patient, "#delete-visit-2025-02-03").await;
    let theirs = app
        .patch(
            &format!("/api/v1/visits/{visit_id}"),
            &token,
            "\"3\"",
            json!({"weight_kg": "70", "reason": "weight added"}),
        )
        .await;
    assert_eq!(theirs.status, StatusCode::OK, "{:?}", theirs.body);
    type_into(&c, "#f-reason", "duplicate").await;
    submit(&c, "#confirm-delete").await;
    element(&c, "#reload").await;
    assert_eq!(api_items(&app, &token, &patient, "visits").await.len(), 1);

    // Deletion asks for a reason too; with one the visit leaves the record.
    open_from_record(&app, &c, &patient, "#delete-visit-2025-02-03").await;
    submit(&c, "#confirm-delete").await;
    element(&c, "#e-reason").await;
    assert_eq!(api_items(&app, &token, &patient, "visits").await.len(), 1);
    type_into(&c, "#f-reason", "entered for the wrong patient").await;
    submit(&c, "#confirm-delete").await;
    element(&c, "#h-visits").await;
    assert!(c.find(Locator::Css("#visit-2025-02-03")).await.is_err());
    assert!(api_items(&app, &token, &patient, "visits").await.is_empty());
    let trail = visit_audit(&app, &visit_id).await;
    assert!(
        trail
            .iter()
            .any(|e| e["action"] == "delete" && e["reason"] == "entered for the wrong patient"),
        "{trail:?}"
    );
    c.close().await.unwrap();
}

const SECRET: &[u8] = b"a test key for the pages' session tests, 32+ bytes";

/// A session cookie for `email` whose token was issued `age` seconds ago and expires
/// `left` seconds from now (negative: already expired), signed with the server's key.
async fn aged_session(app: &TestApp, email: &str, age: i64, left: i64) -> String {
    let keys = registry_api::auth::jwt::Keys::new(SECRET, Duration::from_secs(600));
    let claims = keys.check(&app.login(email).await).unwrap();
    let now = chrono::Utc::now().timestamp();
    let (token, _) = keys
        .issue_at(
            &claims.sub,
            &claims.role,
            claims.center,
            now - age,
            now + left,
        )
        .unwrap();
    format!("registry_session={token}")
}

/// Signs in through the form (with the sign-in page's `next` field as sent); the answer.
async fn sign_in_to(
    app: &TestApp,
    client: &reqwest::Client,
    login_page: &str,
    next: Option<&str>,
) -> reqwest::Response {
    let form = client
        .get(format!("{}{login_page}", app.base))
        .send()
        .await
        .unwrap();
    let login_cookie = cookie(&form, "registry_login").unwrap();
    let token = csrf_in(&form.text().await.unwrap());
    let next = next
        .map(|n| format!("&next={}", n.replace('/', "%2F").replace(':', "%3A")))
        .unwrap_or_default();
    client
        .post(format!("{}/login", app.base))
        .header("Cookie", &login_cookie)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(format!(
            "csrf={token}&email=center-a%40test&password={}{next}",
            PASSWORD.replace(' ', "+")
        ))
        .send()
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expired_session_signs_in_again_and_returns_to_the_page_asked_for() {
    let app = TestApp::spawn_with(TestDb::sqlite(), |s| s.jwt_secret = SECRET.to_vec()).await;
    let patient = register_via_api(&app, "center-a@test", "SESSION-1").await;
    let client = no_redirects();
    let asked = format!("/patients/{patient}?lang=nl");

    // An expired token: to the sign-in page, which says so and keeps the page asked for.
    let expired = aged_session(&app, "center-a@test", 700, -100).await;
    let r = client
        .get(format!("{}{asked}", app.base))
        .header("Cookie", &expired)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let login = r.headers()["location"].to_str().unwrap().to_owned();
    assert_eq!(
        login,
        format!("/login?expired&next=%2Fpatients%2F{patient}%3Flang%3Dnl")
    );
    let page = client
        .get(format!("{}{login}", app.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Your session has expired."), "{page}");
    assert!(
        page.contains(&format!(
            "name=\"next\" value=\"/patients/{patient}?lang=nl\""
        )),
        "{page}"
    );
    // Signing in leads back there.
    let signed = sign_in_to(&app, &client, &login, Some(&asked)).await;
    assert_eq!(signed.status(), StatusCode::SEE_OTHER);
    assert_eq!(signed.headers()["location"], asked.as_str());
    let session = cookie(&signed, "registry_session").unwrap();
    let record = client
        .get(format!("{}{asked}", app.base))
        .header("Cookie", &session)
        .send()
        .await
        .unwrap();
    assert_eq!(record.status(), StatusCode::OK);

    // Never to another site: those go to the start page, and the sign-in page drops them.
    for evil in [
        "//evil.example/patients",
        "https://evil.example/",
        "/\\evil.example",
    ] {
        let signed = sign_in_to(&app, &client, "/login", Some(evil)).await;
        assert_eq!(signed.status(), StatusCode::SEE_OTHER, "{evil}");
        assert_eq!(signed.headers()["location"], "/patients", "{evil}");
    }
    let page = client
        .get(format!("{}/login?next=%2F%2Fevil.example", app.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!page.contains("evil.example"), "{page}");
    // A form posted after the session expired: back to the page the form was on.
    let r = client
        .post(format!("{}/patients/{patient}/visits", app.base))
        .header("Cookie", &expired)
        .header(
            "Referer",
            format!("{}/patients/{patient}/visits/new", app.base),
        )
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body("visit_date=2025-02-03")
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.headers()["location"],
        format!("/login?expired&next=%2Fpatients%2F{patient}%2Fvisits%2Fnew").as_str()
    );
    // Never another site's page, even as the referring page.
    let r = client
        .post(format!("{}/patients/{patient}/visits", app.base))
        .header("Cookie", &expired)
        .header("Referer", "https://evil.example/patients")
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["location"], "/login?expired");
    // No session at all: to the sign-in page, returning to the page asked for.
    let r = client
        .get(format!("{}/patients/{patient}", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.headers()["location"],
        format!("/login?next=%2Fpatients%2F{patient}").as_str()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_active_session_is_renewed_past_half_its_lifetime_and_sign_out_still_revokes_it() {
    let app = TestApp::spawn_with(TestDb::sqlite(), |s| s.jwt_secret = SECRET.to_vec()).await;
    let client = no_redirects();

    // A token with most of its lifetime left is kept.
    let fresh = aged_session(&app, "center-a@test", 60, 540).await;
    let r = client
        .get(format!("{}/patients", app.base))
        .header("Cookie", &fresh)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(cookie(&r, "registry_session").is_none());

    // Past half its lifetime, a page read replaces it with a fresh token of the same session.
    let old = aged_session(&app, "center-a@test", 400, 200).await;
    let r = client
        .get(format!("{}/patients/new", app.base))
        .header("Cookie", &old)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let renewed = cookie(&r, "registry_session").expect("a renewed session cookie");
    assert_ne!(renewed, old);
    let csrf = csrf_in(&r.text().await.unwrap());
    let keys = registry_api::auth::jwt::Keys::new(SECRET, Duration::from_secs(600));
    let claims = keys
        .check(renewed.strip_prefix("registry_session=").unwrap())
        .unwrap();
    assert_eq!(claims.exp - claims.iat, 600);
    // The renewed session works, its forms' token too (also in a page read before renewal).
    let r = client
        .get(format!("{}/patients", app.base))
        .header("Cookie", &renewed)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(cookie(&r, "registry_session").is_none());
    let stored = client
        .post(format!("{}/patients", app.base))
        .header("Cookie", &renewed)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(format!("csrf={csrf}&local_ref=RENEWED-1&sex=female&birth_month=1980-01&diagnosis=AA&aa_subtype=patchy&consent.research=yes&consent.date=2025-01-02"))
        .send()
        .await
        .unwrap();
    assert_eq!(stored.status(), StatusCode::SEE_OTHER);
    let admin = app.login("admin@test").await;
    let trail = app
        .get("/api/v1/audit?entity=session&limit=100", &admin)
        .await;
    assert!(
        trail.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["action"] == "renew" && e["entity_id"] == claims.jti.as_str()),
        "{:?}",
        trail.body
    );

    // Another renewal of the same session, as a copy of the old cookie elsewhere would get.
    let r = client
        .get(format!("{}/patients", app.base))
        .header("Cookie", &old)
        .send()
        .await
        .unwrap();
    let elsewhere = cookie(&r, "registry_session").expect("a renewed session cookie");
    assert_ne!(elsewhere, renewed);

    // Sign-out revokes the renewed token: the pages and the API refuse it, and every other
    // token of the session with it.
    let out = client
        .post(format!("{}/logout", app.base))
        .header("Cookie", &renewed)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(format!("csrf={csrf}"))
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), StatusCode::SEE_OTHER);
    let bearer = renewed.strip_prefix("registry_session=").unwrap();
    assert_eq!(
        app.get("/api/v1/patients", bearer).await.status,
        StatusCode::UNAUTHORIZED
    );
    let r = client
        .get(format!("{}/patients", app.base))
        .header("Cookie", &renewed)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()["location"], "/login?next=%2Fpatients");
    for token in [&old, &elsewhere] {
        let bearer = token.strip_prefix("registry_session=").unwrap();
        assert_eq!(
            app.get("/api/v1/patients", bearer).await.status,
            StatusCode::UNAUTHORIZED
        );
    }
    // Another session of the same user is not ended by it.
    let other = aged_session(&app, "center-a@test", 10, 590).await;
    let r = client
        .get(format!("{}/patients", app.base))
        .header("Cookie", &other)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_edit_through_the_page_keeps_what_its_form_does_not_show() {
    let app = TestApp::spawn(TestDb::sqlite()).await;
    let client = no_redirects();
    let (session, csrf) = form_session(&app, &client).await;
    let patient = register_via_api(&app, "center-a@test", "EDIT-TOTAL").await;
    let token = app.login("center-a@test").await;
    // A SALT total entered through the API without its four views, which the form shows.
    let visit = app
        .post_visit(
            &token,
            &patient,
            json!({"visit_date": "2025-02-03", "salt": {"total": "50"}, "weight_kg": "80"}),
        )
        .await;
    assert_eq!(visit.status, StatusCode::CREATED, "{:?}", visit.body);
    let id = visit.body["id"].as_str().unwrap();
    let edited = client
        .post(format!("{}/patients/{patient}/visits/{id}/edit", app.base))
        .header("Cookie", &session)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(format!(
            "csrf={csrf}&version=1&visit_date=2025-02-03&weight_kg=72&salt.top=&salt.back=&salt.right=&salt.left=&reason=weighed+again"
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(edited.status(), StatusCode::SEE_OTHER);
    let stored = app.get(&format!("/api/v1/visits/{id}"), &token).await;
    assert_eq!(stored.body["version"], 2);
    assert_eq!(stored.body["computed"]["salt"]["display"], "50.0");
    assert_eq!(stored.body["weight_kg"], "72", "{:?}", stored.body);
    // The weight the form showed and emptied is cleared, as the API's null clears it.
    let cleared = client
        .post(format!("{}/patients/{patient}/visits/{id}/edit", app.base))
        .header("Cookie", &session)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(format!(
            "csrf={csrf}&version=2&visit_date=2025-02-03&weight_kg=&reason=not+weighed"
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(cleared.status(), StatusCode::SEE_OTHER);
    let stored = app.get(&format!("/api/v1/visits/{id}"), &token).await;
    assert_eq!(stored.body["version"], 3);
    assert_eq!(stored.body["computed"]["salt"]["display"], "50.0");
    assert!(stored.body["weight_kg"].is_null(), "{:?}", stored.body);
}
