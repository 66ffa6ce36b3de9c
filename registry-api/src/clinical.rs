//! Rules that need the patient's history, applied on write by the API and the import alike:
//! which episode a date belongs to, lab flags (previous platelets, baseline creatinine), the
//! herpes-without-interruption flag of an adverse event.

use chrono::NaiveDate;
use registry_core::adverse_event::{self, AdverseEvent};
use registry_core::catalogue::Drug;
use registry_core::labs::{self, Analyte, LabContext, LabFlag, LabResult, LabValue};
use registry_core::store::treatments::{self, EpisodeRow};
use registry_core::store::{DbConn, Scope, StoreError, labs as lab_store};
use registry_core::visit::{EpisodeSpan, episode_for_date};

/// The episode a date belongs to (on treatment that day, or starting within 30 days).
pub fn episode_on(episodes: &[EpisodeRow], date: NaiveDate) -> Option<&EpisodeRow> {
    let spans: Vec<EpisodeSpan> = episodes
        .iter()
        .map(|e| EpisodeSpan {
            start: e.start_date,
            stop: e.stop_date,
        })
        .collect();
    episode_for_date(&spans, date).map(|i| &episodes[i])
}

/// True when the episode's drug is a JAK inhibitor.
pub fn is_jak(episode: &EpisodeRow) -> bool {
    Drug::parse(&episode.drug).is_some_and(Drug::is_jak_inhibitor)
}

/// The flags of a new lab result: judged with the patient's previous platelet result and, after
/// the start of the episode it falls in, against that episode's baseline creatinine.
pub fn lab_flags(
    conn: &mut DbConn,
    scope: &Scope,
    patient_id: &str,
    episodes: &[EpisodeRow],
    result: &LabResult,
) -> Result<Vec<LabFlag>, StoreError> {
    let history = match result.analyte() {
        analyte @ (Analyte::Platelets | Analyte::Creatinine) => {
            lab_store::series(conn, scope, patient_id, analyte)?
                .iter()
                .map(|r| r.result())
                .collect::<Result<Vec<_>, _>>()?
        }
        _ => Vec::new(),
    };
    Ok(lab_flags_with_history(&history, episodes, result))
}

/// [`lab_flags`] with the patient's stored results given (`history`, any analytes and order; the
/// result being judged is not among them), for callers that hold them already (the demo
/// generator): the same rules, without a query.
pub fn lab_flags_with_history(
    history: &[LabResult],
    episodes: &[EpisodeRow],
    result: &LabResult,
) -> Vec<LabFlag> {
    let mut context = LabContext::default();
    match result.analyte() {
        Analyte::Platelets => {
            context.previous_platelets = history
                .iter()
                .filter(|r| r.analyte() == Analyte::Platelets && r.date() < result.date())
                .max_by_key(|r| r.date())
                .and_then(LabResult::value)
                .map(LabValue::canonical);
        }
        Analyte::Creatinine => {
            if let Some(episode) =
                episode_on(episodes, result.date()).filter(|e| e.start_date < result.date())
            {
                let series: Vec<LabResult> = history
                    .iter()
                    .filter(|r| r.analyte() == Analyte::Creatinine)
                    .cloned()
                    .collect();
                context.baseline_creatinine =
                    labs::baseline_creatinine(&series, episode.start_date)
                        .and_then(LabResult::value)
                        .map(LabValue::canonical);
            }
        }
        _ => {}
    }
    labs::evaluate(result, &context)
}

/// The flags of an adverse event in `episode`: herpes zoster or simplex on a JAK inhibitor
/// without an interruption (neither the event's action nor one of the episode's interruptions).
pub fn adverse_event_flags(
    conn: &mut DbConn,
    scope: &Scope,
    episode: Option<&EpisodeRow>,
    event: &AdverseEvent,
) -> Result<Vec<adverse_event::Flag>, StoreError> {
    let Some(episode) = episode else {
        return Ok(Vec::new());
    };
    let pauses: Vec<(NaiveDate, Option<NaiveDate>)> =
        treatments::interruptions(conn, scope, &episode.id)?
            .iter()
            .map(|i| (i.from_date, i.to_date))
            .collect();
    Ok(adverse_event_flags_with_pauses(
        Some(episode),
        &pauses,
        event,
    ))
}

/// [`adverse_event_flags`] with the episode's interruptions (from, restart) given, for callers
/// that hold them already (the demo generator).
pub fn adverse_event_flags_with_pauses(
    episode: Option<&EpisodeRow>,
    pauses: &[(NaiveDate, Option<NaiveDate>)],
    event: &AdverseEvent,
) -> Vec<adverse_event::Flag> {
    let Some(episode) = episode else {
        return Vec::new();
    };
    let on_jak = is_jak(episode) && episode.start_date <= event.onset_date();
    let covered = adverse_event::interruption_covers_event(event, pauses);
    adverse_event::missing_interruption_flag(event, on_jak, covered)
        .into_iter()
        .collect()
}
