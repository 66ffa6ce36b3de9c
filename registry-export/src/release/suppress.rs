//! Anonymisation of the built rows (CLINICAL.md §7): k-anonymity on the patients'
//! quasi-identifiers (sex, age band, diagnosis, AA subtype, center) with whole-patient
//! suppression of classes smaller than k, keyed pseudonyms, per-release center codes, and the
//! release order (patients by pseudonym, so the order says nothing about enrolment).

use std::collections::BTreeMap;
use std::sync::Arc;

use registry_core::anonymise::{ReleaseKey, k_anonymity, suppress_below_k};

use super::build::{Built, PatientOut};

/// A patient as released.
#[derive(Debug)]
pub(super) struct ReleasedPatient {
    /// The pseudonym (HMAC of the internal id under the release key).
    pub pseudonym: Arc<str>,
    /// The center's code in this release (`C01`, …).
    pub center_group: String,
    /// The rows (their courses carry the pseudonym).
    pub rows: PatientOut,
}

/// The rows a release holds, and what was left out.
#[derive(Debug)]
pub(super) struct Released {
    /// The released patients, by pseudonym.
    pub patients: Vec<ReleasedPatient>,
    /// Patients read (with consent) before suppression.
    pub patients_in_cohort: usize,
    /// Patients left out for research consent on the data cut.
    pub excluded_without_consent: usize,
    /// Patients suppressed whole (class smaller than k).
    pub patients_suppressed: usize,
    /// The k asked for.
    pub k_asked: usize,
    /// The smallest class released (`None` when nothing is released).
    pub k_reached: Option<usize>,
    /// Rows left out, by reason.
    pub rows_suppressed: BTreeMap<String, usize>,
}

/// The quasi-identifiers k is measured on, in a fixed order.
pub(super) fn quasi_identifiers(p: &PatientOut) -> Vec<String> {
    vec![
        p.sex.clone(),
        p.age_band.clone().unwrap_or_default(),
        p.diagnosis.code().to_owned(),
        p.aa_subtype.clone().unwrap_or_default(),
        p.center_id.clone(),
    ]
}

/// Suppresses the patients of classes smaller than `k`, pseudonymises the rest with `key` and
/// orders them by pseudonym.
pub(super) fn release(built: Built, key: &ReleaseKey, k: usize) -> Released {
    let classes: Vec<Vec<String>> = built.patients.iter().map(quasi_identifiers).collect();
    let (kept, suppressed) = suppress_below_k(&classes, k);
    let kept_classes: Vec<Vec<String>> = kept.iter().map(|&i| classes[i].clone()).collect();
    let k_reached = k_anonymity(&kept_classes);
    let patients_in_cohort = built.patients.len();
    let mut rows_suppressed = built.dropped;
    let mut keep = vec![false; patients_in_cohort];
    for &i in &kept {
        keep[i] = true;
    }
    let mut patients = Vec::with_capacity(kept.len());
    let mut suppressed_rows = [0_usize; 4];
    for (p, keep) in built.patients.into_iter().zip(keep) {
        if keep {
            patients.push(p);
        } else {
            suppressed_rows[0] += p.episodes.len();
            suppressed_rows[1] += p.visits.len();
            suppressed_rows[2] += p.labs.len();
            suppressed_rows[3] += p.adverse_events.len();
        }
    }
    if suppressed > 0 {
        rows_suppressed.insert("patients_below_k".into(), suppressed);
    }
    for (name, n) in ["episodes", "visits", "labs", "adverse_events"]
        .iter()
        .zip(suppressed_rows)
    {
        if n > 0 {
            rows_suppressed.insert(format!("{name}_of_patients_below_k"), n);
        }
    }

    // Center codes: the released centers ordered by a keyed hash of their id, so the codes say
    // nothing about the centers' names, sizes or creation order, and differ between releases.
    let mut centers: Vec<(String, &str)> = patients
        .iter()
        .map(|p| {
            (
                key.pseudonym(&format!("center|{}", p.center_id)),
                p.center_id.as_str(),
            )
        })
        .collect();
    centers.sort_unstable();
    centers.dedup();
    let codes: BTreeMap<String, String> = centers
        .iter()
        .enumerate()
        .map(|(i, (_, id))| ((*id).to_owned(), format!("C{:02}", i + 1)))
        .collect();

    let mut released: Vec<ReleasedPatient> = patients
        .into_iter()
        .map(|mut rows| {
            let pseudonym: Arc<str> = Arc::from(key.pseudonym(&rows.internal_id));
            for e in &mut rows.episodes {
                e.course.patient = Arc::clone(&pseudonym);
            }
            ReleasedPatient {
                center_group: codes.get(&rows.center_id).cloned().unwrap_or_default(),
                pseudonym,
                rows,
            }
        })
        .collect();
    released.sort_by(|a, b| a.pseudonym.cmp(&b.pseudonym));
    Released {
        patients: released,
        patients_in_cohort,
        excluded_without_consent: built.excluded_without_consent,
        patients_suppressed: suppressed,
        k_asked: k,
        k_reached,
        rows_suppressed,
    }
}
