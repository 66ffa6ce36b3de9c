//! How a visit's computed values show on a page: the SALT or EASI total and band, its place in
//! the episode, the responses against baseline. Reads the visit's view exactly as the API
//! answers it (`routes::visits::view`), for a stored visit and for the live preview alike.

use maud::{Markup, html};
use serde_json::Value;

use super::i18n::{Lang, Msg};

/// A band of the API (`very_severe`) in words.
fn band(lang: Lang, code: &str) -> String {
    let msg = match code {
        "none" => Msg::NoneBand,
        "limited" => Msg::Limited,
        "clear" => Msg::Clear,
        "almost_clear" => Msg::AlmostClear,
        "mild" => Msg::Mild,
        "moderate" => Msg::Moderate,
        "severe" => Msg::Severe,
        "very_severe" => Msg::VerySevere,
        other => return other.to_owned(),
    };
    lang.t(msg).to_owned()
}

fn response(lang: Lang, code: &str) -> &'static str {
    match code {
        "responder" => lang.t(Msg::Responder),
        "non_responder" => lang.t(Msg::NonResponder),
        _ => lang.t(Msg::NotEvaluable),
    }
}

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// The SALT responses shown, in order.
const SALT_RESPONSES: [(&str, &str); 7] = [
    ("salt_le_20", "SALT ≤ 20"),
    ("salt_le_10", "SALT ≤ 10"),
    ("salt_30", "SALT30"),
    ("salt_50", "SALT50"),
    ("salt_75", "SALT75"),
    ("salt_90", "SALT90"),
    ("salt_100", "SALT100"),
];

/// The EASI responses shown, in order.
const EASI_RESPONSES: [(&str, &str); 5] = [
    ("easi_50", "EASI-50"),
    ("easi_75", "EASI-75"),
    ("easi_90", "EASI-90"),
    ("easi_100", "EASI-100"),
    ("easi_le_7", "EASI ≤ 7"),
];

/// The computed scores of a visit view, with `data-score` and `data-response` hooks.
pub fn summary(lang: Lang, view: &Value) -> Markup {
    let salt = &view["computed"]["salt"];
    let easi = &view["computed"]["easi"];
    let episode = &view["episode"];
    let responses = &view["responses"];
    html! {
        dl.scores {
            @if salt.is_object() {
                dt { (lang.t(Msg::SaltTotal)) }
                dd data-score="salt-total" { (text(&salt["display"])) }
                dt { (lang.t(Msg::AaIga)) }
                dd data-score="salt-band" {
                    (text(&salt["aa_iga_grade"])) " – " (band(lang, &text(&salt["aa_iga"])))
                    @if salt["severe"] == Value::Bool(true) { " · " (lang.t(Msg::SevereAa)) }
                }
            }
            @if easi.is_object() {
                dt { "EASI" }
                dd data-score="easi-total" { (text(&easi["display"])) }
                dt { (lang.t(Msg::EasiSeverity)) }
                dd data-score="easi-band" { (band(lang, &text(&easi["severity"]))) }
            }
            dt { (lang.t(Msg::EpisodeNumber)) }
            dd data-score="episode" {
                @if episode.is_object() {
                    (text(&episode["drug"])) " #" (text(&episode["episode_number"])) ", "
                    (lang.t(Msg::StudyDay)) " " (text(&episode["study_day"]))
                    @if !episode["nominal_week"].is_null() { ", " (lang.t(Msg::Week)) " " (text(&episode["nominal_week"])) }
                    @if responses.is_null() { " · " (lang.t(Msg::Baseline)) }
                } @else {
                    (lang.t(Msg::NoEpisode))
                }
            }
        }
        @if responses.is_object() {
            h4 { (lang.t(Msg::ResponseVsBaseline)) }
            dl.responses {
                @let (list, pct): (&[(&str, &str)], &str) = if salt.is_object() { (&SALT_RESPONSES, "salt_improvement_pct") } else { (&EASI_RESPONSES, "easi_improvement_pct") };
                @if !responses[pct].is_null() {
                    dt { (lang.t(Msg::Improvement)) }
                    dd data-response="improvement" { (text(&responses[pct])) " %" }
                }
                @for (key, name) in list {
                    dt { (name) }
                    dd data-response=(key) class=(text(&responses[*key])) { (response(lang, &text(&responses[*key]))) }
                }
            }
        }
    }
}
