//! Visit schedules: the nominal study days of each kind of treatment, and the dates a center
//! actually sees the patient (jitter around the target, visits postponed by weeks, visits
//! missed), by the center's habits.
//!
//! Nominal days *(project convention, following the registries' schedules and the windows of
//! CLINICAL.md §5)*: AA at weeks 0, 4, 12, 24, 36, 52, then every 13 weeks (conventional drugs
//! also at weeks 8 and 18, for their safety checks); AD biologics at weeks 0, 4, 8, 16, 28, 40,
//! 52, then every 12 weeks; AD JAK inhibitors and conventional drugs also at week 12.

use chrono::NaiveDate;
use registry_core::catalogue::{Drug, DrugClass};

use super::centers::Center;
use super::rng::{Rng, add_days};

/// One scheduled visit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slot {
    /// The date the visit happens (or would have happened).
    pub date: NaiveDate,
    /// Study day of that date.
    pub day: i64,
    /// True when the patient did not come.
    pub missed: bool,
}

/// Nominal study days up to week 52 and the interval after it.
fn nominal(drug: Drug, aa: bool) -> (&'static [i64], i64) {
    let conventional = drug.class() == DrugClass::Conventional;
    match (aa, conventional, drug.is_jak_inhibitor()) {
        (true, false, _) => (&[0, 28, 84, 168, 252, 364], 91),
        (true, true, _) => (&[0, 28, 56, 84, 126, 168, 252, 364], 91),
        (false, false, false) => (&[0, 28, 56, 112, 196, 280, 364], 84),
        (false, _, _) => (&[0, 28, 56, 84, 112, 196, 280, 364], 84),
    }
}

/// The visits of an episode starting on `start`, up to `until`: day 0 is always attended; later
/// visits move by the center's jitter, are postponed or missed by its habits, and stay in order.
pub fn slots(
    rng: &mut Rng,
    drug: Drug,
    aa: bool,
    start: NaiveDate,
    until: NaiveDate,
    center: &Center,
) -> Vec<Slot> {
    let (fixed, every) = nominal(drug, aa);
    let horizon = (until - start).num_days();
    let targets = fixed
        .iter()
        .copied()
        .chain((1..).map(|k| 364 + k * every))
        .take_while(|d| *d <= horizon.max(0));
    let mut out: Vec<Slot> = Vec::new();
    for target in targets {
        let mut day = target;
        let mut missed = false;
        if target > 0 {
            day += rng.gauss(0.0, center.jitter_days()).round() as i64;
            if rng.chance(center.p_late()) {
                day += rng.int(14, 42);
            }
            missed = rng.chance(center.p_missed());
        }
        if let Some(last) = out.last() {
            day = day.max(last.day + 7);
        }
        if day > horizon {
            break;
        }
        out.push(Slot {
            date: add_days(start, day),
            day,
            missed,
        });
    }
    out
}
