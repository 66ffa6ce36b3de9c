//! Which drug comes next, and when.
//!
//! AA (seed 003): a conventional systemic drug first (ciclosporin, methotrexate, prednisone or
//! prednisolone, at least 6 months); after it failed, a JAK inhibitor when one is available for
//! the age (baricitinib ≥ 18, ritlecitinib ≥ 12) and the patient meets the criteria (SALT ≥ 50,
//! episode < 8 years), baricitinib preferred with atopic dermatitis as well; after a JAK
//! inhibitor failed, a switch to the other (selective ↔ non-selective); after tapering off and a
//! relapse, re-treatment with the same drug. AD (seed 000): by age and availability, mostly
//! dupilumab first; after a failure another class (IL-13 antibodies after conjunctivitis, a JAK
//! inhibitor of the other selectivity after a JAK inhibitor). Some patients leave instead.

use chrono::NaiveDate;
use registry_core::catalogue::{Drug, DrugClass};
use registry_core::treatment::StopReason;

use super::plan::{Context, PlannedEpisode, severity};
use super::regimen::available_from;
use super::rng::{Rng, add_days};

/// What to start next: drug, start date, re-treatment of an earlier response.
pub type Next = (Drug, NaiveDate, bool);

/// The first drug of a patient, on their enrollment date.
pub fn first(rng: &mut Rng, ctx: &Context<'_>) -> Option<Drug> {
    choose(rng, ctx, &[], ctx.person.enrolled)
}

/// What follows `episodes` (the last one stopped), if anything.
pub fn next(rng: &mut Rng, ctx: &Context<'_>, episodes: &[PlannedEpisode]) -> Option<Next> {
    let last = episodes.last()?;
    let (stop, reason) = last.stop?;
    if episodes.len() >= 6 {
        return None;
    }
    let (p_go_on, gap) = match reason {
        StopReason::LostToFollowUp => (0.0, 0.0),
        StopReason::PatientWish => (0.25, rng.uniform(90.0, 365.0)),
        StopReason::PregnancyWish => (0.4, rng.uniform(365.0, 760.0)),
        StopReason::Reimbursement | StopReason::Other => (0.35, rng.uniform(30.0, 120.0)),
        StopReason::RemissionTaperedOff => {
            let r = last.relapse;
            (
                0.9,
                r.onset + r.duration * rng.uniform(0.7, 1.0) + rng.uniform(14.0, 60.0),
            )
        }
        StopReason::AdverseEvent => (0.85, rng.uniform(14.0, 60.0)),
        StopReason::PrimaryInefficacy | StopReason::SecondaryLossOfEffect => {
            (0.9, rng.uniform(1.0, 28.0))
        }
    };
    if !rng.chance(p_go_on) {
        return None;
    }
    let start = add_days(stop, gap.max(1.0) as i64);
    let same = matches!(
        reason,
        StopReason::RemissionTaperedOff | StopReason::PregnancyWish
    );
    if same && rng.chance(0.8) {
        return Some((last.drug, start, last.responded));
    }
    let drug = choose(rng, ctx, episodes, start)?;
    let start = start.max(available_from(drug, ctx.person.aa(), ctx.person.age(start)));
    Some((drug, start, false))
}

fn failed(episodes: &[PlannedEpisode], drug: Drug) -> bool {
    episodes.iter().any(|e| {
        e.drug == drug
            && e.stop.is_some_and(|(_, r)| {
                r.is_inefficacy() || r == StopReason::AdverseEvent || r == StopReason::Reimbursement
            })
    })
}

fn choose(
    rng: &mut Rng,
    ctx: &Context<'_>,
    episodes: &[PlannedEpisode],
    date: NaiveDate,
) -> Option<Drug> {
    let p = ctx.person;
    let age = p.age(date);
    let ok = |d: Drug| !failed(episodes, d);
    let open = |d: Drug| available_from(d, p.aa(), age) <= date;
    let conventional = [
        (Drug::Ciclosporin, 0.45),
        (Drug::Methotrexate, 0.33),
        (Drug::Prednisone, 0.15),
        (Drug::Prednisolone, 0.07),
    ];
    let candidates: Vec<(Drug, f64)> = if p.aa() {
        let tried_conventional = episodes
            .iter()
            .any(|e| e.drug.class() == DrugClass::Conventional);
        let salt = severity(p, episodes, date);
        let short = p
            .aa_episode_start
            .is_none_or(|s| (date - s).num_days() < 8 * 365);
        let criteria = salt >= 50.0 && short;
        let mut jak = vec![
            (
                Drug::Baricitinib,
                if p.has_atopic_dermatitis() {
                    0.85
                } else {
                    0.55
                },
            ),
            (
                Drug::Ritlecitinib,
                if p.has_atopic_dermatitis() {
                    0.15
                } else {
                    0.45
                },
            ),
        ];
        jak.retain(|(d, _)| ok(*d));
        for (d, w) in &mut jak {
            let licensed = match d {
                Drug::Baricitinib => age >= 18 || (age >= 6 && rng.chance(0.1)),
                _ => age >= 12,
            };
            let eligible = criteria || rng.chance(0.15);
            let eventually = add_days(date, 540) >= available_from(*d, true, age);
            *w *= f64::from(u8::from(
                licensed && eligible && eventually && tried_conventional,
            ));
        }
        if jak.iter().any(|(_, w)| *w > 0.0) {
            jak
        } else {
            conventional
                .iter()
                .copied()
                .filter(|(d, _)| ok(*d))
                .collect()
        }
    } else {
        ad_candidates(age, p.weight(date), episodes)
            .into_iter()
            .filter(|(d, _)| ok(*d) && open(*d))
            .collect()
    };
    rng.pick(&candidates)
}

fn ad_candidates(age: u32, weight: f64, episodes: &[PlannedEpisode]) -> Vec<(Drug, f64)> {
    let mut c: Vec<(Drug, f64)> = match age {
        0..=1 => vec![(Drug::Dupilumab, 1.0)],
        2..=5 => vec![
            (Drug::Dupilumab, 0.85),
            (Drug::Baricitinib, 0.06),
            (Drug::Ciclosporin, 0.09),
        ],
        6..=11 => vec![
            (Drug::Dupilumab, 0.75),
            (Drug::Baricitinib, 0.08),
            (Drug::Ciclosporin, 0.12),
            (Drug::Methotrexate, 0.05),
        ],
        _ => vec![
            (Drug::Dupilumab, if age < 18 { 0.5 } else { 0.42 }),
            (Drug::Tralokinumab, 0.09),
            (
                Drug::Lebrikizumab,
                if weight >= 40.0 { 0.14 } else { 0.005 },
            ),
            (Drug::Upadacitinib, 0.13),
            (Drug::Abrocitinib, 0.1),
            (Drug::Baricitinib, 0.06),
            (Drug::Ciclosporin, if age < 18 { 0.04 } else { 0.14 }),
            (Drug::Methotrexate, if age < 18 { 0.02 } else { 0.05 }),
        ],
    };
    let Some(last) = episodes.last() else {
        return c;
    };
    let conjunctivitis = last
        .adverse_events
        .iter()
        .any(|e| e.term == "conjunctivitis");
    for (d, w) in &mut c {
        let class = d.class();
        if class == DrugClass::Conventional {
            *w *= 0.2;
        }
        if let (Some(before), Some(now)) = (last.drug.jak_selectivity(), d.jak_selectivity()) {
            *w *= if before == now { 0.6 } else { 2.5 };
        }
        if conjunctivitis && d.is_jak_inhibitor() {
            *w *= 2.0;
        }
        if last.drug.class() == DrugClass::Conventional && class != DrugClass::Conventional {
            *w *= 2.0;
        }
    }
    c
}
