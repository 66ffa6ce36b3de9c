//! Validation errors that name the field and the reason in words a data manager understands.
//!
//! Every fallible constructor in this crate returns [`FieldError`] (one bad value) or
//! [`ValidationErrors`] (all bad values of a composite input). The `field` is a JSON path relative
//! to the value being parsed (`regions.trunk.erythema`); callers prefix it with [`FieldError::under`]
//! when they nest values, so the API can answer with the full path (`easi.regions.trunk.erythema`).

use std::fmt;

/// One invalid value: where it is and why it is refused.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FieldError {
    /// JSON path of the bad value, relative to the parsed input (`""` for the input itself).
    pub field: String,
    /// Why the value is refused, for a data manager.
    pub message: String,
}

impl FieldError {
    /// A new error at `field` with `message`.
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
        }
    }

    /// The same error with `prefix` put in front of its path (`prefix.field`).
    #[must_use]
    pub fn under(mut self, prefix: &str) -> Self {
        self.field = join_path(prefix, &self.field);
        self
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.field.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.field, self.message)
        }
    }
}

impl std::error::Error for FieldError {}

/// Joins two JSON path segments with a dot, leaving out empty ones.
pub fn join_path(prefix: &str, field: &str) -> String {
    match (prefix.is_empty(), field.is_empty()) {
        (true, _) => field.to_owned(),
        (false, true) => prefix.to_owned(),
        (false, false) if field.starts_with('[') => format!("{prefix}{field}"),
        (false, false) => format!("{prefix}.{field}"),
    }
}

/// Every invalid value of a composite input (never only the first).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ValidationErrors(pub Vec<FieldError>);

impl ValidationErrors {
    /// No errors yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records one error.
    pub fn push(&mut self, error: FieldError) {
        self.0.push(error);
    }

    /// Records every error of `other`, each put under `prefix`.
    pub fn extend_under(&mut self, prefix: &str, other: ValidationErrors) {
        self.0.extend(other.0.into_iter().map(|e| e.under(prefix)));
    }

    /// Keeps the value of `result`, or records its error(s) under `prefix` and returns `None`.
    pub fn collect<T, E: Into<ValidationErrors>>(
        &mut self,
        prefix: &str,
        result: Result<T, E>,
    ) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(e) => {
                self.extend_under(prefix, e.into());
                None
            }
        }
    }

    /// True when nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `Ok(value)` when nothing was recorded, the errors otherwise.
    pub fn into_result<T>(self, value: T) -> Result<T, ValidationErrors> {
        if self.is_empty() {
            Ok(value)
        } else {
            Err(self)
        }
    }

    /// The recorded errors.
    pub fn errors(&self) -> &[FieldError] {
        &self.0
    }
}

impl From<FieldError> for ValidationErrors {
    fn from(e: FieldError) -> Self {
        Self(vec![e])
    }
}

impl fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ValidationErrors {}

/// A non-blocking remark on accepted input (off-label start, area 0 with signs, …).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Warning {
    /// Stable machine-readable code (`easi.area_zero_with_signs`).
    pub code: String,
    /// JSON path of the value the warning is about (may be empty).
    pub field: String,
    /// The remark, for a clinician or data manager.
    pub message: String,
}

impl Warning {
    /// A new warning.
    pub fn new(
        code: impl Into<String>,
        field: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            code: code.into(),
            field: field.into(),
            message: message.into(),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn paths_join_with_dots_and_brackets() {
        assert_eq!(join_path("easi", "regions.trunk"), "easi.regions.trunk");
        assert_eq!(join_path("", "salt"), "salt");
        assert_eq!(join_path("labs", "[2].unit"), "labs[2].unit");
        assert_eq!(FieldError::new("", "bad").under("pp_nrs").field, "pp_nrs");
    }
}
