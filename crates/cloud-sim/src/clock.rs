//! The simulation's clock: a monotonic instant (which tests can pause) mapped to epoch
//! seconds, as the Cloud reports times.

use std::time::{SystemTime, UNIX_EPOCH};

use tokio::time::Instant;

/// Maps the monotonic clock (which tests can pause) to epoch seconds.
#[derive(Debug, Clone, Copy)]
pub struct Clock {
    start: Instant,
    start_epoch: i64,
}

impl Clock {
    pub fn new(start_epoch: i64) -> Self {
        Clock { start: Instant::now(), start_epoch }
    }

    /// A clock anchored at the system's current time.
    pub fn system() -> Self {
        let epoch = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
        Clock::new(epoch as i64)
    }

    pub fn epoch_at(&self, instant: Instant) -> i64 {
        let since = instant.saturating_duration_since(self.start).as_secs() as i64;
        self.start_epoch + since
    }
}
