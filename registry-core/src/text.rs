//! The one rule for entered text: no NUL character anywhere (PostgreSQL cannot store one, and
//! SQLite would keep it where no reader expects it), and a length limit for every kind of text.
//!
//! Every string that enters the registry meets [`check`]: the API's JSON bodies, path ids, query
//! parameters and the import's cells are refused as bad input before anything is stored. Free
//! text also has a limit of its own ([`free_text`] with one of the `*_MAX` lengths).

use crate::FieldError;

/// The longest string any field accepts (in characters): anything longer is not data.
pub const ANY_MAX: usize = 10_000;
/// A short label (a center's name, a data query's entity or field).
pub const LABEL_MAX: usize = 200;
/// A message (a data query's question or answer, a reason for an edit).
pub const MESSAGE_MAX: usize = 4_000;

/// Why a string is refused.
pub const NUL_MESSAGE: &str = "the text contains a NUL character (\\u0000)";

/// Checks the rules every string meets: no NUL character and at most [`ANY_MAX`] characters.
/// The message names the rule, never the value.
pub fn check(field: &str, value: &str) -> Result<(), FieldError> {
    if value.contains('\0') {
        return Err(FieldError::new(field, NUL_MESSAGE));
    }
    if value.len() > ANY_MAX && value.chars().count() > ANY_MAX {
        return Err(FieldError::new(
            field,
            format!("a text is at most {ANY_MAX} characters"),
        ));
    }
    Ok(())
}

/// Free text of at most `max` characters, trimmed; the rules of [`check`] apply too.
pub fn free_text(field: &str, value: &str, max: usize) -> Result<String, FieldError> {
    check(field, value)?;
    let trimmed = value.trim();
    if trimmed.chars().count() > max {
        return Err(FieldError::new(
            field,
            format!("this text is at most {max} characters"),
        ));
    }
    Ok(trimmed.to_owned())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn nul_is_refused_without_echoing_the_value() {
        let e = check("message", "secret\0value").unwrap_err();
        assert_eq!(e.field, "message");
        assert!(!e.message.contains("secret"));
    }

    #[test]
    fn limits_count_characters() {
        assert!(free_text("name", &"é".repeat(200), LABEL_MAX).is_ok());
        assert!(free_text("name", &"é".repeat(201), LABEL_MAX).is_err());
        assert!(check("x", &"a".repeat(ANY_MAX)).is_ok());
        assert!(check("x", &"a".repeat(ANY_MAX + 1)).is_err());
        assert_eq!(free_text("x", "  a  ", 1).unwrap(), "a");
    }
}
