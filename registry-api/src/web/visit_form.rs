//! `GET /patients/{id}/visits/new`, `POST /patients/{id}/visits` and the form's live scoring,
//! `POST /patients/{id}/visits/preview`. Recording is the API's one recording
//! ([`crate::routes::visits::create::record_visit`]); live scoring is the API's preview
//! ([`crate::routes::visits::preview::preview`], as `POST /api/v1/patients/{id}/visits/preview`
//! answers it), rendered by the server in the page's language: the script only sends the form
//! as typed and shows the answer, it computes nothing. Without the script the form still
//! posts, and the patient record shows the stored visit's scores.
//!
//! A stored visit is edited with the same form (`/patients/{id}/visits/{visit}/edit`) through
//! the API's one edit, and deleted after a confirmation (`…/delete`) through the API's one
//! deletion: each asks for the reason the audit trail keeps, and carries the version it was
//! read at, so an edit by someone else in between is refused, never overwritten.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use maud::{Markup, html};
use registry_core::patient::Diagnosis;
use registry_core::store::patients;
use registry_core::store::visits::{self, VisitRow};
use registry_core::visit::VisitInput;
use serde_json::{Map, Value};

use super::deletion::{self, Deleted};
use super::form::{self, Errors, Input, Posted};
use super::i18n::{Lang, Msg};
use super::page::{self, PageError};
use super::patients::may_write;
use super::scores;
use super::session::{CSRF_HEADER, SignedIn};
use crate::AppState;
use crate::error::ApiError;
use crate::extract::parse_json;
use crate::routes::visits::create::record_visit;
use crate::routes::visits::preview::preview;
use crate::routes::visits::update::{edit_reason, edit_visit};

const AA_FIELDS: [&str; 10] = [
    "visit_date",
    "weight_kg",
    "salt.top",
    "salt.back",
    "salt.right",
    "salt.left",
    "eyebrows",
    "eyelashes",
    "vellus_hair",
    "wig",
];
const BOOLEANS: [&str; 2] = ["vellus_hair", "wig"];

/// The EASI regions, as the API names them.
const REGIONS: [(&str, Msg); 4] = [
    ("head_neck", Msg::HeadNeck),
    ("upper_limbs", Msg::UpperLimbs),
    ("trunk", Msg::Trunk),
    ("lower_limbs", Msg::LowerLimbs),
];
/// The EASI signs of a region.
const SIGNS: [(&str, Msg); 4] = [
    ("erythema", Msg::Erythema),
    ("induration", Msg::Induration),
    ("excoriation", Msg::Excoriation),
    ("lichenification", Msg::Lichenification),
];

fn region_field(region: &str, item: &str) -> String {
    format!("easi.regions.{region}.{item}")
}

/// The form's fields for a patient with `diagnosis` (JSON paths of the API's body).
fn fields(diagnosis: Diagnosis) -> Vec<String> {
    match diagnosis {
        Diagnosis::Aa => AA_FIELDS.iter().map(|f| (*f).to_owned()).collect(),
        Diagnosis::Ad => {
            let mut names = vec!["visit_date".to_owned(), "weight_kg".to_owned()];
            for (region, _) in REGIONS {
                for (sign, _) in SIGNS {
                    names.push(region_field(region, sign));
                }
                names.push(region_field(region, "area_pct"));
            }
            names.extend(["pp_nrs".to_owned(), "viga".to_owned()]);
            names
        }
    }
}

struct Form<'a> {
    who: &'a SignedIn,
    patient_id: &'a str,
    diagnosis: Diagnosis,
    /// The visit edited (its id), or `None` for a new visit.
    edit: Option<&'a str>,
}

impl Form<'_> {
    fn render(&self, posted: &Posted, errors: &Errors, status: StatusCode) -> HttpResponse {
        let lang = self.who.lang;
        let t = |m| lang.t(m);
        let yes_no = [
            ("", t(Msg::Unknown)),
            ("yes", t(Msg::Yes)),
            ("no", t(Msg::No)),
        ];
        let grades = [("", ""), ("0", "0"), ("1", "1"), ("2", "2"), ("3", "3")];
        let viga = [
            ("", ""),
            ("0", "0"),
            ("1", "1"),
            ("2", "2"),
            ("3", "3"),
            ("4", "4"),
        ];
        let number = || Input::Text {
            inputmode: Some("decimal"),
            autocomplete: Some("off"),
        };
        let f = |name: &str, label: Msg, input: Input<'_>| {
            form::field(name, t(label), input, posted.value(name), errors)
        };
        let id = self.patient_id;
        let back = format!("/patients/{id}");
        let (title, action, preview, here) = match self.edit {
            None => (
                Msg::NewVisit,
                format!("/patients/{id}/visits"),
                Some(format!("/patients/{id}/visits/preview")),
                format!("/patients/{id}/visits/new"),
            ),
            // An edit is scored when saved (the preview would find the visit's own date taken).
            Some(visit) => (
                Msg::EditVisit,
                format!("/patients/{id}/visits/{visit}/edit"),
                None,
                format!("/patients/{id}/visits/{visit}/edit"),
            ),
        };
        let body = html! {
            p { a href=(back) { "← " (t(Msg::Back)) } }
            h1 { (t(title)) }
            (errors.summary(lang))
            @if errors.stale {
                p { a href=(here) id="reload" { (t(Msg::ReloadCurrent)) } }
            }
            div.visit-entry {
                form method="post" action=(action) data-preview=[preview] novalidate {
                    (form::csrf(&self.who.csrf))
                    @if self.edit.is_some() {
                        input type="hidden" name="version" value=(posted.value("version"));
                    }
                    (f("visit_date", Msg::VisitDate, Input::Text { inputmode: Some("numeric"), autocomplete: Some("off") }))
                    (f("weight_kg", Msg::WeightKg, number()))
                    @match self.diagnosis {
                        Diagnosis::Aa => {
                            fieldset {
                                legend { (t(Msg::SaltQuadrants)) }
                                (f("salt.top", Msg::SaltTop, number()))
                                (f("salt.back", Msg::SaltBack, number()))
                                (f("salt.right", Msg::SaltRight, number()))
                                (f("salt.left", Msg::SaltLeft, number()))
                            }
                            (f("eyebrows", Msg::Eyebrows, Input::Select(&grades)))
                            (f("eyelashes", Msg::Eyelashes, Input::Select(&grades)))
                            (f("vellus_hair", Msg::VellusHair, Input::Select(&yes_no)))
                            (f("wig", Msg::Wig, Input::Select(&yes_no)))
                        }
                        Diagnosis::Ad => {
                            @for (region, region_name) in REGIONS {
                                fieldset.region {
                                    legend { "EASI: " (t(region_name)) }
                                    @for (sign, sign_name) in SIGNS {
                                        @let name = region_field(region, sign);
                                        (form::field(&name, t(sign_name), Input::Select(&grades), posted.value(&name), errors))
                                    }
                                    @let area = region_field(region, "area_pct");
                                    (form::field(&area, t(Msg::AreaPct), number(), posted.value(&area), errors))
                                }
                            }
                            (f("pp_nrs", Msg::PpNrs, number()))
                            (f("viga", Msg::Viga, Input::Select(&viga)))
                        }
                    }
                    @if self.edit.is_some() {
                        (f("reason", Msg::ChangeReason, Input::TEXT))
                    }
                    div.actions {
                        button type="submit" id="save" { (t(Msg::Save)) }
                        a href=(back) { (t(Msg::Cancel)) }
                    }
                }
                @if self.edit.is_none() {
                    aside.live aria-labelledby="h-live" {
                        h2 id="h-live" { (t(Msg::LiveScore)) }
                        p.hint { (t(Msg::LiveScoreHint)) }
                        div id="live-score" aria-live="polite" {}
                    }
                }
            }
        };
        page::respond(status, self.who, lang.t(title), &here, body)
    }
}

async fn diagnosis_of(
    state: &AppState,
    who: &SignedIn,
    id: String,
) -> Result<(String, Diagnosis), PageError> {
    let scope = who.user.scope();
    Ok(state
        .db
        .run(move |conn| {
            let p = patients::get(conn, &scope, &id)?;
            let diagnosis = p.diagnosis()?;
            Ok((p.id, diagnosis))
        })
        .await?)
}

/// `GET /patients/{id}/visits/new` (404 for a patient out of reach).
pub async fn new(
    state: web::Data<AppState>,
    who: SignedIn,
    path: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    may_write(&who)?;
    let (patient_id, diagnosis) = diagnosis_of(&state, &who, path.into_inner()).await?;
    let form = Form {
        who: &who,
        patient_id: &patient_id,
        diagnosis,
        edit: None,
    };
    Ok(form.render(&Posted::default(), &Errors::default(), StatusCode::OK))
}

fn input_of(posted: &Posted) -> Result<VisitInput, ApiError> {
    parse_json::<VisitInput>(posted.to_json(&BOOLEANS, &[]).to_string().as_bytes())
}

/// `POST /patients/{id}/visits`.
pub async fn create(
    state: web::Data<AppState>,
    who: SignedIn,
    path: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    may_write(&who)?;
    let posted = Posted::parse(&body);
    who.check_csrf(posted.csrf())?;
    let (patient_id, diagnosis) = diagnosis_of(&state, &who, path.into_inner()).await?;
    let saved = match input_of(&posted) {
        Ok(input) => {
            let (ctx, scope, id) = (who.user.ctx(), who.user.scope(), patient_id.clone());
            state
                .db
                .write(ctx, move |tx, ctx| {
                    record_visit(tx, ctx, &scope, &id, &input)
                })
                .await
        }
        Err(e) => Err(e),
    };
    match saved {
        Ok((row, _)) => Ok(page::see_other(&format!(
            "/patients/{patient_id}#visit-{}",
            row.visit_date
        ))),
        Err(e) => match Errors::from_api(
            &e,
            &fields(diagnosis)
                .iter()
                .map(String::as_str)
                .collect::<Vec<_>>(),
            "visit_date",
        ) {
            Some(errors) => {
                let form = Form {
                    who: &who,
                    patient_id: &patient_id,
                    diagnosis,
                    edit: None,
                };
                Ok(form.render(&posted, &errors, form::status_of(&e)))
            }
            None => Err(e.into()),
        },
    }
}

/// `POST /patients/{id}/visits/preview`: the live scoring of the visit form, an HTML fragment
/// (the CSRF token in the `X-CSRF-Token` header). Bad input answers its messages, field by
/// field, with the API's status.
pub async fn live(
    state: web::Data<AppState>,
    who: SignedIn,
    req: HttpRequest,
    path: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    may_write(&who)?;
    let sent = req.headers().get(CSRF_HEADER).and_then(|v| v.to_str().ok());
    who.check_csrf(sent)?;
    let posted = Posted::parse(&body);
    let lang = who.lang;
    let previewed = match input_of(&posted) {
        Ok(input) => {
            let (ctx, scope, id) = (who.user.ctx(), who.user.scope(), path.into_inner());
            state
                .db
                .run(move |conn| preview(conn, &ctx, &scope, &id, &input))
                .await
        }
        Err(e) => Err(e),
    };
    let (status, fragment) = match previewed {
        Ok(view) => (StatusCode::OK, scores::summary(lang, &view)),
        Err(e) => match Errors::from_api(&e, &[], "visit_date") {
            Some(errors) => (form::status_of(&e), problems(lang, &errors)),
            None => return Err(e.into()),
        },
    };
    Ok(page::html(status, fragment))
}

fn problems(_lang: Lang, errors: &Errors) -> Markup {
    html! {
        ul.problems data-problems="" {
            @for (field, message) in &errors.other {
                li data-field=(field) { @if !field.is_empty() { code { (field) } ": " } (message) }
            }
        }
    }
}

/// The visit `visit` of the patient `id`, both in the caller's reach (404 otherwise, also for a
/// visit of another patient): the patient's id and diagnosis, and the stored visit.
async fn visit_of(
    state: &AppState,
    who: &SignedIn,
    id: String,
    visit: String,
) -> Result<(String, Diagnosis, VisitRow), PageError> {
    let scope = who.user.scope();
    Ok(state
        .db
        .run(move |conn| {
            let p = patients::get(conn, &scope, &id)?;
            let v = visits::get(conn, &scope, &visit)?;
            if v.patient_id != p.id {
                return Err(ApiError::NotFound);
            }
            let diagnosis = p.diagnosis()?;
            Ok((p.id, diagnosis, v))
        })
        .await?)
}

/// `GET /patients/{id}/visits/{visit}/edit`: the visit form filled in with the stored visit,
/// its version (sent back as the API's `If-Match`) and a field for the reason of the change.
pub async fn edit(
    state: web::Data<AppState>,
    who: SignedIn,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, PageError> {
    may_write(&who)?;
    let (id, visit) = path.into_inner();
    let (patient_id, diagnosis, row) = visit_of(&state, &who, id, visit).await?;
    let stored = row.to_input().map_err(ApiError::from)?;
    let stored = serde_json::to_value(stored)
        .map_err(|e| PageError::Api(ApiError::Internal(e.to_string())))?;
    let mut filled = vec![("version".to_owned(), row.version.to_string())];
    for name in fields(diagnosis) {
        if let Some(value) = form::shown(&stored, &name) {
            filled.push((name, value));
        }
    }
    let form = Form {
        who: &who,
        patient_id: &patient_id,
        diagnosis,
        edit: Some(&row.id),
    };
    Ok(form.render(&Posted::filled(filled), &Errors::default(), StatusCode::OK))
}

/// The API's `PATCH` of an edit form: every field of the form (a field left empty clears the
/// stored value, as `null` does), the reason taken out as the API takes it, and the version the
/// form was read at. A stored value the form cannot show (a SALT total entered without its
/// views) is kept when its part of the form is left empty: the form never clears what it did
/// not show.
fn patch_of(
    posted: &Posted,
    names: &[String],
    stored: &Value,
) -> Result<(Map<String, Value>, String, i32), ApiError> {
    let mut patch = match posted.to_json(&BOOLEANS, &[]) {
        Value::Object(map) => map,
        _ => Map::new(),
    };
    patch.remove("version");
    let reason = edit_reason(&mut patch)?;
    for name in names {
        let top = name.split('.').next().unwrap_or(name);
        if patch.contains_key(top) {
            continue;
        }
        let mut held = Vec::new();
        leaves(&stored[top], top, &mut held);
        if held.iter().all(|path| names.contains(path)) {
            patch.insert(top.to_owned(), Value::Null);
        }
    }
    // A version that is no number is no version the server sent: refused as stale.
    let version = posted.value("version").trim().parse::<i32>().unwrap_or(0);
    Ok((patch, reason, version))
}

/// The paths (`salt.top`) of the values in `value` at `path`.
fn leaves(value: &Value, path: &str, found: &mut Vec<String>) {
    match value {
        Value::Null => {}
        Value::Object(map) => {
            for (key, inner) in map {
                leaves(inner, &format!("{path}.{key}"), found);
            }
        }
        _ => found.push(path.to_owned()),
    }
}

/// `POST /patients/{id}/visits/{visit}/edit`: the API's one edit
/// ([`crate::routes::visits::update::edit_visit`]); a change made by someone else since the
/// form was read is refused with a way to read the visit again, never overwritten.
pub async fn update(
    state: web::Data<AppState>,
    who: SignedIn,
    path: web::Path<(String, String)>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    may_write(&who)?;
    let posted = Posted::parse(&body);
    who.check_csrf(posted.csrf())?;
    let (id, visit) = path.into_inner();
    let (patient_id, diagnosis, row) = visit_of(&state, &who, id, visit).await?;
    let names = fields(diagnosis);
    let stored = serde_json::to_value(row.to_input().map_err(ApiError::from)?)
        .map_err(|e| PageError::Api(ApiError::Internal(e.to_string())))?;
    let saved = match patch_of(&posted, &names, &stored) {
        Ok((patch, reason, version)) => {
            let (ctx, scope, visit_id) = (who.user.ctx(), who.user.scope(), row.id.clone());
            state
                .db
                .write(ctx, move |tx, ctx| {
                    edit_visit(tx, ctx, &scope, &visit_id, version, patch, &reason)
                })
                .await
        }
        Err(e) => Err(e),
    };
    let form = Form {
        who: &who,
        patient_id: &patient_id,
        diagnosis,
        edit: Some(&row.id),
    };
    match saved {
        Ok((view, _)) => Ok(page::see_other(&format!(
            "/patients/{patient_id}#visit-{}",
            view["visit_date"].as_str().unwrap_or_default()
        ))),
        Err(e @ ApiError::PreconditionFailed { .. }) => {
            let errors = Errors::changed_elsewhere(who.lang.t(Msg::ChangedElsewhere));
            Ok(form.render(&posted, &errors, form::status_of(&e)))
        }
        Err(e) => {
            let mut shown: Vec<&str> = names.iter().map(String::as_str).collect();
            shown.push("reason");
            match Errors::from_api(&e, &shown, "visit_date") {
                Some(errors) => Ok(form.render(&posted, &errors, form::status_of(&e))),
                None => Err(e.into()),
            }
        }
    }
}

/// The deletion page of visit `row` of patient `patient_id`.
fn deleted<'a>(who: &SignedIn, patient_id: &str, row: &'a VisitRow) -> Deleted<'a> {
    Deleted {
        back: format!("/patients/{patient_id}"),
        here: format!("/patients/{patient_id}/visits/{}/delete", row.id),
        title: Msg::DeleteVisit,
        what: html! { p id="visit-deleted" { (who.lang.date(row.visit_date)) } },
        text: Msg::DeleteVisitText,
        id: &row.id,
        version: row.version,
    }
}

/// `GET /patients/{id}/visits/{visit}/delete`: what deleting the visit does, and its reason.
pub async fn confirm_delete(
    state: web::Data<AppState>,
    who: SignedIn,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, PageError> {
    may_write(&who)?;
    let (id, visit) = path.into_inner();
    let (patient_id, _, row) = visit_of(&state, &who, id, visit).await?;
    Ok(deletion::confirm(&who, &deleted(&who, &patient_id, &row)))
}

/// `POST /patients/{id}/visits/{visit}/delete`: the pages' one deletion ([`deletion::delete`],
/// the API's `DELETE /visits/{id}`) with the store's visit deletion.
pub async fn delete(
    state: web::Data<AppState>,
    who: SignedIn,
    path: web::Path<(String, String)>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    may_write(&who)?;
    let posted = Posted::parse(&body);
    who.check_csrf(posted.csrf())?;
    let (id, visit) = path.into_inner();
    let (patient_id, _, row) = visit_of(&state, &who, id, visit).await?;
    let record = deleted(&who, &patient_id, &row);
    let done = format!("/patients/{patient_id}#h-visits");
    deletion::delete(&state, &who, &record, &posted, visits::delete, &done).await
}
