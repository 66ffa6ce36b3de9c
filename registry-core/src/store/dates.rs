//! Dates as the cohort read decodes them. SQLite stores a date as its `YYYY-MM-DD` text, and
//! diesel reads it through chrono's format parser, which costs more than the rest of a lab
//! result's row; [`StoredDate`] reads those ten digits and dashes directly and leaves any other
//! text to diesel's own decoding, so what a read accepts and what it makes of it do not change.

use chrono::NaiveDate;
use diesel::deserialize::{self, FromSql, FromSqlRow};
use diesel::pg::{Pg, PgValue};
use diesel::sql_types::Date;
use diesel::sqlite::{Sqlite, SqliteValue};

/// A stored date, decoded as diesel decodes a [`NaiveDate`], faster for SQLite's usual text.
/// Used as `#[diesel(deserialize_as = StoredDate)]` on the dates of the largest tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, FromSqlRow)]
pub struct StoredDate(NaiveDate);

impl From<StoredDate> for NaiveDate {
    fn from(d: StoredDate) -> Self {
        d.0
    }
}

/// The date `text` names when it is exactly `YYYY-MM-DD` and the day exists; `None` otherwise
/// (then chrono decides).
fn ymd(text: &str) -> Option<NaiveDate> {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let number = |digits: &[u8]| {
        digits.iter().try_fold(0u32, |n, &d| {
            d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
        })
    };
    let year = i32::try_from(number(&b[0..4])?).ok()?;
    NaiveDate::from_ymd_opt(year, number(&b[5..7])?, number(&b[8..10])?)
}

impl FromSql<Date, Sqlite> for StoredDate {
    fn from_sql(mut value: SqliteValue<'_, '_, '_>) -> deserialize::Result<Self> {
        if let Some(d) = ymd(value.read_text()) {
            return Ok(Self(d));
        }
        <NaiveDate as FromSql<Date, Sqlite>>::from_sql(value).map(Self)
    }
}

impl FromSql<Date, Pg> for StoredDate {
    fn from_sql(value: PgValue<'_>) -> deserialize::Result<Self> {
        <NaiveDate as FromSql<Date, Pg>>::from_sql(value).map(Self)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    /// Every text the fast path reads, chrono reads the same; every text it leaves, chrono decides.
    #[test]
    fn the_fast_path_reads_what_chrono_reads() {
        for text in [
            "2026-06-30",
            "0001-01-01",
            "9999-12-31",
            "2024-02-29",
            "1970-01-01",
        ] {
            assert_eq!(
                ymd(text),
                Some(NaiveDate::parse_from_str(text, "%F").unwrap())
            );
        }
        for text in [
            "2023-02-29",
            "2026-13-01",
            "2026-00-10",
            "2026-06-31",
            "2026-6-30",
            "2026-06-30 ",
            "2026/06/30",
            "+2026-06-3",
            "20260630xx",
            "",
        ] {
            assert_eq!(ymd(text), None, "{text}");
        }
    }
}
