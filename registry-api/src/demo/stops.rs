//! Stops that do not come from the response, what happens after a stop, and which adverse events
//! of an episode get recorded (with the interruptions they caused).
//!
//! Yearly rates *(project assumptions)*: patient's wish 2 %, pregnancy wish 5 % in women of
//! child-bearing potential aged 18–42, reimbursement 0.3 % (30 % when an AA patient did not meet
//! the JAK criteria at the start), loss to follow-up 2 % (4 % at patchy centers), other 0.8 %.
//! After a stop the disease returns to its untreated level: within weeks after a failure, after
//! months of remission (or not for years, in 30 % of AA) after tapering off.

use chrono::NaiveDate;
use registry_core::treatment::{InterruptionReason, StopReason};

use super::adverse::{Action, PlannedAe};
use super::centers::Diligence;
use super::course::Relapse;
use super::plan::{Context, PlannedEpisode};
use super::response::Setting;
use super::rng::{Rng, add_days};

/// The first stop for a reason unrelated to the response: study day and reason.
pub fn random_stop(
    rng: &mut Rng,
    ctx: &Context<'_>,
    s: &Setting,
    start: NaiveDate,
) -> Option<(i64, StopReason)> {
    let p = ctx.person;
    let age = p.age(start);
    let pregnancy = p.childbearing == Some(true) && (18..=42).contains(&age);
    let ineligible_aa_jak = s.aa
        && s.drug.is_jak_inhibitor()
        && (s.baseline < 50.0
            || p.aa_episode_start
                .is_some_and(|e| (start - e).num_days() >= 8 * 365));
    let rates = [
        (StopReason::PatientWish, 0.02),
        (
            StopReason::PregnancyWish,
            if pregnancy { 0.05 } else { 0.0 },
        ),
        (
            StopReason::Reimbursement,
            if ineligible_aa_jak { 0.3 } else { 0.003 },
        ),
        (
            StopReason::LostToFollowUp,
            if ctx.center.diligence == Diligence::Patchy {
                0.04
            } else {
                0.02
            },
        ),
        (StopReason::Other, 0.008),
    ];
    rates
        .iter()
        .map(|(reason, rate)| (365.0 * rng.exponential(*rate), *reason))
        .filter(|(day, _)| day.is_finite())
        .min_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(day, reason)| (day as i64, reason))
}

/// The disease after a stop for `reason` with severity `value` on the stop day.
pub fn relapse(
    rng: &mut Rng,
    ctx: &Context<'_>,
    reason: Option<StopReason>,
    value: f64,
) -> Relapse {
    let aa = ctx.person.aa();
    let natural = if aa {
        (ctx.person.natural * rng.uniform(0.9, 1.05)).min(100.0)
    } else {
        ctx.person.natural * rng.uniform(0.8, 1.2)
    };
    let onset = match reason {
        Some(StopReason::RemissionTaperedOff) if aa && rng.chance(0.3) => {
            rng.uniform(700.0, 2000.0)
        }
        Some(StopReason::RemissionTaperedOff) if aa => rng.uniform(60.0, 365.0),
        Some(StopReason::RemissionTaperedOff) => rng.uniform(30.0, 240.0),
        _ => rng.uniform(0.0, 30.0),
    };
    Relapse {
        from_value: value,
        natural: natural.max(value),
        onset,
        duration: if aa {
            rng.uniform(90.0, 240.0)
        } else {
            rng.uniform(30.0, 90.0)
        },
    }
}

/// Keeps the events of `episode` that happened while it ran and that the center reports (not
/// every minor one at a patchy center); an event whose drug was interrupted gets its
/// interruption (unless the center forgot to record it); a withdrawal that did not end the
/// episode becomes "none".
pub fn keep_events(
    rng: &mut Rng,
    ctx: &Context<'_>,
    episode: &mut PlannedEpisode,
    events: Vec<PlannedAe>,
) {
    let last = episode.last_day(ctx.until);
    let stopped_for_ae = episode
        .stop
        .map(|(d, r)| (d, r == StopReason::AdverseEvent));
    let mut stop_event_seen = false;
    let start = episode.start;
    for mut event in events
        .into_iter()
        .filter(|e| e.onset <= last && e.onset > start)
    {
        if event.minor && !rng.chance(ctx.center.p_report_minor()) {
            continue;
        }
        if event.action == Action::Withdrawn {
            let ends_episode = matches!(stopped_for_ae, Some((_, true))) && !stop_event_seen;
            stop_event_seen |= ends_episode;
            if !ends_episode {
                event.action = Action::None;
            }
        }
        if event.action == Action::Interrupted && rng.chance(ctx.center.p_record_interruption()) {
            let from = add_days(event.onset, rng.int(0, 3));
            let to = event.end.map(|end| add_days(end, rng.int(0, 7)));
            let reason = if event.term.contains("infection") || event.term.contains("herpes") {
                InterruptionReason::Infection
            } else {
                InterruptionReason::AdverseEvent
            };
            if !episode.interrupt(from, to, reason, ctx.until) {
                event.action = Action::None;
            }
        }
        event.end = event.end.filter(|end| *end <= ctx.until);
        episode.adverse_events.push(event);
    }
}
