//! How one episode responds: the day of first response drawn from the drug's onset curve
//! ([`super::calibration`]), then a course through it ([`Course`]).
//!
//! - AA, baseline SALT ≥ 95: shares × 0.75 and days × 1.25; below 95: shares × 1.2 (so that a
//!   trial-like mix of about half ≥ 95 reproduces the curve; "slower and lower").
//! - A re-treatment of an earlier responder responds again in 57 % (seed 003), at the curve's pace.
//! - After a failed JAK inhibitor another one responds less often (× 0.75) *(assumption)*.
//! - Without response: partial responders (AA: SALT30, AD: EASI-50 reached and kept), relapsers
//!   (reached, then lost) and non-responders. Responders lose their response later in 8–20 %.

use registry_core::catalogue::{Drug, DrugClass};

use super::calibration::{Onset, onset};
use super::course::Course;
use super::rng::Rng;

/// Chance that a re-treatment of an earlier responder responds again: seed 003 reports 57 %;
/// set a little higher because some re-treated responders stop (tapering, wishes) before their
/// response shows *(fitted to the measured share)*.
const RETREATMENT_RESPONSE: f64 = 0.66;

/// The drawn response of one episode.
#[derive(Debug, Clone)]
pub struct Response {
    /// The latent course.
    pub course: Course,
    /// Study day of the first response, if the episode responds.
    pub first_response: Option<f64>,
    /// Study day a response (full or partial) starts to be lost, if it is.
    pub loss: Option<f64>,
    /// The level a regained response returns to.
    pub plateau: f64,
}

/// What the draw depends on.
#[derive(Debug, Clone, Copy)]
pub struct Setting {
    /// The drug.
    pub drug: Drug,
    /// Alopecia areata (else atopic dermatitis).
    pub aa: bool,
    /// The higher of the drug's strengths.
    pub high: bool,
    /// Severity at day 0.
    pub baseline: f64,
    /// The response level (AA: SALT 20; AD: a quarter of the baseline EASI).
    pub threshold: f64,
    /// Re-treatment after a response to the same drug.
    pub retreatment: bool,
    /// A JAK inhibitor after a failed one.
    pub after_failed_jak: bool,
}

/// Draws the response of an episode.
pub fn draw(rng: &mut Rng, s: &Setting) -> Response {
    let curve = onset(s.drug, s.aa, s.high);
    let conventional = s.drug.class() == DrugClass::Conventional;
    let (mut share, stretch) = match (s.aa, s.baseline >= 95.0) {
        (true, true) => (0.75, 1.25),
        (true, false) => (1.2, 1.0),
        (false, _) => (1.0, 1.0),
    };
    if s.after_failed_jak {
        share *= 0.75;
    }
    let first_response = if s.retreatment {
        let last = curve.last().map_or(1.0, |p| p.1);
        rng.chance(RETREATMENT_RESPONSE)
            .then(|| draw_onset(rng, curve, 1.0 / last, stretch))
            .flatten()
    } else {
        draw_onset(rng, curve, share, stretch)
    };
    let b = s.baseline;
    let fast = !s.aa && s.drug.is_jak_inhibitor();
    let lag_max = match (s.aa, conventional, fast) {
        (true, true, _) => 56.0,
        (true, false, _) => 35.0,
        (false, _, true) => 3.0,
        (false, _, false) => 10.0,
    };
    match first_response {
        Some(day) => {
            let plateau = if s.aa {
                if rng.chance(0.35) {
                    0.0
                } else {
                    rng.uniform(1.0, 14.0)
                }
            } else if rng.chance(0.15) {
                0.0
            } else {
                b * (1.0 - rng.uniform(0.8, 0.98))
            };
            let lag = rng.uniform(0.0, lag_max).min(day * 0.5);
            let crossing = if s.aa { 18.5 } else { s.threshold * 0.85 };
            let mut course = Course::reaching(b, plateau, lag, crossing, day, 120.0, !s.aa);
            let p_loss = match (s.aa, conventional) {
                (true, true) => 0.2,
                (true, false) => 0.1,
                (false, _) => 0.08,
            };
            let loss = rng.chance(p_loss).then(|| day + rng.uniform(120.0, 540.0));
            if let Some(at) = loss {
                let worse = plateau + (b - plateau) * rng.uniform(0.5, 0.9);
                course.then(at, worse, 0.0, rng.uniform(60.0, 150.0));
            }
            Response {
                course,
                first_response,
                loss,
                plateau,
            }
        }
        None => {
            let kind = rng.weighted(&[0.4, 0.12, 0.48]);
            let (partial_lo, partial_hi) = if s.aa {
                let lo = (0.3 * b).max(22.0);
                (lo, (0.68 * b).max(lo + 1.0))
            } else {
                (b * 0.28, b * 0.5)
            };
            let plateau = match kind {
                0 | 1 => rng.uniform(partial_lo, partial_hi),
                _ => b * rng.uniform(0.75, 1.0),
            };
            let lag = rng.uniform(0.0, lag_max);
            let duration = if s.aa {
                rng.uniform(100.0, 280.0)
            } else {
                rng.uniform(20.0, 70.0)
            };
            let mut course = Course::towards(b, plateau, lag, duration, !s.aa);
            let loss = (kind == 1).then(|| rng.uniform(200.0, 450.0));
            if let Some(at) = loss {
                course.then(at, b * rng.uniform(0.8, 1.0), 0.0, rng.uniform(60.0, 150.0));
            }
            Response {
                course,
                first_response: None,
                loss,
                plateau,
            }
        }
    }
}

/// Draws the day of first response from `curve` with its shares multiplied by `share` and its
/// days by `stretch`; `None` for an episode that never responds.
pub fn draw_onset(rng: &mut Rng, curve: Onset, share: f64, stretch: f64) -> Option<f64> {
    let u = rng.unit();
    let mut previous = (0.0, 0.0);
    for &(day, p) in curve {
        let p = (p * share).min(0.97);
        if u < p {
            let within = (u - previous.1) / (p - previous.1).max(1e-9);
            return Some((previous.0 + within * (day - previous.0)) * stretch);
        }
        previous = (day, p);
    }
    None
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn drawn_onsets_follow_the_curve() {
        let mut rng = Rng::patient(11, 0);
        let n = 20_000;
        let days: Vec<Option<f64>> = (0..n)
            .map(|_| {
                draw_onset(
                    &mut rng,
                    super::super::calibration::BARICITINIB_4_AA,
                    1.0,
                    1.0,
                )
            })
            .collect();
        let by =
            |d: f64| days.iter().filter(|x| x.is_some_and(|x| x <= d)).count() as f64 / n as f64;
        assert!((by(252.0) - 0.385).abs() < 0.015, "{}", by(252.0));
        assert!((by(728.0) - 0.50).abs() < 0.015);
    }
}
