//! The patient record (`GET /patients/{id}`): episodes, visits with their scores and
//! responses (the API's visit views, `routes::visits::view`), labs with flags, adverse events
//! and today's alerts (`routes::alerts::alerts`). Another center's patient is not found, as in
//! the API.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use maud::{Markup, html};
use registry_core::labs::LabRule;
use registry_core::store::{adverse_events, labs, patients, treatments, vaccinations};
use serde_json::Value;

use super::i18n::{Lang, Msg};
use super::page::{self, PageError};
use super::patients::{diagnosis, may_read, may_write, sex, subtype};
use super::scores;
use super::session::SignedIn;
use crate::AppState;
use crate::routes::patients::dto;
use crate::routes::visits::{inline, view::PatientVisits};
use crate::routes::{alerts, records};

/// Everything the record page shows, read in one go.
struct Record {
    patient: dto::PatientView,
    episodes: Vec<treatments::EpisodeRow>,
    visits: Vec<Value>,
    labs: Vec<Value>,
    adverse_events: Vec<Value>,
    vaccinations: Vec<Value>,
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
            let vaccinations = vaccinations::for_patient(conn, &scope, &patient.id)?
                .iter()
                .map(records::vaccination_json)
                .collect::<Result<Vec<_>, _>>()?;
            Ok(Record {
                vaccinations,
                episodes: treatments::for_patient(conn, &scope, &patient.id)?,
                alerts: serde_json::to_value(alerts::alerts(conn, &scope, &patient.id)?)
                    .map_err(|e| crate::error::ApiError::Internal(e.to_string()))?,
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
    let here = format!("/patients/{}", r.patient.id);
    Ok(page::respond(StatusCode::OK, &who, &title, &here, body))
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
                            td { (e.drug) } td { (e.episode_number) } td { (lang.date(e.start_date)) }
                            td { @if let Some(d) = e.stop_date { (lang.date(d)) @if let Some(why) = &e.stop_reason { " (" (why) ")" } } @else { (lang.t(Msg::Ongoing)) } }
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
                @let date = v["visit_date"].as_str().unwrap_or_default();
                article.visit id={ "visit-" (date) } {
                    h3 { (lang.date_text(date)) }
                    @if can_write {
                        @let visit = v["id"].as_str().unwrap_or_default();
                        p.actions {
                            a id={ "edit-visit-" (date) } href={ "/patients/" (p.id) "/visits/" (visit) "/edit" }
                                aria-label={ (lang.t(Msg::EditVisit)) " " (date) } { (lang.t(Msg::Edit)) }
                            " · "
                            a id={ "delete-visit-" (date) } href={ "/patients/" (p.id) "/visits/" (visit) "/delete" }
                                aria-label={ (lang.t(Msg::DeleteVisit)) " " (date) } { (lang.t(Msg::Delete)) }
                        }
                    }
                    (scores::summary(lang, v))
                    @let warnings = messages(&v["warnings"]);
                    @if !warnings.is_empty() { p.warnings { (lang.t(Msg::Warnings)) ": " (warnings) } }
                }
            }
        }
        section aria-labelledby="h-labs" {
            h2 id="h-labs" { (lang.t(Msg::Labs)) }
            @if can_write { p { a.button id="new-lab" href={ "/patients/" (p.id) "/labs/new" } { (lang.t(Msg::NewLab)) } } }
            @if r.labs.is_empty() { p { (lang.t(Msg::NoLabs)) } } @else {
                table.list id="labs" {
                    thead { tr {
                        th scope="col" { (lang.t(Msg::Date)) } th scope="col" { (lang.t(Msg::Analyte)) } th scope="col" { (lang.t(Msg::Value)) } th scope="col" { (lang.t(Msg::Flags)) }
                        @if can_write { th scope="col" { (lang.t(Msg::Delete)) } }
                    } }
                    tbody { @for l in &r.labs { tr data-analyte=(plain(&l["analyte"])) {
                        td { (lang.date_text(&plain(&l["sample_date"]))) } td { (analyte_name(lang, &l["analyte"])) }
                        td { (plain(&l["value"])) " " (plain(&l["unit"])) }
                        td.flags { (lab_flags(lang, &l["flags"])) }
                        @if can_write {
                            td { a.delete href={ "/patients/" (p.id) "/labs/" (plain(&l["id"])) "/delete" }
                                aria-label={ (lang.t(Msg::DeleteLab)) " " (plain(&l["sample_date"])) } { (lang.t(Msg::Delete)) } }
                        }
                    } } }
                }
            }
        }
        section aria-labelledby="h-aes" {
            h2 id="h-aes" { (lang.t(Msg::AdverseEvents)) }
            @if can_write { p { a.button id="new-adverse-event" href={ "/patients/" (p.id) "/adverse-events/new" } { (lang.t(Msg::NewAdverseEvent)) } } }
            @if r.adverse_events.is_empty() { p { (lang.t(Msg::NoAdverseEvents)) } } @else {
                table.list id="adverse-events" {
                    thead { tr { th scope="col" { (lang.t(Msg::Date)) } th scope="col" { (lang.t(Msg::Term)) } th scope="col" { (lang.t(Msg::Grade)) } th scope="col" { (lang.t(Msg::Serious)) } th scope="col" { (lang.t(Msg::Flags)) } } }
                    tbody { @for a in &r.adverse_events { tr {
                        td { (lang.date_text(&plain(&a["onset_date"]))) } td { (plain(&a["verbatim_term"])) " " (plain(&a["meddra_term"])) }
                        td { (plain(&a["ctcae_grade"])) } td { (if a["serious"] == Value::Bool(true) { lang.t(Msg::Yes) } else { lang.t(Msg::No) }) }
                        td.flags { (messages(&a["flags"])) }
                    } } }
                }
            }
        }
        section aria-labelledby="h-vaccinations" {
            h2 id="h-vaccinations" { (lang.t(Msg::Vaccinations)) }
            @if can_write { p { a.button id="new-vaccination" href={ "/patients/" (p.id) "/vaccinations/new" } { (lang.t(Msg::NewVaccination)) } } }
            @if r.vaccinations.is_empty() { p { (lang.t(Msg::NoVaccinations)) } } @else {
                table.list id="vaccinations" {
                    thead { tr { th scope="col" { (lang.t(Msg::Date)) } th scope="col" { (lang.t(Msg::Vaccine)) } th scope="col" { (lang.t(Msg::DoseNumber)) } } }
                    tbody { @for v in &r.vaccinations { tr data-vaccine=(plain(&v["vaccine"])) {
                        td { (lang.date_text(&plain(&v["date"]))) } td { (vaccine_name(lang, &v["vaccine"])) } td { (plain(&v["dose_number"])) }
                    } } }
                }
            }
        }
    }
}

/// A lab test's code in words in `lang` (the code itself when it is none the registry knows).
fn analyte_name(lang: Lang, code: &Value) -> String {
    let code = plain(code);
    registry_core::labs::Analyte::parse(&code)
        .map(|a| super::i18n::analyte(lang, a).to_owned())
        .unwrap_or(code)
}

/// A vaccine's code in words in `lang`.
fn vaccine_name(lang: Lang, code: &Value) -> String {
    let code = plain(code);
    registry_core::vaccination::VaccineKind::parse(&code)
        .map(|v| super::i18n::vaccine(lang, v).to_owned())
        .unwrap_or(code)
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

/// A lab result's flags in `lang`: the threshold crossed and the advised action; in Dutch the
/// guideline's own wording (NTvDV, Tabel 1) with the threshold as applied.
fn lab_flags(lang: Lang, list: &Value) -> String {
    if lang == Lang::En {
        return messages(list);
    }
    list.as_array()
        .map(|items| {
            items
                .iter()
                .filter_map(|f| {
                    let rule = f
                        .get("rule")
                        .and_then(|r| serde_json::from_value::<LabRule>(r.clone()).ok());
                    match rule {
                        Some(rule) => Some(match f.get("threshold").and_then(Value::as_str) {
                            Some(threshold) => format!("{} ({threshold})", rule.source_text()),
                            None => rule.source_text(),
                        }),
                        None => lab_flag(f).or_else(|| describe(f)),
                    }
                })
                .collect::<Vec<_>>()
                .join("; ")
        })
        .unwrap_or_default()
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
