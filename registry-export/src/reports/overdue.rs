//! Overdue and lost: nominal visits whose window closed without one, patients on treatment
//! without a visit for more than 12 months, and monitoring labs overdue.
//!
//! - `missed_window`: an expected nominal window of an episode (see [`super::completeness`])
//!   without an on-treatment visit; due by the window's last day.
//! - `no_visit_12_months`: a patient with an episode running at the cut whose last visit (or,
//!   without one since, the start of that episode) is more than 12 calendar months before the
//!   cut; due by that day + 12 months.
//! - `lab_overdue`: a check of the JAK monitoring schedule of an episode running at the cut
//!   whose window has closed without it; due by the window's last day.
//!
//! `days_overdue` is the number of days from the due date to the data cut.

use chrono::{Months, NaiveDate};
use registry_core::monitoring::CheckStatus;
use registry_core::store::StoreError;
use registry_core::store::cohort::CohortRows;
use serde::Serialize;
use utoipa::ToSchema;

use super::completeness::{closed_on, expected_windows, visits_in};
use super::csv::CsvRow;
use super::patient::{check_code, each_patient, timepoint_label};
use super::{ReportOptions, days};

/// The overdue report.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct OverdueReport {
    /// `overdue`.
    pub report: String,
    /// The data cut.
    pub data_cut: NaiveDate,
    /// One row per missed window, quiet patient and overdue lab check, by center, patient and
    /// due date.
    pub rows: Vec<OverdueRow>,
}

/// Something due that did not happen.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct OverdueRow {
    /// `missed_window`, `no_visit_12_months` or `lab_overdue`.
    pub kind: String,
    /// Center code.
    pub center: String,
    /// The patient: local reference for the center's own users, record id for coordinators.
    pub patient: String,
    /// The treatment episode (record id).
    pub episode_id: String,
    /// Its drug.
    pub drug: String,
    /// The window (`W12`), `last_visit`, or the lab check and timepoint
    /// (`full_blood_count week_4`).
    pub item: String,
    /// The day it was due by.
    pub due_by: NaiveDate,
    /// Days from `due_by` to the data cut.
    pub days_overdue: i64,
    /// The patient's last visit up to the cut, if any.
    pub last_visit: Option<NaiveDate>,
}

impl CsvRow for OverdueRow {
    const COLUMNS: &'static [&'static str] = &[
        "kind",
        "center",
        "patient",
        "episode_id",
        "drug",
        "item",
        "due_by",
        "days_overdue",
        "last_visit",
    ];
}

/// A patient without a visit for longer than this is lost to follow-up.
pub const QUIET_MONTHS: u32 = 12;

/// The overdue report of `cohort`.
pub fn overdue(cohort: &CohortRows, options: &ReportOptions) -> Result<OverdueReport, StoreError> {
    let cut = options.data_cut;
    let per_patient = each_patient(&cohort.patients, options, |p| {
        let last_visit = p.visits.last().map(|v| v.visit_date);
        let performed = p.performed()?;
        let mut patient_rows = Vec::new();
        let row = |kind: &str, k: usize, item: String, due_by: NaiveDate| OverdueRow {
            kind: kind.to_owned(),
            center: p.center().to_owned(),
            patient: p.label.clone(),
            episode_id: p.episode(k).id.clone(),
            drug: p.episode(k).drug.clone(),
            item,
            due_by,
            days_overdue: days(due_by, cut),
            last_visit,
        };
        let reported = p.reported_episodes(options);
        for &k in &reported {
            for w in expected_windows(p, k, cut)? {
                if visits_in(p, k, w)?.is_empty() {
                    patient_rows.push(row("missed_window", k, w.label(), closed_on(p, k, w)));
                }
            }
            if !p.ongoing(k, cut) {
                continue;
            }
            for check in p.schedule(k, &performed, cut)? {
                if check.status == CheckStatus::Overdue {
                    let (_, timepoint) = timepoint_label(check.timepoint);
                    let item = format!("{} {timepoint}", check_code(check.check));
                    patient_rows.push(row("lab_overdue", k, item, check.window.to));
                }
            }
        }
        // The episode running at the cut that started first: the patient's current treatment.
        if let Some(&k) = reported.iter().find(|&&k| p.ongoing(k, cut)) {
            let start = p.spans[k].start;
            let since = last_visit.map_or(start, |d| d.max(start));
            if let Some(due) = since.checked_add_months(Months::new(QUIET_MONTHS))
                && due < cut
            {
                patient_rows.push(row("no_visit_12_months", k, "last_visit".into(), due));
            }
        }
        patient_rows
            .sort_by(|a, b| (a.due_by, &a.kind, &a.item).cmp(&(b.due_by, &b.kind, &b.item)));
        Ok(patient_rows)
    })?;
    let mut rows: Vec<OverdueRow> = per_patient.into_iter().flat_map(|(_, r)| r).collect();
    rows.sort_by(|a, b| (&a.center, &a.patient).cmp(&(&b.center, &b.patient)));
    Ok(OverdueReport {
        report: "overdue".into(),
        data_cut: cut,
        rows,
    })
}
