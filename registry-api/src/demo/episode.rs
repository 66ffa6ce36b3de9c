//! One treatment episode, visit by visit: the clinician sees the (latent) response at each
//! attended visit and acts as the seeds advise.
//!
//! - No response at the decision visit (AA JAK inhibitors after 9–12 months, seed 003: no
//!   decision in the first 6 months, continue to 9–12 with some stabilisation; conventional AA
//!   drugs after 6–9 months; AD biologics weeks 16–28, JAK inhibitors weeks 12–20): stop for
//!   primary inefficacy, give a partial responder more time (most AA patients on a JAK
//!   inhibitor), or step the dose up once.
//! - A response lost later: stop for secondary loss of effect, or step up.
//! - A response kept ≥ 6–12 months: taper in some (seed 003 "afbouwen"), after which some lose
//!   it again (dose back up, or stop) and some taper off completely (remission).
//! - Steroid courses taper over 3–4 months; ciclosporin stops within two years.
//! - Adverse events that withdraw the drug, and stops for the patient's wish, pregnancy wish,
//!   reimbursement, loss to follow-up and other reasons, compete.

use chrono::NaiveDate;
use registry_core::treatment::StopReason;

use super::adverse::{self, Action};
use super::clinic::Clinic;
use super::plan::{Context, PlannedEpisode};
use super::regimen::Regimen;
use super::response::{self, Response, Setting};
use super::rng::{Rng, add_days};
use super::schedule;
use super::stops;

/// Simulates an episode of `setting.drug` from `start` with the given regimen.
pub fn simulate(
    rng: &mut Rng,
    ctx: &Context<'_>,
    start: NaiveDate,
    regimen: Regimen,
    setting: Setting,
    baseline_visit: bool,
) -> PlannedEpisode {
    let (drug, aa) = (setting.drug, setting.aa);
    let until = ctx.until;
    let slots = schedule::slots(rng, drug, aa, start, until, ctx.center);
    let Response {
        mut course,
        loss,
        plateau,
        ..
    } = response::draw(rng, &setting);
    let age = ctx.person.age(start);
    let events = adverse::sample(rng, drug, start, until, age);
    let ae_stop = events
        .iter()
        .find(|e| e.action == Action::Withdrawn)
        .map(|e| add_days(e.onset, rng.int(0, 7)).min(until));
    let random = stops::random_stop(rng, ctx, &setting, start);
    let mut clinic = Clinic::new(rng, &setting, regimen, loss);
    let mut visits: Vec<NaiveDate> = Vec::new();
    let mut stop = None;
    let attended = slots.iter().filter(|s| !s.missed || s.day == 0);
    for slot in attended {
        if let Some(d) = ae_stop.filter(|d| *d <= slot.date) {
            if visits.last().is_none_or(|v| *v < d) {
                visits.push(d);
            }
            stop = Some((d, StopReason::AdverseEvent));
            break;
        }
        if let Some((_, reason)) = random.filter(|(day, _)| *day <= slot.day) {
            if reason == StopReason::LostToFollowUp && !visits.is_empty() {
                stop = visits.last().map(|d| (*d, reason));
            } else {
                visits.push(slot.date);
                stop = Some((slot.date, reason));
            }
            break;
        }
        visits.push(slot.date);
        if let Some(reason) = clinic.visit(rng, slot, &mut course, plateau) {
            stop = Some((slot.date, reason));
            break;
        }
    }
    if !baseline_visit && visits.first() == Some(&start) && stop.is_none_or(|(d, _)| d > start) {
        visits.remove(0);
    }
    let last = stop.map_or(until, |(d, _)| d);
    let mut dose_changes = clinic.dose_changes;
    if let Some((day, dose)) = regimen.after_loading {
        let date = add_days(start, day);
        if date <= last && dose_changes.iter().all(|c| c.0 != date) {
            dose_changes.push((date, dose, false));
        }
    }
    dose_changes.sort_by_key(|c| c.0);
    let stop_day = (last - start).num_days() as f64;
    let relapse = stops::relapse(rng, ctx, stop.map(|s| s.1), course.value(stop_day));
    let mut episode = PlannedEpisode {
        drug,
        start,
        stop,
        regimen,
        dose_changes,
        interruptions: Vec::new(),
        responded: clinic.responded,
        course,
        visits,
        adverse_events: Vec::new(),
        relapse,
    };
    stops::keep_events(rng, ctx, &mut episode, events);
    episode
}
