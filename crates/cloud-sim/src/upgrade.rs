//! How a started upgrade plays out on one device over the configured duration: firmware
//! push, four install steps, a reboot, then the new version — or a failure at a step, or
//! a device that never comes back. The device object is computed from the elapsed time,
//! so no background task is needed and paused-clock tests are exact.

use std::time::Duration;

use sc_wire::{Device, cur_status};
use tokio::time::Instant;

use crate::clock::Clock;
use crate::codes::InstallFailure;

/// Fractions of the upgrade duration at which each phase ends.
const PUSH_END: f64 = 0.40;
const STEP_LEN: f64 = 0.10;
const INSTALL_END: f64 = PUSH_END + 4.0 * STEP_LEN;
const REBOOT_END: f64 = 0.92;

/// What an upgrade will end in; decided when it starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    Succeeds,
    FailsAt(InstallFailure),
    NeverReturns,
}

/// An upgrade started on a device.
#[derive(Debug, Clone)]
pub struct Job {
    pub firmware_id: i64,
    /// Version text the device reports once upgraded.
    pub target: String,
    pub started: Instant,
    pub duration: Duration,
    pub ending: Ending,
}

/// Where an upgrade is at a moment.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Phase {
    /// The Cloud pushes the file; percent 0–100.
    Pushing(i64),
    /// Installing, step 1–4.
    Installing(i64),
    /// Offline while rebooting.
    Rebooting,
    /// Back online on the target version.
    Done,
    /// Install stopped at a step; old version kept.
    Failed(InstallFailure),
    /// Went down to reboot and never came back.
    Lost,
}

impl Phase {
    /// Whether the upgrade is over, one way or another.
    pub fn is_final(self) -> bool {
        matches!(self, Phase::Done | Phase::Failed(_) | Phase::Lost)
    }
}

impl Job {
    fn fraction(&self, now: Instant) -> f64 {
        let total = self.duration.as_secs_f64();
        if total <= 0.0 {
            return 1.0;
        }
        now.saturating_duration_since(self.started).as_secs_f64() / total
    }

    fn instant_at(&self, fraction: f64) -> Instant {
        self.started + self.duration.mul_f64(fraction)
    }

    /// The phase at `now`.
    pub fn phase(&self, now: Instant) -> Phase {
        let f = self.fraction(now);
        if let Ending::FailsAt(failure) = self.ending {
            let fails_at = PUSH_END + (failure.step as f64 - 0.5) * STEP_LEN;
            if f >= fails_at {
                return Phase::Failed(failure);
            }
        }
        if f < PUSH_END {
            Phase::Pushing(((f / PUSH_END) * 100.0) as i64)
        } else if f < INSTALL_END {
            Phase::Installing(1 + ((f - PUSH_END) / STEP_LEN) as i64)
        } else if self.ending == Ending::NeverReturns {
            Phase::Lost
        } else if f < REBOOT_END {
            Phase::Rebooting
        } else {
            Phase::Done
        }
    }

    /// The device as it reports itself at `now`, given how it was when the upgrade began.
    pub fn apply(&self, base: &Device, now: Instant, clock: &Clock) -> Device {
        let mut dev = base.clone();
        let status = &mut dev.status;
        let phase = self.phase(now);
        // The device says it is updating while it takes in and installs the firmware.
        if matches!(phase, Phase::Pushing(_) | Phase::Installing(_)) {
            status.cur_status = Some(status.cur_status.unwrap_or(0) | cur_status::UPGRADING);
        }
        match phase {
            Phase::Pushing(percent) => {
                dev.is_upload_file = 1;
                dev.upload_file_pos = percent;
                status.upgrade_step = Some(0);
                status.upgrade_ret = Some(0);
            }
            Phase::Installing(step) => {
                dev.upload_file_pos = 100;
                status.upgrade_step = Some(step);
                status.upgrade_ret = Some(0);
            }
            Phase::Rebooting | Phase::Lost => {
                dev.upload_file_pos = 100;
                dev.online_date = Some(0);
                status.upgrade_step = Some(4);
                status.upgrade_ret = Some(0);
            }
            Phase::Done => {
                dev.upload_file_pos = 100;
                dev.online_date = Some(clock.epoch_at(self.instant_at(REBOOT_END)));
                status.firmware_ver = self.target.clone();
                status.upgrade_step = Some(0);
                status.upgrade_ret = Some(0);
            }
            Phase::Failed(failure) => {
                dev.upload_file_pos = 100;
                status.upgrade_step = Some(failure.step);
                status.upgrade_ret = Some(failure.code);
            }
        }
        dev
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codes::INSTALL_FAILURES;
    use crate::fleet::Fleet;

    fn job(ending: Ending) -> Job {
        Job {
            firmware_id: 4,
            target: "1.5.178".into(),
            started: Instant::now(),
            duration: Duration::from_secs(10),
            ending,
        }
    }

    fn at(job: &Job, secs: f64) -> Phase {
        job.phase(job.started + Duration::from_secs_f64(secs))
    }

    #[test]
    fn a_healthy_upgrade_pushes_installs_reboots_and_finishes() {
        let job = job(Ending::Succeeds);
        assert_eq!(at(&job, 0.0), Phase::Pushing(0));
        assert_eq!(at(&job, 2.0), Phase::Pushing(50));
        assert_eq!(at(&job, 4.5), Phase::Installing(1));
        assert_eq!(at(&job, 7.5), Phase::Installing(4));
        assert_eq!(at(&job, 8.5), Phase::Rebooting);
        assert_eq!(at(&job, 9.5), Phase::Done);
        assert_eq!(at(&job, 1000.0), Phase::Done);
    }

    #[test]
    fn a_failing_upgrade_stops_at_its_step() {
        let failure = INSTALL_FAILURES[2];
        let job = job(Ending::FailsAt(failure));
        assert_eq!(at(&job, 6.2), Phase::Installing(3));
        assert_eq!(at(&job, 6.6), Phase::Failed(failure));
        assert_eq!(at(&job, 100.0), Phase::Failed(failure));
    }

    #[test]
    fn a_lost_device_goes_down_and_stays_down() {
        let job = job(Ending::NeverReturns);
        assert_eq!(at(&job, 8.5), Phase::Lost);
        assert_eq!(at(&job, 10_000.0), Phase::Lost);
    }

    #[test]
    fn device_object_follows_the_phase() {
        let clock = Clock::new(1_700_000_000);
        let base = Fleet::generate(3, 1, 1_700_000_000).iter().next().unwrap().base.clone();
        let job = job(Ending::Succeeds);
        let pushing = job.apply(&base, job.started + Duration::from_secs(2), &clock);
        assert_eq!((pushing.is_upload_file, pushing.upload_file_pos), (1, 50));
        let rebooting = job.apply(&base, job.started + Duration::from_secs_f64(8.5), &clock);
        assert!(!rebooting.is_online());
        let done = job.apply(&base, job.started + Duration::from_secs(10), &clock);
        assert!(done.is_online());
        assert_eq!(done.status.firmware_ver, "1.5.178");
        assert_eq!(done.status.upgrade_ret, Some(0));
    }
}
