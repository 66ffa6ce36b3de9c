//! Responses against baseline (CLINICAL.md §1): EASI-50/75/90/100, EASI ≤ 7, SALT ≤ 20/≤ 10,
//! SALT30/50/75/90/100, PP-NRS4, NRS ≤ 4, vIGA-AD 0/1, eyebrow/eyelash responders.
//!
//! Each outcome is one function taking the parsed scores ([`easi_75`], [`salt_le_20`],
//! [`pp_nrs_4`], …) and returning a [`Response`], which says explicitly when a patient is not
//! in the denominator ([`Response::NotEvaluable`]: baseline 0 for relative outcomes, PP-NRS
//! baseline below 4, eyebrows/eyelashes baseline below 2, or a score missing).
//! [`VisitResponses::compute`] gives every outcome of one visit at once, for the API:
//!
//! ```
//! use registry_core::instruments::salt::Salt;
//! use registry_core::responses::{Response, VisitResponses, VisitScores};
//! use rust_decimal_macros::dec;
//! let baseline = VisitScores { salt: Some(Salt::from_total(dec!(95)).unwrap()), ..Default::default() };
//! let now = VisitScores { salt: Some(Salt::from_total(dec!(23.75)).unwrap()), ..Default::default() };
//! let r = VisitResponses::compute(&baseline, &now);
//! assert_eq!(r.salt_75, Response::Responder); // exactly 75 %
//! assert_eq!(r.salt_le_20, Response::NonResponder);
//! assert_eq!(r.easi_75, Response::NotEvaluable); // no EASI recorded
//! ```
//!
//! Relative improvement is decided exactly, without division:
//! `(baseline − now) × 100 ≥ xx × baseline`.

mod aa;
mod ad;
mod visit;

#[cfg(test)]
mod tests;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

pub use aa::{
    brow_lash_responder, salt_30, salt_50, salt_75, salt_90, salt_100, salt_improvement,
    salt_le_10, salt_le_20,
};
pub use ad::{
    easi_50, easi_75, easi_90, easi_100, easi_improvement, easi_le_7, pp_nrs_4, pp_nrs_le_4,
    viga_ad_responder,
};
pub use visit::{VisitResponses, VisitScores};

/// The outcome of one response criterion for one patient at one visit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Response {
    /// Meets the criterion.
    Responder,
    /// In the denominator, does not meet the criterion.
    NonResponder,
    /// Not in the denominator: undefined (baseline 0), excluded by the baseline rule, or a
    /// needed score is missing.
    NotEvaluable,
}

impl Response {
    /// `Responder` when `met`, otherwise `NonResponder`.
    pub fn from_met(met: bool) -> Self {
        if met {
            Self::Responder
        } else {
            Self::NonResponder
        }
    }

    /// True for [`Response::Responder`].
    pub fn is_responder(self) -> bool {
        self == Self::Responder
    }

    /// True unless [`Response::NotEvaluable`].
    pub fn is_evaluable(self) -> bool {
        self != Self::NotEvaluable
    }

    /// `Some(met)` when evaluable, `None` when not in the denominator.
    pub fn as_option(self) -> Option<bool> {
        match self {
            Self::Responder => Some(true),
            Self::NonResponder => Some(false),
            Self::NotEvaluable => None,
        }
    }
}

/// Relative improvement of at least `percent` %: `(baseline − now) × 100 ≥ percent × baseline`,
/// exactly; [`Response::NotEvaluable`] when the baseline is 0.
pub fn improved_by(baseline: Decimal, now: Decimal, percent: Decimal) -> Response {
    if baseline.is_zero() {
        return Response::NotEvaluable;
    }
    Response::from_met((baseline - now) * Decimal::ONE_HUNDRED >= percent * baseline)
}

/// Percent improvement from baseline, rounded half up to two decimals — for display only
/// (decisions use [`improved_by`]). `None` when the baseline is 0. Worsening is negative.
pub fn percent_improvement(baseline: Decimal, now: Decimal) -> Option<Decimal> {
    let change = ((baseline - now) * Decimal::ONE_HUNDRED).checked_div(baseline)?;
    Some(
        change
            .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
            .normalize(),
    )
}
