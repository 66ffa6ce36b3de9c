//! Who a demo patient is: center, disease, sex, age, the untreated severity of the disease,
//! consent, and the facts the registry records about them (AA subtype and episode, child-bearing
//! potential, vaccination status, comorbidities).
//!
//! Proportions *(project choices, measured in the report)*: AA 25–70 % per center (UMCU mostly
//! AD as a BioDay center, EMC mostly AA as the STA2R expert center), about 40 % overall; women
//! 62 % of AA, 45 % of AD; AD ages from 6 months (dupilumab) to 85, a quarter children; AA mostly
//! adults, 13 % under 18. AA subtypes patchy 38 %, ophiasis 10 %, totalis 20 %, universalis 32 %;
//! current AA episode log-normal, median 2.5 years (about 1 in 8 longer than 8 years). Research
//! consent 94 %, withdrawn later by 2 % of those.

use chrono::{Datelike, NaiveDate};
use registry_core::FieldError;
use registry_core::patient::{AaSubtype, Diagnosis, Sex};
use registry_core::time::BirthMonth;

use super::centers::Center;
use super::rng::{Rng, add_days};

/// A demo patient before any treatment.
#[derive(Debug, Clone)]
pub struct Person {
    /// Index into the run's centers.
    pub center: usize,
    /// The center's reference (`UMCU-00042`).
    pub local_ref: String,
    /// Disease.
    pub diagnosis: Diagnosis,
    /// Sex.
    pub sex: Sex,
    /// Birth month.
    pub birth_month: BirthMonth,
    /// Day the first systemic treatment in the registry starts.
    pub enrolled: NaiveDate,
    /// Position on the weight-for-age curve (standard normal).
    pub weight_z: f64,
    /// Untreated severity (AA: SALT; AD: EASI).
    pub natural: f64,
    /// Untreated worst itch, PP-NRS 0–10 (AD).
    pub itch: f64,
    /// Untreated eyebrow and eyelash scores 0–3 (AA).
    pub brows_lashes: (u8, u8),
    /// AA subtype.
    pub aa_subtype: Option<AaSubtype>,
    /// Start of the current AA episode.
    pub aa_episode_start: Option<NaiveDate>,
    /// AA nail involvement.
    pub nails: Option<bool>,
    /// Woman of child-bearing potential.
    pub childbearing: Option<bool>,
    /// Children: national vaccination programme complete.
    pub programme_complete: Option<bool>,
    /// Varicella immunity recorded.
    pub varicella_immune: Option<bool>,
    /// Research consent: given, date, withdrawn on.
    pub consent: (bool, Option<NaiveDate>, Option<NaiveDate>),
    /// Comorbidities: condition, onset year, still active.
    pub comorbidities: Vec<(&'static str, Option<i32>, bool)>,
}

impl Person {
    /// True for alopecia areata.
    pub fn aa(&self) -> bool {
        self.diagnosis == Diagnosis::Aa
    }

    /// True for a woman.
    pub fn female(&self) -> bool {
        self.sex == Sex::Female
    }

    /// Age in completed years on `date`.
    pub fn age(&self, date: NaiveDate) -> u32 {
        self.birth_month.age_years(date).unwrap_or(0)
    }

    /// Age in years with fractions on `date`.
    pub fn age_exact(&self, date: NaiveDate) -> f64 {
        (date - self.birth_month.first_day()).num_days() as f64 / 365.25
    }

    /// Body weight in kg on `date`.
    pub fn weight(&self, date: NaiveDate) -> f64 {
        super::regimen::weight_for_age(self.age_exact(date), self.female(), self.weight_z)
    }

    /// True when the patient has atopic dermatitis as a comorbidity (AA patients).
    pub fn has_atopic_dermatitis(&self) -> bool {
        self.comorbidities
            .iter()
            .any(|c| c.0 == "atopic dermatitis")
    }
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

/// Patient number `index` of a run over `centers`, with follow-up ending on `until` (an error
/// only for an impossible birth month, i.e. a date of `until` far outside the calendar).
pub fn person(
    rng: &mut Rng,
    index: usize,
    centers: &[Center],
    until: NaiveDate,
) -> Result<Person, FieldError> {
    let sizes: Vec<f64> = centers.iter().map(|c| c.size).collect();
    let center = &centers[rng.weighted(&sizes).min(centers.len().saturating_sub(1))];
    let diagnosis = if rng.chance(center.aa_share) {
        Diagnosis::Aa
    } else {
        Diagnosis::Ad
    };
    let aa = diagnosis == Diagnosis::Aa;
    let sex = if rng.chance(0.004) {
        Sex::Other
    } else if rng.chance(if aa { 0.62 } else { 0.45 }) {
        Sex::Female
    } else {
        Sex::Male
    };
    let (bands, weights): (&[(f64, f64)], &[f64]) = if aa {
        (
            &[(6.0, 12.0), (12.0, 18.0), (18.0, 65.0), (65.0, 80.0)],
            &[0.03, 0.10, 0.82, 0.05],
        )
    } else {
        (
            &[
                (0.5, 2.0),
                (2.0, 6.0),
                (6.0, 12.0),
                (12.0, 18.0),
                (18.0, 65.0),
                (65.0, 86.0),
            ],
            &[0.02, 0.05, 0.09, 0.12, 0.62, 0.10],
        )
    };
    let band = bands[rng.weighted(weights).min(bands.len() - 1)];
    let age = rng.uniform(band.0, band.1);
    let earliest = match (aa, age) {
        (true, _) => ymd(2018, 1, 1),
        (false, a) if a < 6.0 => ymd(2023, 4, 1),
        (false, a) if a < 12.0 => ymd(2020, 12, 1),
        _ => ymd(2017, 10, 1),
    }
    .max(center.joined);
    let latest = add_days(until, -70).max(add_days(earliest, 1));
    let span = (latest - earliest).num_days() as f64;
    let enrolled = add_days(earliest, (span * rng.unit()) as i64);
    let born = add_days(enrolled, -((age * 365.25) as i64));
    let birth_month = BirthMonth::new(born.year(), born.month())?;
    let female = sex == Sex::Female;
    let mut p = Person {
        center: center.index,
        local_ref: format!("{}-{:05}", center.code, index + 1),
        diagnosis,
        sex,
        birth_month,
        enrolled,
        weight_z: rng.normal(),
        natural: 0.0,
        itch: 0.0,
        brows_lashes: (0, 0),
        aa_subtype: None,
        aa_episode_start: None,
        nails: None,
        childbearing: female.then(|| (12.0..50.0).contains(&age) && rng.chance(0.9)),
        programme_complete: (age < 18.0).then(|| rng.chance(0.95)),
        varicella_immune: if age < 18.0 || rng.chance(0.6) {
            Some(rng.chance(0.9))
        } else {
            None
        },
        consent: (false, None, None),
        comorbidities: Vec::new(),
    };
    let consented = rng.chance(0.94);
    let consent_date = add_days(enrolled, -rng.int(0, 14));
    let withdrawn = (consented && rng.chance(0.02)).then(|| {
        let from = add_days(consent_date, 90).min(until);
        rng.date_between(from, until)
    });
    p.consent = (consented, Some(consent_date), withdrawn);
    super::disease::describe(rng, &mut p, age);
    Ok(p)
}
