//! Report tables as CSV (RFC 4180): a header of the row type's columns, then one line per row.
//! A cell holds the row's JSON value of that column: text as is, numbers and booleans as
//! written in JSON, `null` as an empty cell, objects (a data query's body) as compact JSON.

use serde::Serialize;
use serde_json::Value;

/// A row of a report table: its columns, in the order CSV shows them (the names of its JSON
/// fields; a test checks the two agree).
pub trait CsvRow: Serialize {
    /// The columns.
    const COLUMNS: &'static [&'static str];
}

/// `rows` as CSV text with a header line; lines end in CRLF.
pub fn to_csv<R: CsvRow>(rows: &[R]) -> String {
    let mut out = String::new();
    line(&mut out, R::COLUMNS.iter().map(|c| (*c).to_owned()));
    for row in rows {
        let value = serde_json::to_value(row).unwrap_or(Value::Null);
        line(
            &mut out,
            R::COLUMNS
                .iter()
                .map(|c| cell(value.get(*c).unwrap_or(&Value::Null))),
        );
    }
    out
}

fn cell(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn line(out: &mut String, cells: impl Iterator<Item = String>) {
    for (i, c) in cells.enumerate() {
        if i > 0 {
            out.push(',');
        }
        if c.contains([',', '"', '\n', '\r']) {
            out.push('"');
            out.push_str(&c.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(&c);
        }
    }
    out.push_str("\r\n");
}

/// The JSON field names of `row` equal `R::COLUMNS` (for the tests of each row type).
#[cfg(test)]
pub(crate) fn columns_match<R: CsvRow>(row: &R) -> bool {
    let value = serde_json::to_value(row).unwrap_or(Value::Null);
    let mut keys: Vec<&str> = value
        .as_object()
        .map(|o| o.keys().map(String::as_str).collect())
        .unwrap_or_default();
    let mut columns = R::COLUMNS.to_vec();
    keys.sort_unstable();
    columns.sort_unstable();
    keys == columns
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Row {
        a: String,
        b: Option<i64>,
        c: Value,
    }
    impl CsvRow for Row {
        const COLUMNS: &'static [&'static str] = &["a", "b", "c"];
    }

    #[test]
    fn cells_are_quoted_when_needed_and_null_is_empty() {
        let rows = [Row {
            a: "x, \"y\"".into(),
            b: None,
            c: serde_json::json!({"k": 1}),
        }];
        assert!(columns_match(&rows[0]));
        assert_eq!(
            to_csv(&rows),
            "a,b,c\r\n\"x, \"\"y\"\"\",,\"{\"\"k\"\":1}\"\r\n"
        );
    }
}
