//! Reads a stored cohort back through the store's read functions, patient by patient in
//! creation order, and measures it: the content digest and the report. A cohort read back gives
//! the digest the generator printed when it wrote it (the tests check this on both backends).

use chrono::NaiveDate;
use registry_core::store::patients::{self, PatientFilter};
use registry_core::store::{
    DbConn, Scope, StoreError, adverse_events, centers, comorbidities, labs, treatments,
    vaccinations, visits,
};

use super::digest::Digest;
use super::report::Report;
use super::write::Written;

/// Patients read per page.
const PAGE: i64 = 500;

/// The stored records of every patient, in creation order, passed to `each`.
pub fn each_patient(conn: &mut DbConn, mut each: impl FnMut(Written)) -> Result<usize, StoreError> {
    let codes: Vec<(String, String)> = centers::list(conn)?
        .into_iter()
        .map(|c| (c.id, c.code))
        .collect();
    let scope = Scope::All;
    let mut after_id = None;
    let mut count = 0;
    loop {
        let filter = PatientFilter {
            after_id: after_id.clone(),
            limit: PAGE,
            ..Default::default()
        };
        let page = patients::list(conn, &scope, &filter)?;
        let Some(last) = page.last() else {
            return Ok(count);
        };
        after_id = Some(last.id.clone());
        for patient in page {
            let id = patient.id.clone();
            let mut episodes = Vec::new();
            for row in treatments::for_patient(conn, &scope, &id)? {
                let doses = treatments::dose_changes(conn, &scope, &row.id)?;
                let pauses = treatments::interruptions(conn, &scope, &row.id)?;
                episodes.push((row, doses, pauses));
            }
            let center = codes
                .iter()
                .find(|(cid, _)| *cid == patient.center_id)
                .map(|(_, code)| code.clone())
                .unwrap_or_default();
            each(Written {
                center,
                comorbidities: comorbidities::for_patient(conn, &scope, &id)?,
                vaccinations: vaccinations::for_patient(conn, &scope, &id)?,
                episodes,
                visits: visits::for_patient(conn, &scope, &id)?,
                labs: labs::for_patient(conn, &scope, &id)?,
                adverse_events: adverse_events::for_patient(conn, &scope, &id)?,
                patient,
            });
            count += 1;
        }
    }
}

/// The digest and report of the cohort stored in `conn`, with the data cut `until`.
pub fn measure(conn: &mut DbConn, until: NaiveDate) -> Result<(String, Report), StoreError> {
    let mut digest = Digest::default();
    let mut report = Report::default();
    each_patient(conn, |w| {
        digest.add(&w);
        report.add(&w, until);
    })?;
    Ok((digest.finish(), report))
}
