//! `GET /patients/new` and `POST /patients`: registering a patient through the API's one
//! registration ([`crate::routes::patients::create::register`]), every refused field shown at
//! its field, nothing stored on error.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use maud::html;

use super::form::{self, Errors, Input, Posted};
use super::i18n::Msg;
use super::page::{self, PageError};
use super::patients::may_write;
use super::session::SignedIn;
use crate::AppState;
use crate::extract::parse_json;
use crate::routes::patients::create::register;
use crate::routes::patients::dto::PatientRequest;

/// The form's fields (JSON paths of the API's body).
const FIELDS: [&str; 12] = [
    "local_ref",
    "sex",
    "birth_month",
    "diagnosis",
    "aa_subtype",
    "aa_episode_start",
    "nail_involvement",
    "childbearing_potential",
    "vaccination_programme_complete",
    "varicella_immune",
    "consent.research",
    "consent.date",
];
const BOOLEANS: [&str; 4] = [
    "nail_involvement",
    "childbearing_potential",
    "vaccination_programme_complete",
    "varicella_immune",
];
const CHECKBOXES: [&str; 1] = ["consent.research"];

fn render(who: &SignedIn, posted: &Posted, errors: &Errors, status: StatusCode) -> HttpResponse {
    let lang = who.lang;
    let t = |m| lang.t(m);
    let yes_no = [
        ("", t(Msg::Unknown)),
        ("yes", t(Msg::Yes)),
        ("no", t(Msg::No)),
    ];
    let sexes = [
        ("", ""),
        ("female", t(Msg::Female)),
        ("male", t(Msg::Male)),
        ("other", t(Msg::Other)),
    ];
    let diagnoses = [("", ""), ("AA", t(Msg::AA)), ("AD", t(Msg::AD))];
    let subtypes = [
        ("", ""),
        ("patchy", t(Msg::Patchy)),
        ("ophiasis", t(Msg::Ophiasis)),
        ("totalis", t(Msg::Totalis)),
        ("universalis", t(Msg::Universalis)),
    ];
    let date = || Input::Text {
        inputmode: Some("numeric"),
        autocomplete: Some("off"),
    };
    let f = |name: &str, label: Msg, input: Input<'_>| {
        form::field(name, t(label), input, posted.value(name), errors)
    };
    let body = html! {
        p { a href="/patients" { "← " (t(Msg::Patients)) } }
        h1 { (t(Msg::NewPatient)) }
        (errors.summary(lang))
        form method="post" action="/patients" novalidate {
            (form::csrf(&who.csrf))
            (f("local_ref", Msg::LocalRef, Input::TEXT))
            (f("sex", Msg::Sex, Input::Select(&sexes)))
            (f("birth_month", Msg::BirthMonth, date()))
            (f("diagnosis", Msg::Diagnosis, Input::Select(&diagnoses)))
            fieldset {
                legend { (t(Msg::AA)) }
                (f("aa_subtype", Msg::AaSubtype, Input::Select(&subtypes)))
                (f("aa_episode_start", Msg::AaEpisodeStart, date()))
                (f("nail_involvement", Msg::NailInvolvement, Input::Select(&yes_no)))
            }
            (f("childbearing_potential", Msg::ChildbearingPotential, Input::Select(&yes_no)))
            (f("vaccination_programme_complete", Msg::VaccinationComplete, Input::Select(&yes_no)))
            (f("varicella_immune", Msg::VaricellaImmune, Input::Select(&yes_no)))
            (f("consent.research", Msg::ConsentResearch, Input::Checkbox))
            (f("consent.date", Msg::ConsentDate, date()))
            div.actions {
                button type="submit" id="save" { (t(Msg::Save)) }
                a href="/patients" { (t(Msg::Cancel)) }
            }
        }
    };
    page::respond(status, who, lang.t(Msg::NewPatient), "/patients/new", body)
}

/// `GET /patients/new`.
pub async fn new(who: SignedIn) -> Result<HttpResponse, PageError> {
    may_write(&who)?;
    Ok(render(
        &who,
        &Posted::default(),
        &Errors::default(),
        StatusCode::OK,
    ))
}

/// `POST /patients`.
pub async fn create(
    state: web::Data<AppState>,
    who: SignedIn,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    may_write(&who)?;
    let posted = Posted::parse(&body);
    who.check_csrf(posted.csrf())?;
    let json = posted.to_json(&BOOLEANS, &CHECKBOXES);
    let saved = match parse_json::<PatientRequest>(json.to_string().as_bytes()) {
        Ok(input) => {
            let own_center = who.user.center_id.clone().ok_or(PageError::Forbidden)?;
            let ctx = who.user.ctx();
            state
                .db
                .write(ctx, move |tx, ctx| register(tx, ctx, &own_center, &input))
                .await
        }
        Err(e) => Err(e),
    };
    match saved {
        Ok(p) => Ok(page::see_other(&format!("/patients/{}", p.id))),
        Err(e) => match Errors::from_api(&e, &FIELDS, "local_ref") {
            Some(errors) => Ok(render(&who, &posted, &errors, form::status_of(&e))),
            None => Err(e.into()),
        },
    }
}
