//! Stores a batch of patients in one write transaction through the store functions the API uses:
//! patients, comorbidities, vaccinations, episodes with their dose changes and interruptions one
//! by one (each checked by the episode rules and audited); visits, labs and adverse events in
//! bulk (`create_many`: one audit event per record, references checked), flagged by the API's
//! rules with the patient's history ([`crate::clinical`]).

use chrono::NaiveDate;
use registry_core::labs::LabResult;
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
use crate::clinical;

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
    let episode_rows: Vec<EpisodeRow> = w.episodes.iter().map(|e| e.0.clone()).collect();
    let mut history: Vec<LabResult> = Vec::new();
    for draft in &bundle.visits {
        let mut row = VisitRow::new(ctx, &ids.0, &ids.1, draft.parsed.date);
        row.fill(&draft.input, &draft.parsed)?;
        for result in &draft.parsed.labs {
            let flags = clinical::lab_flags_with_history(&history, &episode_rows, result);
            w.labs.push(LabRow::from_result(
                ctx,
                &ids.0,
                &ids.1,
                Some(&row.id),
                result,
                &flags,
            )?);
            history.push(result.clone());
        }
        for event in &draft.parsed.adverse_events {
            let episode = clinical::episode_on(&episode_rows, event.onset_date());
            let pauses: Vec<(NaiveDate, Option<NaiveDate>)> = w
                .episodes
                .iter()
                .filter(|(e, ..)| episode.is_some_and(|x| x.id == e.id))
                .flat_map(|(_, _, p)| p.iter().map(|i| (i.from_date, i.to_date)))
                .collect();
            let flags = clinical::adverse_event_flags_with_pauses(episode, &pauses, event);
            let episode_id = episode.map(|e| e.id.as_str());
            let ae = AdverseEventRow::from_event(
                ctx,
                &ids.0,
                &ids.1,
                Some(&row.id),
                episode_id,
                event,
                &flags,
            )?;
            w.adverse_events.push(ae);
        }
        w.visits.push(row);
    }
    Ok(w)
}
