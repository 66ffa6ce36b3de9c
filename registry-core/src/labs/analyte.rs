//! The lab tests the registry records: numeric analytes with a canonical unit, and the
//! qualitative screening tests of the JAK-inhibitor monitoring schedule (positive/negative).

use serde::{Deserialize, Serialize};

use crate::error::FieldError;

/// A laboratory test the registry knows (seed 003, Tabel 1).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Analyte {
    /// Haemoglobin (mmol/L).
    Hb,
    /// Leukocytes, white cell count (×10⁹/L).
    Leukocytes,
    /// Absolute lymphocyte count, ALC (×10⁹/L).
    Lymphocytes,
    /// Absolute neutrophil count, ANC (×10⁹/L).
    Neutrophils,
    /// Platelets, thrombocytes (×10⁹/L).
    Platelets,
    /// Alanine aminotransferase, ALAT/ALT (U/L, judged against the lab's ULN).
    Alat,
    /// Creatine kinase (U/L, judged against the lab's ULN).
    Ck,
    /// Serum creatinine (µmol/L).
    Creatinine,
    /// Total cholesterol (mmol/L).
    CholesterolTotal,
    /// HDL cholesterol (mmol/L).
    Hdl,
    /// LDL cholesterol (mmol/L).
    Ldl,
    /// Triglycerides (mmol/L).
    Triglycerides,
    /// HIV serology (qualitative).
    Hiv,
    /// Hepatitis B serology (qualitative; positive = any marker of current or past infection).
    Hbv,
    /// Hepatitis C serology (qualitative).
    Hcv,
    /// Tuberculosis screening (qualitative; IGRA and/or chest X-ray per the FMS guideline).
    TbScreening,
    /// Pregnancy exclusion (qualitative; negative = pregnancy excluded by history, or by a
    /// pregnancy test when in doubt, as the seed advises).
    PregnancyTest,
    /// Varicella-zoster virus IgG (qualitative; positive = immune).
    VzvIgg,
}

impl Analyte {
    /// Every analyte, numeric ones first.
    pub const ALL: [Analyte; 18] = [
        Self::Hb,
        Self::Leukocytes,
        Self::Lymphocytes,
        Self::Neutrophils,
        Self::Platelets,
        Self::Alat,
        Self::Ck,
        Self::Creatinine,
        Self::CholesterolTotal,
        Self::Hdl,
        Self::Ldl,
        Self::Triglycerides,
        Self::Hiv,
        Self::Hbv,
        Self::Hcv,
        Self::TbScreening,
        Self::PregnancyTest,
        Self::VzvIgg,
    ];

    /// The code used in the API, imports and releases (`hb`, `cholesterol_total`, …).
    pub fn code(self) -> &'static str {
        match self {
            Self::Hb => "hb",
            Self::Leukocytes => "leukocytes",
            Self::Lymphocytes => "lymphocytes",
            Self::Neutrophils => "neutrophils",
            Self::Platelets => "platelets",
            Self::Alat => "alat",
            Self::Ck => "ck",
            Self::Creatinine => "creatinine",
            Self::CholesterolTotal => "cholesterol_total",
            Self::Hdl => "hdl",
            Self::Ldl => "ldl",
            Self::Triglycerides => "triglycerides",
            Self::Hiv => "hiv",
            Self::Hbv => "hbv",
            Self::Hcv => "hcv",
            Self::TbScreening => "tb_screening",
            Self::PregnancyTest => "pregnancy_test",
            Self::VzvIgg => "vzv_igg",
        }
    }

    /// A name for messages (`Hb`, `ALAT`, `total cholesterol`, …).
    pub fn label(self) -> &'static str {
        match self {
            Self::Hb => "Hb",
            Self::Leukocytes => "leukocytes",
            Self::Lymphocytes => "lymphocytes (ALC)",
            Self::Neutrophils => "neutrophils (ANC)",
            Self::Platelets => "platelets",
            Self::Alat => "ALAT",
            Self::Ck => "CK",
            Self::Creatinine => "creatinine",
            Self::CholesterolTotal => "total cholesterol",
            Self::Hdl => "HDL cholesterol",
            Self::Ldl => "LDL cholesterol",
            Self::Triglycerides => "triglycerides",
            Self::Hiv => "HIV serology",
            Self::Hbv => "HBV serology",
            Self::Hcv => "HCV serology",
            Self::TbScreening => "TB screening",
            Self::PregnancyTest => "pregnancy test",
            Self::VzvIgg => "VZV IgG",
        }
    }

    /// Parses an analyte code exactly (`hb`, `tb_screening`); the error lists the known codes.
    pub fn parse(code: &str) -> Result<Self, FieldError> {
        let code = code.trim();
        Self::ALL
            .into_iter()
            .find(|a| a.code() == code)
            .ok_or_else(|| {
                let known: Vec<&str> = Self::ALL.iter().map(|a| a.code()).collect();
                FieldError::new(
                    "",
                    format!(
                        "analyte {code:?} is not known: use one of {}",
                        known.join(", ")
                    ),
                )
            })
    }

    /// True when a result of this analyte is judged with the patient's earlier results of it
    /// ([`super::flags_in_history`]): two platelet results in a row, creatinine against the
    /// baseline.
    pub fn judged_with_history(self) -> bool {
        matches!(self, Self::Platelets | Self::Creatinine)
    }

    /// True for analytes measured as a number with a unit; false for positive/negative tests.
    pub fn is_numeric(self) -> bool {
        !matches!(
            self,
            Self::Hiv
                | Self::Hbv
                | Self::Hcv
                | Self::TbScreening
                | Self::PregnancyTest
                | Self::VzvIgg
        )
    }

    /// True when the lab's upper limit of normal is needed to judge a value (ALAT, CK).
    pub fn needs_upper_limit(self) -> bool {
        matches!(self, Self::Alat | Self::Ck)
    }
}

/// The result of a qualitative test.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Qualitative {
    /// Positive (for pregnancy: pregnant; for VZV IgG: immune).
    Positive,
    /// Negative (for pregnancy: excluded).
    Negative,
}

impl Qualitative {
    /// The code (`positive`, `negative`).
    pub fn code(self) -> &'static str {
        match self {
            Self::Positive => "positive",
            Self::Negative => "negative",
        }
    }

    /// Parses `positive` or `negative` (case-insensitive).
    pub fn parse(s: &str) -> Result<Self, FieldError> {
        match s.trim().to_ascii_lowercase().as_str() {
            "positive" => Ok(Self::Positive),
            "negative" => Ok(Self::Negative),
            other => Err(FieldError::new(
                "",
                format!("result {other:?} is not allowed: use positive or negative"),
            )),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for a in Analyte::ALL {
            assert_eq!(Analyte::parse(a.code()).unwrap(), a);
            let json = serde_json::to_string(&a).unwrap();
            assert_eq!(json, format!("\"{}\"", a.code()));
        }
    }

    #[test]
    fn unknown_analyte_lists_codes() {
        let e = Analyte::parse("alt").unwrap_err();
        assert!(e.message.contains("\"alt\" is not known"));
        assert!(e.message.contains("alat, ck, creatinine"));
    }

    #[test]
    fn screening_tests_are_not_numeric() {
        assert!(Analyte::Hb.is_numeric());
        assert!(Analyte::Triglycerides.is_numeric());
        assert!(!Analyte::Hiv.is_numeric());
        assert!(!Analyte::VzvIgg.is_numeric());
        assert_eq!(
            Qualitative::parse(" Negative ").unwrap(),
            Qualitative::Negative
        );
        assert!(Qualitative::parse("equivocal").is_err());
    }
}
