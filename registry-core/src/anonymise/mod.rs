//! The anonymisation rules of a research release (CLINICAL.md §7), as pure functions the export
//! calls: keyed pseudonyms, generalised quasi-identifiers, k-anonymity with row suppression,
//! small-cell suppression of aggregate tables and the consent filter.
//!
//! Direct identifiers (names, numbers, local patient references, free text, exact dates, user
//! names) never reach these functions' output; the export classifies every column it writes
//! with a [`ColumnClass`] and a test there fails on an unclassified column.

mod consent;
mod generalise;
mod k_anonymity;
mod pseudonym;
mod small_cells;

pub use consent::{ConsentAction, ConsentEvent, may_export};
pub use generalise::age_band;
pub use k_anonymity::{DEFAULT_K, k_anonymity, suppress_below_k};
pub use pseudonym::{ReleaseKey, pseudonym};
pub use small_cells::{CountTable, SMALL_CELL_THRESHOLD, SuppressedTable, suppress_small_cells};

use serde::{Deserialize, Serialize};

/// What a released column is, for privacy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ColumnClass {
    /// The per-release HMAC pseudonym of the patient (links rows within one release only).
    Pseudonym,
    /// Could single a patient out in combination (age band, sex, center, start year, drug, AA
    /// subtype): generalised, and counted in k-anonymity.
    QuasiIdentifier,
    /// A clinical value (scores, study days, outcomes), released as is.
    Clinical,
    /// Release bookkeeping that says nothing about a patient (release id, rules version).
    Internal,
}
