//! POEM, the Patient-Oriented Eczema Measure: 7 items 0–4, total 0–28, with severity bands.

use serde::{Deserialize, Serialize};

use super::items::{ItemScore, kind};

/// A POEM questionnaire; parse with [`ItemScore::from_input`] (`Poem::from_input`).
pub type Poem = ItemScore<kind::Poem>;

impl Poem {
    /// The severity band of the total, `None` when not scored.
    pub fn band(&self) -> Option<PoemBand> {
        self.total().map(PoemBand::of)
    }
}

/// POEM bands: 0–2 clear or almost clear; 3–7 mild; 8–16 moderate; 17–24 severe; 25–28 very severe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PoemBand {
    /// 0–2: clear or almost clear.
    ClearOrAlmostClear,
    /// 3–7: mild.
    Mild,
    /// 8–16: moderate.
    Moderate,
    /// 17–24: severe.
    Severe,
    /// 25–28: very severe.
    VerySevere,
}

impl PoemBand {
    /// The band of a POEM total.
    pub fn of(total: u8) -> Self {
        match total {
            0..=2 => Self::ClearOrAlmostClear,
            3..=7 => Self::Mild,
            8..=16 => Self::Moderate,
            17..=24 => Self::Severe,
            _ => Self::VerySevere,
        }
    }

    /// The band's name (`clear or almost clear`, `mild`, …).
    pub fn name(self) -> &'static str {
        match self {
            Self::ClearOrAlmostClear => "clear or almost clear",
            Self::Mild => "mild",
            Self::Moderate => "moderate",
            Self::Severe => "severe",
            Self::VerySevere => "very severe",
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::instruments::pro::ItemsInput;

    fn poem(json: &str) -> Result<Poem, crate::ValidationErrors> {
        Poem::from_input(&serde_json::from_str::<ItemsInput>(json).unwrap())
    }

    #[test]
    fn poem_complete_items_sum() {
        let p = poem(r#"{"items": [4, 4, 4, 4, 4, 4, 4]}"#).unwrap();
        assert_eq!(p.total(), Some(28));
        assert_eq!(p.band(), Some(PoemBand::VerySevere));
    }

    #[test]
    fn poem_one_missing_item_scores_0() {
        let p = poem(r#"{"items": [3, null, 2, 4, 1, 0, 2]}"#).unwrap();
        assert_eq!(p.total(), Some(12));
        assert_eq!(p.items().unwrap()[1], None);
    }

    #[test]
    fn poem_two_missing_items_not_scored() {
        let p = poem(r#"{"items": [3, null, null, 4, 1, 0, 2]}"#).unwrap();
        assert_eq!(p.total(), None);
        assert!(!p.is_scored());
        assert_eq!(p.band(), None);
    }

    #[test]
    fn poem_bands() {
        let cases = [
            (0, PoemBand::ClearOrAlmostClear),
            (2, PoemBand::ClearOrAlmostClear),
            (3, PoemBand::Mild),
            (7, PoemBand::Mild),
            (8, PoemBand::Moderate),
            (16, PoemBand::Moderate),
            (17, PoemBand::Severe),
            (24, PoemBand::Severe),
            (25, PoemBand::VerySevere),
            (28, PoemBand::VerySevere),
        ];
        for (t, band) in cases {
            assert_eq!(Poem::from_total(t).unwrap().band(), Some(band), "{t}");
        }
        assert_eq!(PoemBand::Mild.name(), "mild");
    }

    #[test]
    fn poem_invalid_items_are_all_reported() {
        let e = poem(r#"{"items": [5, null, 2.5, 4, 1, -1, 2]}"#).unwrap_err();
        let fields: Vec<&str> = e.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["items[0]", "items[2]", "items[5]"]);
        assert_eq!(
            e.0[0].message,
            "item 1: 5 is not allowed: POEM items are whole numbers 0 to 4"
        );
    }

    #[test]
    fn poem_items_must_have_exact_length() {
        let e = poem(r#"{"items": [1, 2, 3]}"#).unwrap_err();
        assert_eq!(e.0[0].field, "items");
        assert_eq!(
            e.0[0].message,
            "POEM has 7 items but 3 were sent (send null for an unanswered item)"
        );
    }

    #[test]
    fn poem_total_only_and_agreement() {
        assert_eq!(poem(r#"{"total": 12}"#).unwrap().total(), Some(12));
        assert!(poem(r#"{"total": 29}"#).is_err());
        assert!(poem(r#"{"items": [3, null, 2, 4, 1, 0, 2], "total": 12}"#).is_ok());
        let e = poem(r#"{"items": [3, null, 2, 4, 1, 0, 2], "total": 13}"#).unwrap_err();
        assert_eq!(
            e.0[0].message,
            "total 13 does not agree with the items, which give 12"
        );
        let e = poem(r#"{"items": [3, null, null, 4, 1, 0, 2], "total": 10}"#).unwrap_err();
        assert_eq!(e.0[0].field, "total");
        assert!(serde_json::from_str::<ItemsInput>(r#"{"sum": 3}"#).is_err());
        assert!(poem(r#"{}"#).is_err());
    }
}
