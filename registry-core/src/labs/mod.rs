//! Laboratory safety for patients on a JAK inhibitor (CLINICAL.md §3, seed 003 Tabel 1).
//!
//! A lab value is parsed with its unit into an exact canonical value ([`LabValue::parse`]:
//! Hb mmol/L, cell counts ×10⁹/L, ALAT and CK U/L, creatinine µmol/L, lipids mmol/L); an unknown
//! unit is refused with the accepted units listed, never guessed. A [`LabResult`] adds the sample
//! date and the lab's reference limits (required for ALAT and CK), or holds a positive/negative
//! screening result. [`evaluate`] and [`evaluate_series`] apply the safety rules and return
//! [`LabFlag`]s that name the rule, the threshold, the action and the source.
//!
//! ```
//! use registry_core::labs::{Analyte, LabValue};
//! use rust_decimal_macros::dec;
//!
//! let hb = LabValue::parse(Analyte::Hb, dec!(8.0), "g/dL").unwrap();
//! assert_eq!(hb.canonical(), dec!(4.96480));
//! assert_eq!(hb.to_unit("g/dL").unwrap(), dec!(8));
//! ```

mod analyte;
mod evaluate;
mod fields;
mod history;
mod result;
mod rules;
mod unit;
mod value;

pub use analyte::{Analyte, Qualitative};
pub use evaluate::{LabContext, baseline_creatinine, evaluate, evaluate_series};
pub use history::flags_in_history;
pub use result::{LabResult, LabResultInput, Reading};
pub use rules::{LabFlag, LabRule, SOURCE, default_lipid_limit};
pub use unit::{LabUnit, accepted_units, canonical_unit, factor, parse_unit, to_unit};
pub use value::LabValue;

#[cfg(test)]
mod result_tests;
#[cfg(test)]
mod rule_tests;
