//! What the release endpoints receive and answer.

use chrono::{DateTime, NaiveDate, Utc};
use registry_core::store::StoreError;
use registry_core::store::exports::ExportJobRow;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;

/// The largest k accepted (the smallest and the default are the release's own,
/// `registry_export::release::{MIN_K, DEFAULT_K}`).
pub const MAX_K: u32 = 1000;

/// A release request.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"cohort": {"diagnosis": "AA"}, "k": 5}))]
pub struct ExportRequest {
    /// The cohort definition: `{}` is everyone who consented to research.
    #[schema(value_type = CohortRequest)]
    pub cohort: Value,
    /// Smallest class size of the quasi-identifiers (default 5, at least 2).
    pub k: Option<i64>,
}

/// Which patients a release holds: `{}` is everyone with research consent on the data cut; each
/// field given narrows it. Read by `registry_export::release::CohortDefinition`, which names every
/// bad field by its path (`cohort.drugs[1]`); a field not listed here is refused.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"diagnosis": "AA", "drugs": ["baricitinib", "ritlecitinib"], "started_from": "2020-01-01"}))]
pub struct CohortRequest {
    /// Only patients with this diagnosis: `AA` or `AD`.
    pub diagnosis: Option<String>,
    /// Only patients with an episode of one of these drugs (drug codes of the catalogue).
    pub drugs: Option<Vec<String>>,
    /// Only patients of these centers (codes).
    pub centers: Option<Vec<String>>,
    /// Only patients with such an episode starting on or after this day.
    pub started_from: Option<NaiveDate>,
    /// Only patients with such an episode starting on or before this day.
    pub started_to: Option<NaiveDate>,
}

/// A queued job.
#[derive(Debug, Serialize, ToSchema)]
pub struct ExportAccepted {
    /// The job's id.
    pub id: String,
    /// `queued`.
    pub status: String,
    /// Where its status is read (`GET`).
    pub status_url: String,
}

/// A job and, once done, its release's manifest.
#[derive(Debug, Serialize, ToSchema)]
pub struct ExportView {
    /// Id.
    pub id: String,
    /// `queued`, `running`, `done`, `failed`, `deleted` or `expired`.
    pub status: String,
    /// Percent done (0–100).
    pub percent: i32,
    /// The stage being worked on (`reading`, `building`, `analysing`, `writing`).
    pub stage: Option<String>,
    /// The cohort definition asked for.
    #[schema(value_type = CohortRequest)]
    pub cohort: Value,
    /// The k asked for.
    pub k: i32,
    /// The user who asked.
    pub requested_by: String,
    /// When it was asked for (UTC).
    pub created_at: DateTime<Utc>,
    /// When the worker started it.
    pub started_at: Option<DateTime<Utc>>,
    /// When it ended.
    pub finished_at: Option<DateTime<Utc>>,
    /// When a done release expires (`REGISTRY_RELEASE_DAYS` after it was made).
    pub expires_at: Option<DateTime<Utc>>,
    /// SHA-256 of the zip, once done.
    pub sha256: Option<String>,
    /// The release's `manifest.json`, once done.
    #[schema(value_type = Option<registry_export::release::Manifest>)]
    pub manifest: Option<Value>,
    /// Why it failed.
    pub error: Option<String>,
    /// Where its status is read.
    pub status_url: String,
    /// Where the zip is downloaded, once done.
    pub download_url: Option<String>,
}

/// Jobs, newest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct ExportList {
    /// The jobs.
    pub items: Vec<ExportView>,
}

/// Where job `id`'s status is read.
pub fn status_url(id: &str) -> String {
    format!("/api/v1/exports/{id}")
}

impl ExportView {
    /// The view of a stored job.
    pub fn of(row: ExportJobRow) -> Result<Self, StoreError> {
        let done = row.status()? == registry_core::store::exports::ExportStatus::Done;
        Ok(Self {
            cohort: row.cohort_json()?,
            manifest: row.manifest_json()?,
            status_url: status_url(&row.id),
            download_url: done.then(|| format!("{}/download", status_url(&row.id))),
            id: row.id,
            status: row.status,
            percent: row.percent,
            stage: row.stage,
            k: row.k,
            requested_by: row.requested_by,
            created_at: row.created_at.and_utc(),
            started_at: row.started_at.map(|t| t.and_utc()),
            finished_at: row.finished_at.map(|t| t.and_utc()),
            expires_at: row.expires_at.map(|t| t.and_utc()),
            sha256: row.sha256,
            error: row.error,
        })
    }
}
