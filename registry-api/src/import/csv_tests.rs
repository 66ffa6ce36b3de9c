//! Property tests of the CSV reader: what a spreadsheet writes is read back exactly, with the
//! line each record starts on; arbitrary bytes never panic.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use proptest::prelude::*;

use super::*;

fn read_all(bytes: &[u8]) -> Vec<Record> {
    let mut reader = CsvReader::new(bytes);
    let mut out = Vec::new();
    while let Some(r) = reader.next_record().unwrap() {
        out.push(r);
    }
    out
}

fn quoted(field: &str) -> String {
    format!("\"{}\"", field.replace('"', "\"\""))
}

fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9 .:/-]{0,12}",
        "[\",\n\r;é€ a-z]{0,8}",
        any::<String>().prop_map(|s| s.chars().take(10).collect()),
    ]
}

fn rows() -> impl Strategy<Value = Vec<Vec<String>>> {
    prop::collection::vec(prop::collection::vec(cell(), 2..6), 0..12)
}

proptest! {
    #[test]
    fn quoted_records_read_back_exactly_with_their_lines(rows in rows(), final_newline: bool, crlf: bool) {
        let end = if crlf { "\r\n" } else { "\n" };
        let mut text = String::new();
        let mut lines = Vec::new();
        let mut line = 1_u64;
        for (i, row) in rows.iter().enumerate() {
            lines.push(line);
            let record: Vec<String> = row.iter().map(|f| quoted(f)).collect();
            let record = record.join(",");
            line += record.matches('\n').count() as u64 + 1;
            text.push_str(&record);
            if i + 1 < rows.len() || final_newline {
                text.push_str(end);
            }
        }
        let read = read_all(text.as_bytes());
        prop_assert_eq!(read.len(), rows.len());
        for ((r, row), line) in read.iter().zip(&rows).zip(&lines) {
            let fields = r.fields.clone().unwrap();
            let last = fields.len() - 1;
            // The `\r` of a CRLF terminator stays after the closing quote of the last cell.
            let got: Vec<String> = fields
                .iter()
                .enumerate()
                .map(|(i, f)| if i == last && crlf { f.trim_end_matches('\r').to_owned() } else { f.clone() })
                .collect();
            let want: Vec<String> = row
                .iter()
                .enumerate()
                .map(|(i, f)| if i == last && crlf { f.trim_end_matches('\r').to_owned() } else { f.clone() })
                .collect();
            prop_assert_eq!(got, want);
            prop_assert_eq!(r.line, *line);
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic_and_lines_only_grow(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        let read = read_all(&bytes);
        let newlines = bytes.iter().filter(|b| **b == b'\n').count() as u64;
        let mut last = 0;
        for r in &read {
            prop_assert!(r.line >= 1 && r.line >= last && r.line <= newlines + 1);
            last = r.line;
        }
    }
}

#[test]
fn a_record_over_the_limit_is_reported_and_the_next_one_read() {
    let text = format!("a,b\n\"{}\",x\nc,d\n", "y".repeat(MAX_RECORD_BYTES + 10));
    let read = read_all(text.as_bytes());
    assert_eq!(read.len(), 3);
    assert!(read[1].fields.is_err());
    assert_eq!(read[2].fields, Ok(vec!["c".to_owned(), "d".to_owned()]));
    assert_eq!(read[2].line, 3);
}

#[test]
fn blank_lines_are_skipped_and_a_bom_is_ignored() {
    let read = read_all(b"\xEF\xBB\xBFh1,h2\n\n\r\nx,y\n");
    assert_eq!(read.len(), 2);
    assert_eq!(read[0].fields, Ok(vec!["h1".to_owned(), "h2".to_owned()]));
    assert_eq!(read[1].line, 4);
}

#[test]
fn the_separator_is_the_one_the_header_uses() {
    assert_eq!(layout(b"center;patient;sex\nAAA;P1;female\n"), Ok(b';'));
    assert_eq!(layout(b"\xEF\xBB\xBFcenter;patient\r\n"), Ok(b';'));
    assert_eq!(layout(b"center\tpatient\n"), Ok(b'\t'));
    assert_eq!(layout(b"center,patient\n"), Ok(b','));
    assert_eq!(layout(b"\"a;b\",c\n"), Ok(b','));
    assert_eq!(layout(b"center\n"), Ok(b','));
    assert!(layout(b"a,b\rc,d\r").is_err_and(|e| e.contains("carriage return")));
    assert!(layout(b"\xFF\xFEa\x00").is_err_and(|e| e.contains("UTF-16")));
    let mut reader = CsvReader::open(&b"a;b\r\n\"x;1\";2,5\r\n"[..])
        .unwrap()
        .unwrap();
    reader.next_record().unwrap();
    let row = reader.next_record().unwrap().unwrap();
    assert_eq!(row.fields.unwrap(), vec!["x;1", "2,5\r"]);
}
