//! Access tokens: HS256 JWTs with a short expiry and an id (`jti`) that logout revokes.

use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use std::time::Duration;

use crate::error::ApiError;

/// What a token says about its holder.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Claims {
    /// User id.
    pub sub: String,
    /// Role code.
    pub role: String,
    /// Center id of a `center` user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub center: Option<String>,
    /// Token id, for revocation.
    pub jti: String,
    /// Issued at (seconds since the epoch).
    pub iat: i64,
    /// Expires at (seconds since the epoch).
    pub exp: i64,
    /// The holder's password when the token was issued, as [`password_stamp`]: a token stops
    /// working when the password changes (a reset ends every session). Absent in tokens made
    /// by [`Keys::issue`] without a user's password.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pwd: Option<String>,
    /// The session the token belongs to: the `jti` of the sign-in that opened it, kept when the
    /// pages renew the session with a fresh token. Absent in tokens made by [`Keys::issue`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sid: Option<String>,
}

/// What [`Keys::check`] answers (401) for a token past its expiry.
pub const EXPIRED: &str = "the token has expired";

/// A short digest of a stored password hash (never the hash itself): what a token carries to
/// stop working when the password changes.
pub fn password_stamp(password_hash: &str) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(&Sha256::digest(password_hash.as_bytes())[..8])
}

/// Signs and checks tokens with the configured key.
#[derive(Clone)]
pub struct Keys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    ttl: Duration,
}

impl Keys {
    /// Keys from the secret.
    pub fn new(secret: &[u8], ttl: Duration) -> Self {
        Self {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            ttl,
        }
    }

    /// Token lifetime in seconds.
    pub fn ttl_secs(&self) -> i64 {
        i64::try_from(self.ttl.as_secs()).unwrap_or(1800)
    }

    /// Issues a token for a user, valid for the configured lifetime.
    pub fn issue(
        &self,
        user_id: &str,
        role: &str,
        center: Option<String>,
    ) -> Result<(String, Claims), ApiError> {
        let now = chrono::Utc::now().timestamp();
        self.issue_at(user_id, role, center, now, now + self.ttl_secs())
    }

    /// Issues a token for a user that stops working when their password changes (login).
    pub fn issue_for(
        &self,
        user_id: &str,
        role: &str,
        center: Option<String>,
        password_hash: &str,
    ) -> Result<(String, Claims), ApiError> {
        self.issue_in_session(user_id, role, center, password_hash, None)
    }

    /// [`Keys::issue_for`] in the session `session` (a renewal), or in a session of its own
    /// (`None`: a sign-in, the session named by the new token's id).
    pub fn issue_in_session(
        &self,
        user_id: &str,
        role: &str,
        center: Option<String>,
        password_hash: &str,
        session: Option<String>,
    ) -> Result<(String, Claims), ApiError> {
        let now = chrono::Utc::now().timestamp();
        let jti = uuid::Uuid::new_v4().to_string();
        let claims = Claims {
            sub: user_id.to_owned(),
            role: role.to_owned(),
            center,
            sid: Some(session.unwrap_or_else(|| jti.clone())),
            jti,
            iat: now,
            exp: now + self.ttl_secs(),
            pwd: Some(password_stamp(password_hash)),
        };
        let token = jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .map_err(|e| ApiError::Internal(e.to_string()))?;
        Ok((token, claims))
    }

    /// Issues a token with explicit issue and expiry times (seconds since the epoch).
    pub fn issue_at(
        &self,
        user_id: &str,
        role: &str,
        center: Option<String>,
        iat: i64,
        exp: i64,
    ) -> Result<(String, Claims), ApiError> {
        let claims = Claims {
            sub: user_id.to_owned(),
            role: role.to_owned(),
            center,
            jti: uuid::Uuid::new_v4().to_string(),
            iat,
            exp,
            pwd: None,
            sid: None,
        };
        let token = jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .map_err(|e| ApiError::Internal(e.to_string()))?;
        Ok((token, claims))
    }

    /// Checks signature, algorithm and expiry (no leeway).
    pub fn check(&self, token: &str) -> Result<Claims, ApiError> {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.leeway = 0;
        validation.set_required_spec_claims(&["exp", "sub", "iat"]);
        jsonwebtoken::decode::<Claims>(token, &self.decoding, &validation)
            .map(|d| d.claims)
            .map_err(|e| match e.kind() {
                jsonwebtoken::errors::ErrorKind::ExpiredSignature => {
                    ApiError::Unauthorized(EXPIRED)
                }
                _ => ApiError::Unauthorized("the token is not valid"),
            })
    }
}
