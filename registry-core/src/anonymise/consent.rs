//! The consent filter: only patients with research consent, not withdrawn, are exported.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// What happened to the research-use consent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConsentAction {
    /// Consent to research use was given (again).
    Given,
    /// Consent was withdrawn (or refused).
    Withdrawn,
}

/// One dated change of a patient's research-use consent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentEvent {
    /// The date the change took effect.
    pub date: NaiveDate,
    /// Given or withdrawn.
    pub action: ConsentAction,
}

/// Whether a patient with consent `history` (any order) may be exported on `as_of`: the latest
/// change on or before that date is a consent given. No history means never consented; on a day
/// with both a consent and a withdrawal, the withdrawal wins.
pub fn may_export(history: &[ConsentEvent], as_of: NaiveDate) -> bool {
    history
        .iter()
        .filter(|e| e.date <= as_of)
        .max_by_key(|e| (e.date, e.action == ConsentAction::Withdrawn))
        .is_some_and(|e| e.action == ConsentAction::Given)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn event(date: NaiveDate, action: ConsentAction) -> ConsentEvent {
        ConsentEvent { date, action }
    }

    #[test]
    fn never_consented_is_never_exported() {
        assert!(!may_export(&[], d(2025, 6, 1)));
    }

    #[test]
    fn consent_counts_from_its_date() {
        let history = [event(d(2024, 3, 1), ConsentAction::Given)];
        assert!(!may_export(&history, d(2024, 2, 29)));
        assert!(may_export(&history, d(2024, 3, 1)));
    }

    #[test]
    fn withdrawal_stops_export_from_its_date() {
        let history = [
            event(d(2025, 1, 10), ConsentAction::Withdrawn),
            event(d(2024, 3, 1), ConsentAction::Given),
        ];
        assert!(may_export(&history, d(2025, 1, 9)));
        assert!(!may_export(&history, d(2025, 1, 10)));
    }

    #[test]
    fn renewed_consent_after_withdrawal_counts_and_same_day_withdrawal_wins() {
        let history = [
            event(d(2024, 3, 1), ConsentAction::Given),
            event(d(2024, 6, 1), ConsentAction::Withdrawn),
            event(d(2025, 1, 1), ConsentAction::Given),
        ];
        assert!(!may_export(&history, d(2024, 12, 31)));
        assert!(may_export(&history, d(2025, 1, 1)));
        let same_day = [
            event(d(2024, 3, 1), ConsentAction::Withdrawn),
            event(d(2024, 3, 1), ConsentAction::Given),
        ];
        assert!(!may_export(&same_day, d(2024, 3, 2)));
    }
}
