//! Following one device through an upgrade, from successive device snapshots, to a final
//! state that is *known*: verified on the target version, failed (with a reason), timed
//! out, or lost. "Started" is never success.

use std::fmt;

use super::device::FleetDevice;
use super::version::Version;

/// Where a device's upgrade stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tracked {
    /// Started; the device shows no sign of it yet.
    Waiting,
    /// The Cloud pushes the file.
    Pushing { percent: i64 },
    /// Installing, step 1–4.
    Installing { step: i64 },
    /// Offline after the upgrade began: rebooting, normally.
    Rebooting,
    /// Back online, reporting the target version.
    Verified,
    /// The device reported a non-zero install status.
    InstallFailed { code: i64, step: i64 },
    /// Back online, but still on another version than the target.
    WrongVersion { version: String },
    /// No progress within the deadline while online.
    TimedOut,
    /// Offline (or no longer listed) past the deadline.
    Lost,
}

impl Tracked {
    pub fn is_final(&self) -> bool {
        matches!(
            self,
            Tracked::Verified
                | Tracked::InstallFailed { .. }
                | Tracked::WrongVersion { .. }
                | Tracked::TimedOut
                | Tracked::Lost
        )
    }

    /// Whether a retry makes sense: any final state but verified.
    pub fn is_unsuccessful(&self) -> bool {
        self.is_final() && *self != Tracked::Verified
    }

    /// Progress in percent for a bar: push is the first half, install steps the rest.
    pub fn percent(&self) -> u8 {
        match self {
            Tracked::Waiting => 0,
            Tracked::Pushing { percent } => (percent.clamp(&0, &100) / 2) as u8,
            Tracked::Installing { step } => (50 + step.clamp(&0, &4) * 10) as u8,
            Tracked::Rebooting => 95,
            _ => 100,
        }
    }
}

/// Which devices of a run to list: every one, or those in one kind of state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum StateFilter {
    #[default]
    All,
    /// Failed, timed out or lost: what needs the administrator.
    NeedsAttention,
    InProgress,
    Verified,
}

impl StateFilter {
    pub const ALL: [StateFilter; 4] = [
        StateFilter::All,
        StateFilter::NeedsAttention,
        StateFilter::InProgress,
        StateFilter::Verified,
    ];

    pub fn label(self) -> &'static str {
        match self {
            StateFilter::All => "All devices",
            StateFilter::NeedsAttention => "Needs attention",
            StateFilter::InProgress => "In progress",
            StateFilter::Verified => "Verified",
        }
    }

    pub fn admits(self, state: &Tracked) -> bool {
        match self {
            StateFilter::All => true,
            StateFilter::NeedsAttention => state.is_unsuccessful(),
            StateFilter::InProgress => !state.is_final(),
            StateFilter::Verified => *state == Tracked::Verified,
        }
    }
}

impl Tracked {
    /// Where a device stands in a results-first list: what needs attention, then what is
    /// under way, then what is done.
    pub fn attention_rank(&self) -> u8 {
        if self.is_unsuccessful() {
            0
        } else if !self.is_final() {
            1
        } else {
            2
        }
    }
}

/// The positions of the `devices` that `filter` admits, as a run's page lists them: what
/// needs attention first, then what is under way, then what is done — each in the order
/// sent.
pub fn shown(devices: &[DeviceTrack], filter: StateFilter) -> Vec<usize> {
    let mut shown: Vec<usize> =
        (0..devices.len()).filter(|&i| filter.admits(&devices[i].state)).collect();
    super::order::sort_positions(&mut shown, &|a, b| {
        devices[a].state.attention_rank().cmp(&devices[b].state.attention_rank())
    });
    shown
}

impl fmt::Display for Tracked {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Tracked::Waiting => f.write_str("waiting for the device"),
            Tracked::Pushing { percent } => write!(f, "receiving firmware {percent} %"),
            Tracked::Installing { step } => write!(f, "installing, step {step} of 4"),
            Tracked::Rebooting => f.write_str("rebooting"),
            Tracked::Verified => f.write_str("verified"),
            Tracked::InstallFailed { code, step } => {
                write!(f, "install failed at step {step} (code {code})")
            }
            Tracked::WrongVersion { version } => {
                write!(f, "failed: back online on {version}, not the target")
            }
            Tracked::TimedOut => f.write_str("timed out: no progress"),
            Tracked::Lost => f.write_str("lost: offline past the deadline"),
        }
    }
}

/// One moment of a device's upgrade, for its timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Moment {
    /// Epoch milliseconds.
    pub at: i64,
    pub state: Tracked,
}

/// One device being followed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceTrack {
    pub sn: String,
    pub name: String,
    /// Version text when the upgrade started.
    pub from: String,
    pub target: Version,
    pub state: Tracked,
    /// The `upgrade-ret` the device reported before this upgrade (a stale failure code
    /// is not this upgrade's failure).
    pub ret_before: i64,
    /// Something changed since the start: push, install, or offline.
    pub saw_activity: bool,
    /// When the state last changed (epoch ms), for the deadline.
    pub last_change: i64,
    /// Attempt number of this device across retried runs, from 1.
    pub attempt: u32,
    pub timeline: Vec<Moment>,
}

impl DeviceTrack {
    pub fn new(
        sn: &str,
        name: &str,
        from: &str,
        ret_before: i64,
        target: Version,
        now: i64,
    ) -> Self {
        DeviceTrack {
            sn: sn.to_string(),
            name: name.to_string(),
            from: from.to_string(),
            target,
            state: Tracked::Waiting,
            ret_before,
            saw_activity: false,
            last_change: now,
            attempt: 1,
            timeline: vec![Moment { at: now, state: Tracked::Waiting }],
        }
    }

    /// How far the upgrade got, in percent, for a bar: a device that ended unsuccessfully
    /// shows where it stopped (its last step before the end), never a full bar.
    pub fn reached_percent(&self) -> u8 {
        if !self.state.is_unsuccessful() {
            return self.state.percent();
        }
        self.timeline.iter().rev().find(|m| !m.state.is_final()).map_or(0, |m| m.state.percent())
    }

    /// Takes in the device as the Cloud lists it now (`None`: not listed), then applies
    /// the deadline: `deadline_ms` without any change ends the wait. Says whether the
    /// track changed (only then does it need saving again).
    pub fn observe(&mut self, device: Option<&FleetDevice>, now: i64, deadline_ms: i64) -> bool {
        if self.state.is_final() {
            return false;
        }
        let next = device.and_then(|d| self.read(d));
        match next {
            Some(state) if state != self.state => self.change(state, now),
            _ => {
                if now - self.last_change <= deadline_ms {
                    return false;
                }
                let online = device.is_some_and(FleetDevice::online);
                let end = if online { Tracked::TimedOut } else { Tracked::Lost };
                self.change(end, now);
            }
        }
        true
    }

    fn change(&mut self, state: Tracked, now: i64) {
        if !matches!(state, Tracked::Waiting) {
            self.saw_activity = true;
        }
        let pushing = |s: &Tracked| matches!(s, Tracked::Pushing { .. });
        self.state = state.clone();
        self.last_change = now;
        // A push's progress updates its one moment: the timeline says what the device
        // went through, not every percent read on the way (nor grows with each poll).
        match self.timeline.last_mut() {
            Some(last) if pushing(&last.state) && pushing(&state) => {
                *last = Moment { at: now, state }
            }
            _ => self.timeline.push(Moment { at: now, state }),
        }
    }

    /// The state a snapshot shows, or `None` when it shows nothing new to go on.
    fn read(&self, device: &FleetDevice) -> Option<Tracked> {
        let (ret, step) = (device.report.ret, device.report.step);
        let on_target = device.version == Some(self.target);
        if let Some(percent) = device.report.pushing {
            return Some(Tracked::Pushing { percent });
        }
        if !device.online() {
            // Offline before any sign of the upgrade is not a reboot yet.
            return self.saw_activity.then_some(Tracked::Rebooting);
        }
        if ret != 0 && (self.saw_activity || ret != self.ret_before) {
            return Some(Tracked::InstallFailed { code: ret, step });
        }
        if on_target {
            return Some(Tracked::Verified);
        }
        if (1..=4).contains(&step) && ret == 0 {
            return Some(Tracked::Installing { step });
        }
        if self.state == Tracked::Rebooting {
            return Some(Tracked::WrongVersion { version: device.firmware.clone() });
        }
        None
    }
}

#[cfg(test)]
mod tests;
