//! The content digest of a generated cohort: SHA-256 over a canonical dump of the clinical
//! content as stored, patient by patient in generation order. Ids, references between records,
//! timestamps, authors and row versions are left out (ids are UUIDv7 and timestamps `now()`,
//! different on every run); everything a center entered or the rules computed is in. The same
//! seed, size and data cut give the same digest, on SQLite and PostgreSQL alike.

use serde::Serialize;
use serde_json::Value;
use sha2::{Digest as _, Sha256};

use super::write::Written;

/// Keys that differ between runs or only link records.
const VOLATILE: [&str; 16] = [
    "id",
    "center_id",
    "patient_id",
    "visit_id",
    "episode_id",
    "import_id",
    "created_at",
    "created_by",
    "updated_at",
    "updated_by",
    "version",
    "deleted_at",
    "deleted_by",
    "delete_reason",
    "rules_version",
    "occurred_at",
];

/// A running digest.
pub struct Digest(Sha256);

impl Default for Digest {
    fn default() -> Self {
        Self(Sha256::new())
    }
}

impl Digest {
    fn line<T: Serialize>(&mut self, tag: &str, row: &T) {
        let mut value = serde_json::to_value(row).unwrap_or(Value::Null);
        if let Value::Object(map) = &mut value {
            for key in VOLATILE {
                map.remove(key);
            }
        }
        self.0.update(tag.as_bytes());
        self.0.update(b"|");
        self.0.update(value.to_string().as_bytes());
        self.0.update(b"\n");
    }

    /// Adds one patient's records.
    pub fn add(&mut self, w: &Written) {
        self.line("center", &w.center);
        self.line("patient", &w.patient);
        for row in &w.comorbidities {
            self.line("comorbidity", row);
        }
        for row in &w.vaccinations {
            self.line("vaccination", row);
        }
        for (episode, doses, pauses) in &w.episodes {
            self.line("episode", episode);
            for row in doses {
                self.line("dose", row);
            }
            for row in pauses {
                self.line("interruption", row);
            }
        }
        for row in &w.visits {
            self.line("visit", row);
        }
        for row in &w.labs {
            self.line("lab", row);
        }
        for row in &w.adverse_events {
            self.line("adverse_event", row);
        }
    }

    /// The hex SHA-256.
    pub fn finish(self) -> String {
        hex::encode(self.0.finalize())
    }
}
