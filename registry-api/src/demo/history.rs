//! A patient's whole history: episode after episode from enrollment to the data cut; after the
//! last stop, follow-up off treatment every six months for most (the registries keep following
//! patients who stopped, until they leave); and the vaccinations around JAK inhibitors (seed 003):
//! the first Shingrix dose ≥ 14 days before the start in adults (a few too late), the second
//! during treatment; now and then a live travel vaccine (yellow fever) during treatment, with
//! the JAK inhibitor interrupted ≥ 7 days before and restarted ≥ 28 days after (rarely too late).

use registry_core::catalogue::Drug;
use registry_core::treatment::{InterruptionReason, StopReason};
use registry_core::vaccination::VaccineKind;

use super::episode;
use super::next;
use super::plan::{Context, Plan, PlannedEpisode, severity};
use super::regimen::regimen;
use super::response::Setting;
use super::rng::{Rng, add_days};

/// Simulates the history of `ctx.person`.
pub fn simulate(rng: &mut Rng, ctx: &Context<'_>) -> Plan {
    let person = ctx.person;
    let until = ctx.until;
    let mut episodes: Vec<PlannedEpisode> = Vec::new();
    let mut planned = next::first(rng, ctx).map(|d| (d, person.enrolled, false));
    while let Some((drug, start, retreatment)) = planned.take() {
        if start > add_days(until, -14) {
            break;
        }
        let baseline = severity(person, &episodes, start);
        let age = person.age(start);
        let Some(regimen) = regimen(rng, drug, person.aa(), age, person.weight(start)) else {
            break;
        };
        let setting = Setting {
            drug,
            aa: person.aa(),
            high: regimen.high,
            baseline,
            threshold: if person.aa() { 20.0 } else { 0.25 * baseline },
            retreatment,
            after_failed_jak: drug.is_jak_inhibitor()
                && episodes.iter().any(|e| e.drug.is_jak_inhibitor()),
        };
        let shared_baseline = episodes
            .last()
            .and_then(|e| e.visits.last())
            .is_some_and(|v| (start - *v).num_days() <= 14);
        let episode = episode::simulate(rng, ctx, start, regimen, setting, !shared_baseline);
        episodes.push(episode);
        planned = next::next(rng, ctx, &episodes);
    }
    let mut follow_up = Vec::new();
    if let Some((stop, reason)) = episodes.last().and_then(|e| e.stop)
        && reason != StopReason::LostToFollowUp
        && rng.chance(0.6)
    {
        let mut date = add_days(stop, rng.int(70, 110));
        while date <= until && rng.chance(0.93) {
            if !rng.chance(ctx.center.p_missed()) {
                follow_up.push(date);
            }
            date = add_days(date, rng.int(160, 200));
        }
    }
    let vaccinations = vaccinate(rng, ctx, &mut episodes);
    Plan {
        person: person.clone(),
        episodes,
        follow_up,
        vaccinations,
    }
}

fn vaccinate(
    rng: &mut Rng,
    ctx: &Context<'_>,
    episodes: &mut [PlannedEpisode],
) -> Vec<(VaccineKind, Option<i32>, chrono::NaiveDate)> {
    let person = ctx.person;
    let mut out = Vec::new();
    let mut shingrix = false;
    for e in episodes.iter_mut().filter(|e| e.drug.is_jak_inhibitor()) {
        if !shingrix && person.age(e.start) >= 18 && rng.chance(0.55) {
            shingrix = true;
            let before = if rng.chance(0.06) {
                rng.int(3, 13)
            } else {
                rng.int(14, 60)
            };
            let first = add_days(e.start, -before);
            out.push((VaccineKind::HerpesZosterRecombinant, Some(1), first));
            let second = add_days(first, rng.int(56, 90));
            if second <= ctx.until {
                out.push((VaccineKind::HerpesZosterRecombinant, Some(2), second));
            }
        }
        let last = e.last_day(ctx.until);
        let days = (last - e.start).num_days();
        if days > 365 && rng.chance(0.03) {
            let given = add_days(e.start, rng.int(120, days - 60));
            let off = if rng.chance(0.1) {
                rng.int(3, 6)
            } else {
                rng.int(7, 14)
            };
            let back = if rng.chance(0.1) {
                rng.int(20, 27)
            } else {
                rng.int(28, 35)
            };
            let (from, to) = (add_days(given, -off), add_days(given, back));
            if e.interrupt(from, Some(to), InterruptionReason::LiveVaccine, ctx.until) {
                out.push((VaccineKind::YellowFever, Some(1), given));
            }
        }
    }
    let kids =
        person.age(person.enrolled) < 18 && episodes.iter().any(|e| e.drug == Drug::Dupilumab);
    if kids && rng.chance(0.3) {
        out.push((
            VaccineKind::Influenza,
            None,
            add_days(person.enrolled, rng.int(30, 200)),
        ));
    }
    out.retain(|v| v.2 <= ctx.until && v.2 >= person.birth_month.last_day());
    out.sort_by_key(|v| v.2);
    out
}
