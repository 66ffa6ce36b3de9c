//! The estimators behind the curves: Kaplan–Meier with Greenwood CI, and Aalen–Johansen.

use super::CiMethod;
use super::risk_set::Step;

/// The 97.5 % quantile of the standard normal distribution.
const Z_975: f64 = 1.959_963_984_540_054;

/// Kaplan–Meier survival at one step and its Greenwood 95 % interval (low, high).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct KmPoint {
    /// S(t).
    pub survival: f64,
    /// Interval for S(t); `None` when S(t) = 0.
    pub ci: Option<(f64, f64)>,
}

/// Kaplan–Meier S(t) for `events` (competing events censored) at every step.
pub(crate) fn kaplan_meier<T>(steps: &[Step<T>], method: CiMethod) -> Vec<KmPoint> {
    let mut survival = 1.0_f64;
    let mut greenwood = 0.0_f64;
    steps
        .iter()
        .map(|step| {
            let (n, d) = (step.at_risk as f64, step.events as f64);
            if step.events > 0 {
                survival *= 1.0 - d / n;
                greenwood += d / (n * (n - d));
            }
            KmPoint {
                survival,
                ci: interval(survival, greenwood, method),
            }
        })
        .collect()
}

/// Greenwood 95 % interval of S given Σ d/(n(n−d)).
fn interval(survival: f64, greenwood: f64, method: CiMethod) -> Option<(f64, f64)> {
    if survival <= 0.0 || !greenwood.is_finite() {
        return None;
    }
    if survival >= 1.0 || greenwood == 0.0 {
        return Some((survival, survival));
    }
    match method {
        CiMethod::LogLog => {
            let se = greenwood.sqrt() / survival.ln().abs();
            let factor = (Z_975 * se).exp();
            Some((survival.powf(factor), survival.powf(1.0 / factor)))
        }
        CiMethod::Plain => {
            let half = Z_975 * survival * greenwood.sqrt();
            Some((
                (survival - half).clamp(0.0, 1.0),
                (survival + half).clamp(0.0, 1.0),
            ))
        }
    }
}

/// Aalen–Johansen cumulative incidence (response, competing) at every step.
pub(crate) fn aalen_johansen<T>(steps: &[Step<T>]) -> Vec<(f64, f64)> {
    let mut all_cause_survival = 1.0_f64;
    let (mut response, mut competing) = (0.0_f64, 0.0_f64);
    steps
        .iter()
        .map(|step| {
            let n = step.at_risk as f64;
            response += all_cause_survival * step.events as f64 / n;
            competing += all_cause_survival * step.competing as f64 / n;
            all_cause_survival *= 1.0 - (step.events + step.competing) as f64 / n;
            (response.min(1.0), competing.min(1.0))
        })
        .collect()
}
