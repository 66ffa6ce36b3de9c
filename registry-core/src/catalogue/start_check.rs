//! Checks a treatment start against the licence: below an age or weight limit, or for an
//! indication the drug is not licensed for, the start is accepted with a warning naming the limit.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::{Drug, MinAge};
use crate::error::Warning;
use crate::patient::Diagnosis;
use crate::time::BirthMonth;

/// Warnings for starting `drug` for `indication` on `start` (CLINICAL.md §2). Empty when the start
/// is within the licence.
///
/// Ages count from the last day of the birth month (a start before that day counts as age 0).
/// A weight limit with no weight recorded gives a warning too, so a limit is never passed silently.
/// The weight limit (lebrikizumab ≥ 40 kg) is applied at every age, as the table writes it.
pub fn check_start(
    drug: Drug,
    indication: Diagnosis,
    birth_month: BirthMonth,
    start: NaiveDate,
    weight_kg: Option<Decimal>,
) -> Vec<Warning> {
    let Some(licence) = drug.licence(indication) else {
        return vec![Warning::new(
            "catalogue.not_licensed_for_indication",
            "indication",
            format!(
                "{} is not licensed for {}: off-label start",
                drug.code(),
                indication.code()
            ),
        )];
    };
    let mut warnings = Vec::new();
    let age = describe_age(birth_month, start);
    if let Some(min) = licence
        .min_age()
        .filter(|m| !m.is_reached(birth_month, start))
    {
        warnings.push(Warning::new(
            "catalogue.below_min_age",
            "start_date",
            format!(
                "{} is licensed for {} from {}; the patient is {age} at start",
                drug.code(),
                indication.code(),
                min.describe()
            ),
        ));
    }
    if let Some(severe_below) = licence.severe_only_below() {
        let min_reached = licence
            .min_age()
            .is_none_or(|m| m.is_reached(birth_month, start));
        if min_reached && !severe_below.is_reached(birth_month, start) {
            warnings.push(Warning::new(
                "catalogue.severe_only_below_age",
                "start_date",
                format!(
                    "{} is licensed for {} below {} for severe disease only; the patient is {age} at start",
                    drug.code(),
                    indication.code(),
                    severe_below.describe()
                ),
            ));
        }
    }
    if let Some(min_kg) = licence.min_weight_kg() {
        match weight_kg {
            None => warnings.push(Warning::new(
                "catalogue.weight_unknown",
                "weight_kg",
                format!(
                    "{} is licensed for {} from {min_kg} kg; no weight was recorded at start",
                    drug.code(),
                    indication.code()
                ),
            )),
            Some(kg) if kg < min_kg => warnings.push(Warning::new(
                "catalogue.below_min_weight",
                "weight_kg",
                format!(
                    "{} is licensed for {} from {min_kg} kg; the patient weighs {kg} kg at start",
                    drug.code(),
                    indication.code()
                ),
            )),
            Some(_) => {}
        }
    }
    warnings
}

/// Age in words: completed years, or completed months below 2 years.
fn describe_age(birth_month: BirthMonth, on: NaiveDate) -> String {
    let months = birth_month.age_months(on).unwrap_or(0);
    if months < 24 {
        MinAge::Months(months).describe()
    } else {
        MinAge::Years(months / 12).describe()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn codes(warnings: &[Warning]) -> Vec<&str> {
        warnings.iter().map(|w| w.code.as_str()).collect()
    }

    #[test]
    fn upadacitinib_at_11_y_364_d_warns() {
        // Born 2013-03: ages count from 2013-03-31; 11th anniversary 2024-03-31.
        let birth = BirthMonth::new(2013, 3).unwrap();
        let start = d(2025, 3, 30);
        assert_eq!((start - d(2024, 3, 31)).num_days(), 364);
        assert_eq!(birth.age_years(start), Some(11));
        let w = check_start(Drug::Upadacitinib, Diagnosis::Ad, birth, start, None);
        assert_eq!(codes(&w), vec!["catalogue.below_min_age"]);
        assert_eq!(w[0].field, "start_date");
        assert_eq!(
            w[0].message,
            "upadacitinib is licensed for AD from 12 years; the patient is 11 years at start"
        );
        let next_day = check_start(
            Drug::Upadacitinib,
            Diagnosis::Ad,
            birth,
            d(2025, 3, 31),
            None,
        );
        assert!(next_day.is_empty(), "{next_day:?}");
    }

    #[test]
    fn lebrikizumab_at_13_y_39_5_kg_warns() {
        let birth = BirthMonth::new(2011, 6).unwrap();
        let start = d(2025, 1, 15);
        assert_eq!(birth.age_years(start), Some(13));
        let w = check_start(
            Drug::Lebrikizumab,
            Diagnosis::Ad,
            birth,
            start,
            Some(dec!(39.5)),
        );
        assert_eq!(codes(&w), vec!["catalogue.below_min_weight"]);
        assert_eq!(w[0].field, "weight_kg");
        assert_eq!(
            w[0].message,
            "lebrikizumab is licensed for AD from 40 kg; the patient weighs 39.5 kg at start"
        );
        let at_40 = check_start(
            Drug::Lebrikizumab,
            Diagnosis::Ad,
            birth,
            start,
            Some(dec!(40)),
        );
        assert!(at_40.is_empty());
        let unknown = check_start(Drug::Lebrikizumab, Diagnosis::Ad, birth, start, None);
        assert_eq!(codes(&unknown), vec!["catalogue.weight_unknown"]);
    }

    #[test]
    fn baricitinib_for_aa_at_17_y_warns() {
        let birth = BirthMonth::new(2007, 5).unwrap();
        let start = d(2025, 2, 1);
        assert_eq!(birth.age_years(start), Some(17));
        let w = check_start(Drug::Baricitinib, Diagnosis::Aa, birth, start, None);
        assert_eq!(codes(&w), vec!["catalogue.below_min_age"]);
        assert!(w[0].message.contains("from 18 years"), "{}", w[0].message);
    }

    #[test]
    fn baricitinib_for_ad_at_17_y_has_no_warning() {
        let birth = BirthMonth::new(2007, 5).unwrap();
        let w = check_start(Drug::Baricitinib, Diagnosis::Ad, birth, d(2025, 2, 1), None);
        assert!(w.is_empty(), "{w:?}");
    }

    #[test]
    fn unlicensed_indication_warns() {
        let birth = BirthMonth::new(1980, 1).unwrap();
        let w = check_start(
            Drug::Upadacitinib,
            Diagnosis::Aa,
            birth,
            d(2025, 2, 1),
            None,
        );
        assert_eq!(codes(&w), vec!["catalogue.not_licensed_for_indication"]);
        assert_eq!(
            w[0].message,
            "upadacitinib is not licensed for AA: off-label start"
        );
        let pred = check_start(
            Drug::Prednisolone,
            Diagnosis::Ad,
            birth,
            d(2025, 2, 1),
            None,
        );
        assert_eq!(codes(&pred), vec!["catalogue.not_licensed_for_indication"]);
    }

    #[test]
    fn dupilumab_limits_in_months_and_severe_below_6_years() {
        let birth = BirthMonth::new(2024, 1).unwrap();
        let at_5_months = check_start(Drug::Dupilumab, Diagnosis::Ad, birth, d(2024, 7, 30), None);
        assert_eq!(codes(&at_5_months), vec!["catalogue.below_min_age"]);
        assert!(
            at_5_months[0]
                .message
                .contains("from 6 months; the patient is 5 months")
        );
        let at_6_months = check_start(Drug::Dupilumab, Diagnosis::Ad, birth, d(2024, 7, 31), None);
        assert_eq!(codes(&at_6_months), vec!["catalogue.severe_only_below_age"]);
        let at_6_years = check_start(Drug::Dupilumab, Diagnosis::Ad, birth, d(2030, 1, 31), None);
        assert!(at_6_years.is_empty());
    }
}
