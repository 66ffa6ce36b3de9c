//! The labs and adverse events entered with a visit: stored as records of their own (linked to
//! the visit), flagged with the patient's history, and shown inside the visit.

use std::collections::HashMap;

use registry_core::adverse_event::flags_in_episode;
use registry_core::store::adverse_events::{self, AdverseEventRow};
use registry_core::store::labs::{self, LabRow};
use registry_core::store::patients::PatientRow;
use registry_core::store::visits::VisitRow;
use registry_core::store::{DbConn, Scope, WriteCtx, treatments};
use registry_core::visit::ParsedVisit;
use serde_json::Value;

use crate::error::ApiError;
use crate::routes::records;

/// A visit's labs and adverse events, ready to show.
#[derive(Default)]
pub struct Inline {
    labs: Vec<Value>,
    adverse_events: Vec<Value>,
}

impl Inline {
    /// Puts `labs` and `adverse_events` into a visit's JSON.
    pub fn attach(self, visit: &mut Value) {
        if let Some(obj) = visit.as_object_mut() {
            obj.insert("labs".into(), Value::Array(self.labs));
            obj.insert("adverse_events".into(), Value::Array(self.adverse_events));
        }
    }
}

/// Stores the parsed visit's labs and adverse events, each flagged.
pub fn store(
    tx: &mut DbConn,
    ctx: &WriteCtx,
    scope: &Scope,
    patient: &PatientRow,
    visit: &VisitRow,
    parsed: &ParsedVisit,
) -> Result<Inline, ApiError> {
    let mut out = Inline::default();
    if parsed.labs.is_empty() && parsed.adverse_events.is_empty() {
        return Ok(out);
    }
    let episodes = treatments::for_patient(tx, scope, &patient.id)?;
    let spans: Vec<_> = episodes.iter().map(treatments::EpisodeRow::span).collect();
    for result in &parsed.labs {
        let history = labs::history(tx, scope, &patient.id, result.analyte())?;
        let flags = registry_core::labs::flags_in_history(result, &history, &spans);
        let row = LabRow::from_result(
            ctx,
            &patient.center_id,
            &patient.id,
            Some(&visit.id),
            result,
            &flags,
        )?;
        out.labs
            .push(records::lab_json(&labs::create(tx, ctx, row)?)?);
    }
    for event in &parsed.adverse_events {
        let found = treatments::episode_on(tx, scope, &episodes, event.onset_date())?;
        let flags = flags_in_episode(event, found.as_ref().map(|(_, e)| e));
        let episode = found.map(|(row, _)| row);
        let row = AdverseEventRow::from_event(
            ctx,
            &patient.center_id,
            &patient.id,
            Some(&visit.id),
            episode.map(|e| e.id.as_str()),
            event,
            &flags,
        )?;
        out.adverse_events
            .push(records::adverse_event_json(&adverse_events::create(
                tx, ctx, row,
            )?)?);
    }
    Ok(out)
}

/// The labs and adverse events recorded with one visit.
pub fn load(conn: &mut DbConn, scope: &Scope, visit: &VisitRow) -> Result<Inline, ApiError> {
    Ok(load_all(conn, scope, &visit.patient_id)?
        .remove(&visit.id)
        .unwrap_or_default())
}

/// The labs and adverse events of every visit of a patient, by visit id.
pub fn load_all(
    conn: &mut DbConn,
    scope: &Scope,
    patient_id: &str,
) -> Result<HashMap<String, Inline>, ApiError> {
    let mut by_visit: HashMap<String, Inline> = HashMap::new();
    for lab in labs::for_patient(conn, scope, patient_id)? {
        if let Some(v) = lab.visit_id.clone() {
            by_visit
                .entry(v)
                .or_default()
                .labs
                .push(records::lab_json(&lab)?);
        }
    }
    for ae in adverse_events::for_patient(conn, scope, patient_id)? {
        if let Some(v) = ae.visit_id.clone() {
            by_visit
                .entry(v)
                .or_default()
                .adverse_events
                .push(records::adverse_event_json(&ae)?);
        }
    }
    Ok(by_visit)
}
