//! Timing of vaccinations against the episode: herpes zoster first dose ≥ 14 days before start;
//! live vaccines ≥ 28 days before start or, during treatment, inside an interruption that began
//! ≥ 7 days before and ended ≥ 28 days after; non-live vaccines ideally ≥ 14 days before start.

use super::{Vaccination, VaccinationFinding, VaccinationRule, VaccineKind};
use crate::time::study_day;
use crate::treatment::Episode;

/// Days between the zoster vaccine's first dose and the start.
pub(super) const ZOSTER_DAYS_BEFORE_START: i64 = 14;
/// Days between the last live vaccine and the start.
pub(super) const LIVE_DAYS_BEFORE_START: i64 = 28;
/// Days the JAK inhibitor is interrupted before a live vaccine.
pub(super) const LIVE_INTERRUPT_DAYS_BEFORE: i64 = 7;
/// Days after a live vaccine before the JAK inhibitor is restarted.
pub(super) const LIVE_RESTART_DAYS_AFTER: i64 = 28;
/// Days between a non-live vaccine and the start, ideally.
pub(super) const NON_LIVE_DAYS_BEFORE_START: i64 = 14;

fn field(i: usize) -> String {
    format!("vaccinations[{i}].date")
}

/// The first herpes zoster (recombinant) dose ≥ 14 days before start; adults with none recorded
/// get advice. The second dose may follow during treatment and is not checked.
pub(super) fn zoster(
    episode: &Episode,
    vaccinations: &[Vaccination],
    adult: bool,
) -> Vec<VaccinationFinding> {
    let first = vaccinations
        .iter()
        .enumerate()
        .filter(|(_, v)| v.kind == VaccineKind::HerpesZosterRecombinant)
        .min_by_key(|(i, v)| (v.date, *i));
    let Some((i, first)) = first else {
        if !adult {
            return Vec::new();
        }
        return vec![VaccinationFinding::new(
            VaccinationRule::ZosterNotRecorded,
            "vaccinations",
            format!(
                "no herpes zoster vaccination recorded: the first dose is advised at least \
                 {ZOSTER_DAYS_BEFORE_START} days before starting {}",
                episode.drug().code()
            ),
        )];
    };
    let day = study_day(episode.start(), first.date);
    if day <= -ZOSTER_DAYS_BEFORE_START {
        return Vec::new();
    }
    vec![VaccinationFinding::new(
        VaccinationRule::ZosterFirstDoseBeforeStart,
        field(i),
        format!(
            "first herpes zoster dose on day {day} ({}): advised at least \
             {ZOSTER_DAYS_BEFORE_START} days before the start",
            first.date
        ),
    )]
}

/// Live vaccines: before the start by ≥ 28 days; during the episode only inside an interruption
/// that began ≥ 7 days before the vaccine and was not ended (restart) within 28 days after it.
pub(super) fn live(episode: &Episode, vaccinations: &[Vaccination]) -> Vec<VaccinationFinding> {
    let mut findings = Vec::new();
    let drug = episode.drug().code();
    for (i, v) in vaccinations.iter().enumerate() {
        if !v.kind.is_live() {
            continue;
        }
        let day = study_day(episode.start(), v.date);
        let name = v.kind.name();
        if day < 0 {
            if day > -LIVE_DAYS_BEFORE_START {
                findings.push(VaccinationFinding::new(
                    VaccinationRule::LiveCompletedBeforeStart,
                    field(i),
                    format!(
                        "live {name} vaccine on day {day} ({}): live vaccines must be completed \
                         at least {LIVE_DAYS_BEFORE_START} days before starting {drug}",
                        v.date
                    ),
                ));
            }
            continue;
        }
        if !episode.spans(v.date) {
            continue;
        }
        let Some(pause) = episode.interruption_on(v.date) else {
            findings.push(VaccinationFinding::new(
                VaccinationRule::LiveOnlyDuringInterruption,
                field(i),
                format!(
                    "live {name} vaccine on day {day} ({}) while {drug} was taken: interrupt at \
                     least {LIVE_INTERRUPT_DAYS_BEFORE} days before and restart at least \
                     {LIVE_RESTART_DAYS_AFTER} days after",
                    v.date
                ),
            ));
            continue;
        };
        let paused_for = (v.date - pause.from()).num_days();
        if paused_for < LIVE_INTERRUPT_DAYS_BEFORE {
            findings.push(VaccinationFinding::new(
                VaccinationRule::LiveInterruptedBefore,
                field(i),
                format!(
                    "{drug} was interrupted {paused_for} days before the live {name} vaccine \
                     ({}): at least {LIVE_INTERRUPT_DAYS_BEFORE} days are needed",
                    v.date
                ),
            ));
        }
        if let Some(restart) = pause.to() {
            let after = (restart - v.date).num_days();
            if after < LIVE_RESTART_DAYS_AFTER {
                findings.push(VaccinationFinding::new(
                    VaccinationRule::LiveRestartAfter,
                    field(i),
                    format!(
                        "{drug} was restarted {after} days after the live {name} vaccine \
                         ({restart}): at least {LIVE_RESTART_DAYS_AFTER} days are needed"
                    ),
                ));
            }
        }
    }
    findings
}

/// Non-live vaccines (other than the zoster vaccine) given less than 14 days before the start:
/// the response may be reduced (advice).
pub(super) fn non_live(episode: &Episode, vaccinations: &[Vaccination]) -> Vec<VaccinationFinding> {
    vaccinations
        .iter()
        .enumerate()
        .filter(|(_, v)| !v.kind.is_live() && v.kind != VaccineKind::HerpesZosterRecombinant)
        .filter_map(|(i, v)| {
            let day = study_day(episode.start(), v.date);
            (-NON_LIVE_DAYS_BEFORE_START < day && day < 0).then(|| {
                VaccinationFinding::new(
                    VaccinationRule::NonLiveBeforeStart,
                    field(i),
                    format!(
                        "{} vaccine on day {day} ({}): non-live vaccines are ideally given at \
                         least {NON_LIVE_DAYS_BEFORE_START} days before the start, as the \
                         response may be reduced",
                        v.kind.name(),
                        v.date
                    ),
                )
            })
        })
        .collect()
}
