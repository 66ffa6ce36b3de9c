//! One visit per nominal window: the visit closest to the target day wins, ties to the earlier.

use std::collections::BTreeMap;

use super::{NominalWindow, nominal_window};
use crate::patient::Diagnosis;

/// For every window that holds at least one visit, the index (into `visits`) of the visit that
/// represents it: the one closest to the target day; on a tie the earlier day, then the earlier
/// index. Visits before day 14 take no window. The result is ordered by week.
pub fn assign_windows<T>(diagnosis: Diagnosis, visits: &[(i64, T)]) -> Vec<(NominalWindow, usize)> {
    assign_windows_by(diagnosis, visits, |(day, _)| *day)
}

/// [`assign_windows`] over any visit type, reading its study day with `study_day`.
pub fn assign_windows_by<T>(
    diagnosis: Diagnosis,
    visits: &[T],
    study_day: impl Fn(&T) -> i64,
) -> Vec<(NominalWindow, usize)> {
    let mut chosen: BTreeMap<u32, (NominalWindow, usize, i64)> = BTreeMap::new();
    for (index, visit) in visits.iter().enumerate() {
        let day = study_day(visit);
        let Some(window) = nominal_window(diagnosis, day) else {
            continue;
        };
        let rank = |d: i64, i: usize| ((d - window.target_day()).abs(), d, i);
        chosen
            .entry(window.week())
            .and_modify(|best| {
                if rank(day, index) < rank(best.2, best.1) {
                    *best = (window, index, day);
                }
            })
            .or_insert((window, index, day));
    }
    chosen
        .into_values()
        .map(|(window, index, _)| (window, index))
        .collect()
}
