//! The patient list (`GET /patients`, the API's search [`crate::routes::patients::list::find`])
//! and the patient record (`GET /patients/{id}`): episodes, visits with their scores and
//! responses (the API's visit views), labs with flags, adverse events and alerts (the API's
//! alerts). Another center's patient is not found, as in the API.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use maud::{Markup, html};
use registry_core::store::{adverse_events, labs, patients, treatments};
use serde_json::Value;

use super::i18n::{Lang, Msg};
use super::page::{self, PageError};
use super::scores;
use super::session::SignedIn;
use crate::AppState;
use crate::auth::guards::{CenterUser, ClinicalReader};
use crate::error::ApiError;
use crate::routes::patients::dto;
use crate::routes::patients::list::{ListQuery, find};
use crate::routes::visits::{inline, view::PatientVisits};
use crate::routes::{alerts, records};

/// Refuses a role that may not read patients (as the API's `ClinicalReader`).
pub fn may_read(who: &SignedIn) -> Result<(), PageError> {
    if ClinicalReader::ROLES.contains(&who.user.role) {
        Ok(())
    } else {
        Err(PageError::Forbidden)
    }
}

/// Refuses a role that may not enter data (as the API's `CenterUser`).
pub fn may_write(who: &SignedIn) -> Result<(), PageError> {
    if CenterUser::ROLES.contains(&who.user.role) {
        Ok(())
    } else {
        Err(PageError::Forbidden)
    }
}

fn query_value(req: &HttpRequest, name: &str) -> Option<String> {
    form_urlencoded::parse(req.query_string().as_bytes())
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.trim().to_owned())
        .filter(|v| !v.is_empty())
}

/// The diagnosis in words.
pub fn diagnosis(lang: Lang, code: &str) -> &str {
    match code {
        "AA" => lang.t(Msg::AA),
        "AD" => lang.t(Msg::AD),
        other => other,
    }
}

/// `GET /patients`.
pub async fn list(
    state: web::Data<AppState>,
    who: SignedIn,
    req: HttpRequest,
) -> Result<HttpResponse, PageError> {
    may_read(&who)?;
    let lang = who.lang;
    let local_ref = query_value(&req, "local_ref");
    let diagnosis_filter = query_value(&req, "diagnosis");
    let cursor = query_value(&req, "cursor");
    let query = ListQuery {
        diagnosis: diagnosis_filter.clone(),
        local_ref: local_ref.clone(),
        cursor: cursor.clone(),
        limit: Some(25),
        ..Default::default()
    };
    let found = find(&state, &who.user, query).await;
    let (page_rows, problem) = match found {
        Ok(page) => (Some(page), None),
        Err(ApiError::Invalid(errors)) => (None, Some(errors)),
        Err(e) => return Err(e.into()),
    };
    let is_center = who.user.role == registry_core::role::Role::Center;
    let next_link = page_rows
        .as_ref()
        .and_then(|p| p.next_cursor.clone())
        .map(|c| {
            let mut q = form_urlencoded::Serializer::new(String::new());
            if let Some(v) = &local_ref {
                q.append_pair("local_ref", v);
            }
            if let Some(v) = &diagnosis_filter {
                q.append_pair("diagnosis", v);
            }
            q.append_pair("cursor", &c);
            format!("/patients?{}", q.finish())
        });
    let body = html! {
        h1 { (lang.t(Msg::Patients)) }
        @if is_center { p { a.button href="/patients/new" id="new-patient" { (lang.t(Msg::NewPatient)) } } }
        form.search method="get" action="/patients" role="search" {
            @if is_center {
                div.field {
                    label for="q-local-ref" { (lang.t(Msg::LocalRef)) }
                    input type="text" id="q-local-ref" name="local_ref" value=(local_ref.clone().unwrap_or_default());
                }
            }
            div.field {
                label for="q-diagnosis" { (lang.t(Msg::Diagnosis)) }
                select id="q-diagnosis" name="diagnosis" {
                    option value="" { (lang.t(Msg::AnyDiagnosis)) }
                    @for code in ["AA", "AD"] {
                        option value=(code) selected[diagnosis_filter.as_deref() == Some(code)] { (diagnosis(lang, code)) }
                    }
                }
            }
            button type="submit" { (lang.t(Msg::Search)) }
        }
        @if let Some(errors) = &problem {
            div.summary role="alert" { ul { @for e in errors { li { code { (e.field) } ": " (e.message) } } } }
        }
        @if let Some(p) = &page_rows {
            @if p.rows.is_empty() {
                p { (lang.t(Msg::NoPatients)) }
            } @else {
                table.list {
                    thead { tr {
                        th scope="col" { @if is_center { (lang.t(Msg::LocalRef)) } @else { "Id" } }
                        th scope="col" { (lang.t(Msg::Diagnosis)) }
                        th scope="col" { (lang.t(Msg::Sex)) }
                        th scope="col" { (lang.t(Msg::BirthMonth)) }
                    } }
                    tbody {
                        @for row in &p.rows {
                            @let v = dto::view(row, who.user.role);
                            tr {
                                td { a href={ "/patients/" (v.id) } { (v.local_ref.clone().unwrap_or_else(|| v.id.clone())) } }
                                td { (diagnosis(lang, &v.diagnosis)) }
                                td { (sex(lang, &v.sex)) }
                                td { (v.birth_month) }
                            }
                        }
                    }
                }
            }
        }
        nav.pages {
            @if cursor.is_some() { a href="/patients" { (lang.t(Msg::Previous)) } " " }
            @if let Some(next) = &next_link { a href=(next) rel="next" { (lang.t(Msg::Next)) } }
        }
    };
    Ok(page::respond(
        StatusCode::OK,
        &who,
        lang.t(Msg::Patients),
        body,
    ))
}

/// An AA subtype in words.
pub fn subtype(lang: Lang, code: &str) -> &str {
    match code {
        "patchy" => lang.t(Msg::Patchy),
        "ophiasis" => lang.t(Msg::Ophiasis),
        "totalis" => lang.t(Msg::Totalis),
        "universalis" => lang.t(Msg::Universalis),
        other => other,
    }
}

/// Sex in words.
pub fn sex(lang: Lang, code: &str) -> &str {
    match code {
        "female" => lang.t(Msg::Female),
        "male" => lang.t(Msg::Male),
        "other" => lang.t(Msg::Other),
        other => other,
    }
}

/// Everything the record page shows, read in one go.
struct Record {
    patient: dto::PatientView,
    episodes: Vec<treatments::EpisodeRow>,
    visits: Vec<Value>,
    labs: Vec<Value>,
    adverse_events: Vec<Value>,
    alerts: Value,
}

/// `GET /patients/{id}`.
pub async fn record(
    state: web::Data<AppState>,
    who: SignedIn,
    path: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    may_read(&who)?;
    let lang = who.lang;
    let id = path.into_inner();
    let scope = who.user.scope();
    let role = who.user.role;
    let r = state
        .db
        .run(move |conn| {
            let patient = patients::get(conn, &scope, &id)?;
            let timeline = PatientVisits::load(conn, &scope, &patient)?;
            let mut inline = inline::load_all(conn, &scope, &patient.id)?;
            let mut visits = Vec::new();
            for (i, row) in timeline.rows().iter().enumerate() {
                let mut v = timeline.view_at(i)?;
                inline.remove(&row.id).unwrap_or_default().attach(&mut v);
                visits.push(v);
            }
            let labs = labs::for_patient(conn, &scope, &patient.id)?
                .iter()
                .map(records::lab_json)
                .collect::<Result<Vec<_>, _>>()?;
            let adverse_events = adverse_events::for_patient(conn, &scope, &patient.id)?
                .iter()
                .map(records::adverse_event_json)
                .collect::<Result<Vec<_>, _>>()?;
            Ok(Record {
                episodes: treatments::for_patient(conn, &scope, &patient.id)?,
                alerts: alerts::alerts(conn, &scope, &patient.id)?,
                patient: dto::view(&patient, role),
                visits,
                labs,
                adverse_events,
            })
        })
        .await?;
    let title = r
        .patient
        .local_ref
        .clone()
        .unwrap_or_else(|| r.patient.id.clone());
    let body = record_body(lang, &who, &r, &title);
    Ok(page::respond(StatusCode::OK, &who, &title, body))
}

fn record_body(lang: Lang, who: &SignedIn, r: &Record, title: &str) -> Markup {
    let p = &r.patient;
    let can_write = may_write(who).is_ok();
    html! {
        p { a href="/patients" { "← " (lang.t(Msg::Patients)) } }
        h1 { (lang.t(Msg::Record)) " " span id="patient-ref" { (title) } }
        dl.facts {
            dt { (lang.t(Msg::Diagnosis)) } dd { (diagnosis(lang, &p.diagnosis)) @if let Some(s) = &p.aa_subtype { " (" (subtype(lang, s)) ")" } }
            dt { (lang.t(Msg::Sex)) } dd { (sex(lang, &p.sex)) }
            dt { (lang.t(Msg::BirthMonth)) } dd { (p.birth_month) }
        }
        section aria-labelledby="h-alerts" {
            h2 id="h-alerts" { (lang.t(Msg::Alerts)) }
            (alerts_list(lang, &r.alerts))
        }
        section aria-labelledby="h-treatments" {
            h2 id="h-treatments" { (lang.t(Msg::Treatments)) }
            @if can_write { p { a.button id="new-treatment" href={ "/patients/" (p.id) "/treatments/new" } { (lang.t(Msg::NewTreatment)) } } }
            @if r.episodes.is_empty() { p { (lang.t(Msg::NoTreatments)) } } @else {
                table.list id="treatments" {
                    thead { tr {
                        th scope="col" { (lang.t(Msg::Drug)) } th scope="col" { (lang.t(Msg::EpisodeNumber)) }
                        th scope="col" { (lang.t(Msg::StartDate)) } th scope="col" { (lang.t(Msg::StopDate)) }
                        th scope="col" { (lang.t(Msg::Dose)) } th scope="col" { (lang.t(Msg::Warnings)) }
                    } }
                    tbody { @for e in &r.episodes {
                        tr {
                            td { (e.drug) } td { (e.episode_number) } td { (e.start_date) }
                            td { @if let Some(d) = e.stop_date { (d) @if let Some(why) = &e.stop_reason { " (" (why) ")" } } @else { (lang.t(Msg::Ongoing)) } }
                            td { (e.dose_amount.clone().unwrap_or_default()) " " (e.dose_unit.clone().unwrap_or_default()) " " (e.dose_frequency.clone().unwrap_or_default()) }
                            td { (messages(&serde_json::from_str(&e.warnings).unwrap_or(Value::Null))) }
                        }
                    } }
                }
            }
        }
        section aria-labelledby="h-visits" {
            h2 id="h-visits" { (lang.t(Msg::Visits)) }
            @if can_write { p { a.button id="new-visit" href={ "/patients/" (p.id) "/visits/new" } { (lang.t(Msg::NewVisit)) } } }
            @if r.visits.is_empty() { p { (lang.t(Msg::NoVisits)) } }
            @for v in &r.visits {
                article.visit id={ "visit-" (v["visit_date"].as_str().unwrap_or_default()) } {
                    h3 { (v["visit_date"].as_str().unwrap_or_default()) }
                    (scores::summary(lang, v))
                    @let warnings = messages(&v["warnings"]);
                    @if !warnings.is_empty() { p.warnings { (lang.t(Msg::Warnings)) ": " (warnings) } }
                }
            }
        }
        section aria-labelledby="h-labs" {
            h2 id="h-labs" { (lang.t(Msg::Labs)) }
            @if r.labs.is_empty() { p { (lang.t(Msg::NoLabs)) } } @else {
                table.list {
                    thead { tr { th scope="col" { (lang.t(Msg::Date)) } th scope="col" { (lang.t(Msg::Analyte)) } th scope="col" { (lang.t(Msg::Value)) } th scope="col" { (lang.t(Msg::Flags)) } } }
                    tbody { @for l in &r.labs { tr {
                        td { (plain(&l["sample_date"])) } td { (plain(&l["analyte"])) }
                        td { (plain(&l["value"])) " " (plain(&l["unit"])) }
                        td { (messages(&l["flags"])) }
                    } } }
                }
            }
        }
        section aria-labelledby="h-aes" {
            h2 id="h-aes" { (lang.t(Msg::AdverseEvents)) }
            @if r.adverse_events.is_empty() { p { (lang.t(Msg::NoAdverseEvents)) } } @else {
                table.list {
                    thead { tr { th scope="col" { (lang.t(Msg::Date)) } th scope="col" { (lang.t(Msg::Term)) } th scope="col" { (lang.t(Msg::Grade)) } th scope="col" { (lang.t(Msg::Serious)) } th scope="col" { (lang.t(Msg::Flags)) } } }
                    tbody { @for a in &r.adverse_events { tr {
                        td { (plain(&a["onset_date"])) } td { (plain(&a["verbatim_term"])) " " (plain(&a["meddra_term"])) }
                        td { (plain(&a["ctcae_grade"])) } td { (if a["serious"] == Value::Bool(true) { lang.t(Msg::Yes) } else { lang.t(Msg::No) }) }
                        td { (messages(&a["flags"])) }
                    } } }
                }
            }
        }
    }
}

fn plain(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// The readable text of a flag, warning or finding: its `message`, else its `rule` or `code`.
fn describe(v: &Value) -> Option<String> {
    for key in ["message", "detail"] {
        if let Some(s) = v.get(key).and_then(Value::as_str) {
            return Some(s.to_owned());
        }
    }
    for nested in ["flag", "finding", "check", "result"] {
        if let Some(inner) = v.get(nested).filter(|x| x.is_object()) {
            return describe(inner);
        }
    }
    for key in ["rule", "code", "status", "kind"] {
        if let Some(s) = v.get(key).and_then(Value::as_str) {
            return Some(s.replace('_', " "));
        }
    }
    None
}

/// A lab flag in words: the threshold crossed and what to do.
fn lab_flag(flag: &Value) -> Option<String> {
    let threshold = flag.get("threshold").and_then(Value::as_str)?;
    let action = flag
        .get("action")
        .and_then(Value::as_str)
        .unwrap_or_default();
    Some(format!("{threshold} {action}").trim().to_owned())
}

/// One alert of `kind` in words, from the alert as the API answers it.
fn alert_text(kind: &str, item: &Value) -> String {
    let words = |v: &Value| plain(v).replace('_', " ");
    match kind {
        "lab_flags" => {
            let f = &item["flag"];
            let found = format!(
                "{} {} {}",
                words(&f["analyte"]),
                plain(&f["value"]),
                plain(&f["unit"])
            );
            match lab_flag(f) {
                Some(why) => format!("{} ({}): {why}", found.trim(), plain(&f["date"])),
                None => found,
            }
        }
        "monitoring" => {
            let c = &item["check"];
            let missing = c["missing"]
                .as_array()
                .map(|m| m.iter().map(words).collect::<Vec<_>>().join(", "))
                .unwrap_or_default();
            format!(
                "{} ({}, {} – {}): {}{}",
                words(&c["check"]),
                words(&c["timepoint"]["kind"]),
                plain(&c["window"]["from"]),
                plain(&c["window"]["to"]),
                words(&c["status"]),
                if missing.is_empty() {
                    String::new()
                } else {
                    format!("; {missing}")
                }
            )
        }
        "eligibility" => {
            let r = &item["result"];
            let unmet = r["unmet"]
                .as_array()
                .map(|u| u.iter().filter_map(describe).collect::<Vec<_>>().join("; "))
                .unwrap_or_default();
            let verdict = if r["eligible"] == Value::Bool(true) {
                "eligible"
            } else {
                "not eligible"
            };
            let when = if item["planned"] == Value::Bool(true) {
                "a start today"
            } else {
                "start"
            };
            format!(
                "{when} {}: {verdict}{}",
                plain(&item["start"]),
                if unmet.is_empty() {
                    String::new()
                } else {
                    format!(" ({unmet})")
                }
            )
        }
        _ => describe(item).unwrap_or_default(),
    }
}

/// The texts of a list of flags or warnings, joined.
fn messages(list: &Value) -> String {
    list.as_array()
        .map(|items| {
            items
                .iter()
                .filter_map(|v| lab_flag(v).or_else(|| describe(v)))
                .collect::<Vec<_>>()
                .join("; ")
        })
        .unwrap_or_default()
}

fn alerts_list(lang: Lang, alerts: &Value) -> Markup {
    let kinds = [
        ("lab_flags", Msg::LabFlagsAlert),
        ("vaccinations", Msg::VaccinationAlert),
        ("adverse_events", Msg::AdverseEventAlert),
        ("monitoring", Msg::MonitoringAlert),
        ("eligibility", Msg::EligibilityAlert),
        ("missing_data", Msg::MissingDataAlert),
    ];
    let any = kinds
        .iter()
        .any(|(k, _)| alerts[*k].as_array().is_some_and(|a| !a.is_empty()));
    html! {
        @if !any { p { (lang.t(Msg::NoAlerts)) } }
        @for (key, msg) in kinds {
            @if let Some(items) = alerts[key].as_array().filter(|a| !a.is_empty()) {
                h3 { (lang.t(msg)) }
                ul.alerts data-alert=(key) {
                    @for item in items {
                        li {
                            @if let Some(drug) = item["drug"].as_str() { (drug) ": " }
                            (alert_text(key, item))
                        }
                    }
                }
            }
        }
    }
}
