//! The column table against the frames and against `docs/release-format.md`.

use std::collections::{BTreeMap, BTreeSet};

use super::columns::{CODEBOOK, TABLES};
use super::frames::{Values, frame, tables};
use super::suppress::Released;
use super::*;
use crate::analyses::Analyses;

fn empty() -> Released {
    Released {
        patients: Vec::new(),
        patients_in_cohort: 0,
        excluded_without_consent: 0,
        patients_suppressed: 0,
        k_asked: 5,
        k_reached: None,
        rows_suppressed: BTreeMap::new(),
    }
}

fn no_analyses() -> Analyses {
    Analyses::compute(&[])
}

#[test]
fn every_table_is_built_with_exactly_its_columns() {
    let built = tables(&empty(), &no_analyses()).unwrap();
    let names: Vec<&str> = built.iter().map(|(n, _)| *n).collect();
    let expected: Vec<&str> = TABLES.iter().map(|t| t.name).collect();
    assert_eq!(names, expected);
    for (name, df) in &built {
        let spec = columns::table(name).unwrap();
        let got: Vec<String> = df
            .get_column_names()
            .iter()
            .map(|c| c.to_string())
            .collect();
        let want: Vec<&str> = spec.columns.iter().map(|c| c.name).collect();
        assert_eq!(got, want, "{name}");
    }
}

#[test]
fn a_column_without_an_entry_stops_the_release() {
    let err = frame(
        "retreatment",
        vec![
            ("drug", Values::Text(vec![])),
            ("group", Values::Text(vec![])),
            ("n", Values::Integer(vec![])),
            ("responded", Values::Integer(vec![])),
            ("proportion", Values::Number(vec![])),
            ("local_ref", Values::Text(vec![])),
        ],
    )
    .unwrap_err();
    assert!(
        matches!(&err, ReleaseError::Unclassified { table, column } if table == "retreatment" && column == "local_ref"),
        "{err}"
    );
    let wrong_type = frame("switches", vec![("drug", Values::Integer(vec![]))]).unwrap_err();
    assert!(matches!(wrong_type, ReleaseError::Unclassified { .. }));
    let missing = frame("switches", vec![("drug", Values::Text(vec![]))]).unwrap_err();
    assert!(matches!(missing, ReleaseError::Unclassified { column, .. } if column == "group"));
    assert!(frame("secrets", vec![]).is_err());
}

/// The tables and columns `docs/release-format.md` documents: each table under a heading
/// `### \`name\``, its columns as the first cell of the rows of the table after it.
fn documented() -> BTreeMap<String, Vec<String>> {
    let doc = include_str!("../../../docs/release-format.md");
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in doc.lines() {
        if let Some(rest) = line.strip_prefix("### `") {
            current = rest.split('`').next().map(str::to_owned);
            if let Some(t) = &current {
                out.entry(t.clone()).or_default();
            }
        } else if line.starts_with("## ") {
            current = None;
        } else if let (Some(t), Some(row)) = (&current, line.strip_prefix("| `")) {
            let column = row.split('`').next().unwrap_or_default().to_owned();
            out.entry(t.clone()).or_default().push(column);
        }
    }
    out
}

#[test]
fn release_format_documents_exactly_the_released_columns() {
    let doc = documented();
    let code: BTreeMap<String, Vec<String>> = TABLES
        .iter()
        .chain([&CODEBOOK])
        .map(|t| {
            (
                t.name.to_owned(),
                t.columns.iter().map(|c| c.name.to_owned()).collect(),
            )
        })
        .collect();
    let doc_tables: BTreeSet<&String> = doc.keys().collect();
    let code_tables: BTreeSet<&String> = code.keys().collect();
    assert_eq!(doc_tables, code_tables, "tables documented vs released");
    for (table, columns) in &code {
        assert_eq!(&doc[table], columns, "columns of {table} (in order)");
    }
}

#[test]
fn release_keys_parse_from_hex_and_fresh_keys_differ() {
    let hex_key = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
    let key = parse_release_key(hex_key).unwrap();
    assert_eq!(key, parse_release_key(hex_key).unwrap());
    assert!(parse_release_key("abc").is_err());
    assert!(parse_release_key(&"00".repeat(32)).is_err());
    assert!(parse_release_key(&"zz".repeat(32)).is_err());
    assert_ne!(fresh_release_key(), fresh_release_key());
}

#[test]
fn the_codebook_lists_every_column_with_its_class() {
    let csv = String::from_utf8(super::write::codebook().unwrap()).unwrap();
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("table,column,type,unit,meaning,class"));
    let rows = lines.count();
    let columns: usize = TABLES
        .iter()
        .chain([&CODEBOOK])
        .map(|t| t.columns.len())
        .sum();
    assert_eq!(rows, columns);
    assert!(csv.contains("patients,pseudonym,string,,"));
    assert!(csv.contains(",pseudonym\n"));
    assert!(csv.contains(",quasi_identifier\n"));
}
