#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::*;
use proptest::prelude::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn ep(drug: Drug, start: NaiveDate) -> EpisodeStart {
    EpisodeStart { drug, start }
}

#[test]
fn restart_of_the_same_drug_is_episode_2_and_a_re_treatment() {
    let history = [
        ep(Drug::Baricitinib, d(2023, 1, 10)),
        ep(Drug::Methotrexate, d(2021, 5, 1)),
        ep(Drug::Baricitinib, d(2024, 6, 1)),
    ];
    let seq = number_episodes(&history);
    assert_eq!(
        seq[1],
        EpisodeSequence {
            episode_number: 1,
            previous_drug: None,
            transition: Transition::First
        }
    );
    assert_eq!(seq[0].episode_number, 1);
    assert_eq!(seq[0].previous_drug, Some(Drug::Methotrexate));
    assert_eq!(seq[0].transition, Transition::SwitchBetweenClasses);
    assert_eq!(seq[2].episode_number, 2);
    assert_eq!(seq[2].previous_drug, Some(Drug::Baricitinib));
    assert_eq!(seq[2].transition, Transition::ReTreatment);
    assert!(seq[2].is_retreatment());
}

#[test]
fn re_treatment_after_another_drug_is_numbered_but_classed_as_a_switch() {
    let history = [
        ep(Drug::Baricitinib, d(2022, 1, 1)),
        ep(Drug::Ritlecitinib, d(2023, 1, 1)),
        ep(Drug::Baricitinib, d(2024, 1, 1)),
    ];
    let seq = number_episodes(&history);
    assert_eq!(
        seq.iter().map(|s| s.episode_number).collect::<Vec<_>>(),
        vec![1, 1, 2]
    );
    assert_eq!(
        seq[1].transition,
        Transition::SwitchWithinJak {
            selectivity: SelectivityChange::NonSelectiveToSelective
        }
    );
    assert_eq!(
        seq[2].transition,
        Transition::SwitchWithinJak {
            selectivity: SelectivityChange::SelectiveToNonSelective
        }
    );
    assert!(seq[2].is_retreatment());
}

#[test]
fn switch_between_selective_jak1_inhibitors_keeps_selectivity() {
    assert_eq!(
        classify_transition(Some(Drug::Upadacitinib), Drug::Abrocitinib),
        Transition::SwitchWithinJak {
            selectivity: SelectivityChange::Unchanged
        }
    );
}

#[test]
fn switches_within_and_between_classes() {
    assert_eq!(
        classify_transition(Some(Drug::Tralokinumab), Drug::Lebrikizumab),
        Transition::SwitchWithinClass
    );
    assert_eq!(
        classify_transition(Some(Drug::Ciclosporin), Drug::Methotrexate),
        Transition::SwitchWithinClass
    );
    assert_eq!(
        classify_transition(Some(Drug::Dupilumab), Drug::Upadacitinib),
        Transition::SwitchBetweenClasses
    );
    assert_eq!(
        classify_transition(Some(Drug::Baricitinib), Drug::Prednisolone),
        Transition::SwitchBetweenClasses
    );
    assert_eq!(
        classify_transition(None, Drug::Dupilumab),
        Transition::First
    );
}

#[test]
fn drugs_started_on_the_same_day_are_not_each_others_previous() {
    let history = [
        ep(Drug::Dupilumab, d(2020, 1, 1)),
        ep(Drug::Methotrexate, d(2022, 3, 1)),
        ep(Drug::Prednisone, d(2022, 3, 1)),
        ep(Drug::Upadacitinib, d(2023, 3, 1)),
    ];
    let seq = number_episodes(&history);
    assert_eq!(seq[1].previous_drug, Some(Drug::Dupilumab));
    assert_eq!(seq[2].previous_drug, Some(Drug::Dupilumab));
    assert_eq!(
        seq[3].previous_drug,
        Some(Drug::Prednisone),
        "last in catalogue order of the same day"
    );
}

#[test]
fn transition_serialises_with_a_kind_tag() {
    let t = Transition::SwitchWithinJak {
        selectivity: SelectivityChange::SelectiveToNonSelective,
    };
    assert_eq!(
        serde_json::to_string(&t).unwrap(),
        r#"{"kind":"switch_within_jak","selectivity":"selective_to_non_selective"}"#
    );
    assert_eq!(
        serde_json::to_string(&Transition::ReTreatment).unwrap(),
        r#"{"kind":"re_treatment"}"#
    );
}

fn history() -> impl Strategy<Value = Vec<EpisodeStart>> {
    let one = (0..Drug::ALL.len(), 0i64..60).prop_map(|(k, month)| EpisodeStart {
        drug: Drug::ALL[k],
        // Few distinct dates, so same-day starts and same-drug ties occur often.
        start: d(2020, 1, 1) + chrono::Days::new(u64::try_from(month * 30).unwrap()),
    });
    prop::collection::vec(one, 0..12)
}

proptest! {
    #[test]
    fn numbering_is_invariant_under_input_order(
        (original, shuffled) in history().prop_flat_map(|h| (Just(h.clone()), Just(h).prop_shuffle()))
    ) {
        let mut a: Vec<_> = original.iter().copied().zip(number_episodes(&original)).collect();
        let mut b: Vec<_> = shuffled.iter().copied().zip(number_episodes(&shuffled)).collect();
        let key = |(e, s): &(EpisodeStart, EpisodeSequence)| (*e, s.episode_number);
        a.sort_by_key(key);
        b.sort_by_key(key);
        prop_assert_eq!(a, b);
    }

    #[test]
    fn numbers_per_drug_run_from_1_without_gaps(h in history()) {
        let seq = number_episodes(&h);
        for drug in Drug::ALL {
            let mut numbers: Vec<u32> = h.iter().zip(&seq)
                .filter(|(e, _)| e.drug == drug)
                .map(|(_, s)| s.episode_number)
                .collect();
            numbers.sort_unstable();
            let expected: Vec<u32> = (1..=u32::try_from(numbers.len()).unwrap()).collect();
            prop_assert_eq!(numbers, expected);
        }
    }
}
