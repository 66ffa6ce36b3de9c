//! Quality-of-life questionnaires by age: DLQI (≥ 16 y), CDLQI (4–16 y), IDQOL (< 4 y),
//! each 10 items 0–3, total 0–30.

use serde::{Deserialize, Serialize};

use super::items::{ItemScore, kind};

/// A DLQI (adults, ≥ 16 y); parse with `Dlqi::from_input`.
pub type Dlqi = ItemScore<kind::Dlqi>;

/// A CDLQI (children, 4–16 y); parse with `Cdlqi::from_input`.
pub type Cdlqi = ItemScore<kind::Cdlqi>;

/// An IDQOL (infants, < 4 y); parse with `Idqol::from_input`. The missing-item rule of DLQI is
/// applied to it as well *(project convention; CLINICAL.md only fixes its items)*.
pub type Idqol = ItemScore<kind::Idqol>;

/// Which quality-of-life questionnaire applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QolInstrument {
    /// DLQI, age 16 and over.
    Dlqi,
    /// CDLQI, age 4 to 16.
    Cdlqi,
    /// IDQOL, under 4.
    Idqol,
}

impl QolInstrument {
    /// The questionnaire to offer at `age_years` (completed years): IDQOL under 4, CDLQI 4–15,
    /// DLQI from 16.
    pub fn for_age(age_years: u32) -> Self {
        match age_years {
            0..=3 => Self::Idqol,
            4..=15 => Self::Cdlqi,
            _ => Self::Dlqi,
        }
    }

    /// True when the questionnaire is validated for `age_years`: DLQI ≥ 16, CDLQI 4–16 (both
    /// fit at 16), IDQOL < 4.
    pub fn suits_age(self, age_years: u32) -> bool {
        match self {
            Self::Dlqi => age_years >= 16,
            Self::Cdlqi => (4..=16).contains(&age_years),
            Self::Idqol => age_years < 4,
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::instruments::pro::ItemsInput;

    #[test]
    fn dlqi_totals_0_to_30_with_missing_rule() {
        let all = [Some(3); 10];
        assert_eq!(Dlqi::from_items(&all).unwrap().total(), Some(30));
        let mut one = all;
        one[6] = None;
        assert_eq!(Dlqi::from_items(&one).unwrap().total(), Some(27));
        let mut two = one;
        two[9] = None;
        assert_eq!(Dlqi::from_items(&two).unwrap().total(), None);
        assert!(Dlqi::from_items(&[Some(4); 10]).is_err());
        assert!(Dlqi::from_total(31).is_err());
        assert_eq!(Dlqi::from_total(30).unwrap().total(), Some(30));
    }

    /// Ten answered items, item 7 (index 6) unanswered when `missing` ≥ 1, item 10 too when 2.
    fn items_with_missing(missing: usize) -> [Option<u8>; 10] {
        let mut items = [
            Some(2),
            Some(1),
            Some(3),
            Some(0),
            Some(2),
            Some(1),
            Some(3),
            Some(2),
            Some(1),
            Some(3),
        ];
        if missing >= 1 {
            items[6] = None;
        }
        if missing >= 2 {
            items[9] = None;
        }
        items
    }

    #[test]
    fn dlqi_one_missing_item_scores_0() {
        assert_eq!(
            Dlqi::from_items(&items_with_missing(0)).unwrap().total(),
            Some(18)
        );
        let one = Dlqi::from_items(&items_with_missing(1)).unwrap();
        assert_eq!(one.total(), Some(15));
        assert!(one.is_scored());
    }

    #[test]
    fn dlqi_two_missing_items_not_scored() {
        let two = Dlqi::from_items(&items_with_missing(2)).unwrap();
        assert_eq!(two.total(), None);
        assert!(!two.is_scored());
    }

    #[test]
    fn cdlqi_one_missing_item_scores_0() {
        let one = Cdlqi::from_items(&items_with_missing(1)).unwrap();
        assert_eq!(one.total(), Some(15));
    }

    #[test]
    fn cdlqi_two_missing_items_not_scored() {
        let two = Cdlqi::from_items(&items_with_missing(2)).unwrap();
        assert_eq!(two.total(), None);
    }

    #[test]
    fn dlqi_missing_items_from_json_nulls() {
        let one: ItemsInput =
            serde_json::from_str(r#"{"items": [2, 1, 3, 0, 2, 1, null, 2, 1, 3]}"#).unwrap();
        assert_eq!(Dlqi::from_input(&one).unwrap().total(), Some(15));
        let two: ItemsInput =
            serde_json::from_str(r#"{"items": [2, 1, 3, 0, 2, 1, null, 2, 1, null]}"#).unwrap();
        assert_eq!(Dlqi::from_input(&two).unwrap().total(), None);
    }

    #[test]
    fn cdlqi_and_idqol_have_10_items_0_to_3() {
        assert_eq!(Cdlqi::from_items(&[Some(1); 10]).unwrap().total(), Some(10));
        assert!(Cdlqi::from_items(&[Some(1); 9]).is_err());
        assert_eq!(Idqol::from_items(&[Some(2); 10]).unwrap().total(), Some(20));
        let e = Idqol::from_items(&[
            Some(0),
            Some(4),
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
        ])
        .unwrap_err();
        assert_eq!(e.0[0].field, "[1]");
        assert_eq!(
            e.0[0].message,
            "item 2: 4 is not allowed: IDQOL items are whole numbers 0 to 3"
        );
    }

    #[test]
    fn questionnaire_by_age() {
        assert_eq!(QolInstrument::for_age(3), QolInstrument::Idqol);
        assert_eq!(QolInstrument::for_age(4), QolInstrument::Cdlqi);
        assert_eq!(QolInstrument::for_age(15), QolInstrument::Cdlqi);
        assert_eq!(QolInstrument::for_age(16), QolInstrument::Dlqi);
        assert!(QolInstrument::Cdlqi.suits_age(16));
        assert!(QolInstrument::Dlqi.suits_age(16));
        assert!(!QolInstrument::Dlqi.suits_age(15));
        assert!(!QolInstrument::Idqol.suits_age(4));
    }
}
