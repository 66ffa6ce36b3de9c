//! What the generated cohort looks like, measured from the stored rows with the registry's rules
//! ([`super::outcomes`]): its make-up, the response proportions next to the figures the generator
//! is calibrated to (observed cases and non-responder imputation per nominal window), late
//! responders and ritlecitinib trajectory classes, adverse events, lab flags, stops and the
//! completeness of each center. Printed by `registry demo --report`.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use registry_core::patient::Diagnosis;
use registry_core::responses::Response;

use super::outcomes::{EpisodeView, episodes};
use super::report_groups::{outcome_evaluable, outcomes, responder};
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
        let views = episodes(w, diagnosis, until);
        for (k, e) in views.iter().enumerate() {
            self.add_episode(
                diagnosis,
                e,
                views[..k].iter().rev().find(|p| p.drug == e.drug),
            );
        }
        super::report_safety::add(self, w, &views);
        let courses = registry_export::analyses::from_records::courses(
            &w.patient,
            &w.episodes,
            &w.visits,
            std::sync::Arc::from(""),
            until,
        );
        for course in &courses {
            super::report_classes::add(self, course);
        }
    }

    fn add_episode(
        &mut self,
        diagnosis: Diagnosis,
        e: &EpisodeView<'_>,
        earlier: Option<&EpisodeView<'_>>,
    ) {
        bump(&mut self.episodes, e.drug.code(), 1);
        if let Some((_, reason)) = &e.stop {
            bump(&mut self.stops, reason.clone(), 1);
        }
        *self.exposure.entry(e.drug.code().to_owned()).or_default() += e.exposure_years();
        let responded = |v: &EpisodeView<'_>| {
            v.visits
                .iter()
                .any(|(_, s)| responder(diagnosis, &v.baseline.scores, s) == Response::Responder)
        };
        if let Some(before) = earlier {
            bump(&mut self.episodes, "re-treatments", 1);
            if responded(before) && e.cut_day >= 365 {
                self.retreatment.add(responded(e));
            }
            return;
        }
        let groups = super::report_groups::groups(diagnosis, e);
        let base = &e.baseline.scores;
        for &week in weeks(diagnosis) {
            let now = e.at_week(week);
            let due = e.due(diagnosis, week);
            for (outcome, result) in outcomes(diagnosis, base, now) {
                for g in &groups {
                    let key = (format!("{outcome} | {g}"), week);
                    if result != Response::NotEvaluable {
                        self.observed
                            .entry(key.clone())
                            .or_default()
                            .add(result == Response::Responder);
                    }
                    if due && outcome_evaluable(outcome, base) {
                        self.imputed
                            .entry(key)
                            .or_default()
                            .add(result == Response::Responder);
                    }
                }
            }
            if let (Some(b), Some(n)) = (base.easi.as_ref(), now.and_then(|s| s.easi.as_ref()))
                && let Some(p) = registry_core::responses::percent_improvement(b.total(), n.total())
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
