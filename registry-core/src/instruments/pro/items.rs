//! Questionnaires of N items scored 0–max, totalled with the missing-item rule: one missing item
//! scores 0, two or more leave the questionnaire not scored.

use std::fmt;
use std::marker::PhantomData;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::instruments::number::{opt_decimal, opt_decimal_items};
use crate::instruments::{shown, whole_number};
use crate::{FieldError, ValidationErrors};

/// What sets one item questionnaire apart: its name, number of items and highest item score.
pub trait ItemKind {
    /// Name used in messages (`POEM`).
    const NAME: &'static str;
    /// Number of items.
    const ITEMS: usize;
    /// Highest score of one item (items score 0 to this).
    const ITEM_MAX: u8;
}

/// The questionnaires, as [`ItemKind`] markers.
pub mod kind {
    use super::ItemKind;

    /// POEM: 7 items 0–4.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub struct Poem;
    /// DLQI (≥ 16 y): 10 items 0–3.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub struct Dlqi;
    /// CDLQI (4–16 y): 10 items 0–3.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub struct Cdlqi;
    /// IDQOL (< 4 y): 10 items 0–3.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub struct Idqol;

    macro_rules! item_kind {
        ($t:ty, $name:literal, $items:literal, $max:literal) => {
            impl ItemKind for $t {
                const NAME: &'static str = $name;
                const ITEMS: usize = $items;
                const ITEM_MAX: u8 = $max;
            }
        };
    }
    item_kind!(Poem, "POEM", 7, 4);
    item_kind!(Dlqi, "DLQI", 10, 3);
    item_kind!(Cdlqi, "CDLQI", 10, 3);
    item_kind!(Idqol, "IDQOL", 10, 3);
}

/// Questionnaire input: `{"items": [3, null, 2, …], "total": 12}`; items, total or both.
///
/// `items` has exactly the instrument's number of entries, `null` for an unanswered item.
/// Numbers may be JSON numbers or numeric strings. Unknown fields are refused.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemsInput {
    /// The item scores in questionnaire order, `null` when unanswered.
    #[serde(default, deserialize_with = "opt_decimal_items")]
    pub items: Option<Vec<Option<Decimal>>>,
    /// The total, when known (e.g. from a chart).
    #[serde(default, deserialize_with = "opt_decimal")]
    pub total: Option<Decimal>,
}

/// A parsed questionnaire of kind `K`: its items (when entered) and its total, `None` when
/// two or more items are missing (not scored).
#[derive(Serialize)]
#[serde(bound = "")]
pub struct ItemScore<K: ItemKind> {
    items: Option<Vec<Option<u8>>>,
    total: Option<u8>,
    #[serde(skip)]
    kind: PhantomData<K>,
}

impl<K: ItemKind> ItemScore<K> {
    /// Highest possible total (items × highest item score).
    pub const MAX_TOTAL: u8 = K::ITEMS as u8 * K::ITEM_MAX;

    /// Parses the API input (items, total or both), collecting every invalid field
    /// (`items[3]`, `total`).
    pub fn from_input(input: &ItemsInput) -> Result<Self, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let from_items = input
            .items
            .as_ref()
            .and_then(|items| errors.collect("items", Self::parse_items(items)));
        let total = input
            .total
            .and_then(|t| errors.collect("total", Self::parse_total(t)));
        if input.items.is_none() && input.total.is_none() {
            errors.push(FieldError::new(
                "",
                format!("{} missing: give the items, the total, or both", K::NAME),
            ));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        match (from_items, total) {
            (Some(scored), Some(total)) if scored.total != Some(total) => {
                let computed = match scored.total {
                    Some(t) => format!("which give {t}"),
                    None => format!("which leave {} not scored (two or more missing)", K::NAME),
                };
                Err(FieldError::new(
                    "total",
                    format!("total {total} does not agree with the items, {computed}"),
                )
                .into())
            }
            (Some(scored), _) => Ok(scored),
            (None, Some(total)) => Ok(Self::total_only(total)),
            (None, None) => Err(errors),
        }
    }

    /// Scores items already read as whole numbers (`None` = unanswered).
    pub fn from_items(items: &[Option<u8>]) -> Result<Self, ValidationErrors> {
        let as_decimals: Vec<Option<Decimal>> =
            items.iter().map(|i| i.map(Decimal::from)).collect();
        Self::parse_items(&as_decimals)
    }

    /// A questionnaire known only by its total, 0 to [`Self::MAX_TOTAL`].
    pub fn from_total(total: u8) -> Result<Self, FieldError> {
        Self::parse_total(Decimal::from(total)).map(Self::total_only)
    }

    fn total_only(total: u8) -> Self {
        Self {
            items: None,
            total: Some(total),
            kind: PhantomData,
        }
    }

    fn parse_total(total: Decimal) -> Result<u8, FieldError> {
        whole_number(total, 0, Self::MAX_TOTAL).ok_or_else(|| {
            FieldError::new(
                "",
                format!(
                    "total {} is not possible: the {} total is a whole number 0 to {}",
                    shown(total),
                    K::NAME,
                    Self::MAX_TOTAL
                ),
            )
        })
    }

    fn parse_items(items: &[Option<Decimal>]) -> Result<Self, ValidationErrors> {
        if items.len() != K::ITEMS {
            return Err(FieldError::new(
                "",
                format!(
                    "{} has {} items but {} were sent (send null for an unanswered item)",
                    K::NAME,
                    K::ITEMS,
                    items.len()
                ),
            )
            .into());
        }
        let mut errors = ValidationErrors::new();
        let scores: Vec<Option<u8>> = items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                let value = (*item)?;
                let score = whole_number(value, 0, K::ITEM_MAX).ok_or_else(|| {
                    FieldError::new(
                        format!("[{i}]"),
                        format!(
                            "item {}: {} is not allowed: {} items are whole numbers 0 to {}",
                            i + 1,
                            shown(value),
                            K::NAME,
                            K::ITEM_MAX
                        ),
                    )
                });
                errors.collect("", score)
            })
            .collect();
        if !errors.is_empty() {
            return Err(errors);
        }
        let missing = scores.iter().filter(|s| s.is_none()).count();
        let total = (missing <= 1).then(|| scores.iter().flatten().sum());
        Ok(Self {
            items: Some(scores),
            total,
            kind: PhantomData,
        })
    }

    /// The total, `None` when not scored (two or more items missing).
    pub fn total(&self) -> Option<u8> {
        self.total
    }

    /// True when a total could be computed.
    pub fn is_scored(&self) -> bool {
        self.total.is_some()
    }

    /// The item scores, when entered (`None` inside = unanswered).
    pub fn items(&self) -> Option<&[Option<u8>]> {
        self.items.as_deref()
    }
}

impl<K: ItemKind> fmt::Debug for ItemScore<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct(K::NAME)
            .field("items", &self.items)
            .field("total", &self.total)
            .finish()
    }
}

impl<K: ItemKind> Clone for ItemScore<K> {
    fn clone(&self) -> Self {
        Self {
            items: self.items.clone(),
            total: self.total,
            kind: PhantomData,
        }
    }
}

impl<K: ItemKind> PartialEq for ItemScore<K> {
    fn eq(&self, other: &Self) -> bool {
        self.items == other.items && self.total == other.total
    }
}

impl<K: ItemKind> Eq for ItemScore<K> {}
