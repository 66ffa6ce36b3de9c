//! Every number of a JSON body judged from its text, before anything reads it as a float.
//!
//! serde_json hands a number with a fraction or an exponent over as an `f64`, and
//! `registry-core` reads a clinical number back from the float's shortest decimal form, which is
//! exact for every number of up to 15 significant digits. A number the float cannot carry
//! (`1e-400` would arrive as `0`, `0.1000000000000000055511151231257827` as `0.1`, `-0` as `0`) is
//! refused here at its JSON path, so what is stored is always exactly what was sent. The scan
//! runs on text serde_json has already accepted as JSON.

use std::str::FromStr;

use registry_core::FieldError;
use registry_core::error::join_path;
use rust_decimal::Decimal;

/// Why a number is refused (the message names the rule, never the value).
pub const INEXACT: &str =
    "this number cannot be stored exactly: too many digits, or too small or too large";
/// Why `-0` is refused.
pub const NEGATIVE_ZERO: &str = "a negative zero is not a value: write 0";

/// One open container while scanning.
enum Frame {
    /// An object, with the key of the value being read.
    Object(String),
    /// An array, with the index of the value being read.
    Array(usize),
}

/// The numbers of `json` (valid JSON text) that cannot be read exactly, by JSON path; at most
/// `limit` of them.
pub fn inexact(json: &[u8], limit: usize) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let mut stack: Vec<Frame> = Vec::new();
    let mut i = 0;
    while i < json.len() && errors.len() < limit {
        match json[i] {
            b'{' => {
                stack.push(Frame::Object(String::new()));
                i += 1;
            }
            b'[' => {
                stack.push(Frame::Array(0));
                i += 1;
            }
            b'}' | b']' => {
                stack.pop();
                i += 1;
            }
            b',' => {
                if let Some(Frame::Array(n)) = stack.last_mut() {
                    *n += 1;
                }
                i += 1;
            }
            b'"' => {
                let end = string_end(json, i);
                // A string followed by ':' is the key of the next value.
                let mut j = end;
                while j < json.len() && json[j].is_ascii_whitespace() {
                    j += 1;
                }
                if json.get(j) == Some(&b':')
                    && let Some(Frame::Object(key)) = stack.last_mut()
                {
                    *key = serde_json::from_slice(&json[i..end]).unwrap_or_default();
                }
                i = end;
            }
            b'-' | b'0'..=b'9' => {
                let start = i;
                while i < json.len()
                    && matches!(json[i], b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9')
                {
                    i += 1;
                }
                let text = std::str::from_utf8(&json[start..i]).unwrap_or("");
                if let Some(message) = judge(text) {
                    errors.push(FieldError::new(path(&stack), message));
                }
            }
            _ => i += 1,
        }
    }
    errors
}

/// The position just after the string starting at `start` (a `"`).
fn string_end(json: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    while i < json.len() {
        match json[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    json.len()
}

/// The JSON path of the value being read.
fn path(stack: &[Frame]) -> String {
    stack.iter().fold(String::new(), |path, frame| match frame {
        Frame::Object(key) => join_path(&path, key),
        Frame::Array(n) => format!("{path}[{n}]"),
    })
}

/// Why the number `text` cannot be read exactly, if it cannot.
fn judge(text: &str) -> Option<&'static str> {
    let integer = !text.contains(['.', 'e', 'E']);
    if integer {
        // serde_json reads these exactly (as i64 or u64).
        if text.parse::<i64>().is_ok() || text.parse::<u64>().is_ok() {
            return (text.starts_with('-') && text.trim_start_matches(['-', '0']).is_empty())
                .then_some(NEGATIVE_ZERO);
        }
        return Some(INEXACT);
    }
    let Ok(exact) = Decimal::from_str(text).or_else(|_| Decimal::from_scientific(text)) else {
        return Some(INEXACT);
    };
    let Ok(float) = text.parse::<f64>() else {
        return Some(INEXACT);
    };
    if !float.is_finite() {
        return Some(INEXACT);
    }
    let Ok(via_float) = Decimal::from_str(&float.to_string()) else {
        return Some(INEXACT);
    };
    if via_float != exact || exact.is_zero() != (float == 0.0) {
        return Some(INEXACT);
    }
    if exact.is_zero() && text.starts_with('-') {
        return Some(NEGATIVE_ZERO);
    }
    None
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn fields(json: &str) -> Vec<(String, String)> {
        inexact(json.as_bytes(), 64)
            .into_iter()
            .map(|e| (e.field, e.message))
            .collect()
    }

    #[test]
    fn exact_numbers_pass() {
        assert!(
            fields(r#"{"a": 1.5, "b": [0.1, 23.75, 7, -2, 1e2, 12.50, 0], "c": "-0"}"#).is_empty()
        );
    }

    #[test]
    fn inexact_numbers_are_named_by_path() {
        let json = r#"{"salt": {"total": 1e-400}, "labs": [{"value": 2}, {"value": 0.1000000000000000055511151231257827}], "x": -0, "y": -0.0, "z": 123456789012345678901234567890}"#;
        assert_eq!(
            fields(json),
            vec![
                ("salt.total".to_owned(), INEXACT.to_owned()),
                ("labs[1].value".to_owned(), INEXACT.to_owned()),
                ("x".to_owned(), NEGATIVE_ZERO.to_owned()),
                ("y".to_owned(), NEGATIVE_ZERO.to_owned()),
                ("z".to_owned(), INEXACT.to_owned()),
            ]
        );
    }

    #[test]
    fn keys_and_strings_with_escapes_do_not_confuse_the_path() {
        let json = r#"{"a\"b": {"c,d": [1, "x\\", 1e-400]}}"#;
        assert_eq!(
            fields(json),
            vec![("a\"b.c,d[2]".to_owned(), INEXACT.to_owned())]
        );
    }
}
