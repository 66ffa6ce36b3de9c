//! When each drug could be started (approximate month of EU approval for the indication and age
//! group, plus a month; used only to keep start dates plausible) and how it is dosed: the start
//! dose by age and weight (CLINICAL.md §2 and the seeds), the dose a taper steps down to and the
//! dose an insufficient response steps up to.

use chrono::NaiveDate;
use registry_core::catalogue::Drug;
use registry_core::treatment::{Dose, DoseUnit, Frequency};
use rust_decimal::Decimal;

use super::rng::Rng;

fn ymd(y: i32, m: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, 1).unwrap_or_default()
}

/// First month `drug` is started for the disease (`aa`) at `age` years.
pub fn available_from(drug: Drug, aa: bool, age: u32) -> NaiveDate {
    match drug {
        Drug::Dupilumab => match age {
            18.. => ymd(2017, 10),
            12..=17 => ymd(2019, 9),
            6..=11 => ymd(2020, 12),
            _ => ymd(2023, 4),
        },
        Drug::Tralokinumab if age >= 18 => ymd(2021, 7),
        Drug::Tralokinumab => ymd(2022, 12),
        Drug::Lebrikizumab => ymd(2023, 12),
        Drug::Upadacitinib => ymd(2021, 9),
        Drug::Abrocitinib => ymd(2022, 1),
        Drug::Baricitinib if aa => ymd(2022, 7),
        Drug::Baricitinib if age >= 18 => ymd(2020, 11),
        Drug::Baricitinib => ymd(2023, 10),
        Drug::Ritlecitinib => ymd(2023, 10),
        Drug::Ciclosporin | Drug::Methotrexate | Drug::Prednisone | Drug::Prednisolone => {
            ymd(2000, 1)
        }
    }
}

/// The doses of one episode.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Regimen {
    /// Dose from day 0.
    pub start: Dose,
    /// The maintenance dose after a loading phase (lebrikizumab 500 → 250 mg from week 4).
    pub after_loading: Option<(i64, Dose)>,
    /// The tapered dose (longer interval or lower amount), if the drug is tapered that way.
    pub lower: Option<Dose>,
    /// The dose an insufficient response may step up to.
    pub higher: Option<Dose>,
    /// True when the start dose is the higher strength (chooses the response curve).
    pub high: bool,
}

fn dose(amount: Decimal, unit: DoseUnit, frequency: Frequency) -> Option<Dose> {
    Dose::new(amount, unit, frequency).ok()
}

fn mg(amount: i64, frequency: Frequency) -> Option<Dose> {
    dose(Decimal::from(amount), DoseUnit::Mg, frequency)
}

/// The regimen of `drug` for a patient of `age` years and `weight` kg.
pub fn regimen(rng: &mut Rng, drug: Drug, aa: bool, age: u32, weight: f64) -> Option<Regimen> {
    use Frequency::{Every2Weeks as Q2w, Every4Weeks as Q4w, OnceDaily, TwiceDaily, Weekly};
    let plain = |start: Option<Dose>, lower: Option<Dose>, higher: Option<Dose>, high: bool| {
        start.map(|start| Regimen {
            start,
            after_loading: None,
            lower,
            higher,
            high,
        })
    };
    match drug {
        Drug::Dupilumab => {
            let q4w_child = age < 12 && weight < 60.0;
            let amount = if age < 6 && weight < 15.0 || (12..18).contains(&age) && weight < 60.0 {
                200
            } else {
                300
            };
            let start = mg(amount, if q4w_child { Q4w } else { Q2w });
            plain(
                start,
                (!q4w_child).then(|| mg(amount, Q4w)).flatten(),
                None,
                true,
            )
        }
        Drug::Tralokinumab => plain(mg(300, Q2w), mg(300, Q4w), None, true),
        Drug::Lebrikizumab => mg(500, Q2w).map(|start| Regimen {
            start,
            after_loading: mg(250, Q2w).map(|d| (28, d)),
            lower: mg(250, Q4w),
            higher: None,
            high: true,
        }),
        Drug::Upadacitinib => {
            let high = (18..65).contains(&age) && rng.chance(0.45);
            let start = mg(if high { 30 } else { 15 }, OnceDaily);
            let (lower, higher) = if high {
                (mg(15, OnceDaily), None)
            } else {
                (
                    None,
                    (18..65).contains(&age).then(|| mg(30, OnceDaily)).flatten(),
                )
            };
            plain(start, lower, higher, high)
        }
        Drug::Abrocitinib => {
            let high = age < 65 && weight >= 40.0 && rng.chance(0.55);
            let start = mg(if high { 200 } else { 100 }, OnceDaily);
            let (lower, higher) = if high {
                (mg(100, OnceDaily), None)
            } else {
                (None, (age < 65).then(|| mg(200, OnceDaily)).flatten())
            };
            plain(start, lower, higher, high)
        }
        Drug::Baricitinib => {
            let high = weight >= 30.0 && age < 75 && !(aa && rng.chance(0.06));
            let start = mg(if high { 4 } else { 2 }, OnceDaily);
            let (lower, higher) = if high {
                (mg(2, OnceDaily), None)
            } else {
                (None, (weight >= 30.0).then(|| mg(4, OnceDaily)).flatten())
            };
            plain(start, lower, higher, high)
        }
        Drug::Ritlecitinib => plain(
            mg(50, OnceDaily),
            mg(50, Frequency::EveryOtherDay),
            None,
            true,
        ),
        Drug::Ciclosporin => {
            let half_daily = [1.5, 2.0, 2.5][rng.weighted(&[0.25, 0.5, 0.25])];
            let amount = |x: f64| Decimal::from_f64_retain(x).map(|d| d.round_dp(1));
            let per_kg = |x: f64| amount(x).and_then(|a| dose(a, DoseUnit::MgPerKg, TwiceDaily));
            plain(per_kg(half_daily), per_kg(half_daily - 0.5), None, true)
        }
        Drug::Methotrexate if age < 18 => {
            let per_m2 = |a: i64| dose(Decimal::from(a), DoseUnit::MgPerM2, Weekly);
            plain(
                per_m2(if rng.chance(0.5) { 10 } else { 15 }),
                per_m2(7),
                per_m2(15),
                true,
            )
        }
        Drug::Methotrexate => plain(mg(15, Weekly), mg(10, Weekly), mg(20, Weekly), true),
        Drug::Prednisone | Drug::Prednisolone => {
            let amount = if age < 18 {
                (weight.round() as i64).clamp(10, 40)
            } else {
                40
            };
            plain(
                mg(amount, OnceDaily),
                mg((amount / 2).max(5), OnceDaily),
                None,
                true,
            )
        }
    }
}

/// Typical body weight (kg) at `age` years: Dutch growth references for children (rounded
/// medians), adults by sex; `z` shifts the patient along (log-normal, ±12 % per unit).
pub fn weight_for_age(age: f64, female: bool, z: f64) -> f64 {
    const CHILD: [(f64, f64); 11] = [
        (0.5, 7.8),
        (1.0, 9.8),
        (2.0, 12.5),
        (3.0, 14.5),
        (4.0, 16.5),
        (6.0, 21.0),
        (8.0, 26.0),
        (10.0, 32.0),
        (12.0, 40.0),
        (14.0, 51.0),
        (16.0, 58.0),
    ];
    let adult = if female { 70.0 } else { 83.0 };
    let median = if age >= 18.0 {
        adult + (age.min(60.0) - 18.0) * 0.15
    } else {
        let mut previous = CHILD[0];
        let mut value = previous.1;
        for &(a, w) in CHILD.iter().chain([(18.0, adult)].iter()) {
            if age <= a {
                let f = ((age - previous.0) / (a - previous.0).max(1e-9)).clamp(0.0, 1.0);
                value = previous.1 + f * (w - previous.1);
                break;
            }
            previous = (a, w);
            value = w;
        }
        value
    };
    median * (0.12 * z).exp()
}
