//! The release directory (`REGISTRY_RELEASE_DIR`): one `ID.zip` per done release, written as
//! `ID.zip.part` until complete. Files are removed when their job is deleted or expires; partial
//! files a stopped server left behind are removed at start-up.

use std::path::{Path, PathBuf};

use registry_core::store::exports;
use registry_core::store::{Actor, DbConn, StoreError, WriteCtx};

const PARTIAL: &str = ".zip.part";

/// The file name of job `id`'s release.
pub fn file_name(id: &str) -> String {
    format!("{id}.zip")
}

/// Where job `id`'s release is written until it is complete.
pub fn partial_path(dir: &Path, id: &str) -> PathBuf {
    dir.join(format!("{id}{PARTIAL}"))
}

/// Creates the directory and removes partial files left by a stopped server.
pub fn prepare(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.to_string_lossy().ends_with(PARTIAL) {
            remove(&path);
        }
    }
    Ok(())
}

/// Removes a file; one already gone is fine, any other failure is logged.
pub fn remove(path: &Path) {
    match std::fs::remove_file(path) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => {
            tracing::warn!(error = %e, file = %path.display(), "cannot remove a release file")
        }
    }
}

/// Housekeeping: expires the done releases past their retention (status `expired`, audited)
/// and removes their files; returns how many.
pub fn expire(
    conn: &mut DbConn,
    dir: &Path,
    now: chrono::NaiveDateTime,
) -> Result<usize, StoreError> {
    let ctx = WriteCtx::new(Actor::system());
    let expired = conn.write(|tx| exports::expire(tx, &ctx, now))?;
    for job in &expired {
        if let Some(name) = &job.file_name {
            remove(&dir.join(name));
        }
    }
    Ok(expired.len())
}
