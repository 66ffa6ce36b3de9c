//! Lab values: each patient has their own usual values (Dutch adult reference ranges, children
//! lower creatinine and Hb), each draw varies around them, and drugs shift them (JAK inhibitors:
//! lymphocytes and neutrophils a little lower, LDL and total cholesterol ≈ 10 % higher, CK higher,
//! a dip in platelets at week 4 on abrocitinib; ciclosporin: creatinine rising; methotrexate:
//! ALAT higher). Centers enter SI units, a few conventional US units (converted by the rules).

use chrono::NaiveDate;
use registry_core::catalogue::Drug;
use registry_core::labs::{Analyte, LabResultInput};
use rust_decimal::Decimal;

use super::person::Person;
use super::rng::Rng;

/// A patient's usual values in canonical units, and the lab's upper limits for ALAT and CK.
#[derive(Debug, Clone, Copy)]
pub struct Profile {
    values: [f64; 12],
    alat_uln: f64,
    ck_uln: f64,
}

/// The numeric analytes in the order of [`Profile`]'s values.
pub const NUMERIC: [Analyte; 12] = [
    Analyte::Hb,
    Analyte::Leukocytes,
    Analyte::Lymphocytes,
    Analyte::Neutrophils,
    Analyte::Platelets,
    Analyte::Alat,
    Analyte::Ck,
    Analyte::Creatinine,
    Analyte::CholesterolTotal,
    Analyte::Hdl,
    Analyte::Ldl,
    Analyte::Triglycerides,
];

fn slot(a: Analyte) -> usize {
    NUMERIC.iter().position(|x| *x == a).unwrap_or(0)
}

impl Profile {
    /// Draws the usual values of `person` (adult or child, by sex).
    pub fn draw(rng: &mut Rng, person: &Person) -> Self {
        let child = person.age(person.enrolled) < 16;
        let female = person.female();
        let mut g = |mean: f64, sd: f64| rng.gauss(mean, sd).max(mean * 0.4);
        let values = [
            g(
                if child {
                    7.8
                } else if female {
                    8.3
                } else {
                    9.2
                },
                0.5,
            ),
            g(6.8, 1.4),
            g(2.1, 0.5),
            g(3.8, 1.0),
            g(265.0, 50.0),
            g(if female { 18.0 } else { 25.0 }, 6.0),
            g(if female { 95.0 } else { 125.0 }, 30.0),
            g(
                if child {
                    45.0
                } else if female {
                    68.0
                } else {
                    85.0
                },
                9.0,
            ),
            g(if child { 4.2 } else { 5.1 }, 0.85),
            g(if female { 1.6 } else { 1.3 }, 0.3),
            g(if child { 2.4 } else { 3.1 }, 0.75),
            rng.log_normal(1.2, 0.4),
        ];
        Self {
            values,
            alat_uln: if female { 35.0 } else { 45.0 },
            ck_uln: if female { 170.0 } else { 200.0 },
        }
    }

    /// The usual value of `a`.
    pub fn usual(&self, a: Analyte) -> f64 {
        self.values[slot(a)]
    }

    /// The lab's upper limit of normal for ALAT and CK.
    pub fn uln(&self, a: Analyte) -> Option<f64> {
        match a {
            Analyte::Alat => Some(self.alat_uln),
            Analyte::Ck => Some(self.ck_uln),
            _ => None,
        }
    }

    /// A drawn value of `a` on study day `day` of `drug` (before any start: `None`).
    pub fn sample(&self, rng: &mut Rng, a: Analyte, drug: Option<Drug>, day: i64) -> f64 {
        let on = |d: Drug| drug == Some(d) && day > 0;
        let jak = drug.is_some_and(Drug::is_jak_inhibitor) && day > 0;
        let effect = match a {
            Analyte::Lymphocytes if on(Drug::Ritlecitinib) => 0.8,
            Analyte::Lymphocytes | Analyte::Neutrophils if jak => 0.9,
            Analyte::Platelets if on(Drug::Abrocitinib) && (14..=56).contains(&day) => 0.85,
            Analyte::CholesterolTotal | Analyte::Ldl if jak => 1.1,
            Analyte::Hdl if jak => 1.08,
            Analyte::Ck if jak => 1.3,
            Analyte::Creatinine if on(Drug::Ciclosporin) => {
                1.08 + (day as f64 / 365.0 * 0.08).min(0.15)
            }
            Analyte::Creatinine if jak => 1.04,
            Analyte::Alat if on(Drug::Methotrexate) => 1.3,
            _ => 1.0,
        };
        let cv = match a {
            Analyte::Alat | Analyte::Ck | Analyte::Triglycerides => 0.2,
            Analyte::Lymphocytes | Analyte::Neutrophils | Analyte::Leukocytes => 0.12,
            _ => 0.06,
        };
        self.usual(a) * effect * (cv * rng.normal()).exp()
    }
}

fn decimal(x: f64, places: u32) -> Decimal {
    let scale = 10f64.powi(places as i32);
    Decimal::new((x * scale).round().max(0.0) as i64, places)
}

/// The input a lab sends for `a` with canonical value `x`, in SI or US units; the value is
/// rounded as labs report it.
pub fn reading(
    a: Analyte,
    x: f64,
    uln: Option<f64>,
    us_units: bool,
    date: NaiveDate,
) -> LabResultInput {
    let (value, unit, places) = match (a, us_units) {
        (Analyte::Hb, false) => (x, "mmol/L", 1),
        (Analyte::Hb, true) => (x / 0.6206, "g/dL", 1),
        (Analyte::Platelets, false) => (x, "10^9/L", 0),
        (Analyte::Leukocytes | Analyte::Lymphocytes | Analyte::Neutrophils, false) => {
            (x, "10^9/L", 2)
        }
        (
            Analyte::Leukocytes | Analyte::Lymphocytes | Analyte::Neutrophils | Analyte::Platelets,
            true,
        ) => ((x * 10.0).round() * 100.0, "/µL", 0),
        (Analyte::Alat | Analyte::Ck, _) => (x, "U/L", 0),
        (Analyte::Creatinine, false) => (x, "µmol/L", 0),
        (Analyte::Creatinine, true) => (x / 88.42, "mg/dL", 2),
        (Analyte::Triglycerides, true) => (x / 0.01129, "mg/dL", 0),
        (_, true) => (x / 0.02586, "mg/dL", 0),
        (_, false) => (x, "mmol/L", 1),
    };
    LabResultInput {
        analyte: a.code().to_owned(),
        date: Some(date),
        value: Some(decimal(value, places).max(Decimal::new(1, places))),
        unit: Some(unit.to_owned()),
        result: None,
        lower_limit: None,
        upper_limit: uln.map(|u| decimal(u, 0)),
    }
}

/// A qualitative result (`positive` or `negative`).
pub fn qualitative(a: Analyte, positive: bool, date: NaiveDate) -> LabResultInput {
    LabResultInput {
        analyte: a.code().to_owned(),
        date: Some(date),
        result: Some(if positive { "positive" } else { "negative" }.to_owned()),
        ..Default::default()
    }
}
