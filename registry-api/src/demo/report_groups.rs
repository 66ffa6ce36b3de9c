//! The groups the report measures responses in: drug, dose, age band and baseline severity, as
//! the calibration figures are stated.

use registry_core::catalogue::Drug;
use registry_core::patient::Diagnosis;
use registry_export::analyses::Course;

/// The groups a first episode of a drug is counted in (`dose` its start dose as text, `age` at
/// its start). AA episodes need a baseline SALT ≥ 50 (the trials' inclusion).
pub fn groups(diagnosis: Diagnosis, e: &Course, dose: &str, age: u32) -> Vec<String> {
    let drug = e.drug.code();
    let mut out = Vec::new();
    match diagnosis {
        Diagnosis::Aa => {
            let Some(salt) = e.baseline.salt else {
                return out;
            };
            if salt < rust_decimal::Decimal::from(50) {
                return out;
            }
            let severe = if salt >= rust_decimal::Decimal::from(95) {
                "SALT ≥ 95"
            } else {
                "SALT 50–94"
            };
            match e.drug {
                Drug::Baricitinib => {
                    out.push(format!("{drug} {dose}"));
                    out.push(format!("{drug} {dose}, baseline {severe}"));
                }
                Drug::Ritlecitinib => {
                    out.push(drug.to_owned());
                    out.push(format!("{drug}, baseline {severe}"));
                }
                Drug::Prednisone | Drug::Prednisolone => out.push("prednisone/prednisolone".into()),
                _ => out.push(drug.to_owned()),
            }
        }
        Diagnosis::Ad => {
            let band = match age {
                0..=11 if age >= 2 => Some("2–11 y"),
                12..=17 => Some("12–17 y"),
                _ => None,
            };
            let with_dose = matches!(
                e.drug,
                Drug::Upadacitinib | Drug::Abrocitinib | Drug::Baricitinib
            );
            let name = if with_dose {
                format!("{drug} {dose}")
            } else {
                drug.to_owned()
            };
            if e.drug == Drug::Baricitinib && band.is_some() {
                out.push(format!("{name}, 2–17 y"));
            } else if let Some(b) =
                band.filter(|_| matches!(e.drug, Drug::Abrocitinib | Drug::Lebrikizumab))
            {
                out.push(format!("{name}, {b}"));
            }
            out.push(name);
        }
    }
    out
}
