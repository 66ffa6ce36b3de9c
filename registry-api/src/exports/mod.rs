//! Release jobs behind `POST /api/v1/exports`: the request thread only queues a job
//! (`registry_core::store::exports`) and wakes the export worker, one thread of its own that
//! writes the releases one after the other, off the request threads.
//!
//! - [`Jobs`]: the handle the server and the handlers share (wake the worker, wait for a job).
//! - [`worker`]: the thread: claims a queued job, writes its release, records progress, finishes
//!   or fails it.
//! - [`release`]: the one place that calls the release pipeline of `registry-export`.
//! - [`files`]: the release directory (file names, removal, expiry).
//!
//! At start-up every job left `running` by a stopped server is failed ("interrupted by a
//! restart"), so none stays running forever; jobs still queued are run.

pub mod files;
pub mod release;
pub mod worker;

use std::collections::VecDeque;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// How many ended job ids [`Jobs::wait_ended`] remembers.
const REMEMBERED: usize = 256;

/// A callback on every progress report: job id, stage, percent of the whole release.
pub type Observer = Arc<dyn Fn(&str, &str, u8) + Send + Sync>;

/// The shared handle of the export worker.
#[derive(Clone, Default)]
pub struct Jobs {
    inner: Arc<Inner>,
}

#[derive(Default)]
struct Inner {
    state: Mutex<State>,
    /// Signalled when a job is queued or the worker should stop.
    wake: Condvar,
    /// Signalled when a job ended (done or failed).
    ended: Condvar,
    /// Called on every progress report, after it is recorded.
    observer: Mutex<Option<Observer>>,
}

#[derive(Default)]
struct State {
    /// A job may be waiting: the worker looks for queued jobs.
    pending: bool,
    /// The worker ends after its current job.
    stop: bool,
    /// The most recently ended jobs.
    ended: VecDeque<String>,
}

impl Jobs {
    fn state(&self) -> MutexGuard<'_, State> {
        // A panic while holding this lock leaves nothing half-done: the state is a few flags.
        self.inner
            .state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Wakes the worker: a job was queued.
    pub fn notify(&self) {
        self.state().pending = true;
        self.inner.wake.notify_all();
    }

    /// Asks the worker to end once its current job is done.
    pub fn stop(&self) {
        self.state().stop = true;
        self.inner.wake.notify_all();
    }

    /// Calls `observer` on every progress report of every job, in the worker's thread after the
    /// report is recorded (the release waits for it: tests write to the database while a
    /// release runs).
    pub fn observe(&self, observer: Observer) {
        *self
            .inner
            .observer
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(observer);
    }

    /// Passes a progress report to the observer, if any.
    fn report(&self, id: &str, stage: &str, percent: u8) {
        let observer = self
            .inner
            .observer
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone();
        if let Some(observer) = observer {
            observer(id, stage, percent);
        }
    }

    /// Waits until the job `id` has ended (done or failed) in this process, at most `timeout`;
    /// true when it has.
    pub fn wait_ended(&self, id: &str, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        let mut state = self.state();
        loop {
            if state.ended.iter().any(|e| e == id) {
                return true;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return false;
            }
            state = self
                .inner
                .ended
                .wait_timeout(state, left)
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .0;
        }
    }

    /// The worker's wait: `Some(())` when there may be work, `None` when it should stop.
    fn next_round(&self) -> Option<()> {
        let mut state = self.state();
        loop {
            if state.stop {
                return None;
            }
            if state.pending {
                state.pending = false;
                return Some(());
            }
            state = self
                .inner
                .wake
                .wait(state)
                .unwrap_or_else(std::sync::PoisonError::into_inner);
        }
    }

    /// Records that the job `id` ended and wakes whoever waits for it.
    fn ended(&self, id: &str) {
        let mut state = self.state();
        if state.ended.len() == REMEMBERED {
            state.ended.pop_front();
        }
        state.ended.push_back(id.to_owned());
        drop(state);
        self.inner.ended.notify_all();
    }
}
