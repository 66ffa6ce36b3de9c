//! The other alopecia areata items of a visit (CLINICAL.md §1): eyebrows and eyelashes (0–3),
//! new vellus hair, and wig or hairpiece use.
//!
//! Parse a visit's items with [`AaItems::from_input`]; every item is optional. Responders on
//! eyebrows/eyelashes are in [`crate::responses::brow_lash_responder`].

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::number::opt_decimal;
use super::{shown, whole_number};
use crate::{FieldError, ValidationErrors};

/// Eyebrow or eyelash hair: 0 full, 1 minimal gaps, 2 significant gaps, 3 none.
/// Parse the number with `BrowLashScore::try_from(dec!(2))`; serialises as its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BrowLashScore {
    /// 0: full.
    Full = 0,
    /// 1: minimal gaps.
    MinimalGaps = 1,
    /// 2: significant gaps.
    SignificantGaps = 2,
    /// 3: none.
    None = 3,
}

impl BrowLashScore {
    /// Every score, 0 to 3.
    pub const ALL: [Self; 4] = [
        Self::Full,
        Self::MinimalGaps,
        Self::SignificantGaps,
        Self::None,
    ];

    /// The score from its number 0–3.
    pub fn from_score(score: u8) -> Result<Self, FieldError> {
        Self::try_from(Decimal::from(score))
    }

    /// The score (0–3).
    pub fn score(self) -> u8 {
        self as u8
    }
}

impl TryFrom<Decimal> for BrowLashScore {
    type Error = FieldError;

    fn try_from(value: Decimal) -> Result<Self, FieldError> {
        whole_number(value, 0, 3)
            .and_then(|s| Self::ALL.get(usize::from(s)).copied())
            .ok_or_else(|| {
                FieldError::new(
                    "",
                    format!(
                        "{} is not allowed: the score is 0 full, 1 minimal gaps, 2 significant gaps or 3 none",
                        shown(value)
                    ),
                )
            })
    }
}

/// AA items input: `{eyebrows, eyelashes, vellus_hair, wig}`, each optional.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AaItemsInput {
    /// Eyebrows, 0–3.
    #[serde(default, deserialize_with = "opt_decimal")]
    pub eyebrows: Option<Decimal>,
    /// Eyelashes, 0–3.
    #[serde(default, deserialize_with = "opt_decimal")]
    pub eyelashes: Option<Decimal>,
    /// New vellus hair present (a sign of progress).
    #[serde(default)]
    pub vellus_hair: Option<bool>,
    /// Wig or hairpiece needed ("clinically relevant regrowth" when no longer needed).
    #[serde(default)]
    pub wig: Option<bool>,
}

/// The parsed AA items of one visit; `None` = not recorded.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize)]
pub struct AaItems {
    eyebrows: Option<BrowLashScore>,
    eyelashes: Option<BrowLashScore>,
    vellus_hair: Option<bool>,
    wig: Option<bool>,
}

impl AaItems {
    /// Parses the input, reporting every invalid score (`eyebrows`, `eyelashes`).
    pub fn from_input(input: &AaItemsInput) -> Result<Self, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let mut score = |key: &str, value: Option<Decimal>| {
            value.and_then(|v| errors.collect(key, BrowLashScore::try_from(v)))
        };
        let items = Self {
            eyebrows: score("eyebrows", input.eyebrows),
            eyelashes: score("eyelashes", input.eyelashes),
            vellus_hair: input.vellus_hair,
            wig: input.wig,
        };
        errors.into_result(items)
    }

    /// Eyebrows, when recorded.
    pub fn eyebrows(&self) -> Option<BrowLashScore> {
        self.eyebrows
    }

    /// Eyelashes, when recorded.
    pub fn eyelashes(&self) -> Option<BrowLashScore> {
        self.eyelashes
    }

    /// New vellus hair present, when recorded.
    pub fn vellus_hair(&self) -> Option<bool> {
        self.vellus_hair
    }

    /// Wig or hairpiece needed, when recorded.
    pub fn wig(&self) -> Option<bool> {
        self.wig
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn brow_lash_scores_0_to_3() {
        assert_eq!(
            BrowLashScore::try_from(dec!(0)).unwrap(),
            BrowLashScore::Full
        );
        assert_eq!(
            BrowLashScore::try_from(dec!(3)).unwrap(),
            BrowLashScore::None
        );
        assert_eq!(BrowLashScore::from_score(2).unwrap().score(), 2);
        assert!(BrowLashScore::try_from(dec!(4)).is_err());
        assert!(BrowLashScore::try_from(dec!(1.5)).is_err());
    }

    #[test]
    fn items_parse_from_json_and_report_every_error() {
        let input: AaItemsInput = serde_json::from_str(
            r#"{"eyebrows": 2, "eyelashes": 1, "vellus_hair": true, "wig": false}"#,
        )
        .unwrap();
        let items = AaItems::from_input(&input).unwrap();
        assert_eq!(items.eyebrows(), Some(BrowLashScore::SignificantGaps));
        assert_eq!(items.eyelashes(), Some(BrowLashScore::MinimalGaps));
        assert_eq!(items.vellus_hair(), Some(true));
        assert_eq!(items.wig(), Some(false));
        let bad = AaItemsInput {
            eyebrows: Some(dec!(4)),
            eyelashes: Some(dec!(-1)),
            ..Default::default()
        };
        let fields: Vec<String> = AaItems::from_input(&bad)
            .unwrap_err()
            .0
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["eyebrows", "eyelashes"]);
        assert!(serde_json::from_str::<AaItemsInput>(r#"{"beard": 1}"#).is_err());
        assert_eq!(
            AaItems::from_input(&AaItemsInput::default()).unwrap(),
            AaItems::default()
        );
    }
}
