//! Login throttling: failed attempts per account within a window, and per client address only
//! where that address is known; past a limit, 429 with `Retry-After`. Kept in memory (one server
//! process; behind several processes a proxy-level limit adds the same protection).
//!
//! Why per account first: behind a reverse proxy every client has the proxy's address, so a
//! limit per peer address would let twenty wrong passwords from anyone lock everybody out. The
//! client's real address is used only when the request comes from a proxy listed in
//! `REGISTRY_TRUSTED_PROXIES`, from that proxy's `X-Forwarded-For` ([`client_address`]). A
//! flood against some accounts therefore never stops another account's correct login.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use actix_web::HttpRequest;

/// At most this many accounts and addresses are remembered: a flood of made-up account names
/// cannot grow the server's memory without limit (the least recently failing are forgotten).
const MAX_KEYS: usize = 100_000;

/// What a counter counts.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    Account(String),
    Address(IpAddr),
}

/// Failed-attempt counters.
pub struct Throttle {
    limit_account: usize,
    limit_address: usize,
    window: Duration,
    failures: Mutex<HashMap<Key, Vec<Instant>>>,
}

impl Throttle {
    /// `limit` failures per account and `4 × limit` per client address within `window`.
    pub fn new(limit: u32, window: Duration) -> Self {
        let limit = usize::try_from(limit.max(1)).unwrap_or(usize::MAX);
        Self {
            limit_account: limit,
            limit_address: limit.saturating_mul(4),
            window,
            failures: Mutex::new(HashMap::new()),
        }
    }

    fn keys(&self, account: &str, address: Option<IpAddr>) -> Vec<(Key, usize)> {
        let mut keys = vec![(Key::Account(account.to_owned()), self.limit_account)];
        if let Some(ip) = address {
            keys.push((Key::Address(ip), self.limit_address));
        }
        keys
    }

    /// Seconds to wait when the account, or the client address where it is known, is over its
    /// limit.
    pub fn blocked_for(&self, account: &str, address: Option<IpAddr>) -> Option<u64> {
        let now = Instant::now();
        let mut map = self
            .failures
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut wait = None;
        for (key, limit) in self.keys(account, address) {
            if let Some(times) = map.get_mut(&key) {
                times.retain(|t| now.duration_since(*t) < self.window);
                if times.len() >= limit
                    && let Some(oldest) = times.first()
                {
                    let left = self
                        .window
                        .saturating_sub(now.duration_since(*oldest))
                        .as_secs()
                        .max(1);
                    wait = Some(wait.map_or(left, |w: u64| w.max(left)));
                }
            }
        }
        wait
    }

    /// Records a failure of `account` (and of `address`, where known).
    pub fn fail(&self, account: &str, address: Option<IpAddr>) {
        let now = Instant::now();
        let mut map = self
            .failures
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        for (key, limit) in self.keys(account, address) {
            if !map.contains_key(&key) && map.len() >= MAX_KEYS {
                self.make_room(&mut map, now);
            }
            let times = map.entry(key).or_default();
            times.push(now);
            // Only the latest `limit` failures decide anything.
            if times.len() > limit {
                let extra = times.len() - limit;
                times.drain(..extra);
            }
        }
    }

    /// Forgets expired counters, and if that is not enough, the counter that failed least
    /// recently.
    fn make_room(&self, map: &mut HashMap<Key, Vec<Instant>>, now: Instant) {
        map.retain(|_, times| {
            times.retain(|t| now.duration_since(*t) < self.window);
            !times.is_empty()
        });
        if map.len() >= MAX_KEYS
            && let Some(stalest) = map
                .iter()
                .min_by_key(|(_, times)| times.last().copied())
                .map(|(k, _)| k.clone())
        {
            map.remove(&stalest);
        }
    }

    /// Clears the account's failures after a successful login.
    pub fn succeed(&self, account: &str) {
        let mut map = self
            .failures
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        map.remove(&Key::Account(account.to_owned()));
    }
}

/// The client's real address, when it is known: the request must come from one of the
/// `trusted` proxies, and the address is the right-most entry of `X-Forwarded-For` that is not
/// itself a trusted proxy (entries further left are whatever the client chose to send). `None`
/// for a request from anywhere else (an untrusted peer's `X-Forwarded-For` is ignored), or when
/// the header is missing or unreadable.
pub fn client_address(req: &HttpRequest, trusted: &[IpAddr]) -> Option<IpAddr> {
    let peer = req.peer_addr()?.ip();
    if !trusted.contains(&peer) {
        return None;
    }
    let mut entries = Vec::new();
    for value in req.headers().get_all("x-forwarded-for") {
        entries.extend(value.to_str().ok()?.split(',').map(str::trim));
    }
    for entry in entries.into_iter().rev() {
        let ip: IpAddr = entry.parse().ok()?;
        if !trusted.contains(&ip) {
            return Some(ip);
        }
    }
    None
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn accounts_are_counted_apart() {
        let t = Throttle::new(2, Duration::from_secs(60));
        for _ in 0..10 {
            t.fail("a@x", None);
        }
        assert!(t.blocked_for("a@x", None).is_some());
        assert!(t.blocked_for("b@x", None).is_none());
    }

    #[test]
    fn a_known_address_is_limited_across_accounts() {
        let t = Throttle::new(2, Duration::from_secs(60));
        let ip: IpAddr = "203.0.113.5".parse().unwrap();
        for i in 0..8 {
            t.fail(&format!("{i}@x"), Some(ip));
        }
        assert!(t.blocked_for("new@x", Some(ip)).is_some());
        assert!(t.blocked_for("new@x", None).is_none());
    }

    #[test]
    fn forwarded_for_is_read_from_trusted_proxies_only() {
        let proxy: IpAddr = "127.0.0.1".parse().unwrap();
        let req = actix_web::test::TestRequest::default()
            .peer_addr("127.0.0.1:4000".parse().unwrap())
            .insert_header(("X-Forwarded-For", "198.51.100.1, 203.0.113.5"))
            .to_http_request();
        assert_eq!(
            client_address(&req, &[proxy]),
            Some("203.0.113.5".parse().unwrap())
        );
        assert_eq!(client_address(&req, &[]), None);
    }
}
