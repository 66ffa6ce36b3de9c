//! `GET /patients/{id}/treatments/new` and `POST /patients/{id}/treatments`: a treatment
//! episode started through the API's one start ([`crate::routes::treatments::create::start_episode`]).

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use maud::html;
use registry_core::catalogue::Drug;
use registry_core::store::patients;
use registry_core::treatment::Frequency;

use super::form::{self, Errors, Input, Posted};
use super::i18n::Msg;
use super::page::{self, PageError};
use super::patients::may_write;
use super::session::SignedIn;
use crate::AppState;
use crate::extract::parse_json;
use crate::routes::treatments::create::start_episode;
use crate::routes::treatments::dto::TreatmentRequest;

const FIELDS: [&str; 7] = [
    "drug",
    "indication",
    "start_date",
    "dose.amount",
    "dose.unit",
    "dose.frequency",
    "weight_kg",
];

fn render(
    who: &SignedIn,
    patient_id: &str,
    posted: &Posted,
    errors: &Errors,
    status: StatusCode,
) -> HttpResponse {
    let lang = who.lang;
    let t = |m| lang.t(m);
    let mut drugs: Vec<(&str, &str)> = vec![("", "")];
    drugs.extend(Drug::ALL.iter().map(|d| (d.code(), d.code())));
    let indications = [
        ("", t(Msg::IndicationDefault)),
        ("AA", t(Msg::AA)),
        ("AD", t(Msg::AD)),
    ];
    let units = [
        ("", ""),
        ("mg", "mg"),
        ("mg/kg", "mg/kg"),
        ("mg/m2", "mg/m²"),
    ];
    let mut frequencies: Vec<(&str, &str)> = vec![("", "")];
    frequencies.extend(Frequency::ALL.iter().map(|f| (f.code(), f.code())));
    let number = || Input::Text {
        inputmode: Some("decimal"),
        autocomplete: Some("off"),
    };
    let f = |name: &str, label: Msg, input: Input<'_>| {
        form::field(name, t(label), input, posted.value(name), errors)
    };
    let action = format!("/patients/{patient_id}/treatments");
    let back = format!("/patients/{patient_id}");
    let body = html! {
        p { a href=(back) { "← " (t(Msg::Back)) } }
        h1 { (t(Msg::NewTreatment)) }
        (errors.summary(lang))
        form method="post" action=(action) novalidate {
            (form::csrf(&who.csrf))
            (f("drug", Msg::Drug, Input::Select(&drugs)))
            (f("indication", Msg::Indication, Input::Select(&indications)))
            (f("start_date", Msg::StartDate, Input::Text { inputmode: Some("numeric"), autocomplete: Some("off") }))
            fieldset {
                legend { (t(Msg::Dose)) }
                (f("dose.amount", Msg::DoseAmount, number()))
                (f("dose.unit", Msg::DoseUnit, Input::Select(&units)))
                (f("dose.frequency", Msg::DoseFrequency, Input::Select(&frequencies)))
            }
            (f("weight_kg", Msg::WeightKg, number()))
            div.actions {
                button type="submit" id="save" { (t(Msg::Save)) }
                a href=(back) { (t(Msg::Cancel)) }
            }
        }
    };
    let here = format!("/patients/{patient_id}/treatments/new");
    page::respond(status, who, lang.t(Msg::NewTreatment), &here, body)
}

/// `GET /patients/{id}/treatments/new` (404 for a patient out of reach).
pub async fn new(
    state: web::Data<AppState>,
    who: SignedIn,
    path: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    may_write(&who)?;
    let (id, scope) = (path.into_inner(), who.user.scope());
    let patient = state
        .db
        .run(move |conn| Ok(patients::get(conn, &scope, &id)?))
        .await?;
    Ok(render(
        &who,
        &patient.id,
        &Posted::default(),
        &Errors::default(),
        StatusCode::OK,
    ))
}

/// `POST /patients/{id}/treatments`.
pub async fn create(
    state: web::Data<AppState>,
    who: SignedIn,
    path: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    may_write(&who)?;
    let posted = Posted::parse(&body);
    who.check_csrf(posted.csrf())?;
    let patient_id = path.into_inner();
    let json = posted.to_json(&[], &[]);
    let saved = match parse_json::<TreatmentRequest>(json.to_string().as_bytes()) {
        Ok(input) => {
            let (ctx, scope, id) = (who.user.ctx(), who.user.scope(), patient_id.clone());
            state
                .db
                .write(ctx, move |tx, ctx| {
                    start_episode(tx, ctx, &scope, &id, &input)
                })
                .await
        }
        Err(e) => Err(e),
    };
    match saved {
        Ok(_) => Ok(page::see_other(&format!(
            "/patients/{patient_id}#h-treatments"
        ))),
        Err(e) => match Errors::from_api(&e, &FIELDS, "start_date") {
            Some(errors) => Ok(render(
                &who,
                &patient_id,
                &posted,
                &errors,
                form::status_of(&e),
            )),
            None => Err(e.into()),
        },
    }
}
