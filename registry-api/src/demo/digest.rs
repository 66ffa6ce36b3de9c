//! The content digest of a generated cohort: a SHA-256 per patient over a canonical dump of the
//! patient's clinical content as stored, and the SHA-256 of those patient digests in sorted order,
//! so the digest does not depend on the order in which patients were written or read back
//! (parallel writers store them in an order of their own). Ids, references between records,
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

/// A running digest: one SHA-256 per patient added.
#[derive(Default)]
pub struct Digest(Vec<[u8; 32]>);

/// The canonical dump of one patient, hashed as it is written.
struct Patient(Sha256);

impl Patient {
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

    fn lines(&mut self, w: &Written) {
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
}

impl Digest {
    /// Adds one patient's records.
    pub fn add(&mut self, w: &Written) {
        let mut this = Patient(Sha256::new());
        this.lines(w);
        self.0.push(this.0.finalize().into());
    }

    /// The hex SHA-256 of the patients' digests in sorted order.
    pub fn finish(mut self) -> String {
        self.0.sort_unstable();
        let mut all = Sha256::new();
        for patient in &self.0 {
            all.update(patient);
        }
        hex::encode(all.finalize())
    }
}
