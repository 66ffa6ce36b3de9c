//! Reading one data row's cells: the columns a kind reads by name, with typed accessors that
//! record a [`RowError`] at the column for a value that does not read (an empty cell is a
//! missing value, never an error here; the domain decides whether it is required).

use std::str::FromStr;

use chrono::NaiveDate;
use registry_core::time::DateRule;
use rust_decimal::Decimal;

use super::header::Header;
use super::report::RowError;

/// One data row, its line, and the errors found while reading it.
pub struct Row<'a> {
    /// The line of the file.
    pub line: u64,
    header: &'a Header,
    cells: &'a [String],
    /// Errors recorded so far.
    pub errors: Vec<RowError>,
}

impl<'a> Row<'a> {
    /// A row of `cells` at `line` under `header`; a cell breaking the rules every text meets
    /// (`registry_core::text::check`: no NUL, a length limit) is recorded at once.
    pub fn new(line: u64, header: &'a Header, cells: &'a [String]) -> Self {
        let errors = cells
            .iter()
            .enumerate()
            .filter_map(|(i, cell)| {
                let column = header.name_of(i);
                registry_core::text::check(&column, cell)
                    .err()
                    .map(|e| RowError::new(line, e.field, e.message))
            })
            .collect();
        Self {
            line,
            header,
            cells,
            errors,
        }
    }

    /// Records an error at `column`.
    pub fn error(&mut self, column: impl Into<String>, message: impl Into<String>) {
        self.errors.push(RowError::new(self.line, column, message));
    }

    /// The text of `column` (`None` when empty or absent).
    pub fn text(&self, column: &str) -> Option<&'a str> {
        self.header.get(self.cells, column)
    }

    /// The text of `column` as an owned string.
    pub fn string(&self, column: &str) -> Option<String> {
        self.text(column).map(str::to_owned)
    }

    /// A required text: records that the cell is empty (or the column missing) when it is.
    pub fn required(&mut self, column: &str) -> Option<&'a str> {
        let value = self.text(column);
        if value.is_none() {
            self.error(column, self.empty(column, "a value is required"));
        }
        value
    }

    /// `why` a value is needed, said of `column`'s empty cell: "the cell is empty: …", or "the
    /// file has no column …: …" when the header lacks it.
    pub fn empty(&self, column: &str, why: &str) -> String {
        if self.header.has(column) {
            format!("the cell is empty: {why}")
        } else {
            format!("the file has no column {column}: {why}")
        }
    }

    /// An exact decimal (`12.5`; a decimal comma is refused, as it would be ambiguous in CSV).
    pub fn decimal(&mut self, column: &str) -> Option<Decimal> {
        let text = self.text(column)?;
        match Decimal::from_str(text).or_else(|_| Decimal::from_scientific(text)) {
            Ok(d) => Some(d),
            Err(_) => {
                self.error(column, format!("'{text}' is not a number"));
                None
            }
        }
    }

    /// A whole number.
    pub fn integer(&mut self, column: &str) -> Option<i64> {
        let text = self.text(column)?;
        match text.parse() {
            Ok(v) => Some(v),
            Err(_) => {
                self.error(column, format!("'{text}' is not a whole number"));
                None
            }
        }
    }

    /// A yes/no value: `yes`/`no`, `true`/`false`, `y`/`n`, `1`/`0` (any case).
    pub fn boolean(&mut self, column: &str) -> Option<bool> {
        let text = self.text(column)?;
        match text.to_ascii_lowercase().as_str() {
            "yes" | "y" | "true" | "t" | "1" => Some(true),
            "no" | "n" | "false" | "f" | "0" => Some(false),
            _ => {
                self.error(column, format!("'{text}' is not yes or no"));
                None
            }
        }
    }

    /// An ISO date `YYYY-MM-DD` that exists.
    pub fn date(&mut self, column: &str) -> Option<NaiveDate> {
        let text = self.text(column)?;
        match registry_core::time::parse_iso_date(text) {
            Ok(d) => Some(d),
            Err(e) => {
                self.error(column, e.message);
                None
            }
        }
    }

    /// Checks `date` (from `column`) by the one date rule: not in the future, not before the
    /// patient's birth month.
    pub fn check_date(&mut self, column: &str, date: NaiveDate, rule: &DateRule) {
        if let Err(e) = rule.check(date) {
            self.error(column, e.message);
        }
    }

    /// Moves errors of a domain parse (JSON paths) to CSV columns with `column_of`. A column
    /// whose cell did not read already has its error (the domain saw it as missing): it gets no
    /// second one. An error at an empty cell says so first.
    pub fn domain_errors(
        &mut self,
        errors: registry_core::ValidationErrors,
        column_of: impl Fn(&str) -> String,
    ) {
        let unreadable: Vec<String> = self.errors.iter().map(|e| e.column.clone()).collect();
        for e in errors.0 {
            let column = column_of(&e.field);
            if unreadable.contains(&column) {
                continue;
            }
            let cell_is_empty = !column.contains('*') && self.text(&column).is_none();
            let message = if cell_is_empty {
                self.empty(&column, &e.message)
            } else {
                e.message
            };
            self.error(column, message);
        }
    }
}
