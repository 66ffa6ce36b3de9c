//! Completeness: expected against recorded, per center × diagnosis × drug × nominal window.
//!
//! A nominal visit is **expected** when its window has closed by the data cut while the episode
//! ran (window end ≤ the episode's follow-up end: its stop, or the cut). It is **recorded** when
//! the episode has an on-treatment visit in the window. For each instrument field the disease
//! requires ([`RequiredField`]: AA SALT; AD EASI, PP-NRS, vIGA-AD, POEM, (C)DLQI), an expected
//! window counts as recorded when one of its visits holds the field, as **missing with a
//! reason** when none does but one records it as missing with a reason (resolved: nothing to
//! chase), and as missing otherwise (also when the window has no visit at all). For episodes of a
//! JAK inhibitor, each check of the monitoring schedule whose window has closed by the follow-up
//! end is expected, and recorded when done. Per center also the trend by quarter of the date the
//! window closed.

use chrono::{Datelike, NaiveDate, TimeDelta};
use rayon::prelude::*;
use registry_core::monitoring::CheckStatus;
use registry_core::store::StoreError;
use registry_core::store::cohort::CohortRows;
use registry_core::store::visits::VisitRecord;
use registry_core::visit::{FieldStatus, RequiredField};
use registry_core::windows::{NominalWindow, due_windows};
use serde::Serialize;
use utoipa::ToSchema;

use super::ReportOptions;
use super::csv::CsvRow;
use super::patient::{Prepared, check_code, timepoint_label};

/// The completeness report.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct CompletenessReport {
    /// `completeness`.
    pub report: String,
    /// The data cut.
    pub data_cut: NaiveDate,
    /// Expected against recorded per center × diagnosis × drug × window × item.
    pub rows: Vec<CompletenessRow>,
    /// Per center and quarter.
    pub trend: Vec<TrendRow>,
}

/// Expected against recorded for one item of one window in one center × diagnosis × drug.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct CompletenessRow {
    /// Center code.
    pub center: String,
    /// `AA` or `AD`.
    pub diagnosis: String,
    /// Drug code.
    pub drug: String,
    /// The nominal window (`W12`), or for labs the monitoring timepoint (`intake`, `week_4`,
    /// `week_12_16`, `maintenance`, `yearly`).
    pub window: String,
    /// `visit`, `field` or `lab`.
    pub kind: String,
    /// `visit`; the field (`salt`, `easi`, `pp_nrs`, `viga`, `poem`, `qol`); or the lab check
    /// (`full_blood_count`, `alat`, `creatinine`, `lipids`, `hiv`, `hbv_hcv`, `tb_screening`,
    /// `pregnancy`).
    pub item: String,
    /// Windows (checks) that had closed while the episode ran.
    pub expected: u64,
    /// Of those, recorded.
    pub recorded: u64,
    /// Of those, recorded as missing with a reason (resolved).
    pub missing_with_reason: u64,
    /// Of those, neither: to chase.
    pub missing: u64,
    /// (recorded + missing with a reason) / expected, in percent with one decimal.
    pub percent_complete: f64,
}

impl CsvRow for CompletenessRow {
    const COLUMNS: &'static [&'static str] = &[
        "center",
        "diagnosis",
        "drug",
        "window",
        "kind",
        "item",
        "expected",
        "recorded",
        "missing_with_reason",
        "missing",
        "percent_complete",
    ];
}

/// One center's completeness in one quarter (of the date the windows closed).
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct TrendRow {
    /// Center code.
    pub center: String,
    /// `2026-Q1`.
    pub quarter: String,
    /// Nominal visits expected.
    pub expected_visits: u64,
    /// Of those, recorded.
    pub recorded_visits: u64,
    /// Required fields expected (visits × the disease's required fields).
    pub expected_fields: u64,
    /// Of those, recorded or missing with a reason.
    pub complete_fields: u64,
    /// recorded visits / expected visits, percent.
    pub percent_visits: f64,
    /// complete fields / expected fields, percent.
    pub percent_fields: f64,
}

impl CsvRow for TrendRow {
    const COLUMNS: &'static [&'static str] = &[
        "center",
        "quarter",
        "expected_visits",
        "recorded_visits",
        "expected_fields",
        "complete_fields",
        "percent_visits",
        "percent_fields",
    ];
}

/// `part` of `whole` in percent with one decimal (100 when nothing was expected).
pub(crate) fn percent(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        return 100.0;
    }
    (part as f64 * 1000.0 / whole as f64).round() / 10.0
}

/// True when `field` (a visit field name) holds a value in `v`.
pub(crate) fn field_recorded(v: &VisitRecord, field: &str) -> bool {
    match field {
        "weight_kg" => v.weight_kg.is_some(),
        "salt" => v.salt_total.is_some(),
        "easi" => v.easi_total.is_some(),
        "pp_nrs" => v.pp_nrs.is_some(),
        "viga" => v.viga.is_some(),
        "poem" => v.poem_total.is_some() || v.poem_items.is_some(),
        "dlqi" => v.dlqi_total.is_some() || v.dlqi_items.is_some(),
        "cdlqi" => v.cdlqi_total.is_some() || v.cdlqi_items.is_some(),
        "idqol" => v.idqol_total.is_some() || v.idqol_items.is_some(),
        "eyebrows" => v.eyebrows.is_some(),
        "eyelashes" => v.eyelashes.is_some(),
        "vellus_hair" => v.vellus_hair.is_some(),
        "wig" => v.wig.is_some(),
        _ => false,
    }
}

/// Sort key of a row: center, diagnosis, drug, kind (visit, field, lab), window order (the week,
/// or a lab timepoint's rank), the lab timepoint (empty for a window: its label is its week's),
/// item — borrowed from the cohort, so counting allocates nothing.
type Key<'a> = (
    &'a str,
    &'static str,
    &'a str,
    u8,
    u32,
    &'static str,
    &'static str,
);

/// A row's window or timepoint label (`W12`, `week_4`, …).
fn slot_label(kind: u8, rank: u32, timepoint: &str) -> String {
    if kind == 2 {
        timepoint.to_owned()
    } else {
        format!("W{rank}")
    }
}

#[derive(Default)]
struct Tally {
    expected: u64,
    recorded: u64,
    reason: u64,
}

impl Tally {
    fn add(&mut self, other: Tally) {
        self.expected += other.expected;
        self.recorded += other.recorded;
        self.reason += other.reason;
    }
}

#[derive(Default)]
struct Quarter {
    expected_visits: u64,
    recorded_visits: u64,
    expected_fields: u64,
    complete_fields: u64,
}

impl Quarter {
    fn add(&mut self, other: Quarter) {
        self.expected_visits += other.expected_visits;
        self.recorded_visits += other.recorded_visits;
        self.expected_fields += other.expected_fields;
        self.complete_fields += other.complete_fields;
    }
}

/// The counts of some of the cohort's patients: per row key, and per center and quarter (year,
/// quarter 1–4). Hashed, not ordered — a count touches its entry millions of times, the rows are
/// put in order once at the end.
#[derive(Default)]
struct Counts<'a> {
    tallies: foldhash::HashMap<Key<'a>, Tally>,
    quarters: foldhash::HashMap<(&'a str, i32, u32), Quarter>,
}

impl<'a> Counts<'a> {
    /// The counts of both parts of the cohort (the smaller added into the larger).
    fn merge(mut self, mut other: Counts<'a>) -> Counts<'a> {
        if self.tallies.len() < other.tallies.len() {
            std::mem::swap(&mut self, &mut other);
        }
        for (k, t) in other.tallies {
            self.tallies.entry(k).or_default().add(t);
        }
        for (k, q) in other.quarters {
            self.quarters.entry(k).or_default().add(q);
        }
        self
    }
}

/// The nominal windows of episode `k` expected at the cut: closed while the episode ran.
pub(crate) fn expected_windows(
    p: &Prepared<'_>,
    k: usize,
    cut: NaiveDate,
) -> Result<Vec<NominalWindow>, StoreError> {
    let end = p.follow_up_end(k, cut);
    Ok(due_windows(p.diagnosis, p.course(k)?.study_day(end)))
}

/// The date window `w` of episode `k` closed (its last day).
pub(crate) fn closed_on(p: &Prepared<'_>, k: usize, w: NominalWindow) -> NaiveDate {
    p.spans[k].start + TimeDelta::days(w.to_day())
}

/// The on-treatment visits of episode `k` in window `w` (indices into `p.visits`).
pub(crate) fn visits_in(
    p: &Prepared<'_>,
    k: usize,
    w: NominalWindow,
) -> Result<Vec<usize>, StoreError> {
    let timeline = p.timeline()?;
    Ok(timeline.episodes()[k]
        .on_treatment
        .iter()
        .copied()
        .filter(|&i| timeline.place(i).and_then(|pl| pl.window) == Some(w))
        .collect())
}

/// Adds patient `p`'s expected and recorded visits, fields and labs to `counts`.
fn count<'a>(
    p: &Prepared<'a>,
    options: &ReportOptions,
    counts: &mut Counts<'a>,
) -> Result<(), StoreError> {
    let cut = options.data_cut;
    let Counts { tallies, quarters } = counts;
    let required = RequiredField::for_diagnosis(p.diagnosis);
    let performed = p.performed()?;
    for k in p.reported_episodes(options) {
        let (center, drug) = (p.center(), p.episode(k).drug.as_str());
        let key = |kind: u8, rank: u32, timepoint: &'static str, item: &'static str| -> Key<'a> {
            (
                center,
                p.diagnosis.code(),
                drug,
                kind,
                rank,
                timepoint,
                item,
            )
        };
        for w in expected_windows(p, k, cut)? {
            let closed = closed_on(p, k, w);
            let q = quarters
                .entry((center, closed.year(), closed.month0() / 3 + 1))
                .or_default();
            let inside = visits_in(p, k, w)?;
            let t = tallies.entry(key(0, w.week(), "", "visit")).or_default();
            t.expected += 1;
            q.expected_visits += 1;
            if !inside.is_empty() {
                t.recorded += 1;
                q.recorded_visits += 1;
            }
            let missing = inside
                .iter()
                .map(|&i| p.visits[i].missing())
                .collect::<Result<Vec<_>, _>>()?;
            for field in required {
                let mut status = FieldStatus::Missing;
                for (&i, missing) in inside.iter().zip(&missing) {
                    let v = p.visits[i];
                    match field.status(|f| field_recorded(v, f), missing) {
                        FieldStatus::Recorded => status = FieldStatus::Recorded,
                        s @ FieldStatus::MissingWithReason(_) if status == FieldStatus::Missing => {
                            status = s;
                        }
                        _ => {}
                    }
                }
                let t = tallies
                    .entry(key(1, w.week(), "", field.code()))
                    .or_default();
                t.expected += 1;
                q.expected_fields += 1;
                match status {
                    FieldStatus::Recorded => t.recorded += 1,
                    FieldStatus::MissingWithReason(_) => t.reason += 1,
                    FieldStatus::Missing => {}
                }
                if status != FieldStatus::Missing {
                    q.complete_fields += 1;
                }
            }
        }
        let end = p.follow_up_end(k, cut);
        for check in p.schedule(k, &performed, end)? {
            let done = match check.status {
                CheckStatus::Done => true,
                CheckStatus::Overdue => false,
                CheckStatus::Upcoming | CheckStatus::Due => continue,
            };
            let (rank, label) = timepoint_label(check.timepoint);
            let t = tallies
                .entry(key(2, rank, label, check_code(check.check)))
                .or_default();
            t.expected += 1;
            if done {
                t.recorded += 1;
            }
        }
    }
    Ok(())
}

/// The completeness report of `cohort`.
pub fn completeness(
    cohort: &CohortRows,
    options: &ReportOptions,
) -> Result<CompletenessReport, StoreError> {
    let cut = options.data_cut;
    // Each core counts a part of the cohort (a patient's counts depend on no other patient's),
    // then the parts are added up.
    let Counts { tallies, quarters } = cohort
        .patients
        .par_iter()
        .try_fold(Counts::default, |mut counts, records| {
            count(&Prepared::new(records, options)?, options, &mut counts)?;
            Ok::<_, StoreError>(counts)
        })
        .try_reduce(Counts::default, |a, b| Ok(a.merge(b)))?;
    let mut tallies: Vec<_> = tallies.into_iter().collect();
    tallies.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let mut quarters: Vec<_> = quarters.into_iter().collect();
    quarters.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let rows = tallies
        .into_iter()
        .map(
            |((center, diagnosis, drug, kind, rank, timepoint, item), t)| {
                let missing = t.expected - t.recorded - t.reason;
                CompletenessRow {
                    center: center.to_owned(),
                    diagnosis: diagnosis.to_owned(),
                    drug: drug.to_owned(),
                    window: slot_label(kind, rank, timepoint),
                    kind: ["visit", "field", "lab"][usize::from(kind)].to_owned(),
                    item: item.to_owned(),
                    expected: t.expected,
                    recorded: t.recorded,
                    missing_with_reason: t.reason,
                    missing,
                    percent_complete: percent(t.recorded + t.reason, t.expected),
                }
            },
        )
        .collect();
    let trend = quarters
        .into_iter()
        .map(|((center, year, quarter), q)| TrendRow {
            center: center.to_owned(),
            quarter: format!("{year}-Q{quarter}"),
            expected_visits: q.expected_visits,
            recorded_visits: q.recorded_visits,
            expected_fields: q.expected_fields,
            complete_fields: q.complete_fields,
            percent_visits: percent(q.recorded_visits, q.expected_visits),
            percent_fields: percent(q.complete_fields, q.expected_fields),
        })
        .collect();
    Ok(CompletenessReport {
        report: "completeness".into(),
        data_cut: cut,
        rows,
        trend,
    })
}
