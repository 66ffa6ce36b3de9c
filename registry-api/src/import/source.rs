//! [`Hashing`] computes an import file's SHA-256 (and reports progress) as it is read.

use std::io::Read;
use std::sync::Arc;

use sha2::{Digest, Sha256};

/// A reader that hashes every byte it passes on.
pub struct Hashing<R> {
    inner: R,
    hasher: Sha256,
    read: u64,
    progress: Option<Arc<dyn Fn(u64) + Send + Sync>>,
}

impl<R: Read> Hashing<R> {
    /// Wraps `inner`; `progress` is told the bytes read so far.
    pub fn new(inner: R, progress: Option<Arc<dyn Fn(u64) + Send + Sync>>) -> Self {
        Self {
            inner,
            hasher: Sha256::new(),
            read: 0,
            progress,
        }
    }

    /// The SHA-256 (hex) of everything read.
    pub fn sha256(self) -> String {
        hex::encode(self.hasher.finalize())
    }
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        self.read += n as u64;
        if let Some(p) = &self.progress {
            p(self.read);
        }
        Ok(n)
    }
}
