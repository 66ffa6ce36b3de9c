//! The seeded random source of the generator. Every patient draws from a stream of its own
//! (ChaCha8, seeded with the run's seed, stream = the patient's number), so a patient's data do
//! not depend on how many patients come before it, on batch sizes or on threads: the same seed
//! gives the same cohort. ChaCha8 is specified bit for bit, unlike `StdRng`, whose algorithm may
//! change between `rand` versions.

use chrono::{Days, NaiveDate};
use rand::{Rng as _, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// Streams above this number belong to centers, not patients.
const CENTER_STREAMS: u64 = 1 << 40;

/// A seeded random source with the draws the generator needs.
pub struct Rng(ChaCha8Rng);

impl Rng {
    /// The stream of patient number `index` in a run seeded with `seed`.
    pub fn patient(seed: u64, index: u64) -> Self {
        let mut inner = ChaCha8Rng::seed_from_u64(seed);
        inner.set_stream(index);
        Self(inner)
    }

    /// The stream of center number `index` in a run seeded with `seed`.
    pub fn center(seed: u64, index: u64) -> Self {
        Self::patient(seed, CENTER_STREAMS + index)
    }

    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        self.0.random::<f64>()
    }

    /// Uniform in [lo, hi).
    pub fn uniform(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }

    /// A whole number in [lo, hi] (both included).
    pub fn int(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            return lo;
        }
        self.0.random_range(lo..=hi)
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// Standard normal (Box–Muller).
    pub fn normal(&mut self) -> f64 {
        let u1 = self.unit().max(f64::MIN_POSITIVE);
        let u2 = self.unit();
        (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
    }

    /// Normal with mean `mean` and standard deviation `sd`.
    pub fn gauss(&mut self, mean: f64, sd: f64) -> f64 {
        mean + sd * self.normal()
    }

    /// Log-normal with median `median` and log-scale standard deviation `sigma`.
    pub fn log_normal(&mut self, median: f64, sigma: f64) -> f64 {
        median * (sigma * self.normal()).exp()
    }

    /// Exponential waiting time with `rate` events per unit (infinite for a rate of 0).
    pub fn exponential(&mut self, rate: f64) -> f64 {
        if rate <= 0.0 {
            return f64::INFINITY;
        }
        -(1.0 - self.unit()).ln() / rate
    }

    /// An index into `weights`, chosen in proportion to them (the last one when all are 0).
    pub fn weighted(&mut self, weights: &[f64]) -> usize {
        let total: f64 = weights.iter().filter(|w| **w > 0.0).sum();
        let mut x = self.unit() * total;
        for (i, w) in weights.iter().enumerate() {
            if *w > 0.0 {
                if x < *w {
                    return i;
                }
                x -= w;
            }
        }
        weights.len().saturating_sub(1)
    }

    /// One of `items`, chosen by their weights.
    pub fn pick<T: Copy>(&mut self, items: &[(T, f64)]) -> Option<T> {
        let weights: Vec<f64> = items.iter().map(|(_, w)| *w).collect();
        items.get(self.weighted(&weights)).map(|(t, _)| *t)
    }

    /// A date uniformly between `from` and `to` (both included).
    pub fn date_between(&mut self, from: NaiveDate, to: NaiveDate) -> NaiveDate {
        let span = (to - from).num_days().max(0);
        add_days(from, self.int(0, span))
    }
}

/// `date` moved by `days` (negative: earlier); saturates at the calendar's ends.
pub fn add_days(date: NaiveDate, days: i64) -> NaiveDate {
    let moved = if days >= 0 {
        date.checked_add_days(Days::new(days.unsigned_abs()))
    } else {
        date.checked_sub_days(Days::new(days.unsigned_abs()))
    };
    moved.unwrap_or(date)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn a_patient_stream_repeats_and_differs_from_its_neighbours() {
        let draws = |seed, index| {
            let mut rng = Rng::patient(seed, index);
            (0..5).map(|_| rng.unit()).collect::<Vec<_>>()
        };
        assert_eq!(draws(1, 7), draws(1, 7));
        assert_ne!(draws(1, 7), draws(1, 8));
        assert_ne!(draws(1, 7), draws(2, 7));
    }

    #[test]
    fn weighted_choice_follows_the_weights() {
        let mut rng = Rng::patient(3, 0);
        let mut counts = [0usize; 3];
        for _ in 0..10_000 {
            counts[rng.weighted(&[1.0, 0.0, 3.0])] += 1;
        }
        assert_eq!(counts[1], 0);
        assert!((2_300..2_700).contains(&counts[0]), "{counts:?}");
    }
}
