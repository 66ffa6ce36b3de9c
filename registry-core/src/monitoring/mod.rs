//! The lab-monitoring schedule for JAK inhibitors (CLINICAL.md §3, seed 003 Tabel 1): which
//! checks are due, overdue, done or upcoming for an episode on a given day.
//!
//! Tabel 1 asks for a full blood count, ALAT and creatinine at intake, week 4, week 12–16 and then
//! every 3–6 months; lipids at intake, week 12–16 and then yearly; HIV, HBV/HCV serology and TB
//! screening at intake; pregnancy exclusion at every check for women of child-bearing potential.
//! CK is measured on indication only and is never scheduled. Other drugs have no schedule here.
//!
//! Windows *(project convention, configurable in [`ScheduleWindows`])*, in study days (day 0 =
//! start): intake −30 to 0 (serology −182 to 0: the seed accepts a recent test, < 6 months);
//! week 4 = days 21–42; week 12–16 = days 84–112. A timepoint is done when every analyte of the
//! check has a result inside its window; a missed timepoint stays overdue. After week 12–16 the
//! checks roll on: the next is due 3 months after the last check (lipids: 12 months) and overdue
//! after 6 months (lipids: 15 months); any complete check after the last one counts, early or
//! late, and the next is counted from it. When week 12–16 was missed, the rolling checks count
//! from the end of its window. Months are calendar months (31 January + 1 month = 28/29 February).

mod schedule;
#[cfg(test)]
mod tests;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::labs::{Analyte, LabResult};

pub use schedule::{schedule, schedule_with};

/// A check of the schedule: one or more analytes measured together.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Check {
    /// Hb, leukocytes with differential (lymphocytes, neutrophils) and platelets.
    FullBloodCount,
    /// ALAT.
    Alat,
    /// Serum creatinine (eGFR).
    Creatinine,
    /// Total, HDL and LDL cholesterol and triglycerides.
    Lipids,
    /// HIV serology.
    Hiv,
    /// Hepatitis B and C serology.
    HbvHcv,
    /// Tuberculosis screening.
    TbScreening,
    /// Pregnancy exclusion (women of child-bearing potential).
    Pregnancy,
}

impl Check {
    /// The analytes that make the check complete.
    pub fn analytes(self) -> &'static [Analyte] {
        use Analyte as A;
        match self {
            Self::FullBloodCount => &[
                A::Hb,
                A::Leukocytes,
                A::Lymphocytes,
                A::Neutrophils,
                A::Platelets,
            ],
            Self::Alat => &[A::Alat],
            Self::Creatinine => &[A::Creatinine],
            Self::Lipids => &[A::CholesterolTotal, A::Hdl, A::Ldl, A::Triglycerides],
            Self::Hiv => &[A::Hiv],
            Self::HbvHcv => &[A::Hbv, A::Hcv],
            Self::TbScreening => &[A::TbScreening],
            Self::Pregnancy => &[A::PregnancyTest],
        }
    }
}

/// When in the episode a check belongs.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Timepoint {
    /// Before the start (screening).
    Intake,
    /// Around week 4.
    #[serde(rename = "week_4")]
    Week4,
    /// Week 12 to 16.
    #[serde(rename = "week_12_16")]
    Week12To16,
    /// The n-th check during maintenance (every 3–6 months), counted from 1.
    Maintenance {
        /// 1 for the first maintenance check.
        number: u32,
    },
    /// The n-th yearly check (lipids), counted from 1.
    Yearly {
        /// 1 for the first yearly check.
        number: u32,
    },
}

/// Where a check stands on the day asked about.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckStatus {
    /// Its window has not opened yet.
    Upcoming,
    /// Its window is open and it is not complete.
    Due,
    /// Its window has closed and it is not complete.
    Overdue,
    /// Every analyte was measured.
    Done,
}

/// The dates a check is due on: from `from`, overdue after `to` (both inclusive in the window).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DueWindow {
    /// First day the check is due.
    pub from: NaiveDate,
    /// Last day before it is overdue.
    pub to: NaiveDate,
}

/// One check of the schedule and its state.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScheduledCheck {
    /// What is checked.
    pub check: Check,
    /// When in the episode.
    pub timepoint: Timepoint,
    /// When it is due.
    pub window: DueWindow,
    /// Its state on the day asked about.
    pub status: CheckStatus,
    /// The date the check became complete (its last analyte), when done.
    pub done_on: Option<NaiveDate>,
    /// The analytes of the check not measured yet (empty when done).
    pub missing: Vec<Analyte>,
}

/// A test that was performed: only the analyte and the sample date matter here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PerformedTest {
    /// The analyte.
    pub analyte: Analyte,
    /// The sample date.
    pub date: NaiveDate,
}

impl From<&LabResult> for PerformedTest {
    fn from(r: &LabResult) -> Self {
        Self {
            analyte: r.analyte(),
            date: r.date(),
        }
    }
}

/// A window in study days (day 0 = treatment start), both ends inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayWindow {
    /// First study day.
    pub from: i64,
    /// Last study day.
    pub to: i64,
}

/// The windows of the schedule *(project convention)*; [`Default`] holds the registry's choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScheduleWindows {
    /// Intake: blood count, ALAT, creatinine, lipids, TB, pregnancy (−30 to 0).
    pub intake: DayWindow,
    /// Intake for HIV and HBV/HCV serology (−182 to 0: a test < 6 months old counts).
    pub serology_intake: DayWindow,
    /// Week 4 (21 to 42).
    pub week_4: DayWindow,
    /// Week 12–16 (84 to 112).
    pub week_12_16: DayWindow,
    /// Months after the last check that a maintenance check is due (3).
    pub maintenance_due_months: u32,
    /// Months after the last check that a maintenance check is overdue (6).
    pub maintenance_overdue_months: u32,
    /// Months after the last lipid check that the yearly one is due (12).
    pub yearly_due_months: u32,
    /// Months after the last lipid check that the yearly one is overdue (15).
    pub yearly_overdue_months: u32,
}

impl Default for ScheduleWindows {
    fn default() -> Self {
        Self {
            intake: DayWindow { from: -30, to: 0 },
            serology_intake: DayWindow { from: -182, to: 0 },
            week_4: DayWindow { from: 21, to: 42 },
            week_12_16: DayWindow { from: 84, to: 112 },
            maintenance_due_months: 3,
            maintenance_overdue_months: 6,
            yearly_due_months: 12,
            yearly_overdue_months: 15,
        }
    }
}

/// The episode and the day a schedule is asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MonitoringInput<'a> {
    /// Treatment start (day 0).
    pub start: NaiveDate,
    /// The drug of the episode (only JAK inhibitors have a schedule).
    pub drug: crate::catalogue::Drug,
    /// True for a woman of child-bearing potential (pregnancy exclusion at every check).
    pub child_bearing_potential: bool,
    /// The tests performed so far (results dated after `today` are ignored).
    pub performed: &'a [PerformedTest],
    /// The day the schedule is judged on.
    pub today: NaiveDate,
}
