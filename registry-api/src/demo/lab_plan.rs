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

use super::lab_breach::{interrupt_for, plan_breach};
use super::labs::{Profile, qualitative, reading};
use super::plan::{Context, PlannedEpisode};
use super::rng::Rng;

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
