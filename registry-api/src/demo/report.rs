//! What the generated cohort looks like, measured from the stored rows with the registry's rules
//! (each episode as the analyses read it, [`Course`]): its make-up, the response proportions next to the figures the generator
//! is calibrated to (observed cases and non-responder imputation per nominal window), late
//! responders and ritlecitinib trajectory classes, adverse events, lab flags, stops and the
//! completeness of each center. Printed by `registry demo --report`.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use registry_core::patient::Diagnosis;
use registry_core::responses::Response;

use registry_core::store::treatments::EpisodeRow;
use registry_core::windows::window_for_week;
use registry_export::analyses::windows::{Imputation, window_response};
use registry_export::analyses::{Course, Outcome, from_records};

use super::write::Written;

/// A proportion: responders among those counted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Prop {
    /// Responders.
    pub yes: u64,
    /// Counted.
    pub n: u64,
}

impl Prop {
    /// Counts one, a responder when `yes`.
    pub fn add(&mut self, yes: bool) {
        self.n += 1;
        self.yes += u64::from(yes);
    }

    /// The share in percent (0 when nothing was counted).
    pub fn percent(&self) -> f64 {
        if self.n == 0 {
            0.0
        } else {
            100.0 * self.yes as f64 / self.n as f64
        }
    }
}

/// Counts by key.
pub type Counts = BTreeMap<String, u64>;

/// The measured cohort.
#[derive(Debug, Default)]
pub struct Report {
    /// Patients by diagnosis, sex, age band and consent.
    pub make_up: Counts,
    /// Episodes by drug, and re-treatments and switches.
    pub episodes: Counts,
    /// Stops by reason.
    pub stops: Counts,
    /// Records by kind (visits, labs, …).
    pub records: Counts,
    /// Response proportions, observed cases: (outcome and group, week).
    pub observed: BTreeMap<(String, u32), Prop>,
    /// The same with non-responder imputation (stopped or missing = no; not yet due left out).
    pub imputed: BTreeMap<(String, u32), Prop>,
    /// Mean EASI improvement in percent: (group, week) → (sum, n).
    pub improvement: BTreeMap<(String, u32), (f64, u64)>,
    /// Late-responder classes of AA JAK-inhibitor episodes (cut-off 24 weeks).
    pub late: Counts,
    /// Ritlecitinib trajectory classes (SALT at W24, M12 and M24, missing visits carried
    /// forward while on treatment), among episodes whose M24 window has passed.
    pub trajectories: Counts,
    /// Re-treatments of an earlier responder (started ≥ 1 year before the data cut) that
    /// responded again.
    pub retreatment: Prop,
    /// Episodes with an adverse event of a category: (drug, category).
    pub ae_episodes: BTreeMap<(String, String), Prop>,
    /// Events per drug and category, with exposure in patient-years per drug.
    pub ae_events: Counts,
    /// Patient-years on each drug.
    pub exposure: BTreeMap<String, f64>,
    /// Lab results flagged, by rule; and JAK episodes with an "interrupt" flag.
    pub lab_flags: Counts,
    /// JAK-inhibitor episodes with a result past an "interrupt" threshold.
    pub interrupt_breaches: Prop,
    /// Per center: patients, visits, visits with a quality-of-life score, chart totals.
    pub centers: BTreeMap<String, [u64; 4]>,
}

pub(super) fn bump(c: &mut Counts, key: impl Into<String>, by: u64) {
    *c.entry(key.into()).or_default() += by;
}

/// The weeks reported per diagnosis.
fn weeks(diagnosis: Diagnosis) -> &'static [u32] {
    match diagnosis {
        Diagnosis::Aa => &[24, 36, 52, 104],
        Diagnosis::Ad => &[4, 16, 52],
    }
}

impl Report {
    /// Adds one stored patient, with the data cut `until`.
    pub fn add(&mut self, w: &Written, until: NaiveDate) {
        let Ok(diagnosis) = w.patient.diagnosis() else {
            return;
        };
        super::report_make_up::add(self, w, diagnosis, until);
        let courses = from_records::courses(
            &w.patient,
            &w.episodes,
            &w.visits,
            std::sync::Arc::from(""),
            until,
        );
        // The courses are those of the episodes started by the cut, in the same order.
        let started = w.episodes.iter().filter(|(e, ..)| e.start_date <= until);
        let birth = w.patient.birth_month().ok();
        let placed: Vec<(&Course, &EpisodeRow)> = courses
            .iter()
            .filter_map(|c| {
                let k = usize::try_from(c.episode).ok()?.checked_sub(1)?;
                Some((c, &started.clone().nth(k)?.0))
            })
            .collect();
        for (k, (c, row)) in placed.iter().enumerate() {
            let earlier = placed[..k].iter().rev().find(|(p, _)| p.drug == c.drug);
            let age = birth.and_then(|b| b.age_years(row.start_date)).unwrap_or(0);
            self.add_episode(diagnosis, c, row, age, earlier.map(|(p, _)| *p));
        }
        super::report_safety::add(self, w);
        for course in &courses {
            super::report_classes::add(self, course);
        }
    }

    fn add_episode(
        &mut self,
        diagnosis: Diagnosis,
        c: &Course,
        row: &EpisodeRow,
        age: u32,
        earlier: Option<&Course>,
    ) {
        bump(&mut self.episodes, c.drug.code(), 1);
        if let Some(reason) = row.stop_reason.as_ref().filter(|_| c.stop.is_some()) {
            bump(&mut self.stops, reason.clone(), 1);
        }
        *self.exposure.entry(c.drug.code().to_owned()).or_default() +=
            c.treatment_end() as f64 / 365.25;
        let primary = primary_outcome(diagnosis);
        let responded = |course: &Course| {
            course
                .assessments
                .iter()
                .any(|a| primary.response(&a.responses) == Response::Responder)
        };
        if let Some(before) = earlier {
            bump(&mut self.episodes, "re-treatments", 1);
            if responded(before) && c.cut_day >= 365 {
                self.retreatment.add(responded(c));
            }
            return;
        }
        let groups = super::report_groups::groups(diagnosis, c, &dose(row), age);
        for &week in weeks(diagnosis) {
            let Some(window) = window_for_week(diagnosis, week) else {
                continue;
            };
            for &outcome in reported(diagnosis) {
                let observed = window_response(c, outcome, window, Imputation::Oc);
                let imputed = outcome
                    .evaluable(&c.baseline)
                    .then(|| window_response(c, outcome, window, Imputation::Nri))
                    .flatten();
                for g in &groups {
                    let key = (format!("{} | {g}", label(outcome)), week);
                    if let Some(yes) = observed {
                        self.observed.entry(key.clone()).or_default().add(yes);
                    }
                    if let Some(yes) = imputed {
                        self.imputed.entry(key).or_default().add(yes);
                    }
                }
            }
            let at_window = c
                .assessments
                .iter()
                .find(|a| a.window_visit && a.week == Some(week));
            if let (Some(b), Some(n)) = (c.baseline.easi, at_window.and_then(|a| a.easi))
                && let Some(p) = registry_core::responses::percent_improvement(b, n)
            {
                for g in &groups {
                    let cell = self.improvement.entry((g.clone(), week)).or_default();
                    cell.0 += f64::try_from(p).unwrap_or(0.0);
                    cell.1 += 1;
                }
            }
        }
    }
}

/// The outcome a re-treatment's response is judged by.
fn primary_outcome(diagnosis: Diagnosis) -> Outcome {
    match diagnosis {
        Diagnosis::Aa => Outcome::SaltLe20,
        Diagnosis::Ad => Outcome::Easi75,
    }
}

/// The outcomes the calibration figures are stated in.
fn reported(diagnosis: Diagnosis) -> &'static [Outcome] {
    match diagnosis {
        Diagnosis::Aa => &[Outcome::SaltLe20],
        Diagnosis::Ad => &[Outcome::Easi75, Outcome::PpNrs4, Outcome::Viga01],
    }
}

/// An outcome as the calibration figures name it.
fn label(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::PpNrs4 => "PP-NRS4",
        Outcome::Viga01 => "vIGA 0/1",
        other => other.label(),
    }
}

/// The start dose as text (`4 mg`).
fn dose(row: &EpisodeRow) -> String {
    match (&row.dose_amount, &row.dose_unit) {
        (Some(a), Some(u)) => format!("{a} {u}"),
        _ => String::new(),
    }
}
