//! Duplicate keys of a JSON body, by JSON path. serde_json keeps the last of two equal keys of an
//! object, so `{"sex": "female", "sex": "male"}` would be read as `male` without a word; the
//! body is refused instead, with the path of every repeated key, as an unknown field is.

use std::collections::HashSet;
use std::fmt;

use registry_core::FieldError;
use registry_core::error::join_path;
use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

/// Why a repeated key is refused.
pub const DUPLICATE: &str = "this key appears more than once in its object; send it once";

/// The repeated keys of `json` (valid JSON text), by JSON path; at most `limit` of them.
pub fn duplicates(json: &[u8], limit: usize) -> Vec<FieldError> {
    let mut found = Vec::new();
    let mut de = serde_json::Deserializer::from_slice(json);
    // The text is valid JSON (the caller parsed it first); nothing to report if it were not.
    let _ = Walk {
        path: String::new(),
        found: &mut found,
        limit,
    }
    .deserialize(&mut de);
    found
}

/// Walks one value at `path`, collecting repeated keys.
struct Walk<'a> {
    path: String,
    found: &'a mut Vec<FieldError>,
    limit: usize,
}

impl<'de> DeserializeSeed<'de> for Walk<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Walk<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut i = 0_usize;
        loop {
            let item = Walk {
                path: format!("{}[{i}]", self.path),
                found: &mut *self.found,
                limit: self.limit,
            };
            if seq.next_element_seed(item)?.is_none() {
                return Ok(());
            }
            i += 1;
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut seen: HashSet<String> = HashSet::new();
        while let Some(key) = map.next_key::<String>()? {
            let path = join_path(&self.path, &key);
            if !seen.insert(key) {
                if self.found.len() < self.limit {
                    self.found.push(FieldError::new(path, DUPLICATE));
                }
                map.next_value::<IgnoredAny>()?;
                continue;
            }
            map.next_value_seed(Walk {
                path,
                found: &mut *self.found,
                limit: self.limit,
            })?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths(json: &str) -> Vec<String> {
        duplicates(json.as_bytes(), 64)
            .into_iter()
            .map(|e| e.field)
            .collect()
    }

    #[test]
    fn repeated_keys_are_found_at_every_depth() {
        assert!(paths(r#"{"a": 1, "b": {"a": 2}, "c": [{"a": 1}, {"b": 2}]}"#).is_empty());
        assert_eq!(paths(r#"{"sex": "f", "sex": "m"}"#), ["sex"]);
        assert_eq!(
            paths(r#"{"easi": {"regions": {"trunk": {"erythema": 1, "erythema": 2}}}}"#),
            ["easi.regions.trunk.erythema"]
        );
        assert_eq!(
            paths(r#"{"labs": [{"unit": "g/L"}, {"unit": "x", "unit": "y"}]}"#),
            ["labs[1].unit"]
        );
        // An escaped key is the same key.
        assert_eq!(paths(r#"{"a": 1, "\u0061": 2}"#), ["a"]);
    }
}
