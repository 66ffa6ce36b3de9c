//! Reads a stored cohort back through the store's cohort read (every patient, in creation order,
//! in one snapshot and a few statements per table) and measures it: the content digest and the
//! report. A cohort read back gives the digest the generator printed when it wrote it (the tests
//! check this on both backends).

use chrono::NaiveDate;
use registry_core::store::cohort::{self, CohortFilter};
use registry_core::store::{DbConn, Scope, StoreError};

use super::digest::Digest;
use super::report::Report;
use super::write::Written;

/// The stored records of every patient, in creation order, passed to `each`.
pub fn each_patient(conn: &mut DbConn, mut each: impl FnMut(Written)) -> Result<usize, StoreError> {
    let rows = cohort::read(conn, None, &Scope::All, &CohortFilter::default())?;
    let count = rows.patients.len();
    for r in rows.patients {
        each(Written {
            center: r.center_code,
            patient: r.patient,
            comorbidities: r.comorbidities,
            vaccinations: r.vaccinations,
            episodes: r.episodes,
            visits: r.visits,
            labs: r.labs,
            adverse_events: r.adverse_events,
        });
    }
    Ok(count)
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
