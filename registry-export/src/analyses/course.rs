//! One treatment episode as the analyses read it from a release's rows, and the outcomes they
//! follow (CLINICAL.md §6).
//!
//! Conventions (written in `docs/release-format.md` and `docs/analyses.md` too):
//! - **On treatment**: the assessments of the episode from study day 1 up to its stop (or the
//!   end of follow-up); the baseline is the episode's baseline (day −30…7).
//! - **Discontinuation**: a stop on or before the end of follow-up, for any reason.
//! - **In a curve**: an episode enters the curve of an outcome when it is evaluable at
//!   baseline — a baseline of the score exists, a relative outcome has a baseline above 0 (PP-NRS:
//!   at least 4; vIGA-AD: at least 2), and an absolute outcome is not met at baseline already.

use std::sync::Arc;

use registry_core::catalogue::Drug;
use registry_core::patient::Diagnosis;
use registry_core::responses::{Response, VisitResponses};
use registry_core::treatment::StopReason;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

/// One on-treatment assessment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assessment {
    /// Study day (≥ 1).
    pub day: i64,
    /// The nominal week of its window (from day 14).
    pub week: Option<u32>,
    /// It represents its window (the visit closest to the target).
    pub window_visit: bool,
    /// SALT.
    pub salt: Option<Decimal>,
    /// EASI.
    pub easi: Option<Decimal>,
    /// Responses against the episode's baseline.
    pub responses: VisitResponses,
}

/// The baseline values the outcomes need.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BaselineValues {
    /// SALT.
    pub salt: Option<Decimal>,
    /// EASI.
    pub easi: Option<Decimal>,
    /// PP-NRS.
    pub pp_nrs: Option<u8>,
    /// vIGA-AD.
    pub viga: Option<u8>,
}

/// One treatment episode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Course {
    /// The patient's pseudonym.
    pub patient: Arc<str>,
    /// The episode's number in the release (per patient).
    pub episode: u32,
    /// The disease treated.
    pub diagnosis: Diagnosis,
    /// The drug.
    pub drug: Drug,
    /// Numbered per patient and drug: 2 and up are re-treatments.
    pub episode_number: u32,
    /// The drug of the patient's previous episode.
    pub previous_drug: Option<Drug>,
    /// The stop: study day and reason.
    pub stop: Option<(i64, StopReason)>,
    /// Study day follow-up on treatment ends (the stop or the data cut).
    pub follow_up_day: i64,
    /// Study day of the data cut.
    pub cut_day: i64,
    /// Study day of the first tapering dose change, if any.
    pub taper_day: Option<i64>,
    /// Baseline values.
    pub baseline: BaselineValues,
    /// On-treatment assessments by day.
    pub assessments: Vec<Assessment>,
}

impl Course {
    /// Study day the episode was last known on treatment: its stop or the end of follow-up.
    pub fn treatment_end(&self) -> i64 {
        self.stop
            .map_or(self.follow_up_day, |(day, _)| day.min(self.follow_up_day))
    }
}

/// A response criterion followed over time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Outcome {
    /// AA: SALT ≤ 20 (primary).
    SaltLe20,
    /// AA: SALT ≤ 10.
    SaltLe10,
    /// AA: SALT50.
    Salt50,
    /// AD: EASI-75 (primary).
    Easi75,
    /// AD: EASI ≤ 7 (treatment target).
    EasiLe7,
    /// AD: PP-NRS improved by ≥ 4 points (baseline ≥ 4).
    PpNrs4,
    /// AD: vIGA-AD 0 or 1 with ≥ 2 points improvement.
    Viga01,
}

impl Outcome {
    /// Every outcome, AA first.
    pub const ALL: [Outcome; 7] = [
        Self::SaltLe20,
        Self::SaltLe10,
        Self::Salt50,
        Self::Easi75,
        Self::EasiLe7,
        Self::PpNrs4,
        Self::Viga01,
    ];

    /// The code in tables and queries (`salt_le20`, `easi75`, …).
    pub fn code(self) -> &'static str {
        match self {
            Self::SaltLe20 => "salt_le20",
            Self::SaltLe10 => "salt_le10",
            Self::Salt50 => "salt50",
            Self::Easi75 => "easi75",
            Self::EasiLe7 => "easi_le7",
            Self::PpNrs4 => "pp_nrs4",
            Self::Viga01 => "viga_0_1",
        }
    }

    /// Parses a code.
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|o| o.code() == code)
    }

    /// How it reads in a title (`SALT ≤ 20`).
    pub fn label(self) -> &'static str {
        match self {
            Self::SaltLe20 => "SALT ≤ 20",
            Self::SaltLe10 => "SALT ≤ 10",
            Self::Salt50 => "SALT50",
            Self::Easi75 => "EASI-75",
            Self::EasiLe7 => "EASI ≤ 7",
            Self::PpNrs4 => "PP-NRS ≥ 4 points better",
            Self::Viga01 => "vIGA-AD 0/1",
        }
    }

    /// The disease it belongs to.
    pub fn diagnosis(self) -> Diagnosis {
        match self {
            Self::SaltLe20 | Self::SaltLe10 | Self::Salt50 => Diagnosis::Aa,
            _ => Diagnosis::Ad,
        }
    }

    /// The outcomes of a disease.
    pub fn of(diagnosis: Diagnosis) -> impl Iterator<Item = Outcome> {
        Self::ALL
            .into_iter()
            .filter(move |o| o.diagnosis() == diagnosis)
    }

    /// The outcome at one assessment.
    pub fn response(self, responses: &VisitResponses) -> Response {
        match self {
            Self::SaltLe20 => responses.salt_le_20,
            Self::SaltLe10 => responses.salt_le_10,
            Self::Salt50 => responses.salt_50,
            Self::Easi75 => responses.easi_75,
            Self::EasiLe7 => responses.easi_le_7,
            Self::PpNrs4 => responses.pp_nrs_4,
            Self::Viga01 => responses.viga_ad_0_1,
        }
    }

    /// Whether an episode with `baseline` can respond: see the module notes.
    pub fn evaluable(self, baseline: &BaselineValues) -> bool {
        match self {
            Self::SaltLe20 => baseline.salt.is_some_and(|s| s > dec!(20)),
            Self::SaltLe10 => baseline.salt.is_some_and(|s| s > dec!(10)),
            Self::Salt50 => baseline.salt.is_some_and(|s| s > Decimal::ZERO),
            Self::Easi75 => baseline.easi.is_some_and(|e| e > Decimal::ZERO),
            Self::EasiLe7 => baseline.easi.is_some_and(|e| e > dec!(7)),
            Self::PpNrs4 => baseline.pp_nrs.is_some_and(|p| p >= 4),
            Self::Viga01 => baseline.viga.is_some_and(|v| v >= 2),
        }
    }
}
