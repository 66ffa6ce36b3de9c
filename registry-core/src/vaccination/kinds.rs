//! The vaccines the registry records, live attenuated or not.

use serde::{Deserialize, Serialize};

/// A vaccine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VaccineKind {
    /// Recombinant herpes zoster vaccine (Shingrix), non-live.
    HerpesZosterRecombinant,
    /// Measles, mumps, rubella (BMR), live attenuated.
    Mmr,
    /// Varicella (Provarivax, Varilrix), live attenuated.
    Varicella,
    /// Yellow fever, live attenuated.
    YellowFever,
    /// BCG (tuberculosis), live attenuated.
    Bcg,
    /// Oral typhoid (Vivotif), live attenuated.
    OralTyphoid,
    /// Rotavirus (infants), live attenuated.
    Rotavirus,
    /// Live attenuated zoster vaccine (Zostavax), no longer advised.
    HerpesZosterLive,
    /// Another live attenuated vaccine (oral cholera Vaxchora, dengue, nasal influenza, …).
    OtherLive,
    /// Hepatitis A, non-live.
    HepatitisA,
    /// Hepatitis B, non-live.
    HepatitisB,
    /// Influenza (injected), non-live.
    Influenza,
    /// COVID-19, non-live.
    Covid19,
    /// Pneumococcal, non-live.
    Pneumococcal,
    /// Diphtheria, tetanus, pertussis, polio (DKTP), non-live.
    Dtp,
    /// Human papillomavirus, non-live.
    Hpv,
    /// Meningococcal, non-live.
    Meningococcal,
    /// Another non-live (inactivated, subunit, mRNA) vaccine.
    OtherNonLive,
}

impl VaccineKind {
    /// Every vaccine, live ones after the recombinant zoster vaccine, then the non-live ones.
    pub const ALL: [VaccineKind; 18] = [
        Self::HerpesZosterRecombinant,
        Self::Mmr,
        Self::Varicella,
        Self::YellowFever,
        Self::Bcg,
        Self::OralTyphoid,
        Self::Rotavirus,
        Self::HerpesZosterLive,
        Self::OtherLive,
        Self::HepatitisA,
        Self::HepatitisB,
        Self::Influenza,
        Self::Covid19,
        Self::Pneumococcal,
        Self::Dtp,
        Self::Hpv,
        Self::Meningococcal,
        Self::OtherNonLive,
    ];

    /// The code used in the API and the store (`mmr`, `herpes_zoster_recombinant`, …).
    pub fn code(self) -> &'static str {
        match self {
            Self::HerpesZosterRecombinant => "herpes_zoster_recombinant",
            Self::Mmr => "mmr",
            Self::Varicella => "varicella",
            Self::YellowFever => "yellow_fever",
            Self::Bcg => "bcg",
            Self::OralTyphoid => "oral_typhoid",
            Self::Rotavirus => "rotavirus",
            Self::HerpesZosterLive => "herpes_zoster_live",
            Self::OtherLive => "other_live",
            Self::HepatitisA => "hepatitis_a",
            Self::HepatitisB => "hepatitis_b",
            Self::Influenza => "influenza",
            Self::Covid19 => "covid19",
            Self::Pneumococcal => "pneumococcal",
            Self::Dtp => "dtp",
            Self::Hpv => "hpv",
            Self::Meningococcal => "meningococcal",
            Self::OtherNonLive => "other_non_live",
        }
    }

    /// Parses a code.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == s)
    }

    /// True for live attenuated vaccines: not during JAK inhibitor use, ≥ 28 days before start.
    pub fn is_live(self) -> bool {
        matches!(
            self,
            Self::Mmr
                | Self::Varicella
                | Self::YellowFever
                | Self::Bcg
                | Self::OralTyphoid
                | Self::Rotavirus
                | Self::HerpesZosterLive
                | Self::OtherLive
        )
    }

    /// The vaccine in words (`MMR`, `yellow fever`).
    pub fn name(self) -> &'static str {
        match self {
            Self::HerpesZosterRecombinant => "herpes zoster (recombinant)",
            Self::Mmr => "MMR",
            Self::Varicella => "varicella",
            Self::YellowFever => "yellow fever",
            Self::Bcg => "BCG",
            Self::OralTyphoid => "oral typhoid",
            Self::Rotavirus => "rotavirus",
            Self::HerpesZosterLive => "herpes zoster (live)",
            Self::OtherLive => "live attenuated",
            Self::HepatitisA => "hepatitis A",
            Self::HepatitisB => "hepatitis B",
            Self::Influenza => "influenza",
            Self::Covid19 => "COVID-19",
            Self::Pneumococcal => "pneumococcal",
            Self::Dtp => "DTP-polio",
            Self::Hpv => "HPV",
            Self::Meningococcal => "meningococcal",
            Self::OtherNonLive => "non-live",
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::VaccineKind;

    #[test]
    fn codes_match_serde_and_parse_back() {
        for kind in VaccineKind::ALL {
            let json = serde_json::to_string(&kind).unwrap();
            assert_eq!(json, format!("\"{}\"", kind.code()));
            assert_eq!(VaccineKind::parse(kind.code()), Some(kind));
        }
        assert_eq!(VaccineKind::parse("smallpox"), None);
    }
}
