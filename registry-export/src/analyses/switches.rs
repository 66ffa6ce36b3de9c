//! Re-treatment and switch outcomes (CLINICAL.md §2, §6; seed 003: re-treatment worked in only
//! 57 % of earlier responders). The response of an episode is its disease's primary outcome
//! (AA: SALT ≤ 20, AD: EASI-75) met at any on-treatment assessment; an episode without it counts
//! as not responding once it stopped or reached week 52 on treatment, and is left out while still
//! on treatment and followed for less.
//!
//! - `retreatment`: per drug, the re-treatments (episode 2 and up of a drug) by whether the
//!   patient's previous episode of that drug responded, and how many responded again.
//! - `switches`: per switch kind (JAK inhibitor to another, biologic to JAK inhibitor, other)
//!   and drug switched to, how many responded.

use std::collections::BTreeMap;

use registry_core::catalogue::DrugClass;

use super::course::{Course, Outcome};
use super::suppress::{proportion, shown};

/// The primary outcome of an episode's disease.
pub fn primary(course: &Course) -> Outcome {
    match course.diagnosis {
        registry_core::patient::Diagnosis::Aa => Outcome::SaltLe20,
        registry_core::patient::Diagnosis::Ad => Outcome::Easi75,
    }
}

/// Whether `course` responded: `Some(true)` once met, `Some(false)` when stopped or on
/// treatment for 52 weeks without it, `None` while too early to say (or not evaluable).
pub fn responded(course: &Course) -> Option<bool> {
    let outcome = primary(course);
    if !outcome.evaluable(&course.baseline) {
        return None;
    }
    let end = course.treatment_end();
    let met = course
        .assessments
        .iter()
        .filter(|a| a.day >= 1 && a.day <= end)
        .any(|a| outcome.response(&a.responses).is_responder());
    if met {
        return Some(true);
    }
    let stopped = course
        .stop
        .is_some_and(|(day, _)| day <= course.follow_up_day);
    (stopped || end >= registry_core::trajectory::weeks_to_days(52)).then_some(false)
}

/// A row of `retreatment` or `switches`.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupOutcome {
    /// The drug treated with.
    pub drug: &'static str,
    /// The group (`after_response`, `after_no_response`; `jak_to_jak`, `biologic_to_jak`,
    /// `other`).
    pub group: &'static str,
    /// Episodes counted (empty while 1–4).
    pub n: Option<usize>,
    /// Of which responded.
    pub responded: Option<usize>,
    /// responded / n.
    pub proportion: Option<f64>,
}

fn rows(groups: BTreeMap<(&'static str, &'static str), Vec<bool>>) -> Vec<GroupOutcome> {
    groups
        .into_iter()
        .map(|((drug, group), results)| {
            let yes = results.iter().filter(|r| **r).count();
            let (responded, share) = proportion(yes, results.len());
            GroupOutcome {
                drug,
                group,
                n: shown(results.len()),
                responded,
                proportion: share,
            }
        })
        .collect()
}

/// The `retreatment` table; `courses` in release order (by patient, then episode).
pub fn retreatment(courses: &[Course]) -> Vec<GroupOutcome> {
    let mut groups: BTreeMap<(&'static str, &'static str), Vec<bool>> = BTreeMap::new();
    for (i, course) in courses.iter().enumerate() {
        if course.episode_number < 2 {
            continue;
        }
        let earlier = courses[..i]
            .iter()
            .rev()
            .filter(|c| c.patient == course.patient && c.drug == course.drug)
            .find(|c| c.episode_number + 1 == course.episode_number);
        let (Some(earlier), Some(now)) = (earlier.and_then(responded), responded(course)) else {
            continue;
        };
        let group = if earlier {
            "after_response"
        } else {
            "after_no_response"
        };
        groups
            .entry((course.drug.code(), group))
            .or_default()
            .push(now);
    }
    rows(groups)
}

/// The kind of a switch from `from` to `to`.
pub fn switch_kind(from: DrugClass, to: DrugClass) -> &'static str {
    match (from.is_jak_inhibitor(), to.is_jak_inhibitor()) {
        (true, true) => "jak_to_jak",
        (false, true) if matches!(from, DrugClass::AntiIl4ra | DrugClass::AntiIl13) => {
            "biologic_to_jak"
        }
        _ => "other",
    }
}

/// The `switches` table.
pub fn switches(courses: &[Course]) -> Vec<GroupOutcome> {
    let mut groups: BTreeMap<(&'static str, &'static str), Vec<bool>> = BTreeMap::new();
    for course in courses {
        let Some(previous) = course.previous_drug.filter(|p| *p != course.drug) else {
            continue;
        };
        let Some(now) = responded(course) else {
            continue;
        };
        let kind = switch_kind(previous.class(), course.drug.class());
        groups
            .entry((course.drug.code(), kind))
            .or_default()
            .push(now);
    }
    rows(groups)
}
