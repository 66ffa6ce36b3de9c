//! Every release is an audit event: who, the exact cohort definition and data cut (the audit
//! trail keeps what the release leaves out), k, the counts and the SHA-256 of the zip.

use registry_core::store::{DbConn, StoreError, WriteCtx, audit};
use serde_json::json;

use super::{ReleaseRequest, ReleaseSummary};

/// Appends the audit event of a release made by `ctx`'s actor (in its own write transaction).
pub fn audit_release(
    conn: &mut DbConn,
    ctx: &WriteCtx,
    request: &ReleaseRequest,
    summary: &ReleaseSummary,
) -> Result<(), StoreError> {
    let release_id = summary
        .manifest
        .get("release_id")
        .and_then(|v| v.as_str())
        .map(str::to_owned);
    let record = json!({
        "release_id": release_id,
        "cohort": request.cohort.to_json(),
        "data_cut": request.data_cut.format("%Y-%m-%d").to_string(),
        "k": request.k,
        "key": if request.key.is_some() { "given" } else { "fresh" },
        "counts": summary.counts,
        "patients_suppressed": summary.patients_suppressed,
        "k_reached": summary.manifest.get("k_reached"),
        "consent_exclusions": summary.manifest.get("consent_exclusions"),
        "sha256": summary.sha256,
    });
    conn.write(|tx| {
        audit::append(
            tx,
            ctx,
            audit::Entry {
                entity: "release",
                entity_id: release_id.clone(),
                action: "export",
                after: audit::json(&record),
                ..Default::default()
            },
        )
    })
}
