//! Record ids: UUIDv7 (time-ordered, so cursors over ids follow creation order), stored as text.

use std::fmt;

use diesel::deserialize::{self, FromSql, FromSqlRow};
use diesel::pg::{Pg, PgValue};
use diesel::sql_types::Text;
use diesel::sqlite::{Sqlite, SqliteValue};

/// A new record id.
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// True when `s` is a well-formed UUID (any other id answers 404 without a query).
pub fn is_valid_id(s: &str) -> bool {
    uuid::Uuid::try_parse(s).is_ok()
}

/// A record's id held as the UUID's 16 bytes rather than its 36-character text: a cohort read
/// holds millions of ids, and this one needs no allocation, copies as a value and compares as
/// sixteen bytes. It orders, shows and serialises exactly as the stored text, which is always
/// [`new_id`]'s lowercase hyphenated form (anything else fails the read as a corrupt row, so the
/// text a caller sees is the text stored).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, FromSqlRow)]
pub struct RecordId(uuid::Uuid);

impl RecordId {
    /// The id stored as `text`; `None` unless it is a lowercase hyphenated UUID.
    pub fn parse(text: &str) -> Option<Self> {
        let canonical = text.len() == 36 && !text.bytes().any(|b| b.is_ascii_uppercase());
        canonical
            .then(|| uuid::Uuid::try_parse(text).ok())
            .flatten()
            .map(Self)
    }

    /// The id of stored row `what` (`visit`, `lab result`, …); anything but a record id is a
    /// corrupt row.
    pub fn of_row(text: &str, what: &str) -> Result<Self, super::StoreError> {
        Self::parse(text).ok_or_else(|| {
            super::StoreError::Corrupt(format!("{what}: '{text}' is not a record id"))
        })
    }

    /// The id stored as `text`, or a decoding error naming it.
    fn decode(text: &str) -> deserialize::Result<Self> {
        Self::parse(text)
            .ok_or_else(|| format!("'{text}' is not a record id (a lowercase UUID)").into())
    }
}

impl fmt::Display for RecordId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0.hyphenated(), f)
    }
}

impl fmt::Debug for RecordId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "\"{self}\"")
    }
}

impl PartialEq<str> for RecordId {
    fn eq(&self, other: &str) -> bool {
        Self::parse(other) == Some(*self)
    }
}

impl PartialEq<String> for RecordId {
    fn eq(&self, other: &String) -> bool {
        self == other.as_str()
    }
}

impl serde::Serialize for RecordId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl FromSql<Text, Sqlite> for RecordId {
    fn from_sql(mut value: SqliteValue<'_, '_, '_>) -> deserialize::Result<Self> {
        Self::decode(value.read_text())
    }
}

impl FromSql<Text, Pg> for RecordId {
    fn from_sql(value: PgValue<'_>) -> deserialize::Result<Self> {
        Self::decode(std::str::from_utf8(value.as_bytes())?)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn an_id_shows_serialises_and_orders_as_its_stored_text() {
        let mut texts: Vec<String> = (0..50).map(|_| new_id()).collect();
        texts.push("00000000-0000-4000-8000-00000000000a".into());
        texts.push("ffffffff-ffff-4fff-bfff-fffffffffff9".into());
        let mut ids: Vec<RecordId> = texts.iter().map(|t| RecordId::parse(t).unwrap()).collect();
        for (id, text) in ids.iter().zip(&texts) {
            assert_eq!(id.to_string(), *text);
            assert_eq!(serde_json::to_value(id).unwrap(), serde_json::json!(text));
            assert!(*id == *text);
        }
        texts.sort();
        ids.sort();
        let sorted: Vec<String> = ids.iter().map(RecordId::to_string).collect();
        assert_eq!(sorted, texts);
    }

    #[test]
    fn only_the_stored_form_of_a_uuid_is_an_id() {
        let id = new_id();
        assert!(RecordId::parse(&id).is_some());
        assert_eq!(RecordId::parse(&id.to_uppercase()), None);
        assert_eq!(RecordId::parse(&id.replace('-', "")), None);
        assert_eq!(RecordId::parse(&format!("{{{id}}}")), None);
        assert_eq!(RecordId::parse("not an id"), None);
        assert_eq!(RecordId::parse(""), None);
    }
}
