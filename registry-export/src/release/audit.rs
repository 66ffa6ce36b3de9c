//! Every release is an audit event: who, the exact cohort definition and data cut (the audit
//! trail keeps what the release leaves out), k, the counts and the SHA-256 of the zip — written
//! by the store's one writer of release events, [`exports::audit_release`].

use registry_core::store::exports::{self, ReleaseKey, ReleaseRecord};
use registry_core::store::{DbConn, StoreError, WriteCtx};

use super::{ReleaseRequest, ReleaseSummary};

/// Appends the audit event of a release made on the command line by `ctx`'s actor (in its own
/// write transaction).
pub fn audit_release(
    conn: &mut DbConn,
    ctx: &WriteCtx,
    request: &ReleaseRequest,
    summary: &ReleaseSummary,
) -> Result<(), StoreError> {
    let record = ReleaseRecord {
        release_id: summary
            .manifest
            .get("release_id")
            .and_then(|v| v.as_str())
            .map(str::to_owned),
        cohort: request.cohort.to_json(),
        data_cut: request.data_cut,
        k: request.k,
        key: if request.key.is_some() {
            ReleaseKey::Given
        } else {
            ReleaseKey::Fresh
        },
        counts: summary.counts.clone(),
        patients_suppressed: summary.patients_suppressed,
        k_reached: summary.manifest.get("k_reached").cloned(),
        consent_exclusions: summary.manifest.get("consent_exclusions").cloned(),
        sha256: summary.sha256.clone(),
        expires_at: None,
    };
    conn.write(|tx| exports::audit_release(tx, ctx, None, &record))
}
