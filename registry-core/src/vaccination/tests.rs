#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::*;
use crate::catalogue::Drug;
use crate::patient::Diagnosis;
use crate::treatment::{EpisodeInput, InterruptionInput, InterruptionReason};
use chrono::Days;

fn start() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 3, 1).unwrap()
}

/// The date `days` from the start (negative: before).
fn day(days: i64) -> NaiveDate {
    let n = Days::new(days.unsigned_abs());
    if days < 0 {
        start().checked_sub_days(n).unwrap()
    } else {
        start().checked_add_days(n).unwrap()
    }
}

fn episode_with(drug: Drug, interruptions: Vec<(i64, Option<i64>)>) -> Episode {
    Episode::parse(EpisodeInput {
        drug,
        indication: Diagnosis::Aa,
        start: start(),
        stop: None,
        stop_reason: None,
        doses: vec![],
        interruptions: interruptions
            .into_iter()
            .map(|(from, to)| InterruptionInput {
                from: day(from),
                to: to.map(day),
                reason: InterruptionReason::LiveVaccine,
            })
            .collect(),
    })
    .unwrap()
}

fn baricitinib() -> Episode {
    episode_with(Drug::Baricitinib, vec![])
}

fn adult() -> BirthMonth {
    BirthMonth::new(1980, 1).unwrap()
}

fn given(kind: VaccineKind, on_day: i64) -> Vaccination {
    Vaccination {
        kind,
        date: day(on_day),
    }
}

/// The zoster vaccine well before the start, so adult cases only show the rule under test.
fn zoster_done() -> Vaccination {
    given(VaccineKind::HerpesZosterRecombinant, -60)
}

fn rules(findings: &[VaccinationFinding]) -> Vec<VaccinationRule> {
    findings.iter().map(VaccinationFinding::rule).collect()
}

fn check(episode: &Episode, vaccinations: &[Vaccination]) -> Vec<VaccinationFinding> {
    check_vaccinations(
        episode,
        adult(),
        vaccinations,
        &ImmunisationStatus::default(),
    )
}

#[test]
fn zoster_first_dose_day_minus_14_is_ok() {
    let second_during_treatment = given(VaccineKind::HerpesZosterRecombinant, 14);
    let v = [
        second_during_treatment,
        given(VaccineKind::HerpesZosterRecombinant, -14),
    ];
    assert!(check(&baricitinib(), &v).is_empty());
}

#[test]
fn zoster_first_dose_day_minus_13_is_late() {
    let v = [given(VaccineKind::HerpesZosterRecombinant, -13)];
    let f = check(&baricitinib(), &v);
    assert_eq!(rules(&f), vec![VaccinationRule::ZosterFirstDoseBeforeStart]);
    assert_eq!(f[0].severity(), Severity::Warning);
    assert_eq!(f[0].field(), "vaccinations[0].date");
    assert_eq!(
        f[0].message(),
        "first herpes zoster dose on day -13 (2025-02-16): advised at least 14 days before the start"
    );
    assert_eq!(f[0].source(), "NTvDV 2025, JAK-remmers bij alopecia areata");
}

#[test]
fn adult_without_zoster_vaccine_gets_advice() {
    let f = check(&baricitinib(), &[]);
    assert_eq!(rules(&f), vec![VaccinationRule::ZosterNotRecorded]);
    assert_eq!(f[0].severity(), Severity::Advice);
}

#[test]
fn live_vaccine_day_minus_28_is_ok() {
    let v = [zoster_done(), given(VaccineKind::YellowFever, -28)];
    assert!(check(&baricitinib(), &v).is_empty());
}

#[test]
fn live_vaccine_day_minus_27_is_a_violation() {
    let v = [zoster_done(), given(VaccineKind::Mmr, -27)];
    let f = check(&baricitinib(), &v);
    assert_eq!(rules(&f), vec![VaccinationRule::LiveCompletedBeforeStart]);
    assert_eq!(f[0].severity(), Severity::Violation);
    assert_eq!(f[0].field(), "vaccinations[1].date");
    assert_eq!(
        f[0].message(),
        "live MMR vaccine on day -27 (2025-02-02): live vaccines must be completed at least 28 \
         days before starting baricitinib"
    );
}

#[test]
fn live_vaccine_interrupted_7_days_before_and_restarted_28_after_is_ok() {
    let episode = episode_with(Drug::Baricitinib, vec![(93, Some(128))]);
    let v = [zoster_done(), given(VaccineKind::YellowFever, 100)];
    assert!(check(&episode, &v).is_empty());
}

#[test]
fn live_vaccine_interrupted_6_days_before_is_a_violation() {
    let episode = episode_with(Drug::Baricitinib, vec![(94, Some(128))]);
    let v = [zoster_done(), given(VaccineKind::YellowFever, 100)];
    let f = check(&episode, &v);
    assert_eq!(rules(&f), vec![VaccinationRule::LiveInterruptedBefore]);
    assert_eq!(
        f[0].message(),
        "baricitinib was interrupted 6 days before the live yellow fever vaccine (2025-06-09): \
         at least 7 days are needed"
    );
}

#[test]
fn live_vaccine_restarted_27_days_after_is_a_violation() {
    let episode = episode_with(Drug::Baricitinib, vec![(93, Some(127))]);
    let v = [zoster_done(), given(VaccineKind::Varicella, 100)];
    let f = check(&episode, &v);
    assert_eq!(rules(&f), vec![VaccinationRule::LiveRestartAfter]);
    assert_eq!(f[0].severity(), Severity::Violation);
}

#[test]
fn live_vaccine_in_an_open_interruption_is_ok_so_far() {
    let episode = episode_with(Drug::Baricitinib, vec![(90, None)]);
    let v = [zoster_done(), given(VaccineKind::Mmr, 100)];
    assert!(check(&episode, &v).is_empty());
}

#[test]
fn live_vaccine_while_on_the_drug_is_a_violation() {
    let episode = episode_with(Drug::Ritlecitinib, vec![(10, Some(20))]);
    let on_drug = [
        zoster_done(),
        given(VaccineKind::Bcg, 0),
        given(VaccineKind::Bcg, 20),
    ];
    let f = check(&episode, &on_drug);
    assert_eq!(
        rules(&f),
        vec![
            VaccinationRule::LiveOnlyDuringInterruption,
            VaccinationRule::LiveOnlyDuringInterruption
        ],
        "day 0 and the restart day are on the drug"
    );
}

#[test]
fn both_interruption_rules_can_fire_together() {
    let episode = episode_with(Drug::Upadacitinib, vec![(98, Some(110))]);
    let v = [zoster_done(), given(VaccineKind::OralTyphoid, 100)];
    assert_eq!(
        rules(&check(&episode, &v)),
        vec![
            VaccinationRule::LiveInterruptedBefore,
            VaccinationRule::LiveRestartAfter
        ]
    );
}

#[test]
fn non_live_vaccine_within_14_days_before_start_gets_advice() {
    let v = [
        zoster_done(),
        given(VaccineKind::HepatitisA, -14),
        given(VaccineKind::HepatitisB, -13),
        given(VaccineKind::Influenza, 30),
    ];
    let f = check(&baricitinib(), &v);
    assert_eq!(rules(&f), vec![VaccinationRule::NonLiveBeforeStart]);
    assert_eq!(f[0].field(), "vaccinations[2].date");
    assert_eq!(f[0].severity(), Severity::Advice);
}

#[test]
fn no_findings_for_a_drug_that_is_not_a_jak_inhibitor() {
    let dupilumab = episode_with(Drug::Dupilumab, vec![]);
    let v = [given(VaccineKind::Mmr, 5)];
    assert!(check(&dupilumab, &v).is_empty());
}

fn child() -> BirthMonth {
    BirthMonth::new(2012, 1).unwrap()
}

#[test]
fn child_without_programme_or_varicella_status_gets_findings() {
    let f = check_vaccinations(&baricitinib(), child(), &[], &ImmunisationStatus::default());
    assert_eq!(
        rules(&f),
        vec![
            VaccinationRule::ChildProgrammeComplete,
            VaccinationRule::ChildVaricellaStatus
        ]
    );
    assert_eq!(f[0].field(), "immunisation.national_programme_complete");
    assert!(f[0].message().contains("is not recorded as complete"));
    assert!(f.iter().all(|x| x.source() == SOURCE));
}

#[test]
fn child_with_programme_complete_and_vzv_igg_positive_has_no_findings() {
    let status = ImmunisationStatus {
        national_programme_complete: Some(true),
        varicella_history: None,
        vzv_igg: Some(Serostatus::Positive),
    };
    assert!(check_vaccinations(&baricitinib(), child(), &[], &status).is_empty());
    let history = ImmunisationStatus {
        vzv_igg: None,
        varicella_history: Some(true),
        ..status
    };
    assert!(check_vaccinations(&baricitinib(), child(), &[], &history).is_empty());
}

#[test]
fn child_programme_incomplete_and_non_immune() {
    let status = ImmunisationStatus {
        national_programme_complete: Some(false),
        varicella_history: Some(false),
        vzv_igg: Some(Serostatus::Negative),
    };
    let f = check_vaccinations(&baricitinib(), child(), &[], &status);
    assert_eq!(
        rules(&f),
        vec![
            VaccinationRule::ChildProgrammeComplete,
            VaccinationRule::ChildVaricellaNonImmune
        ]
    );
    let vaccinated = [given(VaccineKind::Varicella, -60)];
    let f = check_vaccinations(&baricitinib(), child(), &vaccinated, &status);
    assert_eq!(rules(&f), vec![VaccinationRule::ChildProgrammeComplete]);
}

#[test]
fn patient_of_18_at_start_is_not_checked_as_a_child() {
    // Born 2007-01: 18 from 2025-01-31, before the start on 2025-03-01.
    let f = check_vaccinations(
        &baricitinib(),
        BirthMonth::new(2007, 1).unwrap(),
        &[zoster_done()],
        &ImmunisationStatus::default(),
    );
    assert!(f.is_empty(), "{f:?}");
    let seventeen = check_vaccinations(
        &baricitinib(),
        BirthMonth::new(2007, 3).unwrap(),
        &[zoster_done()],
        &ImmunisationStatus::default(),
    );
    assert_eq!(seventeen.len(), 2);
}

#[test]
fn finding_becomes_an_api_warning_with_its_source() {
    let f = check(
        &baricitinib(),
        &[given(VaccineKind::Mmr, -1), zoster_done()],
    );
    let w = f[0].to_warning();
    assert_eq!(w.code, "vaccination.live_completed_before_start");
    assert_eq!(w.field, "vaccinations[0].date");
    assert!(
        w.message
            .ends_with("(NTvDV 2025, JAK-remmers bij alopecia areata)")
    );
    let json = serde_json::to_value(&f[0]).unwrap();
    assert_eq!(json["rule"], "live_completed_before_start");
    assert_eq!(json["severity"], "violation");
    assert_eq!(json["source"], SOURCE);
}
