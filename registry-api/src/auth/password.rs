//! Password hashing: argon2id with OWASP parameters (19 MiB, t = 2, p = 1), on a blocking thread
//! behind a small concurrency limit (`REGISTRY_HASH_CONCURRENCY`) in working memory allocated
//! once, with a dummy verify for unknown accounts so the time taken does not reveal who exists.

use argon2::password_hash::{Output, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use tokio::sync::Semaphore;

use crate::error::ApiError;

/// The argon2id instance with the registry's parameters.
pub fn argon2() -> Argon2<'static> {
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params())
}

/// Hashes a password to a PHC string.
pub fn hash(password: &str) -> Result<String, ApiError> {
    let salt_bytes: [u8; 16] = rand::random();
    let salt =
        SaltString::encode_b64(&salt_bytes).map_err(|e| ApiError::Internal(e.to_string()))?;
    argon2()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| ApiError::Internal(e.to_string()))
}

/// True when `password` matches the PHC string.
pub fn verify(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc).is_ok_and(|parsed| {
        argon2()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

/// Checks a new password: 12–256 characters.
pub fn validate_new(password: &str) -> Result<(), ApiError> {
    let n = password.chars().count();
    if !(12..=256).contains(&n) {
        return Err(ApiError::field(
            "password",
            "a password has 12 to 256 characters",
        ));
    }
    Ok(())
}

/// Verifies and hashes passwords off the executor, at most `concurrency` at a time, each in
/// argon2 working memory allocated once when the server starts and reused: a flood of logins
/// allocates nothing, so the process's memory stays at `concurrency` × 19 MiB for hashing
/// however long the flood lasts (memory freed after each hash stayed with the allocator's
/// per-thread arenas, and grew with the number of threads that had hashed).
#[derive(Clone)]
pub struct Verifier {
    permits: Arc<Semaphore>,
    memory: Arc<Mutex<Vec<Vec<Block>>>>,
    dummy: Arc<String>,
    counters: Arc<Counters>,
}

/// What the verifier has used so far: the bound a flood of logins must not pass.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HashStats {
    /// Working-memory buffers allocated since start (the configured concurrency, plus one for
    /// each hash that panicked and lost its buffer).
    pub buffers_allocated: usize,
    /// The most hashes that ran at the same moment.
    pub peak_concurrent: usize,
}

#[derive(Default)]
struct Counters {
    allocated: AtomicUsize,
    running: AtomicUsize,
    peak: AtomicUsize,
}

impl Counters {
    fn buffer(&self) -> Vec<Block> {
        self.allocated.fetch_add(1, Ordering::Relaxed);
        working_memory()
    }
}

impl Verifier {
    /// A verifier allowing `concurrency` hashes at once.
    pub fn new(concurrency: usize) -> Result<Self, ApiError> {
        let concurrency = concurrency.max(1);
        let counters = Arc::new(Counters::default());
        let memory = (0..concurrency).map(|_| counters.buffer()).collect();
        Ok(Self {
            permits: Arc::new(Semaphore::new(concurrency)),
            memory: Arc::new(Mutex::new(memory)),
            dummy: Arc::new(hash("dummy password for unknown accounts")?),
            counters,
        })
    }

    /// The buffers allocated and the most hashes run at once, so far.
    pub fn stats(&self) -> HashStats {
        HashStats {
            buffers_allocated: self.counters.allocated.load(Ordering::Relaxed),
            peak_concurrent: self.counters.peak.load(Ordering::Relaxed),
        }
    }

    /// Runs `f` on a blocking thread with one permit and its working memory.
    async fn with_memory<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut [Block]) -> T + Send + 'static,
    ) -> Result<T, ApiError> {
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|e| ApiError::Internal(e.to_string()))?;
        let taken = self
            .memory
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .pop();
        // Only a panic while hashing loses a buffer; a new one takes its place.
        let mut memory = taken.unwrap_or_else(|| self.counters.buffer());
        let counters = Arc::clone(&self.counters);
        let (result, memory) = actix_web::web::block(move || {
            let now = counters.running.fetch_add(1, Ordering::SeqCst) + 1;
            counters.peak.fetch_max(now, Ordering::SeqCst);
            let result = f(&mut memory);
            counters.running.fetch_sub(1, Ordering::SeqCst);
            (result, memory)
        })
        .await?;
        self.memory
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push(memory);
        Ok(result)
    }

    /// Verifies `password` against `phc`, or against a dummy hash when there is no account, so
    /// both take the same time.
    pub async fn verify(&self, password: String, phc: Option<String>) -> Result<bool, ApiError> {
        let known = phc.is_some();
        let phc = phc.unwrap_or_else(|| self.dummy.as_str().to_owned());
        let ok = self
            .with_memory(move |memory| verify_in(&password, &phc, memory))
            .await?;
        Ok(ok && known)
    }

    /// Hashes off the executor.
    pub async fn hash(&self, password: String) -> Result<String, ApiError> {
        self.with_memory(move |memory| hash_in(&password, memory))
            .await?
    }
}

/// The registry's argon2id parameters.
fn params() -> Params {
    // 19 MiB, 2 passes, 1 lane: OWASP's minimum for argon2id.
    Params::new(19 * 1024, 2, 1, None).unwrap_or_default()
}

/// Working memory for one hash with the registry's parameters.
fn working_memory() -> Vec<Block> {
    vec![Block::default(); params().block_count()]
}

/// Length of the hash the registry stores.
const OUTPUT_LEN: usize = 32;

/// Hashes `password` in `memory` to a PHC string (`$argon2id$v=19$m=19456,t=2,p=1$salt$hash`).
fn hash_in(password: &str, memory: &mut [Block]) -> Result<String, ApiError> {
    let salt_bytes: [u8; 16] = rand::random();
    let salt =
        SaltString::encode_b64(&salt_bytes).map_err(|e| ApiError::Internal(e.to_string()))?;
    let mut out = [0_u8; OUTPUT_LEN];
    argon2()
        .hash_password_into_with_memory(password.as_bytes(), &salt_bytes, &mut out, memory)
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    let output = Output::new(&out).map_err(|e| ApiError::Internal(e.to_string()))?;
    let p = params();
    Ok(format!(
        "$argon2id$v=19$m={},t={},p={}${}${output}",
        p.m_cost(),
        p.t_cost(),
        p.p_cost(),
        salt.as_str()
    ))
}

/// True when `password` matches `phc`, computed in `memory` when the hash has the registry's
/// parameters (a hash with other parameters, from an older setting, is verified the usual way).
fn verify_in(password: &str, phc: &str, memory: &mut [Block]) -> bool {
    let Ok(parsed) = PasswordHash::new(phc) else {
        return false;
    };
    let ours = params();
    let same = parsed.algorithm.as_str() == "argon2id"
        && parsed.version == Some(0x13)
        && Params::try_from(&parsed).is_ok_and(|p| {
            (p.m_cost(), p.t_cost(), p.p_cost()) == (ours.m_cost(), ours.t_cost(), ours.p_cost())
        });
    let (Some(salt), Some(expected)) = (parsed.salt, parsed.hash) else {
        return false;
    };
    if !same || expected.len() != OUTPUT_LEN {
        return verify(password, phc);
    }
    let mut salt_bytes = [0_u8; 64];
    let Ok(salt) = salt.decode_b64(&mut salt_bytes) else {
        return false;
    };
    let mut out = [0_u8; OUTPUT_LEN];
    if argon2()
        .hash_password_into_with_memory(password.as_bytes(), salt, &mut out, memory)
        .is_err()
    {
        return false;
    }
    // `Output`'s equality takes the same time wherever the bytes differ.
    Output::new(&out).is_ok_and(|computed| computed == expected)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn pooled_hashes_are_standard_phc_strings() {
        let mut memory = working_memory();
        let phc = hash_in("correct horse battery staple", &mut memory).unwrap();
        assert!(verify("correct horse battery staple", &phc), "{phc}");
        assert!(verify_in("correct horse battery staple", &phc, &mut memory));
        assert!(!verify_in(
            "correct horse battery stapler",
            &phc,
            &mut memory
        ));
        let standard = hash("another password of length").unwrap();
        assert!(verify_in(
            "another password of length",
            &standard,
            &mut memory
        ));
        assert!(!verify_in("x", "not a hash", &mut memory));
    }

    /// A flood of logins (known and unknown accounts, right and wrong passwords) runs at most
    /// `concurrency` hashes at once and allocates no working memory beyond the buffers made at
    /// start: memory stays bounded however long the flood lasts.
    #[actix_web::test]
    async fn a_flood_of_logins_stays_within_the_hash_bound() {
        let verifier = Verifier::new(2).unwrap();
        let phc = verifier
            .hash("correct horse battery staple".into())
            .await
            .unwrap();
        let attempts = (0..24).map(|i| {
            let v = verifier.clone();
            let phc = phc.clone();
            actix_web::rt::spawn(async move {
                let (password, account) = match i % 3 {
                    0 => ("correct horse battery staple", Some(phc)),
                    1 => ("wrong password entirely", Some(phc)),
                    _ => ("no such account's password", None),
                };
                (
                    i % 3 == 0,
                    v.verify(password.into(), account).await.unwrap(),
                )
            })
        });
        let results: Vec<(bool, bool)> = futures_join(attempts).await;
        assert_eq!(results.len(), 24);
        for (expected, got) in results {
            assert_eq!(expected, got);
        }
        let stats = verifier.stats();
        assert_eq!(stats.buffers_allocated, 2, "{stats:?}");
        assert!((1..=2).contains(&stats.peak_concurrent), "{stats:?}");
    }

    async fn futures_join<T>(
        handles: impl Iterator<Item = actix_web::rt::task::JoinHandle<T>>,
    ) -> Vec<T> {
        let handles: Vec<_> = handles.collect();
        let mut out = Vec::with_capacity(handles.len());
        for h in handles {
            out.push(h.await.unwrap());
        }
        out
    }
}
