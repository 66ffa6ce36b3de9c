//! The drug catalogue of CLINICAL.md §2: the systemic treatments the registry knows, their class,
//! ATC code (with legacy codes mapped to current ones) and licensed indications.

use serde::{Deserialize, Serialize};

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
