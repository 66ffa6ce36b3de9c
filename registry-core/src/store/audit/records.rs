//! The record check of [`verify`](super::verify): the chains prove the trail itself is whole;
//! this proves the tables agree with it. A row deleted, added or changed behind the server's
//! back (a restored partial backup, a hand-written `DELETE`) leaves every chain intact, so each
//! clinical table is compared with the trail:
//! - every stored record equals the state its latest audit event recorded (`after`), or is
//!   soft-deleted when that event is its deletion;
//! - every record the trail audited still has its row;
//! - a record with no event of its own was created by an import (the import's one event covers
//!   its rows, see [`crate::store::imports`]), and each import still has the number of rows it
//!   recorded as created.
//!
//! Reads in pages, like the chain check.

use std::collections::HashMap;

use diesel::prelude::*;

use super::super::schema::audit_events;
use super::super::{DbConn, StoreError};
use super::Verification;

/// A record that does not agree with the audit trail.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RecordMismatch {
    /// The kind of record (`lab_result`, …, or `import`).
    pub entity: String,
    /// Its id.
    pub id: String,
    /// What is wrong, in words.
    pub problem: String,
}

type RowsFn = fn(&mut DbConn, &str, i64) -> Result<Vec<(String, Option<String>)>, StoreError>;
type IdsFn = fn(&mut DbConn, &[String]) -> Result<Vec<String>, StoreError>;

/// One audited table.
struct Table {
    /// The `entity` of its events.
    entity: &'static str,
    /// The import kind that creates its rows, if any.
    import_kind: Option<&'static str>,
    rows: RowsFn,
    ids: IdsFn,
}

/// Every clinical table, each with its audit entity.
const TABLES: [Table; 9] = {
    use super::super::{
        adverse_events, comorbidities, labs, patients, treatments, vaccinations, visits,
    };
    [
        Table {
            entity: "patient",
            import_kind: Some("patients"),
            rows: patients::audit_rows,
            ids: patients::stored_ids,
        },
        Table {
            entity: "treatment_episode",
            import_kind: Some("treatments"),
            rows: treatments::audit_rows,
            ids: treatments::stored_ids,
        },
        Table {
            entity: "dose_change",
            import_kind: None,
            rows: treatments::doses::audit_rows,
            ids: treatments::doses::stored_ids,
        },
        Table {
            entity: "interruption",
            import_kind: None,
            rows: treatments::interruptions::audit_rows,
            ids: treatments::interruptions::stored_ids,
        },
        Table {
            entity: "visit",
            import_kind: Some("visits"),
            rows: visits::audit_rows,
            ids: visits::stored_ids,
        },
        Table {
            entity: "lab_result",
            import_kind: Some("labs"),
            rows: labs::audit_rows,
            ids: labs::stored_ids,
        },
        Table {
            entity: "adverse_event",
            import_kind: Some("adverse_events"),
            rows: adverse_events::audit_rows,
            ids: adverse_events::stored_ids,
        },
        Table {
            entity: "vaccination",
            import_kind: None,
            rows: vaccinations::audit_rows,
            ids: vaccinations::stored_ids,
        },
        Table {
            entity: "comorbidity",
            import_kind: None,
            rows: comorbidities::audit_rows,
            ids: comorbidities::stored_ids,
        },
    ]
};

const PAGE: i64 = 2_000;
/// At most this many mismatches are listed per table (the count is always complete).
const LISTED: usize = 100;

/// One event of a record: action, before, after.
type Event = (String, Option<String>, Option<String>);
/// One event as read: the record's id, action, before, after.
type EventRow = (Option<String>, String, Option<String>, Option<String>);

/// Compares every clinical table with the trail, adding what disagrees to `result`.
pub(super) fn check(conn: &mut DbConn, result: &mut Verification) -> Result<(), StoreError> {
    // Rows created by each import (no event of their own, or a first event that edits a row
    // of that import), by import id.
    let mut imported: HashMap<String, i64> = HashMap::new();
    for table in &TABLES {
        let mut listed = 0_usize;
        let mut report = |result: &mut Verification, id: &str, problem: String| {
            result.mismatched += 1;
            if listed < LISTED {
                listed += 1;
                result.mismatches.push(RecordMismatch {
                    entity: table.entity.to_owned(),
                    id: id.to_owned(),
                    problem,
                });
            }
        };
        // Every stored row against its events.
        let mut after = String::new();
        loop {
            let rows = (table.rows)(conn, &after, PAGE)?;
            let Some((last, _)) = rows.last() else {
                break;
            };
            after = last.clone();
            let ids: Vec<String> = rows.iter().map(|(id, _)| id.clone()).collect();
            let events = events_of(conn, table.entity, &ids)?;
            for (id, json) in &rows {
                result.records += 1;
                let row: serde_json::Value = json
                    .as_deref()
                    .and_then(|j| serde_json::from_str(j).ok())
                    .unwrap_or_default();
                let import_of = |v: &serde_json::Value| {
                    v.get("import_id")
                        .and_then(|i| i.as_str())
                        .map(str::to_owned)
                };
                let Some(history) = events.get(id) else {
                    match import_of(&row) {
                        Some(import) if table.import_kind.is_some() => {
                            *imported.entry(import).or_default() += 1;
                        }
                        _ => report(
                            result,
                            id,
                            "the record has no audit event: it was stored behind the trail's back"
                                .into(),
                        ),
                    }
                    continue;
                };
                if let Some(problem) = disagreement(&row, history) {
                    report(result, id, problem);
                }
                if let Some((first, before, _)) = history.first()
                    && first != "create"
                {
                    let before: serde_json::Value = before
                        .as_deref()
                        .and_then(|j| serde_json::from_str(j).ok())
                        .unwrap_or_default();
                    match import_of(&before) {
                        Some(import) if table.import_kind.is_some() => {
                            *imported.entry(import).or_default() += 1;
                        }
                        _ => report(
                            result,
                            id,
                            format!("its history starts with `{first}`, not with its creation"),
                        ),
                    }
                }
            }
        }
        // Every audited record still stored.
        let mut after = String::new();
        loop {
            let ids: Vec<String> = audit_events::table
                .filter(audit_events::entity.eq(table.entity))
                .filter(audit_events::entity_id.gt(&after))
                .select(audit_events::entity_id.assume_not_null())
                .distinct()
                .order(audit_events::entity_id.assume_not_null())
                .limit(PAGE)
                .load(conn)?;
            let Some(last) = ids.last() else {
                break;
            };
            after = last.clone();
            let stored: std::collections::HashSet<String> =
                (table.ids)(conn, &ids)?.into_iter().collect();
            for id in ids.iter().filter(|id| !stored.contains(*id)) {
                report(
                    result,
                    id,
                    "the trail records this record but its row is missing".into(),
                );
            }
        }
    }
    check_imports(conn, result, &imported)
}

/// Why a stored `row` disagrees with its events (`history`, in order), if it does.
fn disagreement(row: &serde_json::Value, history: &[Event]) -> Option<String> {
    let (action, _, after) = history.last()?;
    let deleted = row.get("deleted_at").is_some_and(|d| !d.is_null());
    match (action.as_str(), deleted) {
        ("delete", true) => None,
        ("delete", false) => {
            Some("the trail records its deletion but the row is not deleted".into())
        }
        (_, true) => Some("the row is deleted but the trail records no deletion".into()),
        (action, false) => {
            let audited: Option<serde_json::Value> =
                after.as_deref().and_then(|j| serde_json::from_str(j).ok());
            (audited.as_ref() != Some(row)).then(|| {
                format!("the row differs from the state its last audit event (`{action}`) recorded")
            })
        }
    }
}

/// The events of `entity` for `ids`, by id, each id's in chain order.
fn events_of(
    conn: &mut DbConn,
    entity: &str,
    ids: &[String],
) -> Result<HashMap<String, Vec<Event>>, StoreError> {
    let mut by_id: HashMap<String, Vec<Event>> = HashMap::new();
    for part in ids.chunks(crate::store::batch::MAX_IDS_PER_LOOKUP) {
        let events: Vec<EventRow> = audit_events::table
            .filter(audit_events::entity.eq(entity))
            .filter(audit_events::entity_id.eq_any(part))
            .order((audit_events::chain, audit_events::seq))
            .select((
                audit_events::entity_id,
                audit_events::action,
                audit_events::before_json,
                audit_events::after_json,
            ))
            .load(conn)?;
        for (id, action, before, after) in events {
            if let Some(id) = id {
                by_id.entry(id).or_default().push((action, before, after));
            }
        }
    }
    Ok(by_id)
}

/// Each import's recorded count of created rows against the rows that name it.
fn check_imports(
    conn: &mut DbConn,
    result: &mut Verification,
    imported: &HashMap<String, i64>,
) -> Result<(), StoreError> {
    let events: Vec<(Option<String>, Option<String>)> = audit_events::table
        .filter(audit_events::entity.eq("import"))
        .filter(audit_events::action.eq("import"))
        .select((audit_events::entity_id, audit_events::after_json))
        .load(conn)?;
    for (id, after) in events {
        let Some(id) = id else { continue };
        let after: serde_json::Value = after
            .as_deref()
            .and_then(|j| serde_json::from_str(j).ok())
            .unwrap_or_default();
        let created = after
            .get("rows_created")
            .and_then(serde_json::Value::as_i64)
            .unwrap_or(0);
        let kind = after.get("kind").and_then(|k| k.as_str()).unwrap_or("?");
        let stored = imported.get(&id).copied().unwrap_or(0);
        if stored != created {
            result.mismatched += 1;
            result.mismatches.push(RecordMismatch {
                entity: "import".into(),
                id,
                problem: format!(
                    "the import created {created} {kind} record(s); {stored} of them are stored"
                ),
            });
        }
    }
    Ok(())
}
