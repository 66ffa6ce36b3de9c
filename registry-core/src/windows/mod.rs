//! Nominal visits and their windows of study days (CLINICAL.md §5), the choice of one visit per
//! window and of the baseline assessment, and whether a window is due at a data cut.
//!
//! Day 0 is the treatment start ([`crate::time::study_day`]). Windows begin at day 14; earlier
//! days are the baseline region. Up to week 104 the windows are the tabulated ones of each
//! diagnosis; after that there is a nominal visit every 26 weeks (target = week × 7) whose window
//! runs from 91 days before to 90 days after its target, the halfway day going to the later
//! window as in the tabulated ones (AD W8 starts on day 42, halfway between 28 and 56):
//! W130 819–1000, W156 1001–1182, W182 1183–1364, … *(project convention)*. So the windows of a
//! diagnosis partition every day from 14 on, without gap or overlap.

mod assign;
mod baseline;

pub use assign::{assign_windows, assign_windows_by};
pub use baseline::{
    BASELINE_AFTER_START, BASELINE_BEFORE_START, Baseline, BaselineSource, NoBaseline, baseline,
    baseline_by, choose_baseline,
};

use serde::Serialize;

use crate::patient::Diagnosis;

/// The first study day that lies in a window; days before it are the baseline region.
pub const FIRST_WINDOW_DAY: i64 = 14;

/// Weeks between the nominal visits after week 104.
pub const LATER_INTERVAL_WEEKS: u32 = 26;

/// Tabulated windows of atopic dermatitis: (week, first day, last day).
const AD_WINDOWS: [(u32, i64, i64); 7] = [
    (4, 14, 41),
    (8, 42, 83),
    (16, 84, 153),
    (28, 154, 279),
    (52, 280, 447),
    (76, 448, 629),
    (104, 630, 818),
];

/// Tabulated windows of alopecia areata: (week, first day, last day).
const AA_WINDOWS: [(u32, i64, i64); 7] = [
    (4, 14, 55),
    (12, 56, 125),
    (24, 126, 209),
    (36, 210, 307),
    (52, 308, 454),
    (78, 455, 636),
    (104, 637, 818),
];

/// The last tabulated week; later visits follow every [`LATER_INTERVAL_WEEKS`].
const LAST_TABULATED_WEEK: u32 = 104;
/// The last day of the week-104 window (the same for both diagnoses).
const LAST_TABULATED_DAY: i64 = 818;
/// A later window ends this many days after its target.
const LATER_DAYS_AFTER_TARGET: i64 = 90;
/// Days between later targets (26 weeks).
const LATER_INTERVAL_DAYS: i64 = LATER_INTERVAL_WEEKS as i64 * 7;

/// A nominal visit (week) with its window of study days, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct NominalWindow {
    week: u32,
    from_day: i64,
    to_day: i64,
    target_day: i64,
}

impl NominalWindow {
    /// The nominal week (`4`, `12`, `104`, `130`, …).
    pub fn week(self) -> u32 {
        self.week
    }

    /// First study day of the window.
    pub fn from_day(self) -> i64 {
        self.from_day
    }

    /// Last study day of the window (included).
    pub fn to_day(self) -> i64 {
        self.to_day
    }

    /// The nominal study day of the visit: week × 7.
    pub fn target_day(self) -> i64 {
        self.target_day
    }

    /// True when `study_day` lies in the window.
    pub fn contains(self, study_day: i64) -> bool {
        (self.from_day..=self.to_day).contains(&study_day)
    }

    /// The label used in reports (`W24`).
    pub fn label(self) -> String {
        format!("W{}", self.week)
    }

    /// True when the whole window has passed at the data cut (`to_day ≤ cut_day`), so a patient
    /// still on follow-up without an assessment in it counts as missing (non-responder
    /// imputation); a window not yet due is left out.
    pub fn is_due(self, cut_day: i64) -> bool {
        self.to_day <= cut_day
    }

    /// A window from a tabulated row.
    fn tabulated((week, from_day, to_day): (u32, i64, i64)) -> Self {
        Self {
            week,
            from_day,
            to_day,
            target_day: i64::from(week) * 7,
        }
    }

    /// The `k`-th window after week 104 (`k ≥ 1`): week 104 + 26k.
    fn later(k: i64) -> Option<Self> {
        if k < 1 {
            return None;
        }
        let week = i64::from(LAST_TABULATED_WEEK).checked_add(k.checked_mul(26)?)?;
        let week = u32::try_from(week).ok()?;
        let target_day = i64::from(week) * 7;
        let to_day = target_day + LATER_DAYS_AFTER_TARGET;
        let from_day = if k == 1 {
            LAST_TABULATED_DAY + 1
        } else {
            to_day - LATER_INTERVAL_DAYS + 1
        };
        Some(Self {
            week,
            from_day,
            to_day,
            target_day,
        })
    }
}

/// The tabulated windows (up to week 104) of a diagnosis.
fn tabulated(diagnosis: Diagnosis) -> &'static [(u32, i64, i64); 7] {
    match diagnosis {
        Diagnosis::Ad => &AD_WINDOWS,
        Diagnosis::Aa => &AA_WINDOWS,
    }
}

/// The window that `study_day` falls in, or `None` before day 14 (the baseline region).
pub fn nominal_window(diagnosis: Diagnosis, study_day: i64) -> Option<NominalWindow> {
    if study_day < FIRST_WINDOW_DAY {
        return None;
    }
    if study_day <= LAST_TABULATED_DAY {
        return tabulated(diagnosis)
            .iter()
            .find(|(_, from, to)| (*from..=*to).contains(&study_day))
            .map(|row| NominalWindow::tabulated(*row));
    }
    // The k-th later window starts on day 819 + 182(k − 1).
    let past = study_day - (LAST_TABULATED_DAY + 1);
    NominalWindow::later(past / LATER_INTERVAL_DAYS + 1)
}

/// The window of nominal `week` for a diagnosis, or `None` when that week is no nominal visit.
pub fn window_for_week(diagnosis: Diagnosis, week: u32) -> Option<NominalWindow> {
    if week <= LAST_TABULATED_WEEK {
        return tabulated(diagnosis)
            .iter()
            .find(|(w, _, _)| *w == week)
            .map(|row| NominalWindow::tabulated(*row));
    }
    let after = week - LAST_TABULATED_WEEK;
    if !after.is_multiple_of(LATER_INTERVAL_WEEKS) {
        return None;
    }
    NominalWindow::later(i64::from(after / LATER_INTERVAL_WEEKS))
}

/// Every window of a diagnosis in order (W4, …, W104, W130, …); the sequence does not end.
pub fn windows(diagnosis: Diagnosis) -> impl Iterator<Item = NominalWindow> {
    let fixed = tabulated(diagnosis)
        .iter()
        .map(|row| NominalWindow::tabulated(*row));
    fixed.chain((1..).map_while(NominalWindow::later))
}

/// The windows that are due at a data cut on study day `cut_day` (window end ≤ cut day), in order.
pub fn due_windows(diagnosis: Diagnosis, cut_day: i64) -> Vec<NominalWindow> {
    windows(diagnosis)
        .take_while(|w| w.is_due(cut_day))
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests;
