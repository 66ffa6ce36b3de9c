//! The flags of a new result judged against the patient's history: the platelet result before
//! it, and — after the start of the episode the result falls in — that episode's baseline
//! creatinine. One function for every writer (API, import, demo).

use super::{Analyte, LabContext, LabFlag, LabResult, LabValue, baseline_creatinine, evaluate};
use crate::visit::{EpisodeSpan, episode_for_date};

/// The flags of `result` given the patient's other results (`history`: any analytes, any order;
/// `result` itself not among them) and treatment `episodes`.
pub fn flags_in_history(
    result: &LabResult,
    history: &[LabResult],
    episodes: &[EpisodeSpan],
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
            let start = episode_for_date(episodes, result.date())
                .map(|i| episodes[i].start)
                .filter(|start| *start < result.date());
            if let Some(start) = start {
                let series: Vec<LabResult> = history
                    .iter()
                    .filter(|r| r.analyte() == Analyte::Creatinine)
                    .cloned()
                    .collect();
                context.baseline_creatinine = baseline_creatinine(&series, start)
                    .and_then(LabResult::value)
                    .map(LabValue::canonical);
            }
        }
        _ => {}
    }
    evaluate(result, &context)
}
