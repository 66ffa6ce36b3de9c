//! Stores a batch of patients in one write transaction through the store functions the API uses:
//! patients, comorbidities, vaccinations, episodes with their dose changes and interruptions one
//! by one (each checked by the episode rules and audited); visits, labs and adverse events in
//! bulk (`create_many`: one audit event per record, references checked), flagged by the API's
//! rules with the patient's history ([`super::write_visits`]).

use registry_core::store::adverse_events::{self, AdverseEventRow};
use registry_core::store::comorbidities::{self, ComorbidityRow, NewComorbidity};
use registry_core::store::labs::{self, LabRow};
use registry_core::store::patients::{self, NewPatient, PatientRow};
use registry_core::store::treatments::{
    self, DoseChangeRow, EpisodeRow, EpisodeStop, InterruptionRow, NewEpisode,
};
use registry_core::store::vaccinations::{self, NewVaccination, VaccinationRow};
use registry_core::store::visits::{self, VisitRow};
use registry_core::store::{DbConn, Scope, WriteCtx};

use super::DemoError;
use super::build::{Bundle, start_warnings};

/// The rows stored for one patient.
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
    pub episodes: Vec<(EpisodeRow, Vec<DoseChangeRow>, Vec<InterruptionRow>)>,
    /// Visits by date.
    pub visits: Vec<VisitRow>,
    /// Lab results by visit.
    pub labs: Vec<LabRow>,
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
    conn.write(|tx| {
        let mut out = Vec::with_capacity(bundles.len());
        for bundle in bundles {
            out.push(patient(tx, ctx, centers, bundle)?);
        }
        let counts: Vec<(usize, (usize, usize))> = out
            .iter()
            .map(|w| (w.visits.len(), (w.labs.len(), w.adverse_events.len())))
            .collect();
        let (mut visit_rows, mut lab_rows, mut ae_rows) = (Vec::new(), Vec::new(), Vec::new());
        for w in &mut out {
            visit_rows.append(&mut w.visits);
            lab_rows.append(&mut w.labs);
            ae_rows.append(&mut w.adverse_events);
        }
        visits::create_many(tx, ctx, &visit_rows)?;
        labs::create_many(tx, ctx, &lab_rows)?;
        adverse_events::create_many(tx, ctx, &ae_rows)?;
        let (mut visit_rows, mut lab_rows, mut ae_rows) = (
            visit_rows.into_iter(),
            lab_rows.into_iter(),
            ae_rows.into_iter(),
        );
        for (w, (v, (l, a))) in out.iter_mut().zip(counts) {
            w.visits = visit_rows.by_ref().take(v).collect();
            w.labs = lab_rows.by_ref().take(l).collect();
            w.adverse_events = ae_rows.by_ref().take(a).collect();
        }
        Ok(out)
    })
}

fn patient(
    tx: &mut DbConn,
    ctx: &WriteCtx,
    centers: &[(String, String)],
    bundle: Bundle,
) -> Result<Written, DemoError> {
    let p = &bundle.person;
    let (code, center_id) = centers
        .get(p.center)
        .ok_or(DemoError::Internal("center".into()))?;
    let patient = patients::create(
        tx,
        ctx,
        NewPatient {
            center_id: center_id.clone(),
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
        },
    )?;
    let ids = (patient.center_id.clone(), patient.id.clone());
    let mut w = Written {
        center: code.clone(),
        patient,
        comorbidities: Vec::new(),
        vaccinations: Vec::new(),
        episodes: Vec::new(),
        visits: Vec::new(),
        labs: Vec::new(),
        adverse_events: Vec::new(),
    };
    for (condition, onset_year, active) in &p.comorbidities {
        let new = NewComorbidity {
            center_id: ids.0.clone(),
            patient_id: ids.1.clone(),
            condition: (*condition).to_owned(),
            onset_year: *onset_year,
            active: *active,
        };
        w.comorbidities.push(comorbidities::create(tx, ctx, new)?);
    }
    for (vaccine, dose_number, date) in &bundle.vaccinations {
        let new = NewVaccination {
            center_id: ids.0.clone(),
            patient_id: ids.1.clone(),
            vaccine: *vaccine,
            dose_number: *dose_number,
            date: *date,
        };
        w.vaccinations.push(vaccinations::create(tx, ctx, new)?);
    }
    for e in &bundle.episodes {
        let new = NewEpisode {
            center_id: ids.0.clone(),
            patient_id: ids.1.clone(),
            drug: e.drug,
            indication: p.diagnosis,
            start_date: e.start,
            stop: e.stop.map(|(date, reason)| EpisodeStop { date, reason }),
            dose: Some(e.regimen.start),
            warnings: start_warnings(p, e.drug, e.start),
        };
        let row = treatments::create(tx, ctx, new)?;
        let mut doses = Vec::new();
        for (date, dose, taper) in &e.dose_changes {
            doses.push(treatments::add_dose_change(
                tx,
                ctx,
                &Scope::All,
                &row.id,
                *date,
                *dose,
                Some(*taper),
            )?);
        }
        let mut pauses = Vec::new();
        for (from, to, reason) in &e.interruptions {
            pauses.push(treatments::add_interruption(
                tx,
                ctx,
                &Scope::All,
                &row.id,
                *from,
                *to,
                *reason,
            )?);
        }
        w.episodes.push((row, doses, pauses));
    }
    let (visits, labs, adverse_events) =
        super::write_visits::rows(ctx, &ids, &w.episodes, &bundle.visits)?;
    w.visits = visits;
    w.labs = labs;
    w.adverse_events = adverse_events;
    Ok(w)
}
