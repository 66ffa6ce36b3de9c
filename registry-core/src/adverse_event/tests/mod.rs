use chrono::NaiveDate;
use serde_json::json;

use super::*;
use crate::ValidationErrors;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn input(value: serde_json::Value) -> AdverseEventInput {
    serde_json::from_value(value).unwrap()
}

/// A valid non-serious event; tests change one thing at a time.
fn base() -> serde_json::Value {
    json!({
        "verbatim_term": "  gordelroos thoracaal  ",
        "onset_date": "2025-03-01",
        "end_date": "2025-03-20",
        "ctcae_grade": 2,
        "causality": "possible",
        "action": "interrupted",
        "outcome": "recovered",
    })
}

fn with(changes: serde_json::Value) -> AdverseEventInput {
    let mut value = base();
    for (k, v) in changes.as_object().unwrap() {
        value[k] = v.clone();
    }
    input(value)
}

fn fields(result: Result<AdverseEvent, ValidationErrors>) -> Vec<String> {
    result.unwrap_err().0.into_iter().map(|e| e.field).collect()
}

mod aesi;
mod flag;
mod parse;
