//! What the rules compute from one visit, stored beside it (with the rules version) and
//! returned by the API: totals, bands and categories. Responses against baseline depend on other
//! visits and are computed when read (see [`crate::responses::VisitResponses`]).

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

use super::ParsedVisit;
use crate::instruments::easi::EasiSeverity;
use crate::instruments::pro::{ItemKind, ItemScore};
use crate::instruments::salt::AaIga;

/// The computed part of a visit.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VisitComputed {
    /// Age in completed years on the visit date (the EASI multipliers and questionnaire depend on it).
    pub age_years: u32,
    /// SALT results.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub salt: Option<SaltComputed>,
    /// EASI results.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub easi: Option<EasiComputed>,
    /// PP-NRS at the itch target (≤ 4).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pp_nrs_le_4: Option<bool>,
    /// vIGA-AD name (`clear` … `severe`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub viga: Option<String>,
    /// POEM.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub poem: Option<QuestionnaireComputed>,
    /// DLQI.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dlqi: Option<QuestionnaireComputed>,
    /// CDLQI.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cdlqi: Option<QuestionnaireComputed>,
    /// IDQOL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub idqol: Option<QuestionnaireComputed>,
}

/// SALT total, display value, AA-IGA category and the severe flag (SALT ≥ 50).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SaltComputed {
    /// Exact total.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub total: Decimal,
    /// One decimal, half up.
    pub display: String,
    /// AA-IGA category.
    pub aa_iga: AaIga,
    /// AA-IGA grade 0–4.
    pub aa_iga_grade: u8,
    /// Severe AA (Dutch guideline): SALT ≥ 50.
    pub severe: bool,
    /// SALT ≤ 20.
    pub le_20: bool,
    /// SALT ≤ 10.
    pub le_10: bool,
}

/// EASI total, display value, severity band and the BioDay target (≤ 7).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EasiComputed {
    /// Exact total (a multiple of 0.05).
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub total: Decimal,
    /// One decimal, half up.
    pub display: String,
    /// Severity band.
    pub severity: EasiSeverity,
    /// EASI ≤ 7.
    pub meets_target: bool,
    /// Whether the total was computed from the regions (`false`: entered as a total only).
    pub from_components: bool,
}

/// A questionnaire's total (`None` when two or more items are missing) and band.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuestionnaireComputed {
    /// Total, `None` when not scored.
    pub total: Option<u8>,
    /// Severity band (POEM).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub band: Option<String>,
}

fn one_decimal(v: Decimal) -> String {
    let mut shown = v.round_dp_with_strategy(1, RoundingStrategy::MidpointAwayFromZero);
    shown.rescale(1);
    shown.to_string()
}

fn questionnaire<K: ItemKind>(q: &ItemScore<K>) -> QuestionnaireComputed {
    QuestionnaireComputed {
        total: q.total(),
        band: None,
    }
}

pub(super) fn of(v: &ParsedVisit) -> VisitComputed {
    VisitComputed {
        age_years: v.age_years,
        salt: v.salt.map(|s| {
            let total = s.total().normalize();
            SaltComputed {
                display: one_decimal(total),
                aa_iga: s.aa_iga(),
                aa_iga_grade: s.aa_iga().grade(),
                severe: s.is_severe(),
                le_20: total <= Decimal::from(20),
                le_10: total <= Decimal::from(10),
                total,
            }
        }),
        easi: v.easi.as_ref().map(|e| EasiComputed {
            total: e.total().normalize(),
            display: e.display(),
            severity: e.severity(),
            meets_target: e.meets_target(),
            from_components: e.regions().is_some(),
        }),
        pp_nrs_le_4: v.pp_nrs.map(|p| p.meets_target()),
        viga: v.viga.map(|g| g.name().to_owned()),
        poem: v.poem.as_ref().map(|p| QuestionnaireComputed {
            total: p.total(),
            band: p.band().map(|b| b.name().to_owned()),
        }),
        dlqi: v.dlqi.as_ref().map(questionnaire),
        cdlqi: v.cdlqi.as_ref().map(questionnaire),
        idqol: v.idqol.as_ref().map(questionnaire),
    }
}
