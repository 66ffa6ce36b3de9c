//! Login throttling: failed attempts per account and per address within a window; past the
//! limit, 429 with `Retry-After`. Kept in memory (one server process; behind several processes a
//! proxy-level limit adds the same protection).

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Failed-attempt counters.
pub struct Throttle {
    limit_account: u32,
    limit_address: u32,
    window: Duration,
    failures: Mutex<HashMap<String, Vec<Instant>>>,
}

impl Throttle {
    /// `limit` failures per account and `4 × limit` per address within `window`.
    pub fn new(limit: u32, window: Duration) -> Self {
        Self {
            limit_account: limit,
            limit_address: limit * 4,
            window,
            failures: Mutex::new(HashMap::new()),
        }
    }

    fn keys(account: &str, address: &str) -> [String; 2] {
        [format!("a:{account}"), format!("i:{address}")]
    }

    /// Seconds to wait when the account or the address is over its limit.
    pub fn blocked_for(&self, account: &str, address: &str) -> Option<u64> {
        let now = Instant::now();
        let mut map = self
            .failures
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let [ka, ki] = Self::keys(account, address);
        let mut wait = None;
        for (key, limit) in [(ka, self.limit_account), (ki, self.limit_address)] {
            if let Some(times) = map.get_mut(&key) {
                times.retain(|t| now.duration_since(*t) < self.window);
                if times.len() as u32 >= limit
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

    /// Records a failure.
    pub fn fail(&self, account: &str, address: &str) {
        let mut map = self
            .failures
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        for key in Self::keys(account, address) {
            map.entry(key).or_default().push(Instant::now());
        }
    }

    /// Clears the account's failures after a successful login.
    pub fn succeed(&self, account: &str) {
        let mut map = self
            .failures
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        map.remove(&format!("a:{account}"));
    }
}
