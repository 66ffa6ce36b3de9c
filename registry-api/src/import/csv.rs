//! A streaming CSV reader with bounded memory: comma-, semicolon- or tab-separated (the separator
//! is the one the header line uses: Excel writes `;` where the decimal mark is a comma),
//! `"`-quoted (RFC 4180, as spreadsheets write it), UTF-8 with or without a byte-order mark, lines
//! ending in `\n` or `\r\n`. A file that is none of these (UTF-16, lines ending in `\r` alone) is
//! named as such by [`layout`]. Each record comes with the
//! line it starts on. A record longer than [`MAX_RECORD_BYTES`] or wider than [`MAX_FIELDS`] is
//! read past (never held whole) and reported as a bad record; so is a field that is not UTF-8.
//! Nothing here panics on any input: the property tests feed it arbitrary bytes.

use std::io::BufRead;

use csv_core::{ReadRecordResult, Reader, ReaderBuilder, Terminator};

/// The longest record accepted, in bytes (a visit row is a few hundred).
pub const MAX_RECORD_BYTES: usize = 64 * 1024;
/// The most fields a record may have.
pub const MAX_FIELDS: usize = 512;

/// One record of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// The line the record starts on (the header is line 1).
    pub line: u64,
    /// The fields, or why the record cannot be read.
    pub fields: Result<Vec<String>, String>,
}

/// Reads records one at a time from a buffered byte stream.
pub struct CsvReader<R> {
    input: R,
    core: Reader,
    out: Vec<u8>,
    ends: Vec<usize>,
    done: bool,
}

impl<R: BufRead> CsvReader<R> {
    /// A reader over the comma-separated `input`.
    pub fn new(input: R) -> Self {
        Self::with_separator(input, b',')
    }

    /// A reader over `input` with the separator its first line uses, or why the file cannot be
    /// read as CSV text (see [`layout`]).
    pub fn open(mut input: R) -> std::io::Result<Result<Self, String>> {
        let start = input.fill_buf()?;
        Ok(layout(start).map(|separator| Self::with_separator(input, separator)))
    }

    fn with_separator(input: R, separator: u8) -> Self {
        Self {
            input,
            // Records end at `\n` only, so the line count is exact; the `\r` of a CRLF file
            // ends the last cell and is trimmed with it.
            core: ReaderBuilder::new()
                .delimiter(separator)
                .terminator(Terminator::Any(b'\n'))
                .build(),
            out: vec![0; MAX_RECORD_BYTES],
            ends: vec![0; MAX_FIELDS],
            done: false,
        }
    }

    /// The input, for what follows the last record read.
    pub fn into_inner(self) -> R {
        self.input
    }

    /// The next record, `None` at the end of the input. Blank lines are skipped.
    pub fn next_record(&mut self) -> std::io::Result<Option<Record>> {
        loop {
            match self.read_one()? {
                Some(Record {
                    fields: Ok(fields), ..
                }) if fields.len() == 1 && fields[0].trim().is_empty() => {}
                other => return Ok(other),
            }
        }
    }

    fn read_one(&mut self) -> std::io::Result<Option<Record>> {
        if self.done {
            return Ok(None);
        }
        let (mut outlen, mut endlen) = (0, 0);
        let mut too_big: Option<String> = None;
        loop {
            let buf = self.input.fill_buf()?;
            let at_eof = buf.is_empty();
            let (res, nin, nout, nend) =
                self.core
                    .read_record(buf, &mut self.out[outlen..], &mut self.ends[endlen..]);
            self.input.consume(nin);
            outlen += nout;
            endlen += nend;
            match res {
                ReadRecordResult::InputEmpty => {}
                ReadRecordResult::OutputFull => {
                    too_big.get_or_insert_with(|| {
                        format!("the record is longer than {} KiB", MAX_RECORD_BYTES / 1024)
                    });
                    (outlen, endlen) = (0, 0);
                }
                ReadRecordResult::OutputEndsFull => {
                    too_big.get_or_insert_with(|| {
                        format!("the record has more than {MAX_FIELDS} cells")
                    });
                    (outlen, endlen) = (0, 0);
                }
                ReadRecordResult::Record => {
                    return Ok(Some(self.record(outlen, endlen, at_eof, too_big)));
                }
                ReadRecordResult::End => {
                    self.done = true;
                    return Ok(None);
                }
            }
        }
    }

    fn record(
        &self,
        outlen: usize,
        endlen: usize,
        at_eof: bool,
        too_big: Option<String>,
    ) -> Record {
        let data = &self.out[..outlen];
        let inside = data.iter().filter(|b| **b == b'\n').count() as u64;
        // csv-core's line starts at 1 and counts the newlines consumed: the record's own, and
        // its terminator unless it is the last record of a file without a final newline.
        let end = (self.core.line() + u64::from(at_eof)).saturating_sub(1);
        let line = end.saturating_sub(inside).max(1);
        if let Some(why) = too_big {
            return Record {
                line,
                fields: Err(why),
            };
        }
        let mut fields = Vec::with_capacity(endlen);
        let mut start = 0;
        for (i, &end) in self.ends[..endlen].iter().enumerate() {
            let Some(bytes) = data.get(start..end) else {
                return Record {
                    line,
                    fields: Err("the record cannot be read".into()),
                };
            };
            match std::str::from_utf8(bytes) {
                Ok(s) => fields.push(s.to_owned()),
                Err(_) => {
                    return Record {
                        line,
                        fields: Err(format!("cell {} is not UTF-8 text", i + 1)),
                    };
                }
            }
            start = end;
        }
        Record {
            line,
            fields: Ok(fields),
        }
    }
}

/// The separator of a file starting with `start` (`,`, `;` or a tab: the one its first line
/// uses most outside quotes; `,` when it uses none), or what keeps the file from being read.
pub fn layout(start: &[u8]) -> Result<u8, String> {
    if start.starts_with(&[0xFF, 0xFE]) || start.starts_with(&[0xFE, 0xFF]) {
        return Err("the file is UTF-16 text (\"Unicode text\"); save it as \"CSV UTF-8\"".into());
    }
    let start = start.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(start);
    let first_line_end = start.iter().position(|b| *b == b'\n');
    if first_line_end.is_none() && start.contains(&b'\r') {
        return Err(
            "the lines end with a carriage return alone (an old Mac format); save the file as \"CSV UTF-8\", whose lines end in LF or CR LF"
                .into(),
        );
    }
    let line = &start[..first_line_end.unwrap_or(start.len())];
    let mut counts = [(b',', 0usize), (b';', 0), (b'\t', 0)];
    let mut quoted = false;
    for b in line {
        if *b == b'"' {
            quoted = !quoted;
        } else if !quoted {
            for (separator, n) in &mut counts {
                *n += usize::from(b == separator);
            }
        }
    }
    let best = counts
        .iter()
        .fold((b',', 0), |best, c| if c.1 > best.1 { *c } else { best });
    Ok(best.0)
}

#[cfg(test)]
#[path = "csv_tests.rs"]
mod tests;
