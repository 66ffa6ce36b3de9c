//! Password hashing: argon2id with OWASP parameters (19 MiB, t = 2, p = 1), on a blocking thread
//! behind a small concurrency limit, with a dummy verify for unknown accounts so the time taken
//! does not reveal who exists.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use std::sync::Arc;
use tokio::sync::Semaphore;

use crate::error::ApiError;

/// The argon2id instance with the registry's parameters.
pub fn argon2() -> Argon2<'static> {
    // 19 MiB, 2 passes, 1 lane: OWASP's minimum for argon2id.
    let params = Params::new(19 * 1024, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
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

/// Verifies passwords off the executor, at most a few at a time (each takes 19 MiB).
#[derive(Clone)]
pub struct Verifier {
    permits: Arc<Semaphore>,
    dummy: Arc<String>,
}

impl Verifier {
    /// A verifier allowing `concurrency` hashes at once.
    pub fn new(concurrency: usize) -> Result<Self, ApiError> {
        Ok(Self {
            permits: Arc::new(Semaphore::new(concurrency.max(1))),
            dummy: Arc::new(hash("dummy password for unknown accounts")?),
        })
    }

    /// Verifies `password` against `phc`, or against a dummy hash when there is no account, so
    /// both take the same time.
    pub async fn verify(&self, password: String, phc: Option<String>) -> Result<bool, ApiError> {
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|e| ApiError::Internal(e.to_string()))?;
        let known = phc.is_some();
        let phc = phc.unwrap_or_else(|| self.dummy.as_str().to_owned());
        let ok = actix_web::web::block(move || verify(&password, &phc)).await?;
        Ok(ok && known)
    }

    /// Hashes off the executor.
    pub async fn hash(&self, password: String) -> Result<String, ApiError> {
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|e| ApiError::Internal(e.to_string()))?;
        actix_web::web::block(move || hash(&password)).await?
    }
}
