//! Clinical instruments of CLINICAL.md §1: each score as a parsed type with one documented
//! function that computes it from the API input.
//!
//! | instrument | compute with | input |
//! |---|---|---|
//! | EASI (0–72) | [`easi::Easi::from_input`]`(&input, age_years)` | [`easi::EasiInput`] |
//! | SALT (0–100) | [`salt::Salt::from_input`]`(&input)` or [`salt::Salt::from_quadrants`] | [`salt::SaltInput`] |
//! | PP-NRS (0–10) | [`pro::PpNrs::try_from`]`(value)` | a number |
//! | vIGA-AD (0–4) | [`pro::ViGaAd::try_from`]`(value)` | a number |
//! | POEM (0–28) | [`pro::Poem::from_input`]`(&input)` | [`pro::ItemsInput`] |
//! | DLQI, CDLQI, IDQOL (0–30) | [`pro::Dlqi::from_input`], [`pro::Cdlqi::from_input`], [`pro::Idqol::from_input`] | [`pro::ItemsInput`] |
//! | eyebrows, eyelashes (0–3), vellus hair, wig | [`aa_items::AaItems::from_input`]`(&input)` | [`aa_items::AaItemsInput`] |
//!
//! Raw inputs accept JSON numbers or numeric strings, read exactly ([`number`]); every invalid
//! field is reported with its JSON path. Responses against a baseline are in
//! [`crate::responses`].

pub mod aa_items;
pub mod easi;
pub mod number;
pub mod pro;
pub mod salt;

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::Serialize;

use crate::Warning;

/// A parsed value with the non-blocking remarks its input earned (e.g. area 0 with signs).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Checked<T> {
    /// The valid value.
    pub value: T,
    /// Remarks for the data manager; the value is accepted regardless.
    pub warnings: Vec<Warning>,
}

impl<T> Checked<T> {
    /// A value without remarks.
    pub fn clean(value: T) -> Self {
        Self {
            value,
            warnings: Vec::new(),
        }
    }
}

/// A decimal as a person would write it in a message (`1.50` → `1.5`).
pub(crate) fn shown(value: Decimal) -> Decimal {
    value.normalize()
}

/// `value` as a whole number in `min..=max`, if it is one (`2.0` is 2; `2.5` is not).
pub(crate) fn whole_number(value: Decimal, min: u8, max: u8) -> Option<u8> {
    if !value.fract().is_zero() {
        return None;
    }
    value.to_u8().filter(|v| (min..=max).contains(v))
}
