//! A patient's visits as rows, with the labs and adverse events entered with them: each lab
//! result flagged with the patient's earlier results and each adverse event with its episode's
//! interruptions, by the rules the visit endpoint uses (`labs::flags_in_history`,
//! `adverse_event::flags_in_episode`).

use registry_core::adverse_event::flags_in_episode;
use registry_core::labs::{LabResult, flags_in_history};
use registry_core::store::WriteCtx;
use registry_core::store::adverse_events::AdverseEventRow;
use registry_core::store::labs::LabRow;
use registry_core::store::treatments::{self, StoredHistory};
use registry_core::store::visits::VisitRow;
use registry_core::treatment::Episode;
use registry_core::visit::{EpisodeSpan, episode_for_date};

use super::DemoError;
use super::build::VisitDraft;

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
    let spans: Vec<EpisodeSpan> = episodes.iter().map(|(row, ..)| row.span()).collect();
    let domain: Vec<Episode> = episodes
        .iter()
        .map(|(row, doses, pauses)| treatments::episode(row, doses, pauses))
        .collect::<Result<_, _>>()?;
    let mut history: Vec<LabResult> = Vec::new();
    for draft in drafts {
        let mut row = VisitRow::new(ctx, &ids.0, &ids.1, draft.parsed.date);
        row.fill(&draft.input, &draft.parsed)?;
        for result in &draft.parsed.labs {
            let flags = flags_in_history(result, &history, &spans);
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
            let episode = episode_for_date(&spans, event.onset_date());
            let flags = flags_in_episode(event, episode.map(|i| &domain[i]));
            let episode_id = episode.map(|i| episodes[i].0.id.as_str());
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
