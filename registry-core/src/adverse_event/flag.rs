//! The interruption rule for herpes on a JAK inhibitor (seed 003, NTvDV 2025): herpes zoster or
//! herpes simplex during a JAK inhibitor should come with a temporary interruption "until clear
//! recovery and no further spread of skin lesions"; the registry flags an event without one.

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use super::{AdverseEvent, AesiCategory};

/// Code of the flag raised by [`missing_interruption_flag`].
pub const HERPES_WITHOUT_INTERRUPTION: &str = "adverse_event.herpes_on_jak_without_interruption";

/// The source of the interruption rule.
pub const HERPES_INTERRUPTION_SOURCE: &str = "NTvDV 2025, JAK-remmers bij alopecia areata";

/// The rule, in words.
const HERPES_INTERRUPTION_RULE: &str = "Herpes zoster or herpes simplex during a JAK inhibitor: \
     interrupt the JAK inhibitor temporarily until clear recovery and no further spread of skin \
     lesions";

/// An event without an end date counts as lasting this many days from onset when looking for an
/// interruption that covers it *(project convention)*.
pub const OPEN_EVENT_DAYS: u64 = 28;

/// A rule the data do not follow, for the center to review (not an error: the data are kept).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Flag {
    /// Stable machine-readable code.
    pub code: String,
    /// The rule, in words.
    pub rule: String,
    /// Where the rule comes from.
    pub source: String,
    /// What is wrong with this record, for a clinician or data manager.
    pub message: String,
}

/// A flag when a herpes zoster or herpes simplex event on a JAK inhibitor has no recorded
/// interruption: neither its action (`interrupted` or `withdrawn`) nor an interruption of the
/// episode (`interruption_recorded`, e.g. from [`interruption_covers_event`]). `on_jak` is
/// whether the patient was on a JAK inhibitor at onset. The event's categories are the center's
/// when given, else derived from its terms.
pub fn missing_interruption_flag(
    event: &AdverseEvent,
    on_jak: bool,
    interruption_recorded: bool,
) -> Option<Flag> {
    if !on_jak || interruption_recorded || event.action().stops_drug() {
        return None;
    }
    let categories = event.aesi_categories();
    let infection = if categories.contains(&AesiCategory::HerpesZoster) {
        "herpes zoster"
    } else if categories.contains(&AesiCategory::HerpesSimplex) {
        "herpes simplex"
    } else {
        return None;
    };
    Some(Flag {
        code: HERPES_WITHOUT_INTERRUPTION.to_owned(),
        rule: HERPES_INTERRUPTION_RULE.to_owned(),
        source: HERPES_INTERRUPTION_SOURCE.to_owned(),
        message: format!(
            "{infection} (onset {}) on a JAK inhibitor without a recorded interruption: the \
             guideline advises interrupting the JAK inhibitor until clear recovery; record the \
             interruption, or why it was not done",
            event.onset_date()
        ),
    })
}

/// True when one of the episode's interruptions (`from`, `to` inclusive; `to` absent while still
/// interrupted) overlaps the event, from its onset to its end date, or to onset + 28 days
/// ([`OPEN_EVENT_DAYS`]) when it has no end date.
pub fn interruption_covers_event(
    event: &AdverseEvent,
    interruptions: &[(NaiveDate, Option<NaiveDate>)],
) -> bool {
    let onset = event.onset_date();
    let end = event.end_date().unwrap_or_else(|| {
        onset
            .checked_add_days(Days::new(OPEN_EVENT_DAYS))
            .unwrap_or(NaiveDate::MAX)
    });
    interruptions
        .iter()
        .any(|(from, to)| *from <= end && to.is_none_or(|to| to >= onset))
}

/// The flags of `event` in the treatment `episode` it occurred in (`None`: on no treatment):
/// herpes zoster or simplex on a JAK inhibitor without an interruption — neither the event's
/// action nor one of the episode's interruptions. One function for every writer and reader.
pub fn flags_in_episode(
    event: &AdverseEvent,
    episode: Option<&crate::treatment::Episode>,
) -> Vec<Flag> {
    let Some(episode) = episode else {
        return Vec::new();
    };
    let on_jak = episode.drug().is_jak_inhibitor() && episode.start() <= event.onset_date();
    let pauses: Vec<(NaiveDate, Option<NaiveDate>)> = episode
        .interruptions()
        .iter()
        .map(|i| (i.from(), i.to()))
        .collect();
    let covered = interruption_covers_event(event, &pauses);
    missing_interruption_flag(event, on_jak, covered)
        .into_iter()
        .collect()
}
