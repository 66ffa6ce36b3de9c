//! Exposure-adjusted incidence rates with exact Poisson confidence intervals (Garwood 1936):
//! for `k` events in `t` patient-years, the 95 % interval of the rate is
//! `[χ²(0.025; 2k) / 2t, χ²(0.975; 2k + 2) / 2t]`, that is the 2.5 % quantile of a gamma
//! distribution with shape `k` and the 97.5 % quantile of one with shape `k + 1`, divided by `t`
//! (the lower end is 0 when `k = 0`). The quantiles are found by bisection on the regularised
//! incomplete gamma function (series and continued fraction, as in Numerical Recipes §6.2).

/// A rate per 100 patient-years with its 95 % confidence interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rate {
    /// Events per 100 patient-years.
    pub per_100: f64,
    /// Lower end of the 95 % CI.
    pub low: f64,
    /// Upper end of the 95 % CI.
    pub high: f64,
}

/// The rate of `events` in `patient_years` per 100 patient-years with its exact 95 % CI;
/// `None` without exposure.
pub fn rate_per_100(events: u64, patient_years: f64) -> Option<Rate> {
    if patient_years <= 0.0 {
        return None;
    }
    let (low, high) = poisson_ci(events, 0.05);
    let scale = 100.0 / patient_years;
    Some(Rate {
        per_100: events as f64 * scale,
        low: low * scale,
        high: high * scale,
    })
}

/// The exact (Garwood) two-sided `1 − alpha` confidence interval of a Poisson mean from `k`
/// observed events.
pub fn poisson_ci(k: u64, alpha: f64) -> (f64, f64) {
    let k = k as f64;
    let low = if k == 0.0 {
        0.0
    } else {
        gamma_quantile(k, alpha / 2.0)
    };
    (low, gamma_quantile(k + 1.0, 1.0 - alpha / 2.0))
}

/// The `p` quantile of the gamma distribution with shape `a` and scale 1.
fn gamma_quantile(a: f64, p: f64) -> f64 {
    let (mut lo, mut hi) = (0.0_f64, a + 10.0 * a.sqrt() + 20.0);
    while lower_gamma_regularised(a, hi) < p {
        hi *= 2.0;
    }
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if lower_gamma_regularised(a, mid) < p {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    0.5 * (lo + hi)
}

/// P(a, x): the regularised lower incomplete gamma function.
fn lower_gamma_regularised(a: f64, x: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    let log_prefix = a * x.ln() - x - ln_gamma(a);
    if x < a + 1.0 {
        // Series: P = e^{-x} x^a / Γ(a) Σ x^n / (a (a+1) … (a+n)).
        let (mut term, mut sum, mut ap) = (1.0 / a, 1.0 / a, a);
        for _ in 0..1000 {
            ap += 1.0;
            term *= x / ap;
            sum += term;
            if term.abs() < sum.abs() * 1e-16 {
                break;
            }
        }
        sum * log_prefix.exp()
    } else {
        // Continued fraction for Q = 1 − P (modified Lentz).
        let tiny = 1e-300;
        let mut b = x + 1.0 - a;
        let mut c = 1.0 / tiny;
        let mut d = 1.0 / b;
        let mut h = d;
        for i in 1..1000 {
            let an = -(i as f64) * (i as f64 - a);
            b += 2.0;
            d = an * d + b;
            if d.abs() < tiny {
                d = tiny;
            }
            c = b + an / c;
            if c.abs() < tiny {
                c = tiny;
            }
            d = 1.0 / d;
            let delta = d * c;
            h *= delta;
            if (delta - 1.0).abs() < 1e-16 {
                break;
            }
        }
        1.0 - log_prefix.exp() * h
    }
}

/// ln Γ(x) for x > 0 (Lanczos, g = 7, n = 9).
fn ln_gamma(x: f64) -> f64 {
    const C: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if x < 0.5 {
        // Reflection.
        let pi = std::f64::consts::PI;
        return (pi / (pi * x).sin()).ln() - ln_gamma(1.0 - x);
    }
    let x = x - 1.0;
    let mut a = C[0];
    let t = x + 7.5;
    for (i, c) in C.iter().enumerate().skip(1) {
        a += c / (x + i as f64);
    }
    0.5 * (2.0 * std::f64::consts::PI).ln() + (x + 0.5) * t.ln() - t + a.ln()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol
    }

    /// Exact Poisson limits (Ulm 1990 tables; the same as R `poisson.test(k)$conf.int`).
    #[test]
    fn garwood_limits_match_the_tables() {
        for (k, low, high) in [
            (0, 0.0, 3.688_879),
            (1, 0.025_318, 5.571_643),
            (2, 0.242_209, 7.224_688),
            (5, 1.623_486, 11.668_332),
            (10, 4.795_389, 18.390_356),
            (50, 37.110_964, 65.918_767),
        ] {
            let (l, h) = poisson_ci(k, 0.05);
            assert!(close(l, low, 1e-5), "k = {k}: low {l} ≠ {low}");
            assert!(close(h, high, 1e-5), "k = {k}: high {h} ≠ {high}");
        }
    }

    #[test]
    fn a_rate_is_scaled_to_100_patient_years() {
        let r = rate_per_100(5, 50.0).unwrap();
        assert!(close(r.per_100, 10.0, 1e-12));
        assert!(close(r.low, 3.246_972, 1e-5) && close(r.high, 23.336_664, 1e-5));
        assert_eq!(rate_per_100(1, 0.0), None);
    }

    #[test]
    fn ln_gamma_of_integers_is_the_log_factorial() {
        assert!(close(ln_gamma(1.0), 0.0, 1e-12));
        assert!(close(ln_gamma(5.0), 24f64.ln(), 1e-12));
        assert!(close(
            ln_gamma(0.5),
            std::f64::consts::PI.sqrt().ln(),
            1e-12
        ));
    }
}
