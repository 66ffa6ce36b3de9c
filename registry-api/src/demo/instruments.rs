//! What a center enters at a visit, measured from the latent severity with observer noise: SALT
//! (four views, or a chart total), eyebrows, eyelashes, vellus hair and wig for AA; EASI
//! ([`super::easi`]), PP-NRS, vIGA-AD and POEM for AD, following the skin (itch by the drug's
//! share of the improvement, vIGA from EASI bands); the quality-of-life questionnaire for the age
//! (IDQOL < 4, CDLQI 4–15, DLQI ≥ 16); body weight. Patchy centers skip optional instruments
//! and enter chart totals.

use chrono::NaiveDate;
use registry_core::instruments::pro::{ItemsInput, QolInstrument};
use registry_core::instruments::salt::SaltInput;
use registry_core::visit::VisitInput;
use rust_decimal::Decimal;

use super::centers::Center;
use super::person::Person;
use super::rng::Rng;

/// The state of the patient at a visit.
#[derive(Debug, Clone, Copy)]
pub struct State {
    /// Latent severity (AA: SALT; AD: EASI).
    pub severity: f64,
    /// Share of the skin improvement the itch follows (drug-dependent; AD).
    pub itch_share: f64,
}

/// `x` as a decimal with `places` decimals.
pub fn dec(x: f64, places: u32) -> Decimal {
    let scale = 10f64.powi(places as i32);
    Decimal::new((x * scale).round() as i64, places)
}

/// The instruments a center enters for `person` on `date` in `state`.
pub fn visit_input(
    rng: &mut Rng,
    person: &Person,
    center: &Center,
    date: NaiveDate,
    state: State,
) -> VisitInput {
    let age = person.age(date);
    let optional = center.p_instrument();
    let mut input = VisitInput {
        visit_date: Some(date.to_string()),
        ..Default::default()
    };
    if rng.chance(optional) || rng.chance(0.5) {
        let w = person.weight(date) * (0.02 * rng.normal()).exp();
        input.weight_kg = Some(dec(w, if w < 30.0 { 1 } else { 0 }).max(Decimal::ONE));
    }
    let improvement = (1.0 - state.severity / person.natural.max(1.0)).clamp(0.0, 1.0);
    let qol_target;
    if person.aa() {
        let s = state.severity.clamp(0.0, 100.0);
        let noise = 1.5 + 0.08 * s.min(100.0 - s);
        let salt = (s + rng.gauss(0.0, noise)).clamp(0.0, 100.0);
        let chart = rng.chance(center.p_total_only());
        input.salt = Some(salt_input(rng, salt, chart));
        let score = |rng: &mut Rng, natural: u8| {
            let x = f64::from(natural) * (1.0 - improvement * rng.uniform(0.7, 1.1))
                + rng.gauss(0.0, 0.4);
            Some(Decimal::from(x.round().clamp(0.0, 3.0) as i64))
        };
        if rng.chance(optional) {
            input.eyebrows = score(rng, person.brows_lashes.0);
            input.eyelashes = score(rng, person.brows_lashes.1);
        }
        if rng.chance(optional) {
            let regrowing = s > 20.0 && s < person.natural - 10.0;
            input.vellus_hair = Some(rng.chance(if regrowing { 0.6 } else { 0.08 }));
            let p_wig = if s > 50.0 {
                0.85
            } else if s > 20.0 {
                0.45
            } else {
                0.08
            };
            input.wig = Some(rng.chance(p_wig));
        }
        qol_target = 2.0 + 0.09 * s + rng.gauss(0.0, 2.5);
    } else {
        let e =
            (state.severity * (0.1 * rng.normal()).exp() + rng.gauss(0.0, 0.3)).clamp(0.0, 72.0);
        let chart = rng.chance(center.p_total_only());
        input.easi = Some(super::easi::input(rng, e, age, chart));
        let itch = person.itch * (1.0 - state.itch_share * improvement * rng.uniform(0.85, 1.15));
        let nrs = (itch + rng.gauss(0.0, 0.8)).round().clamp(0.0, 10.0);
        if rng.chance(optional) {
            input.pp_nrs = Some(Decimal::from(nrs as i64));
        }
        let e2 = e * (0.2 * rng.normal()).exp();
        let viga = [0.5, 4.5, 11.0, 24.0]
            .iter()
            .filter(|cut| e2 >= **cut)
            .count();
        if rng.chance((optional + 0.1).min(1.0)) {
            input.viga = Some(Decimal::from(viga as i64));
        }
        if rng.chance(optional) {
            let poem = 3.0 + 0.45 * e + nrs + rng.gauss(0.0, 2.5);
            input.poem = Some(items(rng, poem, 7, 4, center));
        }
        qol_target = 1.0 + 0.3 * e + 0.6 * nrs + rng.gauss(0.0, 2.0);
    }
    if rng.chance(optional) {
        let q = Some(items(rng, qol_target, 10, 3, center));
        match QolInstrument::for_age(age) {
            QolInstrument::Dlqi => input.dlqi = q,
            QolInstrument::Cdlqi => input.cdlqi = q,
            QolInstrument::Idqol => input.idqol = q,
        }
    }
    input
}

/// SALT as four views (whole percentages, a few with a decimal) around `total`, or the total.
fn salt_input(rng: &mut Rng, total: f64, total_only: bool) -> SaltInput {
    if total_only {
        return SaltInput {
            total: Some(dec(total, 0)),
            ..Default::default()
        };
    }
    const WEIGHTS: [f64; 4] = [0.40, 0.24, 0.18, 0.18];
    let mut views = [0.0; 4];
    let spread = (total.min(100.0 - total) * 0.5).max(0.0);
    for (i, v) in views.iter_mut().enumerate() {
        let bias = if i == 0 { 0.15 } else { -0.05 };
        *v = total + rng.gauss(bias * spread, spread.min(12.0));
    }
    let sum: f64 = views.iter().zip(WEIGHTS).map(|(v, w)| v * w).sum();
    let places = if rng.chance(0.2) { 1 } else { 0 };
    let view = |v: f64| Some(dec((v + total - sum).clamp(0.0, 100.0), places));
    SaltInput {
        top: view(views[0]),
        back: view(views[1]),
        right: view(views[2]),
        left: view(views[3]),
        total: None,
    }
}

/// A questionnaire of `n` items scored 0–`max` adding up to about `total`; now and then one item
/// is left unanswered (scored 0 by the rules), and patchy centers may enter the total alone.
fn items(rng: &mut Rng, total: f64, n: usize, max: u8, center: &Center) -> ItemsInput {
    let top = f64::from(max) * n as f64;
    let target = total.round().clamp(0.0, top) as i64;
    if rng.chance(center.p_total_only() * 0.5) {
        return ItemsInput {
            items: None,
            total: Some(Decimal::from(target)),
        };
    }
    let mut scores = vec![0i64; n];
    let mut left = target;
    while left > 0 {
        let i = rng.int(0, n as i64 - 1) as usize;
        if scores[i] < i64::from(max) {
            scores[i] += 1;
            left -= 1;
        }
    }
    let mut values: Vec<Option<Decimal>> =
        scores.into_iter().map(|s| Some(Decimal::from(s))).collect();
    if rng.chance(0.04) {
        let i = rng.int(0, n as i64 - 1) as usize;
        values[i] = None;
    }
    ItemsInput {
        items: Some(values),
        total: None,
    }
}
