use serde_json::json;

use super::{d, with};
use crate::adverse_event::*;

fn herpes(term: &str, action: &str) -> AdverseEvent {
    AdverseEvent::parse(&with(json!({"verbatim_term": term, "action": action}))).unwrap()
}

#[test]
fn zoster_on_jak_without_interruption_is_flagged() {
    let event = herpes("Gordelroos", "none");
    let flag = missing_interruption_flag(&event, true, false).unwrap();
    assert_eq!(flag.code, HERPES_WITHOUT_INTERRUPTION);
    assert_eq!(flag.source, "NTvDV 2025, JAK-remmers bij alopecia areata");
    assert!(flag.message.starts_with("herpes zoster (onset 2025-03-01)"));
}

#[test]
fn simplex_on_jak_without_interruption_is_flagged() {
    let event = herpes("koortslip", "dose_reduced");
    let flag = missing_interruption_flag(&event, true, false).unwrap();
    assert!(flag.message.starts_with("herpes simplex"));
}

#[test]
fn herpes_with_interruption_or_off_jak_is_not_flagged() {
    assert_eq!(
        missing_interruption_flag(&herpes("shingles", "interrupted"), true, false),
        None
    );
    assert_eq!(
        missing_interruption_flag(&herpes("shingles", "withdrawn"), true, false),
        None
    );
    assert_eq!(
        missing_interruption_flag(&herpes("shingles", "none"), true, true),
        None
    );
    assert_eq!(
        missing_interruption_flag(&herpes("shingles", "none"), false, false),
        None
    );
    assert_eq!(
        missing_interruption_flag(&herpes("acne", "none"), true, false),
        None
    );
}

#[test]
fn center_category_counts_for_the_flag() {
    let event = AdverseEvent::parse(&with(json!({
        "verbatim_term": "blaasjes op de lip", "action": "none",
        "aesi_categories": ["herpes_simplex"]
    })))
    .unwrap();
    assert!(missing_interruption_flag(&event, true, false).is_some());
}

#[test]
fn interruption_overlapping_the_event_counts() {
    // Event 2025-03-01 to 2025-03-20.
    let event = herpes("herpes zoster", "none");
    assert!(interruption_covers_event(
        &event,
        &[(d(2025, 3, 3), Some(d(2025, 3, 14)))]
    ));
    assert!(interruption_covers_event(&event, &[(d(2025, 2, 20), None)]));
    assert!(interruption_covers_event(
        &event,
        &[(d(2025, 3, 20), Some(d(2025, 3, 25)))]
    ));
    assert!(!interruption_covers_event(
        &event,
        &[(d(2025, 3, 21), None)]
    ));
    assert!(!interruption_covers_event(
        &event,
        &[(d(2025, 1, 1), Some(d(2025, 2, 28)))]
    ));
    // Without an end date the event counts as lasting 28 days: up to 2025-03-29.
    let open =
        AdverseEvent::parse(&with(json!({"end_date": null, "outcome": "recovering"}))).unwrap();
    assert!(interruption_covers_event(&open, &[(d(2025, 3, 29), None)]));
    assert!(!interruption_covers_event(&open, &[(d(2025, 3, 30), None)]));
}
