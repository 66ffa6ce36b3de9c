//! Reads the stored rows of a patient back as the analyses will, through the patient's
//! [`Timeline`]: each visit's episode, each episode's baseline per score, its on-treatment visits
//! by study day, and the visit representing each nominal window. The report measures the
//! generated cohort with these, so its figures follow the registry's own rules.

use chrono::NaiveDate;
use registry_core::catalogue::Drug;
use registry_core::patient::Diagnosis;
use registry_core::responses::VisitScores;
use registry_core::store::treatments::EpisodeRow;
use registry_core::time::study_day;
use registry_core::timeline::Timeline;
use registry_core::visit::{EpisodeBaseline, EpisodeSpan};

use super::write::Written;

/// One episode as the analyses see it.
pub struct EpisodeView<'a> {
    /// The stored episode.
    pub row: &'a EpisodeRow,
    /// Its drug.
    pub drug: Drug,
    /// Age at the start, completed years.
    pub age: u32,
    /// Baseline of each score.
    pub baseline: EpisodeBaseline,
    /// On-treatment visits (study day ≥ 1, up to the stop): day and scores.
    pub visits: Vec<(i64, VisitScores)>,
    /// Stop: study day and reason code.
    pub stop: Option<(i64, String)>,
    /// Study day of the data cut.
    pub cut_day: i64,
    /// For each nominal week with a visit, the index into `visits`.
    pub windows: Vec<(u32, usize)>,
}

impl EpisodeView<'_> {
    /// The scores of the visit representing week `week`, if any.
    pub fn at_week(&self, week: u32) -> Option<&VisitScores> {
        self.windows
            .iter()
            .find(|(w, _)| *w == week)
            .and_then(|(_, i)| self.visits.get(*i))
            .map(|(_, s)| s)
    }

    /// Last observation carried forward into the window of `week` (CLINICAL.md §6, LOCF): when
    /// the window holds no value, the last on-treatment value before it, provided the episode was
    /// still on treatment and followed up through the window.
    pub fn carried<T>(
        &self,
        diagnosis: Diagnosis,
        week: u32,
        value: impl Fn(&VisitScores) -> Option<T>,
    ) -> Option<T> {
        if let Some(v) = self.at_week(week).and_then(&value) {
            return Some(v);
        }
        let window = registry_core::windows::window_for_week(diagnosis, week)?;
        let treated_until = self.stop.as_ref().map_or(self.cut_day, |s| s.0);
        if treated_until < window.to_day() {
            return None;
        }
        self.visits
            .iter()
            .rev()
            .filter(|(day, _)| *day < window.from_day())
            .find_map(|(_, s)| value(s))
    }

    /// True when the window of `week` has passed at the data cut.
    pub fn due(&self, diagnosis: Diagnosis, week: u32) -> bool {
        registry_core::windows::window_for_week(diagnosis, week)
            .is_some_and(|w| w.is_due(self.cut_day))
    }

    /// The start dose as text (`4 mg`).
    pub fn dose(&self) -> String {
        match (&self.row.dose_amount, &self.row.dose_unit) {
            (Some(a), Some(u)) => format!("{a} {u}"),
            _ => String::new(),
        }
    }

    /// Years on the drug up to its stop or the data cut.
    pub fn exposure_years(&self) -> f64 {
        self.stop.as_ref().map_or(self.cut_day, |s| s.0) as f64 / 365.25
    }
}

/// The episodes of a stored patient with `diagnosis`, with the data cut `until`, placed by the
/// patient's [`Timeline`].
pub fn episodes(w: &Written, diagnosis: Diagnosis, until: NaiveDate) -> Vec<EpisodeView<'_>> {
    let birth = w.patient.birth_month().ok();
    let spans: Vec<EpisodeSpan> = w.episodes.iter().map(|(e, ..)| e.span()).collect();
    let scored: Vec<(NaiveDate, VisitScores)> = w
        .visits
        .iter()
        .filter_map(|v| v.scores().ok().map(|s| (v.visit_date, s)))
        .collect();
    let timeline = Timeline::build(diagnosis, &spans, &scored);
    w.episodes
        .iter()
        .zip(timeline.episodes())
        .filter_map(|((row, ..), course)| {
            let drug = Drug::parse(&row.drug)?;
            let start = row.start_date;
            let visits: Vec<(i64, VisitScores)> = course
                .on_treatment
                .iter()
                .map(|&i| (course.study_day(scored[i].0), scored[i].1.clone()))
                .collect();
            let windows = course
                .windows
                .iter()
                .filter_map(|(w, i)| {
                    let at = course.on_treatment.iter().position(|j| j == i)?;
                    Some((w.week(), at))
                })
                .collect();
            Some(EpisodeView {
                row,
                drug,
                age: birth.and_then(|b| b.age_years(start)).unwrap_or(0),
                baseline: course.baseline.clone(),
                visits,
                stop: row.stop_date.map(|d| {
                    (
                        study_day(start, d),
                        row.stop_reason.clone().unwrap_or_default(),
                    )
                }),
                cut_day: study_day(start, until),
                windows,
            })
        })
        .collect()
}
