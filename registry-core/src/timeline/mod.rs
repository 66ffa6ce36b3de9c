//! A patient's course as every reader sees it (CLINICAL.md §5): which treatment episode each
//! visit belongs to, its study day and nominal window, each episode's baseline per score, the
//! episode's on-treatment visits and the visit that represents each window, and the responses of
//! a visit against its episode's baseline.
//!
//! One implementation for every caller: the API shows a visit with it, the alerts find missing
//! baselines with it, the release and the analyses derive study days, windows and responses with
//! it, the demo measures its cohort with it. It is pure: the caller loads the episodes and the
//! dated scores (a patient's, from the store's readers) and builds a [`Timeline`] once.
//!
//! ```
//! use chrono::NaiveDate;
//! use registry_core::instruments::salt::Salt;
//! use registry_core::patient::Diagnosis;
//! use registry_core::responses::{Response, VisitScores};
//! use registry_core::timeline::Timeline;
//! use registry_core::visit::EpisodeSpan;
//! use rust_decimal_macros::dec;
//!
//! let date = |s: &str| s.parse::<NaiveDate>().unwrap();
//! let salt = |t| VisitScores { salt: Some(Salt::from_total(t).unwrap()), ..Default::default() };
//! let episodes = [EpisodeSpan { start: date("2025-01-01"), stop: None }];
//! let visits = [(date("2024-12-20"), salt(dec!(80))), (date("2025-06-20"), salt(dec!(16)))];
//! let timeline = Timeline::build(Diagnosis::Aa, &episodes, &visits);
//! let place = timeline.place(1).unwrap();
//! assert_eq!((place.episode, place.study_day), (0, 170));
//! assert_eq!(place.window.map(|w| w.week()), Some(24));
//! let responses = timeline.responses(1, &visits[1].1).unwrap();
//! assert_eq!(responses.salt_le_20, Response::Responder);
//! assert_eq!(timeline.responses(0, &visits[0].1), None); // the baseline visit itself
//! ```

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests;

use chrono::NaiveDate;

use crate::patient::Diagnosis;
use crate::responses::{VisitResponses, VisitScores};
use crate::time::study_day;
use crate::visit::{EpisodeBaseline, EpisodeSpan, episode_baseline, episode_for_date};
use crate::windows::{NominalWindow, assign_windows_by, nominal_window};

/// Where a visit sits in the patient's course.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VisitPlace {
    /// Index of its episode among the episodes given to [`Timeline::build`].
    pub episode: usize,
    /// Days since that episode's start (day 0 = start; negative before it).
    pub study_day: i64,
    /// The nominal window the day falls in (`None` before day 14).
    pub window: Option<NominalWindow>,
}

impl VisitPlace {
    /// True from day 1 on: an assessment on treatment, not a (candidate) baseline.
    pub fn on_treatment(&self) -> bool {
        self.study_day >= 1
    }
}

/// One episode's part of the course.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EpisodeCourse {
    /// Start and stop.
    pub span: EpisodeSpan,
    /// The baseline of each score: the latest assessment in day −30…0 of this episode, else the
    /// earliest in day 1…7 — from any of the patient's visits, also one before the episode or
    /// one that belongs to the previous episode.
    pub baseline: EpisodeBaseline,
    /// The visits on treatment (belonging to this episode, day ≥ 1), by index, in date order.
    pub on_treatment: Vec<usize>,
    /// For each nominal window holding an on-treatment visit, the visit that represents it (the
    /// one closest to the target day, ties to the earlier), in week order.
    pub windows: Vec<(NominalWindow, usize)>,
}

impl EpisodeCourse {
    /// The study day of `date` in this episode.
    pub fn study_day(&self, date: NaiveDate) -> i64 {
        study_day(self.span.start, date)
    }

    /// The study day of each score's baseline (`salt`, `easi`, `pp_nrs`, …), where it has one.
    pub fn baseline_day(&self, score: &str) -> Option<i64> {
        self.baseline.dates.get(score).map(|d| self.study_day(*d))
    }

    /// The last study day of follow-up on treatment at a data cut: the stop, or the cut when
    /// the episode is still running then.
    pub fn follow_up_end(&self, data_cut: NaiveDate) -> i64 {
        let end = self.span.stop.map_or(data_cut, |stop| stop.min(data_cut));
        self.study_day(end)
    }

    /// The visit representing nominal week `week`, if the window holds an on-treatment visit.
    pub fn visit_at_week(&self, week: u32) -> Option<usize> {
        self.windows
            .iter()
            .find(|(w, _)| w.week() == week)
            .map(|(_, i)| *i)
    }
}

/// A patient's episodes and visits, placed. Visits are referred to by their index in the slice
/// given to [`Timeline::build`]; episodes likewise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timeline {
    diagnosis: Diagnosis,
    episodes: Vec<EpisodeCourse>,
    places: Vec<Option<VisitPlace>>,
}

impl Timeline {
    /// Places every visit (`(date, scores)`, any order) among the patient's `episodes`: a visit
    /// belongs to the episode on treatment that day (the latest started when several overlap),
    /// else to the earliest starting within 30 days after it; otherwise to none.
    pub fn build(
        diagnosis: Diagnosis,
        episodes: &[EpisodeSpan],
        visits: &[(NaiveDate, VisitScores)],
    ) -> Self {
        let dated: Vec<(NaiveDate, &VisitScores)> = visits.iter().map(|(d, s)| (*d, s)).collect();
        Self::build_ref(diagnosis, episodes, &dated)
    }

    /// [`Timeline::build`] over borrowed scores.
    pub fn build_ref(
        diagnosis: Diagnosis,
        episodes: &[EpisodeSpan],
        visits: &[(NaiveDate, &VisitScores)],
    ) -> Self {
        let places: Vec<Option<VisitPlace>> = visits
            .iter()
            .map(|(date, _)| {
                episode_for_date(episodes, *date).map(|episode| {
                    let day = study_day(episodes[episode].start, *date);
                    VisitPlace {
                        episode,
                        study_day: day,
                        window: nominal_window(diagnosis, day),
                    }
                })
            })
            .collect();
        let mut order: Vec<usize> = (0..visits.len()).collect();
        order.sort_by_key(|&i| (visits[i].0, i));
        let episodes = episodes
            .iter()
            .enumerate()
            .map(|(k, span)| {
                let on_treatment: Vec<usize> = order
                    .iter()
                    .copied()
                    .filter(|&i| places[i].is_some_and(|p| p.episode == k && p.on_treatment()))
                    .collect();
                let windows = assign_windows_by(diagnosis, &on_treatment, |&i| {
                    places[i].map_or(i64::MIN, |p| p.study_day)
                })
                .into_iter()
                .map(|(window, at)| (window, on_treatment[at]))
                .collect();
                EpisodeCourse {
                    span: *span,
                    baseline: episode_baseline(span.start, visits),
                    on_treatment,
                    windows,
                }
            })
            .collect();
        Self {
            diagnosis,
            episodes,
            places,
        }
    }

    /// The patient's diagnosis (it chooses the windows).
    pub fn diagnosis(&self) -> Diagnosis {
        self.diagnosis
    }

    /// Every episode's course, in the order given.
    pub fn episodes(&self) -> &[EpisodeCourse] {
        &self.episodes
    }

    /// Where visit `visit` sits, or `None` when it belongs to no episode.
    pub fn place(&self, visit: usize) -> Option<VisitPlace> {
        self.places.get(visit).copied().flatten()
    }

    /// The responses of visit `visit` (whose scores are `scores`) against its episode's
    /// baseline; `None` when it belongs to no episode or is not on treatment yet (day ≤ 0: a
    /// candidate baseline, not a response).
    pub fn responses(&self, visit: usize, scores: &VisitScores) -> Option<VisitResponses> {
        let place = self.place(visit).filter(VisitPlace::on_treatment)?;
        let baseline = &self.episodes.get(place.episode)?.baseline;
        Some(VisitResponses::compute(&baseline.scores, scores))
    }
}

impl From<&crate::treatment::Episode> for EpisodeSpan {
    fn from(e: &crate::treatment::Episode) -> Self {
        Self {
            start: e.start(),
            stop: e.stop(),
        }
    }
}
