//! An interruption of a treatment episode: the drug is paused and (usually) restarted.
//!
//! `from` is the first day without the drug, `to` the day it is restarted (the first day on the
//! drug again), so the drug is not taken on `from..to`. An open `to` means not restarted (yet).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::FieldError;

/// Why the drug was paused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InterruptionReason {
    /// An adverse event other than an infection.
    AdverseEvent,
    /// An infection (herpes zoster or simplex, serious infection).
    Infection,
    /// A laboratory result below or above its limit (Hb, ALC, ANC, platelets, …).
    LabAbnormality,
    /// A live attenuated vaccine (interrupt ≥ 7 days before, restart ≥ 28 days after).
    LiveVaccine,
    /// Surgery.
    Surgery,
    /// Pregnancy or the wish to become pregnant.
    Pregnancy,
    /// The patient's wish.
    PatientWish,
    /// Anything else.
    Other,
}

impl InterruptionReason {
    /// Every reason.
    pub const ALL: [InterruptionReason; 8] = [
        Self::AdverseEvent,
        Self::Infection,
        Self::LabAbnormality,
        Self::LiveVaccine,
        Self::Surgery,
        Self::Pregnancy,
        Self::PatientWish,
        Self::Other,
    ];

    /// The code used in the API and the store (`adverse_event`, `live_vaccine`, …).
    pub fn code(self) -> &'static str {
        match self {
            Self::AdverseEvent => "adverse_event",
            Self::Infection => "infection",
            Self::LabAbnormality => "lab_abnormality",
            Self::LiveVaccine => "live_vaccine",
            Self::Surgery => "surgery",
            Self::Pregnancy => "pregnancy",
            Self::PatientWish => "patient_wish",
            Self::Other => "other",
        }
    }

    /// Parses a code.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.code() == s)
    }
}

/// A pause with `to ≥ from` (when `to` is known).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "InterruptionInput")]
pub struct Interruption {
    from: NaiveDate,
    to: Option<NaiveDate>,
    reason: InterruptionReason,
}

/// An interruption as entered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct InterruptionInput {
    /// First day without the drug.
    pub from: NaiveDate,
    /// Day the drug was restarted; absent while it has not been restarted.
    #[serde(default)]
    pub to: Option<NaiveDate>,
    /// Why the drug was paused.
    pub reason: InterruptionReason,
}

impl Interruption {
    /// An interruption; `to` may not be before `from` (equal is a pause of less than a day,
    /// such as one skipped dose).
    pub fn new(
        from: NaiveDate,
        to: Option<NaiveDate>,
        reason: InterruptionReason,
    ) -> Result<Self, FieldError> {
        if let Some(to) = to.filter(|to| *to < from) {
            return Err(FieldError::new(
                "to",
                format!("restart date {to} is before the interruption began ({from})"),
            ));
        }
        Ok(Self { from, to, reason })
    }

    /// First day without the drug.
    pub fn from(&self) -> NaiveDate {
        self.from
    }

    /// Day the drug was restarted, if it was.
    pub fn to(&self) -> Option<NaiveDate> {
        self.to
    }

    /// Why the drug was paused.
    pub fn reason(&self) -> InterruptionReason {
        self.reason
    }

    /// True when the drug is paused on `date` (`from ≤ date < to`).
    pub fn covers(&self, date: NaiveDate) -> bool {
        self.from <= date && self.to.is_none_or(|to| date < to)
    }

    /// True when the two pauses share a day.
    pub fn overlaps(&self, other: &Interruption) -> bool {
        let starts_before_other_ends = other.to.is_none_or(|to| self.from < to);
        let other_starts_before_self_ends = self.to.is_none_or(|to| other.from < to);
        starts_before_other_ends && other_starts_before_self_ends
    }
}

impl TryFrom<InterruptionInput> for Interruption {
    type Error = FieldError;

    fn try_from(input: InterruptionInput) -> Result<Self, Self::Error> {
        Self::new(input.from, input.to, input.reason)
    }
}

impl From<Interruption> for InterruptionInput {
    fn from(i: Interruption) -> Self {
        Self {
            from: i.from,
            to: i.to,
            reason: i.reason,
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn any_pause() -> impl Strategy<Value = Interruption> {
        (0u64..400, proptest::option::of(0u64..60)).prop_map(|(from, len)| {
            let from = d(1, 1) + chrono::Days::new(from);
            pause(from, len.map(|n| from + chrono::Days::new(n)))
        })
    }

    proptest! {
        #[test]
        fn overlap_is_symmetric_and_means_a_shared_paused_day(a in any_pause(), b in any_pause()) {
            prop_assert_eq!(a.overlaps(&b), b.overlaps(&a));
            let shared = (0u64..800)
                .map(|n| d(1, 1) + chrono::Days::new(n))
                .any(|day| a.covers(day) && b.covers(day));
            if shared {
                prop_assert!(a.overlaps(&b));
            }
        }
    }

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, m, day).unwrap()
    }

    fn pause(from: NaiveDate, to: Option<NaiveDate>) -> Interruption {
        Interruption::new(from, to, InterruptionReason::Infection).unwrap()
    }

    #[test]
    fn reason_codes_match_serde() {
        for reason in InterruptionReason::ALL {
            let json = serde_json::to_string(&reason).unwrap();
            assert_eq!(json, format!("\"{}\"", reason.code()));
            assert_eq!(InterruptionReason::parse(reason.code()), Some(reason));
        }
        assert_eq!(InterruptionReason::parse("holiday"), None);
    }

    #[test]
    fn restart_before_interruption_is_refused() {
        let e = Interruption::new(d(3, 10), Some(d(3, 9)), InterruptionReason::Other).unwrap_err();
        assert_eq!(e.field, "to");
        assert_eq!(
            e.message,
            "restart date 2025-03-09 is before the interruption began (2025-03-10)"
        );
        assert!(Interruption::new(d(3, 10), Some(d(3, 10)), InterruptionReason::Other).is_ok());
    }

    #[test]
    fn covers_from_up_to_the_restart_day() {
        let p = pause(d(3, 1), Some(d(3, 10)));
        assert!(!p.covers(d(2, 28)));
        assert!(p.covers(d(3, 1)));
        assert!(p.covers(d(3, 9)));
        assert!(!p.covers(d(3, 10)), "on the drug again on the restart day");
        assert!(pause(d(3, 1), None).covers(d(12, 31)));
    }

    #[test]
    fn back_to_back_pauses_do_not_overlap() {
        let a = pause(d(3, 1), Some(d(3, 10)));
        assert!(!a.overlaps(&pause(d(3, 10), Some(d(3, 12)))));
        assert!(a.overlaps(&pause(d(3, 9), Some(d(3, 12)))));
        assert!(a.overlaps(&pause(d(2, 1), None)));
        assert!(pause(d(2, 1), None).overlaps(&a));
        assert!(!pause(d(4, 1), None).overlaps(&a));
    }
}
