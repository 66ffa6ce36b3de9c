//! The coded fields of an adverse event: CTCAE grade, ICH E2A seriousness criteria, WHO-UMC
//! causality, action taken with the drug and outcome.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::FieldError;

/// CTCAE grade, 1 (mild) to 5 (death related to the adverse event).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(into = "u8", try_from = "i64")]
pub struct CtcaeGrade(u8);

impl CtcaeGrade {
    /// Grade 5: death related to the adverse event.
    pub const DEATH: CtcaeGrade = CtcaeGrade(5);

    /// A grade from its number; only 1 to 5 exist.
    pub fn new(grade: i64) -> Result<Self, FieldError> {
        match u8::try_from(grade) {
            Ok(g @ 1..=5) => Ok(Self(g)),
            _ => Err(FieldError::new(
                "",
                format!("grade {grade} does not exist: CTCAE grades are 1, 2, 3, 4 or 5"),
            )),
        }
    }

    /// The grade number (1–5).
    pub fn value(self) -> u8 {
        self.0
    }

    /// True for grade 5 (death related to the adverse event).
    pub fn is_death(self) -> bool {
        self == Self::DEATH
    }
}

impl From<CtcaeGrade> for u8 {
    fn from(grade: CtcaeGrade) -> u8 {
        grade.0
    }
}

impl TryFrom<i64> for CtcaeGrade {
    type Error = FieldError;

    fn try_from(grade: i64) -> Result<Self, FieldError> {
        Self::new(grade)
    }
}

code_enum! {
    /// A seriousness criterion of ICH E2A. Seriousness is not severity: a grade 2 event that
    /// leads to a hospital stay is serious, a grade 3 one treated at home is not.
    SeriousnessCriterion, "a seriousness criterion" {
        /// Results in death.
        Death => "death",
        /// Is life-threatening.
        LifeThreatening => "life_threatening",
        /// Requires or prolongs hospitalisation.
        Hospitalisation => "hospitalisation",
        /// Results in persistent or significant disability or incapacity.
        Disability => "disability",
        /// Is a congenital anomaly or birth defect.
        CongenitalAnomaly => "congenital_anomaly",
        /// Is an important medical event in the judgement of the reporter.
        ImportantMedicalEvent => "important_medical_event",
    }
}

/// The ICH E2A criteria an adverse event meets; the event is serious when it meets any.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Seriousness(BTreeSet<SeriousnessCriterion>);

impl Seriousness {
    /// Seriousness from the criteria met (repeats count once).
    pub fn from_criteria(criteria: impl IntoIterator<Item = SeriousnessCriterion>) -> Self {
        Self(criteria.into_iter().collect())
    }

    /// True when any criterion is met.
    pub fn is_serious(&self) -> bool {
        !self.0.is_empty()
    }

    /// True when `criterion` is met.
    pub fn has(&self, criterion: SeriousnessCriterion) -> bool {
        self.0.contains(&criterion)
    }

    /// The criteria met, in specification order.
    pub fn criteria(&self) -> impl Iterator<Item = SeriousnessCriterion> + '_ {
        self.0.iter().copied()
    }
}

code_enum! {
    /// Causality by the WHO-UMC system.
    Causality, "a WHO-UMC causality" {
        /// Certain.
        Certain => "certain",
        /// Probable / likely.
        Probable => "probable",
        /// Possible.
        Possible => "possible",
        /// Unlikely.
        Unlikely => "unlikely",
        /// Conditional / unclassified: more data are being examined.
        Conditional => "conditional",
        /// Unassessable / unclassifiable.
        Unassessable => "unassessable",
    }
}

impl Causality {
    /// "Related" in the registry's analyses: certain, probable or possible.
    pub fn is_related(self) -> bool {
        matches!(self, Self::Certain | Self::Probable | Self::Possible)
    }
}

code_enum! {
    /// What was done with the drug because of the event.
    DrugAction, "an action with the drug" {
        /// Dose not changed.
        None => "none",
        /// Temporarily interrupted.
        Interrupted => "interrupted",
        /// Dose reduced.
        DoseReduced => "dose_reduced",
        /// Permanently withdrawn.
        Withdrawn => "withdrawn",
    }
}

impl DrugAction {
    /// True when the drug was stopped, for a while or for good.
    pub fn stops_drug(self) -> bool {
        matches!(self, Self::Interrupted | Self::Withdrawn)
    }
}

code_enum! {
    /// Outcome of the event at the last report.
    Outcome, "an outcome" {
        /// Recovered / resolved.
        Recovered => "recovered",
        /// Recovering / resolving.
        Recovering => "recovering",
        /// Not recovered / not resolved.
        NotRecovered => "not_recovered",
        /// Recovered with sequelae.
        RecoveredWithSequelae => "recovered_with_sequelae",
        /// Fatal.
        Fatal => "fatal",
        /// Unknown.
        Unknown => "unknown",
    }
}

impl Outcome {
    /// True when the event has ended (recovered, with or without sequelae, or fatal).
    pub fn has_ended(self) -> bool {
        matches!(
            self,
            Self::Recovered | Self::RecoveredWithSequelae | Self::Fatal
        )
    }

    /// True when the event is still going on (recovering or not recovered).
    pub fn is_ongoing(self) -> bool {
        matches!(self, Self::Recovering | Self::NotRecovered)
    }
}
