//! Licensed indications of each drug (CLINICAL.md §2 table): minimum age and weight at start,
//! restrictions by severity, and the dosing notes.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use serde::Serialize;

use super::Drug;
use crate::patient::Diagnosis;
use crate::time::BirthMonth;

/// A minimum age at treatment start, counted from the last day of the birth month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MinAge {
    /// In completed years.
    Years(u32),
    /// In completed months (infants: dupilumab for AD from 6 months).
    Months(u32),
}

impl MinAge {
    /// The limit in completed months.
    pub fn in_months(self) -> u32 {
        match self {
            Self::Years(y) => y * 12,
            Self::Months(m) => m,
        }
    }

    /// True when a person born in `birth_month` has reached this age on `on`. Before the last
    /// day of the birth month the age is taken as 0 months.
    pub fn is_reached(self, birth_month: BirthMonth, on: NaiveDate) -> bool {
        birth_month.age_months(on).unwrap_or(0) >= self.in_months()
    }

    /// The limit in words (`12 years`, `6 months`).
    pub fn describe(self) -> String {
        match self {
            Self::Years(1) => "1 year".to_owned(),
            Self::Years(y) => format!("{y} years"),
            Self::Months(1) => "1 month".to_owned(),
            Self::Months(m) => format!("{m} months"),
        }
    }
}

/// One licensed indication of a drug, with the limits that apply at treatment start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Licence {
    indication: Diagnosis,
    min_age: Option<MinAge>,
    min_weight_kg: Option<Decimal>,
    severe_only_below: Option<MinAge>,
    note: Option<&'static str>,
}

impl Licence {
    const fn new(indication: Diagnosis, min_age: Option<MinAge>) -> Self {
        Self {
            indication,
            min_age,
            min_weight_kg: None,
            severe_only_below: None,
            note: None,
        }
    }

    /// The licensed indication.
    pub fn indication(&self) -> Diagnosis {
        self.indication
    }

    /// Minimum age at start; `None` when the table gives no age limit ("yes").
    pub fn min_age(&self) -> Option<MinAge> {
        self.min_age
    }

    /// Minimum body weight at start in kg (lebrikizumab: 40 kg).
    pub fn min_weight_kg(&self) -> Option<Decimal> {
        self.min_weight_kg
    }

    /// Below this age the licence covers severe disease only (dupilumab for AD: severe < 6 y).
    pub fn severe_only_below(&self) -> Option<MinAge> {
        self.severe_only_below
    }

    /// The limit as the CLINICAL.md table writes it (`severe < 6 y`), when there is one.
    pub fn note(&self) -> Option<&'static str> {
        self.note
    }
}

const AGES_12: Option<MinAge> = Some(MinAge::Years(12));

impl Drug {
    /// The licence for `indication`, or `None` when the drug is not licensed for it ("–").
    pub fn licence(self, indication: Diagnosis) -> Option<Licence> {
        use Diagnosis::{Aa, Ad};
        match (self, indication) {
            (Self::Dupilumab, Ad) => Some(Licence {
                severe_only_below: Some(MinAge::Years(6)),
                note: Some("severe < 6 y"),
                ..Licence::new(Ad, Some(MinAge::Months(6)))
            }),
            (Self::Tralokinumab | Self::Upadacitinib | Self::Abrocitinib, Ad) => {
                Some(Licence::new(Ad, AGES_12))
            }
            (Self::Lebrikizumab, Ad) => Some(Licence {
                min_weight_kg: Some(dec!(40)),
                ..Licence::new(Ad, AGES_12)
            }),
            (Self::Baricitinib, Ad) => Some(Licence::new(Ad, Some(MinAge::Years(2)))),
            (Self::Baricitinib, Aa) => Some(Licence::new(Aa, Some(MinAge::Years(18)))),
            (Self::Ritlecitinib, Aa) => Some(Licence::new(Aa, AGES_12)),
            (Self::Ciclosporin | Self::Methotrexate, _) => Some(Licence::new(indication, None)),
            (Self::Prednisone | Self::Prednisolone, Aa) => Some(Licence::new(Aa, None)),
            (
                Self::Dupilumab
                | Self::Tralokinumab
                | Self::Lebrikizumab
                | Self::Upadacitinib
                | Self::Abrocitinib
                | Self::Ritlecitinib
                | Self::Prednisone
                | Self::Prednisolone,
                _,
            ) => None,
        }
    }

    /// Every licensed indication, AA before AD.
    pub fn licences(self) -> Vec<Licence> {
        [Diagnosis::Aa, Diagnosis::Ad]
            .into_iter()
            .filter_map(|d| self.licence(d))
            .collect()
    }

    /// The dosing notes of the CLINICAL.md table, when it has any.
    pub fn dosing_notes(self) -> Option<&'static str> {
        match self {
            Self::Lebrikizumab => Some("500 mg wk 0 and 2, then 250 mg q2w"),
            Self::Abrocitinib => Some("100 or 200 mg/day; 25–40 kg: 100 mg, may go to 200"),
            Self::Baricitinib => Some("2 mg (10–<30 kg), 4 mg (≥ 30 kg)"),
            Self::Ciclosporin => Some("3–5 mg/kg/day"),
            Self::Methotrexate => Some("15 mg/week adults; 10–15 mg/m² children"),
            Self::Dupilumab
            | Self::Tralokinumab
            | Self::Upadacitinib
            | Self::Ritlecitinib
            | Self::Prednisone
            | Self::Prednisolone => None,
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn licensed(drug: Drug) -> Vec<Diagnosis> {
        drug.licences().iter().map(Licence::indication).collect()
    }

    #[test]
    fn indications_follow_the_table() {
        use Diagnosis::{Aa, Ad};
        assert_eq!(licensed(Drug::Dupilumab), vec![Ad]);
        assert_eq!(licensed(Drug::Lebrikizumab), vec![Ad]);
        assert_eq!(licensed(Drug::Baricitinib), vec![Aa, Ad]);
        assert_eq!(licensed(Drug::Ritlecitinib), vec![Aa]);
        assert_eq!(licensed(Drug::Ciclosporin), vec![Aa, Ad]);
        assert_eq!(licensed(Drug::Methotrexate), vec![Aa, Ad]);
        assert_eq!(licensed(Drug::Prednisone), vec![Aa]);
        assert_eq!(licensed(Drug::Prednisolone), vec![Aa]);
    }

    #[test]
    fn age_and_weight_limits_follow_the_table() {
        let dupi = Drug::Dupilumab.licence(Diagnosis::Ad).unwrap();
        assert_eq!(dupi.min_age(), Some(MinAge::Months(6)));
        assert_eq!(dupi.severe_only_below(), Some(MinAge::Years(6)));
        assert_eq!(dupi.note(), Some("severe < 6 y"));
        let lebri = Drug::Lebrikizumab.licence(Diagnosis::Ad).unwrap();
        assert_eq!(lebri.min_age(), Some(MinAge::Years(12)));
        assert_eq!(lebri.min_weight_kg(), Some(dec!(40)));
        let bari_aa = Drug::Baricitinib.licence(Diagnosis::Aa).unwrap();
        assert_eq!(bari_aa.min_age(), Some(MinAge::Years(18)));
        let bari_ad = Drug::Baricitinib.licence(Diagnosis::Ad).unwrap();
        assert_eq!(bari_ad.min_age(), Some(MinAge::Years(2)));
        let mtx = Drug::Methotrexate.licence(Diagnosis::Aa).unwrap();
        assert_eq!(mtx.min_age(), None);
    }

    #[test]
    fn dosing_notes_are_the_table_text() {
        assert_eq!(
            Drug::Lebrikizumab.dosing_notes(),
            Some("500 mg wk 0 and 2, then 250 mg q2w")
        );
        assert_eq!(Drug::Ciclosporin.dosing_notes(), Some("3–5 mg/kg/day"));
        assert_eq!(Drug::Upadacitinib.dosing_notes(), None);
    }

    #[test]
    fn min_age_in_months_and_words() {
        assert_eq!(MinAge::Years(12).in_months(), 144);
        assert_eq!(MinAge::Months(6).describe(), "6 months");
        let b = BirthMonth::new(2024, 1).unwrap();
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert!(!MinAge::Months(6).is_reached(b, d(2024, 7, 30)));
        assert!(MinAge::Months(6).is_reached(b, d(2024, 7, 31)));
        assert!(!MinAge::Months(6).is_reached(b, d(2024, 1, 15)));
    }
}
