#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::*;
use crate::treatment::{DoseUnit, Frequency, InterruptionReason};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

fn d(m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, m, day).unwrap()
}

fn dose(effective: NaiveDate, amount: Decimal, frequency: Frequency) -> DoseChangeInput {
    DoseChangeInput {
        effective,
        dose: DoseInput {
            amount,
            unit: DoseUnit::Mg,
            frequency,
        },
        is_taper: None,
    }
}

fn pause(from: NaiveDate, to: Option<NaiveDate>) -> InterruptionInput {
    InterruptionInput {
        from,
        to,
        reason: InterruptionReason::LiveVaccine,
    }
}

fn baricitinib() -> EpisodeInput {
    EpisodeInput {
        drug: Drug::Baricitinib,
        indication: Diagnosis::Aa,
        start: d(1, 1),
        stop: None,
        stop_reason: None,
        doses: vec![dose(d(1, 1), dec!(4), Frequency::OnceDaily)],
        interruptions: vec![],
    }
}

fn fields(e: &ValidationErrors) -> Vec<&str> {
    e.errors().iter().map(|e| e.field.as_str()).collect()
}

#[test]
fn stop_before_start_is_refused() {
    let input = EpisodeInput {
        stop: Some(d(1, 1).pred_opt().unwrap()),
        stop_reason: Some(StopReason::AdverseEvent),
        ..baricitinib()
    };
    let e = Episode::parse(input).unwrap_err();
    assert_eq!(fields(&e), vec!["stop"]);
    assert_eq!(
        e.errors()[0].message,
        "stop date 2024-12-31 is before the start date 2025-01-01"
    );
}

#[test]
fn stop_on_start_day_is_allowed() {
    let input = EpisodeInput {
        stop: Some(d(1, 1)),
        stop_reason: Some(StopReason::AdverseEvent),
        ..baricitinib()
    };
    let e = Episode::parse(input).unwrap();
    assert_eq!(e.stop(), Some(d(1, 1)));
    assert_eq!(e.stop_reason(), Some(StopReason::AdverseEvent));
}

#[test]
fn stop_requires_a_reason_and_a_reason_requires_a_stop() {
    let no_reason = EpisodeInput {
        stop: Some(d(6, 1)),
        ..baricitinib()
    };
    let e = Episode::parse(no_reason).unwrap_err();
    assert_eq!(fields(&e), vec!["stop_reason"]);
    assert_eq!(
        e.errors()[0].message,
        "a stopped episode needs a stop reason"
    );
    let no_stop = EpisodeInput {
        stop_reason: Some(StopReason::PatientWish),
        ..baricitinib()
    };
    assert_eq!(fields(&Episode::parse(no_stop).unwrap_err()), vec!["stop"]);
}

#[test]
fn every_error_is_reported_with_its_path() {
    let input = EpisodeInput {
        stop: Some(d(6, 30)),
        stop_reason: Some(StopReason::PrimaryInefficacy),
        doses: vec![
            dose(d(1, 1), dec!(4), Frequency::OnceDaily),
            dose(d(7, 1), dec!(2), Frequency::OnceDaily),
            dose(d(3, 1), dec!(0), Frequency::OnceDaily),
        ],
        interruptions: vec![
            pause(d(2, 1), Some(d(3, 1))),
            pause(d(2, 20), Some(d(2, 25))),
            pause(d(6, 1), Some(d(7, 2))),
        ],
        ..baricitinib()
    };
    let e = Episode::parse(input).unwrap_err();
    assert_eq!(
        fields(&e),
        vec![
            "doses[1].effective",
            "doses[2].amount",
            "interruptions[2].to",
            "interruptions[1].from",
        ]
    );
    assert_eq!(
        e.errors()[0].message,
        "dose date 2025-07-01 is outside the episode (2025-01-01 to 2025-06-30)"
    );
    assert_eq!(
        e.errors()[3].message,
        "interruption from 2025-02-20 overlaps the interruption from 2025-02-01"
    );
}

#[test]
fn dose_before_start_is_refused() {
    let input = EpisodeInput {
        doses: vec![dose(
            d(1, 1).pred_opt().unwrap(),
            dec!(4),
            Frequency::OnceDaily,
        )],
        ..baricitinib()
    };
    let e = Episode::parse(input).unwrap_err();
    assert_eq!(
        e.errors()[0].message,
        "dose date 2024-12-31 is outside the episode (from 2025-01-01)"
    );
}

#[test]
fn two_doses_on_one_day_are_refused() {
    let input = EpisodeInput {
        doses: vec![
            dose(d(1, 1), dec!(4), Frequency::OnceDaily),
            dose(d(1, 1), dec!(2), Frequency::OnceDaily),
        ],
        ..baricitinib()
    };
    assert_eq!(
        fields(&Episode::parse(input).unwrap_err()),
        vec!["doses[1].effective"]
    );
}

#[test]
fn taper_is_derived_when_the_dose_lowers_unless_recorded() {
    let mut recorded_not_taper = dose(d(9, 1), dec!(2), Frequency::EveryOtherDay);
    recorded_not_taper.is_taper = Some(false);
    let input = EpisodeInput {
        doses: vec![
            dose(d(6, 1), dec!(2), Frequency::OnceDaily),
            dose(d(1, 1), dec!(4), Frequency::OnceDaily),
            recorded_not_taper,
            dose(d(12, 1), dec!(4), Frequency::OnceDaily),
        ],
        ..baricitinib()
    };
    let e = Episode::parse(input).unwrap();
    let tapers: Vec<(NaiveDate, bool)> = e
        .doses()
        .iter()
        .map(|c| (c.effective(), c.is_taper()))
        .collect();
    assert_eq!(
        tapers,
        vec![
            (d(1, 1), false),
            (d(6, 1), true),
            (d(9, 1), false),
            (d(12, 1), false)
        ]
    );
    assert_eq!(e.dose_on(d(7, 15)).unwrap().dose().amount(), dec!(2));
    assert_eq!(e.dose_on(d(12, 1)).unwrap().dose().amount(), dec!(4));
}

#[test]
fn on_treatment_between_start_and_stop_outside_interruptions() {
    let input = EpisodeInput {
        stop: Some(d(6, 30)),
        stop_reason: Some(StopReason::RemissionTaperedOff),
        interruptions: vec![pause(d(3, 1), Some(d(3, 29)))],
        ..baricitinib()
    };
    let e = Episode::parse(input).unwrap();
    assert!(!e.on_treatment(d(1, 1).pred_opt().unwrap()));
    assert!(e.on_treatment(d(1, 1)));
    assert!(e.on_treatment(d(2, 28)));
    assert!(!e.on_treatment(d(3, 1)));
    assert!(e.is_interrupted_on(d(3, 28)));
    assert!(e.on_treatment(d(3, 29)));
    assert!(
        e.on_treatment(d(6, 30)),
        "the stop day counts as on treatment"
    );
    assert!(!e.on_treatment(d(7, 1)));
    assert_eq!(
        e.interruption_on(d(3, 10)).map(Interruption::from),
        Some(d(3, 1))
    );
}

#[test]
fn open_interruption_pauses_until_stop() {
    let input = EpisodeInput {
        stop: Some(d(5, 1)),
        stop_reason: Some(StopReason::AdverseEvent),
        interruptions: vec![pause(d(4, 1), None)],
        ..baricitinib()
    };
    let e = Episode::parse(input).unwrap();
    assert!(!e.on_treatment(d(4, 20)));
    assert!(e.spans(d(4, 20)));
}

#[test]
fn episode_round_trips_through_json() {
    let input = EpisodeInput {
        stop: Some(d(6, 30)),
        stop_reason: Some(StopReason::SecondaryLossOfEffect),
        interruptions: vec![pause(d(3, 1), Some(d(3, 29)))],
        ..baricitinib()
    };
    let e = Episode::parse(input).unwrap();
    let json = serde_json::to_string(&e).unwrap();
    assert!(
        json.contains(r#""stop_reason":"secondary_loss_of_effect""#),
        "{json}"
    );
    assert!(json.contains(r#""is_taper":false"#), "{json}");
    let back: Episode = serde_json::from_str(&json).unwrap();
    assert_eq!(back, e);
    let bad = json.replace("2025-06-30", "2024-06-30");
    assert!(serde_json::from_str::<Episode>(&bad).is_err());
}
