use serde_json::json;

use super::{base, d, fields, input, with};
use crate::adverse_event::*;

#[test]
fn valid_event_is_parsed_and_trimmed() {
    let event = AdverseEvent::parse(&with(json!({"meddra_code": "10019974"}))).unwrap();
    assert_eq!(event.verbatim_term().as_str(), "gordelroos thoracaal");
    assert_eq!(event.meddra_code().unwrap().as_str(), "10019974");
    assert_eq!(event.onset_date(), d(2025, 3, 1));
    assert_eq!(event.end_date(), Some(d(2025, 3, 20)));
    assert_eq!(event.ctcae_grade().value(), 2);
    assert!(!event.is_serious());
    assert!(event.is_related());
    assert_eq!(event.action(), DrugAction::Interrupted);
    assert_eq!(event.outcome(), Outcome::Recovered);
    assert!(event.warnings().is_empty());
}

#[test]
fn unknown_fields_are_refused() {
    let mut value = base();
    value["grade"] = json!(2);
    assert!(serde_json::from_value::<AdverseEventInput>(value).is_err());
}

#[test]
fn every_error_is_reported_with_its_path() {
    let result = AdverseEvent::parse(&input(json!({
        "verbatim_term": "   ",
        "meddra_code": "1001997",
        "onset_date": "01-03-2025",
        "ctcae_grade": 6,
        "seriousness_criteria": ["hospitalisation", "hospitalized"],
        "causality": "likely",
        "outcome": "resolved",
        "aesi_categories": ["zoster"],
    })));
    assert_eq!(
        fields(result),
        vec![
            "verbatim_term",
            "meddra_code",
            "onset_date",
            "ctcae_grade",
            "seriousness_criteria[1]",
            "causality",
            "action",
            "outcome",
            "aesi_categories[0]",
        ]
    );
}

#[test]
fn missing_required_fields_are_named() {
    let errors = AdverseEvent::parse(&AdverseEventInput::default()).unwrap_err();
    let messages: Vec<String> = errors.0.iter().map(ToString::to_string).collect();
    assert_eq!(
        messages,
        vec![
            "verbatim_term: the verbatim term is required",
            "onset_date: the onset date is required",
            "ctcae_grade: the CTCAE grade is required",
            "causality: the causality is required",
            "action: the action is required",
            "outcome: the outcome is required",
        ]
    );
}

#[test]
fn messages_speak_to_a_data_manager() {
    let errors =
        AdverseEvent::parse(&with(json!({"ctcae_grade": 0, "causality": "likely"}))).unwrap_err();
    assert_eq!(
        errors.0[0].message,
        "grade 0 does not exist: CTCAE grades are 1, 2, 3, 4 or 5"
    );
    assert_eq!(
        errors.0[1].message,
        "'likely' is not a WHO-UMC causality: use certain, probable, possible, unlikely, conditional or unassessable"
    );
}

#[test]
fn verbatim_term_of_500_characters_is_the_limit() {
    let ok = "a".repeat(500);
    assert!(AdverseEvent::parse(&with(json!({"verbatim_term": ok}))).is_ok());
    let long = "é".repeat(501);
    let errors = AdverseEvent::parse(&with(json!({"verbatim_term": long}))).unwrap_err();
    assert_eq!(
        errors.0[0].message,
        "the verbatim term has 501 characters: at most 500 are allowed"
    );
}

#[test]
fn meddra_code_is_optional_and_eight_digits() {
    assert!(AdverseEvent::parse(&with(json!({"meddra_code": ""}))).is_ok());
    assert!(AdverseEvent::parse(&with(json!({"meddra_code": null}))).is_ok());
    assert!(MeddraCode::parse("10019974").is_ok());
    assert!(MeddraCode::parse("100199745").is_err());
    assert!(MeddraCode::parse("1001997a").is_err());
    assert!(
        MeddraCode::parse("１００１９９７４").is_err(),
        "only ASCII digits"
    );
    let event = AdverseEvent::parse(&with(json!({"meddra_term": " Herpes zoster "}))).unwrap();
    assert_eq!(event.meddra_term().unwrap().as_str(), "Herpes zoster");
    assert_eq!(event.meddra_code(), None);
}

#[test]
fn end_date_before_onset_is_refused() {
    let result = AdverseEvent::parse(&with(json!({"end_date": "2025-02-28"})));
    let errors = result.unwrap_err();
    assert_eq!(errors.0.len(), 1);
    assert_eq!(
        errors.0[0].to_string(),
        "end_date: the end date 2025-02-28 is before the onset date 2025-03-01"
    );
    assert!(AdverseEvent::parse(&with(json!({"end_date": "2025-03-01"}))).is_ok());
}

#[test]
fn ctcae_grade_is_1_to_5() {
    assert!((1..=5).all(|g| CtcaeGrade::new(g).is_ok()));
    assert!(CtcaeGrade::new(0).is_err());
    assert!(CtcaeGrade::new(6).is_err());
    assert!(CtcaeGrade::new(-1).is_err());
    assert!(CtcaeGrade::new(261).is_err(), "261 wraps to 5 in u8");
}

#[test]
fn serious_iff_any_criterion() {
    let event = AdverseEvent::parse(&with(json!({
        "seriousness_criteria": ["hospitalisation", "important_medical_event", "hospitalisation"]
    })))
    .unwrap();
    assert!(event.is_serious());
    assert_eq!(
        event.seriousness().criteria().collect::<Vec<_>>(),
        vec![
            SeriousnessCriterion::Hospitalisation,
            SeriousnessCriterion::ImportantMedicalEvent
        ]
    );
    assert!(!Seriousness::default().is_serious());
    for criterion in SeriousnessCriterion::ALL {
        assert!(Seriousness::from_criteria([*criterion]).is_serious());
    }
}

#[test]
fn serious_box_must_agree_with_criteria() {
    let ticked_without = with(json!({"serious": true}));
    assert_eq!(
        fields(AdverseEvent::parse(&ticked_without)),
        vec!["seriousness_criteria"]
    );
    let unticked_with = with(json!({"serious": false, "seriousness_criteria": ["disability"]}));
    assert_eq!(fields(AdverseEvent::parse(&unticked_with)), vec!["serious"]);
    let agreeing = with(json!({"serious": true, "seriousness_criteria": ["life_threatening"]}));
    assert!(AdverseEvent::parse(&agreeing).is_ok());
}

#[test]
fn grade_5_requires_fatal_outcome() {
    let result = AdverseEvent::parse(&with(json!({"ctcae_grade": 5, "outcome": "recovered"})));
    let errors = result.unwrap_err();
    assert_eq!(errors.0.len(), 1);
    assert_eq!(
        errors.0[0].to_string(),
        "outcome: grade 5 means death related to the event, so the outcome must be fatal, not recovered"
    );
}

#[test]
fn fatal_outcome_requires_grade_5() {
    let result = AdverseEvent::parse(&with(json!({
        "ctcae_grade": 4, "outcome": "fatal", "seriousness_criteria": ["death"]
    })));
    assert_eq!(fields(result), vec!["ctcae_grade"]);
}

#[test]
fn death_criterion_requires_fatal_outcome() {
    let result = AdverseEvent::parse(&with(json!({
        "seriousness_criteria": ["death"], "outcome": "not_recovered"
    })));
    let errors = result.unwrap_err();
    assert_eq!(
        errors.0[0].to_string(),
        "outcome: seriousness criterion death requires the outcome fatal, not not_recovered"
    );
}

#[test]
fn fatal_outcome_requires_death_criterion() {
    let result = AdverseEvent::parse(&with(json!({"ctcae_grade": 5, "outcome": "fatal"})));
    assert_eq!(fields(result), vec!["seriousness_criteria"]);
}

#[test]
fn grade_5_fatal_with_death_is_accepted() {
    let event = AdverseEvent::parse(&with(json!({
        "verbatim_term": "sepsis", "ctcae_grade": 5, "outcome": "fatal",
        "seriousness_criteria": ["death"], "action": "withdrawn", "causality": "unlikely"
    })))
    .unwrap();
    assert!(event.is_serious());
    assert!(!event.is_related());
    assert!(event.ctcae_grade().is_death());
}

#[test]
fn causality_related_is_certain_probable_possible() {
    let related: Vec<_> = Causality::ALL
        .iter()
        .filter(|c| c.is_related())
        .map(|c| c.code())
        .collect();
    assert_eq!(related, vec!["certain", "probable", "possible"]);
}

#[test]
fn codes_round_trip_through_serde() {
    for outcome in Outcome::ALL {
        let text = serde_json::to_string(outcome).unwrap();
        assert_eq!(text, format!("\"{}\"", outcome.code()));
        assert_eq!(Outcome::parse(outcome.code()).unwrap(), *outcome);
    }
    for action in DrugAction::ALL {
        assert_eq!(DrugAction::parse(action.code()).unwrap(), *action);
    }
    assert_eq!(
        serde_json::to_string(&CtcaeGrade::new(3).unwrap()).unwrap(),
        "3"
    );
    assert!(serde_json::from_str::<CtcaeGrade>("7").is_err());
}

#[test]
fn warnings_on_end_dates_that_disagree_with_outcome() {
    let event = AdverseEvent::parse(&with(json!({"end_date": null}))).unwrap();
    let codes: Vec<_> = event.warnings().into_iter().map(|w| w.code).collect();
    assert_eq!(codes, vec!["adverse_event.ended_without_end_date"]);
    let event = AdverseEvent::parse(&with(json!({"outcome": "recovering"}))).unwrap();
    let codes: Vec<_> = event.warnings().into_iter().map(|w| w.code).collect();
    assert_eq!(codes, vec!["adverse_event.end_date_while_ongoing"]);
}
