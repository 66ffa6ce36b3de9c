//! The baseline assessment of an outcome (CLINICAL.md §5): the latest assessment in
//! [day −30, day 0]; if none, the earliest in [day 1, day 7]; otherwise the episode has no
//! baseline and relative outcomes (EASI-75, SALT50, …) are not evaluable.
//!
//! The choice is made per instrument: the caller passes the study days on which that instrument
//! was measured, so a visit without EASI does not become the EASI baseline.

use std::ops::RangeInclusive;

use serde::Serialize;

/// Study days searched first, latest wins: [day −30, day 0].
pub const BASELINE_BEFORE_START: RangeInclusive<i64> = -30..=0;

/// Study days searched when nothing lies before the start, earliest wins: [day 1, day 7].
pub const BASELINE_AFTER_START: RangeInclusive<i64> = 1..=7;

/// The index of the baseline among assessments on `study_days`, or `None` when there is none
/// (relative outcomes are not evaluable). Two assessments on the same day: the first listed wins.
pub fn choose_baseline(study_days: &[i64]) -> Option<usize> {
    let in_range = |range: &RangeInclusive<i64>| {
        let range = range.clone();
        study_days
            .iter()
            .enumerate()
            .filter(move |(_, day)| range.contains(day))
    };
    let latest_before = in_range(&BASELINE_BEFORE_START)
        .max_by_key(|(index, day)| (**day, std::cmp::Reverse(*index)))
        .map(|(index, _)| index);
    latest_before.or_else(|| {
        in_range(&BASELINE_AFTER_START)
            .min_by_key(|(index, day)| (**day, *index))
            .map(|(index, _)| index)
    })
}

/// Which rule found the baseline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BaselineSource {
    /// The latest assessment in [day −30, day 0].
    BeforeStart,
    /// No assessment before the start: the earliest in [day 1, day 7].
    AfterStart,
}

/// The baseline assessment of an outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Baseline<'a, T> {
    /// Index of the assessment in the caller's slice.
    pub index: usize,
    /// Its study day.
    pub study_day: i64,
    /// The assessment itself.
    pub value: &'a T,
    /// Which rule found it.
    pub source: BaselineSource,
}

/// No assessment between day −30 and day 7: relative outcomes are not evaluable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error(
    "no assessment between day -30 and day 7: there is no baseline, so relative outcomes are not evaluable"
)]
pub struct NoBaseline;

/// The baseline among `(study_day, assessment)` pairs of one instrument.
pub fn baseline<T>(assessments: &[(i64, T)]) -> Result<Baseline<'_, T>, NoBaseline> {
    let found = baseline_by(assessments, |(day, _)| *day)?;
    Ok(Baseline {
        index: found.index,
        study_day: found.study_day,
        value: &found.value.1,
        source: found.source,
    })
}

/// The baseline among assessments of one instrument, reading each study day with `study_day`.
pub fn baseline_by<T>(
    assessments: &[T],
    study_day: impl Fn(&T) -> i64,
) -> Result<Baseline<'_, T>, NoBaseline> {
    let days: Vec<i64> = assessments.iter().map(&study_day).collect();
    let index = choose_baseline(&days).ok_or(NoBaseline)?;
    let value = assessments.get(index).ok_or(NoBaseline)?;
    let day = study_day(value);
    let source = if BASELINE_BEFORE_START.contains(&day) {
        BaselineSource::BeforeStart
    } else {
        BaselineSource::AfterStart
    };
    Ok(Baseline {
        index,
        study_day: day,
        value,
        source,
    })
}
