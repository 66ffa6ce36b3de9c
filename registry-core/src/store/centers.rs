//! Centers: the hospitals that share the registry.

use diesel::prelude::*;
use serde::Serialize;

use super::audit::{self, Entry};
use super::schema::centers;
use super::{DbConn, StoreError, WriteCtx};

/// A stored center.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, Serialize)]
#[diesel(table_name = centers)]
pub struct CenterRow {
    /// Id.
    pub id: String,
    /// Short unique code (`UMCU`).
    pub code: String,
    /// Display name.
    pub name: String,
    /// Whether the center may still enter data.
    pub active: bool,
    /// Created (UTC).
    #[serde(skip)]
    pub created_at: chrono::NaiveDateTime,
    /// Last changed (UTC).
    #[serde(skip)]
    pub updated_at: chrono::NaiveDateTime,
    /// Row version.
    pub version: i32,
}

/// Checks a center code: 2–16 characters, upper-case letters, digits, `-` or `_`.
pub fn validate_code(code: &str) -> Result<(), crate::FieldError> {
    let ok = (2..=16).contains(&code.len())
        && code
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-' || c == '_');
    if ok {
        Ok(())
    } else {
        Err(crate::FieldError::new(
            "code",
            "a center code is 2 to 16 upper-case letters, digits, '-' or '_'",
        ))
    }
}

/// Creates a center (code unique).
pub fn create(
    conn: &mut DbConn,
    ctx: &WriteCtx,
    code: &str,
    name: &str,
) -> Result<CenterRow, StoreError> {
    validate_code(code).map_err(crate::ValidationErrors::from)?;
    if name.trim().is_empty() {
        return Err(crate::FieldError::new("name", "a center needs a name").into_store());
    }
    crate::text::free_text("name", name, crate::text::LABEL_MAX)
        .map_err(crate::FieldError::into_store)?;
    let row = CenterRow {
        id: super::new_id(),
        code: code.to_owned(),
        name: name.trim().to_owned(),
        active: true,
        created_at: ctx.now,
        updated_at: ctx.now,
        version: 1,
    };
    diesel::insert_into(centers::table)
        .values(&row)
        .execute(conn)?;
    audit::append(
        conn,
        ctx,
        Entry {
            entity: "center",
            entity_id: Some(row.id.clone()),
            action: "create",
            after: super::audit::json(&row),
            ..Entry::default()
        },
    )?;
    Ok(row)
}

/// A center by id.
pub fn get(conn: &mut DbConn, id: &str) -> Result<CenterRow, StoreError> {
    Ok(centers::table
        .find(id)
        .select(CenterRow::as_select())
        .first(conn)?)
}

/// A center by code.
pub fn by_code(conn: &mut DbConn, code: &str) -> Result<CenterRow, StoreError> {
    Ok(centers::table
        .filter(centers::code.eq(code))
        .select(CenterRow::as_select())
        .first(conn)?)
}

/// Every center, by code.
pub fn list(conn: &mut DbConn) -> Result<Vec<CenterRow>, StoreError> {
    Ok(centers::table
        .order(centers::code)
        .select(CenterRow::as_select())
        .load(conn)?)
}

impl crate::FieldError {
    /// This error as a store error.
    pub fn into_store(self) -> StoreError {
        StoreError::Invalid(self.into())
    }
}
