//! From [`AdverseEventInput`] to [`AdverseEvent`]: every field checked, every error kept, then
//! the invariants between fields; and the non-blocking warnings on an accepted event.

use std::collections::BTreeSet;

use chrono::NaiveDate;

use super::{
    AdverseEvent, AdverseEventInput, AesiCategory, Causality, CtcaeGrade, DrugAction, MeddraCode,
    MeddraTerm, Outcome, Seriousness, SeriousnessCriterion, VerbatimTerm,
};
use crate::{FieldError, ValidationErrors, Warning};

impl AdverseEvent {
    /// Validates an input, collecting every error with its JSON path (`onset_date`,
    /// `seriousness_criteria[1]`, …). Blank optional texts (`meddra_code: ""`) count as absent.
    ///
    /// Besides each field's own rules: end date ≥ onset date; the `serious` box, when given,
    /// agrees with the criteria; grade 5 ⇔ outcome fatal; criterion death ⇔ outcome fatal.
    pub fn parse(input: &AdverseEventInput) -> Result<Self, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let verbatim_term = errors.collect(
            "verbatim_term",
            required(&input.verbatim_term, "the verbatim term").and_then(VerbatimTerm::parse),
        );
        let meddra_code = optional(&mut errors, "meddra_code", &input.meddra_code, |s| {
            MeddraCode::parse(s)
        });
        let meddra_term = optional(&mut errors, "meddra_term", &input.meddra_term, |s| {
            MeddraTerm::parse(s)
        });
        let onset_date = errors.collect(
            "onset_date",
            required(&input.onset_date, "the onset date").and_then(parse_date),
        );
        let end_date = optional(&mut errors, "end_date", &input.end_date, parse_date);
        let ctcae_grade = errors.collect(
            "ctcae_grade",
            input
                .ctcae_grade
                .ok_or_else(|| missing("the CTCAE grade"))
                .and_then(CtcaeGrade::new),
        );
        let criteria: Vec<Option<SeriousnessCriterion>> = (input.seriousness_criteria.iter())
            .enumerate()
            .map(|(i, code)| {
                let path = format!("seriousness_criteria[{i}]");
                errors.collect(&path, SeriousnessCriterion::parse(code))
            })
            .collect();
        let seriousness = criteria
            .into_iter()
            .collect::<Option<Vec<_>>>()
            .map(Seriousness::from_criteria);
        let causality = code(&mut errors, "causality", &input.causality, Causality::parse);
        let action = code(&mut errors, "action", &input.action, DrugAction::parse);
        let outcome = code(&mut errors, "outcome", &input.outcome, Outcome::parse);
        let explicit_aesi = input.aesi_categories.as_ref().map(|codes| {
            (codes.iter().enumerate())
                .filter_map(|(i, code)| {
                    errors.collect(&format!("aesi_categories[{i}]"), AesiCategory::parse(code))
                })
                .collect::<BTreeSet<_>>()
        });

        if let (Some(onset), Some(Some(end))) = (onset_date, end_date)
            && end < onset
        {
            errors.push(FieldError::new(
                "end_date",
                format!("the end date {end} is before the onset date {onset}"),
            ));
        }
        if let (Some(serious), Some(seriousness)) = (input.serious, &seriousness) {
            check_serious_box(&mut errors, serious, seriousness);
        }
        if let (Some(grade), Some(outcome)) = (ctcae_grade, outcome) {
            check_grade_and_outcome(&mut errors, grade, outcome);
        }
        if let (Some(seriousness), Some(outcome)) = (&seriousness, outcome) {
            check_death_and_outcome(&mut errors, seriousness, outcome);
        }

        match (
            verbatim_term,
            meddra_code,
            meddra_term,
            onset_date,
            end_date,
            ctcae_grade,
            seriousness,
            causality,
            action,
            outcome,
        ) {
            (
                Some(verbatim_term),
                Some(meddra_code),
                Some(meddra_term),
                Some(onset_date),
                Some(end_date),
                Some(ctcae_grade),
                Some(seriousness),
                Some(causality),
                Some(action),
                Some(outcome),
            ) if errors.is_empty() => Ok(Self {
                verbatim_term,
                meddra_code,
                meddra_term,
                onset_date,
                end_date,
                ctcae_grade,
                seriousness,
                causality,
                action,
                outcome,
                explicit_aesi,
            }),
            _ => Err(errors),
        }
    }
}

impl TryFrom<&AdverseEventInput> for AdverseEvent {
    type Error = ValidationErrors;

    fn try_from(input: &AdverseEventInput) -> Result<Self, ValidationErrors> {
        Self::parse(input)
    }
}

fn missing(what: &str) -> FieldError {
    FieldError::new("", format!("{what} is required"))
}

fn required<'a>(value: &'a Option<String>, what: &str) -> Result<&'a str, FieldError> {
    value.as_deref().ok_or_else(|| missing(what))
}

/// A required code parsed with `parse`, or `None` with the error recorded at `path`.
fn code<T>(
    errors: &mut ValidationErrors,
    path: &str,
    value: &Option<String>,
    parse: fn(&str) -> Result<T, FieldError>,
) -> Option<T> {
    let what = format!("the {}", path.replace('_', " "));
    errors.collect(path, required(value, &what).and_then(parse))
}

/// An optional value: `Some(None)` when absent or blank, `Some(Some(v))` when valid, `None` when
/// invalid (error recorded at `path`).
fn optional<T>(
    errors: &mut ValidationErrors,
    path: &str,
    value: &Option<String>,
    parse: impl Fn(&str) -> Result<T, FieldError>,
) -> Option<Option<T>> {
    match value.as_deref().map(str::trim) {
        None | Some("") => Some(None),
        Some(s) => errors.collect(path, parse(s)).map(Some),
    }
}

fn parse_date(s: &str) -> Result<NaiveDate, FieldError> {
    crate::time::parse_iso_date(s)
}

fn codes<T: std::fmt::Display>(items: impl IntoIterator<Item = T>) -> String {
    items
        .into_iter()
        .map(|c| c.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

fn check_serious_box(errors: &mut ValidationErrors, serious: bool, seriousness: &Seriousness) {
    if serious && !seriousness.is_serious() {
        errors.push(FieldError::new(
            "seriousness_criteria",
            format!(
                "the event is marked serious but no seriousness criterion is given: give at least one of {}",
                codes(SeriousnessCriterion::ALL)
            ),
        ));
    } else if !serious && seriousness.is_serious() {
        errors.push(FieldError::new(
            "serious",
            format!(
                "the event is marked not serious but meets seriousness criteria ({}): an event meeting any criterion is serious",
                codes(seriousness.criteria())
            ),
        ));
    }
}

fn check_grade_and_outcome(errors: &mut ValidationErrors, grade: CtcaeGrade, outcome: Outcome) {
    if grade.is_death() && outcome != Outcome::Fatal {
        errors.push(FieldError::new(
            "outcome",
            format!("grade 5 means death related to the event, so the outcome must be fatal, not {outcome}"),
        ));
    } else if outcome == Outcome::Fatal && !grade.is_death() {
        errors.push(FieldError::new(
            "ctcae_grade",
            format!(
                "the outcome is fatal, so the grade must be 5 (death related to the event), not {}",
                grade.value()
            ),
        ));
    }
}

fn check_death_and_outcome(
    errors: &mut ValidationErrors,
    seriousness: &Seriousness,
    outcome: Outcome,
) {
    let death = seriousness.has(SeriousnessCriterion::Death);
    if death && outcome != Outcome::Fatal {
        errors.push(FieldError::new(
            "outcome",
            format!("seriousness criterion death requires the outcome fatal, not {outcome}"),
        ));
    } else if outcome == Outcome::Fatal && !death {
        errors.push(FieldError::new(
            "seriousness_criteria",
            "the outcome is fatal, so the seriousness criteria must include death",
        ));
    }
}

/// Remarks that do not block saving: a finished outcome without end date, an end date on an
/// ongoing event, and center categories that differ from the derived ones.
pub(super) fn warnings(event: &AdverseEvent) -> Vec<Warning> {
    let mut warnings = Vec::new();
    let outcome = event.outcome();
    if outcome.has_ended() && event.end_date().is_none() {
        warnings.push(Warning::new(
            "adverse_event.ended_without_end_date",
            "end_date",
            format!("the outcome is {outcome} but no end date is given"),
        ));
    }
    if let (true, Some(end)) = (outcome.is_ongoing(), event.end_date()) {
        warnings.push(Warning::new(
            "adverse_event.end_date_while_ongoing",
            "outcome",
            format!("the event ended on {end} but its outcome is {outcome}"),
        ));
    }
    if let Some(explicit) = event.explicit_aesi_categories() {
        let derived = event.derived_aesi_categories();
        if *explicit != derived {
            warnings.push(Warning::new(
                "adverse_event.aesi_differs_from_terms",
                "aesi_categories",
                format!(
                    "the categories given ({}) differ from those the terms suggest ({})",
                    or_none(codes(explicit.iter())),
                    or_none(codes(derived.iter())),
                ),
            ));
        }
    }
    warnings
}

fn or_none(list: String) -> String {
    if list.is_empty() {
        "none".to_owned()
    } else {
        list
    }
}
