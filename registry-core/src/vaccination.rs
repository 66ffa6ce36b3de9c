//! Vaccinations around a JAK inhibitor (CLINICAL.md §3, seed 003): herpes zoster vaccine before
//! the start, live attenuated vaccines well before the start or inside a long enough
//! interruption, and the immunisation status of children.
//!
//! Findings are advice for the clinician, never refusals: each names its rule, its severity and
//! its source.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::Warning;
use crate::time::BirthMonth;
use crate::treatment::Episode;

mod children;
mod kinds;
mod timing;

pub use kinds::VaccineKind;

/// The source of every vaccination rule.
pub const SOURCE: &str = "NTvDV 2025, JAK-remmers bij alopecia areata";

/// One vaccination given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Vaccination {
    /// The vaccine.
    pub kind: VaccineKind,
    /// The day it was given.
    pub date: NaiveDate,
}

/// Result of a VZV IgG test.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Serostatus {
    /// Antibodies present: immune.
    Positive,
    /// No antibodies.
    Negative,
    /// Borderline.
    Equivocal,
}

/// Immunisation status recorded before the start (checked for patients under 18 at start).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImmunisationStatus {
    /// The national immunisation programme (Rijksvaccinatieprogramma) was complete before the
    /// start; absent when not recorded.
    #[serde(default)]
    pub national_programme_complete: Option<bool>,
    /// Varicella (chickenpox) after the first year of life; absent when not recorded.
    #[serde(default)]
    pub varicella_history: Option<bool>,
    /// VZV IgG result, when tested.
    #[serde(default)]
    pub vzv_igg: Option<Serostatus>,
}

/// How serious a finding is.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Worth considering (the seed's "ideally").
    Advice,
    /// Not as advised; the start need not wait.
    Warning,
    /// A live vaccine too close to (or during) JAK inhibitor use.
    Violation,
}

/// The rule a finding comes from.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VaccinationRule {
    /// Herpes zoster vaccine (Shingrix): first dose ≥ 14 days before the start.
    ZosterFirstDoseBeforeStart,
    /// Adults: a herpes zoster vaccine is advised before the start.
    ZosterNotRecorded,
    /// Live attenuated vaccines completed ≥ 28 days before the start.
    LiveCompletedBeforeStart,
    /// No live vaccine on a day the JAK inhibitor is taken.
    LiveOnlyDuringInterruption,
    /// JAK inhibitor interrupted ≥ 7 days before a live vaccine.
    LiveInterruptedBefore,
    /// JAK inhibitor restarted ≥ 28 days after a live vaccine.
    LiveRestartAfter,
    /// Non-live vaccines ideally ≥ 14 days before the start (response may be reduced).
    NonLiveBeforeStart,
    /// Children: national immunisation programme complete before the start.
    ChildProgrammeComplete,
    /// Children: varicella history or VZV IgG recorded.
    ChildVaricellaStatus,
    /// Children without varicella or VZV antibodies: varicella vaccine before the start.
    ChildVaricellaNonImmune,
}

impl VaccinationRule {
    /// Stable code (`live_completed_before_start`).
    pub fn code(self) -> &'static str {
        match self {
            Self::ZosterFirstDoseBeforeStart => "zoster_first_dose_before_start",
            Self::ZosterNotRecorded => "zoster_not_recorded",
            Self::LiveCompletedBeforeStart => "live_completed_before_start",
            Self::LiveOnlyDuringInterruption => "live_only_during_interruption",
            Self::LiveInterruptedBefore => "live_interrupted_before",
            Self::LiveRestartAfter => "live_restart_after",
            Self::NonLiveBeforeStart => "non_live_before_start",
            Self::ChildProgrammeComplete => "child_programme_complete",
            Self::ChildVaricellaStatus => "child_varicella_status",
            Self::ChildVaricellaNonImmune => "child_varicella_non_immune",
        }
    }

    /// How serious a breach of this rule is.
    pub fn severity(self) -> Severity {
        match self {
            Self::LiveCompletedBeforeStart
            | Self::LiveOnlyDuringInterruption
            | Self::LiveInterruptedBefore
            | Self::LiveRestartAfter => Severity::Violation,
            Self::ZosterFirstDoseBeforeStart
            | Self::ChildProgrammeComplete
            | Self::ChildVaricellaStatus => Severity::Warning,
            Self::ZosterNotRecorded | Self::NonLiveBeforeStart | Self::ChildVaricellaNonImmune => {
                Severity::Advice
            }
        }
    }
}

/// One finding: the rule, where it applies, and what is wrong.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VaccinationFinding {
    /// The rule (its stable code).
    rule: VaccinationRule,
    /// How serious it is.
    severity: Severity,
    /// Where it applies (`vaccinations[2].date`, `immunisation.varicella_history`, …).
    field: String,
    /// What is wrong, for a clinician.
    message: String,
    /// Where the rule comes from.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    source: &'static str,
}

impl VaccinationFinding {
    fn new(rule: VaccinationRule, field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            rule,
            severity: rule.severity(),
            field: field.into(),
            message: message.into(),
            source: SOURCE,
        }
    }

    /// The rule.
    pub fn rule(&self) -> VaccinationRule {
        self.rule
    }

    /// Its severity.
    pub fn severity(&self) -> Severity {
        self.severity
    }

    /// Path of the value it is about (`vaccinations[2].date`, `immunisation.vzv_igg`).
    pub fn field(&self) -> &str {
        &self.field
    }

    /// What is wrong, for a clinician.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// Where the rule comes from.
    pub fn source(&self) -> &'static str {
        self.source
    }

    /// As a non-blocking API warning (`vaccination.live_restart_after`), source included.
    pub fn to_warning(&self) -> Warning {
        Warning::new(
            format!("vaccination.{}", self.rule.code()),
            self.field.clone(),
            format!("{} ({})", self.message, self.source),
        )
    }
}

/// Checks the vaccinations of a patient against a treatment episode. Empty unless the episode's
/// drug is a JAK inhibitor. `vaccinations` is every vaccination recorded for the patient, any order.
pub fn check_vaccinations(
    episode: &Episode,
    birth_month: BirthMonth,
    vaccinations: &[Vaccination],
    immunisation: &ImmunisationStatus,
) -> Vec<VaccinationFinding> {
    if !episode.drug().is_jak_inhibitor() {
        return Vec::new();
    }
    let adult = birth_month.age_years(episode.start()).unwrap_or(0) >= 18;
    let mut findings = timing::zoster(episode, vaccinations, adult);
    findings.extend(timing::live(episode, vaccinations));
    findings.extend(timing::non_live(episode, vaccinations));
    if !adult {
        findings.extend(children::status(episode, vaccinations, immunisation));
    }
    findings
}

#[cfg(test)]
mod tests;
