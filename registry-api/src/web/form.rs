//! Forms: a posted form becomes the API's JSON body (field names are the JSON paths,
//! `salt.top`), the API's parse and rules read it, and every field error the API would answer
//! (its `field` path) is shown next to the field of that name, tied to it with
//! `aria-describedby`. Errors on fields the form does not show are listed above the form.

use std::collections::BTreeMap;

use maud::{Markup, html};
use serde_json::{Map, Value};

use super::i18n::{Lang, Msg};
use super::session::CSRF_FIELD;
use crate::error::ApiError;

/// A posted form: its fields in order, as sent.
#[derive(Debug, Default, Clone)]
pub struct Posted(Vec<(String, String)>);

impl Posted {
    /// Reads an `application/x-www-form-urlencoded` body.
    pub fn parse(body: &[u8]) -> Self {
        Self(
            form_urlencoded::parse(body)
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        )
    }

    /// The first value of `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Every value of `name`, in order (a group of checkboxes).
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// A form filled in with `fields` (name, value): a stored record shown for editing.
    pub fn filled(fields: Vec<(String, String)>) -> Self {
        Self(fields)
    }

    /// The value to show again in `name` (empty when not sent).
    pub fn value(&self, name: &str) -> &str {
        self.get(name).unwrap_or("")
    }

    /// The CSRF token sent.
    pub fn csrf(&self) -> Option<&str> {
        self.get(CSRF_FIELD)
    }

    /// The JSON body the API would receive: each field at its path (`salt.top` →
    /// `{"salt": {"top": …}}`), empty fields left out, the `yes`/`no` of a field named in
    /// `booleans` as `true`/`false`, and every other value as the text typed (the API reads a
    /// number from a string; its parse says what is wrong with the rest). A checkbox named in
    /// `checkboxes` is `false` when not sent.
    pub fn to_json(&self, booleans: &[&str], checkboxes: &[&str]) -> Value {
        let mut root = Map::new();
        for (name, raw) in &self.0 {
            if name == CSRF_FIELD || name == "lang" {
                continue;
            }
            let text = raw.trim();
            if text.is_empty() {
                continue;
            }
            let value = if booleans.contains(&name.as_str()) || checkboxes.contains(&name.as_str())
            {
                match text {
                    "yes" | "true" | "on" => Value::Bool(true),
                    "no" | "false" => Value::Bool(false),
                    other => Value::String(other.to_owned()),
                }
            } else {
                Value::String(text.to_owned())
            };
            insert(&mut root, name, value);
        }
        for name in checkboxes {
            if self.get(name).is_none() {
                insert(&mut root, name, Value::Bool(false));
            }
        }
        Value::Object(root)
    }
}

/// Turns the top-level fields `names` of a form's JSON body that hold a whole number into JSON
/// numbers, for the API's integer fields (anything else stays the text typed, for the API's
/// parse to name).
pub fn integers(body: &mut Value, names: &[&str]) {
    if let Some(obj) = body.as_object_mut() {
        for name in names {
            let number = obj
                .get(*name)
                .and_then(Value::as_str)
                .and_then(|s| s.parse::<i64>().ok());
            if let Some(n) = number {
                obj.insert((*name).to_owned(), Value::from(n));
            }
        }
    }
}

/// The value at `path` (`salt.top`) of a JSON record as a form shows it: text as is, numbers
/// as written, `true`/`false` as `yes`/`no`; `None` for nothing there.
pub fn shown(record: &Value, path: &str) -> Option<String> {
    let mut v = record;
    for part in path.split('.') {
        v = v.get(part)?;
    }
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(true) => Some("yes".to_owned()),
        Value::Bool(false) => Some("no".to_owned()),
        _ => None,
    }
}

fn insert(root: &mut Map<String, Value>, path: &str, value: Value) {
    let mut map = root;
    let mut parts = path.split('.').peekable();
    while let Some(part) = parts.next() {
        if parts.peek().is_none() {
            map.insert(part.to_owned(), value);
            return;
        }
        let next = map
            .entry(part.to_owned())
            .or_insert_with(|| Value::Object(Map::new()));
        if !next.is_object() {
            *next = Value::Object(Map::new());
        }
        match next {
            Value::Object(inner) => map = inner,
            _ => return,
        }
    }
}

/// The field errors of a refused form, by the field's name.
#[derive(Debug, Default)]
pub struct Errors {
    by_field: BTreeMap<String, Vec<String>>,
    /// Errors of fields the form does not show (path, message), and errors of the whole form.
    pub other: Vec<(String, String)>,
    /// Whether the record changed since the form was read (the form offers to read it again).
    pub stale: bool,
}

impl Errors {
    /// The errors of `e` when it is a refusal of bad input (400, 422, 409), spread over the
    /// form's `fields`; `None` for any other error (which the page answers as such).
    /// `conflict_field` is where a 409 is shown (the field whose value is already taken).
    pub fn from_api(e: &ApiError, fields: &[&str], conflict_field: &str) -> Option<Self> {
        let list: Vec<(String, String)> = match e {
            ApiError::Invalid(list) | ApiError::BadRequest { errors: list, .. } => list
                .iter()
                .map(|f| (f.field.clone(), f.message.clone()))
                .collect(),
            ApiError::Conflict(detail) | ApiError::Duplicate { detail, .. } => {
                vec![(conflict_field.to_owned(), detail.clone())]
            }
            _ => return None,
        };
        let mut errors = Self::default();
        for (field, message) in list {
            if fields.contains(&field.as_str()) {
                errors.by_field.entry(field).or_default().push(message);
            } else {
                errors.other.push((field, message));
            }
        }
        Some(errors)
    }

    /// The refusal of a form whose record changed since it was read (the API's 412), with
    /// `message` above the form.
    pub fn changed_elsewhere(message: &str) -> Self {
        Self {
            by_field: BTreeMap::new(),
            other: vec![(String::new(), message.to_owned())],
            stale: true,
        }
    }

    /// The messages of `field`.
    pub fn of(&self, field: &str) -> &[String] {
        self.by_field.get(field).map_or(&[], Vec::as_slice)
    }

    /// Whether there is any error.
    pub fn is_empty(&self) -> bool {
        self.by_field.is_empty() && self.other.is_empty()
    }

    /// The summary above a refused form: nothing saved, and a link to every bad field.
    pub fn summary(&self, lang: Lang) -> Markup {
        html! {
            @if !self.is_empty() {
                div.summary role="alert" id="form-errors" {
                    p { strong { (lang.t(Msg::FixErrors)) } }
                    ul {
                        @for (field, messages) in &self.by_field {
                            @for m in messages {
                                li { a href={ "#" (field_id(field)) } { (m) } }
                            }
                        }
                        @for (field, m) in &self.other {
                            li { @if !field.is_empty() { code { (field) } ": " } (m) }
                        }
                    }
                }
            }
        }
    }
}

/// The status of a refused form: the API's own (422, 409, 400).
pub fn status_of(e: &ApiError) -> actix_web::http::StatusCode {
    actix_web::ResponseError::status_code(e)
}

/// The `id` of a field's input (`salt.top` → `f-salt-top`).
pub fn field_id(name: &str) -> String {
    format!("f-{}", name.replace(['.', '[', ']'], "-"))
}

/// The `id` of a field's error text.
pub fn error_id(name: &str) -> String {
    format!("e-{}", name.replace(['.', '[', ']'], "-"))
}

/// What a field input is.
pub enum Input<'a> {
    /// A line of text; `inputmode` (`numeric`, `decimal`, `email`) and `autocomplete`.
    Text {
        /// The keyboard a touch screen shows.
        inputmode: Option<&'static str>,
        /// What the browser may fill in.
        autocomplete: Option<&'static str>,
    },
    /// A password (the one in use: the browser may fill it in).
    Password,
    /// A new password for someone (the browser fills in nothing, and may suggest one).
    NewPassword,
    /// A choice among (value, text); the first may be the empty "not given".
    Select(&'a [(&'a str, &'a str)]),
    /// A checkbox (sent as `yes` when ticked).
    Checkbox,
}

impl Input<'static> {
    /// A line of free text the browser does not fill in (names, terms, reasons).
    pub const TEXT: Self = Self::Text {
        inputmode: None,
        autocomplete: Some("off"),
    };
}

/// A labelled field with its errors: `<label for>`, the input with `aria-invalid` and
/// `aria-describedby` naming the error text.
pub fn field(name: &str, label: &str, input: Input<'_>, value: &str, errors: &Errors) -> Markup {
    let id = field_id(name);
    let messages = errors.of(name);
    let invalid = !messages.is_empty();
    let described = invalid.then(|| error_id(name));
    html! {
        div.field.invalid[invalid].check[matches!(input, Input::Checkbox)] {
            @match input {
                Input::Checkbox => {
                    input type="checkbox" id=(id) name=(name) value="yes" checked[value == "yes" || value == "true"]
                        aria-invalid=[invalid.then_some("true")] aria-describedby=[described.as_deref()];
                    label for=(id) { (label) }
                }
                Input::Text { inputmode, autocomplete } => {
                    label for=(id) { (label) }
                    input type="text" id=(id) name=(name) value=(value) inputmode=[inputmode]
                        autocomplete=[autocomplete]
                        aria-invalid=[invalid.then_some("true")] aria-describedby=[described.as_deref()];
                }
                Input::Password => {
                    label for=(id) { (label) }
                    input type="password" id=(id) name=(name) autocomplete="current-password"
                        aria-invalid=[invalid.then_some("true")] aria-describedby=[described.as_deref()];
                }
                Input::NewPassword => {
                    label for=(id) { (label) }
                    input type="password" id=(id) name=(name) autocomplete="new-password"
                        aria-invalid=[invalid.then_some("true")] aria-describedby=[described.as_deref()];
                }
                Input::Select(options) => {
                    label for=(id) { (label) }
                    select id=(id) name=(name)
                        aria-invalid=[invalid.then_some("true")] aria-describedby=[described.as_deref()] {
                        @for (v, text) in options {
                            option value=(v) selected[*v == value] { (text) }
                        }
                    }
                }
            }
            @if let Some(eid) = &described {
                p.error id=(eid) {
                    @for (i, m) in messages.iter().enumerate() {
                        @if i > 0 { br; }
                        (m)
                    }
                }
            }
        }
    }
}

/// The hidden CSRF field of a form.
pub fn csrf(token: &str) -> Markup {
    html! { input type="hidden" name=(CSRF_FIELD) value=(token); }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_form_becomes_the_json_body_by_path() {
        let posted = Posted::parse(
            b"csrf=x&visit_date=2025-01-06&salt.top=50&salt.back=&wig=no&consent.research=yes&note=+",
        );
        let json = posted.to_json(&["wig"], &["consent.research", "vellus_hair"]);
        assert_eq!(
            json,
            serde_json::json!({"visit_date": "2025-01-06", "salt": {"top": "50"}, "wig": false,
                "consent": {"research": true}, "vellus_hair": false})
        );
    }

    #[test]
    fn whole_numbers_become_numbers_and_records_become_form_values() {
        let mut body = serde_json::json!({"ctcae_grade": "3", "dose_number": "two", "term": "7"});
        integers(&mut body, &["ctcae_grade", "dose_number"]);
        assert_eq!(
            body,
            serde_json::json!({"ctcae_grade": 3, "dose_number": "two", "term": "7"})
        );
        let record =
            serde_json::json!({"salt": {"top": "50", "back": 0}, "wig": false, "note": null});
        assert_eq!(shown(&record, "salt.top").as_deref(), Some("50"));
        assert_eq!(shown(&record, "salt.back").as_deref(), Some("0"));
        assert_eq!(shown(&record, "wig").as_deref(), Some("no"));
        assert_eq!(shown(&record, "note"), None);
        assert_eq!(shown(&record, "salt.left"), None);
    }

    #[test]
    fn errors_go_to_their_fields_or_the_summary() {
        let e = ApiError::Invalid(vec![
            registry_core::FieldError::new("salt.top", "at most 100"),
            registry_core::FieldError::new("salt", "components and total disagree"),
        ]);
        let errors = Errors::from_api(&e, &["salt.top"], "").unwrap();
        assert_eq!(errors.of("salt.top"), ["at most 100".to_owned()]);
        assert_eq!(errors.other.len(), 1);
        assert!(Errors::from_api(&ApiError::NotFound, &[], "").is_none());
    }
}
