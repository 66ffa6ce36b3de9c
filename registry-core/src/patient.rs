//! Patient-level categories shared by every part of the registry.

use serde::{Deserialize, Serialize};

mod record;

pub use record::{LOCAL_REF_MAX_CHARS, PatientInput, PatientRecord};

/// The disease a patient is registered for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Diagnosis {
    /// Alopecia areata (STA2R-style registry).
    #[serde(rename = "AA")]
    Aa,
    /// Atopic dermatitis / constitutional eczema (BioDay-style registry).
    #[serde(rename = "AD")]
    Ad,
}

impl Diagnosis {
    /// The code used in the API, imports and releases (`AA`, `AD`).
    pub fn code(self) -> &'static str {
        match self {
            Self::Aa => "AA",
            Self::Ad => "AD",
        }
    }

    /// Parses `AA` or `AD`.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "AA" => Some(Self::Aa),
            "AD" => Some(Self::Ad),
            _ => None,
        }
    }
}

/// Sex as recorded for the registry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sex {
    /// Female.
    Female,
    /// Male.
    Male,
    /// Other or not disclosed.
    Other,
}

impl Sex {
    /// The code used in the API (`female`, `male`, `other`).
    pub fn code(self) -> &'static str {
        match self {
            Self::Female => "female",
            Self::Male => "male",
            Self::Other => "other",
        }
    }

    /// Parses the code (`female`, `male`, `other`), also `F`/`M`/`X`.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "female" | "F" | "f" => Some(Self::Female),
            "male" | "M" | "m" => Some(Self::Male),
            "other" | "X" | "x" => Some(Self::Other),
            _ => None,
        }
    }
}

/// Clinical subtype of alopecia areata.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AaSubtype {
    /// Patchy alopecia areata.
    Patchy,
    /// Ophiasis pattern.
    Ophiasis,
    /// Alopecia totalis (whole scalp).
    Totalis,
    /// Alopecia universalis (scalp and body).
    Universalis,
}

impl AaSubtype {
    /// The code used in the API (`patchy`, `ophiasis`, `totalis`, `universalis`).
    pub fn code(self) -> &'static str {
        match self {
            Self::Patchy => "patchy",
            Self::Ophiasis => "ophiasis",
            Self::Totalis => "totalis",
            Self::Universalis => "universalis",
        }
    }

    /// Parses the code.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "patchy" => Some(Self::Patchy),
            "ophiasis" => Some(Self::Ophiasis),
            "totalis" => Some(Self::Totalis),
            "universalis" => Some(Self::Universalis),
            _ => None,
        }
    }
}
