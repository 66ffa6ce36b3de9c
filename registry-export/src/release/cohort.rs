//! The cohort definition a researcher asks for: JSON, validated like any input (errors by JSON
//! path, unknown fields refused), mapped to the store's [`CohortFilter`] with the research
//! consent checked on the data cut.

use chrono::{Datelike, NaiveDate};
use registry_core::catalogue::Drug;
use registry_core::error::FieldError;
use registry_core::patient::Diagnosis;
use registry_core::store::cohort::CohortFilter;
use serde::Serialize;
use serde_json::{Map, Value, json};
use utoipa::ToSchema;

/// Which patients a release holds. `{}` is everyone with research consent on the data cut.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CohortDefinition {
    /// Only patients with this diagnosis (`"AA"` or `"AD"`).
    pub diagnosis: Option<Diagnosis>,
    /// Only patients with an episode of one of these drugs.
    pub drugs: Vec<Drug>,
    /// Only patients of these centers (codes).
    pub centers: Vec<String>,
    /// Only patients with such an episode starting on or after this day.
    pub started_from: Option<NaiveDate>,
    /// Only patients with such an episode starting on or before this day.
    pub started_to: Option<NaiveDate>,
}

const FIELDS: [&str; 5] = [
    "diagnosis",
    "drugs",
    "centers",
    "started_from",
    "started_to",
];

fn strings<'a>(
    map: &'a Map<String, Value>,
    field: &str,
    errors: &mut Vec<FieldError>,
) -> Vec<(String, &'a str)> {
    match map.get(field) {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .filter_map(|(i, item)| {
                let path = format!("{field}[{i}]");
                match item.as_str() {
                    Some(s) => Some((path, s)),
                    None => {
                        errors.push(FieldError::new(path, "must be a string"));
                        None
                    }
                }
            })
            .collect(),
        Some(_) => {
            errors.push(FieldError::new(field, "must be a list of strings"));
            Vec::new()
        }
    }
}

fn date(map: &Map<String, Value>, field: &str, errors: &mut Vec<FieldError>) -> Option<NaiveDate> {
    match map.get(field) {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => match NaiveDate::parse_from_str(s, "%Y-%m-%d") {
            Ok(d) if s.len() == 10 => Some(d),
            _ => {
                errors.push(FieldError::new(
                    field,
                    format!("{s:?} is not a date: write it as YYYY-MM-DD"),
                ));
                None
            }
        },
        Some(_) => {
            errors.push(FieldError::new(field, "must be a date YYYY-MM-DD"));
            None
        }
    }
}

impl CohortDefinition {
    /// Parses and validates a cohort definition; every error names its JSON path.
    pub fn parse(value: &Value) -> Result<Self, Vec<FieldError>> {
        let Some(map) = value.as_object() else {
            return Err(vec![FieldError::new(
                "",
                "the cohort definition must be a JSON object ({} for everyone with research consent)",
            )]);
        };
        let mut errors = Vec::new();
        for key in map.keys() {
            if !FIELDS.contains(&key.as_str()) {
                errors.push(FieldError::new(
                    key.as_str(),
                    format!("unknown field; the fields are {}", FIELDS.join(", ")),
                ));
            }
        }
        let diagnosis = match map.get("diagnosis") {
            None | Some(Value::Null) => None,
            Some(v) => {
                let parsed = v
                    .as_str()
                    .filter(|s| matches!(*s, "AA" | "AD"))
                    .and_then(Diagnosis::parse);
                if parsed.is_none() {
                    errors.push(FieldError::new("diagnosis", "must be \"AA\" or \"AD\""));
                }
                parsed
            }
        };
        let mut drugs = Vec::new();
        for (path, code) in strings(map, "drugs", &mut errors) {
            match Drug::ALL.into_iter().find(|d| d.code() == code) {
                Some(drug) if !drugs.contains(&drug) => drugs.push(drug),
                Some(_) => errors.push(FieldError::new(path, "is named twice")),
                None => errors.push(FieldError::new(
                    path,
                    format!("{code:?} is not a drug of the catalogue (dupilumab, baricitinib, …)"),
                )),
            }
        }
        let mut centers: Vec<String> = Vec::new();
        for (path, code) in strings(map, "centers", &mut errors) {
            if let Err(e) = registry_core::store::centers::validate_code(code) {
                errors.push(FieldError::new(path, e.message));
            } else if centers.iter().any(|c| c == code) {
                errors.push(FieldError::new(path, "is named twice"));
            } else {
                centers.push(code.to_owned());
            }
        }
        let started_from = date(map, "started_from", &mut errors);
        let started_to = date(map, "started_to", &mut errors);
        if let (Some(from), Some(to)) = (started_from, started_to)
            && from > to
        {
            errors.push(FieldError::new(
                "started_to",
                "is before started_from: no episode can start in this range",
            ));
        }
        if errors.is_empty() {
            Ok(Self {
                diagnosis,
                drugs,
                centers,
                started_from,
                started_to,
            })
        } else {
            Err(errors)
        }
    }

    /// The definition as JSON, exactly as asked (for the audit trail, which keeps exact
    /// dates; [`parse`](Self::parse) reads it back).
    pub fn to_json(&self) -> Value {
        let mut map = Map::new();
        if let Some(d) = self.diagnosis {
            map.insert("diagnosis".into(), json!(d.code()));
        }
        if !self.drugs.is_empty() {
            let codes: Vec<&str> = self.drugs.iter().map(|d| d.code()).collect();
            map.insert("drugs".into(), json!(codes));
        }
        if !self.centers.is_empty() {
            map.insert("centers".into(), json!(self.centers));
        }
        if let Some(d) = self.started_from {
            map.insert(
                "started_from".into(),
                json!(d.format("%Y-%m-%d").to_string()),
            );
        }
        if let Some(d) = self.started_to {
            map.insert("started_to".into(), json!(d.format("%Y-%m-%d").to_string()));
        }
        Value::Object(map)
    }

    /// The definition as the manifest shows it: no calendar date (the start range as years)
    /// and no center code (the number of centers asked for); the exact definition is in the
    /// audit trail.
    pub fn public(&self) -> PublicCohort {
        PublicCohort {
            diagnosis: self.diagnosis.map(|d| d.code().to_owned()),
            drugs: self.drugs.iter().map(|d| d.code().to_owned()).collect(),
            centers_asked: (!self.centers.is_empty()).then_some(self.centers.len()),
            started_from_year: self.started_from.map(|d| d.year()),
            started_to_year: self.started_to.map(|d| d.year()),
        }
    }

    /// The store's filter for this definition, with `center_ids` for its center codes and the
    /// research consent checked on `data_cut`.
    pub fn filter(&self, center_ids: Vec<String>, data_cut: NaiveDate) -> CohortFilter {
        CohortFilter {
            diagnosis: self.diagnosis,
            drugs: self.drugs.iter().map(|d| d.code().to_owned()).collect(),
            center_ids,
            started_from: self.started_from,
            started_to: self.started_to,
            consent_on: Some(data_cut),
        }
    }
}

/// A cohort definition as a release's manifest shows it: no calendar date (the start range as
/// years) and no center code (the number of centers asked for). Conditions not asked for are
/// left out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct PublicCohort {
    /// `AA` or `AD`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub diagnosis: Option<String>,
    /// Drug codes.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub drugs: Vec<String>,
    /// How many centers were asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub centers_asked: Option<usize>,
    /// The year of the earliest episode start asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub started_from_year: Option<i32>,
    /// The year of the latest episode start asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub started_to_year: Option<i32>,
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn empty_object_is_everyone() {
        let def = CohortDefinition::parse(&json!({})).unwrap();
        assert_eq!(def, CohortDefinition::default());
        let cut = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        let filter = def.filter(Vec::new(), cut);
        assert_eq!(filter.consent_on, Some(cut));
        assert!(filter.drugs.is_empty() && filter.diagnosis.is_none());
    }

    #[test]
    fn full_definition_round_trips() {
        let value = json!({"diagnosis": "AA", "drugs": ["baricitinib", "ritlecitinib"],
            "centers": ["UMCU"], "started_from": "2023-01-01", "started_to": "2024-12-31"});
        let def = CohortDefinition::parse(&value).unwrap();
        assert_eq!(def.diagnosis, Some(Diagnosis::Aa));
        assert_eq!(def.drugs, [Drug::Baricitinib, Drug::Ritlecitinib]);
        assert_eq!(CohortDefinition::parse(&def.to_json()).unwrap(), def);
        let public = serde_json::to_string(&def.public()).unwrap();
        assert!(!public.contains("2023-01-01") && !public.contains("UMCU"));
        assert!(public.contains("\"started_from_year\":2023"));
    }

    #[test]
    fn errors_name_their_json_paths() {
        let value = json!({"diagnosis": "XX", "drugs": ["aspirin", 3], "centers": "UMCU",
            "started_from": "2024-02-30", "started_to": "2024-01-01", "colour": "red"});
        let errors = CohortDefinition::parse(&value).unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        for f in [
            "colour",
            "diagnosis",
            "drugs[0]",
            "drugs[1]",
            "centers",
            "started_from",
        ] {
            assert!(fields.contains(&f), "{f} missing in {fields:?}");
        }
        let range = json!({"started_from": "2024-02-01", "started_to": "2024-01-01"});
        let errors = CohortDefinition::parse(&range).unwrap_err();
        assert_eq!(errors[0].field, "started_to");
        assert_eq!(
            CohortDefinition::parse(&json!([])).unwrap_err()[0].field,
            ""
        );
    }
}
