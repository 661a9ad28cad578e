//! The service's time: every date the driver decides by (deadlines, pauses between waves,
//! leases, and later schedules and windows) comes from one [`Clock`]. In service it is the
//! system's; a test starts it at a chosen moment and runs it faster (`--clock-start`,
//! `--clock-speed`), so an hour of a campaign passes in seconds.

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// Epoch milliseconds from a start, advancing `speed` times as fast as real time.
#[derive(Debug, Clone, Copy)]
pub struct Clock {
    started: Instant,
    start_ms: i64,
    speed: f64,
}

impl Clock {
    /// The system's clock.
    pub fn system() -> Clock {
        Clock { started: Instant::now(), start_ms: system_ms(), speed: 1.0 }
    }

    /// A clock that reads `start_ms` now and runs `speed` times as fast as real time.
    pub fn starting_at(start_ms: i64, speed: f64) -> Clock {
        Clock { started: Instant::now(), start_ms, speed: speed.max(0.0) }
    }

    /// Now, in epoch milliseconds.
    pub fn now_ms(&self) -> i64 {
        let elapsed = self.started.elapsed().as_secs_f64() * 1000.0 * self.speed;
        self.start_ms + elapsed as i64
    }

    /// How fast it runs against real time (1 in service).
    pub fn speed(&self) -> f64 {
        self.speed
    }

    /// The real time in which `ms` of this clock pass (at least a millisecond).
    pub fn real(&self, ms: i64) -> Duration {
        let speed = if self.speed > 0.0 { self.speed } else { 1.0 };
        Duration::from_secs_f64((ms.max(1) as f64 / 1000.0) / speed)
    }
}

/// The system's epoch milliseconds.
pub fn system_ms() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_millis() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fast_clock_runs_ahead_of_real_time_from_its_start() {
        let clock = Clock::starting_at(1_000_000, 3600.0);
        std::thread::sleep(Duration::from_millis(20));
        let now = clock.now_ms();
        // 20 ms of real time is at least 72 s of this clock.
        assert!(now >= 1_000_000 + 72_000, "{now}");
        assert!(now < 1_000_000 + 3_600_000, "{now}");
        assert_eq!(clock.real(3_600_000), Duration::from_secs(1));
    }

    #[test]
    fn the_system_clock_reads_the_system_time() {
        let clock = Clock::system();
        assert!((clock.now_ms() - system_ms()).abs() < 1000);
        assert_eq!(clock.speed(), 1.0);
    }
}
