//! Dates and ages as CLINICAL.md §5 counts them.
//!
//! Birth dates are held to the month (data minimisation). Ages are counted in completed years
//! (months for infants) from the **last day of the birth month**, so an age limit is never passed
//! early: a child in the month of its 8th birthday is still 7.

use chrono::{Datelike, NaiveDate};
use std::fmt;
use std::str::FromStr;

use crate::error::FieldError;

mod dates;

pub use dates::{DateRule, current_date, parse_iso_date, today};

/// A birth month (`YYYY-MM`), the only birth date the registry holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct BirthMonth {
    year: i32,
    month: u32,
}

impl BirthMonth {
    /// A birth month from its year and month (1–12); years before 1900 are refused.
    pub fn new(year: i32, month: u32) -> Result<Self, FieldError> {
        if !(1..=12).contains(&month) {
            return Err(FieldError::new("", format!("month {month} is not 1 to 12")));
        }
        if !(1900..=9999).contains(&year) {
            return Err(FieldError::new(
                "",
                format!("year {year} is not a plausible birth year"),
            ));
        }
        Ok(Self { year, month })
    }

    /// Year of birth.
    pub fn year(self) -> i32 {
        self.year
    }

    /// Month of birth (1–12).
    pub fn month(self) -> u32 {
        self.month
    }

    /// The first day of the birth month (the earliest the person can have been born).
    pub fn first_day(self) -> NaiveDate {
        first_of_month(self.year, self.month)
    }

    /// The last day of the birth month, from which ages are counted.
    pub fn last_day(self) -> NaiveDate {
        last_of_month(self.year, self.month)
    }

    /// Age in completed years on `on`, counted from the last day of the birth month.
    /// `None` when `on` is before that day (the person may not have been born yet).
    pub fn age_years(self, on: NaiveDate) -> Option<u32> {
        let months = self.age_months(on)?;
        Some(months / 12)
    }

    /// Age in completed months on `on`, counted from the last day of the birth month.
    /// `None` when `on` is before that day.
    pub fn age_months(self, on: NaiveDate) -> Option<u32> {
        let start = self.last_day();
        if on < start {
            return None;
        }
        let diff = (on.year() - self.year) * 12 + on.month() as i32 - self.month as i32;
        // The m-th month anniversary is the last day of month (birth + m).
        let reached_this_month = on == last_of_month(on.year(), on.month());
        let months = if reached_this_month { diff } else { diff - 1 };
        u32::try_from(months.max(0)).ok()
    }
}

impl FromStr for BirthMonth {
    type Err = FieldError;

    /// Parses `YYYY-MM`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || FieldError::new("", format!("'{s}' is not a month in the form YYYY-MM"));
        let (y, m) = s.split_once('-').ok_or_else(bad)?;
        if y.len() != 4 || m.len() != 2 {
            return Err(bad());
        }
        let year: i32 = y.parse().map_err(|_| bad())?;
        let month: u32 = m.parse().map_err(|_| bad())?;
        Self::new(year, month)
    }
}

impl fmt::Display for BirthMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl serde::Serialize for BirthMonth {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for BirthMonth {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse()
            .map_err(|e: FieldError| serde::de::Error::custom(e.message))
    }
}

/// The first day of a month.
pub fn first_of_month(year: i32, month: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, 1).unwrap_or(NaiveDate::MIN)
}

/// The last day of a month.
pub fn last_of_month(year: i32, month: u32) -> NaiveDate {
    let (ny, nm) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    first_of_month(ny, nm).pred_opt().unwrap_or(NaiveDate::MIN)
}

/// Study day of `date` in an episode that started on `start`: day 0 is the start day.
pub fn study_day(start: NaiveDate, date: NaiveDate) -> i64 {
    (date - start).num_days()
}

/// Duration in completed years between two dates (anniversaries by calendar; 29 February counts
/// its anniversary on 28 February in common years).
pub fn completed_years(from: NaiveDate, to: NaiveDate) -> i32 {
    let mut years = to.year() - from.year();
    let anniversary_passed = (to.month(), to.day()) >= (from.month(), from.day())
        || (from.month() == 2
            && from.day() == 29
            && to.month() == 2
            && to == last_of_month(to.year(), 2));
    if !anniversary_passed {
        years -= 1;
    }
    years
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn age_counts_from_last_day_of_birth_month() {
        let b = BirthMonth::new(2018, 3).unwrap();
        assert_eq!(
            b.age_years(d(2026, 3, 30)),
            Some(7),
            "still 7 in the month of the 8th birthday"
        );
        assert_eq!(b.age_years(d(2026, 3, 31)), Some(8));
        assert_eq!(b.age_years(d(2026, 4, 1)), Some(8));
        assert_eq!(b.age_years(d(2018, 3, 30)), None);
        assert_eq!(b.age_months(d(2018, 3, 31)), Some(0));
        assert_eq!(b.age_months(d(2018, 4, 29)), Some(0));
        assert_eq!(b.age_months(d(2018, 4, 30)), Some(1));
    }

    #[test]
    fn february_birth_month_in_leap_and_common_years() {
        let b = BirthMonth::new(2020, 2).unwrap();
        assert_eq!(b.last_day(), d(2020, 2, 29));
        assert_eq!(b.age_years(d(2021, 2, 27)), Some(0));
        assert_eq!(b.age_years(d(2021, 2, 28)), Some(1));
    }

    #[test]
    fn parses_and_prints_year_month() {
        let b: BirthMonth = "2011-07".parse().unwrap();
        assert_eq!(b.to_string(), "2011-07");
        assert!("2011-13".parse::<BirthMonth>().is_err());
        assert!("2011-7".parse::<BirthMonth>().is_err());
        assert!("11-07".parse::<BirthMonth>().is_err());
    }

    #[test]
    fn study_day_zero_is_start() {
        assert_eq!(study_day(d(2025, 1, 1), d(2025, 1, 1)), 0);
        assert_eq!(study_day(d(2025, 1, 1), d(2024, 12, 2)), -30);
    }

    #[test]
    fn completed_years_between_dates() {
        assert_eq!(completed_years(d(2017, 1, 1), d(2024, 12, 31)), 7);
        assert_eq!(completed_years(d(2017, 1, 1), d(2025, 1, 1)), 8);
    }
}
