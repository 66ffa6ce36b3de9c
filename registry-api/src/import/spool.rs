//! An import's HTTP body is received whole before the import touches the database: it is kept
//! in an unlinked temporary file as it arrives, so a slow or stalled client never holds a pooled
//! connection or, on SQLite, the database's one write lock. A body that sends nothing for the
//! idle timeout is refused (408), one larger than the limit too (413); the file disappears when
//! the import ends or the process dies.

use std::fs::File;
use std::io::{BufWriter, Seek, Write};
use std::path::Path;
use std::time::Duration;

use actix_web::web;
use futures_util::StreamExt;

use crate::error::ApiError;

/// Receives `payload` into a temporary file in `dir` and returns it, positioned at the start.
pub async fn receive(
    payload: &mut web::Payload,
    dir: &Path,
    idle: Duration,
    max_bytes: u64,
) -> Result<File, ApiError> {
    let file = tempfile::tempfile_in(dir)
        .map_err(|e| ApiError::Internal(format!("cannot create a spool file: {e}")))?;
    let mut out = BufWriter::with_capacity(1 << 20, file);
    let mut received: u64 = 0;
    loop {
        let chunk = match tokio::time::timeout(idle, payload.next()).await {
            Err(_) => return Err(ApiError::RequestTimeout { idle }),
            Ok(None) => break,
            Ok(Some(Err(e))) => {
                return Err(ApiError::BadRequest {
                    detail: format!("the body could not be read: {e}; nothing was stored"),
                    errors: vec![],
                });
            }
            Ok(Some(Ok(chunk))) => chunk,
        };
        received += chunk.len() as u64;
        if received > max_bytes {
            return Err(ApiError::PayloadTooLarge);
        }
        out.write_all(&chunk)
            .map_err(|e| ApiError::Internal(format!("cannot write the spool file: {e}")))?;
    }
    let mut file = out
        .into_inner()
        .map_err(|e| ApiError::Internal(format!("cannot write the spool file: {e}")))?;
    file.rewind()
        .map_err(|e| ApiError::Internal(format!("cannot read the spool file: {e}")))?;
    Ok(file)
}
