use std::collections::BTreeSet;

use crate::adverse_event::AesiCategory::{self, *};
use crate::adverse_event::{AdverseEvent, AdverseEventInput, classify_term};

fn cats(term: &str) -> Vec<AesiCategory> {
    classify_term(term, false).into_iter().collect()
}

fn serious(term: &str) -> Vec<AesiCategory> {
    classify_term(term, true).into_iter().collect()
}

#[test]
fn herpes_zoster_terms() {
    for term in [
        "herpes zoster",
        "Gordelroos",
        "shingles",
        "Herpes zoster ophthalmicus",
        "VZV-reactivatie: zoster",
    ] {
        assert_eq!(cats(term), vec![HerpesZoster], "{term}");
    }
}

#[test]
fn herpes_simplex_terms_include_eczema_herpeticum() {
    for term in [
        "herpes simplex",
        "eczema herpeticum",
        "Koortslip",
        "herpes labialis",
        "HSV-1 infectie",
        "herpes",
    ] {
        assert_eq!(cats(term), vec![HerpesSimplex], "{term}");
    }
}

#[test]
fn generic_herpes_inside_herpes_zoster_is_not_simplex() {
    assert_eq!(cats("herpes zoster"), vec![HerpesZoster]);
    assert_eq!(
        cats("herpes zoster en herpes labialis"),
        vec![HerpesZoster, HerpesSimplex]
    );
}

#[test]
fn conjunctivitis_and_acne_terms() {
    for term in [
        "conjunctivitis",
        "allergische conjunctivitis",
        "keratoconjunctivitis",
        "bindvliesontsteking",
    ] {
        assert_eq!(cats(term), vec![Conjunctivitis], "{term}");
    }
    for term in ["acne", "Acne vulgaris", "acneiforme eruptie"] {
        assert_eq!(cats(term), vec![Acne], "{term}");
    }
}

#[test]
fn vte_terms() {
    for term in [
        "DVT",
        "diepe veneuze trombose",
        "pulmonary embolism",
        "Longembolie",
        "bilaterale longembolieën",
        "veneuze trombo-embolie",
    ] {
        assert_eq!(cats(term), vec![Vte], "{term}");
    }
}

#[test]
fn mace_terms() {
    for term in [
        "myocardial infarction",
        "acuut hartinfarct",
        "stroke",
        "ischaemic stroke",
        "CVA",
        "beroerte",
        "herseninfarct",
    ] {
        assert_eq!(cats(term), vec![Mace], "{term}");
    }
}

#[test]
fn nmsc_terms() {
    for term in [
        "basal cell carcinoma",
        "Basaalcelcarcinoom neus",
        "squamous cell carcinoma of the skin",
        "plaveiselcelcarcinoom",
        "non-melanoma skin cancer",
        "witte huidkanker",
        "BCC",
    ] {
        assert_eq!(cats(term), vec![Nmsc], "{term}");
    }
}

#[test]
fn malignancy_terms_exclude_nmsc() {
    for term in [
        "melanoma",
        "melanoom",
        "lymphoma",
        "non-Hodgkin lymfoom",
        "breast cancer",
        "mammacarcinoom",
        "coloncarcinoom",
        "prostaatkanker",
        "huidkanker",
        "oogmelanoom",
    ] {
        assert_eq!(cats(term), vec![MalignancyExclNmsc], "{term}");
    }
}

#[test]
fn squamous_cell_carcinoma_outside_skin_is_not_nmsc() {
    assert_eq!(
        cats("squamous cell carcinoma of the lung"),
        vec![MalignancyExclNmsc]
    );
    assert_eq!(cats("plaveiselcelcarcinoom long"), vec![MalignancyExclNmsc]);
    assert_eq!(
        cats("squamous cell carcinoma, longstanding lesion"),
        vec![Nmsc]
    );
}

#[test]
fn generic_cancer_next_to_nmsc_still_counts() {
    assert_eq!(
        cats("lung cancer and basal cell carcinoma"),
        vec![MalignancyExclNmsc, Nmsc]
    );
}

#[test]
fn serious_infection_is_infection_term_on_serious_event() {
    assert_eq!(cats("pneumonie"), Vec::<AesiCategory>::new());
    assert_eq!(serious("pneumonie"), vec![SeriousOrOpportunisticInfection]);
    assert_eq!(
        serious("cellulitis onderbeen"),
        vec![SeriousOrOpportunisticInfection]
    );
    assert_eq!(
        serious("urineweginfectie"),
        vec![SeriousOrOpportunisticInfection]
    );
    assert_eq!(
        serious("urinary tract infection"),
        vec![SeriousOrOpportunisticInfection]
    );
    assert_eq!(
        serious("herpes zoster"),
        vec![HerpesZoster, SeriousOrOpportunisticInfection]
    );
    assert_eq!(
        serious("eczema herpeticum"),
        vec![HerpesSimplex, SeriousOrOpportunisticInfection]
    );
}

#[test]
fn serious_non_infection_is_not_an_infection() {
    assert_eq!(serious("longembolie"), vec![Vte]);
    assert_eq!(serious("acne"), vec![Acne]);
}

#[test]
fn opportunistic_infection_counts_when_not_serious() {
    assert_eq!(
        cats("latente tuberculose"),
        vec![SeriousOrOpportunisticInfection]
    );
    assert_eq!(
        cats("Pneumocystis jirovecii pneumonie"),
        vec![SeriousOrOpportunisticInfection]
    );
    assert_eq!(
        cats("disseminated herpes zoster"),
        vec![HerpesZoster, SeriousOrOpportunisticInfection]
    );
}

#[test]
fn terms_without_special_interest() {
    for term in [
        "hoofdpijn",
        "nausea",
        "verhoogd CK",
        "heatstroke",
        "acute otitis",
    ] {
        assert_eq!(cats(term), Vec::<AesiCategory>::new(), "{term}");
    }
}

#[test]
fn accents_case_and_punctuation_do_not_matter() {
    assert_eq!(cats("LONGEMBOLIË"), vec![Vte]);
    assert_eq!(cats("herpes-zoster"), vec![HerpesZoster]);
}

#[test]
fn meddra_term_is_classified_too() {
    let event = AdverseEvent::parse(&AdverseEventInput {
        verbatim_term: Some("blaasjes rechterflank".into()),
        meddra_term: Some("Herpes zoster".into()),
        onset_date: Some("2025-01-10".into()),
        ctcae_grade: Some(2),
        causality: Some("possible".into()),
        action: Some("interrupted".into()),
        outcome: Some("recovering".into()),
        ..Default::default()
    })
    .unwrap();
    assert_eq!(event.aesi_categories(), BTreeSet::from([HerpesZoster]));
}

#[test]
fn center_categories_replace_derived_ones_with_a_warning() {
    let event = AdverseEvent::parse(&AdverseEventInput {
        verbatim_term: Some("plaveiselcelcarcinoom".into()),
        onset_date: Some("2025-01-10".into()),
        ctcae_grade: Some(2),
        causality: Some("unlikely".into()),
        action: Some("none".into()),
        outcome: Some("unknown".into()),
        aesi_categories: Some(vec!["malignancy_excl_nmsc".into()]),
        ..Default::default()
    })
    .unwrap();
    assert_eq!(
        event.aesi_categories(),
        BTreeSet::from([MalignancyExclNmsc])
    );
    assert_eq!(event.derived_aesi_categories(), BTreeSet::from([Nmsc]));
    let warnings = event.warnings();
    assert_eq!(warnings.len(), 1);
    assert_eq!(
        warnings[0].message,
        "the categories given (malignancy_excl_nmsc) differ from those the terms suggest (nmsc)"
    );
}
