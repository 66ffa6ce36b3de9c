//! Builders for store fixtures.

use registry_core::patient::{Diagnosis, Sex};
use registry_core::store::centers::{self, CenterRow};
use registry_core::store::patients::{self, NewPatient, PatientRow};
use registry_core::store::{DbConn, WriteCtx};

/// Creates a center with `code`.
pub fn center(conn: &mut DbConn, ctx: &WriteCtx, code: &str) -> CenterRow {
    conn.write(|tx| centers::create(tx, ctx, code, &format!("Center {code}")))
        .unwrap()
}

/// A patient to create, with research consent, born March 1990.
pub fn new_patient(center_id: &str, local_ref: &str, diagnosis: Diagnosis) -> NewPatient {
    NewPatient {
        center_id: center_id.to_owned(),
        local_ref: local_ref.to_owned(),
        sex: Sex::Female,
        birth_month: "1990-03".parse().unwrap(),
        diagnosis,
        aa_subtype: None,
        aa_episode_start: None,
        nail_involvement: None,
        childbearing_potential: Some(true),
        vaccination_programme_complete: None,
        varicella_immune: None,
        consent_research: true,
        consent_date: chrono::NaiveDate::from_ymd_opt(2025, 1, 10),
        consent_withdrawn_on: None,
    }
}

/// Creates a patient in `center_id`.
pub fn patient(conn: &mut DbConn, ctx: &WriteCtx, center_id: &str, local_ref: &str) -> PatientRow {
    conn.write(|tx| patients::create(tx, ctx, new_patient(center_id, local_ref, Diagnosis::Aa)))
        .unwrap()
}
