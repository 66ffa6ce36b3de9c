//! Keeps `docs/clinical-vectors.md` honest: every test it names for a CLINICAL.md vector exists,
//! under `#[test]`, in the file it names.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fs;
use std::path::{Path, PathBuf};

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("registry-core sits in the workspace")
        .to_path_buf()
}

/// Every `` `registry-core/src/….rs::test_name` `` code span of the checklist.
fn named_tests(checklist: &str) -> Vec<(String, String)> {
    checklist
        .split('`')
        .skip(1)
        .step_by(2)
        .filter_map(|span| span.split_once(".rs::"))
        .map(|(file, name)| (format!("{file}.rs"), name.to_owned()))
        .collect()
}

/// True when `source` defines `fn name(` directly under a `#[test]` attribute.
fn has_test(source: &str, name: &str) -> bool {
    let lines: Vec<&str> = source.lines().collect();
    lines.iter().enumerate().any(|(i, line)| {
        line.trim_start().starts_with(&format!("fn {name}("))
            && lines[..i]
                .iter()
                .rev()
                .map(|l| l.trim())
                .take_while(|l| l.starts_with("#[") || l.starts_with("///"))
                .any(|l| l == "#[test]")
    })
}

#[test]
fn every_test_named_in_the_checklist_exists() {
    let root = workspace_root();
    let checklist = fs::read_to_string(root.join("docs/clinical-vectors.md")).unwrap();
    let tests = named_tests(&checklist);
    assert!(tests.len() > 100, "only {} tests found", tests.len());
    let missing: Vec<String> = tests
        .iter()
        .filter(|(file, name)| {
            assert!(
                file.starts_with("registry-core/src/"),
                "{file}: the checklist names tests of registry-core"
            );
            let source =
                fs::read_to_string(root.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
            !has_test(&source, name)
        })
        .map(|(file, name)| format!("{file}::{name}"))
        .collect();
    assert!(missing.is_empty(), "not a test: {missing:#?}");
}

#[test]
fn the_guard_notices_a_missing_test() {
    let source = "#[test]\nfn real() {}\nfn helper() {}\n";
    assert!(has_test(source, "real"));
    assert!(!has_test(source, "helper"));
    assert!(!has_test(source, "absent"));
    let spans = named_tests("| a | `registry-core/src/x.rs::real` | `not a test` |");
    assert_eq!(
        spans,
        [("registry-core/src/x.rs".to_owned(), "real".to_owned())]
    );
}
