//! SALT as the API receives it, and its parsing into a valid [`Salt`].

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{Salt, SaltQuadrants, ScalpLoss};
use crate::instruments::number::opt_decimal;
use crate::instruments::shown;
use crate::{FieldError, ValidationErrors};

/// SALT input: `{top, back, right, left, total}`, each a percentage.
///
/// Send all four views, the total (from a chart), or both; when both are sent they must agree
/// exactly. Numbers may be JSON numbers or numeric strings. Unknown fields are refused.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SaltInput {
    /// Top/vertex: % hair lost, 0–100, one decimal.
    #[serde(default, deserialize_with = "opt_decimal")]
    pub top: Option<Decimal>,
    /// Back/posterior: % hair lost.
    #[serde(default, deserialize_with = "opt_decimal")]
    pub back: Option<Decimal>,
    /// Right side: % hair lost.
    #[serde(default, deserialize_with = "opt_decimal")]
    pub right: Option<Decimal>,
    /// Left side: % hair lost.
    #[serde(default, deserialize_with = "opt_decimal")]
    pub left: Option<Decimal>,
    /// The total, 0–100.
    #[serde(default, deserialize_with = "opt_decimal")]
    pub total: Option<Decimal>,
}

/// See [`Salt::from_input`].
pub(super) fn parse(input: &SaltInput) -> Result<Salt, ValidationErrors> {
    let mut errors = ValidationErrors::new();
    let views = [
        ("top", input.top),
        ("back", input.back),
        ("right", input.right),
        ("left", input.left),
    ];
    let any_view = views.iter().any(|(_, v)| v.is_some());
    let mut parsed = Vec::with_capacity(4);
    for (key, value) in views.into_iter().filter(|_| any_view) {
        let view = match value {
            Some(v) => ScalpLoss::try_from(v),
            None => Err(FieldError::new(
                "",
                "missing: give all four views (top, back, right, left) or only the total",
            )),
        };
        parsed.extend(errors.collect(key, view));
    }
    let from_views = match parsed[..] {
        [t, b, r, l] => Some(Salt::from_views(SaltQuadrants::new(t, b, r, l))),
        _ => None,
    };
    let total = input
        .total
        .and_then(|t| errors.collect("total", Salt::from_total(t)));
    if !any_view && input.total.is_none() {
        errors.push(FieldError::new(
            "",
            "SALT missing: give the four views, the total, or both",
        ));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    match (from_views, total) {
        (Some(salt), Some(total)) if salt.total() != total.total() => Err(FieldError::new(
            "total",
            format!(
                "total {} does not agree with the views, which give {}",
                shown(total.total()),
                shown(salt.total())
            ),
        )
        .into()),
        (Some(salt), _) => Ok(salt),
        (None, Some(total)) => Ok(total),
        (None, None) => Err(errors),
    }
}
