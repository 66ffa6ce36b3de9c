//! The safety rules for patients on a JAK inhibitor (seed 003, Tabel 1): what fires a flag, the
//! action the seed advises (in English, with the Dutch source wording), and the flag itself.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use serde::{Deserialize, Serialize};

use super::{Analyte, LabUnit};

/// Where every rule comes from.
pub const SOURCE: &str = "NTvDV 2025, Tabel 1";

/// Fallback lipid limits (mmol/L) used when the lab gives no reference limit *(project
/// convention; the seed only says "abnormal")*: total cholesterol > 6.5, LDL > 4.1 (NCEP ATP III
/// "high", 160 mg/dL), triglycerides > 2.0 (EAS non-fasting cut-off, 175 mg/dL) and HDL < 1.0
/// (NCEP ATP III "low", 40 mg/dL). The lab's ULN (HDL: its LLN) takes precedence when given.
pub fn default_lipid_limit(analyte: Analyte) -> Option<Decimal> {
    match analyte {
        Analyte::CholesterolTotal => Some(dec!(6.5)),
        Analyte::Ldl => Some(dec!(4.1)),
        Analyte::Triglycerides => Some(dec!(2.0)),
        Analyte::Hdl => Some(dec!(1.0)),
        _ => None,
    }
}

/// A lab-safety rule. Serialised as its stable code (`lab.hb_low`).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum LabRule {
    /// Hb < 5.0 mmol/L.
    #[serde(rename = "lab.hb_low")]
    HbLow,
    /// Absolute lymphocyte count < 0.5 ×10⁹/L.
    #[serde(rename = "lab.lymphocytes_low")]
    LymphocytesLow,
    /// Absolute neutrophil count < 1.0 ×10⁹/L.
    #[serde(rename = "lab.neutrophils_low")]
    NeutrophilsLow,
    /// Leukocytes < 3.0 ×10⁹/L.
    #[serde(rename = "lab.leukocytes_low")]
    LeukocytesLow,
    /// Platelets < 50 ×10⁹/L.
    #[serde(rename = "lab.platelets_low")]
    PlateletsLow,
    /// Two consecutive platelet results in 50–100 ×10⁹/L (inclusive).
    #[serde(rename = "lab.platelets_50_100_twice")]
    PlateletsLowTwice,
    /// ALAT ≥ 3 × ULN.
    #[serde(rename = "lab.alat_high")]
    AlatHigh,
    /// Creatinine > 130 % of the patient's baseline.
    #[serde(rename = "lab.creatinine_rise")]
    CreatinineRise,
    /// CK > 5 × ULN.
    #[serde(rename = "lab.ck_high")]
    CkHigh,
    /// A lipid above the lab's ULN (HDL below its LLN), or the project default.
    #[serde(rename = "lab.lipids_abnormal")]
    LipidsAbnormal,
}

const INTERRUPT_NL: &str = "→ de behandeling moet worden onderbroken en mag worden hervat als het \
                            boven deze waarde is teruggekeerd.";
const INTERRUPT_EN: &str = "Interrupt treatment; resume once the value is back above this limit.";

impl LabRule {
    /// Every rule.
    pub const ALL: [LabRule; 10] = [
        Self::HbLow,
        Self::LymphocytesLow,
        Self::NeutrophilsLow,
        Self::LeukocytesLow,
        Self::PlateletsLow,
        Self::PlateletsLowTwice,
        Self::AlatHigh,
        Self::CreatinineRise,
        Self::CkHigh,
        Self::LipidsAbnormal,
    ];

    /// The stable code (`lab.hb_low`).
    pub fn code(self) -> &'static str {
        match self {
            Self::HbLow => "lab.hb_low",
            Self::LymphocytesLow => "lab.lymphocytes_low",
            Self::NeutrophilsLow => "lab.neutrophils_low",
            Self::LeukocytesLow => "lab.leukocytes_low",
            Self::PlateletsLow => "lab.platelets_low",
            Self::PlateletsLowTwice => "lab.platelets_50_100_twice",
            Self::AlatHigh => "lab.alat_high",
            Self::CreatinineRise => "lab.creatinine_rise",
            Self::CkHigh => "lab.ck_high",
            Self::LipidsAbnormal => "lab.lipids_abnormal",
        }
    }

    /// When the rule fires, in words.
    pub fn criterion(self) -> &'static str {
        match self {
            Self::HbLow => "Hb < 5.0 mmol/L",
            Self::LymphocytesLow => "lymphocytes (ALC) < 0.5 ×10⁹/L",
            Self::NeutrophilsLow => "neutrophils (ANC) < 1.0 ×10⁹/L",
            Self::LeukocytesLow => "leukocytes < 3.0 ×10⁹/L",
            Self::PlateletsLow => "platelets < 50 ×10⁹/L",
            Self::PlateletsLowTwice => "two consecutive platelet results in 50–100 ×10⁹/L",
            Self::AlatHigh => "ALAT ≥ 3 × the lab's upper limit of normal",
            Self::CreatinineRise => "creatinine > 130 % of the patient's baseline",
            Self::CkHigh => "CK > 5 × the lab's upper limit of normal",
            Self::LipidsAbnormal => "cholesterol, LDL or triglycerides above, or HDL below, normal",
        }
    }

    /// The action the seed advises, in English.
    pub fn action(self) -> &'static str {
        match self {
            Self::HbLow | Self::LymphocytesLow | Self::NeutrophilsLow | Self::LeukocytesLow => {
                INTERRUPT_EN
            }
            Self::PlateletsLow => {
                "Interrupt treatment; resume once the value is back above this limit; aim for \
                 > 100 ×10⁹/L."
            }
            Self::PlateletsLowTwice => "Consider interrupting treatment as well.",
            Self::AlatHigh => "Consult or refer to a gastroenterologist/hepatologist (MDL-arts).",
            Self::CreatinineRise => "Monitor more often and consider adjusting the dose.",
            Self::CkHigh => {
                "Take a (sports) history and recheck within a week; if it persists, consult a \
                 rheumatologist. Raised CK rarely requires stopping the medication."
            }
            Self::LipidsAbnormal => "Where applicable, refer to the general practitioner.",
        }
    }

    /// The seed's wording (Dutch), as printed under Tabel 1.
    pub fn source_text(self) -> String {
        match self {
            Self::HbLow => format!("Hemoglobine <5 mmol/L {INTERRUPT_NL}"),
            Self::LymphocytesLow => {
                format!("Absoluut lymfocyten aantal <0,5 x 10⁹/L {INTERRUPT_NL}")
            }
            Self::NeutrophilsLow => {
                format!("Absoluut neutrofielen aantal <1 x 10⁹/L {INTERRUPT_NL}")
            }
            Self::LeukocytesLow => format!("Leukocyten <3,0 x 10⁹/L. {INTERRUPT_NL}"),
            Self::PlateletsLow => format!(
                "Trombocyten <50 x 10⁹/L. {}, streef naar >100 x 10⁹/L.",
                INTERRUPT_NL.trim_end_matches('.')
            ),
            Self::PlateletsLowTwice => {
                "Bij 2x trombocyten tussen de 50-100 x 10⁹/L: overweeg ook te onderbreken.".into()
            }
            Self::AlatHigh => {
                "ALAT ≥3 x de bovengrens van normaalwaarde → overleg/verwijzen MDL-arts.".into()
            }
            Self::CreatinineRise => "Serum kreatinine >130% boven de uitgangswaarde van de \
                                     patiënt → intensivering frequentie van controles en evt. \
                                     aanpassing van de dosering."
                .into(),
            Self::CkHigh => "CK >5 x bovengrens van normaalwaarde → (sport)anamnese uitvragen, \
                             opnieuw controle binnen een week, indien persisterend overleg met \
                             reumatoloog."
                .into(),
            Self::LipidsAbnormal => "Cholesterol en triglyceriden → indien van toepassing verwijs \
                                     naar de huisarts bij afwijkingen."
                .into(),
        }
    }
}

/// A rule that fired on one lab result.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LabFlag {
    /// The rule that fired (its stable code).
    pub rule: LabRule,
    /// The analyte of the result.
    pub analyte: Analyte,
    /// The sample date of the result.
    pub date: NaiveDate,
    /// The value in the canonical unit.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub value: Decimal,
    /// The canonical unit.
    pub unit: LabUnit,
    /// The cut-off the value was compared with, in the canonical unit (5.0; 3 × ULN; 130 % of
    /// baseline; 100 for the platelet range).
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub limit: Decimal,
    /// The threshold as applied to this result, in words (`≥ 3 × ULN 45 U/L = 135 U/L`).
    pub threshold: String,
    /// What to do, in English.
    pub action: String,
    /// The seed's wording (Dutch).
    pub source_text: String,
    /// The source of the rule ([`SOURCE`]).
    pub source: String,
}
