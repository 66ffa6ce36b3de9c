//! Which labs are drawn at which visit, and the rare results past a safety threshold.
//!
//! JAK inhibitors follow the monitoring schedule of seed 003 Tabel 1 (CLINICAL.md §3): at intake
//! a blood count, ALAT, creatinine, lipids, HIV, HBV/HCV and TB screening (pregnancy exclusion at
//! every check for women of child-bearing potential); again at week 4 and weeks 12–16; then a
//! count, ALAT and creatinine every 3 months and lipids yearly. CK only on indication (5 % of
//! draws). Ciclosporin: creatinine and ALAT at every visit; methotrexate: blood count, ALAT and
//! creatinine. Centers skip draws by their habits.
//!
//! Threshold breaches per JAK episode *(project assumptions, "rare" as in the trials)*:
//! lymphocytes < 0.5 1.5 %, neutrophils < 1.0 1 %, Hb < 5.0 0.4 %, platelets < 50 0.2 % and twice
//! 50–100 0.6 %, ALAT ≥ 3 × ULN 1 % (methotrexate 3 %), CK > 5 × ULN 1.5 %, creatinine > 130 % of
//! baseline 1 % (ciclosporin 4 %). A breach of an "interrupt" rule interrupts the JAK inhibitor
//! for 2–5 weeks.

use chrono::NaiveDate;
use registry_core::catalogue::Drug;
use registry_core::labs::{Analyte, LabResultInput};
use registry_core::treatment::InterruptionReason;

use super::labs::{Profile, qualitative, reading};
use super::plan::{Context, PlannedEpisode};
use super::rng::{Rng, add_days};

const FBC: [Analyte; 5] = [
    Analyte::Hb,
    Analyte::Leukocytes,
    Analyte::Lymphocytes,
    Analyte::Neutrophils,
    Analyte::Platelets,
];
const LIPIDS: [Analyte; 4] = [
    Analyte::CholesterolTotal,
    Analyte::Hdl,
    Analyte::Ldl,
    Analyte::Triglycerides,
];

/// A breach planned for an episode: the analyte, the draw it falls on, the value in the
/// canonical unit, the number of consecutive draws, and whether it calls for an interruption.
struct Breach {
    analyte: Analyte,
    at: usize,
    value: f64,
    times: usize,
    interrupt: bool,
}

/// The draws of `episode` at its visits (`baseline` is the visit that serves as its intake):
/// (date, results). Adds the interruptions breaches cause.
pub fn draws(
    rng: &mut Rng,
    ctx: &Context<'_>,
    profile: &Profile,
    episode: &mut PlannedEpisode,
    baseline: Option<NaiveDate>,
) -> Vec<(NaiveDate, Vec<LabResultInput>)> {
    let drug = episode.drug;
    let jak = drug.is_jak_inhibitor();
    let each: Vec<Analyte> = match drug {
        Drug::Ciclosporin => vec![Analyte::Creatinine, Analyte::Alat],
        _ if jak || drug == Drug::Methotrexate => FBC
            .iter()
            .copied()
            .chain([Analyte::Alat, Analyte::Creatinine])
            .collect(),
        _ => return Vec::new(),
    };
    let pregnancy = ctx.person.childbearing == Some(true);
    let dates: Vec<NaiveDate> = baseline
        .into_iter()
        .chain(episode.visits.iter().copied())
        .collect();
    let breach = plan_breach(rng, drug, profile);
    let (mut last_check, mut last_lipids) = (i64::MIN / 2, i64::MIN / 2);
    let mut out = Vec::new();
    let mut draw_no = 0;
    for (i, date) in dates.iter().enumerate() {
        let day = (*date - episode.start).num_days();
        let intake = i == 0 && day <= 0;
        let window = (21..=42).contains(&day) || (84..=112).contains(&day);
        let due = !jak || intake || window || day - last_check >= 80;
        if (day <= 0 && !intake) || !due || (!intake && !rng.chance(ctx.center.p_lab())) {
            continue;
        }
        last_check = day;
        let mut analytes = each.clone();
        if jak && (intake || (84..=112).contains(&day) || day - last_lipids >= 330) {
            analytes.extend(LIPIDS);
            last_lipids = day;
        }
        if jak && rng.chance(0.05) {
            analytes.push(Analyte::Ck);
        }
        let mut results = Vec::new();
        for a in analytes {
            let mut x = profile.sample(rng, a, Some(drug), day);
            if let Some(b) = breach
                .as_ref()
                .filter(|b| b.analyte == a && (b.at..b.at + b.times).contains(&draw_no))
            {
                x = b.value;
                if b.interrupt {
                    interrupt_for(rng, ctx, episode, *date);
                }
            }
            results.push(reading(a, x, profile.uln(a), ctx.center.us_units, *date));
        }
        if jak && intake {
            for a in [
                Analyte::Hiv,
                Analyte::Hbv,
                Analyte::Hcv,
                Analyte::TbScreening,
            ] {
                results.push(qualitative(a, rng.chance(0.005), *date));
            }
        }
        if jak && pregnancy {
            results.push(qualitative(Analyte::PregnancyTest, false, *date));
        }
        draw_no += 1;
        out.push((*date, results));
    }
    out
}

fn plan_breach(rng: &mut Rng, drug: Drug, profile: &Profile) -> Option<Breach> {
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

fn interrupt_for(rng: &mut Rng, ctx: &Context<'_>, episode: &mut PlannedEpisode, date: NaiveDate) {
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
