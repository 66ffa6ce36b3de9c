//! Bulk import of a center's records from CSV (`docs/import-format.md`), shared by
//! `POST /api/v1/imports/{kind}` and `registry import`.
//!
//! - [`csv`] reads records with bounded memory; [`header`] finds the columns; [`cells`] reads one
//!   row's cells; [`report`] is the answer (every bad row by line and column).
//! - [`kinds`] maps each kind's rows onto the API's own parsers (the same rules as a single
//!   `POST`), finds each row's identity among the stored records, and writes.
//! - [`pipeline`] overlaps reading and checking (one thread) with writing (the transaction's
//!   thread), in batches; [`run`] is the whole import in one transaction; [`source`] hashes what
//!   is read; [`spool`] receives an HTTP body whole before the import starts; [`template`] is
//!   a file to start from, per kind.
//!
//! An import stores every row or none (`mode=all-or-nothing`, the default), or the good rows
//! (`mode=valid-rows`). A row already stored identically is skipped; one stored with other values
//! is a conflict unless `on_conflict=update` (with a `reason`), which edits the stored record with
//! a version and an audit event. The import is one `imports` row and one audit event (see
//! `registry_core::store::imports` for why created rows get no event of their own).

pub mod cells;
pub mod csv;
pub mod header;
pub mod kinds;
pub mod pipeline;
pub mod report;
pub mod run;
pub mod source;
pub mod spool;
pub mod template;

pub use report::{Conflict, ConflictValue, Report, RowError};
pub use run::{ImportError, run};

/// What a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Patients (`center, patient, sex, birth_month, diagnosis, …`).
    Patients,
    /// Treatment episodes.
    Treatments,
    /// Visits with their scores.
    Visits,
    /// Lab results.
    Labs,
    /// Adverse events.
    AdverseEvents,
}

impl Kind {
    /// Every kind.
    pub const ALL: [Kind; 5] = [
        Self::Patients,
        Self::Treatments,
        Self::Visits,
        Self::Labs,
        Self::AdverseEvents,
    ];

    /// The name in paths and the `imports` table.
    pub fn code(self) -> &'static str {
        match self {
            Self::Patients => "patients",
            Self::Treatments => "treatments",
            Self::Visits => "visits",
            Self::Labs => "labs",
            Self::AdverseEvents => "adverse_events",
        }
    }

    /// Parses a kind name (`adverse-events` is accepted for `adverse_events`).
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.replace('-', "_");
        Self::ALL.into_iter().find(|k| k.code() == s)
    }
}

/// Whether a bad row rejects the whole file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// Any bad row or conflict rejects the file; nothing is stored.
    #[default]
    AllOrNothing,
    /// The good rows are stored, the rest reported.
    ValidRows,
}

impl Mode {
    /// The name in queries and the `imports` table.
    pub fn code(self) -> &'static str {
        match self {
            Self::AllOrNothing => "all-or-nothing",
            Self::ValidRows => "valid-rows",
        }
    }

    /// Parses a mode name.
    pub fn parse(s: &str) -> Option<Self> {
        [Self::AllOrNothing, Self::ValidRows]
            .into_iter()
            .find(|m| m.code() == s)
    }
}

/// What to do with a row whose record is stored with other values.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum OnConflict {
    /// List it as a conflict (the row is not stored).
    #[default]
    Report,
    /// Edit the stored record: a new version, audited with this reason.
    Update {
        /// Why the records change.
        reason: String,
    },
}

/// How to import.
#[derive(Clone, Default)]
pub struct Options {
    /// Store all or only the valid rows.
    pub mode: Mode,
    /// Conflicts reported or applied.
    pub on_conflict: OnConflict,
    /// Called with the number of bytes read so far (the command line's progress bar).
    pub progress: Option<std::sync::Arc<dyn Fn(u64) + Send + Sync>>,
}
