//! Adverse events (CLINICAL.md §4): the validated record, its coded fields, adverse events of
//! special interest, and the herpes-on-a-JAK-inhibitor interruption flag.
//!
//! An [`AdverseEventInput`] as the API receives it becomes an [`AdverseEvent`] through
//! [`AdverseEvent::parse`], which reports every bad field at once, with its JSON path. Severity
//! (CTCAE grade) and seriousness (ICH E2A criteria) are separate fields. Invariants: grade 5 ⇔
//! outcome fatal, and criterion death ⇔ outcome fatal.

#[macro_use]
mod code_enum;

mod aesi;
pub mod aesi_table;
mod codes;
mod flag;
mod parse;
mod terms;

pub use aesi::{AesiCategory, classify_term, classify_terms};
pub use codes::{Causality, CtcaeGrade, DrugAction, Outcome, Seriousness, SeriousnessCriterion};
pub use flag::{
    Flag, HERPES_INTERRUPTION_SOURCE, HERPES_WITHOUT_INTERRUPTION, OPEN_EVENT_DAYS,
    flags_in_episode, interruption_covers_event, missing_interruption_flag,
};
pub use terms::{MAX_TERM_CHARS, MeddraCode, MeddraTerm, VerbatimTerm};

use std::collections::BTreeSet;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::Warning;

/// An adverse event as the API receives it. Every field is optional here so that a missing one
/// is reported together with every other problem; codes and dates are text until parsed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AdverseEventInput {
    /// The event in the reporter's words (required).
    pub verbatim_term: Option<String>,
    /// MedDRA code, 8 digits, when the center codes with MedDRA (never required).
    pub meddra_code: Option<String>,
    /// MedDRA term name belonging to the code, when the center has it.
    pub meddra_term: Option<String>,
    /// Onset date, `YYYY-MM-DD` (required).
    pub onset_date: Option<String>,
    /// End date, `YYYY-MM-DD`, not before onset; absent while the event goes on.
    pub end_date: Option<String>,
    /// CTCAE grade 1–5 (required).
    pub ctcae_grade: Option<i64>,
    /// ICH E2A criteria met (`death`, `hospitalisation`, …); empty for a non-serious event.
    pub seriousness_criteria: Vec<String>,
    /// The reporter's "serious" box, if the form has one; must agree with the criteria.
    pub serious: Option<bool>,
    /// WHO-UMC causality (required): `certain`, `probable`, `possible`, `unlikely`,
    /// `conditional` or `unassessable`.
    pub causality: Option<String>,
    /// Action with the drug (required): `none`, `interrupted`, `dose_reduced` or `withdrawn`.
    pub action: Option<String>,
    /// Outcome (required): `recovered`, `recovering`, `not_recovered`,
    /// `recovered_with_sequelae`, `fatal` or `unknown`.
    pub outcome: Option<String>,
    /// Categories of special interest as judged by the center; when given (even empty) they
    /// replace the ones derived from the terms.
    pub aesi_categories: Option<Vec<String>>,
}

/// A validated adverse event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AdverseEvent {
    verbatim_term: VerbatimTerm,
    meddra_code: Option<MeddraCode>,
    meddra_term: Option<MeddraTerm>,
    onset_date: NaiveDate,
    end_date: Option<NaiveDate>,
    ctcae_grade: CtcaeGrade,
    seriousness: Seriousness,
    causality: Causality,
    action: DrugAction,
    outcome: Outcome,
    #[serde(rename = "aesi_categories")]
    explicit_aesi: Option<BTreeSet<AesiCategory>>,
}

impl AdverseEvent {
    /// The event in the reporter's words.
    pub fn verbatim_term(&self) -> &VerbatimTerm {
        &self.verbatim_term
    }

    /// The MedDRA code, if the center coded the event.
    pub fn meddra_code(&self) -> Option<&MeddraCode> {
        self.meddra_code.as_ref()
    }

    /// The MedDRA term name, if recorded.
    pub fn meddra_term(&self) -> Option<&MeddraTerm> {
        self.meddra_term.as_ref()
    }

    /// Onset date.
    pub fn onset_date(&self) -> NaiveDate {
        self.onset_date
    }

    /// End date (never before onset), if the event has ended.
    pub fn end_date(&self) -> Option<NaiveDate> {
        self.end_date
    }

    /// CTCAE grade (severity).
    pub fn ctcae_grade(&self) -> CtcaeGrade {
        self.ctcae_grade
    }

    /// The ICH E2A criteria met.
    pub fn seriousness(&self) -> &Seriousness {
        &self.seriousness
    }

    /// True when any ICH E2A criterion is met.
    pub fn is_serious(&self) -> bool {
        self.seriousness.is_serious()
    }

    /// WHO-UMC causality.
    pub fn causality(&self) -> Causality {
        self.causality
    }

    /// True when causality is certain, probable or possible.
    pub fn is_related(&self) -> bool {
        self.causality.is_related()
    }

    /// Action with the drug.
    pub fn action(&self) -> DrugAction {
        self.action
    }

    /// Outcome.
    pub fn outcome(&self) -> Outcome {
        self.outcome
    }

    /// The categories of special interest: the center's when it gave them, else derived.
    pub fn aesi_categories(&self) -> BTreeSet<AesiCategory> {
        self.explicit_aesi
            .clone()
            .unwrap_or_else(|| self.derived_aesi_categories())
    }

    /// The categories the synonym table derives from the verbatim and MedDRA terms.
    pub fn derived_aesi_categories(&self) -> BTreeSet<AesiCategory> {
        let terms = std::iter::once(self.verbatim_term.as_str())
            .chain(self.meddra_term.as_ref().map(MeddraTerm::as_str));
        classify_terms(terms, self.is_serious())
    }

    /// The categories the center gave, if it gave any.
    pub fn explicit_aesi_categories(&self) -> Option<&BTreeSet<AesiCategory>> {
        self.explicit_aesi.as_ref()
    }

    /// Non-blocking remarks on an accepted event (see [`parse`](Self::parse)).
    pub fn warnings(&self) -> Vec<Warning> {
        parse::warnings(self)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests;
