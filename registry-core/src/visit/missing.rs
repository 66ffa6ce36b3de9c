//! Fields of a visit recorded as missing with a reason (not done, not applicable, unknown), and
//! the instrument fields each disease requires at every nominal visit — the completeness report
//! counts a required field as resolved when it is recorded as missing with a reason.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::VisitInput;
use crate::patient::Diagnosis;
use crate::{FieldError, ValidationErrors};

/// Why a field of a visit holds no value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MissingReason {
    /// The assessment was not done at this visit.
    NotDone,
    /// The assessment does not apply to this patient at this visit.
    NotApplicable,
    /// Whether or what was assessed is not known (a chart without it).
    Unknown,
}

impl MissingReason {
    /// Every reason.
    pub const ALL: [MissingReason; 3] = [Self::NotDone, Self::NotApplicable, Self::Unknown];

    /// The code sent and stored (`not_done`, `not_applicable`, `unknown`).
    pub fn code(self) -> &'static str {
        match self {
            Self::NotDone => "not_done",
            Self::NotApplicable => "not_applicable",
            Self::Unknown => "unknown",
        }
    }

    /// Parses the code.
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.code() == code)
    }
}

/// The fields of a visit recorded as missing, by field name (`easi`, `poem`, …).
pub type MissingFields = BTreeMap<String, MissingReason>;

/// The visit fields that may be recorded as missing with a reason.
pub const MISSING_FIELDS: [&str; 13] = [
    "weight_kg",
    "salt",
    "easi",
    "pp_nrs",
    "viga",
    "poem",
    "dlqi",
    "cdlqi",
    "idqol",
    "eyebrows",
    "eyelashes",
    "vellus_hair",
    "wig",
];

/// True when `input` holds a value for visit field `field` (one of [`MISSING_FIELDS`]).
fn has_value(input: &VisitInput, field: &str) -> bool {
    match field {
        "weight_kg" => input.weight_kg.is_some(),
        "salt" => input.salt.is_some(),
        "easi" => input.easi.is_some(),
        "pp_nrs" => input.pp_nrs.is_some(),
        "viga" => input.viga.is_some(),
        "poem" => input.poem.is_some(),
        "dlqi" => input.dlqi.is_some(),
        "cdlqi" => input.cdlqi.is_some(),
        "idqol" => input.idqol.is_some(),
        "eyebrows" => input.eyebrows.is_some(),
        "eyelashes" => input.eyelashes.is_some(),
        "vellus_hair" => input.vellus_hair.is_some(),
        "wig" => input.wig.is_some(),
        _ => false,
    }
}

/// Checks `input.missing`: every key a field of [`MISSING_FIELDS`], none of them also given a
/// value in the same visit (errors at `missing.<field>`).
pub(super) fn check(errors: &mut ValidationErrors, input: &VisitInput) -> MissingFields {
    let mut out = MissingFields::new();
    for (field, reason) in &input.missing {
        let path = format!("missing.{field}");
        if !MISSING_FIELDS.contains(&field.as_str()) {
            errors.push(FieldError::new(
                path,
                format!(
                    "'{field}' is not a visit field that can be recorded as missing; one of {}",
                    MISSING_FIELDS.join(", ")
                ),
            ));
        } else if has_value(input, field) {
            errors.push(FieldError::new(
                path,
                format!("{field} has a value in this visit: a field is either recorded or missing"),
            ));
        } else {
            out.insert(field.clone(), *reason);
        }
    }
    out
}

/// An instrument field a disease requires at every nominal visit (CLINICAL.md §1; AA: SALT;
/// AD: EASI, PP-NRS, vIGA-AD, POEM and the quality-of-life questionnaire for the age).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequiredField {
    /// SALT (AA).
    Salt,
    /// EASI (AD).
    Easi,
    /// PP-NRS (AD).
    PpNrs,
    /// vIGA-AD (AD).
    Viga,
    /// POEM (AD).
    Poem,
    /// (C)DLQI (AD): DLQI, CDLQI or IDQOL, whichever suits the age.
    Qol,
}

impl RequiredField {
    /// The fields `diagnosis` requires at every nominal visit.
    pub fn for_diagnosis(diagnosis: Diagnosis) -> &'static [RequiredField] {
        match diagnosis {
            Diagnosis::Aa => &[Self::Salt],
            Diagnosis::Ad => &[Self::Easi, Self::PpNrs, Self::Viga, Self::Poem, Self::Qol],
        }
    }

    /// The code in reports (`salt`, `easi`, `pp_nrs`, `viga`, `poem`, `qol`).
    pub fn code(self) -> &'static str {
        match self {
            Self::Salt => "salt",
            Self::Easi => "easi",
            Self::PpNrs => "pp_nrs",
            Self::Viga => "viga",
            Self::Poem => "poem",
            Self::Qol => "qol",
        }
    }

    /// The visit fields that satisfy it (any one of them).
    pub fn visit_fields(self) -> &'static [&'static str] {
        match self {
            Self::Salt => &["salt"],
            Self::Easi => &["easi"],
            Self::PpNrs => &["pp_nrs"],
            Self::Viga => &["viga"],
            Self::Poem => &["poem"],
            Self::Qol => &["dlqi", "cdlqi", "idqol"],
        }
    }

    /// Where a visit stands on this field: `recorded(field)` says whether a visit field holds a
    /// value, `missing` what the visit recorded as missing.
    pub fn status(self, recorded: impl Fn(&str) -> bool, missing: &MissingFields) -> FieldStatus {
        let fields = self.visit_fields();
        if fields.iter().any(|f| recorded(f)) {
            FieldStatus::Recorded
        } else if let Some(reason) = fields.iter().find_map(|f| missing.get(*f)) {
            FieldStatus::MissingWithReason(*reason)
        } else {
            FieldStatus::Missing
        }
    }
}

/// A required field at one visit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldStatus {
    /// It holds a value.
    Recorded,
    /// It was recorded as missing, with this reason (resolved: nothing to chase).
    MissingWithReason(MissingReason),
    /// Neither.
    Missing,
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn a_required_field_is_recorded_resolved_or_missing() {
        let mut missing = MissingFields::new();
        missing.insert("cdlqi".into(), MissingReason::NotApplicable);
        let none = |_: &str| false;
        assert_eq!(
            RequiredField::Qol.status(none, &missing),
            FieldStatus::MissingWithReason(MissingReason::NotApplicable)
        );
        assert_eq!(
            RequiredField::Qol.status(|f| f == "dlqi", &missing),
            FieldStatus::Recorded
        );
        assert_eq!(
            RequiredField::Poem.status(none, &missing),
            FieldStatus::Missing
        );
        assert_eq!(
            MissingReason::parse("not_done"),
            Some(MissingReason::NotDone)
        );
        assert_eq!(MissingReason::parse("later"), None);
    }

    #[test]
    fn a_field_is_either_recorded_or_missing() {
        let input: VisitInput = serde_json::from_str(
            r#"{"visit_date": "2025-03-01", "easi": {"total": 3}, "missing": {"easi": "not_done", "poem": "unknown", "height": "unknown"}}"#,
        )
        .unwrap();
        let mut errors = ValidationErrors::new();
        let kept = check(&mut errors, &input);
        let fields: Vec<&str> = errors.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["missing.easi", "missing.height"]);
        assert_eq!(kept.len(), 1);
        assert!(
            serde_json::from_str::<VisitInput>(r#"{"missing": {"easi": "later"}}"#).is_err(),
            "an unknown reason is refused"
        );
    }
}
