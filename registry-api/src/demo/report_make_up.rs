//! The make-up part of the report: patients by disease, sex, age band, AA subtype and consent;
//! records by kind; and per center the data it recorded (for completeness).

use chrono::NaiveDate;
use registry_core::patient::Diagnosis;

use super::report::Report;
use super::write::Written;

fn bump(c: &mut super::report::Counts, key: impl Into<String>, by: u64) {
    *c.entry(key.into()).or_default() += by;
}

/// Adds the make-up of one stored patient.
pub fn add(r: &mut Report, w: &Written, diagnosis: Diagnosis, until: NaiveDate) {
    let p = &w.patient;
    let d = diagnosis.code();
    bump(&mut r.make_up, "patients", 1);
    bump(&mut r.make_up, format!("{d} patients"), 1);
    bump(&mut r.make_up, format!("{d} {}", p.sex), 1);
    let first = w.episodes.first().map_or(until, |e| e.0.start_date);
    let age = p
        .birth_month()
        .ok()
        .and_then(|b| b.age_years(first))
        .unwrap_or(0);
    let band = match age {
        0..=1 => "0–1 y",
        2..=5 => "2–5 y",
        6..=11 => "6–11 y",
        12..=17 => "12–17 y",
        18..=64 => "18–64 y",
        _ => "≥ 65 y",
    };
    bump(&mut r.make_up, format!("{d} age {band}"), 1);
    if let Some(subtype) = &p.aa_subtype {
        bump(&mut r.make_up, format!("AA subtype {subtype}"), 1);
    }
    if !p.consent_research {
        bump(&mut r.make_up, "no research consent", 1);
    } else if p.consent_withdrawn_on.is_some() {
        bump(&mut r.make_up, "research consent withdrawn", 1);
    }
    bump(&mut r.records, "visits", w.visits.len() as u64);
    bump(&mut r.records, "lab results", w.labs.len() as u64);
    bump(
        &mut r.records,
        "adverse events",
        w.adverse_events.len() as u64,
    );
    bump(&mut r.records, "vaccinations", w.vaccinations.len() as u64);
    bump(
        &mut r.records,
        "comorbidities",
        w.comorbidities.len() as u64,
    );
    bump(
        &mut r.records,
        "treatment episodes",
        w.episodes.len() as u64,
    );
    for (_, doses, pauses) in &w.episodes {
        for dose in doses {
            let kind = if dose.is_taper {
                "dose changes (taper)"
            } else {
                "dose changes (other)"
            };
            bump(&mut r.records, kind, 1);
        }
        for pause in pauses {
            bump(
                &mut r.records,
                format!("interruptions ({})", pause.reason),
                1,
            );
        }
    }
    let warned = w.episodes.iter().filter(|e| e.0.warnings != "[]").count();
    bump(
        &mut r.records,
        "episodes with a start warning (off-label)",
        warned as u64,
    );
    let qol = w
        .visits
        .iter()
        .filter(|v| v.dlqi_total.or(v.cdlqi_total).or(v.idqol_total).is_some())
        .count();
    let chart = w
        .visits
        .iter()
        .filter(|v| {
            (v.salt_total.is_some() && v.salt_top.is_none())
                || (v.easi_total.is_some() && v.easi_regions.is_none())
        })
        .count();
    let cell = r.centers.entry(w.center.clone()).or_default();
    cell[0] += 1;
    cell[1] += w.visits.len() as u64;
    cell[2] += qol as u64;
    cell[3] += chart as u64;
}
