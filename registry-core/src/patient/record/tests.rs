//! The one patient validation.

use super::*;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 6, 30).unwrap()
}

fn aa() -> PatientInput {
    PatientInput {
        local_ref: " P-1 ".into(),
        sex: "female".into(),
        birth_month: "1990-03".into(),
        diagnosis: "AA".into(),
        aa_subtype: Some("patchy".into()),
        aa_episode_start: Some("2023-01-01".into()),
        consent_research: true,
        consent_date: Some("2024-01-10".into()),
        ..Default::default()
    }
}

fn fields(input: &PatientInput) -> Vec<String> {
    PatientRecord::parse(input, today())
        .unwrap_err()
        .0
        .into_iter()
        .map(|e| e.field)
        .collect()
}

#[test]
fn a_valid_registration_parses_with_the_reference_trimmed() {
    let r = PatientRecord::parse(&aa(), today()).unwrap();
    assert_eq!(r.local_ref, "P-1");
    assert_eq!(r.aa_subtype, Some(AaSubtype::Patchy));
    assert_eq!(r.consent_date, NaiveDate::from_ymd_opt(2024, 1, 10));
}

#[test]
fn every_bad_field_is_reported_at_its_path() {
    let bad = PatientInput {
        local_ref: String::new(),
        sex: "f?".into(),
        birth_month: "1990-13".into(),
        diagnosis: "XX".into(),
        consent_research: true,
        consent_date: None,
        ..Default::default()
    };
    assert_eq!(
        fields(&bad),
        [
            "local_ref",
            "sex",
            "birth_month",
            "diagnosis",
            "consent.date"
        ]
    );
}

#[test]
fn aa_fields_on_an_ad_patient_are_refused() {
    let mut ad = aa();
    ad.diagnosis = "AD".into();
    ad.nail_involvement = Some(false);
    assert_eq!(
        fields(&ad),
        ["aa_subtype", "aa_episode_start", "nail_involvement"]
    );
}

#[test]
fn dates_keep_the_one_date_rule_and_consent_its_order() {
    let mut p = aa();
    p.consent_date = Some("1900-01-01".into());
    p.aa_episode_start = Some("2030-01-01".into());
    assert_eq!(fields(&p), ["aa_episode_start", "consent.date"]);
    let mut p = aa();
    p.consent_withdrawn_on = Some("2023-12-31".into());
    assert_eq!(fields(&p), ["consent.withdrawn_on"]);
    let mut p = aa();
    p.birth_month = "2025-07".into();
    assert_eq!(fields(&p), ["birth_month"]);
}
