#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::*;
use crate::treatment::{Episode, EpisodeInput};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn failed(drug: Drug) -> PriorTreatment {
    PriorTreatment {
        therapy: PriorTherapy::Drug(drug),
        outcome: PriorOutcome::InsufficientEffect,
    }
}

/// SALT 50, episode 7.9 y, methotrexate failed: the eligible case of CLINICAL.md §3.
fn eligible_case() -> AaJakEligibilityInput {
    AaJakEligibilityInput {
        drug: Drug::Baricitinib,
        birth_month: BirthMonth::new(1985, 4).unwrap(),
        start: d(2025, 6, 2),
        baseline_salt: Some(dec!(50)),
        aa_episode: Some(AaEpisodeDuration::Years(dec!(7.9))),
        prior_treatments: vec![failed(Drug::Methotrexate)],
    }
}

fn codes(e: &Eligibility) -> Vec<&'static str> {
    e.unmet().iter().map(UnmetCriterion::code).collect()
}

#[test]
fn salt_50_episode_7_9_y_methotrexate_failed_is_eligible() {
    let e = aa_jak_eligibility(&eligible_case());
    assert!(e.is_eligible(), "{:?}", e.unmet());
    assert_eq!(
        serde_json::to_string(&e).unwrap(),
        r#"{"eligible":true,"unmet":[]}"#
    );
}

#[test]
fn salt_49_9_is_not_eligible() {
    let input = AaJakEligibilityInput {
        baseline_salt: Some(dec!(49.9)),
        ..eligible_case()
    };
    let e = aa_jak_eligibility(&input);
    assert!(!e.is_eligible());
    assert_eq!(
        e.unmet(),
        &[UnmetCriterion::SaltBelow50 { salt: dec!(49.9) }]
    );
    assert_eq!(e.unmet()[0].message(), "baseline SALT 49.9 is below 50");
}

#[test]
fn episode_8_0_y_is_not_eligible() {
    let input = AaJakEligibilityInput {
        aa_episode: Some(AaEpisodeDuration::Years(dec!(8.0))),
        ..eligible_case()
    };
    let e = aa_jak_eligibility(&input);
    assert_eq!(codes(&e), vec!["episode_too_long"]);
    assert_eq!(
        e.unmet()[0].message(),
        "the current AA episode has lasted 8.0 years at start: it must be shorter than 8 years"
    );
}

#[test]
fn episode_from_onset_counts_completed_years() {
    let start = d(2025, 6, 2);
    let day_before_8th_anniversary = AaJakEligibilityInput {
        aa_episode: Some(AaEpisodeDuration::Onset(d(2017, 6, 3))),
        ..eligible_case()
    };
    assert!(aa_jak_eligibility(&day_before_8th_anniversary).is_eligible());
    let on_8th_anniversary = AaJakEligibilityInput {
        aa_episode: Some(AaEpisodeDuration::Onset(d(2017, 6, 2))),
        ..eligible_case()
    };
    assert_eq!(
        aa_jak_eligibility(&on_8th_anniversary).unmet(),
        &[UnmetCriterion::EpisodeTooLong { years: dec!(8) }]
    );
    let after_start = AaJakEligibilityInput {
        aa_episode: Some(AaEpisodeDuration::Onset(start.succ_opt().unwrap())),
        ..eligible_case()
    };
    assert_eq!(
        codes(&aa_jak_eligibility(&after_start)),
        vec!["onset_after_start"]
    );
}

#[test]
fn only_topical_steroids_before_is_not_eligible() {
    let input = AaJakEligibilityInput {
        prior_treatments: vec![PriorTreatment {
            therapy: PriorTherapy::Other(OtherTherapy::TopicalCorticosteroid),
            outcome: PriorOutcome::InsufficientEffect,
        }],
        ..eligible_case()
    };
    let e = aa_jak_eligibility(&input);
    assert_eq!(e.unmet(), &[UnmetCriterion::NoQualifyingPriorSystemic]);
}

#[test]
fn unknown_baseline_salt_is_unmet_with_no_baseline_salt() {
    let input = AaJakEligibilityInput {
        baseline_salt: None,
        ..eligible_case()
    };
    let e = aa_jak_eligibility(&input);
    assert_eq!(e.unmet(), &[UnmetCriterion::NoBaselineSalt]);
    assert!(e.unmet()[0].message().starts_with("no baseline SALT"));
}

#[test]
fn every_unmet_criterion_is_listed() {
    let input = AaJakEligibilityInput {
        drug: Drug::Baricitinib,
        birth_month: BirthMonth::new(2007, 12).unwrap(),
        start: d(2025, 6, 2),
        baseline_salt: None,
        aa_episode: None,
        prior_treatments: vec![PriorTreatment {
            therapy: PriorTherapy::Drug(Drug::Prednisone),
            outcome: PriorOutcome::Effective,
        }],
    };
    let e = aa_jak_eligibility(&input);
    assert_eq!(
        codes(&e),
        vec![
            "below_minimum_age",
            "no_baseline_salt",
            "no_episode_duration",
            "no_qualifying_prior_systemic"
        ]
    );
    assert_eq!(
        e.unmet()[0].message(),
        "baricitinib is reimbursed for AA from 18 years; the patient is 17 years at start"
    );
    let json = serde_json::to_value(&e).unwrap();
    assert_eq!(json["eligible"], false);
    assert_eq!(json["unmet"][0]["criterion"], "below_minimum_age");
    assert_eq!(json["unmet"][0]["age_years"], 17);
    assert_eq!(json["unmet"][1]["message"], e.unmet()[1].message());
}

#[test]
fn ritlecitinib_from_12_years() {
    let at = |birth: BirthMonth| AaJakEligibilityInput {
        drug: Drug::Ritlecitinib,
        birth_month: birth,
        ..eligible_case()
    };
    // Start 2025-06-02: born 2013-05 is 12 (since 2025-05-31), born 2013-06 still 11.
    assert!(aa_jak_eligibility(&at(BirthMonth::new(2013, 5).unwrap())).is_eligible());
    assert_eq!(
        codes(&aa_jak_eligibility(&at(BirthMonth::new(2013, 6).unwrap()))),
        vec!["below_minimum_age"]
    );
}

#[test]
fn only_jak_inhibitors_licensed_for_aa_are_reimbursed() {
    assert_eq!(
        reimbursed_for_aa(),
        vec![Drug::Baricitinib, Drug::Ritlecitinib]
    );
    for drug in [Drug::Upadacitinib, Drug::Ciclosporin] {
        let e = aa_jak_eligibility(&AaJakEligibilityInput {
            drug,
            ..eligible_case()
        });
        assert_eq!(e.unmet(), &[UnmetCriterion::NotReimbursedForAa { drug }]);
    }
    assert_eq!(
        UnmetCriterion::NotReimbursedForAa {
            drug: Drug::Upadacitinib
        }
        .message(),
        "upadacitinib is not a JAK inhibitor reimbursed for AA (reimbursed: baricitinib, ritlecitinib)"
    );
}

#[test]
fn contraindication_or_adverse_event_counts_as_failure() {
    for (drug, outcome) in [
        (Drug::Ciclosporin, PriorOutcome::Contraindication),
        (Drug::Prednisolone, PriorOutcome::AdverseEvent),
        (Drug::Prednisone, PriorOutcome::InsufficientEffect),
    ] {
        let prior = PriorTreatment {
            therapy: PriorTherapy::Drug(drug),
            outcome,
        };
        assert!(prior.qualifies(), "{prior:?}");
    }
    let dupilumab_failed = failed(Drug::Dupilumab);
    assert!(!dupilumab_failed.qualifies());
    let mtx_unknown = PriorTreatment {
        therapy: PriorTherapy::Drug(Drug::Methotrexate),
        outcome: PriorOutcome::Unknown,
    };
    assert!(!mtx_unknown.qualifies());
}

#[test]
fn prior_treatment_from_a_stopped_episode() {
    let input: EpisodeInput = serde_json::from_str(
        r#"{"drug":"ciclosporin","indication":"AA","start":"2023-01-01",
            "stop":"2023-09-01","stop_reason":"primary_inefficacy"}"#,
    )
    .unwrap();
    let episode = Episode::parse(input).unwrap();
    let prior = PriorTreatment::from_episode(&episode).unwrap();
    assert_eq!(prior, failed(Drug::Ciclosporin));
    assert!(prior.qualifies());
}

#[test]
fn prior_therapy_codes_deserialise_flat() {
    let p: PriorTreatment = serde_json::from_str(
        r#"{"therapy":"topical_corticosteroid","outcome":"insufficient_effect"}"#,
    )
    .unwrap();
    assert_eq!(
        p.therapy,
        PriorTherapy::Other(OtherTherapy::TopicalCorticosteroid)
    );
    let m: PriorTreatment =
        serde_json::from_str(r#"{"therapy":"methotrexate","outcome":"adverse_event"}"#).unwrap();
    assert_eq!(m.therapy, PriorTherapy::Drug(Drug::Methotrexate));
}
