//! What an import answers: counts, every bad row (line, column, reason) and every conflict with a
//! stored record. Errors are listed up to [`MAX_LISTED`] (then only counted), so the answer to a
//! file of a million bad rows stays small.

use serde::Serialize;
use utoipa::ToSchema;

/// The most row errors (and, separately, conflicts) listed in one answer; the rest are counted.
pub const MAX_LISTED: usize = 10_000;

/// One bad cell (or row, when `column` is empty).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct RowError {
    /// Line of the file (the header is line 1).
    pub line: u64,
    /// CSV column (`easi_trunk_erythema`), empty for the row as a whole.
    pub column: String,
    /// Why.
    pub message: String,
}

impl RowError {
    /// An error at `line`, `column`.
    pub fn new(line: u64, column: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            line,
            column: column.into(),
            message: message.into(),
        }
    }
}

/// A row whose record is already stored with other values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Conflict {
    /// Line of the file.
    pub line: u64,
    /// The stored record's id.
    pub record_id: String,
    /// The record's identity in words (`patient P-17, visit 2024-03-01`).
    pub identity: String,
    /// The columns whose values differ from the stored record.
    pub columns: Vec<String>,
    /// Each differing column with the stored value next to the file's.
    pub values: Vec<ConflictValue>,
}

/// A column of a conflict: what is stored and what the file says (empty text: no value).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct ConflictValue {
    /// The CSV column.
    pub column: String,
    /// The stored record's value.
    pub stored: String,
    /// The file's value.
    pub file: String,
}

/// The outcome of an import.
#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct Report {
    /// The import's id; `null` when nothing was stored (a rejected file, or one whose rows were
    /// all stored already: importing it again changes nothing, so leaves no trace).
    pub import_id: Option<String>,
    /// `patients`, `treatments`, `visits`, `labs` or `adverse_events`.
    pub kind: String,
    /// `all-or-nothing` or `valid-rows`.
    pub mode: String,
    /// The center code.
    pub center: String,
    /// SHA-256 of the file (hex).
    pub file_sha256: String,
    /// Data rows read.
    pub rows_total: u64,
    /// New records stored.
    pub rows_created: u64,
    /// Stored records changed (`on_conflict=update`).
    pub rows_updated: u64,
    /// Rows already stored identically.
    pub rows_skipped: u64,
    /// Rows not stored: bad rows and unresolved conflicts.
    pub rows_failed: u64,
    /// Every bad row, by line and column (up to 10,000; see `errors_total`).
    pub errors: Vec<RowError>,
    /// Number of row errors, listed or not.
    pub errors_total: u64,
    /// Rows that differ from what is stored (unless `on_conflict=update`).
    pub conflicts: Vec<Conflict>,
    /// Number of conflicts, listed or not.
    pub conflicts_total: u64,
}

impl Report {
    /// Records the errors of one bad row.
    pub fn fail(&mut self, errors: Vec<RowError>) {
        self.rows_failed += 1;
        for e in errors {
            self.errors_total += 1;
            if self.errors.len() < MAX_LISTED {
                self.errors.push(e);
            }
        }
    }

    /// Records a conflict.
    pub fn conflict(&mut self, conflict: Conflict) {
        self.rows_failed += 1;
        self.conflicts_total += 1;
        if self.conflicts.len() < MAX_LISTED {
            self.conflicts.push(conflict);
        }
    }

    /// Puts the errors and conflicts in the order of their lines (a batch's unreadable rows are
    /// found before the checks against stored records of its other rows).
    pub fn sort_by_line(&mut self) {
        self.errors.sort_by_key(|e| e.line);
        self.conflicts.sort_by_key(|c| c.line);
    }

    /// True when the file has a bad row or an unresolved conflict.
    pub fn has_failures(&self) -> bool {
        self.rows_failed > 0
    }

    /// The counts as stored with the import.
    pub fn counts(&self) -> registry_core::store::imports::ImportCounts {
        let n = |v: u64| i64::try_from(v).unwrap_or(i64::MAX);
        registry_core::store::imports::ImportCounts {
            total: n(self.rows_total),
            created: n(self.rows_created),
            updated: n(self.rows_updated),
            skipped: n(self.rows_skipped),
            failed: n(self.rows_failed),
        }
    }
}
