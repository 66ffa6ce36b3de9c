//! The published figures the generator is calibrated to, and the response-onset curves that
//! produce them.
//!
//! An onset curve gives, per study day, the share of episodes that have first met the primary
//! response (AA: SALT ≤ 20; AD: EASI-75) by that day *if treatment continued*. Each episode draws
//! its day of first response from the curve (or none, beyond its last point); the course of the
//! disease is then drawn through that day ([`super::course`]). Because registry patients stop,
//! miss visits and differ in baseline, the proportions measured in the generated visits differ a
//! little from the curves; `registry demo --report` prints them next to the figures below, and
//! `docs/demo-data.md` records a 10,000-patient run.
//!
//! | figure | source |
//! |---|---|
//! | baricitinib 4 mg, AA: SALT ≤ 20 in 38.8 % at week 36, rising to week 52 (2 mg ≈ 20 %) | seed 003 ref. 1, BRAVE-AA1/AA2 (King et al., NEJM 2022) |
//! | ritlecitinib 50 mg, AA: SALT ≤ 20 in 23–31 % at week 24, about 40 % by week 48 | seed 003 ref. 2, ALLEGRO-2b/3 |
//! | ritlecitinib trajectory classes early / middle / late ≈ 18 / 17 / 11 % | ALLEGRO trajectory analysis (issue brief) |
//! | slower and lower response with baseline SALT ≥ 95 | BRAVE-AA and ALLEGRO subgroup analyses (issue brief) |
//! | re-treatment after a stop works in 57 % of earlier responders | seed 003 ref. 6 |
//! | dupilumab: EASI-75 ≈ 60 % at week 16, ≈ 70 % at week 52 | issue brief (trials, BioDay daily practice) |
//! | abrocitinib 200 / 100 mg, adolescents: EASI-75 72.0 / 68.5 %, PP-NRS4 55.4 / 52.6 % at week 12 | seed 000, JADE TEEN |
//! | baricitinib 4 / 2 mg, children 2–17: EASI-75 52.5 / 40.0 % at week 16, 71.6 / 60.9 % at week 52; PP-NRS4 35.5 / 25.8 % at week 16 | seed 000, BREEZE-AD-PEDS |
//! | lebrikizumab, adolescents: EASI-75 81.9 % and IGA 0/1 (≥ 2 points) 62.6 % at week 52; mean EASI improvement 54.1 / 81.0 / 86.0 % at weeks 4 / 16 / 52 | seed 000, ADore |
//! | upadacitinib 15 / 30 mg: EASI-75 ≈ 70 / 80 % at week 16 | Measure Up 1 (project source) |
//! | tralokinumab: EASI-75 ≈ 56 % at week 16 (with TCS) | ECZTRA 3 (project source) |
//! | ciclosporin, methotrexate, prednisone(-olone) | no seed figure: modest, slower response *(project assumption)* |

use registry_core::catalogue::Drug;

/// Onset curve: (study day, cumulative share with a first response by then).
pub type Onset = &'static [(f64, f64)];

/// AA, SALT ≤ 20. Baricitinib 4 mg: 38.8 % at week 36 (BRAVE-AA1), rising after.
pub(super) const BARICITINIB_4_AA: Onset = &[
    (28.0, 0.01),
    (84.0, 0.06),
    (168.0, 0.24),
    (252.0, 0.385),
    (364.0, 0.44),
    (546.0, 0.48),
    (728.0, 0.50),
];
/// Baricitinib 2 mg in AA (BRAVE-AA1 2 mg ≈ 22.8 % at week 36).
const BARICITINIB_2_AA: Onset = &[
    (84.0, 0.03),
    (168.0, 0.12),
    (252.0, 0.21),
    (364.0, 0.25),
    (728.0, 0.30),
];
/// Ritlecitinib 50 mg: 23 % at week 24, ≈ 40 % by week 48; early 18 %, middle 17 %, late 11 %.
const RITLECITINIB_AA: Onset = &[
    (28.0, 0.01),
    (84.0, 0.05),
    (168.0, 0.23),
    (252.0, 0.32),
    (364.0, 0.41),
    (546.0, 0.48),
    (728.0, 0.53),
];
/// Ciclosporin in AA *(project assumption)*.
const CICLOSPORIN_AA: Onset = &[
    (84.0, 0.03),
    (168.0, 0.12),
    (252.0, 0.18),
    (364.0, 0.24),
    (728.0, 0.28),
];
/// Methotrexate in AA: slower *(project assumption)*.
const METHOTREXATE_AA: Onset = &[
    (84.0, 0.02),
    (168.0, 0.08),
    (252.0, 0.15),
    (364.0, 0.22),
    (728.0, 0.28),
];
/// Prednisone or prednisolone courses in AA *(project assumption)*.
const STEROID_AA: Onset = &[(42.0, 0.03), (84.0, 0.12), (168.0, 0.2), (364.0, 0.22)];

/// AD, EASI-75. Dupilumab: ≈ 60 % at week 16, ≈ 70 % at week 52.
const DUPILUMAB: Onset = &[
    (14.0, 0.02),
    (28.0, 0.12),
    (56.0, 0.35),
    (112.0, 0.60),
    (196.0, 0.66),
    (364.0, 0.70),
    (728.0, 0.72),
];
/// Tralokinumab: ≈ 56 % at week 16 (ECZTRA 3).
const TRALOKINUMAB: Onset = &[
    (28.0, 0.1),
    (56.0, 0.3),
    (112.0, 0.58),
    (196.0, 0.63),
    (364.0, 0.66),
    (728.0, 0.68),
];
/// Lebrikizumab: 81.9 % at week 52 (ADore).
const LEBRIKIZUMAB: Onset = &[
    (28.0, 0.25),
    (56.0, 0.5),
    (112.0, 0.7),
    (196.0, 0.76),
    (364.0, 0.82),
    (728.0, 0.83),
];
/// Upadacitinib 30 / 15 mg: ≈ 80 / 70 % at week 16 (Measure Up 1).
const UPADACITINIB_30: Onset = &[
    (14.0, 0.22),
    (28.0, 0.6),
    (56.0, 0.78),
    (112.0, 0.85),
    (364.0, 0.87),
];
const UPADACITINIB_15: Onset = &[
    (14.0, 0.15),
    (28.0, 0.45),
    (56.0, 0.62),
    (112.0, 0.70),
    (364.0, 0.75),
];
/// Abrocitinib 200 / 100 mg: 72.0 / 68.5 % at week 12 (JADE TEEN).
const ABROCITINIB_200: Onset = &[
    (14.0, 0.13),
    (28.0, 0.43),
    (84.0, 0.75),
    (112.0, 0.76),
    (364.0, 0.79),
];
const ABROCITINIB_100: Onset = &[
    (14.0, 0.08),
    (28.0, 0.33),
    (84.0, 0.685),
    (112.0, 0.69),
    (364.0, 0.72),
];
/// Baricitinib 4 / 2 mg in AD: 52.5 / 40.0 % at week 16, 71.6 / 60.9 % at week 52 (BREEZE-AD-PEDS).
const BARICITINIB_4_AD: Onset = &[
    (14.0, 0.05),
    (28.0, 0.2),
    (56.0, 0.38),
    (112.0, 0.525),
    (196.0, 0.62),
    (364.0, 0.716),
    (728.0, 0.73),
];
const BARICITINIB_2_AD: Onset = &[
    (28.0, 0.12),
    (56.0, 0.27),
    (112.0, 0.40),
    (196.0, 0.5),
    (364.0, 0.609),
    (728.0, 0.62),
];
/// Ciclosporin and methotrexate in AD *(project assumption)*.
const CICLOSPORIN_AD: Onset = &[
    (28.0, 0.1),
    (56.0, 0.25),
    (112.0, 0.4),
    (196.0, 0.45),
    (364.0, 0.48),
];
const METHOTREXATE_AD: Onset = &[(56.0, 0.08), (112.0, 0.22), (196.0, 0.33), (364.0, 0.4)];

/// The onset curve of `drug` for the disease (`aa`) at the higher (`high`) or lower dose.
pub fn onset(drug: Drug, aa: bool, high: bool) -> Onset {
    match (drug, aa) {
        (Drug::Baricitinib, true) if high => BARICITINIB_4_AA,
        (Drug::Baricitinib, true) => BARICITINIB_2_AA,
        (Drug::Ritlecitinib, _) => RITLECITINIB_AA,
        (Drug::Ciclosporin, true) => CICLOSPORIN_AA,
        (Drug::Methotrexate, true) => METHOTREXATE_AA,
        (Drug::Prednisone | Drug::Prednisolone, _) => STEROID_AA,
        (Drug::Dupilumab, _) => DUPILUMAB,
        (Drug::Tralokinumab, _) => TRALOKINUMAB,
        (Drug::Lebrikizumab, _) => LEBRIKIZUMAB,
        (Drug::Upadacitinib, _) if high => UPADACITINIB_30,
        (Drug::Upadacitinib, _) => UPADACITINIB_15,
        (Drug::Abrocitinib, _) if high => ABROCITINIB_200,
        (Drug::Abrocitinib, _) => ABROCITINIB_100,
        (Drug::Baricitinib, false) if high => BARICITINIB_4_AD,
        (Drug::Baricitinib, false) => BARICITINIB_2_AD,
        (Drug::Ciclosporin, false) => CICLOSPORIN_AD,
        (Drug::Methotrexate, false) => METHOTREXATE_AD,
    }
}

/// How much of the skin improvement the itch follows (PP-NRS), by drug, fitted to the pairs
/// the seed gives: JADE TEEN PP-NRS4 55 % beside EASI-75 72 %, BREEZE-AD-PEDS 35.5 % beside
/// 52.5 % *(fitted)*.
pub fn itch_share(drug: Drug) -> f64 {
    match drug {
        Drug::Abrocitinib | Drug::Upadacitinib => 0.82,
        Drug::Dupilumab | Drug::Lebrikizumab => 0.85,
        Drug::Tralokinumab | Drug::Ciclosporin => 0.8,
        Drug::Baricitinib => 0.72,
        _ => 0.7,
    }
}
