//! The administrator's pages: centers (`GET /admin/centers`, and `POST` to create one through
//! the API's [`crate::routes::centers::add_center`]) and users (`GET /admin/users`, `POST` to
//! create one through [`crate::routes::users::hash_new_password`] and
//! [`crate::routes::users::add_user`]; `POST /admin/users/{id}/deactivate` and `…/reactivate`
//! with a reason, through [`crate::routes::users::set_active`]). Every refusal is the API's,
//! shown at its field or above the list.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use maud::html;
use registry_core::role::Role;
use registry_core::store::{centers, users};

use super::form::{self, Errors, Input, Posted};
use super::i18n::{Lang, Msg};
use super::page::{self, PageError};
use super::session::{CSRF_FIELD, SignedIn};
use crate::AppState;
use crate::auth::guards::AdminUser;
use crate::extract::parse_json;
use crate::routes::centers::{CenterRequest, add_center};
use crate::routes::users::{UserRequest, add_user, hash_new_password, set_active};

fn may_admin(who: &SignedIn) -> Result<(), PageError> {
    if AdminUser::ROLES.contains(&who.user.role) {
        Ok(())
    } else {
        Err(PageError::Forbidden)
    }
}

fn nav(lang: Lang, current: &str) -> maud::Markup {
    html! {
        nav.tabs aria-label=(lang.t(Msg::Administration)) {
            ul {
                li { a href="/admin/centers" id="admin-centers" aria-current=[(current == "centers").then_some("page")] { (lang.t(Msg::Centers)) } }
                li { a href="/admin/users" id="admin-users" aria-current=[(current == "users").then_some("page")] { (lang.t(Msg::Users)) } }
            }
        }
    }
}

const CENTER_FIELDS: [&str; 2] = ["code", "name"];

async fn centers_page(
    state: &AppState,
    who: &SignedIn,
    posted: &Posted,
    errors: &Errors,
    status: StatusCode,
) -> Result<HttpResponse, PageError> {
    let lang = who.lang;
    let t = |m| lang.t(m);
    let rows = state.db.run(|conn| Ok(centers::list(conn)?)).await?;
    let body = html! {
        h1 { (t(Msg::Administration)) }
        (nav(lang, "centers"))
        h2 { (t(Msg::Centers)) }
        table.list id="centers" {
            thead { tr { th scope="col" { (t(Msg::Code)) } th scope="col" { (t(Msg::Name)) } th scope="col" { (t(Msg::Active)) } } }
            tbody { @for c in &rows {
                tr id={ "center-" (c.code) } {
                    td { (c.code) } td { (c.name) } td { @if c.active { (t(Msg::Yes)) } @else { (t(Msg::No)) } }
                }
            } }
        }
        h2 { (t(Msg::NewCenter)) }
        (errors.summary(lang))
        form method="post" action="/admin/centers" novalidate {
            (form::csrf(&who.csrf))
            (form::field("code", t(Msg::Code), Input::TEXT, posted.value("code"), errors))
            (form::field("name", t(Msg::Name), Input::TEXT, posted.value("name"), errors))
            div.actions { button type="submit" id="create-center" { (t(Msg::Save)) } }
        }
    };
    Ok(page::respond(
        status,
        who,
        t(Msg::Centers),
        "/admin/centers",
        body,
    ))
}

/// `GET /admin/centers`.
pub async fn centers_list(
    state: web::Data<AppState>,
    who: SignedIn,
) -> Result<HttpResponse, PageError> {
    may_admin(&who)?;
    centers_page(
        &state,
        &who,
        &Posted::default(),
        &Errors::default(),
        StatusCode::OK,
    )
    .await
}

/// `POST /admin/centers`.
pub async fn centers_create(
    state: web::Data<AppState>,
    who: SignedIn,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    may_admin(&who)?;
    let posted = Posted::parse(&body);
    who.check_csrf(posted.csrf())?;
    let json = posted.to_json(&[], &[]);
    let saved = match parse_json::<CenterRequest>(json.to_string().as_bytes()) {
        Ok(input) => {
            let ctx = who.user.ctx();
            state
                .db
                .write(ctx, move |tx, ctx| add_center(tx, ctx, &input))
                .await
        }
        Err(e) => Err(e),
    };
    match saved {
        Ok(c) => Ok(page::see_other(&format!(
            "/admin/centers#center-{}",
            c.code
        ))),
        Err(e) => match Errors::from_api(&e, &CENTER_FIELDS, "code") {
            Some(errors) => centers_page(&state, &who, &posted, &errors, form::status_of(&e)).await,
            None => Err(e.into()),
        },
    }
}

const USER_FIELDS: [&str; 4] = ["email", "password", "role", "center"];

fn role_word(lang: Lang, role: &str) -> &str {
    match role {
        "admin" => lang.t(Msg::RoleNameAdmin),
        "coordinator" => lang.t(Msg::RoleNameCoordinator),
        "center" => lang.t(Msg::RoleNameCenter),
        "researcher" => lang.t(Msg::RoleNameResearcher),
        other => other,
    }
}

async fn users_page(
    state: &AppState,
    who: &SignedIn,
    posted: &Posted,
    errors: &Errors,
    status: StatusCode,
) -> Result<HttpResponse, PageError> {
    let lang = who.lang;
    let t = |m| lang.t(m);
    let (rows, center_rows) = state
        .db
        .run(|conn| Ok((users::list(conn)?, centers::list(conn)?)))
        .await?;
    let center_code = |id: &Option<String>| {
        id.as_ref()
            .and_then(|id| center_rows.iter().find(|c| &c.id == id))
            .map(|c| c.code.clone())
            .unwrap_or_default()
    };
    let roles: Vec<(&str, &str)> = std::iter::once(("", ""))
        .chain(
            [
                Role::Center,
                Role::Coordinator,
                Role::Researcher,
                Role::Admin,
            ]
            .into_iter()
            .map(|r| (r.code(), role_word(lang, r.code()))),
        )
        .collect();
    let center_options: Vec<(&str, &str)> = std::iter::once(("", ""))
        .chain(
            center_rows
                .iter()
                .filter(|c| c.active)
                .map(|c| (c.code.as_str(), c.code.as_str())),
        )
        .collect();
    let body = html! {
        h1 { (t(Msg::Administration)) }
        (nav(lang, "users"))
        h2 { (t(Msg::Users)) }
        (errors.summary(lang))
        table.list id="users" {
            thead { tr {
                th scope="col" { (t(Msg::Email)) } th scope="col" { (t(Msg::Role)) }
                th scope="col" { (t(Msg::Center)) } th scope="col" { (t(Msg::Active)) }
                th scope="col" { (t(Msg::Access)) }
            } }
            tbody { @for u in &rows {
                tr id={ "user-" (u.id) } data-email=(u.email) data-active=(u.active) {
                    td { (u.email) } td { (role_word(lang, &u.role)) } td { (center_code(&u.center_id)) }
                    td.active { @if u.active { (t(Msg::Yes)) } @else { (t(Msg::No)) } }
                    td {
                        @let (action, label) = if u.active { ("deactivate", Msg::Deactivate) } else { ("reactivate", Msg::Reactivate) };
                        form.search method="post" action={ "/admin/users/" (u.id) "/" (action) } {
                            input type="hidden" name=(CSRF_FIELD) value=(who.csrf);
                            div.field {
                                label for={ "reason-" (u.id) } { (t(Msg::Reason)) }
                                input type="text" id={ "reason-" (u.id) } name="reason" autocomplete="off";
                            }
                            button type="submit" id={ (action) "-" (u.id) } { (t(label)) span.visually-hidden { " " (u.email) } }
                        }
                    }
                }
            } }
        }
        h2 { (t(Msg::NewUser)) }
        form method="post" action="/admin/users" novalidate {
            (form::csrf(&who.csrf))
            (form::field("email", t(Msg::Email), Input::Text { inputmode: Some("email"), autocomplete: Some("off") }, posted.value("email"), errors))
            (form::field("password", t(Msg::NewPassword), Input::NewPassword, "", errors))
            (form::field("role", t(Msg::Role), Input::Select(&roles), posted.value("role"), errors))
            (form::field("center", t(Msg::CenterForCenterUsers), Input::Select(&center_options), posted.value("center"), errors))
            div.actions { button type="submit" id="create-user" { (t(Msg::Save)) } }
        }
    };
    Ok(page::respond(
        status,
        who,
        t(Msg::Users),
        "/admin/users",
        body,
    ))
}

/// `GET /admin/users`.
pub async fn users_list(
    state: web::Data<AppState>,
    who: SignedIn,
) -> Result<HttpResponse, PageError> {
    may_admin(&who)?;
    users_page(
        &state,
        &who,
        &Posted::default(),
        &Errors::default(),
        StatusCode::OK,
    )
    .await
}

/// `POST /admin/users`.
pub async fn users_create(
    state: web::Data<AppState>,
    who: SignedIn,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    may_admin(&who)?;
    let posted = Posted::parse(&body);
    who.check_csrf(posted.csrf())?;
    let json = posted.to_json(&[], &[]);
    let saved = match parse_json::<UserRequest>(json.to_string().as_bytes()) {
        Ok(input) => match hash_new_password(&state, &input.password).await {
            Ok(hash) => {
                let ctx = who.user.ctx();
                state
                    .db
                    .write(ctx, move |tx, ctx| add_user(tx, ctx, input, hash))
                    .await
            }
            Err(e) => Err(e),
        },
        Err(e) => Err(e),
    };
    match saved {
        Ok(u) => Ok(page::see_other(&format!("/admin/users#user-{}", u.id))),
        Err(e) => match Errors::from_api(&e, &USER_FIELDS, "email") {
            Some(errors) => users_page(&state, &who, &posted, &errors, form::status_of(&e)).await,
            None => Err(e.into()),
        },
    }
}

async fn activation(
    state: &AppState,
    who: &SignedIn,
    id: String,
    body: &[u8],
    active: bool,
) -> Result<HttpResponse, PageError> {
    may_admin(who)?;
    let posted = Posted::parse(body);
    who.check_csrf(posted.csrf())?;
    let anchor = format!("/admin/users#user-{id}");
    match set_active(state, &who.user, id, active, posted.get("reason")).await {
        Ok(_) => Ok(page::see_other(&anchor)),
        Err(e) => match Errors::from_api(&e, &[], "") {
            Some(errors) => {
                users_page(state, who, &Posted::default(), &errors, form::status_of(&e)).await
            }
            None => Err(e.into()),
        },
    }
}

/// `POST /admin/users/{id}/deactivate`.
pub async fn deactivate(
    state: web::Data<AppState>,
    who: SignedIn,
    path: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    activation(&state, &who, path.into_inner(), &body, false).await
}

/// `POST /admin/users/{id}/reactivate`.
pub async fn reactivate(
    state: web::Data<AppState>,
    who: SignedIn,
    path: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    activation(&state, &who, path.into_inner(), &body, true).await
}
