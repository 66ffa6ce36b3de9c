//! The demo centers and how each one records data. Centers differ on purpose, so completeness
//! reports have something to show: diligent centers keep the schedule, enter every instrument
//! with its components and every monitoring lab; patchy ones miss and postpone visits, enter
//! chart totals, skip questionnaires and labs, and under-report minor adverse events.

use chrono::NaiveDate;

use super::rng::Rng;

/// Centers with a name; more centers than these get numbered codes (`C31`, …). The first two
/// carry the demo center logins.
const NAMED: [(&str, &str); 30] = [
    ("UMCU", "UMC Utrecht"),
    ("EMC", "Erasmus MC"),
    ("AUMC", "Amsterdam UMC"),
    ("LUMC", "Leids Universitair Medisch Centrum"),
    ("RUMC", "Radboudumc"),
    ("UMCG", "Universitair Medisch Centrum Groningen"),
    ("MUMC", "Maastricht UMC+"),
    ("CWZ", "Canisius Wilhelmina Ziekenhuis"),
    ("ETZ", "Elisabeth-TweeSteden Ziekenhuis"),
    ("ISALA", "Isala Zwolle"),
    ("JBZ", "Jeroen Bosch Ziekenhuis"),
    ("MST", "Medisch Spectrum Twente"),
    ("RIJN", "Rijnstate"),
    ("ZGT", "Ziekenhuisgroep Twente"),
    ("MMC", "Maxima MC"),
    ("OLVG", "OLVG Amsterdam"),
    ("SFG", "Franciscus Gasthuis & Vlietland"),
    ("AMPH", "Amphia Ziekenhuis"),
    ("CZE", "Catharina Ziekenhuis Eindhoven"),
    ("HAGA", "HagaZiekenhuis"),
    ("MCL", "Medisch Centrum Leeuwarden"),
    ("DZ", "Deventer Ziekenhuis"),
    ("GELRE", "Gelre ziekenhuizen"),
    ("ZMC", "Zaans Medisch Centrum"),
    ("NWZ", "Noordwest Ziekenhuisgroep"),
    ("SJG", "St Jansdal"),
    ("TERG", "Tergooi MC"),
    ("ALRN", "Alrijne Ziekenhuis"),
    ("ASZ", "Albert Schweitzer ziekenhuis"),
    ("UZA", "Universitair Ziekenhuis Antwerpen (partner)"),
];

/// How diligently a center records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Diligence {
    /// Keeps the schedule and records everything.
    Diligent,
    /// Misses a visit now and then.
    Average,
    /// Misses and postpones visits, skips questionnaires and labs.
    Patchy,
}

/// A center and its recording habits.
#[derive(Debug, Clone)]
pub struct Center {
    /// Position in the run (0 = UMCU).
    pub index: usize,
    /// Center code.
    pub code: String,
    /// Center name.
    pub name: String,
    /// Relative number of patients it enrolls.
    pub size: f64,
    /// Share of its patients with alopecia areata (the rest have atopic dermatitis).
    pub aa_share: f64,
    /// First day it enrolled patients.
    pub joined: NaiveDate,
    /// How diligently it records.
    pub diligence: Diligence,
    /// Enters labs in conventional US units (g/dL, /µL, mg/dL) rather than SI units.
    pub us_units: bool,
}

impl Center {
    /// Chance that a scheduled visit is missed.
    pub fn p_missed(&self) -> f64 {
        self.pick(0.03, 0.08, 0.20)
    }

    /// Chance that a visit is postponed by weeks.
    pub fn p_late(&self) -> f64 {
        self.pick(0.04, 0.10, 0.22)
    }

    /// Standard deviation of the visit date around its target, days.
    pub fn jitter_days(&self) -> f64 {
        self.pick(4.0, 7.0, 12.0)
    }

    /// Chance that an optional instrument (PP-NRS, POEM, (C)DLQI, brows, lashes, …) is entered.
    pub fn p_instrument(&self) -> f64 {
        self.pick(0.97, 0.85, 0.55)
    }

    /// Chance that SALT or EASI is entered as a chart total rather than with its components.
    pub fn p_total_only(&self) -> f64 {
        self.pick(0.03, 0.25, 0.65)
    }

    /// Chance that a monitoring lab check is drawn when due.
    pub fn p_lab(&self) -> f64 {
        self.pick(0.98, 0.9, 0.7)
    }

    /// Chance that a non-serious adverse event is reported.
    pub fn p_report_minor(&self) -> f64 {
        self.pick(0.95, 0.85, 0.6)
    }

    /// Chance that an interruption the center made is also recorded.
    pub fn p_record_interruption(&self) -> f64 {
        self.pick(0.98, 0.93, 0.8)
    }

    fn pick(&self, diligent: f64, average: f64, patchy: f64) -> f64 {
        match self.diligence {
            Diligence::Diligent => diligent,
            Diligence::Average => average,
            Diligence::Patchy => patchy,
        }
    }
}

/// The `count` centers of a run seeded with `seed`: UMCU (diligent, mostly AD, BioDay-like),
/// EMC (diligent, mostly AA, the STA2R expert center), AUMC (average), LUMC (patchy), then
/// academic and regional centers with drawn habits (about 35 % diligent, 40 % average, 25 %
/// patchy).
pub fn centers(seed: u64, count: usize) -> Vec<Center> {
    (0..count)
        .map(|index| {
            let mut rng = Rng::center(seed, index as u64);
            let (code, name) = match NAMED.get(index) {
                Some((c, n)) => ((*c).to_owned(), (*n).to_owned()),
                None => (
                    format!("C{}", index + 1),
                    format!("Demo center {}", index + 1),
                ),
            };
            let academic = index < 7;
            let diligence = match index {
                0 | 1 => Diligence::Diligent,
                2 => Diligence::Average,
                3 => Diligence::Patchy,
                _ => match rng.weighted(&[0.35, 0.40, 0.25]) {
                    0 => Diligence::Diligent,
                    1 => Diligence::Average,
                    _ => Diligence::Patchy,
                },
            };
            let aa_share = match index {
                0 => 0.25,
                1 => 0.7,
                _ => rng.uniform(0.25, 0.5),
            };
            let first = NaiveDate::from_ymd_opt(2017, 10, 1).unwrap_or_default();
            let latest = NaiveDate::from_ymd_opt(2021, 6, 1).unwrap_or_default();
            Center {
                index,
                code,
                name,
                size: if academic {
                    rng.uniform(2.0, 3.5)
                } else {
                    rng.uniform(0.6, 1.6)
                },
                aa_share,
                joined: if index < 2 {
                    first
                } else {
                    rng.date_between(first, latest)
                },
                diligence,
                us_units: index == 29 || (index >= 7 && rng.chance(0.05)),
            }
        })
        .collect()
}
