//! A patient's stored records as the analyses read them: one [`Course`] per treatment episode,
//! placed by the patient's [`Timeline`] (registry-core) — the one place where visits meet their
//! episode, study day, nominal window and baseline. Releases build their `episodes` and `visits`
//! rows from the same timeline, so the analyses of a release follow exactly its rows; the
//! analyses endpoint and `registry analyse` use it on the cohort they read.

use std::sync::Arc;

use chrono::NaiveDate;
use registry_core::catalogue::Drug;
use registry_core::responses::VisitScores;
use registry_core::store::cohort::PatientRecords;
use registry_core::time::study_day;
use registry_core::timeline::Timeline;
use registry_core::treatment::StopReason;
use registry_core::visit::EpisodeSpan;

use super::course::{Assessment, BaselineValues, Course};

/// The courses of one patient's episodes (in the order of its records: by start), the patient
/// named `patient` (a release's pseudonym, or any stable label), with the data cut `data_cut`.
///
/// An episode of a drug outside the catalogue, and every episode of a patient whose diagnosis
/// is not known, are left out (the store refuses both, so only a damaged database has them);
/// visits whose stored scores do not parse count as visits without scores.
pub fn courses_of(records: &PatientRecords, patient: Arc<str>, data_cut: NaiveDate) -> Vec<Course> {
    let Ok(diagnosis) = records.patient.diagnosis() else {
        return Vec::new();
    };
    let spans: Vec<EpisodeSpan> = records.episodes.iter().map(|(e, ..)| e.span()).collect();
    let scored: Vec<(NaiveDate, VisitScores)> = records
        .visits
        .iter()
        .map(|v| (v.visit_date, v.scores().unwrap_or_default()))
        .collect();
    let timeline = Timeline::build(diagnosis, &spans, &scored);
    let mut previous_drug: Option<Drug> = None;
    let mut courses = Vec::with_capacity(records.episodes.len());
    for (k, ((row, doses, _), course)) in
        records.episodes.iter().zip(timeline.episodes()).enumerate()
    {
        let Some(drug) = Drug::parse(&row.drug) else {
            continue;
        };
        let start = row.start_date;
        let assessments = course
            .on_treatment
            .iter()
            .filter_map(|&i| {
                let place = timeline.place(i)?;
                let scores = &scored[i].1;
                Some(Assessment {
                    day: place.study_day,
                    week: place.window.map(|w| w.week()),
                    window_visit: course.windows.iter().any(|(_, at)| *at == i),
                    salt: scores.salt.as_ref().map(|s| s.total()),
                    easi: scores.easi.as_ref().map(|e| e.total()),
                    responses: timeline.responses(i, scores)?,
                })
            })
            .collect();
        let baseline = &course.baseline.scores;
        courses.push(Course {
            patient: Arc::clone(&patient),
            episode: u32::try_from(k + 1).unwrap_or(u32::MAX),
            diagnosis,
            drug,
            episode_number: u32::try_from(row.episode_number.max(1)).unwrap_or(1),
            previous_drug,
            stop: row.stop_date.map(|stop| {
                let reason = row
                    .stop_reason
                    .as_deref()
                    .and_then(StopReason::parse)
                    .unwrap_or(StopReason::Other);
                (study_day(start, stop), reason)
            }),
            follow_up_day: course.follow_up_end(data_cut),
            cut_day: study_day(start, data_cut),
            taper_day: doses
                .iter()
                .filter(|d| d.is_taper)
                .map(|d| study_day(start, d.effective_date))
                .min(),
            baseline: BaselineValues {
                salt: baseline.salt.as_ref().map(|s| s.total()),
                easi: baseline.easi.as_ref().map(|e| e.total()),
                pp_nrs: baseline.pp_nrs.map(|p| p.value()),
                viga: baseline.viga_ad.map(|v| v.grade()),
            },
            assessments,
        });
        previous_drug = Some(drug);
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
