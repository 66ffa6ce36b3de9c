//! Every response of one visit against its baseline, as the API returns it.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{Response, aa, ad, percent_improvement};
use crate::instruments::aa_items::BrowLashScore;
use crate::instruments::easi::Easi;
use crate::instruments::pro::{PpNrs, ViGaAd};
use crate::instruments::salt::Salt;

/// The scores of one assessment that responses use; `None` = not recorded.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VisitScores {
    /// EASI.
    pub easi: Option<Easi>,
    /// SALT.
    pub salt: Option<Salt>,
    /// PP-NRS.
    pub pp_nrs: Option<PpNrs>,
    /// vIGA-AD.
    pub viga_ad: Option<ViGaAd>,
    /// Eyebrows (0–3).
    pub eyebrows: Option<BrowLashScore>,
    /// Eyelashes (0–3).
    pub eyelashes: Option<BrowLashScore>,
}

/// Every response outcome of one visit. An outcome whose scores are missing (at this visit or,
/// for relative outcomes, at baseline) is [`Response::NotEvaluable`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VisitResponses {
    /// EASI-50.
    pub easi_50: Response,
    /// EASI-75.
    pub easi_75: Response,
    /// EASI-90.
    pub easi_90: Response,
    /// EASI-100.
    pub easi_100: Response,
    /// EASI ≤ 7 (treatment target).
    pub easi_le_7: Response,
    /// EASI % improvement from baseline, two decimals, display only.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub easi_improvement_pct: Option<Decimal>,
    /// SALT ≤ 20 (primary absolute response).
    pub salt_le_20: Response,
    /// SALT ≤ 10.
    pub salt_le_10: Response,
    /// SALT30 (initial regrowth).
    pub salt_30: Response,
    /// SALT50.
    pub salt_50: Response,
    /// SALT75.
    pub salt_75: Response,
    /// SALT90.
    pub salt_90: Response,
    /// SALT100.
    pub salt_100: Response,
    /// SALT % improvement from baseline, two decimals, display only.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub salt_improvement_pct: Option<Decimal>,
    /// PP-NRS4 (baseline ≥ 4 only).
    pub pp_nrs_4: Response,
    /// PP-NRS ≤ 4 (itch target).
    pub pp_nrs_le_4: Response,
    /// vIGA-AD 0/1 with a drop of ≥ 2.
    pub viga_ad_0_1: Response,
    /// Eyebrow responder (baseline ≥ 2 only).
    pub eyebrows: Response,
    /// Eyelash responder (baseline ≥ 2 only).
    pub eyelashes: Response,
}

/// Applies `f` to baseline and current values when both are present.
fn pair<T>(b: Option<T>, n: Option<T>, f: impl FnOnce(T, T) -> Response) -> Response {
    match (b, n) {
        (Some(b), Some(n)) => f(b, n),
        _ => Response::NotEvaluable,
    }
}

/// Applies `f` to the current value when present.
fn one<T>(n: Option<T>, f: impl FnOnce(T) -> Response) -> Response {
    n.map_or(Response::NotEvaluable, f)
}

impl VisitResponses {
    /// Every outcome of the visit scored `now` against `baseline`.
    pub fn compute(baseline: &VisitScores, now: &VisitScores) -> Self {
        let (be, ne) = (baseline.easi.as_ref(), now.easi.as_ref());
        let (bs, ns) = (baseline.salt.as_ref(), now.salt.as_ref());
        let pct = |b: Option<Decimal>, n: Option<Decimal>| percent_improvement(b?, n?);
        Self {
            easi_50: pair(be, ne, ad::easi_50),
            easi_75: pair(be, ne, ad::easi_75),
            easi_90: pair(be, ne, ad::easi_90),
            easi_100: pair(be, ne, ad::easi_100),
            easi_le_7: one(ne, ad::easi_le_7),
            easi_improvement_pct: pct(be.map(Easi::total), ne.map(Easi::total)),
            salt_le_20: one(ns, aa::salt_le_20),
            salt_le_10: one(ns, aa::salt_le_10),
            salt_30: pair(bs, ns, aa::salt_30),
            salt_50: pair(bs, ns, aa::salt_50),
            salt_75: pair(bs, ns, aa::salt_75),
            salt_90: pair(bs, ns, aa::salt_90),
            salt_100: pair(bs, ns, aa::salt_100),
            salt_improvement_pct: pct(bs.map(Salt::total), ns.map(Salt::total)),
            pp_nrs_4: pair(baseline.pp_nrs, now.pp_nrs, ad::pp_nrs_4),
            pp_nrs_le_4: one(now.pp_nrs, ad::pp_nrs_le_4),
            viga_ad_0_1: pair(baseline.viga_ad, now.viga_ad, ad::viga_ad_responder),
            eyebrows: pair(baseline.eyebrows, now.eyebrows, aa::brow_lash_responder),
            eyelashes: pair(baseline.eyelashes, now.eyelashes, aa::brow_lash_responder),
        }
    }
}
