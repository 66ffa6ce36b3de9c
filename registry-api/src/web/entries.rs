//! The record's entries outside a visit: a lab result, an adverse event, a vaccination
//! (`GET /patients/{id}/labs/new` and `POST /patients/{id}/labs`, the same for
//! `adverse-events` and `vaccinations`). Each form becomes the API's JSON body, read by the
//! API's parse and stored by the API's one recording ([`crate::routes::labs::record_lab`],
//! [`crate::routes::adverse_events::record_adverse_event`],
//! [`crate::routes::vaccinations::record_vaccination`]); a refused field is shown at its field
//! with the API's message and nothing is stored. Center users of the patient's center only.
//!
//! A lab result entered in error is deleted after a confirmation with its reason
//! (`/patients/{id}/labs/{lab}/delete`), through the API's deletion as `DELETE /labs/{id}`.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use maud::{Markup, html};
use registry_core::adverse_event::{
    AdverseEvent, AdverseEventInput, Causality, DrugAction, Outcome, SeriousnessCriterion,
};
use registry_core::labs::{Analyte, LabResult, LabResultInput};
use registry_core::store::labs::{self, LabRow};
use registry_core::store::patients;
use registry_core::vaccination::VaccineKind;
use serde_json::Value;

use super::deletion::{self, Deleted};
use super::form::{self, Errors, Input, Posted};
use super::i18n::{self, Msg};
use super::page::{self, PageError};
use super::patients::may_write;
use super::session::SignedIn;
use crate::AppState;
use crate::error::ApiError;
use crate::extract::parse_json;
use crate::routes::adverse_events::record_adverse_event;
use crate::routes::labs::record_lab;
use crate::routes::vaccinations::{VaccinationRequest, parse_vaccination, record_vaccination};

/// The three kinds of entry.
#[derive(Clone, Copy)]
enum Kind {
    Lab,
    AdverseEvent,
    Vaccination,
}

const LAB_FIELDS: [&str; 7] = [
    "analyte",
    "sample_date",
    "value",
    "unit",
    "result",
    "lower_limit",
    "upper_limit",
];
const AE_FIELDS: [&str; 10] = [
    "verbatim_term",
    "meddra_code",
    "meddra_term",
    "onset_date",
    "end_date",
    "ctcae_grade",
    "seriousness_criteria",
    "causality",
    "action",
    "outcome",
];
const VACCINATION_FIELDS: [&str; 3] = ["vaccine", "dose_number", "date"];

impl Kind {
    /// The path segment (`labs`), as in the API.
    fn segment(self) -> &'static str {
        match self {
            Self::Lab => "labs",
            Self::AdverseEvent => "adverse-events",
            Self::Vaccination => "vaccinations",
        }
    }

    fn title(self) -> Msg {
        match self {
            Self::Lab => Msg::NewLab,
            Self::AdverseEvent => Msg::NewAdverseEvent,
            Self::Vaccination => Msg::NewVaccination,
        }
    }

    fn fields(self) -> &'static [&'static str] {
        match self {
            Self::Lab => &LAB_FIELDS,
            Self::AdverseEvent => &AE_FIELDS,
            Self::Vaccination => &VACCINATION_FIELDS,
        }
    }

    /// The field a conflict is shown at, and the record page's section of the kind.
    fn date_field(self) -> &'static str {
        match self {
            Self::Lab => "sample_date",
            Self::AdverseEvent => "onset_date",
            Self::Vaccination => "date",
        }
    }

    fn section(self) -> &'static str {
        match self {
            Self::Lab => "h-labs",
            Self::AdverseEvent => "h-aes",
            Self::Vaccination => "h-vaccinations",
        }
    }
}

fn render(
    kind: Kind,
    who: &SignedIn,
    patient_id: &str,
    posted: &Posted,
    errors: &Errors,
    status: StatusCode,
) -> HttpResponse {
    let lang = who.lang;
    let t = |m| lang.t(m);
    let back = format!("/patients/{patient_id}");
    let action = format!("/patients/{patient_id}/{}", kind.segment());
    let fields = match kind {
        Kind::Lab => lab_fields(who, posted, errors),
        Kind::AdverseEvent => adverse_event_fields(who, posted, errors),
        Kind::Vaccination => vaccination_fields(who, posted, errors),
    };
    let body = html! {
        p { a href=(back) { "← " (t(Msg::Back)) } }
        h1 { (t(kind.title())) }
        (errors.summary(lang))
        form method="post" action=(action) novalidate {
            (form::csrf(&who.csrf))
            (fields)
            div.actions {
                button type="submit" id="save" { (t(Msg::Save)) }
                a href=(back) { (t(Msg::Cancel)) }
            }
        }
    };
    let here = format!("/patients/{patient_id}/{}/new", kind.segment());
    page::respond(status, who, t(kind.title()), &here, body)
}

fn date() -> Input<'static> {
    Input::Text {
        inputmode: Some("numeric"),
        autocomplete: Some("off"),
    }
}

fn number() -> Input<'static> {
    Input::Text {
        inputmode: Some("decimal"),
        autocomplete: Some("off"),
    }
}

fn lab_fields(who: &SignedIn, posted: &Posted, errors: &Errors) -> Markup {
    let lang = who.lang;
    let t = |m| lang.t(m);
    let mut analytes: Vec<(&str, &str)> = vec![("", "")];
    analytes.extend(
        Analyte::ALL
            .iter()
            .map(|a| (a.code(), i18n::analyte(lang, *a))),
    );
    let results = [
        ("", ""),
        ("positive", t(Msg::Positive)),
        ("negative", t(Msg::Negative)),
    ];
    let f = |name: &str, label: Msg, input: Input<'_>| {
        form::field(name, t(label), input, posted.value(name), errors)
    };
    html! {
        (f("analyte", Msg::Analyte, Input::Select(&analytes)))
        (f("sample_date", Msg::SampleDate, date()))
        (f("value", Msg::LabValue, number()))
        (f("unit", Msg::LabUnit, Input::TEXT))
        (f("result", Msg::QualitativeResult, Input::Select(&results)))
        (f("lower_limit", Msg::LowerLimit, number()))
        (f("upper_limit", Msg::UpperLimit, number()))
    }
}

fn adverse_event_fields(who: &SignedIn, posted: &Posted, errors: &Errors) -> Markup {
    let lang = who.lang;
    let t = |m| lang.t(m);
    let grades = [
        ("", ""),
        ("1", "1"),
        ("2", "2"),
        ("3", "3"),
        ("4", "4"),
        ("5", "5"),
    ];
    let mut causalities: Vec<(&str, &str)> = vec![("", "")];
    causalities.extend(
        Causality::ALL
            .iter()
            .map(|c| (c.code(), i18n::causality(lang, *c))),
    );
    let mut actions: Vec<(&str, &str)> = vec![("", "")];
    actions.extend(
        DrugAction::ALL
            .iter()
            .map(|a| (a.code(), i18n::drug_action(lang, *a))),
    );
    let mut outcomes: Vec<(&str, &str)> = vec![("", "")];
    outcomes.extend(
        Outcome::ALL
            .iter()
            .map(|o| (o.code(), i18n::outcome(lang, *o))),
    );
    let f = |name: &str, label: Msg, input: Input<'_>| {
        form::field(name, t(label), input, posted.value(name), errors)
    };
    let ticked = posted.all("seriousness_criteria");
    let criteria_errors = errors.of("seriousness_criteria");
    let criteria_invalid = !criteria_errors.is_empty();
    let criteria_error_id = form::error_id("seriousness_criteria");
    html! {
        (f("verbatim_term", Msg::VerbatimTerm, Input::TEXT))
        (f("meddra_code", Msg::MeddraCode, Input::Text { inputmode: Some("numeric"), autocomplete: Some("off") }))
        (f("meddra_term", Msg::MeddraTerm, Input::TEXT))
        (f("onset_date", Msg::OnsetDate, date()))
        (f("end_date", Msg::EndDate, date()))
        (f("ctcae_grade", Msg::Grade, Input::Select(&grades)))
        fieldset id=(form::field_id("seriousness_criteria"))
            aria-describedby=[criteria_invalid.then_some(criteria_error_id.as_str())] {
            legend { (t(Msg::SeriousnessCriteria)) }
            @for c in SeriousnessCriterion::ALL {
                @let id = format!("f-seriousness_criteria-{}", c.code());
                div.field.check {
                    input type="checkbox" id=(id) name="seriousness_criteria" value=(c.code())
                        checked[ticked.contains(&c.code())];
                    label for=(id) { (i18n::seriousness(lang, *c)) }
                }
            }
            @if criteria_invalid {
                p.error id=(criteria_error_id) {
                    @for (i, m) in criteria_errors.iter().enumerate() {
                        @if i > 0 { br; }
                        (m)
                    }
                }
            }
        }
        (f("causality", Msg::Causality, Input::Select(&causalities)))
        (f("action", Msg::DrugAction, Input::Select(&actions)))
        (f("outcome", Msg::Outcome, Input::Select(&outcomes)))
    }
}

fn vaccination_fields(who: &SignedIn, posted: &Posted, errors: &Errors) -> Markup {
    let lang = who.lang;
    let t = |m| lang.t(m);
    let mut vaccines: Vec<(&str, &str)> = vec![("", "")];
    vaccines.extend(
        VaccineKind::ALL
            .iter()
            .map(|v| (v.code(), i18n::vaccine(lang, *v))),
    );
    let f = |name: &str, label: Msg, input: Input<'_>| {
        form::field(name, t(label), input, posted.value(name), errors)
    };
    html! {
        (f("vaccine", Msg::Vaccine, Input::Select(&vaccines)))
        (f("dose_number", Msg::DoseNumber, Input::Text { inputmode: Some("numeric"), autocomplete: Some("off") }))
        (f("date", Msg::VaccinationDate, date()))
    }
}

/// The id of the patient `id` when in the caller's reach (404 otherwise).
async fn patient_in_reach(
    state: &AppState,
    who: &SignedIn,
    id: String,
) -> Result<String, PageError> {
    let scope = who.user.scope();
    Ok(state
        .db
        .run(move |conn| Ok(patients::get(conn, &scope, &id)?.id))
        .await?)
}

async fn new(
    kind: Kind,
    state: web::Data<AppState>,
    who: SignedIn,
    path: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    may_write(&who)?;
    let patient_id = patient_in_reach(&state, &who, path.into_inner()).await?;
    Ok(render(
        kind,
        &who,
        &patient_id,
        &Posted::default(),
        &Errors::default(),
        StatusCode::OK,
    ))
}

/// The API's JSON body of a posted entry form.
fn body_of(kind: Kind, posted: &Posted) -> Value {
    let mut body = posted.to_json(&[], &[]);
    match kind {
        Kind::Lab => {
            // The analyte is the one field the API's body cannot leave out: an empty choice
            // is sent as the empty code, for the API's parse to name at its field.
            if let Some(obj) = body.as_object_mut() {
                obj.entry("analyte")
                    .or_insert_with(|| Value::String(String::new()));
            }
        }
        Kind::AdverseEvent => {
            form::integers(&mut body, &["ctcae_grade"]);
            let ticked: Vec<Value> = posted
                .all("seriousness_criteria")
                .into_iter()
                .map(|c| Value::String(c.to_owned()))
                .collect();
            if let Some(obj) = body.as_object_mut() {
                obj.insert("seriousness_criteria".into(), Value::Array(ticked));
            }
        }
        Kind::Vaccination => form::integers(&mut body, &["dose_number"]),
    }
    body
}

/// Reads the form as the API reads its body and stores it through the API's recording.
async fn store(
    kind: Kind,
    state: &AppState,
    who: &SignedIn,
    patient_id: String,
    posted: &Posted,
) -> Result<(), ApiError> {
    let json = body_of(kind, posted).to_string();
    let (ctx, scope) = (who.user.ctx(), who.user.scope());
    match kind {
        Kind::Lab => {
            let input: LabResultInput = parse_json(json.as_bytes())?;
            let result = LabResult::parse(&input)?;
            state
                .db
                .write(ctx, move |tx, ctx| {
                    record_lab(tx, ctx, &scope, &patient_id, &result).map(|_| ())
                })
                .await
        }
        Kind::AdverseEvent => {
            let input: AdverseEventInput = parse_json(json.as_bytes())?;
            let event = AdverseEvent::parse(&input)?;
            state
                .db
                .write(ctx, move |tx, ctx| {
                    record_adverse_event(tx, ctx, &scope, &patient_id, &event).map(|_| ())
                })
                .await
        }
        Kind::Vaccination => {
            let input: VaccinationRequest = parse_json(json.as_bytes())?;
            let (vaccine, date) = parse_vaccination(&input)?;
            let dose = input.dose_number;
            state
                .db
                .write(ctx, move |tx, ctx| {
                    record_vaccination(tx, ctx, &scope, &patient_id, vaccine, dose, date)
                        .map(|_| ())
                })
                .await
        }
    }
}

async fn create(
    kind: Kind,
    state: web::Data<AppState>,
    who: SignedIn,
    path: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    may_write(&who)?;
    let posted = Posted::parse(&body);
    who.check_csrf(posted.csrf())?;
    let patient_id = patient_in_reach(&state, &who, path.into_inner()).await?;
    match store(kind, &state, &who, patient_id.clone(), &posted).await {
        Ok(()) => Ok(page::see_other(&format!(
            "/patients/{patient_id}#{}",
            kind.section()
        ))),
        Err(e) => match Errors::from_api(&e, kind.fields(), kind.date_field()) {
            Some(errors) => Ok(render(
                kind,
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

/// `GET /patients/{id}/labs/new`.
pub async fn new_lab(
    state: web::Data<AppState>,
    who: SignedIn,
    path: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    new(Kind::Lab, state, who, path).await
}

/// `POST /patients/{id}/labs`.
pub async fn create_lab(
    state: web::Data<AppState>,
    who: SignedIn,
    path: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    create(Kind::Lab, state, who, path, body).await
}

/// `GET /patients/{id}/adverse-events/new`.
pub async fn new_adverse_event(
    state: web::Data<AppState>,
    who: SignedIn,
    path: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    new(Kind::AdverseEvent, state, who, path).await
}

/// `POST /patients/{id}/adverse-events`.
pub async fn create_adverse_event(
    state: web::Data<AppState>,
    who: SignedIn,
    path: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    create(Kind::AdverseEvent, state, who, path, body).await
}

/// `GET /patients/{id}/vaccinations/new`.
pub async fn new_vaccination(
    state: web::Data<AppState>,
    who: SignedIn,
    path: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    new(Kind::Vaccination, state, who, path).await
}

/// `POST /patients/{id}/vaccinations`.
pub async fn create_vaccination(
    state: web::Data<AppState>,
    who: SignedIn,
    path: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    create(Kind::Vaccination, state, who, path, body).await
}

/// The lab result `lab` of the patient `id`, both in the caller's reach (404 otherwise, also
/// for another patient's result): the patient's id and the stored result.
async fn lab_of(
    state: &AppState,
    who: &SignedIn,
    id: String,
    lab: String,
) -> Result<(String, LabRow), PageError> {
    let scope = who.user.scope();
    Ok(state
        .db
        .run(move |conn| {
            let p = patients::get(conn, &scope, &id)?;
            let row = labs::get(conn, &scope, &lab)?;
            if row.patient_id != p.id {
                return Err(ApiError::NotFound);
            }
            Ok((p.id, row))
        })
        .await?)
}

/// The deletion page of lab result `row` of patient `patient_id`.
fn deleted<'a>(who: &SignedIn, patient_id: &str, row: &'a LabRow) -> Deleted<'a> {
    let lang = who.lang;
    let name = Analyte::parse(&row.analyte)
        .map(|a| i18n::analyte(lang, a))
        .unwrap_or(&row.analyte);
    Deleted {
        back: format!("/patients/{patient_id}"),
        here: format!("/patients/{patient_id}/labs/{}/delete", row.id),
        title: Msg::DeleteLab,
        what: html! {
            p id="lab-deleted" { (lang.date(row.sample_date)) ": " (name) " " (row.value) " " (row.unit) }
        },
        text: Msg::DeleteLabText,
        id: &row.id,
        version: row.version,
    }
}

/// `GET /patients/{id}/labs/{lab}/delete`: the result to delete, and the reason asked for.
pub async fn confirm_delete_lab(
    state: web::Data<AppState>,
    who: SignedIn,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, PageError> {
    may_write(&who)?;
    let (id, lab) = path.into_inner();
    let (patient_id, row) = lab_of(&state, &who, id, lab).await?;
    Ok(deletion::confirm(&who, &deleted(&who, &patient_id, &row)))
}

/// `POST /patients/{id}/labs/{lab}/delete`: the pages' one deletion ([`deletion::delete`], the
/// API's `DELETE /labs/{id}`) with the store's lab deletion.
pub async fn delete_lab(
    state: web::Data<AppState>,
    who: SignedIn,
    path: web::Path<(String, String)>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    may_write(&who)?;
    let posted = Posted::parse(&body);
    who.check_csrf(posted.csrf())?;
    let (id, lab) = path.into_inner();
    let (patient_id, row) = lab_of(&state, &who, id, lab).await?;
    let record = deleted(&who, &patient_id, &row);
    let done = format!("/patients/{patient_id}#h-labs");
    deletion::delete(&state, &who, &record, &posted, labs::delete, &done).await
}
