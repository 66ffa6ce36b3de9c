//! EASI components around a target score: the affected area of each region grows with the
//! severity, the four signs share the intensity the target needs with the age's region
//! multipliers (CLINICAL.md §1), rounded to the allowed steps (0, 1, 1.5, …, 3). The rules then
//! compute the exact total, which lands near the target. A chart total is that total rounded to
//! one decimal.

use registry_core::instruments::easi::{Easi, EasiInput, EasiRegionInput, EasiRegionsInput};
use rust_decimal::Decimal;

use super::instruments::dec;
use super::rng::Rng;

/// Area score of a percentage (CLINICAL.md §1).
fn area_score(pct: f64) -> f64 {
    match pct {
        p if p <= 0.0 => 0.0,
        p if p < 10.0 => 1.0,
        p if p < 30.0 => 2.0,
        p if p < 50.0 => 3.0,
        p if p < 70.0 => 4.0,
        p if p < 90.0 => 5.0,
        _ => 6.0,
    }
}

/// A sign in the allowed steps: 0, then 1 to 3 in halves.
fn sign(x: f64) -> Decimal {
    let x = if x < 0.5 {
        0.0
    } else {
        (x * 2.0).round() / 2.0
    };
    dec(x.clamp(if x > 0.0 { 1.0 } else { 0.0 }, 3.0), 1)
}

/// EASI input for a patient `age` years old with about `target` EASI: the four regions, or (a
/// chart) the total only.
pub fn input(rng: &mut Rng, target: f64, age: u32, total_only: bool) -> EasiInput {
    let multipliers = if age < 8 {
        [0.2, 0.2, 0.3, 0.3]
    } else {
        [0.1, 0.2, 0.3, 0.4]
    };
    let level = (target / 72.0).clamp(0.0, 1.0).sqrt();
    let mut pcts = [0.0f64; 4];
    for p in &mut pcts {
        *p = (100.0 * level * rng.uniform(0.4, 1.5))
            .clamp(0.0, 100.0)
            .round();
        if rng.chance(0.15 * (1.0 - level)) {
            *p = 0.0;
        }
    }
    if target > 0.2 && pcts.iter().all(|p| *p == 0.0) {
        pcts[rng.int(0, 3) as usize] = rng.uniform(2.0, 9.0).round();
    }
    let weight: f64 = pcts
        .iter()
        .zip(multipliers)
        .map(|(p, m)| area_score(*p) * m)
        .sum();
    let intensity = if weight > 0.0 {
        (target / weight).clamp(0.0, 12.0)
    } else {
        0.0
    };
    let as_score = rng.chance(0.3);
    let mut region = |pct: f64| {
        let per_sign = if pct > 0.0 {
            intensity * rng.uniform(0.85, 1.15) / 4.0
        } else {
            0.0
        };
        let mut s = |bias: f64| Some(sign(per_sign * bias + rng.gauss(0.0, 0.2)));
        Some(EasiRegionInput {
            erythema: s(1.15),
            induration: s(1.0),
            excoriation: s(1.0),
            lichenification: s(0.85),
            area_pct: (!as_score).then(|| dec(pct, 0)),
            area_score: as_score.then(|| dec(area_score(pct), 0)),
        })
    };
    let regions = EasiRegionsInput {
        head_neck: region(pcts[0]),
        upper_limbs: region(pcts[1]),
        trunk: region(pcts[2]),
        lower_limbs: region(pcts[3]),
    };
    let components = EasiInput {
        regions: Some(regions),
        total: None,
    };
    if !total_only {
        return components;
    }
    match Easi::from_input(&components, age) {
        Ok(checked) => EasiInput {
            regions: None,
            total: Some(checked.value.total().round_dp(1)),
        },
        Err(_) => components,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn the_rules_score_the_components_near_the_target() {
        let mut rng = Rng::patient(5, 5);
        for (target, age) in [(1.0, 30), (5.0, 5), (12.0, 30), (20.0, 10), (45.0, 40)] {
            let n = 500;
            let mut sum = 0.0;
            for _ in 0..n {
                let easi = Easi::from_input(&input(&mut rng, target, age, false), age).unwrap();
                let total: f64 = easi.value.total().try_into().unwrap();
                sum += total;
            }
            let mean = sum / f64::from(n);
            assert!(
                (mean - target).abs() < 0.1 * target + 0.7,
                "target {target}: mean {mean}"
            );
        }
        let chart = input(&mut rng, 17.0, 30, true);
        assert!(chart.regions.is_none() && chart.total.is_some());
    }
}
