//! AD responses: EASI-50/75/90/100, EASI ≤ 7, PP-NRS4, NRS ≤ 4, vIGA-AD 0/1.

use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use super::{Response, improved_by};
use crate::instruments::easi::{EASI_TARGET, Easi};
use crate::instruments::pro::{PpNrs, ViGaAd};

/// EASI improved by at least `percent` % from baseline; not evaluable when EASI₀ = 0.
pub fn easi_improvement(baseline: &Easi, now: &Easi, percent: Decimal) -> Response {
    improved_by(baseline.total(), now.total(), percent)
}

/// EASI-50: at least 50 % improvement from baseline; not evaluable when EASI₀ = 0.
pub fn easi_50(baseline: &Easi, now: &Easi) -> Response {
    easi_improvement(baseline, now, dec!(50))
}

/// EASI-75: at least 75 % improvement (17.4 → 4.35 is exactly 75 %); not evaluable when EASI₀ = 0.
pub fn easi_75(baseline: &Easi, now: &Easi) -> Response {
    easi_improvement(baseline, now, dec!(75))
}

/// EASI-90: at least 90 % improvement; not evaluable when EASI₀ = 0.
pub fn easi_90(baseline: &Easi, now: &Easi) -> Response {
    easi_improvement(baseline, now, dec!(90))
}

/// EASI-100: complete clearance from a baseline above 0; not evaluable when EASI₀ = 0.
pub fn easi_100(baseline: &Easi, now: &Easi) -> Response {
    easi_improvement(baseline, now, dec!(100))
}

/// Treatment target (BioDay): EASI ≤ 7. Needs no baseline.
pub fn easi_le_7(now: &Easi) -> Response {
    Response::from_met(now.total() <= EASI_TARGET)
}

/// PP-NRS4: a drop of at least 4 points; only baselines ≥ 4 are in the denominator
/// (8→4 yes; 7→4 no; 4→0 yes; 3→0 not evaluable).
pub fn pp_nrs_4(baseline: PpNrs, now: PpNrs) -> Response {
    if baseline.value() < 4 {
        return Response::NotEvaluable;
    }
    Response::from_met(baseline.value().saturating_sub(now.value()) >= 4)
}

/// Itch target (BioDay): NRS ≤ 4. Needs no baseline.
pub fn pp_nrs_le_4(now: PpNrs) -> Response {
    Response::from_met(now.meets_target())
}

/// vIGA-AD responder: 0 or 1 **and** at least 2 points below baseline
/// (3→1 yes; 4→1 yes; 2→0 yes; 2→1 no; 3→2 no). CLINICAL.md sets no baseline restriction, so
/// a baseline of 0 or 1 is evaluated (and cannot respond).
pub fn viga_ad_responder(baseline: ViGaAd, now: ViGaAd) -> Response {
    let drop = baseline.grade().saturating_sub(now.grade());
    Response::from_met(now.is_clear_or_almost() && drop >= 2)
}
