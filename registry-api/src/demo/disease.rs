//! The untreated disease of a demo patient: AA subtype with its SALT, eyebrows and eyelashes,
//! nails and the current episode; AD severity (EASI, log-normal around 20, moderate to very
//! severe) and itch; and the comorbidities that come with each disease.
//!
//! Severe AA for systemic treatment: patchy and ophiasis mostly SALT 35–90 (some below 50, who
//! are not eligible for a JAK inhibitor), totalis and universalis SALT 95–100, as in the trial
//! populations where about half had SALT ≥ 95 (BRAVE-AA, ALLEGRO).

use chrono::{Datelike, NaiveDate};
use registry_core::patient::AaSubtype;

use super::person::Person;
use super::rng::{Rng, add_days};

/// Fills in the disease of `p`, who is `age` years old at enrollment.
pub fn describe(rng: &mut Rng, p: &mut Person, age: f64) {
    let born = p.birth_month.first_day().year();
    let onset_year = |rng: &mut Rng, from: f64, to: f64| {
        let years = rng.uniform(from, to.max(from + 0.1)).min(age);
        Some(born + years as i32)
    };
    if p.aa() {
        aa(rng, p, age);
        let mut c = Vec::new();
        if rng.chance(0.18) {
            c.push((
                "atopic dermatitis",
                onset_year(rng, 0.5, 10.0),
                rng.chance(0.8),
            ));
        }
        if rng.chance(0.12) {
            c.push((
                "hypothyroidism (Hashimoto)",
                onset_year(rng, 10.0, age),
                true,
            ));
        }
        if rng.chance(0.04) {
            c.push(("vitiligo", onset_year(rng, 5.0, age), true));
        }
        if rng.chance(0.10) {
            c.push(("asthma", onset_year(rng, 2.0, 15.0), rng.chance(0.7)));
        }
        if rng.chance(0.15) {
            c.push(("allergic rhinitis", onset_year(rng, 4.0, 20.0), true));
        }
        p.comorbidities = c;
    } else {
        p.natural = rng.log_normal(20.0, 0.45).clamp(7.5, 60.0);
        p.itch = rng.gauss(7.0, 1.7).clamp(2.0, 10.0);
        let mut c = Vec::new();
        if rng.chance(0.35) {
            c.push(("asthma", onset_year(rng, 1.0, 12.0), rng.chance(0.8)));
        }
        if rng.chance(0.45) {
            c.push(("allergic rhinitis", onset_year(rng, 2.0, 16.0), true));
        }
        if rng.chance(if age < 12.0 { 0.35 } else { 0.10 }) {
            c.push(("food allergy", onset_year(rng, 0.3, 3.0), rng.chance(0.7)));
        }
        if rng.chance(0.2) {
            c.push(("allergic conjunctivitis", onset_year(rng, 3.0, 20.0), true));
        }
        p.comorbidities = c;
    }
}

fn aa(rng: &mut Rng, p: &mut Person, age: f64) {
    let subtype = [
        AaSubtype::Patchy,
        AaSubtype::Ophiasis,
        AaSubtype::Totalis,
        AaSubtype::Universalis,
    ][rng.weighted(&[0.38, 0.10, 0.20, 0.32])];
    let total = |rng: &mut Rng| {
        if rng.chance(0.7) {
            100.0
        } else {
            rng.uniform(95.0, 100.0)
        }
    };
    p.natural = match subtype {
        AaSubtype::Patchy => rng.uniform(35.0, 92.0),
        AaSubtype::Ophiasis => rng.uniform(40.0, 85.0),
        AaSubtype::Totalis | AaSubtype::Universalis => total(rng),
    };
    let brows = |rng: &mut Rng| match subtype {
        AaSubtype::Universalis => {
            if rng.chance(0.7) {
                3
            } else {
                2
            }
        }
        AaSubtype::Totalis => 2 + u8::from(rng.chance(0.4)),
        _ => [0, 1, 2][rng.weighted(&[0.5, 0.3, 0.2])],
    };
    p.brows_lashes = (brows(rng), brows(rng));
    p.aa_subtype = Some(subtype);
    p.nails = Some(rng.chance(if subtype == AaSubtype::Patchy {
        0.2
    } else {
        0.4
    }));
    let years = rng.log_normal(2.5, 0.85).clamp(0.3, (age - 0.5).max(0.3));
    let start: NaiveDate = add_days(p.enrolled, -((years * 365.25) as i64));
    p.aa_episode_start = Some(start.max(add_days(p.birth_month.first_day(), 180)));
}
