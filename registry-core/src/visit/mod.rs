//! A whole visit as a center enters it — through the API or a CSV import — parsed in one go:
//! every instrument with the patient's age on the visit date, inline labs and adverse events,
//! every bad field reported with its JSON path, and the values the rules compute.
//!
//! ```
//! use registry_core::patient::Diagnosis;
//! use registry_core::time::BirthMonth;
//! use registry_core::visit::{ParsedVisit, PatientFacts, VisitInput};
//! let input: VisitInput = serde_json::from_str(
//!     r#"{"visit_date": "2025-03-01", "salt": {"top": 100, "back": 50, "right": 0, "left": 0}}"#,
//! ).unwrap();
//! let patient = PatientFacts { birth_month: BirthMonth::new(1990, 3).unwrap(), diagnosis: Diagnosis::Aa };
//! let today = chrono::NaiveDate::from_ymd_opt(2025, 6, 1).unwrap();
//! let visit = ParsedVisit::parse(&input, &patient, today).unwrap();
//! assert_eq!(visit.computed().salt.unwrap().display, "52.0");
//! ```

mod components;
mod computed;
mod episode;
mod missing;
mod parse;
#[cfg(test)]
mod tests;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

pub use components::totals_from_components;
pub use computed::{EasiComputed, QuestionnaireComputed, SaltComputed, VisitComputed};
pub use episode::{EpisodeBaseline, EpisodeSpan, episode_baseline, episode_for_date};
pub use missing::{FieldStatus, MISSING_FIELDS, MissingFields, MissingReason, RequiredField};

use crate::Warning;
use crate::adverse_event::{AdverseEvent, AdverseEventInput};
use crate::instruments::aa_items::AaItems;
use crate::instruments::easi::{Easi, EasiInput};
use crate::instruments::number::opt_decimal;
use crate::instruments::pro::{Cdlqi, Dlqi, Idqol, ItemsInput, Poem, PpNrs, ViGaAd};
use crate::instruments::salt::{Salt, SaltInput};
use crate::labs::{LabResult, LabResultInput};
use crate::patient::Diagnosis;
use crate::responses::VisitScores;
use crate::time::BirthMonth;

/// A visit as the API receives it. Every instrument is optional; unknown fields are refused.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VisitInput {
    /// Visit date, `YYYY-MM-DD` (required; not in the future, not before the birth month).
    #[serde(default)]
    pub visit_date: Option<String>,
    /// Body weight in kg (0–400).
    #[serde(default, deserialize_with = "opt_decimal")]
    pub weight_kg: Option<Decimal>,
    /// SALT: the four views and/or the total.
    #[serde(default)]
    pub salt: Option<SaltInput>,
    /// EASI: the four regions and/or the total.
    #[serde(default)]
    pub easi: Option<EasiInput>,
    /// Peak pruritus NRS, 0–10.
    #[serde(default, deserialize_with = "opt_decimal")]
    pub pp_nrs: Option<Decimal>,
    /// vIGA-AD, 0–4.
    #[serde(default, deserialize_with = "opt_decimal")]
    pub viga: Option<Decimal>,
    /// POEM: 7 items and/or the total.
    #[serde(default)]
    pub poem: Option<ItemsInput>,
    /// DLQI (≥ 16 y): 10 items and/or the total.
    #[serde(default)]
    pub dlqi: Option<ItemsInput>,
    /// CDLQI (4–16 y).
    #[serde(default)]
    pub cdlqi: Option<ItemsInput>,
    /// IDQOL (< 4 y).
    #[serde(default)]
    pub idqol: Option<ItemsInput>,
    /// Eyebrows, 0 full … 3 none.
    #[serde(default, deserialize_with = "opt_decimal")]
    pub eyebrows: Option<Decimal>,
    /// Eyelashes, 0 full … 3 none.
    #[serde(default, deserialize_with = "opt_decimal")]
    pub eyelashes: Option<Decimal>,
    /// New vellus hair present.
    #[serde(default)]
    pub vellus_hair: Option<bool>,
    /// Wig or hairpiece needed.
    #[serde(default)]
    pub wig: Option<bool>,
    /// Lab results taken at this visit (`date` defaults to the visit date).
    #[serde(default)]
    pub labs: Vec<LabResultInput>,
    /// Adverse events reported at this visit.
    #[serde(default)]
    pub adverse_events: Vec<AdverseEventInput>,
    /// Fields recorded as missing, with the reason (`{"poem": "not_done"}`): one of
    /// [`MISSING_FIELDS`], none also given a value.
    #[serde(default, skip_serializing_if = "MissingFields::is_empty")]
    pub missing: MissingFields,
}

/// What the parser needs to know about the patient.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PatientFacts {
    /// Birth month (ages are counted from its last day).
    pub birth_month: BirthMonth,
    /// The patient's diagnosis (instruments of the other disease earn a warning).
    pub diagnosis: Diagnosis,
}

/// A valid visit: every instrument parsed, labs and adverse events validated.
#[derive(Debug, Clone)]
pub struct ParsedVisit {
    /// Visit date.
    pub date: NaiveDate,
    /// Age in completed years on the visit date.
    pub age_years: u32,
    /// Body weight in kg.
    pub weight_kg: Option<Decimal>,
    /// SALT.
    pub salt: Option<Salt>,
    /// EASI.
    pub easi: Option<Easi>,
    /// PP-NRS.
    pub pp_nrs: Option<PpNrs>,
    /// vIGA-AD.
    pub viga: Option<ViGaAd>,
    /// POEM.
    pub poem: Option<Poem>,
    /// DLQI.
    pub dlqi: Option<Dlqi>,
    /// CDLQI.
    pub cdlqi: Option<Cdlqi>,
    /// IDQOL.
    pub idqol: Option<Idqol>,
    /// Eyebrows, eyelashes, vellus hair, wig.
    pub aa_items: AaItems,
    /// Inline lab results.
    pub labs: Vec<LabResult>,
    /// Inline adverse events.
    pub adverse_events: Vec<AdverseEvent>,
    /// Remarks on accepted input.
    pub warnings: Vec<Warning>,
    /// Fields recorded as missing, with the reason.
    pub missing: MissingFields,
}

impl ParsedVisit {
    /// Parses `input` for `patient`, refusing dates after `today`; reports every bad field.
    pub fn parse(
        input: &VisitInput,
        patient: &PatientFacts,
        today: NaiveDate,
    ) -> Result<Self, crate::ValidationErrors> {
        parse::parse(input, patient, today)
    }

    /// The scores responses are computed from.
    pub fn scores(&self) -> VisitScores {
        VisitScores {
            easi: self.easi.clone(),
            salt: self.salt,
            pp_nrs: self.pp_nrs,
            viga_ad: self.viga,
            eyebrows: self.aa_items.eyebrows(),
            eyelashes: self.aa_items.eyelashes(),
        }
    }

    /// Totals, bands and categories, as stored beside the visit.
    pub fn computed(&self) -> VisitComputed {
        computed::of(self)
    }
}
