//! Coordinator reports (DESIGN.md, issue "coordinator reports"): completeness of follow-up,
//! overdue visits and labs, open safety signals, and data-quality rule violations — pure
//! functions of a cohort as the store reads it ([`CohortRows`], one snapshot) and a data cut.
//!
//! Every report stands on the same pieces as the rest of the read side: the patient's
//! [`Timeline`](registry_core::timeline::Timeline) places visits in episodes and nominal windows
//! and finds the baselines, the lab history rule
//! ([`flags_in_history`](registry_core::labs::flags_in_history)), the herpes rule
//! ([`flags_in_episode`](registry_core::adverse_event::flags_in_episode)), the JAK monitoring
//! schedule ([`registry_core::monitoring`]), the required fields of each disease
//! ([`RequiredField`](registry_core::visit::RequiredField)) and the plausible ranges
//! ([`registry_core::plausible`]). Records dated after the data cut are left out.
//!
//! Every number is a count of records a coordinator can open: the completeness report counts
//! the nominal visits the overdue report lists one by one, and every row names its patient and,
//! where there is one, its record. Patients appear by their center's local reference for a
//! center's own user ([`Identify::LocalRef`]) and by record id for coordinators
//! ([`Identify::RecordId`]), who never see local references.
//!
//! Each report serialises to JSON (serde) and each of its tables to CSV ([`csv`]).

pub mod completeness;
pub mod csv;
pub mod incidence;
pub mod overdue;
mod patient;
pub mod quality;
pub mod safety;

use chrono::NaiveDate;
use registry_core::store::cohort::{self, CohortFilter, CohortRows, Tables};
use registry_core::store::{DbConn, Scope, StoreError};
use serde::Serialize;

pub use completeness::CompletenessReport;
pub use overdue::OverdueReport;
pub use quality::DataQualityReport;
pub use safety::SafetyReport;

/// How patients are named in a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Identify {
    /// By the center's local reference (a center's own user).
    LocalRef,
    /// By the registry's record id (coordinators: pseudonymous).
    RecordId,
}

/// What a report is computed for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportOptions {
    /// The data cut: records dated after it are left out, windows and schedules are judged on it.
    pub data_cut: NaiveDate,
    /// How patients are named.
    pub identify: Identify,
    /// Only episodes of these drugs (codes; all when empty). The cohort read selects the
    /// patients; this keeps the other drugs' episodes of those patients out of the counts.
    pub drugs: Vec<String>,
}

impl ReportOptions {
    /// True when episodes of `drug` are reported.
    pub fn reports_drug(&self, drug: &str) -> bool {
        self.drugs.is_empty() || self.drugs.iter().any(|d| d == drug)
    }
}

/// The four reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReportKind {
    /// Expected against recorded visits, fields and monitoring labs.
    Completeness,
    /// Missed windows, patients gone quiet, overdue monitoring labs.
    Overdue,
    /// Open lab flags, herpes without interruption, open SAEs, AESI incidence.
    Safety,
    /// Rule violations, each with a data query to raise.
    DataQuality,
}

impl ReportKind {
    /// Every report.
    pub const ALL: [ReportKind; 4] = [
        Self::Completeness,
        Self::Overdue,
        Self::Safety,
        Self::DataQuality,
    ];

    /// The name in URLs and on the command line (`completeness`, `overdue`, `safety`,
    /// `data-quality`).
    pub fn code(self) -> &'static str {
        match self {
            Self::Completeness => "completeness",
            Self::Overdue => "overdue",
            Self::Safety => "safety",
            Self::DataQuality => "data-quality",
        }
    }

    /// Parses the name.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == s)
    }

    /// The tables the report uses besides patients and episodes: all but safety use visits and
    /// lab results, safety and data quality adverse events; none uses vaccinations or
    /// comorbidities.
    pub fn reads(self) -> Tables {
        let (visits, adverse_events) = match self {
            Self::Completeness | Self::Overdue => (true, false),
            Self::Safety => (false, true),
            Self::DataQuality => (true, true),
        };
        Tables {
            visits,
            labs: true,
            adverse_events,
            vaccinations: false,
            comorbidities: false,
        }
    }
}

/// A computed report of any kind.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Report {
    /// Completeness.
    Completeness(CompletenessReport),
    /// Overdue and lost.
    Overdue(OverdueReport),
    /// Safety.
    Safety(SafetyReport),
    /// Data quality.
    DataQuality(DataQualityReport),
}

impl Report {
    /// Computes report `kind` of `cohort`, which must hold the tables the report reads
    /// ([`ReportKind::reads`]; [`StoreError::Unread`] otherwise).
    pub fn compute(
        kind: ReportKind,
        cohort: &CohortRows,
        options: &ReportOptions,
    ) -> Result<Self, StoreError> {
        if !cohort.tables.covers(kind.reads()) {
            return Err(StoreError::Unread(format!(
                "a table the {} report needs",
                kind.code()
            )));
        }
        Ok(match kind {
            ReportKind::Completeness => {
                Self::Completeness(completeness::completeness(cohort, options)?)
            }
            ReportKind::Overdue => Self::Overdue(overdue::overdue(cohort, options)?),
            ReportKind::Safety => Self::Safety(safety::safety(cohort, options)?),
            ReportKind::DataQuality => Self::DataQuality(quality::data_quality(cohort, options)?),
        })
    }

    /// The names of the report's tables; the first is its main table.
    pub fn tables(&self) -> &'static [&'static str] {
        match self {
            Self::Completeness(_) => &["rows", "trend"],
            Self::Overdue(_) => &["rows"],
            Self::Safety(_) => &["signals", "aesi_incidence"],
            Self::DataQuality(_) => &["rows"],
        }
    }

    /// Table `table` (the main table when `None`) as CSV; `None` for a table the report does
    /// not have.
    pub fn csv(&self, table: Option<&str>) -> Option<String> {
        let table = table.unwrap_or(self.tables()[0]);
        match (self, table) {
            (Self::Completeness(r), "rows") => Some(csv::to_csv(&r.rows)),
            (Self::Completeness(r), "trend") => Some(csv::to_csv(&r.trend)),
            (Self::Overdue(r), "rows") => Some(csv::to_csv(&r.rows)),
            (Self::Safety(r), "signals") => Some(csv::to_csv(&r.signals)),
            (Self::Safety(r), "aesi_incidence") => Some(csv::to_csv(&r.aesi_incidence)),
            (Self::DataQuality(r), "rows") => Some(csv::to_csv(&r.rows)),
            _ => None,
        }
    }
}

/// Reads the cohort `filter` selects in `scope` — the tables report `kind` uses, in one snapshot
/// ([`cohort::read_tables`], on `helper` too when given) — and computes the report.
pub fn read_and_compute(
    conn: &mut DbConn,
    helper: Option<&mut DbConn>,
    scope: &Scope,
    filter: &CohortFilter,
    kind: ReportKind,
    options: &ReportOptions,
) -> Result<Report, StoreError> {
    let rows = cohort::read_tables(conn, helper, scope, filter, kind.reads())?;
    Report::compute(kind, &rows, options)
}

/// Days from `from` to `to` (negative when `to` is earlier).
pub(crate) fn days(from: NaiveDate, to: NaiveDate) -> i64 {
    (to - from).num_days()
}
