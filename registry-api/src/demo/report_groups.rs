//! The groups the report measures responses in (drug, dose, age band, baseline severity, as the
//! calibration figures are stated) and the outcomes per visit, judged by the registry's response
//! rules ([`registry_core::responses`]).

use registry_core::catalogue::Drug;
use registry_core::patient::Diagnosis;
use registry_core::responses::{
    Response, VisitScores, easi_75, pp_nrs_4, salt_le_20, viga_ad_responder,
};

use super::outcomes::EpisodeView;

/// The groups a first episode of a drug is counted in. AA episodes need a baseline SALT ≥ 50
/// (the trials' inclusion).
pub fn groups(diagnosis: Diagnosis, e: &EpisodeView<'_>) -> Vec<String> {
    let drug = e.drug.code();
    let dose = e.dose();
    let mut out = Vec::new();
    match diagnosis {
        Diagnosis::Aa => {
            let Some(salt) = e.baseline.scores.salt.map(|s| s.total()) else {
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
            let band = match e.age {
                0..=11 if e.age >= 2 => Some("2–11 y"),
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

/// The primary response of a visit against its episode's baseline.
pub fn responder(diagnosis: Diagnosis, base: &VisitScores, now: &VisitScores) -> Response {
    match diagnosis {
        Diagnosis::Aa => now.salt.as_ref().map_or(Response::NotEvaluable, salt_le_20),
        Diagnosis::Ad => match (&base.easi, &now.easi) {
            (Some(b), Some(n)) => easi_75(b, n),
            _ => Response::NotEvaluable,
        },
    }
}

/// Each reported outcome of a visit (or of a missing visit, `None`).
pub fn outcomes(
    diagnosis: Diagnosis,
    base: &VisitScores,
    now: Option<&VisitScores>,
) -> Vec<(&'static str, Response)> {
    let missing = Response::NotEvaluable;
    match diagnosis {
        Diagnosis::Aa => vec![(
            "SALT ≤ 20",
            now.map_or(missing, |n| responder(diagnosis, base, n)),
        )],
        Diagnosis::Ad => vec![
            (
                "EASI-75",
                now.map_or(missing, |n| responder(diagnosis, base, n)),
            ),
            (
                "PP-NRS4",
                match (base.pp_nrs, now.and_then(|n| n.pp_nrs)) {
                    (Some(b), Some(n)) => pp_nrs_4(b, n),
                    _ => missing,
                },
            ),
            (
                "vIGA 0/1",
                match (base.viga_ad, now.and_then(|n| n.viga_ad)) {
                    (Some(b), Some(n)) => viga_ad_responder(b, n),
                    _ => missing,
                },
            ),
        ],
    }
}

/// True when the episode's baseline lets `outcome` be judged (non-responder imputation counts
/// only those episodes).
pub fn outcome_evaluable(outcome: &str, base: &VisitScores) -> bool {
    match outcome {
        "SALT ≤ 20" => base.salt.is_some(),
        "EASI-75" => base.easi.as_ref().is_some_and(|e| !e.total().is_zero()),
        "PP-NRS4" => base.pp_nrs.is_some_and(|p| p.value() >= 4),
        _ => base.viga_ad.is_some_and(|v| v.grade() >= 2),
    }
}
