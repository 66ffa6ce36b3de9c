//! The one rule for every date a center enters (visit, lab sample, adverse event, treatment
//! start and stop, dose change, interruption, vaccination, consent, AA episode start): an ISO
//! calendar date that exists, is not in the future, and is not before the patient's birth month.

use chrono::{Datelike, NaiveDate};

use super::{BirthMonth, last_of_month};
use crate::error::FieldError;

/// The latest date that is not "in the future" anywhere: UTC plus 14 hours, so a clinic east of
/// Greenwich entering today's visit just after its midnight is not refused.
pub fn today() -> NaiveDate {
    (chrono::Utc::now() + chrono::Duration::hours(14)).date_naive()
}

/// Today's date in UTC: the default data cut of reports, releases, curves and alerts. Not
/// [`today`], which is the latest date entry accepts and lies up to a day ahead: a data cut
/// there would count a window as closed, or a check as overdue, a day early.
pub fn current_date() -> NaiveDate {
    chrono::Utc::now().date_naive()
}

/// Reads `YYYY-MM-DD`, saying what is wrong: the form, a month that does not exist, or a day the
/// month does not have (`2023-02-30`). The error's field is empty: the caller puts it under its
/// own path.
pub fn parse_iso_date(text: &str) -> Result<NaiveDate, FieldError> {
    let text = text.trim();
    if let Ok(d) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return Ok(d);
    }
    let parts: Vec<&str> = text.split('-').collect();
    let numbers: Option<Vec<u32>> = match parts.as_slice() {
        [y, m, d] if y.len() == 4 && m.len() == 2 && d.len() == 2 => {
            parts.iter().map(|p| p.parse().ok()).collect()
        }
        _ => None,
    };
    let message = match numbers.as_deref() {
        Some([_, month, _]) if !(1..=12).contains(month) => {
            format!("'{text}' is not a date: there is no month {month}")
        }
        Some([year, month, day]) => {
            let year = i32::try_from(*year).unwrap_or_default();
            let days = last_of_month(year, *month).day();
            format!(
                "'{text}' is not a date: {} {year} has {days} days, not {day}",
                month_name(*month)
            )
        }
        _ => format!("'{text}' is not a date in the form YYYY-MM-DD"),
    };
    Err(FieldError::new("", message))
}

fn month_name(month: u32) -> &'static str {
    const NAMES: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    usize::try_from(month)
        .ok()
        .and_then(|m| NAMES.get(m.wrapping_sub(1)))
        .copied()
        .unwrap_or("that month")
}

/// The limits a date of one patient's record must keep: not after `today`, not before the
/// birth month (when the patient is known).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateRule {
    /// The latest allowed date ([`today`] for entries).
    pub today: NaiveDate,
    /// The patient's birth month, when known.
    pub born: Option<BirthMonth>,
}

impl DateRule {
    /// The rule for a patient born in `born` (`None`: the patient is not known yet).
    pub fn new(today: NaiveDate, born: Option<BirthMonth>) -> Self {
        Self { today, born }
    }

    /// Checks a date; the error's field is empty (the caller puts it under its path).
    pub fn check(&self, date: NaiveDate) -> Result<NaiveDate, FieldError> {
        if date > self.today {
            return Err(FieldError::new("", "the date is in the future"));
        }
        if self.born.is_some_and(|b| date < b.first_day()) {
            return Err(FieldError::new(
                "",
                "the date is before the patient's birth month",
            ));
        }
        Ok(date)
    }

    /// Reads and checks a date under `field`.
    pub fn parse(&self, field: &str, text: &str) -> Result<NaiveDate, FieldError> {
        parse_iso_date(text)
            .and_then(|d| self.check(d))
            .map_err(|e| e.under(field))
    }

    /// Checks a date under `field`.
    pub fn check_at(&self, field: &str, date: NaiveDate) -> Result<NaiveDate, FieldError> {
        self.check(date).map_err(|e| e.under(field))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn rule() -> DateRule {
        DateRule::new(
            NaiveDate::from_ymd_opt(2025, 6, 30).unwrap(),
            Some("1990-03".parse().unwrap()),
        )
    }

    #[test]
    fn a_date_that_does_not_exist_says_why() {
        let e = parse_iso_date("2023-02-30").unwrap_err();
        assert_eq!(
            e.message,
            "'2023-02-30' is not a date: February 2023 has 28 days, not 30"
        );
        let e = parse_iso_date("2024-13-01").unwrap_err();
        assert_eq!(
            e.message,
            "'2024-13-01' is not a date: there is no month 13"
        );
        let e = parse_iso_date("30-01-2024").unwrap_err();
        assert_eq!(
            e.message,
            "'30-01-2024' is not a date in the form YYYY-MM-DD"
        );
        assert!(parse_iso_date("2024-02-29").is_ok(), "a leap day");
    }

    #[test]
    fn dates_after_today_or_before_the_birth_month_are_refused_under_their_field() {
        let r = rule();
        assert!(r.parse("visit_date", "2025-06-30").is_ok());
        let e = r.parse("visit_date", "2025-07-01").unwrap_err();
        assert_eq!(
            (e.field.as_str(), e.message.as_str()),
            ("visit_date", "the date is in the future")
        );
        assert!(r.parse("x", "1990-03-01").is_ok(), "the birth month itself");
        let e = r.parse("labs[0].date", "1990-02-28").unwrap_err();
        assert_eq!(
            (e.field.as_str(), e.message.as_str()),
            (
                "labs[0].date",
                "the date is before the patient's birth month"
            )
        );
        let unknown = DateRule::new(r.today, None);
        assert!(unknown.parse("x", "1900-01-01").is_ok());
    }
}
