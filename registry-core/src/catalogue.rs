//! The drug catalogue of CLINICAL.md §2: the systemic treatments the registry knows, their class,
//! ATC code (with legacy codes mapped to current ones) and licensed indications.
//!
//! [`Drug::licence`] gives the licensed indications with their age and weight limits,
//! [`Drug::dosing_notes`] the dosing notes of the table, and [`check_start`] turns a start below a
//! limit (or for an unlicensed indication) into a [`Warning`](crate::Warning): off-label use is
//! recorded, never refused and never silent.

use serde::{Deserialize, Serialize};

mod licence;
mod start_check;

pub use licence::{Licence, MinAge};
pub use start_check::check_start;

/// A systemic drug in the catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Drug {
    /// Dupilumab (anti-IL-4Rα).
    Dupilumab,
    /// Tralokinumab (anti-IL-13).
    Tralokinumab,
    /// Lebrikizumab (anti-IL-13).
    Lebrikizumab,
    /// Upadacitinib (JAK1).
    Upadacitinib,
    /// Abrocitinib (JAK1).
    Abrocitinib,
    /// Baricitinib (JAK1/2).
    Baricitinib,
    /// Ritlecitinib (JAK3/TEC).
    Ritlecitinib,
    /// Ciclosporin (conventional).
    Ciclosporin,
    /// Methotrexate (conventional).
    Methotrexate,
    /// Prednisone (conventional).
    Prednisone,
    /// Prednisolone (conventional).
    Prednisolone,
}

/// Pharmacological class, as reported in releases.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DrugClass {
    /// Anti-IL-4 receptor alpha antibody.
    AntiIl4ra,
    /// Anti-IL-13 antibody.
    AntiIl13,
    /// Selective JAK1 inhibitor.
    Jak1,
    /// JAK1/JAK2 inhibitor.
    Jak1Jak2,
    /// JAK3/TEC family inhibitor.
    Jak3Tec,
    /// Conventional systemic immunosuppressant.
    Conventional,
}

impl DrugClass {
    /// The code used in releases (`anti_il4ra`, `jak1`, …).
    pub fn code(self) -> &'static str {
        match self {
            Self::AntiIl4ra => "anti_il4ra",
            Self::AntiIl13 => "anti_il13",
            Self::Jak1 => "jak1",
            Self::Jak1Jak2 => "jak1_jak2",
            Self::Jak3Tec => "jak3_tec",
            Self::Conventional => "conventional",
        }
    }

    /// True for the Janus kinase inhibitors (the lab-monitoring and vaccination rules apply).
    pub fn is_jak_inhibitor(self) -> bool {
        matches!(self, Self::Jak1 | Self::Jak1Jak2 | Self::Jak3Tec)
    }

    /// Selectivity of a JAK inhibitor class (`None` for the other classes). Seed 003 advises
    /// switching "from selective to non-selective or the other way round".
    pub fn jak_selectivity(self) -> Option<JakSelectivity> {
        match self {
            Self::Jak1 | Self::Jak3Tec => Some(JakSelectivity::Selective),
            Self::Jak1Jak2 => Some(JakSelectivity::NonSelective),
            Self::AntiIl4ra | Self::AntiIl13 | Self::Conventional => None,
        }
    }
}

/// Whether a JAK inhibitor blocks one Janus kinase (selective) or several (non-selective).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum JakSelectivity {
    /// Selective: upadacitinib and abrocitinib (JAK1), ritlecitinib (JAK3/TEC).
    Selective,
    /// Non-selective ("broader"): baricitinib (JAK1/2).
    NonSelective,
}

impl Drug {
    /// Every drug in the catalogue, in catalogue order.
    pub const ALL: [Drug; 11] = [
        Drug::Dupilumab,
        Drug::Tralokinumab,
        Drug::Lebrikizumab,
        Drug::Upadacitinib,
        Drug::Abrocitinib,
        Drug::Baricitinib,
        Drug::Ritlecitinib,
        Drug::Ciclosporin,
        Drug::Methotrexate,
        Drug::Prednisone,
        Drug::Prednisolone,
    ];

    /// The code used in the API, imports and releases (`dupilumab`, …).
    pub fn code(self) -> &'static str {
        match self {
            Self::Dupilumab => "dupilumab",
            Self::Tralokinumab => "tralokinumab",
            Self::Lebrikizumab => "lebrikizumab",
            Self::Upadacitinib => "upadacitinib",
            Self::Abrocitinib => "abrocitinib",
            Self::Baricitinib => "baricitinib",
            Self::Ritlecitinib => "ritlecitinib",
            Self::Ciclosporin => "ciclosporin",
            Self::Methotrexate => "methotrexate",
            Self::Prednisone => "prednisone",
            Self::Prednisolone => "prednisolone",
        }
    }

    /// Parses a drug code (`dupilumab`), case-insensitively, or a current or legacy ATC code.
    pub fn parse(s: &str) -> Option<Self> {
        let lower = s.trim().to_ascii_lowercase();
        Self::ALL
            .into_iter()
            .find(|d| d.code() == lower)
            .or_else(|| Self::from_atc(s))
    }

    /// The pharmacological class.
    pub fn class(self) -> DrugClass {
        match self {
            Self::Dupilumab => DrugClass::AntiIl4ra,
            Self::Tralokinumab | Self::Lebrikizumab => DrugClass::AntiIl13,
            Self::Upadacitinib | Self::Abrocitinib => DrugClass::Jak1,
            Self::Baricitinib => DrugClass::Jak1Jak2,
            Self::Ritlecitinib => DrugClass::Jak3Tec,
            Self::Ciclosporin | Self::Methotrexate | Self::Prednisone | Self::Prednisolone => {
                DrugClass::Conventional
            }
        }
    }

    /// True for JAK inhibitors.
    pub fn is_jak_inhibitor(self) -> bool {
        self.class().is_jak_inhibitor()
    }

    /// Selectivity when the drug is a JAK inhibitor.
    pub fn jak_selectivity(self) -> Option<JakSelectivity> {
        self.class().jak_selectivity()
    }

    /// The current ATC code.
    pub fn atc(self) -> &'static str {
        match self {
            Self::Dupilumab => "D11AH05",
            Self::Tralokinumab => "D11AH07",
            Self::Lebrikizumab => "D11AH10",
            Self::Upadacitinib => "L04AF03",
            Self::Abrocitinib => "D11AH08",
            Self::Baricitinib => "L04AF02",
            Self::Ritlecitinib => "L04AF08",
            Self::Ciclosporin => "L04AD01",
            Self::Methotrexate => "L04AX03",
            Self::Prednisone => "H02AB07",
            Self::Prednisolone => "H02AB06",
        }
    }

    /// The drug for a current or legacy ATC code (L04AA37 → baricitinib, L04AA44 → upadacitinib).
    pub fn from_atc(code: &str) -> Option<Self> {
        let upper = code.trim().to_ascii_uppercase();
        match upper.as_str() {
            "L04AA37" => Some(Self::Baricitinib),
            "L04AA44" => Some(Self::Upadacitinib),
            other => Self::ALL.into_iter().find(|d| d.atc() == other),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn legacy_atc_l04aa37_is_baricitinib() {
        assert_eq!(Drug::from_atc("L04AA37"), Some(Drug::Baricitinib));
        assert_eq!(Drug::parse("l04aa37"), Some(Drug::Baricitinib));
    }

    #[test]
    fn legacy_atc_l04aa44_is_upadacitinib() {
        assert_eq!(Drug::from_atc("L04AA44"), Some(Drug::Upadacitinib));
        assert_eq!(Drug::Upadacitinib.atc(), "L04AF03");
    }

    #[test]
    fn every_current_atc_code_maps_back_to_its_drug() {
        for drug in Drug::ALL {
            assert_eq!(Drug::from_atc(drug.atc()), Some(drug));
            assert_eq!(Drug::parse(drug.code()), Some(drug));
        }
        assert_eq!(Drug::from_atc("L04AA99"), None);
    }

    #[test]
    fn prednisone_and_prednisolone_are_separate_drugs() {
        assert_ne!(Drug::Prednisone, Drug::Prednisolone);
        assert_eq!(Drug::from_atc("H02AB07"), Some(Drug::Prednisone));
        assert_eq!(Drug::from_atc("H02AB06"), Some(Drug::Prednisolone));
        assert_eq!(Drug::Prednisone.class(), DrugClass::Conventional);
        assert_eq!(Drug::Prednisolone.class(), DrugClass::Conventional);
    }

    #[test]
    fn baricitinib_is_the_non_selective_jak_inhibitor() {
        let non_selective: Vec<Drug> = Drug::ALL
            .into_iter()
            .filter(|d| d.jak_selectivity() == Some(JakSelectivity::NonSelective))
            .collect();
        assert_eq!(non_selective, vec![Drug::Baricitinib]);
        assert_eq!(
            Drug::Ritlecitinib.jak_selectivity(),
            Some(JakSelectivity::Selective)
        );
        assert_eq!(Drug::Dupilumab.jak_selectivity(), None);
    }

    #[test]
    fn drug_codes_serialise_in_snake_case() {
        assert_eq!(
            serde_json::to_string(&Drug::Ritlecitinib).unwrap(),
            "\"ritlecitinib\""
        );
        assert_eq!(
            serde_json::to_string(&JakSelectivity::NonSelective).unwrap(),
            "\"non_selective\""
        );
    }
}
