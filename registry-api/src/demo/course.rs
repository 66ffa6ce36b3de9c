//! The latent disease course: one severity number per day (AA: SALT 0–100; AD: EASI 0–72) that
//! the visits then measure with noise.
//!
//! On a drug the course is a chain of [`Segment`]s: each moves from the value where it begins
//! towards its target after a lag, either along a smoothstep (hair regrowth: slow start, slow
//! finish) or exponentially (skin and itch: most of the change in the first weeks, as the mean
//! EASI improvement of 54 % at week 4 on lebrikizumab shows, seed 000). The first segment is
//! the response to the drug; later ones are a loss of response, a regain after the dose went
//! back up, and so on.
//! Off treatment the disease drifts back towards the patient's untreated level ([`Relapse`]).

/// A smooth move of the severity from its value at `from_day` towards `target`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Segment {
    /// Study day the segment begins.
    pub from_day: f64,
    /// Severity on that day.
    pub from_value: f64,
    /// Severity reached at the end.
    pub target: f64,
    /// Days before anything changes.
    pub lag: f64,
    /// Days from the end of the lag to the target (exponential: the time constant).
    pub duration: f64,
    /// Exponential rather than smoothstep.
    pub exponential: bool,
}

impl Segment {
    fn value(&self, day: f64) -> f64 {
        let x = (day - self.from_day - self.lag) / self.duration.max(1.0);
        let f = if self.exponential {
            1.0 - (-x.max(0.0)).exp()
        } else {
            smoothstep(x)
        };
        self.from_value + (self.target - self.from_value) * f
    }
}

/// The course on one drug: segments in day order, the first beginning on day 0.
#[derive(Debug, Clone, PartialEq)]
pub struct Course {
    segments: Vec<Segment>,
}

impl Course {
    /// A course from `baseline` to `plateau`, reaching `threshold` on day `hit_day` after `lag`
    /// days (a responder whose first response is on `hit_day`). When the threshold is not between
    /// baseline and plateau, the course takes `fallback_duration` days.
    pub fn reaching(
        baseline: f64,
        plateau: f64,
        lag: f64,
        threshold: f64,
        hit_day: f64,
        fallback_duration: f64,
        exponential: bool,
    ) -> Self {
        let span = baseline - plateau;
        let duration = if span > 0.0 && threshold < baseline && threshold > plateau {
            let q = (baseline - threshold) / span;
            let x = if exponential {
                -(1.0 - q).ln()
            } else {
                inverse_smoothstep(q)
            };
            ((hit_day - lag) / x.max(0.05)).max(if exponential { 1.0 } else { 7.0 })
        } else {
            fallback_duration
        };
        Self::towards(baseline, plateau, lag, duration, exponential)
    }

    /// A course from `baseline` to `target` over `duration` days after `lag` (exponential:
    /// `duration` is the time constant).
    pub fn towards(baseline: f64, target: f64, lag: f64, duration: f64, exponential: bool) -> Self {
        Self {
            segments: vec![Segment {
                from_day: 0.0,
                from_value: baseline,
                target,
                lag,
                duration,
                exponential,
            }],
        }
    }

    /// Adds a move towards `target` from `day` on (after `lag`, over `duration` days), in the
    /// shape of the course's first segment.
    pub fn then(&mut self, day: f64, target: f64, lag: f64, duration: f64) {
        let from_value = self.value(day);
        let exponential = self.segments.first().is_some_and(|s| s.exponential);
        self.segments.retain(|s| s.from_day < day);
        self.segments.push(Segment {
            from_day: day,
            from_value,
            target,
            lag,
            duration: if exponential {
                duration / 3.0
            } else {
                duration
            },
            exponential,
        });
    }

    /// The severity on study day `day`.
    pub fn value(&self, day: f64) -> f64 {
        self.segments
            .iter()
            .rev()
            .find(|s| s.from_day <= day)
            .or(self.segments.first())
            .map_or(0.0, |s| s.value(day))
    }
}

/// After a stop: the severity stays at `from_value` for `onset` days, then returns to `natural`
/// over `duration` days.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Relapse {
    /// Severity on the day of the stop.
    pub from_value: f64,
    /// The untreated level it returns to.
    pub natural: f64,
    /// Days of remission before it returns.
    pub onset: f64,
    /// Days the return takes.
    pub duration: f64,
}

impl Relapse {
    /// Severity `days` after the stop.
    pub fn value(&self, days: f64) -> f64 {
        let x = (days - self.onset) / self.duration.max(1.0);
        self.from_value + (self.natural - self.from_value) * smoothstep(x)
    }
}

/// 3x² − 2x³ on [0, 1], 0 before and 1 after.
pub fn smoothstep(x: f64) -> f64 {
    let x = x.clamp(0.0, 1.0);
    x * x * (3.0 - 2.0 * x)
}

/// The x in [0, 1] with `smoothstep(x) = q` (bisection).
fn inverse_smoothstep(q: f64) -> f64 {
    let q = q.clamp(0.0, 1.0);
    let (mut lo, mut hi) = (0.0, 1.0);
    for _ in 0..40 {
        let mid = (lo + hi) / 2.0;
        if smoothstep(mid) < q {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    (lo + hi) / 2.0
}
