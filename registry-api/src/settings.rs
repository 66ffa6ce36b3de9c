//! Typed settings from the environment and flags, passed to [`crate::Application::build`].
//! Names are fixed by DESIGN.md and documented in `.env.example`; a `.env` file in the working
//! directory is read first ([`load_env_file`]), the process environment winning.

use std::path::PathBuf;
use std::time::Duration;

/// Everything the server needs to start.
#[derive(Clone)]
pub struct Settings {
    /// `DATABASE_URL`: `sqlite://path` or `postgres://…` (default `sqlite://registry.db`).
    pub database_url: String,
    /// `REGISTRY_BIND` / `--bind`: address to listen on (default `127.0.0.1:8080`).
    pub bind: String,
    /// `REGISTRY_JWT_SECRET`: key that signs access tokens (≥ 32 bytes).
    pub jwt_secret: Vec<u8>,
    /// `REGISTRY_EXPORT_KEY`: key material for release keys.
    pub export_key: Option<Vec<u8>>,
    /// Lifetime of an access token (`REGISTRY_TOKEN_MINUTES`, default 30).
    pub token_ttl: Duration,
    /// Database pool size (`REGISTRY_POOL_SIZE`, default 16).
    pub pool_size: u32,
    /// Where releases are written (`REGISTRY_RELEASE_DIR`, default `./releases`).
    pub release_dir: PathBuf,
    /// How long a release is kept before it expires, in days (`REGISTRY_RELEASE_DAYS`,
    /// default 30).
    pub release_days: u32,
    /// `REPLICA_DATABASE_URL`: when set, releases read from this database (a PostgreSQL
    /// streaming replica) instead of `DATABASE_URL`.
    pub replica_database_url: Option<String>,
    /// Largest JSON body accepted, in bytes.
    pub max_json_bytes: usize,
    /// Failed logins per account, and per address, before 429 (`REGISTRY_LOGIN_LIMIT`, default 5; per address ×4).
    pub login_limit: u32,
    /// Window of the login limit.
    pub login_window: Duration,
    /// A request body that sends nothing for this long is answered 408 and dropped
    /// (`REGISTRY_BODY_IDLE_SECONDS`, default 30).
    pub body_idle_timeout: Duration,
    /// Largest import file accepted, in bytes (`REGISTRY_MAX_IMPORT_MB`, default 4096).
    pub max_import_bytes: u64,
    /// Where an import's body is kept while it arrives (`REGISTRY_SPOOL_DIR`, default the
    /// system's temporary directory); the file is unlinked at once and gone when the import ends.
    pub spool_dir: PathBuf,
    /// Reverse proxies whose `X-Forwarded-For` names the client (`REGISTRY_TRUSTED_PROXIES`,
    /// comma-separated IP addresses; default none): logins are throttled per client address only
    /// for requests that come through one of them, per account always.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// Password hashes computed at once (`REGISTRY_HASH_CONCURRENCY`, default 2): each holds
    /// 19 MiB of argon2 working memory, allocated once at start.
    pub hash_concurrency: usize,
    /// A bearer token `/metrics` requires (`REGISTRY_METRICS_TOKEN`); without it `/metrics`
    /// answers anyone who can reach the server.
    pub metrics_token: Option<String>,
    /// The address users reach the registry at (`REGISTRY_PUBLIC_URL`, e.g.
    /// `https://registry.example.org`; default `http://` and the bind address): printed at
    /// start-up, and when it is `https://` the pages' cookies are marked Secure.
    pub public_url: Option<String>,
}

/// Why the settings cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    /// No JWT key outside demo mode.
    #[error(
        "REGISTRY_JWT_SECRET is not set: the server refuses to start with a default key (use `serve --demo` to try it out)"
    )]
    MissingJwtSecret,
    /// A key that is too short to be safe.
    #[error("REGISTRY_JWT_SECRET must be at least 32 bytes")]
    WeakJwtSecret,
    /// A number that does not parse.
    #[error("{0} is not a valid number")]
    BadNumber(&'static str),
    /// A list of addresses with an entry that is not an IP address.
    #[error("{0} lists '{1}', which is not an IP address")]
    BadAddress(&'static str, String),
}

impl std::fmt::Debug for Settings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Secrets and credentials never reach a log.
        f.debug_struct("Settings")
            .field(
                "database",
                &registry_core::store::conn::redacted(&self.database_url),
            )
            .field("bind", &self.bind)
            .field("token_ttl", &self.token_ttl)
            .field("pool_size", &self.pool_size)
            .field(
                "replica",
                &self
                    .replica_database_url
                    .as_deref()
                    .map(registry_core::store::conn::redacted),
            )
            .finish_non_exhaustive()
    }
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

fn env_number<T: std::str::FromStr>(name: &'static str, default: T) -> Result<T, SettingsError> {
    env(name).map_or(Ok(default), |v| {
        v.trim().parse().map_err(|_| SettingsError::BadNumber(name))
    })
}

/// A comma-separated list of IP addresses.
fn addresses(name: &'static str) -> Result<Vec<std::net::IpAddr>, SettingsError> {
    env(name).map_or(Ok(Vec::new()), |v| {
        v.split(',')
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .map(|a| {
                a.parse()
                    .map_err(|_| SettingsError::BadAddress(name, a.to_owned()))
            })
            .collect()
    })
}

/// Reads `path` (a `.env` file: `NAME=value` lines, `#` comments) into the process environment,
/// leaving every variable the environment already has as it is: the process environment wins.
/// Returns false when there is no such file; a file that cannot be read is an error naming it.
pub fn load_env_file(path: &std::path::Path) -> Result<bool, String> {
    match dotenvy::from_path(path) {
        Ok(()) => Ok(true),
        Err(e) if e.not_found() => Ok(false),
        Err(e) => Err(format!("cannot read {}: {e}", path.display())),
    }
}

impl Settings {
    /// Settings from the environment. `demo` allows a throwaway JWT key when none is set.
    pub fn from_env(demo: bool) -> Result<Self, SettingsError> {
        let jwt_secret = match env("REGISTRY_JWT_SECRET") {
            Some(s) if s.len() >= 32 => s.into_bytes(),
            Some(_) => return Err(SettingsError::WeakJwtSecret),
            None if demo => random_key(),
            None => return Err(SettingsError::MissingJwtSecret),
        };
        Ok(Self {
            database_url: env("DATABASE_URL").unwrap_or_else(|| "sqlite://registry.db".into()),
            bind: env("REGISTRY_BIND").unwrap_or_else(|| "127.0.0.1:8080".into()),
            jwt_secret,
            export_key: env("REGISTRY_EXPORT_KEY").map(String::into_bytes),
            token_ttl: Duration::from_secs(60 * env_number("REGISTRY_TOKEN_MINUTES", 30_u64)?),
            pool_size: env_number("REGISTRY_POOL_SIZE", 16)?,
            release_dir: env("REGISTRY_RELEASE_DIR")
                .map_or_else(|| "releases".into(), PathBuf::from),
            release_days: env_number("REGISTRY_RELEASE_DAYS", 30)?,
            replica_database_url: env("REPLICA_DATABASE_URL"),
            max_json_bytes: 1 << 20,
            login_limit: env_number("REGISTRY_LOGIN_LIMIT", 5)?,
            login_window: Duration::from_secs(15 * 60),
            body_idle_timeout: Duration::from_secs(env_number("REGISTRY_BODY_IDLE_SECONDS", 30)?),
            max_import_bytes: env_number("REGISTRY_MAX_IMPORT_MB", 4096_u64)? << 20,
            spool_dir: env("REGISTRY_SPOOL_DIR").map_or_else(std::env::temp_dir, PathBuf::from),
            trusted_proxies: addresses("REGISTRY_TRUSTED_PROXIES")?,
            hash_concurrency: env_number("REGISTRY_HASH_CONCURRENCY", 2_usize)?.max(1),
            metrics_token: env("REGISTRY_METRICS_TOKEN"),
            public_url: env("REGISTRY_PUBLIC_URL").map(|u| u.trim_end_matches('/').to_owned()),
        })
    }

    /// Settings for tests: the given database, port 0, a random key.
    pub fn for_tests(database_url: &str) -> Self {
        Self {
            database_url: database_url.to_owned(),
            bind: "127.0.0.1:0".into(),
            jwt_secret: random_key(),
            export_key: None,
            token_ttl: Duration::from_secs(600),
            pool_size: 8,
            release_dir: std::env::temp_dir()
                .join(format!("registry-releases-{}", uuid::Uuid::new_v4())),
            release_days: 30,
            replica_database_url: None,
            max_json_bytes: 1 << 20,
            login_limit: 5,
            login_window: Duration::from_secs(900),
            body_idle_timeout: Duration::from_secs(30),
            max_import_bytes: 4096 << 20,
            spool_dir: std::env::temp_dir(),
            trusted_proxies: Vec::new(),
            hash_concurrency: 2,
            metrics_token: None,
            public_url: None,
        }
    }

    /// Where the pages are: `REGISTRY_PUBLIC_URL`, else `http://` and the bind address.
    pub fn pages_url(&self) -> String {
        self.public_url
            .clone()
            .unwrap_or_else(|| format!("http://{}", self.bind))
    }

    /// Whether cookies are marked Secure: the registry is served over HTTPS (behind a proxy
    /// that ends TLS, `REGISTRY_PUBLIC_URL` says so).
    pub fn secure_cookies(&self) -> bool {
        self.public_url
            .as_deref()
            .is_some_and(|u| u.to_ascii_lowercase().starts_with("https://"))
    }
}

/// 32 random bytes, hex-encoded.
pub fn random_key() -> Vec<u8> {
    let bytes: [u8; 32] = rand::random();
    hex::encode(bytes).into_bytes()
}
