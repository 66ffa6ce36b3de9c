//! Record ids: UUIDv7 (time-ordered, so cursors over ids follow creation order), stored as text.

/// A new record id.
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// True when `s` is a well-formed UUID (any other id answers 404 without a query).
pub fn is_valid_id(s: &str) -> bool {
    uuid::Uuid::try_parse(s).is_ok()
}
