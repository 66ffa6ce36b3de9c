//! Stores a batch of patients in one write transaction through the store functions the API uses,
//! each table in bulk: patients, comorbidities, vaccinations, episodes with their dose changes and
//! interruptions (`treatments::create_many`: numbered and checked by the episode rules), then
//! visits, labs and adverse events flagged by the API's rules with the patient's history
//! ([`super::write_visits`]). Every `create_many` checks its references in bulk and gives every
//! record its own audit event.

use registry_core::store::adverse_events::{self, AdverseEventRow};
use registry_core::store::comorbidities::{self, ComorbidityRow, NewComorbidity};
use registry_core::store::labs::{self, LabRecord, LabRow};
use registry_core::store::patients::{self, NewPatient, PatientRow};
use registry_core::store::treatments::{self, EpisodeStop, NewEpisode, NewHistory, StoredHistory};
use registry_core::store::vaccinations::{self, NewVaccination, VaccinationRow};
use registry_core::store::visits::{self, VisitRecord, VisitRow};
use registry_core::store::{self, DbConn, WriteCtx};

use super::DemoError;
use super::build::{Bundle, start_warnings};

/// The rows stored for one patient (visits and labs as a cohort read holds them).
pub struct Written {
    /// Code of the patient's center.
    pub center: String,
    /// The patient.
    pub patient: PatientRow,
    /// Comorbidities.
    pub comorbidities: Vec<ComorbidityRow>,
    /// Vaccinations.
    pub vaccinations: Vec<VaccinationRow>,
    /// Episodes, each with its dose changes and interruptions.
    pub episodes: Vec<StoredHistory>,
    /// Visits by date.
    pub visits: Vec<VisitRecord>,
    /// Lab results by visit.
    pub labs: Vec<LabRecord>,
    /// Adverse events by visit.
    pub adverse_events: Vec<AdverseEventRow>,
}

/// Stores `bundles` in one transaction; `centers` gives the (code, id) of each center index.
pub fn batch(
    conn: &mut DbConn,
    ctx: &WriteCtx,
    centers: &[(String, String)],
    bundles: Vec<Bundle>,
) -> Result<Vec<Written>, DemoError> {
    // Every audit event of the batch is appended at the end, heads locked in chain order, so two
    // writers never wait for each other in a cycle (not even with batches of one center).
    store::write_deferred(conn, ctx, |tx, ctx| {
        let codes = bundles
            .iter()
            .map(|b| {
                centers
                    .get(b.person.center)
                    .ok_or(DemoError::Internal("center".into()))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let news = bundles
            .iter()
            .zip(&codes)
            .map(|(b, (_, center_id))| new_patient(b, center_id))
            .collect();
        let stored = patients::create_many(tx, ctx, news)?;
        let mut comorbidity_rows =
            comorbidities::create_many(tx, ctx, each(&bundles, &stored, new_comorbidities))?
                .into_iter();
        let mut vaccination_rows =
            vaccinations::create_many(tx, ctx, each(&bundles, &stored, new_vaccinations))?
                .into_iter();
        let mut histories =
            treatments::create_many(tx, ctx, each(&bundles, &stored, new_histories))?.into_iter();
        let mut out = Vec::with_capacity(bundles.len());
        let (mut visit_rows, mut lab_rows) = (Vec::new(), Vec::new());
        for ((bundle, patient), (code, _)) in bundles.iter().zip(stored).zip(&codes) {
            let ids = (patient.center_id.clone(), patient.id.clone());
            let episodes: Vec<StoredHistory> =
                histories.by_ref().take(bundle.episodes.len()).collect();
            let (visits, labs, adverse_events) =
                super::write_visits::rows(ctx, &ids, &episodes, &bundle.visits)?;
            let records = visits
                .iter()
                .map(VisitRecord::try_from)
                .collect::<Result<_, _>>()?;
            let lab_records = labs
                .iter()
                .map(LabRecord::try_from)
                .collect::<Result<_, _>>()?;
            visit_rows.extend(visits);
            lab_rows.extend(labs);
            out.push(Written {
                center: code.clone(),
                comorbidities: comorbidity_rows
                    .by_ref()
                    .take(bundle.person.comorbidities.len())
                    .collect(),
                vaccinations: vaccination_rows
                    .by_ref()
                    .take(bundle.vaccinations.len())
                    .collect(),
                patient,
                episodes,
                visits: records,
                labs: lab_records,
                adverse_events,
            });
        }
        store_visits(tx, ctx, &visit_rows, &lab_rows, &mut out)?;
        Ok(out)
    })
}

/// Stores the visits and labs of a batch, and the adverse events of `out`, each table in bulk.
fn store_visits(
    tx: &mut DbConn,
    ctx: &WriteCtx,
    visit_rows: &[VisitRow],
    lab_rows: &[LabRow],
    out: &mut [Written],
) -> Result<(), DemoError> {
    let counts: Vec<usize> = out.iter().map(|w| w.adverse_events.len()).collect();
    let mut ae_rows = Vec::new();
    for w in out.iter_mut() {
        ae_rows.append(&mut w.adverse_events);
    }
    visits::create_many(tx, ctx, visit_rows)?;
    labs::create_many(tx, ctx, lab_rows)?;
    adverse_events::create_many(tx, ctx, &ae_rows)?;
    let mut ae_rows = ae_rows.into_iter();
    for (w, a) in out.iter_mut().zip(counts) {
        w.adverse_events = ae_rows.by_ref().take(a).collect();
    }
    Ok(())
}

/// `f` of every bundle with its stored patient, flattened in bundle order.
fn each<T>(
    bundles: &[Bundle],
    stored: &[PatientRow],
    f: impl Fn(&Bundle, &PatientRow) -> Vec<T>,
) -> Vec<T> {
    bundles
        .iter()
        .zip(stored)
        .flat_map(|(b, p)| f(b, p))
        .collect()
}

fn new_patient(bundle: &Bundle, center_id: &str) -> NewPatient {
    let p = &bundle.person;
    NewPatient {
        center_id: center_id.to_owned(),
        local_ref: p.local_ref.clone(),
        sex: p.sex,
        birth_month: p.birth_month,
        diagnosis: p.diagnosis,
        aa_subtype: p.aa_subtype,
        aa_episode_start: p.aa_episode_start,
        nail_involvement: p.nails,
        childbearing_potential: p.childbearing,
        vaccination_programme_complete: p.programme_complete,
        varicella_immune: p.varicella_immune,
        consent_research: p.consent.0,
        consent_date: p.consent.1,
        consent_withdrawn_on: p.consent.2,
    }
}

fn new_comorbidities(bundle: &Bundle, patient: &PatientRow) -> Vec<NewComorbidity> {
    bundle
        .person
        .comorbidities
        .iter()
        .map(|(condition, onset_year, active)| NewComorbidity {
            center_id: patient.center_id.clone(),
            patient_id: patient.id.clone(),
            condition: (*condition).to_owned(),
            onset_year: *onset_year,
            active: *active,
        })
        .collect()
}

fn new_vaccinations(bundle: &Bundle, patient: &PatientRow) -> Vec<NewVaccination> {
    bundle
        .vaccinations
        .iter()
        .map(|(vaccine, dose_number, date)| NewVaccination {
            center_id: patient.center_id.clone(),
            patient_id: patient.id.clone(),
            vaccine: *vaccine,
            dose_number: *dose_number,
            date: *date,
        })
        .collect()
}

fn new_histories(bundle: &Bundle, patient: &PatientRow) -> Vec<NewHistory> {
    let p = &bundle.person;
    bundle
        .episodes
        .iter()
        .map(|e| NewHistory {
            episode: NewEpisode {
                center_id: patient.center_id.clone(),
                patient_id: patient.id.clone(),
                drug: e.drug,
                indication: p.diagnosis,
                start_date: e.start,
                stop: e.stop.map(|(date, reason)| EpisodeStop { date, reason }),
                dose: Some(e.regimen.start),
                warnings: start_warnings(p, e.drug, e.start),
            },
            dose_changes: e
                .dose_changes
                .iter()
                .map(|&(date, dose, taper)| (date, dose, Some(taper)))
                .collect(),
            interruptions: e.interruptions.clone(),
        })
        .collect()
}
