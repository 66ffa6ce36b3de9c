//! Keyed pseudonyms: HMAC-SHA-256 over the internal patient id with a key made per release.
//!
//! A fresh random key per release means the same patient gets unrelated pseudonyms in two
//! releases, so releases cannot be linked to each other, and without the key a pseudonym cannot
//! be traced back by hashing candidate ids. The key is never written to a release; discard it
//! after the export (or keep it sealed if the protocol allows re-identification on request).

use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::fmt;

use crate::error::FieldError;

/// Lowercase hex HMAC-SHA-256 of `message` under `key`.
pub fn pseudonym(key: &[u8], message: &str) -> String {
    let Ok(mut mac) = <Hmac<Sha256> as Mac>::new_from_slice(key) else {
        unreachable!("HMAC accepts keys of any length")
    };
    mac.update(message.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

/// The secret key of one release (32 bytes). Its `Debug` output hides the bytes.
#[derive(Clone, PartialEq, Eq)]
pub struct ReleaseKey([u8; ReleaseKey::LEN]);

impl ReleaseKey {
    /// Key length in bytes (256 bits, the output size of SHA-256).
    pub const LEN: usize = 32;

    /// A release key from 32 bytes the caller drew from a cryptographic random source (the
    /// operating system's). This crate does no IO, so it cannot draw them itself. Refuses bytes
    /// that are all the same, the mark of an unfilled buffer.
    pub fn from_random_bytes(bytes: [u8; Self::LEN]) -> Result<Self, FieldError> {
        if bytes.iter().all(|&b| b == bytes[0]) {
            return Err(FieldError::new(
                "",
                "the release key bytes are all the same: draw 32 bytes from a cryptographic random source",
            ));
        }
        Ok(Self(bytes))
    }

    /// The pseudonym of `internal_id` in this release.
    pub fn pseudonym(&self, internal_id: &str) -> String {
        pseudonym(&self.0, internal_id)
    }
}

impl fmt::Debug for ReleaseKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ReleaseKey(<secret>)")
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn pseudonym_vector_umcu_000123() {
        assert_eq!(
            pseudonym(b"registry-export-key-2025", "UMCU|000123"),
            "ee4817a1c071eaec0c56458cf85bd38c0d3c7a2b9cf4dfc07ee45657493fbef3"
        );
    }

    #[test]
    fn two_release_keys_give_unrelated_pseudonyms() {
        let mut first = [0_u8; 32];
        let mut second = [0_u8; 32];
        for i in 0..32 {
            first[i] = i as u8;
            second[i] = 255 - i as u8;
        }
        let (a, b) = (
            ReleaseKey::from_random_bytes(first).unwrap(),
            ReleaseKey::from_random_bytes(second).unwrap(),
        );
        assert_eq!(a.pseudonym("UMCU|000123"), a.pseudonym("UMCU|000123"));
        assert_ne!(a.pseudonym("UMCU|000123"), b.pseudonym("UMCU|000123"));
        assert_eq!(a.pseudonym("x").len(), 64);
    }

    #[test]
    fn release_key_refuses_an_unfilled_buffer_and_hides_itself() {
        assert!(ReleaseKey::from_random_bytes([0; 32]).is_err());
        let mut bytes = [7_u8; 32];
        bytes[31] = 8;
        let key = ReleaseKey::from_random_bytes(bytes).unwrap();
        assert_eq!(format!("{key:?}"), "ReleaseKey(<secret>)");
    }
}
