//! Cohort reads: every record of the patients a [`CohortFilter`] selects — patients, treatment
//! episodes with their dose changes and interruptions, visits, labs, adverse events,
//! vaccinations and comorbidities — read in one consistent snapshot for releases and reports.
//!
//! **Read in sets.** A read runs one statement per table whatever the cohort's size: the
//! centers, the patients, a count of those excluded for consent (only with a data cut), then
//! episodes, dose changes, interruptions, visits, labs, adverse events, vaccinations and
//! comorbidities — 10 or 11 statements, plus the snapshot's begin and end. Each statement names
//! the cohort by the same condition on `patients` ([`filter`], as a subquery in the other
//! tables' statements), so no id list is bound and the backends' parameter limits never apply.
//! Rows are grouped per patient in memory: each row is decoded and moved straight into its
//! patient's list, found by id ([`group`]).
//!
//! **On two connections.** Given a second connection ([`read`]'s `helper`), the lab results —
//! two thirds of the rows — are read on it on a second thread while the first reads the other
//! tables, both in one snapshot; with the sharing statement (`pg_export_snapshot()` on
//! PostgreSQL, the audit trail's last event on SQLite) and the helper's own begin, end and
//! snapshot statements the count grows by five, still whatever the cohort's size.
//!
//! **Some tables only.** [`read_tables`] reads the patients, their episodes and the [`Tables`]
//! asked for, no statement for the others (a report reads what it uses: the safety report no
//! visits). Without visits the first connection has little else to read, so the lab results are
//! split by patient: the helper reads those of the patients whose id sorts below the middle
//! patient's, the first connection the rest (one more statement).
//!
//! **What is read.** Whole rows of every table but the two large ones: visits and lab results are
//! read as [`VisitRecord`] and [`LabRecord`], without the provenance columns (authors, times, row
//! versions, imports) no release or report uses — a quarter of a visit's columns and half of a lab
//! result's, and most of the cost of holding a cohort in memory.
//!
//! **What is left out.** Deleted rows of every table, and the dose changes and interruptions of
//! a deleted episode; a deleted patient is not in any cohort, so none of its rows are read.
//! Records that only *refer* to a deleted record stay (a lab taken at a deleted visit, an adverse
//! event in a deleted episode): they belong to the patient, as the per-patient reads return them.
//!
//! **Order.** Patients by id (UUIDv7: creation order), each patient's lists as documented on
//! [`PatientRecords`]; ids are compared as bytes, so the order does not depend on the database's
//! collation.

// First: its statement macros are used by the modules after it.
#[macro_use]
mod statements;
mod episodes;
mod filter;
mod group;
mod read;
mod subquery;

pub use filter::CohortFilter;

use super::adverse_events::AdverseEventRow;
use super::centers::CenterRow;
use super::comorbidities::ComorbidityRow;
use super::labs::LabRecord;
use super::patients::PatientRow;
use super::treatments::StoredHistory;
use super::vaccinations::VaccinationRow;
use super::visits::VisitRecord;
use super::{DbConn, Scope, StoreError};

/// Every record of one patient of a cohort (deleted ones left out), each list in a fixed order.
#[derive(Debug, Clone, PartialEq)]
pub struct PatientRecords {
    /// Code of the patient's center.
    pub center_code: String,
    /// The patient.
    pub patient: PatientRow,
    /// Treatment episodes by start date, then episode number, then id; each with its dose
    /// changes by effective date and its interruptions by first day (then id).
    pub episodes: Vec<StoredHistory>,
    /// Visits by date (then id).
    pub visits: Vec<VisitRecord>,
    /// Lab results by sample date, then id (the order they were entered).
    pub labs: Vec<LabRecord>,
    /// Adverse events by onset date, then id.
    pub adverse_events: Vec<AdverseEventRow>,
    /// Vaccinations by date, then id.
    pub vaccinations: Vec<VaccinationRow>,
    /// Comorbidities by id (the order they were recorded).
    pub comorbidities: Vec<ComorbidityRow>,
}

/// A cohort as stored: its centers and its patients with their records.
#[derive(Debug, Clone, PartialEq)]
pub struct CohortRows {
    /// The centers the cohort covers (those in scope and in the filter's centers), by code,
    /// whether or not they have patients in it.
    pub centers: Vec<CenterRow>,
    /// The patients by id, with their records.
    pub patients: Vec<PatientRecords>,
    /// Patients matching every condition but research consent on the data cut (0 without a
    /// data cut).
    pub excluded_without_consent: usize,
    /// The tables read; the lists of the others are empty because they were not read.
    pub tables: Tables,
}

/// The patient tables a read fills besides the patients and their episodes (with dose changes and
/// interruptions), which every read holds. A table left out is not read and its lists stay
/// empty: a report reads only what it uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tables {
    /// Visits.
    pub visits: bool,
    /// Lab results.
    pub labs: bool,
    /// Adverse events.
    pub adverse_events: bool,
    /// Vaccinations.
    pub vaccinations: bool,
    /// Comorbidities.
    pub comorbidities: bool,
}

impl Tables {
    /// Every table.
    pub const ALL: Self = Self {
        visits: true,
        labs: true,
        adverse_events: true,
        vaccinations: true,
        comorbidities: true,
    };

    /// True when every table `needed` names is among these.
    pub fn covers(self, needed: Tables) -> bool {
        (self.visits || !needed.visits)
            && (self.labs || !needed.labs)
            && (self.adverse_events || !needed.adverse_events)
            && (self.vaccinations || !needed.vaccinations)
            && (self.comorbidities || !needed.comorbidities)
    }
}

/// The cohort `filter` selects in `scope`, read in one snapshot ([`DbConn::snapshot`]: REPEATABLE
/// READ READ ONLY on PostgreSQL), so writes committed meanwhile are not in it.
///
/// With a `helper` (a second connection to the same database) the lab results are read on it, on
/// a second thread, in the same snapshot, while `conn` reads the other tables: on two cores the
/// read takes about the time of the larger half. The helper shares the snapshot exactly on
/// PostgreSQL (`pg_export_snapshot`); on SQLite it is used only when it sees the same audit
/// trail as `conn` (no write committed between the two transactions' first reads), else `conn`
/// reads the lab results itself — the result is the same either way.
pub fn read(
    conn: &mut DbConn,
    helper: Option<&mut DbConn>,
    scope: &Scope,
    filter: &CohortFilter,
) -> Result<CohortRows, StoreError> {
    read_tables(conn, helper, scope, filter, Tables::ALL)
}

/// [`read`] of the patients, their episodes and `tables` only. Without visits, the lab results are
/// split by patient between `conn` and `helper` (each reads half, in the same snapshot).
pub fn read_tables(
    conn: &mut DbConn,
    helper: Option<&mut DbConn>,
    scope: &Scope,
    filter: &CohortFilter,
    tables: Tables,
) -> Result<CohortRows, StoreError> {
    conn.snapshot(|tx| read::cohort(tx, helper, scope, filter, tables))
}

/// [`read`] without a helper for a caller already inside [`DbConn::snapshot`]. (Outside a
/// snapshot each statement sees the data of its own moment; a row whose patient or episode an
/// earlier statement did not return then fails the read with [`StoreError::Corrupt`] rather than
/// being dropped.)
pub fn read_in_snapshot(
    conn: &mut DbConn,
    scope: &Scope,
    filter: &CohortFilter,
) -> Result<CohortRows, StoreError> {
    read::cohort(conn, None, scope, filter, Tables::ALL)
}
