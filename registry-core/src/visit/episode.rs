//! Which treatment episode a visit belongs to, and the baseline of each score in that episode
//! (CLINICAL.md §5): per instrument, the latest assessment in [day −30, day 0], else the
//! earliest in [day 1, day 7].

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::responses::VisitScores;
use crate::time::study_day;
use crate::windows::BASELINE_BEFORE_START;
use crate::windows::choose_baseline;

/// The dates an episode covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EpisodeSpan {
    /// Start (day 0).
    pub start: NaiveDate,
    /// Stop, if stopped.
    pub stop: Option<NaiveDate>,
}

/// The episode a visit on `date` belongs to: one on treatment that day (the latest started when
/// several overlap), otherwise the earliest one starting within 30 days (a baseline visit).
pub fn episode_for_date(episodes: &[EpisodeSpan], date: NaiveDate) -> Option<usize> {
    let on_treatment = episodes
        .iter()
        .enumerate()
        .filter(|(_, e)| e.start <= date && e.stop.is_none_or(|s| date <= s))
        .max_by_key(|(i, e)| (e.start, *i))
        .map(|(i, _)| i);
    on_treatment.or_else(|| {
        episodes
            .iter()
            .enumerate()
            .filter(|(_, e)| BASELINE_BEFORE_START.contains(&study_day(e.start, date)))
            .min_by_key(|(i, e)| (e.start, *i))
            .map(|(i, _)| i)
    })
}

/// The baseline value of every score of an episode, and the date each was taken.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct EpisodeBaseline {
    /// Baseline scores; `None` where the episode has no baseline for that score.
    #[serde(skip)]
    pub scores: VisitScores,
    /// The date of each baseline (`salt`, `easi`, `pp_nrs`, `viga`, `eyebrows`, `eyelashes`).
    pub dates: BTreeMap<&'static str, NaiveDate>,
}

/// Picks one baseline value among `visits` (date, value) for an episode starting on `start`.
fn pick<T: Clone>(start: NaiveDate, visits: &[(NaiveDate, Option<T>)]) -> Option<(NaiveDate, T)> {
    let present: Vec<(NaiveDate, &T)> = visits
        .iter()
        .filter_map(|(d, v)| v.as_ref().map(|v| (*d, v)))
        .collect();
    let days: Vec<i64> = present.iter().map(|(d, _)| study_day(start, *d)).collect();
    choose_baseline(&days).map(|i| (present[i].0, present[i].1.clone()))
}

/// The baselines of an episode starting on `start`, from the patient's visits (any order).
pub fn episode_baseline(start: NaiveDate, visits: &[(NaiveDate, &VisitScores)]) -> EpisodeBaseline {
    let mut out = EpisodeBaseline::default();
    macro_rules! baseline {
        ($field:ident) => {{
            let values: Vec<_> = visits.iter().map(|(d, s)| (*d, s.$field.clone())).collect();
            if let Some((date, value)) = pick(start, &values) {
                out.dates.insert(stringify!($field), date);
                out.scores.$field = Some(value);
            }
        }};
    }
    baseline!(salt);
    baseline!(easi);
    baseline!(pp_nrs);
    baseline!(viga_ad);
    baseline!(eyebrows);
    baseline!(eyelashes);
    out
}
