//! Reading clinical numbers from JSON exactly.
//!
//! The workspace serialises [`Decimal`] as a string (`"17.4"`), but people and forms send numbers
//! (`17.4`). The helpers here accept both, and also integers, so raw instrument inputs can be
//! written naturally. A JSON number is read through its shortest decimal form, so any number with
//! up to 15 significant digits (every clinical value) arrives exactly: `1.5` is `1.5`, `0.1` is
//! `0.1`. Range and resolution checks are left to the instrument that reads the value, so that a
//! bad value becomes a [`crate::FieldError`] with its path instead of a whole-document error.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::de::{self, Deserializer, MapAccess, Visitor};

/// Deserialises an optional [`Decimal`] from a JSON number, a numeric string or `null`.
/// Use with `#[serde(default, deserialize_with = "…::opt_decimal")]`.
pub fn opt_decimal<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
    let value: Option<Exact> = serde::Deserialize::deserialize(d)?;
    Ok(value.map(|e| e.0))
}

/// Deserialises an optional list of optional [`Decimal`]s (questionnaire items, `[3, null, 2]`).
pub fn opt_decimal_items<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<Vec<Option<Decimal>>>, D::Error> {
    let value: Option<Vec<Option<Exact>>> = serde::Deserialize::deserialize(d)?;
    Ok(value.map(|items| items.into_iter().map(|i| i.map(|e| e.0)).collect()))
}

/// A decimal read exactly from a JSON number or string.
struct Exact(Decimal);

impl<'de> serde::Deserialize<'de> for Exact {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ExactVisitor).map(Exact)
    }
}

struct ExactVisitor;

impl<'de> Visitor<'de> for ExactVisitor {
    type Value = Decimal;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number (or a number in a string)")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Decimal, E> {
        Ok(Decimal::from(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Decimal, E> {
        Ok(Decimal::from(v))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Decimal, E> {
        // `Display` of f64 prints the shortest decimal that reads back to the same float, without
        // an exponent: the number as the sender wrote it.
        parse(&v.to_string()).map_err(|_| E::invalid_value(de::Unexpected::Float(v), &self))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Decimal, E> {
        parse(v.trim()).map_err(|_| E::invalid_value(de::Unexpected::Str(v), &self))
    }

    /// serde_json with `arbitrary_precision` hands numbers over as a one-entry map.
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Decimal, A::Error> {
        let Some((_, text)) = map.next_entry::<String, String>()? else {
            return Err(de::Error::invalid_type(de::Unexpected::Map, &self));
        };
        parse(&text).map_err(|_| de::Error::invalid_value(de::Unexpected::Str(&text), &self))
    }
}

fn parse(text: &str) -> Result<Decimal, rust_decimal::Error> {
    Decimal::from_str(text).or_else(|_| Decimal::from_scientific(text))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[derive(serde::Deserialize)]
    struct Probe {
        #[serde(default, deserialize_with = "opt_decimal")]
        v: Option<Decimal>,
        #[serde(default, deserialize_with = "opt_decimal_items")]
        items: Option<Vec<Option<Decimal>>>,
    }

    fn v(json: &str) -> Option<Decimal> {
        serde_json::from_str::<Probe>(json).unwrap().v
    }

    #[test]
    fn numbers_strings_and_null_read_exactly() {
        assert_eq!(v(r#"{"v": 1.5}"#), Some(dec!(1.5)));
        assert_eq!(v(r#"{"v": 0.1}"#), Some(dec!(0.1)));
        assert_eq!(v(r#"{"v": 23.75}"#), Some(dec!(23.75)));
        assert_eq!(v(r#"{"v": 4.35}"#), Some(dec!(4.35)));
        assert_eq!(v(r#"{"v": 7}"#), Some(dec!(7)));
        assert_eq!(v(r#"{"v": -2}"#), Some(dec!(-2)));
        assert_eq!(v(r#"{"v": "17.4"}"#), Some(dec!(17.4)));
        assert_eq!(v(r#"{"v": null}"#), None);
        assert_eq!(v(r#"{}"#), None);
    }

    #[test]
    fn item_lists_keep_their_gaps() {
        let p: Probe = serde_json::from_str(r#"{"items": [3, null, 2.5]}"#).unwrap();
        assert_eq!(p.items, Some(vec![Some(dec!(3)), None, Some(dec!(2.5))]));
    }

    #[test]
    fn non_numbers_are_refused() {
        assert!(serde_json::from_str::<Probe>(r#"{"v": "abc"}"#).is_err());
        assert!(serde_json::from_str::<Probe>(r#"{"v": true}"#).is_err());
    }
}
