//! Where the bytes of an import come from: [`Hashing`] computes the file's SHA-256 (and reports
//! progress) as it is read; [`BodyReader`] reads an HTTP body that the async handler forwards
//! chunk by chunk over a bounded channel, so the blocking import never holds the whole file.

use std::io::Read;
use std::sync::Arc;

use actix_web::web::Bytes;
use sha2::{Digest, Sha256};
use tokio::sync::mpsc::Receiver;

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

/// The blocking side of a streamed HTTP body.
pub struct BodyReader {
    chunks: Receiver<Result<Bytes, String>>,
    current: Bytes,
}

impl BodyReader {
    /// Reads the chunks sent on `chunks` until the sender is dropped.
    pub fn new(chunks: Receiver<Result<Bytes, String>>) -> Self {
        Self {
            chunks,
            current: Bytes::new(),
        }
    }
}

impl Read for BodyReader {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        while self.current.is_empty() {
            match self.chunks.blocking_recv() {
                None => return Ok(0),
                Some(Ok(chunk)) => self.current = chunk,
                Some(Err(e)) => return Err(std::io::Error::other(e)),
            }
        }
        let n = buf.len().min(self.current.len());
        buf[..n].copy_from_slice(&self.current.split_to(n));
        Ok(n)
    }
}
