//! A patient's stored records as the analyses read them: one [`Course`] per treatment episode,
//! placed by the patient's [`Timeline`] (registry-core) — the one place where visits meet their
//! episode, study day, nominal window and baseline. A release builds its `episodes` and `visits`
//! rows from the same timeline and its courses with [`course`], so the analyses of a release
//! follow exactly its rows; the analyses endpoint uses [`courses_of`] on the cohort it reads.
//!
//! The data cut bounds everything, as in a release: episodes starting after it, and visits and
//! dose changes dated after it, are left out, and a stop after it is not a stop (the episode was
//! on treatment at the cut).

use std::sync::Arc;

use chrono::NaiveDate;
use registry_core::catalogue::Drug;
use registry_core::responses::VisitScores;
use registry_core::store::cohort::PatientRecords;
use registry_core::store::patients::PatientRow;
use registry_core::store::treatments::StoredHistory;
use registry_core::store::visits::VisitRecord;
use registry_core::time::study_day;
use registry_core::timeline::Timeline;
use registry_core::treatment::StopReason;
use registry_core::visit::EpisodeSpan;

use super::course::{Assessment, BaselineValues, Course};

/// The span of an episode as seen at the data cut: a stop after the cut is not known yet.
pub fn span_at_cut(history: &StoredHistory, data_cut: NaiveDate) -> EpisodeSpan {
    let row = &history.0;
    EpisodeSpan {
        start: row.start_date,
        stop: row.stop_date.filter(|s| *s <= data_cut),
    }
}

/// The course of episode `k` of `timeline` (built from `scored` visits and the spans of the
/// patient's episodes at the cut), stored as `history`, after an episode of `previous_drug`.
/// `None` for a drug outside the catalogue (the store refuses it, so only a damaged database
/// has one).
pub fn course(
    timeline: &Timeline,
    k: usize,
    history: &StoredHistory,
    scored: &[(NaiveDate, VisitScores)],
    previous_drug: Option<Drug>,
    data_cut: NaiveDate,
) -> Option<Course> {
    let (row, doses, _) = history;
    let placed = timeline.episodes().get(k)?;
    let drug = Drug::parse(&row.drug)?;
    let start = row.start_date;
    let assessments = placed
        .on_treatment
        .iter()
        .filter_map(|&i| {
            let place = timeline.place(i)?;
            let scores = &scored.get(i)?.1;
            Some(Assessment {
                day: place.study_day,
                week: place.window.map(|w| w.week()),
                window_visit: placed.windows.iter().any(|(_, at)| *at == i),
                salt: scores.salt.as_ref().map(|s| s.total()),
                easi: scores.easi.as_ref().map(|e| e.total()),
                responses: timeline.responses(i, scores)?,
            })
        })
        .collect();
    let baseline = &placed.baseline.scores;
    Some(Course {
        patient: Arc::from(""),
        episode: u32::try_from(k + 1).unwrap_or(u32::MAX),
        diagnosis: timeline.diagnosis(),
        drug,
        episode_number: u32::try_from(row.episode_number.max(1)).unwrap_or(1),
        previous_drug,
        stop: row.stop_date.filter(|s| *s <= data_cut).map(|stop| {
            let reason = row
                .stop_reason
                .as_deref()
                .and_then(StopReason::parse)
                .unwrap_or(StopReason::Other);
            (study_day(start, stop), reason)
        }),
        follow_up_day: placed.follow_up_end(data_cut),
        cut_day: study_day(start, data_cut),
        taper_day: doses
            .iter()
            .filter(|d| d.is_taper && d.effective_date <= data_cut)
            .map(|d| study_day(start, d.effective_date))
            .min(),
        baseline: BaselineValues {
            salt: baseline.salt.as_ref().map(|s| s.total()),
            easi: baseline.easi.as_ref().map(|e| e.total()),
            pp_nrs: baseline.pp_nrs.map(|p| p.value()),
            viga: baseline.viga_ad.map(|v| v.grade()),
        },
        assessments,
    })
}

/// The courses of one patient's episodes started by the data cut (in the order of its records:
/// by start), the patient named `patient` (a release's pseudonym, or any stable label).
///
/// Every episode of a patient whose diagnosis is not known is left out (the store refuses one);
/// visits whose stored scores do not parse count as visits without scores.
pub fn courses_of(records: &PatientRecords, patient: Arc<str>, data_cut: NaiveDate) -> Vec<Course> {
    courses(
        &records.patient,
        &records.episodes,
        &records.visits,
        patient,
        data_cut,
    )
}

/// [`courses_of`] for a patient given by its parts: the patient row, its episodes (by start) and
/// its visits (by date) — for callers that hold a patient's records in another shape.
pub fn courses(
    patient_row: &PatientRow,
    episodes: &[StoredHistory],
    visits: &[VisitRecord],
    patient: Arc<str>,
    data_cut: NaiveDate,
) -> Vec<Course> {
    let Ok(diagnosis) = patient_row.diagnosis() else {
        return Vec::new();
    };
    let episodes: Vec<&StoredHistory> = episodes
        .iter()
        .filter(|(e, ..)| e.start_date <= data_cut)
        .collect();
    let spans: Vec<EpisodeSpan> = episodes.iter().map(|h| span_at_cut(h, data_cut)).collect();
    let scored: Vec<(NaiveDate, VisitScores)> = visits
        .iter()
        .filter(|v| v.visit_date <= data_cut)
        .map(|v| (v.visit_date, v.scores().unwrap_or_default()))
        .collect();
    let timeline = Timeline::build(diagnosis, &spans, &scored);
    let mut previous_drug: Option<Drug> = None;
    let mut courses = Vec::with_capacity(episodes.len());
    for (k, history) in episodes.into_iter().enumerate() {
        if let Some(mut c) = course(&timeline, k, history, &scored, previous_drug, data_cut) {
            c.patient = Arc::clone(&patient);
            previous_drug = Some(c.drug);
            courses.push(c);
        }
    }
    courses
}

/// The courses of every patient of a cohort, each named by `name` (its pseudonym in a release),
/// in the cohort's order.
pub fn courses_of_cohort<'a>(
    patients: impl IntoIterator<Item = &'a PatientRecords>,
    mut name: impl FnMut(&PatientRecords) -> Arc<str>,
    data_cut: NaiveDate,
) -> Vec<Course> {
    patients
        .into_iter()
        .flat_map(|p| {
            let label = name(p);
            courses_of(p, label, data_cut)
        })
        .collect()
}
