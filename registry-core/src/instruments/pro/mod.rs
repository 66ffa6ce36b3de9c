//! Patient- and physician-reported AD instruments (CLINICAL.md §1): PP-NRS, vIGA-AD, POEM, DLQI,
//! CDLQI and IDQOL.
//!
//! Single-number instruments parse from a number: [`PpNrs::try_from`], [`ViGaAd::try_from`].
//! Questionnaires parse from [`ItemsInput`] — `{"items": [3, null, 2, …], "total": 12}` — with
//! [`Poem::from_input`], [`Dlqi::from_input`], [`Cdlqi::from_input`], [`Idqol::from_input`]:
//!
//! ```
//! use registry_core::instruments::pro::{ItemsInput, Poem, PoemBand};
//! let input: ItemsInput = serde_json::from_str(r#"{"items": [3, null, 2, 4, 1, 0, 2]}"#).unwrap();
//! let poem = Poem::from_input(&input).unwrap();
//! assert_eq!(poem.total(), Some(12)); // one missing item counts as 0
//! assert_eq!(poem.band(), Some(PoemBand::Moderate));
//! ```
//!
//! The items array has exactly the instrument's length, `null` for an unanswered item. One
//! missing item scores 0; two or more leave the questionnaire not scored (`total() == None`).
//! A total alone (from a chart) is accepted for every questionnaire; when items and total are
//! both sent they must agree.

mod items;
mod poem;
mod pp_nrs;
mod qol;
mod viga;

pub use items::{ItemKind, ItemScore, ItemsInput, kind};
pub use poem::{Poem, PoemBand};
pub use pp_nrs::PpNrs;
pub use qol::{Cdlqi, Dlqi, Idqol, QolInstrument};
pub use viga::ViGaAd;
