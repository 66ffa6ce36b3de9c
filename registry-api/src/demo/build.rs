//! From a simulated history to what a center would enter: the patient, episodes with their dose
//! changes and interruptions, and every visit as a [`VisitInput`] with its labs and adverse
//! events, parsed by the same [`ParsedVisit::parse`] the API uses (so an invalid generated value
//! is an error, never a silent row).

use chrono::NaiveDate;
use registry_core::adverse_event::AdverseEventInput;
use registry_core::catalogue::{Drug, check_start};
use registry_core::patient::Diagnosis;
use registry_core::visit::{ParsedVisit, PatientFacts, VisitInput};

use super::DemoError;
use super::adverse::{Action, PlannedAe};
use super::calibration::itch_share;
use super::centers::Center;
use super::history;
use super::instruments::{State, visit_input};
use super::lab_plan;
use super::labs::Profile;
use super::person::{Person, person};
use super::plan::{Context, Plan, PlannedEpisode, severity};
use super::rng::Rng;

/// One visit, parsed.
pub struct VisitDraft {
    /// As entered.
    pub input: VisitInput,
    /// As parsed by the rules.
    pub parsed: ParsedVisit,
}

/// Everything of one patient, ready for the store.
pub struct Bundle {
    /// The patient.
    pub person: Person,
    /// The episodes (in start order).
    pub episodes: Vec<PlannedEpisode>,
    /// Vaccinations: vaccine, dose number, date.
    pub vaccinations: Vec<(
        registry_core::vaccination::VaccineKind,
        Option<i32>,
        NaiveDate,
    )>,
    /// Visits in date order.
    pub visits: Vec<VisitDraft>,
}

/// Simulates and parses patient number `index` of a run.
pub fn patient(
    seed: u64,
    index: usize,
    centers: &[Center],
    until: NaiveDate,
) -> Result<Bundle, DemoError> {
    let mut rng = Rng::patient(seed, index as u64);
    let person = person(&mut rng, index, centers, until)?;
    let center = centers
        .get(person.center)
        .ok_or(DemoError::Internal("center".into()))?;
    let ctx = Context {
        person: &person,
        center,
        until,
    };
    let Plan {
        mut episodes,
        follow_up,
        vaccinations,
        ..
    } = history::simulate(&mut rng, &ctx);
    let profile = Profile::draw(&mut rng, &person);
    let mut labs_by_date = Vec::new();
    for i in 0..episodes.len() {
        let start = episodes[i].start;
        let previous = i
            .checked_sub(1)
            .and_then(|p| episodes[p].visits.last().copied());
        let baseline = match episodes[i].visits.first() {
            Some(d) if *d == start => None,
            _ => previous.filter(|d| (start - *d).num_days() <= 30),
        };
        labs_by_date.extend(lab_plan::draws(
            &mut rng,
            &ctx,
            &profile,
            &mut episodes[i],
            baseline,
        ));
    }
    let mut dates: Vec<NaiveDate> = episodes
        .iter()
        .flat_map(|e| e.visits.iter().copied())
        .chain(follow_up)
        .collect();
    dates.sort();
    dates.dedup();
    let events: Vec<(&PlannedAe, Drug)> = episodes
        .iter()
        .flat_map(|e| e.adverse_events.iter().map(move |a| (a, e.drug)))
        .collect();
    let facts = PatientFacts {
        birth_month: person.birth_month,
        diagnosis: person.diagnosis,
    };
    let mut visits = Vec::with_capacity(dates.len());
    for (k, date) in dates.iter().enumerate() {
        let drug = episodes
            .iter()
            .rev()
            .find(|e| e.start <= *date)
            .map(|e| e.drug);
        let state = State {
            severity: severity(&person, &episodes, *date),
            itch_share: drug.map_or(0.0, itch_share),
        };
        let mut input = visit_input(&mut rng, &person, center, *date, state);
        for (_, labs) in labs_by_date.iter().filter(|(d, _)| d == date) {
            input.labs.extend(labs.iter().cloned());
        }
        let previous = k.checked_sub(1).map(|p| dates[p]);
        for (event, drug) in &events {
            if event.onset <= *date && previous.is_none_or(|p| event.onset > p) {
                input.adverse_events.push(ae_input(&mut rng, event, *drug));
            }
        }
        input.adverse_events.sort_by(|a, b| {
            (&a.onset_date, &a.verbatim_term).cmp(&(&b.onset_date, &b.verbatim_term))
        });
        let parsed = ParsedVisit::parse(&input, &facts, until).map_err(DemoError::Invalid)?;
        visits.push(VisitDraft { input, parsed });
    }
    Ok(Bundle {
        person,
        episodes,
        vaccinations,
        visits,
    })
}

/// The start warnings the API stores with an episode (off-label use).
pub fn start_warnings(
    person: &Person,
    drug: Drug,
    start: NaiveDate,
) -> Vec<registry_core::Warning> {
    let weight = super::instruments::dec(person.weight(start), 1);
    let indication = if person.aa() {
        Diagnosis::Aa
    } else {
        Diagnosis::Ad
    };
    check_start(drug, indication, person.birth_month, start, Some(weight))
}

fn ae_input(rng: &mut Rng, event: &PlannedAe, drug: Drug) -> AdverseEventInput {
    let expected = matches!(
        (event.term, drug.is_jak_inhibitor()),
        ("herpes zoster" | "herpes simplex" | "acne" | "nausea", true)
    ) || matches!(
        event.term,
        "conjunctivitis" | "injection site reaction" | "hypertension"
    );
    let causality = if event.term == "injection site reaction" {
        "certain"
    } else if expected {
        "probable"
    } else if rng.chance(0.15) {
        "unlikely"
    } else {
        "possible"
    };
    let cancer = event.term.contains("cancer") || event.term.contains("carcinoma");
    let outcome = match (event.end, cancer) {
        (Some(_), false) => "recovered",
        (Some(_), true) => "recovered_with_sequelae",
        (None, false) => "recovering",
        (None, true) => "not_recovered",
    };
    AdverseEventInput {
        verbatim_term: Some(event.term.to_owned()),
        onset_date: Some(event.onset.to_string()),
        end_date: event.end.map(|d| d.to_string()),
        ctcae_grade: Some(event.grade),
        seriousness_criteria: event
            .serious
            .map(|c| vec![c.to_owned()])
            .unwrap_or_default(),
        causality: Some(causality.to_owned()),
        action: Some(
            match event.action {
                Action::None => "none",
                Action::Interrupted => "interrupted",
                Action::Withdrawn => "withdrawn",
            }
            .to_owned(),
        ),
        outcome: Some(outcome.to_owned()),
        ..Default::default()
    }
}
