//! Helpers of the release suites: a demo cohort, a release written to a temporary file, and
//! the files of a release zip.

use std::collections::BTreeMap;
use std::io::Read;

use chrono::NaiveDate;
use registry_api::demo::{self, Config};
use registry_core::store::DbConn;
use registry_export::release::{
    self, CohortDefinition, ReleaseKey, ReleaseRequest, ReleaseSummary,
};

use crate::fixtures::date;

/// The data cut of the demo cohorts in these suites.
pub fn demo_cut() -> NaiveDate {
    date(2026, 6, 30)
}

/// Generates a demo cohort of `patients` in 4 centers.
pub fn demo_cohort(conn: &mut DbConn, patients: usize, seed: u64) {
    let config = Config {
        patients,
        centers: 4,
        seed,
        until: demo_cut(),
    };
    demo::generate(conn, &config, &mut |_, _| {}).unwrap();
}

/// A fixed release key.
pub fn key(byte: u8) -> ReleaseKey {
    let mut bytes = [byte; 32];
    bytes[0] = byte.wrapping_add(1);
    ReleaseKey::from_random_bytes(bytes).unwrap()
}

/// A request for `cohort` (JSON) with `k`, `key` and the data cut.
pub fn request(
    cohort: serde_json::Value,
    k: u32,
    key: Option<ReleaseKey>,
    cut: NaiveDate,
) -> ReleaseRequest {
    ReleaseRequest {
        cohort: CohortDefinition::parse(&cohort).unwrap(),
        k,
        key,
        data_cut: cut,
    }
}

/// A written release: its summary and every file of its zip, by name.
pub struct Release {
    pub summary: ReleaseSummary,
    pub files: BTreeMap<String, Vec<u8>>,
    pub zip: Vec<u8>,
}

impl Release {
    /// The text of a file.
    pub fn text(&self, name: &str) -> String {
        String::from_utf8(self.files[name].clone()).unwrap()
    }

    /// The manifest.
    pub fn manifest(&self) -> serde_json::Value {
        serde_json::from_slice(&self.files["manifest.json"]).unwrap()
    }

    /// The rows of a CSV table (header first), split on commas (the tables' codes and numbers
    /// hold none).
    pub fn csv(&self, table: &str) -> Vec<Vec<String>> {
        self.text(&format!("{table}.csv"))
            .lines()
            .map(|l| l.split(',').map(str::to_owned).collect())
            .collect()
    }

    /// The values of `column` of a CSV table.
    pub fn column(&self, table: &str, column: &str) -> Vec<String> {
        let rows = self.csv(table);
        let at = rows[0].iter().position(|c| c == column).unwrap();
        rows[1..].iter().map(|r| r[at].clone()).collect()
    }
}

/// Writes the release of `request` and reads its zip back.
pub fn write(conn: &mut DbConn, request: &ReleaseRequest) -> Release {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("release.zip");
    let summary = release::write_release(conn, None, request, &out, &|_, _| {}).unwrap();
    let zip = std::fs::read(&out).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip.clone())).unwrap();
    let mut files = BTreeMap::new();
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).unwrap();
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes).unwrap();
        files.insert(file.name().to_owned(), bytes);
    }
    Release {
        summary,
        files,
        zip,
    }
}
