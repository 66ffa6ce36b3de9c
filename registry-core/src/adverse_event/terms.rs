//! The terms of an adverse event: the reporter's verbatim words and, when the center codes with
//! MedDRA (a licensed dictionary the registry never requires), the code and its term.

use serde::{Deserialize, Serialize};

use crate::FieldError;

/// Longest verbatim or MedDRA term accepted, in characters.
pub const MAX_TERM_CHARS: usize = 500;

/// The event as the reporter named it, trimmed, 1 to 500 characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct VerbatimTerm(String);

impl VerbatimTerm {
    /// A verbatim term: surrounding spaces are removed; empty or over-long terms are refused.
    pub fn parse(s: &str) -> Result<Self, FieldError> {
        clean_term(s, "the verbatim term").map(Self)
    }

    /// The term.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A MedDRA term name (lowest level or preferred term) as the center recorded it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct MeddraTerm(String);

impl MeddraTerm {
    /// A MedDRA term: trimmed, 1 to 500 characters.
    pub fn parse(s: &str) -> Result<Self, FieldError> {
        clean_term(s, "the MedDRA term").map(Self)
    }

    /// The term.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A MedDRA code: exactly 8 digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct MeddraCode(String);

impl MeddraCode {
    /// A MedDRA code; surrounding spaces are removed, then exactly 8 digits must remain.
    pub fn parse(s: &str) -> Result<Self, FieldError> {
        let code = s.trim();
        if code.len() == 8 && code.bytes().all(|b| b.is_ascii_digit()) {
            Ok(Self(code.to_owned()))
        } else {
            Err(FieldError::new(
                "",
                format!("'{code}' is not a MedDRA code: a MedDRA code has exactly 8 digits"),
            ))
        }
    }

    /// The code.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn clean_term(s: &str, what: &str) -> Result<String, FieldError> {
    let term = s.trim();
    if term.is_empty() {
        return Err(FieldError::new("", format!("{what} is empty")));
    }
    let chars = term.chars().count();
    if chars > MAX_TERM_CHARS {
        return Err(FieldError::new(
            "",
            format!("{what} has {chars} characters: at most {MAX_TERM_CHARS} are allowed"),
        ));
    }
    Ok(term.to_owned())
}

macro_rules! string_conversions {
    ($($name:ident),+) => {$(
        impl TryFrom<String> for $name {
            type Error = FieldError;

            fn try_from(s: String) -> Result<Self, FieldError> {
                Self::parse(&s)
            }
        }

        impl From<$name> for String {
            fn from(value: $name) -> String {
                value.0
            }
        }
    )+};
}

string_conversions!(VerbatimTerm, MeddraTerm, MeddraCode);
