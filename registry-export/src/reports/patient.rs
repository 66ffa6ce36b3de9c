//! One patient of a cohort prepared for the reports: the records dated up to the data cut, the
//! episodes as spans and domain values, and the visits' scores and the [`Timeline`] built once, on
//! first use (the safety report reads no visits and builds none).

use std::cell::OnceCell;

use chrono::NaiveDate;
use rayon::prelude::*;
use registry_core::catalogue::Drug;
use registry_core::labs::Analyte;
use registry_core::monitoring::{
    Check, MonitoringInput, PerformedTest, ScheduledCheck, Timepoint, schedule,
};
use registry_core::patient::Diagnosis;
use registry_core::responses::VisitScores;
use registry_core::store::StoreError;
use registry_core::store::adverse_events::AdverseEventRow;
use registry_core::store::cohort::PatientRecords;
use registry_core::store::labs::LabRecord;
use registry_core::store::treatments::{self, EpisodeRow, StoredHistory};
use registry_core::store::visits::VisitRecord;
use registry_core::timeline::{EpisodeCourse, Timeline};
use registry_core::treatment::Episode;
use registry_core::visit::EpisodeSpan;

use super::{Identify, ReportOptions};

/// A patient's records up to the data cut, placed.
pub(crate) struct Prepared<'a> {
    /// The records as read.
    pub records: &'a PatientRecords,
    /// The name the report shows.
    pub label: String,
    /// The diagnosis.
    pub diagnosis: Diagnosis,
    /// Episodes started by the cut, in the cohort's order.
    pub episodes: Vec<&'a StoredHistory>,
    /// Their spans (as stored: a stop after the cut is kept, follow-up ends at the cut).
    pub spans: Vec<EpisodeSpan>,
    /// Visits up to the cut, by date.
    pub visits: Vec<&'a VisitRecord>,
    /// Labs up to the cut, by date.
    pub labs: Vec<&'a LabRecord>,
    /// Adverse events with onset up to the cut, by onset.
    pub adverse_events: Vec<&'a AdverseEventRow>,
    /// The timeline of the visits above among the episodes above, once built
    /// ([`Prepared::timeline`]).
    timeline: OnceCell<Timeline>,
}

impl<'a> Prepared<'a> {
    /// Prepares `records` for a report at `options.data_cut`.
    pub fn new(records: &'a PatientRecords, options: &ReportOptions) -> Result<Self, StoreError> {
        let cut = options.data_cut;
        let diagnosis = records.patient.diagnosis()?;
        let episodes: Vec<&StoredHistory> = records
            .episodes
            .iter()
            .filter(|(e, ..)| e.start_date <= cut)
            .collect();
        let spans: Vec<EpisodeSpan> = episodes.iter().map(|(e, ..)| e.span()).collect();
        let visits: Vec<&VisitRecord> = records
            .visits
            .iter()
            .filter(|v| v.visit_date <= cut)
            .collect();
        let label = match options.identify {
            Identify::LocalRef => records.patient.local_ref.clone(),
            Identify::RecordId => records.patient.id.clone(),
        };
        Ok(Self {
            records,
            label,
            diagnosis,
            episodes,
            spans,
            visits,
            labs: records
                .labs
                .iter()
                .filter(|l| l.sample_date <= cut)
                .collect(),
            adverse_events: records
                .adverse_events
                .iter()
                .filter(|a| a.onset_date <= cut)
                .collect(),
            timeline: OnceCell::new(),
        })
    }

    /// The timeline of the visits among the episodes (the visits' scores parsed and the timeline
    /// built on the first call); a visit whose stored scores do not parse is a corrupt row.
    pub fn timeline(&self) -> Result<&Timeline, StoreError> {
        if let Some(timeline) = self.timeline.get() {
            return Ok(timeline);
        }
        let scores = self
            .visits
            .iter()
            .map(|v| v.scores())
            .collect::<Result<Vec<_>, _>>()?;
        let dated: Vec<(NaiveDate, &VisitScores)> = self
            .visits
            .iter()
            .zip(&scores)
            .map(|(v, s)| (v.visit_date, s))
            .collect();
        let built = Timeline::build_ref(self.diagnosis, &self.spans, &dated);
        Ok(self.timeline.get_or_init(|| built))
    }

    /// The tests performed up to the cut, for the monitoring schedule.
    pub fn performed(&self) -> Result<Vec<PerformedTest>, StoreError> {
        self.labs
            .iter()
            .map(|l| {
                let analyte = Analyte::parse(&l.analyte).map_err(|_| {
                    StoreError::Corrupt(format!("lab result {}: analyte '{}'", l.id, l.analyte))
                })?;
                Ok(PerformedTest {
                    analyte,
                    date: l.sample_date,
                })
            })
            .collect()
    }

    /// The monitoring schedule of episode `k` judged on `today` (empty unless a JAK inhibitor).
    pub fn schedule(
        &self,
        k: usize,
        performed: &[PerformedTest],
        today: NaiveDate,
    ) -> Result<Vec<ScheduledCheck>, StoreError> {
        let input = MonitoringInput {
            start: self.spans[k].start,
            drug: self.drug(k)?,
            child_bearing_potential: self.records.patient.childbearing_potential.unwrap_or(false),
            performed,
            today,
        };
        Ok(schedule(&input))
    }

    /// The center's code.
    pub fn center(&self) -> &'a str {
        &self.records.center_code
    }

    /// The patient's record id.
    pub fn id(&self) -> &str {
        &self.records.patient.id
    }

    /// Episode `k`'s row.
    pub fn episode(&self, k: usize) -> &'a EpisodeRow {
        &self.episodes[k].0
    }

    /// Episode `k`'s course in the timeline.
    pub fn course(&self, k: usize) -> Result<&EpisodeCourse, StoreError> {
        Ok(&self.timeline()?.episodes()[k])
    }

    /// Episode `k` as the domain value (with its doses and interruptions).
    pub fn domain_episode(&self, k: usize) -> Result<Episode, StoreError> {
        let (row, doses, pauses) = self.episodes[k];
        treatments::episode(row, doses, pauses)
    }

    /// Episode `k`'s drug; an unknown code is a corrupt row.
    pub fn drug(&self, k: usize) -> Result<Drug, StoreError> {
        let row = self.episode(k);
        Drug::parse(&row.drug).ok_or_else(|| {
            StoreError::Corrupt(format!("treatment episode {}: drug '{}'", row.id, row.drug))
        })
    }

    /// The indices of the episodes the report covers (drug filter).
    pub fn reported_episodes(&self, options: &ReportOptions) -> Vec<usize> {
        (0..self.episodes.len())
            .filter(|&k| options.reports_drug(&self.episode(k).drug))
            .collect()
    }

    /// The last day of episode `k`'s follow-up at the cut: its stop, or the cut.
    pub fn follow_up_end(&self, k: usize, cut: NaiveDate) -> NaiveDate {
        self.spans[k].stop.map_or(cut, |s| s.min(cut))
    }

    /// True when episode `k` is still running at the cut.
    pub fn ongoing(&self, k: usize, cut: NaiveDate) -> bool {
        self.spans[k].stop.is_none_or(|s| s >= cut)
    }
}

/// Prepares every patient of `cohort` and runs `f` on it, on every core (a patient's work
/// depends on no other patient's): each patient with its result, in the cohort's order.
pub(crate) fn each_patient<'a, T: Send>(
    patients: &'a [PatientRecords],
    options: &ReportOptions,
    f: impl Fn(&Prepared<'a>) -> Result<T, StoreError> + Sync,
) -> Result<Vec<(Prepared<'a>, T)>, StoreError> {
    patients
        .par_iter()
        .map(|records| {
            let p = Prepared::new(records, options)?;
            let out = f(&p)?;
            Ok((p, out))
        })
        .collect()
}

/// A monitoring timepoint as reports show it (`intake`, `week_4`, `week_12_16`, `maintenance`,
/// `yearly`: the rolling checks are not numbered) and its place in the order of a report.
pub(crate) fn timepoint_label(t: Timepoint) -> (u32, &'static str) {
    match t {
        Timepoint::Intake => (0, "intake"),
        Timepoint::Week4 => (4, "week_4"),
        Timepoint::Week12To16 => (12, "week_12_16"),
        Timepoint::Maintenance { .. } => (10_000, "maintenance"),
        Timepoint::Yearly { .. } => (10_001, "yearly"),
    }
}

/// A monitoring check's code (`full_blood_count`, `alat`, …), as it serialises.
pub(crate) fn check_code(c: Check) -> &'static str {
    match c {
        Check::FullBloodCount => "full_blood_count",
        Check::Alat => "alat",
        Check::Creatinine => "creatinine",
        Check::Lipids => "lipids",
        Check::Hiv => "hiv",
        Check::HbvHcv => "hbv_hcv",
        Check::TbScreening => "tb_screening",
        Check::Pregnancy => "pregnancy",
    }
}
