//! The rare lab results past a safety threshold (rates in [`super::lab_plan`]), planned per
//! episode, and the interruption a breach of an "interrupt" rule causes (2–5 weeks, recorded by
//! the center as its habits allow).

use chrono::NaiveDate;
use registry_core::catalogue::Drug;
use registry_core::labs::Analyte;
use registry_core::treatment::InterruptionReason;

use super::labs::Profile;
use super::plan::{Context, PlannedEpisode};
use super::rng::{Rng, add_days};

/// A breach planned for an episode: the analyte, the draw it falls on, the value in the
/// canonical unit, the number of consecutive draws, and whether it calls for an interruption.
pub(super) struct Breach {
    pub(super) analyte: Analyte,
    pub(super) at: usize,
    pub(super) value: f64,
    pub(super) times: usize,
    pub(super) interrupt: bool,
}

/// The breach of an episode of `drug`, if it has one.
pub(super) fn plan_breach(rng: &mut Rng, drug: Drug, profile: &Profile) -> Option<Breach> {
    let at = rng.int(1, 6) as usize;
    let jak = drug.is_jak_inhibitor();
    let uln = |a: Analyte| profile.uln(a).unwrap_or(40.0);
    let b = |analyte, value, times, interrupt| Breach {
        analyte,
        at,
        value,
        times,
        interrupt,
    };
    let jak_only = |p: f64| if jak { p } else { 0.0 };
    let options = [
        (
            jak_only(0.015),
            b(Analyte::Lymphocytes, rng.uniform(0.3, 0.49), 1, true),
        ),
        (
            jak_only(0.01),
            b(Analyte::Neutrophils, rng.uniform(0.6, 0.95), 1, true),
        ),
        (
            jak_only(0.004),
            b(Analyte::Hb, rng.uniform(4.3, 4.9), 1, true),
        ),
        (
            jak_only(0.002),
            b(Analyte::Platelets, rng.uniform(30.0, 49.0), 1, true),
        ),
        (
            jak_only(0.006),
            b(
                Analyte::Platelets,
                rng.uniform(65.0, 95.0),
                2,
                rng.chance(0.5),
            ),
        ),
        (
            if drug == Drug::Methotrexate {
                0.03
            } else {
                0.01
            },
            b(
                Analyte::Alat,
                uln(Analyte::Alat) * rng.uniform(3.05, 5.0),
                1,
                false,
            ),
        ),
        (
            jak_only(0.015),
            b(
                Analyte::Ck,
                uln(Analyte::Ck) * rng.uniform(5.2, 9.0),
                1,
                false,
            ),
        ),
        (
            if drug == Drug::Ciclosporin {
                0.04
            } else {
                0.01
            },
            b(
                Analyte::Creatinine,
                profile.usual(Analyte::Creatinine) * rng.uniform(1.45, 1.65),
                1,
                false,
            ),
        ),
    ];
    let u = rng.unit();
    let mut acc = 0.0;
    options.into_iter().find_map(|(p, breach)| {
        acc += p;
        (u < acc).then_some(breach)
    })
}

/// Interrupts a JAK inhibitor after a breach on `date` (when the center records it).
pub(super) fn interrupt_for(
    rng: &mut Rng,
    ctx: &Context<'_>,
    episode: &mut PlannedEpisode,
    date: NaiveDate,
) {
    if episode.drug.is_jak_inhibitor() && rng.chance(ctx.center.p_record_interruption()) {
        let from = add_days(date, rng.int(1, 3));
        let to = add_days(from, rng.int(14, 35));
        episode.interrupt(
            from,
            Some(to),
            InterruptionReason::LabAbnormality,
            ctx.until,
        );
    }
}
