//! A patient's visits as rows, with the labs and adverse events entered with them: each lab
//! result flagged with the patient's earlier results and each adverse event with its episode's
//! interruptions, by the API's rules ([`crate::clinical`]), as the visit endpoint does.

use chrono::NaiveDate;
use registry_core::labs::LabResult;
use registry_core::store::WriteCtx;
use registry_core::store::adverse_events::AdverseEventRow;
use registry_core::store::labs::LabRow;
use registry_core::store::treatments::{EpisodeRow, StoredHistory};
use registry_core::store::visits::VisitRow;

use super::DemoError;
use super::build::VisitDraft;
use crate::clinical;

/// A patient's visit rows with the lab and adverse-event rows entered with them.
pub type VisitRows = (Vec<VisitRow>, Vec<LabRow>, Vec<AdverseEventRow>);

/// The rows of `drafts` for the patient `ids` (center, patient) with the stored `episodes`.
pub fn rows(
    ctx: &WriteCtx,
    ids: &(String, String),
    episodes: &[StoredHistory],
    drafts: &[VisitDraft],
) -> Result<VisitRows, DemoError> {
    let (mut visits, mut labs, mut adverse_events) = (Vec::new(), Vec::new(), Vec::new());
    let episode_rows: Vec<EpisodeRow> = episodes.iter().map(|e| e.0.clone()).collect();
    let mut history: Vec<LabResult> = Vec::new();
    for draft in drafts {
        let mut row = VisitRow::new(ctx, &ids.0, &ids.1, draft.parsed.date);
        row.fill(&draft.input, &draft.parsed)?;
        for result in &draft.parsed.labs {
            let flags = clinical::lab_flags_with_history(&history, &episode_rows, result);
            labs.push(LabRow::from_result(
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
            let pauses: Vec<(NaiveDate, Option<NaiveDate>)> = episodes
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
            adverse_events.push(ae);
        }
        visits.push(row);
    }
    Ok((visits, labs, adverse_events))
}
